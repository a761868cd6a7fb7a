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
	struct task *task;       /* a sleeping task, or NULL for a callback */
	struct wait_entry *next; /* the task's other entries */
	/* A callback entry (epoll's interest in a file): called on every
	 * wake-up, and stays queued until removed with wait_entry_remove. */
	void (*func)(struct wait_entry *e);
	/* Optional, with func: called after the wake-up has walked the queue
	 * and woken its tasks, for work that may wake tasks itself (sending
	 * a signal); the entry must still be queued by then. */
	void (*after)(struct wait_entry *e);
	void *priv;
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
/* Queue a callback entry @e (func and priv set by the caller). */
void wait_entry_add(struct waitqueue *wq, struct wait_entry *e);
void wait_entry_remove(struct wait_entry *e);

#endif
