/* Unix domain sockets: queues, sending and receiving (net/unix/af_unix.c
 * unix_stream_sendmsg, unix_dgram_sendmsg and their recvmsg), with
 * SCM_RIGHTS and SCM_CREDENTIALS.  A sender is charged for what it has
 * queued (SO_SNDBUF), until the receiver takes it. */
#define _GNU_SOURCE
#include "unix.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../fs/file.h"
#include "../kernel/det.h"
#include "../kernel/task.h"
#include "../mm/uio.h"

/* What an skb costs its sender besides its data (skb truesize). */
#define SKB_OVERHEAD 768
#define STREAM_CHUNK 65536

bool unix_wmem_full(const struct unix_sock *u)
{
	return u->wmem >= (size_t)u->sk.sndbuf;
}

int unix_inq(struct unix_sock *u)
{
	if (u->sk.type != SOCK_DGRAM)
		return (int)u->rq_bytes;
	struct unix_skb *skb = TAILQ_FIRST(&u->rq);
	return skb ? (int)skb->len : 0;
}

void unix_skb_free(struct unix_skb *skb)
{
	for (int i = 0; i < skb->nfds; i++)
		if (skb->fds[i])
			file_put(skb->fds[i]);
	free(skb->fds);
	if (skb->from) {
		skb->from->wmem -= skb->charge;
		wake_up(&skb->from->sk.wq); /* room to write again */
		sock_put(&skb->from->sk);
	}
	unix_addr_put(skb->addr);
	free(skb->data);
	free(skb);
}

/* A new skb of @n bytes copied from the message, charged to @u, with the
 * message's files (taken over) when @with_fds. */
static struct unix_skb *skb_new(struct sock_io *io, struct unix_sock *u, struct sock_msg *m,
				size_t n, bool with_fds, int *err)
{
	struct unix_skb *skb = calloc(1, sizeof(*skb));
	char *data = n ? malloc(n) : NULL;
	if (!skb || (n && !data)) {
		free(skb);
		free(data);
		*err = -ENOMEM;
		return NULL;
	}
	if (n) {
		struct uio save = *m->uio;
		ssize_t c = uio_copyin(m->uio, data, n);
		if (c != (ssize_t)n) {
			*m->uio = save;
			free(skb);
			free(data);
			*err = c < 0 ? (int)c : -EFAULT;
			return NULL;
		}
	}
	skb->data = data;
	skb->len = n;
	skb->charge = n + SKB_OVERHEAD;
	skb->from = u;
	sock_get(&u->sk);
	u->wmem += skb->charge;
	skb->addr = u->addr;
	if (skb->addr)
		skb->addr->refs++;
	if (m->has_creds) {
		skb->cred = m->creds;
	} else {
		skb->cred.pid = io->t->tg->tgid;
		skb->cred.uid = io->t->cred.uid;
		skb->cred.gid = io->t->cred.gid;
	}
	if (with_fds && m->nfds) {
		skb->fds = m->fds;
		skb->nfds = m->nfds;
		m->fds = NULL;
		m->nfds = 0;
	}
	return skb;
}

static void enqueue(struct unix_sock *to, struct unix_skb *skb)
{
	clock_realtime(&skb->tstamp);
	TAILQ_INSERT_TAIL(&to->rq, skb, link);
	to->rq_bytes += skb->len;
	to->rq_len++;
	wake_up(&to->sk.wq);
}

/* MSG_OOB: the last byte goes apart, for recv(MSG_OOB) (queue_oob;
 * sbx does not stop normal reads at the byte's mark). */
static int send_oob(struct sock_io *io, struct unix_sock *u, struct unix_sock *other,
		    struct sock_msg *m)
{
	char c;
	if (uio_copyin(m->uio, &c, 1) != 1)
		return -EFAULT;
	if (other->sk.oobinline) {
		struct sock_msg one = *m;
		struct uio ku;
		uio_init_kernel(&ku, &c, 1);
		one.uio = &ku;
		int err;
		struct unix_skb *skb = skb_new(io, u, &one, 1, false, &err);
		if (!skb)
			return err;
		TAILQ_INSERT_TAIL(&other->rq, skb, link);
		other->rq_bytes++;
		other->rq_len++;
	} else {
		other->oob = c;
		other->has_oob = true;
	}
	wake_up(&other->sk.wq);
	return 0;
}

static ssize_t stream_send(struct sock_io *io, struct unix_sock *u, struct sock_msg *m)
{
	if (m->addrlen)
		return u->state == US_ESTABLISHED ? -EISCONN : -EOPNOTSUPP;
	struct unix_sock *other = u->peer;
	if (!other || u->state != US_ESTABLISHED)
		return -ENOTCONN;
	bool oob = io->flags & MSG_OOB;
	size_t sent = 0, want = m->uio->resid;
	if (oob && !want)
		return -EINVAL;
	if (oob)
		want--;
	if (u->sk.shutdown & SEND_SHUTDOWN)
		goto pipe_err;
	while (sent < want) {
		if (other->dead || (other->sk.shutdown & RCV_SHUTDOWN))
			goto pipe_err;
		if (unix_wmem_full(u)) {
			if (sent)
				return (ssize_t)sent;
			sock_wait(io, &u->sk.wq);
			return -EAGAIN;
		}
		size_t n = want - sent;
		size_t cap = (size_t)(u->sk.sndbuf / 2 - 64);
		if (n > cap)
			n = cap;
		if (n > STREAM_CHUNK)
			n = STREAM_CHUNK;
		int err;
		struct unix_skb *skb = skb_new(io, u, m, n, sent == 0, &err);
		if (!skb)
			return sent ? (ssize_t)sent : err;
		enqueue(other, skb);
		sent += n;
	}
	if (oob) {
		if (other->dead || (other->sk.shutdown & RCV_SHUTDOWN))
			goto pipe_err;
		int r = send_oob(io, u, other, m);
		if (r < 0)
			return sent ? (ssize_t)sent : r;
		sent++;
	}
	return (ssize_t)sent;
pipe_err:
	if (sent)
		return (ssize_t)sent;
	sock_sigpipe(io);
	return -EPIPE;
}

static ssize_t dgram_send(struct sock_io *io, struct unix_sock *u, struct sock_msg *m)
{
	int r;
	bool seqpacket = u->sk.type == SOCK_SEQPACKET;
	if (seqpacket) {
		if (u->state != US_ESTABLISHED)
			return -ENOTCONN;
		m->addrlen = 0; /* the peer is the only destination */
	}
	if (m->addrlen) {
		if ((r = unix_validate(&m->addr, m->addrlen)) < 0)
			return r;
	} else if (!u->peer) {
		return -ENOTCONN;
	}
	if (u->sk.passcred && !u->addr && (r = unix_autobind(u)) < 0)
		return r;
	size_t len = m->uio->resid;
	if (len > (size_t)u->sk.sndbuf - 32)
		return -EMSGSIZE;
	if (seqpacket && ((u->sk.shutdown & SEND_SHUTDOWN) || u->peer->dead))
		return -EPIPE; /* without SIGPIPE, unlike streams */
	if (unix_wmem_full(u)) {
		sock_wait(io, &u->sk.wq);
		return -EAGAIN;
	}
	struct unix_sock *other;
	r = 0;
	if (m->addrlen) {
		r = unix_find(io->t, (const struct sockaddr_un *)&m->addr, m->addrlen, u->sk.type,
			      &other);
		if (r < 0)
			return r;
	} else {
		other = u->peer;
		sock_get(&other->sk);
	}
	if (other->dead) {
		/* Our peer is gone: forget it (unix_dgram_disconnected). */
		if (other == u->peer) {
			u->peer = NULL;
			u->state = US_CLOSE;
			sock_put(&other->sk);
		}
		sock_put(&other->sk);
		return -ECONNREFUSED;
	}
	if (other->peer && other->peer != u)
		r = -EPERM;
	else if (other->sk.shutdown & RCV_SHUTDOWN)
		r = -EPIPE;
	else if (other != u && other->peer != u &&
		 other->rq_len > (unsigned)net_params()->max_dgram_qlen) {
		sock_wait(io, &other->sk.wq); /* its reader makes room */
		r = -EAGAIN;
	}
	if (r == 0) {
		struct unix_skb *skb = skb_new(io, u, m, len, true, &r);
		if (skb)
			enqueue(other, skb);
	}
	sock_put(&other->sk);
	return r < 0 ? r : (ssize_t)len;
}

ssize_t unix_sendmsg(struct sock_io *io, struct sock *sk, struct sock_msg *m)
{
	if (sk->type == SOCK_STREAM)
		return stream_send(io, unix_sk(sk), m);
	if (io->flags & MSG_OOB)
		return -EOPNOTSUPP;
	return dgram_send(io, unix_sk(sk), m);
}

/* --- receiving ------------------------------------------------------------ */

static void take_skb(struct unix_sock *u, struct unix_skb *skb)
{
	TAILQ_REMOVE(&u->rq, skb, link);
	u->rq_len--;
	unix_skb_free(skb);
	wake_up(&u->sk.wq); /* senders waiting for room in our queue */
}

/* Files of @skb for the receiver: taken over, or new references when
 * only peeking. */
static struct file **skb_files(struct unix_skb *skb, bool peek, int *n)
{
	*n = skb->nfds;
	if (!skb->nfds)
		return NULL;
	if (!peek) {
		struct file **f = skb->fds;
		skb->fds = NULL;
		skb->nfds = 0;
		return f;
	}
	struct file **f = malloc(sizeof(*f) * (size_t)skb->nfds);
	if (!f) {
		*n = 0;
		return NULL;
	}
	for (int i = 0; i < skb->nfds; i++) {
		f[i] = skb->fds[i];
		file_get(f[i]);
	}
	return f;
}

static void set_name(struct sock_msg *m, const struct unix_addr *a)
{
	if (a) {
		memcpy(&m->addr, &a->ss, a->len);
		m->addrlen = a->len;
	} else {
		m->addrlen = 0;
	}
}

static void deliver_scm(struct sock_io *io, struct unix_sock *u, struct sock_msg *m, bool cred,
			const struct ucred *c, struct file **fds, int nfds)
{
	if (cred && u->sk.passcred)
		sock_put_cmsg(io->t, m, SOL_SOCKET, SCM_CREDENTIALS, c, sizeof(*c));
	if (nfds)
		sock_put_fds(io->t, m, fds, nfds);
	free(fds);
}

static bool same_cred(const struct ucred *a, const struct ucred *b)
{
	return a->pid == b->pid && a->uid == b->uid && a->gid == b->gid;
}

static ssize_t stream_recv(struct sock_io *io, struct unix_sock *u, struct sock_msg *m)
{
	if (u->state != US_ESTABLISHED)
		return -EINVAL;
	bool peek = io->flags & MSG_PEEK;
	if (io->flags & MSG_OOB) {
		/* unix_stream_recv_urg */
		if (!u->has_oob || u->sk.oobinline)
			return -EINVAL;
		if (!m->uio->resid)
			return 0;
		if (uio_copyout(m->uio, &u->oob, 1) != 1)
			return -EFAULT;
		if (!peek)
			u->has_oob = false;
		return 1;
	}
	size_t copied = 0;
	struct ucred cred;
	bool have_cred = false;
	struct file **fds = NULL;
	int nfds = 0;
	struct unix_skb *skb = TAILQ_FIRST(&u->rq);
	if (!skb) {
		if (u->sk.err)
			return sock_error(&u->sk);
		if (u->sk.shutdown & RCV_SHUTDOWN)
			return 0;
		sock_wait(io, &u->sk.wq);
		return -EAGAIN;
	}
	set_name(m, skb->addr);
	while (skb && m->uio->resid) {
		/* Never glue data of different writers when they are shown. */
		if (have_cred && u->sk.passcred && !same_cred(&cred, &skb->cred))
			break;
		size_t avail = skb->len - skb->off;
		size_t n = avail < m->uio->resid ? avail : m->uio->resid;
		ssize_t c = uio_copyout(m->uio, skb->data + skb->off, n);
		if (c < 0) {
			if (!copied) {
				free(fds);
				return c;
			}
			break;
		}
		if (!have_cred) {
			cred = skb->cred;
			have_cred = true;
		}
		copied += (size_t)c;
		struct unix_skb *next = TAILQ_NEXT(skb, link);
		bool had_fds = skb->nfds > 0;
		if (had_fds && !fds)
			fds = skb_files(skb, peek, &nfds);
		if (!peek) {
			skb->off += (size_t)c;
			u->rq_bytes -= (size_t)c;
			if (skb->off < skb->len)
				break;
			take_skb(u, skb);
		} else if (avail > (size_t)c) {
			break;
		}
		if (had_fds)
			break; /* one message's files per read */
		skb = next;
	}
	deliver_scm(io, u, m, have_cred, &cred, fds, nfds);
	return (ssize_t)copied;
}

static ssize_t dgram_recv(struct sock_io *io, struct unix_sock *u, struct sock_msg *m)
{
	if (u->sk.type == SOCK_SEQPACKET && u->state != US_ESTABLISHED)
		return -ENOTCONN;
	if (io->flags & MSG_OOB)
		return -EOPNOTSUPP;
	struct unix_skb *skb = TAILQ_FIRST(&u->rq);
	if (!skb) {
		if (u->sk.err)
			return sock_error(&u->sk);
		/* A shut down datagram socket still says EAGAIN when it may
		 * not wait (__skb_try_recv_datagram); a seqpacket one EOF. */
		if ((u->sk.shutdown & RCV_SHUTDOWN) &&
		    (u->sk.type == SOCK_SEQPACKET || !io->nonblock))
			return 0;
		sock_wait(io, &u->sk.wq);
		return -EAGAIN;
	}
	bool peek = io->flags & MSG_PEEK;
	size_t n = skb->len < m->uio->resid ? skb->len : m->uio->resid;
	ssize_t c = n ? uio_copyout(m->uio, skb->data, n) : 0;
	if (c < 0)
		return c;
	if ((size_t)c < skb->len)
		m->flags_out |= MSG_TRUNC;
	size_t size = skb->len;
	set_name(m, skb->addr);
	/* unix_dgram_recvmsg: the time before the credentials and files. */
	sock_put_timestamp(io->t, &u->sk, m, &skb->tstamp);
	struct ucred cred = skb->cred;
	int nfds;
	struct file **fds = skb_files(skb, peek, &nfds);
	if (!peek) {
		u->rq_bytes -= skb->len;
		take_skb(u, skb);
	}
	deliver_scm(io, u, m, true, &cred, fds, nfds);
	return (io->flags & MSG_TRUNC) ? (ssize_t)size : c;
}

ssize_t unix_recvmsg(struct sock_io *io, struct sock *sk, struct sock_msg *m)
{
	if (sk->type == SOCK_STREAM)
		return stream_recv(io, unix_sk(sk), m);
	return dgram_recv(io, unix_sk(sk), m);
}
