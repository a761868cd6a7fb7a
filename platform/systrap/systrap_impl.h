/* Internals of the systrap platform, shared by its files.
 *
 * The control plane is the ptrace platform's (platform/ptrace/): stubs,
 * their control threads and injection.  What differs is how guest threads
 * run: untraced, with the guest seccomp filter, reporting through their
 * slots in the context file (platform/stub/stub_slot.h).
 */
#ifndef SBX_SYSTRAP_IMPL_H
#define SBX_SYSTRAP_IMPL_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "../ptrace/ptrace_impl.h"
#include "../stub/stub_layout.h"
#include "../stub/stub_slot.h"

/* The kernel's x86-64 struct sigcontext and struct ucontext, as the
 * handler's frame holds them. */
struct k_sigcontext {
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
	uint16_t cs, gs, fs, ss;
	uint64_t err, trapno, oldmask, cr2;
	uint64_t fpstate;
	uint64_t reserved1[8];
};

struct k_ucontext {
	uint64_t uc_flags;
	uint64_t uc_link;
	struct {
		uint64_t ss_sp;
		int32_t ss_flags;
		int32_t pad;
		uint64_t ss_size;
	} uc_stack;
	struct k_sigcontext uc_mcontext;
	uint64_t uc_sigmask;
};

/* The context file: the shared page at 0, then one region of
 * STUB_SLOTS_SIZE per address space. */
#define CTX_MAX_REGIONS	  4096
#define CTX_REGION_OFF(i) ((uint64_t)STUB_SLOTS_SIZE * (uint64_t)((i) + 1))
#define CTX_FILE_SIZE	  CTX_REGION_OFF(CTX_MAX_REGIONS)

/* A slot is mapped into its stub when first used and stays so: a guest
 * can only touch the slots of its own threads (at most max-tasks times
 * STUB_SLOT_SIZE bytes of the context file in all). */
enum { SLOT_UNMAPPED, SLOT_FREE, SLOT_USED, SLOT_DYING };

struct systrap_as {
	int region;
	char *map;   /* the sentry's view of the region */
	int nmapped; /* slots [0, nmapped) may have been mapped */
	uint8_t slot_state[STUB_NSLOTS];
	bool reaped; /* the stub is dead and reaped: its region is free to reuse */
	pid_t premade; /* the thread the stub cloned into slot 0 as it was forked, not yet used */
};

/* What a posted event is, once read and checked. */
enum st_kind { ST_SYSCALL, ST_FAULT, ST_SIGNAL, ST_INTERRUPT, ST_START };

struct systrap {
	int epfd; /* platform_event_fd: the eventfd, the signalfd, thread pidfds */
	char *ctxmap;
	volatile struct stub_shared *shared;
	bool pidfd_thread; /* the host has PIDFD_THREAD (Linux 6.9) */
	/* Guest threads that run guest code (resumed, no event taken yet),
	 * on the sentry's CPU and elsewhere. */
	struct ctx *running;
	int nrun_pinned, nrun_free;
	/* Events found outside the slots (threads and stubs that died). */
	struct ctx **exited;
	size_t nexited, exited_cap;
	bool poll_fds; /* the event fd was readable: look at what it holds */
	int timerfd;   /* the interrupt watchdog */
	bool watchdog_armed;
	int ncpus;
	int64_t spin_ns;		   /* how long the sentry spins before sleeping */
	uint32_t stub_spin, stub_spin_max; /* pause loops for handlers off its CPU */
	unsigned releases, releases_slept; /* in the current window */
	/* Events taken so far: a thread resumed before the next one was
	 * answered at once, by the handling of its own event. */
	uint64_t events;
	/* The xsave layout the kernel uses in signal frames. */
	size_t xsize;
	uint8_t sw_bytes[48];
	bool have_sw_bytes;
	uint32_t mxcsr_mask;
};

extern struct systrap S;

/* systrap.c */
void st_running_add(struct ctx *c);
void st_running_del(struct ctx *c);
void st_queue_exited(struct ctx *c);
/* Forget a queued EV_EXITED of @c (it is being freed). */
void st_unqueue(struct ctx *c);
void st_epoll_ctx(struct ctx *c, bool add);
/* An interrupt was sent to @c: make sure it is answered. */
void st_watch_interrupt(struct ctx *c);
/* A thread was released; @slept: it had stopped spinning (futex wake). */
void st_note_release(bool slept);

/* thread.c */
struct ctx *st_ctx_create(struct as *as, void *owner);
void st_ctx_destroy(struct ctx *c);
void st_ctx_abandon(struct ctx *c);
int st_ctx_resume(struct ctx *c, const struct regs *regs);
int st_ctx_interrupt(struct ctx *c);
int st_ctx_get_fpregs(struct ctx *c, void *buf, size_t *len);
int st_ctx_set_fpregs(struct ctx *c, const void *buf, size_t len);
/* Read and check the event @c posted; fills c->regs and *info.  The kind,
 * or -EPROTO when the slot holds no frame the handler could have made. */
int st_read_event(struct ctx *c, siginfo_t *info);
/* A starting thread's start trap came in: load the registers and FP state
 * the sentry gave it meanwhile.  0, or -EPROTO. */
int st_finish_start(struct ctx *c);
/* fast.c: syscalls through the fast entry. */
/* Read the syscall @c posted through the fast entry into c->regs and
 * c->frame.  ST_SYSCALL. */
int st_read_fast(struct ctx *c);
/* Give @r back through the fast entry, if it can take it (a syscall's
 * result, any general register, the arithmetic flags); false when it
 * takes a full frame (st_convert). */
bool st_fast_resume(struct ctx *c, const struct user_regs_struct *r);
/* Have @c, stopped at the fast entry, trap for a full signal frame and
 * wait for it (c->regs stay).  0, or -ESRCH when the thread did not come
 * (its stub is then killed). */
int st_convert(struct ctx *c);

/* The sentry's view of slot @i of @sa. */
struct stub_slot *st_slot(struct systrap_as *sa, int i);
/* Let a thread waiting in its handler go on; true if it was asleep. */
bool st_release(struct stub_slot *sl);
uint64_t st_now_ns(void);

#endif
