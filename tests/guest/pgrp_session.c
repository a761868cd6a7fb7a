/* Process groups and sessions: getpgrp, getpgid, getsid, setpgid and
 * setsid, with their errors: ESRCH for a process that is neither us nor our
 * child, EINVAL for a negative group or a thread that does not lead its
 * process, EPERM for a group of another session, a session leader, or a
 * group leader calling setsid, EACCES for a child that has executed a
 * program.  The program's own group and session depend on who started it
 * (a shell, the test harness), so everything is done in children, and
 * only relations are printed. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errname.h"

static const char *yesno(int b)
{
	return b ? "yes" : "no";
}

/* A child that waits for EOF on @fd (closing @other first), then exits. */
static pid_t idle_child(int fd, int other)
{
	pid_t c = fork();
	if (c == 0) {
		char ch;
		close(other);
		while (read(fd, &ch, 1) > 0)
			;
		_exit(0);
	}
	return c;
}

/* A thread: sends its tid on fds[1], then waits for EOF on fds[0]. */
static void *thread_idle(void *arg)
{
	const int *fds = arg;
	pid_t tid = (pid_t)syscall(SYS_gettid);
	write(fds[1], &tid, sizeof(tid));
	char ch;
	read(fds[0], &ch, 1);
	return NULL;
}

/* Everything below runs in a child of main, S, which leads a new session:
 * its group and session are known. */
static int in_session(void)
{
	pid_t me = getpid();
	printf("setsid returns our pid: %s\n", yesno(setsid() == me));
	printf("getsid(0), getpgrp(), getpgid(0) are our pid: %s %s %s\n", yesno(getsid(0) == me),
	       yesno(getpgrp() == me), yesno(getpgid(0) == me));
	printf("setsid again (a group leader): %s\n", res(setsid()));
	printf("setpgid(0, 0) as a session leader: %s\n", res(setpgid(0, 0)));
	printf("getpgid of no process: %s\n", res(getpgid(999999)));
	printf("getsid of no process: %s\n", res(getsid(999999)));
	printf("getpgid(-1): %s\n", res(getpgid(-1)));
	printf("setpgid with a negative group: %s\n", res(setpgid(0, -1)));
	printf("setpgid of our parent: %s\n", res(setpgid(getppid(), 0)));
	printf("setpgid of no process: %s\n", res(setpgid(999999, 0)));

	int p[2];
	pipe(p);
	pid_t a = idle_child(p[0], p[1]);
	pid_t b = idle_child(p[0], p[1]);
	printf("children start in our group and session: %s\n",
	       yesno(getpgid(a) == me && getsid(a) == me && getpgid(b) == me));
	const char *rv = res(setpgid(a, a));
	printf("setpgid(a, a): %s, a leads a group: %s\n", rv, yesno(getpgid(a) == a));
	rv = res(setpgid(b, a));
	printf("setpgid(b, a) (a group of our session): %s, b in a's group: %s\n", rv,
	       yesno(getpgid(b) == a));
	printf("setpgid(b, a group that does not exist): %s\n", res(setpgid(b, 999999)));
	rv = res(setpgid(b, 0));
	printf("setpgid(b, 0): %s, b leads its own: %s\n", rv, yesno(getpgid(b) == b));
	printf("setpgid(b, our group): %s\n", res(setpgid(b, me)));

	/* A zombie keeps its group until it is reaped. */
	pid_t z = fork();
	if (z == 0) {
		setpgid(0, 0);
		_exit(0);
	}
	setpgid(z, z);
	siginfo_t si;
	waitid(P_PID, z, &si, WEXITED | WNOWAIT);
	printf("a zombie's group and session: %s %s\n", yesno(getpgid(z) == z),
	       yesno(getsid(z) == me));
	rv = res(setpgid(b, z));
	printf("setpgid(b, the zombie's group): %s, b in it: %s\n", rv, yesno(getpgid(b) == z));
	waitpid(z, NULL, 0);
	printf("after the reap: getpgid %s\n", res(getpgid(z)));
	rv = res(setpgid(b, me));
	printf("kill(-a, 0): %s, kill of no group: %s\n", res(kill(-a, 0)), res(kill(-999999, 0)));

	/* A thread that does not lead its process. */
	int tp[2], tidp[2];
	pipe(tp);
	pipe(tidp);
	int targ[2] = {tp[0], tidp[1]};
	pthread_t t;
	pthread_create(&t, NULL, thread_idle, targ);
	pid_t tid = 0;
	read(tidp[0], &tid, sizeof(tid));
	printf("setpgid of our thread that does not lead: %s\n", res(setpgid(tid, 0)));
	printf("getpgid of that thread is ours: %s\n", yesno(getpgid(tid) == me));
	close(tp[1]);
	pthread_join(t, NULL);

	/* A child in a session of its own. */
	int q[2], r[2];
	pipe(q);
	pipe(r);
	pid_t d = fork();
	if (d == 0) {
		close(q[1]);
		close(r[0]);
		char ok = setsid() == getpid() ? 'y' : 'n';
		write(r[1], &ok, 1);
		char ch;
		read(q[0], &ch, 1);
		_exit(0);
	}
	close(q[0]);
	close(r[1]);
	char ok = 0;
	read(r[0], &ok, 1);
	printf("a child's setsid: %s; its session is its own: %s\n", yesno(ok == 'y'),
	       yesno(getsid(d) == d));
	printf("setpgid(that child, 0): %s\n", res(setpgid(d, 0)));
	printf("setpgid(a, that child's group): %s\n", res(setpgid(a, d)));
	close(q[1]);
	waitpid(d, NULL, 0);

	/* A child that has executed a program (it says so once it runs); it
	 * executes only once we have tried before. */
	int e[2], f[2], g[2];
	pipe(e);
	pipe(f);
	pipe(g);
	pid_t x = fork();
	if (x == 0) {
		close(e[1]);
		close(f[0]);
		close(g[1]);
		char go;
		read(g[0], &go, 1);
		char rfd[16], wfd[16];
		snprintf(rfd, sizeof(rfd), "%d", e[0]);
		snprintf(wfd, sizeof(wfd), "%d", f[1]);
		char *argv[] = {"/proc/self/exe", "wait-on", rfd, wfd, NULL};
		execv("/proc/self/exe", argv);
		_exit(99);
	}
	close(e[0]);
	close(f[1]);
	close(g[0]);
	printf("setpgid of a child before its exec: %s\n", res(setpgid(x, x)));
	close(g[1]);
	char ch;
	read(f[0], &ch, 1);
	printf("setpgid of a child after its exec: %s\n", res(setpgid(x, 0)));
	close(e[1]);
	waitpid(x, NULL, 0);

	close(p[1]);
	waitpid(a, NULL, 0);
	waitpid(b, NULL, 0);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "wait-on") == 0) {
		char ch;
		write(atoi(argv[3]), "x", 1);
		read(atoi(argv[2]), &ch, 1);
		return 0;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	fflush(stdout);
	pid_t s = fork();
	if (s == 0)
		_exit(in_session());
	int st;
	waitpid(s, &st, 0);
	printf("session child exited %d\n", WEXITSTATUS(st));
	return 0;
}
