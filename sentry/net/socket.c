/* Socket files and what every family shares (net/socket.c, net/core/sock.c,
 * net/core/scm.c): the socket file's operations, sockfs names, SOL_SOCKET
 * options, receiving control messages, the host's network settings. */
#define _GNU_SOURCE
#include "socket.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "../fs/fdtable.h"
#include "../fs/file.h"
#include "../fs/vfs.h"
#include "../kernel/sched.h"
#include "../kernel/signal.h"
#include "../kernel/task.h"
#include "../mm/mm.h"
#include "../mm/uio.h"
#include "../confine/host.h"

#define SOCK_MIN_SNDBUF 4608 /* 2 * (2048 + sizeof(struct sk_buff)), aligned */
#define SOCK_MIN_RCVBUF 2304

enum net_mode net_mode = NET_NONE;

/* --- host settings ------------------------------------------------------ */

static int read_ints(const char *path, int *v, int n)
{
	FILE *f = host_fopen(path, "re");
	if (!f)
		return 0;
	int got = 0;
	while (got < n && fscanf(f, "%d", &v[got]) == 1)
		got++;
	fclose(f);
	return got;
}

const struct net_params *net_params(void)
{
	static struct net_params p;
	static bool done;
	if (done)
		return &p;
	done = true;
	/* Linux's defaults, for what the host does not show. */
	p = (struct net_params){.wmem_default = 212992,
				.rmem_default = 212992,
				.wmem_max = 212992,
				.rmem_max = 212992,
				.optmem_max = 20480,
				.somaxconn = 4096,
				.max_dgram_qlen = 10,
				.tcp_wmem = 16384,
				.tcp_rmem = 131072,
				.port_lo = 32768,
				.port_hi = 60999,
				.unpriv_port = 1024};
	read_ints("/proc/sys/net/core/wmem_default", &p.wmem_default, 1);
	read_ints("/proc/sys/net/core/rmem_default", &p.rmem_default, 1);
	read_ints("/proc/sys/net/core/wmem_max", &p.wmem_max, 1);
	read_ints("/proc/sys/net/core/rmem_max", &p.rmem_max, 1);
	read_ints("/proc/sys/net/core/optmem_max", &p.optmem_max, 1);
	read_ints("/proc/sys/net/core/somaxconn", &p.somaxconn, 1);
	read_ints("/proc/sys/net/unix/max_dgram_qlen", &p.max_dgram_qlen, 1);
	int three[3];
	if (read_ints("/proc/sys/net/ipv4/tcp_wmem", three, 3) == 3)
		p.tcp_wmem = three[1];
	if (read_ints("/proc/sys/net/ipv4/tcp_rmem", three, 3) == 3)
		p.tcp_rmem = three[1];
	int range[2];
	if (read_ints("/proc/sys/net/ipv4/ip_local_port_range", range, 2) == 2 && range[0] > 0 &&
	    range[0] <= range[1] && range[1] < 65536) {
		p.port_lo = range[0];
		p.port_hi = range[1];
	}
	read_ints("/proc/sys/net/ipv4/ip_unprivileged_port_start", &p.unpriv_port, 1);
	return &p;
}

/* --- socks and socket files ------------------------------------------------- */

static uint64_t next_ino = 20000;
static struct super_block *sockfs;

struct sock *sock_alloc(size_t size, const struct sock_ops *ops, int family, int type, int protocol,
			struct task *t)
{
	struct sock *sk = calloc(1, size);
	if (!sk)
		return NULL;
	const struct net_params *np = net_params();
	sk->refs = 1;
	sk->ops = ops;
	sk->family = family;
	sk->type = type;
	sk->protocol = protocol;
	waitqueue_init(&sk->wq);
	sk->sndbuf = np->wmem_default;
	sk->rcvbuf = np->rmem_default;
	sk->rcvlowat = 1;
	sk->rcvtimeo = sk->sndtimeo = -1;
	sk->ino = next_ino++;
	if (t) {
		sk->uid = t->cred.fsuid;
		sk->gid = t->cred.fsgid;
	}
	return sk;
}

void sock_get(struct sock *sk)
{
	sk->refs++;
}

void sock_put(struct sock *sk)
{
	if (!sk || --sk->refs > 0)
		return;
	wake_up(&sk->wq);
	sk->ops->destroy(sk);
}

int sock_error(struct sock *sk)
{
	int e = sk->err;
	sk->err = 0;
	return -e;
}

struct ucred sock_cred_of(struct task *t)
{
	struct ucred c = {.pid = t->tg->tgid, .uid = t->cred.euid, .gid = t->cred.egid};
	return c;
}

void sock_wait(struct sock_io *io, struct waitqueue *wq)
{
	if (io->nonblock || !io->t)
		return;
	task_wait_on(io->t, wq);
	io->queued = true;
}

void sock_sigpipe(struct sock_io *io)
{
	if (!(io->flags & MSG_NOSIGNAL) && io->t)
		send_sig_kernel(io->t, SIGPIPE, NULL, false);
}

static ssize_t sock_read(struct task *t, struct file *f, struct uio *to, int64_t *pos)
{
	(void)pos;
	struct sock *sk = f->priv;
	struct sock_io io = {.t = t, .nonblock = true};
	struct sock_msg m = {.uio = to};
	ssize_t r = sk->ops->recvmsg(&io, sk, &m);
	/* Control messages have no place in read(2): drop passed files. */
	return r;
}

static ssize_t sock_write(struct task *t, struct file *f, struct uio *from, int64_t *pos)
{
	(void)pos;
	struct sock *sk = f->priv;
	struct sock_io io = {.t = t, .nonblock = true};
	struct sock_msg m = {.uio = from};
	return sk->ops->sendmsg(&io, sk, &m);
}

static unsigned sock_poll(struct file *f, struct poll_table *pt)
{
	struct sock *sk = f->priv;
	return sk->ops->poll(sk, pt);
}

static int sock_stat(struct file *f, struct stat *st)
{
	struct sock *sk = f->priv;
	memset(st, 0, sizeof(*st));
	st->st_dev = sockfs ? sockfs->dev : 0;
	st->st_ino = sk->ino;
	st->st_mode = S_IFSOCK | 0777;
	st->st_nlink = 1;
	st->st_uid = sk->uid;
	st->st_gid = sk->gid;
	st->st_blksize = 4096;
	return 0;
}

static long sock_ioctl(struct task *t, struct file *f, unsigned int cmd, uint64_t arg)
{
	struct sock *sk = f->priv;
	long r = sk->ops->ioctl ? sk->ops->ioctl(t, sk, cmd, arg) : -ENOTTY;
	/* sock_do_ioctl: what the family does not know may be a device
	 * ioctl (dev_ioctl), whatever the family. */
	return r == -ENOTTY ? netdev_ioctl(t, cmd, arg) : r;
}

static void sock_release(struct file *f)
{
	struct sock *sk = f->priv;
	sk->file = NULL;
	if (sk->ops->release)
		sk->ops->release(sk);
	wake_up(&sk->wq);
	sock_put(sk);
}

static const struct file_ops sock_fops = {
	.read = sock_read,
	.write = sock_write,
	.poll = sock_poll,
	.stat = sock_stat,
	.ioctl = sock_ioctl,
	.release = sock_release,
};

struct sock *sock_of(const struct file *f)
{
	return f && f->ops == &sock_fops ? f->priv : NULL;
}

static int sockfs_getattr(struct inode *ino, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = ino->sb->dev;
	st->st_ino = ino->ino;
	st->st_mode = ino->mode;
	st->st_nlink = 1;
	st->st_uid = ino->uid;
	st->st_gid = ino->gid;
	st->st_blksize = 4096;
	return 0;
}

static int sockfs_open(struct dentry *d, struct file *f, int flags)
{
	(void)d;
	(void)f;
	(void)flags;
	return -ENXIO; /* /proc/<pid>/fd/<n> of a socket cannot be opened */
}

static const struct inode_ops sockfs_iops = {
	.getattr = sockfs_getattr,
	.open = sockfs_open,
};

struct file *sock_file(struct sock *sk, unsigned flags)
{
	if (!sockfs && !(sockfs = anon_sb_new("sockfs"))) {
		sock_put(sk);
		return NULL;
	}
	struct file *f = file_alloc(&sock_fops, O_RDWR | (flags & O_NONBLOCK), sk);
	if (!f) {
		sock_put(sk);
		return NULL;
	}
	f->stream = true;
	sk->file = f;
	/* An anonymous name, so that /proc/<pid>/fd/<n> shows socket:[ino]. */
	struct inode *ino = inode_new(sockfs, S_IFSOCK | 0777, &sockfs_iops, NULL);
	if (ino) {
		ino->ino = sk->ino;
		ino->uid = sk->uid;
		ino->gid = sk->gid;
		char name[40];
		snprintf(name, sizeof(name), "socket:[%lu]", (unsigned long)sk->ino);
		if (anon_path(sockfs, name, ino, &f->path) == 0) {
			f->inode = ino;
			inode_get(ino);
		} else {
			inode_put(ino);
		}
	}
	return f;
}

/* --- control messages received --------------------------------------------- */

void sock_put_cmsg(struct task *t, struct sock_msg *m, int level, int type, const void *data,
		   size_t len)
{
	size_t room = m->controllen - m->control_used;
	if (!m->control || room < sizeof(struct cmsghdr)) {
		m->flags_out |= MSG_CTRUNC;
		return;
	}
	size_t full = CMSG_LEN(len);
	size_t n = full;
	if (n > room) {
		m->flags_out |= MSG_CTRUNC;
		n = room;
	}
	struct cmsghdr h = {.cmsg_len = n, .cmsg_level = level, .cmsg_type = type};
	uint64_t at = m->control + m->control_used;
	if (copy_to_user(t->mm, at, &h, sizeof(h)) < 0 ||
	    copy_to_user(t->mm, at + CMSG_LEN(0), data, n - CMSG_LEN(0)) < 0) {
		m->flags_out |= MSG_CTRUNC;
		return;
	}
	size_t adv = CMSG_SPACE(len);
	m->control_used += adv < room ? adv : room;
}

void sock_put_timestamp(struct task *t, struct sock *sk, struct sock_msg *m,
			const struct timespec *ts)
{
	if (!sk->rcvtstamp)
		return;
	/* The old and new forms differ in type only on 32-bit systems: here
	 * each is two 64-bit numbers. */
	int64_t v[2] = {ts->tv_sec, sk->rcvtstampns ? ts->tv_nsec : ts->tv_nsec / 1000};
	int type = sk->rcvtstampns ? (sk->tstamp_new ? SO_TIMESTAMPNS_NEW : SO_TIMESTAMPNS_OLD)
				   : (sk->tstamp_new ? SO_TIMESTAMP_NEW : SO_TIMESTAMP_OLD);
	sock_put_cmsg(t, m, SOL_SOCKET, type, v, sizeof(v));
}

void sock_put_fds(struct task *t, struct sock_msg *m, struct file **files, int n)
{
	size_t room = m->controllen > m->control_used ? m->controllen - m->control_used : 0;
	int fit = room > CMSG_LEN(0) ? (int)((room - CMSG_LEN(0)) / sizeof(int)) : 0;
	if (fit > n)
		fit = n;
	int fds[256];
	int done = 0;
	unsigned long limit = t->tg->rlim[RLIMIT_NOFILE].rlim_cur;
	if (m->control) {
		for (; done < fit && done < 256; done++) {
			int fd = fd_install(t->files, files[done], 0, m->cmsg_cloexec, limit);
			if (fd < 0)
				break;
			fds[done] = fd;
		}
	}
	if (done) {
		struct cmsghdr h = {.cmsg_len = CMSG_LEN(done * sizeof(int)),
				    .cmsg_level = SOL_SOCKET,
				    .cmsg_type = SCM_RIGHTS};
		uint64_t at = m->control + m->control_used;
		copy_to_user(t->mm, at, &h, sizeof(h));
		copy_to_user(t->mm, at + CMSG_LEN(0), fds, done * sizeof(int));
		size_t adv = CMSG_SPACE(done * sizeof(int));
		m->control_used += adv < room ? adv : room;
	}
	/* What did not fit is closed (scm_detach_fds). */
	if (done < n)
		m->flags_out |= MSG_CTRUNC;
	for (int i = done; i < n; i++)
		file_put(files[i]);
}

/* --- SOL_SOCKET options ------------------------------------------------------ */

static int get_int(const void *val, socklen_t len, int *out)
{
	if (len < (socklen_t)sizeof(int))
		return -EINVAL;
	memcpy(out, val, sizeof(int));
	return 0;
}

/* SO_RCVTIMEO / SO_SNDTIMEO (sock_set_timeout). */
static int set_timeout(int64_t *timeo, const void *val, socklen_t len)
{
	struct {
		int64_t sec, usec;
	} tv;
	if (len < (socklen_t)sizeof(tv))
		return -EINVAL;
	memcpy(&tv, val, sizeof(tv));
	if (tv.usec < 0 || tv.usec >= 1000000)
		return -EDOM;
	if (tv.sec < 0) {
		*timeo = 0;
		return 0;
	}
	if (tv.sec == 0 && tv.usec == 0) {
		*timeo = -1;
		return 0;
	}
	if (tv.sec > INT64_MAX / 1000000000LL - 1)
		*timeo = -1;
	else
		*timeo = tv.sec * 1000000000LL + tv.usec * 1000LL;
	return 0;
}

int sock_setsockopt(struct task *t, struct sock *sk, int name, const void *val, socklen_t len)
{
	const struct net_params *np = net_params();
	int v = 0;
	bool root = t->cred.euid == 0;
	switch (name) {
	case SO_RCVTIMEO_OLD:
	case SO_RCVTIMEO_NEW:
		return set_timeout(&sk->rcvtimeo, val, len);
	case SO_SNDTIMEO_OLD:
	case SO_SNDTIMEO_NEW:
		return set_timeout(&sk->sndtimeo, val, len);
	case SO_LINGER: {
		struct linger l;
		if (len < (socklen_t)sizeof(l))
			return -EINVAL;
		memcpy(&l, val, sizeof(l));
		sk->linger_onoff = l.l_onoff != 0;
		sk->linger_sec = l.l_onoff ? (l.l_linger < 0 ? INT_MAX : l.l_linger) : 0;
		return 0;
	}
	case SO_BINDTODEVICE:
		return root ? 0 : -EPERM;
	default:
		break;
	}
	int r = get_int(val, len, &v);
	if (r < 0)
		return r;
	switch (name) {
	case SO_DEBUG:
		return v && !root ? -EACCES : 0;
	case SO_REUSEADDR:
		sk->reuseaddr = v != 0;
		return 0;
	case SO_REUSEPORT:
		sk->reuseport = v != 0;
		return 0;
	case SO_DONTROUTE:
		sk->dontroute = v != 0;
		return 0;
	case SO_BROADCAST:
		sk->broadcast = v != 0;
		return 0;
	case SO_KEEPALIVE:
		sk->keepalive = v != 0;
		return 0;
	case SO_OOBINLINE:
		sk->oobinline = v != 0;
		return 0;
	case SO_PASSCRED:
		sk->passcred = v != 0;
		return 0;
	case SO_PASSSEC:
		sk->passsec = v != 0;
		return 0;
	case SO_TIMESTAMP_OLD:
	case SO_TIMESTAMPNS_OLD:
	case SO_TIMESTAMP_NEW:
	case SO_TIMESTAMPNS_NEW:
		/* sock_set_timestamp */
		if (v) {
			sk->tstamp_new = name == SO_TIMESTAMP_NEW || name == SO_TIMESTAMPNS_NEW;
			sk->rcvtstampns = name == SO_TIMESTAMPNS_OLD || name == SO_TIMESTAMPNS_NEW;
			sk->rcvtstamp = true;
		} else {
			sk->rcvtstamp = sk->rcvtstampns = false;
		}
		return 0;
	case SO_NO_CHECK:
	case SO_RXQ_OVFL:
	case SO_WIFI_STATUS:
	case SO_SELECT_ERR_QUEUE:
	case SO_BUSY_POLL:
	case SO_INCOMING_CPU:
	case SO_ZEROCOPY:
	case SO_TXTIME:
		return 0;
	case SO_PRIORITY:
		if ((v < 0 || v > 6) && !root)
			return -EPERM;
		sk->priority = v;
		return 0;
	case SO_MARK:
		if (!root)
			return -EPERM;
		sk->mark = v;
		return 0;
	case SO_SNDBUF:
	case SO_SNDBUFFORCE: {
		if (name == SO_SNDBUFFORCE && !root)
			return -EPERM;
		unsigned u = (unsigned)v;
		if (name == SO_SNDBUF && u > (unsigned)np->wmem_max)
			u = (unsigned)np->wmem_max;
		if (u > INT_MAX / 2)
			u = INT_MAX / 2;
		sk->sndbuf = (int)u * 2 > SOCK_MIN_SNDBUF ? (int)u * 2 : SOCK_MIN_SNDBUF;
		wake_up(&sk->wq);
		return 0;
	}
	case SO_RCVBUF:
	case SO_RCVBUFFORCE: {
		if (name == SO_RCVBUFFORCE && !root)
			return -EPERM;
		unsigned u = (unsigned)v;
		if (name == SO_RCVBUF && u > (unsigned)np->rmem_max)
			u = (unsigned)np->rmem_max;
		if (u > INT_MAX / 2)
			u = INT_MAX / 2;
		sk->rcvbuf = (int)u * 2 > SOCK_MIN_RCVBUF ? (int)u * 2 : SOCK_MIN_RCVBUF;
		return 0;
	}
	case SO_RCVLOWAT:
		sk->rcvlowat = v < 0 ? INT_MAX : (v ? v : 1);
		return 0;
	default:
		/* SO_TYPE, SO_ERROR, SO_PEERCRED... are read-only;
		 * SO_SNDLOWAT cannot be changed. */
		return -ENOPROTOOPT;
	}
}

static int put_val(void *val, socklen_t *len, const void *v, socklen_t vlen)
{
	if (*len > vlen)
		*len = vlen;
	memcpy(val, v, (size_t)*len);
	return 0;
}

int sock_getsockopt(struct task *t, struct sock *sk, int name, void *val, socklen_t *len)
{
	(void)t;
	int v;
	switch (name) {
	case SO_RCVTIMEO_OLD:
	case SO_RCVTIMEO_NEW:
	case SO_SNDTIMEO_OLD:
	case SO_SNDTIMEO_NEW: {
		int64_t ns = name == SO_RCVTIMEO_OLD || name == SO_RCVTIMEO_NEW ? sk->rcvtimeo
										: sk->sndtimeo;
		struct {
			int64_t sec, usec;
		} tv = {0, 0};
		if (ns > 0) {
			tv.sec = ns / 1000000000LL;
			tv.usec = (ns % 1000000000LL) / 1000;
		}
		return put_val(val, len, &tv, sizeof(tv));
	}
	case SO_LINGER: {
		struct linger l = {.l_onoff = sk->linger_onoff, .l_linger = sk->linger_sec};
		return put_val(val, len, &l, sizeof(l));
	}
	case SO_PEERCRED: {
		struct ucred c = {.pid = 0, .uid = (uid_t)-1, .gid = (gid_t)-1};
		if (sk->has_peercred)
			c = sk->peercred;
		return put_val(val, len, &c, sizeof(c));
	}
	case SO_PEERNAME: {
		struct sockaddr_storage a;
		socklen_t alen = sizeof(a);
		if (!sk->ops->getname || sk->ops->getname(sk, &a, &alen, true) < 0)
			return -ENOTCONN;
		if (*len < alen)
			return -EINVAL;
		*len = alen;
		memcpy(val, &a, alen);
		return 0;
	}
	case SO_BINDTODEVICE:
		*len = 0;
		return 0;
	case SO_PEERSEC:
		return -ENOPROTOOPT;
	case SO_COOKIE: {
		uint64_t c = sk->ino;
		return put_val(val, len, &c, sizeof(c));
	}
	case SO_DEBUG:
		v = 0;
		break;
	case SO_REUSEADDR:
		v = sk->reuseaddr;
		break;
	case SO_REUSEPORT:
		v = sk->reuseport;
		break;
	case SO_TYPE:
		v = sk->type;
		break;
	case SO_PROTOCOL:
		v = sk->protocol;
		break;
	case SO_DOMAIN:
		v = sk->family;
		break;
	case SO_ERROR:
		v = -sock_error(sk);
		break;
	case SO_DONTROUTE:
		v = sk->dontroute;
		break;
	case SO_BROADCAST:
		v = sk->broadcast;
		break;
	case SO_SNDBUF:
		v = sk->sndbuf;
		break;
	case SO_RCVBUF:
		v = sk->rcvbuf;
		break;
	case SO_KEEPALIVE:
		v = sk->keepalive;
		break;
	case SO_OOBINLINE:
		v = sk->oobinline;
		break;
	case SO_NO_CHECK:
		v = 0;
		break;
	case SO_PRIORITY:
		v = sk->priority;
		break;
	case SO_RCVLOWAT:
		v = sk->rcvlowat;
		break;
	case SO_SNDLOWAT:
		v = 1;
		break;
	case SO_PASSCRED:
		v = sk->passcred;
		break;
	case SO_PASSSEC:
		v = sk->passsec;
		break;
	case SO_TIMESTAMP_OLD:
		v = sk->rcvtstamp && !sk->tstamp_new && !sk->rcvtstampns;
		break;
	case SO_TIMESTAMPNS_OLD:
		v = sk->rcvtstampns && !sk->tstamp_new;
		break;
	case SO_TIMESTAMP_NEW:
		v = sk->rcvtstamp && sk->tstamp_new;
		break;
	case SO_TIMESTAMPNS_NEW:
		v = sk->rcvtstampns && sk->tstamp_new;
		break;
	case SO_ACCEPTCONN:
		v = sk->listening;
		break;
	case SO_MARK:
		v = sk->mark;
		break;
	case SO_RXQ_OVFL:
	case SO_WIFI_STATUS:
	case SO_SELECT_ERR_QUEUE:
	case SO_BUSY_POLL:
	case SO_ZEROCOPY:
		v = 0;
		break;
	case SO_INCOMING_CPU:
		v = -1;
		break;
	default:
		return -ENOPROTOOPT;
	}
	return put_val(val, len, &v, sizeof(v));
}
