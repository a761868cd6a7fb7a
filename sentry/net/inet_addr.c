/* Addresses on the sandbox's loopback: v4 addresses are kept mapped
 * (::ffff:a.b.c.d); which addresses a bound socket takes (a v6 socket on ::
 * takes v4 too unless IPV6_V6ONLY), which destinations exist (127.0.0.0/8
 * and ::1: anything else is ENETUNREACH), sockaddrs in and out. */
#define _GNU_SOURCE
#include "inet_loop.h"

#include <errno.h>
#include <string.h>

bool inet_is_v4(const struct in6_addr *a)
{
	return IN6_IS_ADDR_V4MAPPED(a);
}

uint32_t inet_v4_of(const struct in6_addr *a)
{
	uint32_t v;
	memcpy(&v, &a->s6_addr[12], 4);
	return ntohl(v);
}

struct in6_addr inet_mapped(uint32_t host_order)
{
	struct in6_addr a;
	memset(&a, 0, sizeof(a));
	a.s6_addr[10] = a.s6_addr[11] = 0xff;
	uint32_t n = htonl(host_order);
	memcpy(&a.s6_addr[12], &n, 4);
	return a;
}

bool inet_is_any(const struct in6_addr *a)
{
	return IN6_IS_ADDR_UNSPECIFIED(a) || (inet_is_v4(a) && inet_v4_of(a) == 0);
}

/* The addresses a bound socket takes, per family: none, all, or one. */
enum { TAKES_NONE, TAKES_ALL, TAKES_ONE };

static int takes(const struct inet_sock *s, bool v4, struct in6_addr *one)
{
	bool bound_v4 = inet_is_v4(&s->laddr);
	if (v4) {
		if (bound_v4) {
			*one = s->laddr;
			return inet_v4_of(&s->laddr) == 0 ? TAKES_ALL : TAKES_ONE;
		}
		/* A v6 socket on :: takes v4 too, unless IPV6_V6ONLY. */
		return IN6_IS_ADDR_UNSPECIFIED(&s->laddr) && !s->v6only ? TAKES_ALL : TAKES_NONE;
	}
	if (bound_v4)
		return TAKES_NONE;
	*one = s->laddr;
	return IN6_IS_ADDR_UNSPECIFIED(&s->laddr) ? TAKES_ALL : TAKES_ONE;
}

static bool sets_meet(int ka, const struct in6_addr *a, int kb, const struct in6_addr *b)
{
	if (ka == TAKES_NONE || kb == TAKES_NONE)
		return false;
	if (ka == TAKES_ALL || kb == TAKES_ALL)
		return true;
	return IN6_ARE_ADDR_EQUAL(a, b);
}

bool inet_overlap(const struct inet_sock *x, const struct inet_sock *y)
{
	struct in6_addr a, b;
	for (int v4 = 0; v4 < 2; v4++) {
		int ka = takes(x, v4, &a), kb = takes(y, v4, &b);
		if (sets_meet(ka, &a, kb, &b))
			return true;
	}
	return false;
}

/* Does @s take traffic for @dst?  2: exactly, 1: as a wildcard. */
int inet_accepts(const struct inet_sock *s, const struct in6_addr *dst)
{
	struct in6_addr one;
	int k = takes(s, inet_is_v4(dst), &one);
	if (k == TAKES_ALL)
		return 1;
	return k == TAKES_ONE && IN6_ARE_ADDR_EQUAL(&one, dst) ? 2 : 0;
}

void inet_make_addr(const struct inet_sock *s, const struct in6_addr *a, uint16_t port,
		    struct sockaddr_storage *out, socklen_t *len)
{
	memset(out, 0, sizeof(*out));
	if (!s->v6) {
		struct sockaddr_in *sin = (struct sockaddr_in *)out;
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		sin->sin_addr.s_addr = htonl(inet_is_v4(a) ? inet_v4_of(a) : 0);
		*len = sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)out;
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		sin6->sin6_addr = *a;
		*len = sizeof(*sin6);
	}
}

/* A sockaddr from the guest: the address (v4 mapped) and port.  @bind:
 * bind's rules (AF_UNSPEC with INADDR_ANY passes on a v4 socket). */
int inet_parse_addr(const struct inet_sock *s, const struct sockaddr_storage *a, socklen_t len,
		    struct in6_addr *addr, uint16_t *port, bool bind)
{
	if (!s->v6) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)a;
		if (len < sizeof(*sin))
			return -EINVAL;
		if (sin->sin_family != AF_INET &&
		    !(bind && sin->sin_family == AF_UNSPEC && sin->sin_addr.s_addr == 0))
			return -EAFNOSUPPORT;
		*addr = inet_mapped(ntohl(sin->sin_addr.s_addr));
		*port = ntohs(sin->sin_port);
		return 0;
	}
	const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)a;
	if (!bind && s->udp && len >= sizeof(struct sockaddr_in) && a->ss_family == AF_INET) {
		/* udpv6_sendmsg takes an AF_INET destination. */
		const struct sockaddr_in *sin = (const struct sockaddr_in *)a;
		*addr = inet_mapped(ntohl(sin->sin_addr.s_addr));
		*port = ntohs(sin->sin_port);
		return 0;
	}
	if (len < 24) /* SIN6_LEN_RFC2133 */
		return -EINVAL;
	if (sin6->sin6_family != AF_INET6)
		return -EAFNOSUPPORT;
	*addr = sin6->sin6_addr;
	*port = ntohs(sin6->sin6_port);
	return 0;
}

int inet_parse_dest(struct inet_sock *s, const struct sockaddr_storage *a, socklen_t len,
		    struct in6_addr *addr, uint16_t *port)
{
	int r = inet_parse_addr(s, a, len, addr, port, false);
	if (r < 0)
		return r;
	if (inet_is_v4(addr)) {
		if (s->v6 && s->v6only)
			return -ENETUNREACH;
		uint32_t v = inet_v4_of(addr);
		if (v == 0)
			*addr = inet_mapped(INADDR_LOOPBACK); /* 0.0.0.0 means this host */
		else if ((v >> 24) != 127)
			return -ENETUNREACH;
		return 0;
	}
	if (IN6_IS_ADDR_UNSPECIFIED(addr))
		*addr = in6addr_loopback;
	else if (!IN6_IS_ADDR_LOOPBACK(addr))
		return -ENETUNREACH;
	return 0;
}

bool inet_local_addr(const struct inet_sock *s, const struct in6_addr *a)
{
	if (inet_is_v4(a)) {
		uint32_t v = inet_v4_of(a);
		return v == 0 || (v >> 24) == 127;
	}
	(void)s;
	return IN6_IS_ADDR_UNSPECIFIED(a) || IN6_IS_ADDR_LOOPBACK(a);
}
