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
	return t;
}

void task_free(struct task *t)
{
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
	return tg;
}

void tg_put(struct thread_group *tg)
{
	if (tg && --tg->refs == 0)
		free(tg);
}
