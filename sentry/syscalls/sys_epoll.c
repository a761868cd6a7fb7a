/* epoll syscalls (fs/eventpoll.c). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/resource.h>

#include "../fs/eventpoll.h"
#include "../fs/fdtable.h"
#include "../fs/file.h"
#include "../kernel/sched.h"
#include "../kernel/signal.h"
#include "../kernel/task.h"
#include "../mm/mm.h"
#include "syscalls.h"

#define EP_MAX_EVENTS (INT_MAX / (int)sizeof(struct epoll_event))

static long create(struct task *t, int flags)
{
	struct file *f = eventpoll_create(flags & O_NONBLOCK);
	if (!f)
		return -ENOMEM;
	int fd = fd_install(t->files, f, 0, flags & EPOLL_CLOEXEC, t->tg->rlim[RLIMIT_NOFILE].rlim_cur);
	if (fd < 0)
		file_put(f);
	return fd;
}

SYSCALL(epoll_create)
{
	if ((int)a[0] <= 0)
		return -EINVAL;
	return create(t, 0);
}

SYSCALL(epoll_create1)
{
	if ((int)a[0] & ~EPOLL_CLOEXEC)
		return -EINVAL;
	return create(t, (int)a[0]);
}

SYSCALL(epoll_ctl)
{
	int op = (int)a[1], fd = (int)a[2];
	struct epoll_event ev;
	if (op != EPOLL_CTL_DEL && copy_from_user(t->mm, &ev, a[3], sizeof(ev)) < 0)
		return -EFAULT;
	struct file *epf = fd_get(t->files, (int)a[0]);
	if (!epf)
		return -EBADF;
	struct file *f = fd_get(t->files, fd);
	if (!f)
		return -EBADF;
	if (!f->ops || !f->ops->poll)
		return -EPERM; /* regular files and directories cannot be polled */
	if (f == epf || !is_eventpoll(epf))
		return -EINVAL;
	return eventpoll_ctl(epf, op, fd, f, op == EPOLL_CTL_DEL ? NULL : &ev);
}

static long ep_interrupted(struct task *t)
{
	if (t->sc.mask_set) {
		t->restore_sigmask = true;
		t->sc.mask_set = false;
	}
	return -EINTR;
}

static long do_epoll_wait(struct task *t, int epfd, uint64_t uev, int max)
{
	if (max <= 0 || max > EP_MAX_EVENTS)
		return -EINVAL;
	if (!uev || uev + (uint64_t)max * sizeof(struct epoll_event) > TASK_SIZE)
		return -EFAULT;
	struct file *epf = fd_get(t->files, epfd);
	if (!epf)
		return -EBADF;
	if (!is_eventpoll(epf))
		return -EINVAL;
	int n = eventpoll_count(epf);
	n = n < 1 ? 1 : n < max ? n : max;
	struct epoll_event *evs = malloc((size_t)n * sizeof(*evs));
	if (!evs)
		return -ENOMEM;
	int got = eventpoll_collect(epf, evs, n);
	long r;
	if (got > 0) {
		r = copy_to_user(t->mm, uev, evs, (size_t)got * sizeof(*evs)) < 0 ? -EFAULT : got;
	} else if (!t->sc.no_deadline && (t->sc.timed_out || now_ns() >= t->sc.deadline_ns)) {
		r = 0;
	} else {
		task_wait_on(t, eventpoll_waitqueue(epf));
		if (!t->sc.no_deadline)
			task_set_deadline(t, t->sc.deadline_ns);
		t->sc.interrupt = ep_interrupted;
		r = -SBX_BLOCK;
	}
	free(evs);
	return r;
}

static void timeout_ms(struct task *t, int ms)
{
	if (t->sc.progress)
		return;
	t->sc.progress = 1;
	t->sc.no_deadline = ms < 0;
	t->sc.deadline_ns = ms < 0 ? 0 : now_ns() + (uint64_t)ms * 1000000ULL;
}

static int set_mask(struct task *t, uint64_t umask, size_t size)
{
	if (!umask || t->sc.mask_set)
		return 0;
	if (size != sizeof(sigset64_t))
		return -EINVAL;
	sigset64_t m;
	if (copy_from_user(t->mm, &m, umask, sizeof(m)) < 0)
		return -EFAULT;
	t->saved_sigmask = t->blocked;
	t->blocked = m & ~SIG_UNBLOCKABLE;
	t->sc.mask_set = true;
	return 0;
}

static long unset_mask(struct task *t, long r)
{
	if (r != -SBX_BLOCK && t->sc.mask_set) {
		t->blocked = t->saved_sigmask;
		t->sc.mask_set = false;
	}
	return r;
}

SYSCALL(epoll_wait)
{
	timeout_ms(t, (int)a[3]);
	return do_epoll_wait(t, (int)a[0], a[1], (int)a[2]);
}

SYSCALL(epoll_pwait)
{
	timeout_ms(t, (int)a[3]);
	int r = set_mask(t, a[4], a[5]);
	if (r < 0)
		return r;
	return unset_mask(t, do_epoll_wait(t, (int)a[0], a[1], (int)a[2]));
}

SYSCALL(epoll_pwait2)
{
	if (!t->sc.progress) {
		t->sc.progress = 1;
		if (a[3]) {
			struct timespec ts;
			if (copy_from_user(t->mm, &ts, a[3], sizeof(ts)) < 0)
				return -EFAULT;
			if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000L)
				return -EINVAL;
			t->sc.deadline_ns = now_ns() + (uint64_t)ts.tv_sec * 1000000000ULL +
					    (uint64_t)ts.tv_nsec;
		} else {
			t->sc.no_deadline = true;
		}
	}
	int r = set_mask(t, a[4], a[5]);
	if (r < 0)
		return r;
	return unset_mask(t, do_epoll_wait(t, (int)a[0], a[1], (int)a[2]));
}
