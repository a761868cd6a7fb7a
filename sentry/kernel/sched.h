/* The event loop's interface for the rest of the sentry. */
#ifndef SBX_SCHED_H
#define SBX_SCHED_H

#include <stdint.h>

struct task;

/* Something the loop polls: a host fd the sentry waits on. */
struct epoll_source {
	void (*ready)(struct epoll_source *src, uint32_t events);
};

int sched_init(void);
/* Watch host @fd for @events (EPOLLIN...); 0 or -errno (-EPERM for files
 * that cannot be polled, such as regular files). */
int sched_epoll_add(int fd, uint32_t events, struct epoll_source *src);
/* Stop watching @fd, whose source @src may be freed once this returns:
 * an event for it already read in the loop's current batch is dropped. */
void sched_epoll_del(int fd, struct epoll_source *src);
/* Take @t off every wait queue and cancel its deadline. */
void task_clear_waits(struct task *t);
/* Take @t off the run queue if it is there. */
void task_dequeue(struct task *t);
/* Record the syscall @t just entered (from its registers). */
void syscall_enter(struct task *t);

#endif
