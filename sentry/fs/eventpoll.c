/* epoll (fs/eventpoll.c).  An epoll instance is a file holding an
 * interest list.  Each item keeps callback entries on its file's wait
 * queues (ep_poll_callback): a wake-up marks the item and wakes the epoll's
 * own queue, where epoll_wait sleepers and nested pollers wait.  Readiness
 * is always asked of the file itself (->poll), so level-triggered items
 * stay ready while their file is; edge-triggered ones report only after a
 * wake-up of their file since the last report. */
#define _GNU_SOURCE
#include "eventpoll.h"

#include <bsd/sys/queue.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/stat.h>

#include "../kernel/task.h"
#include "../kernel/wait.h"
#include "file.h"

#define EP_MAX_NESTS 4
#define EP_PRIVATE_BITS (EPOLLWAKEUP | EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE)

struct epitem;

/* One callback entry on one of the item's file's wait queues. */
struct ep_hook {
	struct wait_entry we;
	struct epitem *item;
	struct ep_hook *next;
};

struct epitem {
	TAILQ_ENTRY(epitem) link;      /* in the instance's interest list */
	TAILQ_ENTRY(epitem) file_link; /* in the file's list of items */
	struct eventpoll *ep;
	struct file *file; /* not referenced: the item goes when the file does */
	int fd;
	uint32_t events;
	uint64_t data;
	bool triggered; /* a wake-up came since the last report (EPOLLET) */
	bool disabled;  /* EPOLLONESHOT fired */
	struct ep_hook *hooks;
};

struct eventpoll {
	TAILQ_HEAD(, epitem) items;
	int nitems;
	struct waitqueue wq; /* epoll_wait sleepers and pollers of this epoll */
	struct file *self;
};

static const struct file_ops ep_ops;

static void hook_fired(struct wait_entry *we)
{
	struct ep_hook *h = (struct ep_hook *)we;
	h->item->triggered = true;
	wake_up(&h->item->ep->wq);
}

static void hook_queue(struct poll_table *pt, struct waitqueue *wq)
{
	struct epitem *it = pt->priv;
	struct ep_hook *h = calloc(1, sizeof(*h));
	if (!h)
		return;
	h->we.func = hook_fired;
	h->item = it;
	wait_entry_add(wq, &h->we);
	h->next = it->hooks;
	it->hooks = h;
}

/* The item's file's readiness, filtered by its interest. */
static unsigned item_poll(struct epitem *it)
{
	struct file *f = it->file;
	unsigned mask = f->ops && f->ops->poll ? f->ops->poll(f, NULL)
					       : POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
	return mask & (it->events | EPOLLERR | EPOLLHUP);
}

static void item_unhook(struct epitem *it)
{
	struct ep_hook *h = it->hooks;
	while (h) {
		struct ep_hook *next = h->next;
		wait_entry_remove(&h->we);
		free(h);
		h = next;
	}
	it->hooks = NULL;
}

static void item_free(struct epitem *it)
{
	item_unhook(it);
	TAILQ_REMOVE(&it->ep->items, it, link);
	it->ep->nitems--;
	TAILQ_REMOVE(&it->file->ep_items, it, file_link);
	free(it);
}

void eventpoll_release_file(struct file *f)
{
	struct epitem *it;
	while ((it = TAILQ_FIRST(&f->ep_items)) != NULL)
		item_free(it);
}

static unsigned ep_poll(struct file *f, struct poll_table *pt)
{
	struct eventpoll *ep = f->priv;
	poll_wait(pt, &ep->wq);
	struct epitem *it;
	TAILQ_FOREACH(it, &ep->items, link)
	{
		if (it->disabled)
			continue;
		if ((it->events & EPOLLET) && !it->triggered)
			continue;
		if (item_poll(it))
			return POLLIN | POLLRDNORM;
	}
	return 0;
}

static void ep_release(struct file *f)
{
	struct eventpoll *ep = f->priv;
	struct epitem *it;
	while ((it = TAILQ_FIRST(&ep->items)) != NULL)
		item_free(it);
	wake_up(&ep->wq);
	free(ep);
}

static int ep_stat(struct file *f, struct stat *st)
{
	(void)f;
	memset(st, 0, sizeof(*st));
	st->st_mode = 0600;
	st->st_nlink = 1;
	st->st_blksize = 4096;
	return 0;
}

static const struct file_ops ep_ops = {
	.poll = ep_poll,
	.release = ep_release,
	.stat = ep_stat,
	.anon_name = "[eventpoll]",
};

struct file *eventpoll_create(int flags)
{
	struct eventpoll *ep = calloc(1, sizeof(*ep));
	if (!ep)
		return NULL;
	TAILQ_INIT(&ep->items);
	waitqueue_init(&ep->wq);
	struct file *f = file_alloc(&ep_ops, O_RDWR | (flags & O_NONBLOCK), ep);
	if (!f) {
		free(ep);
		return NULL;
	}
	f->stream = true;
	ep->self = f;
	return f;
}

bool is_eventpoll(const struct file *f)
{
	return f && f->ops == &ep_ops;
}

/* Would adding @target to @ep make a loop, or nest too deep? */
static bool creates_loop(struct eventpoll *ep, struct file *target, int depth)
{
	if (depth > EP_MAX_NESTS)
		return true;
	if (!is_eventpoll(target))
		return false;
	struct eventpoll *inner = target->priv;
	if (inner == ep)
		return true;
	struct epitem *it;
	TAILQ_FOREACH(it, &inner->items, link)
	{
		if (creates_loop(ep, it->file, depth + 1))
			return true;
	}
	return false;
}

static struct epitem *find_item(struct eventpoll *ep, struct file *f, int fd)
{
	struct epitem *it;
	TAILQ_FOREACH(it, &ep->items, link)
	{
		if (it->file == f && it->fd == fd)
			return it;
	}
	return NULL;
}

int eventpoll_ctl(struct file *epf, int op, int fd, struct file *f, const struct epoll_event *ev)
{
	struct eventpoll *ep = epf->priv;
	struct epitem *it = find_item(ep, f, fd);
	uint32_t events = ev ? ev->events : 0;
	/* epoll_ctl's checks of EPOLLEXCLUSIVE. */
	if (ev && (events & EPOLLEXCLUSIVE)) {
		if (op == EPOLL_CTL_MOD)
			return -EINVAL;
		if (op == EPOLL_CTL_ADD &&
		    (is_eventpoll(f) || (events & ~(uint32_t)(EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP |
							     EPOLLWAKEUP | EPOLLET | EPOLLEXCLUSIVE))))
			return -EINVAL;
	}
	switch (op) {
	case EPOLL_CTL_ADD: {
		if (it)
			return -EEXIST;
		if (creates_loop(ep, f, 0))
			return -ELOOP;
		it = calloc(1, sizeof(*it));
		if (!it)
			return -ENOMEM;
		it->ep = ep;
		it->file = f;
		it->fd = fd;
		it->events = (events & ~(uint32_t)EPOLLWAKEUP) | EPOLLERR | EPOLLHUP;
		it->data = ev->data.u64;
		it->triggered = true; /* report current readiness once */
		TAILQ_INSERT_TAIL(&ep->items, it, link);
		ep->nitems++;
		TAILQ_INSERT_TAIL(&f->ep_items, it, file_link);
		struct poll_table pt = {.queue = hook_queue, .priv = it};
		if (f->ops && f->ops->poll)
			f->ops->poll(f, &pt);
		if (item_poll(it))
			wake_up(&ep->wq);
		return 0;
	}
	case EPOLL_CTL_MOD:
		if (!it)
			return -ENOENT;
		if (it->events & EPOLLEXCLUSIVE)
			return -EINVAL;
		it->events = (events & ~(uint32_t)EPOLLWAKEUP) | EPOLLERR | EPOLLHUP;
		it->data = ev->data.u64;
		it->disabled = false;
		it->triggered = true;
		if (item_poll(it))
			wake_up(&ep->wq);
		return 0;
	case EPOLL_CTL_DEL:
		if (!it)
			return -ENOENT;
		item_free(it);
		return 0;
	default:
		return -EINVAL;
	}
}

int eventpoll_collect(struct file *epf, struct epoll_event *out, int max)
{
	struct eventpoll *ep = epf->priv;
	int n = 0;
	struct epitem *it, *next;
	TAILQ_HEAD(, epitem) reported = TAILQ_HEAD_INITIALIZER(reported);
	TAILQ_FOREACH_SAFE(it, &ep->items, link, next)
	{
		if (n >= max)
			break;
		if (it->disabled)
			continue;
		bool et = it->events & EPOLLET;
		if (et && !it->triggered)
			continue;
		unsigned mask = item_poll(it);
		if (!mask) {
			it->triggered = false;
			continue;
		}
		out[n].events = mask;
		out[n].data.u64 = it->data;
		n++;
		if (et)
			it->triggered = false;
		if (it->events & EPOLLONESHOT)
			it->disabled = true;
		/* Reported level-triggered items go to the back, in their
		 * order (ep_send_events puts them back on the ready list's
		 * tail): the next call starts with the others. */
		if (!et) {
			TAILQ_REMOVE(&ep->items, it, link);
			TAILQ_INSERT_TAIL(&reported, it, link);
		}
	}
	TAILQ_CONCAT(&ep->items, &reported, link);
	return n;
}

int eventpoll_count(struct file *epf)
{
	return ((struct eventpoll *)epf->priv)->nitems;
}

struct waitqueue *eventpoll_waitqueue(struct file *epf)
{
	return &((struct eventpoll *)epf->priv)->wq;
}
