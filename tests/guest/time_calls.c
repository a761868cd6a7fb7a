/* Process time and limits by their own syscalls: time, gettimeofday,
 * interval timers (setitimer/getitimer, alarm), getrusage for every who,
 * times, sysinfo, setrlimit/getrlimit/prlimit64.  Only facts that hold on
 * any machine are printed (monotonic relations, not amounts). */
//! libc: glibc
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

#include "errname.h"

static void show(const char *what, long r)
{
	if (r < 0)
		printf("%s: -1 %s\n", what, errname(errno));
	else
		printf("%s: %ld\n", what, r);
}

static volatile int alarms;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	time_t t1 = 0;
	long t0 = syscall(SYS_time, &t1);
	printf("time: result and pointer agree: %s\n", t0 == t1 ? "yes" : "no");
	struct timeval tv;
	show("gettimeofday", syscall(SYS_gettimeofday, &tv, NULL));
	printf("gettimeofday within a second of time(): %s\n",
	       tv.tv_sec >= t1 && tv.tv_sec - t1 <= 1 ? "yes" : "no");
	show("gettimeofday bad pointer", syscall(SYS_gettimeofday, (void *)16, NULL));

	/* Interval timers: ITIMER_REAL delivers SIGALRM; getitimer counts
	 * down; alarm() shares the timer. */
	signal(SIGALRM, on_alarm);
	struct itimerval it = {{0, 0}, {0, 20000}}, old;
	show("setitimer ITIMER_REAL 20 ms", setitimer(ITIMER_REAL, &it, NULL));
	show("getitimer", getitimer(ITIMER_REAL, &old));
	printf("left at most 20 ms: %s\n",
	       old.it_value.tv_sec == 0 && old.it_value.tv_usec <= 20000 ? "yes" : "no");
	while (!alarms)
		pause();
	printf("SIGALRM delivered: %d\n", alarms);
	show("alarm(100)", alarm(100));
	show("alarm(0) returns the seconds left", alarm(0) > 0 ? 1 : 0);
	show("setitimer bad which", setitimer(7, &it, NULL));
	it.it_value.tv_usec = 1000000;
	show("setitimer usec 1e6", setitimer(ITIMER_REAL, &it, NULL));
	show("getitimer ITIMER_VIRTUAL", getitimer(ITIMER_VIRTUAL, &old));
	printf("virtual timer disarmed: %s\n",
	       !old.it_value.tv_sec && !old.it_value.tv_usec ? "yes" : "no");

	/* Resource usage and times. */
	struct rusage ru;
	show("getrusage SELF", getrusage(RUSAGE_SELF, &ru));
	show("getrusage CHILDREN", getrusage(RUSAGE_CHILDREN, &ru));
	show("getrusage THREAD", getrusage(RUSAGE_THREAD, &ru));
	show("getrusage bad who", getrusage(7, &ru));
	show("getrusage bad pointer", syscall(SYS_getrusage, RUSAGE_SELF, (void *)16));
	struct tms tm;
	clock_t c1 = times(&tm);
	clock_t c2 = times(NULL);
	printf("times never goes back: %s\n", c2 >= c1 ? "yes" : "no");
	struct sysinfo si;
	show("sysinfo", sysinfo(&si));
	printf("sysinfo: uptime and memory positive: %s, at least one process: %s\n",
	       si.uptime >= 0 && si.totalram > 0 ? "yes" : "no", si.procs >= 1 ? "yes" : "no");

	/* Limits. */
	struct rlimit rl;
	show("getrlimit NOFILE", getrlimit(RLIMIT_NOFILE, &rl));
	struct rlimit lower = {64, rl.rlim_max};
	show("setrlimit NOFILE soft 64", setrlimit(RLIMIT_NOFILE, &lower));
	show("getrlimit NOFILE", getrlimit(RLIMIT_NOFILE, &rl));
	printf("soft limit: %llu\n", (unsigned long long)rl.rlim_cur);
	struct rlimit bad = {10, 5};
	show("setrlimit soft above hard", setrlimit(RLIMIT_NOFILE, &bad));
	show("setrlimit bad resource", syscall(SYS_setrlimit, 99, &lower));
	struct rlimit old_rl;
	show("prlimit64 read CORE", prlimit(0, RLIMIT_CORE, NULL, &old_rl));
	show("prlimit64 no such pid", prlimit(999999, RLIMIT_CORE, NULL, &old_rl));
	return 0;
}
