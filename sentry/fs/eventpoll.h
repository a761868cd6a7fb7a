/* epoll instances (fs/eventpoll.c). */
#ifndef SBX_EVENTPOLL_H
#define SBX_EVENTPOLL_H

#include <stdbool.h>
#include <sys/epoll.h>

struct file;
struct waitqueue;

/* A new epoll file (O_NONBLOCK from @flags); NULL on ENOMEM. */
struct file *eventpoll_create(int flags);
bool is_eventpoll(const struct file *f);
/* EPOLL_CTL_ADD/MOD/DEL of (@f, @fd): 0 or -EEXIST, -ENOENT, -ELOOP,
 * -EINVAL, -ENOMEM. */
int eventpoll_ctl(struct file *epf, int op, int fd, struct file *f, const struct epoll_event *ev);
/* Fill up to @max ready events; returns how many. */
int eventpoll_collect(struct file *epf, struct epoll_event *out, int max);
/* How many items @epf watches: no call can report more events. */
int eventpoll_count(struct file *epf);
struct waitqueue *eventpoll_waitqueue(struct file *epf);
/* @f is going away: drop the epoll items that watch it. */
void eventpoll_release_file(struct file *f);

#endif
