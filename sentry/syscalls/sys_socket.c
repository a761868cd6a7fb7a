/* Socket syscalls (net/socket.c): creating sockets, names, connections and
 * options.  Sending and receiving are in sys_sockmsg.c. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include "../fs/fdtable.h"
#include "../fs/file.h"
#include "../kernel/sched.h"
#include "../kernel/task.h"
#include "../mm/mm.h"
#include "../net/socket.h"
#include "sys_socket.h"
#include "syscalls.h"

struct sock *sockfd_lookup(struct task *t, int fd, struct file **fp, int *err)
{
	struct file *f = fd_get(t->files, fd);
	if (!f) {
		*err = -EBADF;
		return NULL;
	}
	struct sock *sk = sock_of(f);
	if (!sk) {
		*err = -ENOTSOCK;
		return NULL;
	}
	if (fp)
		*fp = f;
	return sk;
}

int sock_copy_addr_in(struct task *t, uint64_t uaddr, int64_t len, struct sockaddr_storage *a)
{
	memset(a, 0, sizeof(*a));
	if (len < 0 || len > (int64_t)sizeof(*a))
		return -EINVAL;
	if (len && copy_from_user(t->mm, a, uaddr, (size_t)len) < 0)
		return -EFAULT;
	return 0;
}

int sock_copy_addr_out(struct task *t, const struct sockaddr_storage *a, socklen_t klen,
		       uint64_t uaddr, uint64_t ulen)
{
	int len;
	if (copy_from_user(t->mm, &len, ulen, sizeof(len)) < 0)
		return -EFAULT;
	if (len > (int)klen)
		len = (int)klen;
	if (len < 0)
		return -EINVAL;
	if (len && copy_to_user(t->mm, uaddr, a, (size_t)len) < 0)
		return -EFAULT;
	int full = (int)klen;
	return copy_to_user(t->mm, ulen, &full, sizeof(full)) < 0 ? -EFAULT : 0;
}

static long sock_interrupted(struct task *t)
{
	size_t p = t->sc.progress;
	if (PROG_MSGS(p))
		return (long)PROG_MSGS(p);
	if (PROG_BYTES(p))
		return (long)PROG_BYTES(p);
	return (p & PROG_TIMEO) ? -EINTR : -ERESTARTSYS;
}

long sock_block(struct task *t, struct sock *sk, struct sock_io *io, int64_t timeo, long on_timeout)
{
	if (!t->sc.started_ns)
		t->sc.started_ns = now_ns();
	if (io->nonblock || timeo == 0) {
		task_clear_waits(t);
		return on_timeout;
	}
	if (!io->queued)
		task_wait_on(t, &sk->wq);
	if (timeo > 0) {
		uint64_t deadline = t->sc.started_ns + (uint64_t)timeo;
		if (t->sc.timed_out || now_ns() >= deadline) {
			task_clear_waits(t);
			return on_timeout;
		}
		task_set_deadline(t, deadline);
		t->sc.progress |= PROG_TIMEO;
	}
	t->sc.interrupt = sock_interrupted;
	return -SBX_BLOCK;
}

static long install(struct task *t, struct sock *sk, int flags)
{
	struct file *f = sock_file(sk, (flags & SOCK_NONBLOCK) ? O_NONBLOCK : 0);
	if (!f)
		return -ENOMEM;
	int fd =
	    fd_install(t->files, f, 0, flags & SOCK_CLOEXEC, t->tg->rlim[RLIMIT_NOFILE].rlim_cur);
	if (fd < 0)
		file_put(f);
	return fd;
}

static int create(struct task *t, int family, int type, int protocol, struct sock **out)
{
	if (family < 0 || family >= AF_MAX)
		return -EAFNOSUPPORT;
	if (type < 0 || type > SOCK_PACKET)
		return -EINVAL;
	switch (family) {
	case AF_UNIX:
		return unix_create(t, type, protocol, out);
	case AF_INET:
	case AF_INET6:
		if (net_mode == NET_HOST)
			return inet_host_create(t, family, type, protocol, out);
		return inet_loop_create(t, family, type, protocol, out);
	case AF_NETLINK:
		return netlink_create(t, type, protocol, out);
	default:
		return -EAFNOSUPPORT;
	}
}

SYSCALL(socket)
{
	int family = (int)a[0], type = (int)a[1], protocol = (int)a[2];
	int flags = type & ~SOCK_TYPE_MASK_;
	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return -EINVAL;
	struct sock *sk;
	int r = create(t, family, type & SOCK_TYPE_MASK_, protocol, &sk);
	if (r < 0)
		return r;
	return install(t, sk, flags);
}

SYSCALL(socketpair)
{
	int family = (int)a[0], type = (int)a[1], protocol = (int)a[2];
	int flags = type & ~SOCK_TYPE_MASK_;
	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return -EINVAL;
	type &= SOCK_TYPE_MASK_;
	if (family != AF_UNIX) {
		struct sock *sk;
		int r = create(t, family, type, protocol, &sk);
		if (r < 0)
			return r;
		sock_put(sk);
		return -EOPNOTSUPP; /* only unix sockets come in pairs */
	}
	struct sock *x, *y;
	int r = unix_socketpair(t, type, protocol, &x, &y);
	if (r < 0)
		return r;
	long fx = install(t, x, flags);
	if (fx < 0) {
		sock_put(y);
		return fx;
	}
	long fy = install(t, y, flags);
	if (fy < 0) {
		fd_close(t->files, (int)fx);
		return fy;
	}
	int fds[2] = {(int)fx, (int)fy};
	if (copy_to_user(t->mm, a[3], fds, sizeof(fds)) < 0) {
		fd_close(t->files, (int)fx);
		fd_close(t->files, (int)fy);
		return -EFAULT;
	}
	return 0;
}

SYSCALL(bind)
{
	int err;
	struct sock *sk = sockfd_lookup(t, (int)a[0], NULL, &err);
	if (!sk)
		return err;
	struct sockaddr_storage addr;
	int r = sock_copy_addr_in(t, a[1], (int)a[2], &addr);
	if (r < 0)
		return r;
	return sk->ops->bind ? sk->ops->bind(t, sk, &addr, (socklen_t)(int)a[2]) : -EOPNOTSUPP;
}

SYSCALL(listen)
{
	int err;
	struct sock *sk = sockfd_lookup(t, (int)a[0], NULL, &err);
	if (!sk)
		return err;
	int backlog = (int)a[1];
	int max = net_params()->somaxconn;
	if ((unsigned)backlog > (unsigned)max)
		backlog = max;
	return sk->ops->listen ? sk->ops->listen(t, sk, backlog) : -EOPNOTSUPP;
}

SYSCALL(connect)
{
	struct file *f;
	int err;
	struct sock *sk = sockfd_lookup(t, (int)a[0], &f, &err);
	if (!sk)
		return err;
	struct sockaddr_storage addr;
	int r = sock_copy_addr_in(t, a[1], (int)a[2], &addr);
	if (r < 0)
		return r;
	struct sock_io io = {
	    .t = t, .nonblock = f->flags & O_NONBLOCK, .rerun = t->sc.started_ns != 0};
	if (!t->sc.started_ns)
		t->sc.started_ns = now_ns();
	r = sk->ops->connect(&io, sk, &addr, (socklen_t)(int)a[2]);
	if (r != -EAGAIN)
		return r;
	/* A unix listener's full backlog gives EAGAIN; an inet connection
	 * still under way gives EINPROGRESS when the wait times out. */
	return sock_block(t, sk, &io, sk->sndtimeo, sk->family == AF_UNIX ? -EAGAIN : -EINPROGRESS);
}

static long do_accept(struct task *t, const uint64_t *a, int flags)
{
	if (flags & ~(SOCK_CLOEXEC | SOCK_NONBLOCK))
		return -EINVAL;
	struct file *f;
	int err;
	struct sock *sk = sockfd_lookup(t, (int)a[0], &f, &err);
	if (!sk)
		return err;
	if (!sk->ops->accept)
		return -EOPNOTSUPP;
	struct sock_io io = {
	    .t = t, .nonblock = f->flags & O_NONBLOCK, .rerun = t->sc.started_ns != 0};
	struct sock *n;
	int r = sk->ops->accept(&io, sk, &n);
	if (r == -EAGAIN)
		return sock_block(t, sk, &io, sk->rcvtimeo, -EAGAIN);
	if (r < 0)
		return r;
	struct sockaddr_storage addr;
	socklen_t alen = sizeof(addr);
	if (a[1] && n->ops->getname(n, &addr, &alen, true) < 0) {
		sock_put(n);
		return -ECONNABORTED;
	}
	struct file *nf = sock_file(n, (flags & SOCK_NONBLOCK) ? O_NONBLOCK : 0);
	if (!nf)
		return -ENOMEM;
	if (a[1] && (r = sock_copy_addr_out(t, &addr, alen, a[1], a[2])) < 0) {
		file_put(nf); /* the connection is lost, as in Linux */
		return r;
	}
	int fd =
	    fd_install(t->files, nf, 0, flags & SOCK_CLOEXEC, t->tg->rlim[RLIMIT_NOFILE].rlim_cur);
	if (fd < 0)
		file_put(nf);
	return fd;
}

SYSCALL(accept)
{
	return do_accept(t, a, 0);
}

SYSCALL(accept4)
{
	return do_accept(t, a, (int)a[3]);
}

SYSCALL(shutdown)
{
	int err;
	struct sock *sk = sockfd_lookup(t, (int)a[0], NULL, &err);
	if (!sk)
		return err;
	return sk->ops->shutdown ? sk->ops->shutdown(sk, (int)a[1]) : -EOPNOTSUPP;
}

static long sock_name(struct task *t, const uint64_t *a, bool peer)
{
	int err;
	struct sock *sk = sockfd_lookup(t, (int)a[0], NULL, &err);
	if (!sk)
		return err;
	struct sockaddr_storage addr;
	memset(&addr, 0, sizeof(addr));
	socklen_t len = sizeof(addr);
	int r = sk->ops->getname(sk, &addr, &len, peer);
	if (r < 0)
		return r;
	return sock_copy_addr_out(t, &addr, len, a[1], a[2]);
}

SYSCALL(getsockname)
{
	return sock_name(t, a, false);
}

SYSCALL(getpeername)
{
	return sock_name(t, a, true);
}

#define OPT_MAX 512

SYSCALL(setsockopt)
{
	int err;
	struct sock *sk = sockfd_lookup(t, (int)a[0], NULL, &err);
	if (!sk)
		return err;
	int level = (int)a[1], name = (int)a[2], len = (int)a[4];
	if (len < 0)
		return -EINVAL;
	char buf[OPT_MAX];
	memset(buf, 0, sizeof(buf));
	size_t n = (size_t)len < sizeof(buf) ? (size_t)len : sizeof(buf);
	if (n && copy_from_user(t->mm, buf, a[3], n) < 0)
		return -EFAULT;
	int r = -ENOPROTOOPT;
	if (sk->ops->setsockopt)
		r = sk->ops->setsockopt(t, sk, level, name, buf, (socklen_t)n);
	if (r == -ENOPROTOOPT && level == SOL_SOCKET)
		r = sock_setsockopt(t, sk, name, buf, (socklen_t)n);
	return r;
}

SYSCALL(getsockopt)
{
	int err;
	struct sock *sk = sockfd_lookup(t, (int)a[0], NULL, &err);
	if (!sk)
		return err;
	int level = (int)a[1], name = (int)a[2];
	int len;
	if (copy_from_user(t->mm, &len, a[4], sizeof(len)) < 0)
		return -EFAULT;
	if (len < 0)
		return -EINVAL;
	char buf[OPT_MAX];
	memset(buf, 0, sizeof(buf));
	socklen_t n = len < OPT_MAX ? len : OPT_MAX;
	int r = -ENOPROTOOPT;
	if (sk->ops->getsockopt)
		r = sk->ops->getsockopt(t, sk, level, name, buf, &n);
	if (r == -ENOPROTOOPT && level == SOL_SOCKET) {
		n = len < OPT_MAX ? len : OPT_MAX;
		r = sock_getsockopt(t, sk, name, buf, &n);
	}
	if (r < 0)
		return r;
	if (n && copy_to_user(t->mm, a[3], buf, (size_t)n) < 0)
		return -EFAULT;
	int out = (int)n;
	return copy_to_user(t->mm, a[4], &out, sizeof(out)) < 0 ? -EFAULT : 0;
}
