/* Unix datagram sockets: boundaries, truncation, peeking, names of
 * senders, connected sockets refusing strangers, a full receive queue,
 * closed peers, sendmmsg and recvmmsg. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <poll.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "netcheck.h"

static socklen_t path_addr(struct sockaddr_un *a, const char *path)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	strcpy(a->sun_path, path);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1);
}

static int bound(const char *path, struct sockaddr_un *a, socklen_t *len)
{
	int s = socket(AF_UNIX, SOCK_DGRAM, 0);
	*len = path_addr(a, path);
	unlink(path);
	if (bind(s, (struct sockaddr *)a, *len) < 0)
		SAY("bind %s: %s", path, ename(errno));
	return s;
}

int main(void)
{
	int sv[2];
	char buf[64];
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	send(sv[0], "first", 5, 0);
	send(sv[0], "second!", 7, 0);
	send(sv[0], "", 0, 0);
	long r = recv(sv[1], buf, sizeof(buf), MSG_PEEK);
	SAY("peek: %ld", r);
	r = recv(sv[1], buf, 3, 0);
	SAY("short read: %ld %.3s", r, buf);
	struct iovec iov = {buf, 3};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
	r = recvmsg(sv[1], &mh, 0);
	SAY("recvmsg short: %ld MSG_TRUNC %d", r, !!(mh.msg_flags & MSG_TRUNC));
	r = recv(sv[1], buf, sizeof(buf), 0);
	SAY("empty datagram: %ld", r);
	send(sv[0], "0123456789", 10, 0);
	r = recv(sv[1], buf, 4, MSG_TRUNC);
	SAY("recv MSG_TRUNC gives the real length: %ld", r);
	SAY("shutdown of a pair: %s", rs(shutdown(sv[1], SHUT_RD)));
	SAY("recv after SHUT_RD: %ld", (long)recv(sv[1], buf, 4, MSG_DONTWAIT));
	SAY("send to it: %s", rs(send(sv[0], "x", 1, 0)));
	close(sv[0]);
	close(sv[1]);

	struct sockaddr_un aa, ab, ac, from;
	socklen_t la, lb, lc, lf;
	int a = bound("dg_a", &aa, &la);
	int b = bound("dg_b", &ab, &lb);
	int c = bound("dg_c", &ac, &lc);
	SAY("sendto: %ld", (long)sendto(a, "to b", 4, 0, (struct sockaddr *)&ab, lb));
	lf = sizeof(from);
	r = recvfrom(b, buf, sizeof(buf), 0, (struct sockaddr *)&from, &lf);
	SAY("recvfrom: %ld from %s len %d", r, from.sun_path, (int)lf);
	int anon = socket(AF_UNIX, SOCK_DGRAM, 0);
	sendto(anon, "anon", 4, 0, (struct sockaddr *)&ab, lb);
	lf = sizeof(from);
	r = recvfrom(b, buf, sizeof(buf), 0, (struct sockaddr *)&from, &lf);
	SAY("from an unbound sender: %ld len %d", r, (int)lf);
	SAY("send unconnected without address: %s", rs(send(a, "x", 1, 0)));
	SAY("connect b to a: %s", rs(connect(b, (struct sockaddr *)&aa, la)));
	SAY("c sends to b (connected to a): %s", rs(sendto(c, "x", 1, 0, (struct sockaddr *)&ab, lb)));
	SAY("a sends to b: %s", rs(sendto(a, "y", 1, 0, (struct sockaddr *)&ab, lb)));
	lf = sizeof(from);
	SAY("getpeername of b: %s %s", rs(getpeername(b, (struct sockaddr *)&from, &lf)), from.sun_path);
	SAY("b sends without address: %s", rs(send(b, "hi a", 4, 0)));
	r = recv(a, buf, sizeof(buf), 0);
	SAY("a got: %ld", r);
	struct sockaddr_un nowhere;
	socklen_t ln = path_addr(&nowhere, "dg_none");
	SAY("sendto a missing name: %s", rs(sendto(a, "x", 1, 0, (struct sockaddr *)&nowhere, ln)));
	SAY("bad address family: %s", rs(sendto(a, "x", 1, 0, (struct sockaddr *)&(struct sockaddr_un){.sun_family = 2}, lb)));
	struct sockaddr_un unspec = {.sun_family = AF_UNSPEC};
	SAY("disconnect with AF_UNSPEC: %s", rs(connect(b, (struct sockaddr *)&unspec, sizeof(unspec))));
	lf = sizeof(from);
	SAY("getpeername after: %s", rs(getpeername(b, (struct sockaddr *)&from, &lf)));
	SAY("c sends to b now: %s", rs(sendto(c, "z", 1, 0, (struct sockaddr *)&ab, lb)));
	r = recv(b, buf, sizeof(buf), MSG_DONTWAIT);
	SAY("b's queue was emptied by the disconnect, holds c's: %ld %c", r, buf[0]);
	SAY("then: %s", rs(recv(b, buf, sizeof(buf), MSG_DONTWAIT)));

	/* The receive queue holds net.unix.max_dgram_qlen + 1 datagrams from
	 * a sender it is not connected to. */
	int n = 0;
	for (; n < 1000; n++)
		if (sendto(c, "q", 1, MSG_DONTWAIT, (struct sockaddr *)&ab, lb) < 0)
			break;
	SAY("queued before EAGAIN: %d (%s)", n, ename(errno));
	struct pollfd p = {.fd = c, .events = POLLOUT};
	SAY("poll of an unconnected sender: %d", poll(&p, 1, 0));
	connect(c, (struct sockaddr *)&ab, lb);
	p.revents = 0;
	SAY("poll when connected to the full one: %d", poll(&p, 1, 0));
	while (recv(b, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		;
	SAY("poll after it was drained: %d", poll(&p, 1, 0));

	/* Too big for the send buffer. */
	int v = 4096;
	setsockopt(c, SOL_SOCKET, SO_SNDBUF, &v, sizeof(v));
	static char big[20000];
	SAY("bigger than SO_SNDBUF: %s", rs(send(c, big, sizeof(big), 0)));

	/* The peer goes away. */
	close(b);
	SAY("send to a closed peer: %s", rs(send(c, "x", 1, 0)));
	SAY("and again: %s", rs(send(c, "x", 1, 0)));
	SAY("sendto the closed one's name: %s", rs(sendto(a, "x", 1, 0, (struct sockaddr *)&ab, lb)));

	/* sendmmsg and recvmmsg. */
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	struct mmsghdr mm[3];
	struct iovec iv[3] = {{"aa", 2}, {"bbb", 3}, {"c", 1}};
	memset(mm, 0, sizeof(mm));
	for (int i = 0; i < 3; i++) {
		mm[i].msg_hdr.msg_iov = &iv[i];
		mm[i].msg_hdr.msg_iovlen = 1;
	}
	n = sendmmsg(sv[0], mm, 3, 0);
	SAY("sendmmsg: %d lens %u %u %u", n, mm[0].msg_len, mm[1].msg_len, mm[2].msg_len);
	char rb[3][8];
	struct iovec ri[3] = {{rb[0], 8}, {rb[1], 8}, {rb[2], 8}};
	memset(mm, 0, sizeof(mm));
	for (int i = 0; i < 3; i++) {
		mm[i].msg_hdr.msg_iov = &ri[i];
		mm[i].msg_hdr.msg_iovlen = 1;
	}
	n = recvmmsg(sv[1], mm, 3, 0, NULL);
	SAY("recvmmsg: %d lens %u %u %u %.2s%.3s%.1s", n, mm[0].msg_len, mm[1].msg_len,
	    mm[2].msg_len, rb[0], rb[1], rb[2]);
	send(sv[0], "x", 1, 0);
	SAY("recvmmsg MSG_WAITFORONE: %d", recvmmsg(sv[1], mm, 3, MSG_WAITFORONE, NULL));
	SAY("recvmmsg empty, MSG_DONTWAIT: %s", rs(recvmmsg(sv[1], mm, 3, MSG_DONTWAIT, NULL)));
	struct timespec bad = {0, -1};
	SAY("recvmmsg bad timeout: %s", rs(recvmmsg(sv[1], mm, 3, 0, &bad)));
	close(sv[0]);
	close(sv[1]);
	close(a);
	close(c);
	close(anon);
	unlink("dg_a");
	unlink("dg_b");
	unlink("dg_c");
	return 0;
}
