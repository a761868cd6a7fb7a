/* POSIX interval timers (kernel/time/posix-timers.c, alarmtimer.c for the
 * *_ALARM clocks).  Each timer is a deadline on the sentry's heap; on
 * expiry it queues its signal (SI_TIMER) for the process or one of its
 * threads.  While that signal is still pending a new expiry only counts
 * an overrun, as Linux's preallocated sigqueue does.  The CPU-time clocks
 * are not offered: their timers would have to run in the host. */
#define _GNU_SOURCE
#include "posix_timers.h"

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cred.h"
#include "det.h"
#include "sched.h"
#include "signal.h"
#include "task.h"
#include "timer.h"

#define NSEC_PER_SEC 1000000000LL

struct posix_timer {
	struct timer tm; /* first: the heap gives it back */
	struct posix_timer *next;
	struct thread_group *tg;
	int id;
	clockid_t clock;
	int notify; /* SIGEV_SIGNAL, SIGEV_NONE, SIGEV_THREAD, | SIGEV_THREAD_ID */
	int signo;
	pid_t tid; /* SIGEV_THREAD_ID's thread */
	union sigval value;
	uint64_t interval_ns;
	int overrun_last; /* timer_getoverrun: the last signal's overruns */
};

static int64_t ts_ns(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec;
}

static void ns_ts(int64_t ns, struct timespec *ts)
{
	ts->tv_sec = (time_t)(ns / NSEC_PER_SEC);
	ts->tv_nsec = (long)(ns % NSEC_PER_SEC);
}

static struct posix_timer *find_timer(struct thread_group *tg, int id)
{
	for (struct posix_timer *p = tg->posix_timers; p; p = p->next)
		if (p->id == id)
			return p;
	return NULL;
}

/* The timer's signal, if it is still queued for @t or its process. */
static siginfo_t *queued_info(struct posix_timer *pt, struct task *t)
{
	struct sigpending *lists[2] = {&t->pending, &t->tg->shared_pending};
	for (int i = 0; i < 2; i++) {
		struct sigqueue *q;
		TAILQ_FOREACH(q, &lists[i]->list, link)
		{
			if (q->info.si_code == SI_TIMER && q->info.si_timerid == pt->id &&
			    q->info.si_signo == pt->signo)
				return &q->info;
		}
	}
	return NULL;
}

static int add_sat(int x, uint64_t y)
{
	uint64_t v = (uint64_t)x + y;
	return v > INT_MAX ? INT_MAX : (int)v;
}

/* Queue the timer's signal; @missed periods passed unseen.  While the
 * previous signal is still pending, the expiries only add to its
 * overrun count. */
static void send_timer_signal(struct posix_timer *pt, uint64_t missed)
{
	struct thread_group *tg = pt->tg;
	if (tg->zombie || tg->live <= 0)
		return;
	struct task *target = tg->leader;
	bool thread = pt->notify & SIGEV_THREAD_ID;
	if (thread) {
		target = task_lookup(pt->tid);
		if (!target || target->tg != tg || target->state == TASK_DEAD)
			return; /* the thread is gone: nobody to tell */
	}
	siginfo_t *q = queued_info(pt, target);
	if (q) {
		q->si_overrun = add_sat(q->si_overrun, missed + 1);
		pt->overrun_last = q->si_overrun;
		return;
	}
	siginfo_t info;
	memset(&info, 0, sizeof(info));
	info.si_signo = pt->signo;
	info.si_code = SI_TIMER;
	info.si_timerid = pt->id;
	info.si_overrun = add_sat(0, missed);
	info.si_value = pt->value;
	pt->overrun_last = info.si_overrun;
	if (thread)
		send_sig_to_task(target, pt->signo, &info);
	else
		send_sig_to_group(tg, pt->signo, &info);
}

static void timer_fired(struct timer *tm)
{
	struct posix_timer *pt =
	    (struct posix_timer *)((char *)tm - offsetof(struct posix_timer, tm));
	uint64_t missed = 0;
	if (pt->interval_ns) {
		/* Forward past now; the periods missed count as overruns. */
		uint64_t now = now_ns(), next = tm->deadline_ns + pt->interval_ns;
		if (next <= now) {
			missed = (now - next) / pt->interval_ns + 1;
			next += missed * pt->interval_ns;
		}
		timer_arm(tm, next);
	}
	if ((pt->notify & ~SIGEV_THREAD_ID) != SIGEV_NONE)
		send_timer_signal(pt, missed);
}

/* The clocks timer_create knows; the CPU clocks are refused. */
static long check_clock(struct task *t, clockid_t clk)
{
	switch (clk) {
	case CLOCK_REALTIME:
	case CLOCK_MONOTONIC:
	case CLOCK_BOOTTIME:
	case CLOCK_TAI:
		return 0;
	case CLOCK_REALTIME_ALARM:
	case CLOCK_BOOTTIME_ALARM:
		return capable(t, CAP_WAKE_ALARM) ? 0 : -EPERM;
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_MONOTONIC_COARSE:
		return -EOPNOTSUPP; /* readable clocks without timers */
	default:
		return -EINVAL;
	}
}

/* good_sigevent: where the signal goes, and which one. */
static long check_sigevent(struct task *t, const struct sigevent *ev, pid_t *tid)
{
	switch (ev->sigev_notify) {
	case SIGEV_SIGNAL | SIGEV_THREAD_ID: {
		struct task *th = task_lookup(ev->_sigev_un._tid);
		if (!th || th->tg != t->tg || th->state == TASK_DEAD)
			return -EINVAL;
		*tid = th->tid;
	}
	/* fallthrough */
	case SIGEV_SIGNAL:
	case SIGEV_THREAD:
		if (ev->sigev_signo <= 0 || ev->sigev_signo > SBX_NSIG)
			return -EINVAL;
		return 0;
	case SIGEV_NONE:
		return 0;
	default:
		return -EINVAL;
	}
}

long posix_timer_create(struct task *t, clockid_t clk, const struct sigevent *ev)
{
	long r = check_clock(t, clk);
	if (r < 0)
		return r;
	struct thread_group *tg = t->tg;
	/* The next free id from where the last one was taken; a creation
	 * that fails later still uses one up, as on Linux. */
	int id = tg->next_timer_id;
	for (int tries = 0; find_timer(tg, id); tries++) {
		if (tries == INT_MAX)
			return -EAGAIN;
		id = id == INT_MAX ? 0 : id + 1;
	}
	tg->next_timer_id = id == INT_MAX ? 0 : id + 1;
	pid_t tid = 0;
	if (ev && (r = check_sigevent(t, ev, &tid)) < 0)
		return r;
	struct posix_timer *pt = calloc(1, sizeof(*pt));
	if (!pt)
		return -EAGAIN;
	pt->id = id;
	pt->tg = tg;
	pt->clock = clk;
	pt->tid = tid;
	if (ev) {
		pt->notify = ev->sigev_notify;
		pt->signo = ev->sigev_signo;
		pt->value = ev->sigev_value;
	} else {
		pt->notify = SIGEV_SIGNAL;
		pt->signo = SIGALRM;
		pt->value.sival_int = id;
	}
	timer_init(&pt->tm, timer_fired);
	pt->next = tg->posix_timers;
	tg->posix_timers = pt;
	return id;
}

/* Now on a timer's clock, as the guest reads it (virtual time in a
 * deterministic run). */
static void clock_now(clockid_t clk, struct timespec *ts)
{
	switch (clk) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_ALARM:
		clock_realtime(ts);
		break;
	case CLOCK_BOOTTIME:
	case CLOCK_BOOTTIME_ALARM:
		clock_boottime(ts);
		break;
	case CLOCK_TAI:
		if (!det_enabled && clock_gettime(CLOCK_TAI, ts) == 0)
			break;
		clock_realtime(ts); /* no leap seconds to count in virtual time */
		break;
	default:
		ns_ts((int64_t)now_ns(), ts);
		break;
	}
}

static bool ts_valid(const struct timespec *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < NSEC_PER_SEC;
}

/* What is left of @pt's current period, and its interval. */
static void timer_get(struct posix_timer *pt, struct itimerspec *cur)
{
	memset(cur, 0, sizeof(*cur));
	ns_ts((int64_t)pt->interval_ns, &cur->it_interval);
	if (!timer_armed(&pt->tm))
		return;
	uint64_t now = now_ns();
	int64_t left = pt->tm.deadline_ns > now ? (int64_t)(pt->tm.deadline_ns - now) : 0;
	/* Due but not yet run: a signal timer reports 1 ns, never 0
	 * (0 would read as disarmed). */
	if (left == 0 && (pt->notify & ~SIGEV_THREAD_ID) != SIGEV_NONE)
		left = 1;
	ns_ts(left, &cur->it_value);
}

long posix_timer_settime(struct task *t, int id, int flags, const struct itimerspec *new,
			 struct itimerspec *old)
{
	if (!ts_valid(&new->it_interval) || !ts_valid(&new->it_value))
		return -EINVAL;
	struct posix_timer *pt = find_timer(t->tg, id);
	if (!pt)
		return -EINVAL;
	if (old)
		timer_get(pt, old);
	timer_cancel(&pt->tm);
	pt->interval_ns = (uint64_t)ts_ns(&new->it_interval);
	int64_t value = ts_ns(&new->it_value);
	if (value == 0)
		return 0; /* disarmed */
	uint64_t now = now_ns();
	uint64_t deadline;
	if (flags & TIMER_ABSTIME) {
		/* An absolute time on the timer's clock, as a monotonic
		 * deadline (a later change of the clock is not followed). */
		struct timespec ts;
		clock_now(pt->clock, &ts);
		int64_t delta = value - ts_ns(&ts);
		deadline = delta > 0 ? now + (uint64_t)delta : now;
	} else {
		deadline = now + (uint64_t)value;
	}
	return timer_arm(&pt->tm, deadline) < 0 ? -ENOMEM : 0;
}

long posix_timer_gettime(struct task *t, int id, struct itimerspec *cur)
{
	struct posix_timer *pt = find_timer(t->tg, id);
	if (!pt)
		return -EINVAL;
	timer_get(pt, cur);
	return 0;
}

long posix_timer_getoverrun(struct task *t, int id)
{
	struct posix_timer *pt = find_timer(t->tg, id);
	return pt ? pt->overrun_last : -EINVAL;
}

long posix_timer_delete(struct task *t, int id)
{
	for (struct posix_timer **pp = &t->tg->posix_timers; *pp; pp = &(*pp)->next) {
		if ((*pp)->id == id) {
			struct posix_timer *pt = *pp;
			*pp = pt->next;
			timer_cancel(&pt->tm);
			free(pt);
			return 0;
		}
	}
	return -EINVAL;
}

void posix_timers_exit(struct thread_group *tg)
{
	while (tg->posix_timers) {
		struct posix_timer *pt = tg->posix_timers;
		tg->posix_timers = pt->next;
		timer_cancel(&pt->tm);
		free(pt);
	}
	tg->next_timer_id = 0;
}
