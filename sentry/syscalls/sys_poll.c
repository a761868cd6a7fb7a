/* poll, ppoll, select, pselect6 (fs/select.c).  Each run asks every file
 * for its readiness (->poll), queueing the task on the files' wait queues;
 * if nothing is ready it sleeps, and a wake-up runs it all again. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <time.h>

#include "../fs/fdtable.h"
#include "../fs/file.h"
#include "../kernel/sched.h"
#include "../kernel/signal.h"
#include "../kernel/task.h"
#include "../mm/mm.h"
#include "syscalls.h"

#define POLLIN_SET  (POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR)
#define POLLOUT_SET (POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR)
#define POLLEX_SET  (POLLPRI)

static void queue_task(struct poll_table *pt, struct waitqueue *wq)
{
	task_wait_on(pt->task, wq);
}

/* The readiness of @fd for @t; the task is queued on its wait queues when
 * @pt is given.  POLLNVAL for a closed fd. */
unsigned fd_poll(struct task *t, int fd, struct poll_table *pt)
{
	struct file *f = fd_get(t->files, fd);
	if (!f)
		return POLLNVAL;
	if (!f->ops || !f->ops->poll)
		return POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM; /* regular files */
	return f->ops->poll(f, pt);
}

/* The deadline of a timeout in ms (poll), or -1: none. */
static void deadline_ms(struct task *t, int ms)
{
	if (t->sc.progress)
		return;
	t->sc.progress = 1;
	t->sc.deadline_ns = ms < 0 ? 0 : now_ns() + (uint64_t)ms * 1000000ULL;
	t->sc.no_deadline = ms < 0;
}

static int deadline_ts(struct task *t, uint64_t uts)
{
	if (t->sc.progress)
		return 0;
	t->sc.progress = 1;
	if (!uts) {
		t->sc.no_deadline = true;
		return 0;
	}
	struct timespec ts;
	if (copy_from_user(t->mm, &ts, uts, sizeof(ts)) < 0)
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000L)
		return -EINVAL;
	t->sc.deadline_ns = now_ns() + (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
	return 0;
}

static bool timed_out(struct task *t)
{
	return !t->sc.no_deadline && (t->sc.timed_out || now_ns() >= t->sc.deadline_ns);
}

/* Sleep until a queued file wakes us or the deadline passes. */
static long poll_sleep(struct task *t)
{
	if (!t->sc.no_deadline)
		task_set_deadline(t, t->sc.deadline_ns);
	return -SBX_BLOCK;
}

/* One pass over the pollfds: the number ready (revents filled). */
static long do_pollfds(struct task *t, struct pollfd *fds, unsigned n, bool wait)
{
	struct poll_table pt = {.queue = queue_task, .task = t};
	long count = 0;
	for (unsigned i = 0; i < n; i++) {
		fds[i].revents = 0;
		if (fds[i].fd < 0)
			continue;
		unsigned mask = fd_poll(t, fds[i].fd, wait && !count ? &pt : NULL);
		mask &= (unsigned)fds[i].events | POLLERR | POLLHUP | POLLNVAL;
		fds[i].revents = (short)mask;
		if (mask)
			count++;
	}
	return count;
}

/* The remaining time of a poll timeout, for its restart. */
/* A temporary mask (ppoll, pselect6) stays for the handler, which the
 * frame's saved mask then undoes. */
static void keep_mask_for_handler(struct task *t)
{
	if (t->sc.mask_set) {
		t->restore_sigmask = true;
		t->sc.mask_set = false;
	}
}

static long poll_interrupted(struct task *t)
{
	keep_mask_for_handler(t);
	return -ERESTARTNOHAND;
}

static long restart_poll(struct task *t);

static long poll_interrupted_restartblock(struct task *t)
{
	/* poll(2) restarts with the time it has left (do_restart_poll). */
	keep_mask_for_handler(t);
	t->restart.fn = restart_poll;
	t->restart.deadline_ns = t->sc.no_deadline ? 0 : t->sc.deadline_ns;
	t->restart.poll.ufds = t->sc.args[0];
	t->restart.poll.nfds = (unsigned)t->sc.args[1];
	t->restart.poll.forever = t->sc.no_deadline;
	return -ERESTART_RESTARTBLOCK;
}

static long poll_core(struct task *t, uint64_t ufds, unsigned nfds, bool restartable)
{
	if (nfds > t->tg->rlim[RLIMIT_NOFILE].rlim_cur)
		return -EINVAL;
	struct pollfd small[32], *fds = small;
	if (nfds > 32) {
		fds = malloc(nfds * sizeof(*fds));
		if (!fds)
			return -ENOMEM;
	}
	long r = 0;
	if (nfds && copy_from_user(t->mm, fds, ufds, nfds * sizeof(*fds)) < 0) {
		r = -EFAULT;
		goto out;
	}
	bool can_wait = !timed_out(t);
	r = do_pollfds(t, fds, nfds, can_wait);
	if (r == 0 && can_wait) {
		if (!signal_pending(t)) {
			t->sc.interrupt = restartable ? poll_interrupted_restartblock : poll_interrupted;
			r = poll_sleep(t);
			goto out;
		}
		task_clear_waits(t);
		r = restartable ? poll_interrupted_restartblock(t) : -ERESTARTNOHAND;
		goto out;
	}
	task_clear_waits(t);
	/* Only the revents are written back (struct pollfd's third field). */
	for (unsigned i = 0; i < nfds; i++) {
		if (copy_to_user(t->mm, ufds + i * sizeof(*fds) + offsetof(struct pollfd, revents),
				 &fds[i].revents, sizeof(fds[i].revents)) < 0) {
			r = -EFAULT;
			break;
		}
	}
out:
	if (fds != small)
		free(fds);
	return r;
}

static long restart_poll(struct task *t)
{
	t->restart.fn = NULL;
	t->sc.progress = 1;
	t->sc.no_deadline = t->restart.poll.forever;
	t->sc.deadline_ns = t->restart.deadline_ns;
	t->sc.args[0] = t->restart.poll.ufds;
	t->sc.args[1] = t->restart.poll.nfds;
	return poll_core(t, t->restart.poll.ufds, t->restart.poll.nfds, true);
}

SYSCALL(poll)
{
	deadline_ms(t, (int)a[2]);
	return poll_core(t, a[0], (unsigned)a[1], true);
}

/* ppoll/pselect6: a signal mask for the duration of the call; it is put
 * back after a handler runs (restore_sigmask), or on return. */
static int set_temp_mask(struct task *t, uint64_t umask, size_t size)
{
	if (!umask || t->sc.mask_set)
		return 0;
	if (size != sizeof(sigset64_t))
		return -EINVAL;
	sigset64_t m;
	if (copy_from_user(t->mm, &m, umask, sizeof(m)) < 0)
		return -EFAULT;
	t->saved_sigmask = t->blocked;
	t->blocked = m & ~SIG_UNBLOCKABLE;
	t->sc.mask_set = true;
	return 0;
}

static long finish_temp_mask(struct task *t, long r)
{
	if (!t->sc.mask_set || r == -SBX_BLOCK)
		return r;
	if (r == -ERESTARTNOHAND || r == -EINTR)
		t->restore_sigmask = true; /* the handler runs with the temporary mask */
	else
		t->blocked = t->saved_sigmask;
	t->sc.mask_set = false;
	return r;
}

/* Write back the time left (ppoll and select update their timeout). */
static void put_left(struct task *t, uint64_t uts, bool timeval)
{
	if (!uts || t->sc.no_deadline)
		return;
	uint64_t now = now_ns(), left = t->sc.deadline_ns > now ? t->sc.deadline_ns - now : 0;
	if (timeval) {
		struct timeval tv = {(time_t)(left / 1000000000ULL),
				     (suseconds_t)(left % 1000000000ULL / 1000)};
		copy_to_user(t->mm, uts, &tv, sizeof(tv));
	} else {
		struct timespec ts = {(time_t)(left / 1000000000ULL), (long)(left % 1000000000ULL)};
		copy_to_user(t->mm, uts, &ts, sizeof(ts));
	}
}

SYSCALL(ppoll)
{
	int r = deadline_ts(t, a[2]);
	if (r < 0)
		return r;
	r = set_temp_mask(t, a[3], a[4]);
	if (r < 0)
		return r;
	long ret = poll_core(t, a[0], (unsigned)a[1], false);
	if (ret != -SBX_BLOCK)
		put_left(t, a[2], false);
	return finish_temp_mask(t, ret);
}

/* --- select ---------------------------------------------------------------- */

#define NFDBITS_ (8 * sizeof(unsigned long))

static long select_core(struct task *t, int n, uint64_t uin, uint64_t uout, uint64_t uex)
{
	if (n < 0)
		return -EINVAL;
	int max = t->files->max;
	if (n > max)
		n = max; /* bits past the fd table are ignored, as Linux does */
	size_t words = ((size_t)n + NFDBITS_ - 1) / NFDBITS_;
	size_t bytes = words * sizeof(unsigned long);
	unsigned long *in = calloc(words ? words * 6 : 1, sizeof(unsigned long));
	if (!in)
		return -ENOMEM;
	unsigned long *out = in + words, *ex = out + words, *rin = ex + words, *rout = rin + words,
		      *rex = rout + words;
	long r = 0;
	if ((uin && copy_from_user(t->mm, in, uin, bytes) < 0) ||
	    (uout && copy_from_user(t->mm, out, uout, bytes) < 0) ||
	    (uex && copy_from_user(t->mm, ex, uex, bytes) < 0)) {
		r = -EFAULT;
		goto done;
	}
	bool can_wait = !timed_out(t);
	struct poll_table pt = {.queue = queue_task, .task = t};
	for (int fd = 0; fd < n; fd++) {
		unsigned long bit = 1UL << (fd % NFDBITS_);
		size_t w = (size_t)fd / NFDBITS_;
		if (!((in[w] | out[w] | ex[w]) & bit))
			continue;
		if (!fd_get(t->files, fd)) {
			r = -EBADF;
			goto done;
		}
		unsigned mask = fd_poll(t, fd, can_wait && !r ? &pt : NULL);
		if ((in[w] & bit) && (mask & POLLIN_SET)) {
			rin[w] |= bit;
			r++;
		}
		if ((out[w] & bit) && (mask & POLLOUT_SET)) {
			rout[w] |= bit;
			r++;
		}
		if ((ex[w] & bit) && (mask & POLLEX_SET)) {
			rex[w] |= bit;
			r++;
		}
	}
	if (r == 0 && can_wait) {
		if (!signal_pending(t)) {
			t->sc.interrupt = poll_interrupted;
			r = poll_sleep(t);
			goto done;
		}
		r = -ERESTARTNOHAND;
	}
	task_clear_waits(t);
	if (r >= 0 && ((uin && copy_to_user(t->mm, uin, rin, bytes) < 0) ||
		       (uout && copy_to_user(t->mm, uout, rout, bytes) < 0) ||
		       (uex && copy_to_user(t->mm, uex, rex, bytes) < 0)))
		r = -EFAULT;
done:
	if (r < 0 && r != -SBX_BLOCK)
		task_clear_waits(t);
	free(in);
	return r;
}

SYSCALL(select)
{
	if (!t->sc.progress) {
		t->sc.progress = 1;
		if (a[4]) {
			struct timeval tv;
			if (copy_from_user(t->mm, &tv, a[4], sizeof(tv)) < 0)
				return -EFAULT;
			if (tv.tv_sec < 0 || tv.tv_usec < 0)
				return -EINVAL;
			/* Linux folds an oversized usec into seconds. */
			t->sc.deadline_ns = now_ns() + (uint64_t)tv.tv_sec * 1000000000ULL +
					    (uint64_t)tv.tv_usec * 1000ULL;
		} else {
			t->sc.no_deadline = true;
		}
	}
	long r = select_core(t, (int)a[0], a[1], a[2], a[3]);
	if (r != -SBX_BLOCK)
		put_left(t, a[4], true);
	return r;
}

SYSCALL(pselect6)
{
	int r = deadline_ts(t, a[4]);
	if (r < 0)
		return r;
	if (a[5] && !t->sc.mask_set) {
		struct {
			uint64_t ss;
			uint64_t len;
		} arg;
		if (copy_from_user(t->mm, &arg, a[5], sizeof(arg)) < 0)
			return -EFAULT;
		r = set_temp_mask(t, arg.ss, arg.len);
		if (r < 0)
			return r;
	}
	long ret = select_core(t, (int)a[0], a[1], a[2], a[3]);
	if (ret != -SBX_BLOCK)
		put_left(t, a[4], false);
	return finish_temp_mask(t, ret);
}
