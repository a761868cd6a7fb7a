/* The x86-64 rt_sigframe (arch/x86/kernel/signal_64.c): building it for a
 * handler and taking it back at rt_sigreturn. */
#ifndef SBX_SIGFRAME_H
#define SBX_SIGFRAME_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

struct task;
struct k_sigaction;

/* Push a frame for @sig on @t's stack (or alternate stack), point the
 * registers at the handler, apply the handler's mask.  Also turns an
 * interrupted syscall's restart code into EINTR or a restart, as Linux's
 * handle_signal does.  0 or -EFAULT (the frame could not be written). */
int sigframe_setup(struct task *t, int sig, const siginfo_t *info, struct k_sigaction *ka);
/* rt_sigreturn: restore registers, FP state, mask and alternate stack from
 * the frame at rsp - 8.  0, or -EFAULT for a bad frame (the caller then
 * forces SIGSEGV). */
int sigframe_return(struct task *t);
/* sas_ss_flags(): SS_DISABLE, SS_ONSTACK or 0 for stack pointer @sp. */
int sas_ss_flags(const struct task *t, uint64_t sp);
/* Is @sp on @t's alternate stack (never, with SS_AUTODISARM)? */
bool on_sig_stack(const struct task *t, uint64_t sp);
/* Disable the alternate stack (a new thread, SS_AUTODISARM at delivery). */
void sas_ss_reset(struct task *t);
/* Set the alternate stack from @ss as sigaltstack(2) does, @sp being the
 * caller's stack pointer (kernel/signal.c do_sigaltstack): 0, -EPERM while
 * on it, -EINVAL for a bad mode, -ENOMEM below MINSIGSTKSZ. */
int do_sigaltstack(struct task *t, const stack_t *ss, uint64_t sp);
/* Give the task's host thread the FP state a fresh handler or program
 * starts with (fpu__clear_user_states). */
int fpu_reset(struct task *t);

#endif
