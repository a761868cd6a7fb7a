/* systrap guest threads: making one, reading the events it posts in its
 * slot, writing its registers back into the signal frame, and making it
 * leave.
 *
 * Everything in a slot is written by code the guest can reach, so each
 * event is read once into the sentry's memory and checked: the frame
 * pointers must lie on the slot's signal stack, the signal must be a real
 * one; anything else is a protocol violation and kills the stub.  A
 * frame the guest forged with plausible contents only gives the sentry
 * registers of the guest's own choosing, which it could have had anyway.
 */
#define _GNU_SOURCE
#include "systrap_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/futex.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../util/log.h"

_Static_assert(sizeof(struct k_sigcontext) == 256, "struct sigcontext");
_Static_assert(sizeof(struct k_ucontext) == 304, "struct ucontext");
_Static_assert(sizeof(struct stub_slot) <= STUB_SLOT_HDR, "slot header");

/* The tid word is written as the thread is made (CLONE_PARENT_SETTID),
 * before it first runs, and cleared as it exits. */
#define THREAD_FLAGS                                                                               \
	(CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM |        \
	 CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)

_Static_assert((THREAD_FLAGS | CLONE_UNTRACED) == STUB_THREAD_CLONE_FLAGS, "thread flags");

#ifndef PIDFD_THREAD
#define PIDFD_THREAD O_EXCL
#endif

#define FP_XSTATE_MAGIC1  0x46505853U
#define FP_XSTATE_MAGIC2  0x46505845U
#define SW_BYTES_OFFSET	  464
#define XSTATE_HDR_OFFSET 512

struct stub_slot *st_slot(struct systrap_as *sa, int i)
{
	return (struct stub_slot *)(sa->map + (size_t)i * STUB_SLOT_SIZE);
}

/* The stub's address of slot @i. */
static uint64_t st_slot_addr(int i)
{
	return STUB_SLOTS + (uint64_t)i * STUB_SLOT_SIZE;
}

static void futex_wake(uint32_t *word)
{
	syscall(SYS_futex, word, FUTEX_WAKE, 1, NULL, NULL, 0);
}

bool st_release(struct stub_slot *sl)
{
	__atomic_store_n(&sl->state, STUB_SLOT_RUNNING, __ATOMIC_SEQ_CST);
	bool slept = __atomic_load_n(&sl->stub_sleeping, __ATOMIC_SEQ_CST);
	if (slept)
		futex_wake(&sl->state);
	return slept;
}

/* A slot for a new thread: a free one, one left by a thread that is gone
 * (the kernel cleared its tid word), else a new one mapped into the stub.
 * Its index, or -errno. */
static int slot_alloc(struct as *as)
{
	struct systrap_as *sa = as->st;
	int unmapped = -1;
	for (int i = 0; i < STUB_NSLOTS; i++) {
		uint8_t st = sa->slot_state[i];
		if (st == SLOT_FREE ||
		    (st == SLOT_DYING &&
		     __atomic_load_n(&st_slot(sa, i)->tid, __ATOMIC_ACQUIRE) == 0)) {
			sa->slot_state[i] = SLOT_USED;
			return i;
		}
		if (st == SLOT_UNMAPPED && unmapped < 0)
			unmapped = i;
	}
	if (unmapped < 0)
		return -EAGAIN;
	uint64_t off = CTX_REGION_OFF(sa->region) + (uint64_t)unmapped * STUB_SLOT_SIZE;
	long r = inject_syscall(as, SYS_mmap, (long)st_slot_addr(unmapped), STUB_SLOT_SIZE,
				PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, STUB_CTXFILE_FD,
				(long)off);
	if (r != (long)st_slot_addr(unmapped))
		return r < 0 ? (int)r : -EFAULT;
	sa->slot_state[unmapped] = SLOT_USED;
	if (unmapped >= sa->nmapped)
		sa->nmapped = unmapped + 1;
	return unmapped;
}

/* Is [addr, addr+len) on slot @i's signal stack? */
static bool on_altstack(int i, uint64_t addr, uint64_t len)
{
	uint64_t lo = st_slot_addr(i) + STUB_SLOT_ALTSTK,
		 hi = st_slot_addr(i) + STUB_SLOT_STACK;
	return addr >= lo && addr <= hi && len <= hi - addr;
}

static void *slot_ptr(struct ctx *c, uint64_t off)
{
	return (char *)c->sl + off;
}

int st_read_event(struct ctx *c, siginfo_t *info)
{
	struct stub_slot *sl = c->sl;
	uint64_t base = st_slot_addr(c->slot);
	uint64_t uc = __atomic_load_n(&sl->uc, __ATOMIC_RELAXED);
	uint64_t ip = __atomic_load_n(&sl->info, __ATOMIC_RELAXED);
	if (uc % 8 || ip % 8 || !on_altstack(c->slot, uc, sizeof(struct k_ucontext)) ||
	    !on_altstack(c->slot, ip, sizeof(siginfo_t)))
		return -EPROTO;
	/* What is needed, no more: the frame's cache lines travel from the
	 * thread's CPU.  The general registers and the fpstate pointer; the
	 * head of the siginfo, all of it for a signal that is not a syscall. */
	struct k_sigcontext m;
	memcpy(&m, slot_ptr(c, uc - base + offsetof(struct k_ucontext, uc_mcontext)),
	       offsetof(struct k_sigcontext, reserved1));
	memset(info, 0, sizeof(*info));
	memcpy(info, slot_ptr(c, ip - base), 16);
	uint64_t fp = m.fpstate;
	if (fp % 64 || !on_altstack(c->slot, fp, S.xsize + 4))
		return -EPROTO;
	int sig = info->si_signo;
	if (sig < 1 || sig > 64 || sig == SIGKILL || sig == SIGSTOP)
		return -EPROTO;
	c->uc_off = uc - base;
	c->fp_off = fp - base;

	struct user_regs_struct *r = &c->frame;
	r->r8 = m.r8, r->r9 = m.r9, r->r10 = m.r10, r->r11 = m.r11;
	r->r12 = m.r12, r->r13 = m.r13, r->r14 = m.r14, r->r15 = m.r15;
	r->rdi = m.rdi, r->rsi = m.rsi, r->rbp = m.rbp, r->rbx = m.rbx;
	r->rdx = m.rdx, r->rax = m.rax, r->rcx = m.rcx, r->rsp = m.rsp;
	r->rip = m.rip, r->eflags = m.eflags;
	r->cs = m.cs, r->ss = m.ss;
	r->fs_base = __atomic_load_n(&sl->fs_base, __ATOMIC_RELAXED);
	/* gs points at the slot for the fast entry: the guest's own gs base
	 * is 0 then (write_regs gives the slot back for 0). */
	r->gs_base = __atomic_load_n(&sl->gs_base, __ATOMIC_RELAXED);
	if (r->gs_base == base)
		r->gs_base = 0;
	r->ds = r->es = r->fs = r->gs = 0;
	r->orig_rax = (uint64_t)-1;
	c->regs = *r;
	c->fast = false;

	if (sig == SIGSYS && info->si_code == 1 /* SYS_SECCOMP */) {
		/* seccomp rolled the syscall back: rax holds its number, as
		 * orig_rax at a PTRACE_SYSEMU stop; rax reads -ENOSYS there. */
		c->regs.orig_rax = r->rax;
		c->regs.rax = (uint64_t)-ENOSYS;
		return ST_SYSCALL;
	}
	memcpy(info, slot_ptr(c, ip - base), sizeof(*info));
	info->si_signo = sig;
	if (sig == SIGTRAP && r->rip == STUB_THREAD_TRAP_IP)
		return ST_START;
	if (sig == STUB_SIG_INTERRUPT)
		return ST_INTERRUPT;
	if (sig == SIGSEGV || sig == SIGBUS)
		return ST_FAULT;
	return ST_SIGNAL;
}

/* The xsave software bytes the kernel wrote in a new thread's first
 * frame, before any guest code could touch it: rt_sigreturn wants the
 * same in every frame it restores. */
static int learn_xstate(struct ctx *c)
{
	if (S.have_sw_bytes)
		return 0;
	const uint8_t *fp = slot_ptr(c, c->fp_off);
	uint32_t magic1, size, ext;
	memcpy(&magic1, fp + SW_BYTES_OFFSET, 4);
	memcpy(&ext, fp + SW_BYTES_OFFSET + 4, 4);
	memcpy(&size, fp + SW_BYTES_OFFSET + 16, 4);
	if (magic1 != FP_XSTATE_MAGIC1 || size != S.xsize || ext != size + 4) {
		sbx_msg("systrap: the kernel's signal frames hold %u bytes of xsave state, "
			"not the %zu CPUID gives",
			size, S.xsize);
		return -EINVAL;
	}
	memcpy(S.sw_bytes, fp + SW_BYTES_OFFSET, sizeof(S.sw_bytes));
	uint32_t mask;
	memcpy(&mask, fp + 28, 4);
	S.mxcsr_mask = mask ? mask : 0xffbf;
	S.have_sw_bytes = true;
	return 0;
}

static void sleep_us(long us)
{
	struct timespec ts = {.tv_sec = 0, .tv_nsec = us * 1000};
	nanosleep(&ts, NULL);
}

/* A new thread's first frame: it was born with the control thread's
 * signal mask (every signal but SIGTRAP blocked, stub.c); it returns to
 * guest code with none blocked. */
static void unblock_signals(struct ctx *c)
{
	((struct k_ucontext *)slot_ptr(c, c->uc_off))->uc_sigmask = 0;
}

/* Wait (a bounded while) for a new thread's first event. */
static int wait_start(struct ctx *c, pid_t pid)
{
	for (int n = 0; n < 20000; n++) {
		if (__atomic_load_n(&c->sl->state, __ATOMIC_ACQUIRE) == STUB_SLOT_WAITING)
			return 0;
		if (__atomic_load_n(&c->sl->tid, __ATOMIC_ACQUIRE) == 0 ||
		    (n % 64 == 63 && syscall(SYS_tgkill, pid, c->tid, 0) < 0))
			return -ESRCH;
		if (n < 200)
			sched_yield();
		else
			sleep_us(100);
	}
	return -ETIMEDOUT;
}

static void ctx_unlink(struct ctx *c)
{
	struct as *as = c->as;
	for (struct ctx **pp = &as->ctxs; *pp; pp = &(*pp)->next_in_as) {
		if (*pp == c) {
			*pp = c->next_in_as;
			break;
		}
	}
	if (!c->stopped && !c->dead)
		st_running_del(c);
	st_unqueue(c);
	free(c->start_fp);
	c->start_fp = NULL;
	if (c->pidfd >= 0) {
		st_epoll_ctx(c, false);
		close(c->pidfd);
		c->pidfd = -1;
	}
}

/* A new guest thread in slot @i, cloned at the clone gate: it has the
 * guest filter and the control thread's signal mask from its first
 * instruction on, and goes on to its start trap by itself; nothing waits
 * for it.  Its tid, or -errno. */
static long clone_thread(struct as *as, int i)
{
	uint64_t tidp = st_slot_addr(i) + offsetof(struct stub_slot, tid);
	const uint64_t setup[5] = {st_slot_addr(i), 0, 0, 0, 0};
	const long a[6] = {THREAD_FLAGS | CLONE_UNTRACED, (long)(st_slot_addr(i) + STUB_SLOT_SIZE),
			   (long)tidp, (long)tidp, 0, 0};
	return inject_clone_gate(as, setup, a, NULL);
}

struct ctx *st_ctx_create(struct as *as, void *owner)
{
	struct systrap_as *sa = as->st;
	struct ctx *c = calloc(1, sizeof(*c));
	if (!c) {
		errno = ENOMEM;
		return NULL;
	}
	int i = 0;
	long tid = sa->premade;
	if (tid) {
		/* The thread the stub cloned as it was forked: it may be at
		 * its start trap already. */
		sa->premade = 0;
	} else {
		i = slot_alloc(as);
		if (i < 0) {
			free(c);
			errno = -i;
			return NULL;
		}
		memset(st_slot(sa, i), 0, sizeof(struct stub_slot));
		tid = clone_thread(as, i);
		if (tid <= 0) {
			free(c);
			sa->slot_state[i] = SLOT_FREE;
			errno = tid < 0 ? (int)-tid : EAGAIN;
			return NULL;
		}
	}
	struct stub_slot *sl = st_slot(sa, i);
	int err;
	c->tid = (pid_t)tid;
	c->as = as;
	c->owner = owner;
	c->slot = i;
	c->sl = sl;
	c->pidfd = -1;
	/* On the sentry's CPU, as the control thread it was cloned from
	 * (placement below). */
	c->pinned = affinity_enabled();
	if (S.pidfd_thread) {
		c->pidfd = (int)syscall(SYS_pidfd_open, tid, PIDFD_THREAD);
		if (c->pidfd >= 0)
			st_epoll_ctx(c, true);
	}
	c->stopped = true;
	c->regs.cs = 0x33;
	c->regs.ss = 0x2b;
	c->regs.orig_rax = (uint64_t)-1;
	if (S.have_sw_bytes) {
		/* The start trap is taken as an event later, with the
		 * registers and FP state the sentry gave meanwhile. */
		c->starting = true;
	} else {
		/* The first thread ever: learn the kernel's xsave layout from
		 * its frame at once. */
		siginfo_t info;
		err = wait_start(c, as->pid);
		if (err == 0 && st_read_event(c, &info) != ST_START)
			err = -EPROTO;
		if (err == 0)
			err = learn_xstate(c);
		if (err == 0)
			unblock_signals(c);
		if (err < 0) {
			sbx_dbg("systrap: thread %d of stub %d did not start: %s", c->tid, as->pid,
				strerror(-err));
			st_ctx_abandon(c); /* links nothing yet but the pidfd */
			kill(as->pid, SIGKILL);
			errno = EAGAIN;
			return NULL;
		}
	}
	c->next_in_as = as->ctxs;
	as->ctxs = c;
	return c;
}

static void load_fp(struct ctx *c, const void *buf, size_t len)
{
	uint8_t *fp = slot_ptr(c, c->fp_off);
	memcpy(fp, buf, len);
	memcpy(fp + SW_BYTES_OFFSET, S.sw_bytes, sizeof(S.sw_bytes));
	uint32_t magic2 = FP_XSTATE_MAGIC2;
	memcpy(fp + S.xsize, &magic2, sizeof(magic2));
}

static void write_regs(struct ctx *c, const struct user_regs_struct *r);

int st_finish_start(struct ctx *c)
{
	struct user_regs_struct regs = c->regs;
	siginfo_t info;
	if (st_read_event(c, &info) != ST_START)
		return -EPROTO;
	c->regs = regs;
	c->starting = false;
	unblock_signals(c);
	write_regs(c, &regs);
	if (c->start_fp) {
		load_fp(c, c->start_fp, S.xsize);
		free(c->start_fp);
		c->start_fp = NULL;
	}
	return 0;
}

/* Mark @c's slot as left by its thread, which exits as soon as it sees
 * STUB_CMD_EXIT (at its next signal, or now if it waits). */
static void slot_leave(struct ctx *c, bool make_exit)
{
	struct systrap_as *sa = c->as->st;
	if (c->dead) {
		sa->slot_state[c->slot] = SLOT_DYING; /* reused once its tid word is 0 */
		return;
	}
	sa->slot_state[c->slot] = SLOT_DYING;
	if (!make_exit)
		return;
	__atomic_store_n(&c->sl->cmd, STUB_CMD_EXIT, __ATOMIC_SEQ_CST);
	if (c->stopped || __atomic_load_n(&c->sl->state, __ATOMIC_SEQ_CST) == STUB_SLOT_WAITING)
		st_release(c->sl);
	else
		syscall(SYS_tgkill, c->as->pid, c->tid, STUB_SIG_INTERRUPT);
}

void st_ctx_abandon(struct ctx *c)
{
	if (!c)
		return;
	ctx_unlink(c);
	slot_leave(c, false);
	free(c);
}

void st_ctx_destroy(struct ctx *c)
{
	if (!c)
		return;
	ctx_unlink(c);
	slot_leave(c, true);
	free(c);
}

/* Write @r into the frame: only the registers that differ from what it
 * holds, so that for a syscall's result one cache line goes back.  The
 * rest of the ucontext (flags, signal stack, mask, fpstate pointer) stays
 * as the kernel wrote it: a guest that changes it only changes how its own
 * thread returns, as a forged rt_sigreturn through the call gate could. */
static void write_regs(struct ctx *c, const struct user_regs_struct *r)
{
	struct k_sigcontext *m = &((struct k_ucontext *)slot_ptr(c, c->uc_off))->uc_mcontext;
	struct user_regs_struct *f = &c->frame;
#define PUT(reg)                                                                                   \
	do {                                                                                       \
		if (r->reg != f->reg)                                                              \
			m->reg = r->reg;                                                           \
	} while (0)
	PUT(r8);
	PUT(r9);
	PUT(r10);
	PUT(r11);
	PUT(r12);
	PUT(r13);
	PUT(r14);
	PUT(r15);
	PUT(rdi);
	PUT(rsi);
	PUT(rbp);
	PUT(rbx);
	PUT(rdx);
	PUT(rax);
	PUT(rcx);
	PUT(rsp);
	PUT(rip);
	PUT(eflags);
#undef PUT
	if (r->cs != f->cs)
		m->cs = (uint16_t)r->cs;
	if (r->ss != f->ss)
		m->ss = (uint16_t)r->ss;

	struct stub_slot *sl = c->sl;
	uint32_t set = 0;
	if (r->fs_base != f->fs_base) {
		sl->new_fs_base = r->fs_base;
		set |= STUB_SET_FS;
	}
	if (r->gs_base != f->gs_base) {
		sl->new_gs_base = r->gs_base ? r->gs_base : st_slot_addr(c->slot);
		set |= STUB_SET_GS;
	}
	sl->set_bases = set;
	sl->cmd = STUB_CMD_RESUME;
}

/* Where a thread runs.  A thread starts on the sentry's CPU, as under
 * ptrace: its events and the sentry hand that CPU over, with no wake-up
 * between CPUs (an inter-processor interrupt, tens of microseconds on a
 * virtual machine).  One that makes quick syscalls one after the other
 * goes to the other CPUs, where it and the sentry spin for each other's
 * answers instead, if that is faster; it comes back when most of its
 * releases find it asleep anyway (its syscalls block, or the sentry is
 * slow), or when its quick events take longer one after the other than
 * they did beside the sentry (the other CPUs are busy: spinning needs a
 * CPU of its own).  One that runs long between events leaves the sentry's
 * CPU to it.
 *
 * An event is quick when the sentry answered it at once, as it handled
 * it, and the thread ran briefly before it; one that waited for another
 * thread (a futex or a pipe handed back and forth), however briefly, is
 * not.  A thread leaves after FAST_STREAK quick events in a row, twice as
 * many each time it was brought back (up to 32 times as many): threads
 * that hand a futex or a pipe to each other have stretches of events that
 * do not wait, as one finds the other's answer already there, but not
 * long ones.  Nor does a thread whose events often wait leave for running
 * long: on a busy host the time between its events is mostly time spent
 * waiting for the CPU.  So such threads stay beside the sentry, where
 * each wake-up is a switch on one CPU. */
#define QUICK_NS    (20 * 1000)
#define FAST_STREAK 256
#define AVG_ONE	    65536
#define AVG_SHIFT   5 /* the averages' weight: 1/32 */
#define WAITS_OFTEN (AVG_ONE / 4)
#define TRIAL	    64 /* quick events off the sentry's CPU before comparing */
#define SETTLE	    16 /* events off it before counting any */
#define PIN_RUN_NS  (200 * 1000)
#define LONG_RUN_NS (2000 * 1000)

static void ema(uint64_t *avg, uint64_t v)
{
	*avg = *avg ? *avg - (*avg >> AVG_SHIFT) + (v >> AVG_SHIFT) : v;
}

static void placement(struct ctx *c, uint64_t now)
{
	if (!affinity_enabled())
		return;
	bool waited = c->event_seq != S.events;
	int32_t w = (int32_t)c->wait_avg;
	w += ((waited ? AVG_ONE : 0) - w) >> AVG_SHIFT;
	c->wait_avg = (unsigned)w;
	bool waits = c->wait_avg > WAITS_OFTEN;
	bool quick = now - c->event_ns < QUICK_NS && !waited && c->avg_run_ns < QUICK_NS;
	/* The time from its last event to this one, for a thread that did
	 * nothing but quick events in between: what a round trip costs. */
	uint64_t cycle = c->quick_before && quick ? c->event_ns - c->prev_event_ns : 0;
	c->quick_before = quick;
	if (c->pinned) {
		if (cycle)
			ema(&c->cycle_pinned, cycle);
		c->fast_streak = quick ? c->fast_streak + 1 : 0;
		unsigned need = FAST_STREAK << (c->repins < 5 ? c->repins : 5);
		bool streak = c->fast_streak >= need;
		if ((streak || (c->avg_run_ns > LONG_RUN_NS && !waits)) &&
		    (streak ? affinity_away(c->tid) : affinity_release(c->tid))) {
			c->pinned = false;
			c->settle = 0;
			c->slept_avg = 0;
			c->fast_streak = 0;
			c->cycle_free = 0;
			c->trial = 0;
		}
		return;
	}
	/* The first events on another CPU wake that CPU and move the
	 * thread there: not what its round trips cost from then on. */
	if (c->settle < SETTLE) {
		c->settle++;
		return;
	}
	bool slower = false;
	if (cycle) {
		ema(&c->cycle_free, cycle);
		slower = ++c->trial >= TRIAL && c->cycle_pinned &&
			 c->cycle_free > c->cycle_pinned + c->cycle_pinned / 4;
	}
	if (((c->slept_avg > 128 && (c->avg_run_ns < PIN_RUN_NS || waits)) || slower) &&
	    affinity_pin(c->tid)) {
		c->pinned = true;
		c->fast_streak = 0;
		c->repins++;
	}
}

int st_ctx_resume(struct ctx *c, const struct regs *regs)
{
	if (c->dead)
		return -ESRCH;
	if (!c->stopped)
		return -EBUSY;
	c->regs = regs->gp;
	uint64_t now = st_now_ns();
	c->resumed_ns = now;
	if (c->starting) {
		/* Loaded when the start trap comes in (st_finish_start). */
		c->stopped = false;
		st_running_add(c);
		return 0;
	}
	placement(c, now);
	bool done = false;
	if (c->fast) {
		done = st_fast_resume(c, &regs->gp);
		if (!done) {
			int r = st_convert(c);
			if (r < 0)
				return r;
		}
		c->fast = false;
	}
	if (!done)
		write_regs(c, &regs->gp);
	c->sl->spin = c->pinned ? 0 : S.stub_spin;
	c->stopped = false;
	c->interrupted = false;
	st_running_add(c);
	bool slept = st_release(c->sl);
	if (!c->pinned) {
		if (c->settle >= SETTLE)
			c->slept_avg = (c->slept_avg * 7 + (slept ? 256 : 0)) / 8;
		st_note_release(slept);
	}
	return 0;
}

int st_ctx_interrupt(struct ctx *c)
{
	if (c->dead || c->stopped || c->interrupted)
		return 0;
	if (c->starting) {
		c->start_interrupt = true;
		return 0;
	}
	if (syscall(SYS_tgkill, c->as->pid, c->tid, STUB_SIG_INTERRUPT) < 0)
		return -errno;
	c->interrupted = true;
	st_watch_interrupt(c);
	return 0;
}

int st_ctx_get_fpregs(struct ctx *c, void *buf, size_t *len)
{
	if (c->dead || !c->stopped)
		return -ESRCH;
	if (c->fast) {
		int r = st_convert(c);
		if (r < 0)
			return r;
	}
	size_t n = *len < S.xsize ? *len : S.xsize;
	if (c->starting && !c->start_fp) {
		/* A new thread's state: the x87 and SSE control words only. */
		memset(buf, 0, n);
		uint16_t fcw = 0x37f;
		uint32_t mxcsr = 0x1f80;
		if (n >= 28) {
			memcpy(buf, &fcw, sizeof(fcw));
			memcpy((uint8_t *)buf + 24, &mxcsr, sizeof(mxcsr));
		}
	} else {
		memcpy(buf, c->starting ? c->start_fp : slot_ptr(c, c->fp_off), n);
	}
	*len = n;
	return 0;
}

/* The checks the kernel makes of a user xsave image before it loads it
 * (validate_user_xstate_header, the MXCSR mask), so that rt_sigreturn
 * never refuses what ptrace's PTRACE_SETREGSET would have taken. */
static bool xstate_valid(const uint8_t *x, size_t len)
{
	if (len < XSTATE_HDR_OFFSET + 64)
		return false;
	uint32_t mxcsr;
	memcpy(&mxcsr, x + 24, 4);
	if (mxcsr & ~S.mxcsr_mask)
		return false;
	uint64_t bv, comp, features;
	memcpy(&bv, x + XSTATE_HDR_OFFSET, 8);
	memcpy(&comp, x + XSTATE_HDR_OFFSET + 8, 8);
	memcpy(&features, S.sw_bytes + 8, 8);
	if (bv & ~features || comp)
		return false;
	for (size_t i = 16; i < 64; i++)
		if (x[XSTATE_HDR_OFFSET + i])
			return false;
	return true;
}

int st_ctx_set_fpregs(struct ctx *c, const void *buf, size_t len)
{
	if (c->dead || !c->stopped)
		return -ESRCH;
	if (c->fast) {
		int r = st_convert(c);
		if (r < 0)
			return r;
	}
	if (len > S.xsize || !xstate_valid(buf, len))
		return -EINVAL;
	if (c->starting) {
		if (!c->start_fp && !(c->start_fp = calloc(1, S.xsize)))
			return -ENOMEM;
		memcpy(c->start_fp, buf, len);
		return 0;
	}
	load_fp(c, buf, len);
	return 0;
}
