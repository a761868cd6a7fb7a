/* Decoders: syscalls on descriptors (read, write, fcntl, ioctl, pipes,
 * polling, event descriptors).  strace: io.c, desc.c, fcntl.c, ioctl.c,
 * term.c, poll.c, epoll.c. */
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

/* --- polling ------------------------------------------------------------ */

static void fmt_pollfd(struct dec *d, const void *p)
{
	const struct pollfd *f = p;
	sb_printf(d->sb, "{fd=%d, events=", f->fd);
	fmt_flags(d->sb, &xlat_poll_events, (uint16_t)f->events, "POLL???");
	sb_putc(d->sb, '}');
}

/* The revents part of poll's result: `[{fd=0, revents=POLLIN}]`. */
static void poll_revents(struct dec *d, uint64_t addr, uint64_t n, struct sbuf *s)
{
	struct pollfd f;
	bool any = false;
	sb_putc(s, '[');
	for (uint64_t i = 0; i < n && i < 1024; i++) {
		if (dec_read(d, &f, addr + i * sizeof(f), sizeof(f)) < 0)
			break;
		if (!f.revents)
			continue;
		if (any)
			sb_puts(s, ", ");
		any = true;
		sb_printf(s, "{fd=%d, revents=", f.fd);
		fmt_flags(s, &xlat_poll_events, (uint16_t)f.revents, "POLL???");
		sb_putc(s, '}');
	}
	sb_putc(s, ']');
}

static void poll_result(struct dec *d, uint64_t addr, uint64_t n, uint64_t left_ts)
{
	if (dec_failed(d))
		return;
	struct sbuf s = SBUF_INIT;
	if (d->rval == 0) {
		sb_puts(&s, "Timeout");
	} else {
		poll_revents(d, addr, n, &s);
	}
	if (left_ts) {
		struct __kernel_timespec ts;
		if (dec_read(d, &ts, left_ts, sizeof(ts)) == 0)
			sb_printf(&s, "%sleft {tv_sec=%lld, tv_nsec=%lld}", d->rval ? ", " : " ",
				  (long long)ts.tv_sec, (long long)ts.tv_nsec);
	}
	dec_rstr(d, "%s", sb_str(&s));
	sb_free(&s);
}

DECODER(poll)
{
	if (!d->exiting) {
		dec_arg(d);
		f_array(d, d->a[0], d->a[1], sizeof(struct pollfd), fmt_pollfd);
		p_uint(d, d->a[1]);
		p_int(d, d->a[2]);
		return DEC_MORE_RAW;
	}
	poll_result(d, d->a[0], d->a[1], 0);
	return DEC_DONE;
}

DECODER(ppoll)
{
	if (!d->exiting) {
		dec_arg(d);
		f_array(d, d->a[0], d->a[1], sizeof(struct pollfd), fmt_pollfd);
		p_uint(d, d->a[1]);
		p_timespec(d, d->a[2]);
		p_sigset(d, d->a[3], d->a[4]);
		p_ulong(d, d->a[4]);
		return DEC_MORE_RAW;
	}
	poll_result(d, d->a[0], d->a[1], d->a[2]);
	return DEC_DONE;
}

/* An fd_set of @nfds descriptors: `[0 3]`. */
static void fmt_fdset(struct sbuf *sb, const unsigned char *set, int nfds)
{
	bool first = true;
	sb_putc(sb, '[');
	for (int i = 0; i < nfds; i++)
		if (set[i / 8] & (1U << (i % 8))) {
			if (!first)
				sb_putc(sb, ' ');
			first = false;
			sb_printf(sb, "%d", i);
		}
	sb_putc(sb, ']');
}

static void p_fdset(struct dec *d, uint64_t addr, int nfds)
{
	dec_arg(d);
	unsigned char set[1024 / 8];
	size_t len = nfds > 0 ? ((size_t)nfds + 63) / 64 * 8 : 0;
	if (!addr)
		sb_puts(d->sb, "NULL");
	else if (nfds < 0 || len > sizeof(set) || dec_read(d, set, addr, len) < 0)
		fmt_addr(d->sb, addr);
	else
		fmt_fdset(d->sb, set, nfds);
}

static void select_result(struct dec *d, int nfds, uint64_t left, bool timespec)
{
	if (dec_failed(d))
		return;
	if (d->rval == 0) {
		dec_rstr(d, "Timeout");
		return;
	}
	static const char *const names[] = {"in", "out", "except"};
	struct sbuf s = SBUF_INIT;
	unsigned char set[1024 / 8];
	size_t len = nfds > 0 ? ((size_t)nfds + 63) / 64 * 8 : 0;
	for (int i = 0; i < 3; i++) {
		if (!d->a[i + 1] || nfds <= 0 || len > sizeof(set) ||
		    dec_read(d, set, d->a[i + 1], len) < 0)
			continue;
		bool any = false;
		for (int fd = 0; fd < nfds; fd++)
			any |= (set[fd / 8] >> (fd % 8)) & 1;
		if (!any)
			continue;
		if (s.len)
			sb_puts(&s, ", ");
		sb_printf(&s, "%s ", names[i]);
		fmt_fdset(&s, set, nfds);
	}
	int64_t t[2];
	if (left && dec_read(d, t, left, sizeof(t)) == 0)
		sb_printf(&s, ", left {tv_sec=%lld, %s=%lld}", (long long)t[0],
			  timespec ? "tv_nsec" : "tv_usec", (long long)t[1]);
	dec_rstr(d, "%s", sb_str(&s));
	sb_free(&s);
}

DECODER(select)
{
	int nfds = (int)d->a[0];
	if (!d->exiting) {
		p_int(d, d->a[0]);
		for (int i = 1; i <= 3; i++)
			p_fdset(d, d->a[i], nfds);
		dec_arg(d);
		f_struct(d, d->a[4], sizeof(struct timeval), fmt_timeval);
		return DEC_MORE_RAW;
	}
	select_result(d, nfds, d->a[4], false);
	return DEC_DONE;
}

static void fmt_sigset_size(struct dec *d, const void *p)
{
	const uint64_t *ss = p; /* {const sigset_t *ss; size_t ss_len} */
	sb_puts(d->sb, "{sigmask=");
	uint8_t set[8];
	if (!ss[0])
		sb_puts(d->sb, "NULL");
	else if (ss[1] != 8 || dec_read(d, set, ss[0], 8) < 0)
		fmt_addr(d->sb, ss[0]);
	else
		fmt_sigset(d->sb, set, 8);
	sb_printf(d->sb, ", sigsetsize=%lu}", (unsigned long)ss[1]);
}

DECODER(pselect6)
{
	int nfds = (int)d->a[0];
	if (!d->exiting) {
		p_int(d, d->a[0]);
		for (int i = 1; i <= 3; i++)
			p_fdset(d, d->a[i], nfds);
		p_timespec(d, d->a[4]);
		p_struct(d, d->a[5], 2 * sizeof(uint64_t), fmt_sigset_size);
		return DEC_MORE_RAW;
	}
	select_result(d, nfds, d->a[4], true);
	return DEC_DONE;
}

/* --- epoll ---------------------------------------------------------------- */

static void fmt_epoll_event(struct dec *d, const void *p)
{
	const struct epoll_event *e = p;
	sb_puts(d->sb, "{events=");
	fmt_flags(d->sb, &xlat_epoll_events, e->events, "EPOLL???");
	sb_printf(d->sb, ", data={u32=%u, u64=%llu}}", (unsigned)e->data,
		  (unsigned long long)e->data);
}

DECODER(epoll_create1)
{
	p_flags(d, &xlat_epoll_flags, (uint32_t)d->a[0], "EPOLL_???");
	return DEC_DONE;
}

DECODER(epoll_ctl)
{
	p_int(d, d->a[0]);
	p_xval(d, &xlat_epoll_ctl_ops, (uint32_t)d->a[1], "EPOLL_CTL_???");
	p_int(d, d->a[2]);
	if ((int)d->a[1] == EPOLL_CTL_DEL)
		p_addr(d, d->a[3]);
	else
		p_struct(d, d->a[3], sizeof(struct epoll_event), fmt_epoll_event);
	return DEC_DONE;
}

static void epoll_events_out(struct dec *d)
{
	dec_arg(d);
	if (dec_failed(d))
		fmt_addr(d->sb, d->a[1]);
	else
		f_array(d, d->a[1], (uint64_t)d->rval, sizeof(struct epoll_event), fmt_epoll_event);
	p_int(d, d->a[2]);
}

DECODER(epoll_wait)
{
	if (!d->exiting) {
		p_int(d, d->a[0]);
		return DEC_MORE;
	}
	epoll_events_out(d);
	p_int(d, d->a[3]);
	return DEC_DONE;
}

DECODER(epoll_pwait)
{
	if (!d->exiting) {
		p_int(d, d->a[0]);
		return DEC_MORE;
	}
	epoll_events_out(d);
	p_int(d, d->a[3]);
	p_sigset(d, d->a[4], d->a[5]);
	p_ulong(d, d->a[5]);
	return DEC_DONE;
}

DECODER(epoll_pwait2)
{
	if (!d->exiting) {
		p_int(d, d->a[0]);
		return DEC_MORE;
	}
	epoll_events_out(d);
	p_timespec(d, d->a[3]);
	p_sigset(d, d->a[4], d->a[5]);
	p_ulong(d, d->a[5]);
	return DEC_DONE;
}

/* --- event descriptors ---------------------------------------------------- */

DECODER(eventfd2)
{
	p_uint(d, d->a[0]);
	p_flags(d, &xlat_efd_flags, (uint32_t)d->a[1], "EFD_???");
	return DEC_DONE;
}

DECODER(signalfd)
{
	p_int(d, d->a[0]);
	p_sigset(d, d->a[1], d->a[2]);
	p_ulong(d, d->a[2]);
	return DEC_DONE;
}

DECODER(signalfd4)
{
	decode_signalfd(d);
	p_flags(d, &xlat_sfd_flags, (uint32_t)d->a[3], "SFD_???");
	return DEC_DONE;
}

DECODER(timerfd_create)
{
	p_xval(d, &xlat_clocks, (uint32_t)d->a[0], "CLOCK_???");
	p_flags(d, &xlat_tfd_flags, (uint32_t)d->a[1], "TFD_???");
	return DEC_DONE;
}

DECODER(timerfd_settime)
{
	if (!d->exiting) {
		p_int(d, d->a[0]);
		p_flags(d, &xlat_tfd_flags, (uint32_t)d->a[1], "TFD_???");
		p_struct(d, d->a[2], 2 * sizeof(struct __kernel_timespec), fmt_itimerspec);
		return DEC_MORE;
	}
	p_struct(d, d->a[3], 2 * sizeof(struct __kernel_timespec), fmt_itimerspec);
	return DEC_DONE;
}

DECODER(timerfd_gettime)
{
	if (!d->exiting) {
		p_int(d, d->a[0]);
		return DEC_MORE;
	}
	p_struct(d, d->a[1], 2 * sizeof(struct __kernel_timespec), fmt_itimerspec);
	return DEC_DONE;
}

DECODER(memfd_create)
{
	p_str(d, d->a[0]);
	uint32_t flags = (uint32_t)d->a[1];
	uint32_t huge = flags & (0x3fU << 26); /* MFD_HUGE_MASK << MFD_HUGE_SHIFT */
	flags &= ~huge;
	dec_arg(d);
	if (flags || !huge)
		fmt_flags(d->sb, &xlat_memfd_flags, flags, "MFD_???");
	if (huge)
		sb_printf(d->sb, "%s%u<<MFD_HUGE_SHIFT", flags ? "|" : "", huge >> 26);
	return DEC_DONE;
}

DECODER(getdents) /* getdents, getdents64: d_reclen at offset 16 in both */
{
	if (!d->exiting) {
		p_int(d, d->a[0]);
		return DEC_MORE;
	}
	dec_arg(d);
	fmt_addr(d->sb, d->a[1]);
	if (!dec_failed(d)) {
		unsigned n = 0;
		uint64_t off = 0, len = (uint64_t)d->rval;
		while (off + 18 <= len) {
			uint16_t reclen;
			if (dec_read(d, &reclen, d->a[1] + off + 16, 2) < 0 || reclen == 0)
				break;
			n++;
			off += reclen;
		}
		sb_printf(d->sb, " /* %u entries */", n);
	}
	p_uint(d, d->a[2]);
	return DEC_DONE;
}

DECODER(inotify_init1)
{
	p_flags(d, &xlat_inotify_init_flags, (uint32_t)d->a[0], "IN_???");
	return DEC_DONE;
}

DECODER(inotify_add_watch)
{
	p_int(d, d->a[0]);
	p_path(d, d->a[1]);
	p_flags(d, &xlat_inotify_masks, (uint32_t)d->a[2], "IN_???");
	return DEC_DONE;
}

DECODER(inotify_rm_watch)
{
	p_int(d, d->a[0]);
	p_int(d, d->a[1]);
	return DEC_DONE;
}
