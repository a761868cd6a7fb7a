/* More on descriptors: close_range, sendfile, copy_file_range, memfd,
 * flock and record locks, fadvise (fs/open.c, fs/read_write.c,
 * mm/memfd.c, fs/locks.c, mm/fadvise.c). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <linux/memfd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>

#include "../../abi/uapi_extra.h"
#include "../fs/fdtable.h"
#include "../fs/file.h"
#include "../fs/locks.h"
#include "../fs/tmpfs.h"
#include "../fs/vfs.h"
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
