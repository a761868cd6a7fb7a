/* Process syscalls: clone family, wait, exec, process groups and sessions,
 * pidfds (kernel/fork.c, kernel/exit.c, kernel/sys.c, kernel/pid.c). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/sched.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "../fs/fdtable.h"
#include "../fs/file.h"
#include "../fs/procfs.h"
#include "../kernel/cred.h"
#include "../kernel/execve.h"
#include "../kernel/fork.h"
#include "../kernel/pidfd.h"
#include "../kernel/signal.h"
#include "../kernel/task.h"
#include "../kernel/waitchild.h"
#include "../mm/mm.h"
#include "syscalls.h"

#ifndef PIDFD_THREAD
#define PIDFD_THREAD O_EXCL
#endif
#ifndef PIDFD_NONBLOCK
#define PIDFD_NONBLOCK O_NONBLOCK
#endif

/* Linux's TASK_SIZE_MAX: the limit access_ok checks against. */
#define TASK_SIZE_MAX 0x7ffffffff000UL
#define MAX_PID_NS_LEVEL 32

SYSCALL(clone)
{
	/* x86-64: clone(flags, newsp, parent_tid, child_tid, tls). */
	uint32_t flags = (uint32_t)a[0];
	struct kernel_clone_args args = {
		.flags = flags & ~(uint32_t)CSIGNAL,
		.exit_signal = (int)(flags & CSIGNAL),
		.stack = a[1],
		.parent_tid = a[2],
		.pidfd = a[2],
		.child_tid = a[3],
		.tls = a[4],
	};
	return kernel_clone(t, &args);
}

SYSCALL(fork)
{
	(void)a;
	struct kernel_clone_args args = {.exit_signal = SIGCHLD};
	return kernel_clone(t, &args);
}

SYSCALL(vfork)
{
	(void)a;
	struct kernel_clone_args args = {.flags = CLONE_VFORK | CLONE_VM, .exit_signal = SIGCHLD};
	return kernel_clone(t, &args);
}

/* copy_clone_args_from_user + clone3_args_valid (kernel/fork.c). */
static long clone3_args(struct task *t, uint64_t uargs, uint64_t size,
			struct kernel_clone_args *k)
{
	struct clone_args args;
	if (size > PAGE_SIZE)
		return -E2BIG;
	if (size < CLONE_ARGS_SIZE_VER0)
		return -EINVAL;
	memset(&args, 0, sizeof(args));
	size_t n = size < sizeof(args) ? size : sizeof(args);
	if (copy_from_user(t->mm, &args, uargs, n) < 0)
		return -EFAULT;
	/* A larger struct from a newer program: the rest must be zero. */
	for (uint64_t off = sizeof(args); off < size; off++) {
		char c;
		if (copy_from_user(t->mm, &c, uargs + off, 1) < 0)
			return -EFAULT;
		if (c)
			return -E2BIG;
	}
	if (args.set_tid_size > MAX_PID_NS_LEVEL)
		return -EINVAL;
	if (!args.set_tid && args.set_tid_size > 0)
		return -EINVAL;
	if (args.set_tid && args.set_tid_size == 0)
		return -EINVAL;
	if ((args.exit_signal & ~(uint64_t)CSIGNAL) || args.exit_signal > SBX_NSIG)
		return -EINVAL;
	if ((args.flags & CLONE_INTO_CGROUP) &&
	    (args.cgroup > INT_MAX || size < CLONE_ARGS_SIZE_VER2))
		return -EINVAL;
	k->flags = args.flags;
	k->exit_signal = (int)args.exit_signal;
	k->pidfd = args.pidfd;
	k->child_tid = args.child_tid;
	k->parent_tid = args.parent_tid;
	k->tls = args.tls;
	k->stack = 0;
	/* clone3_args_valid */
	if (args.flags & ~(0xffffffffULL | CLONE_CLEAR_SIGHAND | CLONE_INTO_CGROUP))
		return -EINVAL;
	if (args.flags & (CLONE_DETACHED | (CSIGNAL & ~(uint64_t)CLONE_NEWTIME)))
		return -EINVAL;
	if ((args.flags & (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND)) ==
	    (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND))
		return -EINVAL;
	if ((args.flags & (CLONE_THREAD | CLONE_PARENT)) && args.exit_signal)
		return -EINVAL;
	if (args.stack == 0) {
		if (args.stack_size > 0)
			return -EINVAL;
	} else {
		if (args.stack_size == 0)
			return -EINVAL;
		if (args.stack_size > TASK_SIZE_MAX || args.stack > TASK_SIZE_MAX - args.stack_size)
			return -EINVAL;
		k->stack = args.stack + args.stack_size;
	}
	if (args.set_tid_size) {
		pid_t tid;
		/* One pid namespace: one level of set_tid. */
		if (args.set_tid_size > 1)
			return -EINVAL;
		if (copy_from_user(t->mm, &tid, args.set_tid, sizeof(tid)) < 0)
			return -EFAULT;
		if (tid < 1 || tid >= pid_max)
			return -EINVAL;
		/* checkpoint_restore_ns_capable */
		if (!capable(t, CAP_CHECKPOINT_RESTORE) && !capable(t, CAP_SYS_ADMIN))
			return -EPERM;
		k->set_tid = tid;
	}
	if (args.flags & CLONE_INTO_CGROUP)
		return -EBADF; /* no cgroup2 directory can be opened here */
	return 0;
}

SYSCALL(clone3)
{
	struct kernel_clone_args k;
	memset(&k, 0, sizeof(k));
	if (!t->sc.progress) {
		long r = clone3_args(t, a[0], a[1], &k);
		if (r < 0)
			return r;
	}
	return kernel_clone(t, &k);
}

static long wait_common(struct task *t, struct wait_opts *wo)
{
	return do_wait(t, wo);
}

SYSCALL(wait4)
{
	pid_t upid = (pid_t)a[0];
	int options = (int)a[2];
	struct wait_opts wo;
	memset(&wo, 0, sizeof(wo));
	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL))
		return -EINVAL;
	if (upid == INT_MIN)
		return -ESRCH;
	if (upid == -1) {
		wo.which = P_ALL;
	} else if (upid < 0) {
		wo.which = P_PGID;
		wo.pid = -upid;
	} else if (upid == 0) {
		wo.which = P_PGID;
		wo.pid = t->tg->pgid;
	} else {
		wo.which = P_PID;
		wo.pid = upid;
	}
	wo.options = options | WEXITED;
	long r = wait_common(t, &wo);
	if (r <= 0)
		return r;
	if (a[1] && copy_to_user(t->mm, a[1], &wo.status, sizeof(wo.status)) < 0)
		return -EFAULT;
	if (a[3] && copy_to_user(t->mm, a[3], &wo.rusage, sizeof(wo.rusage)) < 0)
		return -EFAULT;
	return r;
}

SYSCALL(waitid)
{
	int which = (int)a[0];
	pid_t upid = (pid_t)a[1];
	int options = (int)a[3];
	struct wait_opts wo;
	memset(&wo, 0, sizeof(wo));
	bool nonblock_fd = false;
	if (options & ~(WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED | __WNOTHREAD |
			__WCLONE | __WALL))
		return -EINVAL;
	if (!(options & (WEXITED | WSTOPPED | WCONTINUED)))
		return -EINVAL;
	switch (which) {
	case P_ALL:
		break;
	case P_PID:
		if (upid <= 0)
			return -EINVAL;
		wo.pid = upid;
		break;
	case P_PGID:
		if (upid < 0)
			return -EINVAL;
		wo.pid = upid ? upid : t->tg->pgid;
		break;
	case P_PIDFD: {
		if (upid < 0)
			return -EINVAL;
		struct file *f = fd_get(t->files, upid);
		if (!f)
			return -EBADF;
		wo.tg = pidfd_tg(f);
		if (!wo.tg)
			return -EBADF; /* pidfd_get_pid: not a pidfd */
		nonblock_fd = f->flags & O_NONBLOCK;
		break;
	}
	default:
		return -EINVAL;
	}
	wo.which = which;
	wo.options = options | (nonblock_fd ? WNOHANG : 0);
	long r = wait_common(t, &wo);
	if (r == -SBX_BLOCK || (r < 0 && r != -ECHILD))
		return r;
	if (r < 0)
		return r;
	if (r == 0 && nonblock_fd && !(options & WNOHANG))
		return -EAGAIN;
	if (r == 0)
		memset(&wo.info, 0, sizeof(wo.info));
	if (a[4] && copy_to_user(t->mm, a[4], &wo.rusage, sizeof(wo.rusage)) < 0)
		return -EFAULT;
	if (a[2]) {
		/* Linux writes only these fields (kernel_waitid's put_user). */
		siginfo_t out;
		memset(&out, 0, sizeof(out));
		out.si_signo = wo.info.si_signo;
		out.si_code = wo.info.si_code;
		out.si_pid = wo.info.si_pid;
		out.si_uid = wo.info.si_uid;
		out.si_status = wo.info.si_status;
		if (copy_to_user(t->mm, a[2], &out, sizeof(out)) < 0)
			return -EFAULT;
	}
	return 0;
}

SYSCALL(execve)
{
	return do_execve(t, AT_FDCWD, a[0], a[1], a[2], 0);
}

SYSCALL(execveat)
{
	return do_execve(t, (int)a[0], a[1], a[2], a[3], (int)a[4]);
}

/* The process of @pid; a zombie still has its group and session until it
 * is reaped. */
static struct thread_group *find_group(pid_t pid)
{
	struct task *p = task_lookup(pid);
	return p ? p->tg : NULL;
}

SYSCALL(setpgid)
{
	pid_t pid = (pid_t)a[0], pgid = (pid_t)a[1];
	struct thread_group *me = t->tg;
	if (!pid)
		pid = me->tgid;
	if (!pgid)
		pgid = pid;
	if (pgid < 0)
		return -EINVAL;
	struct task *p = task_lookup(pid);
	if (!p)
		return -ESRCH;
	if (p != p->tg->leader)
		return -EINVAL;
	struct task *parent = p->real_parent;
	if (parent && parent->tg == me) {
		if (p->tg->sid != me->sid)
			return -EPERM;
		if (p->tg->did_exec)
			return -EACCES;
	} else if (p->tg != me) {
		return -ESRCH;
	}
	if (p->tg->sid == p->tg->tgid)
		return -EPERM; /* a session leader */
	if (pgid != pid) {
		bool found = false;
		for_each_task(m)
		{
			if (m == m->tg->leader && m->tg->pgid == pgid && m->tg->sid == me->sid) {
				found = true;
				break;
			}
		}
		if (!found)
			return -EPERM;
	}
	p->tg->pgid = pgid;
	return 0;
}

SYSCALL(getpgid)
{
	pid_t pid = (pid_t)a[0];
	struct thread_group *tg = pid ? find_group(pid) : t->tg;
	return tg ? tg->pgid : -ESRCH;
}

SYSCALL(getpgrp)
{
	(void)a;
	return t->tg->pgid;
}

SYSCALL(getsid)
{
	pid_t pid = (pid_t)a[0];
	struct thread_group *tg = pid ? find_group(pid) : t->tg;
	return tg ? tg->sid : -ESRCH;
}

SYSCALL(setsid)
{
	(void)a;
	struct thread_group *me = t->tg;
	/* Fails if a process group with our pid as its id exists (a zombie
	 * member counts until reaped). */
	for_each_task(m)
	{
		if (m == m->tg->leader && m->tg->pgid == me->tgid)
			return -EPERM;
	}
	me->sid = me->pgid = me->tgid;
	return me->sid;
}

SYSCALL(pidfd_open)
{
	pid_t pid = (pid_t)a[0];
	unsigned int flags = (unsigned int)a[1];
	if (flags & ~(unsigned)(PIDFD_NONBLOCK | PIDFD_THREAD))
		return -EINVAL;
	if (pid <= 0)
		return -EINVAL;
	struct task *p = task_lookup(pid);
	if (!p || (p->state == TASK_DEAD && p != p->tg->leader))
		return -ESRCH;
	if (p != p->tg->leader && !(flags & PIDFD_THREAD))
		return -ENOENT;
	return pidfd_create(t, p->tg, flags);
}

SYSCALL(pidfd_send_signal)
{
	int sig = (int)a[1];
	unsigned int flags = (unsigned int)a[3];
	struct file *f = fd_get(t->files, (int)a[0]);
	if (flags)
		return -EINVAL;
	if (!f)
		return -EBADF;
	struct thread_group *tg = pidfd_tg(f);
	pid_t dir_pid = tg ? 0 : procfs_pid_dir_pid(f);
	if (!tg && !dir_pid)
		return -EBADF;
	if (sig < 0 || sig > SBX_NSIG)
		return -EINVAL;
	if (dir_pid) {
		/* An open /proc/<pid> directory stands for the process too. */
		struct task *p = task_lookup(dir_pid);
		if (!p)
			return -ESRCH;
		tg = p->tg;
	}
	if (tg->zombie || tg->live == 0)
		return -ESRCH;
	siginfo_t info;
	memset(&info, 0, sizeof(info));
	if (a[2]) {
		if (copy_from_user(t->mm, &info, a[2], sizeof(info)) < 0)
			return -EFAULT;
		if (info.si_signo != sig)
			return -EINVAL;
		if ((info.si_code >= 0 || info.si_code == SI_TKILL) && tg != t->tg)
			return -EPERM;
	} else {
		info.si_signo = sig;
		info.si_code = SI_USER;
		info.si_pid = t->tg->tgid;
		info.si_uid = t->cred.uid;
	}
	struct task *target = tg->leader;
	/* kill_ok_by_cred: a real or effective uid matching the target's real
	 * or saved one, or CAP_KILL. */
	const struct cred *c = &t->cred, *tc = &target->cred;
	if (c->euid != tc->suid && c->euid != tc->uid && c->uid != tc->suid && c->uid != tc->uid &&
	    !capable(t, CAP_KILL))
		return -EPERM;
	if (sig)
		send_sig_to_group(tg, sig, &info);
	return 0;
}
