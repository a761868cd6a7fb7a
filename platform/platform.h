/* The platform: how guest code is run and stopped.
 *
 * An *address space* (struct as) is one stub process; a *context* (struct ctx)
 * is one guest thread's host thread inside it.  The sentry changes a stub's
 * mappings by making the stub run mmap/munmap/mprotect (injection); only the
 * memory file is ever mapped.  Guest code runs until the next event; events
 * come back through one file descriptor (platform_event_fd) that the sentry
 * polls, and are read with platform_next_event.
 *
 * The platform knows nothing about tasks: each context carries an opaque
 * owner pointer for the sentry.  All functions return 0 or a negative errno.
 */
#ifndef SBX_PLATFORM_H
#define SBX_PLATFORM_H

#include <stdbool.h>
#include <stdint.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/user.h>

struct as;
struct ctx;

/* Guest register state: the general registers plus (later) the xsave area. */
struct regs {
	struct user_regs_struct gp;
};

enum platform_event_kind {
	EV_SYSCALL = 1, /* the thread made a syscall; regs hold it (number in orig_rax) */
	EV_FAULT,	/* a memory fault (SIGSEGV/SIGBUS from the host); info has the siginfo */
	EV_SIGNAL,	/* another host signal hit guest code (SIGFPE, SIGILL, SIGTRAP...) */
	EV_INTERRUPTED, /* ctx_interrupt took effect */
	EV_EXITED,	/* the host thread is gone (killed from outside, or the stub died) */
	EV_HOST_SIGNAL, /* a host signal for the whole process (a CPU-time itimer's)
			 * reached its stub while the sentry was running a syscall
			 * there; ctx is one of its threads, in whatever state the
			 * sentry left it (it did not stop for this) */
};

struct platform_event {
	enum platform_event_kind kind;
	struct ctx *ctx;
	siginfo_t info;	 /* EV_FAULT, EV_SIGNAL, EV_HOST_SIGNAL */
	int exit_status; /* EV_EXITED: the host wait status */
	bool patched;	 /* EV_SYSCALL: made from a patched site (platform_fast_entry) */
};

enum platform_kind {
	PLATFORM_PTRACE,  /* PTRACE_SYSEMU: one ptrace stop per guest syscall */
	PLATFORM_SYSTRAP, /* seccomp SECCOMP_RET_TRAP and a signal handler in the stub */
};

struct platform_config {
	enum platform_kind kind;
	int memfile_fd; /* the memory file; every stub gets it at STUB_MEMFILE_FD */
	/* The stubs' host credentials (sbx run --host-uid): with set_ids, the
	 * first stub drops its supplementary groups and takes @uid and @gid as
	 * real, effective and saved ids before it gives up its capabilities
	 * and execs; every later stub is forked from it. */
	bool set_ids;
	uid_t uid;
	gid_t gid;
	/* A host file every stub holds, for the sentry to map into guests
	 * (the fork server's coverage map); -1 for none. */
	int mapfile_fd;
	/* systrap: the sentry may patch guest syscall instructions to jump
	 * to the stub's fast entry (platform_fast_entry). */
	bool patch_syscalls;
	bool debug;
};

/* Start the platform: build the stub memfd, the event fd and the template
 * stub.  Returns 0 or -errno. */
int platform_init(const struct platform_config *cfg);
/* The fd number at which every stub holds platform_config.mapfile_fd (to
 * be named in an injected mmap), or -1 when there is none. */
int platform_mapfile_fd(void);
/* The name of the platform in use: "ptrace" or "systrap". */
const char *platform_name(void);
/* Kill every stub and release the platform. */
void platform_shutdown(void);
/* The fd to poll for readability; then call platform_next_event until it
 * returns 0. */
int platform_event_fd(void);
/* Acknowledge readiness of the event fd; call before draining events with
 * platform_next_event so that no wake-up is lost. */
void platform_ack_events(void);
/* Fetch one pending event: 1 and *ev filled, 0 if none, or -errno. */
int platform_next_event(struct platform_event *ev);
/* The loop has nothing to run and is about to wait up to @max_ns (-1: no
 * limit) for its fds.  The platform may watch for guest events a while
 * first (systrap spins when a CPU is free).  Returns true when events are
 * pending: drain them with platform_next_event, and poll the fds without
 * sleeping.  After false, any new event makes platform_event_fd readable. */
bool platform_idle(int64_t max_ns);

/* A new, empty address space (a fresh stub).  NULL with errno on failure. */
struct as *as_create(void);
/* A copy of @parent: a new stub forked from it, holding the same host
 * mappings of the memory file (the sentry then write-protects what must be
 * copied on write).  NULL with errno on failure. */
struct as *as_fork(struct as *parent);
/* Kill the stub and free @as; its contexts must be destroyed first or are
 * destroyed with it. */
void as_destroy(struct as *as);

/* Map [addr, addr+len) of the address space to the memory file at
 * @memfile_off with @prot (PROT_*); MAP_SHARED|MAP_FIXED.  Page-aligned. */
int as_map(struct as *as, uint64_t addr, uint64_t len, int prot, uint64_t memfile_off);
int as_unmap(struct as *as, uint64_t addr, uint64_t len);
int as_protect(struct as *as, uint64_t addr, uint64_t len, int prot);

/* A new host thread in @as for one guest thread; @owner is the sentry's.
 * NULL with errno on failure. */
struct ctx *ctx_create(struct as *as, void *owner);
/* Stop and remove the host thread; frees @ctx. */
void ctx_destroy(struct ctx *ctx);
/* Free @ctx but leave its host thread alone: for when the whole address
 * space is about to be destroyed anyway. */
void ctx_abandon(struct ctx *ctx);
void *ctx_owner(struct ctx *ctx);
void ctx_set_owner(struct ctx *ctx, void *owner);
struct as *ctx_as(struct ctx *ctx);

/* Run guest code with @regs until the next event.  After an EV_SYSCALL
 * the caller has stored the result in regs->gp.rax. */
int ctx_resume(struct ctx *ctx, const struct regs *regs);
/* Read the registers of a stopped context (valid after an event). */
int ctx_get_regs(struct ctx *ctx, struct regs *regs);
/* Ask a running guest thread to stop soon; an EV_INTERRUPTED follows
 * (unless another event comes first). */
int ctx_interrupt(struct ctx *ctx);

/* The FP/vector state of a stopped context in the XSAVE standard format, as
 * the kernel puts it in signal frames (bytes 464..511 hold the software
 * bytes with FP_XSTATE_MAGIC1).  @len: capacity in, size out.  0 or -errno. */
int ctx_get_fpregs(struct ctx *ctx, void *buf, size_t *len);
int ctx_set_fpregs(struct ctx *ctx, const void *buf, size_t len);
/* Size of that area on this CPU (CPUID leaf 0xD for the enabled features). */
size_t platform_xstate_size(void);

/* Where a patched syscall may jump in every stub (stub_layout.h's
 * STUB_FAST_ENTRY: the syscall's number in rax, the address of the
 * `syscall` instruction it stands for in rcx; it goes on at rcx + 2, with
 * rcx and r11 as a syscall leaves them), or 0 when the platform takes no
 * patched syscalls (ptrace, or patching off). */
uint64_t platform_fast_entry(void);

/* Run syscall @nr with @args in the stub of @as, after copying @in (@inlen
 * bytes, at most a page) to the stub's scratch page, whose address
 * platform_scratch_addr() gives for pointer arguments; @out receives the
 * scratch page's first @outlen bytes afterwards.  The host's result or
 * -errno. */
long as_syscall(struct as *as, long nr, const uint64_t args[6], const void *in, size_t inlen,
		void *out, size_t outlen);
uint64_t platform_scratch_addr(void);

/* Host pid of the stub process of @as (for messages and tests). */
pid_t as_host_pid(struct as *as);
/* Host tid of the thread behind @ctx. */
pid_t ctx_host_tid(struct ctx *ctx);

#endif
