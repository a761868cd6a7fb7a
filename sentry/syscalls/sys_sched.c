/* Scheduling attributes (kernel/sched/syscalls.c, kernel/sys.c's
 * priorities, block/ioprio.c, kernel/sys.c getcpu).  The sandbox has no
 * scheduler of its own: guest threads are host threads scheduled by the
 * host.  Policies, priorities, I/O priorities and affinity are recorded
 * per thread, checked and reported as Linux does; the CPU affinity and
 * the nice value are also applied to the thread's host thread when the
 * host allows it. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/ioprio.h>
#include <linux/sched.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../kernel/cred.h"
#include "../kernel/det.h"
#include "../kernel/task.h"
#include "../mm/mm.h"
#include "syscalls.h"
#include "../confine/host.h"

/* struct sched_attr of sched_setattr(2) (<linux/sched/types.h>, which
 * clashes with the C library's struct sched_param). */
struct sched_attr {
	uint32_t size;
	uint32_t sched_policy;
	uint64_t sched_flags;
	int32_t sched_nice;
	uint32_t sched_priority;
	uint64_t sched_runtime, sched_deadline, sched_period;
	uint32_t sched_util_min, sched_util_max;
};
#define SCHED_ATTR_SIZE_VER0 48
#define SCHED_ATTR_SIZE_VER1 56

#define MAX_RT_PRIO 100
#define MIN_NICE    -20
#define MAX_NICE    19
/* sched_rr_timeslice: SCHED_RR's quantum (RR_TIMESLICE, 100 ms). */
#define RR_TIMESLICE_NS 100000000L
/* sched_setscheduler's policy argument for "keep the policy". */
#define SETPARAM_POLICY	 -1
#define SCHED_FLAG_SUGOV 0x10000000

/* find_process_by_pid: 0 is the caller; otherwise any thread by tid. */
static struct task *find_task(struct task *t, pid_t pid)
{
	if (pid == 0)
		return t;
	struct task *p = task_lookup(pid);
	return p && p->state != TASK_DEAD ? p : NULL;
}

/* check_same_owner: the caller's euid is the target's euid or uid. */
static bool same_owner(const struct task *t, const struct task *p)
{
	return t->cred.euid == p->cred.euid || t->cred.euid == p->cred.uid;
}

static bool rt_policy(int policy)
{
	return policy == SCHED_FIFO || policy == SCHED_RR;
}

static bool fair_policy(int policy)
{
	return policy == SCHED_OTHER || policy == SCHED_BATCH;
}

static bool valid_policy(int policy)
{
	return fair_policy(policy) || rt_policy(policy) || policy == SCHED_IDLE ||
	       policy == SCHED_DEADLINE;
}

/* nice_to_rlimit: nice 19..-20 as RLIMIT_NICE's 1..40. */
static long nice_to_rlimit(int nice)
{
	return MAX_NICE - nice + 1;
}

/* can_nice / is_nice_reduction: lowering the nice value needs RLIMIT_NICE
 * to allow it, or CAP_SYS_NICE. */
static bool is_nice_reduction(const struct task *p, int nice)
{
	return (uint64_t)nice_to_rlimit(nice) <= p->tg->rlim[RLIMIT_NICE].rlim_cur;
}

/* Give the host thread behind @p the nice value too (best effort: the
 * host may refuse, and a new host thread after exec starts afresh). */
static void apply_host_nice(struct task *p)
{
	if (p->ctx)
		setpriority(PRIO_PROCESS, (id_t)ctx_host_tid(p->ctx), p->sched.nice);
}

/* --- affinity --- */

/* The kernel's cpumask size in bytes (cpumask_size()), as the host
 * answers sched_getaffinity. */
static size_t cpumask_size(void)
{
	static long size;
	if (!size) {
		char mask[1024];
		size = syscall(SYS_sched_getaffinity, 0, sizeof(mask), mask);
		if (size <= 0)
			size = sizeof(sbx_host_cpus);
	}
	return (size_t)size;
}

/* The CPUs @p may run on: what it set, or all of sbx's. */
static const unsigned long *task_cpus(const struct task *p)
{
	return p->sched.cpus_set ? p->sched.cpus : sbx_host_cpus;
}

SYSCALL(sched_setaffinity)
{
	pid_t pid = (pid_t)a[0];
	size_t len = (unsigned)a[1], size = cpumask_size();
	unsigned long mask[16];
	memset(mask, 0, sizeof(mask));
	/* get_user_cpu_mask: the bytes given, at most the kernel's size;
	 * the CPUs past a short mask are not in it. */
	if (len > size)
		len = size;
	if (len > sizeof(mask))
		len = sizeof(mask);
	if (copy_from_user(t->mm, mask, a[2], len) < 0)
		return -EFAULT;
	struct task *p = find_task(t, pid);
	if (!p)
		return -ESRCH;
	if (!same_owner(t, p) && !capable(t, CAP_SYS_NICE))
		return -EPERM;
	bool any = false;
	for (int i = 0; i < 16; i++) {
		mask[i] &= sbx_host_cpus[i];
		any |= mask[i] != 0;
	}
	if (!any)
		return -EINVAL; /* no CPU the sandbox may use */
	memcpy(p->sched.cpus, mask, sizeof(mask));
	p->sched.cpus_set = true;
	if (p->ctx)
		sched_setaffinity(ctx_host_tid(p->ctx), sizeof(mask), (cpu_set_t *)mask);
	return 0;
}

SYSCALL(sched_getaffinity)
{
	pid_t pid = (pid_t)a[0];
	size_t len = (unsigned)a[1];
	char mask[1024];
	if (len > sizeof(mask))
		len = sizeof(mask);
	/* Ask the host with the guest's length so that the same EINVAL rules
	 * apply (room for every CPU id, whole longs); it answers how many
	 * bytes the kernel's mask takes. */
	long n = syscall(SYS_sched_getaffinity, 0, len, mask);
	if (n < 0)
		return -errno;
	struct task *p = find_task(t, pid);
	if (pid < 0 || !p)
		return -ESRCH;
	memset(mask, 0, (size_t)n);
	memcpy(mask, task_cpus(p),
	       (size_t)n < sizeof(sbx_host_cpus) ? (size_t)n : sizeof(sbx_host_cpus));
	if (copy_to_user(t->mm, a[2], mask, (size_t)n) < 0)
		return -EFAULT;
	return n;
}

/* --- policies and priorities --- */

/* user_check_sched_setscheduler: what an unprivileged caller may do;
 * anything else needs CAP_SYS_NICE. */
static bool user_may_setscheduler(struct task *t, struct task *p, int policy, int prio, int nice,
				  bool reset_on_fork)
{
	if (fair_policy(policy) && nice < p->sched.nice && !is_nice_reduction(p, nice))
		return false;
	if (rt_policy(policy)) {
		uint64_t rlim_rtprio = p->tg->rlim[RLIMIT_RTPRIO].rlim_cur;
		if (policy != p->sched.policy && !rlim_rtprio)
			return false;
		if (prio > p->sched.rt_priority && (uint64_t)prio > rlim_rtprio)
			return false;
	}
	if (policy == SCHED_DEADLINE)
		return false;
	/* Leaving SCHED_IDLE is like lowering nice to its current value. */
	if (p->sched.policy == SCHED_IDLE && policy != SCHED_IDLE &&
	    !is_nice_reduction(p, p->sched.nice))
		return false;
	if (!same_owner(t, p))
		return false;
	if (p->sched.reset_on_fork && !reset_on_fork)
		return false;
	return true;
}

/* __checkparam_dl: runtime <= deadline <= period, within the limits of
 * kernel.sched_dl_period_min/max (100 us, 4.19 s). */
static bool checkparam_dl(const struct sched_attr *attr)
{
	if (attr->sched_flags & SCHED_FLAG_SUGOV)
		return true;
	if (attr->sched_deadline == 0 || attr->sched_runtime < (1ULL << 10))
		return false;
	if ((attr->sched_deadline | attr->sched_period) & (1ULL << 63))
		return false;
	uint64_t period = attr->sched_period ? attr->sched_period : attr->sched_deadline;
	if (period < attr->sched_deadline || attr->sched_deadline < attr->sched_runtime)
		return false;
	return period >= 100ULL * 1000 && period <= (1ULL << 22) * 1000;
}

/* __sched_setscheduler's checks, then the new attributes. */
static long do_setscheduler(struct task *t, struct task *p, const struct sched_attr *attr)
{
	int policy = (int)attr->sched_policy;
	bool reset_on_fork;
	if (policy < 0) {
		reset_on_fork = p->sched.reset_on_fork;
		policy = p->sched.policy;
	} else {
		reset_on_fork = attr->sched_flags & SCHED_FLAG_RESET_ON_FORK;
		if (!valid_policy(policy))
			return -EINVAL;
	}
	if (attr->sched_flags & ~(uint64_t)(SCHED_FLAG_ALL | SCHED_FLAG_SUGOV))
		return -EINVAL;
	/* FIFO and RR take priorities 1..99, the others 0. */
	if (attr->sched_priority > MAX_RT_PRIO - 1)
		return -EINVAL;
	if ((policy == SCHED_DEADLINE && !checkparam_dl(attr)) ||
	    rt_policy(policy) != (attr->sched_priority != 0))
		return -EINVAL;
	int nice = fair_policy(policy) ? attr->sched_nice : p->sched.nice;
	if (!user_may_setscheduler(t, p, policy, (int)attr->sched_priority, nice, reset_on_fork) &&
	    !capable(t, CAP_SYS_NICE))
		return -EPERM;
	/* Utilization clamping needs CONFIG_UCLAMP_TASK; deadline tasks need
	 * bandwidth the sandbox does not reserve (admission control). */
	if (attr->sched_flags & SCHED_FLAG_UTIL_CLAMP)
		return -EOPNOTSUPP;
	if (policy == SCHED_DEADLINE)
		return -EBUSY;
	p->sched.policy = policy;
	p->sched.rt_priority = (int)attr->sched_priority;
	p->sched.reset_on_fork = reset_on_fork;
	if (fair_policy(policy) && nice != p->sched.nice) {
		p->sched.nice = nice;
		apply_host_nice(p);
	}
	return 0;
}

/* sched_setscheduler and sched_setparam (SETPARAM_POLICY). */
static long do_sched_setscheduler(struct task *t, pid_t pid, int policy, uint64_t uparam)
{
	struct sched_param param;
	if (!uparam || pid < 0)
		return -EINVAL;
	if (copy_from_user(t->mm, &param, uparam, sizeof(param)) < 0)
		return -EFAULT;
	struct task *p = find_task(t, pid);
	if (!p)
		return -ESRCH;
	struct sched_attr attr = {
	    .sched_policy = (uint32_t)policy,
	    .sched_priority = (uint32_t)param.sched_priority,
	    .sched_nice = p->sched.nice,
	};
	/* The legacy SCHED_RESET_ON_FORK bit of the policy. */
	if (policy != SETPARAM_POLICY && (policy & SCHED_RESET_ON_FORK)) {
		attr.sched_flags |= SCHED_FLAG_RESET_ON_FORK;
		attr.sched_policy = (uint32_t)(policy & ~SCHED_RESET_ON_FORK);
	}
	return do_setscheduler(t, p, &attr);
}

SYSCALL(sched_setscheduler)
{
	int policy = (int)a[1];
	if (policy < 0)
		return -EINVAL;
	return do_sched_setscheduler(t, (pid_t)a[0], policy, a[2]);
}

SYSCALL(sched_setparam)
{
	return do_sched_setscheduler(t, (pid_t)a[0], SETPARAM_POLICY, a[1]);
}

SYSCALL(sched_getscheduler)
{
	pid_t pid = (pid_t)a[0];
	if (pid < 0)
		return -EINVAL;
	struct task *p = find_task(t, pid);
	if (!p)
		return -ESRCH;
	return p->sched.policy | (p->sched.reset_on_fork ? SCHED_RESET_ON_FORK : 0);
}

SYSCALL(sched_getparam)
{
	pid_t pid = (pid_t)a[0];
	if (!a[1] || pid < 0)
		return -EINVAL;
	struct task *p = find_task(t, pid);
	if (!p)
		return -ESRCH;
	struct sched_param param = {.sched_priority =
					rt_policy(p->sched.policy) ? p->sched.rt_priority : 0};
	return copy_to_user(t->mm, a[1], &param, sizeof(param));
}

/* sched_copy_attr: the user's struct of any size; an unknown tail must be
 * zero (E2BIG), and a bad size is answered with ours. */
static long sched_copy_attr(struct task *t, uint64_t uattr, struct sched_attr *attr)
{
	uint32_t size;
	memset(attr, 0, sizeof(*attr));
	if (copy_from_user(t->mm, &size, uattr + offsetof(struct sched_attr, size), sizeof(size)) <
	    0)
		return -EFAULT;
	if (!size)
		size = SCHED_ATTR_SIZE_VER0;
	if (size < SCHED_ATTR_SIZE_VER0 || size > PAGE_SIZE) {
		size = sizeof(*attr);
		if (copy_to_user(t->mm, uattr + offsetof(struct sched_attr, size), &size,
				 sizeof(size)) < 0)
			return -EFAULT;
		return -E2BIG;
	}
	size_t n = size < sizeof(*attr) ? size : sizeof(*attr);
	if (copy_from_user(t->mm, attr, uattr, n) < 0)
		return -EFAULT;
	for (uint64_t off = sizeof(*attr); off < size; off++) {
		unsigned char c;
		if (copy_from_user(t->mm, &c, uattr + off, 1) < 0)
			return -EFAULT;
		if (c) {
			size = sizeof(*attr);
			copy_to_user(t->mm, uattr + offsetof(struct sched_attr, size), &size,
				     sizeof(size));
			return -E2BIG;
		}
	}
	if ((attr->sched_flags & SCHED_FLAG_UTIL_CLAMP) && size < SCHED_ATTR_SIZE_VER1)
		return -EINVAL;
	if (attr->sched_nice < MIN_NICE)
		attr->sched_nice = MIN_NICE;
	if (attr->sched_nice > MAX_NICE)
		attr->sched_nice = MAX_NICE;
	return 0;
}

SYSCALL(sched_setattr)
{
	pid_t pid = (pid_t)a[0];
	struct sched_attr attr;
	if (!a[1] || pid < 0 || a[2])
		return -EINVAL;
	long r = sched_copy_attr(t, a[1], &attr);
	if (r < 0)
		return r;
	if ((int)attr.sched_policy < 0)
		return -EINVAL;
	if (attr.sched_flags & SCHED_FLAG_KEEP_POLICY)
		attr.sched_policy = (uint32_t)SETPARAM_POLICY;
	struct task *p = find_task(t, pid);
	if (!p)
		return -ESRCH;
	if (attr.sched_flags & SCHED_FLAG_KEEP_PARAMS) {
		attr.sched_priority = (uint32_t)p->sched.rt_priority;
		attr.sched_nice = p->sched.nice;
	}
	return do_setscheduler(t, p, &attr);
}

/* The host's slice for a normal thread: what sched_getattr reports as
 * sched_runtime for the fair policies. */
static uint64_t fair_slice_ns(void)
{
	static uint64_t slice = 1;
	if (slice == 1) {
		struct sched_attr host;
		memset(&host, 0, sizeof(host));
		slice = syscall(SYS_sched_getattr, 0, &host, sizeof(host), 0) == 0 &&
				fair_policy((int)host.sched_policy)
			    ? host.sched_runtime
			    : 0;
	}
	return slice;
}

SYSCALL(sched_getattr)
{
	pid_t pid = (pid_t)a[0];
	uint64_t usize = (unsigned)a[2];
	if (!a[1] || pid < 0 || usize > PAGE_SIZE || usize < SCHED_ATTR_SIZE_VER0 || a[3])
		return -EINVAL;
	struct task *p = find_task(t, pid);
	if (!p)
		return -ESRCH;
	struct sched_attr k;
	memset(&k, 0, sizeof(k));
	k.sched_policy = (uint32_t)p->sched.policy;
	if (p->sched.reset_on_fork)
		k.sched_flags |= SCHED_FLAG_RESET_ON_FORK;
	if (rt_policy(p->sched.policy))
		k.sched_priority = (uint32_t)p->sched.rt_priority;
	else
		k.sched_nice = p->sched.nice;
	if (fair_policy(p->sched.policy))
		k.sched_runtime = fair_slice_ns();
	/* No utilization clamping (as without CONFIG_UCLAMP_TASK): 0..0. */
	/* sched_attr_copy_to_user: as much as the caller's size holds. */
	size_t n = usize < sizeof(k) ? usize : sizeof(k);
	k.size = (uint32_t)n;
	return copy_to_user(t->mm, a[1], &k, n);
}

SYSCALL(sched_get_priority_max)
{
	(void)t;
	int policy = (int)a[0];
	if (rt_policy(policy))
		return MAX_RT_PRIO - 1;
	if (fair_policy(policy) || policy == SCHED_IDLE || policy == SCHED_DEADLINE)
		return 0;
	return -EINVAL;
}

SYSCALL(sched_get_priority_min)
{
	(void)t;
	int policy = (int)a[0];
	if (rt_policy(policy))
		return 1;
	if (fair_policy(policy) || policy == SCHED_IDLE || policy == SCHED_DEADLINE)
		return 0;
	return -EINVAL;
}

SYSCALL(sched_rr_get_interval)
{
	pid_t pid = (pid_t)a[0];
	if (pid < 0)
		return -EINVAL;
	struct task *p = find_task(t, pid);
	if (!p)
		return -ESRCH;
	/* SCHED_RR's quantum; the others run until preempted (the fair
	 * class's slice rounds down to no whole jiffy). */
	struct timespec ts = {0, p->sched.policy == SCHED_RR ? RR_TIMESLICE_NS : 0};
	return copy_to_user(t->mm, a[1], &ts, sizeof(ts));
}

/* --- getpriority / setpriority (kernel/sys.c) --- */

/* set_one_prio: the target is the caller's (by euid), or CAP_SYS_NICE;
 * lowering nice needs RLIMIT_NICE or CAP_SYS_NICE.  @error carries the
 * result so far: ESRCH until a target was found. */
static long set_one_prio(struct task *t, struct task *p, int nice, long error)
{
	if (p->cred.uid != t->cred.euid && p->cred.euid != t->cred.euid &&
	    !capable(t, CAP_SYS_NICE))
		return -EPERM;
	if (nice < p->sched.nice && !is_nice_reduction(p, nice) && !capable(t, CAP_SYS_NICE))
		return -EACCES;
	if (error == -ESRCH)
		error = 0;
	p->sched.nice = nice;
	apply_host_nice(p);
	return error;
}

/* Does @p belong to @which/@who (PRIO_PGRP, PRIO_USER)? */
static bool prio_match(struct task *t, struct task *p, int which, int who)
{
	if (p->state == TASK_DEAD)
		return false;
	if (which == PRIO_PGRP)
		return p->tg->pgid == (who ? who : t->tg->pgid);
	return p->cred.uid == (uid_t)(who ? (uid_t)who : t->cred.uid);
}

SYSCALL(setpriority)
{
	int which = (int)a[0], who = (int)a[1], nice = (int)a[2];
	if (which > PRIO_USER || which < PRIO_PROCESS)
		return -EINVAL;
	if (nice < MIN_NICE)
		nice = MIN_NICE;
	if (nice > MAX_NICE)
		nice = MAX_NICE;
	long error = -ESRCH;
	if (which == PRIO_PROCESS) {
		struct task *p = find_task(t, who);
		if (p)
			error = set_one_prio(t, p, nice, error);
		return error;
	}
	for_each_task(p)
	{
		if (p != init_task && prio_match(t, p, which, who))
			error = set_one_prio(t, p, nice, error);
	}
	return error;
}

SYSCALL(getpriority)
{
	int which = (int)a[0], who = (int)a[1];
	if (which > PRIO_USER || which < PRIO_PROCESS)
		return -EINVAL;
	long r = -ESRCH;
	if (which == PRIO_PROCESS) {
		struct task *p = find_task(t, who);
		return p ? nice_to_rlimit(p->sched.nice) : -ESRCH;
	}
	for_each_task(p)
	{
		if (p != init_task && prio_match(t, p, which, who) &&
		    nice_to_rlimit(p->sched.nice) > r)
			r = nice_to_rlimit(p->sched.nice);
	}
	return r;
}

/* --- ioprio_get / ioprio_set (block/ioprio.c) --- */

#define IOPRIO_CLASS(v) (((v) >> IOPRIO_CLASS_SHIFT) & IOPRIO_CLASS_MASK)

static long ioprio_check_cap(struct task *t, int ioprio)
{
	int level = ioprio & IOPRIO_LEVEL_MASK;
	switch (IOPRIO_CLASS(ioprio)) {
	case IOPRIO_CLASS_RT:
		if (!capable(t, CAP_SYS_NICE) && !capable(t, CAP_SYS_ADMIN))
			return -EPERM;
		return 0;
	case IOPRIO_CLASS_BE:
	case IOPRIO_CLASS_IDLE:
		return 0;
	case IOPRIO_CLASS_NONE:
		return level ? -EINVAL : 0;
	default:
		return -EINVAL;
	}
}

static long set_task_ioprio(struct task *t, struct task *p, int ioprio)
{
	if (p->cred.uid != t->cred.euid && p->cred.uid != t->cred.uid && !capable(t, CAP_SYS_NICE))
		return -EPERM;
	p->sched.ioprio = ioprio;
	return 0;
}

/* ioprio_best: the better of two priorities (lower is better), an unset
 * class counting as the default. */
static long ioprio_best(long x, long y)
{
	return x < y ? x : y;
}

SYSCALL(ioprio_set)
{
	int which = (int)a[0], who = (int)a[1], ioprio = (int)a[2];
	long r = ioprio_check_cap(t, ioprio);
	if (r < 0)
		return r;
	switch (which) {
	case IOPRIO_WHO_PROCESS: {
		struct task *p = find_task(t, who);
		return p ? set_task_ioprio(t, p, ioprio) : -ESRCH;
	}
	case IOPRIO_WHO_PGRP:
	case IOPRIO_WHO_USER:
		r = -ESRCH;
		for_each_task(p)
		{
			if (p == init_task ||
			    !prio_match(t, p, which == IOPRIO_WHO_PGRP ? PRIO_PGRP : PRIO_USER,
					who))
				continue;
			r = set_task_ioprio(t, p, ioprio);
			if (r)
				break;
		}
		return r;
	default:
		return -EINVAL;
	}
}

SYSCALL(ioprio_get)
{
	int which = (int)a[0], who = (int)a[1];
	switch (which) {
	case IOPRIO_WHO_PROCESS: {
		struct task *p = find_task(t, who);
		return p ? p->sched.ioprio : -ESRCH;
	}
	case IOPRIO_WHO_PGRP:
	case IOPRIO_WHO_USER: {
		long r = -ESRCH;
		for_each_task(p)
		{
			if (p == init_task ||
			    !prio_match(t, p, which == IOPRIO_WHO_PGRP ? PRIO_PGRP : PRIO_USER,
					who))
				continue;
			r = r == -ESRCH ? p->sched.ioprio : ioprio_best(r, p->sched.ioprio);
		}
		return r;
	}
	default:
		return -EINVAL;
	}
}

/* --- getcpu --- */

/* The CPU the host last ran @p's host thread on (/proc's "processor"). */
static int host_cpu_of(struct task *p)
{
	if (!p->ctx)
		return -1;
	char path[96], buf[1024];
	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", ctx_host_tid(p->ctx),
		 ctx_host_tid(p->ctx));
	FILE *f = host_fopen(path, "re");
	if (!f)
		return -1;
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* Field 39, counted from after the ")" that ends the name. */
	char *s = strrchr(buf, ')');
	int field = 2;
	for (; s && *s && field < 39; s++)
		if (*s == ' ')
			field++;
	int cpu;
	return s && sscanf(s, "%d", &cpu) == 1 ? cpu : -1;
}

/* The NUMA node of host CPU @cpu (its nodeN entry in sysfs). */
static unsigned cpu_node(int cpu)
{
	for (unsigned node = 0; node < 64; node++) {
		char path[96];
		snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/node%u", cpu, node);
		if (host_exists(path))
			return node;
	}
	return 0;
}

SYSCALL(getcpu)
{
	const unsigned long *cpus = task_cpus(t);
	/* A deterministic run answers the first allowed CPU, always. */
	int cpu = det_enabled ? -1 : host_cpu_of(t);
	/* Outside the guest's mask (its host thread was made before the
	 * mask was set, as after an exec), answer its first allowed CPU. */
	if (cpu < 0 || cpu >= 1024 || !(cpus[cpu / 64] & (1UL << (cpu % 64)))) {
		cpu = 0;
		for (int i = 0; i < 1024; i++) {
			if (cpus[i / 64] & (1UL << (i % 64))) {
				cpu = i;
				break;
			}
		}
	}
	unsigned ucpu = (unsigned)cpu, node = cpu_node(cpu);
	if (a[0] && copy_to_user(t->mm, a[0], &ucpu, sizeof(ucpu)) < 0)
		return -EFAULT;
	if (a[1] && copy_to_user(t->mm, a[1], &node, sizeof(node)) < 0)
		return -EFAULT;
	return 0;
}
