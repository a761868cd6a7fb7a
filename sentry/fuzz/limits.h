/* The sandbox's limits (sbx run --memory, --cpu-time, --timeout,
 * --max-output, --max-file-size, --max-fds, --max-tasks) and what the run
 * used (peak memory, CPU and wall time, syscalls), for --report.
 *
 * Limits hold for the whole sandbox, not per process: CPU time is the sum
 * over every host thread that ran guest code, memory is the memory file's
 * pages in use (anonymous memory, page cache, tmpfs files).  The wall-clock
 * checks use the host's CLOCK_MONOTONIC through their own timerfds, never
 * the guest's clock (which --deterministic makes virtual). */
#ifndef SBX_LIMITS_H
#define SBX_LIMITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fuzz_config.h"

struct thread_group;

enum limit_kind {
	LIMIT_MEMORY,    /* a fault found the memory file full: all killed */
	LIMIT_CPU,       /* SIGXCPU sent; SIGKILL one CPU-second later */
	LIMIT_TIMEOUT,   /* wall clock: all killed, sbx exits 124 */
	LIMIT_OUTPUT,    /* output to the host's stdout/stderr dropped */
	LIMIT_FILE_SIZE, /* a write or truncate past RLIMIT_FSIZE (SIGXFSZ, EFBIG) */
	LIMIT_FDS,       /* an fd past RLIMIT_NOFILE (EMFILE) */
	LIMIT_TASKS,     /* a clone past --max-tasks (EAGAIN) */
	LIMIT_NR,
};

/* Syscalls the guest made (entries, not re-runs after a wait). */
extern uint64_t sbx_syscall_count;

/* Start enforcing @c: the memory cap, and timerfds in the event loop for
 * CPU time and the timeout.  Call after sched_init.  0 or -errno. */
int limits_init(const struct fuzz_config *c);
/* The rlimits the options set (RLIMIT_FSIZE, RLIMIT_NOFILE, RLIMIT_CPU for
 * show) on the program's process @tg, which its children inherit. */
void limits_set_rlimits(struct thread_group *tg);
/* Stop the timers (the program has exited). */
void limits_finish(void);

/* A fault of the guest could not be backed because the memory file is at
 * its cap: note it and kill every task (one `sbx: memory limit` line).
 * True if that happened (a --memory limit is set), false otherwise (the
 * caller then gives the guest SIGBUS). */
bool limits_oom(void);
/* How many of @n bytes for the host's stdout or stderr may go out; past
 * --max-output the rest is dropped (one `sbx:` note). */
size_t limits_output(size_t n);
/* Record that @k fired (for --report), once per kind is enough. */
void limits_note(enum limit_kind k);
/* Did @k fire? */
bool limits_fired(enum limit_kind k);
/* The limit that killed every task, else the first limit that fired
 * (mmap refused under --memory, output dropped...); -1 if none. */
int limits_verdict(void);
/* The limit that killed every task (memory, CPU, timeout), or -1. */
int limits_killer(void);
/* Its name as --report and messages give it ("memory", "cpu-time",
 * "timeout", "output", "file-size", "fds", "tasks"). */
const char *limit_name(enum limit_kind k);

/* CPU time of guest code so far over every task, ns (stubs alive and
 * reaped). */
uint64_t limits_cpu_ns(void);
/* Wall-clock time since limits_init, ns. */
uint64_t limits_wall_ns(void);

#endif
