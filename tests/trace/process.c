/* Golden trace test: processes: fork, vfork, clone with flags, wait4 and
 * waitid statuses, execve, kill, exit codes and deaths by signal, process
 * groups and names. */
// clang-format off
//! trace-expect: === task [0-9]+: a new process [0-9]+, child of [0-9]+; shares nothing; copies vm files fs sighand ===
//! trace-expect: shares vm; copies files fs sighand; [0-9]+ is suspended until [0-9]+ calls execve or exits \(vfork\) ===
//! trace-expect: === task [0-9]+ resumes: its vfork child [0-9]+ exited ===
//! trace-expect: === task [0-9]+ resumes: its vfork child [0-9]+ called execve ===
//! trace-expect: a new process [0-9]+, child of [0-9]+; shares files fs; copies vm sighand ===
// clang-format on
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char stack[65536];

static int child_fn(void *arg)
{
	(void)arg;
	syscall(SYS_exit, 7);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1)
		return 6; /* the execve'd image */
	int st, sync[2];
	struct rlimit nocore = {0, 0};
	setrlimit(RLIMIT_CORE, &nocore);
	pid_t p = fork();
	if (p == 0)
		_exit(3);
	waitpid(p, &st, 0);
	p = fork();
	if (p == 0) {
		kill(getpid(), SIGTERM);
		_exit(0);
	}
	wait4(p, &st, 0, NULL);
	/* A child killed in a syscall: it tells it is about to block, and
	 * the parent leaves it time to. */
	pipe(sync);
	p = fork();
	if (p == 0) {
		write(sync[1], "x", 1);
		pause();
		_exit(0);
	}
	char c;
	read(sync[0], &c, 1);
	struct timespec ts = {0, 200 * 1000 * 1000};
	nanosleep(&ts, NULL);
	kill(p, SIGKILL);
	siginfo_t si;
	memset(&si, 0, sizeof(si));
	waitid(P_PID, p, &si, WEXITED);
	p = vfork();
	if (p == 0)
		_exit(5);
	waitpid(p, &st, 0);
	p = vfork();
	if (p == 0) {
		char *args[] = {argv[0], "exec", NULL};
		char *envp[] = {"A=1", "B=2", NULL};
		execve("/nonexistent", args, envp);
		execve(argv[0], args, envp);
		_exit(127);
	}
	waitpid(p, &st, 0);
	p = clone(child_fn, stack + sizeof(stack), CLONE_FS | CLONE_FILES | SIGCHLD, NULL);
	waitpid(p, &st, __WALL);
	waitpid(-1, &st, WNOHANG);
	setpgid(0, 0);
	getpgid(0);
	getpgrp();
	/* The session a program starts in is the host's (0 when its leader
	 * lies outside the pid namespace, as in a container): ask it of a
	 * child that leads its own. */
	p = fork();
	if (p == 0) {
		setsid();
		getsid(0);
		_exit(0);
	}
	waitpid(p, &st, 0);
	prctl(PR_SET_NAME, "trace-test", 0, 0, 0);
	char name[16];
	prctl(PR_GET_NAME, name, 0, 0, 0);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	syscall(SYS_kill, 999999, 0);
	syscall(SYS_tgkill, getpid(), getpid(), 0);
	return 4;
}
