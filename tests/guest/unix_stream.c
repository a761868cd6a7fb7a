/* Unix stream and seqpacket sockets: socketpair I/O, shutdown, poll,
 * peeking, MSG_WAITALL, names in the file system and the abstract
 * namespace, listen backlogs, accept, credentials and options. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "netcheck.h"

static unsigned ev(int fd)
{
	struct pollfd p = {.fd = fd, .events = POLLIN | POLLOUT | POLLRDHUP};
	poll(&p, 1, 0);
	return (unsigned)p.revents;
}

static socklen_t path_addr(struct sockaddr_un *a, const char *path)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	strcpy(a->sun_path, path);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1);
}

static void pair_tests(void)
{
	int sv[2];
	char buf[64];
	SAY("socketpair: %s", rs(socketpair(AF_UNIX, SOCK_STREAM, 0, sv)));
	SAY("poll fresh pair: %#x", ev(sv[0]));
	SAY("write: %ld", (long)write(sv[0], "hello", 5));
	SAY("send: %ld", (long)send(sv[0], " world", 6, 0));
	int n = 0;
	ioctl(sv[1], FIONREAD, &n);
	SAY("FIONREAD: %d", n);
	SAY("poll with data: %#x", ev(sv[1]));
	long r = recv(sv[1], buf, 5, MSG_PEEK);
	SAY("peek: %ld %.5s", r, buf);
	r = read(sv[1], buf, sizeof(buf));
	SAY("read joins both writes: %ld %.*s", r, (int)r, buf);
	SAY("recv empty, MSG_DONTWAIT: %s", rs(recv(sv[1], buf, 1, MSG_DONTWAIT)));
	SAY("recv of 0 bytes on nothing: %s", rs(recv(sv[1], buf, 0, MSG_DONTWAIT)));
	SAY("sendto with an address: %s", rs(sendto(sv[0], "x", 1, 0, (struct sockaddr *)&(struct sockaddr_un){.sun_family = AF_UNIX, .sun_path = "x"}, sizeof(struct sockaddr_un))));
	SAY("MSG_OOB: %s", rs(send(sv[0], "x", 1, MSG_OOB)));
	shutdown(sv[0], SHUT_WR);
	SAY("after SHUT_WR: poll writer %#x reader %#x", ev(sv[0]), ev(sv[1]));
	SAY("reader sees EOF: %ld", (long)read(sv[1], buf, sizeof(buf)));
	SAY("writer sends after SHUT_WR (SIGPIPE ignored): %s", rs(send(sv[0], "x", 1, 0)));
	SAY("the other direction still works: %ld", (long)write(sv[1], "back", 4));
	r = read(sv[0], buf, sizeof(buf));
	SAY("read back: %ld", r);
	SAY("bad shutdown how: %s", rs(shutdown(sv[0], 7)));
	close(sv[1]);
	SAY("after close of the peer: poll %#x", ev(sv[0]));
	SAY("read: %ld", (long)read(sv[0], buf, sizeof(buf)));
	close(sv[0]);

	/* MSG_WAITALL: a child writes in pieces, one read gets them all. */
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	pid_t c = fork();
	if (c == 0) {
		for (int i = 0; i < 8; i++) {
			write(sv[1], "abcd", 4);
			usleep(1000);
		}
		_exit(0);
	}
	r = recv(sv[0], buf, 32, MSG_WAITALL);
	SAY("MSG_WAITALL: %ld", r);
	waitpid(c, NULL, 0);
	close(sv[0]);
	close(sv[1]);

	/* Data left unread when the reader closes: the writer's reads get
	 * ECONNRESET, its writes EPIPE. */
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	write(sv[1], "lost", 4);
	close(sv[0]);
	SAY("peer closed with our data unread: poll %#x", ev(sv[1]));
	SAY("write: %s", rs(write(sv[1], "x", 1)));
	close(sv[1]);

	/* Unread data of ours when we close: the peer reads ECONNRESET once. */
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	write(sv[0], "unread", 6);
	close(sv[1]);
	SAY("read after the peer closed with its queue full: %s", rs(read(sv[0], buf, 8)));
	SAY("then: %ld", (long)read(sv[0], buf, 8));
	close(sv[0]);

	/* Fill a non-blocking pair. */
	socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv);
	static char big[65536];
	long total = 0;
	for (int i = 0; i < 1000; i++) {
		r = write(sv[0], big, sizeof(big));
		if (r < 0)
			break;
		total += r;
	}
	SAY("fill: ends with %s, some written: %s", ename(errno), total > 0 ? "yes" : "no");
	SAY("poll full: out %d", !!(ev(sv[0]) & POLLOUT));
	long got = 0;
	while ((r = read(sv[1], big, sizeof(big))) > 0)
		got += r;
	SAY("read back all: %s", got == total ? "yes" : "no");
	SAY("poll drained: out %d", !!(ev(sv[0]) & POLLOUT));
	close(sv[0]);
	close(sv[1]);

	/* Seqpacket keeps boundaries and truncates. */
	socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv);
	send(sv[0], "one", 3, 0);
	send(sv[0], "three", 5, 0);
	send(sv[0], "", 0, 0);
	struct iovec iov = {buf, 2};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
	r = recvmsg(sv[1], &mh, 0);
	SAY("seqpacket short read: %ld trunc %d", r, !!(mh.msg_flags & MSG_TRUNC));
	r = recv(sv[1], buf, 2, MSG_TRUNC);
	SAY("seqpacket MSG_TRUNC: %ld", r);
	r = recv(sv[1], buf, 2, MSG_DONTWAIT);
	SAY("seqpacket empty message: %ld", r);
	close(sv[0]);
	SAY("seqpacket after the peer closed: recv %ld, send %s", (long)recv(sv[1], buf, 8, 0),
	    rs(send(sv[1], "x", 1, 0)));
	close(sv[1]);
}

static void named_tests(void)
{
	struct sockaddr_un a, b;
	socklen_t alen = path_addr(&a, "stream.sock"), blen;
	char buf[64];
	int ls = socket(AF_UNIX, SOCK_STREAM, 0);
	SAY("bind: %s", rs(bind(ls, (struct sockaddr *)&a, alen)));
	struct stat st;
	SAY("the name is a socket file: %s", stat("stream.sock", &st) == 0 && S_ISSOCK(st.st_mode) ? "yes" : "no");
	SAY("bind again: %s", rs(bind(ls, (struct sockaddr *)&a, alen)));
	int other = socket(AF_UNIX, SOCK_STREAM, 0);
	SAY("bind a taken name: %s", rs(bind(other, (struct sockaddr *)&a, alen)));
	SAY("bind with a short length: %s", rs(bind(other, (struct sockaddr *)&a, 1)));
	SAY("bind AF_INET family: %s", rs(bind(other, (struct sockaddr *)&(struct sockaddr_un){.sun_family = AF_INET, .sun_path = "q"}, sizeof(a))));
	struct sockaddr_un nd;
	socklen_t ndlen = path_addr(&nd, "no/such/dir/s");
	SAY("bind in a missing directory: %s", rs(bind(other, (struct sockaddr *)&nd, ndlen)));
	blen = sizeof(b);
	getsockname(ls, (struct sockaddr *)&b, &blen);
	SAY("getsockname: len %d path %s", (int)blen, b.sun_path);
	SAY("connect before listen: %s", rs(connect(other, (struct sockaddr *)&a, alen)));
	SAY("listen: %s", rs(listen(ls, 1)));
	int v;
	socklen_t vl = sizeof(v);
	getsockopt(ls, SOL_SOCKET, SO_ACCEPTCONN, &v, &vl);
	SAY("SO_ACCEPTCONN: %d", v);
	struct sockaddr_un missing;
	socklen_t mlen = path_addr(&missing, "missing.sock");
	SAY("connect to a missing name: %s", rs(connect(other, (struct sockaddr *)&missing, mlen)));
	int fd = open("plain", O_CREAT | O_WRONLY, 0644);
	close(fd);
	mlen = path_addr(&missing, "plain");
	SAY("connect to a regular file: %s", rs(connect(other, (struct sockaddr *)&missing, mlen)));
	int dg = socket(AF_UNIX, SOCK_DGRAM, 0);
	SAY("connect a datagram socket to a stream one: %s", rs(connect(dg, (struct sockaddr *)&a, alen)));
	close(dg);

	/* Backlog 1: two connections wait, the third would block. */
	int cs[3];
	for (int i = 0; i < 3; i++) {
		cs[i] = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
		SAY("non-blocking connect %d: %s", i, rs(connect(cs[i], (struct sockaddr *)&a, alen)));
	}
	SAY("connect again: %s", rs(connect(cs[0], (struct sockaddr *)&a, alen)));
	SAY("listener poll: in %d", !!(ev(ls) & POLLIN));
	write(cs[0], "early", 5);
	int s0 = accept4(ls, (struct sockaddr *)&b, &blen, SOCK_CLOEXEC);
	SAY("accept4: %s cloexec %d", rs(s0), s0 >= 0 ? fcntl(s0, F_GETFD) & FD_CLOEXEC : -1);
	SAY("accepted: peer address len %d", (int)blen);
	long rd = read(s0, buf, sizeof(buf));
	SAY("data written before accept: %ld %.*s", rd, (int)(rd > 0 ? rd : 0), buf);
	blen = sizeof(b);
	getsockname(s0, (struct sockaddr *)&b, &blen);
	SAY("accepted socket's name: %s", b.sun_path);
	blen = sizeof(b);
	getpeername(cs[0], (struct sockaddr *)&b, &blen);
	SAY("client's peer name: %s", b.sun_path);
	blen = sizeof(b);
	SAY("getpeername of a listener: %s", rs(getpeername(ls, (struct sockaddr *)&b, &blen)));
	struct ucred cr;
	socklen_t crl = sizeof(cr);
	getsockopt(s0, SOL_SOCKET, SO_PEERCRED, &cr, &crl);
	FACT("server sees the client's pid", cr.pid == getpid());
	getsockopt(cs[0], SOL_SOCKET, SO_PEERCRED, &cr, &crl);
	FACT("client sees the listener's pid", cr.pid == getpid());
	int s1 = accept(ls, NULL, NULL);
	SAY("second accept: %s", rs(s1));
	close(s0);
	close(s1);
	for (int i = 0; i < 3; i++)
		close(cs[i]);

	/* A blocking connect waits until a child accepts. */
	int f1 = socket(AF_UNIX, SOCK_STREAM, 0), f2 = socket(AF_UNIX, SOCK_STREAM, 0);
	connect(f1, (struct sockaddr *)&a, alen);
	connect(f2, (struct sockaddr *)&a, alen);
	pid_t c = fork();
	if (c == 0) {
		int x = accept(ls, NULL, NULL);
		_exit(x >= 0 ? 0 : 1);
	}
	int f3 = socket(AF_UNIX, SOCK_STREAM, 0);
	SAY("blocking connect on a full backlog: %s", rs(connect(f3, (struct sockaddr *)&a, alen)));
	int st2;
	waitpid(c, &st2, 0);
	SAY("child accepted: %d", WEXITSTATUS(st2));
	/* Closing the listener resets what it did not accept. */
	close(ls);
	SAY("unaccepted client reads: %s", rs(read(f3, buf, 4)));
	SAY("connect after the listener closed: %s",
	    rs(connect(socket(AF_UNIX, SOCK_STREAM, 0), (struct sockaddr *)&a, alen)));
	close(f1);
	close(f2);
	close(f3);
	unlink("stream.sock");
	unlink("plain");

	/* Abstract names. */
	struct sockaddr_un ab;
	memset(&ab, 0, sizeof(ab));
	ab.sun_family = AF_UNIX;
	int nlen = snprintf(ab.sun_path + 1, sizeof(ab.sun_path) - 1, "sbx-test-%d", getpid());
	socklen_t ablen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + nlen);
	int al = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	SAY("abstract bind: %s", rs(bind(al, (struct sockaddr *)&ab, ablen)));
	SAY("abstract listen: %s", rs(listen(al, 5)));
	blen = sizeof(b);
	getsockname(al, (struct sockaddr *)&b, &blen);
	FACT("abstract name length as bound", blen == ablen && b.sun_path[0] == 0);
	int ac = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	SAY("abstract connect: %s", rs(connect(ac, (struct sockaddr *)&ab, ablen)));
	int as = accept(al, NULL, NULL);
	send(ac, "packet", 6, 0);
	long r = recv(as, buf, sizeof(buf), 0);
	SAY("seqpacket through an abstract name: %ld", r);
	int t2 = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	SAY("abstract name taken: %s", rs(bind(t2, (struct sockaddr *)&ab, ablen)));
	close(al);
	close(ac);
	close(as);
	SAY("abstract name free after close: %s", rs(bind(t2, (struct sockaddr *)&ab, ablen)));
	close(t2);

	/* Autobind. */
	int au = socket(AF_UNIX, SOCK_DGRAM, 0);
	sa_family_t fam = AF_UNIX;
	SAY("autobind: %s", rs(bind(au, (struct sockaddr *)&fam, sizeof(fam))));
	blen = sizeof(b);
	getsockname(au, (struct sockaddr *)&b, &blen);
	SAY("autobound name: len %d abstract %d", (int)blen, b.sun_path[0] == 0);
	close(au);
	close(other);
}

static void option_tests(void)
{
	int *volatile bad = (int *)8;
	int s = socket(AF_UNIX, SOCK_STREAM, 0), v;
	socklen_t l = sizeof(v);
	getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &l);
	SAY("SO_TYPE: %d", v);
	getsockopt(s, SOL_SOCKET, SO_DOMAIN, &v, &l);
	SAY("SO_DOMAIN: %d", v);
	getsockopt(s, SOL_SOCKET, SO_PROTOCOL, &v, &l);
	SAY("SO_PROTOCOL: %d", v);
	getsockopt(s, SOL_SOCKET, SO_ERROR, &v, &l);
	SAY("SO_ERROR: %d", v);
	v = 10000;
	setsockopt(s, SOL_SOCKET, SO_SNDBUF, &v, sizeof(v));
	getsockopt(s, SOL_SOCKET, SO_SNDBUF, &v, &l);
	SAY("SO_SNDBUF after 10000: %d", v);
	v = 1;
	setsockopt(s, SOL_SOCKET, SO_RCVBUF, &v, sizeof(v));
	getsockopt(s, SOL_SOCKET, SO_RCVBUF, &v, &l);
	SAY("SO_RCVBUF after 1: %d", v);
	v = 1;
	SAY("SO_PASSCRED: %s", rs(setsockopt(s, SOL_SOCKET, SO_PASSCRED, &v, sizeof(v))));
	getsockopt(s, SOL_SOCKET, SO_PASSCRED, &v, &l);
	SAY("SO_PASSCRED read back: %d", v);
	SAY("SO_REUSEADDR: %s", rs(setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &v, sizeof(v))));
	SAY("set SO_TYPE: %s", rs(setsockopt(s, SOL_SOCKET, SO_TYPE, &v, sizeof(v))));
	SAY("short option: %s", rs(setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &v, 2)));
	SAY("unknown option: %s", rs(setsockopt(s, SOL_SOCKET, 9999, &v, sizeof(v))));
	l = 2;
	v = 0;
	getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &l);
	SAY("short getsockopt: len %d", (int)l);
	struct timeval tv = {2, 500000};
	setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	memset(&tv, 0, sizeof(tv));
	l = sizeof(tv);
	getsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, &l);
	SAY("SO_RCVTIMEO: %ld.%06ld", (long)tv.tv_sec, (long)tv.tv_usec);
	tv.tv_usec = 2000000;
	SAY("bad SO_RCVTIMEO: %s", rs(setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv))));
	struct linger lg = {1, 5};
	setsockopt(s, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	memset(&lg, 0, sizeof(lg));
	l = sizeof(lg);
	getsockopt(s, SOL_SOCKET, SO_LINGER, &lg, &l);
	SAY("SO_LINGER: %d %d", lg.l_onoff, lg.l_linger);
	SAY("on a pipe: %s", rs(getsockopt(0, SOL_SOCKET, SO_TYPE, &v, &l)));
	SAY("on a bad fd: %s", rs(getsockopt(99, SOL_SOCKET, SO_TYPE, &v, &l)));
	l = sizeof(v);
	SAY("bad option pointer: %s", rs(getsockopt(s, SOL_SOCKET, SO_TYPE, (void *)bad, &l)));
	close(s);

	/* A receive timeout: EAGAIN after it. */
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	struct timeval to = {0, 20000};
	setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &to, sizeof(to));
	char c;
	SAY("recv with SO_RCVTIMEO: %s", rs(recv(sv[0], &c, 1, 0)));
	close(sv[0]);
	close(sv[1]);

	SAY("socket bad family: %s", rs(socket(12345, SOCK_STREAM, 0)));
	SAY("socket bad type: %s", rs(socket(AF_UNIX, 77, 0)));
	SAY("socket bad flags: %s", rs(socket(AF_UNIX, SOCK_STREAM | 0x10000, 0)));
	SAY("socket bad protocol: %s", rs(socket(AF_UNIX, SOCK_STREAM, 5)));
	SAY("socketpair bad protocol: %s", rs(socketpair(AF_UNIX, SOCK_STREAM, 5, (int[2]){0})));
	SAY("socketpair bad pointer: %s", rs(socketpair(AF_UNIX, SOCK_STREAM, 0, bad)));
	SAY("socket calls on a pipe: %s", rs(listen(0, 1)));
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	pair_tests();
	named_tests();
	option_tests();
	return 0;
}
