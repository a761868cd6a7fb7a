/* Job control and SIGCHLD: a SIGSTOP/SIGCONT cycle seen through waitpid
 * (WUNTRACED, WCONTINUED) and waitid, the SIGCHLD siginfo of each step
 * (CLD_STOPPED, CLD_CONTINUED, CLD_EXITED, CLD_KILLED), SIGTSTP, SIGTTIN and
 * SIGTTOU stopping by default, a SIGCONT handler running on continue, a
 * stopped process with threads, SIGKILL of a stopped process, SA_NOCLDSTOP,
 * SA_NOCLDWAIT, SIGCHLD ignored, and a SIGCHLD handler that reaps. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errname.h"
#include "sigtest.h"

static void chld_handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	note("  signal %d: code %d status %d\n", sig, si->si_code, si->si_status);
}

static const char *status_str(int st)
{
	static char buf[64];
	if (WIFEXITED(st))
		snprintf(buf, sizeof(buf), "exited %d", WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		snprintf(buf, sizeof(buf), "killed by %d", WTERMSIG(st));
	else if (WIFSTOPPED(st))
		snprintf(buf, sizeof(buf), "stopped by %d", WSTOPSIG(st));
	else if (WIFCONTINUED(st))
		snprintf(buf, sizeof(buf), "continued");
	else
		snprintf(buf, sizeof(buf), "status %#x", st);
	return buf;
}

/* SIGCHLD stays blocked; each event's SIGCHLD is taken with sigwaitinfo
 * (the child may send it after the parent's wait already returned, as
 * Linux's CLD_CONTINUED comes from the continued child itself). */
static sigset_t chld_set;

static void take_sigchld(void)
{
	siginfo_t si;
	if (sigwaitinfo(&chld_set, &si) == SIGCHLD)
		printf("  SIGCHLD: code %d status %d\n", si.si_code, si.si_status);
}

static void no_sigchld(void)
{
	siginfo_t si;
	struct timespec zero = {0, 0};
	printf("  SIGCHLD pending: %s\n", yesno(sigtimedwait(&chld_set, &si, &zero) == SIGCHLD));
}

static int gate[2];

/* The child: its own process group (not orphaned: we are its parent in
 * the same session), waits on the gate, exits 5. */
static pid_t spawn(int cont_handler)
{
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		setpgid(0, 0);
		if (cont_handler)
			on_signal(SIGCONT, chld_handler, 0, 0);
		sigprocmask(SIG_UNBLOCK, &chld_set, NULL);
		char ch;
		while (read(gate[0], &ch, 1) < 0)
			note("  child: read interrupted\n");
		if (cont_handler) {
			/* Tell what the handler saw through the exit code. */
			_exit(sig_log_len ? 6 : 5);
		}
		_exit(5);
	}
	setpgid(c, c);
	return c;
}

static void cycle(int stopsig, int cont_handler)
{
	pid_t c = spawn(cont_handler);
	wait_sleeping(c, c);
	int st;
	kill(c, stopsig);
	pid_t r = waitpid(c, &st, WUNTRACED);
	printf("signal %d: waitpid WUNTRACED: %s, %s\n", stopsig, r == c ? "child" : res(r),
	       status_str(st));
	take_sigchld();
	r = waitpid(c, &st, WUNTRACED | WNOHANG);
	printf("  reported once: %s\n", yesno(r == 0));
	kill(c, SIGCONT);
	r = waitpid(c, &st, WCONTINUED);
	printf("  waitpid WCONTINUED: %s, %s\n", r == c ? "child" : res(r), status_str(st));
	take_sigchld();
	kill(c, SIGCONT); /* not stopped: nothing to report */
	r = waitpid(c, &st, WCONTINUED | WNOHANG);
	printf("  SIGCONT to a running child reported: %s\n", yesno(r == c));
	no_sigchld();
	pipe_post(gate[1]);
	r = waitpid(c, &st, 0);
	printf("  exit: %s\n", status_str(st));
	take_sigchld();
}

static void test_waitid(void)
{
	pid_t c = spawn(0);
	wait_sleeping(c, c);
	kill(c, SIGSTOP);
	siginfo_t si;
	memset(&si, 0, sizeof(si));
	waitid(P_PID, c, &si, WSTOPPED);
	printf("waitid WSTOPPED: code %d status %d pid matches %s\n", si.si_code, si.si_status,
	       yesno(si.si_pid == c));
	take_sigchld();
	memset(&si, 0, sizeof(si));
	printf("again with WNOHANG: %s, pid %d\n", res(waitid(P_PID, c, &si, WSTOPPED | WNOHANG)),
	       si.si_pid);
	kill(c, SIGCONT);
	memset(&si, 0, sizeof(si));
	waitid(P_PID, c, &si, WCONTINUED);
	printf("waitid WCONTINUED: code %d status %d\n", si.si_code, si.si_status);
	take_sigchld();
	kill(c, SIGKILL);
	memset(&si, 0, sizeof(si));
	waitid(P_PID, c, &si, WEXITED);
	printf("waitid WEXITED after SIGKILL: code %d status %d\n", si.si_code, si.si_status);
	take_sigchld();
}

static void *sleeper(void *arg)
{
	(void)arg;
	pause();
	return NULL;
}

/* A stopped process with threads: every thread stops, one report. */
static void test_threads(void)
{
	int ready[2];
	pipe(ready);
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		pthread_t th[3];
		for (int i = 0; i < 3; i++)
			pthread_create(&th[i], NULL, sleeper, NULL);
		pipe_post(ready[1]);
		pause();
		_exit(0);
	}
	pipe_wait(ready[0]);
	kill(c, SIGSTOP);
	int st;
	waitpid(c, &st, WUNTRACED);
	printf("threaded child: %s\n", status_str(st));
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/task", c);
	int all_stopped = 1, n = 0;
	for (int tid = c; tid < c + 64 && n < 4; tid++) {
		char s = task_state(c, tid);
		if (s == '?')
			continue;
		n++;
		if (s != 'T')
			all_stopped = 0;
	}
	printf("  %d threads, all stopped: %s\n", n, yesno(all_stopped));
	take_sigchld();
	kill(c, SIGKILL);
	waitpid(c, &st, 0);
	printf("  SIGKILL while stopped: %s\n", status_str(st));
	take_sigchld();
}

static void test_nocldstop(void)
{
	on_signal(SIGCHLD, chld_handler, SA_NOCLDSTOP, 0);
	pid_t c = spawn(0);
	wait_sleeping(c, c);
	kill(c, SIGSTOP);
	int st;
	waitpid(c, &st, WUNTRACED);
	kill(c, SIGCONT);
	waitpid(c, &st, WCONTINUED);
	printf("SA_NOCLDSTOP, stop and continue, then exit:\n");
	pipe_post(gate[1]);
	waitpid(c, &st, 0);
	take_sigchld();
}

static void test_autoreap(int ignore)
{
	if (ignore)
		set_disposition(SIGCHLD, SIG_IGN);
	else
		on_signal(SIGCHLD, chld_handler, SA_NOCLDWAIT, 0);
	pid_t c = spawn(0);
	pipe_post(gate[1]);
	int st;
	pid_t r = waitpid(c, &st, 0);
	printf("%s: waitpid: %s\n", ignore ? "SIGCHLD ignored" : "SA_NOCLDWAIT",
	       r == c ? status_str(st) : res(r));
	if (ignore)
		no_sigchld();
	else
		take_sigchld();
}

/* A handler that reaps every child that has exited. */
static int reaped[8], nreaped;

static void reaping_handler(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)si;
	(void)uc;
	int st;
	while (waitpid(-1, &st, WNOHANG) > 0)
		reaped[nreaped++] = WEXITSTATUS(st);
}

static void test_reaping_handler(void)
{
	on_signal(SIGCHLD, reaping_handler, SA_RESTART, 0);
	sigprocmask(SIG_UNBLOCK, &chld_set, NULL);
	int done[2];
	pipe(done);
	fflush(stdout);
	for (int i = 0; i < 4; i++) {
		if (fork() == 0) {
			close(done[0]);
			_exit(10 + i);
		}
	}
	close(done[1]);
	/* Until all four are reaped; SIGCHLD is not queued, one handler may
	 * reap several. */
	while (nreaped < 4)
		pause();
	int sum = 0;
	for (int i = 0; i < nreaped; i++)
		sum += reaped[i];
	sigprocmask(SIG_BLOCK, &chld_set, NULL);
	printf("reaping handler: %d children, statuses sum to %d, none left: %s\n", nreaped, sum,
	       res(waitpid(-1, NULL, WNOHANG)));
	close(done[0]);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	pipe(gate);
	sigemptyset(&chld_set);
	sigaddset(&chld_set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld_set, NULL);
	on_signal(SIGCHLD, chld_handler, 0, 0);
	cycle(SIGSTOP, 0);
	cycle(SIGTSTP, 0);
	cycle(SIGTTIN, 0);
	cycle(SIGTTOU, 1);
	test_waitid();
	test_threads();
	test_nocldstop();
	test_autoreap(0);
	test_autoreap(1);
	test_reaping_handler();
	return 0;
}
