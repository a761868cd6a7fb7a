/* signalfd: errors, reading pending signals with their siginfo (kill,
 * tgkill, sigqueue, SIGCHLD), the mask's update, readiness through poll,
 * select and epoll, and a read that waits for a child's signal. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "netcheck.h"

static void show(const char *what, int fd)
{
	struct signalfd_siginfo si;
	memset(&si, 0, sizeof(si));
	long r = read(fd, &si, sizeof(si));
	if (r < 0) {
		SAY("%s: %s", what, ename(errno));
		return;
	}
	SAY("%s: %ld bytes signo %u code %d own pid %s int %d status %d", what, r, si.ssi_signo,
	    si.ssi_code, si.ssi_pid == (uint32_t)getpid() ? "yes" : "no", si.ssi_int,
	    si.ssi_status);
}

int main(void)
{
	sigset_t m;
	sigemptyset(&m);
	sigaddset(&m, SIGUSR1);
	sigaddset(&m, SIGUSR2);
	sigaddset(&m, SIGRTMIN);
	sigaddset(&m, SIGCHLD);
	sigprocmask(SIG_BLOCK, &m, NULL);

	SAY("bad flags: %s", rs(signalfd(-1, &m, 0x10)));
	SAY("bad size: %s", rs(syscall(SYS_signalfd4, -1, &m, 4, 0)));
	SAY("not a signalfd: %s", rs(signalfd(0, &m, 0)));
	SAY("bad fd: %s", rs(signalfd(77, &m, 0)));
	SAY("bad mask pointer: %s", rs(syscall(SYS_signalfd4, -1, (void *)8, 8, 0)));
	int fd = signalfd(-1, &m, SFD_NONBLOCK | SFD_CLOEXEC);
	SAY("create: %s", rs(fd));
	struct signalfd_siginfo si;
	SAY("read nothing pending: %s", rs(read(fd, &si, sizeof(si))));
	SAY("read into a small buffer: %s", rs(read(fd, &si, 100)));
	struct pollfd p = {.fd = fd, .events = POLLIN};
	SAY("poll nothing pending: %d", poll(&p, 1, 0));

	kill(getpid(), SIGUSR1);
	int n = poll(&p, 1, 0);
	SAY("poll after kill: %d in %d", n, !!(p.revents & POLLIN));
	show("kill", fd);
	raise(SIGUSR2);
	show("raise", fd);
	union sigval sv = {.sival_int = 1234};
	sigqueue(getpid(), SIGRTMIN, sv);
	sv.sival_int = 5678;
	sigqueue(getpid(), SIGRTMIN, sv);
	struct signalfd_siginfo two[2];
	long r = read(fd, two, sizeof(two));
	SAY("two queued realtime signals in one read: %ld ints %d %d codes %d %d", r,
	    two[0].ssi_int, two[1].ssi_int, two[0].ssi_code, two[1].ssi_code);

	/* A signal outside the mask is not read; changing the mask makes it so. */
	sigset_t only1;
	sigemptyset(&only1);
	sigaddset(&only1, SIGUSR1);
	SAY("update the mask: %s", rs(signalfd(fd, &only1, 0) == fd ? 0 : -1));
	raise(SIGUSR2);
	SAY("USR2 outside the mask: %s", rs(read(fd, &si, sizeof(si))));
	signalfd(fd, &m, 0);
	show("USR2 after widening", fd);

	/* select and epoll. */
	fd_set rs_;
	FD_ZERO(&rs_);
	FD_SET(fd, &rs_);
	struct timeval tv = {0, 0};
	SAY("select nothing pending: %d", select(fd + 1, &rs_, NULL, NULL, &tv));
	int ep = epoll_create1(0);
	struct epoll_event ev = {.events = EPOLLIN, .data.u32 = 3}, out[2];
	epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
	SAY("epoll nothing pending: %d", epoll_wait(ep, out, 2, 0));

	/* SIGCHLD from a child that exits 7: epoll waits for it. */
	pid_t c = fork();
	if (c == 0)
		_exit(7);
	n = epoll_wait(ep, out, 2, -1);
	SAY("epoll woke: %d data %u", n, out[0].data.u32);
	show("SIGCHLD", fd);
	waitpid(c, NULL, 0);

	/* A blocking read waits until a child sends SIGUSR1. */
	int bfd = signalfd(-1, &m, 0);
	c = fork();
	if (c == 0) {
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	memset(&si, 0, sizeof(si));
	r = read(bfd, &si, sizeof(si));
	SAY("blocking read: %ld signo %u from the child %s", r, si.ssi_signo,
	    si.ssi_pid == (uint32_t)c ? "yes" : "no");
	waitpid(c, NULL, 0);
	/* the child's SIGCHLD */
	FD_ZERO(&rs_);
	FD_SET(bfd, &rs_);
	SAY("select sees SIGCHLD: %d", select(bfd + 1, &rs_, NULL, NULL, NULL));
	show("SIGCHLD again", bfd);
	return 0;
}
