/* The memory file: allocation of page runs, reference counts, hole punching. */
#define _GNU_SOURCE
#include "memfile.h"

#include <bsd/sys/tree.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* A free run of pages below the high-water mark. */
struct free_run {
	RB_ENTRY(free_run) link;
	uint64_t start; /* page index */
	uint64_t npages;
};

static int run_cmp(struct free_run *a, struct free_run *b)
{
	return a->start < b->start ? -1 : a->start > b->start;
}

RB_HEAD(free_tree, free_run);
RB_PROTOTYPE(free_tree, free_run, link, run_cmp)
RB_GENERATE(free_tree, free_run, link, run_cmp)

static struct {
	int fd;
	uint8_t *base;     /* sentry mapping of the whole file */
	uint64_t size;     /* bytes */
	uint64_t npages;   /* size / PAGE_SIZE */
	uint32_t *refs;    /* one count per page */
	uint64_t hw;       /* pages at and above hw were never handed out */
	uint64_t in_use;   /* pages with refs > 0 */
	uint64_t peak;     /* the most in_use ever was */
	uint64_t refused;  /* allocations the cap refused */
	uint64_t limit;    /* cap on in_use (0: none) */
	struct free_tree free;
} mf = {.fd = -1};

int memfile_init(uint64_t size)
{
	size &= PAGE_MASK;
	mf.fd = memfd_create("sbx-memory", MFD_CLOEXEC);
	if (mf.fd < 0)
		return -errno;
	if (ftruncate(mf.fd, (off_t)size) < 0)
		goto fail;
	mf.base = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_NORESERVE, mf.fd, 0);
	if (mf.base == MAP_FAILED)
		goto fail;
	mf.npages = size / PAGE_SIZE;
	mf.refs = mmap(NULL, mf.npages * sizeof(uint32_t), PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (mf.refs == MAP_FAILED) {
		munmap(mf.base, size);
		goto fail;
	}
	mf.size = size;
	mf.hw = 0;
	mf.in_use = 0;
	RB_INIT(&mf.free);
	return 0;
fail:;
	int e = errno;
	close(mf.fd);
	mf.fd = -1;
	return -e;
}

void memfile_fini(void)
{
	struct free_run *r, *next;
	if (mf.fd < 0)
		return;
	RB_FOREACH_SAFE(r, free_tree, &mf.free, next)
	{
		RB_REMOVE(free_tree, &mf.free, r);
		free(r);
	}
	munmap(mf.base, mf.size);
	munmap(mf.refs, mf.npages * sizeof(uint32_t));
	close(mf.fd);
	mf.fd = -1;
}

int memfile_fd(void)
{
	return mf.fd;
}

void *memfile_ptr(uint64_t off)
{
	return mf.base + off;
}

void memfile_set_limit(uint64_t pages)
{
	mf.limit = pages;
}

uint64_t memfile_limit(void)
{
	return mf.limit;
}

uint64_t memfile_pages_in_use(void)
{
	return mf.in_use;
}

bool memfile_limited(void)
{
	return mf.limit != 0;
}

uint64_t memfile_refused(void)
{
	return mf.refused;
}

uint64_t memfile_peak_pages(void)
{
	return mf.peak;
}

uint32_t memfile_refcount(uint64_t off)
{
	uint64_t pg = off >> PAGE_SHIFT;
	return pg < mf.npages ? mf.refs[pg] : 0;
}

static void mark_used(uint64_t pg, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		mf.refs[pg + i] = 1;
	mf.in_use += n;
	if (mf.in_use > mf.peak)
		mf.peak = mf.in_use;
}

int64_t memfile_alloc(uint64_t npages)
{
	if (npages == 0 || npages > mf.npages)
		return -ENOMEM;
	if (mf.limit && mf.in_use + npages > mf.limit) {
		mf.refused++;
		return -ENOMEM;
	}
	struct free_run *r;
	RB_FOREACH(r, free_tree, &mf.free)
	{
		if (r->npages < npages)
			continue;
		uint64_t pg = r->start;
		if (r->npages == npages) {
			RB_REMOVE(free_tree, &mf.free, r);
			free(r);
		} else {
			/* The key grows but stays below the next run: order kept. */
			r->start += npages;
			r->npages -= npages;
		}
		mark_used(pg, npages);
		return (int64_t)(pg << PAGE_SHIFT);
	}
	if (mf.npages - mf.hw < npages)
		return -ENOMEM;
	uint64_t pg = mf.hw;
	mf.hw += npages;
	mark_used(pg, npages);
	return (int64_t)(pg << PAGE_SHIFT);
}

void memfile_get(uint64_t off, uint64_t npages)
{
	uint64_t pg = off >> PAGE_SHIFT;
	for (uint64_t i = 0; i < npages; i++)
		mf.refs[pg + i]++;
}

/* Return the pages [pg, pg+n) to the free pool, merging with neighbours. */
static void free_pages(uint64_t pg, uint64_t n)
{
	fallocate(mf.fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)(pg << PAGE_SHIFT),
		  (off_t)(n << PAGE_SHIFT));
	mf.in_use -= n;
	if (pg + n == mf.hw) {
		/* Give it back to the high-water area, with a free run below. */
		mf.hw = pg;
		struct free_run *last = RB_MAX(free_tree, &mf.free);
		if (last && last->start + last->npages == mf.hw) {
			mf.hw = last->start;
			RB_REMOVE(free_tree, &mf.free, last);
			free(last);
		}
		return;
	}
	struct free_run key = {.start = pg};
	struct free_run *next = RB_NFIND(free_tree, &mf.free, &key);
	struct free_run *prev = next ? RB_PREV(free_tree, &mf.free, next)
				     : RB_MAX(free_tree, &mf.free);
	if (prev && prev->start + prev->npages == pg) {
		prev->npages += n;
		if (next && prev->start + prev->npages == next->start) {
			prev->npages += next->npages;
			RB_REMOVE(free_tree, &mf.free, next);
			free(next);
		}
		return;
	}
	if (next && pg + n == next->start) {
		next->start = pg; /* still between prev and next's successor */
		next->npages += n;
		return;
	}
	struct free_run *r = malloc(sizeof(*r));
	if (!r)
		return; /* the pages leak from the pool but stay punched out */
	r->start = pg;
	r->npages = n;
	RB_INSERT(free_tree, &mf.free, r);
}

void memfile_put(uint64_t off, uint64_t npages)
{
	uint64_t pg = off >> PAGE_SHIFT;
	uint64_t run = 0, run_start = 0;
	for (uint64_t i = 0; i < npages; i++) {
		uint64_t p = pg + i;
		if (mf.refs[p] == 0)
			continue; /* defensive: never below zero */
		if (--mf.refs[p] == 0) {
			if (run == 0)
				run_start = p;
			run++;
			continue;
		}
		if (run) {
			free_pages(run_start, run);
			run = 0;
		}
	}
	if (run)
		free_pages(run_start, run);
}
