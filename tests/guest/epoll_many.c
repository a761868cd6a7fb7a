/* epoll_wait reports as many ready events as maxevents allows, however
 * many that is (well past 1024), and level-triggered ones it reported go
 * behind the rest: successive calls with a small maxevents go round every
 * ready descriptor. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <unistd.h>

#define NPIPES 1500

int main(void)
{
	struct rlimit rl = {4096, 4096};
	if (setrlimit(RLIMIT_NOFILE, &rl) < 0) {
		printf("setrlimit: %s\n", strerror(errno));
		return 1;
	}
	int ep = epoll_create1(0);
	static int fds[NPIPES][2];
	for (int i = 0; i < NPIPES; i++) {
		if (pipe(fds[i]) < 0) {
			printf("pipe %d: %s\n", i, strerror(errno));
			return 1;
		}
		struct epoll_event ev = {.events = EPOLLIN, .data.u32 = (uint32_t)i};
		epoll_ctl(ep, EPOLL_CTL_ADD, fds[i][0], &ev);
		ev.events = EPOLLOUT;
		ev.data.u32 = (uint32_t)(NPIPES + i);
		epoll_ctl(ep, EPOLL_CTL_ADD, fds[i][1], &ev);
	}
	static struct epoll_event out[2 * NPIPES + 10];
	int n = epoll_wait(ep, out, 2 * NPIPES + 10, 0);
	printf("writable ends ready: %d\n", n);
	/* Every read end readable too. */
	for (int i = 0; i < NPIPES; i++)
		if (write(fds[i][1], "x", 1) != 1)
			return 1;
	n = epoll_wait(ep, out, 2 * NPIPES + 10, 0);
	printf("all ends ready: %d\n", n);
	n = epoll_wait(ep, out, 3000, -1);
	printf("maxevents 3000: %d\n", n);

	/* Round robin: 10 calls of 300 see 3000 distinct items. */
	static char seen[2 * NPIPES];
	int distinct = 0;
	for (int call = 0; call < 10; call++) {
		n = epoll_wait(ep, out, 300, 0);
		for (int i = 0; i < n; i++)
			if (!seen[out[i].data.u32]++)
				distinct++;
	}
	printf("10 calls of 300: %d distinct\n", distinct);
	n = epoll_wait(ep, out, 1, 0);
	printf("maxevents 1: %d\n", n);
	n = epoll_wait(ep, out, 0, 0);
	printf("maxevents 0: %d %s\n", n, n < 0 ? strerror(errno) : "");
	return 0;
}
