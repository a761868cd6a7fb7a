/* Per-inode page caches in the memory file (mm/filemap.c in spirit): the
 * pages of a file that are mapped (or, for tmpfs, all of its data).  The
 * cache holds one reference on each page; mappings take their own. */
#ifndef SBX_PAGECACHE_H
#define SBX_PAGECACHE_H

#include <stdint.h>

struct page_cache {
	uint64_t *slots; /* memory-file offset + 1; 0: no page */
	uint64_t nslots;
};

struct page_cache *pagecache_new(void);
/* Drop every page (the cache's references) and free @pc. */
void pagecache_free(struct page_cache *pc);
/* The memory-file offset of page @idx, or -1 if absent. */
int64_t pagecache_lookup(const struct page_cache *pc, uint64_t idx);
/* The page @idx, allocating a zeroed one if absent (-ENOMEM). */
int64_t pagecache_get_zero(struct page_cache *pc, uint64_t idx);
/* The page @idx, filled by @fill (reading the file) if absent. */
int64_t pagecache_get_fill(struct page_cache *pc, uint64_t idx,
			   int (*fill)(void *ctx, void *page, uint64_t idx), void *ctx);
/* Put the page at @off (whose reference the cache takes over) at @idx. */
int pagecache_set(struct page_cache *pc, uint64_t idx, uint64_t off);
/* Drop pages from @idx on (truncate). */
void pagecache_truncate(struct page_cache *pc, uint64_t idx);

#endif
