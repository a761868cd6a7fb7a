/* Unix domain sockets (net/unix/af_unix.c): names in the file system and
 * the abstract namespace, connections through a listener's queue,
 * socketpair, shutdown and closing.  Queues and data: unix_msg.c. */
#define _GNU_SOURCE
#include "unix.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <linux/sockios.h>

#include "../fs/file.h"
#include "../fs/fs_struct.h"
#include "../fs/vfs.h"
#include "../kernel/task.h"
#include "../mm/mm.h"

static LIST_HEAD(, unix_sock) bound = LIST_HEAD_INITIALIZER(bound);
static unsigned ordernum = 1;

static const struct sock_ops unix_stream_ops, unix_dgram_ops;

void unix_addr_put(struct unix_addr *a)
{
	if (a && --a->refs == 0)
		free(a);
}

int unix_validate(const struct sockaddr_storage *a, socklen_t len)
{
	if (len <= (socklen_t)offsetof(struct sockaddr_un, sun_path) ||
	    len > (socklen_t)sizeof(struct sockaddr_un))
		return -EINVAL;
	if (a->ss_family != AF_UNIX)
		return -EINVAL;
	return 0;
}

/* The name a bind asks for, as getsockname will give it back: a path is
 * cut at its NUL (unix_mkname_bsd), an abstract name keeps its length. */
static struct unix_addr *make_addr(const struct sockaddr_storage *a, socklen_t len)
{
	struct unix_addr *ua = calloc(1, sizeof(*ua));
	if (!ua)
		return NULL;
	ua->refs = 1;
	memcpy(&ua->ss, a, len);
	if (ua->sun.sun_path[0]) {
		char *p = (char *)&ua->ss;
		p[len] = '\0';
		ua->len = (socklen_t)(strlen(ua->sun.sun_path) +
				      offsetof(struct sockaddr_un, sun_path) + 1);
	} else {
		ua->len = len;
	}
	return ua;
}

static bool same_abstract(const struct unix_addr *x, const struct sockaddr_storage *a,
			  socklen_t len)
{
	return x->sun.sun_path[0] == '\0' && x->len == len &&
	       memcmp(x->sun.sun_path, ((const struct sockaddr_un *)a)->sun_path,
		      len - offsetof(struct sockaddr_un, sun_path)) == 0;
}

static void unbind(struct unix_sock *u)
{
	if (u->bound) {
		LIST_REMOVE(u, bound_link);
		u->bound = false;
	}
}

int unix_find(struct task *t, const struct sockaddr_un *a, socklen_t len, int type,
	      struct unix_sock **out)
{
	struct unix_sock *u, *found = NULL;
	if (a->sun_path[0]) {
		char name[sizeof(struct sockaddr_un) + 1];
		size_t n = len - offsetof(struct sockaddr_un, sun_path);
		memcpy(name, a->sun_path, n);
		name[n] = '\0';
		struct path p;
		int r = path_lookup(t, AT_FDCWD, name, LOOKUP_FOLLOW, &p);
		if (r < 0)
			return r;
		struct inode *ino = p.dentry->inode;
		r = inode_permission(t, ino, MAY_WRITE);
		if (r == 0 && !S_ISSOCK(ino->mode))
			r = -ECONNREFUSED;
		if (r == 0) {
			LIST_FOREACH(u, &bound, bound_link)
			{
				struct inode *bi = u->path.dentry ? u->path.dentry->inode : NULL;
				if (bi &&
				    (bi == ino || (bi->sb == ino->sb && bi->ino == ino->ino))) {
					found = u;
					break;
				}
			}
		}
		path_put(&p);
		if (r < 0)
			return r;
	} else {
		LIST_FOREACH(u, &bound, bound_link)
		{
			if (u->addr &&
			    same_abstract(u->addr, (const struct sockaddr_storage *)a, len)) {
				found = u;
				break;
			}
		}
	}
	if (!found)
		return -ECONNREFUSED;
	if (found->sk.type != type)
		return -EPROTOTYPE;
	sock_get(&found->sk);
	*out = found;
	return 0;
}

static bool abstract_taken(const struct sockaddr_storage *a, socklen_t len)
{
	struct unix_sock *u;
	LIST_FOREACH(u, &bound, bound_link)
	{
		if (u->addr && same_abstract(u->addr, a, len))
			return true;
	}
	return false;
}

/* A name "\0XXXXX" of five hex digits, not yet taken (unix_autobind). */
int unix_autobind(struct unix_sock *u)
{
	if (u->addr)
		return 0;
	struct sockaddr_storage ss;
	memset(&ss, 0, sizeof(ss));
	struct sockaddr_un *sun = (struct sockaddr_un *)&ss;
	sun->sun_family = AF_UNIX;
	socklen_t len = offsetof(struct sockaddr_un, sun_path) + 6;
	for (unsigned tries = 0; tries < 0x100000; tries++) {
		char buf[8];
		snprintf(buf, sizeof(buf), "%05x", ordernum++ & 0xfffff);
		memcpy(sun->sun_path + 1, buf, 5);
		if (!abstract_taken(&ss, len)) {
			u->addr = make_addr(&ss, len);
			if (!u->addr)
				return -ENOMEM;
			LIST_INSERT_HEAD(&bound, u, bound_link);
			u->bound = true;
			return 0;
		}
	}
	return -ENOSPC;
}

/* mknod of the socket file (unix_bind_bsd), leaving u->path on it. */
static int bind_path(struct task *t, struct unix_sock *u, const char *name)
{
	struct path parent;
	const char *last;
	char *lastbuf;
	bool trailing;
	int r = path_parent(t, AT_FDCWD, name, 0, &parent, &last, &lastbuf, &trailing);
	if (r < 0)
		return r;
	struct dentry *d = NULL;
	struct inode *dir = parent.dentry->inode;
	if (trailing)
		r = -ENOENT;
	else if (!strcmp(last, ".") || !strcmp(last, ".."))
		r = -EEXIST;
	else
		r = lookup_one(parent.dentry, last, &d);
	if (r == 0 && d->inode)
		r = -EADDRINUSE;
	if (r == 0)
		r = inode_permission(t, dir, MAY_WRITE | MAY_EXEC);
	if (r == 0 && path_readonly(&parent))
		r = -EROFS;
	if (r == 0 && dir->iops->prepare_write)
		r = dir->iops->prepare_write(parent.dentry);
	if (r == 0)
		r = dir->iops->mknod
			? dir->iops->mknod(dir, last, S_IFSOCK | (0777 & ~t->fs->umask), 0, t)
			: -EPERM;
	if (d) {
		/* The negative dentry is stale now: look the new file up. */
		d_drop(d);
		d_put(d);
		d = NULL;
	}
	if (r == 0 && u->addr) {
		/* Bound already: Linux makes the file, then undoes it. */
		if (dir->iops->unlink)
			dir->iops->unlink(dir, last);
		r = -EINVAL;
	}
	if (r == 0)
		r = lookup_one(parent.dentry, last, &d);
	if (r == 0 && !d->inode) {
		d_put(d);
		r = -ENOENT;
	}
	if (r == 0) {
		u->path.mnt = parent.mnt;
		u->path.dentry = d;
	}
	path_put(&parent);
	free(lastbuf);
	return r;
}

static int unix_bind(struct task *t, struct sock *sk, const struct sockaddr_storage *a,
		     socklen_t len)
{
	struct unix_sock *u = unix_sk(sk);
	/* Just the family: a name is made up (and an existing one kept). */
	if (len == (socklen_t)offsetof(struct sockaddr_un, sun_path) && a->ss_family == AF_UNIX)
		return unix_autobind(u);
	int r = unix_validate(a, len);
	if (r < 0)
		return r;
	if (u->addr && ((const struct sockaddr_un *)a)->sun_path[0] == '\0')
		return -EINVAL;
	struct unix_addr *ua = make_addr(a, len);
	if (!ua)
		return -ENOMEM;
	if (ua->sun.sun_path[0]) {
		r = bind_path(t, u, ua->sun.sun_path);
		if (r < 0) {
			unix_addr_put(ua);
			return r;
		}
	} else if (abstract_taken(a, len)) {
		unix_addr_put(ua);
		return -EADDRINUSE;
	}
	u->addr = ua;
	LIST_INSERT_HEAD(&bound, u, bound_link);
	u->bound = true;
	return 0;
}

static struct unix_sock *unix_alloc(struct task *t, int type)
{
	const struct sock_ops *ops = type == SOCK_DGRAM ? &unix_dgram_ops : &unix_stream_ops;
	struct sock *sk = sock_alloc(sizeof(struct unix_sock), ops, AF_UNIX, type, 0, t);
	if (!sk)
		return NULL;
	struct unix_sock *u = unix_sk(sk);
	TAILQ_INIT(&u->rq);
	TAILQ_INIT(&u->accq);
	u->state = US_CLOSE;
	sk->sndbuf = net_params()->wmem_default;
	return u;
}

int unix_create(struct task *t, int type, int protocol, struct sock **out)
{
	if (protocol && protocol != PF_UNIX)
		return -EPROTONOSUPPORT;
	switch (type) {
	case SOCK_RAW:
		type = SOCK_DGRAM; /* as Linux does */
		break;
	case SOCK_STREAM:
	case SOCK_DGRAM:
	case SOCK_SEQPACKET:
		break;
	default:
		return -ESOCKTNOSUPPORT;
	}
	struct unix_sock *u = unix_alloc(t, type);
	if (!u)
		return -ENOMEM;
	*out = &u->sk;
	return 0;
}

int unix_socketpair(struct task *t, int type, int protocol, struct sock **a, struct sock **b)
{
	int r = unix_create(t, type, protocol, a);
	if (r < 0)
		return r;
	r = unix_create(t, type, protocol, b);
	if (r < 0) {
		sock_put(*a);
		return r;
	}
	struct unix_sock *x = unix_sk(*a), *y = unix_sk(*b);
	x->peer = y;
	y->peer = x;
	sock_get(&x->sk);
	sock_get(&y->sk);
	x->state = y->state = US_ESTABLISHED;
	x->sk.peercred = y->sk.peercred = sock_cred_of(t);
	x->sk.has_peercred = y->sk.has_peercred = true;
	return 0;
}

static int connect_stream(struct sock_io *io, struct unix_sock *u, const struct sockaddr_storage *a,
			  socklen_t len)
{
	int r = unix_validate(a, len);
	if (r < 0)
		return r;
	if (u->sk.passcred && !u->addr && (r = unix_autobind(u)) < 0)
		return r;
	struct unix_sock *other;
	r = unix_find(io->t, (const struct sockaddr_un *)a, len, u->sk.type, &other);
	if (r < 0)
		return r;
	if (other->state != US_LISTEN || other->dead || (other->sk.shutdown & RCV_SHUTDOWN)) {
		sock_put(&other->sk);
		return -ECONNREFUSED;
	}
	if (other->acc_len > (unsigned)other->backlog) {
		/* The backlog is full: wait until an accept makes room. */
		sock_wait(io, &other->sk.wq);
		sock_put(&other->sk);
		return -EAGAIN;
	}
	/* Our own state is looked at only now, as unix_stream_connect does. */
	if (u->state != US_CLOSE) {
		sock_put(&other->sk);
		return u->state == US_ESTABLISHED ? -EISCONN : -EINVAL;
	}
	struct unix_sock *n = unix_alloc(io->t, u->sk.type);
	if (!n) {
		sock_put(&other->sk);
		return -ENOMEM;
	}
	/* The server's end: connected now, accepted later. */
	n->state = US_ESTABLISHED;
	n->peer = u;
	sock_get(&u->sk);
	n->sk.peercred = sock_cred_of(io->t);
	n->sk.has_peercred = true;
	n->sk.passcred = other->sk.passcred;
	n->sk.passsec = other->sk.passsec;
	n->addr = other->addr;
	if (n->addr)
		n->addr->refs++;
	u->peer = n;
	sock_get(&n->sk);
	u->state = US_ESTABLISHED;
	u->sk.peercred = other->sk.peercred;
	u->sk.has_peercred = other->sk.has_peercred;
	TAILQ_INSERT_TAIL(&other->accq, n, acc_link); /* the queue holds n's first reference */
	other->acc_len++;
	wake_up(&other->sk.wq);
	sock_put(&other->sk);
	return 0;
}

static int connect_dgram(struct sock_io *io, struct unix_sock *u, const struct sockaddr_storage *a,
			 socklen_t len)
{
	if (len < (socklen_t)sizeof(sa_family_t))
		return -EINVAL;
	struct unix_sock *other = NULL;
	if (a->ss_family != AF_UNSPEC) {
		int r = unix_validate(a, len);
		if (r < 0)
			return r;
		if (u->sk.passcred && !u->addr && (r = unix_autobind(u)) < 0)
			return r;
		r = unix_find(io->t, (const struct sockaddr_un *)a, len, u->sk.type, &other);
		if (r < 0)
			return r;
		/* unix_may_send: a connected socket takes only its peer's. */
		if (other->peer && other->peer != u) {
			sock_put(&other->sk);
			return -EPERM;
		}
	}
	struct unix_sock *old = u->peer;
	u->peer = other; /* our reference from unix_find */
	u->state = other ? US_ESTABLISHED : US_CLOSE;
	if (old && old != other && !TAILQ_EMPTY(&u->rq)) {
		/* unix_dgram_disconnected: what came is dropped, and an old
		 * peer connected to us hears of it. */
		struct unix_skb *skb;
		while ((skb = TAILQ_FIRST(&u->rq)) != NULL) {
			TAILQ_REMOVE(&u->rq, skb, link);
			unix_skb_free(skb);
		}
		u->rq_bytes = 0;
		u->rq_len = 0;
		if (!old->dead && old->peer == u)
			old->sk.err = ECONNRESET;
	}
	if (old) {
		wake_up(&old->sk.wq);
		sock_put(&old->sk);
	}
	wake_up(&u->sk.wq);
	return 0;
}

static int unix_connect(struct sock_io *io, struct sock *sk, const struct sockaddr_storage *a,
			socklen_t len)
{
	struct unix_sock *u = unix_sk(sk);
	if (sk->type == SOCK_DGRAM)
		return connect_dgram(io, u, a, len);
	return connect_stream(io, u, a, len);
}

static int unix_listen(struct task *t, struct sock *sk, int backlog)
{
	struct unix_sock *u = unix_sk(sk);
	if (sk->type != SOCK_STREAM && sk->type != SOCK_SEQPACKET)
		return -EOPNOTSUPP;
	if (!u->addr)
		return -EINVAL;
	if (u->state != US_CLOSE && u->state != US_LISTEN)
		return -EINVAL;
	if (backlog > u->backlog)
		wake_up(&sk->wq); /* room for waiting connects */
	u->backlog = backlog;
	u->state = US_LISTEN;
	sk->listening = true;
	sk->peercred = sock_cred_of(t);
	sk->has_peercred = true;
	return 0;
}

static int unix_accept(struct sock_io *io, struct sock *sk, struct sock **out)
{
	struct unix_sock *u = unix_sk(sk);
	if (sk->type != SOCK_STREAM && sk->type != SOCK_SEQPACKET)
		return -EOPNOTSUPP;
	if (u->state != US_LISTEN)
		return -EINVAL;
	struct unix_sock *n = TAILQ_FIRST(&u->accq);
	if (!n) {
		sock_wait(io, &sk->wq);
		return -EAGAIN;
	}
	TAILQ_REMOVE(&u->accq, n, acc_link);
	u->acc_len--;
	wake_up(&sk->wq); /* connects waiting for room */
	*out = &n->sk;
	return 0;
}

static int unix_shutdown(struct sock *sk, int how)
{
	struct unix_sock *u = unix_sk(sk);
	if (how < SHUT_RD || how > SHUT_RDWR)
		return -EINVAL;
	unsigned mode = (unsigned)(how + 1) & SHUTDOWN_MASK;
	sk->shutdown |= mode;
	wake_up(&sk->wq);
	struct unix_sock *p = u->peer;
	if (p && (sk->type == SOCK_STREAM || sk->type == SOCK_SEQPACKET)) {
		unsigned pm = 0;
		if (mode & RCV_SHUTDOWN)
			pm |= SEND_SHUTDOWN;
		if (mode & SEND_SHUTDOWN)
			pm |= RCV_SHUTDOWN;
		p->sk.shutdown |= pm;
		wake_up(&p->sk.wq);
	}
	return 0;
}

static void put_addr(const struct unix_addr *ua, struct sockaddr_storage *a, socklen_t *len)
{
	if (ua) {
		memcpy(a, &ua->ss, ua->len);
		*len = ua->len;
	} else {
		memset(a, 0, sizeof(sa_family_t));
		a->ss_family = AF_UNIX;
		*len = sizeof(sa_family_t);
	}
}

static int unix_getname(struct sock *sk, struct sockaddr_storage *a, socklen_t *len, bool peer)
{
	struct unix_sock *u = unix_sk(sk);
	if (peer) {
		if (!u->peer)
			return -ENOTCONN;
		put_addr(u->peer->addr, a, len);
	} else {
		put_addr(u->addr, a, len);
	}
	return 0;
}

static unsigned unix_poll(struct sock *sk, struct poll_table *pt)
{
	struct unix_sock *u = unix_sk(sk);
	poll_wait(pt, &sk->wq);
	unsigned mask = 0;
	if (sk->err)
		mask |= POLLERR;
	if (sk->shutdown == SHUTDOWN_MASK)
		mask |= POLLHUP;
	if (sk->shutdown & RCV_SHUTDOWN)
		mask |= POLLRDHUP | POLLIN | POLLRDNORM;
	if (!TAILQ_EMPTY(&u->rq) || !TAILQ_EMPTY(&u->accq))
		mask |= POLLIN | POLLRDNORM;
	if (u->has_oob)
		mask |= POLLPRI;
	if (sk->type != SOCK_DGRAM && u->state == US_CLOSE)
		mask |= POLLHUP;
	/* unix_writable: a quarter of the send budget is free. */
	bool writable = u->state != US_LISTEN && (u->wmem << 2) <= (size_t)sk->sndbuf;
	if (writable && sk->type == SOCK_DGRAM && u->peer && u->peer->peer != u &&
	    u->peer->rq_len > (unsigned)net_params()->max_dgram_qlen) {
		/* The peer's queue is full: wait for its reader too. */
		poll_wait(pt, &u->peer->sk.wq);
		writable = false;
	}
	if (writable)
		mask |= POLLOUT | POLLWRNORM | POLLWRBAND;
	return mask;
}

static long unix_ioctl(struct task *t, struct sock *sk, unsigned cmd, uint64_t arg)
{
	struct unix_sock *u = unix_sk(sk);
	int v;
	switch (cmd) {
	case SIOCINQ:
		if (u->state == US_LISTEN)
			return -EINVAL;
		v = unix_inq(u);
		break;
	case SIOCOUTQ:
		v = (int)u->wmem;
		break;
	case SIOCATMARK:
		v = u->has_oob && u->rq_bytes == 0;
		break;
	default:
		return -ENOTTY;
	}
	return copy_to_user(t->mm, arg, &v, sizeof(v)) < 0 ? -EFAULT : 0;
}

static int unix_setsockopt(struct task *t, struct sock *sk, int level, int name, const void *val,
			   socklen_t len)
{
	(void)t;
	(void)sk;
	(void)name;
	(void)val;
	(void)len;
	return level == SOL_SOCKET ? -ENOPROTOOPT : -EOPNOTSUPP;
}

static int unix_getsockopt(struct task *t, struct sock *sk, int level, int name, void *val,
			   socklen_t *len)
{
	(void)t;
	(void)sk;
	(void)name;
	(void)val;
	(void)len;
	return level == SOL_SOCKET ? -ENOPROTOOPT : -EOPNOTSUPP;
}

/* unix_release_sock: the socket goes; its peer hears of it, its queue
 * (and a listener's unaccepted connections) is dropped. */
static void release_sock(struct unix_sock *u, bool embryo)
{
	u->dead = true;
	unbind(u);
	u->state = US_CLOSE;
	u->sk.shutdown = SHUTDOWN_MASK;
	u->sk.listening = false;
	struct unix_sock *p = u->peer;
	u->peer = NULL;
	if (p) {
		if (u->sk.type != SOCK_DGRAM) {
			if (!TAILQ_EMPTY(&u->rq) || embryo)
				p->sk.err = ECONNRESET;
			p->sk.shutdown = SHUTDOWN_MASK;
		}
		wake_up(&p->sk.wq);
		sock_put(&p->sk);
	}
	struct unix_skb *skb;
	while ((skb = TAILQ_FIRST(&u->rq)) != NULL) {
		TAILQ_REMOVE(&u->rq, skb, link);
		unix_skb_free(skb);
	}
	u->rq_bytes = 0;
	u->rq_len = 0;
	struct unix_sock *n;
	while ((n = TAILQ_FIRST(&u->accq)) != NULL) {
		TAILQ_REMOVE(&u->accq, n, acc_link);
		u->acc_len--;
		release_sock(n, true);
		sock_put(&n->sk);
	}
	wake_up(&u->sk.wq);
}

static void unix_release(struct sock *sk)
{
	release_sock(unix_sk(sk), false);
}

static void unix_destroy(struct sock *sk)
{
	struct unix_sock *u = unix_sk(sk);
	if (!u->dead)
		release_sock(u, false);
	unbind(u);
	unix_addr_put(u->addr);
	path_put(&u->path);
	free(u);
}

static const struct sock_ops unix_stream_ops = {
	.bind = unix_bind,
	.connect = unix_connect,
	.listen = unix_listen,
	.accept = unix_accept,
	.sendmsg = unix_sendmsg,
	.recvmsg = unix_recvmsg,
	.shutdown = unix_shutdown,
	.getname = unix_getname,
	.setsockopt = unix_setsockopt,
	.getsockopt = unix_getsockopt,
	.poll = unix_poll,
	.ioctl = unix_ioctl,
	.release = unix_release,
	.destroy = unix_destroy,
};

static const struct sock_ops unix_dgram_ops = {
	.bind = unix_bind,
	.connect = unix_connect,
	.listen = unix_listen,
	.accept = unix_accept,
	.sendmsg = unix_sendmsg,
	.recvmsg = unix_recvmsg,
	.shutdown = unix_shutdown,
	.getname = unix_getname,
	.setsockopt = unix_setsockopt,
	.getsockopt = unix_getsockopt,
	.poll = unix_poll,
	.ioctl = unix_ioctl,
	.release = unix_release,
	.destroy = unix_destroy,
};
