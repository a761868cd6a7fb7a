/* eventfd: counter and semaphore reads, overflow, bad sizes and values,
 * readiness through poll and epoll, a blocking read woken by a child. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <poll.h>
#include <stdint.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "netcheck.h"

static unsigned revents(int fd)
{
	struct pollfd p = {.fd = fd, .events = POLLIN | POLLOUT};
	poll(&p, 1, 0);
	return p.revents;
}

int main(void)
{
	void *volatile bad = (void *)8;
	uint64_t v = 0;
	int fd = eventfd(3, EFD_NONBLOCK);
	SAY("eventfd(3): %s", rs(fd));
	long r = read(fd, &v, 8);
	SAY("read: %ld value %llu", r, (unsigned long long)v);
	r = read(fd, &v, 8);
	SAY("read empty: %s", rs(r));
	SAY("poll empty: in %d out %d", !!(revents(fd) & POLLIN), !!(revents(fd) & POLLOUT));
	r = read(fd, &v, 4);
	SAY("read of 4 bytes: %s", rs(r));
	v = UINT64_MAX;
	r = write(fd, &v, 8);
	SAY("write of all ones: %s", rs(r));
	v = 5;
	r = write(fd, &v, 4);
	SAY("write of 4 bytes: %s", rs(r));
	uint64_t two[2] = {7, 9};
	r = write(fd, two, 16);
	SAY("write of 16 bytes: %s", rs(r));
	write(fd, two, 8);
	r = read(fd, two, 16);
	SAY("read of 16 bytes: %ld value %llu", r, (unsigned long long)two[0]);
	v = UINT64_MAX - 1;
	r = write(fd, &v, 8);
	SAY("write of the maximum: %s", rs(r));
	SAY("poll full: in %d out %d", !!(revents(fd) & POLLIN), !!(revents(fd) & POLLOUT));
	v = 1;
	r = write(fd, &v, 8);
	SAY("write past the maximum: %s", rs(r));
	r = read(fd, &v, 8);
	SAY("read the maximum: %s %s", rs(r), v == UINT64_MAX - 1 ? "yes" : "no");
	r = write(fd, bad, 8);
	SAY("write from a bad pointer: %s", rs(r));
	r = read(fd, bad, 8);
	SAY("read into a bad pointer (empty): %s", rs(r));
	close(fd);

	fd = eventfd(0, EFD_SEMAPHORE | EFD_NONBLOCK | EFD_CLOEXEC);
	v = 3;
	write(fd, &v, 8);
	for (int i = 0; i < 4; i++) {
		v = 0;
		r = read(fd, &v, 8);
		SAY("semaphore read %d: %s %llu", i, rs(r), (unsigned long long)v);
	}
	close(fd);
	r = eventfd(0, 0x1234);
	SAY("bad flags: %s", rs(r));
	r = syscall(SYS_eventfd2, 0, EFD_SEMAPHORE | 0x10);
	SAY("eventfd2 bad flags: %s", rs(r));
	r = syscall(SYS_eventfd, 4);
	SAY("old eventfd: %s", rs(r));
	if (r >= 0)
		close((int)r);

	/* epoll: edge-triggered reports each write once. */
	fd = eventfd(0, EFD_NONBLOCK);
	int ep = epoll_create1(0);
	struct epoll_event ev = {.events = EPOLLIN | EPOLLET, .data.u32 = 42};
	epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
	struct epoll_event out[4];
	SAY("epoll before a write: %d", epoll_wait(ep, out, 4, 0));
	v = 2;
	write(fd, &v, 8);
	int n = epoll_wait(ep, out, 4, 0);
	SAY("epoll after a write: %d data %u in %d", n, out[0].data.u32, !!(out[0].events & EPOLLIN));
	SAY("epoll again (edge): %d", epoll_wait(ep, out, 4, 0));
	write(fd, &v, 8);
	SAY("epoll after another write: %d", epoll_wait(ep, out, 4, 0));
	close(ep);
	close(fd);

	/* A blocking read sleeps until a child writes; a blocking write of
	 * an overflow sleeps until the parent reads. */
	fd = eventfd(0, 0);
	pid_t c = fork();
	if (c == 0) {
		uint64_t x = 11;
		write(fd, &x, 8);
		x = UINT64_MAX - 1;
		write(fd, &x, 8); /* waits until the parent takes the 11... */
		_exit(0);
	}
	v = 0;
	r = read(fd, &v, 8);
	SAY("blocking read: %ld value %s", r, v == 11 || v == UINT64_MAX - 1 + 11 ? "ok" : "bad");
	if (v == 11) {
		r = read(fd, &v, 8);
		SAY("second read: %s", v == UINT64_MAX - 1 ? "the maximum" : "other");
	} else {
		SAY("second read: the maximum");
	}
	int st;
	waitpid(c, &st, 0);
	SAY("child: %d", WEXITSTATUS(st));
	return 0;
}
