/* More memory syscalls: msync, mincore, the mlock family, membarrier,
 * and vma names for prctl(PR_SET_VMA) (mm/msync.c, mm/mincore.c,
 * mm/mlock.c, kernel/sched/membarrier.c).  process_vm_readv/writev are in
 * sys_process_vm.c, the NUMA policy calls in sys_mempolicy.c. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/membarrier.h>
#include <linux/mempolicy.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "../fs/file.h"
#include "../fs/vfs.h"
#include "../kernel/cred.h"
#include "../kernel/task.h"
#include "../mm/mm_impl.h"
#include "syscalls.h"
#include "../confine/host.h"

/* The x86-64 user address limit (TASK_SIZE_MAX) that access_ok checks:
 * the guest's own space ends lower, at TASK_SIZE. */
#define TASK_SIZE_MAX 0x7ffffffff000UL

static bool access_ok(uint64_t addr, uint64_t len)
{
	return len <= TASK_SIZE_MAX && addr <= TASK_SIZE_MAX - len;
}

/* --- vma names (madvise_set_anon_name) --- */

int mm_set_anon_name(struct mm *mm, uint64_t start, uint64_t len_in, const char *name)
{
	if (start & ~PAGE_MASK)
		return -EINVAL;
	uint64_t len = PAGE_ALIGN_UP(len_in);
	if (len_in && !len)
		return -EINVAL; /* rounded up from a negative size */
	uint64_t end = start + len;
	if (end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	int err = 0;
	uint64_t cur = start;
	for (struct vma *v = mm_find_vma_after(mm, start); v && v->start < end;) {
		if (v->start > cur)
			err = -ENOMEM; /* a hole: go on, report it at the end */
		/* Only anonymous memory has a name to set. */
		if (v->file)
			return -EBADF;
		uint64_t s = v->start > start ? v->start : start;
		uint64_t e = v->end < end ? v->end : end;
		bool same = (!v->name && !name) || (v->name && name && !strcmp(v->name, name));
		/* The heap and the stack keep their names: /proc shows them as
		 * [heap] and [stack] whatever name they are given. */
		if (!same && !(v->name && v->name[0] == '[')) {
			char *copy = name ? strdup(name) : NULL;
			if (name && !copy)
				return -ENOMEM;
			if (v->start < s && !(v = vma_split(mm, v, s))) {
				free(copy);
				return -ENOMEM;
			}
			if (v->end > e && !vma_split(mm, v, e)) {
				free(copy);
				return -ENOMEM;
			}
			free(v->name);
			v->name = copy;
			v = vma_merge_around(mm, v);
		}
		cur = v->end;
		v = RB_NEXT(vma_tree, &mm->vmas, v);
	}
	if (cur < end)
		err = -ENOMEM;
	return err;
}

/* --- msync --- */

SYSCALL(msync)
{
	uint64_t start = a[0], len = a[1];
	int flags = (int)a[2];
	if (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC))
		return -EINVAL;
	if (start & ~PAGE_MASK)
		return -EINVAL;
	if ((flags & MS_ASYNC) && (flags & MS_SYNC))
		return -EINVAL;
	len = PAGE_ALIGN_UP(len);
	uint64_t end = start + len;
	if (end < start)
		return -ENOMEM;
	if (end == start)
		return 0;
	/* Holes are skipped but reported as ENOMEM at the end; MS_ASYNC alone
	 * stops at the first one. */
	int unmapped = 0;
	struct vma *v = mm_find_vma_after(t->mm, start);
	for (;;) {
		if (!v)
			return -ENOMEM;
		if (start < v->start) {
			if (flags == MS_ASYNC)
				return -ENOMEM;
			start = v->start;
			if (start >= end)
				return -ENOMEM;
			unmapped = -ENOMEM;
		}
		if ((flags & MS_INVALIDATE) && (v->flags & VMA_LOCKED))
			return -EBUSY;
		start = v->end;
		/* MS_SYNC writes a shared file mapping back to its file. */
		if ((flags & MS_SYNC) && v->file && (v->flags & VMA_SHARED) && v->file->ops &&
		    v->file->ops->fsync) {
			int r = v->file->ops->fsync(v->file);
			if (r < 0)
				return r;
		}
		if (start >= end)
			return unmapped;
		v = mm_find_vma_after(t->mm, start);
	}
}

/* --- mincore --- */

SYSCALL(mincore)
{
	uint64_t start = a[0], len = a[1], uvec = a[2];
	if (start & ~PAGE_MASK)
		return -EINVAL;
	if (!access_ok(start, len))
		return -ENOMEM;
	uint64_t pages = len >> PAGE_SHIFT;
	pages += (len & ~PAGE_MASK) != 0;
	if (!access_ok(uvec, pages))
		return -EFAULT;
	unsigned char vec[512];
	while (pages) {
		/* do_mincore: one vma at a time; a hole ends it with ENOMEM. */
		struct vma *v = mm_find_vma(t->mm, start);
		if (!v)
			return -ENOMEM;
		uint64_t n = (v->end - start) >> PAGE_SHIFT;
		if (n > pages)
			n = pages;
		if (n > sizeof(vec))
			n = sizeof(vec);
		/* A page is resident when the sandbox backs it with memory;
		 * a file page counts only once it is mapped. */
		for (uint64_t i = 0; i < n; i++)
			vec[i] = mm_find_pma(t->mm, start + (i << PAGE_SHIFT)) != NULL;
		if (copy_to_user(t->mm, uvec, vec, n) < 0)
			return -EFAULT;
		pages -= n;
		uvec += n;
		start += n << PAGE_SHIFT;
	}
	return 0;
}

/* --- mlock family --- */

#ifndef MLOCK_ONFAULT
#define MLOCK_ONFAULT 0x01
#endif
#ifndef MCL_ONFAULT
#define MCL_ONFAULT 4
#endif

/* The sandbox's mm state kept on the process (mlockall, membarrier)
 * holds while the process has the mm it was set for. */
static void mm_state_check(struct task *t)
{
	if (t->tg->mm_state_owner != t->mm) {
		t->tg->mm_state_owner = t->mm;
		t->tg->membarrier_state = 0;
		t->tg->mlockall_flags = 0;
	}
}

/* Locked pages of @mm, in [start, end) when end > start, else all. */
static uint64_t locked_pages(struct mm *mm, uint64_t start, uint64_t end)
{
	uint64_t n = 0;
	struct vma *v;
	RB_FOREACH(v, vma_tree, &mm->vmas)
	{
		if (!(v->flags & VMA_LOCKED))
			continue;
		uint64_t s = v->start, e = v->end;
		if (end > start) {
			s = s > start ? s : start;
			e = e < end ? e : end;
			if (s >= e)
				continue;
		}
		n += (e - s) >> PAGE_SHIFT;
	}
	return n;
}

/* Fault in [start, end) as mlock's __mm_populate does (inaccessible
 * vmas are skipped); failures leave pages to be faulted later. */
static void populate_range(struct mm *mm, uint64_t start, uint64_t end)
{
	uint64_t addr = start;
	while (addr < end) {
		struct vma *v = mm_find_vma_after(mm, addr);
		if (!v || v->start >= end)
			return;
		if (addr < v->start)
			addr = v->start;
		if (v->prot == PROT_NONE) {
			addr = v->end;
			continue;
		}
		struct pma *p = mm_find_pma(mm, addr);
		if (p) {
			addr = p->end;
			continue;
		}
		if (mm_populate(mm, v, addr, false) < 0 || !mm_find_pma(mm, addr))
			addr += PAGE_SIZE;
	}
}

/* can_do_mlock: a memlock limit, or CAP_IPC_LOCK. */
static bool can_do_mlock(struct task *t)
{
	return t->tg->rlim[RLIMIT_MEMLOCK].rlim_cur != 0 || capable(t, CAP_IPC_LOCK);
}

/* apply_vma_lock_flags: lock or unlock every vma of [start, end);
 * the first must contain start, and a hole is ENOMEM. */
static long apply_vma_lock_flags(struct mm *mm, uint64_t start, uint64_t len, bool lock)
{
	uint64_t end = start + len;
	if (end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	if (!mm_find_vma(mm, start))
		return -ENOMEM;
	int r = mm_set_vma_flags(mm, start, len, lock ? VMA_LOCKED : 0, lock ? 0 : VMA_LOCKED);
	return r == -EAGAIN ? -ENOMEM : r;
}

static long do_mlock(struct task *t, uint64_t start, uint64_t len, bool onfault)
{
	if (!can_do_mlock(t))
		return -EPERM;
	len = PAGE_ALIGN_UP(len + (start & ~PAGE_MASK));
	start &= PAGE_MASK;
	uint64_t limit = t->tg->rlim[RLIMIT_MEMLOCK].rlim_cur;
	uint64_t lock_limit = limit == RLIM_INFINITY ? UINT64_MAX : limit >> PAGE_SHIFT;
	uint64_t locked = (len >> PAGE_SHIFT) + locked_pages(t->mm, 0, 0);
	/* Pages already locked inside the range do not count twice. */
	if (locked > lock_limit && !capable(t, CAP_IPC_LOCK))
		locked -= locked_pages(t->mm, start, start + len);
	if (locked > lock_limit && !capable(t, CAP_IPC_LOCK))
		return -ENOMEM;
	long r = apply_vma_lock_flags(t->mm, start, len, true);
	if (r < 0)
		return r;
	if (!onfault)
		populate_range(t->mm, start, start + len);
	return 0;
}

SYSCALL(mlock)
{
	return do_mlock(t, a[0], a[1], false);
}

SYSCALL(mlock2)
{
	int flags = (int)a[2];
	if (flags & ~MLOCK_ONFAULT)
		return -EINVAL;
	return do_mlock(t, a[0], a[1], flags & MLOCK_ONFAULT);
}

SYSCALL(munlock)
{
	uint64_t start = a[0], len = a[1];
	len = PAGE_ALIGN_UP(len + (start & ~PAGE_MASK));
	start &= PAGE_MASK;
	return apply_vma_lock_flags(t->mm, start, len, false);
}

/* apply_mlockall_flags: MCL_CURRENT (un)locks every vma now; MCL_FUTURE
 * is recorded (new mappings are not locked by it yet). */
static void apply_mlockall_flags(struct task *t, int flags)
{
	mm_state_check(t);
	t->tg->mlockall_flags = flags & (MCL_FUTURE | MCL_ONFAULT);
	if ((flags & MCL_FUTURE) && !(flags & MCL_CURRENT))
		return;
	bool lock = flags & MCL_CURRENT;
	struct vma *v;
	RB_FOREACH(v, vma_tree, &t->mm->vmas)
	{
		if (lock)
			v->flags |= VMA_LOCKED;
		else
			v->flags &= ~(unsigned)VMA_LOCKED;
	}
	/* Neighbours that only differed in being locked become one again. */
	for (v = RB_MIN(vma_tree, &t->mm->vmas); v; v = RB_NEXT(vma_tree, &t->mm->vmas, v))
		v = vma_merge_around(t->mm, v);
}

SYSCALL(mlockall)
{
	int flags = (int)a[0];
	if (!flags || (flags & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) || flags == MCL_ONFAULT)
		return -EINVAL;
	if (!can_do_mlock(t))
		return -EPERM;
	uint64_t limit = t->tg->rlim[RLIMIT_MEMLOCK].rlim_cur;
	uint64_t lock_limit = limit == RLIM_INFINITY ? UINT64_MAX : limit >> PAGE_SHIFT;
	if ((flags & MCL_CURRENT) && t->mm->total_pages > lock_limit && !capable(t, CAP_IPC_LOCK))
		return -ENOMEM;
	apply_mlockall_flags(t, flags);
	/* Pages are not faulted in here: a runtime's huge reserved ranges
	 * would all be backed at once for no one's benefit. */
	return 0;
}

SYSCALL(munlockall)
{
	(void)a;
	apply_mlockall_flags(t, 0);
	return 0;
}

/* --- membarrier --- */

#ifndef MEMBARRIER_CMD_GET_REGISTRATIONS
#define MEMBARRIER_CMD_GET_REGISTRATIONS (1 << 9)
#endif

/* tg->membarrier_state: which registrations were made. */
#define MB_GLOBAL_READY	   0x1
#define MB_PRIVATE_READY   0x2
#define MB_SYNC_CORE_READY 0x4
#define MB_PRIVATE_STATE   0x8 /* any private registration (GET_REGISTRATIONS) */

/* The commands offered: all but the rseq ones, since rseq(2) is not. */
#define MEMBARRIER_CMD_BITMASK                                                                     \
	(MEMBARRIER_CMD_GLOBAL | MEMBARRIER_CMD_GLOBAL_EXPEDITED |                                 \
	 MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED | MEMBARRIER_CMD_PRIVATE_EXPEDITED |             \
	 MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED | MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE |  \
	 MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE | MEMBARRIER_CMD_GET_REGISTRATIONS)

/* Is a thread other than @t, of a process @want accepts, running guest
 * code right now (on another CPU)? */
static bool others_running(struct task *t, bool (*want)(struct task *t, struct task *o))
{
	for_each_task(o)
	{
		if (o != t && o->state == TASK_GUEST && want(t, o))
			return true;
	}
	return false;
}

static bool same_mm(struct task *t, struct task *o)
{
	return o->mm == t->mm;
}

static bool global_registered(struct task *t, struct task *o)
{
	(void)t;
	return o->tg->mm_state_owner == o->mm && (o->tg->membarrier_state & MB_GLOBAL_READY);
}

/* A memory barrier on every CPU that runs one of those threads.  Threads
 * stopped in the sentry passed through it (a full barrier) already; for
 * the ones running, the host's MEMBARRIER_CMD_GLOBAL waits until every
 * CPU has gone through a barrier (and, returning to user mode, through a
 * serializing instruction). */
static void barrier_all(struct task *t, bool (*want)(struct task *t, struct task *o))
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (others_running(t, want))
		syscall(SYS_membarrier, MEMBARRIER_CMD_GLOBAL, 0, 0);
}

SYSCALL(membarrier)
{
	int cmd = (int)a[0];
	unsigned flags = (unsigned)a[1];
	if (cmd == MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ) {
		if (flags && flags != MEMBARRIER_CMD_FLAG_CPU)
			return -EINVAL;
	} else if (flags) {
		return -EINVAL;
	}
	mm_state_check(t);
	unsigned *state = &t->tg->membarrier_state;
	switch (cmd) {
	case MEMBARRIER_CMD_QUERY:
		return MEMBARRIER_CMD_BITMASK;
	case MEMBARRIER_CMD_GLOBAL:
		barrier_all(t, same_mm);
		barrier_all(t, global_registered);
		return 0;
	case MEMBARRIER_CMD_GLOBAL_EXPEDITED:
		barrier_all(t, global_registered);
		return 0;
	case MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED:
		*state |= MB_GLOBAL_READY;
		return 0;
	case MEMBARRIER_CMD_PRIVATE_EXPEDITED:
		if (!(*state & MB_PRIVATE_READY))
			return -EPERM;
		barrier_all(t, same_mm);
		return 0;
	case MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED:
		*state |= MB_PRIVATE_READY | MB_PRIVATE_STATE;
		return 0;
	case MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE:
		if (!(*state & MB_SYNC_CORE_READY))
			return -EPERM;
		barrier_all(t, same_mm);
		return 0;
	case MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE:
		*state |= MB_SYNC_CORE_READY | MB_PRIVATE_STATE;
		return 0;
	case MEMBARRIER_CMD_PRIVATE_EXPEDITED_RSEQ:
	case MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_RSEQ:
		return -EINVAL; /* as a kernel without CONFIG_RSEQ */
	case MEMBARRIER_CMD_GET_REGISTRATIONS: {
		long r = 0;
		if (*state & MB_GLOBAL_READY)
			r |= MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED;
		if (*state & MB_PRIVATE_STATE)
			r |= MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED;
		if (*state & MB_SYNC_CORE_READY)
			r |= MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE;
		return r;
	}
	default:
		return -EINVAL;
	}
}
