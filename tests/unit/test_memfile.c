/* The memory file: page runs, reference counts, the free pool, the limit. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sentry/mm/memfile.h"

#define FILE_SIZE  (256UL << 20)
#define FILE_PAGES (FILE_SIZE / PAGE_SIZE)
#define PG(n)	   ((uint64_t)(n)*PAGE_SIZE)

static void setup(void)
{
	cr_assert_eq(memfile_init(FILE_SIZE), 0);
}

static void teardown(void)
{
	memfile_fini();
}

TestSuite(memfile, .init = setup, .fini = teardown);

Test(memfile, empty_after_init)
{
	cr_expect_eq(memfile_pages_in_use(), 0);
	cr_expect_geq(memfile_fd(), 0);
	cr_expect_eq(memfile_refcount(0), 0);
}

Test(memfile, runs_are_contiguous_and_counted)
{
	int64_t a = memfile_alloc(1);
	int64_t b = memfile_alloc(4);
	int64_t c = memfile_alloc(2);
	/* An empty file hands out runs one after the other from offset 0. */
	cr_assert_eq(a, 0);
	cr_assert_eq(b, (int64_t)PG(1));
	cr_assert_eq(c, (int64_t)PG(5));
	cr_expect_eq(memfile_pages_in_use(), 7);
	for (int i = 0; i < 7; i++)
		cr_expect_eq(memfile_refcount(PG(i)), 1, "page %d", i);
	cr_expect_eq(memfile_refcount(PG(7)), 0);
	/* Offsets are page-aligned and the pages are usable through the
	 * sentry's mapping. */
	memset(memfile_ptr((uint64_t)b), 0xab, PG(4));
	cr_expect_eq(((unsigned char *)memfile_ptr((uint64_t)b))[PG(4) - 1], 0xab);
	memfile_put((uint64_t)a, 1);
	memfile_put((uint64_t)b, 4);
	memfile_put((uint64_t)c, 2);
	cr_expect_eq(memfile_pages_in_use(), 0);
}

Test(memfile, get_and_put)
{
	int64_t a = memfile_alloc(3);
	cr_assert_geq(a, 0);
	uint64_t off = (uint64_t)a;
	/* A second reference on the last two pages only. */
	memfile_get(off + PG(1), 2);
	cr_expect_eq(memfile_refcount(off), 1);
	cr_expect_eq(memfile_refcount(off + PG(1)), 2);
	cr_expect_eq(memfile_refcount(off + PG(2)), 2);
	cr_expect_eq(memfile_pages_in_use(), 3);

	/* Dropping the whole run frees only the page that reaches zero. */
	memfile_put(off, 3);
	cr_expect_eq(memfile_refcount(off), 0);
	cr_expect_eq(memfile_refcount(off + PG(1)), 1);
	cr_expect_eq(memfile_refcount(off + PG(2)), 1);
	cr_expect_eq(memfile_pages_in_use(), 2);

	memfile_put(off + PG(1), 2);
	cr_expect_eq(memfile_refcount(off + PG(1)), 0);
	cr_expect_eq(memfile_refcount(off + PG(2)), 0);
	cr_expect_eq(memfile_pages_in_use(), 0);
}

Test(memfile, freed_pages_are_reused_first_fit)
{
	int64_t a = memfile_alloc(2); /* pages 0-1 */
	int64_t b = memfile_alloc(3); /* pages 2-4 */
	int64_t c = memfile_alloc(1); /* page 5, below the high-water mark 6 */
	cr_assert_eq(a, 0);
	cr_assert_eq(b, (int64_t)PG(2));
	cr_assert_eq(c, (int64_t)PG(5));
	memfile_put((uint64_t)b, 3);
	cr_expect_eq(memfile_pages_in_use(), 3);

	/* Two pages fit in the hole left by b: its start is used. */
	cr_expect_eq(memfile_alloc(2), (int64_t)PG(2));
	/* The hole's last page takes a one-page request... */
	cr_expect_eq(memfile_alloc(1), (int64_t)PG(4));
	/* ...and with the hole full, new runs come from the high-water mark. */
	cr_expect_eq(memfile_alloc(1), (int64_t)PG(6));
	cr_expect_eq(memfile_pages_in_use(), 7);
}

Test(memfile, hole_too_small_is_skipped)
{
	cr_assert_eq(memfile_alloc(1), 0);
	cr_assert_eq(memfile_alloc(1), (int64_t)PG(1));
	cr_assert_eq(memfile_alloc(1), (int64_t)PG(2));
	memfile_put(PG(1), 1);
	/* The one-page hole cannot hold two pages. */
	cr_expect_eq(memfile_alloc(2), (int64_t)PG(3));
	cr_expect_eq(memfile_alloc(1), (int64_t)PG(1));
}

/* Allocate @n single pages at 0..n-1 (the file must be empty). */
static void alloc_singles(int n)
{
	for (int i = 0; i < n; i++)
		cr_assert_eq(memfile_alloc(1), (int64_t)PG(i));
}

Test(memfile, freed_neighbours_merge_with_previous)
{
	alloc_singles(4); /* page 3 keeps the high-water mark at 4 */
	memfile_put(PG(0), 1);
	memfile_put(PG(1), 1); /* joins the run of page 0 */
	cr_expect_eq(memfile_alloc(2), 0);
}

Test(memfile, freed_neighbours_merge_with_next)
{
	alloc_singles(4);
	memfile_put(PG(1), 1);
	memfile_put(PG(0), 1); /* joins the run of page 1 from below */
	cr_expect_eq(memfile_alloc(2), 0);
}

Test(memfile, freed_neighbours_merge_both_sides)
{
	alloc_singles(4);
	memfile_put(PG(0), 1);
	memfile_put(PG(2), 1);
	memfile_put(PG(1), 1); /* fills the gap: one run of three pages */
	cr_expect_eq(memfile_alloc(3), 0);
	cr_expect_eq(memfile_pages_in_use(), 4);
}

Test(memfile, free_run_below_high_water_mark_joins_it)
{
	alloc_singles(3);
	memfile_put(PG(1), 1); /* a free run [1, 2) */
	memfile_put(PG(2), 1); /* the top run: the mark falls to 1, not 2 */
	/* Five pages fit only if page 1 is free again above the mark. */
	cr_expect_eq(memfile_alloc(5), (int64_t)PG(1));
}

Test(memfile, partial_put_of_a_run)
{
	int64_t a = memfile_alloc(8);
	cr_assert_eq(a, 0);
	cr_assert_eq(memfile_alloc(1), (int64_t)PG(8));
	/* Free the middle of the run: pages 2..5. */
	memfile_put(PG(2), 4);
	cr_expect_eq(memfile_pages_in_use(), 5);
	cr_expect_eq(memfile_refcount(PG(1)), 1);
	cr_expect_eq(memfile_refcount(PG(2)), 0);
	cr_expect_eq(memfile_refcount(PG(5)), 0);
	cr_expect_eq(memfile_refcount(PG(6)), 1);
	cr_expect_eq(memfile_alloc(4), (int64_t)PG(2));
}

Test(memfile, in_use_back_to_zero)
{
	int64_t runs[16];
	for (int i = 0; i < 16; i++) {
		runs[i] = memfile_alloc((uint64_t)i + 1);
		cr_assert_geq(runs[i], 0);
	}
	cr_expect_eq(memfile_pages_in_use(), 16 * 17 / 2);
	/* Free in an order that exercises every merge case. */
	for (int i = 0; i < 16; i += 2)
		memfile_put((uint64_t)runs[i], (uint64_t)i + 1);
	for (int i = 15; i > 0; i -= 2)
		memfile_put((uint64_t)runs[i], (uint64_t)i + 1);
	cr_expect_eq(memfile_pages_in_use(), 0);
	/* Everything merged: the whole file is one run again. */
	cr_expect_eq(memfile_alloc(FILE_PAGES), 0);
}

Test(memfile, limit)
{
	memfile_set_limit(10);
	int64_t a = memfile_alloc(8);
	cr_assert_geq(a, 0);
	cr_expect_eq(memfile_alloc(3), -ENOMEM);
	int64_t b = memfile_alloc(2);
	cr_expect_geq(b, 0);
	cr_expect_eq(memfile_alloc(1), -ENOMEM);
	cr_expect_eq(memfile_pages_in_use(), 10);
	/* Shared pages count once: a reference is not a page. */
	memfile_get((uint64_t)a, 8);
	cr_expect_eq(memfile_pages_in_use(), 10);
	memfile_put((uint64_t)a, 8);
	memfile_put((uint64_t)a, 8);
	cr_expect_eq(memfile_alloc(8), a);
	/* No cap: the file size is the limit again. */
	memfile_set_limit(0);
	cr_expect_geq(memfile_alloc(100), 0);
}

Test(memfile, larger_than_file)
{
	cr_expect_eq(memfile_alloc(FILE_PAGES + 1), -ENOMEM);
	cr_expect_eq(memfile_pages_in_use(), 0);
	cr_expect_eq(memfile_alloc(FILE_PAGES), 0);
	cr_expect_eq(memfile_alloc(1), -ENOMEM);
	memfile_put(0, FILE_PAGES);
	cr_expect_eq(memfile_pages_in_use(), 0);
	cr_expect_eq(memfile_alloc(FILE_PAGES - 1), 0);
	cr_expect_eq(memfile_alloc(2), -ENOMEM);
	cr_expect_eq(memfile_alloc(1), (int64_t)PG(FILE_PAGES - 1));
}

/* Does shmem (the memfd) use small pages?  With transparent huge pages
 * for shmem, block counts go by 2 MiB and a punched hole may stay
 * allocated, so the block checks only hold without them. */
static bool shmem_small_pages(void)
{
	char buf[128] = "";
	FILE *f = fopen("/sys/kernel/mm/transparent_hugepage/shmem_enabled", "r");
	if (!f)
		return true;
	bool ok = fgets(buf, sizeof(buf), f) != NULL;
	fclose(f);
	return !ok || strstr(buf, "[never]") || strstr(buf, "[deny]") || strstr(buf, "[advise]");
}

/* Blocks (512 bytes) the file really holds. */
static long file_blocks(void)
{
	struct stat st;
	cr_assert_eq(fstat(memfile_fd(), &st), 0);
	return (long)st.st_blocks;
}

Test(memfile, freed_pages_are_punched_and_read_as_zeros)
{
	cr_assert_eq(memfile_alloc(1), 0); /* keeps the run below from the mark */
	int64_t a = memfile_alloc(2);
	cr_assert_eq(a, (int64_t)PG(1));
	cr_assert_eq(memfile_alloc(1), (int64_t)PG(3));
	bool small = shmem_small_pages();
	long before = file_blocks();
	memset(memfile_ptr((uint64_t)a), 0x5a, PG(2));
	if (small)
		cr_expect_eq(file_blocks(), before + (long)(PG(2) / 512));

	memfile_put((uint64_t)a, 2);
	/* The hole is punched: the file gives the memory back at once. */
	if (small)
		cr_expect_eq(file_blocks(), before);

	int64_t again = memfile_alloc(2);
	cr_assert_eq(again, a);
	const unsigned char *p = memfile_ptr((uint64_t)again);
	for (size_t i = 0; i < PG(2); i++)
		cr_assert_eq(p[i], 0, "byte %zu is %#x", i, p[i]);
	unsigned char buf[64];
	cr_assert_eq(pread(memfile_fd(), buf, sizeof(buf), (off_t)PG(2)), (ssize_t)sizeof(buf));
	for (size_t i = 0; i < sizeof(buf); i++)
		cr_assert_eq(buf[i], 0);
}

Test(memfile, pages_at_the_mark_are_punched_too)
{
	int64_t a = memfile_alloc(1);
	cr_assert_eq(a, 0);
	memset(memfile_ptr(0), 0x77, PAGE_SIZE);
	memfile_put(0, 1); /* the top run: returned to the high-water area */
	if (shmem_small_pages())
		cr_expect_eq(file_blocks(), 0);
	cr_assert_eq(memfile_alloc(1), 0);
	cr_expect_eq(*(unsigned char *)memfile_ptr(0), 0);
	cr_expect_eq(((unsigned char *)memfile_ptr(0))[PAGE_SIZE - 1], 0);
}
