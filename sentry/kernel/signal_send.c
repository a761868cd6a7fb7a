/* Signal generation (kernel/signal.c: send_signal_locked, prepare_signal,
 * complete_signal): queue a signal for a thread or a process and wake the
 * thread that will take it. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../../platform/platform.h"
#include "sched.h"
#include "signal.h"
#include "task.h"

static bool sig_stop(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

static bool sig_handler_is(const struct task *t, int sig, uint64_t h)
{
	return t->sighand->action[sig - 1].handler == h;
}

/* Would the default action kill the process? */
static bool sig_fatal_default(const struct task *t, int sig)
{
	if (sig == SIGKILL)
		return true;
	return sig_handler_is(t, sig, (uint64_t)SIG_DFL) && !sig_default_ignore(sig) &&
	       !sig_stop(sig);
}

/* Make @t notice its pending signals: a sleeping task is woken (its
 * syscall gets interrupted), a running one stopped. */
void signal_wake_up(struct task *t)
{
	switch (t->state) {
	case TASK_BLOCKED:
		task_wake(t);
		break;
	case TASK_GUEST:
		if (t->ctx)
			ctx_interrupt(t->ctx);
		break;
	default:
		break; /* checked before it is resumed */
	}
}

/* Kill every thread of @tg with wait status @status, asynchronously: each
 * thread exits at its next return to the guest. */
void group_kill(struct thread_group *tg, int status)
{
	if (!tg->exiting) {
		tg->exiting = true;
		tg->exit_status = status;
	}
	struct task *th;
	TAILQ_FOREACH(th, &tg->threads, tg_link)
	{
		if (th->state == TASK_STOPPED)
			task_continue(th);
		else
			signal_wake_up(th);
	}
}

/* Continue a stopped process (SIGCONT). */
static void group_continue(struct thread_group *tg)
{
	if (!tg->stopped)
		return;
	/* A stop that had not reached every thread ends as Linux ends it:
	 * the parent is told of the stop, and there is no continue to wait
	 * for (prepare_signal's SIGNAL_CLD_STOPPED). */
	bool complete = tg->stop_complete;
	tg->stopped = false;
	tg->stop_complete = false;
	tg->stop_notify = false;
	tg->continue_notify = complete;
	struct task *th;
	TAILQ_FOREACH(th, &tg->threads, tg_link)
	{
		if (th->state == TASK_STOPPED)
			task_continue(th);
	}
	notify_parent_jobctl(tg, complete ? CLD_CONTINUED : CLD_STOPPED);
}

/* prepare_signal: stop/continue side effects, and whether to queue. */
static bool prepare_signal(struct task *t, int sig)
{
	struct thread_group *tg = t->tg;
	if (tg->exiting)
		return false; /* dying anyway */
	if (sig_stop(sig)) {
		struct task *th;
		TAILQ_FOREACH(th, &tg->threads, tg_link)
			sigpending_remove(&th->pending, SIGBIT(SIGCONT));
		sigpending_remove(&tg->shared_pending, SIGBIT(SIGCONT));
	} else if (sig == SIGCONT) {
		struct task *th;
		sigset64_t stops = SIGBIT(SIGSTOP) | SIGBIT(SIGTSTP) | SIGBIT(SIGTTIN) | SIGBIT(SIGTTOU);
		TAILQ_FOREACH(th, &tg->threads, tg_link)
			sigpending_remove(&th->pending, stops);
		sigpending_remove(&tg->shared_pending, stops);
		group_continue(tg);
	}
	/* An ignored signal is dropped, unless blocked (it may be unblocked
	 * after the disposition changes), also by the mask a sigtimedwait
	 * replaced: that call is waiting for it. */
	if ((t->blocked | t->real_blocked) & SIGBIT(sig))
		return true;
	if (sig == SIGKILL || sig == SIGSTOP)
		return true;
	return !sig_ignored(t, sig);
}

static bool wants_signal(int sig, struct task *t)
{
	if (t->state == TASK_DEAD)
		return false;
	if (sig == SIGKILL)
		return true;
	if (t->blocked & SIGBIT(sig))
		return false;
	return true;
}

/* Choose the thread that takes the signal and wake it; a fatal signal
 * kills the whole process here. */
static void complete_signal(int sig, struct task *p, bool group)
{
	struct thread_group *tg = p->tg;
	struct task *t = NULL;
	if (wants_signal(sig, p)) {
		t = p;
	} else if (group) {
		struct task *th;
		TAILQ_FOREACH(th, &tg->threads, tg_link)
		{
			if (wants_signal(sig, th)) {
				t = th;
				break;
			}
		}
	}
	if (!t)
		return; /* stays pending until a thread unblocks it */
	if (sig_fatal_default(t, sig) && !(t->real_blocked & SIGBIT(sig)) && !tg->exiting &&
	    (sig == SIGKILL || !sig_kernel_coredump(sig))) {
		/* Fatal to the whole group (core-dumping signals go through
		 * normal delivery, which kills the same way). */
		group_kill(tg, sig == SIGKILL ? WSTATUS_SIGNALED(SIGKILL, false)
					      : sig_death_status(t, sig));
		return;
	}
	signal_wake_up(t);
}

/* Is @tg a process the sandbox's pid 1 rules protect (--as-pid-1: the
 * program is init and ignores signals it has no handler for)? */
static bool init_protected(struct task *t, int sig)
{
	if (t->tg->tgid != 1)
		return false;
	if (init_task && t->tg == init_task->tg)
		return true; /* the virtual init ignores everything */
	return sig == SIGKILL || sig == SIGSTOP || sig_handler_is(t, sig, (uint64_t)SIG_DFL);
}

/* __send_signal_locked: queue @sig for @t (its process if @group) and
 * pick a thread to take it.  0, or -EAGAIN for a real-time signal whose
 * siginfo finds no room under RLIMIT_SIGPENDING. */
static int send_signal(struct task *t, int sig, const siginfo_t *info, bool group,
		       bool from_inside, bool override_rlimit)
{
	if (sig <= 0 || sig > SBX_NSIG || t->state == TASK_DEAD)
		return 0;
	if (from_inside && init_protected(t, sig))
		return 0;
	if (!prepare_signal(t, sig))
		return 0;
	struct sigpending *pending = group ? &t->tg->shared_pending : &t->pending;
	if (sig < SIGRTMIN && (pending->set & SIGBIT(sig)))
		return 0; /* standard signals do not queue */
	if (sig == SIGKILL) {
		group_kill(t->tg, WSTATUS_SIGNALED(SIGKILL, false));
		return 0;
	}
	/* Standard signals from the kernel or kill() may pass the limit;
	 * past it, a signal still goes, without its siginfo, unless it is a
	 * real-time one that carries information of its own. */
	if (sig < SIGRTMIN)
		override_rlimit = override_rlimit || !info || info->si_code >= 0;
	struct sigqueue *q = sigqueue_alloc(t, override_rlimit);
	if (q) {
		if (info) {
			q->info = *info;
		} else {
			memset(&q->info, 0, sizeof(q->info));
			q->info.si_code = SI_KERNEL;
		}
		q->info.si_signo = sig;
		TAILQ_INSERT_TAIL(&pending->list, q, link);
	} else if (sig >= SIGRTMIN && info && info->si_code != SI_USER) {
		return -EAGAIN;
	}
	pending->set |= SIGBIT(sig);
	complete_signal(sig, t, group);
	return 0;
}

int send_sig_info_checked(struct task *t, int sig, const siginfo_t *info, bool group,
			  bool override_rlimit)
{
	if (group) {
		/* A dead leader still stands for its group. */
		struct task *th;
		if (t->state == TASK_DEAD)
			TAILQ_FOREACH(th, &t->tg->threads, tg_link)
			{
				if (th->state != TASK_DEAD) {
					t = th;
					break;
				}
			}
	}
	return send_signal(t, sig, info, group, true, override_rlimit);
}

void send_sig_noinfo(struct task *t, int sig)
{
	siginfo_t info;
	memset(&info, 0, sizeof(info));
	info.si_signo = sig;
	info.si_code = SI_USER;
	info.si_pid = t->tg->tgid;
	info.si_uid = t->cred.uid;
	send_signal(t, sig, &info, false, false, false);
}

void send_sig_to_task(struct task *t, int sig, const siginfo_t *info)
{
	send_signal(t, sig, info, false, true, false);
}

void send_sig_to_group(struct thread_group *tg, int sig, const siginfo_t *info)
{
	send_sig_info_checked(tg->leader, sig, info, true, false);
}

/* A signal from the kernel itself (SIGCHLD, SIGPIPE, pdeath...): not
 * subject to init protection. */
void send_sig_kernel(struct task *t, int sig, const siginfo_t *info, bool group)
{
	send_signal(t, sig, info, group, false, false);
}
