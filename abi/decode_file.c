/* Decoders: syscalls on file names (open, stat, access, mkdir, links,
 * attributes...).  strace: open.c, stat.c, statx.c, access.c, chmod.c,
 * link.c, xattr.c. */
#define _GNU_SOURCE
#include "decode_priv.h"

#include <asm/fcntl.h>
#include <linux/fcntl.h>
#include <linux/openat2.h>
#include <linux/time_types.h>
#include <stddef.h>
#include <sys/stat.h>
#include <time.h>

/* --- stat -------------------------------------------------------------- */

static void fmt_stat(struct dec *d, const void *p)
{
	const struct stat *st = p;
	sb_puts(d->sb, "{st_mode=");
	fmt_mode(d->sb, st->st_mode);
	if ((st->st_mode & S_IFMT) == S_IFCHR || (st->st_mode & S_IFMT) == S_IFBLK) {
		sb_puts(d->sb, ", st_rdev=");
		fmt_dev(d->sb, st->st_rdev);
	} else {
		sb_printf(d->sb, ", st_size=%ld", (long)st->st_size);
	}
	sb_puts(d->sb, ", ...}");
}

static void p_stat(struct dec *d, uint64_t addr)
{
	p_struct(d, addr, sizeof(struct stat), fmt_stat);
}

DECODER(stat) /* stat, lstat */
{
	if (!d->exiting) {
		p_path(d, d->a[0]);
		return DEC_MORE;
	}
	p_stat(d, d->a[1]);
	return DEC_DONE;
}

DECODER(fstat)
{
	if (!d->exiting) {
		p_int(d, d->a[0]);
		return DEC_MORE;
	}
	p_stat(d, d->a[1]);
	return DEC_DONE;
}

DECODER(newfstatat)
{
	if (!d->exiting) {
		p_dirfd(d, d->a[0]);
		p_path(d, d->a[1]);
		return DEC_MORE;
	}
	p_stat(d, d->a[2]);
	p_flags(d, &xlat_at_flags, (uint32_t)d->a[3], "AT_???");
	return DEC_DONE;
}

static void fmt_statx(struct dec *d, const void *p)
{
	const struct statx *s = p;
	sb_puts(d->sb, "{stx_mask=");
	fmt_flags(d->sb, &xlat_statx_masks, s->stx_mask, "STATX_???");
	sb_puts(d->sb, ", stx_attributes=");
	fmt_flags(d->sb, &xlat_statx_attrs, s->stx_attributes, "STATX_ATTR_???");
	sb_puts(d->sb, ", stx_mode=");
	fmt_mode(d->sb, s->stx_mode);
	sb_printf(d->sb, ", stx_size=%llu, ...}", (unsigned long long)s->stx_size);
}

static void fmt_statx_flags(struct sbuf *sb, uint32_t flags)
{
	uint32_t sync = flags & AT_STATX_SYNC_TYPE;
	fmt_flags(sb, &xlat_at_statx_sync, sync, NULL);
	flags &= ~(uint32_t)AT_STATX_SYNC_TYPE;
	if (flags) {
		sb_putc(sb, '|');
		fmt_flags_rest(sb, &xlat_at_flags, flags);
	}
}

DECODER(statx)
{
	if (!d->exiting) {
		p_dirfd(d, d->a[0]);
		p_path(d, d->a[1]);
		dec_arg(d);
		fmt_statx_flags(d->sb, (uint32_t)d->a[2]);
		p_flags(d, &xlat_statx_masks, (uint32_t)d->a[3], "STATX_???");
		return DEC_MORE;
	}
	p_struct(d, d->a[4], sizeof(struct statx), fmt_statx);
	return DEC_DONE;
}

/* struct statfs (asm-generic/statfs.h, 64-bit). */
struct k_statfs {
	int64_t f_type, f_bsize;
	uint64_t f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	int32_t f_fsid[2];
	int64_t f_namelen, f_frsize, f_flags;
	int64_t f_spare[4];
};

static void fmt_statfs(struct dec *d, const void *p)
{
	const struct k_statfs *s = p;
	sb_puts(d->sb, "{f_type=");
	fmt_xval(d->sb, &xlat_fs_magic, (uint64_t)s->f_type, NULL);
	sb_printf(d->sb,
		  ", f_bsize=%ld, f_blocks=%lu, f_bfree=%lu, f_bavail=%lu, f_files=%lu, "
		  "f_ffree=%lu, f_fsid={val=[%#x, %#x]}, f_namelen=%ld, f_frsize=%ld, f_flags=",
		  (long)s->f_bsize, (unsigned long)s->f_blocks, (unsigned long)s->f_bfree,
		  (unsigned long)s->f_bavail, (unsigned long)s->f_files, (unsigned long)s->f_ffree,
		  (unsigned)s->f_fsid[0], (unsigned)s->f_fsid[1], (long)s->f_namelen,
		  (long)s->f_frsize);
	fmt_flags(d->sb, &xlat_statfs_flags, (uint64_t)s->f_flags, "ST_???");
	sb_putc(d->sb, '}');
}

DECODER(statfs)
{
	if (!d->exiting) {
		p_path(d, d->a[0]);
		return DEC_MORE;
	}
	p_struct(d, d->a[1], sizeof(struct k_statfs), fmt_statfs);
	return DEC_DONE;
}

DECODER(fstatfs)
{
	if (!d->exiting) {
		p_int(d, d->a[0]);
		return DEC_MORE;
	}
	p_struct(d, d->a[1], sizeof(struct k_statfs), fmt_statfs);
	return DEC_DONE;
}

/* --- open -------------------------------------------------------------- */

static void open_mode(struct dec *d, uint64_t flags, uint64_t mode)
{
	dec_arg(d);
	fmt_open_flags(d->sb, (uint32_t)flags);
	if (flags & (O_CREAT | __O_TMPFILE))
		p_oct(d, (uint32_t)mode);
}

DECODER(open)
{
	p_path(d, d->a[0]);
	open_mode(d, d->a[1], d->a[2]);
	return DEC_DONE;
}

DECODER(openat)
{
	p_dirfd(d, d->a[0]);
	p_path(d, d->a[1]);
	open_mode(d, d->a[2], d->a[3]);
	return DEC_DONE;
}

/* --- Linux AIO (strace: aio.c, in short) --- */

DECODER(io_setup)
{
	if (!d->exiting) {
		p_uint(d, d->a[0]);
		return DEC_MORE;
	}
	uint64_t id;
	dec_arg(d);
	if (dec_failed(d) || dec_read(d, &id, d->a[1], sizeof(id)) < 0)
		fmt_addr(d->sb, d->a[1]);
	else
		sb_printf(d->sb, "[%#llx]", (unsigned long long)id);
	return DEC_DONE;
}

DECODER(io_submit)
{
	p_hex(d, d->a[0]);
	p_long(d, d->a[1]);
	p_addr(d, d->a[2]);
	return DEC_DONE;
}

DECODER(io_getevents)
{
	if (!d->exiting) {
		p_hex(d, d->a[0]);
		p_long(d, d->a[1]);
		p_long(d, d->a[2]);
		return DEC_MORE;
	}
	p_addr(d, d->a[3]);
	p_timespec(d, d->a[4]);
	return DEC_DONE;
}

DECODER(io_cancel)
{
	p_hex(d, d->a[0]);
	p_addr(d, d->a[1]);
	p_addr(d, d->a[2]);
	return DEC_DONE;
}

/* --- POSIX message queues (strace: mq.c) --- */

static void fmt_mq_attr(struct dec *d, const void *p)
{
	const long *a = p; /* struct mq_attr: flags, maxmsg, msgsize, curmsgs */
	sb_puts(d->sb, "{mq_flags=");
	if (a[0] & O_NONBLOCK)
		sb_puts(d->sb, "O_NONBLOCK");
	else
		sb_printf(d->sb, "%ld", a[0]);
	sb_printf(d->sb, ", mq_maxmsg=%ld, mq_msgsize=%ld, mq_curmsgs=%ld}", a[1], a[2], a[3]);
}

DECODER(mq_open)
{
	p_str(d, d->a[0]);
	open_mode(d, d->a[1], d->a[2]);
	if (d->a[1] & O_CREAT)
		p_struct(d, d->a[3], 4 * sizeof(long), fmt_mq_attr);
	return DEC_DONE;
}

DECODER(mq_unlink)
{
	p_str(d, d->a[0]);
	return DEC_DONE;
}

DECODER(mq_timedsend)
{
	p_int(d, d->a[0]);
	p_buf(d, d->a[1], d->a[2]);
	p_ulong(d, d->a[2]);
	p_uint(d, d->a[3]);
	p_timespec(d, d->a[4]);
	return DEC_DONE;
}

DECODER(mq_timedreceive)
{
	if (!d->exiting) {
		p_int(d, d->a[0]);
		return DEC_MORE;
	}
	if (dec_failed(d))
		p_addr(d, d->a[1]);
	else
		p_buf_out(d, d->a[1], (uint64_t)d->rval);
	p_ulong(d, d->a[2]);
	if (dec_failed(d) || !d->a[3]) {
		p_addr(d, d->a[3]);
	} else {
		unsigned prio;
		dec_arg(d);
		if (dec_read(d, &prio, d->a[3], sizeof(prio)) < 0)
			fmt_addr(d->sb, d->a[3]);
		else
			sb_printf(d->sb, "[%u]", prio);
	}
	p_timespec(d, d->a[4]);
	return DEC_DONE;
}

DECODER(mq_notify)
{
	p_int(d, d->a[0]);
	p_addr(d, d->a[1]);
	return DEC_DONE;
}

DECODER(mq_getsetattr)
{
	if (!d->exiting) {
		p_int(d, d->a[0]);
		p_struct(d, d->a[1], 4 * sizeof(long), fmt_mq_attr);
		return DEC_MORE;
	}
	p_struct(d, d->a[2], 4 * sizeof(long), fmt_mq_attr);
	return DEC_DONE;
}

DECODER(creat)
{
	p_path(d, d->a[0]);
	p_oct(d, (uint32_t)d->a[1]);
	return DEC_DONE;
}

static void fmt_open_how(struct dec *d, const void *p)
{
	const struct open_how *h = p;
	sb_puts(d->sb, "{flags=");
	fmt_open_flags(d->sb, h->flags);
	if (h->flags & (O_CREAT | __O_TMPFILE)) {
		sb_puts(d->sb, ", mode=");
		fmt_oct(d->sb, h->mode);
	}
	sb_puts(d->sb, ", resolve=");
	fmt_flags(d->sb, &xlat_resolve_flags, h->resolve, "RESOLVE_???");
	sb_putc(d->sb, '}');
}

DECODER(openat2)
{
	p_dirfd(d, d->a[0]);
	p_path(d, d->a[1]);
	if (d->a[3] < sizeof(struct open_how))
		p_addr(d, d->a[2]);
	else
		p_struct(d, d->a[2], sizeof(struct open_how), fmt_open_how);
	p_ulong(d, d->a[3]);
	return DEC_DONE;
}

/* --- access, names, directories ---------------------------------------- */

DECODER(access)
{
	p_path(d, d->a[0]);
	p_flags(d, &xlat_access_modes, (uint32_t)d->a[1], "?_OK");
	return DEC_DONE;
}

DECODER(faccessat)
{
	p_dirfd(d, d->a[0]);
	p_path(d, d->a[1]);
	p_flags(d, &xlat_access_modes, (uint32_t)d->a[2], "?_OK");
	return DEC_DONE;
}

DECODER(faccessat2)
{
	decode_faccessat(d);
	p_flags(d, &xlat_faccessat_flags, (uint32_t)d->a[3], "AT_???");
	return DEC_DONE;
}

DECODER(path) /* chdir, chroot, rmdir, unlink, acct, swapoff... */
{
	p_path(d, d->a[0]);
	return DEC_DONE;
}

DECODER(path_path) /* rename, link, symlink, pivot_root */
{
	p_path(d, d->a[0]);
	p_path(d, d->a[1]);
	return DEC_DONE;
}

DECODER(getcwd)
{
	if (!d->exiting)
		return DEC_MORE;
	dec_arg(d);
	if (dec_failed(d))
		fmt_addr(d->sb, d->a[0]);
	else
		f_path(d, d->a[0]);
	p_ulong(d, d->a[1]);
	return DEC_DONE;
}

DECODER(mkdir)
{
	p_path(d, d->a[0]);
	p_oct(d, (uint32_t)d->a[1]);
	return DEC_DONE;
}

DECODER(mkdirat)
{
	p_dirfd(d, d->a[0]);
	p_path(d, d->a[1]);
	p_oct(d, (uint32_t)d->a[2]);
	return DEC_DONE;
}

static void mknod_mode_dev(struct dec *d, uint64_t mode, uint64_t dev)
{
	dec_arg(d);
	fmt_mode(d->sb, (uint32_t)mode);
	uint32_t type = (uint32_t)mode & S_IFMT;
	if (type == S_IFCHR || type == S_IFBLK) {
		dec_arg(d);
		fmt_dev(d->sb, dev);
	}
}

DECODER(mknod)
{
	p_path(d, d->a[0]);
	mknod_mode_dev(d, d->a[1], d->a[2]);
	return DEC_DONE;
}

DECODER(mknodat)
{
	p_dirfd(d, d->a[0]);
	p_path(d, d->a[1]);
	mknod_mode_dev(d, d->a[2], d->a[3]);
	return DEC_DONE;
}

DECODER(unlinkat)
{
	p_dirfd(d, d->a[0]);
	p_path(d, d->a[1]);
	p_flags(d, &xlat_at_flags, (uint32_t)d->a[2], "AT_???");
	return DEC_DONE;
}

DECODER(renameat)
{
	p_dirfd(d, d->a[0]);
	p_path(d, d->a[1]);
	p_dirfd(d, d->a[2]);
	p_path(d, d->a[3]);
	return DEC_DONE;
}

DECODER(renameat2)
{
	decode_renameat(d);
	p_flags(d, &xlat_rename_flags, (uint32_t)d->a[4], "RENAME_???");
	return DEC_DONE;
}

DECODER(linkat)
{
	decode_renameat(d);
	p_flags(d, &xlat_at_flags, (uint32_t)d->a[4], "AT_???");
	return DEC_DONE;
}

DECODER(symlinkat)
{
	p_path(d, d->a[0]);
	p_dirfd(d, d->a[1]);
	p_path(d, d->a[2]);
	return DEC_DONE;
}

DECODER(readlink)
{
	if (!d->exiting) {
		p_path(d, d->a[0]);
		return DEC_MORE;
	}
	p_buf_out(d, d->a[1], (uint64_t)d->rval);
	p_ulong(d, d->a[2]);
	return DEC_DONE;
}

DECODER(readlinkat)
{
	if (!d->exiting) {
		p_dirfd(d, d->a[0]);
		p_path(d, d->a[1]);
		return DEC_MORE;
	}
	p_buf_out(d, d->a[2], (uint64_t)d->rval);
	p_ulong(d, d->a[3]);
	return DEC_DONE;
}

/* --- modes and owners ------------------------------------------------ */

DECODER(chmod)
{
	p_path(d, d->a[0]);
	p_oct(d, (uint32_t)d->a[1]);
	return DEC_DONE;
}

DECODER(fchmod)
{
	p_int(d, d->a[0]);
	p_oct(d, (uint32_t)d->a[1]);
	return DEC_DONE;
}

DECODER(fchmodat)
{
	p_dirfd(d, d->a[0]);
	p_path(d, d->a[1]);
	p_oct(d, (uint32_t)d->a[2]);
	return DEC_DONE;
}

DECODER(fchmodat2)
{
	decode_fchmodat(d);
	p_flags(d, &xlat_at_flags, (uint32_t)d->a[3], "AT_???");
	return DEC_DONE;
}

void p_id(struct dec *d, uint64_t v)
{
	dec_arg(d);
	if ((uint32_t)v == UINT32_MAX)
		sb_puts(d->sb, "-1");
	else
		sb_printf(d->sb, "%u", (unsigned)v);
}

DECODER(chown) /* chown, lchown */
{
	p_path(d, d->a[0]);
	p_id(d, d->a[1]);
	p_id(d, d->a[2]);
	return DEC_DONE;
}

DECODER(fchown)
{
	p_int(d, d->a[0]);
	p_id(d, d->a[1]);
	p_id(d, d->a[2]);
	return DEC_DONE;
}

DECODER(fchownat)
{
	p_dirfd(d, d->a[0]);
	p_path(d, d->a[1]);
	p_id(d, d->a[2]);
	p_id(d, d->a[3]);
	p_flags(d, &xlat_at_flags, (uint32_t)d->a[4], "AT_???");
	return DEC_DONE;
}

DECODER(umask)
{
	p_oct(d, (uint32_t)d->a[0]);
	return DEC_DONE;
}

DECODER(truncate)
{
	p_path(d, d->a[0]);
	p_long(d, d->a[1]);
	return DEC_DONE;
}

/* --- times ------------------------------------------------------------- */

/* ` /\* 2023-11-14T22:13:20+0000 *\/` after a time in seconds. */
void fmt_time_comment(struct sbuf *sb, int64_t sec, long nsec, bool with_ns)
{
	struct tm tm;
	time_t t = (time_t)sec;
	char buf[64];
	if (!localtime_r(&t, &tm) || !strftime(buf, sizeof(buf), "%FT%T", &tm))
		return;
	sb_printf(sb, " /* %s", buf);
	if (with_ns && nsec)
		sb_printf(sb, ".%09ld", nsec);
	if (strftime(buf, sizeof(buf), "%z", &tm))
		sb_puts(sb, buf);
	sb_puts(sb, " */");
}

static void fmt_utimbuf(struct dec *d, const void *p)
{
	const int64_t *t = p; /* struct utimbuf: actime, modtime */
	sb_printf(d->sb, "{actime=%ld", (long)t[0]);
	fmt_time_comment(d->sb, t[0], 0, false);
	sb_printf(d->sb, ", modtime=%ld", (long)t[1]);
	fmt_time_comment(d->sb, t[1], 0, false);
	sb_putc(d->sb, '}');
}

DECODER(utime)
{
	p_path(d, d->a[0]);
	p_struct(d, d->a[1], 2 * sizeof(int64_t), fmt_utimbuf);
	return DEC_DONE;
}

static void fmt_timeval_pair(struct dec *d, const void *p)
{
	const struct timeval *tv = p;
	sb_putc(d->sb, '[');
	for (int i = 0; i < 2; i++) {
		if (i)
			sb_puts(d->sb, ", ");
		fmt_timeval(d, &tv[i]);
		fmt_time_comment(d->sb, tv[i].tv_sec, 0, false);
	}
	sb_putc(d->sb, ']');
}

DECODER(utimes)
{
	p_path(d, d->a[0]);
	p_struct(d, d->a[1], 2 * sizeof(struct timeval), fmt_timeval_pair);
	return DEC_DONE;
}

DECODER(futimesat)
{
	p_dirfd(d, d->a[0]);
	p_path(d, d->a[1]);
	p_struct(d, d->a[2], 2 * sizeof(struct timeval), fmt_timeval_pair);
	return DEC_DONE;
}

static void fmt_utimens(struct dec *d, const void *p)
{
	const struct __kernel_timespec *ts = p;
	sb_putc(d->sb, '[');
	for (int i = 0; i < 2; i++) {
		if (i)
			sb_puts(d->sb, ", ");
		if (ts[i].tv_nsec == UTIME_NOW)
			sb_puts(d->sb, "UTIME_NOW");
		else if (ts[i].tv_nsec == UTIME_OMIT)
			sb_puts(d->sb, "UTIME_OMIT");
		else {
			sb_printf(d->sb, "{tv_sec=%lld, tv_nsec=%lld}", (long long)ts[i].tv_sec,
				  (long long)ts[i].tv_nsec);
			fmt_time_comment(d->sb, ts[i].tv_sec, (long)ts[i].tv_nsec, true);
		}
	}
	sb_putc(d->sb, ']');
}

DECODER(utimensat)
{
	p_dirfd(d, d->a[0]);
	p_path(d, d->a[1]);
	p_struct(d, d->a[2], 2 * sizeof(struct __kernel_timespec), fmt_utimens);
	p_flags(d, &xlat_at_flags, (uint32_t)d->a[3], "AT_???");
	return DEC_DONE;
}

/* --- extended attributes -------------------------------------------- */

DECODER(setxattr) /* setxattr, lsetxattr */
{
	p_path(d, d->a[0]);
	p_str(d, d->a[1]);
	p_buf(d, d->a[2], d->a[3]);
	p_ulong(d, d->a[3]);
	p_flags(d, &xlat_xattr_flags, (uint32_t)d->a[4], "XATTR_???");
	return DEC_DONE;
}

DECODER(fsetxattr)
{
	p_int(d, d->a[0]);
	p_str(d, d->a[1]);
	p_buf(d, d->a[2], d->a[3]);
	p_ulong(d, d->a[3]);
	p_flags(d, &xlat_xattr_flags, (uint32_t)d->a[4], "XATTR_???");
	return DEC_DONE;
}

static void xattr_value_out(struct dec *d, uint64_t addr, uint64_t size)
{
	if (size == 0 && !dec_failed(d))
		p_addr(d, addr);
	else
		p_buf_out(d, addr, dec_failed(d) ? 0 : (uint64_t)d->rval);
	p_ulong(d, size);
}

DECODER(getxattr) /* getxattr, lgetxattr */
{
	if (!d->exiting) {
		p_path(d, d->a[0]);
		p_str(d, d->a[1]);
		return DEC_MORE;
	}
	xattr_value_out(d, d->a[2], d->a[3]);
	return DEC_DONE;
}

DECODER(fgetxattr)
{
	if (!d->exiting) {
		p_int(d, d->a[0]);
		p_str(d, d->a[1]);
		return DEC_MORE;
	}
	xattr_value_out(d, d->a[2], d->a[3]);
	return DEC_DONE;
}

DECODER(listxattr) /* listxattr, llistxattr */
{
	if (!d->exiting) {
		p_path(d, d->a[0]);
		return DEC_MORE;
	}
	xattr_value_out(d, d->a[1], d->a[2]);
	return DEC_DONE;
}

DECODER(flistxattr)
{
	if (!d->exiting) {
		p_int(d, d->a[0]);
		return DEC_MORE;
	}
	xattr_value_out(d, d->a[1], d->a[2]);
	return DEC_DONE;
}

DECODER(removexattr) /* removexattr, lremovexattr */
{
	p_path(d, d->a[0]);
	p_str(d, d->a[1]);
	return DEC_DONE;
}

DECODER(fremovexattr)
{
	p_int(d, d->a[0]);
	p_str(d, d->a[1]);
	return DEC_DONE;
}

/* --- mounts ------------------------------------------------------------ */

DECODER(mount)
{
	p_path(d, d->a[0]);
	p_path(d, d->a[1]);
	p_str(d, d->a[2]);
	uint64_t flags = d->a[3];
	dec_arg(d);
	if ((flags & 0xffff0000UL) == 0xC0ED0000UL) { /* MS_MGC_VAL */
		sb_puts(d->sb, "MS_MGC_VAL");
		flags &= 0xffff;
		if (flags) {
			sb_putc(d->sb, '|');
			fmt_flags_rest(d->sb, &xlat_mount_flags, flags);
		}
	} else {
		fmt_flags(d->sb, &xlat_mount_flags, flags, "MS_???");
	}
	p_str(d, d->a[4]);
	return DEC_DONE;
}

DECODER(umount2)
{
	p_path(d, d->a[0]);
	p_flags(d, &xlat_umount_flags, (uint32_t)d->a[1], "MNT_???");
	return DEC_DONE;
}
