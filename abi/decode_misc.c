/* Decoders: the rest of the table: tracing, reboot, host names, modules,
 * NUMA policies, bpf, perf, io_uring, the mount API, scheduling
 * attributes, and the obsolete calls strace shows raw too. */
#include "decode_priv.h"

#include <asm/fcntl.h>
#include <linux/sched.h>
#include <linux/sched/types.h>
#include <stddef.h>
#include <sys/uio.h>

DECODER(raw) /* obsolete and unimplemented-anywhere calls: strace's printargs */
{
	dec_raw_args(d, sc_info(d->nr)->nargs);
	return DEC_DONE;
}

DECODER(ptrace)
{
	uint32_t req = (uint32_t)d->a[0];
	p_xval(d, &xlat_ptrace_reqs, req, "PTRACE_???");
	uint64_t traceme = 0;
	xlat_value(&xlat_ptrace_reqs, "PTRACE_TRACEME", &traceme);
	if (req == traceme)
		return DEC_DONE;
	p_int(d, d->a[1]);
	p_addr(d, d->a[2]);
	p_addr(d, d->a[3]);
	return DEC_DONE;
}

DECODER(reboot)
{
	p_xval(d, &xlat_reboot_magics, (uint32_t)d->a[0], "LINUX_REBOOT_MAGIC_???");
	p_xval(d, &xlat_reboot_magics, (uint32_t)d->a[1], "LINUX_REBOOT_MAGIC_???");
	p_xval(d, &xlat_reboot_cmds, (uint32_t)d->a[2], "LINUX_REBOOT_CMD_???");
	uint64_t restart2 = 0;
	xlat_value(&xlat_reboot_cmds, "LINUX_REBOOT_CMD_RESTART2", &restart2);
	if ((uint32_t)d->a[2] == restart2)
		p_str(d, d->a[3]);
	return DEC_DONE;
}

DECODER(sethostname) /* sethostname, setdomainname */
{
	p_buf(d, d->a[0], d->a[1]);
	p_uint(d, d->a[1]);
	return DEC_DONE;
}

DECODER(iopl)
{
	p_int(d, d->a[0]);
	return DEC_DONE;
}

DECODER(ioperm)
{
	p_hex(d, d->a[0]);
	p_hex(d, d->a[1]);
	p_int(d, d->a[2]);
	return DEC_DONE;
}

DECODER(ioprio_get)
{
	p_xval(d, &xlat_ioprio_who, (uint32_t)d->a[0], "IOPRIO_WHO_???");
	p_int(d, d->a[1]);
	return DEC_DONE;
}

DECODER(ioprio_set)
{
	decode_ioprio_get(d);
	p_hex(d, (uint32_t)d->a[2]);
	return DEC_DONE;
}

DECODER(swapon)
{
	p_path(d, d->a[0]);
	p_hex(d, (uint32_t)d->a[1]);
	return DEC_DONE;
}

/* --- modules, kexec ------------------------------------------------------- */

DECODER(init_module)
{
	p_addr(d, d->a[0]);
	p_ulong(d, d->a[1]);
	p_str(d, d->a[2]);
	return DEC_DONE;
}

DECODER(finit_module)
{
	p_int(d, d->a[0]);
	p_str(d, d->a[1]);
	p_hex(d, (uint32_t)d->a[2]);
	return DEC_DONE;
}

DECODER(delete_module)
{
	p_str(d, d->a[0]);
	p_flags(d, &xlat_open_flags, (uint32_t)d->a[1], "O_???");
	return DEC_DONE;
}

DECODER(kexec_load)
{
	p_hex(d, d->a[0]);
	p_ulong(d, d->a[1]);
	p_addr(d, d->a[2]);
	p_hex(d, d->a[3]);
	return DEC_DONE;
}

DECODER(kexec_file_load)
{
	p_int(d, d->a[0]);
	p_int(d, d->a[1]);
	p_ulong(d, d->a[2]);
	p_str(d, d->a[3]);
	p_hex(d, d->a[4]);
	return DEC_DONE;
}

/* --- NUMA ------------------------------------------------------------------ */

static void p_mpol_mode(struct dec *d, uint64_t mode)
{
	/* MPOL_F_STATIC_NODES and friends ride in the high bits. */
	p_xval(d, &xlat_mpol_modes, (uint32_t)mode & 0xffff, "MPOL_???");
	if ((uint32_t)mode & ~0xffffU)
		sb_printf(d->sb, "|%#x", (uint32_t)mode & ~0xffffU);
}

DECODER(mbind)
{
	p_addr(d, d->a[0]);
	p_ulong(d, d->a[1]);
	p_mpol_mode(d, d->a[2]);
	p_addr(d, d->a[3]);
	p_ulong(d, d->a[4]);
	p_flags(d, &xlat_mbind_flags, (uint32_t)d->a[5], "MPOL_MF_???");
	return DEC_DONE;
}

DECODER(set_mempolicy)
{
	p_mpol_mode(d, d->a[0]);
	p_addr(d, d->a[1]);
	p_ulong(d, d->a[2]);
	return DEC_DONE;
}

DECODER(get_mempolicy)
{
	if (!d->exiting)
		return DEC_MORE;
	p_int_ptr(d, d->a[0]);
	p_addr(d, d->a[1]);
	p_ulong(d, d->a[2]);
	p_addr(d, d->a[3]);
	p_hex(d, d->a[4]);
	return DEC_DONE;
}

/* --- bpf, perf, io_uring, userfaultfd ------------------------------------ */

DECODER(bpf)
{
	p_xval(d, &xlat_bpf_cmds, (uint32_t)d->a[0], "BPF_???");
	p_addr(d, d->a[1]);
	p_uint(d, d->a[2]);
	return DEC_DONE;
}

DECODER(perf_event_open)
{
	p_addr(d, d->a[0]);
	p_int(d, d->a[1]);
	p_int(d, d->a[2]);
	p_int(d, d->a[3]);
	p_flags(d, &xlat_perf_flags, d->a[4], "PERF_FLAG_???");
	return DEC_DONE;
}

DECODER(io_uring_setup)
{
	p_uint(d, d->a[0]);
	p_addr(d, d->a[1]);
	return DEC_DONE;
}

DECODER(io_uring_enter)
{
	p_int(d, d->a[0]);
	p_uint(d, d->a[1]);
	p_uint(d, d->a[2]);
	p_hex(d, (uint32_t)d->a[3]);
	p_addr(d, d->a[4]);
	p_ulong(d, d->a[5]);
	return DEC_DONE;
}

DECODER(io_uring_register)
{
	p_int(d, d->a[0]);
	p_uint(d, d->a[1]);
	p_addr(d, d->a[2]);
	p_uint(d, d->a[3]);
	return DEC_DONE;
}

DECODER(userfaultfd)
{
	p_flags2(d, &xlat_open_flags, &xlat_uffd_flags, (uint32_t)d->a[0], "O_???");
	return DEC_DONE;
}

/* process_vm_readv/writev: local vectors (the data read at exit), remote
 * vectors as addresses. */
DECODER(process_madvise)
{
	p_int(d, d->a[0]);
	dec_arg(d);
	fmt_iovec_addrs(d, d->a[1], d->a[2]);
	p_ulong(d, d->a[2]);
	p_xval(d, &xlat_madvise_cmds, (uint32_t)d->a[3], "MADV_???");
	p_hex(d, (uint32_t)d->a[4]);
	return DEC_DONE;
}

DECODER(kcmp)
{
	p_int(d, d->a[0]);
	p_int(d, d->a[1]);
	p_xval(d, &xlat_kcmp_types, (uint32_t)d->a[2], "KCMP_???");
	if ((int)d->a[2] == 0 /* KCMP_FILE */) {
		p_int(d, d->a[3]);
		p_int(d, d->a[4]);
	} else if ((int)d->a[2] == 7 /* KCMP_EPOLL_TFD */) {
		p_int(d, d->a[3]);
		p_addr(d, d->a[4]);
	}
	return DEC_DONE;
}

DECODER(process_vm_readv)
{
	bool rd = d->nr == __NR_process_vm_readv;
	if (rd && !d->exiting) {
		p_int(d, d->a[0]);
		return DEC_MORE;
	}
	if (!rd)
		p_int(d, d->a[0]);
	dec_arg(d);
	if (rd && dec_failed(d))
		fmt_addr(d->sb, d->a[1]);
	else
		fmt_iovec_array(d, d->a[1], d->a[2], rd ? d->rval : -1);
	p_ulong(d, d->a[2]);
	dec_arg(d);
	fmt_iovec_addrs(d, d->a[3], d->a[4]);
	p_ulong(d, d->a[4]);
	p_ulong(d, d->a[5]);
	return DEC_DONE;
}

/* --- the mount API ------------------------------------------------------ */

DECODER(open_tree)
{
	p_dirfd(d, d->a[0]);
	p_path(d, d->a[1]);
	p_flags2(d, &xlat_open_tree_flags, &xlat_at_flags, (uint32_t)d->a[2], "OPEN_TREE_???");
	return DEC_DONE;
}

DECODER(move_mount)
{
	p_dirfd(d, d->a[0]);
	p_path(d, d->a[1]);
	p_dirfd(d, d->a[2]);
	p_path(d, d->a[3]);
	p_flags(d, &xlat_move_mount_flags, (uint32_t)d->a[4], "MOVE_MOUNT_???");
	return DEC_DONE;
}

DECODER(fsopen)
{
	p_str(d, d->a[0]);
	p_flags(d, &xlat_fsopen_flags, (uint32_t)d->a[1], "FSOPEN_???");
	return DEC_DONE;
}

DECODER(fsconfig)
{
	p_int(d, d->a[0]);
	p_xval(d, &xlat_fsconfig_cmds, (uint32_t)d->a[1], "FSCONFIG_???");
	p_str(d, d->a[2]);
	p_addr(d, d->a[3]);
	p_int(d, d->a[4]);
	return DEC_DONE;
}

DECODER(fsmount)
{
	p_int(d, d->a[0]);
	p_flags(d, &xlat_fsmount_flags, (uint32_t)d->a[1], "FSMOUNT_???");
	p_flags(d, &xlat_mount_attrs, (uint32_t)d->a[2], "MOUNT_ATTR_???");
	return DEC_DONE;
}

DECODER(fspick)
{
	p_dirfd(d, d->a[0]);
	p_path(d, d->a[1]);
	p_flags(d, &xlat_fspick_flags, (uint32_t)d->a[2], "FSPICK_???");
	return DEC_DONE;
}

DECODER(mount_setattr)
{
	p_dirfd(d, d->a[0]);
	p_path(d, d->a[1]);
	p_flags(d, &xlat_at_flags, (uint32_t)d->a[2], "AT_???");
	p_addr(d, d->a[3]);
	p_ulong(d, d->a[4]);
	return DEC_DONE;
}

DECODER(quotactl)
{
	p_hex(d, (uint32_t)d->a[0]);
	p_path(d, d->a[1]);
	p_int(d, d->a[2]);
	p_addr(d, d->a[3]);
	return DEC_DONE;
}

DECODER(quotactl_fd)
{
	p_int(d, d->a[0]);
	p_hex(d, (uint32_t)d->a[1]);
	p_int(d, d->a[2]);
	p_addr(d, d->a[3]);
	return DEC_DONE;
}

/* --- scheduling attributes ----------------------------------------------- */

static void fmt_sched_attr(struct dec *d, const void *p)
{
	const struct sched_attr *a = p;
	sb_printf(d->sb, "{size=%u, sched_policy=", a->size);
	fmt_xval(d->sb, &xlat_sched_policies, a->sched_policy, "SCHED_???");
	sb_puts(d->sb, ", sched_flags=");
	fmt_flags(d->sb, &xlat_sched_attr_flags, a->sched_flags, "SCHED_FLAG_???");
	sb_printf(d->sb,
		  ", sched_nice=%d, sched_priority=%u, sched_runtime=%llu, sched_deadline=%llu, "
		  "sched_period=%llu",
		  a->sched_nice, a->sched_priority, (unsigned long long)a->sched_runtime,
		  (unsigned long long)a->sched_deadline, (unsigned long long)a->sched_period);
	if (a->size >= sizeof(*a))
		sb_printf(d->sb, ", sched_util_min=%u, sched_util_max=%u", a->sched_util_min,
			  a->sched_util_max);
	sb_putc(d->sb, '}');
}

DECODER(sched_getattr)
{
	if (!d->exiting) {
		p_int(d, d->a[0]);
		return DEC_MORE;
	}
	p_struct(d, d->a[1], sizeof(struct sched_attr), fmt_sched_attr);
	p_uint(d, d->a[2]);
	p_uint(d, d->a[3]);
	return DEC_DONE;
}

DECODER(sched_setattr)
{
	p_int(d, d->a[0]);
	p_struct(d, d->a[1], sizeof(struct sched_attr), fmt_sched_attr);
	p_uint(d, d->a[2]);
	return DEC_DONE;
}

DECODER(sched_rr_get_interval)
{
	if (!d->exiting) {
		p_int(d, d->a[0]);
		return DEC_MORE;
	}
	p_timespec(d, d->a[1]);
	return DEC_DONE;
}
