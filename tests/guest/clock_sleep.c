/* clock_nanosleep on every clock id: which ones sleep, which are
 * EOPNOTSUPP (no sleeps on the clock, an *_ALARM clock without the host's
 * RTC) or EINVAL, relative and TIMER_ABSTIME, the errors in their order,
 * and CPU-time sleeps: on the process clock while another thread spins, on
 * a spinning thread's clock, interrupted by a handler.  Sleeps are tiny or
 * already over; only results are printed. */
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

#ifndef CLOCK_TAI
#define CLOCK_TAI 11
#endif

static long nsleep(clockid_t clk, int flags, const struct timespec *req, struct timespec *rem)
{
	return syscall(SYS_clock_nanosleep, clk, flags, req, rem);
}

static long long ns_of(const struct timespec *ts)
{
	return ts->tv_sec * 1000000000LL + ts->tv_nsec;
}

/* CPU clock ids (include/linux/posix-timers.h). */
static clockid_t process_clock(pid_t pid, int which)
{
	return (clockid_t)((~(unsigned)pid << 3) | (unsigned)which);
}

static clockid_t thread_clock(pid_t tid, int which)
{
	return (clockid_t)((~(unsigned)tid << 3) | 4 | (unsigned)which);
}

static void try_clock(const char *name, clockid_t clk)
{
	struct timespec tiny = {0, 1000}, now = {0, 0};
	printf("%-28s", name);
	/* A relative sleep on a process's CPU clock would wait forever (no
	 * process here uses CPU meanwhile). */
	if (clk != CLOCK_PROCESS_CPUTIME_ID && !(clk < 0 && (clk & 7) != 3 && !(clk & 4)))
		printf(" relative %-10s", res(nsleep(clk, 0, &tiny, NULL)));
	else
		printf(" relative %-10s", "-");
	long g = syscall(SYS_clock_gettime, clk, &now);
	printf(" gettime %-7s", res(g));
	struct timespec r;
	printf(" getres %-7s", res(syscall(SYS_clock_getres, clk, &r)));
	printf(" absolute now %-10s", res(nsleep(clk, TIMER_ABSTIME, &now, NULL)));
	printf(" past %s\n", res(nsleep(clk, TIMER_ABSTIME, &(struct timespec){0, 0}, NULL)));
}

static volatile int stop_spin;

static void *spinner(void *arg)
{
	(void)arg;
	while (!stop_spin)
		;
	return NULL;
}

static void handler(int sig, siginfo_t *si, void *uc)
{
	(void)si;
	(void)uc;
	note("[handler %d]", sig);
}

static pid_t main_tid;

static void *poker(void *arg)
{
	(void)arg;
	wait_sleeping(getpid(), main_tid);
	syscall(SYS_tgkill, getpid(), main_tid, SIGUSR1);
	return NULL;
}

static void test_cpu_sleeps(void)
{
	pthread_t spin;
	pthread_create(&spin, NULL, spinner, NULL);
	struct timespec before, after, req = {0, 30000000};
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &before);
	long r = nsleep(CLOCK_PROCESS_CPUTIME_ID, 0, &req, NULL);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &after);
	printf("process CPU clock, 30 ms while a thread spins: %s, the clock moved that much: %s\n",
	       res(r), yesno(ns_of(&after) - ns_of(&before) >= ns_of(&req)));

	/* The spinner's own clock, by its tid. */
	pid_t spin_tid = 0;
	for (pid_t tid = getpid() + 1; tid < getpid() + 64 && !spin_tid; tid++)
		if (task_state(getpid(), tid) != '?')
			spin_tid = tid;
	clockid_t sc = thread_clock(spin_tid, 2);
	clock_gettime(sc, &before);
	r = nsleep(sc, 0, &req, NULL);
	clock_gettime(sc, &after);
	printf("the spinning thread's clock, 30 ms: %s, it moved that much: %s\n", res(r),
	       yesno(ns_of(&after) - ns_of(&before) >= ns_of(&req)));
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &before);
	struct timespec target = {before.tv_sec, before.tv_nsec + 20000000};
	if (target.tv_nsec >= 1000000000) {
		target.tv_sec++;
		target.tv_nsec -= 1000000000;
	}
	r = nsleep(CLOCK_PROCESS_CPUTIME_ID, TIMER_ABSTIME, &target, NULL);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &after);
	printf("process CPU clock, to 20 ms from now: %s, reached: %s\n", res(r),
	       yesno(ns_of(&after) >= ns_of(&target)));
	stop_spin = 1;
	pthread_join(spin, NULL);

	/* Nothing spins now: the process clock stands still while we sleep,
	 * so only a signal ends these. */
	on_signal(SIGUSR1, handler, SA_RESTART, 0);
	main_tid = gettid_();
	pthread_t pk;
	struct timespec big = {100, 0}, rem = {-1, -1};
	pthread_create(&pk, NULL, poker, NULL);
	r = nsleep(CLOCK_PROCESS_CPUTIME_ID, 0, &big, &rem);
	pthread_join(pk, NULL);
	printf("relative, interrupted: ");
	flush_notes();
	printf(" %s, remaining written and below 100 s: %s\n", res(r),
	       yesno(rem.tv_sec >= 0 && ns_of(&rem) <= ns_of(&big)));
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &before);
	before.tv_sec += 100;
	rem.tv_sec = -1;
	pthread_create(&pk, NULL, poker, NULL);
	r = nsleep(CLOCK_PROCESS_CPUTIME_ID, TIMER_ABSTIME, &before, &rem);
	pthread_join(pk, NULL);
	printf("absolute, interrupted: ");
	flush_notes();
	printf(" %s, remaining untouched: %s\n", res(r), yesno(rem.tv_sec == -1));
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	static const struct {
		const char *name;
		clockid_t clk;
	} clocks[] = {
	    {"CLOCK_REALTIME", CLOCK_REALTIME},
	    {"CLOCK_MONOTONIC", CLOCK_MONOTONIC},
	    {"CLOCK_PROCESS_CPUTIME_ID", CLOCK_PROCESS_CPUTIME_ID},
	    {"CLOCK_THREAD_CPUTIME_ID", CLOCK_THREAD_CPUTIME_ID},
	    {"CLOCK_MONOTONIC_RAW", CLOCK_MONOTONIC_RAW},
	    {"CLOCK_REALTIME_COARSE", CLOCK_REALTIME_COARSE},
	    {"CLOCK_MONOTONIC_COARSE", CLOCK_MONOTONIC_COARSE},
	    {"CLOCK_BOOTTIME", CLOCK_BOOTTIME},
	    {"CLOCK_REALTIME_ALARM", 8},
	    {"CLOCK_BOOTTIME_ALARM", 9},
	    {"clock 10 (SGI cycle, gone)", 10},
	    {"CLOCK_TAI", CLOCK_TAI},
	    {"clock 12", 12},
	    {"clock 16", 16},
	    {"clock -1", -1},
	    {"fd clock of fd 0", 3 | (~0u << 3)},
	};
	for (size_t i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++)
		try_clock(clocks[i].name, clocks[i].clk);
	try_clock("our process, CPUCLOCK_SCHED", process_clock(0, 2));
	try_clock("our process, CPUCLOCK_PROF", process_clock(getpid(), 0));
	try_clock("our thread by tid", thread_clock(gettid_(), 2));
	try_clock("our thread as tid 0", thread_clock(0, 1));
	try_clock("a pid nobody has", process_clock(4000000, 2));

	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		pause();
		_exit(0);
	}
	try_clock("a child process", process_clock(c, 2));
	try_clock("a child's thread", thread_clock(c, 2));
	kill(c, SIGKILL);
	waitpid(c, NULL, 0);

	struct timespec bad = {0, 1000000000}, neg = {-1, 0}, zero = {0, 0};
	printf("tv_nsec 1e9: %s\n", res(nsleep(CLOCK_MONOTONIC, 0, &bad, NULL)));
	printf("negative seconds: %s\n", res(nsleep(CLOCK_MONOTONIC, 0, &neg, NULL)));
	printf("negative seconds, absolute: %s\n",
	       res(nsleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &neg, NULL)));
	printf("bad pointer: %s\n", res(nsleep(CLOCK_MONOTONIC, 0, (void *)8, NULL)));
	printf("bad clock and bad pointer: %s\n", res(nsleep(12, 0, (void *)8, NULL)));
	printf("no-sleep clock and bad pointer: %s\n",
	       res(nsleep(CLOCK_MONOTONIC_RAW, 0, (void *)8, NULL)));
	printf("unknown flag bits: %s\n", res(nsleep(CLOCK_MONOTONIC, 0x10, &zero, NULL)));
	printf("zero, relative: %s\n", res(nsleep(CLOCK_REALTIME, 0, &zero, NULL)));
	printf("nanosleep bad tv_nsec: %s\n", res(syscall(SYS_nanosleep, &bad, NULL)));
	printf("nanosleep bad pointer: %s\n", res(syscall(SYS_nanosleep, (void *)8, NULL)));
	test_cpu_sleeps();
	return 0;
}
