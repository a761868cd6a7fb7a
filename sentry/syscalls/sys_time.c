/* Clocks (kernel/time/posix-timers.c, posix-cpu-timers.c). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/capability.h>
#include <sys/time.h>
#include <sys/timex.h>
#include <time.h>

#include "../../platform/platform.h"
#include "../kernel/cputime.h"
#include "../kernel/cred.h"
#include "../kernel/det.h"
#include "../kernel/itimer.h"
#include "../kernel/sched.h"
#include "../kernel/task.h"
#include "../mm/mm.h"
#include "syscalls.h"
#include "../confine/host.h"

/* Does the host have the RTC the *_ALARM clocks need (alarmtimer_get_rtcdev)?
 * Without one their getres fails with EINVAL; ask once. */
static bool have_alarm_clocks(void)
{
	static int have = -1;
	if (have < 0) {
		struct timespec ts;
		have = clock_getres(CLOCK_REALTIME_ALARM, &ts) == 0;
	}
	return have;
}

static int clock_read_host(struct task *t, clockid_t clk, struct timespec *ts);

/* --deterministic: the virtual clocks; CPU clocks count the time since
 * the sandbox started, for want of a deterministic measure of CPU. */
static int det_clock_read(clockid_t clk, struct timespec *ts)
{
	uint64_t ns = now_ns();
	switch (clk) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_REALTIME_ALARM:
	case CLOCK_TAI:
		clock_realtime(ts);
		return 0;
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		ns -= sbx_start_ns;
		break;
	default:
		if (clk < 0)
			ns -= sbx_start_ns;
		break;
	}
	ts->tv_sec = (time_t)(ns / 1000000000ULL);
	ts->tv_nsec = (long)(ns % 1000000000ULL);
	return 0;
}

static int clock_read(struct task *t, clockid_t clk, struct timespec *ts)
{
	if (det_enabled && clk <= CLOCK_TAI) {
		int r = clock_read_host(t, clk, ts); /* the same errors */
		return r < 0 ? r : det_clock_read(clk, ts);
	}
	return clock_read_host(t, clk, ts);
}

static int clock_read_host(struct task *t, clockid_t clk, struct timespec *ts)
{
	switch (clk) {
	case CLOCK_REALTIME:
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
	case CLOCK_TAI:
		return clock_gettime(clk, ts) < 0 ? -errno : 0;
	case CLOCK_REALTIME_ALARM:
	case CLOCK_BOOTTIME_ALARM:
		/* Their base clocks, when the host has the RTC they need
		 * (alarm_clock_get_timespec). */
		if (!have_alarm_clocks())
			return -EINVAL;
		return clock_gettime(clk == CLOCK_REALTIME_ALARM ? CLOCK_REALTIME : CLOCK_BOOTTIME,
				     ts) < 0
			       ? -errno
			       : 0;
	default:
		break;
	}
	/* The CPU clocks: ours, or another thread's or process's by the pid
	 * in the id (a CLOCKFD id is no clock here). */
	uint64_t ns;
	if (!is_cpu_clock(clk) || cpu_clock_read(t, clk, &ns) < 0)
		return -EINVAL;
	ts->tv_sec = (time_t)(ns / 1000000000ULL);
	ts->tv_nsec = (long)(ns % 1000000000ULL);
	return 0;
}

SYSCALL(clock_gettime)
{
	struct timespec ts;
	int r = clock_read(t, (clockid_t)a[0], &ts);
	if (r < 0)
		return r;
	return copy_to_user(t->mm, a[1], &ts, sizeof(ts));
}

SYSCALL(clock_getres)
{
	clockid_t clk = (clockid_t)a[0];
	struct timespec ts;
	int r = clock_read(t, clk, &ts);
	if (r < 0)
		return r;
	if (clk >= 0 && clock_getres(clk, &ts) < 0)
		return -errno;
	if (clk < 0) {
		ts.tv_sec = 0;
		ts.tv_nsec = 1;
	}
	if (a[1] && copy_to_user(t->mm, a[1], &ts, sizeof(ts)) < 0)
		return -EFAULT;
	return 0;
}

/* The time zone settimeofday may set (sys_tz); only gettimeofday reads it. */
static struct timezone sys_tz;

SYSCALL(gettimeofday)
{
	if (a[0]) {
		struct timespec ts;
		clock_realtime(&ts);
		struct timeval tv = {.tv_sec = ts.tv_sec, .tv_usec = ts.tv_nsec / 1000};
		if (copy_to_user(t->mm, a[0], &tv, sizeof(tv)) < 0)
			return -EFAULT;
	}
	if (a[1]) {
		if (copy_to_user(t->mm, a[1], &sys_tz, sizeof(sys_tz)) < 0)
			return -EFAULT;
	}
	return 0;
}

SYSCALL(time)
{
	struct timespec ts;
	clock_realtime(&ts);
	time_t now = ts.tv_sec;
	if (a[0] && copy_to_user(t->mm, a[0], &now, sizeof(now)) < 0)
		return -EFAULT;
	return (long)now;
}

/* --- setting the clock (kernel/time/time.c, timekeeping.c, ntp.c) -------- */

/* The sandbox's wall clock is the host's, which is not the sandbox's to
 * set: after Linux's argument checks, a change is EPERM, for the
 * sandbox's root too (as for a root without CAP_SYS_TIME).  The time zone
 * of settimeofday is the sandbox's own, and adjtimex reads the state of a
 * clock that NTP does not discipline. */

SYSCALL(settimeofday)
{
	struct timeval tv;
	struct timezone tz;
	if (a[0]) {
		if (copy_from_user(t->mm, &tv, a[0], sizeof(tv)) < 0)
			return -EFAULT;
		if (tv.tv_usec < 0 || tv.tv_usec >= 1000000 || tv.tv_sec < 0)
			return -EINVAL; /* timespec64_valid_settod */
	}
	if (a[1] && copy_from_user(t->mm, &tz, a[1], sizeof(tz)) < 0)
		return -EFAULT;
	if (!capable(t, CAP_SYS_TIME) || a[0])
		return -EPERM;
	if (a[1]) {
		if (tz.tz_minuteswest > 15 * 60 || tz.tz_minuteswest < -15 * 60)
			return -EINVAL;
		sys_tz = tz;
	}
	return 0;
}

SYSCALL(clock_settime)
{
	clockid_t clk = (clockid_t)a[0];
	struct timespec ts;
	/* Only CLOCK_REALTIME can be set (and the CPU clocks answer EPERM);
	 * an unknown clock, or one without clock_set, is EINVAL. */
	if (clk != CLOCK_REALTIME) {
		if (clk < 0 && clock_read(t, clk, &ts) == 0)
			return -EPERM; /* posix_cpu_clock_set */
		return -EINVAL;
	}
	if (copy_from_user(t->mm, &ts, a[1], sizeof(ts)) < 0)
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000L)
		return -EINVAL;
	return -EPERM;
}

/* linux/timex.h's values (glibc's ADJ_OFFSET_SINGLESHOT includes
 * ADJ_ADJTIME): adjtime(3)'s modes. */
#define K_ADJ_OFFSET_SINGLESHOT 0x0001
#define K_ADJ_OFFSET_READONLY	0x2000
#define K_ADJ_ADJTIME		0x8000
#define K_ADJ_OFFSET_SS_READ	(K_ADJ_ADJTIME | K_ADJ_OFFSET_SINGLESHOT | K_ADJ_OFFSET_READONLY)

static long do_adjtimex(struct task *t, uint64_t utx)
{
	struct timex tx;
	if (copy_from_user(t->mm, &tx, utx, sizeof(tx)) < 0)
		return -EFAULT;
	if ((tx.modes & K_ADJ_ADJTIME) && !(tx.modes & K_ADJ_OFFSET_SINGLESHOT))
		return -EINVAL;
	if (tx.modes && tx.modes != K_ADJ_OFFSET_SS_READ)
		return -EPERM;
	struct timespec now;
	clock_realtime(&now);
	/* An unsynchronised clock (ntp_clear's state): no offset, no
	 * frequency correction, the largest errors. */
	tx.offset = 0;
	tx.freq = 0;
	tx.maxerror = 16000000; /* NTP_PHASE_LIMIT */
	tx.esterror = 16000000;
	tx.status = STA_UNSYNC;
	tx.constant = 2;
	tx.precision = 1;
	tx.tolerance = 500L << 16; /* MAXFREQ_SCALED / PPM_SCALE */
	tx.time.tv_sec = now.tv_sec;
	tx.time.tv_usec = now.tv_nsec / 1000;
	tx.tick = 1000000 / 100; /* USER_HZ */
	tx.ppsfreq = tx.jitter = tx.stabil = 0;
	tx.shift = 0;
	tx.jitcnt = tx.calcnt = tx.errcnt = tx.stbcnt = 0;
	tx.tai = 0;
	if (copy_to_user(t->mm, utx, &tx, sizeof(tx)) < 0)
		return -EFAULT;
	return TIME_ERROR; /* what an unsynchronised clock reports */
}

SYSCALL(adjtimex)
{
	return do_adjtimex(t, a[0]);
}

SYSCALL(clock_adjtime)
{
	clockid_t clk = (clockid_t)a[0];
	if (clk == CLOCK_REALTIME)
		return do_adjtimex(t, a[1]);
	struct timespec ts;
	if (clock_read(t, clk, &ts) < 0 && clk >= 0)
		return -EINVAL;
	return -EOPNOTSUPP; /* a clock without clock_adj */
}

/* --- sleeping (kernel/time/hrtimer.c hrtimer_nanosleep) ----------------- */

static long nanosleep_restart(struct task *t);

static void put_remaining(struct task *t, uint64_t rmtp, uint64_t deadline)
{
	if (!rmtp)
		return;
	uint64_t now = now_ns();
	uint64_t left = deadline > now ? deadline - now : 0;
	struct timespec ts = {.tv_sec = (time_t)(left / 1000000000ULL),
			      .tv_nsec = (long)(left % 1000000000ULL)};
	copy_to_user(t->mm, rmtp, &ts, sizeof(ts));
}

/* A relative sleep interrupted by a signal: write the time left and restart
 * through restart_syscall (or fail with EINTR when a handler runs). */
static long sleep_interrupted(struct task *t)
{
	t->restart.fn = nanosleep_restart;
	t->restart.deadline_ns = t->sc.deadline_ns;
	put_remaining(t, t->restart.nanosleep.rmtp, t->sc.deadline_ns);
	return -ERESTART_RESTARTBLOCK;
}

static long abs_sleep_interrupted(struct task *t)
{
	(void)t;
	return -ERESTARTNOHAND;
}

static long sleep_until(struct task *t, bool absolute)
{
	if (t->sc.timed_out || now_ns() >= t->sc.deadline_ns)
		return 0;
	task_set_deadline(t, t->sc.deadline_ns);
	t->sc.interrupt = absolute ? abs_sleep_interrupted : sleep_interrupted;
	return -SBX_BLOCK;
}

static long nanosleep_restart(struct task *t)
{
	t->sc.deadline_ns = t->restart.deadline_ns;
	t->restart.fn = NULL;
	return sleep_until(t, false);
}

static int read_timespec(struct task *t, uint64_t u, uint64_t *ns)
{
	struct timespec ts;
	if (copy_from_user(t->mm, &ts, u, sizeof(ts)) < 0)
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000L)
		return -EINVAL;
	*ns = (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
	return 0;
}

SYSCALL(nanosleep)
{
	if (!t->sc.progress) {
		uint64_t ns;
		int r = read_timespec(t, a[0], &ns);
		if (r < 0)
			return r;
		t->sc.deadline_ns = now_ns() + ns;
		t->restart.nanosleep.rmtp = a[1];
		t->sc.progress = 1;
	}
	return sleep_until(t, false);
}

/* A CPU-time sleep (posix_cpu_nsleep): the clock is polled, waking as soon
 * as the threads it counts could have used up what is left. */
static long cpu_nsleep_restart(struct task *t);

static long cpu_sleep_interrupted(struct task *t)
{
	if (t->restart.nanosleep.type_abs)
		return -ERESTARTNOHAND;
	struct timespec now;
	uint64_t left = 0;
	if (clock_read(t, t->restart.nanosleep.clockid, &now) == 0) {
		uint64_t n = (uint64_t)now.tv_sec * 1000000000ULL + (uint64_t)now.tv_nsec;
		left = t->restart.deadline_ns > n ? t->restart.deadline_ns - n : 0;
	}
	if (t->restart.nanosleep.rmtp) {
		struct timespec ts = {.tv_sec = (time_t)(left / 1000000000ULL),
				      .tv_nsec = (long)(left % 1000000000ULL)};
		copy_to_user(t->mm, t->restart.nanosleep.rmtp, &ts, sizeof(ts));
	}
	t->restart.fn = cpu_nsleep_restart;
	return -ERESTART_RESTARTBLOCK;
}

static long cpu_sleep(struct task *t)
{
	struct timespec now;
	if (clock_read(t, t->restart.nanosleep.clockid, &now) < 0)
		return -EINVAL; /* the process or thread is gone */
	uint64_t n = (uint64_t)now.tv_sec * 1000000000ULL + (uint64_t)now.tv_nsec;
	uint64_t target = t->restart.deadline_ns;
	if (n >= target)
		return 0;
	uint64_t threads = t->tg->live > 0 ? (uint64_t)t->tg->live : 1;
	uint64_t wait = (target - n) / threads;
	if (wait < 100000)
		wait = 100000;
	task_set_deadline(t, now_ns() + wait);
	t->sc.interrupt = cpu_sleep_interrupted;
	return -SBX_BLOCK;
}

static long cpu_nsleep_restart(struct task *t)
{
	t->restart.fn = NULL;
	return cpu_sleep(t);
}

/* clockid_to_kclock and its nsleep: -EINVAL for no such clock,
 * -EOPNOTSUPP for a clock without sleeps, else 0 (@cpu: a CPU clock). */
static int nsleep_clock(struct task *t, clockid_t clk, bool *cpu)
{
	*cpu = false;
	if (clk < 0) {
		if ((clk & 7) == 3)
			return -EOPNOTSUPP; /* CLOCKFD: a dynamic clock, no sleeps */
		if ((clk & 3) == 3)
			return -EINVAL; /* no such CPU clock */
		/* posix_cpu_nsleep: not the caller's own thread clock; another
		 * thread of its process, or any process by its tgid. */
		pid_t pid = (pid_t)(~(unsigned)clk >> 3);
		bool thread = clk & 4;
		if (thread && (pid == 0 || pid == t->tid))
			return -EINVAL;
		struct task *target = pid ? task_lookup(pid) : t;
		if (!target || target->state == TASK_DEAD)
			return -EINVAL;
		if (thread ? target->tg != t->tg : target->tg->leader != target)
			return -EINVAL;
		*cpu = true;
		return 0;
	}
	switch (clk) {
	case CLOCK_REALTIME:
	case CLOCK_MONOTONIC:
	case CLOCK_BOOTTIME:
	case CLOCK_TAI:
		return 0;
	case CLOCK_PROCESS_CPUTIME_ID:
		*cpu = true;
		return 0;
	case CLOCK_THREAD_CPUTIME_ID:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_MONOTONIC_COARSE:
		return -EOPNOTSUPP;
	case CLOCK_REALTIME_ALARM:
	case CLOCK_BOOTTIME_ALARM:
		return have_alarm_clocks() ? 0 : -EOPNOTSUPP;
	default:
		return -EINVAL;
	}
}

SYSCALL(clock_nanosleep)
{
	clockid_t clk = (clockid_t)a[0];
	int flags = (int)a[1];
	bool abs = flags & TIMER_ABSTIME, cpu;
	if (!t->sc.progress) {
		int r = nsleep_clock(t, clk, &cpu);
		if (r < 0)
			return r;
		uint64_t ns;
		if ((r = read_timespec(t, a[2], &ns)) < 0)
			return r;
		if (cpu) {
			/* A CPU sleep keeps its target on the clock itself. */
			struct timespec now;
			if ((r = clock_read(t, clk, &now)) < 0)
				return r;
			uint64_t n = (uint64_t)now.tv_sec * 1000000000ULL + (uint64_t)now.tv_nsec;
			t->restart.nanosleep.clockid = clk;
			t->restart.nanosleep.type_abs = abs;
			t->restart.nanosleep.rmtp = abs ? 0 : a[3];
			t->restart.deadline_ns = abs ? ns : n + ns;
			t->sc.progress = 2;
			return cpu_sleep(t);
		}
		uint64_t now = now_ns();
		if (abs) {
			/* The clock's absolute time as a monotonic deadline. */
			clockid_t base = clk == CLOCK_REALTIME_ALARM	 ? CLOCK_REALTIME
					 : clk == CLOCK_BOOTTIME_ALARM ? CLOCK_BOOTTIME
								       : clk;
			struct timespec cur;
			clock_read(t, base, &cur);
			uint64_t cnow = (uint64_t)cur.tv_sec * 1000000000ULL + (uint64_t)cur.tv_nsec;
			t->sc.deadline_ns = ns > cnow ? now + (ns - cnow) : now;
		} else {
			t->sc.deadline_ns = now + ns;
			t->restart.nanosleep.rmtp = a[3];
		}
		t->sc.progress = 1;
	}
	if (t->sc.progress == 2)
		return cpu_sleep(t);
	return sleep_until(t, abs);
}

/* --- interval timers ----------------------------------------------------- */

static int read_itimerval(struct task *t, uint64_t u, uint64_t *value, uint64_t *interval)
{
	struct itimerval v;
	if (copy_from_user(t->mm, &v, u, sizeof(v)) < 0)
		return -EFAULT;
	if (v.it_value.tv_usec < 0 || v.it_value.tv_usec >= 1000000 ||
	    v.it_interval.tv_usec < 0 || v.it_interval.tv_usec >= 1000000 ||
	    v.it_value.tv_sec < 0 || v.it_interval.tv_sec < 0)
		return -EINVAL;
	*value = (uint64_t)v.it_value.tv_sec * 1000000000ULL + (uint64_t)v.it_value.tv_usec * 1000;
	*interval = (uint64_t)v.it_interval.tv_sec * 1000000000ULL +
		    (uint64_t)v.it_interval.tv_usec * 1000;
	return 0;
}

SYSCALL(getitimer)
{
	struct itimerval v;
	int which = (int)a[0];
	memset(&v, 0, sizeof(v));
	switch (which) {
	case ITIMER_REAL:
		itimer_real_get(t->tg, &v);
		break;
	case ITIMER_VIRTUAL:
	case ITIMER_PROF: {
		int r = itimer_cpu_get(t, which, &v);
		if (r < 0)
			return r;
		break;
	}
	default:
		return -EINVAL;
	}
	return copy_to_user(t->mm, a[1], &v, sizeof(v));
}

SYSCALL(setitimer)
{
	int which = (int)a[0];
	struct itimerval old;
	uint64_t value = 0, interval = 0;
	memset(&old, 0, sizeof(old));
	if (which < ITIMER_REAL || which > ITIMER_PROF)
		return -EINVAL;
	if (a[1]) {
		int r = read_itimerval(t, a[1], &value, &interval);
		if (r < 0)
			return r;
	}
	if (which == ITIMER_REAL) {
		itimer_real_get(t->tg, &old);
		itimer_real_set(t->tg, value, interval);
	} else {
		/* CPU-time timers: host timers in the stub (itimer.c). */
		int r = itimer_cpu_get(t, which, &old);
		if (r == 0)
			r = itimer_cpu_set(t, which, value, interval);
		if (r < 0)
			return r;
	}
	if (a[2] && copy_to_user(t->mm, a[2], &old, sizeof(old)) < 0)
		return -EFAULT;
	return 0;
}

SYSCALL(alarm)
{
	struct itimerval old;
	itimer_real_get(t->tg, &old);
	itimer_real_set(t->tg, (uint64_t)(unsigned)a[0] * 1000000000ULL, 0);
	/* Remaining whole seconds, rounded as alarm_setitimer does. */
	long secs = old.it_value.tv_sec;
	if ((!secs && old.it_value.tv_usec) || old.it_value.tv_usec >= 500000)
		secs++;
	return secs;
}
