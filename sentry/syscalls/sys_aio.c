/* Linux native AIO (fs/aio.c): io_setup, io_submit, io_getevents,
 * io_cancel, io_destroy.  Each request is carried out when it is
 * submitted, as Linux does for buffered I/O, and its completion waits in
 * the context for io_getevents (and, with IOCB_FLAG_RESFD, counts on an
 * eventfd).  The context id is the address of a page mapped in the
 * process, as Linux's ring is, but its header carries no AIO_RING_MAGIC:
 * libaio then asks io_getevents rather than reading the ring. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <time.h>

#include "../fs/eventfd.h"
#include "../fs/fdtable.h"
#include "../fs/file.h"
#include "../kernel/det.h"
#include "../kernel/sched.h"
#include "../kernel/signal.h"
#include "../kernel/task.h"
#include "../kernel/wait.h"
#include "../mm/mm.h"
#include "../mm/uio.h"
#include "syscalls.h"

#define AIO_MAX_NR 65536 /* fs.aio-max-nr */

/* The head of Linux's ring (fs/aio.c struct aio_ring), not in the uapi. */
struct aio_ring {
	unsigned id, nr, head, tail;
	unsigned magic, compat_features, incompat_features, header_length;
};

struct aio_done {
	TAILQ_ENTRY(aio_done) link;
	struct io_event ev;
};

struct kioctx {
	TAILQ_ENTRY(kioctx) link;
	struct mm *mm;
	uint64_t ring; /* the id: the address of its page */
	uint64_t ring_len;
	unsigned nr; /* room for completions */
	unsigned ndone;
	TAILQ_HEAD(, aio_done) done;
	struct waitqueue wq;
};

static TAILQ_HEAD(, kioctx) contexts = TAILQ_HEAD_INITIALIZER(contexts);
static unsigned aio_nr;

static struct kioctx *lookup(struct task *t, uint64_t id)
{
	struct kioctx *c;
	TAILQ_FOREACH(c, &contexts, link)
	{
		if (c->ring == id && c->mm == t->mm)
			return c;
	}
	return NULL;
}

static void ctx_free(struct kioctx *c)
{
	struct aio_done *d;
	while ((d = TAILQ_FIRST(&c->done))) {
		TAILQ_REMOVE(&c->done, d, link);
		free(d);
	}
	wake_up(&c->wq);
	aio_nr -= c->nr;
	TAILQ_REMOVE(&contexts, c, link);
	free(c);
}

unsigned aio_nr_in_use(void)
{
	return aio_nr;
}

void aio_mm_gone(struct mm *mm)
{
	struct kioctx *c, *next;
	for (c = TAILQ_FIRST(&contexts); c; c = next) {
		next = TAILQ_NEXT(c, link);
		if (c->mm == mm)
			ctx_free(c);
	}
}

SYSCALL(io_setup)
{
	unsigned nr = (unsigned)a[0];
	uint64_t id;
	if (copy_from_user(t->mm, &id, a[1], sizeof(id)) < 0)
		return -EFAULT;
	if (id || !nr || nr > AIO_MAX_NR)
		return -EINVAL;
	if (aio_nr + nr > AIO_MAX_NR)
		return -EAGAIN;
	/* The ring: a header and room for @nr events, as ioctx_alloc sizes
	 * it; its header says nr and no magic. */
	uint64_t len =
	    PAGE_ALIGN_UP(sizeof(struct aio_ring) + (uint64_t)nr * sizeof(struct io_event));
	int64_t addr =
	    mm_mmap(t->mm, 0, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, 0, NULL, 0);
	if (addr < 0)
		return addr == -ENOMEM ? -EAGAIN : addr;
	struct kioctx *c = calloc(1, sizeof(*c));
	if (!c) {
		mm_munmap(t->mm, (uint64_t)addr, len);
		return -ENOMEM;
	}
	c->mm = t->mm;
	c->ring = (uint64_t)addr;
	c->ring_len = len;
	c->nr = nr;
	TAILQ_INIT(&c->done);
	waitqueue_init(&c->wq);
	TAILQ_INSERT_TAIL(&contexts, c, link);
	aio_nr += nr;
	struct aio_ring hdr = {.nr = nr, .header_length = sizeof(struct aio_ring)};
	if (copy_to_user(t->mm, (uint64_t)addr, &hdr, sizeof(hdr)) < 0 ||
	    copy_to_user(t->mm, a[1], &c->ring, sizeof(c->ring)) < 0) {
		mm_munmap(t->mm, c->ring, len);
		ctx_free(c);
		return -EFAULT;
	}
	return 0;
}

SYSCALL(io_destroy)
{
	struct kioctx *c = lookup(t, a[0]);
	if (!c)
		return -EINVAL;
	mm_munmap(t->mm, c->ring, c->ring_len);
	ctx_free(c);
	return 0;
}

/* Carry out one request: its result, as the event's res. */
static int64_t run_iocb(struct task *t, struct file *f, const struct iocb *cb)
{
	int acc = f->flags & O_ACCMODE;
	int64_t pos = cb->aio_offset;
	switch (cb->aio_lio_opcode) {
	case IOCB_CMD_PREAD:
	case IOCB_CMD_PREADV:
	case IOCB_CMD_PWRITE:
	case IOCB_CMD_PWRITEV: {
		bool write =
		    cb->aio_lio_opcode == IOCB_CMD_PWRITE || cb->aio_lio_opcode == IOCB_CMD_PWRITEV;
		if (write ? !(acc == O_WRONLY || acc == O_RDWR)
			  : !(acc == O_RDONLY || acc == O_RDWR))
			return -EBADF;
		ssize_t (*op)(struct task *, struct file *, struct uio *, int64_t *) =
		    write ? f->ops->write : f->ops->read;
		if (!op)
			return -EINVAL;
		struct uio u;
		if (cb->aio_lio_opcode == IOCB_CMD_PREADV ||
		    cb->aio_lio_opcode == IOCB_CMD_PWRITEV) {
			if (cb->aio_nbytes > UIO_MAXIOV)
				return -EINVAL;
			int r = uio_init_iov(&u, t->mm, cb->aio_buf, (int)cb->aio_nbytes);
			if (r < 0) {
				uio_fini(&u);
				return r;
			}
		} else {
			uio_init(&u, t->mm, cb->aio_buf,
				 cb->aio_nbytes > MAX_RW_COUNT ? MAX_RW_COUNT : cb->aio_nbytes);
		}
		/* A file without positions (a pipe, a socket) reads and writes
		 * as read and write do. */
		ssize_t r = op(t, f, &u, f->stream ? NULL : &pos);
		uio_fini(&u);
		return r;
	}
	case IOCB_CMD_FSYNC:
	case IOCB_CMD_FDSYNC:
		return f->ops->fsync ? f->ops->fsync(f) : -EINVAL;
	case IOCB_CMD_NOOP:
		return 0;
	default:
		return -EINVAL;
	}
}

SYSCALL(io_submit)
{
	struct kioctx *c = lookup(t, a[0]);
	long nr = (long)a[1];
	if (nr < 0)
		return -EINVAL;
	if (!c)
		return -EINVAL;
	long done = 0;
	for (; done < nr; done++) {
		uint64_t ucb;
		struct iocb cb;
		if (copy_from_user(t->mm, &ucb, a[2] + (uint64_t)done * sizeof(ucb), sizeof(ucb)) <
			0 ||
		    copy_from_user(t->mm, &cb, ucb, sizeof(cb)) < 0)
			return done ? done : -EFAULT;
		/* io_submit_one's checks. */
		long err = 0;
		if (cb.aio_reserved2 || (cb.aio_flags & ~(IOCB_FLAG_RESFD | IOCB_FLAG_IOPRIO)))
			err = -EINVAL;
		else if (cb.aio_buf != (uint64_t)(uintptr_t)cb.aio_buf ||
			 (int64_t)cb.aio_nbytes < 0 || cb.aio_offset < 0)
			err = -EINVAL;
		struct file *f = err ? NULL : fd_get_io(t->files, (int)cb.aio_fildes);
		if (!err && !f)
			err = -EBADF;
		struct file *efd = NULL;
		if (!err && (cb.aio_flags & IOCB_FLAG_RESFD)) {
			efd = fd_get(t->files, (int)cb.aio_resfd);
			if (!efd || !is_eventfd(efd))
				err = -EINVAL;
		}
		if (!err && cb.aio_lio_opcode != IOCB_CMD_PREAD &&
		    cb.aio_lio_opcode != IOCB_CMD_PWRITE && cb.aio_lio_opcode != IOCB_CMD_PREADV &&
		    cb.aio_lio_opcode != IOCB_CMD_PWRITEV && cb.aio_lio_opcode != IOCB_CMD_FSYNC &&
		    cb.aio_lio_opcode != IOCB_CMD_FDSYNC && cb.aio_lio_opcode != IOCB_CMD_NOOP)
			err = -EINVAL;
		if (!err && c->ndone >= c->nr)
			err = -EAGAIN; /* no room left for its completion */
		if (err)
			return done ? done : err;
		struct aio_done *d = calloc(1, sizeof(*d));
		if (!d)
			return done ? done : -ENOMEM;
		d->ev.data = cb.aio_data;
		d->ev.obj = ucb;
		d->ev.res = run_iocb(t, f, &cb);
		TAILQ_INSERT_TAIL(&c->done, d, link);
		c->ndone++;
		if (efd)
			eventfd_add(efd, 1);
		wake_up(&c->wq);
	}
	return done;
}

static long getevents_interrupted(struct task *t)
{
	if (t->sc.mask_set) {
		/* io_pgetevents: the handler runs with the temporary mask. */
		t->restore_sigmask = true;
		t->sc.mask_set = false;
		return -ERESTARTNOHAND;
	}
	return -EINTR;
}

static long getevents(struct task *t, const uint64_t *a)
{
	struct kioctx *c = lookup(t, a[0]);
	long min_nr = (long)a[1], nr = (long)a[2];
	if (!c || min_nr > nr || min_nr < 0 || nr < 0)
		return -EINVAL;
	if (a[4] && !t->sc.deadline_ns) {
		struct timespec ts;
		if (copy_from_user(t->mm, &ts, a[4], sizeof(ts)) < 0)
			return -EFAULT;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000L)
			return -EINVAL;
		t->sc.deadline_ns =
		    now_ns() + (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
	}
	if ((long)c->ndone < min_nr &&
	    !(a[4] && (t->sc.timed_out || now_ns() >= t->sc.deadline_ns))) {
		task_wait_on(t, &c->wq);
		if (t->sc.deadline_ns)
			task_set_deadline(t, t->sc.deadline_ns);
		t->sc.interrupt = getevents_interrupted;
		return -SBX_BLOCK;
	}
	long n = 0;
	struct aio_done *d;
	while (n < nr && (d = TAILQ_FIRST(&c->done))) {
		if (copy_to_user(t->mm, a[3] + (uint64_t)n * sizeof(d->ev), &d->ev, sizeof(d->ev)) <
		    0)
			return n ? n : -EFAULT;
		TAILQ_REMOVE(&c->done, d, link);
		free(d);
		c->ndone--;
		n++;
	}
	return n;
}

SYSCALL(io_getevents)
{
	return getevents(t, a);
}

SYSCALL(io_pgetevents)
{
	if (a[5] && !t->sc.mask_set) {
		struct {
			uint64_t mask, size;
		} s;
		if (copy_from_user(t->mm, &s, a[5], sizeof(s)) < 0)
			return -EFAULT;
		if (s.mask) {
			sigset64_t m;
			if (s.size != sizeof(m))
				return -EINVAL;
			if (copy_from_user(t->mm, &m, s.mask, sizeof(m)) < 0)
				return -EFAULT;
			t->saved_sigmask = t->blocked;
			t->blocked = m & ~SIG_UNBLOCKABLE;
			t->sc.mask_set = true;
		}
	}
	long r = getevents(t, a);
	if (r != -SBX_BLOCK && t->sc.mask_set) {
		t->blocked = t->saved_sigmask;
		t->sc.mask_set = false;
	}
	return r;
}

SYSCALL(io_cancel)
{
	struct kioctx *c = lookup(t, a[0]);
	if (!c)
		return -EINVAL;
	/* Every request completed when it was submitted: nothing to cancel. */
	return -EINVAL;
}
