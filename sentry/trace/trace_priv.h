/* Internals of the tracer shared by its files. */
#ifndef SBX_TRACE_PRIV_H
#define SBX_TRACE_PRIV_H

#include <stdbool.h>
#include <stdint.h>
#include <signal.h>
#include <sys/types.h>
#include <uthash.h>

#include "../../abi/decode.h"
#include "../../abi/sbuf.h"
#include "trace.h"

struct task;
struct mm;

/* What the tracer keeps of a task. */
struct ttask {
	pid_t tid, tgid;
	bool shown;  /* selected by --trace-pid */
	bool zombie; /* a leader that called exit(2): reported with its group */
	/* The syscall in progress. */
	bool in_sc;
	bool hidden;  /* not selected by --trace=EXPR */
	bool more;    /* the decoder prints more at exit */
	bool cut;     /* its line was cut with <unfinished ...> */
	bool blocked; /* it waited */
	bool doomed;  /* its process was dying when it started */
	long nr;
	struct dec d;
	struct sbuf args; /* the arguments' text */
	size_t written;	  /* how much of it is out already */
	uint64_t t0;	  /* entry (CLOCK_MONOTONIC ns) */
	uint64_t sentry_ns;
	uint64_t sp;	   /* the stack pointer at entry */
	struct sbuf after; /* lines to print after this syscall's own */
	/* A SIGCHLD the sentry discards (ignored by default) that strace,
	 * whose tracee keeps it queued, would show on its way back to the
	 * guest: its siginfo, printed after the current syscall. */
	siginfo_t ignored_sig;
	bool has_ignored_sig;
	pid_t vfork_parent;	  /* in a vfork child until it execs or exits */
	const char *restart_name; /* the call ERESTART_RESTARTBLOCK interrupted */
	struct mm *mm;		  /* the address space last seen */
	UT_hash_handle hh;
};

/* Event classes of --trace-events. */
enum {
	TEV_COW = 1 << 0,
	TEV_MM = 1 << 1,
	TEV_SIGNAL = 1 << 2,
	TEV_EXEC = 1 << 3,
};

extern struct trace_config trace_cfg;
extern unsigned trace_events;
extern struct sbuf trace_out; /* what is not yet written */

/* Output (trace.c). */
/* Start a line of @tt's (its `[pid N] ` prefix), cutting an open one. */
void trace_begin_line(struct ttask *tt);
/* Add text to the current line (keeps the column count). */
void trace_put(const char *s);
/* Write out what is pending. */
void trace_flush(void);
/* The task's tracer state, made on first sight. */
struct ttask *trace_task(struct task *t);
struct ttask *trace_task_find(pid_t tid);
/* The monotonic clock, ns. */
uint64_t trace_now(void);
/* The first execve line, before anything else of the program's. */
void trace_first_exec(struct task *t, struct ttask *tt);

/* Signal lines (trace_signal.c). */
/* The SIGCHLD strace would show now for @tt, if one is kept. */
void trace_ignored_signal_line(struct ttask *tt);
/* Keep the SIGCHLD the sentry drops for @leader's parent (see ttask). */
void trace_note_ignored_sigchld(struct task *leader, int status);

/* JSON output (trace_json.c). */
void json_begin(struct sbuf *sb, const char *event, const struct ttask *tt);
void json_str(struct sbuf *sb, const char *key, const char *val); /* NULL: null */
void json_strn(struct sbuf *sb, const char *key, const char *val, size_t n);
void json_int(struct sbuf *sb, const char *key, long long v);
void json_hex(struct sbuf *sb, const char *key, uint64_t v); /* "0x..." */
void json_bool(struct sbuf *sb, const char *key, bool v);
void json_raw(struct sbuf *sb, const char *key, const char *json);
void json_end(struct sbuf *sb);
/* A JSON string literal of @n bytes of @s. */
void json_quote(struct sbuf *sb, const char *s, size_t n);

/* Syscall selection (trace_filter.c). */
int trace_filter_parse(const char *expr);
bool trace_filter_nr(long nr);
int trace_pids_parse(const char *list);
bool trace_pid_selected(pid_t tid, pid_t tgid);
void trace_pid_follow(pid_t tid);
int trace_events_parse(const char *list);

/* The -c table (trace_count.c). */
void trace_count(long nr, long rval, uint64_t ns);
void trace_count_print(struct sbuf *sb);

/* Events beyond strace (trace_events.c). */
void trace_ev_clone(struct task *parent, struct task *child, struct ttask *ptt, struct ttask *ctt,
		    unsigned long flags);
void trace_ev_vfork_release(struct ttask *child, const char *why);
void trace_ev_exec(struct task *t, struct ttask *tt, const char *path);
void trace_ev_mmap(struct task *t, struct ttask *tt, uint64_t addr, uint64_t len);
void trace_ev_signal(struct task *t, struct ttask *tt, int sig);
void trace_ev_sigreturn(struct task *t, struct ttask *tt);
void trace_ev_cow_check(struct task *t, struct ttask *tt);
void trace_ev_mm_forget(struct mm *mm);

#endif
