/* IP_RECVERR and IPV6_RECVERR on the loopback: a datagram to a port no
 * one has bound comes back as an ICMP port unreachable in the error queue
 * (recvmsg(MSG_ERRQUEUE): the quoted datagram, its destination, the
 * sock_extended_err and offender in IP_RECVERR / IPV6_RECVERR), the socket
 * shows POLLERR and SO_ERROR ECONNREFUSED even unconnected; MSG_ERRQUEUE
 * never waits and never takes normal data; turning the option off empties
 * the queue. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "errname.h"

/* <linux/errqueue.h>'s, which musl's headers lack. */
struct sock_extended_err {
	uint32_t ee_errno;
	uint8_t ee_origin, ee_type, ee_code, ee_pad;
	uint32_t ee_info, ee_data;
};

static void errq(int s, size_t bufsize, const char *what)
{
	char d[4096], c[256];
	struct sockaddr_storage from;
	struct iovec iov = {d, bufsize};
	struct msghdr mh = {.msg_name = &from,
			    .msg_namelen = sizeof(from),
			    .msg_iov = &iov,
			    .msg_iovlen = 1,
			    .msg_control = c,
			    .msg_controllen = sizeof(c)};
	int n = recvmsg(s, &mh, MSG_ERRQUEUE);
	if (n < 0) {
		printf("%s: %s\n", what, errname(errno));
		return;
	}
	char a[64];
	printf("%s: %d bytes, flags%s%s, name", what, n,
	       mh.msg_flags & MSG_ERRQUEUE ? " ERRQUEUE" : "",
	       mh.msg_flags & MSG_TRUNC ? " TRUNC" : "");
	if (from.ss_family == AF_INET) {
		struct sockaddr_in *in = (void *)&from;
		printf(" %s:%d", inet_ntop(AF_INET, &in->sin_addr, a, sizeof(a)),
		       ntohs(in->sin_port));
	} else {
		struct sockaddr_in6 *in6 = (void *)&from;
		printf(" [%s]:%d", inet_ntop(AF_INET6, &in6->sin6_addr, a, sizeof(a)),
		       ntohs(in6->sin6_port));
	}
	printf("\n");
	for (struct cmsghdr *h = CMSG_FIRSTHDR(&mh); h; h = CMSG_NXTHDR(&mh, h)) {
		printf("  cmsg level %d type %d len %zu", h->cmsg_level, h->cmsg_type,
		       (size_t)h->cmsg_len);
		if ((h->cmsg_level == IPPROTO_IP && h->cmsg_type == IP_RECVERR) ||
		    (h->cmsg_level == IPPROTO_IPV6 && h->cmsg_type == IPV6_RECVERR)) {
			struct sock_extended_err e;
			memcpy(&e, CMSG_DATA(h), sizeof(e));
			printf(": %s origin %d type %d code %d info %u data %u",
			       errname((int)e.ee_errno), e.ee_origin, e.ee_type, e.ee_code,
			       e.ee_info, e.ee_data);
			struct sockaddr_storage o;
			memset(&o, 0, sizeof(o));
			memcpy(&o, CMSG_DATA(h) + sizeof(e), h->cmsg_len - CMSG_LEN(sizeof(e)));
			if (o.ss_family == AF_INET)
				printf(", offender %s port %d",
				       inet_ntop(AF_INET, &((struct sockaddr_in *)&o)->sin_addr, a,
						 sizeof(a)),
				       ntohs(((struct sockaddr_in *)&o)->sin_port));
			else
				printf(", offender %s port %d",
				       inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&o)->sin6_addr,
						 a, sizeof(a)),
				       ntohs(((struct sockaddr_in6 *)&o)->sin6_port));
		}
		printf("\n");
	}
}

static void status(int s, const char *what)
{
	struct pollfd p = {s, POLLIN, 0};
	poll(&p, 1, 0);
	int e = -1;
	socklen_t l = sizeof(e);
	getsockopt(s, SOL_SOCKET, SO_ERROR, &e, &l);
	printf("%s: POLLERR %d, SO_ERROR %s\n", what, (p.revents & POLLERR) != 0, errname(e));
}

static char big[3000];

static void run(int fam, int level, int opt, const char *what)
{
	printf("== %s\n", what);
	int s = socket(fam, SOCK_DGRAM, 0);
	int on = 1;
	setsockopt(s, level, opt, &on, sizeof(on));
	struct sockaddr_storage to;
	socklen_t tl;
	memset(&to, 0, sizeof(to));
	if (fam == AF_INET) {
		struct sockaddr_in *in = (void *)&to;
		in->sin_family = AF_INET;
		in->sin_port = htons(9);
		in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		tl = sizeof(*in);
	} else {
		struct sockaddr_in6 *in6 = (void *)&to;
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons(9);
		if (level == IPPROTO_IP)
			inet_pton(AF_INET6, "::ffff:127.0.0.1", &in6->sin6_addr);
		else
			in6->sin6_addr = in6addr_loopback;
		tl = sizeof(*in6);
	}
	printf("send: %zd\n", sendto(s, "hello", 5, 0, (void *)&to, tl));
	status(s, "after the send");
	printf("send again: %zd\n", sendto(s, big, sizeof(big), 0, (void *)&to, tl));
	errq(s, sizeof(big), "first error");
	status(s, "one left");
	errq(s, sizeof(big), "second error (quoted part)");
	errq(s, sizeof(big), "queue empty (blocking socket)");
	status(s, "nothing left");
	sendto(s, "x", 1, 0, (void *)&to, tl);
	errq(s, 0, "into no room");
	sendto(s, "y", 1, 0, (void *)&to, tl);
	on = 0;
	setsockopt(s, level, opt, &on, sizeof(on));
	errq(s, sizeof(big), "after the option went off");
	close(s);
}

int main(void)
{
	run(AF_INET, IPPROTO_IP, IP_RECVERR, "IPv4, IP_RECVERR");
	run(AF_INET6, IPPROTO_IPV6, IPV6_RECVERR, "IPv6, IPV6_RECVERR");
	run(AF_INET6, IPPROTO_IP, IP_RECVERR, "IPv6 socket to a mapped address, IP_RECVERR");

	/* Without the option: only a connected socket hears of it. */
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in to = {
	    .sin_family = AF_INET, .sin_port = htons(9), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	sendto(s, "z", 1, 0, (void *)&to, sizeof(to));
	status(s, "no option, unconnected");
	connect(s, (void *)&to, sizeof(to));
	send(s, "z", 1, 0);
	status(s, "no option, connected");
	errq(s, 16, "its error queue");

	/* MSG_ERRQUEUE takes no data. */
	int u = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in me = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	bind(u, (void *)&me, sizeof(me));
	socklen_t l = sizeof(me);
	getsockname(u, (void *)&me, &l);
	sendto(s, "data", 4, 0, (void *)&me, sizeof(me));
	int v = socket(AF_INET, SOCK_DGRAM, 0);
	sendto(v, "data", 4, 0, (void *)&me, sizeof(me));
	errq(u, 16, "MSG_ERRQUEUE with a datagram queued");
	char b[8];
	printf("normal read: %zd\n", recv(u, b, sizeof(b), MSG_DONTWAIT));
	int t = socket(AF_INET, SOCK_STREAM, 0);
	errq(t, 16, "TCP");
	return 0;
}
