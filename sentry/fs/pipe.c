/* Pipes (fs/pipe.c): a ring of page-sized buffers, as Linux keeps them, so
 * that capacity, PIPE_BUF atomicity and the merging of small writes behave
 * the same: a write of at most a page either fits whole (merged into the
 * last buffer or in a free one) or waits. */
#define _GNU_SOURCE
#include "../kernel/det.h"
#include "pipe.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <stdio.h>
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
	bool fifo; /* owned by a FIFO inode: freed with it, not with its ends */
	unsigned r_counter, w_counter; /* opens so far, for fifo_open's waits */
};

struct pipe_end {
	struct pipe *pipe;
	unsigned partner_mark; /* FIFO: the other end's open count when we came */
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
		send_sig_noinfo(t, SIGPIPE);
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
	if (f->inode && f->inode->iops && f->inode->iops->getattr)
		return f->inode->iops->getattr(f->inode, st); /* a FIFO */
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
	if (p->readers == 0 && p->writers == 0 && !p->fifo)
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

static struct pipe *pipe_alloc(void)
{
	struct pipe *p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->nbufs = PIPE_DEF_BUFFERS;
	p->bufs = calloc(p->nbufs, sizeof(*p->bufs));
	if (!p->bufs) {
		free(p);
		return NULL;
	}
	waitqueue_init(&p->wq);
	p->ino = next_ino++;
	clock_realtime(&p->ctime);
	return p;
}

/* fifo_open: count this end, and say whether it must wait for the other
 * (a blocking reader without writers, a blocking writer without readers). */
int pipe_fifo_open(struct inode *ino, struct file *f, int flags)
{
	/* An anonymous pipe opened again (/proc/<pid>/fd/<n>) never waits
	 * for a partner nor fails with ENXIO (fifo_open's is_pipe). */
	bool is_pipe = ino->sb && ino->sb->anon;
	if (!ino->pipe) {
		ino->pipe = pipe_alloc();
		if (!ino->pipe)
			return -ENOMEM;
		ino->pipe->fifo = true;
	}
	struct pipe *p = ino->pipe;
	struct pipe_end *e = calloc(1, sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->pipe = p;
	int acc = flags & O_ACCMODE;
	bool nonblock = flags & O_NONBLOCK;
	if (!is_pipe && acc == O_WRONLY && nonblock && p->readers == 0) {
		free(e);
		return -ENXIO;
	}
	f->ops = &pipe_ops;
	f->priv = e;
	f->stream = true;
	int wait = 0;
	if (acc == O_RDONLY || acc == O_RDWR) {
		p->readers++;
		p->r_counter++;
	}
	if (acc == O_WRONLY || acc == O_RDWR) {
		p->writers++;
		p->w_counter++;
	}
	if (!is_pipe && acc == O_RDONLY && !nonblock && p->writers == 0)
		wait = 1;
	if (!is_pipe && acc == O_WRONLY && p->readers == 0)
		wait = 1;
	e->partner_mark = acc == O_RDONLY ? p->w_counter : p->r_counter;
	wake_up(&p->wq);
	return wait;
}

int pipe_fifo_partner(struct file *f)
{
	struct pipe_end *e = f->priv;
	struct pipe *p = e->pipe;
	int acc = f->flags & O_ACCMODE;
	/* Any opening of the other end since we came counts, even if it was
	 * closed again already (wait_for_partner). */
	if (acc == O_RDONLY)
		return p->writers > 0 || p->w_counter != e->partner_mark;
	return p->readers > 0 || p->r_counter != e->partner_mark;
}

struct waitqueue *pipe_waitqueue(struct file *f)
{
	return &((struct pipe_end *)f->priv)->pipe->wq;
}

void pipe_fifo_evict(struct inode *ino)
{
	struct pipe *p = ino->pipe;
	ino->pipe = NULL;
	if (p->readers == 0 && p->writers == 0)
		pipe_free(p);
	else
		p->fifo = false; /* freed by its last end */
}

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

static struct super_block *pipefs;

static int pipefs_getattr(struct inode *ino, struct stat *st)
{
	struct pipe *p = ino->pipe;
	memset(st, 0, sizeof(*st));
	st->st_dev = ino->sb->dev;
	st->st_ino = ino->ino;
	st->st_mode = ino->mode;
	st->st_nlink = 1;
	st->st_uid = ino->uid;
	st->st_gid = ino->gid;
	st->st_blksize = PAGE_SIZE;
	if (p)
		st->st_atim = st->st_mtim = st->st_ctim = p->ctime;
	return 0;
}

static int pipefs_open(struct dentry *d, struct file *f, int flags)
{
	(void)d;
	/* Opening /proc/<pid>/fd/<n> of a pipe: one more end of it, with
	 * a FIFO's rules. */
	return pipe_fifo_open(f->inode, f, flags);
}

static void pipefs_evict(struct inode *ino)
{
	if (ino->pipe)
		pipe_fifo_evict(ino);
}

static const struct inode_ops pipefs_iops = {
	.getattr = pipefs_getattr,
	.open = pipefs_open,
	.evict = pipefs_evict,
};

int pipe_create(struct task *t, unsigned flags, struct file **rd, struct file **wr)
{
	if (!pipefs && !(pipefs = anon_sb_new("pipefs")))
		return -ENOMEM;
	struct pipe *p = pipe_alloc();
	if (!p)
		return -ENOMEM;
	p->packet = flags & O_DIRECT;
	p->uid = t->cred.fsuid;
	p->gid = t->cred.fsgid;
	/* The pipe lives as long as its inode: every end holds it. */
	struct inode *ino = inode_new(pipefs, S_IFIFO | 0600, &pipefs_iops, NULL);
	if (!ino) {
		pipe_free(p);
		return -ENOMEM;
	}
	ino->ino = p->ino;
	ino->uid = p->uid;
	ino->gid = p->gid;
	ino->pipe = p;
	p->fifo = true;
	char name[32];
	snprintf(name, sizeof(name), "pipe:[%lu]", (unsigned long)p->ino);
	struct path path;
	if (anon_path(pipefs, name, ino, &path) < 0) {
		inode_put(ino);
		return -ENOMEM;
	}
	unsigned status = flags & (O_NONBLOCK | O_DIRECT);
	*rd = end_file(p, O_RDONLY | status);
	*wr = end_file(p, O_WRONLY | status);
	if (*rd)
		p->readers = 1;
	if (*wr)
		p->writers = 1;
	struct file *ends[2] = {*rd, *wr};
	for (int i = 0; i < 2; i++) {
		if (!ends[i])
			continue;
		ends[i]->path = path;
		path_get(&ends[i]->path);
		ends[i]->inode = ino;
		inode_get(ino);
	}
	path_put(&path);
	if (!*rd || !*wr) {
		if (*rd)
			file_put(*rd);
		if (*wr)
			file_put(*wr);
		return -ENOMEM;
	}
	return 0;
}

struct pipe *pipe_of(struct file *f)
{
	return f && f->ops == &pipe_ops ? ((struct pipe_end *)f->priv)->pipe : NULL;
}

size_t pipe_peek(const struct pipe *p, void *buf, size_t n)
{
	size_t done = 0;
	for (unsigned i = p->tail; i != p->head && done < n; i++) {
		const struct pipe_buf *b = &p->bufs[i % p->nbufs];
		size_t c = b->len < n - done ? b->len : n - done;
		memcpy((char *)buf + done, b->page + b->offset, c);
		done += c;
	}
	return done;
}

void pipe_consume(struct pipe *p, size_t n)
{
	bool any = n > 0;
	while (n && used(p)) {
		struct pipe_buf *b = &p->bufs[p->tail % p->nbufs];
		unsigned c = b->len < n ? b->len : (unsigned)n;
		b->offset += c;
		b->len -= c;
		n -= c;
		if (b->len == 0) {
			free(b->page);
			b->page = NULL;
			p->tail++;
		}
	}
	if (any)
		wake_up(&p->wq);
}

size_t pipe_room(const struct pipe *p)
{
	return (size_t)(p->nbufs - used(p)) * PAGE_SIZE;
}

int pipe_readers(const struct pipe *p)
{
	return p->readers;
}

int pipe_writers(const struct pipe *p)
{
	return p->writers;
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
