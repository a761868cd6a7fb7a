#include "wait.h"

#include <stdlib.h>
#include <string.h>

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
	/* First the callbacks (they stay queued), collecting the sleepers;
	 * then wake those: task_wake takes all of a task's entries off every
	 * queue, so it must not run while walking this one.  The callbacks'
	 * after parts run last, for the same reason. */
	struct task *small[16], **tasks = small;
	struct wait_entry *asmall[4], **afters = asmall;
	size_t n = 0, cap = 16, na = 0, acap = 4;
	struct wait_entry *e, *next;
	TAILQ_FOREACH_SAFE(e, &wq->waiters, link, next)
	{
		if (e->func) {
			e->func(e);
			if (e->after) {
				if (na == acap) {
					struct wait_entry **na2 =
					    malloc(acap * 2 * sizeof(*na2));
					if (!na2)
						continue;
					memcpy(na2, afters, na * sizeof(*na2));
					if (afters != asmall)
						free(afters);
					afters = na2;
					acap *= 2;
				}
				afters[na++] = e;
			}
			continue;
		}
		if (n == cap) {
			struct task **nt = malloc(cap * 2 * sizeof(*nt));
			if (!nt)
				break;
			memcpy(nt, tasks, n * sizeof(*nt));
			if (tasks != small)
				free(tasks);
			tasks = nt;
			cap *= 2;
		}
		tasks[n++] = e->task;
	}
	for (size_t i = 0; i < n; i++)
		task_wake(tasks[i]);
	if (tasks != small)
		free(tasks);
	for (size_t i = 0; i < na; i++)
		afters[i]->after(afters[i]);
	if (afters != asmall)
		free(afters);
}

bool wake_up_one(struct waitqueue *wq)
{
	struct wait_entry *e;
	TAILQ_FOREACH(e, &wq->waiters, link)
	{
		if (!e->func) {
			task_wake(e->task);
			return true;
		}
	}
	return false;
}

void wait_entry_add(struct waitqueue *wq, struct wait_entry *e)
{
	e->wq = wq;
	e->task = NULL;
	e->next = NULL;
	TAILQ_INSERT_TAIL(&wq->waiters, e, link);
}

void wait_entry_remove(struct wait_entry *e)
{
	if (e->wq) {
		TAILQ_REMOVE(&e->wq->waiters, e, link);
		e->wq = NULL;
	}
}
