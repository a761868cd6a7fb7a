/* Interval timers (kernel/time/itimer.c): ITIMER_REAL and alarm(2), kept
 * on the sentry's deadline heap; SIGALRM goes to the process on expiry. */
#define _GNU_SOURCE
#include "itimer.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>

#include "../../platform/platform.h"
#include "../mm/mm.h"
#include "sched.h"
#include "signal.h"
#include "task.h"

static void real_fired(struct timer *tm)
{
	struct thread_group *tg = (struct thread_group *)((char *)tm - offsetof(struct thread_group, it_real));
	if (tg->it_real_interval_ns)
		timer_arm(&tg->it_real, tm->deadline_ns + tg->it_real_interval_ns);
	if (!tg->zombie && tg->live > 0) {
		siginfo_t info;
		memset(&info, 0, sizeof(info));
		info.si_signo = SIGALRM;
		info.si_code = SI_KERNEL;
		send_sig_kernel(tg->leader, SIGALRM, &info, true);
	}
}

static void to_timeval(uint64_t ns, struct timeval *tv)
{
	tv->tv_sec = (time_t)(ns / 1000000000ULL);
	tv->tv_usec = (suseconds_t)(ns % 1000000000ULL / 1000);
}

void itimer_real_get(struct thread_group *tg, struct itimerval *out)
{
	uint64_t now = now_ns();
	uint64_t left = 0;
	/* A timer never set is not initialised (and not armed). */
	bool armed = tg->it_real.fn && timer_armed(&tg->it_real);
	if (armed && tg->it_real.deadline_ns > now)
		left = tg->it_real.deadline_ns - now;
	else if (armed)
		left = 1000; /* due now: Linux reports a tiny value, not zero */
	to_timeval(left, &out->it_value);
	to_timeval(tg->it_real_interval_ns, &out->it_interval);
}

void itimer_real_set(struct thread_group *tg, uint64_t value_ns, uint64_t interval_ns)
{
	if (!tg->it_real.fn)
		timer_init(&tg->it_real, real_fired);
	timer_cancel(&tg->it_real);
	/* do_setitimer: a disarmed ITIMER_REAL keeps no interval. */
	tg->it_real_interval_ns = value_ns ? interval_ns : 0;
	if (value_ns)
		timer_arm(&tg->it_real, now_ns() + value_ns);
}

void itimer_exit(struct thread_group *tg)
{
	if (tg->it_real.fn)
		timer_cancel(&tg->it_real);
}

/* ITIMER_VIRTUAL and ITIMER_PROF count the CPU time of the stub's host
 * threads, which is the guest's: the host's own timers in the stub do the
 * counting and their SIGVTALRM/SIGPROF is forwarded to the guest process. */
int itimer_cpu_set(struct task *t, int which, uint64_t value_ns, uint64_t interval_ns)
{
	struct itimerval v;
	to_timeval(value_ns, &v.it_value);
	to_timeval(interval_ns, &v.it_interval);
	t->tg->it_cpu[which - 1] = v;
	if (!t->mm || !t->mm->as)
		return 0;
	uint64_t args[6] = {(uint64_t)which, platform_scratch_addr(), 0, 0, 0, 0};
	long r = as_syscall(t->mm->as, SYS_setitimer, args, &v, sizeof(v), NULL, 0);
	return r < 0 ? (int)r : 0;
}

int itimer_cpu_get(struct task *t, int which, struct itimerval *out)
{
	memset(out, 0, sizeof(*out));
	if (!t->mm || !t->mm->as)
		return 0;
	uint64_t args[6] = {(uint64_t)which, platform_scratch_addr(), 0, 0, 0, 0};
	long r = as_syscall(t->mm->as, SYS_getitimer, args, NULL, 0, out, sizeof(*out));
	return r < 0 ? (int)r : 0;
}

void itimer_after_exec(struct task *t)
{
	for (int which = ITIMER_VIRTUAL; which <= ITIMER_PROF; which++) {
		struct itimerval *v = &t->tg->it_cpu[which - 1];
		if (v->it_value.tv_sec || v->it_value.tv_usec)
			itimer_cpu_set(t, which,
				       (uint64_t)v->it_value.tv_sec * 1000000000ULL +
					       (uint64_t)v->it_value.tv_usec * 1000,
				       (uint64_t)v->it_interval.tv_sec * 1000000000ULL +
					       (uint64_t)v->it_interval.tv_usec * 1000);
	}
}
