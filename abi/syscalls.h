/* x86-64 syscall numbers and names.  Numbers come from <asm/unistd_64.h>;
 * the name table is generated at build time (gen_syscalls.sh). */
#ifndef SBX_ABI_SYSCALLS_H
#define SBX_ABI_SYSCALLS_H

#include <asm/unistd_64.h>

#include "syscall_nrs_extra.h" /* generated: numbers newer than the headers */

/* One past the highest number the table knows, rounded up. */
#define SYSCALL_TABLE_SIZE 512

/* Name of syscall @nr, or NULL if there is none with that number. */
extern const char *const syscall_names[SYSCALL_TABLE_SIZE];

static inline const char *syscall_name(long nr)
{
	return nr >= 0 && nr < SYSCALL_TABLE_SIZE ? syscall_names[nr] : (const char *)0;
}

#endif
