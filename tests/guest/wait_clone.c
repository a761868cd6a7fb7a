/* Which children a wait sees: "clone" children (exit signal other than
 * SIGCHLD: 0, SIGUSR1, or 100, which is no signal at all) only with
 * __WCLONE, ordinary ones only without it, both with __WALL; the children
 * of another thread of the process unless __WNOTHREAD.  When the thread
 * that forked them exits, its children pass to another thread of the same
 * process: they get their parent-death signal, the process stays their
 * parent, and a zombie among them is not announced a second time. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
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

static char stack[65536] __attribute__((aligned(16)));

/* A clone child (its own copy of memory and fds): waits for EOF on the
 * pipe @arg, exits 5. */
static int clone_child(void *arg)
{
	const int *fds = arg;
	char c;
	rsys(SYS_close, fds[1], 0, 0, 0);
	rsys(SYS_read, fds[0], (long)&c, 1, 0);
	return 5;
}

static pid_t start_clone(int exit_signal, int *pipefd)
{
	pid_t pid = (pid_t)raw_clone((unsigned long)exit_signal, stack + sizeof(stack), NULL, NULL,
				     0, clone_child, pipefd);
	close(pipefd[0]);
	return pid;
}

static int take_signal(int sig, siginfo_t *si)
{
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, sig);
	struct timespec limit = {20, 0};
	memset(si, 0, sizeof(*si));
	return sigtimedwait(&s, si, &limit);
}

static int pending(int sig)
{
	sigset_t s;
	sigpending(&s);
	return sigismember(&s, sig);
}

/* Thread T's work: fork three children, then exit. */
static int t_pipe[2]; /* C1 waits for EOF on it */
static int report[2]; /* C2 tells main about its reparenting */
static pid_t c1, c2, c3;
static pid_t main_pid;
static int t_sees_own_child;
static pthread_mutex_t step_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t step_cond = PTHREAD_COND_INITIALIZER;
static int step;

static void set_step(int s)
{
	pthread_mutex_lock(&step_lock);
	step = s;
	pthread_cond_broadcast(&step_cond);
	pthread_mutex_unlock(&step_lock);
}

static void wait_step(int s)
{
	pthread_mutex_lock(&step_lock);
	while (step < s)
		pthread_cond_wait(&step_cond, &step_lock);
	pthread_mutex_unlock(&step_lock);
}

static void *thread_t(void *arg)
{
	(void)arg;
	c1 = fork();
	if (c1 == 0) {
		char c;
		close(t_pipe[1]);
		read(t_pipe[0], &c, 1);
		_exit(1);
	}
	/* C2: learns of T's exit by its parent-death signal. */
	int ready[2];
	pipe(ready);
	c2 = fork();
	if (c2 == 0) {
		char c;
		sigset_t s;
		sigemptyset(&s);
		sigaddset(&s, SIGUSR2);
		sigprocmask(SIG_BLOCK, &s, NULL);
		prctl(PR_SET_PDEATHSIG, SIGUSR2);
		write(ready[1], "r", 1);
		siginfo_t si;
		int sig = take_signal(SIGUSR2, &si);
		char msg[2] = {sig == SIGUSR2 ? 'y' : 'n', getppid() == main_pid ? 'y' : 'n'};
		write(report[1], msg, 2);
		close(t_pipe[1]);
		read(t_pipe[0], &c, 1); /* exits only when main says so */
		_exit(2);
	}
	char c;
	read(ready[0], &c, 1);
	/* C3: exits at once and stays a zombie. */
	c3 = fork();
	if (c3 == 0)
		_exit(3);
	t_sees_own_child = waitpid(c1, NULL, __WNOTHREAD | WNOHANG) == 0;
	set_step(1);
	wait_step(2);
	return NULL;
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	main_pid = getpid();
	sigset_t block;
	sigemptyset(&block);
	sigaddset(&block, SIGCHLD);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, NULL);
	int st, p[2];
	siginfo_t si;

	/* Exit signal 0. */
	pipe(p);
	pid_t c = start_clone(0, p);
	printf("exit signal 0: waitpid without __WCLONE: %s\n", res(waitpid(c, &st, WNOHANG)));
	printf("exit signal 0: waitpid(-1) WNOHANG: %s\n", res(waitpid(-1, &st, WNOHANG)));
	printf("exit signal 0: __WCLONE WNOHANG while it runs: %ld\n",
	       (long)waitpid(c, &st, __WCLONE | WNOHANG));
	printf("exit signal 0: __WALL WNOHANG while it runs: %ld\n",
	       (long)waitpid(-1, &st, __WALL | WNOHANG));
	close(p[1]);
	pid_t w = waitpid(c, &st, __WCLONE);
	printf("exit signal 0: __WCLONE reaps it: %s, exited %d\n", yesno(w == c), WEXITSTATUS(st));
	printf("exit signal 0: no SIGCHLD: %s\n", yesno(!pending(SIGCHLD)));

	/* Exit signal SIGUSR1. */
	pipe(p);
	c = start_clone(SIGUSR1, p);
	printf("SIGUSR1: waitid P_ALL WNOHANG without __WCLONE: %s\n",
	       res(waitid(P_ALL, 0, &si, WEXITED | WNOHANG)));
	close(p[1]);
	int sig = take_signal(SIGUSR1, &si);
	printf("SIGUSR1 child's exit sends: %s, code %s, status %d, from it %s\n",
	       sig == SIGUSR1 ? "SIGUSR1" : "nothing",
	       si.si_code == CLD_EXITED ? "CLD_EXITED" : "?", si.si_status, yesno(si.si_pid == c));
	memset(&si, 0, sizeof(si));
	long r = waitid(P_ALL, 0, &si, WEXITED | __WCLONE);
	printf("SIGUSR1: waitid __WCLONE: %ld, si_signo is SIGCHLD %s, status %d, pid %s\n", r,
	       yesno(si.si_signo == SIGCHLD), si.si_status, yesno(si.si_pid == c));
	printf("SIGUSR1: no SIGCHLD: %s\n", yesno(!pending(SIGCHLD)));

	/* Exit signal 100: not a signal; still a clone child. */
	pipe(p);
	c = start_clone(100, p);
	close(p[1]);
	w = waitpid(-1, &st, __WALL);
	printf("exit signal 100: __WALL reaps it: %s, exited %d\n", yesno(w == c), WEXITSTATUS(st));
	printf("exit signal 100: no SIGCHLD, no SIGUSR1: %s\n",
	       yesno(!pending(SIGCHLD) && !pending(SIGUSR1)));

	/* An ordinary child and __WCLONE. */
	pipe(p);
	c = fork();
	if (c == 0) {
		char ch;
		close(p[1]);
		read(p[0], &ch, 1);
		_exit(6);
	}
	close(p[0]);
	printf("fork child: __WCLONE WNOHANG: %s\n", res(waitpid(c, &st, __WCLONE | WNOHANG)));
	printf("fork child: __WCLONE|__WALL WNOHANG: %ld\n",
	       (long)waitpid(c, &st, __WCLONE | __WALL | WNOHANG));
	close(p[1]);
	w = waitpid(c, &st, __WALL);
	printf("fork child: __WALL reaps it: %s, exited %d\n", yesno(w == c), WEXITSTATUS(st));
	take_signal(SIGCHLD, &si);

	/* The children of another thread. */
	pipe(t_pipe);
	pipe(report);
	pthread_t t;
	pthread_create(&t, NULL, thread_t, NULL);
	wait_step(1);
	close(t_pipe[0]);
	printf("thread: sees its own running child with __WNOTHREAD: %s\n",
	       yesno(t_sees_own_child));
	printf("main: the thread's children with __WNOTHREAD: %s\n",
	       res(waitpid(-1, &st, __WNOTHREAD | WNOHANG)));
	printf("main: the thread's child c1 with __WNOTHREAD: %s\n",
	       res(waitpid(c1, &st, __WNOTHREAD | WNOHANG)));
	memset(&si, 0, sizeof(si));
	r = waitid(P_PID, c3, &si, WEXITED | WNOWAIT);
	printf("main: the thread's zombie c3 without __WNOTHREAD: %ld, status %d\n", r,
	       si.si_status);
	sig = take_signal(SIGCHLD, &si);
	printf("main: c3's SIGCHLD: %s, from c3 %s\n", sig == SIGCHLD ? "yes" : "no",
	       yesno(si.si_pid == c3));

	/* The thread exits: its children become main's. */
	set_step(2);
	pthread_join(t, NULL);
	char msg[2] = {0, 0};
	read(report[0], msg, 2);
	printf("c2: parent-death signal when the forking thread exited: %s\n",
	       yesno(msg[0] == 'y'));
	printf("c2: its parent is still the process: %s\n", yesno(msg[1] == 'y'));
	printf("zombie c3 announced again after the thread's exit: %s\n", yesno(pending(SIGCHLD)));
	w = waitpid(c3, &st, __WNOTHREAD);
	printf("main reaps c3 with __WNOTHREAD: %s, exited %d\n", yesno(w == c3), WEXITSTATUS(st));
	close(t_pipe[1]);
	w = waitpid(c2, &st, __WNOTHREAD);
	printf("main reaps c2 with __WNOTHREAD: %s, exited %d\n", yesno(w == c2), WEXITSTATUS(st));
	w = waitpid(c1, &st, __WNOTHREAD);
	printf("main reaps c1 with __WNOTHREAD: %s, exited %d\n", yesno(w == c1), WEXITSTATUS(st));
	printf("no child left: %s\n", res(waitpid(-1, &st, __WALL | WNOHANG)));
	return 0;
}
