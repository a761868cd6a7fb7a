/* Syscall and event tracing (sbx run --trace): the hooks the kernel calls.
 * Each is a no-op unless tracing is on; the output is strace's format
 * (or one JSON object per event), plus lines strace cannot show: what a
 * new task shares, vfork suspensions, exec images, page-cache mappings,
 * copy-on-write breaks and signal frames. */
#ifndef SBX_TRACE_H
#define SBX_TRACE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "trace_config.h"

struct task;

extern bool trace_enabled;

/* Start tracing as @c says; 0, or -1 after a `sbx:` message saying what is
 * wrong with the options.  @program and @argv are what `sbx run` starts
 * (shown as its first execve line). */
int trace_setup(const struct trace_config *c, const char *program);
/* The program has exited: print the -c table, flush and close. */
void trace_finish(void);

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
