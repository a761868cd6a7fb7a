/* Inet sockets under --net=host: each guest socket is a host socket the
 * sentry holds (non-blocking, close-on-exec), registered edge-triggered in
 * the event loop's epoll so that a blocked guest wakes when it is ready
 * (as sentry/fs/hostfd.c waits for host fds).  Arguments go to the host as
 * they are; the guest's blocking, SIGPIPE and timeouts are the sentry's. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/sockios.h>

#include "../fs/file.h"
#include "../kernel/sched.h"
#include "../kernel/task.h"
#include "../mm/mm.h"
#include "../mm/uio.h"
#include "socket.h"

#define BOUNCE_MAX (1 << 20) /* the most one send or receive moves */
#define CTL_MAX	   4096

struct host_sock {
	struct sock sk;
	int fd;
	struct epoll_source src;
	bool in_epoll;
	bool connecting; /* a blocking connect waits for the host */
};

static const struct sock_ops host_ops;

static struct host_sock *host_sk(struct sock *sk)
{
	return (struct host_sock *)sk;
}

static void host_ready(struct epoll_source *src, uint32_t events)
{
	(void)events;
	struct host_sock *h = (struct host_sock *)((char *)src - offsetof(struct host_sock, src));
	wake_up(&h->sk.wq);
}

static struct host_sock *wrap(struct task *t, int fd, int family, int type, int protocol)
{
	struct sock *sk =
	    sock_alloc(sizeof(struct host_sock), &host_ops, family, type, protocol, t);
	if (!sk) {
		close(fd);
		return NULL;
	}
	struct host_sock *h = host_sk(sk);
	h->fd = fd;
	h->src.ready = host_ready;
	h->in_epoll =
	    sched_epoll_add(fd, EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLPRI | EPOLLET, &h->src) == 0;
	return h;
}

int inet_host_create(struct task *t, int family, int type, int protocol, struct sock **out)
{
	int fd = socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
	if (fd < 0)
		return -errno;
	struct host_sock *h = wrap(t, fd, family, type, protocol);
	if (!h)
		return -ENOMEM;
	*out = &h->sk;
	return 0;
}

static int host_bind(struct task *t, struct sock *sk, const struct sockaddr_storage *a,
		     socklen_t len)
{
	(void)t;
	return bind(host_sk(sk)->fd, (const struct sockaddr *)a, len) < 0 ? -errno : 0;
}

static int host_connect(struct sock_io *io, struct sock *sk, const struct sockaddr_storage *a,
			socklen_t len)
{
	struct host_sock *h = host_sk(sk);
	if (io->rerun && h->connecting) {
		struct pollfd p = {.fd = h->fd, .events = POLLOUT};
		if (poll(&p, 1, 0) == 0) {
			sock_wait(io, &sk->wq);
			return -EAGAIN;
		}
		h->connecting = false;
		int e = 0;
		socklen_t el = sizeof(e);
		getsockopt(h->fd, SOL_SOCKET, SO_ERROR, &e, &el);
		if (e) {
			/* A blocking connect that fails leaves a fresh socket
			 * (tcp_disconnect), as AF_UNSPEC makes the host's. */
			struct sockaddr un = {.sa_family = AF_UNSPEC};
			connect(h->fd, &un, sizeof(un));
		}
		return -e;
	}
	h->connecting = false;
	if (connect(h->fd, (const struct sockaddr *)a, len) == 0)
		return 0;
	if (errno != EINPROGRESS)
		return -errno;
	if (io->nonblock)
		return -EINPROGRESS;
	h->connecting = true;
	sock_wait(io, &sk->wq);
	return -EAGAIN;
}

static int host_listen(struct task *t, struct sock *sk, int backlog)
{
	(void)t;
	if (listen(host_sk(sk)->fd, backlog) < 0)
		return -errno;
	sk->listening = true;
	return 0;
}

static int host_accept(struct sock_io *io, struct sock *sk, struct sock **out)
{
	struct host_sock *h = host_sk(sk);
	int fd = accept4(h->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0) {
		if (errno == EAGAIN) {
			sock_wait(io, &sk->wq);
			return -EAGAIN;
		}
		return -errno;
	}
	struct host_sock *n = wrap(io->t, fd, sk->family, sk->type, sk->protocol);
	if (!n)
		return -ENOMEM;
	*out = &n->sk;
	return 0;
}

static ssize_t host_sendmsg(struct sock_io *io, struct sock *sk, struct sock_msg *m)
{
	struct host_sock *h = host_sk(sk);
	size_t n = m->uio->resid < BOUNCE_MAX ? m->uio->resid : BOUNCE_MAX;
	char *buf = n ? malloc(n) : NULL;
	if (n && !buf)
		return -ENOMEM;
	struct uio save = *m->uio;
	ssize_t c = n ? uio_copyin(m->uio, buf, n) : 0;
	if (c < 0) {
		free(buf);
		return c;
	}
	struct iovec iov = {buf, (size_t)c};
	struct msghdr mh = {.msg_name = m->addrlen ? &m->addr : NULL,
			    .msg_namelen = m->addrlen,
			    .msg_iov = &iov,
			    .msg_iovlen = 1,
			    .msg_control = m->raw_control,
			    .msg_controllen = m->raw_controllen};
	int flags = (io->flags & ~MSG_DONTWAIT) | MSG_DONTWAIT | MSG_NOSIGNAL;
	ssize_t r = sendmsg(h->fd, &mh, flags);
	int e = errno;
	free(buf);
	*m->uio = save;
	if (r < 0) {
		if (e == EAGAIN) {
			sock_wait(io, &sk->wq);
			return -EAGAIN;
		}
		if (e == EPIPE)
			sock_sigpipe(io);
		return -e;
	}
	uio_skip(m->uio, (size_t)r);
	return r;
}

static ssize_t host_recvmsg(struct sock_io *io, struct sock *sk, struct sock_msg *m)
{
	struct host_sock *h = host_sk(sk);
	size_t n = m->uio->resid < BOUNCE_MAX ? m->uio->resid : BOUNCE_MAX;
	char *buf = malloc(n ? n : 1);
	char ctl[CTL_MAX];
	if (!buf)
		return -ENOMEM;
	struct iovec iov = {buf, n};
	size_t clen = m->control ? (m->controllen < CTL_MAX ? m->controllen : CTL_MAX) : 0;
	struct msghdr mh = {.msg_name = &m->addr,
			    .msg_namelen = sizeof(m->addr),
			    .msg_iov = &iov,
			    .msg_iovlen = 1,
			    .msg_control = clen ? ctl : NULL,
			    .msg_controllen = clen};
	int flags = (io->flags & ~(MSG_DONTWAIT | MSG_CMSG_CLOEXEC)) | MSG_DONTWAIT;
	ssize_t r = recvmsg(h->fd, &mh, flags);
	if (r < 0) {
		int e = errno;
		free(buf);
		if (e == EAGAIN) {
			/* A blocking receive on a shut down socket ends with 0
			 * (__skb_wait_for_more_packets); the host's non-blocking
			 * one says EAGAIN. */
			struct pollfd p = {.fd = h->fd, .events = POLLRDHUP};
			if (!io->nonblock && poll(&p, 1, 0) == 1 && (p.revents & POLLRDHUP))
				return 0;
			sock_wait(io, &sk->wq);
			return -EAGAIN;
		}
		return -e;
	}
	size_t got = (size_t)r < n ? (size_t)r : n;
	ssize_t c = got ? uio_copyout(m->uio, buf, got) : 0;
	free(buf);
	if (c < 0)
		return c;
	m->addrlen = mh.msg_namelen;
	m->flags_out = mh.msg_flags;
	if (mh.msg_controllen && m->control) {
		if (copy_to_user(io->t->mm, m->control, ctl, mh.msg_controllen) == 0)
			m->control_used = mh.msg_controllen;
	}
	return r;
}

static int host_shutdown(struct sock *sk, int how)
{
	return shutdown(host_sk(sk)->fd, how) < 0 ? -errno : 0;
}

static int host_getname(struct sock *sk, struct sockaddr_storage *a, socklen_t *len, bool peer)
{
	struct host_sock *h = host_sk(sk);
	*len = sizeof(*a);
	int r = peer ? getpeername(h->fd, (struct sockaddr *)a, len)
		     : getsockname(h->fd, (struct sockaddr *)a, len);
	return r < 0 ? -errno : 0;
}

static int host_setsockopt(struct task *t, struct sock *sk, int level, int name, const void *val,
			   socklen_t len)
{
	if (setsockopt(host_sk(sk)->fd, level, name, val, len) < 0)
		return -errno;
	/* The sentry waits for the guest: it keeps the timeouts too. */
	if (level == SOL_SOCKET && (name == SO_RCVTIMEO_OLD || name == SO_RCVTIMEO_NEW ||
				    name == SO_SNDTIMEO_OLD || name == SO_SNDTIMEO_NEW))
		sock_setsockopt(t, sk, name, val, len);
	return 0;
}

static int host_getsockopt(struct task *t, struct sock *sk, int level, int name, void *val,
			   socklen_t *len)
{
	(void)t;
	return getsockopt(host_sk(sk)->fd, level, name, val, len) < 0 ? -errno : 0;
}

static unsigned host_poll(struct sock *sk, struct poll_table *pt)
{
	poll_wait(pt, &sk->wq);
	struct pollfd p = {.fd = host_sk(sk)->fd,
			   .events =
			       POLLIN | POLLOUT | POLLPRI | POLLRDHUP | POLLRDNORM | POLLWRNORM};
	if (poll(&p, 1, 0) < 0)
		return POLLERR;
	return (unsigned)p.revents;
}

static long host_ioctl(struct task *t, struct sock *sk, unsigned cmd, uint64_t arg)
{
	switch (cmd) {
	case SIOCINQ:
	case SIOCOUTQ:
	case SIOCOUTQNSD:
	case SIOCATMARK: {
		int v;
		if (ioctl(host_sk(sk)->fd, cmd, &v) < 0)
			return -errno;
		return copy_to_user(t->mm, arg, &v, sizeof(v)) < 0 ? -EFAULT : 0;
	}
	default:
		return -ENOTTY;
	}
}

static void host_release(struct sock *sk)
{
	struct host_sock *h = host_sk(sk);
	if (h->fd < 0)
		return;
	if (h->in_epoll)
		sched_epoll_del(h->fd, &h->src);
	close(h->fd);
	h->fd = -1;
	wake_up(&sk->wq);
}

static void host_destroy(struct sock *sk)
{
	host_release(sk);
	free(host_sk(sk));
}

static const struct sock_ops host_ops = {
	.bind = host_bind,
	.connect = host_connect,
	.listen = host_listen,
	.accept = host_accept,
	.sendmsg = host_sendmsg,
	.recvmsg = host_recvmsg,
	.shutdown = host_shutdown,
	.getname = host_getname,
	.setsockopt = host_setsockopt,
	.getsockopt = host_getsockopt,
	.poll = host_poll,
	.ioctl = host_ioctl,
	.release = host_release,
	.destroy = host_destroy,
};
