/* timerfd: errors, one-shot and periodic expirations counted, absolute
 * times on each clock, gettime, readiness through poll and epoll. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "netcheck.h"

static struct itimerspec its(long vs, long vns, long is, long ins)
{
	struct itimerspec t = {{is, ins}, {vs, vns}};
	return t;
}

static uint64_t ns_of(clockid_t c)
{
	struct timespec ts;
	clock_gettime(c, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

int main(void)
{
	SAY("bad clock: %s", rs(timerfd_create(12345, 0)));
	SAY("CPU clock: %s", rs(timerfd_create(CLOCK_PROCESS_CPUTIME_ID, 0)));
	SAY("bad flags: %s", rs(timerfd_create(CLOCK_MONOTONIC, 0x4)));
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	SAY("create: %s", rs(fd));
	struct itimerspec cur, old, t = its(0, 1000000000, 0, 0);
	SAY("nsec too big: %s", rs(timerfd_settime(fd, 0, &t, NULL)));
	t = its(-1, 0, 0, 0);
	SAY("negative seconds: %s", rs(timerfd_settime(fd, 0, &t, NULL)));
	t = its(1, 0, 0, 0);
	SAY("bad settime flags: %s", rs(timerfd_settime(fd, 0x10, &t, NULL)));
	SAY("settime on stdin: %s", rs(timerfd_settime(0, 0, &t, NULL)));
	SAY("settime on a bad fd: %s", rs(timerfd_settime(99, 0, &t, NULL)));
	SAY("gettime on stdin: %s", rs(timerfd_gettime(0, &cur)));
	SAY("settime from a bad pointer: %s", rs(timerfd_settime(fd, 0, (void *)8, NULL)));
	timerfd_gettime(fd, &cur);
	SAY("unarmed: %ld %ld", (long)cur.it_value.tv_sec, cur.it_value.tv_nsec);
	uint64_t v = 0;
	SAY("read unarmed: %s", rs(read(fd, &v, 8)));
	SAY("read of 4 bytes: %s", rs(read(fd, &v, 4)));

	/* A one-shot in 100 s: gettime counts down from it. */
	t = its(100, 0, 0, 0);
	timerfd_settime(fd, 0, &t, NULL);
	timerfd_gettime(fd, &cur);
	FACT("remaining within 100 s", cur.it_value.tv_sec <= 100 &&
					   (cur.it_value.tv_sec > 90));
	t = its(0, 0, 0, 0);
	timerfd_settime(fd, 0, &t, &old);
	FACT("old value returned on disarm", old.it_value.tv_sec > 90);
	timerfd_gettime(fd, &cur);
	FACT("disarmed", cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0);

	/* A blocking one-shot: exactly one expiration. */
	int bfd = timerfd_create(CLOCK_MONOTONIC, 0);
	t = its(0, 20000000, 0, 0);
	timerfd_settime(bfd, 0, &t, NULL);
	long r = read(bfd, &v, 8);
	SAY("blocking read: %ld expirations %llu", r, (unsigned long long)v);
	timerfd_gettime(bfd, &cur);
	FACT("expired one-shot is disarmed", cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0);

	/* Periodic: expirations accumulate while nobody reads. */
	t = its(0, 5000000, 0, 5000000);
	timerfd_settime(bfd, 0, &t, NULL);
	struct timespec nap = {0, 60000000};
	nanosleep(&nap, NULL);
	read(bfd, &v, 8);
	FACT("at least 10 expirations after 60 ms of 5 ms", v >= 10);
	timerfd_gettime(bfd, &cur);
	FACT("interval reported", cur.it_interval.tv_nsec == 5000000);
	struct pollfd p = {.fd = bfd, .events = POLLIN};
	SAY("poll waits for the next: %d in %d", poll(&p, 1, -1), !!(p.revents & POLLIN));
	r = read(bfd, &v, 8);
	FACT("read after poll has at least one", r == 8 && v >= 1);
	close(bfd);

	/* Absolute times on each clock: one in the past fires at once. */
	clockid_t clocks[] = {CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_BOOTTIME};
	const char *names[] = {"REALTIME", "MONOTONIC", "BOOTTIME"};
	for (int i = 0; i < 3; i++) {
		int cfd = timerfd_create(clocks[i], 0);
		uint64_t now = ns_of(clocks[i]);
		t = its((long)(now / 1000000000ULL) - 1, 0, 0, 0);
		int s = timerfd_settime(cfd, TFD_TIMER_ABSTIME, &t, NULL);
		r = read(cfd, &v, 8);
		SAY("%s absolute in the past: %s read %ld %llu", names[i], rs(s), r,
		    (unsigned long long)v);
		/* 30 ms ahead: the read waits until then. */
		now = ns_of(clocks[i]) + 30000000;
		t = its((long)(now / 1000000000ULL), (long)(now % 1000000000ULL), 0, 0);
		timerfd_settime(cfd, TFD_TIMER_ABSTIME, &t, NULL);
		r = read(cfd, &v, 8);
		FACT("  absolute ahead: woke at or after the time", ns_of(clocks[i]) >= now);
		close(cfd);
	}
	int rfd = timerfd_create(CLOCK_REALTIME, 0);
	t = its(time(NULL) + 1000, 0, 0, 0);
	SAY("CANCEL_ON_SET with ABSTIME: %s",
	    rs(timerfd_settime(rfd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &t, NULL)));
	close(rfd);

	/* epoll with a periodic timer. */
	int ep = epoll_create1(0);
	struct epoll_event ev = {.events = EPOLLIN, .data.u32 = 7}, out[2];
	epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
	SAY("epoll unarmed: %d", epoll_wait(ep, out, 2, 0));
	t = its(0, 10000000, 0, 10000000);
	timerfd_settime(fd, 0, &t, NULL);
	int got = 0;
	for (int i = 0; i < 3; i++) {
		int n = epoll_wait(ep, out, 2, -1);
		if (n == 1 && out[0].data.u32 == 7 && read(fd, &v, 8) == 8 && v >= 1)
			got++;
	}
	SAY("epoll woke for 3 periods: %d", got);
	close(ep);
	close(fd);
	return 0;
}
