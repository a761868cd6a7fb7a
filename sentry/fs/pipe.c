/* Pipes (fs/pipe.c): a ring of page-sized buffers, as Linux keeps them, so
 * that capacity, PIPE_BUF atomicity and the merging of small writes behave
 * the same: a write of at most a page either fits whole (merged into the
 * last buffer or in a free one) or waits. */
#define _GNU_SOURCE
#include "pipe.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>

#include "../kernel/signal.h"
#include "../kernel/task.h"
#include "../kernel/wait.h"
#include "../mm/mm.h"
#include "../mm/uio.h"
#include "file.h"

#define PIPE_DEF_BUFFERS 16
#define PIPE_MAX_SIZE    (1024 * 1024) /* fs.pipe-max-size */

struct pipe_buf {
	char *page;
	unsigned offset, len;
	bool can_merge;
};

struct pipe {
	struct pipe_buf *bufs;
	unsigned nbufs;      /* ring size = max_usage */
	unsigned head, tail; /* free-running; used = head - tail */
	int readers, writers;
	bool packet;          /* O_DIRECT: each write is a packet */
	struct waitqueue wq;  /* readers and writers wait here */
	uint64_t ino;
	uid_t uid;
	gid_t gid;
	struct timespec ctime;
};

struct pipe_end {
	struct pipe *pipe;
	bool read_end;
};

static uint64_t next_ino = 1000;

static unsigned used(const struct pipe *p)
{
	return p->head - p->tail;
}

static bool full(const struct pipe *p)
{
	return used(p) >= p->nbufs;
}

size_t pipe_bytes(const struct pipe *p)
{
	size_t n = 0;
	for (unsigned i = p->tail; i != p->head; i++)
		n += p->bufs[i % p->nbufs].len;
	return n;
}

static void pipe_free(struct pipe *p)
{
	for (unsigned i = 0; i < p->nbufs; i++)
		free(p->bufs[i].page);
	free(p->bufs);
	free(p);
}

static ssize_t pipe_read(struct task *t, struct file *f, struct uio *to, int64_t *pos)
{
	(void)t;
	(void)pos;
	struct pipe *p = ((struct pipe_end *)f->priv)->pipe;
	size_t total = 0;
	bool was_full = full(p);
	while (to->resid && used(p)) {
		struct pipe_buf *b = &p->bufs[p->tail % p->nbufs];
		size_t n = b->len < to->resid ? b->len : to->resid;
		ssize_t c = uio_copyout(to, b->page + b->offset, n);
		if (c < 0) {
			if (!total)
				total = (size_t)c;
			break;
		}
		b->offset += (unsigned)c;
		b->len -= (unsigned)c;
		total += (size_t)c;
		if (p->packet) /* a packet is read whole or its rest dropped */
			b->len = 0;
		if (b->len == 0) {
			free(b->page);
			b->page = NULL;
			p->tail++;
		}
		if (p->packet)
			break;
	}
	if (total && (ssize_t)total > 0) {
		if (was_full || used(p) < p->nbufs)
			wake_up(&p->wq);
		return (ssize_t)total;
	}
	if ((ssize_t)total < 0)
		return (ssize_t)total;
	if (p->writers == 0)
		return 0;
	return to->resid ? -EAGAIN : 0;
}

static ssize_t pipe_write(struct task *t, struct file *f, struct uio *from, int64_t *pos)
{
	(void)pos;
	struct pipe *p = ((struct pipe_end *)f->priv)->pipe;
	if (p->readers == 0) {
		send_sig_kernel(t, SIGPIPE, NULL, false);
		return -EPIPE;
	}
	size_t total = 0;
	bool was_empty = used(p) == 0;
	/* Merge the sub-page part of the write into the last buffer. */
	size_t chars = from->resid & (PAGE_SIZE - 1);
	if (chars && !was_empty && !p->packet) {
		struct pipe_buf *b = &p->bufs[(p->head - 1) % p->nbufs];
		unsigned off = b->offset + b->len;
		if (b->can_merge && off + chars <= PAGE_SIZE) {
			ssize_t c = uio_copyin(from, b->page + off, chars);
			if (c < 0)
				return c;
			b->len += (unsigned)c;
			total += (size_t)c;
			if (!from->resid)
				goto out;
		}
	}
	while (from->resid && !full(p)) {
		struct pipe_buf *b = &p->bufs[p->head % p->nbufs];
		b->page = malloc(PAGE_SIZE);
		if (!b->page)
			return total ? (ssize_t)total : -ENOMEM;
		size_t n = from->resid < PAGE_SIZE ? from->resid : PAGE_SIZE;
		ssize_t c = uio_copyin(from, b->page, n);
		if (c <= 0) {
			free(b->page);
			b->page = NULL;
			if (!total)
				total = c < 0 ? (size_t)c : 0;
			break;
		}
		b->offset = 0;
		b->len = (unsigned)c;
		b->can_merge = !p->packet;
		p->head++;
		total += (size_t)c;
	}
out:
	if ((ssize_t)total > 0) {
		wake_up(&p->wq);
		return (ssize_t)total;
	}
	if ((ssize_t)total < 0)
		return (ssize_t)total;
	return from->resid ? -EAGAIN : 0;
}

static unsigned pipe_poll(struct file *f, struct poll_table *pt)
{
	struct pipe_end *e = f->priv;
	struct pipe *p = e->pipe;
	poll_wait(pt, &p->wq);
	unsigned mask = 0;
	int acc = f->flags & O_ACCMODE;
	if (acc == O_RDONLY || acc == O_RDWR) {
		if (used(p))
			mask |= POLLIN | POLLRDNORM;
		if (!p->writers)
			mask |= POLLHUP;
	}
	if (acc == O_WRONLY || acc == O_RDWR) {
		if (!full(p))
			mask |= POLLOUT | POLLWRNORM;
		if (!p->readers)
			mask |= POLLERR;
	}
	return mask;
}

static int pipe_stat(struct file *f, struct stat *st)
{
	struct pipe *p = ((struct pipe_end *)f->priv)->pipe;
	memset(st, 0, sizeof(*st));
	st->st_dev = 0xe; /* pipefs */
	st->st_ino = p->ino;
	st->st_mode = S_IFIFO | 0600;
	st->st_nlink = 1;
	st->st_uid = p->uid;
	st->st_gid = p->gid;
	st->st_blksize = PAGE_SIZE;
	st->st_atim = st->st_mtim = st->st_ctim = p->ctime;
	return 0;
}

static long pipe_ioctl(struct task *t, struct file *f, unsigned int cmd, uint64_t arg)
{
	struct pipe *p = ((struct pipe_end *)f->priv)->pipe;
	if (cmd == FIONREAD) {
		int n = (int)pipe_bytes(p);
		return copy_to_user(t->mm, arg, &n, sizeof(n));
	}
	return -ENOTTY;
}

static void pipe_release(struct file *f)
{
	struct pipe_end *e = f->priv;
	struct pipe *p = e->pipe;
	int acc = f->flags & O_ACCMODE;
	if (acc == O_RDONLY || acc == O_RDWR)
		p->readers--;
	if (acc == O_WRONLY || acc == O_RDWR)
		p->writers--;
	/* Waking empties the queue: no sleeper keeps a pointer into @p. */
	wake_up(&p->wq);
	if (p->readers == 0 && p->writers == 0)
		pipe_free(p);
	free(e);
}

static const struct file_ops pipe_ops = {
	.read = pipe_read,
	.write = pipe_write,
	.poll = pipe_poll,
	.stat = pipe_stat,
	.ioctl = pipe_ioctl,
	.release = pipe_release,
};

static struct file *end_file(struct pipe *p, unsigned flags)
{
	struct pipe_end *e = calloc(1, sizeof(*e));
	if (!e)
		return NULL;
	e->pipe = p;
	struct file *f = file_alloc(&pipe_ops, flags, e);
	if (!f) {
		free(e);
		return NULL;
	}
	f->stream = true;
	return f;
}

int pipe_create(struct task *t, unsigned flags, struct file **rd, struct file **wr)
{
	struct pipe *p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->nbufs = PIPE_DEF_BUFFERS;
	p->bufs = calloc(p->nbufs, sizeof(*p->bufs));
	if (!p->bufs) {
		free(p);
		return -ENOMEM;
	}
	waitqueue_init(&p->wq);
	p->packet = flags & O_DIRECT;
	p->ino = next_ino++;
	p->uid = t->cred.fsuid;
	p->gid = t->cred.fsgid;
	clock_gettime(CLOCK_REALTIME, &p->ctime);
	unsigned status = flags & (O_NONBLOCK | O_DIRECT);
	*rd = end_file(p, O_RDONLY | status);
	*wr = end_file(p, O_WRONLY | status);
	if (!*rd || !*wr) {
		if (*rd)
			file_put(*rd);
		if (*wr)
			file_put(*wr);
		if (!*rd || !*wr) {
			pipe_free(p);
			return -ENOMEM;
		}
	}
	p->readers = 1;
	p->writers = 1;
	return 0;
}

struct pipe *pipe_of(struct file *f)
{
	return f && f->ops == &pipe_ops ? ((struct pipe_end *)f->priv)->pipe : NULL;
}

long pipe_get_size(struct pipe *p)
{
	return (long)p->nbufs * (long)PAGE_SIZE;
}

long pipe_set_size(struct task *t, struct pipe *p, uint64_t size)
{
	if (size > UINT_MAX)
		return -EINVAL;
	unsigned pages = (unsigned)((size + PAGE_SIZE - 1) / PAGE_SIZE);
	if (pages == 0)
		pages = 1;
	unsigned n = 1;
	while (n < pages)
		n <<= 1;
	if ((uint64_t)n * PAGE_SIZE > PIPE_MAX_SIZE && t->cred.euid != 0)
		return -EPERM;
	if (n < used(p))
		return -EBUSY;
	struct pipe_buf *nb = calloc(n, sizeof(*nb));
	if (!nb)
		return -ENOMEM;
	unsigned k = 0;
	for (unsigned i = p->tail; i != p->head; i++)
		nb[k++] = p->bufs[i % p->nbufs];
	free(p->bufs);
	p->bufs = nb;
	p->nbufs = n;
	p->tail = 0;
	p->head = k;
	wake_up(&p->wq);
	return (long)n * (long)PAGE_SIZE;
}
