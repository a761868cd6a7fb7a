/* CPU time as the process sees it, all from the host's accounting of the
 * guest's threads: CLOCK_PROCESS_CPUTIME_ID and CLOCK_THREAD_CPUTIME_ID,
 * getrusage (SELF, THREAD, CHILDREN), times() and wait4's rusage, after
 * spinning a known amount of CPU; a thread's time counts for the process
 * but not for another thread; children count once reaped; the process
 * clock and getrusage keep what was spent before an execve.  Only lower
 * bounds and relations are printed (CPU accounting is in ticks). */
//! libc: glibc musl
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sigtest.h"

#define MS 1000000LL

static long long clock_ns(clockid_t clk)
{
	struct timespec ts;
	clock_gettime(clk, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long long ru_ns(int who)
{
	struct rusage ru;
	getrusage(who, &ru);
	return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000LL +
	       (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000LL;
}

static volatile unsigned long spin_sink;

/* Spin until this thread's CPU clock has moved @ns. */
static void spin(long long ns)
{
	long long end = clock_ns(CLOCK_THREAD_CPUTIME_ID) + ns;
	while (clock_ns(CLOCK_THREAD_CPUTIME_ID) < end)
		for (int i = 0; i < 10000; i++)
			spin_sink++;
}

static void *spinner(void *arg)
{
	(void)arg;
	spin(100 * MS);
	long long own = clock_ns(CLOCK_THREAD_CPUTIME_ID);
	return (void *)(intptr_t)(own >= 100 * MS);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc > 1) {
		/* After execve: what was spent before it still counts. */
		printf("after exec: process clock at least 100 ms: %s, getrusage SELF at least "
		       "70 ms: %s\n",
		       yesno(clock_ns(CLOCK_PROCESS_CPUTIME_ID) >= 100 * MS),
		       yesno(ru_ns(RUSAGE_SELF) >= 70 * MS));
		return 0;
	}
	long long p0 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
	spin(100 * MS);
	long long p1 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
	printf("process clock moved at least 100 ms: %s\n", yesno(p1 - p0 >= 100 * MS));
	printf("getrusage SELF at least 70 ms: %s, THREAD at least 70 ms: %s\n",
	       yesno(ru_ns(RUSAGE_SELF) >= 70 * MS), yesno(ru_ns(RUSAGE_THREAD) >= 70 * MS));
	struct tms tm;
	times(&tm);
	long hz = sysconf(_SC_CLK_TCK);
	printf("times: at least 7 ticks of 10 ms: %s, children 0: %s\n",
	       yesno((tm.tms_utime + tm.tms_stime) * 100 / hz >= 7),
	       yesno(tm.tms_cutime + tm.tms_cstime == 0));

	/* Another thread's time: the process's, not ours. */
	long long mine = clock_ns(CLOCK_THREAD_CPUTIME_ID);
	long long self_before = ru_ns(RUSAGE_SELF);
	pthread_t th;
	void *ok;
	pthread_create(&th, NULL, spinner, NULL);
	pthread_join(th, &ok);
	printf("thread spun 100 ms of its own: %s\n", yesno(ok != NULL));
	printf("our thread clock moved less than 50 ms: %s\n",
	       yesno(clock_ns(CLOCK_THREAD_CPUTIME_ID) - mine < 50 * MS));
	printf("process clock counts the thread: %s, getrusage SELF too: %s\n",
	       yesno(clock_ns(CLOCK_PROCESS_CPUTIME_ID) - p1 >= 100 * MS),
	       yesno(ru_ns(RUSAGE_SELF) - self_before >= 70 * MS));
	printf("getrusage THREAD below SELF: %s\n",
	       yesno(ru_ns(RUSAGE_THREAD) < ru_ns(RUSAGE_SELF)));

	/* A child's time counts once it is reaped. */
	fflush(stdout);
	int spun[2], go[2];
	pipe(spun);
	pipe(go);
	pid_t c = fork();
	if (c == 0) {
		spin(100 * MS);
		pipe_post(spun[1]);
		pipe_wait(go[0]);
		_exit(0);
	}
	pipe_wait(spun[0]);
	printf("children before the reap, 0: %s\n", yesno(ru_ns(RUSAGE_CHILDREN) == 0));
	pipe_post(go[1]);
	struct rusage ru;
	int st;
	wait4(c, &st, 0, &ru);
	long long wru = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000LL +
			(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000LL;
	printf("wait4's rusage at least 70 ms: %s, children's now: %s\n", yesno(wru >= 70 * MS),
	       yesno(ru_ns(RUSAGE_CHILDREN) >= 70 * MS));
	times(&tm);
	printf("times: children at least 7 ticks: %s\n",
	       yesno((tm.tms_cutime + tm.tms_cstime) * 100 / hz >= 7));

	/* A process that spins, then execs: the clock goes on. */
	fflush(stdout);
	c = fork();
	if (c == 0) {
		spin(100 * MS);
		char *args[] = {argv[0], "exec", NULL};
		execv("/proc/self/exe", args);
		_exit(1);
	}
	waitpid(c, &st, 0);
	return 0;
}
