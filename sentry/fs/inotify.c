/* inotify (fs/notify/inotify/inotify_user.c, inotify_fsnotify.c) and the
 * fsnotify hooks the VFS calls (include/linux/fsnotify.h).  See fsnotify.h. */
#define _GNU_SOURCE
#include "fsnotify.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

#include "../confine/host.h"
#include "../kernel/task.h"
#include "../kernel/wait.h"
#include "../mm/mm.h"
#include "../mm/uio.h"
#include "fasync.h"
#include "file.h"
#include "vfs.h"

/* fs.inotify.max_queued_events and max_user_watches: the host's. */
static int host_limit(const char *path, int dflt, int *cache)
{
	if (!*cache) {
		*cache = dflt;
		FILE *f = host_fopen(path, "re");
		if (f) {
			if (fscanf(f, "%d", cache) != 1 || *cache <= 0)
				*cache = dflt;
			fclose(f);
		}
	}
	return *cache;
}

static int max_queued_events(void)
{
	static int v;
	return host_limit("/proc/sys/fs/inotify/max_queued_events", 16384, &v);
}

static int max_user_watches(void)
{
	static int v;
	return host_limit("/proc/sys/fs/inotify/max_user_watches", 8192, &v);
}

struct inotify;

struct watch {
	TAILQ_ENTRY(watch) link;  /* in its instance */
	TAILQ_ENTRY(watch) glink; /* in all_watches */
	struct inotify *in;
	int wd;
	const struct super_block *sb;
	uint64_t ino;
	uint32_t mask;
};

struct event {
	TAILQ_ENTRY(event) link;
	int wd;
	uint32_t mask, cookie;
	uint32_t len; /* of name[], padded as read(2) gives it */
	char name[];
};

struct inotify {
	TAILQ_HEAD(, watch) watches;
	TAILQ_HEAD(event_q, event) events;
	size_t nevents, bytes;
	int next_wd;
	struct waitqueue wq;
};

static TAILQ_HEAD(, watch) all_watches = TAILQ_HEAD_INITIALIZER(all_watches);
static int nwatches;
bool fsnotify_watching;

/* --- the event queue -------------------------------------------------------- */

static size_t event_size(const struct event *e)
{
	return sizeof(struct inotify_event) + e->len;
}

/* Queue an event (inotify_handle_inode_event): one the same as the last
 * queued is dropped (inotify_merge), and past the limit a single
 * IN_Q_OVERFLOW stands for what is lost. */
static void queue_event(struct inotify *in, int wd, uint32_t mask, uint32_t cookie,
			const char *name)
{
	size_t nlen = name && *name ? strlen(name) : 0;
	uint32_t len = nlen
			   ? (uint32_t)((nlen + 1 + sizeof(struct inotify_event) - 1) /
					sizeof(struct inotify_event) * sizeof(struct inotify_event))
			   : 0;
	struct event *last = TAILQ_LAST(&in->events, event_q);
	if (in->nevents >= (size_t)max_queued_events()) {
		if (last && last->mask == IN_Q_OVERFLOW)
			return;
		wd = -1;
		mask = IN_Q_OVERFLOW;
		cookie = 0;
		nlen = len = 0;
	} else if (last && last->wd == wd && last->mask == mask && last->cookie == cookie &&
		   ((!nlen && !last->len) || (nlen && last->len && !strcmp(last->name, name)))) {
		return;
	}
	struct event *e = calloc(1, sizeof(*e) + len);
	if (!e)
		return;
	e->wd = wd;
	e->mask = mask;
	e->cookie = cookie;
	e->len = len;
	if (nlen)
		memcpy(e->name, name, nlen);
	TAILQ_INSERT_TAIL(&in->events, e, link);
	in->nevents++;
	in->bytes += event_size(e);
	wake_up(&in->wq);
}

static void watch_free(struct watch *w, bool ignored)
{
	struct inotify *in = w->in;
	if (ignored)
		queue_event(in, w->wd, IN_IGNORED, 0, NULL);
	TAILQ_REMOVE(&in->watches, w, link);
	TAILQ_REMOVE(&all_watches, w, glink);
	nwatches--;
	fsnotify_watching = nwatches > 0 || dnotify_count > 0;
	free(w);
}

/* --- the hooks ------------------------------------------------------------------ */

static bool same(const struct watch *w, const struct inode *ino)
{
	return w->sb == ino->sb && w->ino == ino->ino;
}

/* Hand @mask to every watch of @ino (with @name: an event about a child). */
static void send(const struct inode *ino, uint32_t mask, uint32_t cookie, const char *name)
{
	if (dnotify_count)
		dnotify_event(ino, mask);
	struct watch *w, *next;
	TAILQ_FOREACH_SAFE(w, &all_watches, glink, next)
	{
		if (!same(w, ino) || !(w->mask & mask & IN_ALL_EVENTS))
			continue;
		queue_event(w->in, w->wd, mask, cookie, name);
		if (w->mask & IN_ONESHOT)
			watch_free(w, true);
	}
}

static uint32_t isdir(const struct inode *ino)
{
	return S_ISDIR(ino->mode) ? IN_ISDIR : 0;
}

void fsnotify_dentry(struct dentry *d, uint32_t mask)
{
	if (!fsnotify_watching || !d || !d->inode)
		return;
	mask |= isdir(d->inode);
	/* The parent's watches first, as fsnotify_handle_event sends them. */
	if (d->parent && d->parent->inode && d->parent != d)
		send(d->parent->inode, mask, 0, d->name);
	send(d->inode, mask, 0, NULL);
}

void fsnotify_inode(struct inode *ino, uint32_t mask)
{
	if (!fsnotify_watching || !ino)
		return;
	send(ino, mask | isdir(ino), 0, NULL);
}

void fsnotify_name(struct inode *dir, const char *name, uint32_t mask, bool dir_entry,
		   uint32_t cookie)
{
	if (!fsnotify_watching || !dir)
		return;
	send(dir, mask | (dir_entry ? IN_ISDIR : 0), cookie, name);
}

void fsnotify_delete_self(struct inode *ino)
{
	if (!fsnotify_watching || !ino)
		return;
	send(ino, IN_DELETE_SELF | isdir(ino), 0, NULL);
	struct watch *w, *next;
	TAILQ_FOREACH_SAFE(w, &all_watches, glink, next)
	{
		if (same(w, ino))
			watch_free(w, true);
	}
}

uint32_t fsnotify_cookie(void)
{
	static uint32_t cookie;
	if (++cookie == 0)
		cookie = 1;
	return cookie;
}

/* Files opened by a path in the tree (not pipes, sockets, O_PATH). */
static struct dentry *watched_dentry(struct file *f)
{
	struct dentry *d = f->path.dentry;
	if (!fsnotify_watching || !d || !d->inode || (d->sb && d->sb->anon) ||
	    f->ops == &path_only_fops)
		return NULL;
	return d;
}

void fsnotify_open(struct file *f)
{
	f->notify_open = true; /* its close is an event too */
	struct dentry *d = watched_dentry(f);
	if (d)
		fsnotify_dentry(d, IN_OPEN);
}

void fsnotify_file(struct file *f, uint32_t mask)
{
	struct dentry *d = watched_dentry(f);
	if (d)
		fsnotify_dentry(d, mask);
}

void fsnotify_close(struct file *f)
{
	struct dentry *d = f->notify_open ? watched_dentry(f) : NULL;
	if (!d)
		return;
	int acc = f->flags & O_ACCMODE;
	fsnotify_dentry(d, acc == O_WRONLY || acc == O_RDWR ? IN_CLOSE_WRITE : IN_CLOSE_NOWRITE);
}

/* --- the inotify file ------------------------------------------------------------ */

static const struct file_ops inotify_ops;

bool is_inotify(const struct file *f)
{
	return f && f->ops == &inotify_ops;
}

static ssize_t in_read(struct task *t, struct file *f, struct uio *to, int64_t *pos)
{
	(void)t;
	(void)pos;
	struct inotify *in = f->priv;
	struct event *e = TAILQ_FIRST(&in->events);
	if (!e)
		return -EAGAIN;
	if (to->resid < event_size(e))
		return -EINVAL; /* not even the first event fits */
	size_t done = 0;
	while ((e = TAILQ_FIRST(&in->events)) && to->resid >= event_size(e)) {
		struct inotify_event h = {
		    .wd = e->wd, .mask = e->mask, .cookie = e->cookie, .len = e->len};
		ssize_t c = uio_copyout(to, &h, sizeof(h));
		if (c == (ssize_t)sizeof(h) && e->len)
			c = uio_copyout(to, e->name, e->len);
		if (c < 0)
			return done ? (ssize_t)done : c;
		done += event_size(e);
		in->bytes -= event_size(e);
		in->nevents--;
		TAILQ_REMOVE(&in->events, e, link);
		free(e);
	}
	return (ssize_t)done;
}

static unsigned in_poll(struct file *f, struct poll_table *pt)
{
	struct inotify *in = f->priv;
	poll_wait(pt, &in->wq);
	return TAILQ_EMPTY(&in->events) ? 0 : POLLIN | POLLRDNORM;
}

static long in_ioctl(struct task *t, struct file *f, unsigned int cmd, uint64_t arg)
{
	struct inotify *in = f->priv;
	if (cmd != FIONREAD)
		return -ENOTTY;
	int n = (int)in->bytes;
	return copy_to_user(t->mm, arg, &n, sizeof(n));
}

static int in_stat(struct file *f, struct stat *st)
{
	(void)f;
	memset(st, 0, sizeof(*st));
	st->st_mode = 0600; /* an anonymous inode */
	st->st_nlink = 1;
	st->st_blksize = 4096;
	return 0;
}

static void in_release(struct file *f)
{
	struct inotify *in = f->priv;
	struct watch *w;
	while ((w = TAILQ_FIRST(&in->watches)))
		watch_free(w, false);
	struct event *e;
	while ((e = TAILQ_FIRST(&in->events))) {
		TAILQ_REMOVE(&in->events, e, link);
		free(e);
	}
	wake_up(&in->wq);
	free(in);
}

static const struct file_ops inotify_ops = {
    .read = in_read,
    .poll = in_poll,
    .ioctl = in_ioctl,
    .stat = in_stat,
    .release = in_release,
    .anon_name = "inotify",
};

struct file *inotify_create(unsigned flags)
{
	struct inotify *in = calloc(1, sizeof(*in));
	if (!in)
		return NULL;
	TAILQ_INIT(&in->watches);
	TAILQ_INIT(&in->events);
	waitqueue_init(&in->wq);
	in->next_wd = 1;
	struct file *f = file_alloc(&inotify_ops, O_RDONLY | (flags & O_NONBLOCK), in);
	if (!f) {
		free(in);
		return NULL;
	}
	f->stream = true;
	return f;
}

int inotify_add(struct file *f, struct dentry *d, uint32_t mask)
{
	struct inotify *in = f->priv;
	struct inode *ino = d->inode;
	struct watch *w;
	TAILQ_FOREACH(w, &in->watches, link)
	{
		if (!same(w, ino))
			continue;
		/* inotify_update_existing_watch */
		if (mask & IN_MASK_CREATE)
			return -EEXIST;
		uint32_t keep = (mask & IN_MASK_ADD) ? w->mask : 0;
		w->mask = keep | (mask & (IN_ALL_EVENTS | IN_ONESHOT | IN_EXCL_UNLINK));
		return w->wd;
	}
	if (nwatches >= max_user_watches())
		return -ENOSPC;
	w = calloc(1, sizeof(*w));
	if (!w)
		return -ENOMEM;
	w->in = in;
	w->wd = in->next_wd++;
	w->sb = ino->sb;
	w->ino = ino->ino;
	w->mask = mask & (IN_ALL_EVENTS | IN_ONESHOT | IN_EXCL_UNLINK);
	TAILQ_INSERT_TAIL(&in->watches, w, link);
	TAILQ_INSERT_TAIL(&all_watches, w, glink);
	nwatches++;
	fsnotify_watching = true;
	return w->wd;
}

int inotify_rm(struct file *f, int wd)
{
	struct inotify *in = f->priv;
	struct watch *w;
	TAILQ_FOREACH(w, &in->watches, link)
	{
		if (w->wd == wd) {
			watch_free(w, true);
			return 0;
		}
	}
	return -EINVAL;
}
