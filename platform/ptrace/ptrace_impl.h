/* Internals of the ptrace platform, and the control plane it shares with
 * systrap: stub processes, their ptrace'd control threads and injection
 * (stub.c, inject.c, control.c).  The context and address-space structures
 * carry the fields of both engines. */
#ifndef SBX_PTRACE_IMPL_H
#define SBX_PTRACE_IMPL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/user.h>
#include <uthash.h>

#include "../platform.h"

struct stub_slot;
struct systrap_as;

struct ctx {
	pid_t tid; /* host tid: the hash key */
	struct as *as;
	void *owner;
	struct user_regs_struct regs; /* as last read from or written to the host */
	bool stopped;		      /* ptrace: in a ptrace stop; systrap: holding an event */
	bool dead;
	/* CPU placement (affinity.c): how long the thread runs between stops. */
	uint64_t resumed_ns;
	uint64_t avg_run_ns;
	bool pinned; /* on the sentry's CPU */
	struct ctx *next_in_as;
	UT_hash_handle hh;
	/* systrap (platform/systrap/) */
	int slot;		       /* index of its slot in the stub */
	struct stub_slot *sl;	       /* the sentry's view of the slot */
	int pidfd;		       /* PIDFD_THREAD, -1 if none */
	uint64_t uc_off, fp_off;       /* where the frame's ucontext and fpstate are in the slot */
	struct user_regs_struct frame; /* the registers the frame holds */
	bool starting;		       /* its first event (the start trap) is still to come */
	bool start_interrupt;	       /* interrupted before it started */
	uint8_t *start_fp;	       /* FP state to load at the start, or NULL */
	bool interrupted;	       /* an interrupt signal was sent since the last event */
	bool fast;		       /* its event came through the fast entry (fast.c) */
	uint64_t event_ns;	       /* when the sentry took its last event */
	uint64_t event_seq;	       /* S.events then */
	unsigned slept_avg;	       /* releases that found it asleep, of 256 (average) */
	uint64_t prev_event_ns;	       /* when it took the one before */
	unsigned fast_streak;	       /* quick events in a row while on the sentry's CPU */
	unsigned repins;	       /* times it was brought back to the sentry's CPU */
	unsigned wait_avg;	       /* events that waited for another thread, of 65536 */
	bool quick_before;	       /* its last event was quick */
	unsigned trial;		       /* quick events since it left the sentry's CPU */
	unsigned settle;	       /* events since then, up to SETTLE */
	uint64_t cycle_pinned, cycle_free; /* ns from a quick event to the next, on and off
					    * the sentry's CPU (averages) */
	uint64_t interrupt_ns;	       /* when (CLOCK_MONOTONIC) */
	struct ctx *run_next, *run_prev; /* the running list */
};

struct as {
	pid_t pid;			  /* the stub process = its control thread */
	struct user_regs_struct ctl_regs; /* control thread parked at stub_park */
	struct ctx *ctxs;		  /* guest threads */
	struct as *next_all, *prev_all;
	struct systrap_as *st; /* systrap's part */
	/* Host signals for the process (its CPU-time itimers' SIGVTALRM and
	 * SIGPROF, RLIMIT_CPU's SIGXCPU, a kill from outside) that the
	 * control thread took during an injected syscall, for the sentry. */
	siginfo_t deferred[4];
	unsigned ndeferred;
};

struct ptrace_platform {
	int memfile_fd;
	int sigfd;
	int stub_fd; /* sealed memfd holding the stub ELF */
	bool debug;
	/* systrap: started in that mode, with these fds at STUB_CTXFILE_FD and
	 * STUB_EVENT_FD. */
	bool systrap;
	int ctxfile_fd, event_fd;
	/* systrap: the key of the gates (stub_layout.h), put in every
	 * injected syscall's registers; 0 before the guest filter. */
	uint64_t gate_key;
	/* The stubs' host ids and map file (struct platform_config). */
	bool set_ids;
	uid_t uid;
	gid_t gid;
	int mapfile_fd;
	struct as *template; /* a pristine stub that new address spaces fork from */
	struct as *all_as;
	struct ctx *ctxs;   /* by host tid */
	unsigned ndeferred; /* the sum of every as's */
};

extern struct ptrace_platform P;

/* stub.c */
/* Keep what @cfg says every stub gets and build the sealed stub memfd;
 * 0 or -errno. */
int stub_image_init(const struct platform_config *cfg);
/* Start the first stub: fork, switch ids, drop privileges, fexecve.
 * NULL with errno on failure. */
struct as *stub_spawn(void);
/* A new stub forked from @parent's by an injected clone at the clone gate.
 * With @unmap_slots it unmaps the systrap slots it inherited; with @slot
 * not 0 it maps the slot at @slot to the context file at @slot_off. */
struct as *stub_fork(struct as *parent, bool unmap_slots, uint64_t slot, uint64_t slot_off);

/* inject.c */
long inject_syscall(struct as *as, long nr, long a1, long a2, long a3, long a4, long a5, long a6);
/* Inject clone(@flags, 0, 0, @ctid, 0) into the control thread; the new
 * task's host tid in *new_tid.  0 or -errno. */
long inject_clone(struct as *as, long flags, uint64_t ctid, pid_t *new_tid);
/* Inject clone with arguments @a at the clone gate, with rbx and r12..r15
 * set to @setup (stub_layout.h says what the new task does with them).
 * The host's result (the new task's id) or -errno; *new_pid, when not
 * NULL, gets the new task's id. */
long inject_clone_gate(struct as *as, const uint64_t setup[5], const long a[6], pid_t *new_pid);
int wait_stop(pid_t tid, int *status);
/* The host signals control threads took for their processes: an
 * EV_HOST_SIGNAL for one of them (1), or 0 when there is none. */
int deferred_next_event(struct platform_event *ev);
/* Keep a host signal for the process for the sentry (deferred_next_event). */
void defer_signal(struct as *as, const siginfo_t *info);
bool deferred_pending(void);
void as_note_status(pid_t pid, int status);

/* control.c */
void as_link(struct as *as);
void as_unlink(struct as *as);
struct as *as_find(pid_t pid);
/* Kill every stub and reap every host process (platform_shutdown). */
void stubs_kill_all(void);

/* affinity.c */
void affinity_init(void);
/* Whether the sentry has a CPU of its own (more than one CPU). */
bool affinity_enabled(void);
/* Put host thread @tid on the sentry's CPU; true if done. */
bool affinity_pin(pid_t tid);
/* Let host thread @tid run on every CPU the sandbox may use; true if done. */
bool affinity_release(pid_t tid);
/* Let host thread @tid run on every CPU the sandbox may use but the
 * sentry's (where it and the sentry spin for each other); true if done. */
bool affinity_away(pid_t tid);
void affinity_resumed(struct ctx *c);
void affinity_stopped(struct ctx *c);

#endif
