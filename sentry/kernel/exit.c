/* Task exit (kernel/exit.c, mm_release in kernel/fork.c): releasing
 * resources, robust futexes and CLONE_CHILD_CLEARTID, reparenting,
 * zombies, and the parent's SIGCHLD. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "../fs/fdtable.h"
#include "../fuzz/forksrv.h"
#include "../fs/fs_struct.h"
#include "../fs/tty.h"
#include "../fs/locks.h"
#include "../ipc/ipc.h"
#include "../mm/mm.h"
#include "det.h"
#include "fork.h"
#include "futex.h"
#include "itimer.h"
#include "../trace/trace.h"
#include "sched.h"
#include "signal.h"
#include "task.h"
#include "../confine/host.h"

void release_task(struct task *t)
{
	struct thread_group *tg = t->tg;
	if (t->real_parent && t == tg->leader)
		TAILQ_REMOVE(&t->real_parent->children, t, sibling);
	TAILQ_REMOVE(&tg->threads, t, tg_link);
	pid_unregister(t);
	task_free(t);
	tg_put(tg);
}

int task_cpu_times(struct task *t, uint64_t *ut_ns, uint64_t *st_ns)
{
	*ut_ns = *st_ns = 0;
	if (!t->ctx)
		return -ESRCH;
	if (det_enabled) {
		/* No deterministic measure of CPU: the time since the start. */
		*ut_ns = now_ns() - sbx_start_ns;
		return 0;
	}
	char path[96];
	/* Through the thread's own /proc/TID: a thread that leaves as its
	 * stub dies then flushes no dentry under the stub's /proc/PID, which
	 * the sentry flushes as it reaps the stub (the two flushes would wait
	 * on each other). */
	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", ctx_host_tid(t->ctx),
		 ctx_host_tid(t->ctx));
	FILE *f = host_fopen(path, "re");
	if (!f)
		return -ESRCH;
	char buf[1024];
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	char *p = strrchr(buf, ')');
	unsigned long long ut, st;
	if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) != 2)
		return -ESRCH;
	*ut_ns = ut * 10000000ULL; /* USER_HZ = 100 */
	*st_ns = st * 10000000ULL;
	return 0;
}

/* CPU time used by @t's host thread, added to its process. */
static void account_cpu(struct task *t)
{
	uint64_t ut, st;
	if (task_cpu_times(t, &ut, &st) == 0) {
		t->tg->utime_ns += ut;
		t->tg->stime_ns += st;
	}
}

void mm_release(struct task *t)
{
	if (!t->mm)
		return;
	futex_exit_robust_list(t);
	if (t->clear_child_tid) {
		if (t->mm->users > 1) {
			uint32_t zero = 0;
			if (copy_to_user(t->mm, t->clear_child_tid, &zero, sizeof(zero)) == 0)
				futex_wake_addr(t, t->clear_child_tid, 1);
		}
		t->clear_child_tid = 0;
	}
}

static void exit_mm(struct task *t)
{
	struct mm *mm = t->mm;
	if (!mm)
		return;
	if (mm_hiwater_rss(mm) > t->tg->maxrss)
		t->tg->maxrss = mm_hiwater_rss(mm); /* do_exit */
	if (t->ctx) {
		/* The last user's host thread goes with the whole stub. */
		if (mm->users > 1)
			ctx_destroy(t->ctx);
		else
			ctx_abandon(t->ctx);
		t->ctx = NULL;
	}
	t->mm = NULL;
	mm_put(mm);
}

/* The reaper for the orphans of @t: a live thread of the same process,
 * else the nearest child subreaper above it, else init; NULL under
 * --as-pid-1 when the program itself is gone (kernel/exit.c
 * find_new_reaper). */
static struct task *find_new_reaper(struct task *t)
{
	struct task *th;
	TAILQ_FOREACH(th, &t->tg->threads, tg_link)
	{
		if (th != t && th->state != TASK_DEAD)
			return th;
	}
	for (struct task *p = t->tg->leader->real_parent; p; p = p->tg->leader->real_parent) {
		if (!p->tg->child_subreaper)
			continue;
		TAILQ_FOREACH(th, &p->tg->threads, tg_link)
		{
			if (th->state != TASK_DEAD)
				return th;
		}
	}
	return init_task;
}

bool will_become_orphaned_pgrp(pid_t pgid, const struct thread_group *ignored)
{
	for_each_task(m)
	{
		const struct thread_group *tg = m->tg;
		if (m != tg->leader || tg->pgid != pgid || tg == ignored || tg->zombie)
			continue;
		const struct task *p = m->real_parent;
		/* Init keeps no group from being orphaned (is_global_init), except
		 * the program's: there init stands for the shell outside, which
		 * keeps the job's group from being orphaned. */
		if (!p || (p->tg->tgid == 1 && tg != root_tg))
			continue;
		if (p->tg->pgid != pgid && p->tg->sid == tg->sid)
			return false;
	}
	return true;
}

static bool has_stopped_jobs(pid_t pgid)
{
	for_each_task(m)
	{
		if (m == m->tg->leader && m->tg->pgid == pgid && m->tg->stopped)
			return true;
	}
	return false;
}

/* SIGHUP then SIGCONT, from the kernel, to every process of a group. */
static void kill_pgrp_kernel(pid_t pgid, int sig)
{
	for_each_task(m)
	{
		struct thread_group *tg = m->tg;
		if (m != tg->leader || tg->pgid != pgid || tg->zombie)
			continue;
		struct task *th;
		TAILQ_FOREACH(th, &tg->threads, tg_link)
		{
			if (th->state != TASK_DEAD) {
				send_sig_kernel(th, sig, NULL, true);
				break;
			}
		}
	}
}

/* POSIX: when a process group becomes orphaned and has a stopped member,
 * each member gets SIGHUP and SIGCONT.  @tg's exit (@parent NULL: its
 * parent was its link outside), or @tg's reparenting away from @parent
 * (kernel/exit.c kill_orphaned_pgrp). */
static void kill_orphaned_pgrp(struct thread_group *tg, struct task *parent)
{
	const struct thread_group *ignored = tg;
	if (!parent)
		parent = tg->leader->real_parent;
	else
		ignored = NULL;
	if (!parent || parent->tg->pgid == tg->pgid || parent->tg->sid != tg->sid)
		return;
	if (will_become_orphaned_pgrp(tg->pgid, ignored) && has_stopped_jobs(tg->pgid)) {
		kill_pgrp_kernel(tg->pgid, SIGHUP);
		kill_pgrp_kernel(tg->pgid, SIGCONT);
	}
}

/* Hand @t's children to a new reaper; each gets its parent-death signal
 * if it asked for one.  Children that leave the process (reparent_leader)
 * will send SIGCHLD from now on, a zombie among them is announced to its
 * new parent, and their process group may become orphaned; passing to
 * another thread of the same process changes none of that. */
static void forget_original_parent(struct task *t)
{
	if (TAILQ_EMPTY(&t->children))
		return;
	struct task *reaper = find_new_reaper(t);
	/* The parent-death signal comes as if the dying parent had sent it
	 * with kill (SEND_SIG_NOINFO). */
	siginfo_t info;
	memset(&info, 0, sizeof(info));
	info.si_code = SI_USER;
	info.si_pid = t->tg->tgid;
	info.si_uid = t->cred.uid;
	struct task *c;
	while ((c = TAILQ_FIRST(&t->children)) != NULL) {
		TAILQ_REMOVE(&t->children, c, sibling);
		c->real_parent = reaper;
		struct task *th;
		TAILQ_FOREACH(th, &c->tg->threads, tg_link)
		{
			if (th->pdeath_signal && th->state != TASK_DEAD) {
				info.si_signo = th->pdeath_signal;
				send_sig_kernel(th, th->pdeath_signal, &info, true);
			}
		}
		if (!reaper) {
			group_kill(c->tg, WSTATUS_SIGNALED(SIGKILL, false));
			continue;
		}
		TAILQ_INSERT_TAIL(&reaper->children, c, sibling);
		if (reaper->tg == t->tg)
			continue;
		c->exit_signal = SIGCHLD;
		kill_orphaned_pgrp(c->tg, t);
		/* The virtual init reaps a zombie at once. */
		if (c->tg->zombie)
			notify_parent(c->tg);
	}
}

void do_exit(struct task *t, int status)
{
	if (t->state == TASK_DEAD)
		return;
	if (t->in_syscall && t->sc.interrupt)
		t->sc.interrupt(t);
	t->sc.interrupt = NULL;
	task_clear_waits(t);
	task_dequeue(t);
	t->state = TASK_DEAD;
	t->in_syscall = false;
	t->exit_status = status;
	account_cpu(t);
	mm_release(t);
	vfork_release(t);
	exit_mm(t);
	if (t->tg->live == 1)
		locks_release_posix(t->tg, NULL);
	files_put(t->files);
	t->files = NULL;
	fs_put(t->fs);
	t->fs = NULL;
	sighand_put(t->sighand);
	t->sighand = NULL;
	forget_original_parent(t);
	struct thread_group *tg = t->tg;
	bool last = --tg->live == 0;
	/* A thread other than the leader is freed at once; the leader stays
	 * as the process's zombie until it is reaped. */
	if (t != tg->leader)
		release_task(t);
	if (!last) {
		group_stop_check(tg); /* it may have been the one not stopped yet */
		return;
	}
	/* Without a group exit, the last thread to exit gives the status
	 * (synchronize_group_exit), not the leader that may have gone first. */
	if (!tg->exiting)
		tg->exit_status = status;
	if (trace_enabled)
		trace_exit(tg->leader, tg->exit_status);
	tg->zombie = true;
	tg->stopped = false;
	tty_session_leader_exit(tg->leader);
	kill_orphaned_pgrp(tg, NULL);
	sem_exit(tg); /* SEM_UNDO adjustments, before the parent hears */
	itimer_exit(tg);
	wake_up(&tg->pidfd_wq);
	notify_parent(tg); /* may reap the leader (and free @tg) at once */
}

void do_group_exit(struct task *t, int status)
{
	struct thread_group *tg = t->tg;
	if (!tg->exiting) {
		tg->exiting = true;
		tg->exit_status = status;
		if (tg == forksrv_child_tg)
			forksrv_group_exit(tg);
	}
	/* Other threads first, so that the caller is the last user of a
	 * shared address space; their host threads go with the stub. */
	struct task *th, *next;
	TAILQ_FOREACH_SAFE(th, &tg->threads, tg_link, next)
	{
		if (th == t || th->state == TASK_DEAD)
			continue;
		if (th->ctx && th->mm && th->mm == t->mm && th->mm->users == 2) {
			ctx_abandon(th->ctx);
			th->ctx = NULL;
		}
		do_exit(th, tg->exit_status);
	}
	do_exit(t, tg->exit_status);
}

/* do_notify_parent: SIGCHLD (or the exit signal) with the child's status,
 * a wake-up for the parent's waiters, and auto-reaping when the parent
 * ignores SIGCHLD or set SA_NOCLDWAIT, or is the virtual init. */
void notify_parent(struct thread_group *tg)
{
	struct task *leader = tg->leader;
	struct task *parent = leader->real_parent;
	if (!parent)
		return;
	int sig = leader->exit_signal;
	bool autoreap = false;
	if (sig == SIGCHLD && parent->sighand) {
		const struct k_sigaction *ka = &parent->sighand->action[SIGCHLD - 1];
		if (ka->handler == (uint64_t)SIG_IGN || (ka->flags & SA_NOCLDWAIT)) {
			autoreap = true;
			if (ka->handler == (uint64_t)SIG_IGN)
				sig = 0;
		}
	}
	if (sig > 0 && sig <= SBX_NSIG && parent->state != TASK_DEAD) {
		siginfo_t info;
		memset(&info, 0, sizeof(info));
		int st = tg->exit_status;
		info.si_signo = sig;
		info.si_pid = tg->tgid;
		info.si_uid = leader->cred.uid;
		if (WIFEXITED(st)) {
			info.si_code = CLD_EXITED;
			info.si_status = WEXITSTATUS(st);
		} else {
			info.si_code = WCOREDUMP(st) ? CLD_DUMPED : CLD_KILLED;
			info.si_status = WTERMSIG(st);
		}
		info.si_utime = (clock_t)(tg->utime_ns / 10000000ULL);
		info.si_stime = (clock_t)(tg->stime_ns / 10000000ULL);
		send_sig_kernel(parent, sig, &info, true);
	}
	wake_up(&parent->tg->child_exit);
	if (tg == root_tg)
		return; /* sbx reads its status */
	if (autoreap || parent == init_task)
		release_task(leader);
}
