/* Creating tasks: one copy_process behind fork, vfork, clone and clone3
 * (kernel/fork.c).  Flags are checked first, in Linux's order and with its
 * errno; then each resource is shared (same object) or copied, one helper
 * per resource, unwinding in reverse on failure. */
#define _GNU_SOURCE
#include "fork.h"

#include <errno.h>
#include <linux/sched.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "../../util/log.h"
#include "../fs/fdtable.h"
#include "../fs/fs_struct.h"
#include "../fuzz/limits.h"
#include "../mm/mm.h"
#include "cputime.h"
#include "pidfd.h"
#include "../trace/trace.h"
#include "sched.h"
#include "sigframe.h"
#include "signal.h"
#include "task.h"

int max_tasks = 4096;

/* Linux's TASK_SIZE_MAX: the limit of user addresses (fs and gs bases). */
#define TASK_SIZE_MAX 0x7ffffffff000UL

#define CLONE_NS_FLAGS                                                                             \
	(CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER |             \
	 CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWTIME)

/* The checks of copy_process and kernel_clone, in their order. */
static int check_flags(struct task *parent, const struct kernel_clone_args *args)
{
	uint64_t f = args->flags;
	if ((f & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS))
		return -EINVAL;
	if ((f & (CLONE_NEWUSER | CLONE_FS)) == (CLONE_NEWUSER | CLONE_FS))
		return -EINVAL;
	/* Thread groups must share signals as well. */
	if ((f & CLONE_THREAD) && !(f & CLONE_SIGHAND))
		return -EINVAL;
	/* Shared signal handlers imply shared VM. */
	if ((f & CLONE_SIGHAND) && !(f & CLONE_VM))
		return -EINVAL;
	/* pid 1 may not create siblings (SIGNAL_UNKILLABLE). */
	if ((f & CLONE_PARENT) && parent->tg->tgid == 1)
		return -EINVAL;
	if ((f & CLONE_THREAD) && (f & (CLONE_NEWUSER | CLONE_NEWPID)))
		return -EINVAL;
	if ((f & CLONE_PIDFD) && (f & CLONE_DETACHED))
		return -EINVAL;
	if ((f & (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND)) == (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND))
		return -EINVAL;
	/* Namespaces: the sandbox grants no CAP_SYS_ADMIN over them, as for an
	 * unprivileged user on a host without user namespaces. */
	if (f & CLONE_NS_FLAGS)
		return -EPERM;
	return 0;
}

/* Is the task limit (--max-tasks) or RLIMIT_NPROC reached? */
static int check_limits(struct task *parent)
{
	int live = task_count() - (init_task ? 1 : 0);
	if (live >= max_tasks) {
		limits_note(LIMIT_TASKS);
		return -EAGAIN;
	}
	uid_t uid = parent->cred.uid;
	if (uid != 0) {
		uint64_t n = 0;
		for_each_task(m)
		{
			if (m->cred.uid == uid)
				n++;
		}
		if (n >= parent->tg->rlim[RLIMIT_NPROC].rlim_cur)
			return -EAGAIN;
	}
	return 0;
}

static int copy_files(struct task *p, struct task *parent, uint64_t flags)
{
	if (flags & CLONE_FILES) {
		files_get(parent->files);
		p->files = parent->files;
		return 0;
	}
	p->files = files_dup(parent->files);
	return p->files ? 0 : -ENOMEM;
}

static int copy_fs(struct task *p, struct task *parent, uint64_t flags)
{
	if (flags & CLONE_FS) {
		fs_get(parent->fs);
		p->fs = parent->fs;
		return 0;
	}
	p->fs = fs_copy(parent->fs);
	return p->fs ? 0 : -ENOMEM;
}

static int copy_sighand(struct task *p, struct task *parent, uint64_t flags)
{
	if (flags & CLONE_SIGHAND) {
		sighand_get(parent->sighand);
		p->sighand = parent->sighand;
		return 0;
	}
	p->sighand = sighand_copy(parent->sighand, flags & CLONE_CLEAR_SIGHAND);
	return p->sighand ? 0 : -ENOMEM;
}

/* The process side: join the parent's thread group, or start a new one. */
static int copy_signal(struct task *p, struct task *parent, uint64_t flags)
{
	if (flags & CLONE_THREAD) {
		p->tg = parent->tg;
		p->tg->refs++;
		return 0;
	}
	struct thread_group *tg = tg_alloc();
	if (!tg)
		return -ENOMEM;
	const struct thread_group *ptg = parent->tg;
	memcpy(tg->rlim, ptg->rlim, sizeof(tg->rlim));
	tg->pgid = ptg->pgid;
	tg->sid = ptg->sid;
	p->tg = tg;
	return 0;
}

static int copy_mm(struct task *p, struct task *parent, uint64_t flags)
{
	if (flags & CLONE_VM) {
		mm_get(parent->mm);
		p->mm = parent->mm;
		return 0;
	}
	p->mm = mm_fork(parent->mm);
	return p->mm ? 0 : -errno;
}

/* The child's registers: the parent's at the syscall, returning 0, on the
 * new stack and TLS when asked.  A TLS base no user address can have is
 * EPERM, as arch_prctl(ARCH_SET_FS) would answer. */
static int copy_thread(struct task *p, struct task *parent, const struct kernel_clone_args *args)
{
	if ((args->flags & CLONE_SETTLS) && args->tls >= TASK_SIZE_MAX)
		return -EPERM;
	p->regs = parent->regs;
	struct user_regs_struct *r = &p->regs.gp;
	r->rax = 0;
	r->orig_rax = (uint64_t)-1;
	if (args->stack)
		r->rsp = args->stack;
	if (args->flags & CLONE_SETTLS)
		r->fs_base = args->tls;
	return 0;
}

/* Copy the parent's FP/vector state to the child's new host thread. */
static int copy_fpu(struct task *p, struct task *parent)
{
	size_t n = platform_xstate_size();
	void *buf = malloc(n);
	if (!buf)
		return -ENOMEM;
	size_t len = n;
	int r = ctx_get_fpregs(parent->ctx, buf, &len);
	if (r == 0)
		r = ctx_set_fpregs(p->ctx, buf, len);
	free(buf);
	return r;
}

static void unwind(struct task *p)
{
	if (p->ctx) {
		if (p->mm && p->mm->users > 1)
			ctx_destroy(p->ctx);
		else
			ctx_abandon(p->ctx);
	}
	mm_put(p->mm);
	sighand_put(p->sighand);
	fs_put(p->fs);
	files_put(p->files);
	if (p->tg)
		tg_put(p->tg);
	task_free(p);
}

struct task *copy_process(struct task *parent, const struct kernel_clone_args *args, int *err)
{
	uint64_t f = args->flags;
	int r = check_flags(parent, args);
	if (r == 0)
		r = check_limits(parent);
	if (r < 0) {
		*err = r;
		return NULL;
	}
	struct task *p = task_alloc();
	if (!p) {
		*err = -ENOMEM;
		return NULL;
	}
	p->cred = parent->cred;
	p->blocked = parent->blocked;
	sigpending_init(&p->pending);
	memcpy(p->comm, parent->comm, sizeof(p->comm));
	/* The alternate signal stack is kept unless the child gets its own
	 * stack in the same memory (a thread). */
	if ((f & (CLONE_VM | CLONE_VFORK)) != CLONE_VM) {
		p->sas_sp = parent->sas_sp;
		p->sas_size = parent->sas_size;
		p->sas_flags = parent->sas_flags;
	} else {
		p->sas_flags = SS_DISABLE; /* sas_ss_reset */
	}
	if ((r = copy_files(p, parent, f)) < 0 || (r = copy_fs(p, parent, f)) < 0 ||
	    (r = copy_sighand(p, parent, f)) < 0 || (r = copy_signal(p, parent, f)) < 0 ||
	    (r = copy_mm(p, parent, f)) < 0)
		goto fail;
	p->ctx = ctx_create(p->mm->as, p);
	if (!p->ctx) {
		r = errno ? -errno : -EAGAIN;
		goto fail;
	}
	if ((r = copy_thread(p, parent, args)) < 0)
		goto fail;
	if (!(f & CLONE_VM) && p->tg->rlim[RLIMIT_CPU].rlim_cur != RLIM_INFINITY)
		rlimit_cpu_apply(p); /* the child's stub counts from 0 */
	task_attrs_fork(p, parent, f);
	if ((r = copy_fpu(p, parent)) < 0)
		goto fail;

	pid_t pid;
	if (args->set_tid) {
		pid = args->set_tid;
		if (task_lookup(pid)) {
			r = -EEXIST;
			goto fail;
		}
	} else {
		pid = pid_alloc();
	}
	if (pid < 0) {
		r = pid;
		goto fail;
	}
	p->tid = pid;
	/* CLONE_PIDFD: the fd goes into the parent's table only; a bad
	 * address undoes the whole clone (EFAULT), as the child is not yet
	 * visible. */
	if (f & CLONE_PIDFD) {
		int fd = pidfd_create(parent, p->tg, 0);
		if (fd < 0) {
			r = fd;
			goto fail;
		}
		if (copy_to_user(parent->mm, args->pidfd, &fd, sizeof(fd)) < 0) {
			fd_close(parent->files, fd);
			r = -EFAULT;
			goto fail;
		}
	}
	if (f & CLONE_CHILD_SETTID)
		p->set_child_tid = args->child_tid;
	if (f & CLONE_CHILD_CLEARTID)
		p->clear_child_tid = args->child_tid;

	struct thread_group *tg = p->tg;
	if (f & CLONE_THREAD) {
		p->exit_signal = -1;
		p->real_parent = parent->tg->leader->real_parent;
	} else {
		tg->tgid = pid;
		tg->leader = p;
		if (f & CLONE_PARENT) {
			p->real_parent = parent->tg->leader->real_parent;
			p->exit_signal = parent->tg->leader->exit_signal;
		} else {
			p->real_parent = parent;
			p->exit_signal = args->exit_signal;
		}
		if (p->real_parent)
			TAILQ_INSERT_TAIL(&p->real_parent->children, p, sibling);
		sigpending_init(&tg->shared_pending);
	}
	TAILQ_INSERT_TAIL(&tg->threads, p, tg_link);
	tg->live++;
	pid_register(p);
	return p;
fail:
	unwind(p);
	*err = r;
	return NULL;
}

/* vfork: the parent waits here until the child execs or exits.  The wait
 * is killable only (wait_for_vfork_done): other signals wait until the
 * parent runs again. */
static long vfork_wait_interrupted(struct task *t)
{
	if (t->vfork_child)
		t->vfork_child->vfork_parent = NULL;
	t->vfork_child = NULL;
	return -EINTR;
}

static long vfork_wait(struct task *t)
{
	if (!t->vfork_child)
		return (pid_t)t->sc.progress; /* released: the child's pid */
	t->sc.interrupt = vfork_wait_interrupted;
	t->sc.killable_only = true;
	task_wait_on(t, &t->vfork_wq);
	return -SBX_BLOCK;
}

void vfork_release(struct task *child)
{
	struct task *parent = child->vfork_parent;
	if (!parent)
		return;
	child->vfork_parent = NULL;
	parent->vfork_child = NULL;
	wake_up(&parent->vfork_wq);
}

long kernel_clone(struct task *parent, const struct kernel_clone_args *args)
{
	/* A re-run of a vfork parent that is waiting for its child. */
	if (parent->sc.progress)
		return vfork_wait(parent);
	uint64_t f = args->flags;
	if ((f & CLONE_PIDFD) && (f & CLONE_PARENT_SETTID) && args->pidfd == args->parent_tid)
		return -EINVAL;
	int err = 0;
	struct task *p = copy_process(parent, args, &err);
	if (!p)
		return err;
	pid_t pid = p->tid;
	if (f & CLONE_PARENT_SETTID)
		copy_to_user(parent->mm, args->parent_tid, &pid, sizeof(pid));
	/* CLONE_CHILD_SETTID: the child writes its tid in its own memory
	 * before it runs (schedule_tail). */
	if (p->set_child_tid)
		copy_to_user(p->mm, p->set_child_tid, &pid, sizeof(pid));
	sbx_dbg("clone: %d -> %d flags %#lx", parent->tid, pid, (unsigned long)f);
	if (trace_enabled)
		trace_clone(parent, p, (unsigned long)f);
	task_wake(p);
	if (f & CLONE_VFORK) {
		p->vfork_parent = parent;
		parent->vfork_child = p;
		parent->sc.progress = (size_t)pid;
		return vfork_wait(parent);
	}
	return pid;
}
