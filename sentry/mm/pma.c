/* pmas: the guest ranges backed by memory-file pages, and their host
 * mappings in the stub. */
#include "mm_impl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "../../platform/platform.h"
#include "../fs/file.h"

static int pma_cmp(struct pma *a, struct pma *b)
{
	return a->start < b->start ? -1 : a->start > b->start;
}

RB_GENERATE(pma_tree, pma, link, pma_cmp)

struct pma *mm_find_pma(struct mm *mm, uint64_t addr)
{
	struct pma key = {.start = addr};
	struct pma *p = RB_NFIND(pma_tree, &mm->pmas, &key);
	if (p && p->start == addr)
		return p;
	struct pma *prev = p ? RB_PREV(pma_tree, &mm->pmas, p) : RB_MAX(pma_tree, &mm->pmas);
	if (prev && prev->end > addr)
		return prev;
	return NULL;
}

/* The first pma ending above @addr. */
static struct pma *pma_first_after(struct mm *mm, uint64_t addr)
{
	struct pma *p = mm_find_pma(mm, addr);
	if (p)
		return p;
	struct pma key = {.start = addr};
	return RB_NFIND(pma_tree, &mm->pmas, &key);
}

int vma_host_prot(const struct vma *v, const struct pma *p)
{
	int prot = v->prot;
	if (p->cow && !(v->flags & VMA_SHARED))
		prot &= ~PROT_WRITE;
	return prot;
}

static bool pma_joinable(const struct pma *a, const struct pma *b)
{
	return a->end == b->start && a->cow == b->cow && a->off + (a->end - a->start) == b->off;
}

static void pma_merge_around(struct mm *mm, struct pma *p)
{
	struct pma *prev = RB_PREV(pma_tree, &mm->pmas, p);
	if (prev && pma_joinable(prev, p)) {
		prev->end = p->end;
		RB_REMOVE(pma_tree, &mm->pmas, p);
		free(p);
		p = prev;
	}
	struct pma *next = RB_NEXT(pma_tree, &mm->pmas, p);
	if (next && pma_joinable(p, next)) {
		p->end = next->end;
		RB_REMOVE(pma_tree, &mm->pmas, next);
		free(next);
	}
}

int pma_insert(struct mm *mm, uint64_t start, uint64_t end, uint64_t off, bool cow)
{
	struct pma *p = malloc(sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->start = start;
	p->end = end;
	p->off = off;
	p->cow = cow;
	RB_INSERT(pma_tree, &mm->pmas, p);
	mm->rss_pages += (end - start) >> PAGE_SHIFT;
	pma_merge_around(mm, p);
	return 0;
}

/* Make [start, end) (inside @p) a pma of its own; returns it. */
static struct pma *pma_carve(struct mm *mm, struct pma *p, uint64_t start, uint64_t end)
{
	if (end < p->end) {
		struct pma *hi = malloc(sizeof(*hi));
		if (!hi)
			return NULL;
		*hi = *p;
		hi->start = end;
		hi->off = p->off + (end - p->start);
		p->end = end;
		RB_INSERT(pma_tree, &mm->pmas, hi);
	}
	if (start > p->start) {
		struct pma *mid = malloc(sizeof(*mid));
		if (!mid)
			return NULL;
		*mid = *p;
		mid->start = start;
		mid->off = p->off + (start - p->start);
		p->end = start;
		RB_INSERT(pma_tree, &mm->pmas, mid);
		p = mid;
	}
	return p;
}

int pma_isolate(struct mm *mm, uint64_t start, uint64_t end)
{
	struct pma *p = mm_find_pma(mm, start);
	if (p && p->start < start && !pma_carve(mm, p, start, p->end))
		return -ENOMEM;
	p = mm_find_pma(mm, end - 1);
	if (p && p->end > end && !pma_carve(mm, p, p->start, end))
		return -ENOMEM;
	return 0;
}

bool pma_release(struct mm *mm, uint64_t start, uint64_t end)
{
	bool any = false;
	struct pma *p = pma_first_after(mm, start);
	while (p && p->start < end) {
		struct pma *next = RB_NEXT(pma_tree, &mm->pmas, p);
		uint64_t s = p->start > start ? p->start : start;
		uint64_t e = p->end < end ? p->end : end;
		struct pma *mid = pma_carve(mm, p, s, e);
		if (!mid) {
			/* Out of memory for a split: drop the pages of the
			 * middle anyway by releasing the whole pma's range
			 * piece by piece is impossible; keep it mapped. */
			p = next;
			continue;
		}
		uint64_t n = (mid->end - mid->start) >> PAGE_SHIFT;
		mm->hiwater_rss = mm_hiwater_rss(mm); /* update_hiwater_rss */
		mm->rss_pages -= n < mm->rss_pages ? n : mm->rss_pages;
		memfile_put(mid->off, n);
		RB_REMOVE(pma_tree, &mm->pmas, mid);
		free(mid);
		any = true;
		p = next;
	}
	return any;
}

int pma_map_range(struct mm *mm, struct vma *v, uint64_t start, uint64_t end)
{
	if (!mm->as)
		return 0;
	for (struct pma *p = pma_first_after(mm, start); p && p->start < end;
	     p = RB_NEXT(pma_tree, &mm->pmas, p)) {
		uint64_t s = p->start > start ? p->start : start;
		uint64_t e = p->end < end ? p->end : end;
		int r = as_map(mm->as, s, e - s, vma_host_prot(v, p), p->off + (s - p->start));
		if (r < 0)
			return r;
	}
	return 0;
}

int pma_protect_range(struct mm *mm, struct vma *v, uint64_t start, uint64_t end)
{
	if (!mm->as)
		return 0;
	for (struct pma *p = pma_first_after(mm, start); p && p->start < end;
	     p = RB_NEXT(pma_tree, &mm->pmas, p)) {
		uint64_t s = p->start > start ? p->start : start;
		uint64_t e = p->end < end ? p->end : end;
		int r = as_protect(mm->as, s, e - s, vma_host_prot(v, p));
		if (r < 0)
			return r;
	}
	return 0;
}

int pma_fill(struct mm *mm, struct vma *v, uint64_t start, uint64_t end)
{
	uint64_t n = (end - start) >> PAGE_SHIFT;
	int64_t off = memfile_alloc(n);
	if (off < 0)
		return (int)off;
	int r = pma_insert(mm, start, end, (uint64_t)off, false);
	if (r < 0) {
		memfile_put((uint64_t)off, n);
		return r;
	}
	if (mm->as) {
		r = as_map(mm->as, start, end - start, v->prot, (uint64_t)off);
		if (r < 0)
			return r;
	}
	return 0;
}

/* Map the file pages behind [start, end) of @v: runs of pages that are
 * contiguous in the memory file become one pma and one host mapping.
 * Private mappings share the page cache's pages copy-on-write.  Stops at
 * the end of the file; -ENXIO if not even the first page exists. */
int pma_fill_file(struct mm *mm, struct vma *v, uint64_t start, uint64_t end)
{
	bool cow = !(v->flags & VMA_SHARED);
	uint64_t run_start = start, run_off = 0, run_len = 0;
	int r = 0;
	for (uint64_t a = start; a < end; a += PAGE_SIZE) {
		uint64_t idx = (v->pgoff + (a - v->start)) >> PAGE_SHIFT;
		int64_t off = v->file->ops->get_page(v->file, idx);
		if (off < 0) {
			r = a == start ? (int)off : 0;
			break;
		}
		memfile_get((uint64_t)off, 1);
		if (run_len && (uint64_t)off == run_off + run_len * PAGE_SIZE) {
			run_len++;
			continue;
		}
		if (run_len) {
			struct pma p = {.cow = cow};
			if ((r = pma_insert(mm, run_start, run_start + run_len * PAGE_SIZE, run_off, cow)) < 0 ||
			    (mm->as && (r = as_map(mm->as, run_start, run_len * PAGE_SIZE,
						   vma_host_prot(v, &p), run_off)) < 0))
				return r;
		}
		run_start = a;
		run_off = (uint64_t)off;
		run_len = 1;
	}
	if (run_len) {
		struct pma p = {.cow = cow};
		int rr = pma_insert(mm, run_start, run_start + run_len * PAGE_SIZE, run_off, cow);
		if (rr == 0 && mm->as)
			rr = as_map(mm->as, run_start, run_len * PAGE_SIZE, vma_host_prot(v, &p), run_off);
		if (rr < 0)
			return rr;
	}
	return r;
}

int mm_populate(struct mm *mm, struct vma *v, uint64_t addr, bool write)
{
	(void)write;
	uint64_t page = addr & PAGE_MASK;
	uint64_t start = page & ~(FAULT_CHUNK - 1);
	uint64_t end = start + FAULT_CHUNK;
	if (start < v->start)
		start = v->start;
	if (end > v->end)
		end = v->end;
	/* Stay inside the hole between the neighbouring pmas. */
	struct pma key = {.start = page};
	struct pma *next = RB_NFIND(pma_tree, &mm->pmas, &key);
	struct pma *prev = next ? RB_PREV(pma_tree, &mm->pmas, next) : RB_MAX(pma_tree, &mm->pmas);
	if (prev && prev->end > start)
		start = prev->end;
	if (next && next->start < end)
		end = next->start;
	if (start > page || end <= page)
		return -EFAULT; /* a pma covers it already */
	if (v->flags & VMA_HOST)
		return -EFAULT; /* not the sentry's memory */
	if (v->file) {
		/* The faulting page first, so that beyond EOF is its error. */
		int r = pma_fill_file(mm, v, page, end);
		if (r == 0 && start < page)
			pma_fill_file(mm, v, start, page);
		return r;
	}
	return pma_fill(mm, v, start, end);
}

void (*mm_cow_hook)(struct mm *mm, uint64_t addr);

int mm_prefault_write(struct mm *mm, uint64_t addr)
{
	struct vma *v = mm_find_vma(mm, addr);
	struct pma *p = mm_find_pma(mm, addr);
	if (!v || !p || !p->cow || !(v->prot & PROT_WRITE) || (v->flags & VMA_SHARED))
		return 0;
	return mm_break_cow(mm, v, p, addr);
}

int mm_break_cow(struct mm *mm, struct vma *v, struct pma *p, uint64_t addr)
{
	if (mm_cow_hook)
		mm_cow_hook(mm, addr);
	uint64_t page = addr & PAGE_MASK;
	uint64_t ws = page & ~(COW_WINDOW - 1), we = ws + COW_WINDOW;
	if (ws < v->start)
		ws = v->start;
	if (ws < p->start)
		ws = p->start;
	if (we > v->end)
		we = v->end;
	if (we > p->end)
		we = p->end;
	uint64_t n = (we - ws) >> PAGE_SHIFT;
	uint64_t old = p->off + (ws - p->start);
	bool exclusive = true;
	for (uint64_t i = 0; i < n && exclusive; i++)
		exclusive = memfile_refcount(old + (i << PAGE_SHIFT)) == 1;
	if (exclusive) {
		/* Nobody else holds these pages any more: just allow writes. */
		struct pma *mid = pma_carve(mm, p, ws, we);
		if (!mid)
			return -ENOMEM;
		mid->cow = false;
		int r = mm->as ? as_protect(mm->as, ws, we - ws, v->prot) : 0;
		pma_merge_around(mm, mid);
		return r;
	}
	int64_t fresh = memfile_alloc(n);
	if (fresh < 0)
		return (int)fresh;
	memcpy(memfile_ptr((uint64_t)fresh), memfile_ptr(old), n << PAGE_SHIFT);
	struct pma *mid = pma_carve(mm, p, ws, we);
	if (!mid) {
		memfile_put((uint64_t)fresh, n);
		return -ENOMEM;
	}
	mid->off = (uint64_t)fresh;
	mid->cow = false;
	memfile_put(old, n);
	int r = mm->as ? as_map(mm->as, ws, we - ws, v->prot, (uint64_t)fresh) : 0;
	pma_merge_around(mm, mid);
	return r;
}
