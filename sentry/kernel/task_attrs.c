/* What fork inherits and execve resets of the attributes kept by prctl,
 * personality, seccomp and the scheduling syscalls. */
#define _GNU_SOURCE
#include <linux/sched.h>
#include <sched.h>

#include "cred.h"
#include "posix_timers.h"
#include "seccomp.h"
#include "task.h"

void task_attrs_fork(struct task *p, struct task *parent, uint64_t clone_flags)
{
	/* dup_task_struct copies these; pdeath_signal is not inherited. */
	p->no_new_privs = parent->no_new_privs;
	p->timer_slack_ns = parent->timer_slack_ns;
	p->personality = parent->personality;
	p->prctl_flags = parent->prctl_flags;
	p->sched = parent->sched;
	seccomp_fork(p, parent);
	/* sched_fork: SCHED_RESET_ON_FORK gives the child normal scheduling
	 * and takes back a negative nice value. */
	if (p->sched.reset_on_fork) {
		if (p->sched.policy == SCHED_FIFO || p->sched.policy == SCHED_RR ||
		    p->sched.policy == SCHED_DEADLINE) {
			p->sched.policy = SCHED_OTHER;
			p->sched.rt_priority = 0;
		}
		if (p->sched.nice < 0)
			p->sched.nice = 0;
		p->sched.reset_on_fork = false;
	}
	/* A new process: the mm flags (dumpability, THP) are copied; mlock
	 * state and membarrier registrations are not. */
	if (!(clone_flags & CLONE_THREAD) && p->tg != parent->tg) {
		p->tg->dumpable = parent->tg->dumpable;
		p->tg->thp_disable = parent->tg->thp_disable;
	}
}

void task_attrs_exec(struct task *t)
{
	cred_exec(t);
	/* POSIX timers do not survive exec (exit_itimers). */
	posix_timers_exit(t->tg);
}

void task_attrs_free(struct task *t)
{
	seccomp_put(t->seccomp);
	t->seccomp = NULL;
}

void tg_attrs_free(struct thread_group *tg)
{
	posix_timers_exit(tg);
}
