/* A growable text buffer for the trace formatters.  An allocation failure
 * leaves the buffer as it was (the text is cut, never corrupted). */
#ifndef SBX_ABI_SBUF_H
#define SBX_ABI_SBUF_H

#include <stdarg.h>
#include <stddef.h>

struct sbuf {
	char *buf; /* NUL-terminated once anything was written */
	size_t len;
	size_t cap;
};

#define SBUF_INIT                                                                                  \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

void sb_free(struct sbuf *sb);
/* Empty it, keeping the memory. */
void sb_reset(struct sbuf *sb);
/* Cut it back to @len bytes. */
void sb_truncate(struct sbuf *sb, size_t len);
/* The text ("" when nothing was written). */
const char *sb_str(const struct sbuf *sb);

void sb_putc(struct sbuf *sb, char c);
void sb_puts(struct sbuf *sb, const char *s);
void sb_put(struct sbuf *sb, const void *p, size_t n);
void sb_printf(struct sbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vprintf(struct sbuf *sb, const char *fmt, va_list ap);
/* Spaces up to column @col (nothing if already there). */
void sb_pad(struct sbuf *sb, size_t col);

#endif
