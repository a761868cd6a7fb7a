/* POSIX interval timers (kernel/time/posix-timers.c, alarmtimer.c for the
 * *_ALARM clocks).  Each timer is a deadline on the sentry's heap; on
 * expiry it queues its signal (SI_TIMER) for the process or one of its
 * threads.  While that signal is still pending a new expiry only counts
 * an overrun, as Linux's preallocated sigqueue does; timer_getoverrun
 * reports what the last dequeued signal carried.  Timers on CPU-time
 * clocks poll the clock (cputime.c): a heap deadline set for when the
 * threads the clock counts could have used up what is left. */
#define _GNU_SOURCE
#include "posix_timers.h"

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cputime.h"
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
	/* On a CPU clock: whose (a tid, or a tgid), and the expiry on that
	 * clock (0: disarmed); the heap timer then only polls. */
	bool cpu, cpu_thread;
	pid_t cpu_pid;
	uint64_t cpu_expires;
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
		return;
	}
	siginfo_t info;
	memset(&info, 0, sizeof(info));
	info.si_signo = pt->signo;
	info.si_code = SI_TIMER;
	info.si_timerid = pt->id;
	info.si_overrun = add_sat(0, missed);
	info.si_value = pt->value;
	/* The timer's queue entry is its own: never refused for the limit. */
	send_sig_info_checked(thread ? target : tg->leader, pt->signo, &info, !thread, true);
}

void posix_timer_dequeued(struct thread_group *tg, const siginfo_t *info)
{
	struct posix_timer *pt = find_timer(tg, info->si_timerid);
	if (pt)
		pt->overrun_last = info->si_overrun;
}

/* The CPU clock of @pt now: 0 or -ESRCH when whoever it counts is gone. */
static int cpu_now(const struct posix_timer *pt, uint64_t *ns)
{
	struct task *target = task_lookup(pt->cpu_pid);
	if (!target)
		return -ESRCH;
	return cpu_clock_sample(target, pt->cpu_thread, ns);
}

/* Poll again when the clock could have reached the expiry at the
 * earliest: every thread it counts running all the time. */
static void cpu_poll(struct posix_timer *pt, uint64_t now_cpu)
{
	uint64_t threads = 1;
	struct task *target = task_lookup(pt->cpu_pid);
	if (target && !pt->cpu_thread && target->tg->live > 1)
		threads = (uint64_t)target->tg->live;
	uint64_t wait = (pt->cpu_expires - now_cpu) / threads;
	if (wait < 100000)
		wait = 100000;
	timer_arm(&pt->tm, now_ns() + wait);
}

/* The CPU clock's expiry passed at @now_cpu: the periods missed, and
 * the next expiry (0 for a one-shot timer). */
static uint64_t cpu_forward(struct posix_timer *pt, uint64_t now_cpu)
{
	if (!pt->interval_ns) {
		pt->cpu_expires = 0;
		return 0;
	}
	uint64_t missed = (now_cpu - pt->cpu_expires) / pt->interval_ns;
	pt->cpu_expires += (missed + 1) * pt->interval_ns;
	return missed;
}

static void cpu_timer_fired(struct posix_timer *pt)
{
	uint64_t now;
	if (!pt->cpu_expires || cpu_now(pt, &now) < 0)
		return; /* the clock's owner is gone: it never fires again */
	if (now < pt->cpu_expires) {
		cpu_poll(pt, now);
		return;
	}
	uint64_t missed = cpu_forward(pt, now);
	if (pt->cpu_expires)
		cpu_poll(pt, now);
	send_timer_signal(pt, missed);
}

static void timer_fired(struct timer *tm)
{
	struct posix_timer *pt =
	    (struct posix_timer *)((char *)tm - offsetof(struct posix_timer, tm));
	if (pt->cpu) {
		cpu_timer_fired(pt);
		return;
	}
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

/* Does the host have the RTC the *_ALARM clocks need
 * (alarmtimer_get_rtcdev)?  Without one their getres fails; ask once. */
static bool have_alarm_clocks(void)
{
	static int have = -1;
	if (have < 0) {
		struct timespec ts;
		have = clock_getres(CLOCK_REALTIME_ALARM, &ts) == 0;
	}
	return have;
}

/* clockid_to_kclock and whether the clock has timers: -EINVAL for no
 * such clock, -EOPNOTSUPP for a clock without timers; before a timer id
 * is taken. */
static long check_kclock(clockid_t clk)
{
	if (is_cpu_clock(clk))
		return 0;
	if (clk < 0)
		return -EOPNOTSUPP; /* a CLOCKFD clock: no timers here */
	switch (clk) {
	case CLOCK_REALTIME:
	case CLOCK_MONOTONIC:
	case CLOCK_BOOTTIME:
	case CLOCK_TAI:
	case CLOCK_REALTIME_ALARM:
	case CLOCK_BOOTTIME_ALARM:
		return 0;
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_MONOTONIC_COARSE:
		return -EOPNOTSUPP; /* readable clocks without timers */
	default:
		return -EINVAL;
	}
}

/* The clock's own timer_create, once the id is taken: the CPU clock's
 * owner (posix_cpu_timer_create), the RTC and CAP_WAKE_ALARM of the
 * alarm clocks (alarm_timer_create). */
static long check_clock(struct task *t, clockid_t clk)
{
	if (is_cpu_clock(clk)) {
		struct task *target;
		bool thread;
		return cpu_clock_target(t, clk, false, &target, &thread);
	}
	if (clk == CLOCK_REALTIME_ALARM || clk == CLOCK_BOOTTIME_ALARM) {
		if (!have_alarm_clocks())
			return -EOPNOTSUPP;
		return capable(t, CAP_WAKE_ALARM) ? 0 : -EPERM;
	}
	return 0;
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
	long r = check_kclock(clk);
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
	if ((r = check_clock(t, clk)) < 0)
		return r;
	struct posix_timer *pt = calloc(1, sizeof(*pt));
	if (!pt)
		return -EAGAIN;
	pt->id = id;
	pt->tg = tg;
	pt->clock = clk;
	pt->tid = tid;
	if (is_cpu_clock(clk)) {
		struct task *target;
		cpu_clock_target(t, clk, false, &target, &pt->cpu_thread);
		pt->cpu = true;
		pt->cpu_pid = pt->cpu_thread ? target->tid : target->tg->tgid;
	}
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

/* posix_cpu_timer_get: what is left on the CPU clock; an expiry not yet
 * acted on reads as 1 ns (a SIGEV_NONE one-shot is disarmed by then). */
static void cpu_timer_get(struct posix_timer *pt, struct itimerspec *cur)
{
	uint64_t now;
	if (!pt->cpu_expires || cpu_now(pt, &now) < 0)
		return;
	bool none = (pt->notify & ~SIGEV_THREAD_ID) == SIGEV_NONE;
	if (none && now >= pt->cpu_expires)
		cpu_forward(pt, now);
	if (!pt->cpu_expires)
		return;
	ns_ts(now < pt->cpu_expires ? (int64_t)(pt->cpu_expires - now) : 1, &cur->it_value);
}

/* What is left of @pt's current period, and its interval. */
static void timer_get(struct posix_timer *pt, struct itimerspec *cur)
{
	memset(cur, 0, sizeof(*cur));
	ns_ts((int64_t)pt->interval_ns, &cur->it_interval);
	if (pt->cpu) {
		cpu_timer_get(pt, cur);
		return;
	}
	if (!timer_armed(&pt->tm))
		return;
	uint64_t now = now_ns();
	int64_t left = pt->tm.deadline_ns > now ? (int64_t)(pt->tm.deadline_ns - now) : 0;
	bool none = (pt->notify & ~SIGEV_THREAD_ID) == SIGEV_NONE;
	/* A periodic SIGEV_NONE timer due but not yet run reads as forwarded
	 * to its next period (common_timer_get's timer_forward). */
	if (left == 0 && none && pt->interval_ns)
		left = (int64_t)(pt->interval_ns - (now - pt->tm.deadline_ns) % pt->interval_ns);
	/* Due but not yet run: a signal timer reports 1 ns, never 0
	 * (0 would read as disarmed). */
	if (left == 0 && !none)
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
	pt->cpu_expires = 0;
	int64_t value = ts_ns(&new->it_value);
	if (value == 0)
		return 0; /* disarmed */
	if (pt->cpu) {
		uint64_t now_cpu;
		if (cpu_now(pt, &now_cpu) < 0)
			return -ESRCH;
		pt->cpu_expires = flags & TIMER_ABSTIME ? (uint64_t)value : now_cpu + (uint64_t)value;
		if ((pt->notify & ~SIGEV_THREAD_ID) != SIGEV_NONE)
			cpu_poll(pt, now_cpu < pt->cpu_expires ? now_cpu : pt->cpu_expires);
		return 0;
	}
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
