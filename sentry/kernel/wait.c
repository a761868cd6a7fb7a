#include "wait.h"

#include "task.h"

void waitqueue_init(struct waitqueue *wq)
{
	TAILQ_INIT(&wq->waiters);
}

bool waitqueue_active(const struct waitqueue *wq)
{
	return !TAILQ_EMPTY(&wq->waiters);
}

void wake_up(struct waitqueue *wq)
{
	struct wait_entry *e;
	/* task_wake removes the task's entries from every queue, this one
	 * included, so always take the head. */
	while ((e = TAILQ_FIRST(&wq->waiters)) != NULL)
		task_wake(e->task);
}

bool wake_up_one(struct waitqueue *wq)
{
	struct wait_entry *e = TAILQ_FIRST(&wq->waiters);
	if (!e)
		return false;
	task_wake(e->task);
	return true;
}
