/* eventfd, timerfd, signalfd and inotify syscalls (fs/eventfd.c,
 * fs/timerfd.c, fs/signalfd.c, fs/notify/inotify/inotify_user.c). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <time.h>

#include "../fs/eventfd.h"
#include "../fs/fdtable.h"
#include "../fs/file.h"
#include "../fs/fsnotify.h"
#include "../fs/vfs.h"
#include "../kernel/signal.h"
#include "../kernel/task.h"
#include "../mm/mm.h"
#include "syscalls.h"

static long install(struct task *t, struct file *f, bool cloexec)
{
	if (!f)
		return -ENOMEM;
	int fd = fd_install(t->files, f, 0, cloexec, t->tg->rlim[RLIMIT_NOFILE].rlim_cur);
	if (fd < 0)
		file_put(f);
	return fd;
}

static long do_eventfd(struct task *t, unsigned count, int flags)
{
	if (flags & ~(EFD_CLOEXEC | EFD_NONBLOCK | EFD_SEMAPHORE))
		return -EINVAL;
	return install(t, eventfd_create(count, flags & EFD_SEMAPHORE, (unsigned)flags),
		       flags & EFD_CLOEXEC);
}

SYSCALL(eventfd)
{
	return do_eventfd(t, (unsigned)a[0], 0);
}

SYSCALL(eventfd2)
{
	return do_eventfd(t, (unsigned)a[0], (int)a[1]);
}

/* --- timerfd --------------------------------------------------------------- */

SYSCALL(timerfd_create)
{
	int clockid = (int)a[0], flags = (int)a[1];
	if (flags & ~(TFD_CLOEXEC | TFD_NONBLOCK))
		return -EINVAL;
	switch (clockid) {
	case CLOCK_REALTIME:
	case CLOCK_MONOTONIC:
	case CLOCK_BOOTTIME:
		break;
	case CLOCK_REALTIME_ALARM:
	case CLOCK_BOOTTIME_ALARM:
		if (t->cred.euid != 0)
			return -EPERM; /* CAP_WAKE_ALARM */
		break;
	default:
		return -EINVAL;
	}
	return install(t, timerfd_new(clockid, (unsigned)flags), flags & TFD_CLOEXEC);
}

static bool ts_valid(const struct timespec *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < 1000000000L;
}

SYSCALL(timerfd_settime)
{
	int flags = (int)a[1];
	struct itimerspec nv, old;
	if (copy_from_user(t->mm, &nv, a[2], sizeof(nv)) < 0)
		return -EFAULT;
	if (!ts_valid(&nv.it_value) || !ts_valid(&nv.it_interval))
		return -EINVAL;
	if (flags & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET))
		return -EINVAL;
	struct file *f = fd_get(t->files, (int)a[0]);
	if (!f)
		return -EBADF;
	if (!is_timerfd(f))
		return -EINVAL;
	int r = timerfd_set(f, flags, &nv, &old);
	if (r < 0)
		return r;
	if (a[3] && copy_to_user(t->mm, a[3], &old, sizeof(old)) < 0)
		return -EFAULT;
	return 0;
}

SYSCALL(timerfd_gettime)
{
	struct file *f = fd_get(t->files, (int)a[0]);
	if (!f)
		return -EBADF;
	if (!is_timerfd(f))
		return -EINVAL;
	struct itimerspec cur;
	timerfd_get(f, &cur);
	return copy_to_user(t->mm, a[1], &cur, sizeof(cur)) < 0 ? -EFAULT : 0;
}

/* --- signalfd -------------------------------------------------------------- */

static long do_signalfd(struct task *t, int fd, uint64_t umask, uint64_t size, int flags)
{
	if (flags & ~(SFD_CLOEXEC | SFD_NONBLOCK))
		return -EINVAL;
	if (size != sizeof(sigset64_t))
		return -EINVAL;
	sigset64_t mask;
	if (copy_from_user(t->mm, &mask, umask, sizeof(mask)) < 0)
		return -EFAULT;
	mask &= ~SIG_UNBLOCKABLE;
	if (fd == -1)
		return install(t, signalfd_create(t, mask, (unsigned)flags), flags & SFD_CLOEXEC);
	struct file *f = fd_get(t->files, fd);
	if (!f)
		return -EBADF;
	if (!is_signalfd(f))
		return -EINVAL;
	signalfd_set_mask(f, mask);
	return fd;
}

SYSCALL(signalfd)
{
	return do_signalfd(t, (int)a[0], a[1], a[2], 0);
}

SYSCALL(signalfd4)
{
	return do_signalfd(t, (int)a[0], a[1], a[2], (int)a[3]);
}

/* --- inotify ---------------------------------------------------------------- */

static long do_inotify_init(struct task *t, int flags)
{
	if (flags & ~(IN_CLOEXEC | IN_NONBLOCK))
		return -EINVAL;
	return install(t, inotify_create((unsigned)flags), flags & IN_CLOEXEC);
}

SYSCALL(inotify_init)
{
	(void)a;
	return do_inotify_init(t, 0);
}

SYSCALL(inotify_init1)
{
	return do_inotify_init(t, (int)a[0]);
}

#define INOTIFY_ALL_BITS                                                                           \
	(IN_ALL_EVENTS | IN_UNMOUNT | IN_Q_OVERFLOW | IN_IGNORED | IN_ONLYDIR | IN_DONT_FOLLOW |   \
	 IN_EXCL_UNLINK | IN_MASK_CREATE | IN_MASK_ADD | IN_ISDIR | IN_ONESHOT)

SYSCALL(inotify_add_watch)
{
	uint32_t mask = (uint32_t)a[2];
	if (!(mask & INOTIFY_ALL_BITS))
		return -EINVAL;
	if ((mask & IN_MASK_ADD) && (mask & IN_MASK_CREATE))
		return -EINVAL;
	struct file *f = fd_get(t->files, (int)a[0]);
	if (!f)
		return -EBADF;
	if (!is_inotify(f))
		return -EINVAL;
	char name[PATH_MAX_LEN];
	long n = getname(t, a[1], name);
	if (n < 0)
		return n;
	unsigned lf = 0;
	if (!(mask & IN_DONT_FOLLOW))
		lf |= LOOKUP_FOLLOW;
	if (mask & IN_ONLYDIR)
		lf |= LOOKUP_DIRECTORY;
	struct path p;
	int r = path_lookup(t, AT_FDCWD, name, lf, &p);
	if (r < 0)
		return r;
	r = inode_permission(t, p.dentry->inode, MAY_READ);
	if (r == 0)
		r = inotify_add(f, p.dentry, mask);
	path_put(&p);
	return r;
}

SYSCALL(inotify_rm_watch)
{
	struct file *f = fd_get(t->files, (int)a[0]);
	if (!f)
		return -EBADF;
	if (!is_inotify(f))
		return -EINVAL;
	return inotify_rm(f, (int)a[1]);
}
