/* File descriptor passing (SCM_RIGHTS) and credentials (SCM_CREDENTIALS)
 * between a server and a forked client over a named unix socket: the
 * received fd shares its open file description (offset, flags) with the
 * sender's; files in flight outlive their sender; a short control buffer
 * truncates and closes what does not fit; MSG_CMSG_CLOEXEC; errors. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <fcntl.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "netcheck.h"

static int send_fds(int s, const int *fds, int n, const char *data)
{
	char ctl[CMSG_SPACE(sizeof(int) * 8)];
	memset(ctl, 0, sizeof(ctl));
	struct iovec iov = {(void *)data, strlen(data)};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl,
			    .msg_controllen = CMSG_SPACE(sizeof(int) * n)};
	struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int) * n);
	memcpy(CMSG_DATA(c), fds, sizeof(int) * n);
	return (int)sendmsg(s, &mh, 0);
}

/* Receive up to @max fds into @fds; returns the count, -1 on error. */
static int recv_fds(int s, int *fds, int max, size_t ctlspace, int flags, int *msgflags)
{
	char data[64];
	char ctl[512];
	struct iovec iov = {data, sizeof(data)};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl,
			    .msg_controllen = ctlspace};
	long r = recvmsg(s, &mh, flags);
	if (r < 0)
		return -1;
	*msgflags = mh.msg_flags;
	int n = 0;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
			int k = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
			for (int i = 0; i < k && n < max; i++)
				memcpy(&fds[n++], CMSG_DATA(c) + i * sizeof(int), sizeof(int));
		}
	}
	return n;
}

static socklen_t addr(struct sockaddr_un *a)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	strcpy(a->sun_path, "scm.sock");
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(a->sun_path) + 1);
}

static void client(void)
{
	struct sockaddr_un a;
	socklen_t len = addr(&a);
	int s = socket(AF_UNIX, SOCK_STREAM, 0);
	if (connect(s, (struct sockaddr *)&a, len) < 0)
		_exit(10);
	int fds[4], fl;
	/* 1: a file: read what the server wrote, through the shared offset. */
	int n = recv_fds(s, fds, 4, 512, 0, &fl);
	if (n != 1)
		_exit(11);
	char buf[32] = {0};
	lseek(fds[0], 0, SEEK_SET);
	long r = read(fds[0], buf, sizeof(buf) - 1);
	write(fds[0], " and the client", 15); /* moves the shared offset */
	close(fds[0]);
	/* 2: a pipe's write end: say something through it. */
	n = recv_fds(s, fds, 4, 512, 0, &fl);
	if (n != 1)
		_exit(12);
	write(fds[0], "via pipe", 8);
	close(fds[0]);
	/* 3: three fds at once, with MSG_CMSG_CLOEXEC. */
	n = recv_fds(s, fds, 4, 512, MSG_CMSG_CLOEXEC, &fl);
	int cloexec = n == 3 && (fcntl(fds[0], F_GETFD) & FD_CLOEXEC) &&
		      (fcntl(fds[2], F_GETFD) & FD_CLOEXEC);
	for (int i = 0; i < n; i++)
		close(fds[i]);
	/* 4: room for one fd of two: MSG_CTRUNC, the other is closed. */
	n = recv_fds(s, fds, 4, CMSG_LEN(sizeof(int)), 0, &fl);
	int ctrunc = n == 1 && (fl & MSG_CTRUNC);
	if (n > 0)
		close(fds[0]);
	/* 5: no control buffer at all. */
	n = recv_fds(s, fds, 4, 0, 0, &fl);
	int ctrunc0 = n == 0 && (fl & MSG_CTRUNC);
	char rep[80];
	snprintf(rep, sizeof(rep), "read %ld [%s] cloexec %d ctrunc %d %d", r, buf, cloexec, ctrunc,
		 ctrunc0);
	write(s, rep, strlen(rep));
	close(s);
	_exit(0);
}

int main(void)
{
	struct sockaddr_un a;
	socklen_t len = addr(&a);
	unlink("scm.sock");
	int ls = socket(AF_UNIX, SOCK_STREAM, 0);
	bind(ls, (struct sockaddr *)&a, len);
	listen(ls, 4);
	pid_t c = fork();
	if (c == 0)
		client();
	int s = accept(ls, NULL, NULL);

	int f = open("scm.data", O_CREAT | O_RDWR | O_TRUNC, 0644);
	write(f, "from the server", 15);
	SAY("send a file: %d", send_fds(s, &f, 1, "F"));
	int p[2];
	pipe(p);
	SAY("send a pipe end: %d", send_fds(s, &p[1], 1, "P"));
	close(p[1]);
	int three[3] = {f, p[0], s};
	SAY("send three: %d", send_fds(s, three, 3, "3"));
	int pq[2];
	pipe(pq);
	int two[2] = {pq[1], pq[1]};
	SAY("send two for a one-fd buffer: %d", send_fds(s, two, 2, "2"));
	close(pq[1]);
	int pr[2];
	pipe(pr);
	SAY("send one to a receiver without a buffer: %d", send_fds(s, &pr[1], 1, "0"));
	close(pr[1]);

	char buf[128];
	long r = read(p[0], buf, sizeof(buf));
	SAY("through the passed pipe: %.*s", (int)r, buf);
	r = read(pq[0], buf, sizeof(buf));
	SAY("truncated fds were closed (EOF): %ld", r);
	r = read(pr[0], buf, sizeof(buf));
	SAY("fds without a buffer were closed (EOF): %ld", r);
	r = read(s, buf, sizeof(buf) - 1);
	buf[r > 0 ? r : 0] = 0;
	SAY("client says: %s", buf);
	SAY("shared offset moved by the client: %ld", (long)lseek(f, 0, SEEK_CUR));
	int st;
	waitpid(c, &st, 0);
	SAY("client exit: %d", WEXITSTATUS(st));
	close(s);

	/* Files in flight outlive the sender. */
	int sv[2];
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	c = fork();
	if (c == 0) {
		int q[2];
		pipe(q);
		write(q[1], "kept", 4);
		send_fds(sv[1], q, 2, "x");
		_exit(0);
	}
	waitpid(c, NULL, 0);
	int fds[4], fl;
	int n = recv_fds(sv[0], fds, 4, 512, 0, &fl);
	r = n == 2 ? read(fds[0], buf, 4) : -1;
	SAY("fds from an exited child: %d, read %ld", n, r);
	if (n == 2) {
		close(fds[1]);
		SAY("then EOF: %ld", (long)read(fds[0], buf, 4));
		close(fds[0]);
	}

	/* Peeking shows the fds without taking them. */
	send_fds(sv[1], &f, 1, "peek");
	n = recv_fds(sv[0], fds, 4, 512, MSG_PEEK, &fl);
	SAY("peek gets %d fd", n);
	if (n > 0)
		close(fds[0]);
	n = recv_fds(sv[0], fds, 4, 512, 0, &fl);
	SAY("the real read gets %d", n);
	if (n > 0)
		close(fds[0]);

	/* read(2) drops passed fds. */
	send_fds(sv[1], &f, 1, "r");
	r = read(sv[0], buf, sizeof(buf));
	SAY("read() of a message with fds: %ld", r);

	/* Errors. */
	int badfd = 99;
	SAY("a bad fd: %s", rs(send_fds(sv[1], &badfd, 1, "e")));
	char ctl[CMSG_SPACE(sizeof(int))];
	struct iovec iov = {"x", 1};
	struct msghdr mh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl,
			    .msg_controllen = sizeof(ctl)};
	struct cmsghdr *cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = 4;
	SAY("a short cmsg_len: %s", rs(sendmsg(sv[1], &mh, 0)));
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	cm->cmsg_type = 77;
	SAY("an unknown type: %s", rs(sendmsg(sv[1], &mh, 0)));
	cm->cmsg_level = 12345;
	SAY("another level is ignored: %s", rs(sendmsg(sv[1], &mh, 0)));
	recv(sv[0], buf, sizeof(buf), 0);
	mh.msg_controllen = 1 << 20;
	SAY("a huge control length: %s", rs(sendmsg(sv[1], &mh, 0)));

	/* Credentials: with SO_PASSCRED, every message carries them. */
	int on = 1;
	setsockopt(sv[0], SOL_SOCKET, SO_PASSCRED, &on, sizeof(on));
	send(sv[1], "c", 1, 0);
	char cb[CMSG_SPACE(sizeof(struct ucred))];
	struct iovec riov = {buf, sizeof(buf)};
	struct msghdr rmh = {.msg_iov = &riov, .msg_iovlen = 1, .msg_control = cb,
			     .msg_controllen = sizeof(cb)};
	r = recvmsg(sv[0], &rmh, 0);
	struct cmsghdr *rc = CMSG_FIRSTHDR(&rmh);
	struct ucred uc = {0};
	if (rc && rc->cmsg_type == SCM_CREDENTIALS)
		memcpy(&uc, CMSG_DATA(rc), sizeof(uc));
	SAY("SCM_CREDENTIALS: %s, pid mine %s, uid mine %s", rc ? "yes" : "no",
	    uc.pid == getpid() ? "yes" : "no", uc.uid == getuid() ? "yes" : "no");
	/* Sending our own credentials explicitly; another pid needs privilege. */
	struct cmsghdr *sc;
	char sctl[CMSG_SPACE(sizeof(struct ucred))];
	struct msghdr smh = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = sctl,
			     .msg_controllen = sizeof(sctl)};
	sc = CMSG_FIRSTHDR(&smh);
	sc->cmsg_level = SOL_SOCKET;
	sc->cmsg_type = SCM_CREDENTIALS;
	sc->cmsg_len = CMSG_LEN(sizeof(struct ucred));
	struct ucred mine = {getpid(), getuid(), getgid()};
	memcpy(CMSG_DATA(sc), &mine, sizeof(mine));
	SAY("send own credentials: %s", rs(sendmsg(sv[1], &smh, 0)));
	recv(sv[0], buf, sizeof(buf), 0);
	sc->cmsg_len = CMSG_LEN(sizeof(struct ucred)) - 1;
	SAY("credentials of a wrong size: %s", rs(sendmsg(sv[1], &smh, 0)));
	close(sv[0]);
	close(sv[1]);
	close(ls);
	close(f);
	unlink("scm.sock");
	unlink("scm.data");
	return 0;
}
