/* The compatibility table: for every x86-64 syscall number, whether sbx
 * implements it, in part (and what is missing), refuses it (with which
 * errno and why) or does not have it yet, and the test that covers it.
 * `sbx --syscalls` prints it; docs/syscalls.md is its Markdown form,
 * generated at build time and checked against the committed copy. */
#ifndef SBX_COMPAT_H
#define SBX_COMPAT_H

#include <stdbool.h>
#include <stdio.h>

enum compat_status {
	COMPAT_UNIMPLEMENTED, /* ENOSYS and an "unsupported syscall" message */
	COMPAT_IMPLEMENTED,
	COMPAT_PARTIAL,
	COMPAT_REFUSED, /* on purpose, with the errno in the note */
};

struct compat_info {
	const char *name; /* NULL: no syscall has this number */
	enum compat_status status;
	const char *note;      /* what is missing, or the errno and the reason */
	const char *test;      /* "guest/NAME": tests/guest/NAME.c covers it */
	bool has_handler;      /* the dispatch table has a handler */
	bool refusing_handler; /* the handler only refuses (ENOSYS, EPERM) */
};

/* The entry of syscall @nr (0 <= nr < SYSCALL_TABLE_SIZE). */
struct compat_info compat_get(long nr);
const char *compat_status_name(enum compat_status s);
/* Print the table: aligned text, or Markdown (docs/syscalls.md). */
void compat_print(FILE *out, bool markdown);

#endif
