/* Signal delivery on the way back to the guest (kernel/signal.c get_signal,
 * arch/x86/kernel/signal.c): dequeue, default actions, group stop, the
 * restart of interrupted syscalls, and handler frames. */
#define _GNU_SOURCE
#include <asm/unistd.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../fuzz/crash.h"
#include "../mm/mm.h"
#include "../trace/trace.h"
#include "posix_timers.h"
#include "sched.h"
#include "sigframe.h"
#include "signal.h"
#include "task.h"

static bool sig_stop(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

bool signal_pending(struct task *t)
{
	if (t->tg->exiting)
		return true;
	if (t->tg->stopped && !t->jobctl_stopped)
		return true;
	return ((t->pending.set | t->tg->shared_pending.set) & ~t->blocked) != 0;
}

static int next_signal(const struct sigpending *p, sigset64_t blocked)
{
	sigset64_t s = p->set & ~blocked;
	if (!s)
		return 0;
	/* Synchronous (fault) signals first, as Linux does. */
	sigset64_t sync = s & (SIGBIT(SIGSEGV) | SIGBIT(SIGBUS) | SIGBIT(SIGILL) | SIGBIT(SIGTRAP) |
			       SIGBIT(SIGFPE) | SIGBIT(SIGSYS));
	if (sync)
		s = sync;
	return __builtin_ctzll(s) + 1;
}

static void collect_signal(int sig, struct sigpending *p, siginfo_t *info)
{
	struct sigqueue *q, *first = NULL;
	bool more = false;
	TAILQ_FOREACH(q, &p->list, link)
	{
		if (q->info.si_signo != sig)
			continue;
		if (first) {
			more = true;
			break;
		}
		first = q;
	}
	if (!more)
		p->set &= ~SIGBIT(sig);
	if (first) {
		*info = first->info;
		TAILQ_REMOVE(&p->list, first, link);
		sigqueue_free(first);
	} else {
		/* Queued without its siginfo (out of memory): as Linux does. */
		memset(info, 0, sizeof(*info));
		info->si_signo = sig;
		info->si_code = SI_USER;
	}
}

int dequeue_signal(struct task *t, sigset64_t blocked, siginfo_t *info)
{
	int sig = next_signal(&t->pending, blocked);
	if (sig) {
		collect_signal(sig, &t->pending, info);
	} else {
		sig = next_signal(&t->tg->shared_pending, blocked);
		if (sig)
			collect_signal(sig, &t->tg->shared_pending, info);
	}
	if (sig && info->si_code == SI_TIMER)
		posix_timer_dequeued(t->tg, info);
	return sig;
}

void notify_parent_jobctl(struct thread_group *tg, int why)
{
	struct task *parent = tg->leader->real_parent;
	if (!parent || parent->state == TASK_DEAD)
		return;
	const struct k_sigaction *ka = &parent->sighand->action[SIGCHLD - 1];
	if (!(ka->flags & SA_NOCLDSTOP)) {
		siginfo_t info;
		memset(&info, 0, sizeof(info));
		info.si_signo = SIGCHLD;
		info.si_code = why;
		info.si_pid = tg->tgid;
		info.si_uid = tg->leader->cred.uid;
		info.si_status = why == CLD_STOPPED ? tg->stop_sig : SIGCONT;
		send_sig_kernel(parent, SIGCHLD, &info, true);
	}
	wake_up(&parent->tg->child_exit);
}

void group_stop_check(struct thread_group *tg)
{
	if (!tg->stopped || tg->stop_complete)
		return;
	struct task *th;
	TAILQ_FOREACH(th, &tg->threads, tg_link)
	{
		if (th->state != TASK_DEAD && !th->jobctl_stopped)
			return;
	}
	tg->stop_complete = true;
	tg->stop_notify = true;
	notify_parent_jobctl(tg, CLD_STOPPED);
}

static void stop_self(struct task *t)
{
	t->jobctl_stopped = true;
	t->state = TASK_STOPPED;
	group_stop_check(t->tg);
}

/* A stop signal's default action: stop every thread of the process.  The
 * parent hears of it (SIGCHLD, WUNTRACED) once the last thread has
 * stopped, as with Linux's group_stop_count. */
static void do_signal_stop(struct task *t, int sig)
{
	struct thread_group *tg = t->tg;
	if (!tg->stopped) {
		tg->stopped = true;
		tg->stop_sig = sig;
		tg->stop_complete = false;
		tg->stop_notify = false;
		tg->continue_notify = false;
		struct task *th;
		TAILQ_FOREACH(th, &tg->threads, tg_link)
		{
			if (th != t)
				signal_wake_up(th);
		}
	}
	stop_self(t);
}

/* The syscall @t was in was interrupted and no handler runs: make the
 * guest execute it again (arch_do_signal_or_restart). */
static void restart_syscall_if_needed(struct task *t)
{
	struct user_regs_struct *r = &t->regs.gp;
	if ((long)r->orig_rax < 0)
		return;
	switch ((long)r->rax) {
	case -ERESTARTNOHAND:
	case -ERESTARTSYS:
	case -ERESTARTNOINTR:
		r->rax = r->orig_rax;
		r->rip -= 2;
		break;
	case -ERESTART_RESTARTBLOCK:
		r->rax = __NR_restart_syscall;
		r->rip -= 2;
		break;
	default:
		break;
	}
}

bool signal_pending_work(struct task *t)
{
	for (;;) {
		if (t->state == TASK_DEAD)
			return true;
		if (t->tg->exiting) {
			do_exit(t, t->tg->exit_status);
			return true;
		}
		if (t->tg->stopped) {
			if (!t->jobctl_stopped)
				stop_self(t);
			return true;
		}
		siginfo_t info;
		int sig = dequeue_signal(t, t->blocked, &info);
		if (!sig)
			break;
		struct k_sigaction *ka = &t->sighand->action[sig - 1];
		if (ka->handler == (uint64_t)SIG_IGN)
			continue;
		if (trace_enabled)
			trace_signal(t, &info);
		if (ka->handler == (uint64_t)SIG_DFL) {
			if (sig_default_ignore(sig))
				continue;
			/* The sandbox's pid 1 takes no default action it did not
			 * ask for, except from its own faults. */
			if (t->tg->tgid == 1 && sig != SIGKILL && sig != SIGSTOP &&
			    info.si_code != SI_KERNEL && !(info.si_code > 0 && sig_kernel_coredump(sig)))
				continue;
			if (sig_stop(sig)) {
				if (sig != SIGSTOP && will_become_orphaned_pgrp(t->tg->pgid, NULL))
					continue;
				do_signal_stop(t, sig);
				return true;
			}
			if (crash_reports_enabled && sig_kernel_coredump(sig))
				crash_report(t, &info);
			do_group_exit(t, sig_death_status(t, sig));
			return true;
		}
		if (sigframe_setup(t, sig, &info, ka) < 0) {
			/* No room for the frame: SIGSEGV, deadly if this was it. */
			if (sig == SIGSEGV)
				ka->handler = (uint64_t)SIG_DFL;
			force_sig_fault(t, SIGSEGV, SI_KERNEL, 0);
		}
	}
	restart_syscall_if_needed(t);
	if (t->restore_sigmask) {
		t->restore_sigmask = false;
		t->blocked = t->saved_sigmask;
	}
	return false;
}

/* force_sig_info_to_task: a blocked or ignored synchronous signal is
 * unblocked and reset to its default, so that it cannot be lost. */
static void force_sig_info(struct task *t, siginfo_t *info)
{
	int sig = info->si_signo;
	if (sig < 1 || sig > SBX_NSIG)
		return;
	struct k_sigaction *ka = &t->sighand->action[sig - 1];
	bool blocked = t->blocked & SIGBIT(sig);
	if (blocked || ka->handler == (uint64_t)SIG_IGN) {
		ka->handler = (uint64_t)SIG_DFL;
		if (blocked)
			t->blocked &= ~SIGBIT(sig);
	}
	send_sig_kernel(t, sig, info, false);
}

void force_sig_fault(struct task *t, int sig, int code, uint64_t addr)
{
	siginfo_t info;
	memset(&info, 0, sizeof(info));
	info.si_signo = sig;
	info.si_code = code;
	info.si_addr = (void *)addr;
	force_sig_info(t, &info);
}

void force_sig_from_host(struct task *t, const siginfo_t *host)
{
	siginfo_t info = *host;
	switch (info.si_signo) {
	case SIGFPE:
		t->fault.trapno = 0; /* #DE */
		break;
	case SIGILL:
		t->fault.trapno = 6; /* #UD */
		break;
	case SIGTRAP:
		t->fault.trapno = 3; /* #BP */
		break;
	default:
		break;
	}
	t->fault.err = 0;
	force_sig_info(t, &info);
}
