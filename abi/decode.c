/* Helpers shared by the syscall decoders. */
#include "decode.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE 4096UL

void dec_arg(struct dec *d)
{
	if (d->sep_done)
		d->sep_done = false;
	else if (d->argc > 0)
		sb_puts(d->sb, ", ");
	if (d->argc < DEC_MAX_ARGS)
		d->argoff[d->argc] = d->sb->len;
	d->argc++;
}

void dec_end_entry(struct dec *d, int ret)
{
	if (ret == DEC_MORE && d->argc > 0) {
		sb_puts(d->sb, ", ");
		d->sep_done = true;
	}
}

void dec_raw_args(struct dec *d, int n)
{
	for (int i = 0; i < n && i < 6; i++)
		p_hex(d, d->a[i]);
}

int dec_read(struct dec *d, void *dst, uint64_t addr, size_t n)
{
	if (n == 0)
		return 0;
	if (!d->mem || !d->mem->read || addr + n < addr)
		return -1;
	return d->mem->read(d->mem->ctx, dst, addr, n);
}

long dec_read_str(struct dec *d, char *buf, uint64_t addr, size_t max, bool *nul)
{
	size_t got = 0;
	*nul = false;
	/* One byte more than @max: to see whether the string is longer. */
	while (got < max + 1) {
		uint64_t a = addr + got;
		size_t chunk = PAGE - (a & (PAGE - 1));
		if (chunk > max + 1 - got)
			chunk = max + 1 - got;
		if (dec_read(d, buf + got, a, chunk) < 0) {
			if (got == 0)
				return -1;
			break; /* readable up to here, no NUL seen */
		}
		void *z = memchr(buf + got, 0, chunk);
		if (z) {
			size_t len = (size_t)((char *)z - buf);
			if (len <= max) {
				*nul = true;
				return (long)len;
			}
		}
		got += chunk;
	}
	return (long)(got > max ? max : got);
}

void dec_rstr(struct dec *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(d->rstr, sizeof(d->rstr), fmt, ap);
	va_end(ap);
}

void p_int(struct dec *d, uint64_t v)
{
	dec_arg(d);
	sb_printf(d->sb, "%d", (int)v);
}

void p_uint(struct dec *d, uint64_t v)
{
	dec_arg(d);
	sb_printf(d->sb, "%u", (unsigned)v);
}

void p_long(struct dec *d, uint64_t v)
{
	dec_arg(d);
	sb_printf(d->sb, "%ld", (long)v);
}

void p_ulong(struct dec *d, uint64_t v)
{
	dec_arg(d);
	sb_printf(d->sb, "%lu", (unsigned long)v);
}

void p_hex(struct dec *d, uint64_t v)
{
	dec_arg(d);
	fmt_hex(d->sb, v);
}

void p_addr(struct dec *d, uint64_t v)
{
	dec_arg(d);
	fmt_addr(d->sb, v);
}

void p_oct(struct dec *d, uint64_t v)
{
	dec_arg(d);
	fmt_oct(d->sb, v);
}

void p_dirfd(struct dec *d, uint64_t v)
{
	dec_arg(d);
	fmt_dirfd(d->sb, (int)v);
}

void p_xval(struct dec *d, const struct xlat *x, uint64_t v, const char *dflt)
{
	dec_arg(d);
	fmt_xval(d->sb, x, v, dflt);
}

void p_flags(struct dec *d, const struct xlat *x, uint64_t v, const char *dflt)
{
	dec_arg(d);
	fmt_flags(d->sb, x, v, dflt);
}

void p_flags2(struct dec *d, const struct xlat *x1, const struct xlat *x2, uint64_t v,
	      const char *dflt)
{
	dec_arg(d);
	fmt_flags2(d->sb, x1, x2, v, dflt);
}

void p_signal(struct dec *d, uint64_t v)
{
	dec_arg(d);
	fmt_signame(d->sb, (int)v);
}

/* strace's printpathn: the whole path, `...` past PATH_MAX - 1 bytes. */
void f_path(struct dec *d, uint64_t addr)
{
	if (!addr) {
		sb_puts(d->sb, "NULL");
		return;
	}
	size_t max = PATH_MAX - 1;
	char *buf = malloc(max + 2);
	bool nul;
	long n = buf ? dec_read_str(d, buf, addr, max, &nul) : -1;
	if (n < 0) {
		fmt_addr(d->sb, addr);
	} else {
		buf[n] = nul ? '\0' : '\xff';
		fmt_quote(d->sb, (unsigned char *)buf, (size_t)n, QUOTE_0_TERMINATED);
		if (!nul)
			sb_puts(d->sb, "...");
	}
	free(buf);
}

void p_path(struct dec *d, uint64_t addr)
{
	dec_arg(d);
	f_path(d, addr);
}

/* strace's printstr: at most strsize bytes, `...` when longer. */
void f_str(struct dec *d, uint64_t addr)
{
	if (!addr) {
		sb_puts(d->sb, "NULL");
		return;
	}
	size_t max = d->strsize;
	char *buf = malloc(max + 2);
	bool nul;
	long n = buf ? dec_read_str(d, buf, addr, max, &nul) : -1;
	if (n < 0) {
		fmt_addr(d->sb, addr);
	} else {
		/* The byte after the cut stays: it is the octal look-ahead. */
		if (nul)
			buf[n] = '\0';
		else if ((size_t)n < max)
			buf[n] = '\xff';
		fmt_quote(d->sb, (unsigned char *)buf, (size_t)n, QUOTE_0_TERMINATED);
		if (!nul)
			sb_puts(d->sb, "...");
	}
	free(buf);
}

void p_str(struct dec *d, uint64_t addr)
{
	dec_arg(d);
	f_str(d, addr);
}

static void buf_style(struct dec *d, uint64_t addr, uint64_t len, unsigned style)
{
	if (!addr) {
		sb_puts(d->sb, "NULL");
		return;
	}
	/* One byte more than shown: the look-ahead of the octal escapes. */
	size_t size = d->strsize + 1UL;
	if (size > len)
		size = (size_t)len;
	unsigned char *buf = malloc(size + 1);
	if (!buf || dec_read(d, buf, addr, size) < 0) {
		fmt_addr(d->sb, addr);
		free(buf);
		return;
	}
	if (size > d->strsize)
		size = d->strsize;
	else
		buf[size] = 0xff;
	fmt_quote(d->sb, buf, size, style);
	if (len > d->strsize)
		sb_puts(d->sb, "...");
	free(buf);
}

void f_buf(struct dec *d, uint64_t addr, uint64_t len)
{
	buf_style(d, addr, len, 0);
}

void p_buf(struct dec *d, uint64_t addr, uint64_t len)
{
	dec_arg(d);
	f_buf(d, addr, len);
}

void p_buf_out(struct dec *d, uint64_t addr, uint64_t len)
{
	dec_arg(d);
	if (dec_failed(d))
		fmt_addr(d->sb, addr);
	else
		buf_style(d, addr, len, 0);
}

void p_buf_out_hex(struct dec *d, uint64_t addr, uint64_t len)
{
	dec_arg(d);
	if (dec_failed(d))
		fmt_addr(d->sb, addr);
	else
		buf_style(d, addr, len, QUOTE_FORCE_HEX);
}

void p_int_ptr(struct dec *d, uint64_t addr)
{
	dec_arg(d);
	int v;
	if (!addr)
		sb_puts(d->sb, "NULL");
	else if (dec_failed(d) || dec_read(d, &v, addr, sizeof(v)) < 0)
		fmt_addr(d->sb, addr);
	else
		sb_printf(d->sb, "[%d]", v);
}

void p_uint64_ptr(struct dec *d, uint64_t addr)
{
	dec_arg(d);
	uint64_t v;
	if (!addr)
		sb_puts(d->sb, "NULL");
	else if (dec_failed(d) || dec_read(d, &v, addr, sizeof(v)) < 0)
		fmt_addr(d->sb, addr);
	else
		sb_printf(d->sb, "[%lu]", (unsigned long)v);
}

void p_sigset(struct dec *d, uint64_t addr, uint64_t size)
{
	dec_arg(d);
	uint8_t set[8];
	if (!addr)
		sb_puts(d->sb, "NULL");
	else if (size < 8 || size > 8 || dec_failed(d) || dec_read(d, set, addr, 8) < 0)
		fmt_addr(d->sb, addr);
	else
		fmt_sigset(d->sb, set, 8);
}

void f_struct(struct dec *d, uint64_t addr, size_t size, fmt_struct_fn fmt)
{
	if (!addr) {
		sb_puts(d->sb, "NULL");
		return;
	}
	unsigned char buf[512];
	void *p = size <= sizeof(buf) ? buf : malloc(size);
	if (!p || dec_failed(d) || dec_read(d, p, addr, size) < 0)
		fmt_addr(d->sb, addr);
	else
		fmt(d, p);
	if (p != buf)
		free(p);
}

void p_struct(struct dec *d, uint64_t addr, size_t size, fmt_struct_fn fmt)
{
	dec_arg(d);
	f_struct(d, addr, size, fmt);
}

void f_array(struct dec *d, uint64_t addr, uint64_t n, size_t size, fmt_struct_fn fmt)
{
	if (!addr) {
		sb_puts(d->sb, "NULL");
		return;
	}
	if (n == 0) {
		sb_puts(d->sb, "[]");
		return;
	}
	if (n * size / size != n || addr + n * size <= addr) {
		fmt_addr(d->sb, addr);
		return;
	}
	unsigned char buf[512];
	if (size > sizeof(buf)) {
		fmt_addr(d->sb, addr);
		return;
	}
	for (uint64_t i = 0; i < n; i++) {
		uint64_t cur = addr + i * size;
		if (i)
			sb_puts(d->sb, ", ");
		if (dec_read(d, buf, cur, size) < 0) {
			if (i == 0) {
				fmt_addr(d->sb, cur);
				return;
			}
			sb_printf(d->sb, "... /* %#lx */", (unsigned long)cur);
			break;
		}
		if (i == 0)
			sb_putc(d->sb, '[');
		if (i >= d->strsize) {
			sb_puts(d->sb, "...");
			break;
		}
		fmt(d, buf);
	}
	sb_putc(d->sb, ']');
}
