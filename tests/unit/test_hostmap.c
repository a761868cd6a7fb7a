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

/* ---- random operations against a model of the guest's view ---- */

#define WIN	64 /* pages in the window the operations work in */
#define MAXMM	4
#define NSHARED 4096

struct spage {
	int prot;	/* -1: unmapped */
	char val;	/* the byte at the start of a private page */
	int sid;	/* shared page: index in svals; -1 for private */
	unsigned flags; /* VMA_DONTFORK, VMA_WIPEONFORK */
};

struct shadow {
	struct mm *mm;
	struct spage pg[WIN];
};

static uint64_t rng_state;
static char svals[NSHARED];
static int nshared;

static unsigned rnd(unsigned n)
{
	rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)(rng_state >> 33) % n;
}

static char *page_val(struct spage *p)
{
	return p->sid >= 0 ? &svals[p->sid] : &p->val;
}

/* Every page reads as the model says, or faults where it should. */
static void check_shadow(struct shadow *s, int step)
{
	for (int i = 0; i < WIN; i++) {
		struct spage *p = &s->pg[i];
		char c = 0;
		int r = guest_access(s->mm, X + i * P, false, &c);
		if (p->prot >= 0 && p->prot != PROT_NONE) {
			cr_expect_eq(r, 0, "step %d: page %d unreadable", step, i);
			cr_expect_eq(c, *page_val(p), "step %d: page %d holds %d, want %d", step, i,
				     c, *page_val(p));
		} else {
			cr_expect_eq(r, -EFAULT, "step %d: page %d readable", step, i);
		}
	}
	CHECK_HOST(s->mm);
}

static void map_pages(struct shadow *s, unsigned a, unsigned len, int prot, bool shared)
{
	for (unsigned i = a; i < a + len; i++) {
		cr_assert_lt(nshared, NSHARED);
		s->pg[i] = (struct spage){.prot = prot, .sid = shared ? nshared++ : -1};
		if (shared)
			svals[s->pg[i].sid] = 0;
	}
}

static bool all_mapped(struct shadow *s, unsigned a, unsigned len)
{
	for (unsigned i = a; i < a + len; i++)
		if (s->pg[i].prot < 0)
			return false;
	return true;
}

static void random_ops(uint64_t seed, int steps)
{
	static const int prots[] = {PROT_NONE, PROT_READ, RW, RW, PROT_READ | PROT_EXEC};
	struct shadow sh[MAXMM];
	int n = 1;
	rng_state = seed;
	nshared = 0;
	sh[0].mm = mm;
	for (int i = 0; i < WIN; i++)
		sh[0].pg[i] = (struct spage){.prot = -1, .sid = -1};
	for (int step = 0; step < steps; step++) {
		struct shadow *s = &sh[rnd((unsigned)n)];
		unsigned a = rnd(WIN), len = 1 + rnd(8);
		if (a + len > WIN)
			len = WIN - a;
		switch (rnd(11)) {
		case 0:	  /* mmap fixed, private or shared */
		case 8: { /* (shared ones are backed at once) */
			int prot = prots[rnd(5)];
			bool shared = rnd(3) == 0;
			int fl = (shared ? MAP_SHARED : MAP_PRIVATE) | MAP_ANONYMOUS | MAP_FIXED;
			cr_assert_eq(mm_mmap(s->mm, X + a * P, len * P, prot, fl, 0, NULL, 0),
				     (int64_t)(X + a * P));
			map_pages(s, a, len, prot, shared);
			break;
		}
		case 1: /* munmap */
			cr_assert_eq(mm_munmap(s->mm, X + a * P, len * P), 0);
			for (unsigned i = a; i < a + len; i++)
				s->pg[i].prot = -1;
			break;
		case 2: { /* mprotect: Linux changes up to a hole */
			int prot = prots[rnd(5)];
			int want = 0;
			for (unsigned i = a; i < a + len; i++) {
				if (s->pg[i].prot < 0) {
					want = -ENOMEM;
					break;
				}
				s->pg[i].prot = prot;
			}
			cr_assert_eq(mm_mprotect(s->mm, X + a * P, len * P, prot), want, "step %d",
				     step);
			break;
		}
		case 3:
		case 4: { /* guest write */
			struct spage *p = &s->pg[a];
			char c = (char)(1 + rnd(255));
			bool ok = p->prot >= 0 && (p->prot & PROT_WRITE);
			cr_assert_eq(guest_access(s->mm, X + a * P, true, &c), ok ? 0 : -EFAULT,
				     "step %d: write page %u prot %d", step, a, p->prot);
			if (ok)
				*page_val(p) = c;
			break;
		}
		case 5: { /* MADV_DONTNEED: private pages read back as zeros */
			int want = 0;
			for (unsigned i = a; i < a + len; i++) {
				if (s->pg[i].prot < 0)
					want = -ENOMEM;
				else if (s->pg[i].sid < 0)
					s->pg[i].val = 0;
			}
			cr_assert_eq(mm_dontneed(s->mm, X + a * P, len * P), want, "step %d", step);
			break;
		}
		case 6: { /* mremap a whole vma to a free place */
			struct vma *v = mm_find_vma(s->mm, X + a * P);
			if (!v)
				break;
			unsigned from = (unsigned)((v->start - X) / P);
			unsigned vl = (unsigned)((v->end - v->start) / P);
			unsigned to = rnd(WIN - vl + 1);
			if (to < from + vl && from < to + vl)
				break;
			int64_t r = mm_mremap(s->mm, v->start, vl * P, vl * P,
					      MREMAP_MAYMOVE | MREMAP_FIXED, X + to * P);
			cr_assert_eq(r, (int64_t)(X + to * P), "step %d", step);
			struct spage old[WIN];
			memcpy(old, s->pg, sizeof(old));
			for (unsigned i = 0; i < vl; i++) {
				s->pg[from + i].prot = -1;
				s->pg[to + i] = old[from + i];
			}
			break;
		}
		case 7: /* fork, or drop a process */
			if (n < MAXMM && rnd(2)) {
				struct shadow *c = &sh[n++];
				*c = *s;
				c->mm = mm_fork(s->mm);
				cr_assert_not_null(c->mm);
				for (int i = 0; i < WIN; i++) {
					if (c->pg[i].flags & VMA_DONTFORK)
						c->pg[i].prot = -1;
					else if (c->pg[i].flags & VMA_WIPEONFORK)
						c->pg[i].val = 0;
				}
				CHECK_HOST(c->mm);
			} else if (n > 1) {
				mm_put(s->mm);
				*s = sh[--n];
				s = &sh[0];
			}
			break;
		case 9: { /* MADV_DONTFORK, MADV_WIPEONFORK (private only), or undo */
			if (!all_mapped(s, a, len))
				break;
			unsigned set = 0, clear = VMA_DONTFORK | VMA_WIPEONFORK;
			switch (rnd(3)) {
			case 0:
				set = VMA_DONTFORK;
				clear = 0;
				break;
			case 1:
				set = VMA_WIPEONFORK;
				clear = 0;
				for (unsigned i = a; i < a + len; i++)
					if (s->pg[i].sid >= 0)
						set = 0;
				break;
			}
			cr_assert_eq(mm_set_vma_flags(s->mm, X + a * P, len * P, set, clear), 0);
			for (unsigned i = a; i < a + len; i++)
				s->pg[i].flags = (s->pg[i].flags | set) & ~clear;
			break;
		}
		case 10: { /* mremap in place: shrink, or grow when there is room */
			struct vma *v = mm_find_vma(s->mm, X + a * P);
			if (!v)
				break;
			unsigned from = (unsigned)((v->start - X) / P);
			unsigned vl = (unsigned)((v->end - v->start) / P);
			unsigned nl = 1 + rnd(8);
			if (from + nl > WIN)
				break;
			bool room = true;
			for (unsigned i = from + vl; i < from + nl; i++)
				room = room && s->pg[i].prot < 0;
			int64_t r = mm_mremap(s->mm, v->start, vl * P, nl * P, 0, 0);
			cr_assert_eq(r, room ? (int64_t)v->start : -ENOMEM, "step %d", step);
			if (!room)
				break;
			struct spage last = s->pg[from + vl - 1];
			for (unsigned i = from + nl; i < from + vl; i++)
				s->pg[i].prot = -1;
			if (nl > vl) {
				map_pages(s, from + vl, nl - vl, last.prot, last.sid >= 0);
				for (unsigned i = from + vl; i < from + nl; i++)
					s->pg[i].flags = last.flags;
			}
			break;
		}
		}
		CHECK_HOST(s->mm);
		if (step % 50 == 0)
			for (int k = 0; k < n; k++)
				check_shadow(&sh[k], step);
	}
	for (int k = 0; k < n; k++)
		check_shadow(&sh[k], steps);
	for (int k = 1; k < n; k++)
		mm_put(sh[k].mm);
	mm = sh[0].mm;
}

Test(hostmap, random_operations)
{
	for (uint64_t seed = 1; seed <= 8; seed++) {
		random_ops(seed, 1500);
		mm_put(mm);
		cr_expect_eq(memfile_pages_in_use(), 0, "seed %lu: pages leaked",
			     (unsigned long)seed);
		mm = mm_new(model_new());
		cr_assert_not_null(mm);
		mm->mmap_base = MMAP_BASE;
	}
	mm_drop_checked();
}
