/* Messages from sbx itself to the host's stderr: `sbx: ...` lines, and
 * sentry debug logging (-v/--debug). The bottom layer: everyone may use it. */
#ifndef SBX_LOG_H
#define SBX_LOG_H

#include <stdbool.h>

extern bool sbx_debug_enabled;

/* `sbx: MESSAGE` on stderr. */
void sbx_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* `sbx: MESSAGE` on stderr, then exit(status). */
_Noreturn void sbx_fatal(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Debug line, only with -v/--debug. */
void sbx_debug_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define sbx_dbg(...)                                                                               \
	do {                                                                                       \
		if (sbx_debug_enabled)                                                             \
			sbx_debug_log(__VA_ARGS__);                                                \
	} while (0)

#endif
