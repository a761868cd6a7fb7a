/* Value tables for the trace formatters: names of flags and constants,
 * generated at build time from the kernel's headers (abi/xlat.txt,
 * abi/gen_xlat.py).  Each table keeps strace's printing order. */
#ifndef SBX_ABI_XLAT_H
#define SBX_ABI_XLAT_H

#include <stddef.h>
#include <stdint.h>

struct xlat_entry {
	uint64_t val;
	const char *name;
};

struct xlat {
	const struct xlat_entry *e;
	size_t n;
};

/* The first name of @val in @x, or NULL. */
const char *xlat_name(const struct xlat *x, uint64_t val);
/* The value of @name in @x; false if it has none. */
int xlat_value(const struct xlat *x, const char *name, uint64_t *val);

#include "xlat_tables.h" /* generated: extern const struct xlat xlat_NAME; */

#endif
