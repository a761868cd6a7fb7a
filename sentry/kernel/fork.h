/* Task creation (kernel/fork.c). */
#ifndef SBX_FORK_H
#define SBX_FORK_H

#include <stdint.h>
#include <sys/types.h>

struct task;

/* What clone, clone3, fork and vfork ask for (kernel_clone_args). */
struct kernel_clone_args {
	uint64_t flags; /* CLONE_*, without the exit signal */
	int exit_signal;
	uint64_t pidfd;      /* where CLONE_PIDFD stores the fd */
	uint64_t child_tid;  /* CLONE_CHILD_SETTID / CLONE_CHILD_CLEARTID */
	uint64_t parent_tid; /* CLONE_PARENT_SETTID */
	uint64_t stack;      /* the new stack pointer, 0: the parent's */
	uint64_t tls;        /* CLONE_SETTLS */
	pid_t set_tid;       /* clone3 set_tid[0], 0: any */
};

/* The limit on live tasks (sbx run --max-tasks). */
extern int max_tasks;

/* Make a new task from @parent; NULL with *err = -errno (EINVAL for a bad
 * flag combination, EPERM for namespaces, EAGAIN past the task limit...).
 * The task is registered but not yet runnable. */
struct task *copy_process(struct task *parent, const struct kernel_clone_args *args, int *err);
/* The whole of clone: copy_process, the tid writes, CLONE_PIDFD, start the
 * child, and for CLONE_VFORK wait for it.  Returns the child's pid, -errno
 * or -SBX_BLOCK (a vfork parent waiting; run again to finish). */
long kernel_clone(struct task *parent, const struct kernel_clone_args *args);
/* @t leaves its address space (exit, or exec: exit_mm_release and
 * exec_mm_release): its robust futex list is walked, then
 * CLONE_CHILD_CLEARTID writes 0 and wakes one waiter when others still use
 * the memory. */
void mm_release(struct task *t);
/* A vfork child execs or exits: its parent may go on. */
void vfork_release(struct task *child);

#endif
