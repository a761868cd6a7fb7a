/* Patching guest syscall instructions (syscall_patch.h has the rules). */
#include "syscall_patch.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "../../platform/platform.h"
#include "../../util/log.h"
#include "../fs/tmpfs.h"
#include "../fs/vfs.h"
#include "../fs/file.h"
#include "mm_impl.h"

#include <uthash.h>

/* A site seen trapping: patched (idx >= 0) once it trapped PATCH_AFTER
 * times, a candidate before. */
struct patch_site {
	uint64_t site;
	uint8_t orig[7];
	uint8_t traps;
	bool never; /* single-stepped there: left alone */
	int16_t idx;
	UT_hash_handle hh;
};

/* Traps at a site before it is patched: a site run once or twice (most of
 * a program's start-up) is not worth the page copy a patch costs. */
#define PATCH_AFTER    2
#define MAX_CANDIDATES 4096

struct mm_patches {
	struct patch_site *sites; /* uthash by site */
	unsigned nsites;
	unsigned next; /* table words used */
	bool area;     /* the thunk area is mapped */
	bool off;      /* no more patches */
};

/* An instruction prefix or REX byte: a site after one may be the tail of
 * a longer instruction. */
static bool prefix_byte(uint8_t b)
{
	return (b >= 0x40 && b <= 0x4f) || b == 0x66 || b == 0x67 || b == 0xf0 || b == 0xf2 ||
	       b == 0xf3 || b == 0x2e || b == 0x36 || b == 0x3e || b == 0x26 || b == 0x64 ||
	       b == 0x65;
}

int syscall_patch_match(const uint8_t bytes[8], const struct user_regs_struct *r,
			uint64_t word_at_rsp8, bool rsp8_ok)
{
	const uint8_t *insn = bytes + 1;
	if (insn[5] != 0x0f || insn[6] != 0x05 || prefix_byte(bytes[0]))
		return 0;
	if (insn[0] == 0xb8) { /* mov $imm32, %eax */
		uint32_t imm;
		memcpy(&imm, insn + 1, 4);
		return r->orig_rax == imm ? 5 : 0;
	}
	static const uint8_t mov_r9[5] = {0x4c, 0x8b, 0x4c, 0x24, 0x08}; /* mov 8(%rsp), %r9 */
	if (memcmp(insn, mov_r9, 5) == 0)
		return rsp8_ok && r->r9 == word_at_rsp8 ? 5 : 0;
	return 0;
}

void syscall_patch_jump(uint8_t out[7], unsigned idx)
{
	uint32_t addr = (uint32_t)(PATCH_TABLE + 8 * (uint64_t)idx);
	out[0] = 0xff, out[1] = 0x24, out[2] = 0x25; /* jmp *addr32 */
	memcpy(out + 3, &addr, 4);
}

void syscall_patch_thunk(uint8_t out[PATCH_THUNK_LEN], const uint8_t insn[5], uint64_t site,
			 uint64_t entry)
{
	memset(out, 0xcc, PATCH_THUNK_LEN);
	uint8_t *p = out;
	memcpy(p, insn, 5); /* the instruction the jump took the place of */
	p += 5;
	uint64_t sc = site + 5;
	*p++ = 0x48, *p++ = 0xb9; /* movabs $sc, %rcx */
	memcpy(p, &sc, 8);
	p += 8;
	*p++ = 0x49, *p++ = 0xbb; /* movabs $entry, %r11 */
	memcpy(p, &entry, 8);
	p += 8;
	*p++ = 0x41, *p++ = 0xff, *p++ = 0xe3; /* jmp *%r11 */
}

static struct mm_patches *patches_of(struct mm *mm)
{
	if (!mm->patches)
		mm->patches = calloc(1, sizeof(*mm->patches));
	return mm->patches;
}

static struct patch_site *find_site(struct mm_patches *p, uint64_t site)
{
	struct patch_site *s = NULL;
	HASH_FIND(hh, p->sites, &site, sizeof(site), s);
	return s;
}

static void drop_site(struct mm_patches *p, struct patch_site *s)
{
	HASH_DEL(p->sites, s);
	p->nsites--;
	free(s);
}

/* Write the 7 bytes at @site: with one atomic store when another thread
 * may run them, which needs them inside one aligned word. */
static int put_site(struct mm *mm, uint64_t site, const uint8_t b[7])
{
	if (mm->users <= 1)
		return mm_poke(mm, site, b, 7);
	uint64_t word = site & ~7UL;
	if (site - word > 1)
		return -EBUSY;
	uint64_t old;
	int r = copy_from_user(mm, &old, word, 8);
	if (r < 0)
		return r;
	uint8_t nb[8];
	memcpy(nb, &old, 8);
	memcpy(nb + (site - word), b, 7);
	uint64_t v;
	memcpy(&v, nb, 8);
	return mm_poke_u64(mm, word, v);
}

static bool map_area(struct mm *mm, struct mm_patches *p)
{
	if (p->area)
		return true;
	if (!mm_range_free(mm, PATCH_AREA, PATCH_AREA + PATCH_AREA_LEN) ||
	    PATCH_AREA < MMAP_MIN_ADDR) {
		p->off = true;
		return false;
	}
	int64_t r = mm_mmap(mm, PATCH_AREA, PATCH_AREA_LEN, PROT_READ | PROT_EXEC,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, 0, NULL, 0);
	if (r < 0) {
		p->off = true;
		return false;
	}
	struct vma *v = mm_find_vma(mm, PATCH_AREA);
	if (v && !v->name)
		v->name = strdup("[sbx-syscalls]");
	p->area = true;
	return true;
}

void syscall_patch_try(struct mm *mm, const struct user_regs_struct *r)
{
	uint64_t entry = platform_fast_entry();
	if (!entry || (mm->patches && mm->patches->off) || r->rip < 8 || r->rip > TASK_SIZE)
		return;
	uint64_t site = r->rip - 7;
	struct vma *v = mm_find_vma(mm, site);
	if (!v || v->end < site + 7 || !v->file || (v->flags & VMA_SHARED) ||
	    !(v->prot & PROT_EXEC) || (v->prot & PROT_WRITE) || site < PATCH_AREA + PATCH_AREA_LEN)
		return;
	/* Only code no one changes: not the sandbox's own files (a memfd, a
	 * file written in the sandbox: a private mapping of one shows later
	 * writes until it is copied, and a patch copies it), nor one open
	 * for writing. */
	const struct inode *ino = v->file->inode;
	if (!ino || is_tmpfs_inode(ino) || ino->writecount > 0)
		return;
	uint8_t b[8];
	/* Most trapping sites are no candidates: a look at their 7 bytes
	 * ends it before any other read. */
	if (copy_from_user(mm, b + 1, site, 7) < 0 || b[6] != 0x0f || b[7] != 0x05 ||
	    (b[1] != 0xb8 && b[1] != 0x4c))
		return;
	if (copy_from_user(mm, b, site - 1, 1) < 0)
		b[0] = 0x90;
	uint64_t w = 0;
	bool w_ok = b[1] == 0x4c && copy_from_user(mm, &w, r->rsp + 8, 8) == 0;
	if (syscall_patch_match(b, r, w, w_ok) != 5)
		return;
	struct mm_patches *p = patches_of(mm);
	if (!p)
		return;
	struct patch_site *s = find_site(p, site);
	if (!s) {
		if (p->nsites >= MAX_CANDIDATES || !(s = calloc(1, sizeof(*s))))
			return;
		s->site = site;
		s->idx = -1;
		memcpy(s->orig, b + 1, 7);
		HASH_ADD(hh, p->sites, site, sizeof(s->site), s);
		p->nsites++;
	}
	if (s->never)
		return;
	if (s->idx < 0) {
		if (memcmp(s->orig, b + 1, 7) != 0) {
			/* Other code there now. */
			memcpy(s->orig, b + 1, 7);
			s->traps = 0;
		}
		if (++s->traps <= PATCH_AFTER || p->next >= PATCH_MAX || !map_area(mm, p))
			return;
		unsigned idx = p->next;
		uint8_t thunk[PATCH_THUNK_LEN];
		syscall_patch_thunk(thunk, b + 1, site, entry);
		uint64_t taddr = PATCH_THUNKS + (uint64_t)idx * PATCH_THUNK_LEN;
		if (mm_poke(mm, taddr, thunk, sizeof(thunk)) < 0 ||
		    mm_poke(mm, PATCH_TABLE + 8 * (uint64_t)idx, &taddr, 8) < 0)
			return;
		p->next++;
		s->idx = (int16_t)idx;
	} else if (memcmp(s->orig, b + 1, 7) != 0) {
		return; /* the patched bytes went, and others came (MADV_DONTNEED of a remapped
			   file) */
	}
	uint8_t jump[7];
	syscall_patch_jump(jump, (unsigned)s->idx);
	if (put_site(mm, site, jump) < 0)
		s->traps = 0; /* another thread might run it: not now */
}

bool syscall_patch_sigill(struct mm *mm, struct user_regs_struct *r)
{
	if (!mm->patches || r->rip < 5)
		return false;
	struct patch_site *s = find_site(mm->patches, r->rip - 5);
	if (!s || s->idx < 0)
		return false;
	uint8_t now[7], jump[7];
	syscall_patch_jump(jump, (unsigned)s->idx);
	if (copy_from_user(mm, now, s->site, 7) < 0 || memcmp(now, jump, 7) != 0)
		return false; /* not our jump there any more */
	r->orig_rax = r->rax;
	r->rax = (uint64_t)-ENOSYS;
	r->rip = s->site + 7;
	r->rcx = r->rip;
	r->r11 = r->eflags;
	return true;
}

static void restore_site(struct mm *mm, const struct patch_site *s);

bool syscall_patch_rewind(struct mm *mm, struct user_regs_struct *r, bool unpatch)
{
	struct mm_patches *p = mm->patches;
	uint64_t entry = platform_fast_entry();
	if (!p || !p->area || !entry)
		return false;
	struct patch_site *s = NULL, *it, *tmp;
	uint64_t off = 0;
	if (r->rip == entry) {
		s = r->rcx >= 5 ? find_site(p, r->rcx - 5) : NULL;
		off = 5;
	} else if (r->rip >= PATCH_THUNKS && r->rip < PATCH_THUNKS + PATCH_MAX * PATCH_THUNK_LEN) {
		int idx = (int)((r->rip - PATCH_THUNKS) / PATCH_THUNK_LEN);
		off = (r->rip - PATCH_THUNKS) % PATCH_THUNK_LEN;
		HASH_ITER(hh, p->sites, it, tmp)
		{
			if (it->idx == idx) {
				s = it;
				break;
			}
		}
	}
	if (!s || s->idx < 0)
		return false;
	if (off == 0 && unpatch) {
		/* A single step over the jump stands for one over the first
		 * instruction: run it here (mov $imm32, %eax; mov 8(%rsp), %r9). */
		uint64_t w;
		r->rip = s->site + 5;
		if (s->orig[0] == 0xb8) {
			uint32_t imm;
			memcpy(&imm, s->orig + 1, 4);
			r->rax = imm;
		} else if (copy_from_user(mm, &w, r->rsp + 8, 8) == 0) {
			r->r9 = w;
		} else {
			r->rip = s->site;
		}
	} else if (off == 0) {
		r->rip = s->site; /* the first instruction is still to run */
	} else {
		r->rip = s->site + 5; /* it ran: the thread is at the syscall */
	}
	if (unpatch) {
		restore_site(mm, s);
		s->idx = -1;
		s->traps = 0;
		s->never = true;
	}
	return true;
}

/* Give the site its bytes back, if it still holds the jump. */
static void restore_site(struct mm *mm, const struct patch_site *s)
{
	if (s->idx < 0)
		return;
	uint8_t now[7], jump[7];
	syscall_patch_jump(jump, (unsigned)s->idx);
	if (copy_from_user(mm, now, s->site, 7) == 0 && memcmp(now, jump, 7) == 0 &&
	    put_site(mm, s->site, s->orig) < 0)
		mm_poke(mm, s->site, s->orig, 7);
}

static bool hits_area(uint64_t start, uint64_t end)
{
	return start < PATCH_AREA + PATCH_AREA_LEN && end > PATCH_AREA;
}

static void drop_all(struct mm *mm, struct mm_patches *p, uint64_t keep_start, uint64_t keep_end)
{
	struct patch_site *s, *tmp;
	HASH_ITER(hh, p->sites, s, tmp)
	{
		/* Sites inside [keep_start, keep_end) are going away. */
		if (s->site + 7 <= keep_start || s->site >= keep_end)
			restore_site(mm, s);
		drop_site(p, s);
	}
}

void syscall_patch_disable(struct mm *mm)
{
	if (!mm || !platform_fast_entry())
		return;
	struct mm_patches *p = patches_of(mm);
	if (!p)
		return;
	drop_all(mm, p, 0, 0);
	p->off = true;
}

void syscall_patch_unmap(struct mm *mm, uint64_t start, uint64_t end)
{
	struct mm_patches *p = mm->patches;
	if (!p || (!p->nsites && !p->area))
		return;
	if (p->area && hits_area(start, end)) {
		p->area = false;
		drop_all(mm, p, start, end);
		p->off = true;
		return;
	}
	struct patch_site *s, *tmp;
	HASH_ITER(hh, p->sites, s, tmp)
	{
		if (s->site + 7 > start && s->site < end)
			drop_site(p, s);
	}
}

void syscall_patch_restore(struct mm *mm, uint64_t start, uint64_t end)
{
	struct mm_patches *p = mm->patches;
	if (!p || (!p->nsites && !p->area))
		return;
	if (p->area && hits_area(start, end)) {
		syscall_patch_disable(mm);
		return;
	}
	struct patch_site *s, *tmp;
	HASH_ITER(hh, p->sites, s, tmp)
	{
		if (s->site + 7 > start && s->site < end) {
			restore_site(mm, s);
			drop_site(p, s);
		}
	}
}

int syscall_patch_fork(struct mm *child, const struct mm *parent)
{
	const struct mm_patches *p = parent->patches;
	if (!p)
		return 0;
	struct mm_patches *c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->next = p->next;
	c->area = p->area;
	c->off = p->off;
	child->patches = c;
	for (struct patch_site *s = p->sites; s; s = s->hh.next) {
		if (s->idx < 0)
			continue; /* candidates start again */
		struct patch_site *n = malloc(sizeof(*n));
		if (!n)
			return -ENOMEM;
		*n = *s;
		memset(&n->hh, 0, sizeof(n->hh));
		HASH_ADD(hh, c->sites, site, sizeof(n->site), n);
		c->nsites++;
	}
	return 0;
}

void syscall_patch_free(struct mm *mm)
{
	struct mm_patches *p = mm->patches;
	if (!p)
		return;
	struct patch_site *s, *tmp;
	HASH_ITER(hh, p->sites, s, tmp)
	{
		HASH_DEL(p->sites, s);
		free(s);
	}
	free(p);
	mm->patches = NULL;
}
