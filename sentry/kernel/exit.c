/* Task exit (kernel/exit.c): releasing resources, zombies, reparenting,
 * and notifying the parent. */
#include <stdlib.h>

#include "../fs/fdtable.h"
#include "../fs/fs_struct.h"
#include "../mm/mm.h"
#include "sched.h"
#include "signal.h"
#include "task.h"

/* Free a dead task for good: a non-leader thread at once, a leader when
 * its process is reaped. */
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

static void exit_mm(struct task *t)
{
	struct mm *mm = t->mm;
	if (!mm)
		return;
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

/* The reaper for orphans of @t's process: a live thread of the same group,
 * else the nearest child subreaper above it, else init (kernel/exit.c
 * find_new_reaper).  NULL when there is none (the root under
 * --as-pid-1, whose orphans are killed with it). */
static struct task *find_new_reaper(struct task *t)
{
	struct task *th;
	TAILQ_FOREACH(th, &t->tg->threads, tg_link)
	{
		if (th != t && th->state != TASK_DEAD)
			return th;
	}
	for (struct task *p = t->tg->leader->real_parent; p; p = p->tg->leader->real_parent) {
		if (p->tg->child_subreaper && p->tg->live > 0) {
			struct task *alive;
			TAILQ_FOREACH(alive, &p->tg->threads, tg_link)
			{
				if (alive->state != TASK_DEAD)
					return alive;
			}
		}
	}
	return init_task;
}

/* Hand @t's children to a new reaper. */
static void forget_original_parent(struct task *t)
{
	if (TAILQ_EMPTY(&t->children))
		return;
	struct task *reaper = find_new_reaper(t);
	struct task *c;
	while ((c = TAILQ_FIRST(&t->children)) != NULL) {
		TAILQ_REMOVE(&t->children, c, sibling);
		c->real_parent = reaper;
		if (reaper) {
			TAILQ_INSERT_TAIL(&reaper->children, c, sibling);
			/* A zombie handed to init is reaped by it at once. */
			if (c->tg->zombie)
				notify_parent(c->tg);
		}
	}
}

void do_exit(struct task *t, int status)
{
	if (t->state == TASK_DEAD)
		return;
	task_clear_waits(t);
	task_dequeue(t);
	t->state = TASK_DEAD;
	t->in_syscall = false;
	t->exit_status = status;
	exit_mm(t);
	files_put(t->files);
	t->files = NULL;
	fs_put(t->fs);
	t->fs = NULL;
	forget_original_parent(t);
	struct thread_group *tg = t->tg;
	tg->live--;
	if (tg->live == 0) {
		if (!tg->exiting)
			tg->exit_status = tg->leader->exit_status;
		tg->zombie = true;
		notify_parent(tg);
	}
	if (t != tg->leader)
		release_task(t);
}

void do_group_exit(struct task *t, int status)
{
	struct thread_group *tg = t->tg;
	if (!tg->exiting) {
		tg->exiting = true;
		tg->exit_status = status;
	}
	/* Other threads first, so the last mm user is the caller when they
	 * all share one address space.  Leaving costs less when the whole
	 * stub goes at once: abandon their host threads. */
	struct task *th, *next;
	TAILQ_FOREACH_SAFE(th, &tg->threads, tg_link, next)
	{
		if (th == t || th->state == TASK_DEAD)
			continue;
		if (th->ctx && th->mm && th->mm == t->mm) {
			ctx_abandon(th->ctx);
			th->ctx = NULL;
		}
		do_exit(th, tg->exit_status);
	}
	do_exit(t, tg->exit_status);
}

void notify_parent(struct thread_group *tg)
{
	struct task *leader = tg->leader;
	struct task *parent = leader->real_parent;
	if (!parent)
		return;
	wake_up(&parent->tg->child_exit);
	if (parent == init_task && tg != root_tg)
		release_task(leader); /* the virtual init reaps at once */
}
