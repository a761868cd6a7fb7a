/* mmap, munmap, mprotect, brk and madvise on an mm (mm/mmap.c,
 * mm/mprotect.c, mm/madvise.c). */
#define _GNU_SOURCE
#include "mm_impl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "../../platform/platform.h"
#include "../fs/file.h"
#include "../kernel/task.h"
#include "syscall_patch.h"

struct mm *mm_new(struct as *as)
{
	struct mm *mm = calloc(1, sizeof(*mm));
	if (!mm)
		return NULL;
	mm->users = 1;
	mm->as = as;
	mm->as_limit = UINT64_MAX;
	RB_INIT(&mm->vmas);
	RB_INIT(&mm->pmas);
	return mm;
}

void mm_get(struct mm *mm)
{
	mm->users++;
}

static void mm_free_all(struct mm *mm)
{
	struct vma *v, *vn;
	RB_FOREACH_SAFE(v, vma_tree, &mm->vmas, vn)
	{
		RB_REMOVE(vma_tree, &mm->vmas, v);
		vma_free(v);
	}
	struct pma *p, *pn;
	mm->hiwater_rss = mm_hiwater_rss(mm);
	mm->rss_pages = 0;
	RB_FOREACH_SAFE(p, pma_tree, &mm->pmas, pn)
	{
		memfile_put(p->off, (p->end - p->start) >> PAGE_SHIFT);
		RB_REMOVE(pma_tree, &mm->pmas, p);
		free(p);
	}
}

void mm_put(struct mm *mm)
{
	if (!mm || --mm->users > 0)
		return;
	aio_mm_gone(mm); /* exit_aio */
	mm_free_all(mm);
	syscall_patch_free(mm);
	if (mm->as)
		as_destroy(mm->as);
	free(mm->saved_auxv);
	free(mm->exe_path);
	if (mm->exe_file)
		file_put(mm->exe_file);
	free(mm);
}

/* Remove every vma and pma in [start, end); unmap the host range when
 * anything was mapped there. */
static int unmap_range(struct mm *mm, uint64_t start, uint64_t end)
{
	syscall_patch_unmap(mm, start, end);
	int r = vma_isolate(mm, start, end);
	if (r < 0)
		return r;
	struct vma *v = mm_find_vma_after(mm, start);
	while (v && v->start < end) {
		struct vma *next = RB_NEXT(vma_tree, &mm->vmas, v);
		mm->hiwater_vm = mm_hiwater_vm(mm); /* update_hiwater_vm */
		mm->total_pages -= (v->end - v->start) >> PAGE_SHIFT;
		RB_REMOVE(vma_tree, &mm->vmas, v);
		vma_free(v);
		v = next;
	}
	if (pma_release(mm, start, end) && mm->as)
		return as_unmap(mm->as, start, end - start);
	return 0;
}

bool mm_may_expand(const struct mm *mm, uint64_t pages)
{
	return mm->as_limit == UINT64_MAX || mm->total_pages + pages <= mm->as_limit >> PAGE_SHIFT;
}

/* Pages of [start, end) that some vma maps. */
static uint64_t mapped_pages(struct mm *mm, uint64_t start, uint64_t end)
{
	uint64_t n = 0;
	for (struct vma *v = mm_find_vma_after(mm, start); v && v->start < end;
	     v = RB_NEXT(vma_tree, &mm->vmas, v)) {
		uint64_t s = v->start > start ? v->start : start, e = v->end < end ? v->end : end;
		n += (e - s) >> PAGE_SHIFT;
	}
	return n;
}

int64_t mm_mmap(struct mm *mm, uint64_t addr, uint64_t len, int prot, int mflags,
		unsigned vflags, struct file *file, uint64_t pgoff)
{
	len = PAGE_ALIGN_UP(len);
	if (len == 0 || len > TASK_SIZE)
		return -ENOMEM;
	if (mflags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
		if (addr & ~PAGE_MASK)
			return -EINVAL;
		if (addr > TASK_SIZE - len)
			return -ENOMEM;
		if (addr < mm_mmap_min_addr)
			return -EPERM;
		if ((mflags & MAP_FIXED_NOREPLACE) && !mm_range_free(mm, addr, addr + len))
			return -EEXIST;
	} else {
		/* round_hint_to_min(): an unaligned hint is rounded down, one
		 * below mmap_min_addr is raised to it. */
		uint64_t hint = addr & PAGE_MASK;
		if (hint && hint < mm_mmap_min_addr)
			hint = PAGE_ALIGN_UP(mm_mmap_min_addr);
		if (mflags & MAP_32BIT) {
			/* x86-64 (find_start_end): a free hint below 2 GiB,
			 * else bottom-up from 1 GiB. */
			const uint64_t lo = 0x40000000UL, hi = 0x80000000UL;
			addr = 0;
			if (hint && len <= hi && hint <= hi - len &&
			    mm_range_free(mm, hint, hint + len))
				addr = hint;
			else if (len <= hi - lo)
				addr = vma_find_gap_up(mm, lo, hi, len);
		} else {
			addr = mm_get_unmapped_area(mm, hint, len);
		}
		if (addr == 0)
			return -ENOMEM;
	}
	/* RLIMIT_AS counts what the new mapping adds: not what it replaces. */
	if (!mm_may_expand(mm, (len >> PAGE_SHIFT) - mapped_pages(mm, addr, addr + len)))
		return -ENOMEM;
	struct vma *v = vma_alloc();
	if (!v)
		return -ENOMEM;
	int r = unmap_range(mm, addr, addr + len);
	if (r < 0) {
		free(v);
		return r;
	}
	v->start = addr;
	v->end = addr + len;
	v->prot = prot;
	v->maxprot = PROT_READ | PROT_WRITE | PROT_EXEC;
	v->flags = vflags;
	if (mflags & MAP_SHARED)
		v->flags |= VMA_SHARED;
	if (mflags & MAP_GROWSDOWN)
		v->flags |= VMA_GROWSDOWN;
	if (mflags & MAP_NORESERVE)
		v->flags |= VMA_NORESERVE;
	if (mflags & MAP_STACK)
		v->flags |= VMA_STACK;
	if (file) {
		v->file = file;
		file_get(file);
		v->pgoff = pgoff;
	}
	RB_INSERT(vma_tree, &mm->vmas, v);
	mm->total_pages += len >> PAGE_SHIFT;
	/* Anonymous memory is backed now when it is shared (the pages must be
	 * the same for every process that inherits the mapping) or small
	 * enough; larger private mappings fill in on faults. */
	bool shared = v->flags & VMA_SHARED;
	if (vflags & VMA_HOST) {
		/* The caller maps it in the stub. */
	} else if (!file && (shared || (prot != PROT_NONE && len <= EAGER_MAP_MAX))) {
		r = pma_fill(mm, v, addr, addr + len);
		/* Under a --memory cap, memory that cannot be had now is
		 * refused now, as strict overcommit would. */
		if (r < 0 && (shared || (r == -ENOMEM && memfile_limited()))) {
			unmap_range(mm, addr, addr + len);
			return r;
		}
	} else if (file && len <= FILE_EAGER_MAX) {
		/* Map what the file has now (a library, a program): no faults
		 * later.  The rest (past the end of the file) faults: SIGBUS. */
		pma_fill_file(mm, v, addr, addr + len);
	}
	vma_merge_around(mm, v);
	return (int64_t)addr;
}

int mm_munmap(struct mm *mm, uint64_t addr, uint64_t len)
{
	/* Linux's bound (x86-64's TASK_SIZE), not the guest's lower one: a
	 * range that reaches above the guest's top is valid and unmaps what
	 * the guest has below it (munmap(NULL, 0x7ffffffff000) takes
	 * everything); the stub's memory up there is never the guest's. */
	const uint64_t linux_task_size = 0x7ffffffff000UL;
	if ((addr & ~PAGE_MASK) || addr > linux_task_size || len > linux_task_size - addr)
		return -EINVAL;
	len = PAGE_ALIGN_UP(len);
	if (len == 0)
		return -EINVAL;
	if (addr >= TASK_SIZE)
		return 0;
	uint64_t end = addr + len > TASK_SIZE ? TASK_SIZE : addr + len;
	return unmap_range(mm, addr, end);
}

int mm_mprotect(struct mm *mm, uint64_t addr, uint64_t len, int prot)
{
	uint64_t end = addr + PAGE_ALIGN_UP(len);
	if (addr & ~PAGE_MASK)
		return -EINVAL;
	if (len == 0)
		return 0;
	if (end <= addr)
		return -ENOMEM;
	struct vma *v = mm_find_vma(mm, addr);
	if (!v)
		return -ENOMEM;
	if (prot & PROT_WRITE) {
		syscall_patch_restore(mm, addr, end);
		v = mm_find_vma(mm, addr);
	}
	uint64_t cur = addr;
	while (cur < end) {
		if (!v || v->start > cur)
			return -ENOMEM;
		if ((prot & ~v->maxprot) != 0)
			return -EACCES;
		uint64_t s = cur, e = v->end < end ? v->end : end;
		if (v->prot != prot) {
			if (vma_isolate(mm, s, e) < 0)
				return -ENOMEM;
			v = mm_find_vma(mm, s);
			v->prot = prot;
			int r = pma_protect_range(mm, v, s, e);
			if (r < 0)
				return r;
			v = vma_merge_around(mm, v);
		}
		cur = e;
		v = mm_find_vma_after(mm, cur);
	}
	return 0;
}

uint64_t mm_brk(struct mm *mm, uint64_t brk)
{
	if (brk < mm->start_brk)
		return mm->brk;
	uint64_t old_end = PAGE_ALIGN_UP(mm->brk), new_end = PAGE_ALIGN_UP(brk);
	if (new_end < old_end) {
		if (mm_munmap(mm, new_end, old_end - new_end) < 0)
			return mm->brk;
		mm->brk = brk;
		return brk;
	}
	if (new_end == old_end) {
		mm->brk = brk;
		return brk;
	}
	/* Linux keeps a page free between the break and the next mapping. */
	if (new_end > TASK_SIZE || !mm_range_free(mm, old_end, new_end + PAGE_SIZE))
		return mm->brk;
	int64_t r = mm_mmap(mm, old_end, new_end - old_end, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, VMA_HEAP, NULL, 0);
	if (r < 0)
		return mm->brk;
	/* Every piece of the break is [heap], so that growth merges with
	 * what is below. */
	struct vma *v = mm_find_vma(mm, old_end);
	if (v && !v->name)
		v->name = strdup("[heap]");
	if (v)
		vma_merge_around(mm, v);
	mm->brk = brk;
	return brk;
}

int mm_set_vma_flags(struct mm *mm, uint64_t addr, uint64_t len, unsigned set, unsigned clear)
{
	uint64_t end = addr + len;
	if (vma_isolate(mm, addr, end) < 0)
		return -EAGAIN;
	int err = 0;
	uint64_t cur = addr;
	for (struct vma *v = mm_find_vma_after(mm, addr); v && v->start < end;) {
		if (v->start > cur)
			err = -ENOMEM;
		v->flags = (v->flags | set) & ~clear;
		/* The merge may free the next vma: go on from the survivor
		 * (a next vma it swallowed had the new flags already). */
		v = vma_merge_around(mm, v);
		cur = v->end;
		v = RB_NEXT(vma_tree, &mm->vmas, v);
	}
	if (cur < end)
		err = -ENOMEM;
	return err;
}

int mm_dontneed(struct mm *mm, uint64_t addr, uint64_t len)
{
	uint64_t end = addr + len;
	int err = 0;
	uint64_t cur = addr;
	for (struct vma *v = mm_find_vma_after(mm, addr); v && v->start < end;
	     v = RB_NEXT(vma_tree, &mm->vmas, v)) {
		if (v->start > cur)
			err = -ENOMEM;
		if (v->flags & VMA_LOCKED)
			return -EINVAL;
		uint64_t s = v->start > addr ? v->start : addr;
		uint64_t e = v->end < end ? v->end : end;
		cur = e;
		/* Shared memory keeps its contents (the pages stay in the
		 * shared object); private pages are dropped and read back as
		 * zeros, or as the file's contents for file mappings. */
		if (v->flags & VMA_SHARED)
			continue;
		if (pma_release(mm, s, e) && mm->as) {
			int r = as_unmap(mm->as, s, e - s);
			if (r < 0)
				return r;
		}
	}
	if (cur < end)
		err = -ENOMEM;
	return err;
}

void mm_zap_file_pages(const struct page_cache *pc, uint64_t first)
{
	struct mm **seen = NULL;
	size_t nseen = 0, cap = 0;
	for_each_task(t)
	{
		struct mm *mm = t->mm;
		if (!mm)
			continue;
		bool done = false;
		for (size_t i = 0; i < nseen && !done; i++)
			done = seen[i] == mm;
		if (done)
			continue;
		if (nseen == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			struct mm **n = realloc(seen, ncap * sizeof(*n));
			if (n) {
				seen = n;
				cap = ncap;
			}
		}
		if (nseen < cap)
			seen[nseen++] = mm;
		struct vma *v;
		RB_FOREACH(v, vma_tree, &mm->vmas)
		{
			if (!v->file || !v->file->inode || v->file->inode->cache != pc)
				continue;
			uint64_t fstart = v->pgoff >> PAGE_SHIFT;
			uint64_t fend = fstart + ((v->end - v->start) >> PAGE_SHIFT);
			if (fend <= first)
				continue;
			uint64_t s = v->start + (first > fstart ? (first - fstart) << PAGE_SHIFT : 0);
			if (pma_release(mm, s, v->end) && mm->as)
				as_unmap(mm->as, s, v->end - s);
		}
	}
	free(seen);
}
