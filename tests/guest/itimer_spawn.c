/* A process with ITIMER_PROF running spawns children (posix_spawn: they
 * start in its address space, CLONE_VM | CLONE_VFORK): the timer is the
 * parent's, its SIGPROF goes to the parent only, never to a child, which
 * does not inherit it. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <sys/time.h>
#include <sys/wait.h>

extern char **environ;
static volatile sig_atomic_t profs;

static void on_prof(int sig)
{
	(void)sig;
	profs++;
}

int main(void)
{
	signal(SIGPROF, on_prof);
	struct itimerval it = {{0, 1000}, {0, 1000}};
	setitimer(ITIMER_PROF, &it, NULL);
	int killed = 0, failed = 0;
	for (int i = 0; i < 100; i++) {
		pid_t p;
		char *av[] = {"true", NULL};
		if (posix_spawn(&p, "/bin/true", NULL, NULL, av, environ) != 0) {
			failed++;
			continue;
		}
		int st;
		waitpid(p, &st, 0);
		killed += WIFSIGNALED(st);
		failed += !WIFEXITED(st) || WEXITSTATUS(st) != 0;
		for (volatile int j = 0; j < 100000; j++)
			;
	}
	struct itimerval off = {{0, 0}, {0, 0}};
	setitimer(ITIMER_PROF, &off, NULL);
	printf("children killed by a signal: %d, failed: %d\n", killed, failed);
	return 0;
}
