/* Signal syscalls (kernel/signal.c, arch/x86/kernel/signal_64.c). */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <time.h>

#include "../../abi/uapi_extra.h"
#include "../kernel/cred.h"
#include "../kernel/sched.h"
#include "../kernel/sigframe.h"
#include "../kernel/signal.h"
#include "../kernel/task.h"
#include "../mm/mm.h"
#include "syscalls.h"

#define KSIGSET_SIZE 8
/* sa_flags the kernel keeps (UAPI_SA_FLAGS with x86's SA_RESTORER). */
#define SA_KNOWN                                                                                   \
	(SA_NOCLDSTOP | SA_NOCLDWAIT | SA_SIGINFO | SA_ONSTACK | SA_RESTART | SA_NODEFER |         \
	 SA_RESETHAND | SA_RESTORER | 0x800 /* SA_EXPOSE_TAGBITS */)

static void flush_signal_everywhere(struct task *t, int sig)
{
	sigset64_t bit = SIGBIT(sig);
	struct thread_group *tg = t->tg;
	struct task *th;
	TAILQ_FOREACH(th, &tg->threads, tg_link)
		sigpending_remove(&th->pending, bit);
	sigpending_remove(&tg->shared_pending, bit);
}

SYSCALL(rt_sigaction)
{
	int sig = (int)a[0];
	struct k_sigaction new, old;
	if (a[3] != KSIGSET_SIZE)
		return -EINVAL;
	if (sig < 1 || sig > SBX_NSIG)
		return -EINVAL;
	if (a[1] && copy_from_user(t->mm, &new, a[1], sizeof(new)) < 0)
		return -EFAULT;
	if (a[1] && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	struct k_sigaction *ka = &t->sighand->action[sig - 1];
	old = *ka;
	if (a[1]) {
		new.mask &= ~SIG_UNBLOCKABLE;
		new.flags &= SA_KNOWN;
		*ka = new;
		/* POSIX: making a signal ignored discards what is pending. */
		if (sig_ignored(t, sig))
			flush_signal_everywhere(t, sig);
	}
	if (a[2] && copy_to_user(t->mm, a[2], &old, sizeof(old)) < 0)
		return -EFAULT;
	return 0;
}

SYSCALL(rt_sigprocmask)
{
	int how = (int)a[0];
	sigset64_t set, old = t->blocked;
	if (a[3] != KSIGSET_SIZE)
		return -EINVAL;
	if (a[1]) {
		if (copy_from_user(t->mm, &set, a[1], sizeof(set)) < 0)
			return -EFAULT;
		set &= ~SIG_UNBLOCKABLE;
		switch (how) {
		case SIG_BLOCK:
			t->blocked |= set;
			break;
		case SIG_UNBLOCK:
			t->blocked &= ~set;
			break;
		case SIG_SETMASK:
			t->blocked = set;
			break;
		default:
			return -EINVAL;
		}
	}
	if (a[2] && copy_to_user(t->mm, a[2], &old, sizeof(old)) < 0)
		return -EFAULT;
	return 0;
}

SYSCALL(rt_sigpending)
{
	size_t size = a[1];
	if (size > KSIGSET_SIZE)
		return -EINVAL;
	sigset64_t pend = (t->pending.set | t->tg->shared_pending.set) & t->blocked;
	return copy_to_user(t->mm, a[0], &pend, size);
}

/* Sleeps that only a signal ends: pause, sigsuspend. */
static long wait_for_signal(struct task *t)
{
	if (signal_pending(t))
		return -ERESTARTNOHAND;
	return -SBX_BLOCK;
}

static long sleep_interrupted_nohand(struct task *t)
{
	(void)t;
	return -ERESTARTNOHAND;
}

SYSCALL(pause)
{
	(void)a;
	t->sc.interrupt = sleep_interrupted_nohand;
	return wait_for_signal(t);
}

SYSCALL(rt_sigsuspend)
{
	if (a[1] != KSIGSET_SIZE)
		return -EINVAL;
	if (!t->sc.progress) {
		sigset64_t set;
		if (copy_from_user(t->mm, &set, a[0], sizeof(set)) < 0)
			return -EFAULT;
		t->saved_sigmask = t->blocked;
		t->restore_sigmask = true;
		t->blocked = set & ~SIG_UNBLOCKABLE;
		t->sc.progress = 1;
	}
	t->sc.interrupt = sleep_interrupted_nohand;
	return wait_for_signal(t);
}

static long sigtimedwait_done(struct task *t)
{
	t->blocked = t->real_blocked;
	t->real_blocked = 0;
	return -EINTR;
}

SYSCALL(rt_sigtimedwait)
{
	sigset64_t set;
	if (a[3] != KSIGSET_SIZE)
		return -EINVAL;
	if (copy_from_user(t->mm, &set, a[0], sizeof(set)) < 0)
		return -EFAULT;
	set &= ~SIG_UNBLOCKABLE;
	if (!t->sc.progress && a[2]) {
		struct timespec ts;
		if (copy_from_user(t->mm, &ts, a[2], sizeof(ts)) < 0)
			return -EFAULT;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000L)
			return -EINVAL;
		t->sc.deadline_ns = now_ns() + (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
	}
	/* Take one of @set if pending, whatever the mask. */
	siginfo_t info;
	sigset64_t saved = t->sc.progress ? t->real_blocked : t->blocked;
	int sig = dequeue_signal(t, ~set, &info);
	if (sig) {
		if (t->sc.progress) {
			t->blocked = t->real_blocked;
			t->real_blocked = 0;
		}
		if (a[1] && copy_to_user(t->mm, a[1], &info, sizeof(info)) < 0)
			return -EFAULT;
		return sig;
	}
	if (t->sc.progress && t->sc.timed_out) {
		sigtimedwait_done(t);
		return -EAGAIN;
	}
	if (a[2] && !t->sc.deadline_ns)
		return -EAGAIN; /* a zero timeout: just poll */
	if (!t->sc.progress) {
		t->real_blocked = saved;
		t->blocked = saved & ~set;
		t->sc.progress = 1;
	}
	if (t->sc.deadline_ns) {
		if (now_ns() >= t->sc.deadline_ns) {
			sigtimedwait_done(t);
			return -EAGAIN;
		}
		task_set_deadline(t, t->sc.deadline_ns);
	}
	t->sc.interrupt = sigtimedwait_done;
	return -SBX_BLOCK;
}

/* May @t send @sig to @target (kernel/signal.c check_kill_permission)? */
static int kill_permission(struct task *t, struct task *target, int sig)
{
	if (capable(t, CAP_KILL))
		return 0;
	if (t->cred.euid == target->cred.suid || t->cred.euid == target->cred.uid ||
	    t->cred.uid == target->cred.suid || t->cred.uid == target->cred.uid)
		return 0;
	if (sig == SIGCONT && t->tg->sid == target->tg->sid)
		return 0;
	return -EPERM;
}

static void user_info(struct task *t, siginfo_t *info, int sig, int code)
{
	memset(info, 0, sizeof(*info));
	info->si_signo = sig;
	info->si_code = code;
	info->si_pid = t->tg->tgid;
	info->si_uid = t->cred.uid;
}

/* Send to the process behind @target; 0 or -errno. */
static int kill_group(struct task *t, struct task *target, int sig, const siginfo_t *info)
{
	int r = kill_permission(t, target, sig);
	if (r < 0)
		return r;
	if (sig)
		send_sig_to_group(target->tg, sig, info);
	return 0;
}

SYSCALL(kill)
{
	pid_t pid = (pid_t)a[0];
	int sig = (int)a[1];
	siginfo_t info;
	if (sig < 0 || sig > SBX_NSIG)
		return -EINVAL;
	user_info(t, &info, sig, SI_USER);
	/* A zombie still has its pid and its process group until it is
	 * reaped: kill finds it and succeeds (the signal goes nowhere). */
	if (pid > 0) {
		struct task *target = task_lookup(pid);
		if (!target)
			return -ESRCH;
		return kill_group(t, target, sig, &info);
	}
	/* A process group (0: ours), or everything (-1) but init and us. */
	if (pid == INT32_MIN)
		return -ESRCH;
	pid_t pgid = pid == 0 ? t->tg->pgid : -pid;
	bool all = pid == -1;
	int found = 0, ok = 0, err = 0;
	for_each_task(m)
	{
		struct thread_group *tg = m->tg;
		if (m != tg->leader)
			continue;
		if (all ? (tg->tgid <= 1 || tg == t->tg) : tg->pgid != pgid)
			continue;
		int r = kill_group(t, m, sig, &info);
		found++;
		if (r == 0)
			ok++;
		/* kill(-1) ignores EPERM (kill_something_info); a group
		 * succeeds if any member took it (__kill_pgrp_info). */
		if (!all || r != -EPERM)
			err = r;
	}
	if (!found)
		return -ESRCH;
	return all ? err : ok ? 0 : err;
}

static long do_tkill(struct task *t, pid_t tgid, pid_t tid, int sig)
{
	siginfo_t info;
	if (tid <= 0)
		return -EINVAL;
	if (sig < 0 || sig > SBX_NSIG)
		return -EINVAL;
	/* An exited thread stays findable only as a group leader that has
	 * not been reaped: like Linux's, signalling it succeeds. */
	struct task *target = task_lookup(tid);
	if (!target || (tgid > 0 && target->tg->tgid != tgid))
		return -ESRCH;
	int r = kill_permission(t, target, sig);
	if (r < 0)
		return r;
	user_info(t, &info, sig, SI_TKILL);
	if (sig)
		send_sig_to_task(target, sig, &info);
	return 0;
}

SYSCALL(tkill)
{
	return do_tkill(t, 0, (pid_t)a[0], (int)a[1]);
}

SYSCALL(tgkill)
{
	if ((pid_t)a[0] <= 0)
		return -EINVAL;
	return do_tkill(t, (pid_t)a[0], (pid_t)a[1], (int)a[2]);
}

/* The siginfo layouts the kernel knows (known_siginfo_layout): SI_KERNEL,
 * the positive codes each signal defines, and the negative SI_* ones. */
static bool known_siginfo_layout(int sig, int code)
{
	static const struct {
		int sig, limit;
	} specific[] = {{SIGILL, 11}, {SIGFPE, 15}, {SIGSEGV, 10}, {SIGBUS, 5},
			{SIGTRAP, 6}, {SIGCHLD, 6}, {SIGPOLL, 6}, {SIGSYS, 1}};
	if (code == SI_KERNEL)
		return true;
	if (code > SI_USER && code < SI_KERNEL) {
		for (size_t i = 0; i < sizeof(specific) / sizeof(specific[0]); i++)
			if (specific[i].sig == sig)
				return code <= specific[i].limit;
		return code <= 6; /* NSIGPOLL */
	}
	return code >= SI_DETHREAD || code == SI_ASYNCNL;
}

/* copy_siginfo_from_user: the kernel keeps struct kernel_siginfo, the
 * first 48 bytes; the rest must be zero for a layout it does not know
 * (E2BIG), and reaches the receiver as zeros. */
#define KERNEL_SIGINFO_SIZE 48

static int siginfo_from_user(struct task *t, uint64_t uinfo, int sig, siginfo_t *info)
{
	if (copy_from_user(t->mm, info, uinfo, sizeof(*info)) < 0)
		return -EFAULT;
	info->si_signo = sig;
	unsigned char *tail = (unsigned char *)info + KERNEL_SIGINFO_SIZE;
	size_t n = sizeof(*info) - KERNEL_SIGINFO_SIZE;
	if (!known_siginfo_layout(sig, info->si_code))
		for (size_t i = 0; i < n; i++)
			if (tail[i])
				return -E2BIG;
	memset(tail, 0, n);
	return 0;
}

/* rt_sigqueueinfo (@tid 0) and rt_tgsigqueueinfo. */
static long queueinfo(struct task *t, pid_t tgid, pid_t tid, int sig, uint64_t uinfo)
{
	siginfo_t info;
	int r = siginfo_from_user(t, uinfo, sig, &info);
	if (r < 0)
		return r;
	/* Not even root can pretend to be the kernel, or a kill() or tgkill()
	 * of someone else: the pid given must be the caller's own tid. */
	if ((info.si_code >= 0 || info.si_code == SI_TKILL) && (tid ? tid : tgid) != t->tid)
		return -EPERM;
	struct task *target = task_lookup(tid ? tid : tgid);
	if (!target || (tid && target->tg->tgid != tgid))
		return -ESRCH;
	if (sig < 0 || sig > SBX_NSIG)
		return -EINVAL;
	/* Positive codes (only to oneself, above) skip the credentials. */
	if (info.si_code <= 0 && (r = kill_permission(t, target, sig)) < 0)
		return r;
	if (!sig || target->state == TASK_DEAD)
		return 0;
	if (tid)
		return send_sig_info_checked(target, sig, &info, false, false);
	return send_sig_info_checked(target->tg->leader, sig, &info, true, false);
}

SYSCALL(rt_sigqueueinfo)
{
	return queueinfo(t, (pid_t)a[0], 0, (int)a[1], a[2]);
}

SYSCALL(rt_tgsigqueueinfo)
{
	if ((pid_t)a[0] <= 0 || (pid_t)a[1] <= 0)
		return -EINVAL;
	return queueinfo(t, (pid_t)a[0], (pid_t)a[1], (int)a[2], a[3]);
}

SYSCALL(sigaltstack)
{
	uint64_t sp = t->regs.gp.rsp;
	stack_t old = {.ss_sp = (void *)t->sas_sp,
		       .ss_size = t->sas_size,
		       .ss_flags = sas_ss_flags(t, sp) | (t->sas_flags & SS_AUTODISARM)};
	if (a[0]) {
		stack_t ss;
		if (copy_from_user(t->mm, &ss, a[0], sizeof(ss)) < 0)
			return -EFAULT;
		int r = do_sigaltstack(t, &ss, sp);
		if (r < 0)
			return r;
	}
	if (a[1] && copy_to_user(t->mm, a[1], &old, sizeof(old)) < 0)
		return -EFAULT;
	return 0;
}

SYSCALL(rt_sigreturn)
{
	(void)a;
	/* A restart block left by a call a handler interrupted is over
	 * (restore_sigcontext: do_no_restart_syscall). */
	t->restart.fn = NULL;
	if (sigframe_return(t) < 0) {
		force_sig_fault(t, SIGSEGV, SI_KERNEL, 0);
		return 0;
	}
	return -SBX_REGS;
}

SYSCALL(restart_syscall)
{
	(void)a;
	long (*fn)(struct task *) = t->restart.fn;
	if (!fn)
		return -EINTR;
	long r = fn(t);
	/* The restart functions take the block for themselves; one that waits
	 * runs again from the top when woken and needs it again. */
	if (r == -SBX_BLOCK && !t->restart.fn)
		t->restart.fn = fn;
	return r;
}
