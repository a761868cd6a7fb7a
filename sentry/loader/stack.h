#ifndef SBX_STACK_H
#define SBX_STACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mm;
struct exec_params;

/* Build the initial stack below mm->stack_top: strings, then the pointer
 * area with @nauxv (type, value) pairs from @auxv (AT_RANDOM, AT_EXECFN and
 * AT_PLATFORM values are filled in here); @exec_stack adds PROT_EXEC
 * (PT_GNU_STACK).  0 or -errno. */
int stack_build(struct mm *mm, const struct exec_params *p, const uint64_t *auxv, size_t nauxv,
		bool exec_stack, uint64_t *sp);

#endif
