/* Internals of sentry/mm shared between its files. */
#ifndef SBX_MM_IMPL_H
#define SBX_MM_IMPL_H

#include "mm.h"

struct vma *vma_alloc(void);
void vma_free(struct vma *v);
struct vma *vma_split(struct mm *mm, struct vma *v, uint64_t at);
struct vma *vma_merge_around(struct mm *mm, struct vma *v);
int vma_isolate(struct mm *mm, uint64_t start, uint64_t end);
/* The lowest free range of @len bytes in [lo, hi); 0 if none. */
uint64_t vma_find_gap_up(struct mm *mm, uint64_t lo, uint64_t hi, uint64_t len);

/* pma.c */
/* Insert a pma for [start, end) at memory-file @off (pages already
 * referenced for it), merging with neighbours. 0 or -ENOMEM. */
int pma_insert(struct mm *mm, uint64_t start, uint64_t end, uint64_t off, bool cow);
/* Split pmas so that none straddles @start or @end.  0 or -ENOMEM. */
int pma_isolate(struct mm *mm, uint64_t start, uint64_t end);
/* Drop every pma page in [start, end); returns whether any existed. */
bool pma_release(struct mm *mm, uint64_t start, uint64_t end);
/* Map the pmas inside [start, end) into the stub with the vma's prot. */
int pma_map_range(struct mm *mm, struct vma *v, uint64_t start, uint64_t end);
/* Change the host protection of the pmas in [start, end). */
int pma_protect_range(struct mm *mm, struct vma *v, uint64_t start, uint64_t end);
/* Map the file pages behind [start, end) of file vma @v. */
int pma_fill_file(struct mm *mm, struct vma *v, uint64_t start, uint64_t end);
/* Back [start, end) (no pma there yet) with fresh zero pages and map it. */
int pma_fill(struct mm *mm, struct vma *v, uint64_t start, uint64_t end);

#endif
