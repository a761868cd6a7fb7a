/* Helpers of the guests that attack their own stub (tests/systrap/,
 * run by tests/scripts/stub_attacks.sh): the gate addresses, jumping there
 * with chosen registers, probing the stub's pages.  Each attack runs in a
 * child process, so that the program itself lives to print "hostile:
 * done"; a file an attack manages to create on the host carries the run's
 * mark (SBX_HOSTILE_MARK) in its name. */
#ifndef SBX_ATTACK_H
#define SBX_ATTACK_H

#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "platform/stub/stub_layout.h"

/* The run's mark. */
static inline const char *mark(void)
{
	const char *m = getenv("SBX_HOSTILE_MARK");
	return m && *m ? m : "sbxmark-unset";
}

/* Jump (call) to @target with syscall registers: rax @nr, then the six
 * arguments.  At the call gate the syscall returns here; elsewhere the
 * child carries on in stub code and dies there.  The tests are built
 * without a red zone, so the call may push. */
static inline long jump_syscall(uint64_t target, long nr, long a1, long a2, long a3, long a4,
				long a5, long a6)
{
	long ret;
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	register long r9 __asm__("r9") = a6;
	__asm__ volatile("call *%[t]"
			 : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10), "+r"(r8), "+r"(r9)
			 : [t] "b"(target), "a"(nr)
			 : "rcx", "r11", "memory");
	return ret;
}

/* A path in /tmp with the run's mark, for files that must not appear. */
static inline const char *marked(const char *what, long n)
{
	static char path[4096];
	snprintf(path, sizeof(path), "/tmp/%s-stub-%s-%ld", mark(), what, n);
	return path;
}

/* How a child ended, in words. */
static inline const char *outcome(int st)
{
	static char buf[64];
	if (WIFEXITED(st))
		snprintf(buf, sizeof(buf), "exited %d", WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		snprintf(buf, sizeof(buf), "killed by %s", strsignal(WTERMSIG(st)));
	else
		snprintf(buf, sizeof(buf), "status %#x", st);
	return buf;
}

/* Seconds a child may take: one that lands in an endless loop of stub code
 * ends by SIGALRM.  0: no limit. */
static unsigned child_alarm = 3;

/* Run @fn(@arg) in a child and wait for it; prints @what and the outcome. */
static inline void in_child(const char *what, void (*fn)(long), long arg)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		exit(1);
	}
	if (pid == 0) {
		alarm(child_alarm);
		fn(arg);
		fflush(stdout);
		_exit(0);
	}
	int st;
	while (waitpid(pid, &st, 0) < 0)
		;
	printf("%s: %s\n", what, outcome(st));
	fflush(stdout);
}

/* Probing memory: an access that faults jumps back instead of killing. */
static sigjmp_buf probe_env;

static inline void probe_segv(int sig)
{
	(void)sig;
	siglongjmp(probe_env, 1);
}

static inline void probe_init(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = probe_segv;
	sa.sa_flags = SA_NODEFER;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
}

/* 1 if a byte at @p can be read and written back, 0 if not. */
static inline int probe_writable(volatile uint8_t *p)
{
	if (sigsetjmp(probe_env, 1))
		return 0;
	uint8_t v = *p;
	*p = v;
	return 1;
}

#endif
