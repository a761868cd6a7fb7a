#define _GNU_SOURCE
#include "hostfd.h"

#include <asm/termbits.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../kernel/sched.h"
#include "../kernel/task.h"
#include "../kernel/wait.h"
#include "../mm/mm.h"
#include "../mm/uio.h"
#include "file.h"

#define BOUNCE 65536

struct hostfd {
	int fd;        /* the fd the sentry does I/O on */
	bool own_fd;   /* fd is our private reopen: close it on release */
	bool nonblock; /* fd is non-blocking: I/O returns EAGAIN */
	bool socket;
	bool pollable; /* in the event loop's epoll */
	struct waitqueue wq;
	struct epoll_source src;
};

static void hostfd_ready(struct epoll_source *src, uint32_t events)
{
	(void)events;
	struct hostfd *h = (struct hostfd *)((char *)src - offsetof(struct hostfd, src));
	wake_up(&h->wq);
}

/* Would an I/O in direction @ev (POLLIN/POLLOUT) block right now? */
static bool would_block(struct hostfd *h, short ev)
{
	if (h->nonblock || h->socket || !h->pollable)
		return false; /* the call itself reports EAGAIN, or cannot block */
	struct pollfd p = {.fd = h->fd, .events = ev};
	return poll(&p, 1, 0) == 0;
}

static ssize_t hostfd_read(struct task *t, struct file *f, struct uio *to, int64_t *pos)
{
	(void)t;
	struct hostfd *h = f->priv;
	static char buf[BOUNCE];
	size_t total = 0;
	while (to->resid) {
		if (would_block(h, POLLIN))
			return total ? (ssize_t)total : -EAGAIN;
		size_t want = to->resid < BOUNCE ? to->resid : BOUNCE;
		ssize_t n = h->socket ? recv(h->fd, buf, want, MSG_DONTWAIT)
			    : pos     ? pread(h->fd, buf, want, *pos)
				      : read(h->fd, buf, want);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (total)
				break;
			return errno == EWOULDBLOCK ? -EAGAIN : -errno;
		}
		if (n == 0)
			break;
		if (pos)
			*pos += n;
		ssize_t c = uio_copyout(to, buf, (size_t)n);
		if (c < 0)
			return total ? (ssize_t)total : c;
		total += (size_t)c;
		if ((size_t)n < want)
			break; /* a short read: that is what is there */
	}
	return (ssize_t)total;
}

static ssize_t hostfd_write(struct task *t, struct file *f, struct uio *from, int64_t *pos)
{
	(void)t;
	struct hostfd *h = f->priv;
	static char buf[BOUNCE];
	size_t total = 0;
	while (from->resid) {
		if (would_block(h, POLLOUT))
			return total ? (ssize_t)total : -EAGAIN;
		/* Without a private non-blocking fd, POLLOUT only promises
		 * PIPE_BUF bytes. */
		size_t cap = (h->nonblock || h->socket || !h->pollable) ? BOUNCE : 4096;
		size_t want = from->resid < cap ? from->resid : cap;
		struct uio save = *from;
		ssize_t c = uio_copyin(from, buf, want);
		if (c < 0)
			return total ? (ssize_t)total : c;
		ssize_t n = h->socket ? send(h->fd, buf, (size_t)c, MSG_DONTWAIT | MSG_NOSIGNAL)
			    : pos     ? pwrite(h->fd, buf, (size_t)c, *pos)
				      : write(h->fd, buf, (size_t)c);
		if (n < 0) {
			int e = errno;
			*from = save;
			if (e == EINTR)
				continue;
			if (total)
				break;
			return e == EWOULDBLOCK ? -EAGAIN : -e;
		}
		total += (size_t)n;
		if (pos)
			*pos += n;
		if (n < c) {
			/* Give back what the host did not take. */
			*from = save;
			uio_skip(from, (size_t)n);
			break;
		}
	}
	return (ssize_t)total;
}

static unsigned hostfd_poll(struct file *f, struct poll_table *pt)
{
	struct hostfd *h = f->priv;
	poll_wait(pt, &h->wq);
	if (!h->pollable)
		return POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
	struct pollfd p = {.fd = h->fd, .events = POLLIN | POLLOUT | POLLPRI | POLLRDHUP};
	if (poll(&p, 1, 0) < 0)
		return POLLERR;
	return (unsigned)p.revents;
}

static int hostfd_stat(struct file *f, struct stat *st)
{
	struct hostfd *h = f->priv;
	return fstat(h->fd, st) < 0 ? -errno : 0;
}

static long hostfd_ioctl(struct task *t, struct file *f, unsigned int cmd, uint64_t arg)
{
	struct hostfd *h = f->priv;
	switch (cmd) {
	case TCGETS: {
		struct termios tio;
		if (ioctl(h->fd, TCGETS, &tio) < 0)
			return -errno;
		return copy_to_user(t->mm, arg, &tio, sizeof(tio));
	}
	case TIOCGWINSZ: {
		struct winsize ws;
		if (ioctl(h->fd, TIOCGWINSZ, &ws) < 0)
			return -errno;
		return copy_to_user(t->mm, arg, &ws, sizeof(ws));
	}
	default:
		return -ENOTTY;
	}
}

static int64_t hostfd_llseek(struct file *f, int64_t off, int whence)
{
	struct hostfd *h = f->priv;
	off_t r = lseek(h->fd, off, whence);
	return r < 0 ? -errno : r;
}

static void hostfd_release(struct file *f)
{
	struct hostfd *h = f->priv;
	wake_up(&h->wq); /* no sleeper may keep a pointer into @h */
	if (h->pollable)
		sched_epoll_del(h->fd);
	if (h->own_fd)
		close(h->fd);
	free(h);
}

static const struct file_ops hostfd_ops = {
	.read = hostfd_read,
	.write = hostfd_write,
	.poll = hostfd_poll,
	.stat = hostfd_stat,
	.ioctl = hostfd_ioctl,
	.llseek = hostfd_llseek,
	.release = hostfd_release,
};

struct file *hostfd_import(int fd)
{
	struct stat st;
	if (fstat(fd, &st) < 0)
		return NULL;
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0)
		return NULL;
	struct hostfd *h = calloc(1, sizeof(*h));
	if (!h) {
		errno = ENOMEM;
		return NULL;
	}
	waitqueue_init(&h->wq);
	h->src.ready = hostfd_ready;
	h->fd = fd;
	h->socket = S_ISSOCK(st.st_mode);
	if (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode)) {
		/* A private open file description, so O_NONBLOCK does not
		 * leak to the processes that share this one. */
		char path[64];
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		int nfd = open(path, (fl & O_ACCMODE) | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
		if (nfd >= 0) {
			h->fd = nfd;
			h->own_fd = true;
			h->nonblock = true;
		}
	}
	if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode) && !S_ISBLK(st.st_mode))
		h->pollable = sched_epoll_add(h->fd, EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET,
					      &h->src) == 0;
	struct file *f = file_alloc(&hostfd_ops, (unsigned)fl & ~(unsigned)O_CLOEXEC, h);
	if (!f) {
		if (h->pollable)
			sched_epoll_del(h->fd);
		if (h->own_fd)
			close(h->fd);
		free(h);
		errno = ENOMEM;
		return NULL;
	}
	f->stream = !S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode);
	return f;
}

int hostfd_host_fd(struct file *f)
{
	if (!f || f->ops != &hostfd_ops)
		return -1;
	return ((struct hostfd *)f->priv)->fd;
}
