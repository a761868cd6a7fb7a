/* Decoders: time (sleeping, clocks, interval timers).  strace: time.c,
 * print_timespec.c, print_timeval.c. */
#include "decode_priv.h"

#include <stdlib.h>
#include <linux/time_types.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/timex.h>

void fmt_timespec(struct dec *d, const void *p)
{
	const struct __kernel_timespec *ts = p;
	sb_printf(d->sb, "{tv_sec=%lld, tv_nsec=%lld}", (long long)ts->tv_sec,
		  (long long)ts->tv_nsec);
}

void fmt_timeval(struct dec *d, const void *p)
{
	const struct timeval *tv = p;
	sb_printf(d->sb, "{tv_sec=%ld, tv_usec=%ld}", (long)tv->tv_sec, (long)tv->tv_usec);
}

void fmt_itimerspec(struct dec *d, const void *p)
{
	const struct __kernel_timespec *ts = p;
	sb_puts(d->sb, "{it_interval=");
	fmt_timespec(d, &ts[0]);
	sb_puts(d->sb, ", it_value=");
	fmt_timespec(d, &ts[1]);
	sb_putc(d->sb, '}');
}

static void fmt_itimerval(struct dec *d, const void *p)
{
	const struct timeval *tv = p;
	sb_puts(d->sb, "{it_interval=");
	fmt_timeval(d, &tv[0]);
	sb_puts(d->sb, ", it_value=");
	fmt_timeval(d, &tv[1]);
	sb_putc(d->sb, '}');
}

void p_timespec(struct dec *d, uint64_t addr)
{
	p_struct(d, addr, sizeof(struct __kernel_timespec), fmt_timespec);
}

static bool restarting(const struct dec *d)
{
	return dec_failed(d) && errno_is_restart(-d->rval);
}

/* The remaining time: shown only when a signal interrupted the sleep. */
static void p_rem(struct dec *d, uint64_t addr)
{
	if (restarting(d) && addr) {
		struct __kernel_timespec ts;
		dec_arg(d);
		if (dec_read(d, &ts, addr, sizeof(ts)) < 0)
			fmt_addr(d->sb, addr);
		else
			fmt_timespec(d, &ts);
	} else {
		p_addr(d, addr);
	}
}

DECODER(nanosleep)
{
	if (!d->exiting) {
		p_timespec(d, d->a[0]);
		return DEC_MORE;
	}
	p_rem(d, d->a[1]);
	return DEC_DONE;
}

static void p_clock(struct dec *d, uint64_t v)
{
	p_xval(d, &xlat_clocks, (uint32_t)v, "CLOCK_???");
}

DECODER(clock_nanosleep)
{
	if (!d->exiting) {
		p_clock(d, d->a[0]);
		p_flags(d, &xlat_timer_flags, (uint32_t)d->a[1], "TIMER_???");
		p_timespec(d, d->a[2]);
		return DEC_MORE;
	}
	if (d->a[1] & 1) /* TIMER_ABSTIME: nothing is written back */
		p_addr(d, d->a[3]);
	else
		p_rem(d, d->a[3]);
	return DEC_DONE;
}

DECODER(clock_gettime) /* clock_gettime, clock_getres */
{
	if (!d->exiting) {
		p_clock(d, d->a[0]);
		return DEC_MORE;
	}
	p_timespec(d, d->a[1]);
	return DEC_DONE;
}

DECODER(clock_settime)
{
	p_clock(d, d->a[0]);
	p_timespec(d, d->a[1]);
	return DEC_DONE;
}

static void fmt_timezone(struct dec *d, const void *p)
{
	const int *tz = p;
	sb_printf(d->sb, "{tz_minuteswest=%d, tz_dsttime=%d}", tz[0], tz[1]);
}

DECODER(gettimeofday)
{
	if (!d->exiting)
		return DEC_MORE;
	p_struct(d, d->a[0], sizeof(struct timeval), fmt_timeval);
	p_struct(d, d->a[1], 2 * sizeof(int), fmt_timezone);
	return DEC_DONE;
}

DECODER(settimeofday)
{
	p_struct(d, d->a[0], sizeof(struct timeval), fmt_timeval);
	p_struct(d, d->a[1], 2 * sizeof(int), fmt_timezone);
	return DEC_DONE;
}

/* struct timex as strace prints it (print_timex.c), after the call. */
static void fmt_timex(struct dec *d, const void *p)
{
	const struct timex *tx = p;
	struct sbuf *sb = d->sb;
	sb_puts(sb, "{modes=");
	fmt_flags(sb, &xlat_adjtimex_modes, tx->modes, "ADJ_???");
	sb_printf(sb, ", offset=%ld, freq=%ld, maxerror=%ld, esterror=%ld, status=", tx->offset,
		  tx->freq, tx->maxerror, tx->esterror);
	fmt_flags(sb, &xlat_adjtimex_status, (uint32_t)tx->status, "STA_???");
	sb_printf(sb, ", constant=%ld, precision=%ld, tolerance=%ld, time=", tx->constant,
		  tx->precision, tx->tolerance);
	fmt_timeval(d, &tx->time);
	sb_printf(sb,
		  ", tick=%ld, ppsfreq=%ld, jitter=%ld, shift=%d, stabil=%ld, jitcnt=%ld, "
		  "calcnt=%ld, errcnt=%ld, stbcnt=%ld, tai=%d}",
		  tx->tick, tx->ppsfreq, tx->jitter, tx->shift, tx->stabil, tx->jitcnt, tx->calcnt,
		  tx->errcnt, tx->stbcnt, tx->tai);
}

/* The clock state a successful adjtimex returns, by name. */
static void rstr_clock_state(struct dec *d)
{
	if (!dec_failed(d)) {
		const char *n = xlat_name(&xlat_adjtimex_state, (uint64_t)d->rval);
		if (n)
			dec_rstr(d, "%s", n);
	}
}

DECODER(adjtimex)
{
	if (!d->exiting)
		return DEC_MORE;
	p_struct(d, d->a[0], sizeof(struct timex), fmt_timex);
	rstr_clock_state(d);
	return DEC_DONE;
}

DECODER(clock_adjtime)
{
	if (!d->exiting) {
		p_clock(d, d->a[0]);
		return DEC_MORE;
	}
	p_struct(d, d->a[1], sizeof(struct timex), fmt_timex);
	rstr_clock_state(d);
	return DEC_DONE;
}

/* ` (2023-11-14T22:13:20+0000)` after a result in seconds. */
static void rstr_date(struct dec *d, int64_t sec)
{
	struct sbuf s = SBUF_INIT;
	fmt_time_comment(&s, sec, 0, false);
	/* " / * DATE * /" -> "DATE" */
	const char *t = sb_str(&s);
	size_t n = strlen(t);
	if (n > 7)
		dec_rstr(d, "%.*s", (int)(n - 7), t + 4);
	sb_free(&s);
}

DECODER(time)
{
	if (!d->exiting)
		return DEC_MORE;
	if (!dec_failed(d))
		rstr_date(d, d->rval);
	int64_t t;
	dec_arg(d);
	if (!d->a[0])
		sb_puts(d->sb, "NULL");
	else if (dec_failed(d) || dec_read(d, &t, d->a[0], sizeof(t)) < 0)
		fmt_addr(d->sb, d->a[0]);
	else
		sb_printf(d->sb, "[%ld]", (long)t);
	return DEC_DONE;
}

/* A clock_t in USER_HZ ticks (100 a second on x86-64), with the seconds
 * in a comment when it is not 0, as strace shows it. */
static void fmt_clock_t(struct dec *d, const char *name, long v)
{
	sb_printf(d->sb, "%s=%ld", name, v);
	if (v)
		sb_printf(d->sb, " /* %ld.%02ld s */", v / 100, labs(v % 100));
}

static void fmt_tms(struct dec *d, const void *p)
{
	const struct tms *t = p;
	sb_puts(d->sb, "{");
	fmt_clock_t(d, "tms_utime", (long)t->tms_utime);
	sb_puts(d->sb, ", ");
	fmt_clock_t(d, "tms_stime", (long)t->tms_stime);
	sb_puts(d->sb, ", ");
	fmt_clock_t(d, "tms_cutime", (long)t->tms_cutime);
	sb_puts(d->sb, ", ");
	fmt_clock_t(d, "tms_cstime", (long)t->tms_cstime);
	sb_puts(d->sb, "}");
}

DECODER(times)
{
	if (!d->exiting)
		return DEC_MORE;
	p_struct(d, d->a[0], sizeof(struct tms), fmt_tms);
	return DEC_DONE;
}

DECODER(getitimer)
{
	if (!d->exiting) {
		p_xval(d, &xlat_itimer_which, (uint32_t)d->a[0], "ITIMER_???");
		return DEC_MORE;
	}
	p_struct(d, d->a[1], 2 * sizeof(struct timeval), fmt_itimerval);
	return DEC_DONE;
}

DECODER(setitimer)
{
	if (!d->exiting) {
		p_xval(d, &xlat_itimer_which, (uint32_t)d->a[0], "ITIMER_???");
		p_struct(d, d->a[1], 2 * sizeof(struct timeval), fmt_itimerval);
		return DEC_MORE;
	}
	p_struct(d, d->a[2], 2 * sizeof(struct timeval), fmt_itimerval);
	return DEC_DONE;
}

/* struct sigevent, as far as strace shows it. */
struct k_sigevent {
	uint64_t value;
	int32_t signo, notify;
	int32_t tid;
};

static void fmt_sigevent(struct dec *d, const void *p)
{
	const struct k_sigevent *e = p;
	sb_printf(d->sb, "{sigev_value={sival_int=%d, sival_ptr=", (int)e->value);
	fmt_addr(d->sb, e->value);
	sb_puts(d->sb, "}, sigev_signo=");
	fmt_signame(d->sb, e->signo);
	sb_puts(d->sb, ", sigev_notify=");
	fmt_xval(d->sb, &xlat_sigev_notify, (uint32_t)e->notify, "SIGEV_???");
	if ((uint32_t)e->notify == 4) /* SIGEV_THREAD_ID */
		sb_printf(d->sb, ", sigev_notify_thread_id=%d", e->tid);
	sb_putc(d->sb, '}');
}

DECODER(timer_create)
{
	if (!d->exiting) {
		p_clock(d, d->a[0]);
		p_struct(d, d->a[1], sizeof(struct k_sigevent), fmt_sigevent);
		return DEC_MORE;
	}
	p_int_ptr(d, d->a[2]);
	return DEC_DONE;
}

DECODER(timer_settime)
{
	if (!d->exiting) {
		p_int(d, d->a[0]);
		p_flags(d, &xlat_timer_flags, (uint32_t)d->a[1], "TIMER_???");
		p_struct(d, d->a[2], 2 * sizeof(struct __kernel_timespec), fmt_itimerspec);
		return DEC_MORE;
	}
	p_struct(d, d->a[3], 2 * sizeof(struct __kernel_timespec), fmt_itimerspec);
	return DEC_DONE;
}

DECODER(timer_gettime)
{
	if (!d->exiting) {
		p_int(d, d->a[0]);
		return DEC_MORE;
	}
	p_struct(d, d->a[1], 2 * sizeof(struct __kernel_timespec), fmt_itimerspec);
	return DEC_DONE;
}
