/* CPU-time clocks (kernel/time/posix-cpu-timers.c): the stub's host threads
 * run only guest code, so the host's accounting of them is the guest's CPU
 * time.  A thread's clock is its host thread's sum_exec_runtime
 * (schedstat); a process's is its stub's process clock, plus what the
 * stubs execve replaced. */
#define _GNU_SOURCE
#include "cputime.h"

#include <errno.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/syscall.h>

#include "../../platform/platform.h"
#include "../confine/host.h"
#include "det.h"
#include "../mm/mm.h"
#include "sched.h"
#include "signal.h"
#include "task.h"

/* The clock id encoding (include/linux/posix-timers.h). */
#define CPUCLOCK_PID(clk)       ((pid_t)(~(unsigned)(clk) >> 3))
#define CPUCLOCK_PERTHREAD(clk) (((clk)&4) != 0)
#define CPUCLOCK_WHICH(clk)     ((clk)&3)
#define CPUCLOCK_MAX            3
#define CLOCKFD                 3
#define CLOCKFD_MASK            7

bool is_cpu_clock(clockid_t clk)
{
	if (clk == CLOCK_PROCESS_CPUTIME_ID || clk == CLOCK_THREAD_CPUTIME_ID)
		return true;
	return clk < 0 && (clk & CLOCKFD_MASK) != CLOCKFD;
}

int cpu_clock_target(struct task *t, clockid_t clk, bool gettime, struct task **target,
		     bool *thread)
{
	if (clk == CLOCK_PROCESS_CPUTIME_ID || clk == CLOCK_THREAD_CPUTIME_ID) {
		*thread = clk == CLOCK_THREAD_CPUTIME_ID;
		*target = t;
		return 0;
	}
	if (!is_cpu_clock(clk) || CPUCLOCK_WHICH(clk) >= CPUCLOCK_MAX)
		return -EINVAL;
	pid_t pid = CPUCLOCK_PID(clk);
	*thread = CPUCLOCK_PERTHREAD(clk);
	if (!pid) {
		*target = t;
		return 0;
	}
	struct task *p = task_lookup(pid);
	if (!p || p->state == TASK_DEAD)
		return -EINVAL;
	if (*thread ? p->tg != t->tg : !gettime && p->tg->leader != p)
		return -EINVAL;
	*target = p;
	return 0;
}

/* A live thread of @target's process with a host thread to ask. */
static struct task *host_thread_of(struct task *target, bool thread)
{
	if (thread)
		return target->ctx && target->state != TASK_DEAD ? target : NULL;
	struct task *th;
	TAILQ_FOREACH(th, &target->tg->threads, tg_link)
	{
		if (th->ctx && th->state != TASK_DEAD)
			return th;
	}
	return NULL;
}

int cpu_clock_sample(struct task *target, bool thread, uint64_t *ns)
{
	struct task *th = host_thread_of(target, thread);
	if (!th)
		return -ESRCH;
	if (det_enabled) {
		/* No deterministic measure of CPU: the time since the start. */
		*ns = now_ns() - sbx_start_ns;
		return 0;
	}
	struct timespec ts;
	if (!thread) {
		/* Any host process's CPU clock may be read. */
		pid_t hostpid = as_host_pid(ctx_as(th->ctx));
		clockid_t clk = (clockid_t)((~(unsigned)hostpid << 3) | 2 /* CPUCLOCK_SCHED */);
		if (clock_gettime(clk, &ts) < 0)
			return -ESRCH;
		*ns = th->tg->cpu_exec_ns + (uint64_t)ts.tv_sec * 1000000000ULL +
		      (uint64_t)ts.tv_nsec;
		return 0;
	}
	/* Another process's thread clock is not readable by clock_gettime:
	 * its sum_exec_runtime from /proc (through the thread's own /proc
	 * entry, which stays valid while its stub is reaped). */
	char path[64];
	unsigned long long v = 0;
	snprintf(path, sizeof(path), "/proc/%d/task/%d/schedstat", ctx_host_tid(th->ctx),
		 ctx_host_tid(th->ctx));
	FILE *f = host_fopen(path, "re");
	if (!f)
		return -ESRCH;
	int ok = fscanf(f, "%llu", &v) == 1;
	fclose(f);
	if (!ok)
		return -ESRCH;
	*ns = v;
	return 0;
}

int cpu_clock_read(struct task *t, clockid_t clk, uint64_t *ns)
{
	struct task *target;
	bool thread;
	int r = cpu_clock_target(t, clk, true, &target, &thread);
	if (r < 0)
		return r;
	return cpu_clock_sample(target, thread, ns) < 0 ? -EINVAL : 0;
}

void cputime_exec(struct task *t)
{
	uint64_t ns, ut, st;
	if (det_enabled)
		return;
	if (cpu_clock_sample(t, false, &ns) == 0)
		t->tg->cpu_exec_ns = ns;
	if (task_cpu_times(t, &ut, &st) == 0) {
		t->tg->utime_ns += ut;
		t->tg->stime_ns += st;
	}
}

void rlimit_cpu_apply(struct task *t)
{
	if (det_enabled || !t->mm || !t->mm->as)
		return;
	const struct rlimit *lim = &t->tg->rlim[RLIMIT_CPU];
	struct rlimit host = {RLIM_INFINITY, RLIM_INFINITY};
	if (lim->rlim_cur != RLIM_INFINITY) {
		uint64_t done = t->tg->cpu_exec_ns / 1000000000ULL;
		host.rlim_cur = lim->rlim_cur > done + 1 ? lim->rlim_cur - done : 1;
	}
	uint64_t args[6] = {RLIMIT_CPU, platform_scratch_addr(), 0, 0, 0, 0};
	as_syscall(t->mm->as, SYS_setrlimit, args, &host, sizeof(host), NULL, 0);
}

void rlimit_cpu_fired(struct task *t, const siginfo_t *info)
{
	struct rlimit *lim = &t->tg->rlim[RLIMIT_CPU];
	uint64_t ns;
	/* The host fired at the soft limit, so the time used is at least
	 * that; the clock read now may still be a tick behind the host's. */
	if (lim->rlim_max != RLIM_INFINITY &&
	    (lim->rlim_cur >= lim->rlim_max ||
	     (cpu_clock_sample(t, false, &ns) == 0 && ns / 1000000000ULL >= lim->rlim_max))) {
		send_sig_kernel(t, SIGKILL, NULL, true);
		return;
	}
	if (lim->rlim_cur == RLIM_INFINITY)
		return; /* raised since the host counted */
	send_sig_kernel(t, SIGXCPU, info, true);
	lim->rlim_cur++;
}
