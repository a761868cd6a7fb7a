/* fd table syscalls (fs/file.c, fs/fcntl.c) and the working directory. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/mman.h>
#include <sys/resource.h>

#include "../../abi/uapi_extra.h"
#include "../fs/fasync.h"
#include "../fs/fdtable.h"
#include "../fs/file.h"
#include "../fs/fs_struct.h"
#include "../fs/pipe.h"
#include "../fs/locks.h"
#include "../fs/tmpfs.h"
#include "../kernel/task.h"
#include "../mm/mm.h"
#include "syscalls.h"

static unsigned long nofile(struct task *t)
{
	return t->tg->rlim[RLIMIT_NOFILE].rlim_cur;
}

SYSCALL(dup)
{
	struct file *f = fd_get(t->files, (int)a[0]);
	if (!f)
		return -EBADF;
	file_get(f);
	int fd = fd_install(t->files, f, 0, false, nofile(t));
	if (fd < 0)
		file_put(f);
	return fd;
}

static long do_dup3(struct task *t, int oldfd, int newfd, int flags)
{
	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	if (newfd < 0 || (unsigned long)newfd >= nofile(t))
		return -EBADF;
	struct file *f = fd_get(t->files, oldfd);
	if (!f)
		return -EBADF;
	file_get(f);
	int r = fd_install_at(t->files, newfd, f, flags & O_CLOEXEC);
	if (r < 0) {
		file_put(f);
		return r;
	}
	return newfd;
}

SYSCALL(dup2)
{
	int oldfd = (int)a[0], newfd = (int)a[1];
	if (oldfd == newfd) {
		/* dup2 of an fd onto itself just checks it. */
		return fd_get(t->files, oldfd) ? newfd : -EBADF;
	}
	return do_dup3(t, oldfd, newfd, 0);
}

SYSCALL(dup3)
{
	return do_dup3(t, (int)a[0], (int)a[1], (int)a[2]);
}

/* F_SETFL may change only these (SETFL_MASK in fs/fcntl.c). */
#define SETFL_MASK (O_APPEND | O_NONBLOCK | O_DIRECT | O_NOATIME | FASYNC)

/* Is @ino mapped shared with write allowed by any process
 * (mapping_deny_writable's i_mmap_writable)? */
static bool mapped_writable(const struct inode *ino)
{
	for_each_task(t)
	{
		if (!t->mm || t->state == TASK_DEAD)
			continue;
		struct vma *v;
		RB_FOREACH(v, vma_tree, &t->mm->vmas)
		{
			if (v->file && v->file->inode == ino && (v->flags & VMA_SHARED) &&
			    (v->maxprot & PROT_WRITE))
				return true;
		}
	}
	return false;
}

/* F_ADD_SEALS / F_GET_SEALS on a memfd (mm/memfd.c). */
static long memfd_seals(struct file *f, int cmd, unsigned seals)
{
	struct inode *ino = f->inode;
	bool memfd = ino && is_tmpfs_inode(ino) && S_ISREG(ino->mode);
	if (cmd == F_GET_SEALS)
		return memfd ? (long)tmpfs_i(ino)->seals : -EINVAL;
	/* memfd_add_seals: a file open for writing first, then known seals,
	 * then a file that has seals at all. */
	if (!(f->flags & (O_WRONLY | O_RDWR)))
		return -EPERM;
	if (seals & ~(unsigned)(F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE |
				F_SEAL_FUTURE_WRITE | F_SEAL_EXEC))
		return -EINVAL;
	if (!memfd)
		return -EINVAL;
	struct tmpfs_inode *ti = tmpfs_i(ino);
	if (ti->seals & F_SEAL_SEAL)
		return -EPERM;
	/* A write seal waits for no writable shared mapping to be left. */
	if ((seals & F_SEAL_WRITE) && !(ti->seals & F_SEAL_WRITE) && mapped_writable(ino))
		return -EBUSY;
	ti->seals |= seals;
	return 0;
}

SYSCALL(fcntl)
{
	int fd = (int)a[0], cmd = (int)a[1];
	uint64_t arg = a[2];
	struct file *f = fd_get(t->files, fd);
	if (!f)
		return -EBADF;
	/* An O_PATH file allows only these (check_fcntl_cmd). */
	if ((f->flags & O_PATH) && cmd != F_DUPFD && cmd != F_DUPFD_CLOEXEC && cmd != F_GETFD &&
	    cmd != F_SETFD && cmd != F_GETFL)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC: {
		if ((int)arg < 0 || arg >= nofile(t))
			return -EINVAL;
		file_get(f);
		int nfd = fd_install(t->files, f, (int)arg, cmd == F_DUPFD_CLOEXEC, nofile(t));
		if (nfd < 0)
			file_put(f);
		return nfd;
	}
	case F_GETFD:
		return fd_cloexec(t->files, fd) ? FD_CLOEXEC : 0;
	case F_SETFD:
		fd_set_cloexec(t->files, fd, arg & FD_CLOEXEC);
		return 0;
	case F_GETFL:
		return f->flags;
	case F_SETFL:
		/* setfl: O_ASYNC starts or stops the signals (->fasync); a
		 * file that cannot tell does not keep it. */
		if (!fasync_capable(f))
			arg &= ~(uint64_t)FASYNC;
		if ((f->flags ^ (unsigned)arg) & FASYNC)
			fasync_set(f, fd, arg & FASYNC, true);
		f->flags = (f->flags & ~(unsigned)SETFL_MASK) | ((unsigned)arg & SETFL_MASK);
		return 0;
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
	case F_OFD_GETLK:
	case F_OFD_SETLK:
	case F_OFD_SETLKW: {
		struct flock fl;
		if (copy_from_user(t->mm, &fl, arg, sizeof(fl)) < 0)
			return -EFAULT;
		long r = do_posix_lock(t, f, cmd, &fl);
		if (r == 0 && (cmd == F_GETLK || cmd == F_OFD_GETLK) &&
		    copy_to_user(t->mm, arg, &fl, sizeof(fl)) < 0)
			return -EFAULT;
		return r;
	}
	case F_ADD_SEALS:
	case F_GET_SEALS:
		return memfd_seals(f, cmd, (unsigned)arg);
	case F_GETOWN: {
		int type;
		pid_t pid;
		fasync_getown(f, &type, &pid);
		return type == F_OWNER_PGRP ? -pid : pid;
	}
	case F_SETOWN: {
		/* f_setown: a negative number is a process group. */
		int who = (int)arg;
		if (who == INT_MIN)
			return -EINVAL;
		return fasync_setown(t, f, who < 0 ? F_OWNER_PGRP : F_OWNER_PID,
				     who < 0 ? -who : who);
	}
	case F_GETOWN_EX: {
		struct f_owner_ex ex;
		int type;
		fasync_getown(f, &type, &ex.pid);
		ex.type = (enum __pid_type)type;
		return copy_to_user(t->mm, arg, &ex, sizeof(ex)) < 0 ? -EFAULT : 0;
	}
	case F_SETOWN_EX: {
		struct f_owner_ex ex;
		if (copy_from_user(t->mm, &ex, arg, sizeof(ex)) < 0)
			return -EFAULT;
		return fasync_setown(t, f, (int)ex.type, ex.pid);
	}
	case F_GETSIG:
		return fasync_getsig(f);
	case F_SETSIG:
		return fasync_setsig(f, (int)arg);
	case F_SETLEASE:
		return -EINVAL;
	case F_GETLEASE:
		return F_UNLCK;
	case F_NOTIFY:
		return dnotify_fcntl(t, f, t->files, fd, (unsigned)arg); /* argi */
	case F_GETPIPE_SZ:
	case F_SETPIPE_SZ: {
		struct pipe *p = pipe_of(f);
		if (!p)
			return -EBADF;
		return cmd == F_GETPIPE_SZ ? pipe_get_size(p) : pipe_set_size(t, p, arg);
	}
	default:
		return -EINVAL;
	}
}

SYSCALL(umask)
{
	mode_t old = t->fs->umask;
	t->fs->umask = (mode_t)a[0] & 0777;
	return old;
}

SYSCALL(pipe2)
{
	int flags = (int)a[1];
	if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
		return -EINVAL;
	struct file *rd, *wr;
	int r = pipe_create(t, (unsigned)flags, &rd, &wr);
	if (r < 0)
		return r;
	int fds[2];
	fds[0] = fd_install(t->files, rd, 0, flags & O_CLOEXEC, nofile(t));
	if (fds[0] < 0) {
		file_put(rd);
		file_put(wr);
		return fds[0];
	}
	fds[1] = fd_install(t->files, wr, 0, flags & O_CLOEXEC, nofile(t));
	if (fds[1] < 0) {
		fd_close(t->files, fds[0]);
		file_put(wr);
		return fds[1];
	}
	if (copy_to_user(t->mm, a[0], fds, sizeof(fds)) < 0) {
		fd_close(t->files, fds[0]);
		fd_close(t->files, fds[1]);
		return -EFAULT;
	}
	return 0;
}

SYSCALL(pipe)
{
	uint64_t b[6] = {a[0], 0, 0, 0, 0, 0};
	return sys_pipe2(t, b);
}
