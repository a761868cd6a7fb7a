/* read, write and friends on file descriptors (fs/read_write.c), plus
 * close, ioctl and fstat. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <string.h>
#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/uio.h>

#include "../fs/fasync.h"
#include "../fs/fdtable.h"
#include "../fs/file.h"
#include "../fs/locks.h"
#include "../fs/fs_struct.h"
#include "../fs/fsnotify.h"
#include "../kernel/sched.h"
#include "../kernel/task.h"
#include "../mm/mm.h"
#include "../mm/uio.h"
#include "../net/socket.h"
#include "syscalls.h"

static bool readable(const struct file *f)
{
	int acc = f->flags & O_ACCMODE;
	return acc == O_RDONLY || acc == O_RDWR;
}

static bool writable(const struct file *f)
{
	int acc = f->flags & O_ACCMODE;
	return acc == O_WRONLY || acc == O_RDWR;
}

static void pt_queue(struct poll_table *pt, struct waitqueue *wq)
{
	task_wait_on(pt->task, wq);
}

/* Wait until @f is ready for @events: true if it already is (the caller
 * retries now), false if @t now sleeps on the file's queues. */
static bool wait_ready(struct task *t, struct file *f, unsigned events)
{
	struct poll_table pt = {.queue = pt_queue, .task = t};
	unsigned mask = f->ops->poll ? f->ops->poll(f, &pt) : (POLLIN | POLLOUT);
	if (mask & (events | POLLERR | POLLHUP)) {
		task_clear_waits(t);
		return true;
	}
	return false;
}

/* A signal ends a blocking write: what was written so far is the result
 * (pipe_write), else the syscall restarts or fails with EINTR. */
static long write_interrupted(struct task *t)
{
	return t->sc.progress ? (long)t->sc.progress : -ERESTARTSYS;
}

/* Where a write to @f starts: @pos, the end with O_APPEND, else the
 * file's position. */
static int64_t write_start(struct file *f, const int64_t *pos)
{
	if (pos)
		return *pos;
	if (f->flags & O_APPEND) {
		struct stat st;
		if (f->ops->size)
			return f->ops->size(f);
		if (f->ops->stat && f->ops->stat(f, &st) == 0)
			return st.st_size;
		if (f->inode->iops->getattr && f->inode->iops->getattr(f->inode, &st) == 0)
			return st.st_size;
		return -1;
	}
	if (f->ops->llseek) {
		int64_t r = f->ops->llseek(f, 0, SEEK_CUR);
		if (r >= 0)
			return r;
	}
	return f->pos;
}

/* RLIMIT_FSIZE for a write to a regular file (generic_write_check_limits):
 * from the limit on, SIGXFSZ and -EFBIG; below it the write is cut at the
 * limit. */
static int write_check_limits(struct task *t, struct file *f, struct uio *u, const int64_t *pos)
{
	uint64_t lim = t->tg->rlim[RLIMIT_FSIZE].rlim_cur;
	if (lim == RLIM_INFINITY || !u->resid || !f->inode || !S_ISREG(f->inode->mode))
		return 0;
	int64_t start = write_start(f, pos);
	if (start < 0)
		return 0;
	if ((uint64_t)start >= lim)
		return check_fsize(t, start + 1);
	uio_truncate(u, lim - (uint64_t)start);
	return 0;
}

/* One read or write through the file's operations, with Linux's blocking
 * rules: a blocking file makes the task wait while the operation would
 * block; a write to a blocking file goes on until everything is written
 * (t->sc.progress keeps the count across waits). */
static long do_rw(struct task *t, struct file *f, struct uio *u, int64_t *pos, bool write,
		  bool nowait)
{
	bool nonblock = nowait || (f->flags & O_NONBLOCK);
	ssize_t (*op)(struct task *, struct file *, struct uio *, int64_t *) =
		write ? f->ops->write : f->ops->read;
	if (!op) {
		/* generic_read_dir */
		if (!write && f->inode && S_ISDIR(f->inode->mode))
			return -EISDIR;
		return -EINVAL;
	}
	if (t->sc.progress)
		uio_skip(u, t->sc.progress);
	if (write && pos && (f->flags & O_APPEND) && f->inode && S_ISREG(f->inode->mode)) {
		/* pwrite to an O_APPEND file appends all the same, Linux's
		 * known departure from POSIX (generic_write_checks): the
		 * offset given is ignored, the file's own is kept. */
		int64_t end = write_start(f, NULL);
		if (end >= 0)
			*pos = end;
	}
	if (write) {
		int r = write_check_limits(t, f, u, pos);
		if (r < 0)
			return t->sc.progress ? (long)t->sc.progress : r;
	}
	for (int spins = 0;;) {
		ssize_t r = op(t, f, u, pos);
		if (r == -EAGAIN && !nonblock) {
			if (++spins < 4 && wait_ready(t, f, write ? POLLOUT : POLLIN))
				continue;
			if (!t->waits)
				wait_ready(t, f, 0); /* queue without a readiness test */
			if (write)
				t->sc.interrupt = write_interrupted;
			return -SBX_BLOCK;
		}
		if (!write)
			return r;
		if (r < 0)
			return t->sc.progress ? (long)t->sc.progress : r;
		t->sc.progress += (size_t)r;
		if (u->resid == 0 || nonblock)
			return (long)t->sc.progress;
	}
}

/* preadv2 and pwritev2 with RWF_* flags (kiocb_set_rw_flags): RWF_NOWAIT
 * never waits (EAGAIN where the call would), RWF_APPEND writes at the end
 * as O_APPEND does and RWF_NOAPPEND lets a positioned write ignore
 * O_APPEND, RWF_DSYNC and RWF_SYNC sync what was written; RWF_HIPRI only
 * matters to polled direct I/O and is accepted.  Others: EOPNOTSUPP. */
#ifndef RWF_NOAPPEND
#define RWF_NOAPPEND 0x00000020
#endif
#define SBX_RWF_SUPPORTED                                                                          \
	(RWF_HIPRI | RWF_DSYNC | RWF_SYNC | RWF_NOWAIT | RWF_APPEND | RWF_NOAPPEND)
static long rw_flags(struct task *t, struct file *f, struct uio *u, int64_t *pos, bool write,
		     int rwf)
{
	if (rwf & ~SBX_RWF_SUPPORTED)
		return -EOPNOTSUPP;
	int saved = f->flags;
	if (write && (rwf & RWF_APPEND))
		f->flags |= O_APPEND;
	if (write && (rwf & RWF_NOAPPEND))
		f->flags &= ~O_APPEND;
	long r = do_rw(t, f, u, pos, write, (rwf & RWF_NOWAIT) != 0);
	/* Only this call's flags changed; an fcntl(F_SETFL) cannot have run
	 * in between (the sentry handles one syscall at a time). */
	f->flags = (f->flags & ~O_APPEND) | (saved & O_APPEND);
	if (write && r > 0 && (rwf & (RWF_DSYNC | RWF_SYNC)) && f->ops->fsync) {
		int s = f->ops->fsync(f);
		if (s < 0)
			return s;
	}
	return r;
}

static long rw_fd(struct task *t, int fd, struct uio *u, int64_t *pos, bool write, int rwf)
{
	struct file *f = fd_get_io(t->files, fd);
	if (!f)
		return -EBADF;
	if (write ? !writable(f) : !readable(f))
		return -EBADF;
	if (pos && f->stream)
		return -ESPIPE;
	long r = rwf ? rw_flags(t, f, u, pos, write, rwf) : do_rw(t, f, u, pos, write, false);
	if (r > 0 && fsnotify_watching)
		fsnotify_file(f, write ? IN_MODIFY : IN_ACCESS);
	return r;
}

SYSCALL(read)
{
	struct uio u;
	size_t count = a[2] > MAX_RW_COUNT ? MAX_RW_COUNT : a[2];
	uio_init(&u, t->mm, a[1], count);
	return rw_fd(t, (int)a[0], &u, NULL, false, 0);
}

SYSCALL(write)
{
	struct uio u;
	size_t count = a[2] > MAX_RW_COUNT ? MAX_RW_COUNT : a[2];
	uio_init(&u, t->mm, a[1], count);
	return rw_fd(t, (int)a[0], &u, NULL, true, 0);
}

SYSCALL(pread64)
{
	struct uio u;
	size_t count = a[2] > MAX_RW_COUNT ? MAX_RW_COUNT : a[2];
	if ((int64_t)a[3] < 0)
		return -EINVAL;
	int64_t pos = (int64_t)a[3] + (int64_t)t->sc.progress;
	uio_init(&u, t->mm, a[1], count);
	return rw_fd(t, (int)a[0], &u, &pos, false, 0);
}

SYSCALL(pwrite64)
{
	struct uio u;
	size_t count = a[2] > MAX_RW_COUNT ? MAX_RW_COUNT : a[2];
	if ((int64_t)a[3] < 0)
		return -EINVAL;
	int64_t pos = (int64_t)a[3] + (int64_t)t->sc.progress;
	uio_init(&u, t->mm, a[1], count);
	return rw_fd(t, (int)a[0], &u, &pos, true, 0);
}

static long rwv(struct task *t, const uint64_t *a, bool write, bool positioned, int rwf)
{
	struct uio u;
	int64_t pos = (int64_t)a[3];
	if (positioned && pos < 0)
		return -EINVAL;
	struct file *f = fd_get_io(t->files, (int)a[0]);
	if (!f)
		return -EBADF;
	if (write ? !writable(f) : !readable(f))
		return -EBADF;
	if (a[2] > UIO_MAXIOV)
		return -EINVAL;
	int r = uio_init_iov(&u, t->mm, a[1], (int)a[2]);
	if (r < 0) {
		uio_fini(&u);
		return r;
	}
	if (positioned)
		pos += (int64_t)t->sc.progress;
	long ret = rw_fd(t, (int)a[0], &u, positioned ? &pos : NULL, write, rwf);
	uio_fini(&u);
	return ret;
}

SYSCALL(readv)
{
	return rwv(t, a, false, false, 0);
}

SYSCALL(writev)
{
	return rwv(t, a, true, false, 0);
}

SYSCALL(preadv)
{
	return rwv(t, a, false, true, 0);
}

SYSCALL(pwritev)
{
	return rwv(t, a, true, true, 0);
}

/* preadv2, pwritev2: an offset of -1 is the file's own position, as
 * readv and writev; flags as rw_flags. */
static long rwv2(struct task *t, const uint64_t *a, bool write)
{
	int rwf = (int)a[5];
	if ((int64_t)a[3] == -1)
		return rwv(t, a, write, false, rwf);
	return rwv(t, a, write, true, rwf);
}

SYSCALL(preadv2)
{
	return rwv2(t, a, false);
}

SYSCALL(pwritev2)
{
	return rwv2(t, a, true);
}

SYSCALL(lseek)
{
	struct file *f = fd_get_io(t->files, (int)a[0]);
	if (!f)
		return -EBADF;
	int whence = (int)a[2];
	if (whence < SEEK_SET || whence > SEEK_HOLE)
		return -EINVAL;
	if (f->stream || !f->ops->llseek)
		return -ESPIPE;
	return f->ops->llseek(f, (int64_t)a[1], whence);
}

SYSCALL(close)
{
	/* POSIX locks belong to the process: closing any fd of the file
	 * drops them (fs/locks.c locks_remove_posix). */
	struct file *f = fd_get(t->files, (int)a[0]);
	if (f && f->inode)
		locks_release_posix(t->tg, f->inode);
	return fd_close(t->files, (int)a[0]);
}

SYSCALL(ioctl)
{
	int fd = (int)a[0];
	unsigned int cmd = (unsigned int)a[1];
	struct file *f = fd_get_io(t->files, fd);
	if (!f)
		return -EBADF;
	switch (cmd) {
	case FIOCLEX:
		fd_set_cloexec(t->files, fd, true);
		return 0;
	case FIONCLEX:
		fd_set_cloexec(t->files, fd, false);
		return 0;
	case FIONBIO: {
		int on;
		if (copy_from_user(t->mm, &on, a[2], sizeof(on)) < 0)
			return -EFAULT;
		if (on)
			f->flags |= O_NONBLOCK;
		else
			f->flags &= ~(unsigned)O_NONBLOCK;
		return 0;
	}
	case FIOASYNC: {
		/* ioctl_fioasync: only a file that can tell takes it. */
		int on;
		if (copy_from_user(t->mm, &on, a[2], sizeof(on)) < 0)
			return -EFAULT;
		if (!(f->flags & FASYNC) == !on)
			return 0;
		if (!fasync_capable(f))
			return -ENOTTY;
		fasync_set(f, fd, on, true);
		if (on)
			f->flags |= FASYNC;
		else
			f->flags &= ~(unsigned)FASYNC;
		return 0;
	}
	case FIOSETOWN:
	case SIOCSPGRP: {
		/* sock_ioctl: F_SETOWN by ioctl, on a socket. */
		int who;
		if (!sock_of(f))
			break;
		if (copy_from_user(t->mm, &who, a[2], sizeof(who)) < 0)
			return -EFAULT;
		if (who == INT_MIN)
			return -EINVAL;
		return fasync_setown(t, f, who < 0 ? F_OWNER_PGRP : F_OWNER_PID,
				     who < 0 ? -who : who);
	}
	case FIOGETOWN:
	case SIOCGPGRP: {
		int type;
		pid_t pid;
		if (!sock_of(f))
			break;
		fasync_getown(f, &type, &pid);
		pid = type == F_OWNER_PGRP ? -pid : pid;
		return copy_to_user(t->mm, a[2], &pid, sizeof(pid)) < 0 ? -EFAULT : 0;
	}
	default:
		break;
	}
	if (!f->ops->ioctl)
		return -ENOTTY;
	return f->ops->ioctl(t, f, cmd, a[2]);
}

