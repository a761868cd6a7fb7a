/* POSIX timers: timer_create, timer_settime, timer_gettime,
 * timer_getoverrun, timer_delete (kernel/time/posix-timers.c); the work is
 * in kernel/posix_timers.c. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <time.h>

#include "../kernel/posix_timers.h"
#include "../kernel/task.h"
#include "../mm/mm.h"
#include "syscalls.h"

SYSCALL(timer_create)
{
	clockid_t clk = (clockid_t)a[0];
	struct sigevent ev;
	if (a[1] && copy_from_user(t->mm, &ev, a[1], sizeof(ev)) < 0)
		return -EFAULT;
	long id = posix_timer_create(t, clk, a[1] ? &ev : NULL);
	if (id < 0)
		return id;
	int kid = (int)id;
	if (copy_to_user(t->mm, a[2], &kid, sizeof(kid)) < 0) {
		posix_timer_delete(t, kid);
		return -EFAULT;
	}
	return 0;
}

SYSCALL(timer_settime)
{
	struct itimerspec new, old;
	if (!a[2])
		return -EINVAL;
	if (copy_from_user(t->mm, &new, a[2], sizeof(new)) < 0)
		return -EFAULT;
	long r = posix_timer_settime(t, (int)a[0], (int)a[1], &new, a[3] ? &old : NULL);
	if (r == 0 && a[3] && copy_to_user(t->mm, a[3], &old, sizeof(old)) < 0)
		return -EFAULT;
	return r;
}

SYSCALL(timer_gettime)
{
	struct itimerspec cur;
	long r = posix_timer_gettime(t, (int)a[0], &cur);
	if (r < 0)
		return r;
	return copy_to_user(t->mm, a[1], &cur, sizeof(cur));
}

SYSCALL(timer_getoverrun)
{
	return posix_timer_getoverrun(t, (int)a[0]);
}

SYSCALL(timer_delete)
{
	return posix_timer_delete(t, (int)a[0]);
}
