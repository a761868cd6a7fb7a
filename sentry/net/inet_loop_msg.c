/* Data on the sandbox's loopback (net/ipv4/tcp.c tcp_sendmsg and
 * tcp_recvmsg, udp.c, udplite.c): a TCP send goes straight into the peer's receive
 * queue, up to its receive buffer and our send buffer; a UDP datagram goes
 * to the socket bound to its destination, or is dropped (a connected
 * sender then hears ECONNREFUSED, as from an ICMP port unreachable). */
#define _GNU_SOURCE
#include "inet_loop.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/errqueue.h>
#include <stdlib.h>
#include <string.h>

#include "../fs/fasync.h"
#include "../kernel/det.h"
#include "../kernel/task.h"
#include "../mm/uio.h"

#define SEG_MAX	     65536
#define SKB_OVERHEAD 768 /* what a datagram costs the receive buffer besides its data */

void inet_seg_free(struct inet_seg *g)
{
	free(g->data);
	free(g);
}

bool inet_tcp_room(const struct inet_sock *to)
{
	const struct inet_sock *from = to->peer;
	size_t limit = (size_t)to->sk.rcvbuf + (size_t)(from ? from->sk.sndbuf : 0);
	return to->rq_bytes < limit;
}

static struct inet_seg *seg_new(struct uio *u, size_t n, int *err)
{
	struct inet_seg *g = calloc(1, sizeof(*g));
	char *data = n ? malloc(n) : NULL;
	if (!g || (n && !data)) {
		free(g);
		free(data);
		*err = -ENOMEM;
		return NULL;
	}
	if (n) {
		struct uio save = *u;
		ssize_t c = uio_copyin(u, data, n);
		if (c != (ssize_t)n) {
			*u = save;
			free(g);
			free(data);
			*err = c < 0 ? (int)c : -EFAULT;
			return NULL;
		}
	}
	g->data = data;
	g->len = n;
	return g;
}

static void enqueue(struct inet_sock *to, struct inet_seg *g)
{
	clock_realtime(&g->tstamp);
	TAILQ_INSERT_TAIL(&to->rq, g, link);
	to->rq_bytes += g->len;
	to->rcv_seq += g->len;
	to->rq_len++;
	wake_up(&to->sk.wq);
}

/* sk_stream_error: EPIPE raises SIGPIPE unless MSG_NOSIGNAL. */
static ssize_t stream_error(struct sock_io *io, int err)
{
	if (err == -EPIPE)
		sock_sigpipe(io);
	return err;
}

bool inet_at_urg_hole(const struct inet_sock *s)
{
	return s->urg_state != URG_NONE && s->urg_seq == s->copied_seq && !s->sk.oobinline &&
	       s->rq_bytes > 0;
}

size_t inet_tcp_inq(const struct inet_sock *s)
{
	size_t n = s->rq_bytes;
	if (s->urg_state != URG_NONE && !s->sk.oobinline && s->urg_seq >= s->copied_seq &&
	    s->urg_seq < s->copied_seq + n)
		n = (size_t)(s->urg_seq - s->copied_seq);
	return n;
}

/* Take the byte at the head of @s's queue out (the urgent byte, read out
 * of band or passed over). */
static void drop_head_byte(struct inet_sock *s)
{
	struct inet_seg *g = TAILQ_FIRST(&s->rq);
	if (!g)
		return;
	g->off++;
	s->rq_bytes--;
	s->copied_seq++;
	if (g->off == g->len) {
		TAILQ_REMOVE(&s->rq, g, link);
		s->rq_len--;
		inet_seg_free(g);
	}
}

/* The urgent pointer reaches @to (tcp_check_urg, tcp_urg): the last byte
 * sent is urgent; an earlier one not yet taken at the head of the queue is
 * lost, one further on stays in the stream; the owner hears SIGURG. */
static void mark_urgent(struct inet_sock *to)
{
	uint64_t ptr = to->rcv_seq - 1;
	if (to->urg_state != URG_NONE && ptr <= to->urg_seq)
		return;
	if (to->urg_state != URG_NONE && to->urg_seq == to->copied_seq && !to->sk.oobinline &&
	    to->rq_bytes > 1)
		drop_head_byte(to);
	to->urg_seq = ptr;
	to->urg_state = URG_VALID;
	/* The byte itself: the last of the last segment. */
	struct inet_seg *g = TAILQ_LAST(&to->rq, inet_seg_q);
	to->urg_byte = g && g->len ? (unsigned char)g->data[g->len - 1] : 0;
	if (to->sk.file)
		fasync_send_sigurg(to->sk.file);
	wake_up(&to->sk.wq);
}

static ssize_t tcp_send(struct sock_io *io, struct inet_sock *s, struct sock_msg *m)
{
	if (s->state == TS_SYN_SENT) {
		sock_wait(io, &s->sk.wq); /* sk_stream_wait_connect */
		return -EAGAIN;
	}
	if (s->state != TS_ESTABLISHED || s->sk.err || (s->sk.shutdown & SEND_SHUTDOWN)) {
		int e = sock_error(&s->sk);
		return stream_error(io, e ? e : -EPIPE);
	}
	if (s->peer_gone || !s->peer) {
		/* The peer closed: what we send is answered by a reset. */
		size_t n = m->uio->resid;
		uio_skip(m->uio, n);
		s->sk.err = EPIPE;
		s->sk.shutdown = SHUTDOWN_MASK;
		s->state = TS_CLOSE;
		wake_up(&s->sk.wq);
		return (ssize_t)n;
	}
	struct inet_sock *p = s->peer;
	size_t sent = 0;
	while (m->uio->resid) {
		if (!inet_tcp_room(p)) {
			if (sent)
				break;
			sock_wait(io, &s->sk.wq);
			return -EAGAIN;
		}
		size_t limit = (size_t)p->sk.rcvbuf + (size_t)s->sk.sndbuf - p->rq_bytes;
		size_t n = m->uio->resid < limit ? m->uio->resid : limit;
		if (n > SEG_MAX)
			n = SEG_MAX;
		int err;
		struct inet_seg *g = seg_new(m->uio, n, &err);
		if (!g)
			return sent ? (ssize_t)sent : err;
		enqueue(p, g);
		sent += n;
	}
	/* tcp_mark_urg: MSG_OOB makes the last byte of the call urgent (of
	 * what a non-blocking call got through). */
	if ((io->flags & MSG_OOB) && sent && (!m->uio->resid || io->nonblock))
		mark_urgent(p);
	return (ssize_t)sent;
}

/* tcp_recv_urg: the urgent byte, out of band, never waited for. */
static ssize_t tcp_recv_urg(struct sock_io *io, struct inet_sock *s, struct sock_msg *m)
{
	if (s->sk.oobinline || s->urg_state == URG_NONE || s->urg_state == URG_READ)
		return -EINVAL;
	if (s->state == TS_CLOSE && !s->done)
		return -ENOTCONN;
	/* The byte stays in the queue, a hole the next read passes over. */
	if (!(io->flags & MSG_PEEK))
		s->urg_state = URG_READ;
	m->flags_out |= MSG_OOB;
	m->addrlen = 0;
	if (!m->uio->resid) {
		m->flags_out |= MSG_TRUNC;
		return 0;
	}
	if (!(io->flags & MSG_TRUNC)) {
		ssize_t c = uio_copyout(m->uio, &s->urg_byte, 1);
		if (c < 0)
			return c;
	}
	return 1;
}

static ssize_t tcp_recv(struct sock_io *io, struct inet_sock *s, struct sock_msg *m)
{
	if (s->state == TS_LISTEN)
		return -ENOTCONN;
	if (io->flags & MSG_OOB)
		return tcp_recv_urg(io, s, m);
	m->addrlen = 0;
	bool peek = io->flags & MSG_PEEK, trunc = io->flags & MSG_TRUNC;
	/* A read that starts at the urgent mark passes over the urgent byte
	 * (not in line), which ends the urgent state. */
	size_t hole = 0;
	if (inet_at_urg_hole(s)) {
		if (peek) {
			hole = 1;
		} else {
			drop_head_byte(s);
			s->urg_state = URG_NONE;
		}
	}
	if (TAILQ_EMPTY(&s->rq) || s->rq_bytes == hole) {
		if (s->done)
			return 0;
		if (s->sk.err)
			return sock_error(&s->sk);
		if (s->sk.shutdown & RCV_SHUTDOWN)
			return 0;
		if (s->state == TS_CLOSE)
			return -ENOTCONN;
		sock_wait(io, &s->sk.wq);
		return -EAGAIN;
	}
	size_t copied = 0, want = m->uio->resid;
	struct inet_seg *g = TAILQ_FIRST(&s->rq);
	struct timespec last = {0, 0};
	uint64_t seq = s->copied_seq + hole;
	size_t off = g ? g->off : 0;
	/* A peek past the urgent byte it starts at. */
	if (hole && ++off == g->len) {
		g = TAILQ_NEXT(g, link);
		off = g ? g->off : 0;
	}
	while (g && copied < want) {
		struct inet_seg *next = TAILQ_NEXT(g, link);
		/* Reads stop at the urgent mark (tcp_recvmsg). */
		if (s->urg_state != URG_NONE && s->urg_seq == seq && copied)
			break;
		last = g->tstamp;
		size_t avail = g->len - off;
		size_t n = avail < want - copied ? avail : want - copied;
		if (s->urg_state != URG_NONE && s->urg_seq > seq && s->urg_seq - seq < n)
			n = (size_t)(s->urg_seq - seq);
		if (!trunc) {
			ssize_t c = uio_copyout(m->uio, g->data + off, n);
			if (c < 0)
				return copied ? (ssize_t)copied : c;
			n = (size_t)c;
		}
		copied += n;
		seq += n;
		off += n;
		bool rest = off < g->len;
		if (!peek) {
			g->off += n;
			s->rq_bytes -= n;
			s->copied_seq += n;
			if (!rest) {
				TAILQ_REMOVE(&s->rq, g, link);
				s->rq_len--;
				inet_seg_free(g);
			}
		}
		if (rest)
			break;
		g = next;
		off = g ? g->off : 0;
	}
	if (!peek && s->urg_state != URG_NONE && s->copied_seq > s->urg_seq)
		s->urg_state = URG_NONE;
	if (!peek && s->peer)
		wake_up(&s->peer->sk.wq); /* room for the sender */
	if (copied && last.tv_sec)
		sock_put_timestamp(io->t, &s->sk, m, &last); /* tcp_recv_timestamp */
	return (ssize_t)copied;
}

/* ip_icmp_error, ipv6_icmp_error: the error queue gets the ICMP error for
 * a datagram to (@dst, @dport), with the part of it that the ICMP message
 * quotes (576 or 1280 bytes of packet, less the headers); dropped when the
 * receive buffer is full. */
static void queue_port_unreachable(struct inet_sock *s, struct sock_msg *m, size_t len,
				   const struct in6_addr *dst, uint16_t dport)
{
	bool v4 = inet_is_v4(dst);
	size_t n = len < (v4 ? 520u : 1184u) ? len : (v4 ? 520u : 1184u);
	if (s->rq_bytes + s->errq_bytes + (s->rq_len + s->errq_len + 1) * SKB_OVERHEAD + n >=
	    (size_t)s->sk.rcvbuf)
		return;
	int err;
	struct inet_seg *g = seg_new(m->uio, n, &err);
	if (!g)
		return;
	g->from = *dst;
	g->from_port = dport;
	g->to = *dst;
	g->ee_errno = ECONNREFUSED;
	g->ee_origin = v4 ? SO_EE_ORIGIN_ICMP : SO_EE_ORIGIN_ICMP6;
	g->ee_type = v4 ? 3 : 1; /* destination unreachable */
	g->ee_code = v4 ? 3 : 4; /* port unreachable */
	clock_realtime(&g->tstamp);
	TAILQ_INSERT_TAIL(&s->errq, g, link);
	s->errq_bytes += n;
	s->errq_len++;
}

/* ip_recv_error, ipv6_recv_error: recvmsg(MSG_ERRQUEUE) takes the first
 * queued error, never waits, and leaves the socket the next one's error. */
static ssize_t recv_error(struct sock_io *io, struct inet_sock *s, struct sock_msg *m)
{
	struct inet_seg *g = TAILQ_FIRST(&s->errq);
	if (!g) {
		io->nonblock = true; /* EAGAIN at once, even for a blocking socket */
		return -EAGAIN;
	}
	TAILQ_REMOVE(&s->errq, g, link);
	s->errq_bytes -= g->len;
	s->errq_len--;
	struct inet_seg *next = TAILQ_FIRST(&s->errq);
	s->sk.err = next ? next->ee_errno : 0;
	size_t n = g->len < m->uio->resid ? g->len : m->uio->resid;
	ssize_t c = n ? uio_copyout(m->uio, g->data, n) : 0;
	if (c < 0) {
		inet_seg_free(g);
		return c;
	}
	if ((size_t)c < g->len)
		m->flags_out |= MSG_TRUNC;
	inet_make_addr(s, &g->from, g->from_port, &m->addr, &m->addrlen);
	sock_put_timestamp(io->t, &s->sk, m, &g->tstamp);
	struct sock_extended_err ee = {.ee_errno = (uint32_t)g->ee_errno,
				       .ee_origin = g->ee_origin,
				       .ee_type = g->ee_type,
				       .ee_code = g->ee_code};
	if (s->v6) {
		struct {
			struct sock_extended_err ee;
			struct sockaddr_in6 offender;
		} h = {.ee = ee, .offender = {.sin6_family = AF_INET6, .sin6_addr = g->to}};
		sock_put_cmsg(io->t, m, IPPROTO_IPV6, IPV6_RECVERR, &h, sizeof(h));
	} else {
		struct {
			struct sock_extended_err ee;
			struct sockaddr_in offender;
		} h = {
		    .ee = ee,
		    .offender = {.sin_family = AF_INET, .sin_addr = {htonl(inet_v4_of(&g->to))}}};
		sock_put_cmsg(io->t, m, IPPROTO_IP, IP_RECVERR, &h, sizeof(h));
	}
	m->flags_out |= MSG_ERRQUEUE;
	inet_seg_free(g);
	return c;
}

static ssize_t udp_send(struct sock_io *io, struct inet_sock *s, struct sock_msg *m)
{
	if (io->flags & MSG_OOB)
		return -EOPNOTSUPP;
	/* inet_send_prepare: a port first, whatever comes next. */
	int r = inet_autobind(s, NULL);
	if (r < 0)
		return r;
	struct in6_addr dst;
	uint16_t dport;
	bool have = m->addrlen && !(s->v6 && m->addr.ss_family == AF_UNSPEC);
	if (have) {
		if (m->addrlen < sizeof(sa_family_t))
			return -EINVAL;
		if ((r = inet_parse_dest(s, &m->addr, m->addrlen, &dst, &dport)) < 0)
			return r;
		if (!dport)
			return -EINVAL;
	} else {
		if (s->state != TS_ESTABLISHED)
			return -EDESTADDRREQ;
		dst = s->raddr;
		dport = s->rport;
	}
	size_t len = m->uio->resid;
	if (len > (inet_is_v4(&dst) ? 65507u : 65527u))
		return -EMSGSIZE;
	struct inet_cmsgs c;
	if ((r = inet_send_cmsgs(io->t, s, m, inet_is_v4(&dst), &c)) < 0)
		return r;
	if (s->sk.err)
		return sock_error(&s->sk);
	/* The source: our address, or the loopback's when bound to a
	 * wildcard, or what IP_PKTINFO/IPV6_PKTINFO chose. */
	struct in6_addr src = s->laddr;
	if (c.has_src)
		src = c.src;
	else if (inet_is_any(&src))
		src = inet_is_v4(&dst) ? inet_mapped(INADDR_LOOPBACK) : in6addr_loopback;
	struct inet_sock *to = inet_udp_lookup(s->sk.protocol, &dst, dport, &src, s->lport);
	if (!to) {
		/* The port unreachable that comes back (__udp4_lib_err,
		 * __udp6_lib_err): queued with what it quotes of the
		 * datagram under IP_RECVERR / IPV6_RECVERR, and the socket's
		 * error then or when connected. */
		bool v4 = inet_is_v4(&dst);
		bool recverr = v4 ? s->recverr : s->recverr6;
		if (recverr)
			queue_port_unreachable(s, m, len, &dst, dport);
		uio_skip(m->uio, m->uio->resid);
		if (recverr || s->state == TS_ESTABLISHED) {
			s->sk.err = ECONNREFUSED;
			wake_up(&s->sk.wq);
		}
		return (ssize_t)len;
	}
	/* UDP-Lite (udplite_csum, udp_queue_rcv_one_skb): a coverage set
	 * below the datagram's length (with its 8-byte header) is partial,
	 * and a receiver that asked for coverage drops a partial one that
	 * covers less, or any when it asked for all (0). */
	uint16_t cscov = 0;
	if (s->pcs_set && s->pcslen > 0 && (size_t)s->pcslen < len + 8)
		cscov = (uint16_t)s->pcslen;
	if (cscov && to->pcr_set && (to->pcrlen == 0 || cscov < to->pcrlen)) {
		uio_skip(m->uio, len);
		return (ssize_t)len;
	}
	if (to->rq_bytes + to->rq_len * SKB_OVERHEAD + len + SKB_OVERHEAD > (size_t)to->sk.rcvbuf ||
	    (to->sk.shutdown & RCV_SHUTDOWN)) {
		uio_skip(m->uio, len); /* no room: dropped, as UDP does */
		return (ssize_t)len;
	}
	struct inet_seg *g = seg_new(m->uio, len, &r);
	if (!g)
		return r;
	g->from = src;
	g->from_port = s->lport;
	g->to = dst;
	g->to_port = dport;
	g->ttl = c.ttl;
	g->tos = c.tos;
	enqueue(to, g);
	return (ssize_t)len;
}

static ssize_t udp_recv(struct sock_io *io, struct inet_sock *s, struct sock_msg *m)
{
	struct inet_seg *g = TAILQ_FIRST(&s->rq);
	if (!g) {
		if (s->sk.err)
			return sock_error(&s->sk);
		if ((s->sk.shutdown & RCV_SHUTDOWN) && !io->nonblock)
			return 0;
		sock_wait(io, &s->sk.wq);
		return -EAGAIN;
	}
	size_t n = g->len < m->uio->resid ? g->len : m->uio->resid;
	ssize_t c = n ? uio_copyout(m->uio, g->data, n) : 0;
	if (c < 0)
		return c;
	if ((size_t)c < g->len)
		m->flags_out |= MSG_TRUNC;
	size_t size = g->len;
	inet_make_addr(s, &g->from, g->from_port, &m->addr, &m->addrlen);
	sock_put_timestamp(io->t, &s->sk, m, &g->tstamp); /* sock_recv_cmsgs first */
	inet_recv_cmsgs(io->t, s, g, m);
	if (!(io->flags & MSG_PEEK)) {
		TAILQ_REMOVE(&s->rq, g, link);
		s->rq_bytes -= g->len;
		s->rq_len--;
		inet_seg_free(g);
	}
	return (io->flags & MSG_TRUNC) ? (ssize_t)size : c;
}

ssize_t inet_loop_sendmsg(struct sock_io *io, struct sock *sk, struct sock_msg *m)
{
	struct inet_sock *s = inet_sk(sk);
	return s->udp ? udp_send(io, s, m) : tcp_send(io, s, m);
}

ssize_t inet_loop_recvmsg(struct sock_io *io, struct sock *sk, struct sock_msg *m)
{
	struct inet_sock *s = inet_sk(sk);
	if (io->flags & MSG_ERRQUEUE)
		return recv_error(io, s, m);
	return s->udp ? udp_recv(io, s, m) : tcp_recv(io, s, m);
}
