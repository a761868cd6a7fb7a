/* NETLINK_ROUTE as programs use it for the loopback interface (facts that
 * hold on any host: other interfaces are not printed): getifaddrs and
 * if_nameindex find lo with 127.0.0.1/8 and ::1; a raw RTM_GETLINK dump
 * ends with NLMSG_DONE and names lo as index 1, up, loopback; a request
 * for one link by index; errors come back as NLMSG_ERROR (ENODEV, and
 * EOPNOTSUPP for RTM_GETADDR without NLM_F_DUMP); NLM_F_ACK; MSG_PEEK
 * with MSG_TRUNC gives the datagram's length; autobind gives the first
 * socket the pid as its port id; the socket calls' own errors. */
//! libc: glibc
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "errname.h"

static int seq = 100;

static void req(int fd, int type, int flags, int index, int family)
{
	struct {
		struct nlmsghdr h;
		union {
			struct ifinfomsg ifi;
			struct ifaddrmsg ifa;
		};
	} r;
	memset(&r, 0, sizeof(r));
	r.h.nlmsg_type = (unsigned short)type;
	r.h.nlmsg_flags = (unsigned short)(NLM_F_REQUEST | flags);
	r.h.nlmsg_seq = (unsigned)++seq;
	if (type == RTM_GETADDR) {
		r.h.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifaddrmsg));
		r.ifa.ifa_family = (unsigned char)family;
	} else {
		r.h.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
		r.ifi.ifi_index = index;
	}
	struct sockaddr_nl k = {.nl_family = AF_NETLINK};
	if (sendto(fd, &r, r.h.nlmsg_len, 0, (struct sockaddr *)&k, sizeof(k)) < 0)
		printf("sendto: %s\n", errname(errno));
}

/* Read answers until NLMSG_DONE or an NLMSG_ERROR; print what concerns lo. */
static void answers(int fd, const char *what)
{
	char buf[32768];
	int msgs = 0;
	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0) {
			printf("%s: recv %s\n", what, errname(errno));
			return;
		}
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (size_t)n);
		     h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_seq != (unsigned)seq)
				printf("%s: wrong sequence number\n", what);
			if (h->nlmsg_type == NLMSG_DONE) {
				printf("%s: done, multi %d\n", what,
				       !!(h->nlmsg_flags & NLM_F_MULTI));
				return;
			}
			if (h->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(h);
				printf("%s: error %s, echoes the request %s\n", what,
				       e->error ? errname(-e->error) : "0",
				       e->msg.nlmsg_seq == (unsigned)seq ? "yes" : "no");
				return;
			}
			msgs++;
			if (h->nlmsg_type == RTM_NEWLINK) {
				struct ifinfomsg *ifi = NLMSG_DATA(h);
				if (ifi->ifi_index != 1)
					continue;
				const char *name = "?";
				unsigned mtu = 0;
				int len = (int)IFLA_PAYLOAD(h);
				for (struct rtattr *a = IFLA_RTA(ifi); RTA_OK(a, len);
				     a = RTA_NEXT(a, len)) {
					if (a->rta_type == IFLA_IFNAME)
						name = RTA_DATA(a);
					if (a->rta_type == IFLA_MTU)
						memcpy(&mtu, RTA_DATA(a), sizeof(mtu));
				}
				printf("%s: link 1 %s up %d loopback %d running %d mtu>0 %d multi "
				       "%d\n",
				       what, name, !!(ifi->ifi_flags & IFF_UP),
				       !!(ifi->ifi_flags & IFF_LOOPBACK),
				       !!(ifi->ifi_flags & IFF_RUNNING), mtu > 0,
				       !!(h->nlmsg_flags & NLM_F_MULTI));
				if (!(h->nlmsg_flags & NLM_F_MULTI))
					return; /* a single answer */
			} else if (h->nlmsg_type == RTM_NEWADDR) {
				struct ifaddrmsg *ifa = NLMSG_DATA(h);
				if (ifa->ifa_index != 1 || ifa->ifa_family != AF_INET)
					continue;
				int len = (int)IFA_PAYLOAD(h);
				for (struct rtattr *a = IFA_RTA(ifa); RTA_OK(a, len);
				     a = RTA_NEXT(a, len)) {
					char s[64];
					if (a->rta_type == IFA_LOCAL &&
					    inet_ntop(AF_INET, RTA_DATA(a), s, sizeof(s)))
						printf("%s: lo has %s/%d\n", what, s,
						       ifa->ifa_prefixlen);
				}
			}
		}
	}
}

int main(void)
{
	/* The C library's view. */
	struct ifaddrs *ifs;
	if (getifaddrs(&ifs) < 0) {
		printf("getifaddrs: %s\n", errname(errno));
	} else {
		int v4 = 0, v6 = 0, link = 0;
		for (struct ifaddrs *i = ifs; i; i = i->ifa_next) {
			if (strcmp(i->ifa_name, "lo") != 0 || !i->ifa_addr)
				continue;
			char s[64];
			int fam = i->ifa_addr->sa_family;
			if (fam == AF_INET) {
				inet_ntop(AF_INET, &((struct sockaddr_in *)i->ifa_addr)->sin_addr,
					  s, sizeof(s));
				char m[64];
				inet_ntop(AF_INET,
					  &((struct sockaddr_in *)i->ifa_netmask)->sin_addr, m,
					  sizeof(m));
				printf("getifaddrs: lo %s mask %s up %d\n", s, m,
				       !!(i->ifa_flags & IFF_UP));
				v4++;
			} else if (fam == AF_INET6) {
				inet_ntop(AF_INET6,
					  &((struct sockaddr_in6 *)i->ifa_addr)->sin6_addr, s,
					  sizeof(s));
				printf("getifaddrs: lo %s\n", s);
				v6++;
			} else {
				link++;
			}
		}
		printf("getifaddrs: lo link entries %d\n", link);
		freeifaddrs(ifs);
	}
	printf("if_nametoindex(lo) = %u\n", if_nametoindex("lo"));
	char name[IF_NAMESIZE];
	printf("if_indextoname(1) = %s\n", if_indextoname(1, name) ? name : errname(errno));
	struct if_nameindex *ni = if_nameindex();
	int found = 0;
	for (struct if_nameindex *p = ni; p && p->if_index; p++)
		found += p->if_index == 1 && !strcmp(p->if_name, "lo");
	printf("if_nameindex has lo: %d\n", found);
	if (ni)
		if_freenameindex(ni);

	/* The raw protocol. */
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0) {
		printf("socket: %s\n", errname(errno));
		return 1;
	}
	struct sockaddr_nl sa = {.nl_family = AF_NETLINK};
	printf("bind: %s\n", res(bind(fd, (struct sockaddr *)&sa, sizeof(sa))));
	socklen_t sl = sizeof(sa);
	getsockname(fd, (struct sockaddr *)&sa, &sl);
	printf("getsockname: family %d len %u port id is the pid %d\n", sa.nl_family, sl,
	       sa.nl_pid == (unsigned)getpid());
	int fd2 = socket(AF_NETLINK, SOCK_DGRAM, NETLINK_ROUTE);
	struct sockaddr_nl sa2 = {.nl_family = AF_NETLINK};
	req(fd2, RTM_GETLINK, NLM_F_DUMP, 0, 0); /* autobinds */
	sl = sizeof(sa2);
	getsockname(fd2, (struct sockaddr *)&sa2, &sl);
	printf("second socket: port id set %d, differs %d\n", sa2.nl_pid != 0,
	       sa2.nl_pid != sa.nl_pid);
	close(fd2);

	req(fd, RTM_GETLINK, NLM_F_DUMP, 0, 0);
	char small[16];
	ssize_t n = recv(fd, small, sizeof(small), MSG_PEEK | MSG_TRUNC);
	printf("peek with MSG_TRUNC: longer than the buffer %d\n", n > (ssize_t)sizeof(small));
	answers(fd, "link dump");
	req(fd, RTM_GETADDR, NLM_F_DUMP, 0, AF_INET);
	answers(fd, "IPv4 address dump");
	req(fd, RTM_GETLINK, 0, 1, 0);
	answers(fd, "link 1");
	req(fd, RTM_GETLINK, NLM_F_ACK, 1, 0);
	answers(fd, "link 1 with ack");
	answers(fd, "the ack");
	req(fd, RTM_GETLINK, 0, 999999, 0);
	answers(fd, "link 999999");
	req(fd, RTM_GETADDR, 0, 0, AF_INET);
	answers(fd, "address without dump");
	struct msghdr mh = {0};
	char b[8];
	struct iovec iov = {b, sizeof(b)};
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	printf("recvmsg with nothing queued, MSG_DONTWAIT: %s\n",
	       res(recvmsg(fd, &mh, MSG_DONTWAIT)));

	struct sockaddr_nl other = {.nl_family = AF_NETLINK, .nl_pid = 0x3fff0001};
	char junk[NLMSG_HDRLEN] = {0};
	printf("sendto an unknown port: %s\n",
	       res(sendto(fd, junk, sizeof(junk), 0, (struct sockaddr *)&other, sizeof(other))));
	printf("socket SOCK_STREAM: %s\n", res(socket(AF_NETLINK, SOCK_STREAM, NETLINK_ROUTE)));
	printf("listen: %s\n", res(listen(fd, 1)));
	int pair[2];
	printf("socketpair: %s\n", res(socketpair(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE, pair)));
	int one = 1;
	printf("NETLINK_EXT_ACK: %s\n",
	       res(setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one))));
	printf("NETLINK_GET_STRICT_CHK: %s\n",
	       res(setsockopt(fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK, &one, sizeof(one))));
	int group = RTNLGRP_LINK;
	printf("NETLINK_ADD_MEMBERSHIP: %s\n",
	       res(setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &group, sizeof(group))));
	close(fd);
	return 0;
}
