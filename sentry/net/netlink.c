/* Netlink (net/netlink/af_netlink.c, net/core/rtnetlink.c), NETLINK_ROUTE
 * only, for what programs ask of it: the sandbox's interfaces and their
 * addresses (getifaddrs, if_nameindex, `ip link`, `ip addr`, libuv's
 * interface list), and the SIOCGIF* ioctls every socket answers.  The
 * sandbox's network is its own loopback (--net=none): the interface lo
 * with 127.0.0.1/8 and ::1/128; under --net=host the host's interfaces as
 * they were when first asked for.  Requests are answered at
 * once, each answer queued as one datagram (a dump: a run of messages with
 * NLM_F_MULTI, then NLMSG_DONE); dumps of tables the sandbox keeps empty
 * (routes, neighbours, rules) end at once; changes are refused with EPERM,
 * other requests with EOPNOTSUPP, in NLMSG_ERROR answers as Linux's. */
#define _GNU_SOURCE
#include <errno.h>
#include <arpa/inet.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/if_arp.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "../confine/host.h"
#include "../fs/file.h"
#include "../kernel/task.h"
#include "../mm/mm.h"
#include "../mm/uio.h"
#include "../fs/procfs.h"
#include "netdev.h"
#include "socket.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

struct nl_skb {
	TAILQ_ENTRY(nl_skb) link;
	size_t len;
	char data[];
};

struct nl_sock {
	struct sock sk;
	uint32_t portid; /* 0 until bound */
	uint32_t groups;
	bool cap_ack, ext_ack, strict, pktinfo, no_enobufs, broadcast_error;
	TAILQ_HEAD(, nl_skb) rq;
	size_t rq_bytes;
};

static struct nl_sock *nl_sk(struct sock *sk)
{
	return (struct nl_sock *)sk;
}

/* Port ids in use (netlink_insert): the first socket of a process gets
 * its pid, the others negative ids, as Linux's autobind. */
#define MAX_PORTS 256
static uint32_t ports[MAX_PORTS];

static bool port_used(uint32_t id)
{
	for (int i = 0; i < MAX_PORTS; i++)
		if (ports[i] == id)
			return true;
	return false;
}

static int port_take(uint32_t id)
{
	for (int i = 0; i < MAX_PORTS; i++) {
		if (!ports[i]) {
			ports[i] = id;
			return 0;
		}
	}
	return -ENOMEM;
}

static void port_drop(uint32_t id)
{
	for (int i = 0; i < MAX_PORTS; i++)
		if (ports[i] == id)
			ports[i] = 0;
}

static int autobind(struct task *t, struct nl_sock *n)
{
	if (n->portid)
		return 0;
	static int32_t rover = -4096;
	uint32_t id = (uint32_t)t->tg->tgid;
	while (port_used(id))
		id = (uint32_t)rover--;
	int r = port_take(id);
	if (r == 0)
		n->portid = id;
	return r;
}

/* --- building answers -------------------------------------------------------- */

struct nl_buf {
	char *p;
	size_t len, cap;
	bool oom;
};

static void *buf_put(struct nl_buf *b, size_t n)
{
	size_t need = b->len + NLMSG_ALIGN(n);
	if (need > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 1024;
		while (cap < need)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p) {
			b->oom = true;
			return NULL;
		}
		b->p = p;
		b->cap = cap;
	}
	void *at = b->p + b->len;
	memset(at, 0, NLMSG_ALIGN(n));
	b->len = need;
	return at;
}

/* Start a message; its length is fixed by msg_end. */
static size_t msg_begin(struct nl_buf *b, uint16_t type, uint16_t flags, uint32_t seq,
			uint32_t portid, const void *body, size_t len)
{
	size_t at = b->len;
	struct nlmsghdr *h = buf_put(b, NLMSG_HDRLEN);
	if (!h)
		return at;
	h->nlmsg_type = type;
	h->nlmsg_flags = flags;
	h->nlmsg_seq = seq;
	h->nlmsg_pid = portid;
	void *p = buf_put(b, len);
	if (p)
		memcpy(p, body, len);
	return at;
}

static void attr(struct nl_buf *b, uint16_t type, const void *data, size_t len)
{
	struct rtattr *a = buf_put(b, RTA_LENGTH(len));
	if (!a)
		return;
	a->rta_type = type;
	a->rta_len = (unsigned short)RTA_LENGTH(len);
	memcpy(RTA_DATA(a), data, len);
}

static void attr_u32(struct nl_buf *b, uint16_t type, uint32_t v)
{
	attr(b, type, &v, sizeof(v));
}

static void attr_u8(struct nl_buf *b, uint16_t type, uint8_t v)
{
	attr(b, type, &v, sizeof(v));
}

static void attr_str(struct nl_buf *b, uint16_t type, const char *s)
{
	attr(b, type, s, strlen(s) + 1);
}

static void msg_end(struct nl_buf *b, size_t at)
{
	if (b->oom)
		return;
	struct nlmsghdr *h = (struct nlmsghdr *)(b->p + at);
	h->nlmsg_len = (uint32_t)(b->len - at);
}

static void link_msg(struct nl_buf *b, const struct netdev *d, uint16_t flags, uint32_t seq,
		     uint32_t portid)
{
	struct ifinfomsg ifi = {.ifi_family = AF_UNSPEC,
				.ifi_type = d->type,
				.ifi_index = d->index,
				.ifi_flags = d->flags};
	size_t at = msg_begin(b, RTM_NEWLINK, flags, seq, portid, &ifi, sizeof(ifi));
	attr_str(b, IFLA_IFNAME, d->name);
	attr_u32(b, IFLA_TXQLEN, d->txqlen);
	attr_u8(b, IFLA_OPERSTATE,
		(d->flags & IFF_LOOPBACK)  ? IF_OPER_UNKNOWN
		: (d->flags & IFF_RUNNING) ? IF_OPER_UP
					   : IF_OPER_DOWN);
	attr_u8(b, IFLA_LINKMODE, 0);
	attr_u32(b, IFLA_MTU, d->mtu);
	attr_u32(b, IFLA_MIN_MTU, 0);
	attr_u32(b, IFLA_MAX_MTU, 0);
	attr_u32(b, IFLA_GROUP, 0);
	attr_u32(b, IFLA_PROMISCUITY, 0);
	attr_u32(b, IFLA_NUM_TX_QUEUES, 1);
	attr_u32(b, IFLA_NUM_RX_QUEUES, 1);
	attr_u8(b, IFLA_CARRIER, (d->flags & IFF_RUNNING) ? 1 : 0);
	attr_str(b, IFLA_QDISC, (d->flags & IFF_LOOPBACK) ? "noqueue" : "noop");
	attr_u32(b, IFLA_CARRIER_CHANGES, 0);
	if (d->has_hw) {
		attr(b, IFLA_ADDRESS, d->hw, sizeof(d->hw));
		attr(b, IFLA_BROADCAST, d->brd, sizeof(d->brd));
	}
	struct rtnl_link_stats st = {0};
	attr(b, IFLA_STATS, &st, sizeof(st));
	struct rtnl_link_stats64 st64 = {0};
	attr(b, IFLA_STATS64, &st64, sizeof(st64));
	msg_end(b, at);
}

static void addr_msg(struct nl_buf *b, const struct netaddr *a, uint16_t flags, uint32_t seq,
		     uint32_t portid)
{
	struct ifaddrmsg ifa = {.ifa_family = (uint8_t)a->family,
				.ifa_prefixlen = (uint8_t)a->prefixlen,
				.ifa_flags = (uint8_t)a->flags,
				.ifa_scope = (uint8_t)a->scope,
				.ifa_index = (uint32_t)a->index};
	size_t at = msg_begin(b, RTM_NEWADDR, flags, seq, portid, &ifa, sizeof(ifa));
	struct ifa_cacheinfo ci = {.ifa_prefered = 0xffffffff, .ifa_valid = 0xffffffff};
	const struct netdev *d = dev_by_index(a->index);
	if (a->family == AF_INET) {
		attr(b, IFA_ADDRESS, a->addr, 4);
		attr(b, IFA_LOCAL, a->addr, 4);
		if (a->has_brd)
			attr(b, IFA_BROADCAST, a->brd, 4);
		if (d)
			attr_str(b, IFA_LABEL, d->name);
		attr_u32(b, IFA_FLAGS, a->flags);
		attr(b, IFA_CACHEINFO, &ci, sizeof(ci));
	} else {
		attr(b, IFA_ADDRESS, a->addr, 16);
		attr(b, IFA_CACHEINFO, &ci, sizeof(ci));
		attr_u32(b, IFA_FLAGS, a->flags);
	}
	msg_end(b, at);
}

/* --- requests ------------------------------------------------------------------ */

static void queue(struct nl_sock *n, struct nl_buf *b)
{
	if (b->oom || !b->len)
		return;
	struct nl_skb *skb = malloc(sizeof(*skb) + b->len);
	if (!skb)
		return;
	skb->len = b->len;
	memcpy(skb->data, b->p, b->len);
	TAILQ_INSERT_TAIL(&n->rq, skb, link);
	n->rq_bytes += b->len;
	wake_up(&n->sk.wq);
}

/* An NLMSG_ERROR answer (netlink_ack): the error, and the request's
 * header, with its payload too for an error unless NETLINK_CAP_ACK. */
static void ack(struct nl_sock *n, const struct nlmsghdr *req, int err)
{
	struct nl_buf b = {0};
	bool whole = err && !n->cap_ack;
	size_t payload = whole ? req->nlmsg_len - NLMSG_HDRLEN : 0;
	struct nlmsgerr e = {.error = err, .msg = *req};
	uint16_t flags = whole ? 0 : NLM_F_CAPPED;
	size_t at = msg_begin(&b, NLMSG_ERROR, flags, req->nlmsg_seq, n->portid, &e, sizeof(e));
	if (payload) {
		void *p = buf_put(&b, payload);
		if (p)
			memcpy(p, (const char *)req + NLMSG_HDRLEN, payload);
	}
	msg_end(&b, at);
	queue(n, &b);
	free(b.p);
}

static void done(struct nl_buf *b, const struct nlmsghdr *req, uint32_t portid)
{
	int zero = 0;
	size_t at =
	    msg_begin(b, NLMSG_DONE, NLM_F_MULTI, req->nlmsg_seq, portid, &zero, sizeof(zero));
	msg_end(b, at);
}

/* The link a RTM_GETLINK without NLM_F_DUMP names, by ifi_index or
 * IFLA_IFNAME. */
static const struct netdev *named_link(const struct nlmsghdr *h)
{
	size_t len = h->nlmsg_len;
	if (len < NLMSG_LENGTH(sizeof(struct ifinfomsg)))
		return NULL;
	const struct ifinfomsg *ifi = NLMSG_DATA(h);
	if (ifi->ifi_index)
		return dev_by_index(ifi->ifi_index);
	size_t alen = len - NLMSG_LENGTH(sizeof(*ifi));
	const struct rtattr *a =
	    (const struct rtattr *)((const char *)ifi + NLMSG_ALIGN(sizeof(*ifi)));
	for (; RTA_OK(a, alen); a = RTA_NEXT(a, alen)) {
		if (a->rta_type == IFLA_IFNAME && RTA_PAYLOAD(a) > 0) {
			char name[IFNAMSIZ] = {0};
			size_t n = RTA_PAYLOAD(a) < IFNAMSIZ - 1 ? RTA_PAYLOAD(a) : IFNAMSIZ - 1;
			memcpy(name, RTA_DATA(a), n);
			return dev_by_name(name);
		}
	}
	return NULL;
}

static void request(struct task *t, struct nl_sock *n, const struct nlmsghdr *h)
{
	(void)t;
	netdevs_init();
	uint16_t type = h->nlmsg_type;
	bool dump = (h->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
	struct nl_buf b = {0};
	int err = 0;
	if (type < NLMSG_MIN_TYPE) {
		/* Control messages: nothing to do (but the ack). */
	} else if (type == RTM_GETLINK) {
		const struct netdev *d;
		if (dump) {
			for (int i = 0; i < ndevs; i++)
				link_msg(&b, &devs[i], NLM_F_MULTI, h->nlmsg_seq, n->portid);
			done(&b, h, n->portid);
		} else if ((d = named_link(h))) {
			link_msg(&b, d, 0, h->nlmsg_seq, n->portid);
		} else {
			err = -ENODEV;
		}
	} else if (type == RTM_GETADDR) {
		if (!dump) {
			err = -EOPNOTSUPP;
		} else {
			int fam = AF_UNSPEC;
			if (h->nlmsg_len >= NLMSG_LENGTH(1))
				fam = ((const struct ifaddrmsg *)NLMSG_DATA(h))->ifa_family;
			for (int pass = 0; pass < 2; pass++) {
				int want = pass == 0 ? AF_INET : AF_INET6;
				if (fam != AF_UNSPEC && fam != want)
					continue;
				for (int i = 0; i < naddrs; i++)
					if (addrs[i].family == want)
						addr_msg(&b, &addrs[i], NLM_F_MULTI, h->nlmsg_seq,
							 n->portid);
			}
			done(&b, h, n->portid);
		}
	} else if (dump && (type & 3) == 2) {
		/* RTM_GET* of the other tables: the sandbox has none. */
		done(&b, h, n->portid);
	} else if ((type & 3) != 2 && type < RTM_MAX) {
		err = -EPERM; /* RTM_NEW*, RTM_DEL*, RTM_SET*: not configurable */
	} else {
		err = -EOPNOTSUPP;
	}
	if (b.len && !b.oom) {
		queue(n, &b);
		if (!err && (h->nlmsg_flags & NLM_F_ACK) && !dump)
			ack(n, h, 0);
	} else if (err || (h->nlmsg_flags & NLM_F_ACK)) {
		ack(n, h, err);
	}
	free(b.p);
}

/* --- socket operations ------------------------------------------------------ */

static int nl_bind(struct task *t, struct sock *sk, const struct sockaddr_storage *a, socklen_t len)
{
	struct nl_sock *n = nl_sk(sk);
	const struct sockaddr_nl *nl = (const struct sockaddr_nl *)a;
	if (len < sizeof(struct sockaddr_nl))
		return -EINVAL;
	if (nl->nl_family != AF_NETLINK)
		return -EINVAL;
	if (nl->nl_pid) {
		if (n->portid && n->portid != nl->nl_pid)
			return -EINVAL;
		if (!n->portid) {
			if (port_used(nl->nl_pid))
				return -EADDRINUSE;
			int r = port_take(nl->nl_pid);
			if (r < 0)
				return r;
			n->portid = nl->nl_pid;
		}
	} else {
		int r = autobind(t, n);
		if (r < 0)
			return r;
	}
	n->groups = nl->nl_groups;
	return 0;
}

static int nl_connect(struct sock_io *io, struct sock *sk, const struct sockaddr_storage *a,
		      socklen_t len)
{
	const struct sockaddr_nl *nl = (const struct sockaddr_nl *)a;
	if (len < sizeof(sa_family_t))
		return -EINVAL;
	if (nl->nl_family == AF_UNSPEC)
		return 0;
	if (len < sizeof(struct sockaddr_nl) || nl->nl_family != AF_NETLINK)
		return -EINVAL;
	return autobind(io->t, nl_sk(sk));
}

static ssize_t nl_sendmsg(struct sock_io *io, struct sock *sk, struct sock_msg *m)
{
	struct nl_sock *n = nl_sk(sk);
	if (m->addrlen) {
		const struct sockaddr_nl *nl = (const struct sockaddr_nl *)&m->addr;
		if (m->addrlen < sizeof(struct sockaddr_nl) || nl->nl_family != AF_NETLINK)
			return -EINVAL;
		if (nl->nl_pid != 0 || nl->nl_groups)
			return -ECONNREFUSED; /* only the kernel answers here */
	}
	size_t len = m->uio->resid;
	if (len > (size_t)sk->sndbuf)
		return -EMSGSIZE;
	int r = autobind(io->t, n);
	if (r < 0)
		return r;
	char *buf = malloc(len ? len : 1);
	if (!buf)
		return -ENOMEM;
	ssize_t c = len ? uio_copyin(m->uio, buf, len) : 0;
	if (c < 0) {
		free(buf);
		return c;
	}
	/* netlink_rcv_skb: each request in turn; a short or overlong header
	 * ends the batch. */
	size_t off = 0;
	while (off + NLMSG_HDRLEN <= (size_t)c) {
		struct nlmsghdr *h = (struct nlmsghdr *)(buf + off);
		if (h->nlmsg_len < NLMSG_HDRLEN || h->nlmsg_len > (size_t)c - off)
			break;
		if (h->nlmsg_flags & NLM_F_REQUEST)
			request(io->t, n, h);
		size_t step = NLMSG_ALIGN(h->nlmsg_len);
		if (step > (size_t)c - off)
			break;
		off += step;
	}
	free(buf);
	return c;
}

static ssize_t nl_recvmsg(struct sock_io *io, struct sock *sk, struct sock_msg *m)
{
	struct nl_sock *n = nl_sk(sk);
	if (io->flags & MSG_OOB)
		return -EOPNOTSUPP;
	struct nl_skb *skb = TAILQ_FIRST(&n->rq);
	if (!skb) {
		if (sk->err)
			return sock_error(sk);
		if (sk->shutdown & RCV_SHUTDOWN)
			return 0;
		sock_wait(io, &sk->wq);
		return -EAGAIN;
	}
	size_t cnt = skb->len < m->uio->resid ? skb->len : m->uio->resid;
	ssize_t c = cnt ? uio_copyout(m->uio, skb->data, cnt) : 0;
	if (c < 0)
		return c;
	if ((size_t)c < skb->len)
		m->flags_out |= MSG_TRUNC;
	size_t size = skb->len;
	struct sockaddr_nl from = {.nl_family = AF_NETLINK};
	memcpy(&m->addr, &from, sizeof(from));
	m->addrlen = sizeof(from);
	if (!(io->flags & MSG_PEEK)) {
		TAILQ_REMOVE(&n->rq, skb, link);
		n->rq_bytes -= skb->len;
		free(skb);
	}
	return (io->flags & MSG_TRUNC) ? (ssize_t)size : c;
}

static int nl_shutdown(struct sock *sk, int how)
{
	if (how == SHUT_RD || how == SHUT_RDWR)
		sk->shutdown |= RCV_SHUTDOWN;
	if (how == SHUT_WR || how == SHUT_RDWR)
		sk->shutdown |= SEND_SHUTDOWN;
	wake_up(&sk->wq);
	return 0;
}

static int nl_getname(struct sock *sk, struct sockaddr_storage *a, socklen_t *len, bool peer)
{
	struct nl_sock *n = nl_sk(sk);
	struct sockaddr_nl nl = {.nl_family = AF_NETLINK};
	if (!peer) {
		nl.nl_pid = n->portid;
		nl.nl_groups = n->groups;
	}
	memset(a, 0, sizeof(*a));
	memcpy(a, &nl, sizeof(nl));
	*len = sizeof(nl);
	return 0;
}

static bool *flag_opt(struct nl_sock *n, int name)
{
	switch (name) {
	case NETLINK_PKTINFO:
		return &n->pktinfo;
	case NETLINK_BROADCAST_ERROR:
		return &n->broadcast_error;
	case NETLINK_NO_ENOBUFS:
		return &n->no_enobufs;
	case NETLINK_CAP_ACK:
		return &n->cap_ack;
	case NETLINK_EXT_ACK:
		return &n->ext_ack;
	case NETLINK_GET_STRICT_CHK:
		return &n->strict;
	default:
		return NULL;
	}
}

static int nl_setsockopt(struct task *t, struct sock *sk, int level, int name, const void *val,
			 socklen_t len)
{
	(void)t;
	if (level != SOL_NETLINK)
		return -ENOPROTOOPT;
	struct nl_sock *n = nl_sk(sk);
	if (len < sizeof(int))
		return -EINVAL;
	int v;
	memcpy(&v, val, sizeof(v));
	if (name == NETLINK_ADD_MEMBERSHIP || name == NETLINK_DROP_MEMBERSHIP) {
		/* Groups the sandbox never sends to: joining is harmless. */
		if (v <= 0)
			return -EINVAL;
		if (v <= 32) {
			uint32_t bit = 1u << (v - 1);
			n->groups =
			    name == NETLINK_ADD_MEMBERSHIP ? n->groups | bit : n->groups & ~bit;
		}
		return 0;
	}
	if (name == NETLINK_LISTEN_ALL_NSID)
		return 0;
	bool *f = flag_opt(n, name);
	if (!f)
		return -ENOPROTOOPT;
	*f = v != 0;
	return 0;
}

static int nl_getsockopt(struct task *t, struct sock *sk, int level, int name, void *val,
			 socklen_t *len)
{
	(void)t;
	if (level != SOL_NETLINK)
		return -ENOPROTOOPT;
	bool *f = flag_opt(nl_sk(sk), name);
	if (!f)
		return -ENOPROTOOPT;
	if (*len < sizeof(int))
		return -EINVAL;
	int v = *f;
	memcpy(val, &v, sizeof(v));
	*len = sizeof(int);
	return 0;
}

static unsigned nl_poll(struct sock *sk, struct poll_table *pt)
{
	poll_wait(pt, &sk->wq);
	unsigned mask = POLLOUT | POLLWRNORM;
	if (!TAILQ_EMPTY(&nl_sk(sk)->rq))
		mask |= POLLIN | POLLRDNORM;
	if (sk->shutdown & RCV_SHUTDOWN)
		mask |= POLLIN | POLLRDNORM | POLLRDHUP;
	if (sk->shutdown == SHUTDOWN_MASK)
		mask |= POLLHUP;
	return mask;
}

static void nl_release(struct sock *sk)
{
	struct nl_sock *n = nl_sk(sk);
	if (n->portid)
		port_drop(n->portid);
	n->portid = 0;
	wake_up(&sk->wq);
}

static void nl_destroy(struct sock *sk)
{
	struct nl_sock *n = nl_sk(sk);
	struct nl_skb *skb;
	while ((skb = TAILQ_FIRST(&n->rq))) {
		TAILQ_REMOVE(&n->rq, skb, link);
		free(skb);
	}
	free(n);
}

static int nl_listen(struct task *t, struct sock *sk, int backlog)
{
	(void)t;
	(void)sk;
	(void)backlog;
	return -EOPNOTSUPP;
}

static int nl_accept(struct sock_io *io, struct sock *sk, struct sock **out)
{
	(void)io;
	(void)sk;
	(void)out;
	return -EOPNOTSUPP;
}

static const struct sock_ops nl_ops = {
    .bind = nl_bind,
    .connect = nl_connect,
    .listen = nl_listen,
    .accept = nl_accept,
    .sendmsg = nl_sendmsg,
    .recvmsg = nl_recvmsg,
    .shutdown = nl_shutdown,
    .getname = nl_getname,
    .setsockopt = nl_setsockopt,
    .getsockopt = nl_getsockopt,
    .poll = nl_poll,
    .release = nl_release,
    .destroy = nl_destroy,
};

int netlink_create(struct task *t, int type, int protocol, struct sock **out)
{
	if (type != SOCK_RAW && type != SOCK_DGRAM)
		return -ESOCKTNOSUPPORT;
	if (protocol < 0 || protocol >= MAX_LINKS)
		return -EPROTONOSUPPORT;
	if (protocol != NETLINK_ROUTE)
		return -EPROTONOSUPPORT; /* as for a protocol no module offers */
	struct sock *sk =
	    sock_alloc(sizeof(struct nl_sock), &nl_ops, AF_NETLINK, type, protocol, t);
	if (!sk)
		return -ENOMEM;
	TAILQ_INIT(&nl_sk(sk)->rq);
	*out = sk;
	return 0;
}
