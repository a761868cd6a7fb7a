/* Options of the loopback's TCP, UDP, IP and IPv6 levels (tcp.c
 * do_tcp_setsockopt, udp.c udp_lib_setsockopt, ip_sockglue.c,
 * ipv6_sockglue.c): recorded, checked as
 * Linux checks them, and given back; none changes how the sentry carries
 * the data (there is no Nagle, no keepalive, no TTL on the loopback). */
#define _GNU_SOURCE
#include "inet_loop.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/tcp.h>
#include <netinet/udp.h>
#include <string.h>

#include "../kernel/cred.h"

#ifndef IP_PROTOCOL
#define IP_PROTOCOL 52 /* <linux/in.h> */
#endif
#ifndef IPV6_FLOWINFO
#define IPV6_FLOWINFO 11 /* <linux/in6.h> */
#endif
#define SOL_UDPLITE	   136 /* <linux/udp.h> */
#define UDPLITE_SEND_CSCOV 10
#define UDPLITE_RECV_CSCOV 11

/* A UDP or UDP-Lite socket's own level: udp_lib_setsockopt takes either
 * on both. */
static bool udp_level(const struct inet_sock *s, int level)
{
	return s->udp && (level == IPPROTO_UDP || level == SOL_UDPLITE);
}

/* udp_lib_setsockopt: the cork, and UDP-Lite's checksum coverage (not
 * below the header's 8 bytes but for 0, the whole datagram). */
static int udp_setsockopt(struct inet_sock *s, int name, int v)
{
	switch (name) {
	case UDP_CORK:
		s->udp_cork = v != 0;
		return 0;
	case UDPLITE_SEND_CSCOV:
	case UDPLITE_RECV_CSCOV:
		if (s->sk.protocol != IPPROTO_UDPLITE)
			return -ENOPROTOOPT;
		if (v != 0 && v < 8)
			v = 8;
		else if (v > 0xffff)
			v = 0xffff;
		if (name == UDPLITE_SEND_CSCOV) {
			s->pcslen = v;
			s->pcs_set = true;
		} else {
			s->pcrlen = v;
			s->pcr_set = true;
		}
		return 0;
	}
	return -ENOPROTOOPT;
}

static int udp_getsockopt(struct inet_sock *s, int name, int *v)
{
	switch (name) {
	case UDP_CORK:
		*v = s->udp_cork;
		return 0;
	case UDPLITE_SEND_CSCOV:
		*v = s->pcslen;
		return 0;
	case UDPLITE_RECV_CSCOV:
		*v = s->pcrlen;
		return 0;
	}
	return -ENOPROTOOPT;
}

/* The int options of a level, by name: where they are kept. */
static int *opt_slot(struct inet_sock *s, int level, int name)
{
	if (level == IPPROTO_TCP && !s->udp) {
		switch (name) {
		case TCP_NODELAY:
			return &s->nodelay;
		case TCP_MAXSEG:
			return &s->maxseg;
		case TCP_CORK:
			return &s->cork;
		case TCP_KEEPIDLE:
			return &s->keepidle;
		case TCP_KEEPINTVL:
			return &s->keepintvl;
		case TCP_KEEPCNT:
			return &s->keepcnt;
		case TCP_SYNCNT:
			return &s->syncnt;
		case TCP_LINGER2:
			return &s->linger2;
		case TCP_DEFER_ACCEPT:
			return &s->defer_accept;
		case TCP_WINDOW_CLAMP:
			return &s->window_clamp;
		case TCP_QUICKACK:
			return &s->quickack;
		case TCP_USER_TIMEOUT:
			return &s->user_timeout;
		case TCP_FASTOPEN:
			return &s->fastopen;
		case TCP_NOTSENT_LOWAT:
			return &s->notsent_lowat;
		}
		return NULL;
	}
	if (level == IPPROTO_IP) {
		switch (name) {
		case IP_TTL:
			return &s->ttl;
		case IP_TOS:
			return &s->tos;
		case IP_RECVERR:
			return &s->recverr;
		case IP_PKTINFO:
			return &s->pktinfo;
		case IP_MTU_DISCOVER:
			return &s->mtu_discover;
		case IP_FREEBIND:
			return &s->freebind;
		case IP_TRANSPARENT:
			return &s->transparent;
		case IP_RECVTOS:
			return &s->recvtos;
		case IP_RECVTTL:
			return &s->recvttl;
		case IP_MULTICAST_LOOP:
			return &s->multicast_loop;
		case IP_MULTICAST_TTL:
			return &s->multicast_ttl;
		case IP_RECVORIGDSTADDR:
			return &s->origdstaddr;
		}
		return NULL;
	}
	if (level == IPPROTO_IPV6 && s->v6) {
		switch (name) {
		case IPV6_UNICAST_HOPS:
			return &s->hoplimit;
		case IPV6_RECVPKTINFO:
			return &s->recvpktinfo;
		case IPV6_TCLASS:
			return &s->tclass;
		case IPV6_RECVERR:
			return &s->recverr6;
		case IPV6_MTU_DISCOVER:
			return &s->mtu_discover;
		case IPV6_RECVHOPLIMIT:
			return &s->recvhoplimit;
		case IPV6_RECVTCLASS:
			return &s->recvtclass;
		case IPV6_2292PKTINFO:
			return &s->rx2292pktinfo;
		case IPV6_2292HOPLIMIT:
			return &s->rx2292hoplimit;
		case IPV6_RECVORIGDSTADDR:
			return &s->recvorigdstaddr6;
		}
	}
	return NULL;
}

/* Flags: any value sets them, and they read back 0 or 1. */
static bool is_flag(int level, int name)
{
	if (level == IPPROTO_IP)
		return name == IP_RECVERR || name == IP_PKTINFO || name == IP_FREEBIND ||
		       name == IP_TRANSPARENT || name == IP_RECVTOS || name == IP_RECVTTL ||
		       name == IP_MULTICAST_LOOP || name == IP_RECVORIGDSTADDR;
	if (level == IPPROTO_IPV6)
		return name == IPV6_RECVPKTINFO || name == IPV6_RECVERR ||
		       name == IPV6_RECVHOPLIMIT || name == IPV6_RECVTCLASS ||
		       name == IPV6_2292PKTINFO || name == IPV6_2292HOPLIMIT ||
		       name == IPV6_RECVORIGDSTADDR;
	return false;
}

/* Whether @level is one of the socket's: its protocol's, IP's, IPv6's for
 * an IPv6 socket.  Another is ENOPROTOOPT, but EOPNOTSUPP to read on an
 * IPv4 socket (do_ip_getsockopt); the multicast routing options
 * (MRT_BASE.., MRT6_BASE..) are a raw socket's only. */
static int check_level(const struct inet_sock *s, int level, int name, bool get)
{
	if (s->udp ? udp_level(s, level) : level == IPPROTO_TCP)
		return 0;
	if (level == IPPROTO_IP || (level == IPPROTO_IPV6 && s->v6))
		return name >= 200 && name <= 212 ? -EOPNOTSUPP : 0;
	return get && !s->v6 ? -EOPNOTSUPP : -ENOPROTOOPT;
}

int inet_setsockopt(struct task *t, struct sock *sk, int level, int name, const void *val,
		    socklen_t len)
{
	(void)t;
	struct inet_sock *s = inet_sk(sk);
	if (level == SOL_SOCKET)
		return -ENOPROTOOPT;
	int r = check_level(s, level, name, false);
	if (r < 0)
		return r;
	if (level == IPPROTO_TCP && name == TCP_CONGESTION && !s->udp)
		return len ? 0 : -EINVAL;
	/* do_ipv6_setsockopt knows the name before it looks at the length. */
	if (level == IPPROTO_IPV6 && name != IPV6_V6ONLY && !opt_slot(s, level, name))
		return -ENOPROTOOPT;
	int v = 0;
	if (len >= sizeof(int))
		memcpy(&v, val, sizeof(int));
	else if (len >= 1 && level == IPPROTO_IP)
		v = *(const unsigned char *)val; /* ip_setsockopt takes one byte too */
	else
		return -EINVAL;
	if (udp_level(s, level))
		return udp_setsockopt(s, name, v);
	if (level == IPPROTO_IPV6 && s->v6 && name == IPV6_V6ONLY) {
		if (s->bound)
			return -EINVAL;
		s->v6only = v != 0;
		return 0;
	}
	int *slot = opt_slot(s, level, name);
	if (!slot)
		return -ENOPROTOOPT;
	if (level == IPPROTO_IP && name == IP_TTL && (v < -1 || v == 0 || v > 255))
		return -EINVAL;
	if (level == IPPROTO_IP && name == IP_TTL && v == -1)
		v = 64;
	/* do_ipv6_setsockopt: -1 is the default (64 hops, class 0). */
	if (level == IPPROTO_IPV6 && (name == IPV6_UNICAST_HOPS || name == IPV6_TCLASS) &&
	    (v < -1 || v > 255))
		return -EINVAL;
	if (level == IPPROTO_IPV6 && name == IPV6_UNICAST_HOPS && v == -1)
		v = 64;
	if (level == IPPROTO_IPV6 && name == IPV6_TCLASS && v == -1)
		v = 0;
	if (is_flag(level, name))
		v = v != 0;
	/* Turning IP_RECVERR (or IPV6_RECVERR) off drops the queued errors. */
	if (!v && ((level == IPPROTO_IP && name == IP_RECVERR) ||
		   (level == IPPROTO_IPV6 && name == IPV6_RECVERR)))
		inet_purge_errq(s);
	if (level == IPPROTO_TCP && (name == TCP_KEEPIDLE || name == TCP_KEEPINTVL) &&
	    (v < 1 || v > 32767))
		return -EINVAL;
	if (level == IPPROTO_TCP && name == TCP_KEEPCNT && (v < 1 || v > 127))
		return -EINVAL;
	if (level == IPPROTO_TCP && name == TCP_MAXSEG && v && (v < 88 || v > 65535 - 40))
		return -EINVAL;
	*slot = v;
	return 0;
}

int inet_getsockopt(struct task *t, struct sock *sk, int level, int name, void *val, socklen_t *len)
{
	(void)t;
	struct inet_sock *s = inet_sk(sk);
	if (level == SOL_SOCKET)
		return -ENOPROTOOPT;
	int r = check_level(s, level, name, true);
	if (r < 0)
		return r;
	if (level == IPPROTO_TCP && !s->udp && name == TCP_CONGESTION) {
		const char cc[16] = "cubic";
		*len = *len < sizeof(cc) ? *len : sizeof(cc);
		memcpy(val, cc, *len);
		return 0;
	}
	if (level == IPPROTO_TCP && !s->udp && name == TCP_INFO) {
		struct tcp_info ti;
		memset(&ti, 0, sizeof(ti));
		static const int tcp_states[] = {
		    [TS_CLOSE] = 7, [TS_LISTEN] = 10, [TS_SYN_SENT] = 2, [TS_ESTABLISHED] = 1};
		ti.tcpi_state = (uint8_t)tcp_states[s->state];
		*len = *len < sizeof(ti) ? *len : sizeof(ti);
		memcpy(val, &ti, *len);
		return 0;
	}
	int v;
	if (udp_level(s, level)) {
		r = udp_getsockopt(s, name, &v);
		if (r < 0)
			return r;
	} else if (level == IPPROTO_IPV6 && s->v6 && name == IPV6_V6ONLY) {
		v = s->v6only;
	} else if (level == IPPROTO_TCP && !s->udp && name == TCP_MAXSEG && !s->maxseg) {
		v = s->state == TS_ESTABLISHED ? 65483 : 536; /* loopback MSS, TCP_MSS_DEFAULT */
	} else {
		int *slot = opt_slot(s, level, name);
		if (!slot)
			return -ENOPROTOOPT;
		v = *slot;
	}
	*len = *len < sizeof(v) ? *len : sizeof(v);
	memcpy(val, &v, *len);
	return 0;
}

/* --- ancillary data of UDP ------------------------------------------------------- */

/* An address of the sandbox's loopback, as a source (ip_route_output_key
 * wants a local one): 127.0.0.0/8 or ::1. */
static bool local_source(const struct in6_addr *a)
{
	if (inet_is_v4(a))
		return (inet_v4_of(a) >> 24) == 127;
	return IN6_IS_ADDR_LOOPBACK(a);
}

static int cmsg_int(const struct cmsghdr *h, const char *data, int lo, int hi, int *out)
{
	int v;
	if (h->cmsg_len != CMSG_LEN(sizeof(int)))
		return -EINVAL;
	memcpy(&v, data, sizeof(v));
	if (v < lo || v > hi)
		return -EINVAL;
	*out = v;
	return 0;
}

/* ip_cmsg_send: the IP level of a datagram that goes as IPv4 (and, from
 * an IPv6 socket, its IPV6_PKTINFO). */
static int ip_cmsg(struct inet_sock *s, const struct cmsghdr *h, const char *data,
		   struct inet_cmsgs *c)
{
	size_t dlen = h->cmsg_len - CMSG_LEN(0);
	if (s->v6 && h->cmsg_level == IPPROTO_IPV6 && h->cmsg_type == IPV6_PKTINFO) {
		struct in6_pktinfo pi;
		if (dlen < sizeof(pi))
			return -EINVAL;
		memcpy(&pi, data, sizeof(pi));
		if (!inet_is_v4(&pi.ipi6_addr))
			return -EINVAL;
		c->ifindex = pi.ipi6_ifindex ? (int)pi.ipi6_ifindex : c->ifindex;
		c->src = pi.ipi6_addr;
		c->has_src = inet_v4_of(&pi.ipi6_addr) != 0;
		return 0;
	}
	if (h->cmsg_level != IPPROTO_IP)
		return 0;
	switch (h->cmsg_type) {
	case IP_TTL:
		return cmsg_int(h, data, 1, 255, &c->ttl);
	case IP_TOS:
		if (h->cmsg_len == CMSG_LEN(sizeof(unsigned char))) {
			c->tos = *(const unsigned char *)data;
			return 0;
		}
		return cmsg_int(h, data, 0, 255, &c->tos);
	case IP_PKTINFO: {
		struct in_pktinfo pi;
		if (h->cmsg_len != CMSG_LEN(sizeof(pi)))
			return -EINVAL;
		memcpy(&pi, data, sizeof(pi));
		c->ifindex = pi.ipi_ifindex ? pi.ipi_ifindex : c->ifindex;
		c->src = inet_mapped(ntohl(pi.ipi_spec_dst.s_addr));
		c->has_src = pi.ipi_spec_dst.s_addr != 0;
		return 0;
	}
	case IP_RETOPTS: /* IP options of the datagram: none are carried */
		return dlen <= 40 ? 0 : -EINVAL;
	case IP_PROTOCOL: {
		int p;
		return cmsg_int(h, data, 1, 255, &p);
	}
	default:
		return -EINVAL;
	}
}

/* An IPv6 extension header's length, as the header says (its second
 * byte, in 8-byte units beyond the first 8). */
static size_t exthdr_len(const struct cmsghdr *h, const char *data)
{
	if (h->cmsg_len < CMSG_LEN(2))
		return 0;
	return ((size_t)(unsigned char)data[1] + 1) * 8;
}

/* ip6_datagram_send_ctl: the IPv6 level of a datagram that goes as IPv6. */
static int ip6_cmsg(struct task *t, const struct cmsghdr *h, const char *data, struct inet_cmsgs *c)
{
	if (h->cmsg_level != IPPROTO_IPV6)
		return 0;
	size_t dlen = h->cmsg_len - CMSG_LEN(0);
	switch (h->cmsg_type) {
	case IPV6_PKTINFO:
	case IPV6_2292PKTINFO: {
		struct in6_pktinfo pi;
		if (dlen < sizeof(pi))
			return -EINVAL;
		memcpy(&pi, data, sizeof(pi));
		if (pi.ipi6_ifindex) {
			if (c->ifindex && (int)pi.ipi6_ifindex != c->ifindex)
				return -EINVAL;
			c->ifindex = (int)pi.ipi6_ifindex;
		}
		if (c->ifindex && c->ifindex != 1)
			return -ENODEV;
		if (!IN6_IS_ADDR_UNSPECIFIED(&pi.ipi6_addr)) {
			if (!local_source(&pi.ipi6_addr) || inet_is_v4(&pi.ipi6_addr))
				return -EINVAL;
			c->src = pi.ipi6_addr;
			c->has_src = true;
		}
		return 0;
	}
	case IPV6_FLOWINFO:
		return dlen < 4 ? -EINVAL : 0;
	case IPV6_2292HOPOPTS:
	case IPV6_HOPOPTS:
	case IPV6_2292DSTOPTS:
	case IPV6_DSTOPTS:
	case IPV6_RTHDRDSTOPTS: {
		/* Extension headers: the sentry sends none, but checks them. */
		size_t n = exthdr_len(h, data);
		if (!n || h->cmsg_len < CMSG_LEN(n))
			return -EINVAL;
		return capable(t, CAP_NET_RAW) ? 0 : -EPERM;
	}
	case IPV6_2292RTHDR:
	case IPV6_RTHDR: {
		/* Only the type 2 routing header of Mobile IPv6 is taken. */
		if (dlen < 4 || data[2] != 2 || data[1] != 2 || data[3] != 1)
			return -EINVAL;
		return h->cmsg_len < CMSG_LEN(exthdr_len(h, data)) ? -EINVAL : 0;
	}
	case IPV6_2292HOPLIMIT:
	case IPV6_HOPLIMIT:
		return cmsg_int(h, data, -1, 255, &c->ttl);
	case IPV6_TCLASS:
		return cmsg_int(h, data, -1, 255, &c->tos);
	case IPV6_DONTFRAG: {
		int df;
		return cmsg_int(h, data, 0, 1, &df);
	}
	default:
		return -EINVAL;
	}
}

int inet_send_cmsgs(struct task *t, struct inet_sock *s, const struct sock_msg *m, bool v4,
		    struct inet_cmsgs *c)
{
	memset(c, 0, sizeof(*c));
	c->ttl = c->tos = -1;
	const char *buf = m->raw_control;
	size_t len = m->raw_control ? m->raw_controllen : 0, off = 0;
	/* The walk of sys_sockmsg.c's parse_control, which checked the
	 * lengths already. */
	while (len - off >= sizeof(struct cmsghdr)) {
		struct cmsghdr h;
		memcpy(&h, buf + off, sizeof(h));
		if (h.cmsg_len < sizeof(struct cmsghdr) || h.cmsg_len > len - off)
			return -EINVAL;
		const char *data = buf + off + CMSG_LEN(0);
		int r = v4 ? ip_cmsg(s, &h, data, c) : ip6_cmsg(t, &h, data, c);
		if (r < 0)
			return r;
		size_t step = CMSG_ALIGN(h.cmsg_len);
		if (step > len - off)
			break;
		off += step;
	}
	if (v4) {
		if (c->ifindex && c->ifindex != 1)
			return -ENODEV;
		if (c->has_src && !local_source(&c->src))
			return -EINVAL;
		/* The socket's own, where the datagram says nothing. */
		if (c->ttl < 0)
			c->ttl = s->ttl;
		if (c->tos < 0)
			c->tos = s->tos;
	} else {
		if (c->ttl < 0)
			c->ttl = s->hoplimit;
		if (c->tos < 0)
			c->tos = s->tclass;
	}
	return 0;
}

void inet_recv_cmsgs(struct task *t, struct inet_sock *s, const struct inet_seg *g,
		     struct sock_msg *m)
{
	bool v4 = inet_is_v4(&g->to);
	/* ip6_datagram_recv_common_ctl, then the IPv4 or IPv6 rest. */
	if (s->v6 && s->recvpktinfo) {
		struct in6_pktinfo pi = {.ipi6_addr = g->to, .ipi6_ifindex = 1};
		sock_put_cmsg(t, m, IPPROTO_IPV6, IPV6_PKTINFO, &pi, sizeof(pi));
	}
	if (v4) {
		struct in_addr dst = {htonl(inet_v4_of(&g->to))};
		if (s->pktinfo) {
			struct in_pktinfo pi = {
			    .ipi_ifindex = 1, .ipi_spec_dst = dst, .ipi_addr = dst};
			sock_put_cmsg(t, m, IPPROTO_IP, IP_PKTINFO, &pi, sizeof(pi));
		}
		if (s->recvttl)
			sock_put_cmsg(t, m, IPPROTO_IP, IP_TTL, &g->ttl, sizeof(g->ttl));
		if (s->recvtos) {
			unsigned char tos = (unsigned char)g->tos;
			sock_put_cmsg(t, m, IPPROTO_IP, IP_TOS, &tos, sizeof(tos));
		}
		if (s->origdstaddr) {
			struct sockaddr_in sa = {
			    .sin_family = AF_INET, .sin_port = htons(g->to_port), .sin_addr = dst};
			sock_put_cmsg(t, m, IPPROTO_IP, IP_ORIGDSTADDR, &sa, sizeof(sa));
		}
		return;
	}
	if (s->recvhoplimit)
		sock_put_cmsg(t, m, IPPROTO_IPV6, IPV6_HOPLIMIT, &g->ttl, sizeof(g->ttl));
	if (s->recvtclass)
		sock_put_cmsg(t, m, IPPROTO_IPV6, IPV6_TCLASS, &g->tos, sizeof(g->tos));
	if (s->rx2292pktinfo) {
		struct in6_pktinfo pi = {.ipi6_addr = g->to, .ipi6_ifindex = 1};
		sock_put_cmsg(t, m, IPPROTO_IPV6, IPV6_2292PKTINFO, &pi, sizeof(pi));
	}
	if (s->rx2292hoplimit)
		sock_put_cmsg(t, m, IPPROTO_IPV6, IPV6_2292HOPLIMIT, &g->ttl, sizeof(g->ttl));
	if (s->recvorigdstaddr6) {
		struct sockaddr_in6 sa = {
		    .sin6_family = AF_INET6, .sin6_port = htons(g->to_port), .sin6_addr = g->to};
		sock_put_cmsg(t, m, IPPROTO_IPV6, IPV6_ORIGDSTADDR, &sa, sizeof(sa));
	}
}
