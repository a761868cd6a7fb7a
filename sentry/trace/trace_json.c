/* --trace-format=json: one JSON object per line and event. */
#include "trace_priv.h"

#include <stdio.h>
#include <string.h>

static unsigned long long seq;

void json_quote(struct sbuf *sb, const char *s, size_t n)
{
	sb_putc(sb, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"':
			sb_puts(sb, "\\\"");
			break;
		case '\\':
			sb_puts(sb, "\\\\");
			break;
		case '\n':
			sb_puts(sb, "\\n");
			break;
		case '\t':
			sb_puts(sb, "\\t");
			break;
		default:
			if (c < 0x20 || c >= 0x7f)
				sb_printf(sb, "\\u%04x", c);
			else
				sb_putc(sb, (char)c);
		}
	}
	sb_putc(sb, '"');
}

void json_begin(struct sbuf *sb, const char *event, const struct ttask *tt)
{
	sb_printf(sb, "{\"event\":\"%s\",\"seq\":%llu,\"pid\":%d,\"tid\":%d", event, ++seq,
		  tt->tgid, tt->tid);
}

void json_strn(struct sbuf *sb, const char *key, const char *val, size_t n)
{
	sb_printf(sb, ",\"%s\":", key);
	json_quote(sb, val, n);
}

void json_str(struct sbuf *sb, const char *key, const char *val)
{
	if (val)
		json_strn(sb, key, val, strlen(val));
	else
		sb_printf(sb, ",\"%s\":null", key);
}

void json_int(struct sbuf *sb, const char *key, long long v)
{
	sb_printf(sb, ",\"%s\":%lld", key, v);
}

void json_hex(struct sbuf *sb, const char *key, uint64_t v)
{
	sb_printf(sb, ",\"%s\":\"%#llx\"", key, (unsigned long long)v);
}

void json_bool(struct sbuf *sb, const char *key, bool v)
{
	sb_printf(sb, ",\"%s\":%s", key, v ? "true" : "false");
}

void json_raw(struct sbuf *sb, const char *key, const char *json)
{
	sb_printf(sb, ",\"%s\":%s", key, json ? json : "null");
}

void json_end(struct sbuf *sb)
{
	sb_puts(sb, "}\n");
}
