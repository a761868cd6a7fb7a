/* More on descriptors: close_range, sendfile, copy_file_range, memfd,
 * flock and record locks, fadvise, splice, tee and vmsplice (fs/open.c,
 * fs/read_write.c, mm/memfd.c, fs/locks.c, mm/fadvise.c, fs/splice.c). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <linux/memfd.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/uio.h>

#include "../../abi/uapi_extra.h"
#include "../fs/fdtable.h"
#include "../fs/file.h"
#include "../fs/locks.h"
#include "../fs/pipe.h"
#include "../fs/tmpfs.h"
#include "../fs/vfs.h"
#include "../kernel/sched.h"
#include "../kernel/signal.h"
#include "../kernel/task.h"
#include "../mm/mm.h"
#include "../mm/uio.h"
#include "syscalls.h"

SYSCALL(close_range)
{
	unsigned first = (unsigned)a[0], last = (unsigned)a[1], flags = (unsigned)a[2];
	if (flags & ~(unsigned)(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC))
		return -EINVAL;
	if (first > last)
		return -EINVAL;
	if ((flags & CLOSE_RANGE_UNSHARE) && t->files->refs > 1) {
		struct files_struct *nf = files_dup(t->files);
		if (!nf)
			return -ENOMEM;
		files_put(t->files);
		t->files = nf;
	}
	struct files_struct *fs = t->files;
	for (unsigned fd = first; fd <= last && fd < (unsigned)fs->max; fd++) {
		if (!fs->fd[fd])
			continue;
		if (flags & CLOSE_RANGE_CLOEXEC)
			fd_set_cloexec(fs, (int)fd, true);
		else
			fd_close(fs, (int)fd);
	}
	return 0;
}

/* Copy @count bytes from @in (at *inpos, or its own position) to @out
 * through a sentry buffer; what sendfile and copy_file_range do. */
static long copy_between(struct task *t, struct file *in, int64_t *inpos, struct file *out,
			 int64_t *outpos, size_t count)
{
	static char buf[65536];
	size_t total = 0;
	while (total < count) {
		size_t n = count - total < sizeof(buf) ? count - total : sizeof(buf);
		struct uio u;
		uio_init_kernel(&u, buf, n);
		ssize_t r = in->ops->read(t, in, &u, inpos);
		if (r <= 0) {
			if (r < 0 && !total)
				return r;
			break;
		}
		struct uio w;
		uio_init_kernel(&w, buf, (size_t)r);
		ssize_t wr = out->ops->write(t, out, &w, outpos);
		if (wr < 0)
			return total ? (long)total : wr;
		total += (size_t)wr;
		if (wr < r) {
			/* Give back what was read but not written. */
			if (inpos)
				*inpos -= r - wr;
			else if (in->ops->llseek && !in->stream)
				in->pos -= r - wr;
			break;
		}
		if ((size_t)r < n)
			break;
	}
	return (long)total;
}

SYSCALL(sendfile)
{
	struct file *out = fd_get_io(t->files, (int)a[0]);
	struct file *in = fd_get_io(t->files, (int)a[1]);
	size_t count = a[3] > MAX_RW_COUNT ? MAX_RW_COUNT : a[3];
	if (!in || !out)
		return -EBADF;
	if ((in->flags & O_ACCMODE) == O_WRONLY || (out->flags & O_ACCMODE) == O_RDONLY)
		return -EBADF;
	if (!in->ops->read || !out->ops->write || in->stream)
		return -EINVAL;
	if (out->flags & O_APPEND)
		return -EINVAL;
	int64_t pos, *posp = NULL;
	if (a[2]) {
		if (copy_from_user(t->mm, &pos, a[2], sizeof(pos)) < 0)
			return -EFAULT;
		if (pos < 0)
			return -EINVAL;
		posp = &pos;
	}
	long r = copy_between(t, in, posp, out, NULL, count);
	if (r >= 0 && posp && copy_to_user(t->mm, a[2], &pos, sizeof(pos)) < 0)
		return -EFAULT;
	return r;
}

SYSCALL(copy_file_range)
{
	struct file *in = fd_get_io(t->files, (int)a[0]);
	struct file *out = fd_get_io(t->files, (int)a[2]);
	size_t len = a[4] > MAX_RW_COUNT ? MAX_RW_COUNT : a[4];
	if (a[5])
		return -EINVAL;
	if (!in || !out)
		return -EBADF;
	if ((in->flags & O_ACCMODE) == O_WRONLY || (out->flags & O_ACCMODE) == O_RDONLY)
		return -EBADF;
	if (out->flags & O_APPEND)
		return -EBADF;
	if (!in->inode || !out->inode || S_ISDIR(in->inode->mode) || S_ISDIR(out->inode->mode))
		return -EISDIR;
	if (!S_ISREG(in->inode->mode) || !S_ISREG(out->inode->mode))
		return -EINVAL;
	int64_t ip, op, *ipp = NULL, *opp = NULL;
	if (a[1]) {
		if (copy_from_user(t->mm, &ip, a[1], sizeof(ip)) < 0)
			return -EFAULT;
		ipp = &ip;
	}
	if (a[3]) {
		if (copy_from_user(t->mm, &op, a[3], sizeof(op)) < 0)
			return -EFAULT;
		opp = &op;
	}
	if ((ipp && *ipp < 0) || (opp && *opp < 0))
		return -EINVAL;
	if (in->inode == out->inode) {
		int64_t is = ipp ? *ipp : in->pos, os = opp ? *opp : out->pos;
		if (is < os + (int64_t)len && os < is + (int64_t)len)
			return -EINVAL; /* overlapping ranges of one file */
	}
	long r = copy_between(t, in, ipp, out, opp, len);
	if (r >= 0 && ipp && copy_to_user(t->mm, a[1], &ip, sizeof(ip)) < 0)
		return -EFAULT;
	if (r >= 0 && opp && copy_to_user(t->mm, a[3], &op, sizeof(op)) < 0)
		return -EFAULT;
	return r;
}

/* --- memfd ---------------------------------------------------------------- */

static struct super_block *memfd_sb;

SYSCALL(memfd_create)
{
	unsigned flags = (unsigned)a[1];
	const unsigned known = MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_HUGETLB | MFD_NOEXEC_SEAL |
			       MFD_EXEC | ((unsigned)MFD_HUGE_MASK << MFD_HUGE_SHIFT);
	if (flags & ~known)
		return -EINVAL;
	if (!(flags & MFD_HUGETLB) && (flags & ((unsigned)MFD_HUGE_MASK << MFD_HUGE_SHIFT)))
		return -EINVAL;
	if ((flags & MFD_NOEXEC_SEAL) && (flags & MFD_EXEC))
		return -EINVAL;
	if (flags & MFD_HUGETLB)
		return -EINVAL; /* no hugetlbfs in the sandbox */
	char name[250];
	long n = strncpy_from_user(t->mm, name, a[0], sizeof(name));
	if (n == -ENAMETOOLONG)
		return -EINVAL; /* longer than 249 bytes */
	if (n < 0)
		return n;
	if (!memfd_sb && !(memfd_sb = anon_sb_new("tmpfs")))
		return -ENOMEM;
	mode_t mode = S_IFREG | ((flags & MFD_NOEXEC_SEAL) ? 0666 : 0777);
	struct inode *ino = tmpfs_new_inode(memfd_sb, mode, t->cred.fsuid, t->cred.fsgid);
	if (!ino)
		return -ENOMEM;
	ino->nlink = 0;
	struct tmpfs_inode *ti = tmpfs_i(ino);
	ti->seals = (flags & MFD_ALLOW_SEALING) ? 0 : F_SEAL_SEAL;
	if (flags & MFD_NOEXEC_SEAL)
		ti->seals |= F_SEAL_EXEC;
	char dname[300];
	snprintf(dname, sizeof(dname), "/memfd:%s (deleted)", name);
	struct path p;
	if (anon_path(memfd_sb, dname, ino, &p) < 0) {
		inode_put(ino);
		return -ENOMEM;
	}
	int err;
	struct file *f = vfs_open(t, &p, O_RDWR | O_LARGEFILE, &err);
	path_put(&p);
	if (!f)
		return err;
	int fd = fd_install(t->files, f, 0, flags & MFD_CLOEXEC, t->tg->rlim[RLIMIT_NOFILE].rlim_cur);
	if (fd < 0)
		file_put(f);
	return fd;
}

/* --- locks ----------------------------------------------------------------- */

SYSCALL(flock)
{
	struct file *f = fd_get_io(t->files, (int)a[0]);
	if (!f)
		return -EBADF;
	return do_flock(t, f, (int)a[1]);
}

SYSCALL(fadvise64)
{
	struct file *f = fd_get_io(t->files, (int)a[0]);
	int advice = (int)a[3];
	if (!f)
		return -EBADF;
	if (f->stream)
		return -ESPIPE;
	if ((int64_t)a[2] < 0 || advice < POSIX_FADV_NORMAL || advice > POSIX_FADV_NOREUSE)
		return -EINVAL;
	return 0; /* advice only */
}

SYSCALL(readahead)
{
	struct file *f = fd_get_io(t->files, (int)a[0]);
	if (!f || (f->flags & O_ACCMODE) == O_WRONLY)
		return -EBADF;
	if (!f->inode || !S_ISREG(f->inode->mode))
		return -EINVAL;
	return 0;
}

/* --- splice, tee, vmsplice ---------------------------------------------------- */

/* The sentry moves the bytes
 * through a buffer of its own rather than moving pages, but with Linux's
 * rules: one end of a splice must be a pipe; a call waits for data in (or
 * room in) its pipe unless SPLICE_F_NONBLOCK, waits on the other file as
 * that file's own O_NONBLOCK says, and returns what it moved before it
 * would have to wait again; bytes are taken from a pipe only once they
 * were written out, so none are lost when the writing side stops. */
#define SPLICE_MOVE	0x01
#define SPLICE_NONBLOCK 0x02
#define SPLICE_MORE	0x04
#define SPLICE_GIFT	0x08
#define SPLICE_ALL	(SPLICE_MOVE | SPLICE_NONBLOCK | SPLICE_MORE | SPLICE_GIFT)

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

/* Wait until @f is ready for @events: true if it already is (retry now),
 * false if @t now sleeps on the file's queues (return -SBX_BLOCK). */
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

/* Ready by its poll, yet the operation would still block: sleep on the
 * file's queues until anything changes. */
static long block_on(struct task *t, struct file *f)
{
	struct poll_table pt = {.queue = pt_queue, .task = t};
	if (f->ops->poll)
		f->ops->poll(f, &pt);
	return -SBX_BLOCK;
}

/* Wait for bytes in @ip (read end @f): 1 when there are some, 0 at end of
 * file (empty, no writer), -EAGAIN, or -SBX_BLOCK. */
static long wait_input(struct task *t, struct file *f, struct pipe *ip, bool nonblock)
{
	for (int spins = 0;; spins++) {
		if (pipe_bytes(ip))
			return 1;
		if (pipe_writers(ip) == 0)
			return 0;
		if (nonblock)
			return -EAGAIN;
		if (spins > 2)
			return block_on(t, f);
		if (!wait_ready(t, f, POLLIN))
			return -SBX_BLOCK;
	}
}

/* Wait for room in @op (write end @f): 1, -EPIPE (with SIGPIPE: no
 * reader), -EAGAIN or -SBX_BLOCK. */
static long wait_room(struct task *t, struct file *f, struct pipe *op, bool nonblock)
{
	for (int spins = 0;; spins++) {
		if (pipe_readers(op) == 0) {
			send_sig_noinfo(t, SIGPIPE);
			return -EPIPE;
		}
		if (pipe_room(op))
			return 1;
		if (nonblock)
			return -EAGAIN;
		if (spins > 2)
			return block_on(t, f);
		if (!wait_ready(t, f, POLLOUT))
			return -SBX_BLOCK;
	}
}

static char splice_buf[65536];

/* From the pipe behind @in to @out (at *opos, or its own position). */
static long splice_from_pipe(struct task *t, struct file *in, struct pipe *ip, struct file *out,
			     int64_t *opos, size_t len, unsigned flags)
{
	/* do_splice: the other file's O_NONBLOCK (and between two pipes
	 * either one's) makes the wait for the pipe non-blocking too. */
	bool out_nonblock = (out->flags & O_NONBLOCK) || (flags & SPLICE_NONBLOCK) ||
			    (pipe_of(out) && (in->flags & O_NONBLOCK));
	long r = wait_input(t, in, ip, out_nonblock);
	if (r <= 0)
		return r;
	size_t total = 0;
	int spins = 0;
	while (total < len) {
		size_t want = len - total < sizeof(splice_buf) ? len - total : sizeof(splice_buf);
		size_t n = pipe_peek(ip, splice_buf, want);
		if (!n)
			break;
		struct uio u;
		uio_init_kernel(&u, splice_buf, n);
		ssize_t w = out->ops->write(t, out, &u, opos);
		if (w == -EAGAIN && !total && !out_nonblock) {
			if (++spins > 2)
				return block_on(t, out);
			if (!wait_ready(t, out, POLLOUT))
				return -SBX_BLOCK;
			continue;
		}
		if (w < 0)
			return total ? (long)total : w;
		pipe_consume(ip, (size_t)w);
		total += (size_t)w;
		if ((size_t)w < n)
			break;
	}
	return (long)total;
}

/* From @in (at *ipos, or its own position) into the pipe behind @out. */
static long splice_to_pipe(struct task *t, struct file *in, int64_t *ipos, struct file *out,
			   struct pipe *op, size_t len, unsigned flags)
{
	bool in_nonblock = (in->flags & O_NONBLOCK) || (flags & SPLICE_NONBLOCK);
	long r = wait_room(t, out, op, in_nonblock);
	if (r <= 0)
		return r;
	size_t room = pipe_room(op);
	size_t n = len < room ? len : room;
	if (n > sizeof(splice_buf))
		n = sizeof(splice_buf);
	for (int spins = 0;; spins++) {
		struct uio u;
		uio_init_kernel(&u, splice_buf, n);
		ssize_t got = in->ops->read(t, in, &u, ipos);
		if (got == -EAGAIN && !in_nonblock) {
			if (spins > 2)
				return block_on(t, in);
			if (!wait_ready(t, in, POLLIN))
				return -SBX_BLOCK;
			continue;
		}
		if (got <= 0)
			return got;
		struct uio w;
		uio_init_kernel(&w, splice_buf, (size_t)got);
		/* It fits: there was room for n >= got bytes. */
		return out->ops->write(t, out, &w, NULL);
	}
}

static int get_off(struct task *t, uint64_t uaddr, int64_t *off)
{
	if (copy_from_user(t->mm, off, uaddr, sizeof(*off)) < 0)
		return -EFAULT;
	return *off < 0 ? -EINVAL : 0;
}

SYSCALL(splice)
{
	uint64_t uoff_in = a[1], uoff_out = a[3];
	size_t len = a[4] > MAX_RW_COUNT ? MAX_RW_COUNT : a[4];
	unsigned flags = (unsigned)a[5];
	if (flags & ~SPLICE_ALL)
		return -EINVAL;
	struct file *in = fd_get_io(t->files, (int)a[0]);
	struct file *out = fd_get_io(t->files, (int)a[2]);
	if (!in || !out)
		return -EBADF;
	if (!readable(in) || !writable(out))
		return -EBADF;
	struct pipe *ip = pipe_of(in), *op = pipe_of(out);
	int64_t ioff, ooff, *ipos = NULL, *opos = NULL;
	int r;
	if (ip && op) {
		if (uoff_in || uoff_out)
			return -ESPIPE;
		if (ip == op)
			return -EINVAL;
	} else if (ip) {
		if (uoff_in)
			return -ESPIPE;
		if (uoff_out) {
			if (out->stream)
				return -EINVAL;
			if ((r = get_off(t, uoff_out, &ooff)) < 0)
				return r;
			opos = &ooff;
		}
		if (out->flags & O_APPEND)
			return -EINVAL;
		if (!out->ops->write)
			return -EINVAL;
	} else if (op) {
		if (uoff_out)
			return -ESPIPE;
		if (uoff_in) {
			if (in->stream)
				return -EINVAL;
			if ((r = get_off(t, uoff_in, &ioff)) < 0)
				return r;
			ipos = &ioff;
		}
		if (!in->ops->read)
			return -EINVAL;
	} else {
		return -EINVAL;
	}
	if (!len)
		return 0;
	long ret = ip ? splice_from_pipe(t, in, ip, out, opos, len, flags)
		      : splice_to_pipe(t, in, ipos, out, op, len, flags);
	if (ret > 0 && ipos && copy_to_user(t->mm, uoff_in, ipos, sizeof(*ipos)) < 0)
		return -EFAULT;
	if (ret > 0 && opos && copy_to_user(t->mm, uoff_out, opos, sizeof(*opos)) < 0)
		return -EFAULT;
	return ret;
}

SYSCALL(tee)
{
	size_t len = a[2] > MAX_RW_COUNT ? MAX_RW_COUNT : a[2];
	unsigned flags = (unsigned)a[3];
	if (flags & ~SPLICE_ALL)
		return -EINVAL;
	struct file *in = fd_get_io(t->files, (int)a[0]);
	struct file *out = fd_get_io(t->files, (int)a[1]);
	if (!in || !out)
		return -EBADF;
	struct pipe *ip = pipe_of(in), *op = pipe_of(out);
	if (!ip || !op || ip == op)
		return -EINVAL;
	if (!readable(in) || !writable(out))
		return -EBADF;
	if (!len)
		return 0;
	bool nonblock = (flags & SPLICE_NONBLOCK) || ((in->flags | out->flags) & O_NONBLOCK);
	long r = wait_input(t, in, ip, nonblock);
	if (r <= 0)
		return r;
	r = wait_room(t, out, op, nonblock);
	if (r <= 0)
		return r;
	size_t room = pipe_room(op);
	size_t n = len < room ? len : room;
	if (n > sizeof(splice_buf))
		n = sizeof(splice_buf);
	n = pipe_peek(ip, splice_buf, n);
	struct uio w;
	uio_init_kernel(&w, splice_buf, n);
	return out->ops->write(t, out, &w, NULL);
}

SYSCALL(vmsplice)
{
	unsigned long nr = a[2];
	unsigned flags = (unsigned)a[3];
	if (flags & ~SPLICE_ALL)
		return -EINVAL;
	struct file *f = fd_get_io(t->files, (int)a[0]);
	if (!f)
		return -EBADF;
	struct pipe *p = pipe_of(f);
	if (!p)
		return -EBADF;
	if (nr > UIO_MAXIOV)
		return -EINVAL;
	if (!nr)
		return 0;
	struct uio u;
	int r = uio_init_iov(&u, t->mm, a[1], (int)nr);
	if (r < 0) {
		uio_fini(&u);
		return r;
	}
	bool nonblock = flags & SPLICE_NONBLOCK;
	long ret;
	if (writable(f)) {
		/* To the pipe: as much as there is room for. */
		ret = u.resid ? wait_room(t, f, p, nonblock) : 0;
		if (ret > 0) {
			size_t room = pipe_room(p);
			if (u.resid > room)
				uio_truncate(&u, room);
			ret = f->ops->write(t, f, &u, NULL);
		}
	} else if (readable(f)) {
		/* From the pipe to memory, as readv. */
		ret = u.resid ? wait_input(t, f, p, nonblock) : 0;
		if (ret > 0)
			ret = f->ops->read(t, f, &u, NULL);
	} else {
		ret = -EBADF;
	}
	uio_fini(&u);
	return ret;
}
