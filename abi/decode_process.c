/* Decoders: processes and threads (clone, execve, wait, prctl, futex,
 * scheduling).  strace: clone.c, execve.c, wait.c, prctl.c, futex.c,
 * affinity.c, sched.c. */
#define _GNU_SOURCE
#include "decode_priv.h"

#include <asm/prctl.h>
#include <linux/futex.h>
#include <linux/prctl.h>
#include <linux/sched.h>
#include <linux/wait.h>
#include <signal.h>
#include <stddef.h>
#include <sys/resource.h>

/* --- clone ------------------------------------------------------------- */

DECODER(clone)
{
	uint64_t flags = d->a[0] & ~(uint64_t)CSIGNAL;
	if (!d->exiting) {
		dec_arg(d);
		sb_puts(d->sb, "child_stack=");
		fmt_addr(d->sb, d->a[1]);
		dec_arg(d);
		sb_puts(d->sb, "flags=");
		fmt_clone_flags(d->sb, d->a[0]);
		if (!(flags & (CLONE_PARENT_SETTID | CLONE_PIDFD | CLONE_CHILD_SETTID |
			       CLONE_CHILD_CLEARTID | CLONE_SETTLS)))
			return DEC_DONE;
		return DEC_MORE_RAW;
	}
	if (flags & (CLONE_PARENT_SETTID | CLONE_PIDFD)) {
		dec_arg(d);
		sb_puts(d->sb, "parent_tid=");
		int v;
		if (!d->a[2])
			sb_puts(d->sb, "NULL");
		else if (dec_failed(d) || dec_read(d, &v, d->a[2], sizeof(v)) < 0)
			fmt_addr(d->sb, d->a[2]);
		else
			sb_printf(d->sb, "[%d]", v);
	}
	if (flags & CLONE_SETTLS) {
		dec_arg(d);
		sb_puts(d->sb, "tls=");
		fmt_addr(d->sb, d->a[4]);
	}
	if (flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) {
		dec_arg(d);
		sb_puts(d->sb, "child_tidptr=");
		fmt_addr(d->sb, d->a[3]);
	}
	return DEC_DONE;
}

static void fmt_clone_args(struct dec *d, const void *p)
{
	const struct clone_args *c = p;
	struct sbuf *sb = d->sb;
	sb_puts(sb, "{flags=");
	fmt_flags2(sb, &xlat_clone_flags, &xlat_clone3_flags, c->flags, "CLONE_???");
	if (c->flags & CLONE_PIDFD)
		sb_printf(sb, ", pidfd=%#llx", (unsigned long long)c->pidfd);
	if (c->flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) {
		sb_puts(sb, ", child_tid=");
		fmt_addr(sb, c->child_tid);
	}
	if (c->flags & CLONE_PARENT_SETTID) {
		sb_puts(sb, ", parent_tid=");
		fmt_addr(sb, c->parent_tid);
	}
	sb_puts(sb, ", exit_signal=");
	if (c->exit_signal < 0x7fffffff)
		fmt_signame(sb, (int)c->exit_signal);
	else
		sb_printf(sb, "%llu", (unsigned long long)c->exit_signal);
	sb_puts(sb, ", stack=");
	fmt_addr(sb, c->stack);
	sb_puts(sb, ", stack_size=");
	fmt_hex(sb, c->stack_size);
	if (c->flags & CLONE_SETTLS) {
		sb_puts(sb, ", tls=");
		fmt_addr(sb, c->tls);
	}
	if (c->set_tid || c->set_tid_size) {
		sb_puts(sb, ", set_tid=");
		fmt_addr(sb, c->set_tid);
		sb_printf(sb, ", set_tid_size=%llu", (unsigned long long)c->set_tid_size);
	}
	if (c->cgroup || (c->flags & CLONE_INTO_CGROUP))
		sb_printf(sb, ", cgroup=%llu", (unsigned long long)c->cgroup);
	sb_putc(sb, '}');
}

#define CLONE_ARGS_MIN offsetof(struct clone_args, set_tid)

DECODER(clone3)
{
	uint64_t addr = d->a[0], size = d->a[1];
	struct clone_args c = {0};
	size_t fetch = size < sizeof(c) ? (size_t)size : sizeof(c);
	if (!d->exiting) {
		dec_arg(d);
		if (fetch < CLONE_ARGS_MIN || dec_read(d, &c, addr, fetch) < 0) {
			fmt_addr(d->sb, addr);
			p_ulong(d, size);
			return DEC_DONE;
		}
		fmt_clone_args(d, &c);
		if (c.flags & (CLONE_PIDFD | CLONE_PARENT_SETTID))
			return DEC_MORE_RAW;
		p_ulong(d, size);
		return DEC_DONE;
	}
	if (!dec_failed(d) && dec_read(d, &c, addr, fetch) == 0) {
		const char *sep = " => {";
		if (c.flags & CLONE_PIDFD) {
			int fd;
			sb_puts(d->sb, sep);
			sep = ", ";
			sb_puts(d->sb, "pidfd=");
			if (dec_read(d, &fd, c.pidfd, sizeof(fd)) == 0)
				sb_printf(d->sb, "[%d]", fd);
			else
				fmt_addr(d->sb, c.pidfd);
		}
		if (c.flags & CLONE_PARENT_SETTID) {
			int tid;
			sb_puts(d->sb, sep);
			sep = ", ";
			sb_puts(d->sb, "parent_tid=");
			if (dec_read(d, &tid, c.parent_tid, sizeof(tid)) == 0)
				sb_printf(d->sb, "[%d]", tid);
			else
				fmt_addr(d->sb, c.parent_tid);
		}
		if (sep[0] == ',')
			sb_putc(d->sb, '}');
	}
	p_ulong(d, size);
	return DEC_DONE;
}

/* --- execve ---------------------------------------------------------- */

void f_argv(struct dec *d, uint64_t addr)
{
	if (!addr) {
		sb_puts(d->sb, "NULL");
		return;
	}
	for (unsigned n = 0;; n++) {
		uint64_t p;
		if (dec_read(d, &p, addr, sizeof(p)) < 0) {
			if (n == 0)
				fmt_addr(d->sb, addr);
			else
				sb_printf(d->sb, ", ... /* %#lx */]", (unsigned long)addr);
			return;
		}
		if (!p) {
			if (n == 0)
				sb_putc(d->sb, '[');
			break;
		}
		if (n >= d->strsize) {
			sb_puts(d->sb, ", ...");
			break;
		}
		sb_puts(d->sb, n ? ", " : "[");
		f_str(d, p);
		addr += sizeof(p);
	}
	sb_putc(d->sb, ']');
}

void f_envc(struct dec *d, uint64_t addr)
{
	fmt_addr(d->sb, addr);
	if (!addr)
		return;
	unsigned n = 0;
	uint64_t p;
	while (n < 1000000 && dec_read(d, &p, addr + n * sizeof(p), sizeof(p)) == 0 && p)
		n++;
	sb_printf(d->sb, " /* %u var%s */", n, n == 1 ? "" : "s");
}

DECODER(execve)
{
	p_path(d, d->a[0]);
	dec_arg(d);
	f_argv(d, d->a[1]);
	dec_arg(d);
	f_envc(d, d->a[2]);
	return DEC_DONE;
}

DECODER(execveat)
{
	p_dirfd(d, d->a[0]);
	p_path(d, d->a[1]);
	dec_arg(d);
	f_argv(d, d->a[2]);
	dec_arg(d);
	f_envc(d, d->a[3]);
	p_flags(d, &xlat_at_flags, (uint32_t)d->a[4], "AT_???");
	return DEC_DONE;
}

DECODER(exit) /* exit, exit_group */
{
	p_int(d, d->a[0]);
	return DEC_DONE;
}

/* --- wait ------------------------------------------------------------ */

static void fmt_rusage(struct dec *d, const void *p)
{
	const struct rusage *r = p;
	sb_puts(d->sb, "{ru_utime=");
	fmt_timeval(d, &r->ru_utime);
	sb_puts(d->sb, ", ru_stime=");
	fmt_timeval(d, &r->ru_stime);
	sb_puts(d->sb, ", ...}");
}

static void fmt_status(struct dec *d, const void *p)
{
	sb_putc(d->sb, '[');
	fmt_wait_status(d->sb, *(const int *)p);
	sb_putc(d->sb, ']');
}

DECODER(wait4)
{
	if (!d->exiting) {
		p_int(d, d->a[0]);
		return DEC_MORE;
	}
	if (d->rval == 0)
		p_addr(d, d->a[1]);
	else
		p_struct(d, d->a[1], sizeof(int), fmt_status);
	p_flags(d, &xlat_wait_options, (uint32_t)d->a[2], "W???");
	if (d->rval > 0)
		p_struct(d, d->a[3], sizeof(struct rusage), fmt_rusage);
	else
		p_addr(d, d->a[3]);
	return DEC_DONE;
}

DECODER(waitid)
{
	if (!d->exiting) {
		p_xval(d, &xlat_waitid_types, (uint32_t)d->a[0], "P_???");
		p_int(d, d->a[1]);
		return DEC_MORE;
	}
	p_struct(d, d->a[2], sizeof(siginfo_t), fmt_siginfo);
	p_flags(d, &xlat_wait_options, (uint32_t)d->a[3], "W???");
	p_struct(d, d->a[4], sizeof(struct rusage), fmt_rusage);
	return DEC_DONE;
}

DECODER(getrusage)
{
	if (!d->exiting) {
		dec_arg(d);
		fmt_xval_d(d->sb, &xlat_rusage_who, (int)d->a[0], "RUSAGE_???");
		return DEC_MORE;
	}
	p_struct(d, d->a[1], sizeof(struct rusage), fmt_rusage);
	return DEC_DONE;
}

DECODER(set_tid_address)
{
	p_addr(d, d->a[0]);
	return DEC_DONE;
}

DECODER(int_int) /* setpgid, dup2-like pairs of ints */
{
	p_int(d, d->a[0]);
	p_int(d, d->a[1]);
	return DEC_DONE;
}

DECODER(kill) /* kill, tkill */
{
	p_int(d, d->a[0]);
	p_signal(d, d->a[1]);
	return DEC_DONE;
}

DECODER(tgkill)
{
	p_int(d, d->a[0]);
	p_int(d, d->a[1]);
	p_signal(d, d->a[2]);
	return DEC_DONE;
}

/* --- prctl, arch_prctl -------------------------------------------------- */

static void prctl_rest(struct dec *d, int from)
{
	for (int i = from; i < 5; i++)
		p_hex(d, d->a[i]);
}

DECODER(prctl)
{
	int op = (int)d->a[0];
	if (!d->exiting) {
		p_xval(d, &xlat_prctl_options, (uint32_t)op, "PR_???");
		switch (op) {
		case PR_SET_NAME:
			dec_arg(d);
			{
				unsigned saved = d->strsize;
				d->strsize = 15 < saved ? 15 : saved;
				f_str(d, d->a[1]);
				d->strsize = saved;
			}
			return DEC_DONE;
		case PR_GET_NAME:
		case PR_GET_PDEATHSIG:
		case PR_GET_CHILD_SUBREAPER:
		case PR_GET_TID_ADDRESS:
			return DEC_MORE_RAW;
		case PR_SET_PDEATHSIG:
			p_signal(d, d->a[1]);
			return DEC_DONE;
		case PR_SET_DUMPABLE:
			p_xval(d, &xlat_suid_dump, d->a[1], "SUID_DUMP_???");
			return DEC_DONE;
		case PR_SET_CHILD_SUBREAPER:
		case PR_SET_KEEPCAPS:
		case PR_SET_TIMERSLACK:
		case PR_SET_THP_DISABLE:
		case PR_CAPBSET_READ:
		case PR_CAPBSET_DROP:
			if (op == PR_CAPBSET_READ || op == PR_CAPBSET_DROP)
				p_xval(d, &xlat_capabilities, d->a[1], "CAP_???");
			else
				p_ulong(d, d->a[1]);
			return DEC_DONE;
		case PR_SET_NO_NEW_PRIVS:
			p_ulong(d, d->a[1]);
			prctl_rest(d, 2);
			return DEC_DONE;
		case PR_GET_DUMPABLE:
			return DEC_MORE_RAW;
		case PR_GET_KEEPCAPS:
		case PR_GET_TIMERSLACK:
		case PR_GET_NO_NEW_PRIVS:
		case PR_GET_THP_DISABLE:
		case PR_GET_SECCOMP:
		case PR_TASK_PERF_EVENTS_DISABLE:
		case PR_TASK_PERF_EVENTS_ENABLE:
			if (op == PR_GET_NO_NEW_PRIVS)
				prctl_rest(d, 1);
			return DEC_DONE;
		case PR_SET_VMA:
			p_xval(d, &xlat_pr_set_vma, d->a[1], "PR_SET_VMA_???");
			p_addr(d, d->a[2]);
			p_ulong(d, d->a[3]);
			p_str(d, d->a[4]);
			return DEC_DONE;
		default:
			prctl_rest(d, 1);
			return DEC_DONE;
		}
	}
	switch (op) {
	case PR_GET_DUMPABLE:
		if (!dec_failed(d) && xlat_name(&xlat_suid_dump, (uint64_t)d->rval))
			dec_rstr(d, "%s", xlat_name(&xlat_suid_dump, (uint64_t)d->rval));
		break;
	case PR_GET_NAME:
		dec_arg(d);
		if (dec_failed(d)) {
			fmt_addr(d->sb, d->a[1]);
		} else {
			unsigned saved = d->strsize;
			d->strsize = 15 < saved ? 15 : saved;
			f_str(d, d->a[1]);
			d->strsize = saved;
		}
		break;
	case PR_GET_PDEATHSIG: {
		int sig;
		dec_arg(d);
		if (!d->a[1])
			sb_puts(d->sb, "NULL");
		else if (dec_failed(d) || dec_read(d, &sig, d->a[1], sizeof(sig)) < 0)
			fmt_addr(d->sb, d->a[1]);
		else {
			sb_putc(d->sb, '[');
			fmt_signame(d->sb, sig);
			sb_putc(d->sb, ']');
		}
		break;
	}
	case PR_GET_CHILD_SUBREAPER:
		p_int_ptr(d, d->a[1]);
		break;
	case PR_GET_TID_ADDRESS: {
		uint64_t v;
		dec_arg(d);
		if (dec_failed(d) || dec_read(d, &v, d->a[1], sizeof(v)) < 0)
			fmt_addr(d->sb, d->a[1]);
		else
			sb_printf(d->sb, "[%#lx]", (unsigned long)v);
		break;
	}
	}
	return DEC_DONE;
}

DECODER(arch_prctl)
{
	int code = (int)d->a[0];
	if (!d->exiting) {
		p_xval(d, &xlat_arch_prctl_codes, (uint32_t)code, "ARCH_???");
		if (code == ARCH_GET_FS || code == ARCH_GET_GS)
			return DEC_MORE_RAW;
		if (code == ARCH_GET_CPUID)
			return DEC_DONE;
		if (code == ARCH_SET_CPUID)
			p_int(d, d->a[1]);
		else
			p_hex(d, d->a[1]);
		return DEC_DONE;
	}
	uint64_t v;
	dec_arg(d);
	if (dec_failed(d) || dec_read(d, &v, d->a[1], sizeof(v)) < 0)
		fmt_addr(d->sb, d->a[1]);
	else
		sb_printf(d->sb, "[%#lx]", (unsigned long)v);
	return DEC_DONE;
}

/* --- futex ------------------------------------------------------------- */

static void fmt_futex_op(struct sbuf *sb, uint32_t op)
{
	const char *s = xlat_name(&xlat_futex_ops, op & ~(uint32_t)FUTEX_CLOCK_REALTIME);
	if (!s) {
		fmt_hex(sb, op);
		sb_puts(sb, " /* FUTEX_??? */");
		return;
	}
	sb_puts(sb, s);
	if (op & FUTEX_CLOCK_REALTIME)
		sb_puts(sb, "|FUTEX_CLOCK_REALTIME");
}

static void p_val3(struct dec *d, uint32_t v)
{
	dec_arg(d);
	if (v == FUTEX_BITSET_MATCH_ANY)
		sb_puts(d->sb, "FUTEX_BITSET_MATCH_ANY");
	else
		fmt_hex(d->sb, v);
}

static void p_wake_op(struct dec *d, uint32_t v)
{
	dec_arg(d);
	unsigned op = (v >> 28) & 7, cmp = (v >> 24) & 15;
	sb_putc(d->sb, '{');
	if (v & (FUTEX_OP_OPARG_SHIFT << 28))
		sb_puts(d->sb, "FUTEX_OP_OPARG_SHIFT<<28|");
	fmt_xval(d->sb, &xlat_futex_wake_ops, op, "FUTEX_OP_???");
	sb_printf(d->sb, "<<28, %#x<<12, ", (v >> 12) & 0xfff);
	fmt_xval(d->sb, &xlat_futex_wake_cmps, cmp, "FUTEX_OP_CMP_???");
	sb_printf(d->sb, "<<24, %#x}", v & 0xfff);
}

/* futex_waitv's array of struct futex_waitv (strace: futex_waitv.c). */
DECODER(futex_waitv)
{
	dec_arg(d);
	uint64_t n = (uint32_t)d->a[1];
	if (!d->a[0] || n == 0 || n > 128) {
		fmt_addr(d->sb, d->a[0]);
	} else {
		sb_putc(d->sb, '[');
		for (uint64_t i = 0; i < n; i++) {
			struct {
				uint64_t val, uaddr;
				uint32_t flags, reserved;
			} w;
			if (i)
				sb_puts(d->sb, ", ");
			if (i == 32) {
				sb_puts(d->sb, "...");
				break;
			}
			if (dec_read(d, &w, d->a[0] + i * sizeof(w), sizeof(w)) < 0) {
				fmt_addr(d->sb, d->a[0] + i * sizeof(w));
				break;
			}
			sb_printf(d->sb, "{val=%#llx, uaddr=", (unsigned long long)w.val);
			fmt_addr(d->sb, w.uaddr);
			sb_printf(d->sb, ", flags=%#x}", w.flags);
		}
		sb_putc(d->sb, ']');
	}
	p_uint(d, d->a[1]);
	p_hex(d, (uint32_t)d->a[2]);
	p_timespec(d, d->a[3]);
	p_xval(d, &xlat_clocks, (uint32_t)d->a[4], "CLOCK_???");
	return DEC_DONE;
}

DECODER(futex)
{
	uint32_t op = (uint32_t)d->a[1];
	uint32_t cmd = op & FUTEX_CMD_MASK;
	p_addr(d, d->a[0]);
	dec_arg(d);
	fmt_futex_op(d->sb, op);
	if (!xlat_name(&xlat_futex_ops, op & ~(uint32_t)FUTEX_CLOCK_REALTIME)) {
		p_uint(d, d->a[2]);
		p_addr(d, d->a[3]);
		p_addr(d, d->a[4]);
		p_uint(d, d->a[5]);
		return DEC_DONE;
	}
	switch (cmd) {
	case FUTEX_WAIT:
		p_uint(d, d->a[2]);
		p_timespec(d, d->a[3]);
		break;
	case FUTEX_LOCK_PI:
	case FUTEX_LOCK_PI2:
		p_timespec(d, d->a[3]);
		break;
	case FUTEX_WAIT_BITSET:
		p_uint(d, d->a[2]);
		p_timespec(d, d->a[3]);
		p_val3(d, (uint32_t)d->a[5]);
		break;
	case FUTEX_WAKE_BITSET:
		p_uint(d, d->a[2]);
		p_val3(d, (uint32_t)d->a[5]);
		break;
	case FUTEX_REQUEUE:
		p_uint(d, d->a[2]);
		p_uint(d, d->a[3]);
		p_addr(d, d->a[4]);
		break;
	case FUTEX_CMP_REQUEUE:
	case FUTEX_CMP_REQUEUE_PI:
		p_uint(d, d->a[2]);
		p_uint(d, d->a[3]);
		p_addr(d, d->a[4]);
		p_uint(d, d->a[5]);
		break;
	case FUTEX_WAKE_OP:
		p_uint(d, d->a[2]);
		p_uint(d, d->a[3]);
		p_addr(d, d->a[4]);
		p_wake_op(d, (uint32_t)d->a[5]);
		break;
	case FUTEX_WAIT_REQUEUE_PI:
		p_uint(d, d->a[2]);
		p_timespec(d, d->a[3]);
		p_addr(d, d->a[4]);
		break;
	case FUTEX_UNLOCK_PI:
	case FUTEX_TRYLOCK_PI:
		break;
	case FUTEX_WAKE:
	default:
		p_uint(d, d->a[2]);
		break;
	}
	return DEC_DONE;
}

DECODER(set_robust_list)
{
	p_addr(d, d->a[0]);
	p_ulong(d, d->a[1]);
	return DEC_DONE;
}

DECODER(get_robust_list)
{
	if (!d->exiting) {
		p_int(d, d->a[0]);
		return DEC_MORE;
	}
	uint64_t v;
	dec_arg(d);
	if (!d->a[1])
		sb_puts(d->sb, "NULL");
	else if (dec_failed(d) || dec_read(d, &v, d->a[1], sizeof(v)) < 0)
		fmt_addr(d->sb, d->a[1]);
	else
		sb_printf(d->sb, "[%#lx]", (unsigned long)v);
	p_uint64_ptr(d, d->a[2]);
	return DEC_DONE;
}

DECODER(rseq)
{
	p_addr(d, d->a[0]);
	p_hex(d, (uint32_t)d->a[1]);
	p_flags(d, &xlat_rseq_flags, (uint32_t)d->a[2], "RSEQ_FLAG_???");
	p_hex(d, (uint32_t)d->a[3]);
	return DEC_DONE;
}

/* --- scheduling ------------------------------------------------------- */

/* A CPU mask of @len bytes: `[0 1 2 3]`. */
static void p_cpus(struct dec *d, uint64_t addr, uint64_t len)
{
	dec_arg(d);
	unsigned char buf[1024];
	if (!addr) {
		sb_puts(d->sb, "NULL");
		return;
	}
	if (len > sizeof(buf))
		len = sizeof(buf);
	if (dec_failed(d) || dec_read(d, buf, addr, (size_t)len) < 0) {
		fmt_addr(d->sb, addr);
		return;
	}
	bool first = true;
	sb_putc(d->sb, '[');
	for (uint64_t i = 0; i < len * 8; i++)
		if (buf[i / 8] & (1U << (i % 8))) {
			if (!first)
				sb_putc(d->sb, ' ');
			first = false;
			sb_printf(d->sb, "%lu", (unsigned long)i);
		}
	sb_putc(d->sb, ']');
}

DECODER(sched_getaffinity)
{
	if (!d->exiting) {
		p_int(d, d->a[0]);
		p_uint(d, d->a[1]);
		return DEC_MORE;
	}
	p_cpus(d, d->a[2], dec_failed(d) ? 0 : (uint64_t)d->rval);
	return DEC_DONE;
}

DECODER(sched_setaffinity)
{
	p_int(d, d->a[0]);
	p_uint(d, d->a[1]);
	p_cpus(d, d->a[2], d->a[1]);
	return DEC_DONE;
}

DECODER(sched_getparam) /* sched_getparam (exit), sched_setparam */
{
	if (d->nr == __NR_sched_getparam && !d->exiting) {
		p_int(d, d->a[0]);
		return DEC_MORE;
	}
	if (d->nr != __NR_sched_getparam)
		p_int(d, d->a[0]);
	p_int_ptr(d, d->a[1]);
	return DEC_DONE;
}

DECODER(sched_setscheduler)
{
	p_int(d, d->a[0]);
	p_xval(d, &xlat_sched_policies, (uint32_t)d->a[1], "SCHED_???");
	p_int_ptr(d, d->a[2]);
	return DEC_DONE;
}

DECODER(sched_policy) /* sched_getscheduler, sched_get_priority_max/min */
{
	if (d->nr == __NR_sched_getscheduler) {
		if (!d->exiting) {
			p_int(d, d->a[0]);
			return DEC_MORE_RAW;
		}
		if (!dec_failed(d)) {
			const char *s = xlat_name(&xlat_sched_policies, (uint64_t)d->rval);
			if (s)
				dec_rstr(d, "%s", s);
		}
		return DEC_DONE;
	}
	p_xval(d, &xlat_sched_policies, (uint32_t)d->a[0], "SCHED_???");
	return DEC_DONE;
}

DECODER(getpriority)
{
	p_xval(d, &xlat_prio_which, (uint32_t)d->a[0], "PRIO_???");
	p_int(d, d->a[1]);
	return DEC_DONE;
}

DECODER(setpriority)
{
	decode_getpriority(d);
	p_int(d, d->a[2]);
	return DEC_DONE;
}

DECODER(getcpu)
{
	if (!d->exiting)
		return DEC_MORE;
	p_int_ptr(d, d->a[0]);
	p_int_ptr(d, d->a[1]);
	p_addr(d, d->a[2]);
	return DEC_DONE;
}

/* --- pidfds, namespaces -------------------------------------------------- */

DECODER(pidfd_open)
{
	p_int(d, d->a[0]);
	p_flags(d, &xlat_pidfd_flags, (uint32_t)d->a[1], "PIDFD_???");
	return DEC_DONE;
}

DECODER(pidfd_send_signal)
{
	p_int(d, d->a[0]);
	p_signal(d, d->a[1]);
	p_struct(d, d->a[2], sizeof(siginfo_t), fmt_siginfo);
	p_hex(d, (uint32_t)d->a[3]);
	return DEC_DONE;
}

DECODER(pidfd_getfd)
{
	p_int(d, d->a[0]);
	p_int(d, d->a[1]);
	p_hex(d, (uint32_t)d->a[2]);
	return DEC_DONE;
}

DECODER(unshare)
{
	p_flags(d, &xlat_unshare_flags, d->a[0], "CLONE_???");
	return DEC_DONE;
}

DECODER(setns)
{
	p_int(d, d->a[0]);
	p_flags(d, &xlat_unshare_flags, (uint32_t)d->a[1], "CLONE_NEW???");
	return DEC_DONE;
}

DECODER(personality)
{
	if (!d->exiting) {
		p_hex(d, (uint32_t)d->a[0]);
		return DEC_MORE_RAW;
	}
	if (!dec_failed(d)) {
		struct sbuf s = SBUF_INIT;
		uint32_t v = (uint32_t)d->rval;
		fmt_xval(&s, &xlat_personality_types, v & 0xff, "PER_???");
		if (v & ~0xffU) {
			sb_putc(&s, '|');
			fmt_flags_rest(&s, &xlat_personality_flags, v & ~0xffU);
		}
		d->rv = RV_HEX;
		dec_rstr(d, "%s", sb_str(&s));
		sb_free(&s);
	}
	return DEC_DONE;
}

DECODER(seccomp)
{
	p_xval(d, &xlat_seccomp_ops, (uint32_t)d->a[0], "SECCOMP_SET_MODE_???");
	p_hex(d, (uint32_t)d->a[1]);
	p_addr(d, d->a[2]);
	return DEC_DONE;
}
