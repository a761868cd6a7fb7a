/* TCP over the loopback, IPv4 and IPv6: bind and its conflicts, ephemeral
 * ports, listen backlogs, blocking and non-blocking connects (refused,
 * in progress, done), accept, names, data both ways, peeking, half and
 * full closes, resets, SIGPIPE, options and poll states. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "netcheck.h"

static int sigpipes;
static void on_pipe(int s)
{
	(void)s;
	sigpipes++;
}

static unsigned ev(int fd)
{
	struct pollfd p = {.fd = fd, .events = POLLIN | POLLOUT | POLLRDHUP};
	poll(&p, 1, 0);
	return (unsigned)p.revents;
}

/* Wait until @fd shows @what (no timing: poll blocks). */
static void wait_for(int fd, short what)
{
	struct pollfd p = {.fd = fd, .events = what};
	poll(&p, 1, -1);
}

static struct sockaddr_in lo4(uint16_t port)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return a;
}

static int listener4(struct sockaddr_in *a, int backlog)
{
	int s = socket(AF_INET, SOCK_STREAM, 0);
	*a = lo4(0);
	bind(s, (struct sockaddr *)a, sizeof(*a));
	listen(s, backlog);
	socklen_t l = sizeof(*a);
	getsockname(s, (struct sockaddr *)a, &l);
	return s;
}

/* A port nobody listens on: bound, never listening. */
static int closed_port(int *holder)
{
	struct sockaddr_in a = lo4(0);
	*holder = socket(AF_INET, SOCK_STREAM, 0);
	bind(*holder, (struct sockaddr *)&a, sizeof(a));
	socklen_t l = sizeof(a);
	getsockname(*holder, (struct sockaddr *)&a, &l);
	return ntohs(a.sin_port);
}

static long r_;

static void basics(void)
{
	int s = socket(AF_INET, SOCK_STREAM, 0), v;
	socklen_t l = sizeof(v);
	SAY("fresh socket poll: %#x", ev(s));
	getsockopt(s, SOL_SOCKET, SO_PROTOCOL, &v, &l);
	SAY("SO_PROTOCOL: %d", v);
	getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &l);
	SAY("SO_TYPE: %d", v);
	getsockopt(s, IPPROTO_TCP, TCP_NODELAY, &v, &l);
	SAY("TCP_NODELAY: %d", v);
	v = 1;
	SAY("set TCP_NODELAY: %s", rs(setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &v, sizeof(v))));
	getsockopt(s, IPPROTO_TCP, TCP_NODELAY, &v, &l);
	SAY("TCP_NODELAY now: %d", v);
	getsockopt(s, IPPROTO_IP, IP_TTL, &v, &l);
	SAY("IP_TTL: %d", v);
	getsockopt(s, IPPROTO_TCP, TCP_KEEPIDLE, &v, &l);
	SAY("TCP_KEEPIDLE: %d", v);
	v = 0;
	SAY("TCP_KEEPIDLE 0: %s", rs(setsockopt(s, IPPROTO_TCP, TCP_KEEPIDLE, &v, sizeof(v))));
	SAY("unknown TCP option: %s", rs(setsockopt(s, IPPROTO_TCP, 9999, &v, sizeof(v))));
	SAY("SO_REUSEADDR: %s", rs(setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &(int){1}, sizeof(int))));
	struct sockaddr_in a;
	l = sizeof(a);
	getsockname(s, (struct sockaddr *)&a, &l);
	SAY("unbound name: %s port %d len %d", inet_ntoa(a.sin_addr), ntohs(a.sin_port), (int)l);
	char buf[8];
	SAY("recv unconnected: %s", rs(recv(s, buf, 1, MSG_DONTWAIT)));
	r_ = send(s, "x", 1, MSG_DONTWAIT);
	SAY("send unconnected: %s sigpipes %d", rs(r_), sigpipes);
	SAY("listen on UDP: %s", rs(listen(socket(AF_INET, SOCK_DGRAM, 0), 1)));
	SAY("accept unlistened: %s", rs(accept(s, NULL, NULL)));
	SAY("getpeername unconnected: %s", rs(getpeername(s, (struct sockaddr *)&a, &l)));
	SAY("socketpair AF_INET: %s", rs(socketpair(AF_INET, SOCK_STREAM, 0, (int[2]){0})));
	SAY("shutdown unconnected: %s", rs(shutdown(s, SHUT_RDWR)));
	SAY("bad protocol: %s", rs(socket(AF_INET, SOCK_STREAM, IPPROTO_UDP)));
	SAY("SOCK_SEQPACKET: %s", rs(socket(AF_INET, SOCK_SEQPACKET, 0)));
	close(s);

	/* bind */
	s = socket(AF_INET, SOCK_STREAM, 0);
	a = lo4(0);
	SAY("bind short: %s", rs(bind(s, (struct sockaddr *)&a, 8)));
	struct sockaddr_in6 a6 = {.sin6_family = AF_INET6};
	SAY("bind an AF_INET6 address: %s", rs(bind(s, (struct sockaddr *)&a6, sizeof(a6))));
	a.sin_addr.s_addr = inet_addr("127.0.0.2");
	SAY("bind 127.0.0.2: %s", rs(bind(s, (struct sockaddr *)&a, sizeof(a))));
	l = sizeof(a);
	getsockname(s, (struct sockaddr *)&a, &l);
	SAY("bound to %s, port given: %s", inet_ntoa(a.sin_addr), a.sin_port ? "yes" : "no");
	SAY("bind twice: %s", rs(bind(s, (struct sockaddr *)&a, sizeof(a))));
	int s2 = socket(AF_INET, SOCK_STREAM, 0);
	SAY("bind the same address and port: %s", rs(bind(s2, (struct sockaddr *)&a, l)));
	struct sockaddr_in any = {.sin_family = AF_INET, .sin_port = a.sin_port};
	SAY("bind the wildcard on that port: %s", rs(bind(s2, (struct sockaddr *)&any, sizeof(any))));
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &(int){1}, sizeof(int));
	setsockopt(s2, SOL_SOCKET, SO_REUSEADDR, &(int){1}, sizeof(int));
	SAY("both with SO_REUSEADDR: %s", rs(bind(s2, (struct sockaddr *)&any, sizeof(any))));
	SAY("listen on the first: %s", rs(listen(s, 1)));
	SAY("listen on the second: %s", rs(listen(s2, 1)));
	close(s);
	close(s2);
}

static void connections(void)
{
	struct sockaddr_in a, pa, ca;
	socklen_t l;
	char buf[64];
	int holder;
	struct sockaddr_in nobody = lo4((uint16_t)closed_port(&holder));
	int c = socket(AF_INET, SOCK_STREAM, 0);
	SAY("connect to a closed port: %s", rs(connect(c, (struct sockaddr *)&nobody, sizeof(nobody))));
	SAY("poll after: %#x", ev(c));
	close(c);
	c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	SAY("non-blocking connect to a closed port: %s",
	    rs(connect(c, (struct sockaddr *)&nobody, sizeof(nobody))));
	wait_for(c, POLLOUT);
	SAY("poll: %#x", ev(c));
	int v;
	l = sizeof(v);
	getsockopt(c, SOL_SOCKET, SO_ERROR, &v, &l);
	SAY("SO_ERROR: %s", ename(v));
	SAY("connect again: %s", rs(connect(c, (struct sockaddr *)&nobody, sizeof(nobody))));
	close(c);
	close(holder);

	int ls = listener4(&a, 2);
	SAY("listener poll: %#x", ev(ls));
	c = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	SAY("non-blocking connect: %s", rs(connect(c, (struct sockaddr *)&a, sizeof(a))));
	wait_for(c, POLLOUT);
	SAY("poll when connected: %#x", ev(c));
	SAY("connect again: %s", rs(connect(c, (struct sockaddr *)&a, sizeof(a))));
	SAY("and again: %s", rs(connect(c, (struct sockaddr *)&a, sizeof(a))));
	wait_for(ls, POLLIN);
	l = sizeof(pa);
	int s = accept4(ls, (struct sockaddr *)&pa, &l, SOCK_NONBLOCK);
	SAY("accept4: %s, peer %s len %d", rs(s), inet_ntoa(pa.sin_addr), (int)l);
	SAY("accepted socket is non-blocking: %d", !!(fcntl(s, F_GETFL) & O_NONBLOCK));
	l = sizeof(ca);
	getsockname(c, (struct sockaddr *)&ca, &l);
	FACT("client's port is the peer's", ca.sin_port == pa.sin_port);
	SAY("client's address: %s", inet_ntoa(ca.sin_addr));
	l = sizeof(ca);
	getsockname(s, (struct sockaddr *)&ca, &l);
	FACT("accepted socket has the listener's port", ca.sin_port == a.sin_port);
	l = sizeof(ca);
	getpeername(c, (struct sockaddr *)&ca, &l);
	FACT("client's peer is the listener's address", ca.sin_port == a.sin_port);
	fcntl(c, F_SETFL, 0);
	fcntl(s, F_SETFL, 0);
	SAY("recv on nothing, MSG_DONTWAIT: %s", rs(recv(s, buf, 8, MSG_DONTWAIT)));
	send(c, "hello ", 6, 0);
	send(c, "world", 5, 0);
	wait_for(s, POLLIN);
	long r = recv(s, buf, 5, MSG_PEEK);
	SAY("peek: %ld %.5s", r, buf);
	l = sizeof(pa);
	memset(&pa, 0xff, sizeof(pa));
	r = recvfrom(s, buf, 3, MSG_TRUNC, (struct sockaddr *)&pa, &l);
	SAY("MSG_TRUNC discards: %ld, address len %d", r, (int)l);
	r = recv(s, buf, 8, MSG_WAITALL);
	SAY("MSG_WAITALL: %ld %.8s", r, buf);
	int n = 0;
	ioctl(s, FIONREAD, &n);
	SAY("FIONREAD: %d", n);
	send(s, "back", 4, 0);
	r = read(c, buf, sizeof(buf));
	SAY("reply: %ld", r);

	/* Half close. */
	shutdown(c, SHUT_WR);
	wait_for(s, POLLRDHUP);
	SAY("after the peer's SHUT_WR: %#x, read %ld", ev(s), (long)read(s, buf, 8));
	SAY("own poll: %#x", ev(c));
	r_ = send(c, "x", 1, 0);
	SAY("send after SHUT_WR: %s sigpipes %d", rs(r_), sigpipes);
	r_ = send(c, "x", 1, MSG_NOSIGNAL);
	SAY("send with MSG_NOSIGNAL: %s sigpipes %d", rs(r_), sigpipes);
	SAY("the other way still: %ld", (long)send(s, "more", 4, 0));
	SAY("read it: %ld", (long)read(c, buf, sizeof(buf)));
	close(s);
	wait_for(c, POLLIN);
	SAY("after the peer's close: %#x, read %ld", ev(c), (long)read(c, buf, 8));
	close(c);

	/* A write after the peer closed succeeds once, then EPIPE. */
	c = socket(AF_INET, SOCK_STREAM, 0);
	connect(c, (struct sockaddr *)&a, sizeof(a));
	s = accept(ls, NULL, NULL);
	close(s);
	wait_for(c, POLLRDHUP);
	SAY("peer gone: %#x", ev(c));
	SAY("first send: %ld", (long)send(c, "x", 1, 0));
	wait_for(c, POLLERR);
	SAY("then: %#x", ev(c));
	r_ = send(c, "x", 1, 0);
	SAY("second send: %s sigpipes %d", rs(r_), sigpipes);
	SAY("recv: %ld", (long)recv(c, buf, 1, 0));
	close(c);

	/* Closing with unread data resets the connection. */
	c = socket(AF_INET, SOCK_STREAM, 0);
	connect(c, (struct sockaddr *)&a, sizeof(a));
	s = accept(ls, NULL, NULL);
	send(c, "unread", 6, 0);
	wait_for(s, POLLIN);
	close(s);
	wait_for(c, POLLERR);
	SAY("reset: %#x", ev(c));
	SAY("recv: %s", rs(recv(c, buf, 1, 0)));
	SAY("recv again: %ld", (long)recv(c, buf, 1, 0));
	r_ = send(c, "x", 1, 0);
	SAY("send: %s sigpipes %d", rs(r_), sigpipes);
	l = sizeof(ca);
	SAY("getpeername after a reset: %s", rs(getpeername(c, (struct sockaddr *)&ca, &l)));
	close(c);

	/* Backlog 2: three wait, the fourth connect waits for an accept. */
	int cs[3];
	for (int i = 0; i < 3; i++) {
		cs[i] = socket(AF_INET, SOCK_STREAM, 0);
		connect(cs[i], (struct sockaddr *)&a, sizeof(a));
	}
	pid_t child = fork();
	if (child == 0) {
		for (int i = 0; i < 4; i++) {
			int x = accept(ls, NULL, NULL);
			if (x < 0)
				_exit(1);
			char m;
			if (read(x, &m, 1) != 1)
				_exit(2);
			close(x);
		}
		_exit(0);
	}
	int c4 = socket(AF_INET, SOCK_STREAM, 0);
	SAY("connect on a full backlog (a child accepts): %s",
	    rs(connect(c4, (struct sockaddr *)&a, sizeof(a))));
	for (int i = 0; i < 3; i++)
		write(cs[i], "m", 1);
	write(c4, "m", 1);
	int st;
	waitpid(child, &st, 0);
	SAY("child accepted and read 4: %d", WEXITSTATUS(st));
	for (int i = 0; i < 3; i++)
		close(cs[i]);
	close(c4);

	/* Close the listener with a connection not accepted: reset. */
	c = socket(AF_INET, SOCK_STREAM, 0);
	connect(c, (struct sockaddr *)&a, sizeof(a));
	close(ls);
	wait_for(c, POLLERR);
	SAY("listener closed before accept: %s", rs(recv(c, buf, 1, 0)));
	close(c);
	c = socket(AF_INET, SOCK_STREAM, 0);
	SAY("connect after the listener closed: %s", rs(connect(c, (struct sockaddr *)&a, sizeof(a))));
	close(c);

	/* A lot of data through a child. */
	ls = listener4(&a, 1);
	child = fork();
	if (child == 0) {
		int x = accept(ls, NULL, NULL);
		static char big[1 << 16];
		long tot = 0;
		for (;;) {
			long k = read(x, big, sizeof(big));
			if (k <= 0)
				break;
			tot += k;
		}
		char rep[32];
		int m = snprintf(rep, sizeof(rep), "%ld", tot);
		write(x, rep, (size_t)m);
		_exit(0);
	}
	c = socket(AF_INET, SOCK_STREAM, 0);
	connect(c, (struct sockaddr *)&a, sizeof(a));
	static char big[1 << 20];
	memset(big, 'z', sizeof(big));
	long sent = 0;
	for (int i = 0; i < 8; i++)
		sent += send(c, big, sizeof(big), 0);
	shutdown(c, SHUT_WR);
	r = read(c, buf, sizeof(buf) - 1);
	buf[r > 0 ? r : 0] = 0;
	SAY("sent %ld, the child counted %s", sent, buf);
	waitpid(child, NULL, 0);
	close(c);
	close(ls);
}

static void ipv6(void)
{
	int ls = socket(AF_INET6, SOCK_STREAM, 0);
	struct sockaddr_in6 a6 = {.sin6_family = AF_INET6, .sin6_addr = IN6ADDR_ANY_INIT};
	SAY("v6 bind ::: %s", rs(bind(ls, (struct sockaddr *)&a6, sizeof(a6))));
	listen(ls, 5);
	socklen_t l = sizeof(a6);
	getsockname(ls, (struct sockaddr *)&a6, &l);
	int v;
	socklen_t vl = sizeof(v);
	getsockopt(ls, IPPROTO_IPV6, IPV6_V6ONLY, &v, &vl);
	SAY("IPV6_V6ONLY: %d", v);
	SAY("IPV6_V6ONLY after bind: %s", rs(setsockopt(ls, IPPROTO_IPV6, IPV6_V6ONLY, &v, sizeof(v))));
	int c4 = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in t4 = lo4(ntohs(a6.sin6_port));
	SAY("v4 client to the dual-stack listener: %s", rs(connect(c4, (struct sockaddr *)&t4, sizeof(t4))));
	struct sockaddr_in6 p6;
	l = sizeof(p6);
	int s = accept(ls, (struct sockaddr *)&p6, &l);
	char txt[64];
	inet_ntop(AF_INET6, &p6.sin6_addr, txt, sizeof(txt));
	SAY("accepted from %s len %d", txt, (int)l);
	close(s);
	int c6 = socket(AF_INET6, SOCK_STREAM, 0);
	struct sockaddr_in6 t6 = {.sin6_family = AF_INET6, .sin6_port = a6.sin6_port,
				  .sin6_addr = IN6ADDR_LOOPBACK_INIT};
	SAY("v6 connect to ::1: %s", rs(connect(c6, (struct sockaddr *)&t6, sizeof(t6))));
	l = sizeof(p6);
	getsockname(c6, (struct sockaddr *)&p6, &l);
	inet_ntop(AF_INET6, &p6.sin6_addr, txt, sizeof(txt));
	SAY("v6 client's address: %s", txt);
	s = accept(ls, NULL, NULL);
	send(c6, "six", 3, 0);
	char buf[8];
	SAY("v6 data: %ld", (long)recv(s, buf, sizeof(buf), 0));
	close(s);
	int b4 = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in any = {.sin_family = AF_INET, .sin_port = a6.sin6_port};
	SAY("v4 wildcard on the dual-stack port: %s", rs(bind(b4, (struct sockaddr *)&any, sizeof(any))));
	SAY("v6 short address: %s", rs(connect(socket(AF_INET6, SOCK_STREAM, 0), (struct sockaddr *)&t6, 20)));
	int only = socket(AF_INET6, SOCK_STREAM, 0);
	setsockopt(only, IPPROTO_IPV6, IPV6_V6ONLY, &(int){1}, sizeof(int));
	struct sockaddr_in6 m6 = t6;
	inet_pton(AF_INET6, "::ffff:127.0.0.1", &m6.sin6_addr);
	SAY("v6only binding a mapped address: %s", rs(bind(only, (struct sockaddr *)&m6, sizeof(m6))));
	close(b4);
	close(c4);
	close(c6);
	close(only);
	close(ls);
	/* Connecting to 0.0.0.0 reaches the local host. */
	struct sockaddr_in a;
	ls = listener4(&a, 1);
	struct sockaddr_in zero = {.sin_family = AF_INET, .sin_port = a.sin_port};
	int cz = socket(AF_INET, SOCK_STREAM, 0);
	SAY("connect to 0.0.0.0: %s", rs(connect(cz, (struct sockaddr *)&zero, sizeof(zero))));
	l = sizeof(a);
	getpeername(cz, (struct sockaddr *)&a, &l);
	SAY("its peer: %s", inet_ntoa(a.sin_addr));
	close(cz);
	close(ls);
}

int main(void)
{
	signal(SIGPIPE, on_pipe);
	basics();
	connections();
	ipv6();
	return 0;
}
