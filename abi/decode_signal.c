/* Decoders: signals (sigaction, masks, siginfo, sigaltstack).  strace:
 * signal.c, printsiginfo.c. */
#define _GNU_SOURCE
#include "decode_priv.h"

#include <signal.h>
#include <stddef.h>
#include <stdlib.h>

/* struct sigaction as rt_sigaction passes it on x86-64. */
struct k_sigaction {
	uint64_t handler, flags, restorer;
	uint8_t mask[8];
};

#define K_SA_RESTORER 0x04000000 /* <asm/signal.h>, which clashes with <signal.h> */

static void fmt_k_sigaction(struct dec *d, const void *p)
{
	const struct k_sigaction *a = p;
	struct sbuf *sb = d->sb;
	sb_puts(sb, "{sa_handler=");
	if (a->handler == (uint64_t)(uintptr_t)SIG_DFL)
		sb_puts(sb, "SIG_DFL");
	else if (a->handler == (uint64_t)(uintptr_t)SIG_IGN)
		sb_puts(sb, "SIG_IGN");
	else
		fmt_addr(sb, a->handler);
	sb_puts(sb, ", sa_mask=");
	fmt_sigset(sb, a->mask, 8);
	sb_puts(sb, ", sa_flags=");
	fmt_flags(sb, &xlat_sigact_flags, a->flags, "SA_???");
	if (a->flags & K_SA_RESTORER) {
		sb_puts(sb, ", sa_restorer=");
		fmt_addr(sb, a->restorer);
	}
	sb_putc(sb, '}');
}

DECODER(rt_sigaction)
{
	if (!d->exiting) {
		p_signal(d, d->a[0]);
		p_struct(d, d->a[1], sizeof(struct k_sigaction), fmt_k_sigaction);
		return DEC_MORE;
	}
	p_struct(d, d->a[2], sizeof(struct k_sigaction), fmt_k_sigaction);
	p_ulong(d, d->a[3]);
	return DEC_DONE;
}

DECODER(rt_sigprocmask)
{
	if (!d->exiting) {
		p_xval(d, &xlat_sigprocmask_cmds, (uint32_t)d->a[0], "SIG_???");
		p_sigset(d, d->a[1], d->a[3]);
		return DEC_MORE;
	}
	p_sigset(d, d->a[2], d->a[3]);
	p_ulong(d, d->a[3]);
	return DEC_DONE;
}

DECODER(rt_sigpending)
{
	if (!d->exiting)
		return DEC_MORE;
	p_sigset(d, d->a[0], d->a[1]);
	p_ulong(d, d->a[1]);
	return DEC_DONE;
}

DECODER(rt_sigsuspend)
{
	p_sigset(d, d->a[0], d->a[1]);
	p_ulong(d, d->a[1]);
	return DEC_DONE;
}

DECODER(rt_sigtimedwait)
{
	if (!d->exiting) {
		p_sigset(d, d->a[0], d->a[3]);
		if (d->a[1])
			return DEC_MORE;
		p_addr(d, d->a[1]);
		p_timespec(d, d->a[2]);
		p_ulong(d, d->a[3]);
		return DEC_MORE_RAW; /* for the signal's name after the result */
	}
	if (d->a[1]) {
		p_struct(d, d->a[1], sizeof(siginfo_t), fmt_siginfo);
		p_timespec(d, d->a[2]);
		p_ulong(d, d->a[3]);
	}
	if (!dec_failed(d)) {
		struct sbuf s = SBUF_INIT;
		fmt_signame(&s, (int)d->rval);
		dec_rstr(d, "%s", sb_str(&s));
		sb_free(&s);
	}
	return DEC_DONE;
}

DECODER(rt_sigqueueinfo)
{
	p_int(d, d->a[0]);
	p_signal(d, d->a[1]);
	p_struct(d, d->a[2], sizeof(siginfo_t), fmt_siginfo);
	return DEC_DONE;
}

DECODER(rt_tgsigqueueinfo)
{
	p_int(d, d->a[0]);
	p_int(d, d->a[1]);
	p_signal(d, d->a[2]);
	p_struct(d, d->a[3], sizeof(siginfo_t), fmt_siginfo);
	return DEC_DONE;
}

/* The kernel's ucontext (uapi asm-generic/ucontext.h): the mask comes
 * after uc_flags, uc_link, uc_stack and the 256-byte sigcontext. */
#define UC_SIGMASK_OFFSET (8 + 8 + sizeof(stack_t) + 256)

DECODER(rt_sigreturn)
{
	/* The handler's `ret` popped pretcode: rsp points at the ucontext. */
	uint8_t mask[8];
	dec_arg(d);
	sb_puts(d->sb, "{mask=");
	if (dec_read(d, mask, d->sp + UC_SIGMASK_OFFSET, sizeof(mask)) < 0)
		fmt_addr(d->sb, d->sp + UC_SIGMASK_OFFSET);
	else
		fmt_sigset(d->sb, mask, sizeof(mask));
	sb_putc(d->sb, '}');
	return DEC_DONE;
}

static void fmt_stack_t(struct dec *d, const void *p)
{
	const stack_t *s = p;
	sb_puts(d->sb, "{ss_sp=");
	fmt_addr(d->sb, (uint64_t)(uintptr_t)s->ss_sp);
	sb_puts(d->sb, ", ss_flags=");
	fmt_flags(d->sb, &xlat_sigaltstack_flags, (uint32_t)s->ss_flags, "SS_???");
	sb_printf(d->sb, ", ss_size=%lu}", (unsigned long)s->ss_size);
}

DECODER(sigaltstack)
{
	if (!d->exiting) {
		p_struct(d, d->a[0], sizeof(stack_t), fmt_stack_t);
		return DEC_MORE;
	}
	p_struct(d, d->a[1], sizeof(stack_t), fmt_stack_t);
	return DEC_DONE;
}

DECODER(uint) /* alarm */
{
	p_uint(d, d->a[0]);
	return DEC_DONE;
}

DECODER(restart_syscall)
{
	dec_arg(d);
	sb_printf(d->sb, "<... resuming interrupted %s ...>",
		  d->restart_name ? d->restart_name : "call");
	return DEC_DONE;
}

/* --- siginfo -------------------------------------------------------------- */

static const struct xlat *si_code_table(int signo)
{
	switch (signo) {
	case SIGTRAP:
		return &xlat_sigtrap_codes;
	case SIGCHLD:
		return &xlat_sigchld_codes;
	case SIGIO:
		return &xlat_sigpoll_codes;
	case SIGILL:
		return &xlat_sigill_codes;
	case SIGFPE:
		return &xlat_sigfpe_codes;
	case SIGSEGV:
		return &xlat_sigsegv_codes;
	case SIGBUS:
		return &xlat_sigbus_codes;
	case SIGSYS:
		return &xlat_sigsys_codes;
	}
	return NULL;
}

/* Clock ticks, with seconds beside them (USER_HZ, 100 on x86-64). */
static void fmt_clock_t(struct sbuf *sb, long v)
{
	sb_printf(sb, "%ld", v);
	if (v)
		sb_printf(sb, " /* %ld.%02ld s */", v / 100, labs(v % 100));
}

static void print_sigsource(struct sbuf *sb, const siginfo_t *si)
{
	sb_printf(sb, ", si_pid=%d, si_uid=%u", si->si_pid, (unsigned)si->si_uid);
}

static void print_sigval(struct sbuf *sb, const siginfo_t *si)
{
	sb_printf(sb, ", si_int=%d, si_ptr=", si->si_int);
	fmt_addr(sb, (uint64_t)(uintptr_t)si->si_ptr);
}

void fmt_siginfo(struct dec *d, const void *p)
{
	const siginfo_t *si = p;
	struct sbuf *sb = d->sb;
	sb_putc(sb, '{');
	if (!si->si_signo) {
		sb_putc(sb, '}');
		return;
	}
	sb_puts(sb, "si_signo=");
	fmt_signame(sb, si->si_signo);
	sb_puts(sb, ", si_code=");
	const char *code = xlat_name(&xlat_si_codes, (uint64_t)(int64_t)si->si_code);
	if (!code && si_code_table(si->si_signo))
		code = xlat_name(si_code_table(si->si_signo), (uint64_t)(int64_t)si->si_code);
	if (code)
		sb_puts(sb, code);
	else
		fmt_hex(sb, (uint32_t)si->si_code);
	if (si->si_errno) {
		const char *e = errno_name(si->si_errno);
		if (e)
			sb_printf(sb, ", si_errno=%s", e);
		else
			sb_printf(sb, ", si_errno=%d", si->si_errno);
	}
	if (si->si_code <= 0) {
		switch (si->si_code) {
		case SI_USER:
		case SI_TKILL:
			print_sigsource(sb, si);
			break;
		case SI_TIMER:
			sb_printf(sb, ", si_timerid=%#x, si_overrun=%d", (unsigned)si->si_timerid,
				  si->si_overrun);
			print_sigval(sb, si);
			break;
		case SI_SIGIO:
			sb_printf(sb, ", si_band=%ld, si_fd=%d", (long)si->si_band, si->si_fd);
			break;
		default:
			print_sigsource(sb, si);
			if (si->si_ptr)
				print_sigval(sb, si);
		}
	} else {
		switch (si->si_signo) {
		case SIGCHLD:
			print_sigsource(sb, si);
			sb_puts(sb, ", si_status=");
			if (si->si_code == CLD_EXITED)
				sb_printf(sb, "%d", si->si_status);
			else
				fmt_signame(sb, si->si_status);
			sb_puts(sb, ", si_utime=");
			fmt_clock_t(sb, (long)si->si_utime);
			sb_puts(sb, ", si_stime=");
			fmt_clock_t(sb, (long)si->si_stime);
			break;
		case SIGILL:
		case SIGFPE:
		case SIGBUS:
		case SIGSEGV:
		case SIGTRAP:
			sb_puts(sb, ", si_addr=");
			fmt_addr(sb, (uint64_t)(uintptr_t)si->si_addr);
			break;
		case SIGIO:
			if (si->si_code == POLL_IN || si->si_code == POLL_OUT ||
			    si->si_code == POLL_MSG)
				sb_printf(sb, ", si_band=%ld, si_fd=%d", (long)si->si_band,
					  si->si_fd);
			break;
		case SIGSYS: {
			sb_puts(sb, ", si_call_addr=");
			fmt_addr(sb, (uint64_t)(uintptr_t)si->si_call_addr);
			const char *name = syscall_name(si->si_syscall);
			if (name)
				sb_printf(sb, ", si_syscall=__NR_%s", name);
			else
				sb_printf(sb, ", si_syscall=%d", si->si_syscall);
			sb_puts(sb, ", si_arch=");
			fmt_xval(sb, &xlat_audit_archs, si->si_arch, "AUDIT_ARCH_???");
			break;
		}
		default:
			if (si->si_pid || si->si_uid)
				print_sigsource(sb, si);
			if (si->si_ptr)
				print_sigval(sb, si);
		}
	}
	sb_putc(sb, '}');
}
