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
	STUB_CMD_EXIT = 1,    /* the thread leaves with exit(0) */
	STUB_CMD_CONVERT = 2, /* fast entry: trap at STUB_FAST_TRAP_IP for a full frame */
};

/* What a posted event is: a signal frame (info, uc) or a syscall the fast
 * entry saved in fast[]. */
enum {
	STUB_EV_SIGNAL = 0,
	STUB_EV_FAST = 1,
};

/* The fast entry's saved registers, fast[STUB_FR_*].  On entry rcx holds
 * the address of the patched syscall instruction and flags rflags; the
 * sentry writes back every register and, in rcx, where the thread goes on. */
#define STUB_FR_RAX   0
#define STUB_FR_RBX   1
#define STUB_FR_RCX   2
#define STUB_FR_RDX   3
#define STUB_FR_RSI   4
#define STUB_FR_RDI   5
#define STUB_FR_RBP   6
#define STUB_FR_RSP   7
#define STUB_FR_R8    8
#define STUB_FR_R9    9
#define STUB_FR_R10   10
#define STUB_FR_R11   11
#define STUB_FR_R12   12
#define STUB_FR_R13   13
#define STUB_FR_R14   14
#define STUB_FR_R15   15
#define STUB_FR_FLAGS 16
#define STUB_FR_NREGS 17

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
	/* The fast entry (syscalls the sentry patched to jump there, the
	 * thread's gs base pointing at its slot). */
	uint32_t kind;	     /* STUB_EV_*, of the event posted */
	uint32_t fast_phase; /* 1: saving and waiting, 2: restoring */
	uint64_t self;	     /* the slot's address in the stub (the sentry's) */
	uint64_t fast[STUB_FR_NREGS];
	/* A host signal that came as the fast entry saved the registers,
	 * before it posted them: the sentry takes it with the syscall. */
	int32_t deferred_sig;
	uint32_t pad;
	uint8_t deferred_info[128];
};

/* Offsets in struct stub_slot, for the stub's assembly. */
#define STUB_SLOT_TID_OFF   36
#define STUB_SLOT_PHASE_OFF 84
#define STUB_SLOT_SELF_OFF  88
#define STUB_SLOT_FAST_OFF  96

struct stub_shared {
	uint32_t sentry_sleeping; /* a new event needs a write to the eventfd */
	uint32_t fsgsbase;	  /* the CPU and kernel allow rdfsbase/wrfsbase */
};

#endif
