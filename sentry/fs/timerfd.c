/* timerfd (fs/timerfd.c): a timer whose expirations are counted and read
 * as a 64-bit number.  Every clock is kept on the sentry's deadline heap,
 * which runs on CLOCK_MONOTONIC: an expiry on another clock (REALTIME,
 * BOOTTIME) is converted when the timer is set; the sandbox cannot set
 * those clocks, so the conversion stays right (and TFD_TIMER_CANCEL_ON_SET
 * never fires). */
#define _GNU_SOURCE
#include "../kernel/det.h"
#include "eventfd.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/timerfd.h>

#include "../kernel/task.h"
#include "../kernel/timer.h"
#include "../kernel/wait.h"
#include "../mm/mm.h"
#include "../mm/uio.h"
#include "file.h"

#ifndef TFD_IOC_SET_TICKS
#define TFD_IOC_SET_TICKS _IOW('T', 0, uint64_t) /* <linux/timerfd.h> */
#endif

#define NSEC 1000000000ULL

struct timerfd {
	struct timer tm; /* first: the timer callback finds the timerfd */
	int clockid;
	uint64_t expires;  /* next expiry, CLOCK_MONOTONIC ns; 0: disarmed */
	uint64_t interval; /* ns; 0: one-shot */
	uint64_t ticks;    /* expirations not yet read */
	struct waitqueue wq;
};

static const struct file_ops timerfd_ops;

static uint64_t ts_ns(const struct timespec *ts)
{
	return (uint64_t)ts->tv_sec * NSEC + (uint64_t)ts->tv_nsec;
}

static void ns_ts(uint64_t ns, struct timespec *ts)
{
	ts->tv_sec = (time_t)(ns / NSEC);
	ts->tv_nsec = (long)(ns % NSEC);
}

/* Count the expirations up to @now and move the next one past it
 * (hrtimer_forward_now). */
static void forward(struct timerfd *tf, uint64_t now)
{
	if (!tf->expires || now < tf->expires)
		return;
	if (!tf->interval) {
		tf->ticks++;
		tf->expires = 0;
		return;
	}
	uint64_t n = (now - tf->expires) / tf->interval + 1;
	tf->ticks += n;
	tf->expires += n * tf->interval;
}

static void timerfd_fired(struct timer *tm)
{
	struct timerfd *tf = (struct timerfd *)tm;
	forward(tf, now_ns());
	if (tf->expires)
		timer_arm(&tf->tm, tf->expires);
	wake_up(&tf->wq);
}

static ssize_t tfd_read(struct task *t, struct file *f, struct uio *to, int64_t *pos)
{
	(void)t;
	(void)pos;
	struct timerfd *tf = f->priv;
	if (to->resid < sizeof(uint64_t))
		return -EINVAL;
	forward(tf, now_ns());
	if (tf->expires)
		timer_arm(&tf->tm, tf->expires);
	if (!tf->ticks)
		return -EAGAIN;
	uint64_t v = tf->ticks;
	ssize_t c = uio_copyout(to, &v, sizeof(v));
	if (c < 0)
		return c;
	if (c != sizeof(v))
		return -EFAULT;
	tf->ticks = 0;
	return sizeof(v);
}

static unsigned tfd_poll(struct file *f, struct poll_table *pt)
{
	struct timerfd *tf = f->priv;
	poll_wait(pt, &tf->wq);
	return tf->ticks ? POLLIN | POLLRDNORM : 0;
}

static long tfd_ioctl(struct task *t, struct file *f, unsigned int cmd, uint64_t arg)
{
	if (cmd != TFD_IOC_SET_TICKS)
		return -ENOTTY;
	uint64_t ticks;
	if (copy_from_user(t->mm, &ticks, arg, sizeof(ticks)) < 0)
		return -EFAULT;
	if (!ticks)
		return -EINVAL;
	timerfd_set_ticks(f, ticks);
	return 0;
}

static int tfd_stat(struct file *f, struct stat *st)
{
	(void)f;
	memset(st, 0, sizeof(*st));
	st->st_mode = 0600; /* an anonymous inode */
	st->st_nlink = 1;
	st->st_blksize = 4096;
	return 0;
}

static void tfd_release(struct file *f)
{
	struct timerfd *tf = f->priv;
	timer_cancel(&tf->tm);
	wake_up(&tf->wq);
	free(tf);
}

static const struct file_ops timerfd_ops = {
	.read = tfd_read,
	.poll = tfd_poll,
	.ioctl = tfd_ioctl,
	.stat = tfd_stat,
	.release = tfd_release,
	.anon_name = "[timerfd]",
};

struct file *timerfd_new(int clockid, unsigned flags)
{
	struct timerfd *tf = calloc(1, sizeof(*tf));
	if (!tf)
		return NULL;
	timer_init(&tf->tm, timerfd_fired);
	tf->clockid = clockid;
	waitqueue_init(&tf->wq);
	struct file *f = file_alloc(&timerfd_ops, O_RDWR | (flags & O_NONBLOCK), tf);
	if (!f) {
		free(tf);
		return NULL;
	}
	f->stream = true;
	return f;
}

bool is_timerfd(const struct file *f)
{
	return f && f->ops == &timerfd_ops;
}

/* The timer's clock, read now (the alarm clocks run as their bases). */
static uint64_t clock_now(int clockid)
{
	struct timespec ts;
	switch (clockid) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_ALARM:
		clock_realtime(&ts);
		break;
	case CLOCK_BOOTTIME:
	case CLOCK_BOOTTIME_ALARM:
		clock_boottime(&ts);
		break;
	default:
		return now_ns();
	}
	return ts_ns(&ts);
}

void timerfd_get(struct file *f, struct itimerspec *cur)
{
	struct timerfd *tf = f->priv;
	uint64_t now = now_ns();
	forward(tf, now);
	if (tf->expires)
		timer_arm(&tf->tm, tf->expires);
	ns_ts(tf->expires > now ? tf->expires - now : 0, &cur->it_value);
	ns_ts(tf->interval, &cur->it_interval);
	if (tf->ticks)
		wake_up(&tf->wq);
}

int timerfd_set(struct file *f, int flags, const struct itimerspec *new, struct itimerspec *old)
{
	struct timerfd *tf = f->priv;
	timerfd_get(f, old);
	timer_cancel(&tf->tm);
	tf->ticks = 0;
	tf->interval = ts_ns(&new->it_interval);
	uint64_t value = ts_ns(&new->it_value);
	if (!value) {
		tf->expires = 0;
		return 0;
	}
	uint64_t now = now_ns();
	if (flags & TFD_TIMER_ABSTIME) {
		uint64_t cnow = clock_now(tf->clockid);
		tf->expires = value > cnow ? now + (value - cnow) : now;
	} else {
		tf->expires = now + value;
	}
	if (!tf->expires)
		tf->expires = 1;
	return timer_arm(&tf->tm, tf->expires);
}

void timerfd_set_ticks(struct file *f, uint64_t ticks)
{
	struct timerfd *tf = f->priv;
	tf->ticks = ticks;
	wake_up(&tf->wq);
}
