/* systrap: syscalls through the fast entry.
 *
 * A syscall instruction the sentry patched (sentry/mm/syscall_patch.c)
 * jumps, through its thunk, to the stub's fast entry, which saves the
 * general registers in the thread's slot and posts them as an event:
 * no seccomp trap, no signal frame, no rt_sigreturn.  The entry can give
 * back every general register and the flags; for anything else (the FP
 * registers, TF, new fs or gs bases, a rip that is not rcx) the sentry has the thread trap at STUB_FAST_TRAP_IP first and goes
 * on from the signal frame that makes, as for any other event.
 *
 * Everything in the slot is the guest's to write: what the entry posts is
 * no more than registers of the guest's choosing, as a syscall has.
 */
#define _GNU_SOURCE
#include "systrap_impl.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../../util/log.h"

/* What popfq may change in user mode, TF aside: OF DF SF ZF AF PF CF
 * and AC, ID; a new TF takes a full frame. */
#define USER_FLAGS 0x240cd5ULL
/* How long a thread asked to trap may take before its stub is killed. */
#define CONVERT_TIMEOUT_NS (2ULL * 1000 * 1000 * 1000)

/* A host signal the stub kept with the event goes to the sentry as the
 * control thread's would (EV_HOST_SIGNAL). */
static void take_deferred(struct ctx *c)
{
	struct stub_slot *sl = c->sl;
	int sig = __atomic_load_n(&sl->deferred_sig, __ATOMIC_ACQUIRE);
	if (!sig)
		return;
	siginfo_t info;
	memcpy(&info, sl->deferred_info, sizeof(info));
	sl->deferred_sig = 0;
	if (sig > 0 && sig <= 64 && sig != SIGKILL && sig != SIGSTOP) {
		info.si_signo = sig;
		defer_signal(c->as, &info);
	}
}

int st_read_fast(struct ctx *c)
{
	take_deferred(c);
	uint64_t f[STUB_FR_NREGS];
	memcpy(f, c->sl->fast, sizeof(f));
	struct user_regs_struct *r = &c->frame;
	/* What the fast entry does not save is what the thread last resumed
	 * with: fs and gs bases, segments. */
	*r = c->regs;
	r->rbx = f[STUB_FR_RBX], r->rdx = f[STUB_FR_RDX], r->rsi = f[STUB_FR_RSI];
	r->rdi = f[STUB_FR_RDI], r->rbp = f[STUB_FR_RBP], r->rsp = f[STUB_FR_RSP];
	r->r8 = f[STUB_FR_R8], r->r9 = f[STUB_FR_R9], r->r10 = f[STUB_FR_R10];
	r->r12 = f[STUB_FR_R12], r->r13 = f[STUB_FR_R13], r->r14 = f[STUB_FR_R14];
	r->r15 = f[STUB_FR_R15];
	r->eflags = f[STUB_FR_FLAGS];
	/* As a syscall instruction leaves them: rip after it, rcx = rip,
	 * r11 = rflags; the number in orig_rax and -ENOSYS in rax, as at a
	 * PTRACE_SYSEMU stop. */
	r->rip = f[STUB_FR_RCX] + 2;
	r->rcx = r->rip;
	r->r11 = r->eflags;
	r->orig_rax = f[STUB_FR_RAX];
	r->rax = (uint64_t)-ENOSYS;
	c->regs = *r;
	c->fast = true;
	return ST_SYSCALL;
}

bool st_fast_resume(struct ctx *c, const struct user_regs_struct *r)
{
	const struct user_regs_struct *f = &c->frame;
	if (r->rip != r->rcx || ((r->eflags ^ f->eflags) & ~USER_FLAGS) || r->cs != f->cs ||
	    r->ss != f->ss || r->fs_base != f->fs_base || r->gs_base != f->gs_base)
		return false;
	volatile uint64_t *o = c->sl->fast;
	/* Only what changed: for a syscall's result, one cache line. */
#define PUT(i, reg)                                                                                \
	do {                                                                                       \
		if (o[i] != r->reg)                                                                \
			o[i] = r->reg;                                                             \
	} while (0)
	PUT(STUB_FR_RAX, rax);
	PUT(STUB_FR_RBX, rbx);
	PUT(STUB_FR_RCX, rip);
	PUT(STUB_FR_RDX, rdx);
	PUT(STUB_FR_RSI, rsi);
	PUT(STUB_FR_RDI, rdi);
	PUT(STUB_FR_RBP, rbp);
	PUT(STUB_FR_RSP, rsp);
	PUT(STUB_FR_R8, r8);
	PUT(STUB_FR_R9, r9);
	PUT(STUB_FR_R10, r10);
	PUT(STUB_FR_R11, r11);
	PUT(STUB_FR_R12, r12);
	PUT(STUB_FR_R13, r13);
	PUT(STUB_FR_R14, r14);
	PUT(STUB_FR_R15, r15);
#undef PUT
	if (o[STUB_FR_FLAGS] != r->eflags)
		o[STUB_FR_FLAGS] = r->eflags;
	c->sl->cmd = STUB_CMD_RESUME;
	return true;
}

static bool thread_alive(struct ctx *c)
{
	return syscall(SYS_tgkill, c->as->pid, c->tid, 0) == 0;
}

int st_convert(struct ctx *c)
{
	struct user_regs_struct keep = c->regs;
	struct stub_slot *sl = c->sl;
	__atomic_store_n(&sl->cmd, STUB_CMD_CONVERT, __ATOMIC_SEQ_CST);
	st_release(sl);
	uint64_t start = st_now_ns();
	for (unsigned n = 1;; n++) {
		if (__atomic_load_n(&sl->state, __ATOMIC_ACQUIRE) == STUB_SLOT_WAITING)
			break;
		if (n < 4096 && !c->pinned) {
			__builtin_ia32_pause(); /* it runs on another CPU */
			continue;
		}
		if (n % 64 == 0 && (st_now_ns() - start > CONVERT_TIMEOUT_NS || !thread_alive(c)))
			goto lost;
		sched_yield();
	}
	siginfo_t info;
	int kind = st_read_event(c, &info);
	c->regs = keep;
	if (kind == ST_INTERRUPT ||
	    (kind == ST_SIGNAL && info.si_signo == SIGTRAP && c->frame.rip == STUB_FAST_TRAP_IP))
		return 0;
	if (kind == ST_SIGNAL) {
		/* A host signal came as it was released: the frame serves,
		 * and the signal goes to the sentry after this. */
		defer_signal(c->as, &info);
		return 0;
	}
lost:
	sbx_msg("systrap: thread %d of stub %d did not trap from its fast entry; killing the stub",
		c->tid, c->as->pid);
	kill(c->as->pid, SIGKILL);
	c->regs = keep;
	c->fast = false;
	return -ESRCH;
}
