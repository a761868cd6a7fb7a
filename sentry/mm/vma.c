/* The vma set of an mm: lookup, split, merge, free-range search. */
#include "mm_impl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "../fs/file.h"

static int vma_cmp(struct vma *a, struct vma *b)
{
	return a->start < b->start ? -1 : a->start > b->start;
}

RB_GENERATE(vma_tree, vma, link, vma_cmp)

struct vma *mm_find_vma(struct mm *mm, uint64_t addr)
{
	struct vma key = {.start = addr};
	struct vma *v = RB_NFIND(vma_tree, &mm->vmas, &key);
	if (v && v->start == addr)
		return v;
	struct vma *prev = v ? RB_PREV(vma_tree, &mm->vmas, v) : RB_MAX(vma_tree, &mm->vmas);
	if (prev && prev->end > addr)
		return prev;
	return NULL;
}

struct vma *mm_find_vma_after(struct mm *mm, uint64_t addr)
{
	struct vma *v = mm_find_vma(mm, addr);
	if (v)
		return v;
	struct vma key = {.start = addr};
	return RB_NFIND(vma_tree, &mm->vmas, &key);
}

struct vma *vma_alloc(void)
{
	return calloc(1, sizeof(struct vma));
}

void vma_free(struct vma *v)
{
	if (v->file)
		file_put(v->file);
	free(v->name);
	free(v);
}

/* Split @v at @at (start < at < end); returns the upper half, now in the
 * tree, or NULL when out of memory (nothing changed). */
struct vma *vma_split(struct mm *mm, struct vma *v, uint64_t at)
{
	struct vma *hi = vma_alloc();
	if (!hi)
		return NULL;
	*hi = *v;
	memset(&hi->link, 0, sizeof(hi->link));
	hi->start = at;
	if (v->file) {
		hi->pgoff = v->pgoff + (at - v->start);
		file_get(v->file);
	}
	if (v->name) {
		hi->name = strdup(v->name);
		if (!hi->name) {
			if (hi->file)
				file_put(hi->file);
			free(hi);
			return NULL;
		}
	}
	v->end = at;
	RB_INSERT(vma_tree, &mm->vmas, hi);
	return hi;
}

/* Can @a (lower) and @b (upper, adjacent) be one vma? */
static bool vma_mergeable(const struct vma *a, const struct vma *b)
{
	if (a->end != b->start || a->prot != b->prot || a->maxprot != b->maxprot ||
	    a->flags != b->flags || a->file != b->file)
		return false;
	if ((a->name == NULL) != (b->name == NULL) || (a->name && strcmp(a->name, b->name) != 0))
		return false;
	if (a->file && a->pgoff + (a->end - a->start) != b->pgoff)
		return false;
	return true;
}

/* Merge @v with its neighbours where possible; returns the surviving vma. */
struct vma *vma_merge_around(struct mm *mm, struct vma *v)
{
	struct vma *prev = RB_PREV(vma_tree, &mm->vmas, v);
	if (prev && vma_mergeable(prev, v)) {
		prev->end = v->end;
		RB_REMOVE(vma_tree, &mm->vmas, v);
		vma_free(v);
		v = prev;
	}
	struct vma *next = RB_NEXT(vma_tree, &mm->vmas, v);
	if (next && vma_mergeable(v, next)) {
		v->end = next->end;
		RB_REMOVE(vma_tree, &mm->vmas, next);
		vma_free(next);
	}
	return v;
}

/* Make vma boundaries fall at @start and @end (splitting as needed).
 * 0 or -ENOMEM. */
int vma_isolate(struct mm *mm, uint64_t start, uint64_t end)
{
	struct vma *v = mm_find_vma(mm, start);
	if (v && v->start < start && !vma_split(mm, v, start))
		return -ENOMEM;
	v = mm_find_vma(mm, end - 1);
	if (v && v->end > end && !vma_split(mm, v, end))
		return -ENOMEM;
	return 0;
}

/* Is [start, end) free of vmas? */
bool mm_range_free(struct mm *mm, uint64_t start, uint64_t end)
{
	struct vma *v = mm_find_vma_after(mm, start);
	return !v || v->start >= end;
}

uint64_t mm_get_unmapped_area(struct mm *mm, uint64_t hint, uint64_t len)
{
	if (len > TASK_SIZE - MMAP_MIN_ADDR)
		return 0;
	if (hint) {
		hint = PAGE_ALIGN_UP(hint);
		if (hint >= MMAP_MIN_ADDR && hint <= TASK_SIZE - len &&
		    mm_range_free(mm, hint, hint + len))
			return hint;
	}
	/* Top-down from mmap_base: the highest gap that fits. */
	uint64_t top = mm->mmap_base;
	struct vma key = {.start = top};
	struct vma *v = RB_NFIND(vma_tree, &mm->vmas, &key);
	v = v ? RB_PREV(vma_tree, &mm->vmas, v) : RB_MAX(vma_tree, &mm->vmas);
	for (;;) {
		if (v && v->end > top) { /* straddles top: the gap is below it */
			top = v->start;
			v = RB_PREV(vma_tree, &mm->vmas, v);
			continue;
		}
		uint64_t gap_start = v && v->end > MMAP_MIN_ADDR ? v->end : MMAP_MIN_ADDR;
		if (top >= gap_start && top - gap_start >= len)
			return top - len;
		if (!v)
			break;
		top = v->start;
		v = RB_PREV(vma_tree, &mm->vmas, v);
	}
	/* Nothing below mmap_base: bottom-up above it, as Linux falls back
	 * to arch_get_unmapped_area (what is below is full). */
	return vma_find_gap_up(mm, mm->mmap_base, TASK_SIZE, len);
}

uint64_t vma_find_gap_up(struct mm *mm, uint64_t lo, uint64_t hi, uint64_t len)
{
	for (struct vma *v = mm_find_vma_after(mm, lo);; v = RB_NEXT(vma_tree, &mm->vmas, v)) {
		if (v && v->start < lo) { /* covers lo */
			lo = v->end;
			continue;
		}
		uint64_t gap_end = v && v->start < hi ? v->start : hi;
		if (lo <= gap_end && gap_end - lo >= len)
			return lo;
		if (!v || v->end >= hi)
			return 0;
		lo = v->end;
	}
}
