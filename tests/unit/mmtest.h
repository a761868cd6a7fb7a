/* Helpers for the mm unit tests: a memory file, an mm with no stub (the mm
 * code skips every host operation when mm->as is NULL), and checks of the
 * vma list. */
#ifndef SBX_TEST_MMTEST_H
#define SBX_TEST_MMTEST_H

#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>

#include "sentry/mm/mm.h"

#define P	   PAGE_SIZE
#define MMAP_BASE  0x7f0000000000UL
#define MEMFILE_SZ (4UL << 30)
#define ANON	   (MAP_PRIVATE | MAP_ANONYMOUS)
#define RW	   (PROT_READ | PROT_WRITE)

static struct mm *mm;

static inline void mm_setup(void)
{
	cr_assert_eq(memfile_init(MEMFILE_SZ), 0);
	/* Debian's vm.mmap_min_addr, whatever the host running the tests. */
	mm_mmap_min_addr = 0x10000;
	mm = mm_new(NULL);
	cr_assert_not_null(mm);
	mm->mmap_base = MMAP_BASE;
}

static inline void mm_teardown(void)
{
	memfile_fini();
}

/* Drop the mm and check that every page went back to the memory file. */
static inline void mm_drop_checked(void)
{
	mm_put(mm);
	mm = NULL;
	cr_expect_eq(memfile_pages_in_use(), 0, "pages leaked: %lu",
		     (unsigned long)memfile_pages_in_use());
}

struct vexp {
	uint64_t start, end;
	int prot;
};

/* The vma list must be exactly @want, in order. */
static inline void check_vmas_(struct mm *m, const struct vexp *want, size_t n, int line)
{
	size_t i = 0;
	struct vma *v;
	RB_FOREACH(v, vma_tree, &m->vmas)
	{
		if (i < n) {
			cr_expect(
			    v->start == want[i].start && v->end == want[i].end &&
				v->prot == want[i].prot,
			    "line %d: vma %zu is [%#lx, %#lx) prot %d, want [%#lx, %#lx) prot %d",
			    line, i, (unsigned long)v->start, (unsigned long)v->end, v->prot,
			    (unsigned long)want[i].start, (unsigned long)want[i].end, want[i].prot);
		} else {
			cr_expect_fail("line %d: extra vma %zu [%#lx, %#lx) prot %d", line, i,
				       (unsigned long)v->start, (unsigned long)v->end, v->prot);
		}
		i++;
	}
	cr_expect_eq(i, n, "line %d: %zu vmas, want %zu", line, i, n);
}

#define CHECK_VMAS(m, ...)                                                                         \
	do {                                                                                       \
		const struct vexp want_[] = {__VA_ARGS__};                                         \
		check_vmas_((m), want_, sizeof(want_) / sizeof(want_[0]), __LINE__);               \
	} while (0)
#define CHECK_NO_VMAS(m) check_vmas_((m), NULL, 0, __LINE__)

/* Anonymous private mapping at a fixed address; asserts success. */
static inline void map_fixed(uint64_t addr, uint64_t len, int prot)
{
	int64_t r = mm_mmap(mm, addr, len, prot, ANON | MAP_FIXED, 0, NULL, 0);
	cr_assert_eq(r, (int64_t)addr, "mmap fixed %#lx: %ld", (unsigned long)addr, (long)r);
}

/* Fill [addr, addr + len) with a pattern derived from @seed. */
static inline void fill(uint64_t addr, size_t len, unsigned seed)
{
	unsigned char buf[256];
	for (size_t done = 0; done < len;) {
		size_t n = len - done < sizeof(buf) ? len - done : sizeof(buf);
		for (size_t i = 0; i < n; i++)
			buf[i] = (unsigned char)(seed + ((addr + done + i) * 7 >> 3));
		cr_assert_eq(mm_poke(mm, addr + done, buf, n), 0, "poke %#lx",
			     (unsigned long)(addr + done));
		done += n;
	}
}

/* Does guest [addr, addr + len) hold the pattern fill() wrote at @from? */
static inline bool holds(struct mm *m, uint64_t addr, size_t len, uint64_t from, unsigned seed)
{
	unsigned char buf[256];
	for (size_t done = 0; done < len;) {
		size_t n = len - done < sizeof(buf) ? len - done : sizeof(buf);
		if (copy_from_user(m, buf, addr + done, n) != 0)
			return false;
		for (size_t i = 0; i < n; i++)
			if (buf[i] != (unsigned char)(seed + ((from + done + i) * 7 >> 3)))
				return false;
		done += n;
	}
	return true;
}

/* Does guest [addr, addr + len) read as zeros? */
static inline bool zeros(struct mm *m, uint64_t addr, size_t len)
{
	unsigned char buf[256];
	for (size_t done = 0; done < len;) {
		size_t n = len - done < sizeof(buf) ? len - done : sizeof(buf);
		if (copy_from_user(m, buf, addr + done, n) != 0)
			return false;
		for (size_t i = 0; i < n; i++)
			if (buf[i])
				return false;
		done += n;
	}
	return true;
}

#endif
