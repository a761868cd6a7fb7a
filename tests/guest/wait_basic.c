/* The wait family on ordinary children: ECHILD, WNOHANG, exit and kill
 * statuses through wait4, waitpid and waitid, WNOWAIT, stop and continue
 * (WUNTRACED/WSTOPPED, WCONTINUED) with the SIGCHLD each sends, process
 * groups (P_PGID, negative pids), pidfds (P_PIDFD, PIDFD_NONBLOCK), a
 * rusage, zombies, a process whose leader exited before its other thread,
 * and the errors of bad arguments.  Children are ordered with pipes. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errname.h"
#include "rawclone.h"

#ifndef P_PIDFD
#define P_PIDFD 3
#endif
#ifndef PIDFD_NONBLOCK
#define PIDFD_NONBLOCK 04000
#endif

static const char *yesno(int b)
{
	return b ? "yes" : "no";
}

static int pidfd_open(pid_t pid, unsigned flags)
{
	return (int)syscall(SYS_pidfd_open, pid, flags);
}

static const char *status_str(int st)
{
	static char buf[64];
	if (WIFEXITED(st))
		snprintf(buf, sizeof(buf), "exited %d", WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		snprintf(buf, sizeof(buf), "killed by %d%s", WTERMSIG(st),
			 WCOREDUMP(st) ? " (core)" : "");
	else if (WIFSTOPPED(st))
		snprintf(buf, sizeof(buf), "stopped by %d", WSTOPSIG(st));
	else if (WIFCONTINUED(st))
		snprintf(buf, sizeof(buf), "continued");
	else
		snprintf(buf, sizeof(buf), "status %#x", st);
	return buf;
}

static const char *code_str(int code)
{
	switch (code) {
	case CLD_EXITED:
		return "CLD_EXITED";
	case CLD_KILLED:
		return "CLD_KILLED";
	case CLD_DUMPED:
		return "CLD_DUMPED";
	case CLD_STOPPED:
		return "CLD_STOPPED";
	case CLD_CONTINUED:
		return "CLD_CONTINUED";
	case 0:
		return "0";
	default:
		return "?";
	}
}

/* A child that waits for a byte (or EOF) on @fd, then exits with @code. */
static pid_t child_waiting(int fd_in, int fd_out, int code)
{
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		close(fd_out);
		while (read(fd_in, &c, 1) < 0 && errno == EINTR)
			;
		_exit(code);
	}
	return pid;
}

/* The SIGCHLD waiting for us (SIGCHLD is blocked throughout). */
static void show_sigchld(const char *what, pid_t pid)
{
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGCHLD);
	siginfo_t si;
	memset(&si, 0, sizeof(si));
	/* It may come a little after the wait saw the change (the SIGCHLD of
	 * a continue is sent by the child when it runs again). */
	struct timespec limit = {20, 0};
	int sig = sigtimedwait(&s, &si, &limit);
	if (sig != SIGCHLD) {
		printf("%s: no SIGCHLD\n", what);
		return;
	}
	printf("%s: SIGCHLD %s status %d, from the child %s\n", what, code_str(si.si_code),
	       si.si_status, yesno(si.si_pid == pid));
}

/* A thread that outlives its leader: it waits until the leader's tid word
 * is cleared (the leader has exited), says so on outliving_fds[1], waits
 * for a byte or EOF on outliving_fds[0], then ends with 9. */
static volatile int leader_tid_word;
static int outliving_fds[2];

static int outliving_thread(void *arg)
{
	(void)arg;
	while (leader_tid_word != 0)
		rsys(SYS_futex, (long)&leader_tid_word, 0 /* FUTEX_WAIT */, leader_tid_word, 0);
	rsys(SYS_write, outliving_fds[1], (long)"x", 1, 0);
	char ch;
	rsys(SYS_read, outliving_fds[0], (long)&ch, 1, 0);
	return 9;
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	int st;
	siginfo_t si;
	int p2[2];

	/* No children at all. */
	errno = 0;
	printf("wait4(-1) without children: %s\n", res(wait4(-1, &st, 0, NULL)));
	printf("waitpid(self): %s\n", res(waitpid(getpid(), &st, 0)));
	printf("waitid(P_ALL) without children: %s\n", res(waitid(P_ALL, 0, &si, WEXITED)));
	printf("waitid(P_ALL, WNOHANG) without children: %s\n",
	       res(waitid(P_ALL, 0, &si, WEXITED | WNOHANG)));

	/* Bad arguments. */
	printf("wait4 with WNOWAIT: %s\n", res(wait4(-1, &st, WNOWAIT, NULL)));
	printf("wait4 with bit 30: %s\n", res(wait4(-1, &st, 0x40000000 >> 8, NULL)));
	printf("wait4(INT_MIN): %s\n", res(syscall(SYS_wait4, INT_MIN, &st, 0, NULL)));
	printf("waitid without WEXITED/WSTOPPED/WCONTINUED: %s\n",
	       res(waitid(P_ALL, 0, &si, WNOHANG)));
	printf("waitid P_PID 0: %s\n", res(waitid(P_PID, 0, &si, WEXITED)));
	printf("waitid P_PGID -1: %s\n", res(syscall(SYS_waitid, P_PGID, -1, &si, WEXITED, NULL)));
	printf("waitid idtype 7: %s\n", res(syscall(SYS_waitid, 7, 0, &si, WEXITED, NULL)));
	printf("waitid P_PIDFD on a bad fd: %s\n",
	       res(syscall(SYS_waitid, P_PIDFD, 99, &si, WEXITED, NULL)));
	printf("waitid P_PIDFD on stdout: %s\n",
	       res(syscall(SYS_waitid, P_PIDFD, 1, &si, WEXITED, NULL)));

	/* WNOHANG on a running child, then its exit through wait4 with a
	 * rusage. */
	int p[2];
	pipe(p);
	pid_t c = child_waiting(p[0], p[1], 3);
	close(p[0]);
	printf("wait4 WNOHANG while it runs: %ld\n", (long)wait4(c, &st, WNOHANG, NULL));
	memset(&si, 0xff, sizeof(si));
	long r = waitid(P_PID, c, &si, WEXITED | WNOHANG);
	printf("waitid WNOHANG while it runs: %ld, si_pid %d si_signo %d\n", r, si.si_pid,
	       si.si_signo);
	printf("waitid with NULL infop and WNOHANG: %s\n",
	       res(syscall(SYS_waitid, P_PID, c, NULL, WEXITED | WNOHANG, NULL)));
	close(p[1]);
	struct rusage ru;
	memset(&ru, 0xff, sizeof(ru));
	pid_t w = wait4(c, &st, 0, &ru);
	printf("wait4: the child %s, %s\n", yesno(w == c), status_str(st));
	printf("rusage filled: %s\n",
	       yesno(ru.ru_utime.tv_usec >= 0 && ru.ru_utime.tv_usec < 1000000 &&
		     ru.ru_stime.tv_usec >= 0 && ru.ru_stime.tv_usec < 1000000));
	show_sigchld("exit 3", c);
	printf("wait again: %s\n", res(waitpid(c, &st, 0)));

	/* High exit bits, and a kill. */
	c = fork();
	if (c == 0)
		_exit(256 + 42);
	waitpid(c, &st, 0);
	printf("exit(298): %s\n", status_str(st));
	show_sigchld("exit 298", c);
	pipe(p);
	c = child_waiting(p[0], p[1], 0);
	close(p[0]);
	kill(c, SIGTERM);
	memset(&si, 0, sizeof(si));
	r = waitid(P_PID, c, &si, WEXITED);
	printf("waitid after SIGTERM: %ld %s status %d, pid matches %s, signo %d\n", r,
	       code_str(si.si_code), si.si_status, yesno(si.si_pid == c), si.si_signo);
	show_sigchld("SIGTERM", c);
	close(p[1]);

	/* WNOWAIT leaves the zombie; the zombie still answers kill(0). */
	pipe(p);
	c = child_waiting(p[0], p[1], 5);
	close(p[0]);
	close(p[1]);
	memset(&si, 0, sizeof(si));
	r = waitid(P_PID, c, &si, WEXITED | WNOWAIT);
	printf("waitid WNOWAIT: %ld %s %d\n", r, code_str(si.si_code), si.si_status);
	printf("zombie answers kill(0): %s\n", res(kill(c, 0)));
	memset(&si, 0, sizeof(si));
	r = waitid(P_ALL, 0, &si, WEXITED | WNOWAIT);
	printf("waitid WNOWAIT again: %ld %s %d, pid matches %s\n", r, code_str(si.si_code),
	       si.si_status, yesno(si.si_pid == c));
	w = waitpid(-1, &st, 0);
	printf("then waitpid reaps it: %s, %s\n", yesno(w == c), status_str(st));
	printf("reaped child answers kill(0): %s\n", res(kill(c, 0)));
	show_sigchld("exit 5", c);

	/* Stop and continue.  The child gets a process group of its own, whose
	 * parent (we) is in the same session: the group is not orphaned, so
	 * SIGTSTP stops it. */
	pipe(p);
	c = child_waiting(p[0], p[1], 0);
	close(p[0]);
	setpgid(c, c);
	kill(c, SIGSTOP);
	w = waitpid(c, &st, WUNTRACED);
	printf("WUNTRACED: %s, %s\n", yesno(w == c), status_str(st));
	show_sigchld("SIGSTOP", c);
	printf("WUNTRACED again (reported already): %ld\n",
	       (long)waitpid(c, &st, WUNTRACED | WNOHANG));
	printf("without WUNTRACED: %ld\n", (long)waitpid(c, &st, WNOHANG));
	kill(c, SIGCONT);
	memset(&si, 0, sizeof(si));
	r = waitid(P_PID, c, &si, WCONTINUED | WNOWAIT);
	printf("waitid WCONTINUED|WNOWAIT: %ld %s %d\n", r, code_str(si.si_code), si.si_status);
	w = waitpid(c, &st, WCONTINUED);
	printf("WCONTINUED: %s, %s\n", yesno(w == c), status_str(st));
	show_sigchld("SIGCONT", c);
	printf("WCONTINUED again: %ld\n", (long)waitpid(c, &st, WCONTINUED | WNOHANG));
	kill(c, SIGTSTP);
	memset(&si, 0, sizeof(si));
	r = waitid(P_PID, c, &si, WSTOPPED | WNOWAIT);
	printf("waitid WSTOPPED|WNOWAIT after SIGTSTP: %ld %s %d\n", r, code_str(si.si_code),
	       si.si_status);
	memset(&si, 0, sizeof(si));
	r = waitid(P_PID, c, &si, WSTOPPED);
	printf("waitid WSTOPPED: %ld %s %d\n", r, code_str(si.si_code), si.si_status);
	show_sigchld("SIGTSTP", c);
	kill(c, SIGKILL);
	w = waitpid(c, &st, 0);
	printf("SIGKILL while stopped: %s, %s\n", yesno(w == c), status_str(st));
	show_sigchld("SIGKILL", c);
	close(p[1]);

	/* Process groups. */
	pipe(p);
	c = child_waiting(p[0], p[1], 6);
	pid_t c2 = child_waiting(p[0], p[1], 7);
	close(p[0]);
	setpgid(c, c);
	printf("waitpid(-pgid) WNOHANG: %ld\n", (long)waitpid(-c, &st, WNOHANG));
	printf("waitpid(0) WNOHANG: %ld\n", (long)waitpid(0, &st, WNOHANG));
	printf("waitid P_PGID of no group: %s\n",
	       res(waitid(P_PGID, 999999, &si, WEXITED | WNOHANG)));
	close(p[1]);
	memset(&si, 0, sizeof(si));
	r = waitid(P_PGID, c, &si, WEXITED);
	printf("waitid P_PGID: %ld, the child in that group %s, status %d\n", r,
	       yesno(si.si_pid == c), si.si_status);
	w = waitpid(0, &st, 0);
	printf("waitpid(0): the child in our group %s, %s\n", yesno(w == c2), status_str(st));
	sigset_t all;
	sigemptyset(&all);
	sigaddset(&all, SIGCHLD);
	struct timespec zero = {0, 0};
	while (sigtimedwait(&all, &si, &zero) == SIGCHLD)
		;

	/* pidfds. */
	pipe(p);
	c = child_waiting(p[0], p[1], 8);
	close(p[0]);
	int fd = pidfd_open(c, 0);
	int nfd = pidfd_open(c, PIDFD_NONBLOCK);
	printf("pidfd_open: %s %s\n", res(fd), res(nfd));
	printf("pidfd_open(-1): %s\n", res(pidfd_open(-1, 0)));
	printf("pidfd_open(0): %s\n", res(pidfd_open(0, 0)));
	printf("pidfd_open bad flags: %s\n", res(pidfd_open(c, 1)));
	printf("pidfd_open(a free pid): %s\n", res(pidfd_open(999999, 0)));
	printf("waitid P_PIDFD WNOHANG while it runs: %ld\n",
	       (long)syscall(SYS_waitid, P_PIDFD, fd, &si, WEXITED | WNOHANG, NULL));
	printf("waitid P_PIDFD on a PIDFD_NONBLOCK fd while it runs: %s\n",
	       res(syscall(SYS_waitid, P_PIDFD, nfd, &si, WEXITED, NULL)));
	int selffd = pidfd_open(getpid(), 0);
	printf("waitid P_PIDFD on ourselves: %s\n",
	       res(syscall(SYS_waitid, P_PIDFD, selffd, &si, WEXITED | WNOHANG, NULL)));
	close(p[1]);
	memset(&si, 0, sizeof(si));
	r = syscall(SYS_waitid, P_PIDFD, fd, &si, WEXITED, NULL);
	printf("waitid P_PIDFD: %ld %s %d, pid matches %s\n", r, code_str(si.si_code), si.si_status,
	       yesno(si.si_pid == c));
	printf("waitid P_PIDFD after the reap: %s\n",
	       res(syscall(SYS_waitid, P_PIDFD, fd, &si, WEXITED, NULL)));
	close(fd);
	close(nfd);
	close(selffd);
	while (sigtimedwait(&all, &si, &zero) == SIGCHLD)
		;

	/* A child whose leader exits first: not reapable while another
	 * thread lives; the status is the leader's. */
	pipe(p);
	pipe(p2);
	c = fork();
	if (c == 0) {
		close(p[1]);
		close(p2[0]);
		static char stack[65536] __attribute__((aligned(16)));
		outliving_fds[0] = p[0];
		outliving_fds[1] = p2[1];
		rsys(SYS_set_tid_address, (long)&leader_tid_word, 0, 0, 0);
		leader_tid_word = 1;
		raw_clone(CLONE_VM | CLONE_SIGHAND | CLONE_THREAD | CLONE_FS | CLONE_FILES,
			  stack + sizeof(stack), NULL, NULL, 0, outliving_thread, NULL);
		rsys(SYS_exit, 4, 0, 0, 0); /* only the leader */
		_exit(99);
	}
	close(p2[1]);
	close(p[0]);
	char ch;
	read(p2[0], &ch, 1); /* the leader's tid word was cleared */
	printf("tgkill of the exited leader: %s\n", res(syscall(SYS_tgkill, c, c, 0)));
	printf("WNOHANG while a thread outlives the leader: %ld\n", (long)waitpid(c, &st, WNOHANG));
	printf("the process answers kill(0): %s\n", res(kill(c, 0)));
	close(p[1]);
	w = waitpid(c, &st, 0);
	printf("after the last thread: %s, %s\n", yesno(w == c), status_str(st));
	show_sigchld("leader first", c);

	/* SIGCHLD's default action is to ignore it, but one that comes while
	 * sigwaitinfo waits for it (blocked before) is taken, not dropped. */
	pipe(p);
	c = child_waiting(p[0], p[1], 11);
	close(p[0]);
	close(p[1]);
	memset(&si, 0, sizeof(si));
	int sig = sigwaitinfo(&chld, &si);
	printf("sigwaitinfo takes the exit's SIGCHLD: %s, status %d\n", yesno(sig == SIGCHLD),
	       si.si_status);
	waitpid(c, &st, 0);

	printf("no child left: %s\n", res(waitpid(-1, &st, WNOHANG)));
	return 0;
}
