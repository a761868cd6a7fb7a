/* SO_TIMESTAMP, SO_TIMESTAMPNS and their _NEW forms: what getsockopt says
 * after each is set and cleared, and the arrival time a receive gives as
 * SCM_TIMESTAMP / SCM_TIMESTAMPNS (or the _NEW types) on Unix datagram and
 * seqpacket sockets and UDP (first among the control messages), none on a
 * Unix stream. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#ifndef SO_TIMESTAMP_NEW
#define SO_TIMESTAMP_NEW   63
#define SO_TIMESTAMPNS_NEW 64
#endif
#define TS_OLD	 29
#define TSNS_OLD 35

static const char *tname(int type)
{
	switch (type) {
	case TS_OLD:
		return "SCM_TIMESTAMP";
	case TSNS_OLD:
		return "SCM_TIMESTAMPNS";
	case SO_TIMESTAMP_NEW:
		return "SO_TIMESTAMP_NEW";
	case SO_TIMESTAMPNS_NEW:
		return "SO_TIMESTAMPNS_NEW";
	case SCM_CREDENTIALS:
		return "SCM_CREDENTIALS";
	}
	return "other";
}

static void show(int r, const char *what, const struct timespec *before)
{
	char d[16], c[256];
	struct iovec iov = {d, sizeof(d)};
	struct msghdr mh = {
	    .msg_iov = &iov, .msg_iovlen = 1, .msg_control = c, .msg_controllen = sizeof(c)};
	struct timespec after;
	int n = recvmsg(r, &mh, MSG_DONTWAIT);
	clock_gettime(CLOCK_REALTIME, &after);
	printf("%s: %d:", what, n);
	for (struct cmsghdr *h = CMSG_FIRSTHDR(&mh); h; h = CMSG_NXTHDR(&mh, h)) {
		if (h->cmsg_level == SOL_SOCKET)
			printf(" %s/%zu", tname(h->cmsg_type), (size_t)(h->cmsg_len - CMSG_LEN(0)));
		else
			printf(" level %d type %d/%zu", h->cmsg_level, h->cmsg_type,
			       (size_t)(h->cmsg_len - CMSG_LEN(0)));
		if (h->cmsg_level != SOL_SOCKET || h->cmsg_type == SCM_CREDENTIALS)
			continue;
		int64_t v[2];
		memcpy(v, CMSG_DATA(h), sizeof(v));
		bool ns = h->cmsg_type == TSNS_OLD || h->cmsg_type == SO_TIMESTAMPNS_NEW;
		int64_t t = v[0] * 1000000000LL + (ns ? v[1] : v[1] * 1000);
		int64_t lo = before->tv_sec * 1000000000LL + before->tv_nsec - (ns ? 0 : 1000);
		int64_t hi = after.tv_sec * 1000000000LL + after.tv_nsec;
		printf(t >= lo && t <= hi ? "(in time)" : "(out of time)");
	}
	printf("\n");
}

static void opts(int s, const char *what)
{
	static const int names[] = {SO_TIMESTAMP, SO_TIMESTAMPNS, SO_TIMESTAMP_NEW,
				    SO_TIMESTAMPNS_NEW};
	printf("%s:", what);
	for (int i = 0; i < 4; i++) {
		int v = -1;
		socklen_t l = sizeof(v);
		getsockopt(s, SOL_SOCKET, names[i], &v, &l);
		printf(" %d", v);
	}
	printf("\n");
}

static void set(int s, int name, int v)
{
	setsockopt(s, SOL_SOCKET, name, &v, sizeof(v));
}

int main(void)
{
	struct timespec before;
	int sv[2];
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	opts(sv[0], "none");
	static const struct {
		int name;
		const char *what;
	} kinds[] = {{SO_TIMESTAMP, "SO_TIMESTAMP"},
		     {SO_TIMESTAMPNS, "SO_TIMESTAMPNS"},
		     {SO_TIMESTAMP_NEW, "SO_TIMESTAMP_NEW"},
		     {SO_TIMESTAMPNS_NEW, "SO_TIMESTAMPNS_NEW"}};
	for (int i = 0; i < 4; i++) {
		set(sv[0], kinds[i].name, 1);
		opts(sv[0], kinds[i].what);
		clock_gettime(CLOCK_REALTIME, &before);
		write(sv[1], "x", 1);
		show(sv[0], "  unix dgram", &before);
	}
	set(sv[0], SO_TIMESTAMPNS, 0);
	opts(sv[0], "SO_TIMESTAMPNS off");
	write(sv[1], "x", 1);
	show(sv[0], "  unix dgram", &before);
	set(sv[0], SO_TIMESTAMPNS, 1);
	set(sv[0], SO_TIMESTAMP, 0);
	opts(sv[0], "SO_TIMESTAMPNS then SO_TIMESTAMP off");

	/* Queued before the option: the time it came. */
	set(sv[0], SO_TIMESTAMP, 0);
	clock_gettime(CLOCK_REALTIME, &before);
	write(sv[1], "x", 1);
	usleep(20000);
	set(sv[0], SO_TIMESTAMP, 1);
	show(sv[0], "queued before", &before);
	write(sv[1], "x", 1);
	{
		char d[4], c[64];
		struct iovec iov = {d, sizeof(d)};
		struct msghdr mh = {.msg_iov = &iov,
				    .msg_iovlen = 1,
				    .msg_control = c,
				    .msg_controllen = sizeof(c)};
		printf("MSG_PEEK: %d %zu\n", (int)recvmsg(sv[0], &mh, MSG_PEEK),
		       (size_t)mh.msg_controllen);
		show(sv[0], "after a peek", &before);
	}

	int sp[2];
	socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sp);
	set(sp[0], SO_TIMESTAMP, 1);
	int on = 1;
	setsockopt(sp[0], SOL_SOCKET, SO_PASSCRED, &on, sizeof(on));
	clock_gettime(CLOCK_REALTIME, &before);
	write(sp[1], "x", 1);
	show(sp[0], "seqpacket with SO_PASSCRED", &before);

	int st[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, st);
	set(st[0], SO_TIMESTAMP, 1);
	write(st[1], "x", 1);
	show(st[0], "unix stream", &before);

	int u = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	bind(u, (void *)&a, sizeof(a));
	socklen_t l = sizeof(a);
	getsockname(u, (void *)&a, &l);
	set(u, SO_TIMESTAMPNS, 1);
	setsockopt(u, IPPROTO_IP, IP_RECVTTL, &on, sizeof(on));
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	clock_gettime(CLOCK_REALTIME, &before);
	sendto(s, "y", 1, 0, (void *)&a, sizeof(a));
	show(u, "udp with IP_RECVTTL", &before);
	return 0;
}
