/* Identity and environment: uname, ids, rlimits, affinity, randomness,
 * the current directory. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "../fs/fs_struct.h"
#include "../kernel/task.h"
#include "../mm/mm.h"
#include "syscalls.h"

/* The CPUs sbx was started with, before the sentry pinned itself. */
unsigned long sbx_host_cpus[16];

/* The sandbox's own uname: not the host's. */
const char *const sbx_uts_release = "6.1.0-sbx";

SYSCALL(uname)
{
	struct utsname u;
	memset(&u, 0, sizeof(u));
	strcpy(u.sysname, "Linux");
	strcpy(u.nodename, "sbx");
	strcpy(u.release, sbx_uts_release);
	strcpy(u.version, "#1 SMP PREEMPT_DYNAMIC sbx");
	strcpy(u.machine, "x86_64");
	strcpy(u.domainname, "(none)");
	return copy_to_user(t->mm, a[0], &u, sizeof(u));
}

SYSCALL(getpid)
{
	(void)a;
	return t->tg->tgid;
}

SYSCALL(gettid)
{
	(void)a;
	return t->tid;
}

SYSCALL(getppid)
{
	(void)a;
	struct task *p = t->tg->leader->real_parent;
	return p ? p->tg->tgid : 0;
}

SYSCALL(getuid)
{
	(void)a;
	return t->cred.uid;
}

SYSCALL(geteuid)
{
	(void)a;
	return t->cred.euid;
}

SYSCALL(getgid)
{
	(void)a;
	return t->cred.gid;
}

SYSCALL(getegid)
{
	(void)a;
	return t->cred.egid;
}

SYSCALL(getrandom)
{
	unsigned int flags = (unsigned int)a[2];
	if (flags & ~(unsigned)(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if ((flags & (GRND_INSECURE | GRND_RANDOM)) == (GRND_INSECURE | GRND_RANDOM))
		return -EINVAL;
	size_t count = a[1] > MAX_RW_COUNT ? MAX_RW_COUNT : a[1];
	char buf[4096];
	size_t done = 0;
	while (done < count) {
		size_t n = count - done < sizeof(buf) ? count - done : sizeof(buf);
		ssize_t r = getrandom(buf, n, GRND_INSECURE);
		if (r < 0)
			r = getrandom(buf, n, 0);
		if (r <= 0)
			return done ? (long)done : -EAGAIN;
		if (copy_to_user(t->mm, a[0] + done, buf, (size_t)r) < 0)
			return done ? (long)done : -EFAULT;
		done += (size_t)r;
	}
	return (long)done;
}

/* Linux's fs.nr_open default: the hard ceiling for RLIMIT_NOFILE. */
#define NR_OPEN 1048576

static long do_prlimit(struct task *t, struct task *target, unsigned int res,
		       const struct rlimit *new, struct rlimit *old)
{
	if (res >= RLIM_NLIMITS)
		return -EINVAL;
	struct rlimit *cur = &target->tg->rlim[res];
	if (new) {
		if (new->rlim_cur > new->rlim_max)
			return -EINVAL;
		if (res == RLIMIT_NOFILE && new->rlim_max > NR_OPEN)
			return -EPERM;
		/* Raising the hard limit needs CAP_SYS_RESOURCE: root here. */
		if (new->rlim_max > cur->rlim_max && t->cred.euid != 0)
			return -EPERM;
	}
	if (old)
		*old = *cur;
	if (new) {
		*cur = *new;
		if (res == RLIMIT_STACK && target->mm)
			target->mm->stack_limit = new->rlim_cur;
	}
	return 0;
}

SYSCALL(prlimit64)
{
	pid_t pid = (pid_t)a[0];
	unsigned int res = (unsigned int)a[1];
	struct rlimit new, old;
	struct task *target = pid ? task_lookup(pid) : t;
	if (a[2] && copy_from_user(t->mm, &new, a[2], sizeof(new)) < 0)
		return -EFAULT;
	if (res >= RLIM_NLIMITS)
		return -EINVAL;
	if (!target || target->state == TASK_DEAD)
		return -ESRCH;
	long r = do_prlimit(t, target, res, a[2] ? &new : NULL, a[3] ? &old : NULL);
	if (r < 0)
		return r;
	if (a[3] && copy_to_user(t->mm, a[3], &old, sizeof(old)) < 0)
		return -EFAULT;
	return 0;
}

SYSCALL(getrlimit)
{
	unsigned int res = (unsigned int)a[0];
	struct rlimit old;
	if (res >= RLIM_NLIMITS)
		return -EINVAL;
	do_prlimit(t, t, res, NULL, &old);
	return copy_to_user(t->mm, a[1], &old, sizeof(old));
}

SYSCALL(setrlimit)
{
	unsigned int res = (unsigned int)a[0];
	struct rlimit new;
	if (res >= RLIM_NLIMITS)
		return -EINVAL;
	if (copy_from_user(t->mm, &new, a[1], sizeof(new)) < 0)
		return -EFAULT;
	return do_prlimit(t, t, res, &new, NULL);
}

SYSCALL(sched_getaffinity)
{
	pid_t pid = (pid_t)a[0];
	size_t len = a[1];
	char mask[1024];
	if (pid < 0)
		return -ESRCH;
	if (pid && !task_lookup(pid))
		return -ESRCH;
	if (len > sizeof(mask))
		len = sizeof(mask);
	/* The guest may run on every CPU sbx was given (the sentry itself
	 * keeps to one of them).  Ask the host with the guest's size so the
	 * same EINVAL rules apply, then answer with sbx's original mask. */
	long n = syscall(SYS_sched_getaffinity, 0, len, mask);
	if (n < 0)
		return -errno;
	memset(mask, 0, (size_t)n);
	memcpy(mask, &sbx_host_cpus, (size_t)n < sizeof(sbx_host_cpus) ? (size_t)n : sizeof(sbx_host_cpus));
	if (copy_to_user(t->mm, a[2], mask, (size_t)n) < 0)
		return -EFAULT;
	return n;
}

SYSCALL(sched_yield)
{
	(void)t;
	(void)a;
	return 0;
}

