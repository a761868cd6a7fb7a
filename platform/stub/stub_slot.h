/* systrap: what a stub and the sentry share, in the context file.
 *
 * The stub's view: STUB_SHARED (read-only) and one slot per guest thread at
 * STUB_SLOTS + i * STUB_SLOT_SIZE (read-write); the sentry maps the same
 * pages.  Guest code can write every slot of its own stub, so the sentry
 * takes nothing in a slot on trust (platform/systrap/).
 *
 * A guest thread's round trip: a host signal (SIGSYS from the seccomp
 * filter, a fault, the sentry's interrupt) runs the stub's handler on the
 * slot's signal stack; it records where the kernel put the signal frame
 * (info, uc) and the thread's fs/gs bases, sets state to
 * STUB_SLOT_WAITING, writes the sentry's eventfd if the sentry sleeps, and
 * waits: it spins as long as the sentry said (spin), then sleeps in
 * FUTEX_WAIT on state.  The
 * sentry reads the frame, handles the event, writes the registers back into
 * the frame, sets state to STUB_SLOT_RUNNING and wakes the thread if it
 * sleeps; the handler returns through rt_sigreturn with those registers.
 */
#ifndef SBX_STUB_SLOT_H
#define SBX_STUB_SLOT_H

#include <stdint.h>

enum {
	STUB_SLOT_RUNNING = 0, /* guest code runs (or the sentry holds no event) */
	STUB_SLOT_WAITING = 1, /* the handler posted an event and waits */
};

enum {
	STUB_CMD_RESUME = 0,
	STUB_CMD_EXIT = 1, /* the thread leaves with exit(0) */
};

#define STUB_SET_FS 1u /* set_bases: load new_fs_base before returning */
#define STUB_SET_GS 2u

struct stub_slot {
	/* Written by both sides. */
	uint32_t state;		/* STUB_SLOT_*: the futex word */
	uint32_t stub_sleeping; /* the thread is in (or about to enter) FUTEX_WAIT */
	/* Written by the sentry. */
	uint32_t cmd;	    /* STUB_CMD_* */
	uint32_t set_bases; /* STUB_SET_* */
	uint64_t new_fs_base, new_gs_base;
	uint32_t spin; /* pause loops to wait before FUTEX_WAIT, next time */
	/* Written by the kernel: the thread's tid (CLONE_CHILD_SETTID), 0 once
	 * it has exited (CLONE_CHILD_CLEARTID). */
	uint32_t tid;
	/* Written by the stub's handler. */
	int32_t sig;
	uint64_t info, uc; /* addresses of its siginfo and ucontext */
	uint64_t fs_base, gs_base;
};

/* offsetof(struct stub_slot, tid), for the stub's assembly */
#define STUB_SLOT_TID_OFF 36

struct stub_shared {
	uint32_t sentry_sleeping; /* a new event needs a write to the eventfd */
	uint32_t fsgsbase;	  /* the CPU and kernel allow rdfsbase/wrfsbase */
};

#endif
