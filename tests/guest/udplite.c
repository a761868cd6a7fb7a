/* UDP-Lite (IPPROTO_UDPLITE) on the loopback: sockets of both families,
 * a port space of its own beside UDP's, datagrams both ways, the checksum
 * coverage options (UDPLITE_SEND_CSCOV, UDPLITE_RECV_CSCOV: clamped, and a
 * receiver that asks for more coverage than a datagram has drops it), the
 * UDP options it shares, and what plain UDP sockets say to its options. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "errname.h"

#ifndef IPPROTO_UDPLITE
#define IPPROTO_UDPLITE 136
#endif
#define SOL_UDPLITE	   136
#define UDPLITE_SEND_CSCOV 10
#define UDPLITE_RECV_CSCOV 11
#ifndef UDP_CORK
#define UDP_CORK 1
#endif

static const char *res_(long r)
{
	static char buf[64];
	if (r >= 0)
		snprintf(buf, sizeof(buf), "%ld", r);
	else
		snprintf(buf, sizeof(buf), "-1 %s", errname(errno));
	return buf;
}

static int sock_at(int fam, int proto, struct sockaddr_storage *a, socklen_t *len)
{
	int s = socket(fam, SOCK_DGRAM, proto);
	if (s < 0) {
		printf("socket(%d, SOCK_DGRAM, %d): %s\n", fam, proto, res_(s));
		return -1;
	}
	if (fam == AF_INET) {
		struct sockaddr_in b = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
		if (bind(s, (void *)&b, sizeof(b)) < 0)
			printf("bind: %s\n", res_(-1));
	} else {
		struct sockaddr_in6 b = {.sin6_family = AF_INET6, .sin6_addr = in6addr_loopback};
		if (bind(s, (void *)&b, sizeof(b)) < 0)
			printf("bind: %s\n", res_(-1));
	}
	*len = sizeof(*a);
	getsockname(s, (void *)a, len);
	return s;
}

static void opt(int s, int level, int name, int v, const char *what)
{
	int r = setsockopt(s, level, name, &v, sizeof(v));
	printf("%s = %d: set %s", what, v, res_(r));
	int g = -99;
	socklen_t l = sizeof(g);
	int rg = getsockopt(s, level, name, &g, &l);
	printf(", get %s -> %d\n", res_(rg), g);
}

static void xfer(int from, int to, const struct sockaddr_storage *a, socklen_t alen, size_t n,
		 const char *what)
{
	char buf[256];
	memset(buf, 'x', sizeof(buf));
	long w = sendto(from, buf, n, 0, (const void *)a, alen);
	printf("%s: send %zu: %s", what, n, res_(w));
	long r = recv(to, buf, sizeof(buf), MSG_DONTWAIT);
	printf(", recv: %s\n", res_(r));
}

static void family(int fam)
{
	struct sockaddr_storage ra, sa;
	socklen_t ral, sal;
	printf("== %s\n", fam == AF_INET ? "IPv4" : "IPv6");
	int r = sock_at(fam, IPPROTO_UDPLITE, &ra, &ral);
	int s = sock_at(fam, IPPROTO_UDPLITE, &sa, &sal);
	if (r < 0 || s < 0)
		return;
	int v = -1;
	socklen_t l = sizeof(v);
	getsockopt(r, SOL_SOCKET, SO_PROTOCOL, &v, &l);
	printf("SO_PROTOCOL: %d\n", v);
	getsockopt(r, SOL_SOCKET, SO_TYPE, &v, &l);
	printf("SO_TYPE: %d\n", v);
	xfer(s, r, &ra, ral, 100, "full coverage");

	/* The same port for UDP: a port space of its own. */
	int u = socket(fam, SOCK_DGRAM, 0);
	printf("UDP bind to the UDP-Lite port: %s\n", res_(bind(u, (void *)&ra, ral)));
	int u2 = socket(fam, SOCK_DGRAM, IPPROTO_UDPLITE);
	printf("UDP-Lite bind to the same port: %s\n", res_(bind(u2, (void *)&ra, ral)));
	close(u2);
	/* UDP to the port goes to the UDP socket, not the UDP-Lite one. */
	int us = socket(fam, SOCK_DGRAM, 0);
	char b[8] = "udp";
	sendto(us, b, 3, 0, (void *)&ra, ral);
	printf("UDP datagram: UDP-Lite socket %s", res_(recv(r, b, sizeof(b), MSG_DONTWAIT)));
	printf(", UDP socket %s\n", res_(recv(u, b, sizeof(b), MSG_DONTWAIT)));
	close(us);
	close(u);

	opt(s, SOL_UDPLITE, UDPLITE_SEND_CSCOV, 1, "SEND_CSCOV");
	opt(s, SOL_UDPLITE, UDPLITE_SEND_CSCOV, 70000, "SEND_CSCOV");
	opt(s, SOL_UDPLITE, UDPLITE_SEND_CSCOV, -5, "SEND_CSCOV");
	opt(s, SOL_UDPLITE, UDPLITE_SEND_CSCOV, 20, "SEND_CSCOV");
	opt(s, IPPROTO_UDP, UDPLITE_SEND_CSCOV, 20, "SEND_CSCOV at SOL_UDP");
	short sh = 10;
	printf("SEND_CSCOV short optlen: %s\n",
	       res_(setsockopt(s, SOL_UDPLITE, UDPLITE_SEND_CSCOV, &sh, sizeof(sh))));
	/* Receiver wants 40 bytes covered: a 20-byte coverage is dropped,
	 * a datagram shorter than that (full coverage) is not. */
	opt(r, SOL_UDPLITE, UDPLITE_RECV_CSCOV, 40, "RECV_CSCOV");
	xfer(s, r, &ra, ral, 100, "coverage 20 to a receiver wanting 40");
	xfer(s, r, &ra, ral, 5, "short datagram (covered in full)");
	opt(s, SOL_UDPLITE, UDPLITE_SEND_CSCOV, 48, "SEND_CSCOV");
	xfer(s, r, &ra, ral, 100, "coverage 48");
	opt(s, SOL_UDPLITE, UDPLITE_SEND_CSCOV, 0, "SEND_CSCOV");
	xfer(s, r, &ra, ral, 100, "coverage 0 (full)");
	opt(r, SOL_UDPLITE, UDPLITE_RECV_CSCOV, 0, "RECV_CSCOV");
	opt(s, SOL_UDPLITE, UDPLITE_SEND_CSCOV, 8, "SEND_CSCOV");
	xfer(s, r, &ra, ral, 100, "coverage 8 to a receiver wanting full");
	xfer(s, r, &ra, ral, 0, "empty datagram, coverage 8");
	opt(s, SOL_UDPLITE, UDP_CORK, 0, "UDP_CORK at SOL_UDPLITE");
	opt(s, SOL_UDPLITE, 99, 0, "option 99");

	/* Plain UDP: no coverage to set, zero to read. */
	int p = socket(fam, SOCK_DGRAM, IPPROTO_UDP);
	opt(p, SOL_UDPLITE, UDPLITE_SEND_CSCOV, 20, "UDP socket SEND_CSCOV");
	opt(p, IPPROTO_UDP, UDPLITE_RECV_CSCOV, 20, "UDP socket RECV_CSCOV");
	opt(p, SOL_UDPLITE, UDP_CORK, 1, "UDP socket UDP_CORK at SOL_UDPLITE");
	close(p);

	/* connect and send. */
	printf("connect: %s\n", res_(connect(s, (void *)&ra, ral)));
	printf("send: %s", res_(send(s, "abc", 3, 0)));
	printf(", recv: %s\n", res_(recv(r, b, sizeof(b), MSG_DONTWAIT)));
	close(r);
	close(s);
}

int main(void)
{
	printf("stream UDP-Lite: %s\n", res_(socket(AF_INET, SOCK_STREAM, IPPROTO_UDPLITE)));
	printf("raw-less seqpacket UDP-Lite: %s\n",
	       res_(socket(AF_INET, SOCK_SEQPACKET, IPPROTO_UDPLITE)));
	family(AF_INET);
	family(AF_INET6);
	return 0;
}
