/* Tasks and thread groups (include/linux/sched.h, kernel/fork.c,
 * kernel/exit.c, in sbx's terms).
 *
 * A task is one guest thread: sandbox tid, registers, the resources it
 * shares or owns (mm, files, fs, ...), and its platform context (one host
 * thread).  A thread group is a process: tgid, its threads, process-wide
 * state (rlimits, process group and session, exit status).  Resources are
 * reference-counted objects; CLONE_* flags decide whether a new task shares
 * one (same object) or gets a copy.
 */
#ifndef SBX_TASK_H
#define SBX_TASK_H

#include <bsd/sys/queue.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <uthash.h>

#include "../../platform/platform.h"
#include "signal.h"
#include "timer.h"
#include "wait.h"

struct mm;
struct files_struct;
struct fs_struct;
struct thread_group;

/* Special results of syscall handlers, outside the -errno range. */
#define SBX_BLOCK    10001 /* -SBX_BLOCK: the task waits; run the handler again when woken */
#define SBX_NORESUME 10002 /* -SBX_NORESUME: do not resume the task (it exited) */
#define SBX_REGS     10003 /* -SBX_REGS: t->regs was set in full; resume as is */

/* Kernel-internal restart codes (include/linux/errno.h). */
#define ERESTARTSYS           512
#define ERESTARTNOINTR        513
#define ERESTARTNOHAND        514
#define ERESTART_RESTARTBLOCK 516

enum task_state {
	TASK_NEW,      /* created, not yet run */
	TASK_GUEST,    /* running guest code */
	TASK_SENTRY,   /* stopped in the sentry (handling an event) */
	TASK_BLOCKED,  /* waiting in a syscall */
	TASK_RUNNABLE, /* on the run queue */
	TASK_STOPPED,  /* stopped by a group stop (SIGSTOP...) until SIGCONT */
	TASK_DEAD,     /* exited; a thread group leader stays until reaped */
};

/* The syscall a task is in, kept across blocking and re-runs. */
struct syscall_frame {
	/* Set by a handler that keeps private wait state (a futex queue, a
	 * vfork child...): called when a signal interrupts the wait, returning
	 * the syscall's result (-EINTR, -ERESTARTSYS...), and when the task
	 * dies in it.  Unset, an interrupted wait gives -ERESTARTSYS. */
	long (*interrupt)(struct task *t);
	bool killable_only; /* only a fatal signal interrupts the wait */
	long nr;
	uint64_t args[6];
	uint64_t started_ns; /* first run: CLOCK_MONOTONIC, for tracing and timeouts */
	uint64_t deadline_ns; /* absolute CLOCK_MONOTONIC deadline, 0: none */
	bool timed_out;       /* set when woken by its deadline */
	size_t progress;      /* bytes done so far, for partially completed I/O */
	bool traced;          /* its entry was traced already */
	bool no_deadline;     /* poll, select: wait forever */
	bool mask_set;        /* ppoll, pselect6: the temporary mask is on */
	bool seccomp_done;    /* the guest's seccomp filters ran for this entry */
	bool tty_checked;     /* a terminal's job control let this read or write go */
};

/* Supplementary groups a task may hold (Linux allows NGROUPS_MAX, 65536;
 * setgroups beyond this gets EINVAL in the sandbox). */
#define SBX_NGROUPS_MAX 128

struct seccomp_filter;
struct posix_timer;

/* task.prctl_flags: PF_MCE_PROCESS, PF_MCE_EARLY and the PR_SET_IO_FLUSHER
 * flags of Linux's task flags. */
#define TASK_MCE_PROCESS 0x1
#define TASK_MCE_EARLY   0x2
#define TASK_IO_FLUSHER  0x4

struct task {
	pid_t tid;
	struct thread_group *tg;
	struct mm *mm;
	struct files_struct *files;
	struct fs_struct *fs;
	struct ctx *ctx;
	struct regs regs;
	enum task_state state;
	struct syscall_frame sc;
	bool in_syscall;

	/* Process tree: the task that forked us, and our children (thread
	 * group leaders), as in Linux's real_parent / children / sibling. */
	struct task *real_parent;
	TAILQ_HEAD(, task) children;
	TAILQ_ENTRY(task) sibling;

	TAILQ_ENTRY(task) tg_link;  /* in tg->threads */
	TAILQ_ENTRY(task) run_link; /* on the run queue */

	/* Waiting: entries on waitqueues, and an optional deadline. */
	struct wait_entry *waits; /* this task's entries, linked by next */
	struct timer timeout;

	/* Signals. */
	struct sighand *sighand;
	sigset64_t blocked;
	sigset64_t real_blocked; /* rt_sigtimedwait: the mask before it */
	sigset64_t saved_sigmask; /* restored after a handler (sigsuspend, ppoll) */
	bool restore_sigmask;
	struct sigpending pending;
	uint64_t sas_sp, sas_size; /* sigaltstack */
	int sas_flags;             /* as sigaltstack last set them (sas_ss_flags) */
	bool jobctl_stopped;       /* stopped by a group stop */
	struct {
		uint64_t trapno, err, cr2; /* for the sigcontext of a fault */
	} fault;
	/* restart_syscall(2) state, after -ERESTART_RESTARTBLOCK. */
	struct restart_block {
		long (*fn)(struct task *t);
		uint64_t deadline_ns; /* CLOCK_MONOTONIC */
		union {
			struct {
				uint64_t rmtp; /* where to write the remaining time */
				int clockid;
				bool type_abs; /* a CPU-clock sleep to an absolute time */
			} nanosleep;
			struct {
				uint64_t uaddr;
				uint32_t val, bitset;
				bool private;
			} futex;
			struct {
				uint64_t ufds;
				unsigned nfds;
				bool forever;
			} poll;
		};
	} restart;
	struct futex_q *futex_q; /* while in a futex wait */
	struct futexv *futex_qv; /* while in a futex_waitv */
	struct file *pending_open; /* a FIFO end waiting for its partner in open */

	/* vfork: the parent waits until the child execs or exits. */
	struct task *vfork_parent; /* in the child, until released */
	struct task *vfork_child;  /* in the parent, until released */
	struct waitqueue vfork_wq;
	int pdeath_signal;
	uint64_t set_child_tid;
	bool no_new_privs;
	uint64_t timer_slack_ns;

	uint64_t clear_child_tid;
	uint64_t robust_list, robust_len;
	int exit_signal;  /* sent to the parent when this group leader dies */
	struct cred {
		uid_t uid, euid, suid, fsuid;
		gid_t gid, egid, sgid, fsgid;
		int ngroups;
		gid_t groups[SBX_NGROUPS_MAX]; /* sorted, as setgroups leaves them */
		/* Capability sets (include/linux/cred.h), bit n = capability n;
		 * checked by capable() (kernel/cred.h). */
		uint64_t cap_inheritable, cap_permitted, cap_effective, cap_bset, cap_ambient;
		unsigned securebits; /* SECBIT_* (PR_SET_SECUREBITS, PR_SET_KEEPCAPS) */
	} cred;
	/* Scheduling attributes, per thread as in Linux (sys_sched.c): recorded
	 * and reported; nice is also applied to the host thread. */
	struct sched_attrs {
		int policy;      /* SCHED_OTHER, SCHED_FIFO... */
		int rt_priority; /* 1..99 for SCHED_FIFO and SCHED_RR, else 0 */
		int nice;        /* -20..19 */
		bool reset_on_fork;
		int ioprio;              /* ioprio_set's value; 0: none set */
		bool cpus_set;           /* sched_setaffinity was called */
		unsigned long cpus[16];  /* the affinity mask, when cpus_set */
		int mempolicy;           /* MPOL_DEFAULT... (set_mempolicy) */
		unsigned mempolicy_flags; /* MPOL_F_STATIC_NODES... */
		unsigned long mempolicy_nodes;
	} sched;
	unsigned int personality; /* personality(2) */
	unsigned prctl_flags;     /* TASK_MCE_*, TASK_IO_FLUSHER (prctl) */
	int seccomp_mode;         /* SECCOMP_MODE_DISABLED, _STRICT, _FILTER */
	struct seccomp_filter *seccomp; /* newest filter, referenced (kernel/seccomp.c) */
	int exit_status;  /* wait status (as wait4 reports it) once dead */
	char comm[16];

	UT_hash_handle hh; /* pid table */
};

struct thread_group {
	int refs;
	pid_t tgid;
	struct task *leader;
	TAILQ_HEAD(, task) threads;
	int live; /* threads not yet dead */
	pid_t pgid, sid;
	bool exiting;    /* exit_group or a fatal signal is in progress */
	int exit_status; /* wait status of the group */
	bool zombie;     /* every thread dead, leader not yet reaped */
	bool child_subreaper; /* PR_SET_CHILD_SUBREAPER */
	bool did_exec;        /* since fork (setpgid's EACCES) */
	int dumpable;         /* PR_SET_DUMPABLE */
	struct rlimit rlim[RLIM_NLIMITS];
	struct waitqueue child_exit; /* wait4 sleepers of this process */
	struct waitqueue pidfd_wq;   /* pidfd pollers: woken when it exits */
	struct sigpending shared_pending;
	/* Job control (group stop / continue) as the parent's wait sees it. */
	bool stopped;
	int stop_sig;
	bool stop_complete;   /* every thread has stopped; the parent was told */
	bool stop_notify;     /* stopped, not yet reported to WUNTRACED */
	bool continue_notify; /* continued, not yet reported to WCONTINUED */
	/* Interval timers: ITIMER_REAL here, the CPU ones in the stub. */
	struct timer it_real;
	uint64_t it_real_interval_ns;
	struct itimerval it_cpu[2]; /* ITIMER_VIRTUAL, ITIMER_PROF as last set */
	/* CPU time, nanoseconds: of exited threads, and of reaped children. */
	uint64_t utime_ns, stime_ns, cutime_ns, cstime_ns;
	/* Peak resident pages (signal_struct's maxrss and cmaxrss): of the
	 * address spaces the process left by exec or exit, and of its reaped
	 * children at their most. */
	uint64_t maxrss, cmaxrss;
	uint64_t cpu_exec_ns; /* the process CPU clock of the stubs execve replaced */
	/* Per address space state that Linux keeps in the mm (membarrier
	 * registrations, mlockall's MCL_FUTURE): valid while the process
	 * still has the mm it was set for (exec gives a new one). */
	const struct mm *mm_state_owner;
	unsigned membarrier_state; /* MEMBARRIER_CMD_REGISTER_* bits */
	int mlockall_flags;        /* MCL_FUTURE | MCL_ONFAULT */
	bool thp_disable;          /* PR_SET_THP_DISABLE */
	/* POSIX timers (timer_create), kernel/posix_timers.c. */
	struct posix_timer *posix_timers;
	int next_timer_id;
	/* SysV SEM_UNDO adjustments (sentry/ipc/sem.c): the process's threads
	 * share them, as CLONE_SYSVSEM makes threads do; applied at exit. */
	struct sem_undo_list *sysvsem;
};

extern pid_t pid_max;
/* The CPUs sbx was started with, as a cpu_set_t's bits (sched_getaffinity). */
extern unsigned long sbx_host_cpus[16];
struct thread_group *tg_alloc(void);
void tg_put(struct thread_group *tg);

/* The pid table (pid.c). */
struct task *task_lookup(pid_t tid);
/* The first task of the table, for for_each_task. */
struct task *task_table(void);
#define for_each_task(t) for (struct task *t = task_table(); t; t = (struct task *)t->hh.next)
pid_t pid_alloc(void);
void pid_register(struct task *t);
void pid_unregister(struct task *t);
int task_count(void);

/* The task whose syscall or event the sentry is handling (Linux's
 * `current`), for the few places that depend on who asks (/proc/self). */
extern struct task *current;

/* The virtual init (pid 1), or NULL with --as-pid-1. */
extern struct task *init_task;

/* Is @gid the task's fsgid or one of its supplementary groups? */
bool task_in_group(struct task *t, gid_t gid);

/* Task creation (task.c) */
struct task *task_alloc(void);
void task_free(struct task *t);

/* The attributes kept by prctl, personality, seccomp, the scheduling
 * syscalls and timer_create (kernel/task_attrs.c): what copy_process
 * passes on, what execve resets (past its point of no return), and what
 * task_free and the last tg_put release. */
void task_attrs_fork(struct task *p, struct task *parent, uint64_t clone_flags);
void task_attrs_exec(struct task *t);
void task_attrs_free(struct task *t);
void tg_attrs_free(struct thread_group *tg);

/* Scheduling (sched.c) */
/* Put @t on the run queue to (re)run its syscall or resume it. */
void task_wake(struct task *t);
/* Continue a task stopped by a group stop. */
void task_continue(struct task *t);
/* Resume @t's guest code with its current registers (with
 * --deterministic, when its turn comes: det.h). */
void task_resume(struct task *t);
/* Resume it now, whatever the mode. */
void task_resume_now(struct task *t);
/* Run the event loop until the root program's process has exited. */
void sched_loop(void);
/* Run it until @done says so (checked between events and handlers). */
void sched_run_until(bool (*done)(void));
/* The root process (the program sbx run started). */
extern struct thread_group *root_tg;
/* Monotonic clock, nanoseconds. */
uint64_t now_ns(void);

/* Blocking helpers (sched.c): wait on @wq (may be called more than once
 * for several queues), with an optional absolute deadline. */
void task_wait_on(struct task *t, struct waitqueue *wq);
void task_set_deadline(struct task *t, uint64_t deadline_ns);

/* CPU time of @t's host thread so far, ns: 0 or -ESRCH. */
int task_cpu_times(struct task *t, uint64_t *ut_ns, uint64_t *st_ns);
/* When the sandbox started (CLOCK_MONOTONIC, ns): uptime, times(). */
extern uint64_t sbx_start_ns;

/* Exit (exit.c) */
/* Thread exit (exit(2)): @status is the wait-status form. */
void do_exit(struct task *t, int status);
/* Process exit (exit_group(2), fatal signals). */
void do_group_exit(struct task *t, int status);
/* Tell the parent of @tg's leader that the process has died. */
void notify_parent(struct thread_group *tg);
/* Free a dead task (reaping a zombie leader, or a finished thread). */
void release_task(struct task *t);

/* Syscall dispatch (syscalls/table.c) */
void do_syscall(struct task *t);
/* Is an unblocked signal pending for @t? */
bool signal_pending(struct task *t);

#endif
