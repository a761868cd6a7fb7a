/* The sentry's scheduler: one event loop, no locks.
 *
 * It waits (epoll) for platform events (guest syscalls and faults), host fd
 * readiness and timers, runs the handlers, and resumes guest threads.  A
 * handler that must wait queues its task and returns -SBX_BLOCK; a wake-up
 * puts the task on the run queue, and the handler runs again from the top.
 */
#define _GNU_SOURCE
#include "../mm/syscall_patch.h"
#include "sched.h"
#include "hostsig.h"
#include "cputime.h"
#include "det.h"

#include <errno.h>
#include <linux/seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <time.h>

#include "../../util/log.h"
#include "../fuzz/limits.h"
#include "../mm/mm.h"
#include "signal.h"
#include "task.h"

struct thread_group *root_tg;
struct task *current;
uint64_t sbx_start_ns;

static TAILQ_HEAD(, task) runq = TAILQ_HEAD_INITIALIZER(runq);
static int epfd = -1;
static struct epoll_source platform_source;

uint64_t now_ns(void)
{
	if (det_enabled)
		return det_clock_ns();
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

int sched_epoll_add(int fd, uint32_t events, struct epoll_source *src)
{
	struct epoll_event ev = {.events = events, .data.ptr = src};
	if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) < 0)
		return -errno;
	return 0;
}

/* The batch of events the loop is going through (sched_epoll_del drops
 * those of a source that goes meanwhile). */
static struct epoll_event *batch;
static int batch_n;

void sched_epoll_del(int fd, struct epoll_source *src)
{
	epoll_ctl(epfd, EPOLL_CTL_DEL, fd, NULL);
	for (int i = 0; i < batch_n; i++)
		if (batch[i].data.ptr == src)
			batch[i].data.ptr = NULL;
}

void task_clear_waits(struct task *t)
{
	struct wait_entry *e = t->waits;
	while (e) {
		struct wait_entry *next = e->next;
		TAILQ_REMOVE(&e->wq->waiters, e, link);
		free(e);
		e = next;
	}
	t->waits = NULL;
	timer_cancel(&t->timeout);
}

void task_wait_on(struct task *t, struct waitqueue *wq)
{
	struct wait_entry *e = malloc(sizeof(*e));
	if (!e) {
		/* Cannot queue: run again soon rather than sleep forever. */
		task_set_deadline(t, now_ns() + 1000000);
		return;
	}
	e->wq = wq;
	e->task = t;
	e->func = NULL;
	e->after = NULL;
	TAILQ_INSERT_TAIL(&wq->waiters, e, link);
	e->next = t->waits;
	t->waits = e;
}

static void deadline_fired(struct timer *tm)
{
	struct task *t = (struct task *)((char *)tm - offsetof(struct task, timeout));
	t->sc.timed_out = true;
	task_wake(t);
}

void task_set_deadline(struct task *t, uint64_t deadline_ns)
{
	if (!t->timeout.fn)
		timer_init(&t->timeout, deadline_fired);
	timer_arm(&t->timeout, deadline_ns);
}

void task_wake(struct task *t)
{
	if (t->state != TASK_BLOCKED && t->state != TASK_NEW)
		return;
	task_clear_waits(t);
	t->state = TASK_RUNNABLE;
	TAILQ_INSERT_TAIL(&runq, t, run_link);
}

void task_continue(struct task *t)
{
	if (t->state != TASK_STOPPED)
		return;
	t->jobctl_stopped = false;
	t->state = TASK_RUNNABLE;
	TAILQ_INSERT_TAIL(&runq, t, run_link);
}

void task_dequeue(struct task *t)
{
	if (t->state == TASK_RUNNABLE)
		TAILQ_REMOVE(&runq, t, run_link);
}

void task_resume(struct task *t)
{
	if (t->state == TASK_DEAD || !t->ctx)
		return;
	if (det_enabled)
		det_defer_resume(t); /* one guest thread at a time, in seeded order */
	else
		task_resume_now(t);
}

void task_resume_now(struct task *t)
{
	if (t->state == TASK_DEAD || !t->ctx)
		return;
	if (signal_pending_work(t))
		return; /* handled there: killed, stopped or redirected */
	int r = ctx_resume(t->ctx, &t->regs);
	if (r < 0) {
		sbx_dbg("task %d: resume failed: %s", t->tid, strerror(-r));
		do_group_exit(t, SIGKILL);
		return;
	}
	t->state = TASK_GUEST;
}

static void run_task(struct task *t)
{
	t->state = TASK_SENTRY;
	current = t;
	if (t->in_syscall)
		do_syscall(t);
	else
		task_resume(t);
}

static void handle_fault(struct task *t, const siginfo_t *info)
{
	do_user_addr_fault(t, info);
	task_resume(t);
}

static bool itimer_armed(const struct thread_group *tg, int which)
{
	const struct itimerval *v = &tg->it_cpu[which - 1];
	return v->it_value.tv_sec || v->it_value.tv_usec || v->it_interval.tv_sec ||
	       v->it_interval.tv_usec;
}

/* The process whose CPU-time itimer a host SIGVTALRM or SIGPROF of @t's
 * stub stands for: the host counts per stub, and a stub may hold more
 * than one process (a vfork child, posix_spawn's, runs in its parent's
 * address space); NULL when none of them armed it. */
static struct task *itimer_owner(struct task *t, int sig)
{
	int which = sig == SIGPROF ? ITIMER_PROF : ITIMER_VIRTUAL;
	if (itimer_armed(t->tg, which))
		return t;
	for_each_task(m)
	{
		if (m->mm == t->mm && m->state != TASK_DEAD && !m->tg->exiting &&
		    itimer_armed(m->tg, which))
			return m;
	}
	return NULL;
}

/* A host signal for the process of @t (not a fault of its own). */
static void host_process_signal(struct task *t, const siginfo_t *info)
{
	if ((info->si_signo == SIGVTALRM || info->si_signo == SIGPROF) &&
	    info->si_code == SI_KERNEL) {
		/* The process's CPU-time itimer, counted by the host. */
		struct task *owner = itimer_owner(t, info->si_signo);
		if (owner)
			send_sig_kernel(owner, info->si_signo, info, true);
	} else if (info->si_signo == SIGXCPU && info->si_code == SI_KERNEL) {
		rlimit_cpu_fired(t, info); /* RLIMIT_CPU, counted by the host */
	} else {
		force_sig_from_host(t, info);
	}
}

static void handle_event(struct platform_event *ev)
{
	struct task *t = ctx_owner(ev->ctx);
	if (!t || t->state == TASK_DEAD)
		return;
	if (ev->kind == EV_HOST_SIGNAL) {
		/* Taken by the stub's control thread while the sentry ran a
		 * syscall there: @t did not stop for it. */
		if (ev->info.si_code == SI_KERNEL)
			host_process_signal(t, &ev->info);
		else
			send_sig_kernel(t, ev->info.si_signo, &ev->info, true);
		return;
	}
	if (ev->kind == EV_EXITED) {
		/* The host thread vanished (the stub was killed from outside). */
		t->ctx = NULL;
		do_group_exit(t, SIGKILL);
		return;
	}
	ctx_get_regs(ev->ctx, &t->regs);
	t->state = TASK_SENTRY;
	current = t;
	/* Stopped inside a patched site's thunk: where it would be without
	 * the patch (single-stepped there: and the site stays unpatched). */
	if (ev->kind == EV_SIGNAL || ev->kind == EV_FAULT || ev->kind == EV_INTERRUPTED)
		syscall_patch_rewind(t->mm, &t->regs.gp,
				     ev->kind == EV_SIGNAL && ev->info.si_signo == SIGTRAP &&
					 (t->regs.gp.eflags & 0x100));
	switch (ev->kind) {
	case EV_SYSCALL:
		/* Not in a process with seccomp filters of its own: their
		 * SIGSYS handlers may read the syscall instruction. */
		if (!ev->patched && t->seccomp_mode == SECCOMP_MODE_DISABLED)
			syscall_patch_try(t->mm, &t->regs.gp);
		syscall_enter(t);
		do_syscall(t);
		break;
	case EV_FAULT:
		handle_fault(t, &ev->info);
		break;
	case EV_SIGNAL:
		/* The old syscall instruction of a patched site. */
		if (ev->info.si_signo == SIGILL && syscall_patch_sigill(t->mm, &t->regs.gp)) {
			syscall_enter(t);
			do_syscall(t);
			break;
		}
		host_process_signal(t, &ev->info);
		task_resume(t);
		break;
	case EV_INTERRUPTED:
		task_resume(t);
		break;
	case EV_EXITED:
	case EV_HOST_SIGNAL:
		break;
	}
}

static void drain_events(void)
{
	struct platform_event ev;
	while (platform_next_event(&ev) > 0)
		handle_event(&ev);
}

static void drain_platform(void)
{
	platform_ack_events();
	drain_events();
}

/* While the platform finds events without sleeping, the loop still polls
 * its fds this often. */
#define POLL_EVERY_NS (100 * 1000)

int sched_init(void)
{
	sbx_start_ns = now_ns();
	epfd = epoll_create1(EPOLL_CLOEXEC);
	if (epfd < 0)
		return -errno;
	return sched_epoll_add(platform_event_fd(), EPOLLIN, &platform_source);
}

static bool root_exited(void)
{
	return root_tg->zombie;
}

void sched_loop(void)
{
	sched_run_until(root_exited);
}

void sched_run_until(bool (*done)(void))
{
	struct epoll_event evs[64];
	uint64_t last_poll = 0;
	while (!done()) {
		struct task *t;
		while ((t = TAILQ_FIRST(&runq)) != NULL && !done()) {
			TAILQ_REMOVE(&runq, t, run_link);
			run_task(t);
		}
		if (done())
			break;
		if (det_enabled) {
			det_schedule();
			if (done())
				break;
			/* A drawn thread that stopped or died on its way back
			 * to the guest may have woken others (its parent in
			 * wait4): run them before the loop sleeps, which,
			 * with no thread running, could be for ever. */
			if (!TAILQ_EMPTY(&runq))
				continue;
		}
		hostsig_after_round();
		uint64_t now = now_ns();
		int64_t wait = timers_next_ns(now);
		if (det_enabled)
			wait = det_wait(wait);
		if (platform_idle(wait)) {
			drain_events();
			if (now - last_poll < POLL_EVERY_NS) {
				timers_run(now_ns());
				continue;
			}
			wait = 0;
		}
		last_poll = now;
		struct timespec ts, *tsp = NULL;
		if (wait >= 0) {
			ts.tv_sec = wait / 1000000000;
			ts.tv_nsec = wait % 1000000000;
			tsp = &ts;
		}
		int n = epoll_pwait2(epfd, evs, 64, tsp, NULL);
		if (n < 0 && errno != EINTR) {
			sbx_msg("epoll_pwait2: %s", strerror(errno));
			break;
		}
		/* Handling one event may free the source of a later one (a
		 * syscall closing a host socket): see sched_epoll_del. */
		batch = evs;
		batch_n = n;
		for (int i = 0; i < n; i++) {
			struct epoll_source *src = evs[i].data.ptr;
			if (src == &platform_source)
				drain_platform();
			else if (src && src->ready)
				src->ready(src, evs[i].events);
		}
		batch_n = 0;
		timers_run(now_ns());
	}
}
