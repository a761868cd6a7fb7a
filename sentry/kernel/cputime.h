/* CPU-time clocks of guest threads and processes (kernel/time/
 * posix-cpu-timers.c): which task a CPU clock id names and the clock's
 * value, from the host's accounting of the stub's threads (they run
 * nothing but guest code). */
#ifndef SBX_CPUTIME_H
#define SBX_CPUTIME_H

#include <stdbool.h>
#include <signal.h>
#include <stdint.h>
#include <time.h>

struct task;

/* Is @clk a CPU clock (CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID,
 * or a negative id that is not a CLOCKFD one)? */
bool is_cpu_clock(clockid_t clk);

/* The task whose CPU clock @clk is, for @t asking (lookup_task): a thread
 * of @t's process, or a process by its tgid (by any of its tids when
 * @gettime, as clock_gettime allows).  0 with *target and *thread set, or
 * -EINVAL (no such task, a thread of another process, CPUCLOCK_MAX). */
int cpu_clock_target(struct task *t, clockid_t clk, bool gettime, struct task **target,
		     bool *thread);

/* The CPU time of @target's thread (@thread) or of its whole process, in
 * ns: the process's counts what execve replaced too.  0, or -ESRCH when no
 * thread is left to ask the host about.  Under --deterministic, the time
 * since the sandbox started. */
int cpu_clock_sample(struct task *target, bool thread, uint64_t *ns);

/* Read the CPU clock @clk for @t: 0 or -EINVAL. */
int cpu_clock_read(struct task *t, clockid_t clk, uint64_t *ns);

/* execve is replacing @t's stub: keep what it counted (the process CPU
 * clock and @t's own time for getrusage) before it goes. */
void cputime_exec(struct task *t);

/* RLIMIT_CPU, counted by the host: give @t's stub the soft limit of @t's
 * process, less the CPU time of the stubs execve replaced (at least a
 * second), with no hard limit; after setrlimit, execve and fork.  The
 * guest's hard limit is the sentry's to apply (rlimit_cpu_fired). */
void rlimit_cpu_apply(struct task *t);

/* The host's SIGXCPU from @t's stub: SIGKILL at the guest's hard limit,
 * else SIGXCPU, and the soft limit one second further on, as Linux's
 * check_process_timers does (kernel/time/posix-cpu-timers.c). */
void rlimit_cpu_fired(struct task *t, const siginfo_t *info);

#endif
