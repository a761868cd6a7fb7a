/* mremap(2) (mm/mremap.c): shrink, grow in place, or move. */
#define _GNU_SOURCE
#include "mm_impl.h"
#include "syscall_patch.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "../../platform/platform.h"
#include "../fs/file.h"

#ifndef MREMAP_DONTUNMAP
#define MREMAP_DONTUNMAP 4
#endif

/* Move the pmas of [old, old + len) to start at @to (the vmas there exist
 * already), keeping their pages. */
static void move_pmas(struct mm *mm, uint64_t old, uint64_t len, uint64_t to)
{
	struct pma *p = mm_find_pma(mm, old);
	if (!p) {
		struct pma key = {.start = old};
		p = RB_NFIND(pma_tree, &mm->pmas, &key);
	}
	/* Collect first: re-keying while walking would revisit entries. */
	struct pma **list = NULL;
	size_t n = 0, cap = 0;
	for (; p && p->start < old + len; p = RB_NEXT(pma_tree, &mm->pmas, p)) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			struct pma **nl = realloc(list, cap * sizeof(*list));
			if (!nl)
				break;
			list = nl;
		}
		list[n++] = p;
	}
	for (size_t i = 0; i < n; i++) {
		p = list[i];
		uint64_t s = p->start > old ? p->start : old;
		uint64_t e = p->end < old + len ? p->end : old + len;
		uint64_t off = p->off + (s - p->start);
		bool cow = p->cow;
		memfile_get(off, (e - s) >> PAGE_SHIFT); /* keep them across the release */
		pma_release(mm, s, e);
		pma_insert(mm, s - old + to, e - old + to, off, cow);
	}
	free(list);
}

static int64_t move_vma(struct mm *mm, uint64_t old, uint64_t old_len, uint64_t to,
			uint64_t new_len, bool dontunmap)
{
	syscall_patch_restore(mm, old, old + old_len);
	if (vma_isolate(mm, old, old + old_len) < 0)
		return -ENOMEM;
	struct vma *last = NULL;
	for (struct vma *v = mm_find_vma(mm, old); v && v->start < old + old_len;
	     v = RB_NEXT(vma_tree, &mm->vmas, v)) {
		struct vma *c = vma_alloc();
		if (!c)
			return -ENOMEM;
		*c = *v;
		memset(&c->link, 0, sizeof(c->link));
		c->start = v->start - old + to;
		c->end = v->end - old + to;
		c->name = v->name ? strdup(v->name) : NULL;
		if (c->file)
			file_get(c->file);
		RB_INSERT(vma_tree, &mm->vmas, c);
		mm->total_pages += (c->end - c->start) >> PAGE_SHIFT;
		last = c;
	}
	move_pmas(mm, old, old_len, to);
	if (mm->as) {
		int r = as_unmap(mm->as, old, old_len);
		if (r < 0)
			return r;
	}
	if (!dontunmap) {
		struct vma *v = mm_find_vma(mm, old);
		while (v && v->start < old + old_len) {
			struct vma *next = RB_NEXT(vma_tree, &mm->vmas, v);
			mm->hiwater_vm = mm_hiwater_vm(mm);
			mm->total_pages -= (v->end - v->start) >> PAGE_SHIFT;
			RB_REMOVE(vma_tree, &mm->vmas, v);
			vma_free(v);
			v = next;
		}
	}
	if (last && new_len > old_len) {
		last->end += new_len - old_len;
		mm->total_pages += (new_len - old_len) >> PAGE_SHIFT;
	}
	for (struct vma *v = mm_find_vma(mm, to); v && v->start < to + new_len;
	     v = RB_NEXT(vma_tree, &mm->vmas, v)) {
		int r = pma_map_range(mm, v, v->start, v->end);
		if (r < 0)
			return r;
		if ((v->flags & VMA_SHARED) && v == last && new_len > old_len && !v->file) {
			r = pma_fill(mm, v, to + old_len, to + new_len);
			if (r < 0)
				return r;
		}
	}
	struct vma *v = mm_find_vma(mm, to);
	if (v)
		vma_merge_around(mm, v);
	return (int64_t)to;
}

int64_t mm_mremap(struct mm *mm, uint64_t old, uint64_t old_len, uint64_t new_len, int flags,
		  uint64_t new_addr)
{
	if (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP))
		return -EINVAL;
	if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	if ((flags & MREMAP_DONTUNMAP) && (!(flags & MREMAP_MAYMOVE) || old_len != new_len))
		return -EINVAL;
	if (old & ~PAGE_MASK)
		return -EINVAL;
	old_len = PAGE_ALIGN_UP(old_len);
	new_len = PAGE_ALIGN_UP(new_len);
	if (new_len == 0 || old_len > TASK_SIZE || new_len > TASK_SIZE)
		return -EINVAL;
	if (old_len == 0)
		return -EINVAL; /* duplicating a shared mapping is not supported */
	if (flags & MREMAP_FIXED) {
		if ((new_addr & ~PAGE_MASK) || new_addr > TASK_SIZE - new_len)
			return -EINVAL;
		if (new_addr < old + old_len && old < new_addr + new_len)
			return -EINVAL;
		int r = mm_munmap(mm, new_addr, new_len);
		if (r < 0)
			return r;
		if (old_len > new_len) {
			r = mm_munmap(mm, old + new_len, old_len - new_len);
			if (r < 0)
				return r;
			old_len = new_len;
		}
	} else if (old_len >= new_len && !(flags & MREMAP_DONTUNMAP)) {
		if (old_len > new_len) {
			int r = mm_munmap(mm, old + new_len, old_len - new_len);
			if (r < 0)
				return r;
		}
		return (int64_t)old;
	}
	struct vma *v = mm_find_vma(mm, old);
	if (!v || old + old_len > v->end)
		return -EFAULT;
	/* RLIMIT_AS: the growth, or for MREMAP_DONTUNMAP the whole new copy
	 * (vma_to_resize, mremap_to). */
	if (new_len > old_len && !mm_may_expand(mm, (new_len - old_len) >> PAGE_SHIFT))
		return -ENOMEM;
	if ((flags & MREMAP_DONTUNMAP) && !mm_may_expand(mm, old_len >> PAGE_SHIFT))
		return -ENOMEM;
	if (flags & MREMAP_DONTUNMAP) {
		if (v->flags & VMA_SHARED)
			return -EINVAL;
	}
	if (flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)) {
		uint64_t to = new_addr;
		/* get_unmapped_area() checks the fixed address last, after
		 * the unmaps above (security_mmap_addr). */
		if ((flags & MREMAP_FIXED) && to < mm_mmap_min_addr)
			return -EPERM;
		if (!(flags & MREMAP_FIXED)) {
			to = mm_get_unmapped_area(mm, 0, new_len);
			if (!to)
				return -ENOMEM;
		}
		return move_vma(mm, old, old_len, to, new_len, flags & MREMAP_DONTUNMAP);
	}
	/* Grow in place when the space above is free. */
	uint64_t end = old + old_len;
	if (v->end == end && end + (new_len - old_len) <= TASK_SIZE &&
	    mm_range_free(mm, end, old + new_len)) {
		v->end = old + new_len;
		mm->total_pages += (new_len - old_len) >> PAGE_SHIFT;
		if ((v->flags & VMA_SHARED) && !v->file) {
			int r = pma_fill(mm, v, end, old + new_len);
			if (r < 0)
				return r;
		}
		vma_merge_around(mm, v);
		return (int64_t)old;
	}
	if (!(flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	uint64_t to = mm_get_unmapped_area(mm, 0, new_len);
	if (!to)
		return -ENOMEM;
	return move_vma(mm, old, old_len, to, new_len, false);
}
