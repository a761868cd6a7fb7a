#include <stdlib.h>
#include <string.h>

#include "task.h"

struct task *init_task;

struct task *task_alloc(void)
{
	struct task *t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->state = TASK_NEW;
	TAILQ_INIT(&t->children);
	timer_init(&t->timeout, NULL);
	waitqueue_init(&t->vfork_wq);
	sigpending_init(&t->pending);
	return t;
}

void task_free(struct task *t)
{
	task_attrs_free(t);
	sigpending_flush(&t->pending);
	free(t);
}

struct thread_group *tg_alloc(void)
{
	struct thread_group *tg = calloc(1, sizeof(*tg));
	if (!tg)
		return NULL;
	tg->refs = 1;
	TAILQ_INIT(&tg->threads);
	waitqueue_init(&tg->child_exit);
	waitqueue_init(&tg->pidfd_wq);
	sigpending_init(&tg->shared_pending);
	return tg;
}

void tg_put(struct thread_group *tg)
{
	if (tg && --tg->refs == 0) {
		tg_attrs_free(tg);
		sigpending_flush(&tg->shared_pending);
		free(tg);
	}
}

bool task_in_group(struct task *t, gid_t gid)
{
	if (t->cred.fsgid == gid)
		return true;
	for (int i = 0; i < t->cred.ngroups; i++)
		if (t->cred.groups[i] == gid)
			return true;
	return false;
}
