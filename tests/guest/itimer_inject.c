/* The CPU-time interval timers fire while the process spends its time in
 * getitimer and setitimer calls (under sbx, calls the sentry makes in the
 * host process on the guest's behalf): each expiry reaches the handler,
 * and no call fails on the way. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

static volatile sig_atomic_t hits;
static int which_timer;

static void on_timer(int sig)
{
	(void)sig;
	if (++hits == 5) {
		struct itimerval off = {{0, 0}, {0, 0}};
		setitimer(which_timer, &off, NULL);
	}
}

static void run(const char *name, int which, int sig)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_timer;
	sigaction(sig, &sa, NULL);
	hits = 0;
	which_timer = which;
	struct itimerval v = {{0, 20000}, {0, 30000}};
	if (setitimer(which, &v, NULL) < 0) {
		printf("%s: setitimer: %s\n", name, strerror(errno));
		return;
	}
	long calls = 0, failures = 0;
	int first_errno = 0;
	struct timespec start, now;
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		struct itimerval cur;
		calls++;
		if (getitimer(which, &cur) < 0) {
			if (!failures++)
				first_errno = errno;
		} else if (!cur.it_value.tv_sec && !cur.it_value.tv_usec) {
			break;
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec - start.tv_sec > 30)
			break;
	}
	printf("%s: handler ran %d times; getitimer failed %ld times%s%s\n", name, (int)hits,
	       failures, failures ? ", first: " : "", failures ? strerror(first_errno) : "");
	signal(sig, SIG_DFL);
}

int main(void)
{
	run("ITIMER_PROF", ITIMER_PROF, SIGPROF);
	run("ITIMER_VIRTUAL", ITIMER_VIRTUAL, SIGVTALRM);
	return 0;
}
