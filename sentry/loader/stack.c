/* The initial stack of a new program: strings, AT_RANDOM bytes, the
 * platform string, then argc, argv[], envp[] and the aux vector, laid out
 * as fs/exec.c and create_elf_tables() in fs/binfmt_elf.c do. */
#define _GNU_SOURCE
#include "exec.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/random.h>

#include "../kernel/random.h"
#include "../mm/mm.h"
#include "stack.h"

#define STACK_EXPAND (128UL * 1024) /* setup_arg_pages' initial extra room */

int exec_check_args(const struct exec_params *p)
{
	/* Like Linux: each string at most MAX_ARG_STRLEN with its NUL, and the
	 * strings plus pointers at most a quarter of the stack limit (but at
	 * least 32 pages' worth). */
	uint64_t limit = (8UL << 20) / 4 * 3; /* _STK_LIM / 4 * 3 */
	if (p->stack_limit / 4 < limit)
		limit = p->stack_limit / 4;
	if (limit < 32 * PAGE_SIZE) /* ARG_MAX */
		limit = 32 * PAGE_SIZE;
	uint64_t ptrs = ((p->argc ? p->argc : 1) + p->envc) * sizeof(void *);
	if (limit <= ptrs)
		return -E2BIG;
	limit -= ptrs;
	uint64_t total = strlen(p->execfn) + 1;
	for (size_t i = 0; i < p->argc; i++) {
		size_t n = strlen(p->argv[i]) + 1;
		if (n > MAX_ARG_STRLEN)
			return -E2BIG;
		total += n;
	}
	for (size_t i = 0; i < p->envc; i++) {
		size_t n = strlen(p->envp[i]) + 1;
		if (n > MAX_ARG_STRLEN)
			return -E2BIG;
		total += n;
	}
	if (p->argc > MAX_ARG_STRINGS || p->envc > MAX_ARG_STRINGS || total > limit)
		return -E2BIG;
	return 0;
}

int stack_build(struct mm *mm, const struct exec_params *p, const uint64_t *auxv_in, size_t nauxv,
		bool exec_stack, uint64_t *sp_out)
{
	uint64_t top = mm->stack_top;
	/* Size of the string area. */
	size_t strbytes = 8 + strlen(p->execfn) + 1;
	for (size_t i = 0; i < p->argc; i++)
		strbytes += strlen(p->argv[i]) + 1;
	for (size_t i = 0; i < p->envc; i++)
		strbytes += strlen(p->envp[i]) + 1;
	const char *platform = "x86_64";
	size_t plat_len = strlen(platform) + 1;
	size_t nwords = 1 + (p->argc + 1) + (p->envc + 1) + 2 * (nauxv + 1);
	uint64_t strings = top - strbytes;
	uint64_t plat = (strings & ~15UL) - plat_len;
	uint64_t rnd = plat - 16;
	uint64_t sp = (rnd - nwords * 8) & ~15UL;
	uint64_t lo = sp & PAGE_MASK;

	/* The stack vma: what is used plus 128 KiB, growing down. */
	uint64_t vstart = lo - STACK_EXPAND;
	int64_t r = mm_mmap(mm, vstart, top - vstart, PROT_READ | PROT_WRITE | (exec_stack ? PROT_EXEC : 0),
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_GROWSDOWN, 0, NULL, 0);
	if (r < 0)
		return (int)r;
	struct vma *v = mm_find_vma(mm, vstart);
	if (v && !v->name)
		v->name = strdup("[stack]");

	size_t blen = top - sp;
	char *b = calloc(1, blen);
	if (!b)
		return -ENOMEM;
#define AT(addr) (b + ((addr)-sp))
	/* Strings: argv, then envp, then the file name, then 8 zero bytes. */
	uint64_t cur = strings;
	uint64_t *argp = malloc((p->argc + p->envc + 1) * sizeof(uint64_t));
	if (!argp) {
		free(b);
		return -ENOMEM;
	}
	mm->arg_start = cur;
	for (size_t i = 0; i < p->argc; i++) {
		size_t n = strlen(p->argv[i]) + 1;
		memcpy(AT(cur), p->argv[i], n);
		argp[i] = cur;
		cur += n;
	}
	mm->arg_end = mm->env_start = cur;
	for (size_t i = 0; i < p->envc; i++) {
		size_t n = strlen(p->envp[i]) + 1;
		memcpy(AT(cur), p->envp[i], n);
		argp[p->argc + i] = cur;
		cur += n;
	}
	mm->env_end = cur;
	uint64_t execfn = cur;
	memcpy(AT(cur), p->execfn, strlen(p->execfn) + 1);
	memcpy(AT(plat), platform, plat_len);
	get_random_bytes(AT(rnd), 16);

	/* The pointer area. */
	uint64_t *w = (uint64_t *)AT(sp);
	size_t k = 0;
	w[k++] = p->argc;
	for (size_t i = 0; i < p->argc; i++)
		w[k++] = argp[i];
	w[k++] = 0;
	for (size_t i = 0; i < p->envc; i++)
		w[k++] = argp[p->argc + i];
	w[k++] = 0;
	uint64_t *aux = &w[k];
	for (size_t i = 0; i < nauxv; i++) {
		uint64_t type = auxv_in[2 * i], val = auxv_in[2 * i + 1];
		if (type == AT_RANDOM)
			val = rnd;
		else if (type == AT_EXECFN)
			val = execfn;
		else if (type == AT_PLATFORM)
			val = plat;
		w[k++] = type;
		w[k++] = val;
	}
	w[k++] = AT_NULL;
	w[k++] = 0;
#undef AT
	free(argp);
	/* Keep a copy of the aux vector for /proc/pid/auxv. */
	free(mm->saved_auxv);
	mm->saved_auxv_len = (size_t)((char *)&w[k] - (char *)aux);
	mm->saved_auxv = malloc(mm->saved_auxv_len);
	if (mm->saved_auxv)
		memcpy(mm->saved_auxv, aux, mm->saved_auxv_len);
	int rc = mm_poke(mm, sp, b, blen);
	free(b);
	if (rc < 0)
		return rc;
	mm->start_stack = sp;
	*sp_out = sp;
	return 0;
}
