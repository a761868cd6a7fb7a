/* TCP urgent data on the loopback: send(MSG_OOB) makes the last byte
 * urgent; the receiver sees POLLPRI (select's exceptfds) and SIGURG (with
 * an owner), normal reads stop at the mark (SIOCATMARK), recv(MSG_OOB)
 * takes the byte out of band (MSG_OOB in msg_flags; EINVAL once read or
 * when there is none), or, with SO_OOBINLINE, the byte stays in the stream. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

#include "errname.h"

static volatile sig_atomic_t urg;
static void on_urg(int sig)
{
	(void)sig;
	urg++;
}

static void pair(int fam, int *c, int *s)
{
	int l = socket(fam, SOCK_STREAM, 0);
	struct sockaddr_storage a;
	socklen_t al;
	memset(&a, 0, sizeof(a));
	if (fam == AF_INET) {
		struct sockaddr_in *in = (void *)&a;
		in->sin_family = AF_INET;
		in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		al = sizeof(*in);
	} else {
		struct sockaddr_in6 *in6 = (void *)&a;
		in6->sin6_family = AF_INET6;
		in6->sin6_addr = in6addr_loopback;
		al = sizeof(*in6);
	}
	bind(l, (void *)&a, al);
	listen(l, 1);
	getsockname(l, (void *)&a, &al);
	*c = socket(fam, SOCK_STREAM, 0);
	connect(*c, (void *)&a, al);
	*s = accept(l, NULL, NULL);
	close(l);
}

static void state(int s, const char *what)
{
	struct pollfd p = {s, POLLIN | POLLPRI, 0};
	poll(&p, 1, 0);
	fd_set ex;
	FD_ZERO(&ex);
	FD_SET(s, &ex);
	struct timeval tv = {0, 0};
	select(s + 1, NULL, NULL, &ex, &tv);
	int mark = -1, inq = -1;
	ioctl(s, SIOCATMARK, &mark);
	ioctl(s, FIONREAD, &inq);
	printf("%s: poll%s%s, exceptfds %d, atmark %d, inq %d\n", what,
	       p.revents & POLLIN ? " IN" : "", p.revents & POLLPRI ? " PRI" : "",
	       FD_ISSET(s, &ex) ? 1 : 0, mark, inq);
}

static void rd(int s, int flags, const char *what)
{
	char buf[64];
	struct iovec iov = {buf, sizeof(buf) - 1};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1};
	ssize_t n = recvmsg(s, &mh, flags | MSG_DONTWAIT);
	if (n < 0) {
		printf("%s: %s\n", what, errname(errno));
		return;
	}
	buf[n] = 0;
	printf("%s: %zd \"%s\"%s\n", what, n, buf, mh.msg_flags & MSG_OOB ? " MSG_OOB" : "");
}

static void run(int fam)
{
	int c, s;
	pair(fam, &c, &s);
	printf("== %s\n", fam == AF_INET ? "IPv4" : "IPv6");
	rd(s, MSG_OOB, "MSG_OOB with none");
	fcntl(s, F_SETOWN, getpid());
	urg = 0;
	send(c, "abc", 3, 0);
	send(c, "XYZ", 3, MSG_OOB);
	usleep(20000);
	printf("SIGURG: %d\n", urg);
	state(s, "after OOB");
	rd(s, 0, "read");
	state(s, "at the mark");
	rd(s, MSG_OOB | MSG_PEEK, "MSG_OOB|MSG_PEEK");
	rd(s, MSG_OOB, "MSG_OOB");
	rd(s, MSG_OOB, "MSG_OOB again");
	state(s, "urgent byte taken");
	rd(s, MSG_PEEK, "peek at the hole");
	rd(s, 0, "read at the hole");
	state(s, "hole passed");
	send(c, "more", 4, 0);
	usleep(20000);
	rd(s, 0, "read");
	state(s, "drained");

	/* A read that starts at the mark goes past it. */
	send(c, "Q", 1, MSG_OOB);
	send(c, "rest", 4, 0);
	usleep(20000);
	state(s, "urgent byte first");
	rd(s, 0, "read");
	rd(s, MSG_OOB, "MSG_OOB");

	/* SO_OOBINLINE: in the stream, and no MSG_OOB reads. */
	int on = 1;
	setsockopt(s, SOL_SOCKET, SO_OOBINLINE, &on, sizeof(on));
	send(c, "12", 2, 0);
	send(c, "34", 2, MSG_OOB);
	send(c, "56", 2, 0);
	usleep(20000);
	state(s, "inline");
	rd(s, MSG_OOB, "inline MSG_OOB");
	rd(s, 0, "inline read");
	state(s, "inline at the mark");
	rd(s, 0, "inline read");
	state(s, "inline drained");
	close(c);
	close(s);
}

int main(void)
{
	signal(SIGURG, on_urg);
	run(AF_INET);
	run(AF_INET6);
	int u = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_in a = {
	    .sin_family = AF_INET, .sin_port = htons(9), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	printf("UDP MSG_OOB: %s\n",
	       sendto(u, "x", 1, MSG_OOB, (void *)&a, sizeof(a)) < 0 ? errname(errno) : "sent");
	return 0;
}
