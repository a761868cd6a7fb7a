#include "pagecache.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../mm/memfile.h"
#include "../mm/mm.h"

struct page_cache *pagecache_new(void)
{
	return calloc(1, sizeof(struct page_cache));
}

void pagecache_free(struct page_cache *pc)
{
	if (!pc)
		return;
	pagecache_truncate(pc, 0);
	free(pc->slots);
	free(pc);
}

int64_t pagecache_lookup(const struct page_cache *pc, uint64_t idx)
{
	if (idx >= pc->nslots || !pc->slots[idx])
		return -1;
	return (int64_t)(pc->slots[idx] - 1);
}

static int grow(struct page_cache *pc, uint64_t idx)
{
	if (idx < pc->nslots)
		return 0;
	uint64_t n = pc->nslots ? pc->nslots : 16;
	while (n <= idx)
		n *= 2;
	uint64_t *s = realloc(pc->slots, n * sizeof(*s));
	if (!s)
		return -ENOMEM;
	memset(s + pc->nslots, 0, (n - pc->nslots) * sizeof(*s));
	pc->slots = s;
	pc->nslots = n;
	return 0;
}

int64_t pagecache_get_fill(struct page_cache *pc, uint64_t idx,
			   int (*fill)(void *ctx, void *page, uint64_t idx), void *ctx)
{
	int64_t off = pagecache_lookup(pc, idx);
	if (off >= 0)
		return off;
	if (grow(pc, idx) < 0)
		return -ENOMEM;
	off = memfile_alloc(1);
	if (off < 0)
		return off;
	if (fill) {
		int r = fill(ctx, memfile_ptr((uint64_t)off), idx);
		if (r < 0) {
			memfile_put((uint64_t)off, 1);
			return r;
		}
	}
	pc->slots[idx] = (uint64_t)off + 1;
	return off;
}

int64_t pagecache_get_zero(struct page_cache *pc, uint64_t idx)
{
	return pagecache_get_fill(pc, idx, NULL, NULL);
}

void pagecache_truncate(struct page_cache *pc, uint64_t idx)
{
	/* Mappings hold only pages the cache gave them: with none cached
	 * from @idx on, none can be mapped there. */
	bool any = false;
	for (uint64_t i = idx; i < pc->nslots && !any; i++)
		any = pc->slots[i] != 0;
	if (any)
		mm_zap_file_pages(pc, idx);
	for (uint64_t i = idx; i < pc->nslots; i++) {
		if (pc->slots[i]) {
			memfile_put(pc->slots[i] - 1, 1);
			pc->slots[i] = 0;
		}
	}
}

int pagecache_set(struct page_cache *pc, uint64_t idx, uint64_t off)
{
	if (grow(pc, idx) < 0)
		return -ENOMEM;
	if (pc->slots[idx])
		memfile_put(pc->slots[idx] - 1, 1);
	pc->slots[idx] = off + 1;
	return 0;
}
