/* Loading a program into a fresh mm (load_elf_binary in fs/binfmt_elf.c). */
#define _GNU_SOURCE
#include "exec.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>

#include "../mm/mm.h"
#include "stack.h"

#define STACK_GUARD_GAP (256UL * PAGE_SIZE)

/* The kernel's own aux vector values for sbx (from /proc/self/auxv):
 * glibc's getauxval(AT_HWCAP) gives glibc's idea, not the kernel's. */
static unsigned long host_auxval(unsigned long type)
{
	static unsigned long vec[2 * 64];
	static bool loaded;
	if (!loaded) {
		FILE *f = fopen("/proc/self/auxv", "re");
		if (f) {
			size_t n = fread(vec, sizeof(vec[0]), 2 * 63, f);
			vec[n & ~1UL] = AT_NULL;
			fclose(f);
		}
		loaded = true;
	}
	for (size_t i = 0; vec[i] != AT_NULL && i < 2 * 63; i += 2)
		if (vec[i] == type)
			return vec[i + 1];
	return getauxval(type);
}
#define MIN_GAP         (128UL << 20)

/* Where mmap's top-down search starts (mm/util.c mmap_base), without
 * randomisation: below the stack's maximum size and its guard gap. */
static uint64_t mmap_base_for(uint64_t stack_top, uint64_t stack_limit)
{
	uint64_t gap = stack_limit + STACK_GUARD_GAP;
	if (gap < MIN_GAP)
		gap = MIN_GAP;
	if (gap > TASK_SIZE / 6 * 5)
		gap = TASK_SIZE / 6 * 5;
	return (stack_top - gap) & PAGE_MASK;
}

/* Load bias for an ET_DYN image: programs with an interpreter at
 * ELF_ET_DYN_BASE, others (static-pie, ld.so run directly, interpreters)
 * wherever mmap would put them. */
static int dyn_bias(struct mm *mm, const struct elf_image *img, bool main_with_interp,
		    uint64_t *bias)
{
	uint64_t size = img->max_vaddr - img->min_vaddr;
	uint64_t at;
	if (main_with_interp && mm_range_free(mm, ELF_ET_DYN_BASE, ELF_ET_DYN_BASE + size))
		at = ELF_ET_DYN_BASE;
	else
		at = mm_get_unmapped_area(mm, 0, size);
	if (!at)
		return -ENOMEM;
	*bias = at - img->min_vaddr;
	return 0;
}

int exec_load(struct mm *mm, const struct elf_source *src, struct elf_image *img,
	      const struct exec_params *p, struct exec_result *res)
{
	int r = exec_check_args(p);
	if (r < 0)
		return r;
	mm->stack_top = TASK_SIZE;
	mm->stack_limit = p->stack_limit;
	mm->mmap_base = mmap_base_for(mm->stack_top, p->stack_limit);

	uint64_t bias = 0;
	if (img->eh.e_type == ET_DYN) {
		r = dyn_bias(mm, img, img->interp != NULL, &bias);
		if (r < 0)
			return r;
	}
	r = elf_map(mm, src, img, bias);
	if (r < 0)
		return r;

	uint64_t entry = img->entry, interp_base = 0;
	if (img->interp) {
		struct elf_source isrc;
		struct elf_image iimg;
		if (!p->open_interp)
			return -ENOENT;
		r = p->open_interp(p->interp_ctx, img->interp, &isrc);
		if (r < 0)
			return r;
		r = elf_parse(&isrc, &iimg);
		if (r == 0 && iimg.interp)
			r = -ELIBBAD; /* an interpreter that needs one */
		uint64_t ibias = 0;
		if (r == 0 && iimg.eh.e_type == ET_DYN)
			r = dyn_bias(mm, &iimg, false, &ibias);
		if (r == 0)
			r = elf_map(mm, &isrc, &iimg, ibias);
		if (r == 0) {
			entry = iimg.entry;
			interp_base = ibias + iimg.min_vaddr;
		}
		elf_release(&iimg);
		if (p->close_interp)
			p->close_interp(p->interp_ctx, &isrc);
		if (r < 0)
			return r;
	}

	mm->start_brk = mm->brk = PAGE_ALIGN_UP(img->brk);
	mm->start_code = img->start_code;
	mm->end_code = img->end_code;
	mm->start_data = img->start_data;
	mm->end_data = img->end_data;

	uint64_t auxv[2 * 24];
	size_t n = 0;
#define AUX(t, v) (auxv[2 * n] = (t), auxv[2 * n + 1] = (v), n++)
	unsigned long minsig = host_auxval(AT_MINSIGSTKSZ);
	if (minsig)
		AUX(AT_MINSIGSTKSZ, minsig);
	AUX(AT_HWCAP, host_auxval(AT_HWCAP));
	AUX(AT_PAGESZ, PAGE_SIZE);
	AUX(AT_CLKTCK, 100);
	AUX(AT_PHDR, img->phdr_addr);
	AUX(AT_PHENT, sizeof(Elf64_Phdr));
	AUX(AT_PHNUM, img->eh.e_phnum);
	AUX(AT_BASE, interp_base);
	AUX(AT_FLAGS, 0);
	AUX(AT_ENTRY, img->entry);
	AUX(AT_UID, p->uid);
	AUX(AT_EUID, p->euid);
	AUX(AT_GID, p->gid);
	AUX(AT_EGID, p->egid);
	AUX(AT_SECURE, 0);
	AUX(AT_RANDOM, 0);
	unsigned long hwcap2 = host_auxval(AT_HWCAP2);
	if (hwcap2)
		AUX(AT_HWCAP2, hwcap2);
	AUX(AT_EXECFN, 0);
	AUX(AT_PLATFORM, 0);
#undef AUX
	uint64_t sp;
	r = stack_build(mm, p, auxv, n, img->exec_stack, &sp);
	if (r < 0)
		return r;
	res->entry = entry;
	res->sp = sp;
	return 0;
}
