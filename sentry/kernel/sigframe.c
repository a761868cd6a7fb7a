#define _GNU_SOURCE
#include "sigframe.h"

#include <asm/ucontext.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "../../abi/uapi_extra.h"
#include "../../platform/platform.h"
#include "../mm/mm.h"
#include "signal.h"
#include "task.h"

/* struct ucontext as the kernel lays it out (include/uapi/asm-generic/
 * ucontext.h with the kernel's 8-byte sigset_t), and struct rt_sigframe
 * (arch/x86/include/asm/sigframe.h).  struct sigcontext, stack_t and
 * siginfo_t are the uapi ones through glibc. */
struct kernel_ucontext {
	uint64_t uc_flags;
	uint64_t uc_link;
	stack_t uc_stack;
	struct sigcontext uc_mcontext;
	uint64_t uc_sigmask;
};

struct rt_sigframe {
	uint64_t pretcode;
	struct kernel_ucontext uc;
	siginfo_t info;
};

_Static_assert(sizeof(struct sigcontext) == 256, "sigcontext layout");
_Static_assert(sizeof(struct rt_sigframe) == 440, "rt_sigframe layout");
_Static_assert(offsetof(struct rt_sigframe, info) == 312, "rt_sigframe layout");

#define EFLAGS_CF 0x1UL
#define EFLAGS_PF 0x4UL
#define EFLAGS_AF 0x10UL
#define EFLAGS_ZF 0x40UL
#define EFLAGS_SF 0x80UL
#define EFLAGS_TF 0x100UL
#define EFLAGS_DF 0x400UL
#define EFLAGS_OF 0x800UL
#define EFLAGS_RF 0x10000UL
#define EFLAGS_AC 0x40000UL
/* What sigreturn may change (FIX_EFLAGS in arch/x86/kernel/signal.c). */
#define FIX_EFLAGS                                                                                 \
	(EFLAGS_AC | EFLAGS_OF | EFLAGS_DF | EFLAGS_TF | EFLAGS_SF | EFLAGS_ZF | EFLAGS_AF |       \
	 EFLAGS_PF | EFLAGS_CF | EFLAGS_RF)

#define RED_ZONE 128
#define SW_BYTES_OFFSET 464 /* struct _fpx_sw_bytes inside the fxsave area */
#define XSTATE_BV_OFFSET 512

static bool __on_sig_stack(const struct task *t, uint64_t sp)
{
	return sp > t->sas_sp && sp - t->sas_sp <= t->sas_size;
}

/* With SS_AUTODISARM a thread is never "on" its alternate stack: the stack
 * was disarmed when the handler was entered (include/linux/sched/signal.h). */
bool on_sig_stack(const struct task *t, uint64_t sp)
{
	if (t->sas_flags & SS_AUTODISARM)
		return false;
	return __on_sig_stack(t, sp);
}

int sas_ss_flags(const struct task *t, uint64_t sp)
{
	if (!t->sas_size)
		return SS_DISABLE;
	return on_sig_stack(t, sp) ? SS_ONSTACK : 0;
}

void sas_ss_reset(struct task *t)
{
	t->sas_sp = 0;
	t->sas_size = 0;
	t->sas_flags = SS_DISABLE;
}

int do_sigaltstack(struct task *t, const stack_t *ss, uint64_t sp)
{
	if (on_sig_stack(t, sp))
		return -EPERM;
	int mode = ss->ss_flags & ~SS_AUTODISARM;
	if (mode != SS_DISABLE && mode != SS_ONSTACK && mode != 0)
		return -EINVAL;
	uint64_t ss_sp = (uint64_t)ss->ss_sp, ss_size = ss->ss_size;
	if (mode == SS_DISABLE) {
		ss_sp = 0;
		ss_size = 0;
	} else if (ss_size < SBX_MINSIGSTKSZ) {
		return -ENOMEM;
	}
	t->sas_sp = ss_sp;
	t->sas_size = ss_size;
	t->sas_flags = ss->ss_flags;
	return 0;
}

/* The user features the xsave area carries (XCR0), from CPUID. */
static uint64_t xfeatures_user(void)
{
	static uint64_t mask;
	if (!mask) {
		unsigned a, b, c, d;
		__asm__("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0xd), "c"(0));
		mask = ((uint64_t)d << 32) | a;
	}
	return mask;
}

int fpu_reset(struct task *t)
{
	size_t n = platform_xstate_size();
	unsigned char *buf = calloc(1, n);
	if (!buf)
		return -ENOMEM;
	uint16_t fcw = 0x37f;
	uint32_t mxcsr = 0x1f80;
	memcpy(buf, &fcw, sizeof(fcw));
	memcpy(buf + 24, &mxcsr, sizeof(mxcsr));
	int r = ctx_set_fpregs(t->ctx, buf, n);
	free(buf);
	return r;
}

/* Turn an interrupted syscall's restart code into what the handler's
 * SA_RESTART asks (handle_signal). */
static void syscall_restart_for_handler(struct user_regs_struct *r, uint64_t flags)
{
	if ((long)r->orig_rax < 0)
		return;
	switch ((long)r->rax) {
	case -ERESTART_RESTARTBLOCK:
	case -ERESTARTNOHAND:
		r->rax = (uint64_t)-EINTR;
		break;
	case -ERESTARTSYS:
		if (!(flags & SA_RESTART)) {
			r->rax = (uint64_t)-EINTR;
			break;
		}
		/* fall through */
	case -ERESTARTNOINTR:
		r->rax = r->orig_rax;
		r->rip -= 2;
		break;
	default:
		break;
	}
}

static void fill_sigcontext(struct sigcontext *sc, const struct task *t,
			    const struct user_regs_struct *r, uint64_t oldmask, uint64_t fpstate)
{
	memset(sc, 0, sizeof(*sc));
	sc->r8 = r->r8;
	sc->r9 = r->r9;
	sc->r10 = r->r10;
	sc->r11 = r->r11;
	sc->r12 = r->r12;
	sc->r13 = r->r13;
	sc->r14 = r->r14;
	sc->r15 = r->r15;
	sc->rdi = r->rdi;
	sc->rsi = r->rsi;
	sc->rbp = r->rbp;
	sc->rbx = r->rbx;
	sc->rdx = r->rdx;
	sc->rax = r->rax;
	sc->rcx = r->rcx;
	sc->rsp = r->rsp;
	sc->rip = r->rip;
	sc->eflags = r->eflags;
	sc->cs = (unsigned short)r->cs;
	sc->__pad0 = (unsigned short)r->ss; /* the uapi's ss */
	sc->err = t->fault.err;
	sc->trapno = t->fault.trapno;
	sc->oldmask = oldmask;
	sc->cr2 = t->fault.cr2;
	sc->fpstate = (struct _fpstate *)fpstate;
}

int sigframe_setup(struct task *t, int sig, const siginfo_t *info, struct k_sigaction *ka)
{
	struct user_regs_struct *r = &t->regs.gp;
	syscall_restart_for_handler(r, ka->flags);
	if (!(ka->flags & SA_RESTORER))
		return -EFAULT; /* x86-64 has no vDSO fallback for the return */

	uint64_t sp = r->rsp - RED_ZONE;
	bool nested_alt = on_sig_stack(t, r->rsp), entering_alt = false;
	if ((ka->flags & SA_ONSTACK) && sas_ss_flags(t, sp) == 0) {
		sp = t->sas_sp + t->sas_size;
		entering_alt = true;
	}
	size_t xsize = platform_xstate_size();
	uint64_t fp = (sp - (xsize + sizeof(uint32_t))) & ~63UL;
	uint64_t frame = ((fp - sizeof(struct rt_sigframe)) & ~15UL) - 8;
	if ((nested_alt || entering_alt) && !__on_sig_stack(t, frame))
		return -EFAULT;

	/* The FP area: the thread's xsave image, with the software bytes and
	 * the trailing magic that glibc and the kernel check. */
	unsigned char *xbuf = calloc(1, xsize + sizeof(uint32_t));
	if (!xbuf)
		return -EFAULT;
	size_t len = xsize;
	if (ctx_get_fpregs(t->ctx, xbuf, &len) < 0) {
		free(xbuf);
		return -EFAULT;
	}
	struct _fpx_sw_bytes sw = {
		.magic1 = FP_XSTATE_MAGIC1,
		.extended_size = (uint32_t)(xsize + FP_XSTATE_MAGIC2_SIZE),
		.xstate_bv = xfeatures_user(),
		.xstate_size = (uint32_t)xsize,
	};
	memcpy(xbuf + SW_BYTES_OFFSET, &sw, sizeof(sw));
	uint32_t magic2 = FP_XSTATE_MAGIC2;
	memcpy(xbuf + xsize, &magic2, sizeof(magic2));
	int rc = copy_to_user(t->mm, fp, xbuf, xsize + sizeof(uint32_t));
	free(xbuf);
	if (rc < 0)
		return -EFAULT;

	struct rt_sigframe f;
	memset(&f, 0, sizeof(f));
	f.pretcode = ka->restorer;
	f.uc.uc_flags = UC_FP_XSTATE | UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS;
	/* __save_altstack: the flags as sigaltstack last set them. */
	f.uc.uc_stack.ss_sp = (void *)t->sas_sp;
	f.uc.uc_stack.ss_flags = t->sas_flags;
	f.uc.uc_stack.ss_size = t->sas_size;
	uint64_t oldmask = t->restore_sigmask ? t->saved_sigmask : t->blocked;
	fill_sigcontext(&f.uc.uc_mcontext, t, r, oldmask, fp);
	f.uc.uc_sigmask = oldmask;
	f.info = *info;
	if (copy_to_user(t->mm, frame, &f, sizeof(f)) < 0)
		return -EFAULT;
	if (t->sas_flags & SS_AUTODISARM)
		sas_ss_reset(t);

	r->rdi = (uint64_t)sig;
	r->rax = 0;
	r->rsi = frame + offsetof(struct rt_sigframe, info);
	r->rdx = frame + offsetof(struct rt_sigframe, uc);
	r->rip = ka->handler;
	r->rsp = frame;
	r->eflags &= ~(EFLAGS_DF | EFLAGS_RF | EFLAGS_TF);
	fpu_reset(t);

	t->blocked |= ka->mask;
	if (!(ka->flags & SA_NODEFER))
		t->blocked |= SIGBIT(sig);
	t->blocked &= ~SIG_UNBLOCKABLE;
	t->restore_sigmask = false;
	if (ka->flags & SA_RESETHAND)
		ka->handler = (uint64_t)SIG_DFL;
	return 0;
}

/* Restore the FP state from a frame's fpstate (fpu__restore_sig). */
static int restore_fpstate(struct task *t, uint64_t fp)
{
	if (!fp)
		return fpu_reset(t);
	size_t xsize = platform_xstate_size();
	unsigned char *buf = calloc(1, xsize);
	if (!buf)
		return -EFAULT;
	struct _fpx_sw_bytes sw;
	int r = copy_from_user(t->mm, &sw, fp + SW_BYTES_OFFSET, sizeof(sw));
	uint32_t magic2 = 0;
	bool xstate = r == 0 && sw.magic1 == FP_XSTATE_MAGIC1 && sw.xstate_size >= 576 &&
		      sw.xstate_size <= xsize &&
		      sw.extended_size == sw.xstate_size + FP_XSTATE_MAGIC2_SIZE &&
		      copy_from_user(t->mm, &magic2, fp + sw.xstate_size, sizeof(magic2)) == 0 &&
		      magic2 == FP_XSTATE_MAGIC2;
	if (r == 0 && xstate) {
		r = copy_from_user(t->mm, buf, fp, sw.xstate_size);
		/* Features the frame does not carry go back to their init state. */
		uint64_t bv;
		memcpy(&bv, buf + XSTATE_BV_OFFSET, sizeof(bv));
		bv &= sw.xstate_bv;
		memcpy(buf + XSTATE_BV_OFFSET, &bv, sizeof(bv));
	} else if (r == 0) {
		/* A legacy fxsave frame: x87 and SSE only. */
		size_t len = xsize;
		r = ctx_get_fpregs(t->ctx, buf, &len);
		if (r == 0)
			r = copy_from_user(t->mm, buf, fp, 512);
		uint64_t bv = 0x3; /* FP | SSE */
		memcpy(buf + XSTATE_BV_OFFSET, &bv, sizeof(bv));
	}
	memset(buf + SW_BYTES_OFFSET, 0, sizeof(sw));
	if (r == 0)
		r = ctx_set_fpregs(t->ctx, buf, xsize);
	free(buf);
	return r < 0 ? -EFAULT : 0;
}

int sigframe_return(struct task *t)
{
	struct user_regs_struct *r = &t->regs.gp;
	uint64_t frame = r->rsp - 8;
	struct rt_sigframe f;
	if (copy_from_user(t->mm, &f, frame, sizeof(f)) < 0)
		return -EFAULT;
	t->blocked = f.uc.uc_sigmask & ~SIG_UNBLOCKABLE;
	const struct sigcontext *sc = &f.uc.uc_mcontext;
	struct user_regs_struct n = *r;
	n.r8 = sc->r8;
	n.r9 = sc->r9;
	n.r10 = sc->r10;
	n.r11 = sc->r11;
	n.r12 = sc->r12;
	n.r13 = sc->r13;
	n.r14 = sc->r14;
	n.r15 = sc->r15;
	n.rdi = sc->rdi;
	n.rsi = sc->rsi;
	n.rbp = sc->rbp;
	n.rbx = sc->rbx;
	n.rdx = sc->rdx;
	n.rax = sc->rax;
	n.rcx = sc->rcx;
	n.rsp = sc->rsp;
	n.rip = sc->rip;
	n.eflags = (r->eflags & ~FIX_EFLAGS) | (sc->eflags & FIX_EFLAGS);
	n.cs = sc->cs | 3;
	n.ss = sc->__pad0 | 3; /* ss */
	n.orig_rax = (uint64_t)-1; /* no syscall to restart */
	if (restore_fpstate(t, (uint64_t)sc->fpstate) < 0)
		return -EFAULT;
	*r = n;
	/* restore_altstack: only EFAULT would fail the return.  The stack
	 * pointer checked is the frame's, as Linux does: a handler that ran on
	 * the alternate stack cannot change it this way. */
	do_sigaltstack(t, &f.uc.uc_stack, frame + 8);
	return 0;
}
