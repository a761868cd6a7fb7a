/* Syscall and event tracing (sbx run --trace): the hooks the kernel calls.
 * Each is a no-op unless tracing is on; the output is strace's format. */
#ifndef SBX_TRACE_H
#define SBX_TRACE_H

#include <signal.h>
#include <stdbool.h>

struct task;

extern bool trace_enabled;

/* A syscall is about to run for the first time (not on re-runs after a
 * wait); @t->sc holds its number and arguments. */
void trace_syscall_enter(struct task *t);
/* It finished with @ret (the value the guest gets, or a -SBX_* code). */
void trace_syscall_exit(struct task *t, long ret);
/* A task blocked in its syscall (strace's "<unfinished ...>"). */
void trace_syscall_block(struct task *t);
/* A signal is delivered to @t (a handler runs, or its default action). */
void trace_signal(struct task *t, const siginfo_t *info);
/* A process exited or was killed: the wait status. */
void trace_exit(struct task *t, int status);
/* A new task was made by clone/fork/vfork: @child, sharing per @flags. */
void trace_clone(struct task *parent, struct task *child, unsigned long flags);

#endif
