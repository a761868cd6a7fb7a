/* The memory file: one memfd that holds all guest memory.
 *
 * It is mapped once into the sentry (MAP_SHARED | MAP_NORESERVE) and piecewise
 * into stubs.  Memory is handed out in runs of pages, each page with a
 * reference count; a page whose count falls to zero is punched out of the
 * file (FALLOC_FL_PUNCH_HOLE) and becomes free again.  Offsets are bytes,
 * always page-aligned; counts are pages.
 */
#ifndef SBX_MEMFILE_H
#define SBX_MEMFILE_H

#include <stdbool.h>
#include <stdint.h>

/* <sys/user.h> defines the same three; keep one definition. */
#include <sys/user.h>
#ifndef PAGE_SHIFT
#define PAGE_SHIFT 12
#endif
#ifndef PAGE_SIZE
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#endif
#ifndef PAGE_MASK
#define PAGE_MASK (~(PAGE_SIZE - 1))
#endif
#define PAGE_ALIGN_UP(x) (((x) + PAGE_SIZE - 1) & PAGE_MASK)

/* Create the memory file with room for @size bytes (virtual: nothing is
 * allocated until used).  0 or -errno. */
int memfile_init(uint64_t size);
void memfile_fini(void);
int memfile_fd(void);
/* The sentry's view of the page at byte offset @off. */
void *memfile_ptr(uint64_t off);

/* Allocate @npages contiguous pages, each with count 1; returns the byte
 * offset, or -ENOMEM when the file (or the --memory limit) is full. */
int64_t memfile_alloc(uint64_t npages);
/* Take one more reference on each page of [off, off + npages pages). */
void memfile_get(uint64_t off, uint64_t npages);
/* Drop one reference on each page; pages reaching zero are freed. */
void memfile_put(uint64_t off, uint64_t npages);
/* The count of the page at @off (0 when free). */
uint32_t memfile_refcount(uint64_t off);
/* Pages with a count above zero. */
uint64_t memfile_pages_in_use(void);
/* Is a cap set? */
bool memfile_limited(void);
/* How many allocations the cap refused. */
uint64_t memfile_refused(void);
/* The most pages that were ever in use at once. */
uint64_t memfile_peak_pages(void);
/* Set a cap on pages in use (0: no cap beyond the file size). */
void memfile_set_limit(uint64_t pages);
/* The cap, pages (0: none). */
uint64_t memfile_limit(void);

#endif
