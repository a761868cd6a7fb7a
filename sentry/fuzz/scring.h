/* The last syscalls of the sandbox, for crash reports: a ring of 64
 * entries shared by every task (the order in which the sentry took them),
 * kept only when a crash report was asked for.  Apart from the tracer
 * (sentry/trace): a few stores per syscall, no formatting. */
#ifndef SBX_SCRING_H
#define SBX_SCRING_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct task;

#define SCRING_SIZE 64

struct scring_entry {
	pid_t tid;
	long nr;
	uint64_t args[6];
	long ret;  /* the result the guest got (-errno), when done */
	bool done; /* false: still running (blocked, or the task died in it) */
};

extern bool scring_enabled;

/* @t entered the syscall in t->sc (first run only, not re-runs). */
void scring_enter(struct task *t);
/* @t's syscall finished with @ret (the value the guest gets). */
void scring_exit(struct task *t, long ret);
/* Copy the entries, oldest first, to @out (room for SCRING_SIZE); returns
 * how many. */
int scring_read(struct scring_entry *out);
/* Forget everything (a fork server's new test case). */
void scring_clear(void);

#endif
