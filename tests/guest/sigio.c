/* Signal-driven I/O: F_SETOWN, F_GETOWN, F_SETOWN_EX, F_GETOWN_EX (a
 * process, a thread, a process group; ESRCH for no such one), F_SETSIG
 * and F_GETSIG, O_ASYNC through F_SETFL and FIOASYNC, FIOSETOWN and
 * SIOCGPGRP on a socket; SIGIO (SI_KERNEL) or the F_SETSIG signal with
 * si_code POLL_IN, si_band and si_fd when a pipe, a socket or a pty gets
 * data, and the owner that is not the caller. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errname.h"

#ifndef F_SETOWN_EX
#define F_SETOWN_EX  15
#define F_GETOWN_EX  16
#define F_OWNER_TID  0
#define F_OWNER_PID  1
#define F_OWNER_PGRP 2
struct f_owner_ex {
	int type;
	pid_t pid;
};
#endif

static volatile sig_atomic_t got, code, fdn;
static volatile long band;

static void on_sig(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got = sig;
	code = si->si_code;
	band = si->si_band;
	fdn = si->si_fd;
}

static const char *r(long v)
{
	static char buf[4][48];
	static int i;
	i = (i + 1) % 4;
	if (v < 0)
		snprintf(buf[i], sizeof(buf[i]), "-1 %s", errname(errno));
	else
		snprintf(buf[i], sizeof(buf[i]), "%ld", v);
	return buf[i];
}

static void show(const char *what, int fd)
{
	if (!got) {
		printf("%s: no signal\n", what);
		return;
	}
	printf("%s: %s code %d band %#lx fd %s\n", what,
	       got == SIGIO	     ? "SIGIO"
	       : got == SIGRTMIN + 1 ? "SIGRTMIN+1"
				     : "other",
	       code, (long)band,
	       got == SIGIO ? "-"
	       : fdn == fd  ? "ok"
			    : "wrong");
	got = 0;
}

int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sig;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGIO, &sa, NULL);
	sigaction(SIGRTMIN + 1, &sa, NULL);

	int p[2];
	pipe(p);
	printf("F_GETOWN unset: %s\n", r(fcntl(p[0], F_GETOWN)));
	struct f_owner_ex ex = {-1, -1};
	printf("F_GETOWN_EX unset: %s", r(fcntl(p[0], F_GETOWN_EX, &ex)));
	printf(" type %d pid %d\n", ex.type, ex.pid);
	printf("F_GETSIG unset: %s\n", r(fcntl(p[0], F_GETSIG)));
	printf("F_SETOWN self: %s\n", r(fcntl(p[0], F_SETOWN, getpid())));
	printf("F_GETOWN is self: %d\n", fcntl(p[0], F_GETOWN) == getpid());
	printf("F_GETOWN other end: %s\n", r(fcntl(p[1], F_GETOWN)));
	printf("F_SETOWN 999999: %s\n", r(fcntl(p[0], F_SETOWN, 999999)));
	printf("F_GETOWN still self: %d\n", fcntl(p[0], F_GETOWN) == getpid());
	printf("F_SETOWN -pgrp: %s\n", r(fcntl(p[1], F_SETOWN, -getpgrp())));
	printf("F_GETOWN is -pgrp: %d\n", fcntl(p[1], F_GETOWN) == -getpgrp());
	ex.type = ex.pid = -1;
	fcntl(p[1], F_GETOWN_EX, &ex);
	printf("F_GETOWN_EX: type %d pid is pgrp %d\n", ex.type, ex.pid == getpgrp());
	ex.type = 7;
	ex.pid = getpid();
	printf("F_SETOWN_EX type 7: %s\n", r(fcntl(p[1], F_SETOWN_EX, &ex)));
	ex.type = F_OWNER_TID;
	printf("F_SETOWN_EX tid: %s", r(fcntl(p[1], F_SETOWN_EX, &ex)));
	printf(", F_GETOWN %d\n", fcntl(p[1], F_GETOWN) == getpid());
	printf("F_SETOWN_EX bad pointer: %s\n", r(fcntl(p[1], F_SETOWN_EX, (void *)8)));
	printf("F_SETOWN 0: %s", r(fcntl(p[1], F_SETOWN, 0)));
	printf(", F_GETOWN %s\n", r(fcntl(p[1], F_GETOWN)));
	printf("F_SETSIG 65: %s\n", r(fcntl(p[0], F_SETSIG, 65)));
	printf("F_SETSIG -1: %s\n", r(fcntl(p[0], F_SETSIG, -1)));
	printf("F_SETSIG 64: %s", r(fcntl(p[0], F_SETSIG, 64)));
	printf(", F_GETSIG %s\n", r(fcntl(p[0], F_GETSIG)));
	fcntl(p[0], F_SETSIG, 0);

	/* A write with no O_ASYNC: nothing. */
	write(p[1], "a", 1);
	show("no O_ASYNC", p[0]);
	fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) | O_ASYNC);
	printf("F_GETFL O_ASYNC: %d\n", (fcntl(p[0], F_GETFL) & O_ASYNC) != 0);
	show("setting O_ASYNC with data there", p[0]);
	write(p[1], "b", 1);
	show("pipe write", p[0]);
	char buf[16];
	read(p[0], buf, sizeof(buf));
	show("pipe read of everything", p[0]);
	fcntl(p[0], F_SETSIG, SIGRTMIN + 1);
	write(p[1], "c", 1);
	show("pipe write, F_SETSIG", p[0]);
	write(p[1], "d", 1);
	show("second write", p[0]);
	read(p[0], buf, sizeof(buf));
	/* Owner another process: the child gets it. */
	fflush(stdout);
	pid_t child = fork();
	if (child == 0) {
		got = 0;
		fcntl(p[0], F_SETOWN, getpid());
		fcntl(p[0], F_SETSIG, 0);
		write(p[1], "e", 1);
		for (int i = 0; i < 1000 && !got; i++)
			usleep(1000);
		show("child owner, its own write", p[0]);
		fcntl(p[0], F_SETOWN, getppid());
		fflush(stdout);
		_exit(0);
	}
	waitpid(child, NULL, 0);
	show("parent after the child's write", p[0]);
	read(p[0], buf, sizeof(buf));
	write(p[1], "f", 1);
	show("owner set back by the child", p[0]);
	read(p[0], buf, sizeof(buf));
	fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) & ~O_ASYNC);
	write(p[1], "g", 1);
	show("O_ASYNC cleared", p[0]);
	read(p[0], buf, sizeof(buf));
	int on = 1;
	printf("FIOASYNC on: %s", r(ioctl(p[0], FIOASYNC, &on)));
	printf(", F_GETFL O_ASYNC %d\n", (fcntl(p[0], F_GETFL) & O_ASYNC) != 0);
	write(p[1], "h", 1);
	show("pipe write after FIOASYNC", p[0]);
	read(p[0], buf, sizeof(buf));

	/* A socket: data, then the peer's close. */
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	int me = getpid();
	printf("FIOSETOWN: %s\n", r(ioctl(sv[0], FIOSETOWN, &me)));
	int who = 0;
	printf("SIOCGPGRP: %s", r(ioctl(sv[0], SIOCGPGRP, &who)));
	printf(" is self %d\n", who == me);
	fcntl(sv[0], F_SETFL, O_ASYNC | O_NONBLOCK);
	write(sv[1], "z", 1);
	show("socket data", sv[0]);
	read(sv[0], buf, sizeof(buf));
	fcntl(sv[0], F_SETSIG, SIGRTMIN + 1);
	close(sv[1]);
	show("socket peer closed", sv[0]);
	/* A pipe's last writer goes. */
	int q[2];
	pipe(q);
	fcntl(q[0], F_SETOWN, getpid());
	fcntl(q[0], F_SETSIG, SIGRTMIN + 1);
	fcntl(q[0], F_SETFL, O_ASYNC);
	close(q[1]);
	show("pipe writer closed", q[0]);
	close(q[0]);

	/* A pty: what the slave writes reaches the master's owner. */
	int m = posix_openpt(O_RDWR | O_NOCTTY);
	grantpt(m);
	unlockpt(m);
	int sl = open(ptsname(m), O_RDWR | O_NOCTTY);
	fcntl(m, F_SETOWN, getpid());
	fcntl(m, F_SETSIG, SIGRTMIN + 1);
	fcntl(m, F_SETFL, O_ASYNC | O_NONBLOCK);
	write(sl, "t\n", 2);
	for (int i = 0; i < 1000 && !got; i++)
		usleep(1000);
	show("pty slave write", m);
	close(sl);
	show("pty slave closed", m);
	close(m);

	/* A regular file takes the flag and the owner, and sends nothing. */
	char name[] = "/tmp/sigio.XXXXXX";
	int f = mkstemp(name);
	unlink(name);
	printf("regular file F_SETOWN: %s", r(fcntl(f, F_SETOWN, getpid())));
	printf(", O_ASYNC: %s", r(fcntl(f, F_SETFL, O_ASYNC)));
	printf(", F_GETFL O_ASYNC %d\n", (fcntl(f, F_GETFL) & O_ASYNC) != 0);
	printf("regular file FIOASYNC: %s\n", r(ioctl(f, FIOASYNC, &on)));
	printf("pipe FIOSETOWN: %s\n", r(ioctl(p[0], FIOSETOWN, &me)));
	write(f, "x", 1);
	show("regular file write", f);
	return 0;
}
