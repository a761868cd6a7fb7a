/* Memory syscalls (mm/mmap.c, mm/mprotect.c, mm/mremap.c, mm/madvise.c):
 * argument checks here, the work in sentry/mm. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/mman.h>
#include <sys/mman.h>

#include <fcntl.h>

#include "../../abi/uapi_extra.h"
#include "../fs/fdtable.h"
#include "../fs/file.h"
#include "../fs/tmpfs.h"
#include "../kernel/task.h"
#include "../mm/mm.h"
#include "syscalls.h"

/* The caller's RLIMIT_AS holds for what it maps now. */
static struct mm *mapping_mm(struct task *t)
{
	t->mm->as_limit = t->tg->rlim[RLIMIT_AS].rlim_cur;
	return t->mm;
}

SYSCALL(brk)
{
	return (long)mm_brk(mapping_mm(t), a[0]);
}

/* Flags mmap knows (include/linux/mman.h LEGACY_MAP_MASK plus the
 * validated ones). */
#define MAP_KNOWN                                                                                  \
	(MAP_SHARED | MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS | MAP_DENYWRITE | MAP_EXECUTABLE |  \
	 MAP_UNINITIALIZED | MAP_GROWSDOWN | MAP_LOCKED | MAP_NORESERVE | MAP_POPULATE |           \
	 MAP_NONBLOCK | MAP_STACK | MAP_HUGETLB | MAP_32BIT | MAP_FIXED_NOREPLACE | MAP_SYNC |      \
	 (0x3fU << MAP_HUGE_SHIFT))

SYSCALL(mmap)
{
	uint64_t addr = a[0], len = a[1], off = a[5];
	int prot = (int)a[2], flags = (int)a[3];
	if (off & ~PAGE_MASK)
		return -EINVAL;
	if (len == 0)
		return -EINVAL;
	if (PAGE_ALIGN_UP(len) == 0 || PAGE_ALIGN_UP(len) > TASK_SIZE)
		return -ENOMEM;
	int type = flags & MAP_TYPE;
	if (type == MAP_SHARED_VALIDATE) {
		if (flags & ~MAP_KNOWN)
			return -EOPNOTSUPP;
		if (flags & MAP_SYNC)
			return -EOPNOTSUPP; /* no DAX here */
	} else if (type != MAP_SHARED && type != MAP_PRIVATE) {
		return -EINVAL;
	}
	/* Anonymous memory knows only MAP_SHARED and MAP_PRIVATE. */
	if ((flags & MAP_ANONYMOUS) && type == MAP_SHARED_VALIDATE)
		return -EINVAL;
	if (flags & MAP_HUGETLB)
		return -ENOMEM; /* no huge pages are reserved for the sandbox */
	unsigned vflags = 0;
	if (flags & MAP_LOCKED)
		vflags |= VMA_LOCKED;
	if (flags & MAP_ANONYMOUS)
		return mm_mmap(mapping_mm(t), addr, len, prot, flags, vflags, NULL, 0);
	struct file *f = fd_get(t->files, (int)a[4]);
	if (!f)
		return -EBADF;
	return do_mmap_file(t, f, addr, len, prot, flags, vflags, off);
}

/* mmap of a file (mm/mmap.c do_mmap's file checks). */
long do_mmap_file(struct task *t, struct file *f, uint64_t addr, uint64_t len, int prot, int flags,
		  unsigned vflags, uint64_t off)
{
	int acc = f->flags & O_ACCMODE;
	if (f->ops && f->ops->mmap_anon) /* /dev/zero: anonymous memory */
		return mm_mmap(mapping_mm(t), addr, len, prot, flags | MAP_ANONYMOUS, vflags, NULL,
			       0);
	if (!f->ops || !f->ops->get_page)
		return -ENODEV;
	if (acc == O_WRONLY)
		return -EACCES;
	bool shared = (flags & MAP_TYPE) != MAP_PRIVATE;
	if (shared && (prot & PROT_WRITE) && acc != O_RDWR)
		return -EACCES;
	if (shared && (prot & PROT_WRITE) && (f->flags & O_APPEND))
		return -EACCES;
	if (shared && (prot & PROT_WRITE) && f->inode && is_tmpfs_inode(f->inode) &&
	    (tmpfs_i(f->inode)->seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE)))
		return -EPERM;
	bool noexec = f->path.mnt && (f->path.mnt->flags & MNT_NOEXEC);
	if ((prot & PROT_EXEC) && noexec)
		return -EPERM;
	if (off + PAGE_ALIGN_UP(len) < off)
		return -EOVERFLOW;
	int64_t r = mm_mmap(mapping_mm(t), addr, len, prot, flags, vflags, f, off);
	if (r >= 0) {
		struct vma *v = mm_find_vma(t->mm, (uint64_t)r);
		if (v && v->file == f) {
			v->maxprot = PROT_READ | PROT_WRITE | PROT_EXEC;
			if (shared && acc != O_RDWR)
				v->maxprot &= ~PROT_WRITE;
			/* A write-sealed memfd: no mprotect to writable either
			 * (memfd_check_seals_mmap clears VM_MAYWRITE). */
			if (shared && f->inode && is_tmpfs_inode(f->inode) &&
			    (tmpfs_i(f->inode)->seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE)))
				v->maxprot &= ~PROT_WRITE;
			if (noexec)
				v->maxprot &= ~PROT_EXEC;
		}
	}
	return r;
}

SYSCALL(munmap)
{
	return mm_munmap(t->mm, a[0], a[1]);
}

SYSCALL(mprotect)
{
	uint64_t start = a[0], len = a[1];
	int prot = (int)a[2];
	int grows = prot & (PROT_GROWSDOWN | PROT_GROWSUP);
	prot &= ~grows;
	if (grows == (PROT_GROWSDOWN | PROT_GROWSUP))
		return -EINVAL;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM))
		return -EINVAL;
	prot &= ~PROT_SEM;
	if (start & ~PAGE_MASK)
		return -EINVAL;
	if (grows == PROT_GROWSDOWN) {
		struct vma *v = mm_find_vma(t->mm, start);
		if (!v)
			return -ENOMEM;
		if (!(v->flags & VMA_GROWSDOWN))
			return -EINVAL;
		len += start - v->start;
		start = v->start;
	} else if (grows) {
		return -EINVAL; /* no VM_GROWSUP on x86 */
	}
	return mm_mprotect(t->mm, start, len, prot);
}

/* Memory protection keys, as Linux offers them on a CPU without them
 * (no X86_FEATURE_OSPKE): no key is ever allocated, pkey_alloc fails with
 * EINVAL (arch_set_user_pkey_access refuses the one it would hand out),
 * pkey_free and pkey_mprotect take no key but -1, the latter then being
 * mprotect. */
#define SBX_PKEY_ACCESS_MASK 0x3 /* PKEY_DISABLE_ACCESS | PKEY_DISABLE_WRITE */

SYSCALL(pkey_mprotect)
{
	int pkey = (int)a[3];
	if (pkey != -1) {
		/* do_mprotect_pkey checks the key after the range. */
		if (a[0] & ~PAGE_MASK)
			return -EINVAL;
		if (!a[1])
			return 0;
		return -EINVAL;
	}
	return sys_mprotect(t, a);
}

SYSCALL(pkey_alloc)
{
	(void)t;
	if (a[0] || (a[1] & ~(uint64_t)SBX_PKEY_ACCESS_MASK))
		return -EINVAL;
	return -EINVAL;
}

SYSCALL(pkey_free)
{
	(void)t;
	(void)a;
	return -EINVAL;
}

SYSCALL(mremap)
{
	return mm_mremap(mapping_mm(t), a[0], a[1], a[2], (int)a[3], a[4]);
}

static bool advice_known(int advice)
{
	switch (advice) {
	case MADV_NORMAL:
	case MADV_RANDOM:
	case MADV_SEQUENTIAL:
	case MADV_WILLNEED:
	case MADV_DONTNEED:
	case MADV_FREE:
	case MADV_REMOVE:
	case MADV_DONTFORK:
	case MADV_DOFORK:
	case MADV_MERGEABLE:
	case MADV_UNMERGEABLE:
	case MADV_HUGEPAGE:
	case MADV_NOHUGEPAGE:
	case MADV_DONTDUMP:
	case MADV_DODUMP:
	case MADV_WIPEONFORK:
	case MADV_KEEPONFORK:
	case MADV_COLD:
	case MADV_PAGEOUT:
	case MADV_POPULATE_READ:
	case MADV_POPULATE_WRITE:
	case MADV_HWPOISON:
	case MADV_SOFT_OFFLINE:
		return true;
	default:
		return false;
	}
}

/* Is all of [start, end) covered by vmas? */
static bool range_mapped(struct mm *mm, uint64_t start, uint64_t end)
{
	uint64_t cur = start;
	for (struct vma *v = mm_find_vma_after(mm, start); v && v->start < end;
	     v = mm_find_vma_after(mm, v->end)) {
		if (v->start > cur)
			return false;
		cur = v->end;
	}
	return cur >= end;
}

/* MADV_WIPEONFORK and MADV_REMOVE apply to one kind of memory only: every
 * vma of [start, end) must be private anonymous (wipe) or shared (remove);
 * -EINVAL otherwise, checked before anything changes. */
static int check_kind(struct mm *mm, uint64_t start, uint64_t end, bool want_shared)
{
	for (struct vma *v = mm_find_vma_after(mm, start); v && v->start < end;
	     v = mm_find_vma_after(mm, v->end)) {
		bool shared = v->flags & VMA_SHARED;
		if (want_shared ? !shared : (shared || v->file))
			return -EINVAL;
	}
	return 0;
}

/* MADV_POPULATE_*: every vma must allow the access (-EFAULT), the range
 * must be mapped (-ENOMEM); then touch it in. */
static int populate(struct mm *mm, uint64_t start, uint64_t end, bool write)
{
	for (struct vma *v = mm_find_vma_after(mm, start); v && v->start < end;
	     v = mm_find_vma_after(mm, v->end)) {
		if (write ? !(v->prot & PROT_WRITE) : v->prot == PROT_NONE)
			return -EFAULT;
	}
	if (!range_mapped(mm, start, end))
		return -ENOMEM;
	char byte;
	for (uint64_t p = start; p < end; p += PAGE_SIZE) {
		if (copy_from_user(mm, &byte, p, 1) < 0 ||
		    (write && copy_to_user(mm, p, &byte, 1) < 0))
			return -EFAULT;
	}
	return 0;
}

/* MADV_REMOVE on shared memory: the contents are gone for every process
 * that maps it; the pages read back as zeros. */
static int remove_shared(struct mm *mm, uint64_t start, uint64_t end)
{
	if (!range_mapped(mm, start, end))
		return -ENOMEM;
	return clear_user(mm, start, end - start) < 0 ? -EFAULT : 0;
}

long madvise_range(struct mm *mm, uint64_t start, uint64_t len_in, int advice)
{
	if (!advice_known(advice))
		return -EINVAL;
	if (start & ~PAGE_MASK)
		return -EINVAL;
	uint64_t len = PAGE_ALIGN_UP(len_in);
	if (len_in && !len)
		return -EINVAL;
	uint64_t end = start + len;
	if (end < start)
		return -EINVAL;
	if (advice == MADV_HWPOISON || advice == MADV_SOFT_OFFLINE)
		return -EPERM;
	if (end == start)
		return 0;
	switch (advice) {
	case MADV_DONTNEED:
	case MADV_FREE:
		return mm_dontneed(mm, start, len);
	case MADV_DONTFORK:
		return mm_set_vma_flags(mm, start, len, VMA_DONTFORK, 0);
	case MADV_DOFORK:
		return mm_set_vma_flags(mm, start, len, 0, VMA_DONTFORK);
	case MADV_WIPEONFORK: {
		int r = check_kind(mm, start, end, false);
		return r < 0 ? r : mm_set_vma_flags(mm, start, len, VMA_WIPEONFORK, 0);
	}
	case MADV_REMOVE: {
		int r = check_kind(mm, start, end, true);
		return r < 0 ? r : remove_shared(mm, start, end);
	}
	case MADV_POPULATE_READ:
	case MADV_POPULATE_WRITE:
		return populate(mm, start, end, advice == MADV_POPULATE_WRITE);
	case MADV_KEEPONFORK:
		return mm_set_vma_flags(mm, start, len, 0, VMA_WIPEONFORK);
	case MADV_DONTDUMP:
		return mm_set_vma_flags(mm, start, len, VMA_DONTDUMP, 0);
	case MADV_DODUMP:
		return mm_set_vma_flags(mm, start, len, 0, VMA_DONTDUMP);
	default:
		/* Hints: nothing to do, but the range must be mapped. */
		return range_mapped(mm, start, end) ? 0 : -ENOMEM;
	}
}

SYSCALL(madvise)
{
	return madvise_range(t->mm, a[0], a[1], (int)a[2]);
}
