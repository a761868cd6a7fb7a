/* Ancillary data of UDP on the loopback: what IP_PKTINFO, IP_RECVTTL,
 * IP_RECVTOS and IP_RECVORIGDSTADDR (IPv4), IPV6_RECVPKTINFO,
 * IPV6_RECVHOPLIMIT, IPV6_RECVTCLASS, IPV6_2292HOPLIMIT and
 * IPV6_RECVORIGDSTADDR (IPv6) give with each datagram, in the kernel's
 * order; the TTL, TOS, hop limit and traffic class a sender sets with
 * options or per datagram (IP_TTL, IP_TOS, IPV6_HOPLIMIT, IPV6_TCLASS
 * cmsgs) and the checks of those; truncation of the control buffer. */
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

#ifndef IPV6_RECVORIGDSTADDR
#define IPV6_RECVORIGDSTADDR 74
#endif
#ifndef IP_RECVORIGDSTADDR
#define IP_RECVORIGDSTADDR 20
#endif
#ifndef IPV6_2292HOPLIMIT
#define IPV6_2292HOPLIMIT 8
#endif

static const char *err(int r)
{
	static char buf[64];
	if (r >= 0)
		snprintf(buf, sizeof(buf), "%d", r);
	else
		snprintf(buf, sizeof(buf), "-1 %s", errname(errno));
	return buf;
}

static void show_cmsgs(struct msghdr *mh)
{
	printf("  flags %s%s controllen %zu\n", mh->msg_flags & MSG_CTRUNC ? "CTRUNC " : "",
	       mh->msg_flags & MSG_TRUNC ? "TRUNC " : "", (size_t)mh->msg_controllen);
	for (struct cmsghdr *c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c)) {
		unsigned char *d = CMSG_DATA(c);
		size_t dl = c->cmsg_len - CMSG_LEN(0);
		printf("  cmsg level %d type %d len %zu:", c->cmsg_level, c->cmsg_type,
		       (size_t)c->cmsg_len);
		char a[64];
		if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO &&
		    dl >= sizeof(struct in_pktinfo)) {
			struct in_pktinfo pi;
			memcpy(&pi, d, sizeof(pi));
			printf(" ifindex %d spec_dst %s", pi.ipi_ifindex,
			       inet_ntop(AF_INET, &pi.ipi_spec_dst, a, sizeof(a)));
			printf(" addr %s", inet_ntop(AF_INET, &pi.ipi_addr, a, sizeof(a)));
		} else if (c->cmsg_level == IPPROTO_IPV6 && (c->cmsg_type == IPV6_PKTINFO) &&
			   dl >= sizeof(struct in6_pktinfo)) {
			struct in6_pktinfo pi;
			memcpy(&pi, d, sizeof(pi));
			printf(" ifindex %d addr %s", pi.ipi6_ifindex,
			       inet_ntop(AF_INET6, &pi.ipi6_addr, a, sizeof(a)));
		} else if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_ORIGDSTADDR &&
			   dl >= sizeof(struct sockaddr_in)) {
			struct sockaddr_in sa;
			memcpy(&sa, d, sizeof(sa));
			printf(" family %d %s port-ok %d", sa.sin_family,
			       inet_ntop(AF_INET, &sa.sin_addr, a, sizeof(a)), sa.sin_port != 0);
		} else if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_ORIGDSTADDR &&
			   dl >= sizeof(struct sockaddr_in6)) {
			struct sockaddr_in6 sa;
			memcpy(&sa, d, sizeof(sa));
			printf(" family %d %s port-ok %d scope %u", sa.sin6_family,
			       inet_ntop(AF_INET6, &sa.sin6_addr, a, sizeof(a)), sa.sin6_port != 0,
			       sa.sin6_scope_id);
		} else {
			for (size_t i = 0; i < dl && i < 16; i++)
				printf(" %02x", d[i]);
		}
		printf("\n");
	}
}

static int bound(int fam, int type, int proto, void *addr, socklen_t *alen)
{
	int s = socket(fam, type, proto);
	if (fam == AF_INET) {
		struct sockaddr_in a = {.sin_family = AF_INET,
					.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
		bind(s, (void *)&a, sizeof(a));
	} else {
		struct sockaddr_in6 a = {.sin6_family = AF_INET6, .sin6_addr = in6addr_loopback};
		bind(s, (void *)&a, sizeof(a));
	}
	*alen = 128;
	getsockname(s, addr, alen);
	return s;
}

static void recv_show(int r, const char *what, size_t ctl)
{
	char data[64];
	char cbuf[512];
	struct iovec iov = {data, sizeof(data)};
	struct msghdr mh = {.msg_iov = &iov,
			    .msg_iovlen = 1,
			    .msg_control = ctl ? cbuf : NULL,
			    .msg_controllen = ctl};
	memset(cbuf, 0, sizeof(cbuf));
	int n = recvmsg(r, &mh, MSG_DONTWAIT);
	printf("%s: recvmsg %s\n", what, err(n));
	if (n >= 0)
		show_cmsgs(&mh);
}

static int send_cmsg(int s, void *to, socklen_t tolen, int level, int type, const void *val,
		     size_t vlen)
{
	char cbuf[CMSG_SPACE(64)];
	memset(cbuf, 0, sizeof(cbuf));
	struct iovec iov = {"hello", 5};
	struct msghdr mh = {.msg_name = to, .msg_namelen = tolen, .msg_iov = &iov, .msg_iovlen = 1};
	if (vlen != (size_t)-1) {
		mh.msg_control = cbuf;
		mh.msg_controllen = CMSG_SPACE(vlen);
		struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = level;
		c->cmsg_type = type;
		c->cmsg_len = CMSG_LEN(vlen);
		memcpy(CMSG_DATA(c), val, vlen);
	}
	return sendmsg(s, &mh, 0);
}

static void set_opt(int s, int level, int name, int v, const char *what)
{
	int r = setsockopt(s, level, name, &v, sizeof(v));
	printf("setsockopt %s=%d: %s\n", what, v, err(r));
}

static void get_opt(int s, int level, int name, const char *what)
{
	int v = -99;
	socklen_t l = sizeof(v);
	int r = getsockopt(s, level, name, &v, &l);
	printf("getsockopt %s: %s -> %d\n", what, err(r), v);
}

static void v4(void)
{
	struct sockaddr_storage ra, sa;
	socklen_t ral, sal;
	int r = bound(AF_INET, SOCK_DGRAM, 0, &ra, &ral);
	int s = bound(AF_INET, SOCK_DGRAM, 0, &sa, &sal);
	printf("== IPv4\n");
	send_cmsg(s, &ra, ral, 0, 0, NULL, (size_t)-1);
	recv_show(r, "no options", 512);
	set_opt(r, IPPROTO_IP, IP_PKTINFO, 1, "IP_PKTINFO");
	set_opt(r, IPPROTO_IP, IP_RECVTTL, 1, "IP_RECVTTL");
	set_opt(r, IPPROTO_IP, IP_RECVTOS, 1, "IP_RECVTOS");
	set_opt(r, IPPROTO_IP, IP_RECVORIGDSTADDR, 1, "IP_RECVORIGDSTADDR");
	get_opt(r, IPPROTO_IP, IP_RECVORIGDSTADDR, "IP_RECVORIGDSTADDR");
	set_opt(s, IPPROTO_IP, IP_PKTINFO, 5, "IP_PKTINFO");
	get_opt(s, IPPROTO_IP, IP_PKTINFO, "IP_PKTINFO");
	set_opt(s, IPPROTO_IP, IP_PKTINFO, 0, "IP_PKTINFO");
	send_cmsg(s, &ra, ral, 0, 0, NULL, (size_t)-1);
	recv_show(r, "all four, defaults", 512);
	set_opt(s, IPPROTO_IP, IP_TTL, 7, "IP_TTL");
	set_opt(s, IPPROTO_IP, IP_TOS, 0x28, "IP_TOS");
	send_cmsg(s, &ra, ral, 0, 0, NULL, (size_t)-1);
	recv_show(r, "ttl 7 tos 0x28", 512);
	int ttl = 99;
	printf("send IP_TTL cmsg 99: %s\n",
	       err(send_cmsg(s, &ra, ral, IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl))));
	recv_show(r, "cmsg ttl 99", 512);
	unsigned char tos = 0x10;
	printf("send IP_TOS cmsg byte: %s\n",
	       err(send_cmsg(s, &ra, ral, IPPROTO_IP, IP_TOS, &tos, 1)));
	int itos = 0x20;
	printf("send IP_TOS cmsg int: %s\n",
	       err(send_cmsg(s, &ra, ral, IPPROTO_IP, IP_TOS, &itos, sizeof(itos))));
	recv_show(r, "cmsg tos byte", 512);
	recv_show(r, "cmsg tos int", 512);
	int bad = 0;
	printf("IP_TTL cmsg 0: %s\n",
	       err(send_cmsg(s, &ra, ral, IPPROTO_IP, IP_TTL, &bad, sizeof(bad))));
	bad = 256;
	printf("IP_TTL cmsg 256: %s\n",
	       err(send_cmsg(s, &ra, ral, IPPROTO_IP, IP_TTL, &bad, sizeof(bad))));
	printf("IP_TTL cmsg short: %s\n", err(send_cmsg(s, &ra, ral, IPPROTO_IP, IP_TTL, &tos, 1)));
	bad = 300;
	printf("IP_TOS cmsg 300: %s\n",
	       err(send_cmsg(s, &ra, ral, IPPROTO_IP, IP_TOS, &bad, sizeof(bad))));
	printf("IP cmsg type 99: %s\n",
	       err(send_cmsg(s, &ra, ral, IPPROTO_IP, 99, &bad, sizeof(bad))));
	printf("IPV6 cmsg on v4: %s\n",
	       err(send_cmsg(s, &ra, ral, IPPROTO_IPV6, IPV6_HOPLIMIT, &bad, sizeof(bad))));
	printf("level 1234 cmsg: %s\n", err(send_cmsg(s, &ra, ral, 1234, 1, &bad, sizeof(bad))));
	struct ucred uc = {getpid(), getuid(), getgid()};
	printf("SCM_CREDENTIALS on udp: %s\n",
	       err(send_cmsg(s, &ra, ral, SOL_SOCKET, SCM_CREDENTIALS, &uc, sizeof(uc))));
	printf("SOL_SOCKET type 99 on udp: %s\n",
	       err(send_cmsg(s, &ra, ral, SOL_SOCKET, 99, &bad, sizeof(bad))));
	struct in_pktinfo pi = {0};
	pi.ipi_spec_dst.s_addr = htonl(INADDR_LOOPBACK);
	printf("IP_PKTINFO cmsg: %s\n",
	       err(send_cmsg(s, &ra, ral, IPPROTO_IP, IP_PKTINFO, &pi, sizeof(pi))));
	printf("IP_PKTINFO cmsg short: %s\n",
	       err(send_cmsg(s, &ra, ral, IPPROTO_IP, IP_PKTINFO, &pi, 8)));
	pi.ipi_spec_dst.s_addr = htonl(0x7f000005);
	printf("IP_PKTINFO cmsg source 127.0.0.5: %s\n",
	       err(send_cmsg(s, &ra, ral, IPPROTO_IP, IP_PKTINFO, &pi, sizeof(pi))));
	pi.ipi_spec_dst.s_addr = 0;
	pi.ipi_ifindex = 99;
	printf("IP_PKTINFO cmsg ifindex 99: %s\n",
	       err(send_cmsg(s, &ra, ral, IPPROTO_IP, IP_PKTINFO, &pi, sizeof(pi))));
	int fd0 = 0;
	printf("SCM_RIGHTS on udp: %s\n",
	       err(send_cmsg(s, &ra, ral, SOL_SOCKET, SCM_RIGHTS, &fd0, sizeof(fd0))));
	unsigned mark = 5;
	printf("SO_MARK cmsg: %s\n",
	       err(send_cmsg(s, &ra, ral, SOL_SOCKET, SO_MARK, &mark, sizeof(mark))));
	printf("SO_MARK cmsg short: %s\n",
	       err(send_cmsg(s, &ra, ral, SOL_SOCKET, SO_MARK, &mark, 2)));
	recv_show(r, "pktinfo-sent", 512);
	{
		char data[16];
		struct sockaddr_in from;
		socklen_t fl = sizeof(from);
		int n = recvfrom(r, data, sizeof(data), 0, (void *)&from, &fl);
		char a[32];
		printf("recvfrom (source 127.0.0.5): %d from %s\n", n,
		       inet_ntop(AF_INET, &from.sin_addr, a, sizeof(a)));
	}
	for (int i = 0; i < 4; i++)
		recv(r, (char[16]){0}, 16, MSG_DONTWAIT);
	send_cmsg(s, &ra, ral, 0, 0, NULL, (size_t)-1);
	{
		char data[16], cbuf[256];
		struct iovec iov = {data, sizeof(data)};
		struct msghdr mh = {.msg_iov = &iov,
				    .msg_iovlen = 1,
				    .msg_control = cbuf,
				    .msg_controllen = sizeof(cbuf)};
		int n = recvmsg(r, &mh, MSG_PEEK);
		printf("MSG_PEEK: %d\n", n);
		show_cmsgs(&mh);
	}
	recv_show(r, "after errors (nothing)", 512);
	/* truncation */
	send_cmsg(s, &ra, ral, 0, 0, NULL, (size_t)-1);
	recv_show(r, "control 40", 40);
	send_cmsg(s, &ra, ral, 0, 0, NULL, (size_t)-1);
	recv_show(r, "control 0", 0);
	send_cmsg(s, &ra, ral, 0, 0, NULL, (size_t)-1);
	recv_show(r, "control 20", 20);
	close(r);
	close(s);
}

static void v6(void)
{
	struct sockaddr_storage ra, sa;
	socklen_t ral, sal;
	int r = bound(AF_INET6, SOCK_DGRAM, 0, &ra, &ral);
	int s = bound(AF_INET6, SOCK_DGRAM, 0, &sa, &sal);
	printf("== IPv6\n");
	get_opt(s, IPPROTO_IPV6, IPV6_UNICAST_HOPS, "IPV6_UNICAST_HOPS");
	get_opt(s, IPPROTO_IPV6, IPV6_TCLASS, "IPV6_TCLASS");
	set_opt(r, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1, "IPV6_RECVPKTINFO");
	set_opt(r, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1, "IPV6_RECVHOPLIMIT");
	set_opt(r, IPPROTO_IPV6, IPV6_RECVTCLASS, 1, "IPV6_RECVTCLASS");
	set_opt(r, IPPROTO_IPV6, IPV6_2292HOPLIMIT, 1, "IPV6_2292HOPLIMIT");
	set_opt(r, IPPROTO_IPV6, IPV6_RECVORIGDSTADDR, 1, "IPV6_RECVORIGDSTADDR");
	get_opt(r, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, "IPV6_RECVHOPLIMIT");
	get_opt(r, IPPROTO_IPV6, IPV6_RECVTCLASS, "IPV6_RECVTCLASS");
	get_opt(r, IPPROTO_IPV6, IPV6_2292HOPLIMIT, "IPV6_2292HOPLIMIT");
	send_cmsg(s, &ra, ral, 0, 0, NULL, (size_t)-1);
	recv_show(r, "defaults", 512);
	set_opt(s, IPPROTO_IPV6, IPV6_UNICAST_HOPS, 9, "IPV6_UNICAST_HOPS");
	set_opt(s, IPPROTO_IPV6, IPV6_TCLASS, 0x30, "IPV6_TCLASS");
	set_opt(s, IPPROTO_IPV6, IPV6_TCLASS, 256, "IPV6_TCLASS");
	set_opt(s, IPPROTO_IPV6, IPV6_UNICAST_HOPS, 256, "IPV6_UNICAST_HOPS");
	set_opt(s, IPPROTO_IPV6, IPV6_UNICAST_HOPS, -2, "IPV6_UNICAST_HOPS");
	send_cmsg(s, &ra, ral, 0, 0, NULL, (size_t)-1);
	recv_show(r, "hops 9 tclass 0x30", 512);
	int hl = 33;
	printf("IPV6_HOPLIMIT cmsg 33: %s\n",
	       err(send_cmsg(s, &ra, ral, IPPROTO_IPV6, IPV6_HOPLIMIT, &hl, sizeof(hl))));
	recv_show(r, "cmsg hop 33", 512);
	hl = -1;
	printf("IPV6_HOPLIMIT cmsg -1: %s\n",
	       err(send_cmsg(s, &ra, ral, IPPROTO_IPV6, IPV6_HOPLIMIT, &hl, sizeof(hl))));
	recv_show(r, "cmsg hop -1", 512);
	int tc = 0x44;
	printf("IPV6_TCLASS cmsg 0x44: %s\n",
	       err(send_cmsg(s, &ra, ral, IPPROTO_IPV6, IPV6_TCLASS, &tc, sizeof(tc))));
	recv_show(r, "cmsg tclass 0x44", 512);
	tc = 256;
	printf("IPV6_TCLASS cmsg 256: %s\n",
	       err(send_cmsg(s, &ra, ral, IPPROTO_IPV6, IPV6_TCLASS, &tc, sizeof(tc))));
	printf("IPV6_HOPLIMIT cmsg short: %s\n",
	       err(send_cmsg(s, &ra, ral, IPPROTO_IPV6, IPV6_HOPLIMIT, &tc, 2)));
	printf("IPV6 cmsg type 99: %s\n",
	       err(send_cmsg(s, &ra, ral, IPPROTO_IPV6, 99, &tc, sizeof(tc))));
	struct in6_pktinfo p6 = {.ipi6_addr = in6addr_loopback, .ipi6_ifindex = 0};
	printf("IPV6_PKTINFO cmsg ::1: %s\n",
	       err(send_cmsg(s, &ra, ral, IPPROTO_IPV6, IPV6_PKTINFO, &p6, sizeof(p6))));
	recv_show(r, "pktinfo ::1", 512);
	inet_pton(AF_INET6, "2001:db8::1", &p6.ipi6_addr);
	printf("IPV6_PKTINFO cmsg 2001:db8::1: %s\n",
	       err(send_cmsg(s, &ra, ral, IPPROTO_IPV6, IPV6_PKTINFO, &p6, sizeof(p6))));
	p6.ipi6_addr = in6addr_any;
	p6.ipi6_ifindex = 77;
	printf("IPV6_PKTINFO cmsg ifindex 77: %s\n",
	       err(send_cmsg(s, &ra, ral, IPPROTO_IPV6, IPV6_PKTINFO, &p6, sizeof(p6))));
	printf("IPV6_PKTINFO cmsg short: %s\n",
	       err(send_cmsg(s, &ra, ral, IPPROTO_IPV6, IPV6_PKTINFO, &p6, 8)));
	int df = 1;
	printf("IPV6_DONTFRAG cmsg 1: %s\n",
	       err(send_cmsg(s, &ra, ral, IPPROTO_IPV6, IPV6_DONTFRAG, &df, sizeof(df))));
	recv_show(r, "dontfrag", 512);
	df = 2;
	printf("IPV6_DONTFRAG cmsg 2: %s\n",
	       err(send_cmsg(s, &ra, ral, IPPROTO_IPV6, IPV6_DONTFRAG, &df, sizeof(df))));
	printf("IP_TTL cmsg on v6: %s\n",
	       err(send_cmsg(s, &ra, ral, IPPROTO_IP, IP_TTL, &tc, sizeof(tc))));
	recv_show(r, "ip-ttl-on-v6 (sent?)", 512);
	recv_show(r, "nothing", 512);
	/* IPv4 to a dual-stack socket. */
	int r6 = socket(AF_INET6, SOCK_DGRAM, 0);
	struct sockaddr_in6 any = {.sin6_family = AF_INET6, .sin6_addr = in6addr_any};
	bind(r6, (void *)&any, sizeof(any));
	socklen_t l = sizeof(any);
	getsockname(r6, (void *)&any, &l);
	set_opt(r6, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1, "IPV6_RECVPKTINFO");
	set_opt(r6, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1, "IPV6_RECVHOPLIMIT");
	set_opt(r6, IPPROTO_IP, IP_RECVTTL, 1, "IP_RECVTTL");
	set_opt(r6, IPPROTO_IP, IP_PKTINFO, 1, "IP_PKTINFO");
	int s4 = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in to = {.sin_family = AF_INET,
				 .sin_port = any.sin6_port,
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	send_cmsg(s4, &to, sizeof(to), 0, 0, NULL, (size_t)-1);
	recv_show(r6, "v4 to dual-stack", 512);
	struct sockaddr_in6 to6 = {
	    .sin6_family = AF_INET6, .sin6_port = any.sin6_port, .sin6_addr = in6addr_loopback};
	send_cmsg(s4, &to, sizeof(to), 0, 0, NULL, (size_t)-1);
	(void)to6;
	/* From a v6 socket to a mapped address: IP_TTL cmsg counts there. */
	struct sockaddr_in6 mapped = {.sin6_family = AF_INET6, .sin6_port = any.sin6_port};
	inet_pton(AF_INET6, "::ffff:127.0.0.1", &mapped.sin6_addr);
	recv_show(r6, "again", 512);
	int s6 = socket(AF_INET6, SOCK_DGRAM, 0);
	int ttl = 5;
	printf("v6 to mapped with IP_TTL cmsg: %s\n",
	       err(send_cmsg(s6, &mapped, sizeof(mapped), IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl))));
	recv_show(r6, "mapped ttl 5", 512);
	printf("v6 to mapped with IPV6_HOPLIMIT cmsg: %s\n",
	       err(send_cmsg(s6, &mapped, sizeof(mapped), IPPROTO_IPV6, IPV6_HOPLIMIT, &ttl,
			     sizeof(ttl))));
	recv_show(r6, "mapped hoplimit cmsg", 512);
	close(r);
	close(s);
}

int main(void)
{
	v4();
	v6();
	return 0;
}
