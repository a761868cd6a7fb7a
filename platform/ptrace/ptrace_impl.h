/* Internals of the ptrace platform, shared by its files. */
#ifndef SBX_PTRACE_IMPL_H
#define SBX_PTRACE_IMPL_H

#include <stdbool.h>
#include <sys/types.h>
#include <sys/user.h>
#include <uthash.h>

#include "../platform.h"

struct ctx {
	pid_t tid; /* host tid: the hash key */
	struct as *as;
	void *owner;
	struct user_regs_struct regs; /* as last read from or written to the host */
	bool stopped;                 /* in a ptrace stop (regs valid) */
	bool dead;
	/* CPU placement (affinity.c): how long the thread runs between stops. */
	uint64_t resumed_ns;
	uint64_t avg_run_ns;
	bool pinned; /* on the sentry's CPU */
	struct ctx *next_in_as;
	UT_hash_handle hh;
};

struct as {
	pid_t pid;                        /* the stub process = its control thread */
	struct user_regs_struct ctl_regs; /* control thread parked at stub_park */
	struct ctx *ctxs;                 /* guest threads */
	struct as *next_all, *prev_all;
};

struct ptrace_platform {
	int memfile_fd;
	int sigfd;
	int stub_fd; /* sealed memfd holding the stub ELF */
	bool debug;
	struct as *template; /* a pristine stub that new address spaces fork from */
	struct as *all_as;
	struct ctx *ctxs; /* by host tid */
};

extern struct ptrace_platform P;

/* stub.c */
int stub_image_init(void);
struct as *stub_spawn(void);
struct as *stub_fork(struct as *parent);

/* inject.c */
long inject_syscall(struct as *as, long nr, long a1, long a2, long a3, long a4, long a5,
		    long a6);
long inject_clone(struct as *as, long flags, pid_t *new_tid);
int wait_stop(pid_t tid, int *status);
void as_note_status(pid_t pid, int status);

/* ptrace.c */
void as_link(struct as *as);

/* affinity.c */
void affinity_init(void);
void affinity_resumed(struct ctx *c);
void affinity_stopped(struct ctx *c);

#endif
