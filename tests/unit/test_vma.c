/* The vma set of an mm: mmap placement, munmap, mprotect, brk, mremap and
 * MADV_DONTNEED, checked against Linux's results (mm/mmap.c, mm/mprotect.c,
 * mm/mremap.c, mm/madvise.c). */
#include "mmtest.h"

#include <errno.h>

#define B MMAP_BASE
#define X 0x10000000UL /* far below mmap_base: top-down never gets here */

TestSuite(vma, .init = mm_setup, .fini = mm_teardown);

/* ---- mmap ---- */

Test(vma, topdown_placement)
{
	cr_expect_eq(mm_mmap(mm, 0, 3 * P, RW, ANON, 0, NULL, 0), (int64_t)(B - 3 * P));
	/* Just below the first; same kind, so one vma. */
	cr_expect_eq(mm_mmap(mm, 0, P, RW, ANON, 0, NULL, 0), (int64_t)(B - 4 * P));
	CHECK_VMAS(mm, {B - 4 * P, B, RW});
	/* Another protection: its own vma. */
	cr_expect_eq(mm_mmap(mm, 0, 2 * P, PROT_READ, ANON, 0, NULL, 0), (int64_t)(B - 6 * P));
	CHECK_VMAS(mm, {B - 6 * P, B - 4 * P, PROT_READ}, {B - 4 * P, B, RW});
	cr_expect_eq(mm->total_pages, 6);
	/* Small anonymous mappings are backed at once. */
	cr_expect_eq(memfile_pages_in_use(), 6);
	mm_drop_checked();
}

Test(vma, topdown_takes_highest_gap_that_fits)
{
	cr_assert_eq(mm_mmap(mm, 0, 8 * P, PROT_READ, ANON, 0, NULL, 0), (int64_t)(B - 8 * P));
	cr_assert_eq(mm_munmap(mm, B - 2 * P, P), 0);	  /* a one-page gap */
	cr_assert_eq(mm_munmap(mm, B - 6 * P, 2 * P), 0); /* a two-page gap */
	/* Two pages fit only in the lower gap. */
	cr_expect_eq(mm_mmap(mm, 0, 2 * P, RW, ANON, 0, NULL, 0), (int64_t)(B - 6 * P));
	/* One page goes to the highest gap. */
	cr_expect_eq(mm_mmap(mm, 0, P, RW, ANON, 0, NULL, 0), (int64_t)(B - 2 * P));
	/* Three pages: below everything. */
	cr_expect_eq(mm_mmap(mm, 0, 3 * P, RW, ANON, 0, NULL, 0), (int64_t)(B - 11 * P));
	CHECK_VMAS(mm, {B - 11 * P, B - 8 * P, RW}, {B - 8 * P, B - 6 * P, PROT_READ},
		   {B - 6 * P, B - 4 * P, RW}, {B - 4 * P, B - 2 * P, PROT_READ},
		   {B - 2 * P, B - P, RW}, {B - P, B, PROT_READ});
	cr_expect_eq(mm->total_pages, 11);
	mm_drop_checked();
}

Test(vma, topdown_below_a_mapping_across_mmap_base)
{
	map_fixed(B - P, 2 * P, PROT_READ);
	cr_expect_eq(mm_mmap(mm, 0, P, RW, ANON, 0, NULL, 0), (int64_t)(B - 2 * P));
	mm_drop_checked();
}

Test(vma, hint_placement)
{
	/* A free, aligned hint is taken as is. */
	cr_expect_eq(mm_mmap(mm, X, 2 * P, RW, ANON, 0, NULL, 0), (int64_t)X);
	/* An occupied one is ignored: top-down instead. */
	cr_expect_eq(mm_mmap(mm, X + P, P, PROT_READ, ANON, 0, NULL, 0), (int64_t)(B - P));
	/* A partly occupied one too. */
	cr_expect_eq(mm_mmap(mm, X - P, 2 * P, PROT_READ, ANON, 0, NULL, 0), (int64_t)(B - 3 * P));
	/* Linux rounds an unaligned hint down (round_hint_to_min, then
	 * addr &= PAGE_MASK in arch_get_unmapped_area_topdown). */
	cr_expect_eq(mm_mmap(mm, 2 * X + 0x123, P, RW, ANON, 0, NULL, 0), (int64_t)(2 * X));
	/* A hint that leaves no room below TASK_SIZE is ignored. */
	cr_expect_eq(mm_mmap(mm, TASK_SIZE - P, 2 * P, RW, ANON, 0, NULL, 0), (int64_t)(B - 5 * P));
	CHECK_VMAS(mm, {X, X + 2 * P, RW}, {2 * X, 2 * X + P, RW}, {B - 5 * P, B - 3 * P, RW},
		   {B - 3 * P, B, PROT_READ});
	cr_expect_eq(mm->total_pages, 8);
	mm_drop_checked();
}

Test(vma, hint_below_mmap_min_addr_is_raised)
{
	/* round_hint_to_min: a non-zero hint below mmap_min_addr becomes
	 * mmap_min_addr. */
	cr_expect_eq(mm_mmap(mm, 0x5000, P, RW, ANON, 0, NULL, 0), (int64_t)mm_mmap_min_addr);
	/* A hint that rounds down to 0 is no hint at all. */
	cr_expect_eq(mm_mmap(mm, 0x800, P, RW, ANON, 0, NULL, 0), (int64_t)(B - P));
	mm_drop_checked();
}

Test(vma, bottom_up_when_nothing_fits_below_mmap_base)
{
	/* Linux falls back to a bottom-up search; with everything below
	 * mmap_base taken, the lowest free range above it. */
	mm->mmap_base = mm_mmap_min_addr + 4 * P;
	map_fixed(mm_mmap_min_addr, 3 * P, PROT_READ);
	uint64_t top = mm->mmap_base;
	cr_expect_eq(mm_mmap(mm, 0, 2 * P, RW, ANON, 0, NULL, 0), (int64_t)top);
	cr_expect_eq(mm_mmap(mm, 0, P, RW, ANON, 0, NULL, 0), (int64_t)(top - P));
	cr_expect_eq(mm_mmap(mm, 0, P, RW, ANON, 0, NULL, 0), (int64_t)(top + 2 * P));
	map_fixed(top + 4 * P, P, PROT_READ);
	cr_expect_eq(mm_mmap(mm, 0, 2 * P, RW, ANON, 0, NULL, 0), (int64_t)(top + 5 * P));
	mm_drop_checked();
}

Test(vma, map_32bit)
{
	/* x86-64 (find_start_end): bottom-up from 1 GiB, below 2 GiB. */
	const uint64_t lo = 0x40000000UL, hi = 0x80000000UL;
	cr_expect_eq(mm_mmap(mm, 0, 2 * P, RW, ANON | MAP_32BIT, 0, NULL, 0), (int64_t)lo);
	cr_expect_eq(mm_mmap(mm, 0, P, RW, ANON | MAP_32BIT, 0, NULL, 0), (int64_t)(lo + 2 * P));
	/* A free hint below 2 GiB is taken, even below 1 GiB... */
	cr_expect_eq(mm_mmap(mm, X, P, RW, ANON | MAP_32BIT, 0, NULL, 0), (int64_t)X);
	/* ...one above is not. */
	cr_expect_eq(mm_mmap(mm, hi, P, RW, ANON | MAP_32BIT, 0, NULL, 0), (int64_t)(lo + 3 * P));
	/* The range is full: ENOMEM. */
	map_fixed(lo, hi - lo, PROT_NONE);
	cr_expect_eq(mm_mmap(mm, 0, P, RW, ANON | MAP_32BIT, 0, NULL, 0), -ENOMEM);
	cr_expect_eq(mm_mmap(mm, 0, hi, RW, ANON | MAP_32BIT, 0, NULL, 0), -ENOMEM);
	mm_drop_checked();
}

Test(vma, fixed_replaces)
{
	map_fixed(X, 3 * P, RW);
	fill(X, 3 * P, 1);
	/* The middle page is replaced: split around a fresh page of zeros. */
	map_fixed(X + P, P, PROT_READ);
	CHECK_VMAS(mm, {X, X + P, RW}, {X + P, X + 2 * P, PROT_READ}, {X + 2 * P, X + 3 * P, RW});
	cr_expect_eq(mm->total_pages, 3);
	cr_expect_eq(memfile_pages_in_use(), 3);
	cr_expect(holds(mm, X, P, X, 1));
	cr_expect(zeros(mm, X + P, P));
	cr_expect(holds(mm, X + 2 * P, P, X + 2 * P, 1));
	/* Over all of it and more: one vma again. */
	map_fixed(X - P, 5 * P, RW);
	CHECK_VMAS(mm, {X - P, X + 4 * P, RW});
	cr_expect_eq(mm->total_pages, 5);
	cr_expect_eq(memfile_pages_in_use(), 5);
	cr_expect(zeros(mm, X - P, 5 * P));
	mm_drop_checked();
}

Test(vma, fixed_noreplace)
{
	map_fixed(X, 2 * P, RW);
	fill(X, 2 * P, 2);
	cr_expect_eq(mm_mmap(mm, X + P, 2 * P, RW, ANON | MAP_FIXED_NOREPLACE, 0, NULL, 0),
		     -EEXIST);
	cr_expect_eq(mm_mmap(mm, X - P, 2 * P, RW, ANON | MAP_FIXED_NOREPLACE, 0, NULL, 0),
		     -EEXIST);
	CHECK_VMAS(mm, {X, X + 2 * P, RW});
	cr_expect_eq(mm->total_pages, 2);
	cr_expect_eq(memfile_pages_in_use(), 2);
	cr_expect(holds(mm, X, 2 * P, X, 2));
	/* Right next to it is free. */
	cr_expect_eq(mm_mmap(mm, X + 2 * P, P, RW, ANON | MAP_FIXED_NOREPLACE, 0, NULL, 0),
		     (int64_t)(X + 2 * P));
	CHECK_VMAS(mm, {X, X + 3 * P, RW});
	mm_drop_checked();
}

Test(vma, fixed_errors)
{
	uint64_t min = mm_mmap_min_addr;
	cr_expect_eq(mm_mmap(mm, min - P, P, RW, ANON | MAP_FIXED, 0, NULL, 0), -EPERM);
	cr_expect_eq(mm_mmap(mm, 0, P, RW, ANON | MAP_FIXED, 0, NULL, 0), -EPERM);
	cr_expect_eq(mm_mmap(mm, min - P, P, RW, ANON | MAP_FIXED_NOREPLACE, 0, NULL, 0), -EPERM);
	cr_expect_eq(mm_mmap(mm, X + 1, P, RW, ANON | MAP_FIXED, 0, NULL, 0), -EINVAL);
	cr_expect_eq(mm_mmap(mm, TASK_SIZE - P, 2 * P, RW, ANON | MAP_FIXED, 0, NULL, 0), -ENOMEM);
	cr_expect_eq(mm_mmap(mm, TASK_SIZE, P, RW, ANON | MAP_FIXED, 0, NULL, 0), -ENOMEM);
	CHECK_NO_VMAS(mm);
	cr_expect_eq(mm->total_pages, 0);
	/* The edges themselves are fine. */
	cr_expect_eq(mm_mmap(mm, min, P, RW, ANON | MAP_FIXED, 0, NULL, 0), (int64_t)min);
	cr_expect_eq(mm_mmap(mm, TASK_SIZE - P, P, RW, ANON | MAP_FIXED, 0, NULL, 0),
		     (int64_t)(TASK_SIZE - P));
	CHECK_VMAS(mm, {min, min + P, RW}, {TASK_SIZE - P, TASK_SIZE, RW});
	mm_drop_checked();
}

Test(vma, backing)
{
	/* Reservations and huge private mappings are filled in on faults. */
	cr_expect_eq(mm_mmap(mm, X, 4 * P, PROT_NONE, ANON | MAP_FIXED, 0, NULL, 0), (int64_t)X);
	cr_expect_eq(memfile_pages_in_use(), 0);
	int64_t big = mm_mmap(mm, 0, 2UL << 30, RW, ANON, 0, NULL, 0);
	cr_expect_eq(big, (int64_t)(B - (2UL << 30)));
	cr_expect_eq(memfile_pages_in_use(), 0);
	cr_expect_eq(mm->total_pages, 4 + (2UL << 30) / P);
	/* Shared ones always are backed. */
	cr_expect_eq(
	    mm_mmap(mm, 2 * X, 3 * P, RW, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, 0, NULL, 0),
	    (int64_t)(2 * X));
	cr_expect_eq(memfile_pages_in_use(), 3);
	struct vma *v = mm_find_vma(mm, 2 * X);
	cr_assert_not_null(v);
	cr_expect(v->flags & VMA_SHARED);
	/* Writing into the huge mapping fills in one chunk around the page. */
	char c = 1;
	cr_expect_eq(copy_to_user(mm, (uint64_t)big + (1UL << 30) + 5 * P, &c, 1), 0);
	cr_expect_eq(memfile_pages_in_use(), 3 + FAULT_CHUNK / P);
	mm_drop_checked();
}

/* ---- munmap ---- */

Test(vma, munmap_middle_splits)
{
	map_fixed(X, 5 * P, RW);
	fill(X, 5 * P, 3);
	cr_expect_eq(mm_munmap(mm, X + P, 2 * P), 0);
	CHECK_VMAS(mm, {X, X + P, RW}, {X + 3 * P, X + 5 * P, RW});
	cr_expect_eq(mm->total_pages, 3);
	cr_expect_eq(memfile_pages_in_use(), 3);
	cr_expect(holds(mm, X, P, X, 3));
	cr_expect(holds(mm, X + 3 * P, 2 * P, X + 3 * P, 3));
	char c;
	cr_expect_eq(copy_from_user(mm, &c, X + P, 1), -EFAULT);
	cr_expect_eq(copy_from_user(mm, &c, X + 3 * P - 1, 1), -EFAULT);
	mm_drop_checked();
}

Test(vma, munmap_edges)
{
	map_fixed(X, 5 * P, RW);
	cr_expect_eq(mm_munmap(mm, X, P), 0);
	CHECK_VMAS(mm, {X + P, X + 5 * P, RW});
	/* A length that is not a page multiple covers the last page. */
	cr_expect_eq(mm_munmap(mm, X + 4 * P, 1), 0);
	CHECK_VMAS(mm, {X + P, X + 4 * P, RW});
	cr_expect_eq(mm->total_pages, 3);
	cr_expect_eq(memfile_pages_in_use(), 3);
	/* All of it. */
	cr_expect_eq(mm_munmap(mm, X + P, 3 * P), 0);
	CHECK_NO_VMAS(mm);
	cr_expect_eq(mm->total_pages, 0);
	cr_expect_eq(memfile_pages_in_use(), 0);
	mm_drop_checked();
}

Test(vma, munmap_across_vmas_and_holes)
{
	map_fixed(X, 2 * P, RW);
	map_fixed(X + 3 * P, 2 * P, PROT_READ);
	map_fixed(X + 6 * P, 2 * P, RW);
	map_fixed(X + 9 * P, P, RW);
	cr_expect_eq(mm_munmap(mm, X + P, 6 * P), 0);
	CHECK_VMAS(mm, {X, X + P, RW}, {X + 7 * P, X + 8 * P, RW}, {X + 9 * P, X + 10 * P, RW});
	cr_expect_eq(mm->total_pages, 3);
	cr_expect_eq(memfile_pages_in_use(), 3);
	mm_drop_checked();
}

Test(vma, munmap_errors_and_nothing)
{
	map_fixed(X, 2 * P, RW);
	cr_expect_eq(mm_munmap(mm, X + 1, P), -EINVAL);
	cr_expect_eq(mm_munmap(mm, X, 0), -EINVAL);
	/* Linux's bound (0x7ffffffff000), not the guest's lower top. */
	cr_expect_eq(mm_munmap(mm, 0x7ffffffff000UL - P, 2 * P), -EINVAL);
	cr_expect_eq(mm_munmap(mm, TASK_SIZE - P, 2 * P), 0);
	cr_expect_eq(mm_munmap(mm, X, ~0UL), -EINVAL);
	/* Unmapping a hole succeeds and changes nothing. */
	cr_expect_eq(mm_munmap(mm, 2 * X, 8 * P), 0);
	CHECK_VMAS(mm, {X, X + 2 * P, RW});
	cr_expect_eq(mm->total_pages, 2);
	mm_drop_checked();
}

/* ---- mprotect ---- */

Test(vma, mprotect_middle_and_back)
{
	map_fixed(X, 5 * P, RW);
	fill(X, 5 * P, 4);
	cr_expect_eq(mm_mprotect(mm, X + P, 2 * P, PROT_READ), 0);
	CHECK_VMAS(mm, {X, X + P, RW}, {X + P, X + 3 * P, PROT_READ}, {X + 3 * P, X + 5 * P, RW});
	cr_expect_eq(mm->total_pages, 5);
	cr_expect_eq(memfile_pages_in_use(), 5);
	/* Equal protections again: the three merge back. */
	cr_expect_eq(mm_mprotect(mm, X + P, 2 * P, RW), 0);
	CHECK_VMAS(mm, {X, X + 5 * P, RW});
	cr_expect(holds(mm, X, 5 * P, X, 4));
	mm_drop_checked();
}

Test(vma, mprotect_edges)
{
	map_fixed(X, 5 * P, RW);
	cr_expect_eq(mm_mprotect(mm, X, P, PROT_READ), 0);
	CHECK_VMAS(mm, {X, X + P, PROT_READ}, {X + P, X + 5 * P, RW});
	/* A length that is not a page multiple covers the last page. */
	cr_expect_eq(mm_mprotect(mm, X + 4 * P, 10, PROT_NONE), 0);
	CHECK_VMAS(mm, {X, X + P, PROT_READ}, {X + P, X + 4 * P, RW},
		   {X + 4 * P, X + 5 * P, PROT_NONE});
	/* Across all three: one vma. */
	cr_expect_eq(mm_mprotect(mm, X, 5 * P, PROT_READ | PROT_EXEC), 0);
	CHECK_VMAS(mm, {X, X + 5 * P, PROT_READ | PROT_EXEC});
	cr_expect_eq(mm->total_pages, 5);
	mm_drop_checked();
}

Test(vma, mprotect_merges_with_neighbour)
{
	map_fixed(X, 2 * P, PROT_READ);
	map_fixed(X + 2 * P, 3 * P, RW);
	/* The head of the second joins the first. */
	cr_expect_eq(mm_mprotect(mm, X + 2 * P, P, PROT_READ), 0);
	CHECK_VMAS(mm, {X, X + 3 * P, PROT_READ}, {X + 3 * P, X + 5 * P, RW});
	mm_drop_checked();
}

Test(vma, mprotect_over_hole)
{
	map_fixed(X, 2 * P, RW);
	map_fixed(X + 3 * P, 2 * P, RW);
	/* Linux changes the vmas up to the hole, then fails. */
	cr_expect_eq(mm_mprotect(mm, X, 5 * P, PROT_READ), -ENOMEM);
	CHECK_VMAS(mm, {X, X + 2 * P, PROT_READ}, {X + 3 * P, X + 5 * P, RW});
	/* Starting in the hole: nothing changes. */
	cr_expect_eq(mm_mprotect(mm, X + 2 * P, 2 * P, PROT_NONE), -ENOMEM);
	CHECK_VMAS(mm, {X, X + 2 * P, PROT_READ}, {X + 3 * P, X + 5 * P, RW});
	/* Ending past the last vma. */
	cr_expect_eq(mm_mprotect(mm, X + 4 * P, 2 * P, PROT_NONE), -ENOMEM);
	CHECK_VMAS(mm, {X, X + 2 * P, PROT_READ}, {X + 3 * P, X + 4 * P, RW},
		   {X + 4 * P, X + 5 * P, PROT_NONE});
	cr_expect_eq(mm->total_pages, 4);
	mm_drop_checked();
}

Test(vma, mprotect_arguments)
{
	map_fixed(X, 2 * P, RW);
	cr_expect_eq(mm_mprotect(mm, X + 1, P, PROT_READ), -EINVAL);
	cr_expect_eq(mm_mprotect(mm, X, 0, PROT_READ), 0);
	cr_expect_eq(mm_mprotect(mm, X, ~0UL, PROT_READ), -ENOMEM);
	CHECK_VMAS(mm, {X, X + 2 * P, RW});
	mm_drop_checked();
}

/* ---- brk ---- */

#define BRK0 0x600000UL

static void brk_setup(void)
{
	/* A data segment just below the break, as the loader leaves it. */
	map_fixed(BRK0 - 2 * P, 2 * P, PROT_READ);
	mm->start_brk = mm->brk = BRK0;
}

static uint64_t heap_vmas(void)
{
	uint64_t n = 0;
	struct vma *v;
	RB_FOREACH(v, vma_tree, &mm->vmas)
	{
		if (v->flags & VMA_HEAP) {
			n++;
			cr_expect(v->name && strcmp(v->name, "[heap]") == 0);
		}
	}
	return n;
}

Test(vma, brk_grow_and_shrink)
{
	brk_setup();
	cr_expect_eq(mm_brk(mm, 0), BRK0); /* the query glibc makes */
	CHECK_VMAS(mm, {BRK0 - 2 * P, BRK0, PROT_READ});

	cr_expect_eq(mm_brk(mm, BRK0 + 0x10), BRK0 + 0x10);
	CHECK_VMAS(mm, {BRK0 - 2 * P, BRK0, PROT_READ}, {BRK0, BRK0 + P, RW});
	cr_expect_eq(mm->brk, BRK0 + 0x10);
	/* Within the same page: nothing to map. */
	cr_expect_eq(mm_brk(mm, BRK0 + P), BRK0 + P);
	cr_expect_eq(mm->total_pages, 3);

	/* Growth extends the heap vma: still one [heap]. */
	cr_expect_eq(mm_brk(mm, BRK0 + 0x2800), BRK0 + 0x2800);
	CHECK_VMAS(mm, {BRK0 - 2 * P, BRK0, PROT_READ}, {BRK0, BRK0 + 3 * P, RW});
	cr_expect_eq(mm_brk(mm, BRK0 + 5 * P), BRK0 + 5 * P);
	CHECK_VMAS(mm, {BRK0 - 2 * P, BRK0, PROT_READ}, {BRK0, BRK0 + 5 * P, RW});
	cr_expect_eq(heap_vmas(), 1);
	cr_expect_eq(mm->total_pages, 7);
	cr_expect_eq(memfile_pages_in_use(), 7);
	fill(BRK0, 5 * P, 5);

	/* Shrinking gives the pages back... */
	cr_expect_eq(mm_brk(mm, BRK0 + P + 1), BRK0 + P + 1);
	CHECK_VMAS(mm, {BRK0 - 2 * P, BRK0, PROT_READ}, {BRK0, BRK0 + 2 * P, RW});
	cr_expect_eq(mm->total_pages, 4);
	cr_expect_eq(memfile_pages_in_use(), 4);
	cr_expect(holds(mm, BRK0, 2 * P, BRK0, 5));
	/* ...and growing again brings fresh zero pages. */
	cr_expect_eq(mm_brk(mm, BRK0 + 4 * P), BRK0 + 4 * P);
	cr_expect(zeros(mm, BRK0 + 2 * P, 2 * P));
	cr_expect_eq(heap_vmas(), 1);

	/* Down to the start: no heap left. */
	cr_expect_eq(mm_brk(mm, BRK0), BRK0);
	CHECK_VMAS(mm, {BRK0 - 2 * P, BRK0, PROT_READ});
	/* Below the start fails: the old break is returned. */
	cr_expect_eq(mm_brk(mm, BRK0 - P), BRK0);
	cr_expect_eq(mm->brk, BRK0);
	cr_expect_eq(mm->total_pages, 2);
	mm_drop_checked();
}

Test(vma, brk_stops_a_page_below_a_mapping)
{
	brk_setup();
	map_fixed(BRK0 + 16 * P, P, RW);
	/* Linux keeps a page between the break and the next mapping (brk():
	 * newbrk + PAGE_SIZE > vm_start_gap(next) fails). */
	cr_expect_eq(mm_brk(mm, BRK0 + 16 * P), BRK0);
	cr_expect_eq(mm_brk(mm, BRK0 + 15 * P + 1), BRK0);
	CHECK_VMAS(mm, {BRK0 - 2 * P, BRK0, PROT_READ}, {BRK0 + 16 * P, BRK0 + 17 * P, RW});
	cr_expect_eq(mm_brk(mm, BRK0 + 15 * P), BRK0 + 15 * P);
	CHECK_VMAS(mm, {BRK0 - 2 * P, BRK0, PROT_READ}, {BRK0, BRK0 + 15 * P, RW},
		   {BRK0 + 16 * P, BRK0 + 17 * P, RW});
	cr_expect_eq(mm->total_pages, 18);
	mm_drop_checked();
}

/* ---- mremap ---- */

Test(vma, mremap_shrink)
{
	map_fixed(X, 4 * P, RW);
	fill(X, 4 * P, 6);
	cr_expect_eq(mm_mremap(mm, X, 4 * P, 2 * P, 0, 0), (int64_t)X);
	CHECK_VMAS(mm, {X, X + 2 * P, RW});
	cr_expect_eq(mm->total_pages, 2);
	cr_expect_eq(memfile_pages_in_use(), 2);
	cr_expect(holds(mm, X, 2 * P, X, 6));
	/* Same size: nothing to do. */
	cr_expect_eq(mm_mremap(mm, X, 2 * P, 2 * P, 0, 0), (int64_t)X);
	CHECK_VMAS(mm, {X, X + 2 * P, RW});
	mm_drop_checked();
}

Test(vma, mremap_grow_in_place)
{
	map_fixed(X, 2 * P, RW);
	fill(X, 2 * P, 7);
	cr_expect_eq(mm_mremap(mm, X, 2 * P, 4 * P, 0, 0), (int64_t)X);
	CHECK_VMAS(mm, {X, X + 4 * P, RW});
	cr_expect_eq(mm->total_pages, 4);
	cr_expect(holds(mm, X, 2 * P, X, 7));
	/* The new part reads as zeros and is writable. */
	cr_expect(zeros(mm, X + 2 * P, 2 * P));
	char c = 9;
	cr_expect_eq(copy_to_user(mm, X + 4 * P - 1, &c, 1), 0);
	/* Growing into another mapping cannot happen in place. */
	map_fixed(X + 5 * P, P, PROT_READ);
	cr_expect_eq(mm_mremap(mm, X, 4 * P, 6 * P, 0, 0), -ENOMEM);
	CHECK_VMAS(mm, {X, X + 4 * P, RW}, {X + 5 * P, X + 6 * P, PROT_READ});
	/* Up to it is fine. */
	cr_expect_eq(mm_mremap(mm, X, 4 * P, 5 * P, 0, 0), (int64_t)X);
	CHECK_VMAS(mm, {X, X + 5 * P, RW}, {X + 5 * P, X + 6 * P, PROT_READ});
	cr_expect_eq(mm->total_pages, 6);
	mm_drop_checked();
}

Test(vma, mremap_maymove)
{
	map_fixed(X, 2 * P, RW);
	map_fixed(X + 2 * P, P, PROT_READ); /* blocks growth in place */
	fill(X, 2 * P, 8);
	uint64_t in_use = memfile_pages_in_use();
	int64_t to = mm_mremap(mm, X, 2 * P, 4 * P, MREMAP_MAYMOVE, 0);
	cr_expect_eq(to, (int64_t)(B - 4 * P));
	CHECK_VMAS(mm, {X + 2 * P, X + 3 * P, PROT_READ}, {B - 4 * P, B, RW});
	cr_expect_eq(mm->total_pages, 5);
	/* The pages moved with the mapping: no copy. */
	cr_expect_eq(memfile_pages_in_use(), in_use);
	cr_expect(holds(mm, B - 4 * P, 2 * P, X, 8));
	cr_expect(zeros(mm, B - 2 * P, 2 * P));
	char c;
	cr_expect_eq(copy_from_user(mm, &c, X, 1), -EFAULT);
	mm_drop_checked();
}

Test(vma, mremap_maymove_part_of_a_vma)
{
	map_fixed(X, 4 * P, RW);
	map_fixed(X + 4 * P, P, PROT_READ);
	fill(X, 4 * P, 9);
	/* The middle two pages move and grow to three. */
	int64_t to = mm_mremap(mm, X + P, 2 * P, 3 * P, MREMAP_MAYMOVE, 0);
	cr_expect_eq(to, (int64_t)(B - 3 * P));
	CHECK_VMAS(mm, {X, X + P, RW}, {X + 3 * P, X + 4 * P, RW},
		   {X + 4 * P, X + 5 * P, PROT_READ}, {B - 3 * P, B, RW});
	cr_expect_eq(mm->total_pages, 6);
	cr_expect(holds(mm, B - 3 * P, 2 * P, X + P, 9));
	cr_expect(holds(mm, X, P, X, 9));
	cr_expect(holds(mm, X + 3 * P, P, X + 3 * P, 9));
	mm_drop_checked();
}

Test(vma, mremap_fixed)
{
	uint64_t Y = 2 * X;
	map_fixed(X, 3 * P, RW);
	fill(X, 3 * P, 10);
	map_fixed(Y - P, 3 * P, PROT_READ); /* partly replaced by the move */
	int64_t r = mm_mremap(mm, X, 3 * P, 3 * P, MREMAP_MAYMOVE | MREMAP_FIXED, Y);
	cr_expect_eq(r, (int64_t)Y);
	CHECK_VMAS(mm, {Y - P, Y, PROT_READ}, {Y, Y + 3 * P, RW});
	cr_expect_eq(mm->total_pages, 4);
	cr_expect_eq(memfile_pages_in_use(), 4);
	cr_expect(holds(mm, Y, 3 * P, X, 10));
	/* Shrinking while moving: the tail is unmapped. */
	r = mm_mremap(mm, Y, 3 * P, P, MREMAP_MAYMOVE | MREMAP_FIXED, X);
	cr_expect_eq(r, (int64_t)X);
	CHECK_VMAS(mm, {X, X + P, RW}, {Y - P, Y, PROT_READ});
	cr_expect_eq(mm->total_pages, 2);
	cr_expect_eq(memfile_pages_in_use(), 2);
	cr_expect(holds(mm, X, P, X, 10));
	/* Growing while moving. */
	r = mm_mremap(mm, X, P, 3 * P, MREMAP_MAYMOVE | MREMAP_FIXED, Y + 8 * P);
	cr_expect_eq(r, (int64_t)(Y + 8 * P));
	CHECK_VMAS(mm, {Y - P, Y, PROT_READ}, {Y + 8 * P, Y + 11 * P, RW});
	cr_expect_eq(mm->total_pages, 4);
	cr_expect(holds(mm, Y + 8 * P, P, X, 10));
	cr_expect(zeros(mm, Y + 9 * P, 2 * P));
	mm_drop_checked();
}

Test(vma, mremap_dontunmap)
{
	map_fixed(X, 2 * P, RW);
	fill(X, 2 * P, 11);
	int64_t r = mm_mremap(mm, X, 2 * P, 2 * P, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, 0);
	cr_expect_eq(r, (int64_t)(B - 2 * P));
	/* The old range stays mapped, emptied. */
	CHECK_VMAS(mm, {X, X + 2 * P, RW}, {B - 2 * P, B, RW});
	cr_expect_eq(mm->total_pages, 4);
	cr_expect(holds(mm, B - 2 * P, 2 * P, X, 11));
	cr_expect(zeros(mm, X, 2 * P));
	mm_drop_checked();
}

Test(vma, mremap_shared_growth_is_backed)
{
	cr_assert_eq(mm_mmap(mm, X, 2 * P, RW, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, 0, NULL, 0),
		     (int64_t)X);
	fill(X, 2 * P, 15);
	/* Shared memory is backed at once, also where it grows. */
	cr_expect_eq(mm_mremap(mm, X, 2 * P, 3 * P, 0, 0), (int64_t)X);
	cr_expect_eq(memfile_pages_in_use(), 3);
	map_fixed(X + 3 * P, P, PROT_READ);
	int64_t to = mm_mremap(mm, X, 3 * P, 5 * P, MREMAP_MAYMOVE, 0);
	cr_expect_eq(to, (int64_t)(B - 5 * P));
	CHECK_VMAS(mm, {X + 3 * P, X + 4 * P, PROT_READ}, {B - 5 * P, B, RW});
	cr_expect_eq(memfile_pages_in_use(), 6);
	cr_expect(holds(mm, B - 5 * P, 2 * P, X, 15));
	cr_expect(zeros(mm, B - 3 * P, 3 * P));
	struct vma *v = mm_find_vma(mm, B - P);
	cr_assert_not_null(v);
	cr_expect(v->flags & VMA_SHARED);
	mm_drop_checked();
}

Test(vma, mremap_fixed_below_mmap_min_addr)
{
	map_fixed(X, 2 * P, RW);
	/* get_unmapped_area() refuses it (security_mmap_addr). */
	cr_expect_eq(
	    mm_mremap(mm, X, 2 * P, 2 * P, MREMAP_MAYMOVE | MREMAP_FIXED, mm_mmap_min_addr - 2 * P),
	    -EPERM);
	CHECK_VMAS(mm, {X, X + 2 * P, RW});
	cr_expect_eq(mm->total_pages, 2);
	cr_expect_eq(memfile_pages_in_use(), 2);
	mm_drop_checked();
}

Test(vma, mremap_einval)
{
	map_fixed(X, 2 * P, RW);
	cr_expect_eq(mm_mremap(mm, X, 2 * P, 4 * P, 0x80, 0), -EINVAL);
	cr_expect_eq(mm_mremap(mm, X, 2 * P, 4 * P, MREMAP_FIXED, 2 * X), -EINVAL);
	cr_expect_eq(mm_mremap(mm, X + 1, P, 4 * P, MREMAP_MAYMOVE, 0), -EINVAL);
	cr_expect_eq(mm_mremap(mm, X, 2 * P, 0, MREMAP_MAYMOVE, 0), -EINVAL);
	/* MREMAP_DONTUNMAP needs MREMAP_MAYMOVE and equal lengths. */
	cr_expect_eq(mm_mremap(mm, X, 2 * P, 2 * P, MREMAP_DONTUNMAP, 0), -EINVAL);
	cr_expect_eq(mm_mremap(mm, X, 2 * P, 3 * P, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, 0), -EINVAL);
	/* MREMAP_FIXED: aligned, below TASK_SIZE, not overlapping the source. */
	int fl = MREMAP_MAYMOVE | MREMAP_FIXED;
	cr_expect_eq(mm_mremap(mm, X, 2 * P, 2 * P, fl, 2 * X + 1), -EINVAL);
	cr_expect_eq(mm_mremap(mm, X, 2 * P, 2 * P, fl, TASK_SIZE - P), -EINVAL);
	cr_expect_eq(mm_mremap(mm, X, 2 * P, 2 * P, fl, X + P), -EINVAL);
	cr_expect_eq(mm_mremap(mm, X, 2 * P, 2 * P, fl, X - P), -EINVAL);
	/* Private memory cannot be duplicated with old_len 0. */
	cr_expect_eq(mm_mremap(mm, X, 0, P, MREMAP_MAYMOVE, 0), -EINVAL);
	CHECK_VMAS(mm, {X, X + 2 * P, RW});
	cr_expect_eq(mm->total_pages, 2);
	mm_drop_checked();
}

Test(vma, mremap_efault)
{
	map_fixed(X, 2 * P, RW);
	map_fixed(X + 2 * P, 2 * P, PROT_READ);
	/* Nothing mapped at the old address. */
	cr_expect_eq(mm_mremap(mm, 2 * X, P, 2 * P, MREMAP_MAYMOVE, 0), -EFAULT);
	/* The old range runs past the end of its vma. */
	cr_expect_eq(mm_mremap(mm, X, 3 * P, 4 * P, MREMAP_MAYMOVE, 0), -EFAULT);
	cr_expect_eq(mm_mremap(mm, X + P, 2 * P, 2 * P, MREMAP_MAYMOVE | MREMAP_FIXED, 2 * X),
		     -EFAULT);
	CHECK_VMAS(mm, {X, X + 2 * P, RW}, {X + 2 * P, X + 4 * P, PROT_READ});
	cr_expect_eq(mm->total_pages, 4);
	mm_drop_checked();
}

/* ---- vma flags (MADV_DONTFORK...) ---- */

static unsigned flags_at(uint64_t addr)
{
	struct vma *v = mm_find_vma(mm, addr);
	cr_assert_not_null(v);
	return v->flags;
}

Test(vma, set_flags_splits_and_merges)
{
	map_fixed(X, 4 * P, RW);
	cr_expect_eq(mm_set_vma_flags(mm, X + P, 2 * P, VMA_DONTFORK, 0), 0);
	CHECK_VMAS(mm, {X, X + P, RW}, {X + P, X + 3 * P, RW}, {X + 3 * P, X + 4 * P, RW});
	cr_expect_eq(flags_at(X), 0);
	cr_expect_eq(flags_at(X + P), VMA_DONTFORK);
	cr_expect_eq(flags_at(X + 3 * P), 0);
	/* Undone: one vma again (the merge swallows the vma after). */
	cr_expect_eq(mm_set_vma_flags(mm, X + P, 2 * P, 0, VMA_DONTFORK), 0);
	CHECK_VMAS(mm, {X, X + 4 * P, RW});
	cr_expect_eq(flags_at(X), 0);
	/* Over several vmas, all of which end up alike. */
	cr_expect_eq(mm_set_vma_flags(mm, X + 2 * P, P, VMA_WIPEONFORK, 0), 0);
	cr_expect_eq(mm_set_vma_flags(mm, X, 4 * P, VMA_WIPEONFORK, 0), 0);
	CHECK_VMAS(mm, {X, X + 4 * P, RW});
	cr_expect_eq(flags_at(X + 3 * P), VMA_WIPEONFORK);
	mm_drop_checked();
}

Test(vma, set_flags_over_hole)
{
	map_fixed(X, 2 * P, RW);
	map_fixed(X + 3 * P, 2 * P, RW);
	/* ENOMEM for the hole; the mapped parts are changed all the same. */
	cr_expect_eq(mm_set_vma_flags(mm, X + P, 6 * P, VMA_DONTFORK, 0), -ENOMEM);
	CHECK_VMAS(mm, {X, X + P, RW}, {X + P, X + 2 * P, RW}, {X + 3 * P, X + 5 * P, RW});
	cr_expect_eq(flags_at(X), 0);
	cr_expect_eq(flags_at(X + P), VMA_DONTFORK);
	cr_expect_eq(flags_at(X + 4 * P), VMA_DONTFORK);
	mm_drop_checked();
}

/* ---- MADV_DONTNEED ---- */

Test(vma, dontneed_private)
{
	map_fixed(X, 4 * P, RW);
	fill(X, 4 * P, 12);
	cr_expect_eq(mm_dontneed(mm, X + P, 2 * P), 0);
	/* The vmas stay, the pages go and read back as zeros. */
	CHECK_VMAS(mm, {X, X + 4 * P, RW});
	cr_expect_eq(mm->total_pages, 4);
	cr_expect_eq(memfile_pages_in_use(), 2);
	cr_expect(holds(mm, X, P, X, 12));
	cr_expect(zeros(mm, X + P, 2 * P));
	cr_expect(holds(mm, X + 3 * P, P, X + 3 * P, 12));
	mm_drop_checked();
}

Test(vma, dontneed_shared_keeps_contents)
{
	cr_assert_eq(mm_mmap(mm, X, 2 * P, RW, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, 0, NULL, 0),
		     (int64_t)X);
	fill(X, 2 * P, 13);
	cr_expect_eq(mm_dontneed(mm, X, 2 * P), 0);
	cr_expect(holds(mm, X, 2 * P, X, 13));
	cr_expect_eq(memfile_pages_in_use(), 2);
	mm_drop_checked();
}

Test(vma, dontneed_over_hole)
{
	map_fixed(X, 2 * P, RW);
	map_fixed(X + 3 * P, 2 * P, RW);
	fill(X, 2 * P, 14);
	fill(X + 3 * P, 2 * P, 14);
	/* ENOMEM for the hole, but the mapped parts are still dropped. */
	cr_expect_eq(mm_dontneed(mm, X + P, 3 * P), -ENOMEM);
	cr_expect(holds(mm, X, P, X, 14));
	cr_expect(zeros(mm, X + P, P));
	cr_expect(zeros(mm, X + 3 * P, P));
	cr_expect(holds(mm, X + 4 * P, P, X + 4 * P, 14));
	CHECK_VMAS(mm, {X, X + 2 * P, RW}, {X + 3 * P, X + 5 * P, RW});
	mm_drop_checked();
}
