/* A guest's seccomp filters (kernel/seccomp.c, the classic-BPF checks of
 * net/core/filter.c).  The sentry, not the host, runs them: the guest's
 * syscalls never reach the host kernel, so the guest's own filters must be
 * applied where its syscalls are handled. */
#define _GNU_SOURCE
#include "../mm/syscall_patch.h"
#include "seccomp.h"

#ifndef SYS_SECCOMP
#define SYS_SECCOMP 1 /* si_code of a seccomp SIGSYS */
#endif

#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "../../abi/syscalls.h"
#include "../../util/log.h"
#include "../mm/mm.h"
#include "cred.h"
#include "signal.h"
#include "task.h"

struct seccomp_filter {
	int refs;
	bool log; /* SECCOMP_FILTER_FLAG_LOG */
	struct seccomp_filter *prev;
	unsigned len;
	struct sock_filter insns[];
};

/* Any path through the filter tree: at most 256 KiB of instructions. */
#define MAX_INSNS_PER_PATH ((1 << 18) / sizeof(struct sock_filter))
#define MAX_ERRNO	   4095

#define SECCOMP_FILTER_FLAG_MASK                                                                   \
	(SECCOMP_FILTER_FLAG_TSYNC | SECCOMP_FILTER_FLAG_LOG | SECCOMP_FILTER_FLAG_SPEC_ALLOW |    \
	 SECCOMP_FILTER_FLAG_NEW_LISTENER | SECCOMP_FILTER_FLAG_TSYNC_ESRCH |                      \
	 SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV)

/* --- filter objects --- */

void seccomp_put(struct seccomp_filter *f)
{
	/* Free single-reference branches iteratively (__put_seccomp_filter). */
	while (f && --f->refs == 0) {
		struct seccomp_filter *prev = f->prev;
		free(f);
		f = prev;
	}
}

void seccomp_fork(struct task *p, const struct task *parent)
{
	p->seccomp_mode = parent->seccomp_mode;
	p->seccomp = parent->seccomp;
	if (p->seccomp)
		p->seccomp->refs++;
}

int seccomp_filter_count(const struct task *t)
{
	int n = 0;
	for (const struct seccomp_filter *f = t->seccomp; f; f = f->prev)
		n++;
	return n;
}

/* --- checking a filter --- */

/* chk_code_allowed: the classic BPF opcodes Linux knows at all. */
static bool code_allowed(uint16_t code)
{
	switch (code) {
	case BPF_ALU | BPF_ADD | BPF_K:
	case BPF_ALU | BPF_ADD | BPF_X:
	case BPF_ALU | BPF_SUB | BPF_K:
	case BPF_ALU | BPF_SUB | BPF_X:
	case BPF_ALU | BPF_MUL | BPF_K:
	case BPF_ALU | BPF_MUL | BPF_X:
	case BPF_ALU | BPF_DIV | BPF_K:
	case BPF_ALU | BPF_DIV | BPF_X:
	case BPF_ALU | BPF_MOD | BPF_K:
	case BPF_ALU | BPF_MOD | BPF_X:
	case BPF_ALU | BPF_AND | BPF_K:
	case BPF_ALU | BPF_AND | BPF_X:
	case BPF_ALU | BPF_OR | BPF_K:
	case BPF_ALU | BPF_OR | BPF_X:
	case BPF_ALU | BPF_XOR | BPF_K:
	case BPF_ALU | BPF_XOR | BPF_X:
	case BPF_ALU | BPF_LSH | BPF_K:
	case BPF_ALU | BPF_LSH | BPF_X:
	case BPF_ALU | BPF_RSH | BPF_K:
	case BPF_ALU | BPF_RSH | BPF_X:
	case BPF_ALU | BPF_NEG:
	case BPF_LD | BPF_W | BPF_ABS:
	case BPF_LD | BPF_H | BPF_ABS:
	case BPF_LD | BPF_B | BPF_ABS:
	case BPF_LD | BPF_W | BPF_LEN:
	case BPF_LD | BPF_W | BPF_IND:
	case BPF_LD | BPF_H | BPF_IND:
	case BPF_LD | BPF_B | BPF_IND:
	case BPF_LD | BPF_IMM:
	case BPF_LD | BPF_MEM:
	case BPF_LDX | BPF_W | BPF_LEN:
	case BPF_LDX | BPF_B | BPF_MSH:
	case BPF_LDX | BPF_IMM:
	case BPF_LDX | BPF_MEM:
	case BPF_ST:
	case BPF_STX:
	case BPF_MISC | BPF_TAX:
	case BPF_MISC | BPF_TXA:
	case BPF_RET | BPF_K:
	case BPF_RET | BPF_A:
	case BPF_JMP | BPF_JA:
	case BPF_JMP | BPF_JEQ | BPF_K:
	case BPF_JMP | BPF_JEQ | BPF_X:
	case BPF_JMP | BPF_JGE | BPF_K:
	case BPF_JMP | BPF_JGE | BPF_X:
	case BPF_JMP | BPF_JGT | BPF_K:
	case BPF_JMP | BPF_JGT | BPF_X:
	case BPF_JMP | BPF_JSET | BPF_K:
	case BPF_JMP | BPF_JSET | BPF_X:
		return true;
	default:
		return false;
	}
}

static bool is_cond_jump(uint16_t code)
{
	return BPF_CLASS(code) == BPF_JMP && BPF_OP(code) != BPF_JA;
}

/* check_load_and_stores: no scratch cell is read on any path before it
 * was written (the interpreter does not clear them). */
static int check_load_and_stores(const struct sock_filter *f, unsigned len)
{
	uint16_t *masks = malloc(len * sizeof(*masks));
	uint16_t valid = 0;
	if (!masks)
		return -ENOMEM;
	memset(masks, 0xff, len * sizeof(*masks));
	int r = 0;
	for (unsigned pc = 0; pc < len; pc++) {
		valid &= masks[pc];
		uint16_t code = f[pc].code;
		if (code == BPF_ST || code == BPF_STX) {
			valid |= (uint16_t)(1U << f[pc].k);
		} else if (code == (BPF_LD | BPF_MEM) || code == (BPF_LDX | BPF_MEM)) {
			if (!(valid & (1U << f[pc].k))) {
				r = -EINVAL;
				break;
			}
		} else if (code == (BPF_JMP | BPF_JA)) {
			masks[pc + 1 + f[pc].k] &= valid;
			valid = 0xffff;
		} else if (is_cond_jump(code)) {
			masks[pc + 1 + f[pc].jt] &= valid;
			masks[pc + 1 + f[pc].jf] &= valid;
			valid = 0xffff;
		}
	}
	free(masks);
	return r;
}

/* bpf_check_classic: known opcodes, no constant division by zero or
 * oversized shift, scratch cells in range, every jump inside the program,
 * and a return at the end. */
static int bpf_check_classic(const struct sock_filter *f, unsigned len)
{
	for (unsigned pc = 0; pc < len; pc++) {
		const struct sock_filter *in = &f[pc];
		if (!code_allowed(in->code))
			return -EINVAL;
		switch (in->code) {
		case BPF_ALU | BPF_DIV | BPF_K:
		case BPF_ALU | BPF_MOD | BPF_K:
			if (in->k == 0)
				return -EINVAL;
			break;
		case BPF_ALU | BPF_LSH | BPF_K:
		case BPF_ALU | BPF_RSH | BPF_K:
			if (in->k >= 32)
				return -EINVAL;
			break;
		case BPF_LD | BPF_MEM:
		case BPF_LDX | BPF_MEM:
		case BPF_ST:
		case BPF_STX:
			if (in->k >= BPF_MEMWORDS)
				return -EINVAL;
			break;
		case BPF_JMP | BPF_JA:
			if (in->k >= len - pc - 1)
				return -EINVAL;
			break;
		case BPF_LD | BPF_W | BPF_ABS:
		case BPF_LD | BPF_H | BPF_ABS:
		case BPF_LD | BPF_B | BPF_ABS:
			/* Socket ancillary loads: none is meaningful to seccomp,
			 * which refuses them next anyway. */
			if (in->k >= (uint32_t)SKF_AD_OFF &&
			    in->k - (uint32_t)SKF_AD_OFF >= SKF_AD_MAX)
				return -EINVAL;
			break;
		default:
			if (is_cond_jump(in->code) &&
			    (pc + in->jt + 1 >= len || pc + in->jf + 1 >= len))
				return -EINVAL;
			break;
		}
	}
	uint16_t last = f[len - 1].code;
	if (last != (BPF_RET | BPF_K) && last != (BPF_RET | BPF_A))
		return -EINVAL;
	return check_load_and_stores(f, len);
}

/* seccomp_check_filter: the opcodes seccomp allows, loads of whole
 * aligned words of struct seccomp_data, and BPF_LEN as its size. */
static int seccomp_check_filter(struct sock_filter *f, unsigned len)
{
	for (unsigned pc = 0; pc < len; pc++) {
		struct sock_filter *in = &f[pc];
		switch (in->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (in->k >= sizeof(struct seccomp_data) || (in->k & 3))
				return -EINVAL;
			continue;
		case BPF_LD | BPF_W | BPF_LEN:
			in->code = BPF_LD | BPF_IMM;
			in->k = sizeof(struct seccomp_data);
			continue;
		case BPF_LDX | BPF_W | BPF_LEN:
			in->code = BPF_LDX | BPF_IMM;
			in->k = sizeof(struct seccomp_data);
			continue;
		case BPF_RET | BPF_K:
		case BPF_RET | BPF_A:
		case BPF_ALU | BPF_ADD | BPF_K:
		case BPF_ALU | BPF_ADD | BPF_X:
		case BPF_ALU | BPF_SUB | BPF_K:
		case BPF_ALU | BPF_SUB | BPF_X:
		case BPF_ALU | BPF_MUL | BPF_K:
		case BPF_ALU | BPF_MUL | BPF_X:
		case BPF_ALU | BPF_DIV | BPF_K:
		case BPF_ALU | BPF_DIV | BPF_X:
		case BPF_ALU | BPF_AND | BPF_K:
		case BPF_ALU | BPF_AND | BPF_X:
		case BPF_ALU | BPF_OR | BPF_K:
		case BPF_ALU | BPF_OR | BPF_X:
		case BPF_ALU | BPF_XOR | BPF_K:
		case BPF_ALU | BPF_XOR | BPF_X:
		case BPF_ALU | BPF_LSH | BPF_K:
		case BPF_ALU | BPF_LSH | BPF_X:
		case BPF_ALU | BPF_RSH | BPF_K:
		case BPF_ALU | BPF_RSH | BPF_X:
		case BPF_ALU | BPF_NEG:
		case BPF_LD | BPF_IMM:
		case BPF_LDX | BPF_IMM:
		case BPF_MISC | BPF_TAX:
		case BPF_MISC | BPF_TXA:
		case BPF_LD | BPF_MEM:
		case BPF_LDX | BPF_MEM:
		case BPF_ST:
		case BPF_STX:
		case BPF_JMP | BPF_JA:
		case BPF_JMP | BPF_JEQ | BPF_K:
		case BPF_JMP | BPF_JEQ | BPF_X:
		case BPF_JMP | BPF_JGE | BPF_K:
		case BPF_JMP | BPF_JGE | BPF_X:
		case BPF_JMP | BPF_JGT | BPF_K:
		case BPF_JMP | BPF_JGT | BPF_X:
		case BPF_JMP | BPF_JSET | BPF_K:
		case BPF_JMP | BPF_JSET | BPF_X:
			continue;
		default:
			return -EINVAL;
		}
	}
	return 0;
}

/* --- running a filter --- */

/* The classic BPF interpreter over struct seccomp_data.  The checks above
 * guarantee forward jumps inside the program, aligned loads inside the
 * data and written scratch cells, so every program ends in a return. */
static uint32_t bpf_run(const struct seccomp_filter *fl, const struct seccomp_data *sd)
{
	uint32_t A = 0, X = 0, M[BPF_MEMWORDS];
	const unsigned char *data = (const unsigned char *)sd;
	for (unsigned pc = 0; pc < fl->len; pc++) {
		const struct sock_filter *in = &fl->insns[pc];
		uint32_t k = in->k;
		switch (in->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			memcpy(&A, data + k, sizeof(A));
			break;
		case BPF_LD | BPF_IMM:
			A = k;
			break;
		case BPF_LDX | BPF_IMM:
			X = k;
			break;
		case BPF_LD | BPF_MEM:
			A = M[k];
			break;
		case BPF_LDX | BPF_MEM:
			X = M[k];
			break;
		case BPF_ST:
			M[k] = A;
			break;
		case BPF_STX:
			M[k] = X;
			break;
		case BPF_MISC | BPF_TAX:
			X = A;
			break;
		case BPF_MISC | BPF_TXA:
			A = X;
			break;
		case BPF_ALU | BPF_ADD | BPF_K:
			A += k;
			break;
		case BPF_ALU | BPF_ADD | BPF_X:
			A += X;
			break;
		case BPF_ALU | BPF_SUB | BPF_K:
			A -= k;
			break;
		case BPF_ALU | BPF_SUB | BPF_X:
			A -= X;
			break;
		case BPF_ALU | BPF_MUL | BPF_K:
			A *= k;
			break;
		case BPF_ALU | BPF_MUL | BPF_X:
			A *= X;
			break;
		case BPF_ALU | BPF_DIV | BPF_K:
			A /= k;
			break;
		case BPF_ALU | BPF_DIV | BPF_X:
			/* Classic BPF ends the program with 0 on a division by
			 * zero (bpf_convert_filter). */
			if (X == 0)
				return 0;
			A /= X;
			break;
		case BPF_ALU | BPF_AND | BPF_K:
			A &= k;
			break;
		case BPF_ALU | BPF_AND | BPF_X:
			A &= X;
			break;
		case BPF_ALU | BPF_OR | BPF_K:
			A |= k;
			break;
		case BPF_ALU | BPF_OR | BPF_X:
			A |= X;
			break;
		case BPF_ALU | BPF_XOR | BPF_K:
			A ^= k;
			break;
		case BPF_ALU | BPF_XOR | BPF_X:
			A ^= X;
			break;
		case BPF_ALU | BPF_LSH | BPF_K:
			A <<= k;
			break;
		case BPF_ALU | BPF_LSH | BPF_X:
			A <<= X & 31; /* as the eBPF interpreter masks it */
			break;
		case BPF_ALU | BPF_RSH | BPF_K:
			A >>= k;
			break;
		case BPF_ALU | BPF_RSH | BPF_X:
			A >>= X & 31;
			break;
		case BPF_ALU | BPF_NEG:
			A = -A;
			break;
		case BPF_JMP | BPF_JA:
			pc += k;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
			pc += A == k ? in->jt : in->jf;
			break;
		case BPF_JMP | BPF_JEQ | BPF_X:
			pc += A == X ? in->jt : in->jf;
			break;
		case BPF_JMP | BPF_JGE | BPF_K:
			pc += A >= k ? in->jt : in->jf;
			break;
		case BPF_JMP | BPF_JGE | BPF_X:
			pc += A >= X ? in->jt : in->jf;
			break;
		case BPF_JMP | BPF_JGT | BPF_K:
			pc += A > k ? in->jt : in->jf;
			break;
		case BPF_JMP | BPF_JGT | BPF_X:
			pc += A > X ? in->jt : in->jf;
			break;
		case BPF_JMP | BPF_JSET | BPF_K:
			pc += (A & k) ? in->jt : in->jf;
			break;
		case BPF_JMP | BPF_JSET | BPF_X:
			pc += (A & X) ? in->jt : in->jf;
			break;
		case BPF_RET | BPF_K:
			return k;
		case BPF_RET | BPF_A:
			return A;
		default:
			return SECCOMP_RET_KILL_PROCESS; /* cannot happen: checked */
		}
	}
	return SECCOMP_RET_KILL_PROCESS;
}

/* The lowest action of every filter wins, newest first on ties
 * (seccomp_run_filters); *match is the filter that gave it. */
static uint32_t run_filters(const struct task *t, const struct seccomp_data *sd,
			    const struct seccomp_filter **match)
{
	uint32_t ret = SECCOMP_RET_ALLOW;
	for (const struct seccomp_filter *f = t->seccomp; f; f = f->prev) {
		uint32_t cur = bpf_run(f, sd);
		if ((int32_t)(cur & SECCOMP_RET_ACTION_FULL) <
		    (int32_t)(ret & SECCOMP_RET_ACTION_FULL)) {
			ret = cur;
			*match = f;
		}
	}
	return ret;
}

/* SIGSYS for a trapped syscall: si_errno carries the filter's data. */
static void seccomp_send_sigsys(struct task *t, int nr, int reason)
{
	siginfo_t info;
	memset(&info, 0, sizeof(info));
	info.si_signo = SIGSYS;
	info.si_code = SYS_SECCOMP;
	info.si_errno = reason;
	info.si_call_addr = (void *)t->regs.gp.rip;
	info.si_syscall = nr;
	info.si_arch = AUDIT_ARCH_X86_64;
	force_sig_from_host(t, &info);
}

static void seccomp_log(struct task *t, long nr, uint32_t action, bool requested)
{
	if (requested || action == SECCOMP_RET_LOG || action == SECCOMP_RET_KILL_THREAD ||
	    action == SECCOMP_RET_KILL_PROCESS) {
		const char *name = syscall_name(nr);
		sbx_dbg("seccomp: task %d syscall %s action %#x", t->tid, name ? name : "?",
			action);
	}
}

/* The syscalls strict mode allows (mode1_syscalls). */
static bool strict_allowed(long nr)
{
	return nr == __NR_read || nr == __NR_write || nr == __NR_exit || nr == __NR_rt_sigreturn;
}

bool seccomp_syscall_denied(struct task *t, long *ret)
{
	if (t->seccomp_mode == SECCOMP_MODE_DISABLED || t->sc.seccomp_done)
		return false;
	t->sc.seccomp_done = true;
	long nr = t->sc.nr;
	if (t->seccomp_mode == SECCOMP_MODE_STRICT) {
		if (strict_allowed(nr))
			return false;
		seccomp_log(t, nr, SECCOMP_RET_KILL_THREAD, true);
		do_exit(t, WSTATUS_SIGNALED(SIGKILL, false));
		*ret = -SBX_NORESUME;
		return true;
	}
	struct seccomp_data sd = {
	    .nr = (int)nr,
	    .arch = AUDIT_ARCH_X86_64,
	    .instruction_pointer = t->regs.gp.rip,
	};
	memcpy(sd.args, t->sc.args, sizeof(sd.args));
	const struct seccomp_filter *match = NULL;
	uint32_t filter_ret = run_filters(t, &sd, &match);
	int data = (int)(filter_ret & SECCOMP_RET_DATA);
	uint32_t action = filter_ret & SECCOMP_RET_ACTION_FULL;
	bool log = match && match->log;
	switch (action) {
	case SECCOMP_RET_ALLOW:
		return false;
	case SECCOMP_RET_LOG:
		seccomp_log(t, nr, action, true);
		return false;
	case SECCOMP_RET_ERRNO:
		seccomp_log(t, nr, action, log);
		*ret = -(data > MAX_ERRNO ? MAX_ERRNO : data);
		return true;
	case SECCOMP_RET_TRAP:
		/* The handler sees the original registers: rax holds the
		 * syscall number again (syscall_rollback). */
		seccomp_log(t, nr, action, log);
		seccomp_send_sigsys(t, (int)nr, data);
		*ret = nr;
		return true;
	case SECCOMP_RET_TRACE:
	case SECCOMP_RET_USER_NOTIF:
		/* No tracer can attach to a guest and no listener exists: the
		 * syscall fails with ENOSYS, as with no tracer on Linux. */
		seccomp_log(t, nr, action, log);
		*ret = -ENOSYS;
		return true;
	case SECCOMP_RET_KILL_THREAD:
	case SECCOMP_RET_KILL_PROCESS:
	default:
		seccomp_log(t, nr, action, true);
		/* The process dies of SIGSYS (a core dump), unless only this
		 * thread is to die and others remain. */
		if (action == SECCOMP_RET_KILL_THREAD && t->tg->live > 1)
			do_exit(t, WSTATUS_SIGNALED(SIGSYS, false));
		else
			do_group_exit(t, sig_death_status(t, SIGSYS));
		*ret = -SBX_NORESUME;
		return true;
	}
}

/* --- installing --- */

static long seccomp_set_mode_strict(struct task *t)
{
	if (t->seccomp_mode && t->seccomp_mode != SECCOMP_MODE_STRICT)
		return -EINVAL;
	t->seccomp_mode = SECCOMP_MODE_STRICT;
	syscall_patch_disable(t->mm);
	return 0;
}

static bool is_ancestor(const struct seccomp_filter *parent, const struct seccomp_filter *child)
{
	if (!parent)
		return true;
	for (; child; child = child->prev)
		if (child == parent)
			return true;
	return false;
}

/* seccomp_prepare_user_filter: copy the program in, then check it. */
static long prepare_filter(struct task *t, uint64_t ufprog, struct seccomp_filter **out)
{
	struct sock_fprog fprog;
	if (copy_from_user(t->mm, &fprog, ufprog, sizeof(fprog)) < 0)
		return -EFAULT;
	if (fprog.len == 0 || fprog.len > BPF_MAXINSNS)
		return -EINVAL;
	/* Without no_new_privs, only CAP_SYS_ADMIN may bind its children to
	 * a filter (they might be privileged programs). */
	if (!t->no_new_privs && !capable(t, CAP_SYS_ADMIN))
		return -EACCES;
	if (!fprog.filter)
		return -EINVAL; /* bpf_check_basics_ok */
	struct seccomp_filter *f = calloc(1, sizeof(*f) + fprog.len * sizeof(struct sock_filter));
	if (!f)
		return -ENOMEM;
	f->len = fprog.len;
	if (copy_from_user(t->mm, f->insns, (uint64_t)fprog.filter,
			   fprog.len * sizeof(struct sock_filter)) < 0) {
		free(f);
		return -EFAULT;
	}
	long r = bpf_check_classic(f->insns, f->len);
	if (r == 0)
		r = seccomp_check_filter(f->insns, f->len);
	if (r < 0) {
		free(f);
		return r;
	}
	f->refs = 1;
	*out = f;
	return 0;
}

static long seccomp_set_mode_filter(struct task *t, unsigned flags, uint64_t ufprog)
{
	if (flags & ~(unsigned)SECCOMP_FILTER_FLAG_MASK)
		return -EINVAL;
	/* TSYNC reports a failing thread by its tid, NEW_LISTENER answers
	 * with an fd: together they are ambiguous unless TSYNC_ESRCH. */
	if ((flags & SECCOMP_FILTER_FLAG_TSYNC) && (flags & SECCOMP_FILTER_FLAG_NEW_LISTENER) &&
	    !(flags & SECCOMP_FILTER_FLAG_TSYNC_ESRCH))
		return -EINVAL;
	if ((flags & SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV) &&
	    !(flags & SECCOMP_FILTER_FLAG_NEW_LISTENER))
		return -EINVAL;
	/* User notification (listener fds) is not offered: the flag is
	 * refused as a kernel without the feature refuses it, before the
	 * filter is even read, so that libraries probing for it see it
	 * missing. */
	if (flags & SECCOMP_FILTER_FLAG_NEW_LISTENER)
		return -EINVAL;
	struct seccomp_filter *f = NULL;
	long r = prepare_filter(t, ufprog, &f);
	if (r < 0)
		return r;
	if (t->seccomp_mode && t->seccomp_mode != SECCOMP_MODE_FILTER) {
		free(f);
		return -EINVAL;
	}
	unsigned long total = f->len;
	for (const struct seccomp_filter *w = t->seccomp; w; w = w->prev)
		total += w->len + 4; /* a 4-instruction penalty per filter */
	if (total > MAX_INSNS_PER_PATH) {
		free(f);
		return -ENOMEM;
	}
	if (flags & SECCOMP_FILTER_FLAG_TSYNC) {
		struct task *th;
		TAILQ_FOREACH(th, &t->tg->threads, tg_link)
		{
			if (th == t || th->state == TASK_DEAD)
				continue;
			if (th->seccomp_mode == SECCOMP_MODE_DISABLED ||
			    (th->seccomp_mode == SECCOMP_MODE_FILTER &&
			     is_ancestor(th->seccomp, t->seccomp)))
				continue;
			free(f);
			return (flags & SECCOMP_FILTER_FLAG_TSYNC_ESRCH) ? -ESRCH : th->tid;
		}
	}
	f->log = (flags & SECCOMP_FILTER_FLAG_LOG) != 0;
	f->prev = t->seccomp; /* the task's reference moves to the new filter */
	t->seccomp = f;
	t->seccomp_mode = SECCOMP_MODE_FILTER;
	/* Its SIGSYS handlers may read the syscall instructions: the
	 * process's patched ones get their bytes back. */
	syscall_patch_disable(t->mm);
	if (flags & SECCOMP_FILTER_FLAG_TSYNC) {
		struct task *th;
		TAILQ_FOREACH(th, &t->tg->threads, tg_link)
		{
			if (th == t || th->state == TASK_DEAD)
				continue;
			f->refs++;
			seccomp_put(th->seccomp);
			th->seccomp = f;
			/* A thread may not escape no_new_privs by dying later. */
			if (t->no_new_privs)
				th->no_new_privs = true;
			th->seccomp_mode = SECCOMP_MODE_FILTER;
		}
	}
	return 0;
}

static long seccomp_get_action_avail(struct task *t, uint64_t uaction)
{
	uint32_t action;
	if (copy_from_user(t->mm, &action, uaction, sizeof(action)) < 0)
		return -EFAULT;
	switch (action) {
	case SECCOMP_RET_KILL_PROCESS:
	case SECCOMP_RET_KILL_THREAD:
	case SECCOMP_RET_TRAP:
	case SECCOMP_RET_ERRNO:
	case SECCOMP_RET_TRACE:
	case SECCOMP_RET_LOG:
	case SECCOMP_RET_ALLOW:
		return 0;
	default:
		/* SECCOMP_RET_USER_NOTIF among them: no listeners here. */
		return -EOPNOTSUPP;
	}
}

long do_seccomp(struct task *t, unsigned op, unsigned flags, uint64_t uargs)
{
	switch (op) {
	case SECCOMP_SET_MODE_STRICT:
		if (flags != 0 || uargs != 0)
			return -EINVAL;
		return seccomp_set_mode_strict(t);
	case SECCOMP_SET_MODE_FILTER:
		return seccomp_set_mode_filter(t, flags, uargs);
	case SECCOMP_GET_ACTION_AVAIL:
		if (flags != 0)
			return -EINVAL;
		return seccomp_get_action_avail(t, uargs);
	default:
		/* SECCOMP_GET_NOTIF_SIZES among them: without user
		 * notification it is an unknown operation, as before 5.0. */
		return -EINVAL;
	}
}

long prctl_set_seccomp(struct task *t, unsigned long mode, uint64_t filter)
{
	switch (mode) {
	case SECCOMP_MODE_STRICT:
		/* prctl always ignored the filter argument in strict mode. */
		return do_seccomp(t, SECCOMP_SET_MODE_STRICT, 0, 0);
	case SECCOMP_MODE_FILTER:
		return do_seccomp(t, SECCOMP_SET_MODE_FILTER, 0, filter);
	default:
		return -EINVAL;
	}
}
