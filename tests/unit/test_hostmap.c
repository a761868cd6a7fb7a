/* The host side of an mm: what the sentry asks the platform to map into
 * the stub must always be exactly the pmas, with the protection the vma
 * and the copy-on-write state allow.  The platform is replaced by a model
 * (the as_* functions below take the place of platform/ptrace, which is
 * then not linked in): it records each page's memory-file offset and
 * protection, and guest accesses go through it as the CPU's would,
 * faulting into mm_fault when the host mapping does not allow them. */
#include "mmtest.h"

#include <errno.h>
#include <signal.h>
#include <uthash.h>

#include "platform/platform.h"

#define X 0x10000000UL

/* ---- the model platform ---- */

struct hpage {
	uint64_t addr;
	uint64_t off;
	int prot;
	UT_hash_handle hh;
};

struct as {
	struct hpage *pages;
};

static int live_as; /* address spaces not yet destroyed */

static struct as *model_new(void)
{
	struct as *as = calloc(1, sizeof(*as));
	cr_assert_not_null(as);
	live_as++;
	return as;
}

struct as *as_fork(struct as *parent)
{
	/* A host fork: the child inherits every mapping as it is. */
	struct as *as = model_new();
	struct hpage *h, *tmp;
	HASH_ITER(hh, parent->pages, h, tmp)
	{
		struct hpage *c = malloc(sizeof(*c));
		cr_assert_not_null(c);
		*c = *h;
		HASH_ADD(hh, as->pages, addr, sizeof(c->addr), c);
	}
	return as;
}

static void drop_page(struct as *as, uint64_t addr)
{
	struct hpage *h;
	HASH_FIND(hh, as->pages, &addr, sizeof(addr), h);
	if (h) {
		HASH_DEL(as->pages, h);
		free(h);
	}
}

void as_destroy(struct as *as)
{
	struct hpage *h, *tmp;
	HASH_ITER(hh, as->pages, h, tmp)
	{
		HASH_DEL(as->pages, h);
		free(h);
	}
	free(as);
	live_as--;
}

int as_map(struct as *as, uint64_t addr, uint64_t len, int prot, uint64_t off)
{
	cr_assert((addr | len | off) % P == 0, "as_map unaligned");
	for (uint64_t i = 0; i < len; i += P) {
		drop_page(as, addr + i);
		struct hpage *h = malloc(sizeof(*h));
		cr_assert_not_null(h);
		h->addr = addr + i;
		h->off = off + i;
		h->prot = prot;
		HASH_ADD(hh, as->pages, addr, sizeof(h->addr), h);
	}
	return 0;
}

int as_unmap(struct as *as, uint64_t addr, uint64_t len)
{
	for (uint64_t i = 0; i < len; i += P)
		drop_page(as, addr + i);
	return 0;
}

int as_protect(struct as *as, uint64_t addr, uint64_t len, int prot)
{
	for (uint64_t i = 0; i < len; i += P) {
		uint64_t a = addr + i;
		struct hpage *h;
		HASH_FIND(hh, as->pages, &a, sizeof(a), h);
		/* mprotect of an unmapped page fails with ENOMEM on the host. */
		cr_expect_not_null(h, "as_protect of unmapped %#lx", (unsigned long)a);
		if (!h)
			return -ENOMEM;
		h->prot = prot;
	}
	return 0;
}

/* ---- checks ---- */

/* The host mappings of @m are exactly its pmas, each page at its
 * memory-file page with vma_host_prot. */
static void check_host_(struct mm *m, int line)
{
	uint64_t pages = 0;
	struct pma *p;
	RB_FOREACH(p, pma_tree, &m->pmas)
	{
		for (uint64_t a = p->start; a < p->end; a += P) {
			struct vma *v = mm_find_vma(m, a);
			cr_expect_not_null(v, "line %d: pma page %#lx outside vmas", line,
					   (unsigned long)a);
			struct hpage *h;
			HASH_FIND(hh, m->as->pages, &a, sizeof(a), h);
			cr_expect_not_null(h, "line %d: pma page %#lx not mapped", line,
					   (unsigned long)a);
			pages++;
			if (!v || !h)
				continue;
			uint64_t off = p->off + (a - p->start);
			cr_expect_eq(h->off, off, "line %d: %#lx maps %#lx, want %#lx", line,
				     (unsigned long)a, (unsigned long)h->off, (unsigned long)off);
			cr_expect_eq(h->prot, vma_host_prot(v, p),
				     "line %d: %#lx has host prot %d, want %d (cow %d)", line,
				     (unsigned long)a, h->prot, vma_host_prot(v, p), p->cow);
		}
	}
	cr_expect_eq(HASH_COUNT(m->as->pages), pages, "line %d: %u host pages, %lu pma pages", line,
		     HASH_COUNT(m->as->pages), (unsigned long)pages);
}
#define CHECK_HOST(m) check_host_((m), __LINE__)

/* A guest access of one byte, as the CPU makes it: through the host
 * mapping, faulting into the sentry when it is missing or forbids it. */
static int guest_access(struct mm *m, uint64_t addr, bool write, char *byte)
{
	for (int tries = 0; tries < 4; tries++) {
		uint64_t page = addr & PAGE_MASK;
		struct hpage *h;
		HASH_FIND(hh, m->as->pages, &page, sizeof(page), h);
		/* x86: anything but PROT_NONE can be read. */
		if (h && (write ? (h->prot & PROT_WRITE) != 0 : h->prot != PROT_NONE)) {
			char *p = (char *)memfile_ptr(h->off) + (addr - page);
			if (write)
				*p = *byte;
			else
				*byte = *p;
			return 0;
		}
		int sig, code;
		if (mm_fault(m, addr, 0, h ? SEGV_ACCERR : SEGV_MAPERR, &sig, &code) < 0)
			return -EFAULT;
	}
	cr_expect_fail("fault at %#lx resolved but the access still fails", (unsigned long)addr);
	return -EFAULT;
}

static void gwrite(struct mm *m, uint64_t addr, char c)
{
	cr_assert_eq(guest_access(m, addr, true, &c), 0, "guest write %#lx", (unsigned long)addr);
}

static char gread(struct mm *m, uint64_t addr)
{
	char c = 0;
	cr_assert_eq(guest_access(m, addr, false, &c), 0, "guest read %#lx", (unsigned long)addr);
	return c;
}

static void setup(void)
{
	mm_setup();
	mm->as = model_new();
}

static void teardown(void)
{
	cr_expect_eq(live_as, 0, "address spaces not destroyed");
	mm_teardown();
}

TestSuite(hostmap, .init = setup, .fini = teardown);

/* ---- tests ---- */

Test(hostmap, mmap_munmap_mprotect)
{
	map_fixed(X, 8 * P, RW);
	CHECK_HOST(mm);
	cr_assert_eq(mm_mprotect(mm, X + 2 * P, 2 * P, PROT_READ), 0);
	CHECK_HOST(mm);
	cr_assert_eq(mm_munmap(mm, X + 5 * P, P), 0);
	CHECK_HOST(mm);
	cr_assert_eq(mm_mprotect(mm, X, 8 * P, PROT_NONE), -ENOMEM);
	CHECK_HOST(mm);
	map_fixed(X + 4 * P, 2 * P, PROT_READ | PROT_EXEC);
	CHECK_HOST(mm);
	gwrite(mm, X + 7 * P, 'q');
	cr_expect_eq(guest_access(mm, X + P, true, &(char){'x'}), -EFAULT);
	cr_expect_eq(guest_access(mm, X + 5 * P, true, &(char){'x'}), -EFAULT);
	cr_expect_eq(guest_access(mm, X + 9 * P, false, &(char){0}), -EFAULT);
	mm_drop_checked();
}

Test(hostmap, lazy_fill_by_faults)
{
	int64_t big = mm_mmap(mm, 0, 2UL << 30, RW, ANON, 0, NULL, 0);
	cr_assert_gt(big, 0);
	cr_assert_eq(mm_mmap(mm, X, 4 * P, PROT_NONE, ANON | MAP_FIXED, 0, NULL, 0), (int64_t)X);
	CHECK_HOST(mm);
	cr_expect_eq(HASH_COUNT(mm->as->pages), 0);
	gwrite(mm, (uint64_t)big + (3UL << 20) + 17, 'z');
	CHECK_HOST(mm);
	cr_expect_eq(HASH_COUNT(mm->as->pages), FAULT_CHUNK / P);
	cr_expect_eq(gread(mm, (uint64_t)big + (3UL << 20) + 17), 'z');
	/* A reservation faults as SEGV_ACCERR until it is made accessible. */
	cr_expect_eq(guest_access(mm, X, false, &(char){0}), -EFAULT);
	cr_assert_eq(mm_mprotect(mm, X, 4 * P, RW), 0);
	gwrite(mm, X + 3 * P, 'r');
	CHECK_HOST(mm);
	mm_drop_checked();
}

Test(hostmap, mremap_moves_host_mappings)
{
	map_fixed(X, 2 * P, RW);
	map_fixed(X + 2 * P, P, PROT_READ);
	gwrite(mm, X + P, 'm');
	int64_t to = mm_mremap(mm, X, 2 * P, 4 * P, MREMAP_MAYMOVE, 0);
	cr_assert_gt(to, 0);
	CHECK_HOST(mm);
	cr_expect_eq(gread(mm, (uint64_t)to + P), 'm');
	gwrite(mm, (uint64_t)to + 3 * P, 'n');
	CHECK_HOST(mm);
	cr_expect_eq(guest_access(mm, X + P, false, &(char){0}), -EFAULT);
	to = mm_mremap(mm, (uint64_t)to, 4 * P, 4 * P, MREMAP_MAYMOVE | MREMAP_FIXED, X + 8 * P);
	cr_assert_eq(to, (int64_t)(X + 8 * P));
	CHECK_HOST(mm);
	cr_expect_eq(gread(mm, X + 9 * P), 'm');
	mm_drop_checked();
}

Test(hostmap, dontneed_unmaps)
{
	map_fixed(X, 4 * P, RW);
	gwrite(mm, X + P, 'd');
	cr_assert_eq(mm_dontneed(mm, X, 2 * P), 0);
	CHECK_HOST(mm);
	cr_expect_eq(gread(mm, X + P), 0);
	CHECK_HOST(mm);
	mm_drop_checked();
}

Test(hostmap, fork_isolates_both_ways)
{
	map_fixed(X, 4 * P, RW);
	gwrite(mm, X, 'a');
	gwrite(mm, X + 3 * P, 'a');
	struct mm *child = mm_fork(mm);
	cr_assert_not_null(child);
	CHECK_HOST(mm);
	CHECK_HOST(child);
	gwrite(mm, X, 'p');
	gwrite(child, X + 3 * P, 'c');
	CHECK_HOST(mm);
	CHECK_HOST(child);
	cr_expect_eq(gread(child, X), 'a');
	cr_expect_eq(gread(mm, X + 3 * P), 'a');
	cr_expect_eq(gread(mm, X), 'p');
	cr_expect_eq(gread(child, X + 3 * P), 'c');
	mm_put(child);
	mm_drop_checked();
}

Test(hostmap, fork_protects_every_vma_of_a_run)
{
	/* One run of pages split into vmas by mprotect, as RELRO does to a
	 * data segment or a guard page to a thread stack: each writable vma
	 * must lose write access in the parent, not only the first one
	 * the run meets. */
	map_fixed(X, 4 * P, RW);
	cr_assert_eq(mm_mprotect(mm, X, P, PROT_READ), 0);
	cr_assert_eq(mm_mprotect(mm, X + 2 * P, P, RW | PROT_EXEC), 0);
	CHECK_VMAS(mm, {X, X + P, PROT_READ}, {X + P, X + 2 * P, RW},
		   {X + 2 * P, X + 3 * P, RW | PROT_EXEC}, {X + 3 * P, X + 4 * P, RW});
	gwrite(mm, X + P, 'a');
	gwrite(mm, X + 2 * P, 'a');
	gwrite(mm, X + 3 * P, 'a');
	struct mm *child = mm_fork(mm);
	cr_assert_not_null(child);
	CHECK_HOST(mm);
	CHECK_HOST(child);
	gwrite(mm, X + P, 'p');
	gwrite(mm, X + 2 * P, 'p');
	gwrite(mm, X + 3 * P, 'p');
	for (int i = 1; i < 4; i++)
		cr_expect_eq(gread(child, X + i * P), 'a', "page %d", i);
	CHECK_HOST(mm);
	CHECK_HOST(child);
	mm_put(child);
	mm_drop_checked();
}

Test(hostmap, fork_of_a_fork)
{
	map_fixed(X, 2 * P, RW);
	gwrite(mm, X, '0');
	struct mm *c1 = mm_fork(mm);
	cr_assert_not_null(c1);
	gwrite(c1, X, '1');
	struct mm *c2 = mm_fork(c1);
	cr_assert_not_null(c2);
	gwrite(c2, X + P, '2');
	gwrite(c1, X + P, '1');
	CHECK_HOST(mm);
	CHECK_HOST(c1);
	CHECK_HOST(c2);
	cr_expect_eq(gread(mm, X), '0');
	cr_expect_eq(gread(mm, X + P), 0);
	cr_expect_eq(gread(c1, X), '1');
	cr_expect_eq(gread(c1, X + P), '1');
	cr_expect_eq(gread(c2, X), '1');
	cr_expect_eq(gread(c2, X + P), '2');
	mm_put(c1);
	gwrite(c2, X, '2');
	cr_expect_eq(gread(mm, X), '0');
	CHECK_HOST(c2);
	mm_put(c2);
	mm_drop_checked();
}

Test(hostmap, fork_shared_memory)
{
	cr_assert_eq(mm_mmap(mm, X, 2 * P, RW, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, 0, NULL, 0),
		     (int64_t)X);
	map_fixed(X + 2 * P, P, RW); /* private, right after: one run */
	struct mm *child = mm_fork(mm);
	cr_assert_not_null(child);
	CHECK_HOST(mm);
	CHECK_HOST(child);
	gwrite(child, X + P, 's');
	cr_expect_eq(gread(mm, X + P), 's');
	gwrite(mm, X + 2 * P, 'p');
	cr_expect_eq(gread(child, X + 2 * P), 0);
	CHECK_HOST(mm);
	CHECK_HOST(child);
	mm_put(child);
	mm_drop_checked();
}

Test(hostmap, fork_dontfork_next_to_private)
{
	/* One run split into a MADV_DONTFORK part and a private part: only
	 * the private part becomes copy-on-write.  The other stays the
	 * parent's alone, writable, also after MADV_DOFORK and a second
	 * fork, which must then protect it. */
	map_fixed(X, 4 * P, RW);
	cr_assert_eq(mm_set_vma_flags(mm, X, 2 * P, VMA_DONTFORK, 0), 0);
	gwrite(mm, X, 'a');
	gwrite(mm, X + 2 * P, 'a');
	struct mm *c1 = mm_fork(mm);
	cr_assert_not_null(c1);
	CHECK_HOST(mm);
	CHECK_HOST(c1);
	cr_expect_not(mm_find_pma(mm, X)->cow);
	cr_expect(mm_find_pma(mm, X + 2 * P)->cow);
	mm_put(c1);

	cr_assert_eq(mm_set_vma_flags(mm, X, 2 * P, 0, VMA_DONTFORK), 0);
	struct mm *c2 = mm_fork(mm);
	cr_assert_not_null(c2);
	CHECK_HOST(mm);
	CHECK_HOST(c2);
	gwrite(mm, X, 'p');
	cr_expect_eq(gread(c2, X), 'a');
	mm_put(c2);
	mm_drop_checked();
}

Test(hostmap, fork_wipeonfork_next_to_private)
{
	map_fixed(X, 4 * P, RW);
	cr_assert_eq(mm_set_vma_flags(mm, X + 2 * P, 2 * P, VMA_WIPEONFORK, 0), 0);
	gwrite(mm, X, 'a');
	gwrite(mm, X + 3 * P, 'w');
	struct mm *child = mm_fork(mm);
	cr_assert_not_null(child);
	CHECK_HOST(mm);
	CHECK_HOST(child);
	cr_expect_eq(gread(child, X + 3 * P), 0);
	cr_expect_eq(gread(child, X), 'a');
	gwrite(mm, X + 3 * P, 'x');
	cr_expect_eq(gread(mm, X + 3 * P), 'x');
	CHECK_HOST(mm);
	mm_put(child);
	mm_drop_checked();
}
