/* Copies between the sentry and guest memory, through the sentry's mapping
 * of the memory file.  Every byte is checked against the vmas; an unmapped
 * or forbidden byte gives -EFAULT, never a sentry fault.  A write into a
 * copy-on-write page copies it first, as the kernel's own write fault would. */
#include "mm_impl.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>

/* Find the memory behind guest @addr for an access of up to @want bytes;
 * returns a pointer and sets *avail to the bytes usable from there. */
static void *user_ptr(struct mm *mm, uint64_t addr, size_t want, bool write, size_t *avail,
		      bool force)
{
	struct vma *v = mm_find_vma(mm, addr);
	if (!v)
		v = mm_expand_stack(mm, addr);
	if (!v)
		return NULL;
	if (!force && (write ? !(v->prot & PROT_WRITE) : v->prot == PROT_NONE))
		return NULL;
	struct pma *p = mm_find_pma(mm, addr);
	if (!p) {
		if (mm_populate(mm, v, addr, write) < 0)
			return NULL;
		p = mm_find_pma(mm, addr);
		if (!p)
			return NULL;
	}
	if (write && p->cow && !(v->flags & VMA_SHARED)) {
		if (mm_break_cow(mm, v, p, addr) < 0)
			return NULL;
		p = mm_find_pma(mm, addr);
		if (!p)
			return NULL;
	}
	uint64_t end = p->end < v->end ? p->end : v->end;
	size_t n = end - addr;
	*avail = n < want ? n : want;
	return memfile_ptr(p->off + (addr - p->start));
}

static bool range_ok(uint64_t addr, size_t n)
{
	return addr < TASK_SIZE && n <= TASK_SIZE - addr;
}

int copy_from_user(struct mm *mm, void *dst, uint64_t src, size_t n)
{
	if (n == 0)
		return 0;
	if (!range_ok(src, n))
		return -EFAULT;
	char *d = dst;
	while (n) {
		size_t chunk;
		void *p = user_ptr(mm, src, n, false, &chunk, false);
		if (!p)
			return -EFAULT;
		memcpy(d, p, chunk);
		d += chunk;
		src += chunk;
		n -= chunk;
	}
	return 0;
}

static int copy_out(struct mm *mm, uint64_t dst, const void *src, size_t n, bool force)
{
	if (n == 0)
		return 0;
	if (!range_ok(dst, n))
		return -EFAULT;
	const char *s = src;
	while (n) {
		size_t chunk;
		void *p = user_ptr(mm, dst, n, true, &chunk, force);
		if (!p)
			return -EFAULT;
		memcpy(p, s, chunk);
		s += chunk;
		dst += chunk;
		n -= chunk;
	}
	return 0;
}

int copy_to_user(struct mm *mm, uint64_t dst, const void *src, size_t n)
{
	return copy_out(mm, dst, src, n, false);
}

int mm_poke(struct mm *mm, uint64_t dst, const void *src, size_t n)
{
	return copy_out(mm, dst, src, n, true);
}

int mm_poke_u64(struct mm *mm, uint64_t dst, uint64_t val)
{
	size_t chunk;
	if ((dst & 7) || !range_ok(dst, 8))
		return -EFAULT;
	uint64_t *p = user_ptr(mm, dst, 8, true, &chunk, true);
	if (!p || chunk < 8)
		return -EFAULT;
	__atomic_store_n(p, val, __ATOMIC_SEQ_CST);
	return 0;
}

int clear_user(struct mm *mm, uint64_t dst, size_t n)
{
	if (n == 0)
		return 0;
	if (!range_ok(dst, n))
		return -EFAULT;
	while (n) {
		size_t chunk;
		void *p = user_ptr(mm, dst, n, true, &chunk, false);
		if (!p)
			return -EFAULT;
		memset(p, 0, chunk);
		dst += chunk;
		n -= chunk;
	}
	return 0;
}

long strncpy_from_user(struct mm *mm, char *dst, uint64_t src, size_t max)
{
	size_t done = 0;
	if (src >= TASK_SIZE)
		return -EFAULT;
	while (done < max) {
		size_t chunk;
		size_t want = max - done;
		if (want > TASK_SIZE - src)
			want = TASK_SIZE - src;
		if (want == 0)
			return -EFAULT;
		const char *p = user_ptr(mm, src, want, false, &chunk, false);
		if (!p)
			return -EFAULT;
		const char *nul = memchr(p, 0, chunk);
		size_t take = nul ? (size_t)(nul - p) + 1 : chunk;
		memcpy(dst + done, p, take);
		done += take;
		if (nul)
			return (long)(done - 1);
		src += chunk;
	}
	return -ENAMETOOLONG;
}

uint32_t *user_u32_ptr(struct mm *mm, uint64_t addr, bool write)
{
	size_t avail;
	if (addr & 3 || !range_ok(addr, sizeof(uint32_t)))
		return NULL;
	void *p = user_ptr(mm, addr, sizeof(uint32_t), write, &avail, false);
	return p && avail == sizeof(uint32_t) ? p : NULL;
}

int mm_futex_key(struct mm *mm, uint64_t addr, uint64_t *a, uint64_t *b)
{
	struct vma *v = mm_find_vma(mm, addr);
	if (!v)
		return -EFAULT;
	if (v->flags & VMA_SHARED) {
		/* Shared memory: the page itself, whoever maps it where. */
		struct pma *p = mm_find_pma(mm, addr);
		if (!p) {
			if (mm_populate(mm, v, addr, false) < 0)
				return -EFAULT;
			p = mm_find_pma(mm, addr);
			if (!p)
				return -EFAULT;
		}
		*a = 0;
		*b = p->off + (addr - p->start);
		return 0;
	}
	*a = (uint64_t)(uintptr_t)mm;
	*b = addr;
	return 0;
}
