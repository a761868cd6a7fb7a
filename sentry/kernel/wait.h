/* Wait queues (include/linux/wait.h, simplified for a single-threaded
 * sentry).  A task that must wait puts itself on one or more queues and its
 * handler returns -SBX_BLOCK; wake_up() makes every waiting task runnable,
 * and each runs its handler again from the top. */
#ifndef SBX_WAIT_H
#define SBX_WAIT_H

#include <bsd/sys/queue.h>
#include <stdbool.h>

struct task;

struct wait_entry {
	TAILQ_ENTRY(wait_entry) link;
	struct waitqueue *wq;
	struct task *task;
	struct wait_entry *next; /* the task's other entries */
};

struct waitqueue {
	TAILQ_HEAD(, wait_entry) waiters;
};

void waitqueue_init(struct waitqueue *wq);
/* Wake every task waiting on @wq. */
void wake_up(struct waitqueue *wq);
/* Wake at most one task; true if one was woken. */
bool wake_up_one(struct waitqueue *wq);
bool waitqueue_active(const struct waitqueue *wq);

#endif
