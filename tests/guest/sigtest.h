/* Helpers of the signal tests: handlers installed with one call, a log that
 * handlers write and main prints, and a wait until a thread or process is
 * asleep in the kernel (state S in /proc), which orders "the target is
 * blocked in its syscall" before "the signal is sent" without timing. */
#ifndef SIGTEST_H
#define SIGTEST_H

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

static inline const char *yesno(int b)
{
	return b ? "yes" : "no";
}

static inline pid_t gettid_(void)
{
	return (pid_t)syscall(SYS_gettid);
}

/* Install @fn for @sig (SA_SIGINFO added); @mask_sig, if not 0, goes into
 * sa_mask.  Exits on failure. */
static inline void on_signal(int sig, void (*fn)(int, siginfo_t *, void *), int flags, int mask_sig)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = fn;
	sa.sa_flags = flags | SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	if (mask_sig)
		sigaddset(&sa.sa_mask, mask_sig);
	if (sigaction(sig, &sa, NULL) < 0) {
		perror("sigaction");
		exit(99);
	}
}

static inline void set_disposition(int sig, void (*h)(int))
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = h;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

/* The log: handlers append, main prints and clears. */
static char sig_log[8192];
static volatile size_t sig_log_len;

__attribute__((format(printf, 1, 2))) static inline void note(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	size_t n = sig_log_len;
	int k = vsnprintf(sig_log + n, sizeof(sig_log) - n, fmt, ap);
	va_end(ap);
	if (k > 0 && n + (size_t)k < sizeof(sig_log))
		sig_log_len = n + (size_t)k;
}

static inline void flush_notes(void)
{
	fwrite(sig_log, 1, sig_log_len, stdout);
	sig_log_len = 0;
}

/* The state letter of thread @tid of process @pid ('?' if unreadable). */
static inline char task_state(pid_t pid, pid_t tid)
{
	char path[64], buf[512];
	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", (int)pid, (int)tid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return '?';
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return '?';
	buf[n] = '\0';
	char *p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : '?';
}

/* Wait until thread @tid of @pid is in state @want ('S': asleep in the
 * kernel, 'T': stopped).  For 'S' it must be about to block in one known
 * syscall when this is called (the caller learnt so through a pipe). */
static inline void wait_state(pid_t pid, pid_t tid, char want)
{
	struct timespec ts = {0, 200000};
	for (int i = 0; i < 100000; i++) {
		if (task_state(pid, tid) == want)
			return;
		nanosleep(&ts, NULL);
	}
	printf("thread %d never reached state %c\n", (int)tid, want);
	exit(98);
}

static inline void wait_sleeping(pid_t pid, pid_t tid)
{
	wait_state(pid, tid, 'S');
}

/* One byte through a pipe: the ordering primitive of these tests. */
static inline void pipe_post(int fd)
{
	char c = 'x';
	while (write(fd, &c, 1) < 0 && errno == EINTR)
		;
}

static inline void pipe_wait(int fd)
{
	char c;
	while (read(fd, &c, 1) < 0 && errno == EINTR)
		;
}

#endif
