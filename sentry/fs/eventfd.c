/* eventfd (fs/eventfd.c): a 64-bit counter.  A write adds to it (waiting
 * while the sum would pass 0xfffffffffffffffe), a read takes all of it (or
 * one, EFD_SEMAPHORE), waiting while it is zero. */
#define _GNU_SOURCE
#include "eventfd.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../kernel/task.h"
#include "../kernel/wait.h"
#include "../mm/uio.h"
#include "file.h"

#define EFD_MAX UINT64_MAX

struct eventfd {
	uint64_t count;
	bool semaphore;
	struct waitqueue wq;
};

static ssize_t efd_read(struct task *t, struct file *f, struct uio *to, int64_t *pos)
{
	(void)t;
	(void)pos;
	struct eventfd *e = f->priv;
	if (to->resid < sizeof(uint64_t))
		return -EINVAL;
	if (e->count == 0)
		return -EAGAIN;
	uint64_t v = e->semaphore ? 1 : e->count;
	ssize_t c = uio_copyout(to, &v, sizeof(v));
	if (c < 0)
		return c;
	if (c != sizeof(v))
		return -EFAULT;
	e->count -= v;
	wake_up(&e->wq);
	return sizeof(v);
}

static ssize_t efd_write(struct task *t, struct file *f, struct uio *from, int64_t *pos)
{
	(void)t;
	(void)pos;
	struct eventfd *e = f->priv;
	/* Exactly 8 bytes, as Linux checks since 6.10 (before: at least 8). */
	if (from->resid != sizeof(uint64_t))
		return -EINVAL;
	uint64_t v;
	struct uio save = *from;
	ssize_t c = uio_copyin(from, &v, sizeof(v));
	if (c < 0)
		return c;
	if (c != sizeof(v))
		return -EFAULT;
	if (v == EFD_MAX)
		return -EINVAL;
	if (EFD_MAX - e->count <= v) {
		*from = save; /* nothing taken: the retry reads it again */
		return -EAGAIN;
	}
	e->count += v;
	if (v)
		wake_up(&e->wq);
	return sizeof(v);
}

static unsigned efd_poll(struct file *f, struct poll_table *pt)
{
	struct eventfd *e = f->priv;
	poll_wait(pt, &e->wq);
	unsigned mask = 0;
	if (e->count > 0)
		mask |= POLLIN | POLLRDNORM;
	if (e->count == EFD_MAX)
		mask |= POLLERR;
	if (EFD_MAX - 1 > e->count)
		mask |= POLLOUT | POLLWRNORM;
	return mask;
}

static int efd_stat(struct file *f, struct stat *st)
{
	(void)f;
	memset(st, 0, sizeof(*st));
	st->st_mode = 0600; /* an anonymous inode */
	st->st_nlink = 1;
	st->st_blksize = 4096;
	return 0;
}

static void efd_release(struct file *f)
{
	struct eventfd *e = f->priv;
	wake_up(&e->wq);
	free(e);
}

static const struct file_ops eventfd_ops = {
	.read = efd_read,
	.write = efd_write,
	.poll = efd_poll,
	.stat = efd_stat,
	.release = efd_release,
	.anon_name = "[eventfd]",
};

bool is_eventfd(const struct file *f)
{
	return f && f->ops == &eventfd_ops;
}

void eventfd_add(struct file *f, uint64_t n)
{
	struct eventfd *e = f->priv;
	if (EFD_MAX - e->count < n)
		n = EFD_MAX - e->count;
	e->count += n;
	if (n)
		wake_up(&e->wq);
}

struct file *eventfd_create(uint64_t count, bool semaphore, unsigned flags)
{
	struct eventfd *e = calloc(1, sizeof(*e));
	if (!e)
		return NULL;
	e->count = count;
	e->semaphore = semaphore;
	waitqueue_init(&e->wq);
	struct file *f = file_alloc(&eventfd_ops, O_RDWR | (flags & O_NONBLOCK), e);
	if (!f) {
		free(e);
		return NULL;
	}
	f->stream = true;
	return f;
}
