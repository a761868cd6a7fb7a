/* Naming code addresses of a guest for crash reports: the file mapped
 * there, the offset in it, and the nearest function symbol from the file's
 * ELF symbol tables (.symtab, else .dynsym), read through the page cache. */
#ifndef SBX_SYMBOLIZE_H
#define SBX_SYMBOLIZE_H

#include <stdbool.h>
#include <stdint.h>

struct task;

struct code_loc {
	char *module;      /* the mapped file's path in the sandbox, malloc'ed; NULL: anonymous */
	uint64_t offset;   /* @addr's offset in that file (or in its mapping, if anonymous) */
	char *symbol;      /* malloc'ed; NULL when no symbol covers it */
	uint64_t sym_offset; /* bytes past the symbol's start */
	bool exec;         /* the mapping is executable */
};

/* Describe @addr in @t's address space.  False when nothing is mapped
 * there.  Free with code_loc_free. */
bool symbolize(struct task *t, uint64_t addr, struct code_loc *loc);
void code_loc_free(struct code_loc *loc);

#endif
