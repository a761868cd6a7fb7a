/* UDP over the loopback: ephemeral binding on the first send, datagram
 * boundaries, truncation, senders' addresses, connected sockets (their
 * filter and ECONNREFUSED from a closed port), shutdown, sizes, IPv6 and
 * IPv4-mapped senders, SO_REUSEADDR sharing. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "netcheck.h"

static unsigned ev(int fd)
{
	struct pollfd p = {.fd = fd, .events = POLLIN | POLLOUT};
	poll(&p, 1, 0);
	return (unsigned)p.revents;
}

static int bound4(struct sockaddr_in *a)
{
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	memset(a, 0, sizeof(*a));
	a->sin_family = AF_INET;
	a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bind(s, (struct sockaddr *)a, sizeof(*a));
	socklen_t l = sizeof(*a);
	getsockname(s, (struct sockaddr *)a, &l);
	return s;
}

int main(void)
{
	char buf[128];
	struct sockaddr_in ra, sa, from;
	socklen_t l;
	int r1 = bound4(&ra);
	int u = socket(AF_INET, SOCK_DGRAM, 0);
	SAY("fresh poll: %#x", ev(u));
	int v;
	l = sizeof(v);
	getsockopt(u, SOL_SOCKET, SO_PROTOCOL, &v, &l);
	SAY("SO_PROTOCOL: %d", v);
	SAY("send unconnected: %s", rs(send(u, "x", 1, 0)));
	l = sizeof(sa);
	getsockname(u, (struct sockaddr *)&sa, &l);
	SAY("unbound port zero: %s", sa.sin_port == 0 ? "yes" : "no");
	SAY("sendto: %ld", (long)sendto(u, "hello", 5, 0, (struct sockaddr *)&ra, sizeof(ra)));
	l = sizeof(sa);
	getsockname(u, (struct sockaddr *)&sa, &l);
	SAY("bound by the send: %s, port given %s", inet_ntoa(sa.sin_addr), sa.sin_port ? "yes" : "no");
	sendto(u, "", 0, 0, (struct sockaddr *)&ra, sizeof(ra));
	sendto(u, "0123456789", 10, 0, (struct sockaddr *)&ra, sizeof(ra));
	int n = 0;
	ioctl(r1, FIONREAD, &n);
	SAY("FIONREAD (first datagram): %d", n);
	SAY("poll with data: %#x", ev(r1));
	l = sizeof(from);
	long r = recvfrom(r1, buf, 3, MSG_PEEK, (struct sockaddr *)&from, &l);
	SAY("peek 3: %ld", r);
	l = sizeof(from);
	r = recvfrom(r1, buf, 3, 0, (struct sockaddr *)&from, &l);
	SAY("recvfrom 3 of 5: %ld from %s len %d, the sender's port %s", r, inet_ntoa(from.sin_addr),
	    (int)l, from.sin_port == sa.sin_port ? "yes" : "no");
	SAY("empty datagram: %ld", (long)recv(r1, buf, sizeof(buf), 0));
	struct iovec iov = {buf, 4};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
	r = recvmsg(r1, &mh, MSG_TRUNC);
	SAY("recvmsg MSG_TRUNC: %ld flags trunc %d", r, !!(mh.msg_flags & MSG_TRUNC));
	SAY("nothing left: %s", rs(recv(r1, buf, sizeof(buf), MSG_DONTWAIT)));
	struct sockaddr_in p0 = ra;
	p0.sin_port = 0;
	SAY("sendto port 0: %s", rs(sendto(u, "x", 1, 0, (struct sockaddr *)&p0, sizeof(p0))));
	SAY("sendto a short address: %s", rs(sendto(u, "x", 1, 0, (struct sockaddr *)&ra, 8)));
	static char big[70000];
	SAY("65507 bytes: %ld", (long)sendto(u, big, 65507, 0, (struct sockaddr *)&ra, sizeof(ra)));
	SAY("65508 bytes: %s", rs(sendto(u, big, 65508, 0, (struct sockaddr *)&ra, sizeof(ra))));
	SAY("the big one arrives: %ld", (long)recv(r1, big, sizeof(big), 0));

	/* A connected socket talks to its peer only. */
	struct sockaddr_in oa;
	int other = bound4(&oa);
	SAY("connect r1 to u: %s", rs(connect(r1, (struct sockaddr *)&sa, sizeof(sa))));
	sendto(other, "stranger", 8, 0, (struct sockaddr *)&ra, sizeof(ra));
	sendto(u, "friend", 6, 0, (struct sockaddr *)&ra, sizeof(ra));
	r = recv(r1, buf, sizeof(buf), 0);
	SAY("connected r1 gets: %.*s", (int)r, buf);
	SAY("then nothing: %s", rs(recv(r1, buf, sizeof(buf), MSG_DONTWAIT)));
	SAY("send without address: %ld", (long)send(r1, "reply", 5, 0));
	r = recv(u, buf, sizeof(buf), 0);
	SAY("u got: %.*s", (int)r, buf);
	l = sizeof(from);
	SAY("getpeername: %s", rs(getpeername(r1, (struct sockaddr *)&from, &l)));
	struct sockaddr unspec = {.sa_family = AF_UNSPEC};
	SAY("disconnect: %s", rs(connect(r1, &unspec, sizeof(unspec))));
	l = sizeof(from);
	SAY("getpeername after: %s", rs(getpeername(r1, (struct sockaddr *)&from, &l)));
	l = sizeof(from);
	getsockname(r1, (struct sockaddr *)&from, &l);
	SAY("its port chosen by the system is given back: %s, address kept %s",
	    from.sin_port == 0 ? "yes" : "no", inet_ntoa(from.sin_addr));
	close(r1);
	r1 = bound4(&ra);

	/* A connected sender to a closed port hears ECONNREFUSED. */
	struct sockaddr_in gone;
	int g = bound4(&gone);
	close(g);
	int c = socket(AF_INET, SOCK_DGRAM, 0);
	connect(c, (struct sockaddr *)&gone, sizeof(gone));
	SAY("send to a closed port: %ld", (long)send(c, "x", 1, 0));
	struct pollfd pf = {.fd = c, .events = POLLIN};
	poll(&pf, 1, -1);
	SAY("then poll: %#x", ev(c));
	SAY("next send: %s", rs(send(c, "x", 1, 0)));
	SAY("recv: %s", rs(recv(c, buf, 1, MSG_DONTWAIT)));
	close(c);
	SAY("shutdown unconnected: %s", rs(shutdown(other, SHUT_RD)));
	c = socket(AF_INET, SOCK_DGRAM, 0);
	connect(c, (struct sockaddr *)&ra, sizeof(ra));
	SAY("shutdown connected: %s", rs(shutdown(c, SHUT_RDWR)));
	SAY("poll after: %#x", ev(c));
	SAY("recv after SHUT_RD: %ld", (long)recv(c, buf, 1, 0));
	close(c);

	/* Two sockets on one port with SO_REUSEADDR. */
	int x = socket(AF_INET, SOCK_DGRAM, 0), y = socket(AF_INET, SOCK_DGRAM, 0);
	setsockopt(x, SOL_SOCKET, SO_REUSEADDR, &(int){1}, sizeof(int));
	setsockopt(y, SOL_SOCKET, SO_REUSEADDR, &(int){1}, sizeof(int));
	struct sockaddr_in xa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	bind(x, (struct sockaddr *)&xa, sizeof(xa));
	l = sizeof(xa);
	getsockname(x, (struct sockaddr *)&xa, &l);
	SAY("second bind with SO_REUSEADDR: %s", rs(bind(y, (struct sockaddr *)&xa, sizeof(xa))));
	int z = socket(AF_INET, SOCK_DGRAM, 0);
	SAY("third without it: %s", rs(bind(z, (struct sockaddr *)&xa, sizeof(xa))));
	close(x);
	close(y);
	close(z);

	/* IPv6: a v4 sender seen as mapped; sendto with an AF_INET address. */
	int s6 = socket(AF_INET6, SOCK_DGRAM, 0);
	struct sockaddr_in6 a6 = {.sin6_family = AF_INET6, .sin6_addr = IN6ADDR_ANY_INIT};
	bind(s6, (struct sockaddr *)&a6, sizeof(a6));
	l = sizeof(a6);
	getsockname(s6, (struct sockaddr *)&a6, &l);
	struct sockaddr_in to4 = {.sin_family = AF_INET, .sin_port = a6.sin6_port,
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	sendto(u, "four", 4, 0, (struct sockaddr *)&to4, sizeof(to4));
	struct sockaddr_in6 f6;
	l = sizeof(f6);
	r = recvfrom(s6, buf, sizeof(buf), 0, (struct sockaddr *)&f6, &l);
	char txt[64];
	inet_ntop(AF_INET6, &f6.sin6_addr, txt, sizeof(txt));
	SAY("v6 socket from a v4 sender: %ld %s len %d", r, txt, (int)l);
	int u6 = socket(AF_INET6, SOCK_DGRAM, 0);
	struct sockaddr_in6 to6 = {.sin6_family = AF_INET6, .sin6_port = a6.sin6_port,
				   .sin6_addr = IN6ADDR_LOOPBACK_INIT};
	sendto(u6, "six", 3, 0, (struct sockaddr *)&to6, sizeof(to6));
	l = sizeof(f6);
	r = recvfrom(s6, buf, sizeof(buf), 0, (struct sockaddr *)&f6, &l);
	inet_ntop(AF_INET6, &f6.sin6_addr, txt, sizeof(txt));
	SAY("from a v6 sender: %ld %s", r, txt);
	SAY("v6 socket sendto an AF_INET address: %ld",
	    (long)sendto(u6, "m", 1, 0, (struct sockaddr *)&ra, sizeof(ra)));
	l = sizeof(from);
	r = recvfrom(r1, buf, sizeof(buf), 0, (struct sockaddr *)&from, &l);
	SAY("v4 receiver from it: %ld %s", r, inet_ntoa(from.sin_addr));
	close(s6);
	close(u6);
	close(u);
	close(r1);
	close(other);
	return 0;
}
