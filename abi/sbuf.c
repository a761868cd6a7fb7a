/* Growable text buffer. */
#include "sbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int reserve(struct sbuf *sb, size_t more)
{
	if (sb->len + more + 1 <= sb->cap)
		return 0;
	size_t cap = sb->cap ? sb->cap : 256;
	while (cap < sb->len + more + 1)
		cap *= 2;
	char *p = realloc(sb->buf, cap);
	if (!p)
		return -1;
	sb->buf = p;
	sb->cap = cap;
	return 0;
}

void sb_free(struct sbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->cap = 0;
}

void sb_reset(struct sbuf *sb)
{
	sb_truncate(sb, 0);
}

void sb_truncate(struct sbuf *sb, size_t len)
{
	if (len < sb->len) {
		sb->len = len;
		sb->buf[len] = '\0';
	}
}

const char *sb_str(const struct sbuf *sb)
{
	return sb->buf ? sb->buf : "";
}

void sb_put(struct sbuf *sb, const void *p, size_t n)
{
	if (reserve(sb, n) < 0)
		return;
	memcpy(sb->buf + sb->len, p, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
}

void sb_putc(struct sbuf *sb, char c)
{
	sb_put(sb, &c, 1);
}

void sb_puts(struct sbuf *sb, const char *s)
{
	sb_put(sb, s, strlen(s));
}

void sb_vprintf(struct sbuf *sb, const char *fmt, va_list ap)
{
	char small[256];
	va_list copy;
	va_copy(copy, ap);
	int n = vsnprintf(small, sizeof(small), fmt, copy);
	va_end(copy);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		sb_put(sb, small, (size_t)n);
		return;
	}
	if (reserve(sb, (size_t)n) < 0)
		return;
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
}

void sb_printf(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(sb, fmt, ap);
	va_end(ap);
}

void sb_pad(struct sbuf *sb, size_t col)
{
	while (sb->len < col)
		sb_putc(sb, ' ');
}
