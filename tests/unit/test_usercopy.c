/* Copies between the sentry and guest memory: vma and protection checks,
 * strings, I/O vectors, and copy-on-write after mm_fork. */
#include "mmtest.h"

#include <errno.h>
#include <limits.h>
#include <sys/uio.h>

#include "sentry/mm/uio.h"

#define X 0x10000000UL /* 64 KiB aligned: a whole copy-on-write window */

TestSuite(usercopy, .init = mm_setup, .fini = mm_teardown);

/* The memory-file page behind guest @addr in @m. */
static uint64_t page_off(struct mm *m, uint64_t addr)
{
	struct pma *p = mm_find_pma(m, addr);
	cr_assert_not_null(p, "no pma at %#lx", (unsigned long)addr);
	return p->off + ((addr & PAGE_MASK) - p->start);
}

/* ---- copy_to_user / copy_from_user ---- */

Test(usercopy, across_two_vmas)
{
	/* The upper page is mapped first, so the two pages are not
	 * contiguous in the memory file: the copy must be split. */
	map_fixed(X + P, P, RW | PROT_EXEC);
	map_fixed(X, P, RW);
	CHECK_VMAS(mm, {X, X + P, RW}, {X + P, X + 2 * P, RW | PROT_EXEC});
	cr_assert_neq(page_off(mm, X) + P, page_off(mm, X + P));

	char out[200], in[200];
	for (size_t i = 0; i < sizeof(out); i++)
		out[i] = (char)(i + 1);
	cr_expect_eq(copy_to_user(mm, X + P - 100, out, sizeof(out)), 0);
	memset(in, 0, sizeof(in));
	cr_expect_eq(copy_from_user(mm, in, X + P - 100, sizeof(in)), 0);
	cr_expect_arr_eq(in, out, sizeof(out));
	/* The bytes are in the right pages of the memory file. */
	const char *lo = memfile_ptr(page_off(mm, X));
	const char *hi = memfile_ptr(page_off(mm, X + P));
	cr_expect_arr_eq(lo + P - 100, out, 100);
	cr_expect_arr_eq(hi, out + 100, 100);
	/* Zero bytes always succeed, even at a bad address. */
	cr_expect_eq(copy_to_user(mm, 0, out, 0), 0);
	cr_expect_eq(copy_from_user(mm, in, 0, 0), 0);
	mm_drop_checked();
}

Test(usercopy, hole_is_efault)
{
	map_fixed(X, P, RW);
	map_fixed(X + 2 * P, P, RW);
	char buf[64] = {0};
	/* Running off the end of a mapping into the hole. */
	cr_expect_eq(copy_to_user(mm, X + P - 10, buf, 20), -EFAULT);
	cr_expect_eq(copy_from_user(mm, buf, X + P - 10, 20), -EFAULT);
	/* Starting in it, or crossing it between two mappings. */
	cr_expect_eq(copy_from_user(mm, buf, X + P, 1), -EFAULT);
	cr_expect_eq(copy_to_user(mm, X + P + 100, buf, 1), -EFAULT);
	char *big = calloc(1, 2 * P);
	cr_assert_not_null(big);
	cr_expect_eq(copy_from_user(mm, big, X + P - 1, P + 2), -EFAULT);
	free(big);
	/* Null, beyond the address space, and wrapping around. */
	cr_expect_eq(copy_from_user(mm, buf, 0, 1), -EFAULT);
	cr_expect_eq(copy_from_user(mm, buf, TASK_SIZE, 1), -EFAULT);
	cr_expect_eq(copy_to_user(mm, TASK_SIZE - 1, buf, 2), -EFAULT);
	cr_expect_eq(copy_from_user(mm, buf, ~0UL, 2), -EFAULT);
	/* The mapped bytes right up to the hole are fine. */
	cr_expect_eq(copy_to_user(mm, X + P - 10, buf, 10), 0);
	mm_drop_checked();
}

Test(usercopy, prot_none_is_efault)
{
	cr_assert_eq(mm_mmap(mm, X, 2 * P, PROT_NONE, ANON | MAP_FIXED, 0, NULL, 0), (int64_t)X);
	char buf[16] = "abc";
	cr_expect_eq(copy_from_user(mm, buf, X + 5, 3), -EFAULT);
	cr_expect_eq(copy_to_user(mm, X + 5, buf, 3), -EFAULT);
	cr_expect_eq(clear_user(mm, X + 5, 3), -EFAULT);
	/* Nothing was filled in by the refused accesses. */
	cr_expect_eq(memfile_pages_in_use(), 0);
	/* The loader writes whatever the protection (filling the page in). */
	cr_expect_eq(mm_poke(mm, X + 5, buf, 3), 0);
	cr_expect_eq(memfile_pages_in_use(), 2);
	cr_assert_eq(mm_mprotect(mm, X, 2 * P, PROT_READ), 0);
	char in[3];
	cr_expect_eq(copy_from_user(mm, in, X + 5, 3), 0);
	cr_expect_arr_eq(in, "abc", 3);
	mm_drop_checked();
}

Test(usercopy, read_only)
{
	map_fixed(X, P, PROT_READ);
	const char msg[] = "read-only";
	cr_expect_eq(copy_to_user(mm, X + 8, msg, sizeof(msg)), -EFAULT);
	cr_expect_eq(clear_user(mm, X + 8, 4), -EFAULT);
	cr_expect(zeros(mm, X, P));
	cr_expect_eq(mm_poke(mm, X + 8, msg, sizeof(msg)), 0);
	char in[sizeof(msg)];
	cr_expect_eq(copy_from_user(mm, in, X + 8, sizeof(in)), 0);
	cr_expect_str_eq(in, msg);
	/* mm_poke did not change the protection. */
	cr_expect_eq(copy_to_user(mm, X + 8, msg, 1), -EFAULT);
	CHECK_VMAS(mm, {X, X + P, PROT_READ});
	mm_drop_checked();
}

Test(usercopy, write_or_exec_only_are_readable)
{
	/* On x86 without protection keys, write and exec imply read. */
	map_fixed(X, P, PROT_WRITE);
	map_fixed(X + P, P, PROT_EXEC);
	char c = 'w', in = 0;
	cr_expect_eq(copy_to_user(mm, X, &c, 1), 0);
	cr_expect_eq(copy_from_user(mm, &in, X, 1), 0);
	cr_expect_eq(in, 'w');
	cr_expect_eq(copy_from_user(mm, &in, X + P, 1), 0);
	cr_expect_eq(in, 0);
	cr_expect_eq(copy_to_user(mm, X + P, &c, 1), -EFAULT);
	mm_drop_checked();
}

Test(usercopy, clear_user)
{
	map_fixed(X, 2 * P, RW);
	fill(X, 2 * P, 1);
	cr_expect_eq(clear_user(mm, X + P - 8, 16), 0);
	cr_expect(holds(mm, X, P - 8, X, 1));
	cr_expect(zeros(mm, X + P - 8, 16));
	cr_expect(holds(mm, X + P + 8, P - 8, X + P + 8, 1));
	cr_expect_eq(clear_user(mm, X + 2 * P - 4, 8), -EFAULT);
	mm_drop_checked();
}

Test(usercopy, stack_grows_on_access)
{
	const uint64_t top = TASK_SIZE;
	mm->stack_limit = 8UL << 20;
	cr_assert_eq(
	    mm_mmap(mm, top - 4 * P, 4 * P, RW, ANON | MAP_FIXED | MAP_GROWSDOWN, 0, NULL, 0),
	    (int64_t)(top - 4 * P));
	/* An access just below the stack grows it, as a fault would. */
	char c = 's';
	cr_expect_eq(copy_to_user(mm, top - 5 * P + 10, &c, 1), 0);
	CHECK_VMAS(mm, {top - 5 * P, top, RW});
	cr_expect_eq(mm->total_pages, 5);
	/* Not beyond RLIMIT_STACK. */
	cr_expect_eq(copy_to_user(mm, top - (8UL << 20) - P, &c, 1), -EFAULT);
	CHECK_VMAS(mm, {top - 5 * P, top, RW});
	mm_drop_checked();
}

/* ---- strncpy_from_user ---- */

Test(usercopy, strncpy_found)
{
	map_fixed(X, P, RW);
	cr_assert_eq(copy_to_user(mm, X + 100, "hello", 6), 0);
	char dst[32];
	memset(dst, 'x', sizeof(dst));
	cr_expect_eq(strncpy_from_user(mm, dst, X + 100, sizeof(dst)), 5);
	cr_expect_str_eq(dst, "hello");
	/* The NUL as the last byte allowed. */
	cr_expect_eq(strncpy_from_user(mm, dst, X + 100, 6), 5);
	cr_expect_str_eq(dst, "hello");
	/* An empty string. */
	cr_expect_eq(strncpy_from_user(mm, dst, X + 105, 6), 0);
	cr_expect_str_eq(dst, "");
	mm_drop_checked();
}

Test(usercopy, strncpy_too_long)
{
	map_fixed(X, P, RW);
	cr_assert_eq(copy_to_user(mm, X, "abcdefgh", 9), 0);
	char dst[16];
	cr_expect_eq(strncpy_from_user(mm, dst, X, 8), -ENAMETOOLONG);
	cr_expect_eq(strncpy_from_user(mm, dst, X, 4), -ENAMETOOLONG);
	/* Only @max bytes are read: a hole right after them does not matter. */
	cr_assert_eq(copy_to_user(mm, X + P - 4, "wxyz", 4), 0);
	cr_expect_eq(strncpy_from_user(mm, dst, X + P - 4, 4), -ENAMETOOLONG);
	mm_drop_checked();
}

Test(usercopy, strncpy_into_hole)
{
	map_fixed(X, P, RW);
	cr_assert_eq(copy_to_user(mm, X + P - 3, "abc", 3), 0);
	char dst[64];
	cr_expect_eq(strncpy_from_user(mm, dst, X + P - 3, sizeof(dst)), -EFAULT);
	cr_expect_eq(strncpy_from_user(mm, dst, X + P, sizeof(dst)), -EFAULT);
	cr_expect_eq(strncpy_from_user(mm, dst, 0, sizeof(dst)), -EFAULT);
	cr_expect_eq(strncpy_from_user(mm, dst, TASK_SIZE - 1, sizeof(dst)), -EFAULT);
	/* PROT_NONE is no better than a hole. */
	cr_assert_eq(mm_mmap(mm, X + P, P, PROT_NONE, ANON | MAP_FIXED, 0, NULL, 0),
		     (int64_t)(X + P));
	cr_expect_eq(strncpy_from_user(mm, dst, X + P - 3, sizeof(dst)), -EFAULT);
	mm_drop_checked();
}

Test(usercopy, strncpy_across_vmas)
{
	map_fixed(X, P, RW);
	map_fixed(X + P, P, PROT_READ);
	cr_assert_eq(copy_to_user(mm, X + P - 3, "abc", 3), 0);
	cr_assert_eq(mm_poke(mm, X + P, "def", 4), 0);
	char dst[64];
	cr_expect_eq(strncpy_from_user(mm, dst, X + P - 3, sizeof(dst)), 6);
	cr_expect_str_eq(dst, "abcdef");
	mm_drop_checked();
}

/* ---- uio ---- */

#define A_  (X + 0x10)	    /* first buffer */
#define C_  (X + 3 * P - 4) /* crosses into the next vma */
#define IOV (X + 8 * P)	    /* where the iovec array lives */

static void put_iov(const struct iovec *iov, int n)
{
	cr_assert_eq(copy_to_user(mm, IOV, iov, (size_t)n * sizeof(*iov)), 0);
}

static void uio_setup(void)
{
	map_fixed(X, 3 * P, RW);
	map_fixed(X + 3 * P, P, RW | PROT_EXEC);
	map_fixed(IOV, P, PROT_READ | PROT_WRITE);
}

Test(usercopy, uio_segments)
{
	uio_setup();
	struct iovec iov[3] = {
	    {.iov_base = (void *)A_, .iov_len = 5},
	    {.iov_base = (void *)(X + 2 * P), .iov_len = 0},
	    {.iov_base = (void *)C_, .iov_len = 10},
	};
	put_iov(iov, 3);
	struct uio u;
	cr_assert_eq(uio_init_iov(&u, mm, IOV, 3), 0);
	cr_expect_eq(u.nseg, 3);
	cr_expect_eq(u.resid, 15);
	cr_expect_eq(uio_copyout(&u, "0123456789ABCDE", 15), 15);
	cr_expect_eq(u.resid, 0);
	/* Nothing left: nothing more is copied. */
	cr_expect_eq(uio_copyout(&u, "z", 1), 0);
	uio_fini(&u);
	char got[16] = {0};
	cr_expect_eq(copy_from_user(mm, got, A_, 5), 0);
	cr_expect_arr_eq(got, "01234", 5);
	cr_expect_eq(copy_from_user(mm, got, C_, 10), 0);
	cr_expect_arr_eq(got, "56789ABCDE", 10);
	/* Nothing beyond the segments was written. */
	cr_expect(zeros(mm, A_ + 5, 16));
	cr_expect(zeros(mm, X + 2 * P, 16));

	/* Read it back in two pieces. */
	cr_assert_eq(uio_init_iov(&u, mm, IOV, 3), 0);
	char in[16] = {0};
	cr_expect_eq(uio_copyin(&u, in, 7), 7);
	cr_expect_eq(uio_copyin(&u, in + 7, 100), 8);
	cr_expect_arr_eq(in, "0123456789ABCDE", 15);
	uio_fini(&u);

	/* Skipping resumes in the middle of a later segment. */
	cr_assert_eq(uio_init_iov(&u, mm, IOV, 3), 0);
	uio_skip(&u, 3);
	cr_expect_eq(u.resid, 12);
	cr_expect_eq(uio_copyout(&u, "wxyz", 4), 4);
	uio_skip(&u, 100);
	cr_expect_eq(u.resid, 0);
	uio_fini(&u);
	cr_expect_eq(copy_from_user(mm, got, A_, 5), 0);
	cr_expect_arr_eq(got, "012wx", 5);
	cr_expect_eq(copy_from_user(mm, got, C_, 3), 0);
	cr_expect_arr_eq(got, "yz7", 3);
	mm_drop_checked();
}

Test(usercopy, uio_single_buffer)
{
	uio_setup();
	struct uio u;
	uio_init(&u, mm, C_, 6);
	cr_expect_eq(uio_copyout(&u, "abcdefgh", 8), 6);
	cr_expect_eq(u.resid, 0);
	uio_fini(&u);
	char got[6];
	cr_expect_eq(copy_from_user(mm, got, C_, 6), 0);
	cr_expect_arr_eq(got, "abcdef", 6);
	mm_drop_checked();
}

Test(usercopy, uio_partial_then_efault)
{
	uio_setup();
	struct iovec iov[2] = {
	    {.iov_base = (void *)A_, .iov_len = 4},
	    {.iov_base = (void *)(X + 5 * P), .iov_len = 4}, /* a hole */
	};
	put_iov(iov, 2);
	struct uio u;
	cr_assert_eq(uio_init_iov(&u, mm, IOV, 2), 0);
	/* What could be copied is reported; then the fault. */
	cr_expect_eq(uio_copyout(&u, "abcdefgh", 8), 4);
	cr_expect_eq(uio_copyout(&u, "efgh", 4), -EFAULT);
	uio_fini(&u);
	mm_drop_checked();
}

Test(usercopy, uio_stops_at_the_faulting_byte)
{
	/* As copy_to_iter: a buffer running into a hole takes the bytes
	 * before it, and the count says so (read(2) then returns it). */
	uio_setup();
	const uint64_t end = X + 4 * P; /* a hole follows */
	struct uio u;
	uio_init(&u, mm, end - 4, 8);
	cr_expect_eq(uio_copyout(&u, "abcdefgh", 8), 4);
	cr_expect_eq(u.resid, 4);
	cr_expect_eq(uio_copyout(&u, "efgh", 4), -EFAULT);
	uio_fini(&u);
	char got[4];
	cr_expect_eq(copy_from_user(mm, got, end - 4, 4), 0);
	cr_expect_arr_eq(got, "abcd", 4);

	/* The same reading, over several pages before the hole. */
	fill(end - 3 * P, 3 * P, 6);
	char *in = malloc(4 * P);
	cr_assert_not_null(in);
	uio_init(&u, mm, end - 3 * P + 100, 4 * P);
	cr_expect_eq(uio_copyin(&u, in, 4 * P), (ssize_t)(3 * P - 100));
	cr_expect_eq(u.resid, P + 100);
	uio_fini(&u);
	free(in);

	/* In a vector: the segments before, and part of the faulting one. */
	struct iovec iov[2] = {
	    {.iov_base = (void *)A_, .iov_len = 3},
	    {.iov_base = (void *)(end - 2), .iov_len = 6},
	};
	put_iov(iov, 2);
	cr_assert_eq(uio_init_iov(&u, mm, IOV, 2), 0);
	cr_expect_eq(uio_copyout(&u, "123456789", 9), 5);
	uio_fini(&u);
	cr_expect_eq(copy_from_user(mm, got, end - 2, 2), 0);
	cr_expect_arr_eq(got, "45", 2);
	mm_drop_checked();
}

Test(usercopy, uio_init_iov_errors)
{
	uio_setup();
	struct uio u;
	cr_expect_eq(uio_init_iov(&u, mm, IOV, -1), -EINVAL);
	cr_expect_eq(uio_init_iov(&u, mm, IOV, UIO_MAXIOV + 1), -EINVAL);
	/* The array itself in a hole. */
	cr_expect_eq(uio_init_iov(&u, mm, X + 5 * P, 2), -EFAULT);
	/* Running off the end of its page. */
	cr_expect_eq(uio_init_iov(&u, mm, IOV + P - sizeof(struct iovec), 2), -EFAULT);
	/* A length that is negative as ssize_t. */
	struct iovec iov[2] = {
	    {.iov_base = (void *)A_, .iov_len = 4},
	    {.iov_base = (void *)A_, .iov_len = (size_t)SSIZE_MAX + 1},
	};
	put_iov(iov, 2);
	cr_expect_eq(uio_init_iov(&u, mm, IOV, 2), -EINVAL);
	/* No segments: an empty transfer. */
	cr_expect_eq(uio_init_iov(&u, mm, IOV, 0), 0);
	cr_expect_eq(u.resid, 0);
	cr_expect_eq(uio_copyout(&u, "x", 1), 0);
	uio_fini(&u);
	mm_drop_checked();
}

Test(usercopy, uio_total_capped)
{
	uio_setup();
	/* MAX_RW_COUNT (INT_MAX & PAGE_MASK): longer totals are shortened. */
	const size_t max_rw = INT_MAX & PAGE_MASK;
	struct iovec iov[3] = {
	    {.iov_base = (void *)A_, .iov_len = max_rw - 10},
	    {.iov_base = (void *)C_, .iov_len = 100},
	    {.iov_base = (void *)C_, .iov_len = 100},
	};
	put_iov(iov, 3);
	struct uio u;
	cr_assert_eq(uio_init_iov(&u, mm, IOV, 3), 0);
	cr_expect_eq(u.resid, max_rw);
	cr_expect_eq(u.seg[1].len, 10);
	cr_expect_eq(u.seg[2].len, 0);
	uio_fini(&u);
	mm_drop_checked();
}

/* ---- copy-on-write after fork ---- */

Test(usercopy, cow_after_fork)
{
	map_fixed(X, 4 * P, RW);
	fill(X, 4 * P, 2);
	uint64_t pg = page_off(mm, X + P);
	struct mm *child = mm_fork(mm);
	cr_assert_not_null(child);
	CHECK_VMAS(child, {X, X + 4 * P, RW});
	cr_expect_eq(child->total_pages, 4);
	/* Both see the same pages, shared. */
	cr_expect(holds(mm, X, 4 * P, X, 2));
	cr_expect(holds(child, X, 4 * P, X, 2));
	cr_expect_eq(page_off(child, X + P), pg);
	for (int i = 0; i < 4; i++)
		cr_expect_eq(memfile_refcount(page_off(mm, X + i * P)), 2, "page %d", i);
	cr_expect_eq(memfile_pages_in_use(), 4);
	cr_expect(mm_find_pma(mm, X)->cow);
	cr_expect(mm_find_pma(child, X)->cow);

	/* A write in the child copies (the whole window, clipped to the
	 * vma: four pages) and leaves the parent's bytes alone. */
	cr_expect_eq(copy_to_user(child, X + P + 10, "new", 3), 0);
	char got[3];
	cr_expect_eq(copy_from_user(child, got, X + P + 10, 3), 0);
	cr_expect_arr_eq(got, "new", 3);
	cr_expect(holds(mm, X, 4 * P, X, 2));
	cr_expect(holds(child, X, P + 10, X, 2));
	cr_expect_neq(page_off(child, X + P), pg);
	cr_expect_eq(page_off(mm, X + P), pg);
	for (int i = 0; i < 4; i++) {
		cr_expect_eq(memfile_refcount(page_off(mm, X + i * P)), 1, "parent page %d", i);
		cr_expect_eq(memfile_refcount(page_off(child, X + i * P)), 1, "child page %d", i);
	}
	cr_expect_eq(memfile_pages_in_use(), 8);
	cr_expect_not(mm_find_pma(child, X + P)->cow);

	/* The parent is now the only user of its pages: a write just makes
	 * them writable, nothing is copied. */
	cr_expect(mm_find_pma(mm, X + P)->cow);
	cr_expect_eq(copy_to_user(mm, X + P, "old", 3), 0);
	cr_expect_eq(page_off(mm, X + P), pg);
	cr_expect_not(mm_find_pma(mm, X + P)->cow);
	cr_expect_eq(memfile_pages_in_use(), 8);
	cr_expect_eq(copy_from_user(child, got, X + P, 3), 0);
	cr_expect_neq(memcmp(got, "old", 3), 0);

	mm_put(child);
	cr_expect_eq(memfile_pages_in_use(), 4);
	mm_drop_checked();
}

Test(usercopy, cow_window)
{
	map_fixed(X, 32 * P, RW);
	fill(X, 32 * P, 3);
	struct mm *child = mm_fork(mm);
	cr_assert_not_null(child);
	/* 16-page windows: a write at page 20 copies pages 16..31 only. */
	cr_expect_eq(copy_to_user(child, X + 20 * P, "c", 1), 0);
	cr_expect_eq(memfile_pages_in_use(), 48);
	for (int i = 0; i < 32; i++)
		cr_expect_eq(memfile_refcount(page_off(mm, X + i * P)), i < 16 ? 2 : 1, "page %d",
			     i);
	/* The parent writing into the still shared half copies that half. */
	cr_expect_eq(copy_to_user(mm, X + 5 * P, "p", 1), 0);
	cr_expect_eq(memfile_pages_in_use(), 64);
	/* And into its own half, nothing. */
	cr_expect_eq(copy_to_user(mm, X + 20 * P, "p", 1), 0);
	cr_expect_eq(memfile_pages_in_use(), 64);
	cr_expect(holds(child, X, 20 * P, X, 3));
	cr_expect(holds(mm, X + 21 * P, 11 * P, X + 21 * P, 3));
	mm_put(child);
	cr_expect_eq(memfile_pages_in_use(), 32);
	mm_drop_checked();
}

Test(usercopy, cow_parent_alone_after_child_exits)
{
	map_fixed(X, 2 * P, RW);
	fill(X, 2 * P, 4);
	uint64_t pg = page_off(mm, X);
	struct mm *child = mm_fork(mm);
	cr_assert_not_null(child);
	mm_put(child);
	cr_expect_eq(memfile_refcount(pg), 1);
	cr_expect_eq(memfile_pages_in_use(), 2);
	cr_expect_eq(copy_to_user(mm, X, "x", 1), 0);
	cr_expect_eq(page_off(mm, X), pg);
	cr_expect_eq(memfile_pages_in_use(), 2);
	cr_expect(holds(mm, X + 1, 2 * P - 1, X + 1, 4));
	mm_drop_checked();
}

Test(usercopy, fork_shared_and_read_only)
{
	cr_assert_eq(mm_mmap(mm, X, P, RW, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, 0, NULL, 0),
		     (int64_t)X);
	map_fixed(X + 4 * P, P, PROT_READ);
	cr_assert_eq(mm_poke(mm, X + 4 * P, "ro", 2), 0);
	struct mm *child = mm_fork(mm);
	cr_assert_not_null(child);
	/* Shared memory stays shared: a write is seen by the other. */
	cr_expect_eq(copy_to_user(child, X, "shared", 6), 0);
	char got[6];
	cr_expect_eq(copy_from_user(mm, got, X, 6), 0);
	cr_expect_arr_eq(got, "shared", 6);
	cr_expect_eq(memfile_refcount(page_off(mm, X)), 2);
	/* Read-only private memory made writable in the child is copied. */
	cr_expect_eq(mm_mprotect(child, X + 4 * P, P, RW), 0);
	cr_expect_eq(copy_to_user(child, X + 4 * P, "rw", 2), 0);
	cr_expect_eq(copy_from_user(mm, got, X + 4 * P, 2), 0);
	cr_expect_arr_eq(got, "ro", 2);
	cr_expect_eq(memfile_pages_in_use(), 3);
	mm_put(child);
	mm_drop_checked();
}

Test(usercopy, fork_dontfork_and_wipeonfork)
{
	map_fixed(X, P, RW);
	map_fixed(X + 2 * P, P, RW);
	fill(X, P, 5);
	fill(X + 2 * P, P, 5);
	cr_assert_eq(mm_set_vma_flags(mm, X, P, VMA_DONTFORK, 0), 0);
	cr_assert_eq(mm_set_vma_flags(mm, X + 2 * P, P, VMA_WIPEONFORK, 0), 0);
	struct mm *child = mm_fork(mm);
	cr_assert_not_null(child);
	/* MADV_DONTFORK: not in the child at all (dup_mmap() does not
	 * count it either). */
	CHECK_VMAS(child, {X + 2 * P, X + 3 * P, RW});
	cr_expect_eq(child->total_pages, 1);
	char c;
	cr_expect_eq(copy_from_user(child, &c, X, 1), -EFAULT);
	/* MADV_WIPEONFORK: mapped in the child, but empty. */
	cr_expect(zeros(child, X + 2 * P, P));
	cr_expect(holds(mm, X, P, X, 5));
	cr_expect(holds(mm, X + 2 * P, P, X + 2 * P, 5));
	cr_expect_eq(memfile_refcount(page_off(mm, X)), 1);
	cr_expect_eq(memfile_refcount(page_off(mm, X + 2 * P)), 1);
	mm_put(child);
	mm_drop_checked();
}
