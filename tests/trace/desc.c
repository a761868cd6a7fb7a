/* Golden trace test: descriptors: pipes, poll, select, epoll, eventfd,
 * timerfd, signalfd, memfd with seals, locks, vectored I/O errors, ranges
 * of descriptors. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/select.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <sys/uio.h>
#include <unistd.h>

int main(void)
{
	int p[2];
	pipe2(p, O_CLOEXEC);
	write(p[1], "hi", 2);
	struct pollfd pf[2] = {{p[0], POLLIN, 0}, {p[1], POLLOUT, 0}};
	poll(pf, 2, 100);
	struct timespec ts = {0, 1000};
	ppoll(pf, 1, &ts, NULL);
	fd_set r;
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	struct timeval tv = {0, 1000};
	select(p[0] + 1, &r, NULL, NULL, &tv);
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	pselect(p[0] + 1, &r, NULL, NULL, NULL, NULL);
	int ep = epoll_create1(EPOLL_CLOEXEC);
	struct epoll_event ev = {EPOLLIN | EPOLLET, {.u64 = 7}};
	epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
	struct epoll_event out[4];
	epoll_wait(ep, out, 4, 10);
	epoll_pwait(ep, out, 4, 0, NULL);
	epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL);
	int efd = eventfd(3, EFD_NONBLOCK);
	unsigned long long v;
	read(efd, &v, 8);
	read(efd, &v, 8);
	write(efd, &v, 8);
	int tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	struct itimerspec it = {{0, 0}, {5, 0}}, old;
	timerfd_settime(tfd, 0, &it, &old);
	timerfd_gettime(tfd, &old);
	sigset_t m;
	sigemptyset(&m);
	sigaddset(&m, SIGUSR1);
	sigprocmask(SIG_BLOCK, &m, NULL);
	int sfd = signalfd(-1, &m, SFD_CLOEXEC | SFD_NONBLOCK);
	char buf[8];
	read(p[0], buf, 8);
	read(sfd, buf, 8);
	flock(p[0], LOCK_SH | LOCK_NB);
	struct iovec iov = {buf, 2};
	preadv(p[0], &iov, 1, 0);
	int mfd = memfd_create("a-memfd-with-a-long-name", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	fcntl(mfd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW);
	fcntl(mfd, F_GET_SEALS);
	struct flock fl;
	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	fcntl(mfd, F_SETLK, &fl);
	fcntl(p[0], F_GETPIPE_SZ);
	fcntl(p[0], F_SETPIPE_SZ, 8192);
	dup3(efd, 50, O_CLOEXEC);
	close_range(50, 60, 0);
	ftruncate(mfd, 4096);
	posix_fadvise(mfd, 0, 0, POSIX_FADV_SEQUENTIAL);
	close(sfd);
	close(tfd);
	close(efd);
	close(ep);
	close(mfd);
	return 0;
}
