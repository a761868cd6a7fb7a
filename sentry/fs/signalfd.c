/* signalfd (fs/signalfd.c): reading takes pending signals of the mask from
 * the reading task (its own first, then its process's) as struct
 * signalfd_siginfo; it is readable while such a signal is pending for the
 * task that asks (Linux's `current`).
 *
 * Wake-ups: Linux's signal code wakes signalfd sleepers on every queued
 * signal (signalfd_notify).  Until sbx's signal code calls
 * signalfd_notify() likewise, a short watch timer runs while anyone waits on
 * a signalfd and wakes it when a signal of its mask becomes pending in the
 * sandbox. */
#define _GNU_SOURCE
#include "eventfd.h"

#include <bsd/sys/queue.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/stat.h>

#include "../kernel/signal.h"
#include "../kernel/task.h"
#include "../kernel/timer.h"
#include "../kernel/wait.h"
#include "../mm/uio.h"
#include "file.h"

#define WATCH_NS 4000000ULL /* the watch timer's period */

struct signalfd {
	uint64_t mask;
	uint64_t seen; /* pending bits of the mask at the last look */
	struct waitqueue wq;
	LIST_ENTRY(signalfd) link;
};

static LIST_HEAD(, signalfd) all_sfds = LIST_HEAD_INITIALIZER(all_sfds);
static struct timer watch;

static const struct file_ops signalfd_ops;

/* Signals of @mask pending anywhere in the sandbox. */
static uint64_t pending_anywhere(uint64_t mask)
{
	uint64_t bits = 0;
	for_each_task(t)
	{
		if (t->state == TASK_DEAD)
			continue;
		bits |= t->pending.set | t->tg->shared_pending.set;
	}
	return bits & mask;
}

/* Wake every signalfd with sleepers whose mask gained a pending signal;
 * true if any still has sleepers. */
static bool check_all(void)
{
	bool active = false;
	struct signalfd *s;
	LIST_FOREACH(s, &all_sfds, link)
	{
		if (!waitqueue_active(&s->wq)) {
			s->seen = 0;
			continue;
		}
		active = true;
		uint64_t bits = pending_anywhere(s->mask);
		uint64_t fresh = bits & ~s->seen;
		s->seen = bits;
		if (fresh)
			wake_up(&s->wq);
	}
	return active;
}

static void watch_fired(struct timer *tm)
{
	(void)tm;
	if (check_all())
		timer_arm(&watch, now_ns() + WATCH_NS);
}

static void watch_start(void)
{
	if (!watch.fn)
		timer_init(&watch, watch_fired);
	if (!timer_armed(&watch))
		timer_arm(&watch, now_ns() + WATCH_NS);
}

void signalfd_notify(struct task *t)
{
	(void)t;
	check_all();
}

/* signalfd_copyinfo: the fields that the siginfo's layout carries. */
static void copy_info(struct signalfd_siginfo *o, const siginfo_t *in)
{
	memset(o, 0, sizeof(*o));
	int sig = in->si_signo, code = in->si_code;
	o->ssi_signo = (uint32_t)sig;
	o->ssi_errno = in->si_errno;
	o->ssi_code = code;
	enum { KILL, TIMER, POLLL, FAULT, CHLD, RT, SYS } layout = KILL;
	if (code > SI_USER && code < SI_KERNEL) {
		switch (sig) {
		case SIGILL:
		case SIGFPE:
		case SIGSEGV:
		case SIGBUS:
		case SIGTRAP:
			layout = FAULT;
			break;
		case SIGCHLD:
			layout = CHLD;
			break;
		case SIGSYS:
			layout = SYS;
			break;
		default:
			layout = POLLL;
			break;
		}
	} else if (code == SI_TIMER) {
		layout = TIMER;
	} else if (code == SI_SIGIO) {
		layout = POLLL;
	} else if (code < 0) {
		layout = RT;
	}
	switch (layout) {
	case KILL:
		o->ssi_pid = (uint32_t)in->si_pid;
		o->ssi_uid = in->si_uid;
		break;
	case TIMER:
		o->ssi_tid = (uint32_t)in->si_timerid;
		o->ssi_overrun = (uint32_t)in->si_overrun;
		o->ssi_ptr = (uint64_t)in->si_ptr;
		o->ssi_int = in->si_int;
		break;
	case POLLL:
		o->ssi_band = (uint32_t)in->si_band;
		o->ssi_fd = in->si_fd;
		break;
	case FAULT:
	case SYS:
		o->ssi_addr = (uint64_t)in->si_addr;
		break;
	case CHLD:
		o->ssi_pid = (uint32_t)in->si_pid;
		o->ssi_uid = in->si_uid;
		o->ssi_status = in->si_status;
		o->ssi_utime = (uint64_t)in->si_utime;
		o->ssi_stime = (uint64_t)in->si_stime;
		break;
	case RT:
		o->ssi_pid = (uint32_t)in->si_pid;
		o->ssi_uid = in->si_uid;
		o->ssi_ptr = (uint64_t)in->si_ptr;
		o->ssi_int = in->si_int;
		break;
	}
}

static ssize_t sfd_read(struct task *t, struct file *f, struct uio *to, int64_t *pos)
{
	(void)pos;
	struct signalfd *s = f->priv;
	if (to->resid < sizeof(struct signalfd_siginfo))
		return -EINVAL;
	ssize_t total = 0;
	/* The first one may wait (the caller's -EAGAIN); the others do not. */
	while (to->resid >= sizeof(struct signalfd_siginfo)) {
		siginfo_t info;
		int sig = dequeue_signal(t, ~s->mask, &info);
		if (!sig)
			break;
		s->seen &= ~SIGBIT(sig);
		struct signalfd_siginfo o;
		copy_info(&o, &info);
		ssize_t c = uio_copyout(to, &o, sizeof(o));
		if (c != (ssize_t)sizeof(o))
			return total ? total : -EFAULT;
		total += c;
	}
	return total ? total : -EAGAIN;
}

static unsigned sfd_poll(struct file *f, struct poll_table *pt)
{
	struct signalfd *s = f->priv;
	poll_wait(pt, &s->wq);
	if (pt && pt->queue)
		watch_start();
	struct task *t = current;
	if (!t || t->state == TASK_DEAD || !t->tg)
		return 0;
	if ((t->pending.set | t->tg->shared_pending.set) & s->mask)
		return POLLIN | POLLRDNORM;
	return 0;
}

static int sfd_stat(struct file *f, struct stat *st)
{
	(void)f;
	memset(st, 0, sizeof(*st));
	st->st_mode = 0600; /* an anonymous inode */
	st->st_nlink = 1;
	st->st_blksize = 4096;
	return 0;
}

static void sfd_release(struct file *f)
{
	struct signalfd *s = f->priv;
	wake_up(&s->wq);
	LIST_REMOVE(s, link);
	free(s);
}

static const struct file_ops signalfd_ops = {
	.read = sfd_read,
	.poll = sfd_poll,
	.stat = sfd_stat,
	.release = sfd_release,
	.anon_name = "[signalfd]",
};

struct file *signalfd_create(struct task *t, uint64_t mask, unsigned flags)
{
	(void)t;
	struct signalfd *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->mask = mask;
	waitqueue_init(&s->wq);
	struct file *f = file_alloc(&signalfd_ops, O_RDWR | (flags & O_NONBLOCK), s);
	if (!f) {
		free(s);
		return NULL;
	}
	f->stream = true;
	LIST_INSERT_HEAD(&all_sfds, s, link);
	return f;
}

bool is_signalfd(const struct file *f)
{
	return f && f->ops == &signalfd_ops;
}

void signalfd_set_mask(struct file *f, uint64_t mask)
{
	struct signalfd *s = f->priv;
	s->mask = mask;
	s->seen = 0;
	wake_up(&s->wq);
}
