/* Sending and receiving on sockets (net/socket.c ___sys_sendmsg,
 * ___sys_recvmsg, the mmsg forms; net/core/scm.c for control messages):
 * the guest's msghdr in, the family's operation, the results out, and the
 * waiting of blocking calls. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "../fs/fdtable.h"
#include "../fs/file.h"
#include "../kernel/cred.h"
#include "../kernel/sched.h"
#include "../kernel/task.h"
#include "../mm/mm.h"
#include "../mm/uio.h"
#include "../net/socket.h"
#include "sys_socket.h"
#include "syscalls.h"

#define SCM_MAX_FD 253

static void drop_fds(struct sock_msg *m)
{
	for (int i = 0; i < m->nfds; i++)
		file_put(m->fds[i]);
	free(m->fds);
	m->fds = NULL;
	m->nfds = 0;
}

/* SCM_CREDENTIALS must be the sender's own unless privileged
 * (scm_check_creds). */
static int check_creds(struct task *t, const struct ucred *c)
{
	bool root = t->cred.euid == 0;
	if (c->pid != t->tg->tgid && !root)
		return -EPERM;
	if (c->uid != t->cred.uid && c->uid != t->cred.euid && c->uid != t->cred.suid && !root)
		return -EPERM;
	if (c->gid != t->cred.gid && c->gid != t->cred.egid && c->gid != t->cred.sgid && !root)
		return -EPERM;
	return 0;
}

/* __scm_send: the control messages of a send, files referenced. */
static int parse_control(struct task *t, struct sock *sk, const char *buf, size_t len,
			 struct sock_msg *m)
{
	size_t off = 0;
	bool inet = sk->family == AF_INET || sk->family == AF_INET6;
	while (len - off >= sizeof(struct cmsghdr)) {
		struct cmsghdr h;
		memcpy(&h, buf + off, sizeof(h));
		if (h.cmsg_len < sizeof(struct cmsghdr) || h.cmsg_len > len - off)
			return -EINVAL;
		const char *data = buf + off + CMSG_LEN(0);
		size_t dlen = h.cmsg_len - CMSG_LEN(0);
		if (h.cmsg_level == SOL_SOCKET && inet) {
			/* __sock_cmsg_send: SCM_RIGHTS and SCM_CREDENTIALS
			 * mean nothing here and are let be. */
			switch (h.cmsg_type) {
			case SO_MARK:
				if (!capable(t, CAP_NET_RAW) && !capable(t, CAP_NET_ADMIN))
					return -EPERM;
				if (h.cmsg_len != CMSG_LEN(sizeof(uint32_t)))
					return -EINVAL;
				break;
			case SO_TIMESTAMPING_OLD:
				if (h.cmsg_len != CMSG_LEN(sizeof(uint32_t)))
					return -EINVAL;
				break;
			case SCM_TXTIME:
				if (h.cmsg_len != CMSG_LEN(sizeof(uint64_t)))
					return -EINVAL;
				break;
			case SCM_RIGHTS:
			case SCM_CREDENTIALS:
				break;
			default:
				return -EINVAL;
			}
		} else if (h.cmsg_level == SOL_SOCKET) {
			switch (h.cmsg_type) {
			case SCM_RIGHTS: {
				if (sk->family != AF_UNIX)
					return -EINVAL;
				int n = (int)(dlen / sizeof(int));
				if (n <= 0)
					break;
				if (m->nfds + n > SCM_MAX_FD)
					return -EINVAL;
				struct file **nf =
				    realloc(m->fds, sizeof(*nf) * (size_t)(m->nfds + n));
				if (!nf)
					return -ENOMEM;
				m->fds = nf;
				for (int i = 0; i < n; i++) {
					int fd;
					memcpy(&fd, data + i * sizeof(int), sizeof(fd));
					struct file *f = fd_get(t->files, fd);
					if (!f)
						return -EBADF;
					file_get(f);
					m->fds[m->nfds++] = f;
				}
				break;
			}
			case SCM_CREDENTIALS: {
				if (h.cmsg_len != CMSG_LEN(sizeof(struct ucred)))
					return -EINVAL;
				struct ucred c;
				memcpy(&c, data, sizeof(c));
				int r = check_creds(t, &c);
				if (r < 0)
					return r;
				m->creds = c;
				m->has_creds = true;
				break;
			}
			default:
				return -EINVAL;
			}
		}
		size_t step = CMSG_ALIGN(h.cmsg_len);
		if (step > len - off)
			break;
		off += step;
	}
	return 0;
}

/* The control buffer of a send: copied in and parsed (first run only). */
static int send_control(struct task *t, struct sock *sk, uint64_t uctl, uint64_t len,
			struct sock_msg *m)
{
	if (!len)
		return 0;
	if (len > INT32_MAX || len > (uint64_t)net_params()->optmem_max)
		return -ENOBUFS;
	char *buf = malloc(len);
	if (!buf)
		return -ENOBUFS;
	int r = copy_from_user(t->mm, buf, uctl, len) < 0 ? -EFAULT : 0;
	if (r == 0 && net_mode == NET_HOST && sk->family != AF_UNIX) {
		/* A host socket takes the bytes as they are. */
		m->raw_control = buf;
		m->raw_controllen = len;
		return 0;
	}
	if (r == 0)
		r = parse_control(t, sk, buf, len, m);
	if (r == 0 && (sk->family == AF_INET || sk->family == AF_INET6)) {
		/* The protocol's levels are the family's to read. */
		m->raw_control = buf;
		m->raw_controllen = len;
		return 0;
	}
	free(buf);
	return r;
}

static bool nonblocking(struct file *f, int flags)
{
	return (flags & MSG_DONTWAIT) || (f->flags & O_NONBLOCK);
}

static void set_bytes(struct task *t, size_t done)
{
	t->sc.progress = (t->sc.progress & ~PROG_BYTES(~0ULL)) | done;
}

/* One message out: bytes, -errno, or -SBX_BLOCK (the bytes so far are
 * kept in t->sc.progress). */
static long send_one(struct task *t, struct sock *sk, struct file *f, struct sock_msg *m, int flags)
{
	size_t done = PROG_BYTES(t->sc.progress);
	if (done)
		uio_skip(m->uio, done);
	bool nb = nonblocking(f, flags);
	struct sock_io io = {
	    .t = t, .flags = flags, .nonblock = nb, .rerun = t->sc.started_ns != 0};
	if (!t->sc.started_ns)
		t->sc.started_ns = now_ns();
	for (;;) {
		ssize_t r = sk->ops->sendmsg(&io, sk, m);
		if (r >= 0) {
			done += (size_t)r;
			set_bytes(t, done);
			if (r > 0 && m->uio->resid && sk->type == SOCK_STREAM && !nb)
				continue; /* a blocking stream send takes everything */
			return (long)done;
		}
		if (r == -EAGAIN) {
			if (done && nb)
				return (long)done;
			long b = sock_block(t, sk, &io, sk->sndtimeo, -EAGAIN);
			if (b == -SBX_BLOCK)
				return b;
			return done ? (long)done : b;
		}
		return done ? (long)done : r;
	}
}

static long recv_one(struct task *t, struct sock *sk, struct file *f, struct sock_msg *m, int flags)
{
	size_t done = PROG_BYTES(t->sc.progress);
	if (done)
		uio_skip(m->uio, done);
	bool nb = nonblocking(f, flags);
	struct sock_io io = {
	    .t = t, .flags = flags, .nonblock = nb, .rerun = t->sc.started_ns != 0};
	if (!t->sc.started_ns)
		t->sc.started_ns = now_ns();
	bool waitall = (flags & MSG_WAITALL) && !(flags & MSG_PEEK) && sk->type == SOCK_STREAM;
	for (;;) {
		ssize_t r = sk->ops->recvmsg(&io, sk, m);
		if (r > 0 && waitall && m->uio->resid && !nb) {
			done += (size_t)r;
			set_bytes(t, done);
			continue;
		}
		if (r >= 0)
			return (long)(done + (size_t)r);
		if (r == -EAGAIN) {
			long b = sock_block(t, sk, &io, sk->rcvtimeo, -EAGAIN);
			if (b == -SBX_BLOCK)
				return b;
			return done ? (long)done : b;
		}
		return done ? (long)done : r;
	}
}

SYSCALL(sendto)
{
	struct file *f;
	int err;
	struct sock *sk = sockfd_lookup(t, (int)a[0], &f, &err);
	if (!sk)
		return err;
	struct uio u;
	uio_init(&u, t->mm, a[1], a[2] > MAX_RW_COUNT ? MAX_RW_COUNT : a[2]);
	struct sock_msg m = {.uio = &u};
	if (a[4]) {
		int r = sock_copy_addr_in(t, a[4], (int)a[5], &m.addr);
		if (r < 0)
			return r;
		m.addrlen = (socklen_t)(int)a[5];
	}
	return send_one(t, sk, f, &m, (int)a[3]);
}

SYSCALL(recvfrom)
{
	struct file *f;
	int err;
	struct sock *sk = sockfd_lookup(t, (int)a[0], &f, &err);
	if (!sk)
		return err;
	struct uio u;
	uio_init(&u, t->mm, a[1], a[2] > MAX_RW_COUNT ? MAX_RW_COUNT : a[2]);
	struct sock_msg m = {.uio = &u};
	long r = recv_one(t, sk, f, &m, (int)a[3]);
	if (r >= 0 && a[4]) {
		int e = sock_copy_addr_out(t, &m.addr, m.addrlen, a[4], a[5]);
		if (e < 0)
			return e;
	}
	return r;
}

/* One msghdr of sendmsg/sendmmsg. */
static long sendmsg_one(struct task *t, struct sock *sk, struct file *f, uint64_t umsg, int flags)
{
	struct msghdr mh;
	if (copy_from_user(t->mm, &mh, umsg, sizeof(mh)) < 0)
		return -EFAULT;
	if (mh.msg_iovlen > UIO_MAXIOV)
		return -EMSGSIZE;
	struct uio u;
	struct sock_msg m = {.uio = &u};
	if (mh.msg_name && mh.msg_namelen) {
		socklen_t nl = mh.msg_namelen > sizeof(m.addr) ? sizeof(m.addr) : mh.msg_namelen;
		int r = sock_copy_addr_in(t, (uint64_t)mh.msg_name, (int)nl, &m.addr);
		if (r < 0)
			return r;
		m.addrlen = nl;
	}
	int r = uio_init_iov(&u, t->mm, (uint64_t)mh.msg_iov, (int)mh.msg_iovlen);
	if (r < 0) {
		uio_fini(&u);
		return r;
	}
	/* The control part goes with the first bytes only. */
	if (!PROG_BYTES(t->sc.progress))
		r = send_control(t, sk, (uint64_t)mh.msg_control, mh.msg_controllen, &m);
	long ret = r < 0 ? r : send_one(t, sk, f, &m, flags);
	drop_fds(&m);
	free(m.raw_control);
	uio_fini(&u);
	return ret;
}

static long recvmsg_one(struct task *t, struct sock *sk, struct file *f, uint64_t umsg, int flags)
{
	struct msghdr mh;
	if (copy_from_user(t->mm, &mh, umsg, sizeof(mh)) < 0)
		return -EFAULT;
	if (mh.msg_iovlen > UIO_MAXIOV)
		return -EMSGSIZE;
	if ((int)mh.msg_namelen < 0)
		return -EINVAL;
	struct uio u;
	int r = uio_init_iov(&u, t->mm, (uint64_t)mh.msg_iov, (int)mh.msg_iovlen);
	if (r < 0) {
		uio_fini(&u);
		return r;
	}
	struct sock_msg m = {.uio = &u,
			     .control = (uint64_t)mh.msg_control,
			     .controllen = mh.msg_controllen,
			     .cmsg_cloexec = flags & MSG_CMSG_CLOEXEC};
	long ret = recv_one(t, sk, f, &m, flags & ~MSG_CMSG_CLOEXEC);
	uio_fini(&u);
	if (ret < 0)
		return ret;
	/* The results: name, control length and flags (___sys_recvmsg). */
	uint64_t base = umsg;
	if (mh.msg_name) {
		r = sock_copy_addr_out(t, &m.addr, m.addrlen, (uint64_t)mh.msg_name,
				       base + offsetof(struct msghdr, msg_namelen));
		if (r < 0)
			return r;
	} else {
		socklen_t zero = 0;
		if (copy_to_user(t->mm, base + offsetof(struct msghdr, msg_namelen), &zero,
				 sizeof(zero)) < 0)
			return -EFAULT;
	}
	size_t used = m.control_used;
	int fl = m.flags_out;
	if (copy_to_user(t->mm, base + offsetof(struct msghdr, msg_controllen), &used,
			 sizeof(used)) < 0 ||
	    copy_to_user(t->mm, base + offsetof(struct msghdr, msg_flags), &fl, sizeof(fl)) < 0)
		return -EFAULT;
	return ret;
}

SYSCALL(sendmsg)
{
	struct file *f;
	int err;
	struct sock *sk = sockfd_lookup(t, (int)a[0], &f, &err);
	if (!sk)
		return err;
	return sendmsg_one(t, sk, f, a[1], (int)a[2]);
}

SYSCALL(recvmsg)
{
	struct file *f;
	int err;
	struct sock *sk = sockfd_lookup(t, (int)a[0], &f, &err);
	if (!sk)
		return err;
	return recvmsg_one(t, sk, f, a[1], (int)a[2]);
}

#define MMSG_SIZE sizeof(struct mmsghdr)

SYSCALL(sendmmsg)
{
	struct file *f;
	int err;
	struct sock *sk = sockfd_lookup(t, (int)a[0], &f, &err);
	if (!sk)
		return err;
	unsigned vlen = (unsigned)a[2];
	if (vlen > UIO_MAXIOV)
		vlen = UIO_MAXIOV;
	unsigned i = (unsigned)PROG_MSGS(t->sc.progress);
	long r = 0;
	for (; i < vlen; i++) {
		uint64_t e = a[1] + i * MMSG_SIZE;
		r = sendmsg_one(t, sk, f, e, (int)a[3]);
		if (r == -SBX_BLOCK)
			return r;
		if (r < 0)
			break;
		unsigned len = (unsigned)r;
		if (copy_to_user(t->mm, e + offsetof(struct mmsghdr, msg_len), &len, sizeof(len)) <
		    0) {
			r = -EFAULT;
			break;
		}
		t->sc.progress = (t->sc.progress & PROG_TIMEO) | ((uint64_t)(i + 1) << 40);
	}
	return i ? (long)i : r;
}

SYSCALL(recvmmsg)
{
	struct file *f;
	int err;
	struct sock *sk = sockfd_lookup(t, (int)a[0], &f, &err);
	if (!sk)
		return err;
	unsigned vlen = (unsigned)a[2];
	if (vlen > UIO_MAXIOV)
		vlen = UIO_MAXIOV;
	int flags = (int)a[3];
	unsigned i = (unsigned)PROG_MSGS(t->sc.progress);
	if (a[4] && !t->sc.started_ns) {
		struct timespec ts;
		if (copy_from_user(t->mm, &ts, a[4], sizeof(ts)) < 0)
			return -EFAULT;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000L)
			return -EINVAL;
		/* The end, checked between datagrams as Linux does. */
		t->sc.deadline_ns =
		    now_ns() + (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
	}
	long r = 0;
	for (; i < vlen; i++) {
		int fl = flags & ~MSG_WAITFORONE;
		if (i && (flags & MSG_WAITFORONE))
			fl |= MSG_DONTWAIT;
		uint64_t e = a[1] + i * MMSG_SIZE;
		r = recvmsg_one(t, sk, f, e, fl);
		if (r == -SBX_BLOCK)
			return r;
		if (r < 0)
			break;
		unsigned len = (unsigned)r;
		if (copy_to_user(t->mm, e + offsetof(struct mmsghdr, msg_len), &len, sizeof(len)) <
		    0) {
			r = -EFAULT;
			break;
		}
		t->sc.progress = (t->sc.progress & PROG_TIMEO) | ((uint64_t)(i + 1) << 40);
		if (a[4] && now_ns() >= t->sc.deadline_ns) {
			i++;
			break;
		}
	}
	if (a[4] && i) {
		uint64_t now = now_ns();
		uint64_t left = t->sc.deadline_ns > now ? t->sc.deadline_ns - now : 0;
		struct timespec ts = {(time_t)(left / 1000000000ULL), (long)(left % 1000000000ULL)};
		if (copy_to_user(t->mm, a[4], &ts, sizeof(ts)) < 0)
			return -EFAULT;
	}
	if (i == 0)
		return r;
	if (r < 0 && r != -EAGAIN)
		sk->err = (int)-r; /* reported by the next call */
	return (long)i;
}
