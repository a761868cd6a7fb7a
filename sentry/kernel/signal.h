/* Signals: generation and default actions (kernel/signal.c). */
#ifndef SBX_SIGNAL_H
#define SBX_SIGNAL_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

struct task;

/* Wait-status forms (as wait4 reports them). */
#define WSTATUS_EXITED(code) (((code)&0xff) << 8)
#define WSTATUS_SIGNALED(sig, core) ((sig) | ((core) ? 0x80 : 0))

/* Does @sig's default action dump core (SIGSEGV, SIGABRT...)? */
bool sig_kernel_coredump(int sig);
/* The wait status of @t's process killed by @sig's default action. */
int sig_death_status(struct task *t, int sig);
extern bool core_pattern_is_pipe;

/* A synchronous fault signal for @t (SIGSEGV, SIGBUS...). */
void force_sig_fault(struct task *t, int sig, int code, uint64_t addr);
/* A host signal that hit guest code (SIGFPE, SIGILL, SIGTRAP...). */
void force_sig_from_host(struct task *t, const siginfo_t *info);
/* Before resuming @t: act on what is pending for it.  True when @t must
 * not be resumed (it exited or was stopped). */
bool signal_pending_work(struct task *t);

#endif
