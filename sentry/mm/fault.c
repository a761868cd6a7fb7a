/* Guest page faults: fill-in of lazily backed memory, copy-on-write, stack
 * growth; and the verdict when the access is not allowed (mm/memory.c,
 * arch/x86/mm/fault.c). */
#include "mm_impl.h"

#include <errno.h>
#include <signal.h>
#include <sys/mman.h>

uint64_t mm_mmap_min_addr = 4096;

/* Linux's stack_guard_gap: 256 pages between a growing stack and the
 * mapping below it. */
#define STACK_GUARD_GAP (256UL * PAGE_SIZE)

/* Grow a MAP_GROWSDOWN vma down to cover @addr if Linux would. */
struct vma *mm_expand_stack(struct mm *mm, uint64_t addr)
{
	struct vma *v = mm_find_vma_after(mm, addr);
	if (!v || !(v->flags & VMA_GROWSDOWN) || v->start <= addr)
		return NULL;
	uint64_t page = addr & PAGE_MASK;
	if (v->end - page > mm->stack_limit)
		return NULL;
	if (!mm_may_expand(mm, (v->start - page) >> PAGE_SHIFT))
		return NULL; /* RLIMIT_AS (acct_stack_growth) */
	struct vma *prev = RB_PREV(vma_tree, &mm->vmas, v);
	if (prev && prev->end + STACK_GUARD_GAP > page)
		return NULL;
	mm->total_pages += (v->start - page) >> PAGE_SHIFT;
	v->start = page;
	return v;
}

int mm_fault(struct mm *mm, uint64_t addr, uint64_t ip, int host_code, int *sig, int *code)
{
	*sig = SIGSEGV;
	*code = SEGV_MAPERR;
	if (addr >= TASK_SIZE)
		return -EFAULT;
	struct vma *v = mm_find_vma(mm, addr);
	if (!v)
		v = mm_expand_stack(mm, addr);
	if (!v)
		return -EFAULT;
	*code = SEGV_ACCERR;
	if (v->prot == PROT_NONE)
		return -EFAULT;
	bool exec_fault = addr >= ip && addr < ip + 16;
	if (exec_fault && !(v->prot & PROT_EXEC))
		return -EFAULT;
	struct pma *p = mm_find_pma(mm, addr);
	if (!p) {
		int r = mm_populate(mm, v, addr, true);
		if (r == -ENOMEM || r == -ENXIO) {
			/* Out of memory, or a file page past the end of the file. */
			*sig = SIGBUS;
			*code = BUS_ADRERR;
		}
		return r;
	}
	if (p->cow && (v->prot & PROT_WRITE) && !(v->flags & VMA_SHARED)) {
		int r = mm_break_cow(mm, v, p, addr);
		if (r < 0) {
			*sig = SIGBUS;
			*code = BUS_ADRERR;
		}
		return r;
	}
	/* Mapped with all the vma allows.  The fault may be stale: another
	 * thread filled the page in (host saw no mapping) or made it
	 * writable after this fault was taken. */
	if (host_code == SEGV_MAPERR)
		return 0;
	if ((v->prot & PROT_WRITE) && !exec_fault)
		return 0;
	return -EFAULT;
}
