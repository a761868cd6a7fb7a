/* Waiting for children: wait4 and waitid (kernel/exit.c). */
#ifndef SBX_WAITCHILD_H
#define SBX_WAITCHILD_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

struct task;
struct thread_group;

struct wait_opts {
	int which; /* P_ALL, P_PID, P_PGID, P_PIDFD */
	pid_t pid; /* P_PID: tgid, P_PGID: pgid */
	struct thread_group *tg; /* P_PIDFD */
	int options; /* WEXITED, WSTOPPED, WCONTINUED, WNOHANG, WNOWAIT, __W* */
	/* Results: */
	int status; /* wait4 form */
	siginfo_t info; /* waitid form */
	struct rusage rusage;
};

/* Peak resident pages, for getrusage and wait4 (kernel/sys.c getrusage):
 * with @self, of the process (its address spaces so far and now), with
 * @children, of its reaped children at their most. */
uint64_t group_maxrss(struct thread_group *tg, bool self, bool children);

/* Look for a child to report.  Returns its pid, 0 (WNOHANG, none ready),
 * -ECHILD (no child matches at all), or -SBX_BLOCK (the task now sleeps on
 * its process's child_exit queue). */
long do_wait(struct task *t, struct wait_opts *wo);

#endif
