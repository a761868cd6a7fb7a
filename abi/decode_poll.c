/* Decoders: polling (poll, select, epoll) and event descriptors (eventfd,
 * signalfd, timerfd, memfd, inotify), and getdents.  strace: poll.c,
 * epoll.c, eventfd.c, signalfd.c, timerfd.c, dirent.c. */
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
