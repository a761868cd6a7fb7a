/* Clocks: CLOCK_MONOTONIC never goes backwards, CLOCK_REALTIME agrees with
 * time() and gettimeofday(), resolutions are those of Linux, and a bad
 * clock id or pointer gets Linux's errno.  Nothing here depends on how
 * long anything takes. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static long long ns(const struct timespec *t)
{
	return t->tv_sec * 1000000000LL + t->tv_nsec;
}

int main(void)
{
	struct timespec a, b;
	int ok = 1;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (int i = 0; i < 1000; i++) {
		clock_gettime(CLOCK_MONOTONIC, &b);
		ok &= ns(&b) >= ns(&a) && b.tv_nsec >= 0 && b.tv_nsec < 1000000000;
		a = b;
	}
	printf("monotonic never decreases: %s\n", ok ? "yes" : "no");

	static const struct {
		clockid_t id;
		const char *name;
	} clocks[] = {
		{CLOCK_REALTIME, "REALTIME"},
		{CLOCK_MONOTONIC, "MONOTONIC"},
		{CLOCK_BOOTTIME, "BOOTTIME"},
		{CLOCK_MONOTONIC_RAW, "MONOTONIC_RAW"},
		{CLOCK_PROCESS_CPUTIME_ID, "PROCESS_CPUTIME_ID"},
		{CLOCK_THREAD_CPUTIME_ID, "THREAD_CPUTIME_ID"},
	};
	for (size_t i = 0; i < sizeof clocks / sizeof clocks[0]; i++) {
		struct timespec t, r;
		int g = clock_gettime(clocks[i].id, &t);
		int gr = clock_getres(clocks[i].id, &r);
		printf("%s: gettime %d, getres %d, resolution %lld ns\n", clocks[i].name, g, gr,
		       gr == 0 ? ns(&r) : -1LL);
	}

	struct timespec m, bt;
	clock_gettime(CLOCK_MONOTONIC, &m);
	clock_gettime(CLOCK_BOOTTIME, &bt);
	printf("boottime >= monotonic: %s\n", ns(&bt) >= ns(&m) ? "yes" : "no");

	struct timespec rt;
	struct timeval tv;
	clock_gettime(CLOCK_REALTIME, &rt);
	time_t t1 = time(NULL);
	gettimeofday(&tv, NULL);
	time_t t2 = time(NULL);
	/* time() may read a coarse clock that lags a tick behind: allow a
	 * second either way. */
	printf("CLOCK_REALTIME, time() and gettimeofday agree: %s\n",
	       llabs(rt.tv_sec - t1) <= 1 && llabs(tv.tv_sec - t1) <= 1 && t1 <= t2 ? "yes" : "no");
	printf("realtime after 2020: %s\n", rt.tv_sec > 1577836800 ? "yes" : "no");
	printf("tv_usec in range: %s\n", tv.tv_usec >= 0 && tv.tv_usec < 1000000 ? "yes" : "no");

	errno = 0;
	long r = syscall(SYS_clock_gettime, 12345, &a);
	printf("bad clock id: %ld %s\n", r, strerror(errno));
	errno = 0;
	r = syscall(SYS_clock_gettime, CLOCK_MONOTONIC, (void *)16);
	printf("bad pointer: %ld %s\n", r, strerror(errno));
	errno = 0;
	r = syscall(SYS_clock_getres, CLOCK_MONOTONIC, NULL);
	printf("getres with NULL: %ld\n", r);
	return 0;
}
