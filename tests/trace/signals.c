/* Golden trace test: signals: dispositions and masks, handlers and their
 * frames, siginfo of kill, tgkill, sigqueue and timers, sigaltstack,
 * interrupted and restarted syscalls, sigtimedwait, and a fatal fault. */
// clang-format off
//! trace-expect: === signal frame: SIGUSR1 to handler 0x[0-9a-f]+ on the stack below 0x[0-9a-f]+; mask while it runs \[USR1 USR2\]; returns through 0x[0-9a-f]+ ===
//! trace-expect: === signal frame: SIGALRM to handler 0x[0-9a-f]+ on the alternate stack 0x[0-9a-f]+-0x[0-9a-f]+
//! trace-expect: === signal frame popped at 0x[0-9a-f]+: back to 0x[0-9a-f]+ with sp 0x[0-9a-f]+, mask \[\] ===
//! trace-sbx-args: --trace-events=signal
// clang-format on
#define _GNU_SOURCE
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static void handler(int sig)
{
	(void)sig;
}

static void handler_info(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)si;
	(void)uc;
}

int main(void)
{
	struct rlimit nocore = {0, 0};
	setrlimit(RLIMIT_CORE, &nocore);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR1, NULL, &sa);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sigset_t set, old;
	sigfillset(&set);
	sigprocmask(SIG_BLOCK, &set, &old);
	sigprocmask(SIG_SETMASK, &old, NULL);
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGRTMIN + 2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	kill(getpid(), SIGUSR1);
	syscall(SYS_tgkill, getpid(), getpid(), SIGUSR1);
	union sigval v = {.sival_int = 42};
	sigqueue(getpid(), SIGUSR1, v);
	kill(getpid(), 0);
	syscall(SYS_kill, getpid(), 99);
	/* An alternate stack, and a handler with siginfo on it. */
	stack_t ss = {.ss_sp = malloc(65536), .ss_size = 65536, .ss_flags = 0};
	sigaltstack(&ss, NULL);
	sigaltstack(NULL, &ss);
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = handler_info;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigaction(SIGALRM, &sa, NULL);
	struct itimerval it = {{0, 0}, {0, 100000}};
	setitimer(ITIMER_REAL, &it, NULL);
	pause();
	/* A sleep a signal cuts short. */
	alarm(1);
	struct timespec ts = {10, 0}, rem;
	nanosleep(&ts, &rem);
	alarm(0);
	/* Waiting for a signal. */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	kill(getpid(), SIGUSR2);
	sigpending(&old);
	siginfo_t si;
	struct timespec to = {1, 0};
	sigtimedwait(&set, &si, &to);
	sigtimedwait(&set, NULL, &(struct timespec){0, 0});
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	/* A fatal fault. */
	*(volatile int *)16 = 1;
	return 0;
}
