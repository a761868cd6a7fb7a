/* Options of the loopback's TCP, UDP, IP and IPv6 levels (tcp.c
 * do_tcp_setsockopt, udp.c udp_lib_setsockopt, ip_sockglue.c,
 * ipv6_sockglue.c): recorded, checked as
 * Linux checks them, and given back; none changes how the sentry carries
 * the data (there is no Nagle, no keepalive, no TTL on the loopback). */
#define _GNU_SOURCE
#include "inet_loop.h"

#include <errno.h>
#include <netinet/tcp.h>
#include <netinet/udp.h>
#include <string.h>

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
			return &s->recverr;
		case IPV6_MTU_DISCOVER:
			return &s->mtu_discover;
		}
	}
	return NULL;
}

int inet_setsockopt(struct task *t, struct sock *sk, int level, int name, const void *val,
		    socklen_t len)
{
	(void)t;
	struct inet_sock *s = inet_sk(sk);
	if (level == SOL_SOCKET)
		return -ENOPROTOOPT;
	if (level == IPPROTO_TCP && name == TCP_CONGESTION && !s->udp)
		return len ? 0 : -EINVAL;
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
		return level == IPPROTO_TCP || level == IPPROTO_UDP || level == IPPROTO_IP ||
			       level == IPPROTO_IPV6
			   ? -ENOPROTOOPT
			   : -EOPNOTSUPP;
	if (level == IPPROTO_IP && name == IP_TTL && (v < -1 || v == 0 || v > 255))
		return -EINVAL;
	if (level == IPPROTO_IP && name == IP_TTL && v == -1)
		v = 64;
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
		int r = udp_getsockopt(s, name, &v);
		if (r < 0)
			return r;
	} else if (level == IPPROTO_IPV6 && s->v6 && name == IPV6_V6ONLY) {
		v = s->v6only;
	} else if (level == IPPROTO_TCP && !s->udp && name == TCP_MAXSEG && !s->maxseg) {
		v = s->state == TS_ESTABLISHED ? 65483 : 536; /* loopback MSS, TCP_MSS_DEFAULT */
	} else {
		int *slot = opt_slot(s, level, name);
		if (!slot)
			return level == IPPROTO_TCP || level == IPPROTO_UDP ||
				       level == IPPROTO_IP || level == IPPROTO_IPV6
				   ? -ENOPROTOOPT
				   : -EOPNOTSUPP;
		v = *slot;
	}
	*len = *len < sizeof(v) ? *len : sizeof(v);
	memcpy(val, &v, *len);
	return 0;
}
