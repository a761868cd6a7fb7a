/* The sandbox's loopback network for --net=none (net/ipv4/af_inet.c,
 * inet_connection_sock.c, tcp.c in miniature): AF_INET and AF_INET6
 * sockets whose only reachable addresses are 127.0.0.0/8 and ::1.  Ports
 * are the sandbox's own; a TCP connection is two socks joined by the
 * sentry; nothing reaches the host.  Other destinations are ENETUNREACH,
 * other local addresses EADDRNOTAVAIL.  Data: inet_loop_msg.c. */
#define _GNU_SOURCE
#include "inet_loop.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/tcp.h>
#include <netinet/udp.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <linux/sockios.h>

#include "../fs/file.h"
#include "../kernel/task.h"
#include "../mm/mm.h"

static LIST_HEAD(, inet_sock) bound_socks = LIST_HEAD_INITIALIZER(bound_socks);
static int next_port;

static const struct sock_ops inet_tcp_ops, inet_udp_ops;

/* --- ports ------------------------------------------------------------------- */

/* inet_csk_bind_conflict: the same port and overlapping addresses,
 * unless both asked for SO_REUSEPORT (same owner) or SO_REUSEADDR (and
 * the other is not listening; UDP shares freely). */
static bool conflicts(const struct inet_sock *s, const struct inet_sock *o)
{
	if (o == s || o->sk.protocol != s->sk.protocol || o->lport != s->lport ||
	    !inet_overlap(s, o))
		return false;
	if (s->sk.reuseport && o->sk.reuseport && s->sk.uid == o->sk.uid)
		return false;
	if (s->sk.reuseaddr && o->sk.reuseaddr && (s->udp || o->state != TS_LISTEN))
		return false;
	return true;
}

static bool port_free(const struct inet_sock *s, uint16_t port)
{
	struct inet_sock *o;
	LIST_FOREACH(o, &bound_socks, bind_link)
	{
		if (o->sk.protocol == s->sk.protocol && o->lport == port)
			return false;
	}
	return true;
}

static void table_add(struct inet_sock *s)
{
	LIST_INSERT_HEAD(&bound_socks, s, bind_link);
	s->bound = true;
}

static void table_del(struct inet_sock *s)
{
	if (s->bound) {
		LIST_REMOVE(s, bind_link);
		s->bound = false;
	}
}

/* An ephemeral port (inet_csk_find_open_port): a free one in
 * ip_local_port_range, taken in turn. */
static int ephemeral(struct inet_sock *s)
{
	const struct net_params *np = net_params();
	int span = np->port_hi - np->port_lo + 1;
	for (int i = 0; i < span; i++) {
		int p = np->port_lo + (next_port++ % span);
		if (port_free(s, (uint16_t)p)) {
			s->lport = (uint16_t)p;
			return 0;
		}
	}
	return -EADDRINUSE;
}

int inet_autobind(struct inet_sock *s, const struct in6_addr *dst)
{
	if (!s->bound) {
		int r = ephemeral(s);
		if (r < 0)
			return r;
		table_add(s);
	}
	if (dst && inet_is_any(&s->laddr)) {
		/* The source address of a route to the loopback. */
		if (inet_is_v4(dst))
			s->laddr = inet_mapped(INADDR_LOOPBACK);
		else
			s->laddr = in6addr_loopback;
	}
	return 0;
}

static int inet_bind(struct task *t, struct sock *sk, const struct sockaddr_storage *a,
		     socklen_t len)
{
	struct inet_sock *s = inet_sk(sk);
	struct in6_addr addr;
	uint16_t port;
	int r = inet_parse_addr(s, a, len, &addr, &port, true);
	if (r < 0)
		return r;
	if (s->v6 && inet_is_v4(&addr) && s->v6only)
		return -EINVAL;
	if (!inet_local_addr(s, &addr))
		return -EADDRNOTAVAIL;
	if (port && port < net_params()->unpriv_port && t->cred.euid != 0)
		return -EACCES;
	if (s->bound || s->state != TS_CLOSE)
		return -EINVAL;
	s->laddr = addr;
	if (port) {
		s->lport = port;
		struct inet_sock *o;
		LIST_FOREACH(o, &bound_socks, bind_link)
		{
			if (conflicts(s, o)) {
				s->laddr = s->v6 ? in6addr_any : inet_mapped(0);
				s->lport = 0;
				return -EADDRINUSE;
			}
		}
	} else if ((r = ephemeral(s)) < 0) {
		return r;
	}
	s->user_port = port != 0;
	s->user_addr = !inet_is_any(&addr);
	table_add(s);
	return 0;
}

/* Back to unconnected (udp_disconnect, tcp_set_state(TCP_CLOSE)): a port
 * and an address the system chose are given back. */
static void forget_local(struct inet_sock *s)
{
	if (!s->user_addr)
		s->laddr = s->v6 ? in6addr_any : inet_mapped(0);
	if (!s->user_port) {
		table_del(s);
		s->lport = 0;
	}
}

/* --- connections --------------------------------------------------------------- */

static struct inet_sock *inet_alloc(struct task *t, int family, int type, int protocol)
{
	bool udp = type == SOCK_DGRAM;
	const struct sock_ops *ops = udp ? &inet_udp_ops : &inet_tcp_ops;
	struct sock *sk = sock_alloc(sizeof(struct inet_sock), ops, family, type, protocol, t);
	if (!sk)
		return NULL;
	struct inet_sock *s = inet_sk(sk);
	s->v6 = family == AF_INET6;
	s->udp = udp;
	s->laddr = s->v6 ? in6addr_any : inet_mapped(0);
	s->raddr = s->laddr;
	TAILQ_INIT(&s->rq);
	TAILQ_INIT(&s->errq);
	TAILQ_INIT(&s->accq);
	TAILQ_INIT(&s->synq);
	s->ttl = 64;
	s->hoplimit = 64;
	s->multicast_loop = 1;
	s->multicast_ttl = 1;
	s->keepidle = 7200;
	s->keepintvl = 75;
	s->keepcnt = 9;
	s->syncnt = 6;
	s->linger2 = 60;
	s->mtu_discover = 1;
	if (!udp) {
		sk->sndbuf = net_params()->tcp_wmem;
		sk->rcvbuf = net_params()->tcp_rmem;
	}
	return s;
}

int inet_loop_create(struct task *t, int family, int type, int protocol, struct sock **out)
{
	switch (type) {
	case SOCK_STREAM:
		if (protocol && protocol != IPPROTO_TCP)
			return -EPROTONOSUPPORT;
		protocol = IPPROTO_TCP;
		break;
	case SOCK_DGRAM:
		/* UDP, or UDP-Lite (net/ipv4/udplite.c): UDP with a port
		 * space of its own and a checksum coverage. */
		if (protocol && protocol != IPPROTO_UDP && protocol != IPPROTO_UDPLITE)
			return -EPROTONOSUPPORT;
		if (!protocol)
			protocol = IPPROTO_UDP;
		break;
	case SOCK_RAW:
		return t->cred.euid == 0 ? -EPROTONOSUPPORT : -EPERM;
	default:
		return -ESOCKTNOSUPPORT;
	}
	struct inet_sock *s = inet_alloc(t, family, type, protocol);
	if (!s)
		return -ENOMEM;
	*out = &s->sk;
	return 0;
}

/* The listener for a connection to (@dst, @port): exact address first. */
static struct inet_sock *find_listener(const struct in6_addr *dst, uint16_t port)
{
	struct inet_sock *o, *best = NULL;
	int best_score = 0;
	LIST_FOREACH(o, &bound_socks, bind_link)
	{
		if (o->udp || o->state != TS_LISTEN || o->lport != port)
			continue;
		int sc = inet_accepts(o, dst);
		if (sc > best_score) {
			best = o;
			best_score = sc;
		}
	}
	return best;
}

struct inet_sock *inet_udp_lookup(int protocol, const struct in6_addr *dst, uint16_t dport,
				  const struct in6_addr *src, uint16_t sport)
{
	struct inet_sock *o, *best = NULL;
	int best_score = 0;
	LIST_FOREACH(o, &bound_socks, bind_link)
	{
		if (o->sk.protocol != protocol || o->lport != dport)
			continue;
		int sc = inet_accepts(o, dst);
		if (!sc)
			continue;
		if (o->state == TS_ESTABLISHED) {
			/* A connected socket takes only its peer's. */
			if (o->rport != sport || !IN6_ARE_ADDR_EQUAL(&o->raddr, src))
				continue;
			sc += 2;
		}
		if (sc > best_score) {
			best = o;
			best_score = sc;
		}
	}
	return best;
}

/* The connection is made: a server end queued on @ls for accept. */
static int establish(struct inet_sock *c, struct inet_sock *ls)
{
	struct inet_sock *n = inet_alloc(NULL, ls->sk.family, SOCK_STREAM, IPPROTO_TCP);
	if (!n)
		return -ENOMEM;
	n->sk.uid = ls->sk.uid;
	n->sk.gid = ls->sk.gid;
	n->sk.sndbuf = ls->sk.sndbuf;
	n->sk.rcvbuf = ls->sk.rcvbuf;
	n->sk.reuseaddr = ls->sk.reuseaddr;
	n->sk.keepalive = ls->sk.keepalive;
	n->nodelay = ls->nodelay;
	n->v6only = ls->v6only;
	n->laddr = c->raddr;
	n->lport = ls->lport;
	n->raddr = c->laddr;
	n->rport = c->lport;
	n->state = TS_ESTABLISHED;
	n->sstate = SS_CONNECTED;
	table_add(n); /* it holds the listener's port too */
	n->peer = c;
	sock_get(&c->sk);
	c->peer = n;
	sock_get(&n->sk);
	c->state = TS_ESTABLISHED;
	TAILQ_INSERT_TAIL(&ls->accq, n, q_link); /* the queue holds n's reference */
	ls->acc_len++;
	wake_up(&ls->sk.wq);
	wake_up(&c->sk.wq);
	return 0;
}

/* Connects that waited for room in @ls's backlog go on while it lasts. */
static void promote(struct inet_sock *ls)
{
	struct inet_sock *c;
	while (ls->acc_len <= (unsigned)ls->backlog && (c = TAILQ_FIRST(&ls->synq)) != NULL) {
		TAILQ_REMOVE(&ls->synq, c, q_link);
		c->listener = NULL;
		if (establish(c, ls) < 0) {
			c->state = TS_CLOSE;
			c->sk.err = ENOMEM;
			wake_up(&c->sk.wq);
		}
		sock_put(&ls->sk);
		sock_put(&c->sk);
	}
}

/* A connection that failed or was refused: back to closed. */
static void conn_failed(struct inet_sock *c, int err)
{
	c->state = TS_CLOSE;
	c->sk.err = err;
	c->sk.shutdown = SHUTDOWN_MASK; /* tcp_done after the reset */
	forget_local(c);
	wake_up(&c->sk.wq);
}

/* connect(2) reported a failure: tcp_disconnect makes the socket new. */
static int failed_connect(struct inet_sock *c, int err)
{
	c->sstate = SS_UNCONNECTED;
	c->sk.err = 0;
	c->sk.shutdown = 0;
	return err;
}

static void leave_synq(struct inet_sock *c)
{
	struct inet_sock *ls = c->listener;
	if (!ls)
		return;
	TAILQ_REMOVE(&ls->synq, c, q_link);
	c->listener = NULL;
	sock_put(&ls->sk);
	sock_put(&c->sk);
}

static int tcp_connect(struct sock_io *io, struct inet_sock *s, const struct sockaddr_storage *a,
		       socklen_t len)
{
	if (io->rerun && s->sstate == SS_CONNECTING) {
		/* Woken while waiting for our own connect. */
		if (s->state == TS_ESTABLISHED) {
			s->sstate = SS_CONNECTED;
			return 0;
		}
		if (s->state == TS_CLOSE) {
			int e = sock_error(&s->sk);
			return failed_connect(s, e ? e : -ECONNABORTED);
		}
		sock_wait(io, &s->sk.wq);
		return -EAGAIN;
	}
	if (len >= sizeof(sa_family_t) && a->ss_family == AF_UNSPEC) {
		/* tcp_disconnect: back to an unconnected socket. */
		if (s->state == TS_ESTABLISHED && s->peer) {
			struct inet_sock *p = s->peer;
			p->sk.err = ECONNRESET;
			p->sk.shutdown = SHUTDOWN_MASK;
			p->state = TS_CLOSE;
			wake_up(&p->sk.wq);
		}
		leave_synq(s);
		s->state = TS_CLOSE;
		s->sstate = SS_UNCONNECTED;
		forget_local(s);
		return 0;
	}
	struct in6_addr dst;
	uint16_t port;
	int r = inet_parse_dest(s, a, len, &dst, &port);
	switch (s->sstate) {
	case SS_CONNECTED:
		return -EISCONN;
	case SS_CONNECTING:
		if (s->state == TS_ESTABLISHED) {
			s->sstate = SS_CONNECTED;
			return 0;
		}
		if (s->state == TS_CLOSE) {
			int e = sock_error(&s->sk);
			return failed_connect(s, e ? e : -ECONNABORTED);
		}
		return -EALREADY;
	default:
		if (s->state != TS_CLOSE)
			return -EISCONN;
	}
	if (r < 0)
		return r;
	if ((r = inet_autobind(s, &dst)) < 0)
		return r;
	s->raddr = dst;
	s->rport = port;
	s->sk.shutdown = 0;
	s->done = false;
	s->peer_gone = false;
	s->sstate = SS_CONNECTING;
	s->state = TS_SYN_SENT;
	struct inet_sock *ls = find_listener(&dst, port);
	if (!ls || (ls->sk.shutdown & RCV_SHUTDOWN)) {
		conn_failed(s, ECONNREFUSED);
		if (io->nonblock)
			return -EINPROGRESS; /* the refusal comes as SO_ERROR */
		return failed_connect(s, -ECONNREFUSED);
	}
	if (ls->acc_len > (unsigned)ls->backlog) {
		/* The backlog is full: the connect waits for an accept. */
		TAILQ_INSERT_TAIL(&ls->synq, s, q_link);
		s->listener = ls;
		sock_get(&ls->sk);
		sock_get(&s->sk);
	} else if ((r = establish(s, ls)) < 0) {
		conn_failed(s, -r);
		return failed_connect(s, r);
	}
	if (io->nonblock)
		return -EINPROGRESS;
	if (s->state == TS_ESTABLISHED) {
		s->sstate = SS_CONNECTED;
		return 0;
	}
	sock_wait(io, &s->sk.wq);
	return -EAGAIN;
}

static int udp_connect(struct inet_sock *s, const struct sockaddr_storage *a, socklen_t len)
{
	if (len >= sizeof(sa_family_t) && a->ss_family == AF_UNSPEC) {
		s->state = TS_CLOSE;
		s->sstate = SS_UNCONNECTED;
		s->raddr = s->v6 ? in6addr_any : inet_mapped(0);
		s->rport = 0;
		forget_local(s);
		return 0;
	}
	struct in6_addr dst;
	uint16_t port;
	int r = inet_parse_dest(s, a, len, &dst, &port);
	if (r < 0)
		return r;
	if ((r = inet_autobind(s, &dst)) < 0)
		return r;
	s->raddr = dst;
	s->rport = port;
	s->state = TS_ESTABLISHED;
	s->sstate = SS_CONNECTED;
	return 0;
}

static int inet_connect(struct sock_io *io, struct sock *sk, const struct sockaddr_storage *a,
			socklen_t len)
{
	struct inet_sock *s = inet_sk(sk);
	return s->udp ? udp_connect(s, a, len) : tcp_connect(io, s, a, len);
}

static int inet_listen(struct task *t, struct sock *sk, int backlog)
{
	(void)t;
	struct inet_sock *s = inet_sk(sk);
	if (s->udp)
		return -EOPNOTSUPP;
	if (s->sstate != SS_UNCONNECTED || (s->state != TS_CLOSE && s->state != TS_LISTEN))
		return -EINVAL;
	if (s->state != TS_LISTEN) {
		int r = inet_autobind(s, NULL);
		if (r < 0)
			return r;
		struct inet_sock *o;
		LIST_FOREACH(o, &bound_socks, bind_link)
		{
			if (conflicts(s, o))
				return -EADDRINUSE;
		}
	}
	s->backlog = backlog;
	s->state = TS_LISTEN;
	sk->listening = true;
	sk->shutdown = 0;
	promote(s);
	return 0;
}

static int inet_accept(struct sock_io *io, struct sock *sk, struct sock **out)
{
	struct inet_sock *s = inet_sk(sk);
	if (s->udp)
		return -EOPNOTSUPP;
	if (s->state != TS_LISTEN)
		return -EINVAL;
	struct inet_sock *n = TAILQ_FIRST(&s->accq);
	if (!n) {
		sock_wait(io, &sk->wq);
		return -EAGAIN;
	}
	TAILQ_REMOVE(&s->accq, n, q_link);
	s->acc_len--;
	promote(s);
	*out = &n->sk;
	return 0;
}

/* The end of a connection: a FIN, or a reset when data was left unread
 * or SO_LINGER asked for it (tcp_close). */
static void tcp_close_conn(struct inet_sock *s, bool reset)
{
	struct inet_sock *p = s->peer;
	if (!p)
		return;
	s->peer = NULL;
	if (reset) {
		/* A reset: ECONNRESET, or EPIPE once our FIN was seen. */
		p->sk.err = (p->sk.shutdown & RCV_SHUTDOWN) ? EPIPE : ECONNRESET;
		p->sk.shutdown = SHUTDOWN_MASK;
		p->state = TS_CLOSE;
		if (!p->user_port)
			table_del(p); /* the port is free again; getsockname still shows it */
	} else {
		p->sk.shutdown |= RCV_SHUTDOWN;
		p->done = true;
		p->peer_gone = true;
	}
	if (p->peer == s) {
		p->peer = NULL;
		sock_put(&s->sk);
	}
	wake_up(&p->sk.wq);
	sock_put(&p->sk);
}

/* Stop listening: what was not accepted is reset, waiting connects are
 * refused (inet_csk_listen_stop). */
static void listen_stop(struct inet_sock *s)
{
	struct inet_sock *n;
	while ((n = TAILQ_FIRST(&s->accq)) != NULL) {
		TAILQ_REMOVE(&s->accq, n, q_link);
		s->acc_len--;
		tcp_close_conn(n, true);
		n->state = TS_CLOSE;
		table_del(n);
		sock_put(&n->sk);
	}
	while ((n = TAILQ_FIRST(&s->synq)) != NULL) {
		TAILQ_REMOVE(&s->synq, n, q_link);
		n->listener = NULL;
		conn_failed(n, ECONNREFUSED);
		sock_put(&s->sk);
		sock_put(&n->sk);
	}
	s->state = TS_CLOSE;
	s->sk.listening = false;
}

static void drop_queue(struct inet_sock *s)
{
	struct inet_seg *g;
	while ((g = TAILQ_FIRST(&s->rq)) != NULL) {
		TAILQ_REMOVE(&s->rq, g, link);
		inet_seg_free(g);
	}
	s->rq_bytes = 0;
	s->rq_len = 0;
	inet_purge_errq(s);
}

void inet_purge_errq(struct inet_sock *s)
{
	struct inet_seg *g;
	while ((g = TAILQ_FIRST(&s->errq)) != NULL) {
		TAILQ_REMOVE(&s->errq, g, link);
		inet_seg_free(g);
	}
	s->errq_bytes = 0;
	s->errq_len = 0;
}

static void inet_release(struct sock *sk)
{
	struct inet_sock *s = inet_sk(sk);
	if (s->state == TS_LISTEN)
		listen_stop(s);
	leave_synq(s);
	bool reset = s->rq_bytes > 0 || (sk->linger_onoff && sk->linger_sec == 0);
	tcp_close_conn(s, reset);
	drop_queue(s);
	table_del(s);
	s->state = TS_CLOSE;
	wake_up(&sk->wq);
}

static void inet_destroy(struct sock *sk)
{
	struct inet_sock *s = inet_sk(sk);
	inet_release(sk);
	free(s);
}

static int inet_shutdown(struct sock *sk, int how)
{
	struct inet_sock *s = inet_sk(sk);
	if (how < SHUT_RD || how > SHUT_RDWR)
		return -EINVAL;
	unsigned mode = (unsigned)(how + 1) & SHUTDOWN_MASK;
	int r = 0;
	switch (s->state) {
	case TS_CLOSE:
		r = -ENOTCONN;
		sk->shutdown |= mode;
		break;
	case TS_LISTEN:
		if (mode & RCV_SHUTDOWN)
			listen_stop(s);
		break;
	case TS_SYN_SENT:
		leave_synq(s);
		s->state = TS_CLOSE;
		s->sstate = SS_UNCONNECTED;
		break;
	default:
		sk->shutdown |= mode;
		if (!s->udp && (mode & SEND_SHUTDOWN) && s->peer) {
			/* tcp_shutdown: our FIN. */
			s->peer->sk.shutdown |= RCV_SHUTDOWN;
			s->peer->done = true;
			wake_up(&s->peer->sk.wq);
		}
		break;
	}
	wake_up(&sk->wq);
	return r;
}

static int inet_getname(struct sock *sk, struct sockaddr_storage *a, socklen_t *len, bool peer)
{
	struct inet_sock *s = inet_sk(sk);
	if (peer) {
		if (!s->rport || s->state == TS_CLOSE || s->state == TS_SYN_SENT)
			return -ENOTCONN;
		inet_make_addr(s, &s->raddr, s->rport, a, len);
	} else {
		inet_make_addr(s, &s->laddr, s->lport, a, len);
	}
	return 0;
}

static unsigned inet_poll(struct sock *sk, struct poll_table *pt)
{
	struct inet_sock *s = inet_sk(sk);
	poll_wait(pt, &sk->wq);
	unsigned mask = 0;
	if (s->udp) {
		/* datagram_poll */
		if (sk->err)
			mask |= POLLERR;
		if (sk->shutdown & RCV_SHUTDOWN)
			mask |= POLLRDHUP | POLLIN | POLLRDNORM;
		if (sk->shutdown == SHUTDOWN_MASK)
			mask |= POLLHUP;
		if (s->rq_len)
			mask |= POLLIN | POLLRDNORM;
		if (s->errq_len)
			mask |= POLLERR;
		return mask | POLLOUT | POLLWRNORM | POLLWRBAND;
	}
	if (s->state == TS_LISTEN)
		return s->acc_len ? POLLIN | POLLRDNORM : 0;
	if (sk->shutdown == SHUTDOWN_MASK || s->state == TS_CLOSE)
		mask |= POLLHUP;
	if (sk->shutdown & RCV_SHUTDOWN)
		mask |= POLLIN | POLLRDNORM | POLLRDHUP;
	if (s->state != TS_SYN_SENT) {
		/* tcp_poll: at the urgent mark, its byte (not in line) is not
		 * data to read; pending urgent data is POLLPRI. */
		size_t target = (size_t)(sk->rcvlowat > 0 ? sk->rcvlowat : 1);
		if (inet_at_urg_hole(s))
			target++;
		if (s->rq_bytes >= target)
			mask |= POLLIN | POLLRDNORM;
		if (s->urg_state == URG_VALID)
			mask |= POLLPRI;
		if ((sk->shutdown & SEND_SHUTDOWN) || !s->peer || inet_tcp_room(s->peer))
			mask |= POLLOUT | POLLWRNORM;
		else if (s->peer)
			poll_wait(pt, &s->peer->sk.wq);
	}
	if (sk->err)
		mask |= POLLERR;
	return mask;
}

static long inet_ioctl(struct task *t, struct sock *sk, unsigned cmd, uint64_t arg)
{
	struct inet_sock *s = inet_sk(sk);
	int v;
	switch (cmd) {
	case SIOCINQ:
		if (s->state == TS_LISTEN)
			return -EINVAL;
		if (s->udp) {
			struct inet_seg *g = TAILQ_FIRST(&s->rq);
			v = g ? (int)g->len : 0;
		} else {
			v = (int)inet_tcp_inq(s);
		}
		break;
	case SIOCOUTQ:
	case SIOCOUTQNSD:
		if (s->state == TS_LISTEN)
			return -EINVAL;
		v = 0; /* everything sent is with the peer at once */
		break;
	case SIOCATMARK:
		v = !s->udp && s->urg_state != URG_NONE && s->urg_seq == s->copied_seq;
		break;
	default:
		return -ENOTTY;
	}
	return copy_to_user(t->mm, arg, &v, sizeof(v)) < 0 ? -EFAULT : 0;
}

static const struct sock_ops inet_tcp_ops = {
	.bind = inet_bind,
	.connect = inet_connect,
	.listen = inet_listen,
	.accept = inet_accept,
	.sendmsg = inet_loop_sendmsg,
	.recvmsg = inet_loop_recvmsg,
	.shutdown = inet_shutdown,
	.getname = inet_getname,
	.setsockopt = inet_setsockopt,
	.getsockopt = inet_getsockopt,
	.poll = inet_poll,
	.ioctl = inet_ioctl,
	.release = inet_release,
	.destroy = inet_destroy,
};

static const struct sock_ops inet_udp_ops = {
	.bind = inet_bind,
	.connect = inet_connect,
	.listen = inet_listen,
	.accept = inet_accept,
	.sendmsg = inet_loop_sendmsg,
	.recvmsg = inet_loop_recvmsg,
	.shutdown = inet_shutdown,
	.getname = inet_getname,
	.setsockopt = inet_setsockopt,
	.getsockopt = inet_getsockopt,
	.poll = inet_poll,
	.ioctl = inet_ioctl,
	.release = inet_release,
	.destroy = inet_destroy,
};
