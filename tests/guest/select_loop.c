/* A select() loop over a pipe, an eventfd and a timerfd: a child writes
 * lines into the pipe and bumps the eventfd; a periodic timer ticks; the
 * loop runs until the pipe's EOF, the eventfd's total and enough ticks.
 * Prints what each source delivered (never how the events interleaved). */
//! libc: glibc musl
#define _GNU_SOURCE
#include <stdint.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/select.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "netcheck.h"

int main(void)
{
	int p[2];
	pipe(p);
	int efd = eventfd(0, EFD_NONBLOCK);
	int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
	struct itimerspec its = {{0, 2000000}, {0, 2000000}};
	timerfd_settime(tfd, 0, &its, NULL);
	pid_t c = fork();
	if (c == 0) {
		close(p[0]);
		for (int i = 1; i <= 20; i++) {
			char line[32];
			int n = snprintf(line, sizeof(line), "line %d\n", i);
			write(p[1], line, (size_t)n);
			uint64_t v = (uint64_t)i;
			write(efd, &v, sizeof(v));
			usleep(500);
		}
		_exit(0);
	}
	close(p[1]);
	int lines = 0, pipe_open = 1;
	size_t bytes = 0;
	uint64_t efd_total = 0, ticks = 0;
	int rounds = 0;
	while (pipe_open || efd_total < 210 || ticks < 5) {
		fd_set rd;
		FD_ZERO(&rd);
		if (pipe_open)
			FD_SET(p[0], &rd);
		FD_SET(efd, &rd);
		FD_SET(tfd, &rd);
		int maxfd = p[0] > efd ? p[0] : efd;
		maxfd = maxfd > tfd ? maxfd : tfd;
		int n = select(maxfd + 1, &rd, NULL, NULL, NULL);
		if (n <= 0) {
			SAY("select failed: %s", ename(errno));
			return 1;
		}
		rounds++;
		if (pipe_open && FD_ISSET(p[0], &rd)) {
			char buf[256];
			long r = read(p[0], buf, sizeof(buf));
			if (r == 0) {
				pipe_open = 0;
			} else if (r > 0) {
				bytes += (size_t)r;
				for (long i = 0; i < r; i++)
					lines += buf[i] == '\n';
			}
		}
		if (FD_ISSET(efd, &rd)) {
			uint64_t v;
			if (read(efd, &v, sizeof(v)) == sizeof(v))
				efd_total += v;
		}
		if (FD_ISSET(tfd, &rd)) {
			uint64_t v;
			if (read(tfd, &v, sizeof(v)) == sizeof(v))
				ticks += v;
		}
	}
	waitpid(c, NULL, 0);
	SAY("pipe: %d lines, %zu bytes, then EOF", lines, bytes);
	SAY("eventfd: total %llu", (unsigned long long)efd_total);
	FACT("timer ticked at least 5 times", ticks >= 5);
	FACT("the loop went round", rounds > 0);
	/* Nothing left: a zero timeout finds nothing ready but the timer. */
	its.it_value.tv_nsec = 0;
	its.it_interval.tv_nsec = 0;
	timerfd_settime(tfd, 0, &its, NULL);
	fd_set rd;
	FD_ZERO(&rd);
	FD_SET(efd, &rd);
	FD_SET(tfd, &rd);
	struct timeval tv = {0, 0};
	SAY("ready with nothing pending: %d", select((efd > tfd ? efd : tfd) + 1, &rd, NULL, NULL, &tv));
	return 0;
}
