/* Identity and environment: uname, ids, rlimits, affinity, randomness,
 * the current directory. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/times.h>
#include <ctype.h>
#include <linux/utsname.h>
#include <stdio.h>
#include <sys/personality.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "../fs/fs_struct.h"
#include "../kernel/cputime.h"
#include "../kernel/cred.h"
#include "../kernel/random.h"
#include "../kernel/sched.h"
#include "../kernel/task.h"
#include "../kernel/waitchild.h"
#include "../mm/mm.h"
#include "syscalls.h"

/* The CPUs sbx was started with, before the sentry pinned itself. */
unsigned long sbx_host_cpus[16];

/* The sandbox's own uname: not the host's. */
const char *const sbx_uts_release = "6.1.0-sbx";

/* The host and domain names, one pair for the whole sandbox (its only
 * UTS namespace); sethostname and setdomainname change them. */
static char uts_nodename[__NEW_UTS_LEN + 1] = "sbx";
static char uts_domainname[__NEW_UTS_LEN + 1] = "(none)";

/* UNAME26 (override_release): "2.6.x" with x = 60 + the minor version,
 * for programs that cannot parse newer version numbers. */
static void override_release(char *release, size_t size)
{
	const char *rest = sbx_uts_release;
	int minor = 0, dots = 0;
	while (*rest) {
		if (*rest == '.' && ++dots >= 3)
			break;
		if (!isdigit((unsigned char)*rest) && *rest != '.')
			break;
		rest++;
	}
	sscanf(sbx_uts_release, "%*d.%d", &minor);
	snprintf(release, size, "2.6.%d%s", minor + 60, rest);
}

SYSCALL(uname)
{
	struct utsname u;
	memset(&u, 0, sizeof(u));
	strcpy(u.sysname, "Linux");
	strcpy(u.nodename, uts_nodename);
	strcpy(u.release, sbx_uts_release);
	strcpy(u.version, "#1 SMP PREEMPT_DYNAMIC sbx");
	/* PER_LINUX32 (setarch i686) reports a 32-bit machine. */
	strcpy(u.machine, (t->personality & PER_MASK) == PER_LINUX32 ? "i686" : "x86_64");
	strcpy(u.domainname, uts_domainname);
	if (t->personality & UNAME26)
		override_release(u.release, sizeof(u.release));
	return copy_to_user(t->mm, a[0], &u, sizeof(u));
}

/* sethostname / setdomainname (kernel/sys.c): CAP_SYS_ADMIN over the UTS
 * namespace, then at most __NEW_UTS_LEN bytes, not NUL-terminated. */
static long set_uts_name(struct task *t, const uint64_t *a, char *dst)
{
	int len = (int)a[1];
	char buf[__NEW_UTS_LEN + 1];
	if (!capable(t, CAP_SYS_ADMIN))
		return -EPERM;
	if (len < 0 || len > __NEW_UTS_LEN)
		return -EINVAL;
	memset(buf, 0, sizeof(buf));
	if (copy_from_user(t->mm, buf, a[0], (size_t)len) < 0)
		return -EFAULT;
	memcpy(dst, buf, sizeof(buf));
	return 0;
}

SYSCALL(sethostname)
{
	return set_uts_name(t, a, uts_nodename);
}

SYSCALL(setdomainname)
{
	return set_uts_name(t, a, uts_domainname);
}

/* personality(2): any value is taken as it is; 0xffffffff only asks. */
SYSCALL(personality)
{
	unsigned int old = t->personality;
	if ((unsigned int)a[0] != 0xffffffffU)
		t->personality = (unsigned int)a[0];
	return old;
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
		ssize_t r = (ssize_t)n;
		get_random_bytes(buf, n);
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
		/* Raising the hard limit needs CAP_SYS_RESOURCE. */
		if (new->rlim_max > cur->rlim_max && !capable(t, CAP_SYS_RESOURCE))
			return -EPERM;
	}
	if (old)
		*old = *cur;
	if (new) {
		*cur = *new;
		if (res == RLIMIT_STACK && target->mm)
			target->mm->stack_limit = new->rlim_cur;
		if (res == RLIMIT_AS && target->mm)
			target->mm->as_limit = new->rlim_cur;
		if (res == RLIMIT_CPU)
			rlimit_cpu_apply(target);
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
	/* check_prlimit_permission: another process's limits need all of its
	 * ids to be the caller's real ones, or CAP_SYS_RESOURCE. */
	if (target->tg != t->tg) {
		const struct cred *c = &t->cred, *tc = &target->cred;
		if (!(c->uid == tc->euid && c->uid == tc->suid && c->uid == tc->uid &&
		      c->gid == tc->egid && c->gid == tc->sgid && c->gid == tc->gid) &&
		    !capable(t, CAP_SYS_RESOURCE))
			return -EPERM;
	}
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

SYSCALL(sched_yield)
{
	(void)t;
	(void)a;
	return 0;
}


SYSCALL(sysinfo)
{
	struct sysinfo si, host;
	memset(&si, 0, sizeof(si));
	if (sysinfo(&host) == 0) {
		si.totalram = host.totalram;
		si.freeram = host.freeram;
		si.sharedram = host.sharedram;
		si.bufferram = host.bufferram;
		si.totalswap = host.totalswap;
		si.freeswap = host.freeswap;
		si.mem_unit = host.mem_unit;
		si.loads[0] = host.loads[0];
		si.loads[1] = host.loads[1];
		si.loads[2] = host.loads[2];
	}
	si.uptime = (long)((now_ns() - sbx_start_ns) / 1000000000ULL);
	int n = 0;
	for_each_task(m)
		n++;
	si.procs = (unsigned short)n;
	return copy_to_user(t->mm, a[0], &si, sizeof(si));
}

static void ns_to_tv(uint64_t ns, struct timeval *tv)
{
	tv->tv_sec = (time_t)(ns / 1000000000ULL);
	tv->tv_usec = (suseconds_t)(ns % 1000000000ULL / 1000);
}

/* CPU time of the live threads of @tg plus those that exited. */
static void group_times(struct thread_group *tg, uint64_t *ut, uint64_t *st)
{
	*ut = tg->utime_ns;
	*st = tg->stime_ns;
	struct task *th;
	TAILQ_FOREACH(th, &tg->threads, tg_link)
	{
		uint64_t u, s;
		if (th->state != TASK_DEAD && task_cpu_times(th, &u, &s) == 0) {
			*ut += u;
			*st += s;
		}
	}
}

SYSCALL(getrusage)
{
	int who = (int)a[0];
	struct rusage ru;
	memset(&ru, 0, sizeof(ru));
	uint64_t ut = 0, st = 0, maxrss;
	switch (who) {
	case RUSAGE_SELF:
		group_times(t->tg, &ut, &st);
		maxrss = group_maxrss(t->tg, true, false);
		break;
	case RUSAGE_CHILDREN:
		ut = t->tg->cutime_ns;
		st = t->tg->cstime_ns;
		maxrss = group_maxrss(t->tg, false, true);
		break;
	case RUSAGE_THREAD:
		task_cpu_times(t, &ut, &st);
		maxrss = group_maxrss(t->tg, true, false);
		break;
	default:
		return -EINVAL;
	}
	ru.ru_maxrss = (long)(maxrss * (PAGE_SIZE / 1024));
	ns_to_tv(ut, &ru.ru_utime);
	ns_to_tv(st, &ru.ru_stime);
	return copy_to_user(t->mm, a[1], &ru, sizeof(ru));
}

SYSCALL(times)
{
	uint64_t ut, st;
	group_times(t->tg, &ut, &st);
	struct tms tm = {
		.tms_utime = (clock_t)(ut / 10000000ULL),
		.tms_stime = (clock_t)(st / 10000000ULL),
		.tms_cutime = (clock_t)(t->tg->cutime_ns / 10000000ULL),
		.tms_cstime = (clock_t)(t->tg->cstime_ns / 10000000ULL),
	};
	if (a[0] && copy_to_user(t->mm, a[0], &tm, sizeof(tm)) < 0)
		return -EFAULT;
	/* Clock ticks since an arbitrary point: the sandbox's start. */
	return (long)((now_ns() - sbx_start_ns) / 10000000ULL);
}
