/* The tracing hooks, off by default.  (The strace-format output lives in
 * the files next to this one once tracing is implemented.) */
#include "trace.h"

bool trace_enabled;

void trace_syscall_enter(struct task *t)
{
	(void)t;
}

void trace_syscall_exit(struct task *t, long ret)
{
	(void)t;
	(void)ret;
}

void trace_syscall_block(struct task *t)
{
	(void)t;
}

void trace_signal(struct task *t, const siginfo_t *info)
{
	(void)t;
	(void)info;
}

void trace_exit(struct task *t, int status)
{
	(void)t;
	(void)status;
}

void trace_clone(struct task *parent, struct task *child, unsigned long flags)
{
	(void)parent;
	(void)child;
	(void)flags;
}
