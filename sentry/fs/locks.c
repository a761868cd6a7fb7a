#define _GNU_SOURCE
#include "locks.h"

#include <bsd/sys/queue.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "../kernel/task.h"
#include "../kernel/wait.h"
#include "file.h"
#include "procfs.h"
#include "vfs.h"

#define OFFSET_MAX INT64_MAX

struct file_lock {
	TAILQ_ENTRY(file_lock) link;
	struct inode *inode;
	int type;	    /* F_RDLCK or F_WRLCK */
	int64_t start, end; /* inclusive */
	bool flock;	    /* a flock(2) lock (whole file) */
	bool ofd;	    /* an OFD lock (F_OFD_SETLK) */
	void *owner;	    /* struct file * (flock, OFD) or struct thread_group * (POSIX) */
	pid_t pid;	    /* reported by F_GETLK: -1 for OFD locks */
};

static TAILQ_HEAD(file_lock_list, file_lock) all_locks = TAILQ_HEAD_INITIALIZER(all_locks);
static struct waitqueue lock_wq = {TAILQ_HEAD_INITIALIZER(lock_wq.waiters)};

/* A task waiting for a lock (Linux's blocked requests): what it wants,
 * for /proc/locks and so that a POSIX request can see the chain of owners
 * waiting on each other (posix_locks_deadlock).  An entry lives while its
 * task waits: each run of its flock or fcntl drops it first; a signal, the
 * task's death or the end of the open file it waits through drops it too. */
struct lock_waiter {
	TAILQ_ENTRY(lock_waiter) link;
	struct task *task;
	struct file *file;
	struct file_lock want;
};

static TAILQ_HEAD(, lock_waiter) blocked = TAILQ_HEAD_INITIALIZER(blocked);

/* Linux gives up looking for a cycle after this many owners
 * (MAX_DEADLK_ITERATIONS). */
#define MAX_DEADLK_ITERATIONS 10

static bool overlaps(const struct file_lock *l, int64_t start, int64_t end)
{
	return l->start <= end && start <= l->end;
}

static bool conflicts(const struct file_lock *l, const struct file_lock *want)
{
	if (l->inode != want->inode || l->flock != want->flock || l->owner == want->owner)
		return false;
	if (!overlaps(l, want->start, want->end))
		return false;
	return l->type == F_WRLCK || want->type == F_WRLCK;
}

static struct file_lock *find_conflict(const struct file_lock *want)
{
	struct file_lock *l;
	TAILQ_FOREACH(l, &all_locks, link)
	{
		if (conflicts(l, want))
			return l;
	}
	return NULL;
}

/* Remove @owner's locks on @ino in [start, end] (kind @flock), splitting
 * those that stick out. */
static int unlock_range(struct inode *ino, void *owner, bool flock, int64_t start, int64_t end)
{
	struct file_lock *l, *next;
	TAILQ_FOREACH_SAFE(l, &all_locks, link, next)
	{
		if (l->inode != ino || l->owner != owner || l->flock != flock ||
		    !overlaps(l, start, end))
			continue;
		if (l->start < start && l->end > end) {
			struct file_lock *hi = malloc(sizeof(*hi));
			if (!hi)
				return -ENOLCK;
			*hi = *l;
			hi->start = end + 1;
			l->end = start - 1;
			TAILQ_INSERT_AFTER(&all_locks, l, hi, link);
			continue;
		}
		if (l->start < start) {
			l->end = start - 1;
		} else if (l->end > end) {
			l->start = end + 1;
		} else {
			TAILQ_REMOVE(&all_locks, l, link);
			free(l);
		}
	}
	wake_up(&lock_wq);
	return 0;
}

static int add_lock(const struct file_lock *want)
{
	int r = unlock_range(want->inode, want->owner, want->flock, want->start, want->end);
	if (r < 0)
		return r;
	struct file_lock *l = malloc(sizeof(*l));
	if (!l)
		return -ENOLCK;
	*l = *want;
	TAILQ_INSERT_TAIL(&all_locks, l, link);
	return 0;
}

static void drop_waiter(struct task *t)
{
	struct lock_waiter *w;
	TAILQ_FOREACH(w, &blocked, link)
	{
		if (w->task == t) {
			TAILQ_REMOVE(&blocked, w, link);
			free(w);
			return;
		}
	}
}

static long lock_wait_interrupted(struct task *t)
{
	drop_waiter(t);
	return -ERESTARTSYS;
}

/* Wait, as a known waiter, for @want through @f. */
static long wait_lock(struct task *t, struct file *f, const struct file_lock *want)
{
	struct lock_waiter *w = malloc(sizeof(*w));
	if (!w)
		return -ENOLCK;
	w->task = t;
	w->file = f;
	w->want = *want;
	TAILQ_INSERT_TAIL(&blocked, w, link);
	t->sc.interrupt = lock_wait_interrupted;
	task_wait_on(t, &lock_wq);
	return -SBX_BLOCK;
}

/* Would @want, a POSIX lock blocked by @c, wait for its own owner?  Follow
 * the owners: the one holding @c may itself wait for a POSIX lock, held by
 * another that may wait, and so on (fs/locks.c posix_locks_deadlock). */
static bool posix_deadlock(const struct file_lock *want, const struct file_lock *c)
{
	for (int i = 0; i <= MAX_DEADLK_ITERATIONS; i++) {
		struct lock_waiter *w;
		TAILQ_FOREACH(w, &blocked, link)
		{
			if (!w->want.flock && !w->want.ofd && w->want.owner == c->owner)
				break;
		}
		if (!w || !(c = find_conflict(&w->want)))
			return false;
		if (c->owner == want->owner)
			return true;
	}
	return false;
}

long do_flock(struct task *t, struct file *f, int op)
{
	bool nb = op & LOCK_NB;
	op &= ~LOCK_NB;
	if (op != LOCK_SH && op != LOCK_EX && op != LOCK_UN)
		return -EINVAL;
	if (!f->inode)
		return -EINVAL;
	drop_waiter(t); /* a run after a wake-up: it asks anew */
	if (op == LOCK_UN)
		return unlock_range(f->inode, f, true, 0, OFFSET_MAX);
	struct file_lock want = {.inode = f->inode,
				 .type = op == LOCK_EX ? F_WRLCK : F_RDLCK,
				 .start = 0,
				 .end = OFFSET_MAX,
				 .flock = true,
				 .owner = f,
				 .pid = t->tg->tgid};
	if (find_conflict(&want))
		return nb ? -EWOULDBLOCK : wait_lock(t, f, &want);
	return add_lock(&want);
}

long do_posix_lock(struct task *t, struct file *f, int cmd, struct flock *fl)
{
	bool ofd = cmd == F_OFD_GETLK || cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW;
	bool get = cmd == F_GETLK || cmd == F_OFD_GETLK;
	bool wait = cmd == F_SETLKW || cmd == F_OFD_SETLKW;
	if (!f->inode)
		return -EINVAL;
	if (fl->l_type != F_RDLCK && fl->l_type != F_WRLCK && fl->l_type != F_UNLCK)
		return -EINVAL;
	if (ofd && fl->l_pid != 0)
		return -EINVAL;
	int64_t base;
	switch (fl->l_whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = f->pos;
		break;
	case SEEK_END: {
		struct stat st;
		if (!f->ops->stat || f->ops->stat(f, &st) < 0)
			return -EINVAL;
		base = st.st_size;
		break;
	}
	default:
		return -EINVAL;
	}
	int64_t start = base + fl->l_start, end;
	if (fl->l_len > 0) {
		end = start + fl->l_len - 1;
	} else if (fl->l_len < 0) {
		end = start - 1;
		start += fl->l_len;
	} else {
		end = OFFSET_MAX;
	}
	if (start < 0)
		return -EINVAL;
	if (!get && fl->l_type != F_UNLCK) {
		int acc = f->flags & O_ACCMODE;
		if ((fl->l_type == F_RDLCK && acc == O_WRONLY) ||
		    (fl->l_type == F_WRLCK && acc == O_RDONLY))
			return -EBADF;
	}
	void *owner = ofd ? (void *)f : (void *)t->tg;
	struct file_lock want = {.inode = f->inode,
				 .type = fl->l_type,
				 .start = start,
				 .end = end,
				 .ofd = ofd,
				 .owner = owner,
				 .pid = ofd ? -1 : t->tg->tgid};
	if (get) {
		if (fl->l_type == F_UNLCK)
			return -EINVAL;
		struct file_lock *c = find_conflict(&want);
		if (!c) {
			fl->l_type = F_UNLCK;
			return 0;
		}
		fl->l_type = (short)c->type;
		fl->l_whence = SEEK_SET;
		fl->l_start = c->start;
		fl->l_len = c->end == OFFSET_MAX ? 0 : c->end - c->start + 1;
		fl->l_pid = c->pid;
		return 0;
	}
	if (fl->l_type == F_UNLCK)
		return unlock_range(f->inode, owner, false, start, end);
	drop_waiter(t); /* a run after a wake-up: it asks anew */
	struct file_lock *c = find_conflict(&want);
	if (c && !wait)
		return -EAGAIN;
	if (c && !ofd && posix_deadlock(&want, c))
		return -EDEADLK;
	if (c)
		return wait_lock(t, f, &want);
	return add_lock(&want);
}

void locks_release_file(struct file *f)
{
	struct lock_waiter *w, *next;
	TAILQ_FOREACH_SAFE(w, &blocked, link, next)
	{
		if (w->file == f) {
			TAILQ_REMOVE(&blocked, w, link);
			free(w);
		}
	}
	if (!f->inode)
		return;
	unlock_range(f->inode, f, true, 0, OFFSET_MAX);
	unlock_range(f->inode, f, false, 0, OFFSET_MAX);
}

void locks_release_posix(struct thread_group *tg, struct inode *ino)
{
	struct file_lock *l, *next;
	bool any = false;
	TAILQ_FOREACH_SAFE(l, &all_locks, link, next)
	{
		if (l->owner == tg && !l->flock && (!ino || l->inode == ino)) {
			TAILQ_REMOVE(&all_locks, l, link);
			free(l);
			any = true;
		}
	}
	if (any)
		wake_up(&lock_wq);
}

/* One line of /proc/locks (fs/locks.c lock_get_status). */
static void show_lock(struct sbuf *b, int id, const struct file_lock *l, bool waiter)
{
	struct stat st = {0};
	if (l->inode->iops->getattr)
		l->inode->iops->getattr(l->inode, &st);
	sbuf_printf(b, "%d: %s%s %s %d %02x:%02x:%llu ", id, waiter ? "-> " : "",
		    l->flock ? "FLOCK  ADVISORY "
		    : l->ofd ? "OFDLCK ADVISORY "
			     : "POSIX  ADVISORY ",
		    l->type == F_WRLCK ? "WRITE" : "READ", l->pid, major(st.st_dev),
		    minor(st.st_dev), (unsigned long long)st.st_ino);
	if (l->flock || l->end == OFFSET_MAX)
		sbuf_printf(b, "%lld EOF\n", l->flock ? 0LL : (long long)l->start);
	else
		sbuf_printf(b, "%lld %lld\n", (long long)l->start, (long long)l->end);
}

int locks_proc_gen(struct task *viewer, struct task *t, int arg, struct sbuf *b)
{
	(void)viewer, (void)t, (void)arg;
	int id = 0;
	struct file_lock *l;
	TAILQ_FOREACH_REVERSE(l, &all_locks, file_lock_list, link)
	{
		show_lock(b, ++id, l, false);
		struct lock_waiter *w;
		TAILQ_FOREACH(w, &blocked, link)
		{
			if (find_conflict(&w->want) == l)
				show_lock(b, id, &w->want, true);
		}
	}
	return 0;
}
