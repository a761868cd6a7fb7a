/* Orphans and automatic reaping: a grandchild whose parent exits gets a new
 * parent (outside this program natively and init under sbx, so only "it
 * changed" is printed) and its parent-death signal; under a
 * PR_SET_CHILD_SUBREAPER the orphans become ours, a clone child among them
 * sends SIGCHLD from then on, and a zombie among them can be reaped by us.
 * SIGCHLD set to SIG_IGN and SA_NOCLDWAIT reap children at once;
 * SA_NOCLDSTOP keeps stops and continues quiet.  A process group orphaned
 * while one of its members is stopped gets SIGHUP and SIGCONT.  Every
 * step is ordered with pipes and waits. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errname.h"
#include "rawclone.h"

static const char *yesno(int b)
{
	return b ? "yes" : "no";
}

static int take_signal(int sig, siginfo_t *si, int seconds)
{
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, sig);
	struct timespec limit = {seconds, 0};
	memset(si, 0, sizeof(*si));
	return sigtimedwait(&s, si, &limit);
}

static int pending(int sig)
{
	sigset_t s;
	sigpending(&s);
	return sigismember(&s, sig);
}

static void block(int sig)
{
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, sig);
	sigprocmask(SIG_BLOCK, &s, NULL);
}

/* Read exactly @n bytes (or up to EOF). */
static size_t read_all(int fd, void *buf, size_t n)
{
	size_t got = 0;
	ssize_t r;
	while (got < n && (r = read(fd, (char *)buf + got, n - got)) > 0)
		got += (size_t)r;
	return got;
}

/* Orphans: A forks B and exits; B reports what it sees once A is reaped. */
static void orphan(int subreaper)
{
	const char *tag = subreaper ? "subreaper" : "orphan";
	int info[2], go[2], rep[2];
	pipe(info);
	pipe(go);
	pipe(rep);
	pid_t me = getpid();
	int clone_go[2];
	pipe(clone_go);
	pid_t a = fork();
	if (a == 0) {
		pid_t a_pid = getpid();
		int ready[2];
		pipe(ready);
		pid_t b = fork();
		if (b == 0) {
			block(SIGUSR1);
			prctl(PR_SET_PDEATHSIG, SIGUSR1);
			write(ready[1], "r", 1);
			close(go[1]);
			close(rep[0]);
			char c;
			read(go[0], &c, 1);
			siginfo_t si;
			int got = take_signal(SIGUSR1, &si, 20) == SIGUSR1;
			char msg[4] = {getppid() != a_pid ? 'y' : 'n', getppid() == me ? 'y' : 'n',
				       got ? 'y' : 'n', si.si_code == SI_USER ? 'u' : 'k'};
			write(rep[1], msg, 4);
			_exit(0);
		}
		char r;
		read(ready[0], &r, 1); /* B has asked for its parent-death signal */
		/* A clone child with exit signal SIGUSR1, waiting for EOF. */
		static char stack[65536] __attribute__((aligned(16)));
		extern int clone_waiter(void *);
		pid_t c = (pid_t)raw_clone(SIGUSR1, stack + sizeof(stack), NULL, NULL, 0,
					   clone_waiter, clone_go);
		/* A zombie left behind. */
		pid_t d = fork();
		if (d == 0)
			_exit(4);
		siginfo_t si;
		waitid(P_PID, d, &si, WEXITED | WNOWAIT);
		pid_t pids[3] = {b, c, d};
		write(info[1], pids, sizeof(pids));
		_exit(0);
	}
	close(go[0]);
	close(rep[1]);
	close(clone_go[0]);
	pid_t pids[3];
	read_all(info[0], pids, sizeof(pids));
	close(info[0]);
	close(info[1]);
	int st;
	waitpid(a, &st, 0);
	siginfo_t si;
	take_signal(SIGCHLD, &si, 20); /* A's own */
	write(go[1], "g", 1);
	close(go[1]);
	char msg[4] = {0};
	read_all(rep[0], msg, 4);
	close(rep[0]);
	printf("%s: the orphan's parent changed: %s\n", tag, yesno(msg[0] == 'y'));
	printf("%s: its parent is us: %s\n", tag, yesno(msg[1] == 'y'));
	printf("%s: it got its parent-death signal: %s (%s)\n", tag, yesno(msg[2] == 'y'),
	       msg[3] == 'u' ? "SI_USER" : "other code");
	if (!subreaper) {
		printf("%s: it is not our child: %s\n", tag, res(waitpid(pids[0], &st, __WALL)));
		close(clone_go[1]);
		return;
	}
	pid_t w = waitpid(pids[0], &st, 0);
	printf("%s: we reap the orphan: %s, exited %d\n", tag, yesno(w == pids[0]),
	       WEXITSTATUS(st));
	take_signal(SIGCHLD, &si, 20);
	w = waitpid(pids[2], &st, WNOHANG);
	printf("%s: we reap the zombie left behind: %s, exited %d\n", tag, yesno(w == pids[2]),
	       WEXITSTATUS(st));
	printf("%s: the clone child needs no __WCLONE now: %ld\n", tag,
	       (long)waitpid(pids[1], &st, WNOHANG));
	close(clone_go[1]);
	int sig = take_signal(SIGCHLD, &si, 20);
	printf("%s: the clone child's exit sends SIGCHLD: %s, from it %s\n", tag,
	       yesno(sig == SIGCHLD), yesno(si.si_pid == pids[1]));
	printf("%s: and no SIGUSR1: %s\n", tag, yesno(!pending(SIGUSR1)));
	w = waitpid(pids[1], &st, 0);
	printf("%s: reaped without __WCLONE: %s, exited %d\n", tag, yesno(w == pids[1]),
	       WEXITSTATUS(st));
}

/* The clone child of orphan(): waits for EOF on its pipe, exits 5. */
int clone_waiter(void *arg)
{
	const int *fds = arg;
	char c;
	rsys(SYS_close, fds[1], 0, 0, 0);
	rsys(SYS_read, fds[0], (long)&c, 1, 0);
	return 5;
}

static void handler(int sig)
{
	(void)sig;
}

static void autoreap(void)
{
	/* A zombie made before SIGCHLD is ignored stays waitable. */
	pid_t c = fork();
	if (c == 0)
		_exit(1);
	siginfo_t si;
	waitid(P_PID, c, &si, WEXITED | WNOWAIT);
	signal(SIGCHLD, SIG_IGN);
	int st;
	pid_t w = waitpid(c, &st, WNOHANG);
	printf("SIG_IGN: a zombie from before is still waitable: %s\n", yesno(w == c));

	/* Children exit while it is ignored: wait blocks until none is
	 * left, then ECHILD. */
	int p[2];
	pipe(p);
	c = fork();
	if (c == 0) {
		char ch;
		close(p[1]);
		read(p[0], &ch, 1);
		_exit(2);
	}
	pid_t c2 = fork();
	if (c2 == 0)
		_exit(3);
	close(p[0]);
	close(p[1]);
	errno = 0;
	w = wait(&st);
	printf("SIG_IGN: wait: %s\n", res(w));
	printf("SIG_IGN: the children are gone: %s %s\n", res(kill(c, 0)), res(kill(c2, 0)));
	printf("SIG_IGN: no SIGCHLD: %s\n", yesno(!pending(SIGCHLD)));

	/* SA_NOCLDWAIT with a handler: reaped at once, SIGCHLD still sent. */
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sa.sa_flags = SA_NOCLDWAIT;
	sigaction(SIGCHLD, &sa, NULL);
	c = fork();
	if (c == 0)
		_exit(6);
	w = waitpid(-1, &st, 0);
	printf("SA_NOCLDWAIT: waitpid: %s\n", res(w));
	int sig = take_signal(SIGCHLD, &si, 20);
	printf("SA_NOCLDWAIT: SIGCHLD still sent: %s, CLD_EXITED %s, status %d\n",
	       yesno(sig == SIGCHLD), yesno(si.si_code == CLD_EXITED), si.si_status);

	/* SA_NOCLDSTOP: no SIGCHLD for a stop or a continue. */
	sa.sa_flags = SA_NOCLDSTOP;
	sigaction(SIGCHLD, &sa, NULL);
	pipe(p);
	c = fork();
	if (c == 0) {
		char ch;
		close(p[1]);
		read(p[0], &ch, 1);
		_exit(7);
	}
	close(p[0]);
	setpgid(c, c); /* not orphaned: stop signals act */
	kill(c, SIGSTOP);
	w = waitpid(c, &st, WUNTRACED);
	printf("SA_NOCLDSTOP: stopped: %s\n", yesno(w == c && WIFSTOPPED(st)));
	kill(c, SIGCONT);
	w = waitpid(c, &st, WCONTINUED);
	printf("SA_NOCLDSTOP: continued: %s\n", yesno(w == c && WIFCONTINUED(st)));
	close(p[1]);
	w = waitpid(c, &st, 0);
	sig = take_signal(SIGCHLD, &si, 20);
	printf("SA_NOCLDSTOP: the only SIGCHLD is the exit's: %s, status %d\n",
	       yesno(sig == SIGCHLD && si.si_code == CLD_EXITED), si.si_status);
	printf("SA_NOCLDSTOP: none left: %s\n", yesno(!pending(SIGCHLD)));
	signal(SIGCHLD, SIG_DFL);
}

/* A stopped process whose group becomes orphaned gets SIGHUP, SIGCONT. */
static int hup_fd;
static void on_hup(int sig)
{
	(void)sig;
	write(hup_fd, "H", 1);
}

static void orphaned_pgrp(void)
{
	int rep[2];
	pipe(rep);
	pid_t s = fork();
	if (s == 0) {
		/* S: a new session; A in it; C in a group of its own. */
		setsid();
		pid_t a = fork();
		if (a == 0) {
			pid_t c = fork();
			if (c == 0) {
				close(rep[0]);
				hup_fd = rep[1];
				signal(SIGHUP, on_hup);
				setpgid(0, 0);
				kill(getpid(), SIGSTOP);
				write(rep[1], "C", 1);
				_exit(0);
			}
			close(rep[1]);
			int st;
			waitpid(c, &st, WUNTRACED);
			_exit(WIFSTOPPED(st) ? 0 : 1);
		}
		close(rep[1]);
		int st;
		waitpid(a, &st, 0);
		_exit(WIFEXITED(st) ? WEXITSTATUS(st) : 2);
	}
	close(rep[1]);
	int st;
	waitpid(s, &st, 0);
	printf("orphaned group: the member was stopped before: %s\n",
	       yesno(WIFEXITED(st) && WEXITSTATUS(st) == 0));
	char buf[8] = {0};
	read_all(rep[0], buf, sizeof(buf) - 1);
	close(rep[0]);
	printf("orphaned group: what the member saw: %s\n", buf);
	siginfo_t si;
	take_signal(SIGCHLD, &si, 20);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	block(SIGCHLD);
	block(SIGUSR1);
	int v = -1;
	prctl(PR_GET_CHILD_SUBREAPER, &v);
	printf("subreaper at start: %d\n", v);
	orphan(0);
	printf("PR_SET_CHILD_SUBREAPER: %s\n", res(prctl(PR_SET_CHILD_SUBREAPER, 1)));
	prctl(PR_GET_CHILD_SUBREAPER, &v);
	printf("subreaper now: %d\n", v);
	orphan(1);
	prctl(PR_SET_CHILD_SUBREAPER, 0);
	prctl(PR_GET_CHILD_SUBREAPER, &v);
	printf("subreaper after unset: %d\n", v);
	autoreap();
	orphaned_pgrp();
	int st;
	printf("no child left: %s\n", res(waitpid(-1, &st, __WALL | WNOHANG)));
	return 0;
}
