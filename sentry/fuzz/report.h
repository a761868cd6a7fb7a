/* sbx run --report FILE: one JSON object written when sbx exits. */
#ifndef SBX_REPORT_H
#define SBX_REPORT_H

/* Write the report to @path: how the program ended (@ws, its wait status,
 * or -1 when it never ran), sbx's own exit status @sbx_status, the limit
 * that fired, peak memory, CPU and wall time and the syscall count (from
 * limits.h).  0, or -1 after a `sbx:` message. */
int report_write(const char *path, int ws, int sbx_status);

struct json_object;
/* Write @o to the host file @path (created or truncated), pretty-printed
 * with a final newline.  0 or -errno. */
int json_write_file(const char *path, struct json_object *o);

/* "SIGSEGV" for 11; "SIG37" for a number without a name. */
const char *signal_name(int sig, char buf[16]);

#endif
