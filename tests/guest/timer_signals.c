/* POSIX timers as signals see them: si_code SI_TIMER, si_timerid,
 * si_value and si_overrun (counted while the signal waits, equal to
 * timer_getoverrun), SIGEV_THREAD through the C library (a thread runs
 * the function), SIGEV_NONE counting down, TIMER_ABSTIME in the past, timers
 * on the CPU-time clocks (the process's, the calling thread's, a child's),
 * the clocks timer_create refuses, and timers neither inherited by fork
 * nor kept across exec.  Timers fire as they will; only facts are printed. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "errname.h"
#include "sigtest.h"

#ifndef sigev_notify_thread_id
#define sigev_notify_thread_id _sigev_un._tid
#endif
#ifndef SIGEV_THREAD_ID
#define SIGEV_THREAD_ID 4
#endif

/* The raw calls: kernel timer ids, not the C library's. */
static long tcreate(clockid_t clk, struct sigevent *ev, int *id)
{
	return syscall(SYS_timer_create, clk, ev, id);
}

static long tset(int id, int flags, long long value_ns, long long interval_ns,
		 struct itimerspec *old)
{
	struct itimerspec it = {{interval_ns / 1000000000, interval_ns % 1000000000},
				{value_ns / 1000000000, value_ns % 1000000000}};
	return syscall(SYS_timer_settime, id, flags, &it, old);
}

static long long left_ns(int id)
{
	struct itimerspec cur;
	if (syscall(SYS_timer_gettime, id, &cur) < 0)
		return -errno;
	return cur.it_value.tv_sec * 1000000000LL + cur.it_value.tv_nsec;
}

static struct sigevent sig_event(int signo, int value)
{
	struct sigevent ev;
	memset(&ev, 0, sizeof(ev));
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = signo;
	ev.sigev_value.sival_int = value;
	return ev;
}

static void block(int sig)
{
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, sig);
	sigprocmask(SIG_BLOCK, &s, NULL);
}

static int wait_sig(int sig, siginfo_t *si)
{
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, sig);
	return sigwaitinfo(&s, si);
}

static void test_siginfo_overrun(void)
{
	block(SIGRTMIN + 1);
	struct sigevent ev = sig_event(SIGRTMIN + 1, 77);
	int id;
	tcreate(CLOCK_MONOTONIC, &ev, &id);
	tset(id, 0, 1000000, 1000000, NULL); /* every millisecond */
	struct timespec let = {0, 50000000};
	nanosleep(&let, NULL); /* the signal waits; expiries pile up */
	siginfo_t si;
	wait_sig(SIGRTMIN + 1, &si);
	int ov = (int)syscall(SYS_timer_getoverrun, id);
	printf("periodic, signal blocked: code %d, timerid ours %s, value %d, overrun above 0: %s, "
	       "getoverrun agrees: %s\n",
	       si.si_code, yesno(si.si_timerid == id), si.si_value.sival_int,
	       yesno(si.si_overrun > 0), yesno(ov == si.si_overrun));
	tset(id, 0, 0, 0, NULL);
	/* A signal still pending when the timer goes. */
	tset(id, 0, 1000, 0, NULL);
	while (left_ns(id) > 0)
		;
	sigset_t p;
	sigpending(&p);
	int pend_before = sigismember(&p, SIGRTMIN + 1);
	syscall(SYS_timer_delete, id);
	sigpending(&p);
	printf("pending before timer_delete: %s, after: %s\n", yesno(pend_before),
	       yesno(sigismember(&p, SIGRTMIN + 1)));
	struct timespec zero = {0, 0};
	while (sigtimedwait(&(sigset_t){0}, &si, &zero) > 0)
		;
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGRTMIN + 1);
	while (sigtimedwait(&s, &si, &zero) > 0)
		;
}

static void test_none_and_abs(void)
{
	struct sigevent ev;
	memset(&ev, 0, sizeof(ev));
	ev.sigev_notify = SIGEV_NONE;
	int id;
	tcreate(CLOCK_MONOTONIC, &ev, &id);
	tset(id, 0, 20000000, 0, NULL);
	long long a = left_ns(id);
	long long b = left_ns(id);
	printf("SIGEV_NONE counts down: %s\n", yesno(a > 0 && b <= a && a <= 20000000));
	while (left_ns(id) > 0)
		;
	printf("expired, one shot: left %lld\n", left_ns(id));
	tset(id, 0, 5000000, 5000000, NULL);
	struct timespec let = {0, 20000000};
	nanosleep(&let, NULL);
	long long c = left_ns(id);
	printf("periodic SIGEV_NONE still armed, within a period: %s, overrun %ld\n",
	       yesno(c > 0 && c <= 5000000), syscall(SYS_timer_getoverrun, id));
	syscall(SYS_timer_delete, id);

	block(SIGUSR2);
	ev = sig_event(SIGUSR2, 5);
	tcreate(CLOCK_REALTIME, &ev, &id);
	struct itimerspec past = {{0, 0}, {1, 0}}; /* 1 s after the epoch */
	long r = syscall(SYS_timer_settime, id, TIMER_ABSTIME, &past, NULL);
	siginfo_t si;
	wait_sig(SIGUSR2, &si);
	printf("TIMER_ABSTIME in the past: %s, fired with value %d, left %lld\n", res(r),
	       si.si_value.sival_int, left_ns(id));
	syscall(SYS_timer_delete, id);
}

/* SIGEV_THREAD: the C library runs the function in a thread of its own. */
static int thread_pipe[2];

static void notify_fn(union sigval v)
{
	char c = (char)('0' + v.sival_int);
	write(thread_pipe[1], &c, 1);
}

static void test_sigev_thread(void)
{
	pipe(thread_pipe);
	struct sigevent ev;
	memset(&ev, 0, sizeof(ev));
	ev.sigev_notify = SIGEV_THREAD;
	ev.sigev_notify_function = notify_fn;
	ev.sigev_value.sival_int = 4;
	timer_t t;
	long r = timer_create(CLOCK_MONOTONIC, &ev, &t);
	struct itimerspec it = {{0, 2000000}, {0, 2000000}};
	timer_settime(t, 0, &it, NULL);
	char got[4] = {0};
	for (int i = 0; i < 3; i++)
		read(thread_pipe[0], &got[i], 1);
	timer_delete(t);
	printf("SIGEV_THREAD: create %s, three calls with value %s\n", res(r), got);
}

static volatile unsigned long spin;

static void test_cpu_clocks(void)
{
	int clocks[2] = {CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID};
	for (int i = 0; i < 2; i++) {
		block(SIGRTMIN + 2);
		struct sigevent ev = sig_event(SIGRTMIN + 2, 10 + i);
		int id;
		long r = tcreate(clocks[i], &ev, &id);
		tset(id, 0, 20000000, 0, NULL);
		long long a = left_ns(id);
		sigset_t s;
		sigemptyset(&s);
		sigaddset(&s, SIGRTMIN + 2);
		struct timespec zero = {0, 0};
		siginfo_t si;
		/* Burn CPU until it fires. */
		while (sigtimedwait(&s, &si, &zero) < 0)
			spin++;
		struct timespec cpu;
		clock_gettime(clocks[i], &cpu);
		printf("%s timer: %s, armed for at most 20 ms: %s, fired: value %d code %d, left "
		       "%lld\n",
		       i ? "thread CPU" : "process CPU", res(r), yesno(a > 0 && a <= 20000000),
		       si.si_value.sival_int, si.si_code, left_ns(id));
		syscall(SYS_timer_delete, id);
	}
	/* A periodic one counts on. */
	struct sigevent ev = sig_event(SIGRTMIN + 2, 3);
	int id;
	tcreate(CLOCK_PROCESS_CPUTIME_ID, &ev, &id);
	tset(id, 0, 5000000, 5000000, NULL);
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGRTMIN + 2);
	struct timespec zero = {0, 0};
	siginfo_t si;
	for (int n = 0; n < 3;) {
		if (sigtimedwait(&s, &si, &zero) > 0)
			n++;
		else
			spin++;
	}
	printf("periodic process CPU timer: three signals, still armed: %s\n",
	       yesno(left_ns(id) > 0));
	syscall(SYS_timer_delete, id);

	/* A child's CPU clock: the child spins until killed. */
	fflush(stdout);
	pid_t c = fork();
	if (c == 0)
		for (;;)
			spin++;
	clockid_t cc = (clockid_t)((~(unsigned)c << 3) | 2);
	ev = sig_event(SIGRTMIN + 2, 6);
	long r = tcreate(cc, &ev, &id);
	tset(id, 0, 10000000, 0, NULL);
	wait_sig(SIGRTMIN + 2, &si);
	printf("a child's CPU clock: %s, fired with value %d\n", res(r), si.si_value.sival_int);
	kill(c, SIGKILL);
	waitpid(c, NULL, 0);
	syscall(SYS_timer_delete, id);
}

static void test_errors(void)
{
	struct sigevent ev = sig_event(SIGUSR2, 0);
	int id;
	static const struct {
		const char *name;
		clockid_t clk;
	} clocks[] = {{"CLOCK_MONOTONIC_RAW", CLOCK_MONOTONIC_RAW},
		      {"CLOCK_REALTIME_COARSE", CLOCK_REALTIME_COARSE},
		      {"CLOCK_MONOTONIC_COARSE", CLOCK_MONOTONIC_COARSE},
		      {"CLOCK_REALTIME_ALARM", 8},
		      {"CLOCK_BOOTTIME_ALARM", 9},
		      {"clock 10", 10},
		      {"clock 16", 16},
		      {"a pid nobody has", (clockid_t)((~4000000u << 3) | 2)},
		      {"fd clock of fd 0", (clockid_t)((~0u << 3) | 3)}};
	for (size_t i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++) {
		long r = tcreate(clocks[i].clk, &ev, &id);
		printf("timer_create on %s: %s\n", clocks[i].name, res(r));
		if (r == 0)
			syscall(SYS_timer_delete, id);
	}
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc > 1) {
		/* After exec: the timer is gone, and new ids start over. */
		printf("after exec: timer %s gone: %s\n", argv[1],
		       res(left_ns(atoi(argv[1])) == -EINVAL ? -1 : 0));
		return 0;
	}
	test_siginfo_overrun();
	test_none_and_abs();
	test_sigev_thread();
	test_cpu_clocks();
	test_errors();

	struct sigevent ev;
	memset(&ev, 0, sizeof(ev));
	ev.sigev_notify = SIGEV_NONE;
	int id, id2;
	tcreate(CLOCK_MONOTONIC, &ev, &id);
	tcreate(CLOCK_MONOTONIC, &ev, &id2);
	tset(id2, 0, 100000000000LL, 0, NULL);
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		printf("fork child: timer gone: %s\n", left_ns(id2) == -EINVAL ? "yes" : "no");
		int nid = -1;
		tcreate(CLOCK_MONOTONIC, &ev, &nid);
		printf("fork child: its first timer is id %d\n", nid);
		char arg[16];
		snprintf(arg, sizeof(arg), "%d", id2);
		char *args[] = {argv[0], arg, NULL};
		execv("/proc/self/exe", args);
		_exit(1);
	}
	waitpid(c, NULL, 0);
	printf("parent's timer still armed: %s\n", yesno(left_ns(id2) > 0));
	return 0;
}
