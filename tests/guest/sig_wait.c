/* Waiting for signals and what is pending: real-time signals queue in
 * order with their values while standard ones coalesce (keeping the first
 * siginfo), sigwaitinfo and sigtimedwait (zero and expiring timeouts,
 * errors), sigsuspend and pause return EINTR after the handler with the old
 * mask back, RLIMIT_SIGPENDING makes sigqueue fail with EAGAIN, and a
 * process-directed signal goes to the one thread that does not block it. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "errname.h"
#include "sigtest.h"

static void logging_handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	note(" %d/%d", sig - (sig >= SIGRTMIN ? SIGRTMIN : 0), si->si_value.sival_int);
}

static void test_queueing(void)
{
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	sigaddset(&s, SIGRTMIN);
	sigaddset(&s, SIGRTMIN + 3);
	sigprocmask(SIG_BLOCK, &s, NULL);
	for (int i = 1; i <= 3; i++) {
		sigqueue(getpid(), SIGUSR1, (union sigval){.sival_int = i});
		sigqueue(getpid(), SIGRTMIN + 3, (union sigval){.sival_int = 10 + i});
		sigqueue(getpid(), SIGRTMIN, (union sigval){.sival_int = 20 + i});
	}
	/* Each signal's handler blocks every other, so they run in order. */
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = logging_handler;
	sa.sa_flags = SA_SIGINFO;
	sa.sa_mask = s;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGRTMIN, &sa, NULL);
	sigaction(SIGRTMIN + 3, &sa, NULL);
	sigprocmask(SIG_UNBLOCK, &s, NULL);
	printf("delivered (signal/value, rt numbered from SIGRTMIN):");
	flush_notes();
	printf("\n");

	/* sigwaitinfo takes them in the same order. */
	sigprocmask(SIG_BLOCK, &s, NULL);
	for (int i = 1; i <= 2; i++) {
		sigqueue(getpid(), SIGRTMIN + 3, (union sigval){.sival_int = 30 + i});
		sigqueue(getpid(), SIGUSR1, (union sigval){.sival_int = 40 + i});
		sigqueue(getpid(), SIGRTMIN, (union sigval){.sival_int = 50 + i});
	}
	printf("sigwaitinfo:");
	for (int i = 0; i < 5; i++) {
		siginfo_t si;
		int sig = sigwaitinfo(&s, &si);
		printf(" %d/%d code %d", sig - (sig >= SIGRTMIN ? SIGRTMIN : 0),
		       si.si_value.sival_int, si.si_code);
	}
	printf("\n");
	sigprocmask(SIG_UNBLOCK, &s, NULL);
}

static void test_timedwait(void)
{
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR2);
	sigprocmask(SIG_BLOCK, &s, NULL);
	struct timespec zero = {0, 0}, short_ = {0, 20000000}, bad = {0, 1000000000};
	siginfo_t si;
	printf("nothing pending, zero timeout: %s\n", res(sigtimedwait(&s, &si, &zero)));
	printf("nothing pending, 20 ms: %s\n", res(sigtimedwait(&s, &si, &short_)));
	printf("bad timeout: %s\n", res(sigtimedwait(&s, &si, &bad)));
	printf("bad set pointer: %s\n",
	       res(syscall(SYS_rt_sigtimedwait, (void *)8, &si, &zero, 8)));
	printf("set size 4: %s\n", res(syscall(SYS_rt_sigtimedwait, &s, &si, &zero, 4)));
	kill(getpid(), SIGUSR2);
	memset(&si, 0, sizeof(si));
	int r = sigtimedwait(&s, &si, &zero);
	printf("pending, zero timeout: %d, code %d, pid is ours: %s\n", r, si.si_code,
	       yesno(si.si_pid == getpid()));
	kill(getpid(), SIGUSR2);
	r = (int)syscall(SYS_rt_sigtimedwait, &s, NULL, NULL, 8);
	printf("without siginfo: %d\n", r);
	/* SIGKILL and SIGSTOP in the set are ignored; the mask is unchanged. */
	sigset_t k;
	sigemptyset(&k);
	sigaddset(&k, SIGKILL);
	sigaddset(&k, SIGSTOP);
	printf("waiting for SIGKILL and SIGSTOP: %s\n", res(sigtimedwait(&k, &si, &zero)));
	sigset_t now;
	sigprocmask(SIG_SETMASK, NULL, &now);
	printf("mask unchanged: %s\n",
	       yesno(sigismember(&now, SIGUSR2) && !sigismember(&now, SIGUSR1)));
	sigprocmask(SIG_UNBLOCK, &s, NULL);
}

/* A signal not in the set, with a handler, interrupts the wait. */
static int wait_pipe[2];

static void *poke_thread(void *arg)
{
	pid_t tid = *(pid_t *)arg;
	pipe_wait(wait_pipe[0]);
	wait_sleeping(getpid(), tid);
	syscall(SYS_tgkill, getpid(), tid, SIGUSR1);
	return NULL;
}

static void test_interrupted_wait(void)
{
	on_signal(SIGUSR1, logging_handler, SA_RESTART, 0);
	pipe(wait_pipe);
	pid_t me = gettid_();
	pthread_t th;
	pthread_create(&th, NULL, poke_thread, &me);
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR2);
	sigprocmask(SIG_BLOCK, &s, NULL);
	pipe_post(wait_pipe[1]);
	siginfo_t si;
	/* The raw call: musl's sigwaitinfo retries after EINTR. */
	int r = (int)syscall(SYS_rt_sigtimedwait, &s, &si, NULL, 8);
	printf("sigwaitinfo interrupted by a handled signal (SA_RESTART):");
	flush_notes();
	printf(" %s\n", res(r));
	pthread_join(th, NULL);

	pthread_create(&th, NULL, poke_thread, &me);
	sigset_t old, none;
	sigemptyset(&none);
	pipe_post(wait_pipe[1]);
	r = sigsuspend(&none);
	sigprocmask(SIG_SETMASK, NULL, &old);
	printf("sigsuspend:");
	flush_notes();
	printf(" %s, old mask back: %s\n", res(r), yesno(sigismember(&old, SIGUSR2)));
	pthread_join(th, NULL);

	/* A signal pending and blocked before sigsuspend unblocks it. */
	sigaddset(&s, SIGUSR1);
	sigprocmask(SIG_BLOCK, &s, NULL);
	raise(SIGUSR1);
	r = sigsuspend(&none);
	printf("sigsuspend with one pending:");
	flush_notes();
	printf(" %s\n", res(r));

	pthread_create(&th, NULL, poke_thread, &me);
	sigprocmask(SIG_UNBLOCK, &s, NULL);
	pipe_post(wait_pipe[1]);
	r = pause();
	printf("pause:");
	flush_notes();
	printf(" %s\n", res(r));
	pthread_join(th, NULL);
	close(wait_pipe[0]);
	close(wait_pipe[1]);
}

/* The count is per user (the target's real uid, across the system):
 * a child with a uid of its own has the count to itself. */
static void test_rlimit(void)
{
	fflush(stdout);
	pid_t c = fork();
	if (c != 0) {
		waitpid(c, NULL, 0);
		return;
	}
	if (setresuid(48123, 48123, 48123) < 0) {
		printf("setresuid: %s\n", errname(errno));
		_exit(1);
	}
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGRTMIN + 1);
	sigaddset(&s, SIGUSR1);
	sigprocmask(SIG_BLOCK, &s, NULL);
	struct rlimit rl;
	getrlimit(RLIMIT_SIGPENDING, &rl);
	rl.rlim_cur = 3;
	setrlimit(RLIMIT_SIGPENDING, &rl);
	int ok = 0, err = 0;
	for (int i = 0; i < 6; i++) {
		if (sigqueue(getpid(), SIGRTMIN + 1, (union sigval){.sival_int = i}) == 0)
			ok++;
		else
			err = errno;
	}
	printf("RLIMIT_SIGPENDING 3: %d queued, then %s\n", ok, errname(err));
	printf("kill of a real-time signal over the limit: %s\n",
	       res(kill(getpid(), SIGRTMIN + 1)));
	printf("sigqueue of a standard signal over the limit: %s\n",
	       res(sigqueue(getpid(), SIGUSR1, (union sigval){.sival_int = 99})));
	siginfo_t si;
	struct timespec zero = {0, 0};
	printf("taken:");
	while (sigtimedwait(&s, &si, &zero) > 0)
		printf(" %d/%d code %d pid is ours %s;",
		       si.si_signo - (si.si_signo >= SIGRTMIN ? SIGRTMIN : 0),
		       si.si_value.sival_int, si.si_code, yesno(si.si_pid == getpid()));
	printf("\n");
	printf("after taking them: %s\n",
	       res(sigqueue(getpid(), SIGRTMIN + 1, (union sigval){.sival_int = 7})));
	_exit(0);
}

/* --- a process-directed signal and threads that block it ---------------- */

static pid_t takers[4];
static volatile pid_t took;
static int th_ready[2], th_done[2];

static void taker_handler(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)si;
	(void)uc;
	took = gettid_();
}

static void *blocker(void *arg)
{
	int idx = (int)(intptr_t)arg;
	sigset_t s;
	sigemptyset(&s);
	if (idx != 2)
		sigaddset(&s, SIGUSR1);
	pthread_sigmask(SIG_SETMASK, &s, NULL);
	takers[idx] = gettid_();
	pipe_post(th_ready[1]);
	pipe_wait(th_done[0]);
	return NULL;
}

static void test_thread_choice(void)
{
	on_signal(SIGUSR1, taker_handler, 0, 0);
	pipe(th_ready);
	pipe(th_done);
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	sigprocmask(SIG_BLOCK, &s, NULL);
	pthread_t th[4];
	for (int i = 0; i < 4; i++)
		pthread_create(&th[i], NULL, blocker, (void *)(intptr_t)i);
	for (int i = 0; i < 4; i++)
		pipe_wait(th_ready[0]);
	/* Every thread but thread 2 blocks it; they all sleep in read. */
	for (int i = 0; i < 4; i++)
		wait_sleeping(getpid(), takers[i]);
	kill(getpid(), SIGUSR1);
	for (int i = 0; i < 4; i++)
		pipe_post(th_done[1]);
	for (int i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	printf("kill went to the thread that does not block it: %s\n", yesno(took == takers[2]));

	/* All threads block it: it stays pending for the process. */
	took = 0;
	kill(getpid(), SIGUSR1);
	sigset_t p;
	sigpending(&p);
	printf("blocked everywhere, pending: %s, taken: %s\n", yesno(sigismember(&p, SIGUSR1)),
	       yesno(took != 0));
	sigprocmask(SIG_UNBLOCK, &s, NULL);
	printf("taken by main when it unblocks: %s\n", yesno(took == gettid_()));
	close(th_ready[0]);
	close(th_ready[1]);
	close(th_done[0]);
	close(th_done[1]);

	/* A thread-directed signal waits for its thread even if others could
	 * take it; sigwaitinfo takes the thread's own before the process's. */
	sigprocmask(SIG_BLOCK, &s, NULL);
	sigqueue(getpid(), SIGUSR1, (union sigval){.sival_int = 1});
	siginfo_t si;
	memset(&si, 0, sizeof(si));
	si.si_code = SI_QUEUE;
	si.si_value.sival_int = 2;
	si.si_pid = getpid();
	syscall(SYS_rt_tgsigqueueinfo, getpid(), gettid_(), SIGUSR1, &si);
	struct timespec zero = {0, 0};
	int a = sigtimedwait(&s, &si, &zero) > 0 ? si.si_value.sival_int : -1;
	int b = sigtimedwait(&s, &si, &zero) > 0 ? si.si_value.sival_int : -1;
	int c = sigtimedwait(&s, &si, &zero) > 0 ? si.si_value.sival_int : -1;
	printf("thread's own first: %d then %d then %d\n", a, b, c);
	sigprocmask(SIG_UNBLOCK, &s, NULL);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	test_queueing();
	test_timedwait();
	test_interrupted_wait();
	test_rlimit();
	test_thread_choice();
	return 0;
}
