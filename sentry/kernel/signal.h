/* Signals (kernel/signal.c, arch/x86/kernel/signal.c): dispositions
 * (sighand, shared with CLONE_SIGHAND), masks and pending sets per task and
 * per process, generation, and default actions. */
#ifndef SBX_SIGNAL_H
#define SBX_SIGNAL_H

#include <bsd/sys/queue.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

struct task;
struct thread_group;

#define SBX_NSIG 64 /* signals 1..64 */

/* Wait-status forms (as wait4 reports them). */
#define WSTATUS_EXITED(code)        (((code)&0xff) << 8)
#define WSTATUS_SIGNALED(sig, core) ((sig) | ((core) ? 0x80 : 0))
#define WSTATUS_STOPPED(sig)        (((sig) << 8) | 0x7f)
#define WSTATUS_CONTINUED           0xffff

/* A signal set as the kernel keeps it: bit (sig - 1). */
typedef uint64_t sigset64_t;
#define SIGBIT(sig) (1ULL << ((sig)-1))
#define SIG_UNBLOCKABLE (SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))

/* struct sigaction as rt_sigaction(2) passes it on x86-64. */
struct k_sigaction {
	uint64_t handler; /* SIG_DFL (0), SIG_IGN (1) or an address */
	uint64_t flags;
	uint64_t restorer;
	sigset64_t mask;
};

struct sighand {
	int refs;
	struct k_sigaction action[SBX_NSIG];
};

/* One queued signal with its siginfo, counted against its target's user
 * (RLIMIT_SIGPENDING). */
struct sigqueue {
	TAILQ_ENTRY(sigqueue) link;
	siginfo_t info;
	uid_t user;
};

struct sigpending {
	sigset64_t set;
	TAILQ_HEAD(, sigqueue) list;
};

struct sighand *sighand_new(void);
/* A copy for clone without CLONE_SIGHAND; with @clear, caught signals
 * go back to SIG_DFL (CLONE_CLEAR_SIGHAND, exec). */
struct sighand *sighand_copy(const struct sighand *sh, bool clear);
void sighand_get(struct sighand *sh);
void sighand_put(struct sighand *sh);
/* exec: caught signals back to SIG_DFL, ignored ones stay ignored. */
void sighand_reset_caught(struct sighand *sh);

/* A queue entry for a signal to @t, counted against the real uid of @t
 * (ucounts in Linux: every process of the user together).  NULL when the
 * count would pass @t's RLIMIT_SIGPENDING (unless @override_rlimit) or
 * memory is short (__sigqueue_alloc). */
struct sigqueue *sigqueue_alloc(struct task *t, bool override_rlimit);
void sigqueue_free(struct sigqueue *q);
/* Signals queued for the sandbox's user @uid (SigQ in /proc/PID/status). */
unsigned sigqueue_user_count(uid_t uid);

void sigpending_init(struct sigpending *p);
void sigpending_flush(struct sigpending *p);
/* Drop the signals of @mask from @p, queued siginfo included. */
void sigpending_remove(struct sigpending *p, sigset64_t mask);
/* Take the next signal not in @blocked: @t's own first, then its
 * process's; 0 if none. */
int dequeue_signal(struct task *t, sigset64_t blocked, siginfo_t *info);

/* Does @sig's default action dump core (SIGSEGV, SIGABRT...)? */
bool sig_kernel_coredump(int sig);
/* Is @sig ignored by default (SIGCHLD, SIGURG, SIGWINCH, SIGCONT)? */
bool sig_default_ignore(int sig);
/* The wait status of @t's process killed by @sig's default action. */
int sig_death_status(struct task *t, int sig);
extern bool core_pattern_is_pipe;

/* Is @sig ignored by @t's process (SIG_IGN, or SIG_DFL with an ignoring
 * default)? */
bool sig_ignored(struct task *t, int sig);

/* Send @sig to one thread (tkill) or to a process (kill): queue it, or act
 * on it at once when it is fatal.  @info may be NULL (SI_KERNEL). */
void send_sig_to_task(struct task *t, int sig, const siginfo_t *info);
void send_sig_to_group(struct thread_group *tg, int sig, const siginfo_t *info);
/* The same for rt_sigqueueinfo and friends: 0, or -EAGAIN when a real-time
 * signal with a siginfo of its own finds no queue room (RLIMIT_SIGPENDING;
 * __send_signal_locked).  @override_rlimit: the sender has its queue entry
 * already (a POSIX timer's preallocated one). */
int send_sig_info_checked(struct task *t, int sig, const siginfo_t *info, bool group,
			  bool override_rlimit);
/* send_sig(sig, current, 0): SI_USER from @t itself (SIGPIPE, SIGXFSZ). */
void send_sig_noinfo(struct task *t, int sig);

/* A signal from the sandbox's kernel itself (SIGCHLD, SIGPIPE, the
 * parent-death signal): not subject to pid 1's protection. */
void send_sig_kernel(struct task *t, int sig, const siginfo_t *info, bool group);
/* Wake @t so that it notices pending signals. */
void signal_wake_up(struct task *t);
/* Kill every thread of @tg (status @status), each at its next return to
 * the guest. */
void group_kill(struct thread_group *tg, int status);
/* Tell @tg's parent that it stopped or continued (CLD_STOPPED /
 * CLD_CONTINUED): SIGCHLD unless SA_NOCLDSTOP, and wake its waiters. */
void notify_parent_jobctl(struct thread_group *tg, int why);

/* Complete @tg's group stop when every live thread has stopped: mark it
 * for WUNTRACED and tell the parent (kernel/signal.c, do_signal_stop). */
void group_stop_check(struct thread_group *tg);
/* Would process group @pgid be orphaned without @ignored (may be NULL):
 * no member has its parent in another group of the same session (exit.c;
 * stop signals, and SIGHUP/SIGCONT when a group becomes orphaned)? */
bool will_become_orphaned_pgrp(pid_t pgid, const struct thread_group *ignored);

/* A synchronous fault signal for @t (SIGSEGV, SIGBUS...); the trap
 * number, error code and cr2 for the frame are the caller's to set. */
void force_sig_fault(struct task *t, int sig, int code, uint64_t addr);
/* A host SIGSEGV/SIGBUS of @t's guest code (@info as the host gave it):
 * resolve it in the guest's memory map, or turn it into the guest's
 * SIGSEGV/SIGBUS with Linux's si_code, address, trap number, error code
 * and cr2 (signal_fault.c). */
void do_user_addr_fault(struct task *t, const siginfo_t *info);
/* A host signal that hit guest code (SIGFPE, SIGILL, SIGTRAP...). */
void force_sig_from_host(struct task *t, const siginfo_t *info);
/* Before resuming @t: act on what is pending for it.  True when @t must
 * not be resumed (it exited or was stopped). */
bool signal_pending_work(struct task *t);

#endif
