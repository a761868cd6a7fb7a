/* Sending and default actions: kill's targets (a pid, 0 for the caller's
 * process group, -pgrp, -1 for everyone) and errors, tkill and tgkill
 * errors, signal 0 as an existence probe, SIGKILL and SIGSTOP acting on a
 * process that blocks and ignores everything it can, and the default
 * action of every signal as the wait status shows it (the core flag as the
 * host sets it). */
//! libc: glibc musl
#define _GNU_SOURCE
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errname.h"
#include "sigtest.h"

static const char *status_str(int st)
{
	static char buf[64];
	if (WIFEXITED(st))
		snprintf(buf, sizeof(buf), "exited %d", WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		snprintf(buf, sizeof(buf), "killed by %d%s", WTERMSIG(st),
			 WCOREDUMP(st) ? " (core dumped)" : "");
	else if (WIFSTOPPED(st))
		snprintf(buf, sizeof(buf), "stopped by %d", WSTOPSIG(st));
	else
		snprintf(buf, sizeof(buf), "status %#x", st);
	return buf;
}

static void test_errors(void)
{
	printf("kill signal 65: %s\n", res(kill(getpid(), 65)));
	printf("kill signal -1: %s\n", res(kill(getpid(), -1)));
	printf("kill a pid nobody has: %s\n", res(kill(4000000, SIGUSR1)));
	printf("kill a group nobody has: %s\n", res(kill(-4000000, SIGUSR1)));
	printf("kill INT_MIN: %s\n", res(kill(INT_MIN, SIGUSR1)));
	printf("signal 0 to ourselves: %s\n", res(kill(getpid(), 0)));
	printf("tkill tid 0: %s\n", res(syscall(SYS_tkill, 0, SIGUSR1)));
	printf("tkill tid -1: %s\n", res(syscall(SYS_tkill, -1, SIGUSR1)));
	printf("tkill signal 65: %s\n", res(syscall(SYS_tkill, gettid_(), 65)));
	printf("tgkill tgid 0: %s\n", res(syscall(SYS_tgkill, 0, gettid_(), SIGUSR1)));
	printf("tgkill wrong tgid: %s\n", res(syscall(SYS_tgkill, getpid() + 1, gettid_(), 0)));
	printf("tgkill signal 0: %s\n", res(syscall(SYS_tgkill, getpid(), gettid_(), 0)));
}

/* Children in a group of their own report a SIGUSR1 on a pipe. */
static int report[2];

static void usr1_report(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	(void)si;
	char c = (char)('0' + sig);
	write(report[1], &c, 1);
}

static pid_t group_child(pid_t pgid, int go_fd)
{
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		setpgid(0, pgid);
		on_signal(SIGUSR1, usr1_report, 0, 0);
		char ch = 0;
		while (read(go_fd, &ch, 1) < 0 && errno == EINTR)
			;
		_exit(0);
	}
	setpgid(c, pgid ? pgid : c);
	return c;
}

static int count_reports(int n)
{
	int got = 0;
	char c;
	for (int i = 0; i < n; i++)
		if (read(report[0], &c, 1) == 1)
			got++;
	return got;
}

static void test_groups(void)
{
	int go[2];
	pipe(go);
	pipe(report);
	pid_t a = group_child(0, go[0]);
	pid_t b = group_child(a, go[0]);
	pid_t c = group_child(a, go[0]);
	wait_sleeping(a, a);
	wait_sleeping(b, b);
	wait_sleeping(c, c);
	printf("kill(-pgrp) of three: %s, ", res(kill(-a, SIGUSR1)));
	printf("reports %d\n", count_reports(3));
	printf("signal 0 to the group: %s\n", res(kill(-a, 0)));
	for (int i = 0; i < 3; i++)
		pipe_post(go[1]);
	for (int i = 0; i < 3; i++)
		wait(NULL);

	/* kill(0): a child's own group, itself included. */
	fflush(stdout);
	pid_t leader = fork();
	if (leader == 0) {
		setpgid(0, 0);
		on_signal(SIGUSR1, usr1_report, 0, 0);
		pid_t m = group_child(getpid(), go[0]);
		wait_sleeping(m, m);
		kill(0, SIGUSR1);
		pipe_post(go[1]);
		waitpid(m, NULL, 0);
		_exit(0);
	}
	waitpid(leader, NULL, 0);
	printf("kill(0) reached the caller and its group: %d reports\n", count_reports(2));
	close(go[0]);
	close(go[1]);
}

/* A child that blocks every signal and ignores every one it may. */
static void test_unstoppable(void)
{
	int ready[2];
	pipe(ready);
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		for (int s = 1; s < 65; s++)
			if (s != SIGKILL && s != SIGSTOP && s != SIGCHLD)
				set_disposition(s, SIG_IGN);
		sigset_t all;
		sigfillset(&all);
		sigprocmask(SIG_SETMASK, &all, NULL);
		pipe_post(ready[1]);
		for (;;)
			pause();
	}
	pipe_wait(ready[0]);
	kill(c, SIGTERM);
	kill(c, SIGSTOP);
	int st;
	waitpid(c, &st, WUNTRACED);
	printf("all blocked and ignored, SIGSTOP: %s\n", status_str(st));
	kill(c, SIGCONT);
	waitpid(c, &st, WCONTINUED);
	printf("SIGCONT: %s\n", WIFCONTINUED(st) ? "continued" : status_str(st));
	kill(c, SIGKILL);
	waitpid(c, &st, 0);
	printf("SIGKILL: %s\n", status_str(st));
	close(ready[0]);
	close(ready[1]);
}

/* The default action of @sig, raised by a child with RLIMIT_CORE @core. */
static void default_action_core(int sig, rlim_t core)
{
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		struct rlimit rl = {core, core};
		setrlimit(RLIMIT_CORE, &rl);
		setpgid(0, 0); /* stop signals: not an orphaned group */
		set_disposition(sig, SIG_DFL);
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		raise(sig);
		_exit(0);
	}
	setpgid(c, c);
	int st;
	waitpid(c, &st, WUNTRACED);
	printf("signal %2d%s: %s\n", sig, core ? ", RLIMIT_CORE 1" : "", status_str(st));
	if (WIFSTOPPED(st)) {
		kill(c, SIGKILL);
		waitpid(c, &st, 0);
	}
}

static void default_action(int sig)
{
	default_action_core(sig, 0);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	test_errors();
	test_groups();
	test_unstoppable();
	for (int s = 1; s <= 31; s++)
		if (s != SIGKILL)
			default_action(s);
	default_action(SIGKILL);
	default_action(SIGRTMIN);
	default_action(SIGRTMAX);
	/* Too small for any core file (and the "do not dump" value for a
	 * core_pattern that pipes). */
	default_action_core(SIGQUIT, 1);
	return 0;
}
