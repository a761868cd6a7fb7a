/* Decoders: syscalls on descriptors (read, write, fcntl, ioctl, pipes).
 * strace: io.c, desc.c, fcntl.c, ioctl.c, term.c.  Polling and event
 * descriptors are in decode_poll.c. */
#define _GNU_SOURCE
#include "decode_priv.h"

#include <asm/fcntl.h>
#include <asm/ioctls.h>
#include <asm/termbits.h>
#include <asm/termios.h>
#include <linux/eventpoll.h>
#include <linux/fcntl.h>
#include <linux/poll.h>
#include <linux/time_types.h>
#include <string.h>
#include <sys/uio.h>

/* --- read and write ----------------------------------------------------- */

DECODER(read)
{
	if (!d->exiting) {
		p_int(d, d->a[0]);
		return DEC_MORE;
	}
	p_buf_out(d, d->a[1], (uint64_t)d->rval);
	p_ulong(d, d->a[2]);
	return DEC_DONE;
}

DECODER(write)
{
	p_int(d, d->a[0]);
	p_buf(d, d->a[1], d->a[2]);
	p_ulong(d, d->a[2]);
	return DEC_DONE;
}

DECODER(pread64)
{
	if (!d->exiting) {
		p_int(d, d->a[0]);
		return DEC_MORE;
	}
	p_buf_out(d, d->a[1], (uint64_t)d->rval);
	p_ulong(d, d->a[2]);
	p_long(d, d->a[3]);
	return DEC_DONE;
}

DECODER(pwrite64)
{
	decode_write(d);
	p_long(d, d->a[3]);
	return DEC_DONE;
}

struct iov_ctx {
	int64_t left; /* data bytes still to show; -1: all */
};

static struct iov_ctx *iov_cur;

static void fmt_iovec(struct dec *d, const void *p)
{
	const struct iovec *v = p;
	uint64_t len = v->iov_len;
	if (iov_cur->left >= 0) {
		if (len > (uint64_t)iov_cur->left)
			len = (uint64_t)iov_cur->left;
		iov_cur->left -= (int64_t)len;
	}
	sb_puts(d->sb, "{iov_base=");
	f_buf(d, (uint64_t)v->iov_base, len);
	sb_printf(d->sb, ", iov_len=%lu}", (unsigned long)v->iov_len);
}

static void fmt_iovec_addr(struct dec *d, const void *p)
{
	const struct iovec *v = p;
	sb_puts(d->sb, "{iov_base=");
	fmt_addr(d->sb, (uint64_t)v->iov_base);
	sb_printf(d->sb, ", iov_len=%lu}", (unsigned long)v->iov_len);
}

void fmt_iovec_addrs(struct dec *d, uint64_t addr, uint64_t n)
{
	f_array(d, addr, n, sizeof(struct iovec), fmt_iovec_addr);
}

void fmt_iovec_array(struct dec *d, uint64_t addr, uint64_t n, int64_t data_max)
{
	struct iov_ctx c = {data_max}, *saved = iov_cur;
	iov_cur = &c;
	f_array(d, addr, n, sizeof(struct iovec), fmt_iovec);
	iov_cur = saved;
}

/* readv, preadv...: at exit, the buffers filled up to the result. */
static void iov_out(struct dec *d, uint64_t addr, uint64_t n)
{
	dec_arg(d);
	if (dec_failed(d))
		fmt_iovec_addrs(d, addr, n); /* nothing was read: the buffers' addresses */
	else
		fmt_iovec_array(d, addr, n, d->rval);
}

DECODER(readv)
{
	if (!d->exiting) {
		p_int(d, d->a[0]);
		return DEC_MORE;
	}
	iov_out(d, d->a[1], d->a[2]);
	p_uint(d, d->a[2]);
	return DEC_DONE;
}

DECODER(writev)
{
	p_int(d, d->a[0]);
	dec_arg(d);
	fmt_iovec_array(d, d->a[1], d->a[2], -1);
	p_uint(d, d->a[2]);
	return DEC_DONE;
}

DECODER(preadv)
{
	if (!d->exiting) {
		p_int(d, d->a[0]);
		return DEC_MORE;
	}
	iov_out(d, d->a[1], d->a[2]);
	p_uint(d, d->a[2]);
	p_long(d, d->a[3]);
	return DEC_DONE;
}

DECODER(pwritev)
{
	decode_writev(d);
	p_long(d, d->a[3]);
	return DEC_DONE;
}

DECODER(preadv2)
{
	if (!d->exiting)
		return decode_preadv(d);
	decode_preadv(d);
	p_flags(d, &xlat_rwf_flags, (uint32_t)d->a[5], "RWF_???");
	return DEC_DONE;
}

DECODER(pwritev2)
{
	decode_pwritev(d);
	p_flags(d, &xlat_rwf_flags, (uint32_t)d->a[5], "RWF_???");
	return DEC_DONE;
}

/* --- descriptors ------------------------------------------------------ */

DECODER(fd) /* close, dup, fsync, fchdir... */
{
	p_int(d, d->a[0]);
	return DEC_DONE;
}

DECODER(close_range)
{
	p_uint(d, d->a[0]);
	p_uint(d, d->a[1]);
	p_flags(d, &xlat_close_range_flags, (uint32_t)d->a[2], "CLOSE_RANGE_???");
	return DEC_DONE;
}

DECODER(dup2)
{
	p_int(d, d->a[0]);
	p_int(d, d->a[1]);
	return DEC_DONE;
}

DECODER(dup3)
{
	p_int(d, d->a[0]);
	p_int(d, d->a[1]);
	p_flags(d, &xlat_open_flags, (uint32_t)d->a[2], "O_???");
	return DEC_DONE;
}

DECODER(lseek)
{
	p_int(d, d->a[0]);
	p_long(d, d->a[1]);
	p_xval(d, &xlat_whence, (uint32_t)d->a[2], "SEEK_???");
	return DEC_DONE;
}

static void fmt_fd_pair(struct dec *d, const void *p)
{
	const int *fds = p;
	sb_printf(d->sb, "[%d, %d]", fds[0], fds[1]);
}

DECODER(pipe)
{
	if (!d->exiting)
		return DEC_MORE;
	p_struct(d, d->a[0], 2 * sizeof(int), fmt_fd_pair);
	return DEC_DONE;
}

DECODER(pipe2)
{
	if (!d->exiting)
		return DEC_MORE;
	p_struct(d, d->a[0], 2 * sizeof(int), fmt_fd_pair);
	p_flags(d, &xlat_open_flags, (uint32_t)d->a[1], "O_???");
	return DEC_DONE;
}

DECODER(ftruncate)
{
	p_int(d, d->a[0]);
	p_long(d, d->a[1]);
	return DEC_DONE;
}

DECODER(fallocate)
{
	p_int(d, d->a[0]);
	p_flags(d, &xlat_falloc_flags, (uint32_t)d->a[1], "FALLOC_FL_???");
	p_long(d, d->a[2]);
	p_long(d, d->a[3]);
	return DEC_DONE;
}

DECODER(fadvise64)
{
	p_int(d, d->a[0]);
	p_long(d, d->a[1]);
	p_long(d, d->a[2]);
	p_xval(d, &xlat_fadvise_advice, (uint32_t)d->a[3], "POSIX_FADV_???");
	return DEC_DONE;
}

DECODER(readahead)
{
	p_int(d, d->a[0]);
	p_long(d, d->a[1]);
	p_ulong(d, d->a[2]);
	return DEC_DONE;
}

/* An in/out offset: `[0]` at entry, ` => [10]` added at exit. */
static void off_in(struct dec *d, uint64_t addr)
{
	p_uint64_ptr(d, addr);
}

static void off_out(struct dec *d, uint64_t addr)
{
	uint64_t v;
	if (addr && !dec_failed(d) && dec_read(d, &v, addr, sizeof(v)) == 0)
		sb_printf(d->sb, " => [%lu]", (unsigned long)v);
}

DECODER(sendfile)
{
	if (!d->exiting) {
		p_int(d, d->a[0]);
		p_int(d, d->a[1]);
		off_in(d, d->a[2]);
		return DEC_MORE_RAW;
	}
	off_out(d, d->a[2]);
	p_ulong(d, d->a[3]);
	return DEC_DONE;
}

DECODER(copy_file_range)
{
	p_int(d, d->a[0]);
	off_in(d, d->a[1]);
	p_int(d, d->a[2]);
	off_in(d, d->a[3]);
	p_ulong(d, d->a[4]);
	p_uint(d, d->a[5]);
	return DEC_DONE;
}

DECODER(splice)
{
	p_int(d, d->a[0]);
	off_in(d, d->a[1]);
	p_int(d, d->a[2]);
	off_in(d, d->a[3]);
	p_ulong(d, d->a[4]);
	p_flags(d, &xlat_splice_flags, (uint32_t)d->a[5], "SPLICE_F_???");
	return DEC_DONE;
}

DECODER(tee)
{
	p_int(d, d->a[0]);
	p_int(d, d->a[1]);
	p_ulong(d, d->a[2]);
	p_flags(d, &xlat_splice_flags, (uint32_t)d->a[3], "SPLICE_F_???");
	return DEC_DONE;
}

DECODER(vmsplice)
{
	p_int(d, d->a[0]);
	dec_arg(d);
	fmt_iovec_array(d, d->a[1], d->a[2], -1);
	p_ulong(d, d->a[2]);
	p_flags(d, &xlat_splice_flags, (uint32_t)d->a[3], "SPLICE_F_???");
	return DEC_DONE;
}

DECODER(sync_file_range)
{
	p_int(d, d->a[0]);
	p_long(d, d->a[1]);
	p_long(d, d->a[2]);
	p_flags(d, &xlat_sync_file_range_flags, (uint32_t)d->a[3], "SYNC_FILE_RANGE_???");
	return DEC_DONE;
}

DECODER(flock)
{
	p_int(d, d->a[0]);
	p_flags(d, &xlat_flock_ops, (uint32_t)d->a[1], "LOCK_???");
	return DEC_DONE;
}

DECODER(int) /* epoll_create, eventfd, alarm-like int arguments */
{
	p_int(d, d->a[0]);
	return DEC_DONE;
}

DECODER(none)
{
	(void)d;
	return DEC_DONE;
}

/* --- fcntl -------------------------------------------------------------- */

static void fmt_flock(struct dec *d, const void *p)
{
	const struct flock *f = p;
	sb_puts(d->sb, "{l_type=");
	fmt_xval(d->sb, &xlat_lock_types, (uint16_t)f->l_type, "F_???");
	sb_puts(d->sb, ", l_whence=");
	fmt_xval(d->sb, &xlat_whence, (uint16_t)f->l_whence, "SEEK_???");
	sb_printf(d->sb, ", l_start=%ld, l_len=%ld", (long)f->l_start, (long)f->l_len);
	if (d->exiting)
		sb_printf(d->sb, ", l_pid=%d", f->l_pid);
	sb_putc(d->sb, '}');
}

static void fmt_f_owner_ex(struct dec *d, const void *p)
{
	const struct f_owner_ex *o = p;
	sb_puts(d->sb, "{type=");
	fmt_xval(d->sb, &xlat_f_owner_types, (uint32_t)o->type, "F_OWNER_???");
	sb_printf(d->sb, ", pid=%d}", o->pid);
}

DECODER(fcntl)
{
	int cmd = (int)d->a[1];
	if (!d->exiting) {
		p_int(d, d->a[0]);
		p_xval(d, &xlat_fcntl_cmds, (uint32_t)cmd, "F_???");
		switch (cmd) {
		case F_SETFD:
			p_flags(d, &xlat_fd_flags, d->a[2], "FD_???");
			break;
		case F_SETOWN:
		case F_DUPFD:
		case F_DUPFD_CLOEXEC:
		case F_SETPIPE_SZ:
			p_int(d, d->a[2]);
			break;
		case F_SETFL:
			dec_arg(d);
			fmt_open_flags(d->sb, (uint32_t)d->a[2]);
			break;
		case F_SETLK:
		case F_SETLKW:
		case F_OFD_SETLK:
		case F_OFD_SETLKW:
			p_struct(d, d->a[2], sizeof(struct flock), fmt_flock);
			break;
		case F_SETOWN_EX:
			p_struct(d, d->a[2], sizeof(struct f_owner_ex), fmt_f_owner_ex);
			break;
		case F_SETSIG:
			p_signal(d, d->a[2]);
			break;
		case F_SETLEASE:
			p_xval(d, &xlat_lease_types, (uint32_t)d->a[2], "F_???");
			break;
		case F_NOTIFY:
			p_flags(d, &xlat_notify_flags, (uint32_t)d->a[2], "DN_???");
			break;
		case F_ADD_SEALS:
			p_flags(d, &xlat_seals, (uint32_t)d->a[2], "F_SEAL_???");
			break;
		case F_GETFD:
		case F_GETFL:
		case F_GETOWN:
		case F_GETSIG:
		case F_GETLEASE:
		case F_GET_SEALS:
		case F_GETPIPE_SZ:
			break;
		case F_GETLK:
		case F_OFD_GETLK:
		case F_GETOWN_EX:
			return DEC_MORE_RAW;
		default:
			p_hex(d, d->a[2]);
		}
		return (cmd == F_GETFD || cmd == F_GETFL || cmd == F_GETLEASE ||
			cmd == F_GET_SEALS || cmd == F_GETSIG)
			   ? DEC_MORE_RAW
			   : DEC_DONE;
	}
	/* exit */
	switch (cmd) {
	case F_GETLK:
	case F_OFD_GETLK:
		p_struct(d, d->a[2], sizeof(struct flock), fmt_flock);
		break;
	case F_GETOWN_EX:
		p_struct(d, d->a[2], sizeof(struct f_owner_ex), fmt_f_owner_ex);
		break;
	}
	if (dec_failed(d))
		return DEC_DONE;
	struct sbuf s = SBUF_INIT;
	switch (cmd) {
	case F_GETFD:
		if (d->rval) {
			d->rv = RV_HEX;
			fmt_flags(&s, &xlat_fd_flags, (uint64_t)d->rval, NULL);
			dec_rstr(d, "flags %s", sb_str(&s));
		}
		break;
	case F_GETFL:
		d->rv = RV_HEX;
		fmt_open_flags(&s, (uint64_t)d->rval);
		dec_rstr(d, "flags %s", sb_str(&s));
		break;
	case F_GETLEASE:
		fmt_xval(&s, &xlat_lease_types, (uint64_t)d->rval, NULL);
		dec_rstr(d, "%s", sb_str(&s));
		break;
	case F_GET_SEALS:
		if (d->rval) {
			d->rv = RV_HEX;
			fmt_flags(&s, &xlat_seals, (uint64_t)d->rval, NULL);
			dec_rstr(d, "seals %s", sb_str(&s));
		}
		break;
	case F_GETSIG:
		if (d->rval) {
			fmt_signame(&s, (int)d->rval);
			dec_rstr(d, "%s", sb_str(&s));
		}
		break;
	}
	sb_free(&s);
	return DEC_DONE;
}

/* --- ioctl ------------------------------------------------------------ */

static void fmt_termios(struct dec *d, const void *p)
{
	const struct termios *t = p;
	struct sbuf *sb = d->sb;
	sb_puts(sb, "{c_iflag=");
	fmt_flags(sb, &xlat_term_iflags, t->c_iflag, "IGN???");
	sb_puts(sb, ", c_oflag=");
	uint32_t o = t->c_oflag;
	fmt_xval(sb, &xlat_term_nldly, o & NLDLY, "NL?");
	sb_putc(sb, '|');
	fmt_xval(sb, &xlat_term_crdly, o & CRDLY, "CR?");
	sb_putc(sb, '|');
	fmt_xval(sb, &xlat_term_tabdly, o & TABDLY, "TAB?");
	sb_putc(sb, '|');
	fmt_xval(sb, &xlat_term_bsdly, o & BSDLY, "BS?");
	sb_putc(sb, '|');
	fmt_xval(sb, &xlat_term_vtdly, o & VTDLY, "VT?");
	sb_putc(sb, '|');
	fmt_xval(sb, &xlat_term_ffdly, o & FFDLY, "FF?");
	o &= ~(uint32_t)(NLDLY | CRDLY | TABDLY | BSDLY | VTDLY | FFDLY);
	if (o) {
		sb_putc(sb, '|');
		fmt_flags_rest(sb, &xlat_term_oflags, o);
	}
	sb_puts(sb, ", c_cflag=");
	uint32_t c = t->c_cflag;
	fmt_xval(sb, &xlat_baud_options, c & CBAUD, "B???");
	sb_putc(sb, '|');
	if (c & CIBAUD) {
		fmt_xval(sb, &xlat_baud_options, (c & CIBAUD) >> IBSHIFT, "B???");
		sb_puts(sb, "<<IBSHIFT|");
	}
	fmt_xval(sb, &xlat_term_csize, c & CSIZE, "CS?");
	c &= ~(uint32_t)(CBAUD | CIBAUD | CSIZE);
	if (c) {
		sb_putc(sb, '|');
		fmt_flags_rest(sb, &xlat_term_cflags, c);
	}
	sb_puts(sb, ", c_lflag=");
	fmt_flags(sb, &xlat_term_lflags, t->c_lflag, "???");
	sb_puts(sb, ", ...}");
}

static void fmt_winsize(struct dec *d, const void *p)
{
	const struct winsize *w = p;
	sb_printf(d->sb, "{ws_row=%u, ws_col=%u, ws_xpixel=%u, ws_ypixel=%u}", w->ws_row, w->ws_col,
		  w->ws_xpixel, w->ws_ypixel);
}

DECODER(ioctl)
{
	uint32_t req = (uint32_t)d->a[1];
	if (!d->exiting) {
		p_int(d, d->a[0]);
		dec_arg(d);
		fmt_ioctl_req(d->sb, req);
		switch (req) {
		case TCSETS:
		case TCSETSW:
		case TCSETSF:
			p_struct(d, d->a[2], sizeof(struct termios), fmt_termios);
			return DEC_DONE;
		case TIOCSWINSZ:
			p_struct(d, d->a[2], sizeof(struct winsize), fmt_winsize);
			return DEC_DONE;
		case TIOCSPGRP:
		case FIONBIO:
		case FIOASYNC:
		case TIOCSCTTY:
			if (req == TIOCSCTTY) {
				p_int(d, d->a[2]);
				return DEC_DONE;
			}
			p_int_ptr(d, d->a[2]);
			return DEC_DONE;
		case FIOCLEX:
		case FIONCLEX:
		case TIOCNOTTY:
		case TIOCEXCL:
		case TIOCNXCL:
			return DEC_DONE;
		case TCGETS:
		case TIOCGWINSZ:
		case FIONREAD:
		case TIOCGPGRP:
		case TIOCGSID:
		case TIOCOUTQ:
			return DEC_MORE_RAW;
		default:
			p_hex(d, d->a[2]);
			return DEC_DONE;
		}
	}
	switch (req) {
	case TCGETS:
		p_struct(d, d->a[2], sizeof(struct termios), fmt_termios);
		break;
	case TIOCGWINSZ:
		p_struct(d, d->a[2], sizeof(struct winsize), fmt_winsize);
		break;
	default:
		p_int_ptr(d, d->a[2]);
	}
	return DEC_DONE;
}
