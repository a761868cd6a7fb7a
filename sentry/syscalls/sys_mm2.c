/* More memory syscalls: msync, mincore, the mlock family, membarrier,
 * process_vm_readv/writev, the NUMA policy calls, and vma names for
 * prctl(PR_SET_VMA) (mm/msync.c, mm/mincore.c, mm/mlock.c,
 * kernel/sched/membarrier.c, mm/process_vm_access.c, mm/mempolicy.c). */
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
#ifndef UIO_MAXIOV
#define UIO_MAXIOV 1024
#endif

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

/* --- process_vm_readv / process_vm_writev --- */

/* Yama's ptrace_scope on the host, if Yama is there (0: classic rules). */
static int yama_scope(void)
{
	static int v = -1;
	if (v < 0) {
		v = 0;
		FILE *f = host_fopen("/proc/sys/kernel/yama/ptrace_scope", "re");
		if (f) {
			if (fscanf(f, "%d", &v) != 1)
				v = 0;
			fclose(f);
		}
	}
	return v;
}

static bool is_descendant(const struct task *ancestor, const struct task *t)
{
	for (const struct task *p = t->tg->leader; p;
	     p = p->real_parent ? p->real_parent->tg->leader : NULL)
		if (p->tg == ancestor->tg)
			return true;
	return false;
}

/* ptrace_may_access(PTRACE_MODE_ATTACH_REALCREDS): the caller's real ids
 * are all of the target's, or it holds CAP_SYS_PTRACE; a target that is
 * not dumpable needs the capability; then Yama's rule, as on the host. */
static long ptrace_may_access(struct task *t, struct task *target)
{
	if (target->tg == t->tg || target->mm == t->mm)
		return 0;
	const struct cred *c = &t->cred, *tc = &target->cred;
	bool caps = capable(t, CAP_SYS_PTRACE);
	if (!(c->uid == tc->euid && c->uid == tc->suid && c->uid == tc->uid && c->gid == tc->egid &&
	      c->gid == tc->sgid && c->gid == tc->gid) &&
	    !caps)
		return -EPERM;
	if (target->tg->dumpable != 1 && !caps)
		return -EPERM;
	int scope = yama_scope();
	if ((scope == 1 && !is_descendant(t, target) && !caps) || (scope == 2 && !caps) ||
	    scope >= 3)
		return -EPERM;
	return 0;
}

/* Copy a user iovec array in (import_iovec's checks). */
static long get_iovec(struct task *t, uint64_t uvec, uint64_t cnt, struct iovec **out)
{
	*out = NULL;
	if (cnt > UIO_MAXIOV)
		return -EINVAL;
	if (cnt == 0)
		return 0;
	struct iovec *v = calloc(cnt, sizeof(*v));
	if (!v)
		return -ENOMEM;
	if (copy_from_user(t->mm, v, uvec, cnt * sizeof(*v)) < 0) {
		free(v);
		return -EFAULT;
	}
	for (uint64_t i = 0; i < cnt; i++) {
		if ((int64_t)v[i].iov_len < 0) {
			free(v);
			return -EINVAL;
		}
	}
	*out = v;
	return 0;
}

static uint64_t min3(uint64_t x, uint64_t y, uint64_t z)
{
	uint64_t m = x < y ? x : y;
	return m < z ? m : z;
}

static long process_vm_rw(struct task *t, const uint64_t *a, bool write)
{
	pid_t pid = (pid_t)a[0];
	uint64_t lcnt = a[2], rcnt = a[4];
	if (a[5] != 0)
		return -EINVAL;
	struct iovec *lv = NULL, *rv = NULL;
	long r = get_iovec(t, a[1], lcnt, &lv);
	if (r < 0)
		return r;
	uint64_t ltotal = 0;
	for (uint64_t i = 0; i < lcnt; i++) {
		uint64_t n = lv[i].iov_len;
		if (n > MAX_RW_COUNT - ltotal)
			lv[i].iov_len = n = MAX_RW_COUNT - ltotal; /* the total is capped */
		ltotal += n;
	}
	if (ltotal == 0)
		goto out;
	r = get_iovec(t, a[3], rcnt, &rv);
	if (r < 0)
		goto out;
	bool any = false;
	for (uint64_t i = 0; i < rcnt; i++)
		any |= rv[i].iov_len > 0;
	if (!any)
		goto out;
	struct task *target = task_lookup(pid);
	if (!target || target->state == TASK_DEAD || !target->mm) {
		r = -ESRCH;
		goto out;
	}
	r = ptrace_may_access(t, target);
	if (r < 0)
		goto out;
	/* Page-sized pieces that cross no page boundary on either side, so
	 * that a fault stops the copy exactly where Linux's would. */
	char buf[PAGE_SIZE];
	uint64_t done = 0, li = 0, loff = 0;
	for (uint64_t ri = 0; ri < rcnt && li < lcnt && r == 0; ri++) {
		uint64_t raddr = (uint64_t)rv[ri].iov_base, rlen = rv[ri].iov_len;
		while (rlen && li < lcnt) {
			if (loff == lv[li].iov_len) {
				li++;
				loff = 0;
				continue;
			}
			uint64_t laddr = (uint64_t)lv[li].iov_base + loff;
			uint64_t n =
			    min3(rlen, lv[li].iov_len - loff, PAGE_SIZE - (raddr & ~PAGE_MASK));
			if (n > PAGE_SIZE - (laddr & ~PAGE_MASK))
				n = PAGE_SIZE - (laddr & ~PAGE_MASK);
			int e;
			if (write) {
				e = copy_from_user(t->mm, buf, laddr, n);
				if (e == 0)
					e = copy_to_user(target->mm, raddr, buf, n);
			} else {
				e = copy_from_user(target->mm, buf, raddr, n);
				if (e == 0)
					e = copy_to_user(t->mm, laddr, buf, n);
			}
			if (e < 0) {
				r = -EFAULT;
				break;
			}
			done += n;
			raddr += n;
			rlen -= n;
			loff += n;
		}
	}
	/* Anything copied is the result; an error only when nothing was. */
	if (done)
		r = (long)done;
out:
	free(lv);
	free(rv);
	return r;
}

SYSCALL(process_vm_readv)
{
	return process_vm_rw(t, a, false);
}

SYSCALL(process_vm_writev)
{
	return process_vm_rw(t, a, true);
}

/* --- NUMA memory policies --- */

#ifndef MPOL_WEIGHTED_INTERLEAVE
#define MPOL_WEIGHTED_INTERLEAVE 6
#endif
#define SBX_MPOL_MAX  (MPOL_WEIGHTED_INTERLEAVE + 1)
#define MAX_NUMNODES  64 /* what the sandbox's node masks hold */
#define BITS_PER_LONG 64

/* The host's online memory nodes: policies may name them; memory comes
 * from the memory file whatever they say (they are recorded, not
 * applied). */
static unsigned long online_nodes(int *nr_node_ids)
{
	static unsigned long mask;
	static int ids;
	if (!ids) {
		mask = 1;
		FILE *f = host_fopen("/sys/devices/system/node/online", "re");
		char line[256];
		if (f && fgets(line, sizeof(line), f)) {
			mask = 0;
			for (char *p = line; *p && *p != '\n';) {
				char *end;
				long lo = strtol(p, &end, 10), hi = lo;
				if (end == p)
					break;
				if (*end == '-')
					hi = strtol(end + 1, &end, 10);
				for (long n = lo; n <= hi && n < MAX_NUMNODES; n++)
					mask |= 1UL << n;
				p = *end == ',' ? end + 1 : end;
			}
			if (!mask)
				mask = 1;
		}
		if (f)
			fclose(f);
		ids = 64 - __builtin_clzl(mask);
	}
	*nr_node_ids = ids;
	return mask;
}

/* sanitize_mpol_flags: split the mode flags off @mode. */
static long sanitize_mpol_flags(int *mode, unsigned *flags)
{
	*flags = (unsigned)*mode & MPOL_MODE_FLAGS;
	*mode &= ~MPOL_MODE_FLAGS;
	if ((unsigned)*mode >= SBX_MPOL_MAX)
		return -EINVAL;
	if ((*flags & MPOL_F_STATIC_NODES) && (*flags & MPOL_F_RELATIVE_NODES))
		return -EINVAL;
	if ((*flags & MPOL_F_NUMA_BALANCING) && *mode != MPOL_BIND && *mode != MPOL_PREFERRED_MANY)
		return -EINVAL;
	return 0;
}

/* get_nodes: the user's node mask of @maxnode - 1 bits; bits beyond what
 * the sandbox holds must be zero. */
static long get_nodes(struct task *t, unsigned long *nodes, uint64_t unmask, uint64_t maxnode)
{
	*nodes = 0;
	if (maxnode)
		maxnode--;
	if (maxnode == 0 || !unmask)
		return 0;
	if (maxnode > PAGE_SIZE * 8)
		return -EINVAL;
	uint64_t words = (maxnode + BITS_PER_LONG - 1) / BITS_PER_LONG;
	for (uint64_t w = 1; w < words; w++) {
		unsigned long v;
		if (copy_from_user(t->mm, &v, unmask + w * sizeof(v), sizeof(v)) < 0)
			return -EFAULT;
		uint64_t bits = maxnode - w * BITS_PER_LONG;
		if (bits < BITS_PER_LONG)
			v &= (1UL << bits) - 1;
		if (v)
			return -EINVAL;
	}
	if (copy_from_user(t->mm, nodes, unmask, sizeof(*nodes)) < 0)
		return -EFAULT;
	if (maxnode < BITS_PER_LONG)
		*nodes &= (1UL << maxnode) - 1;
	return 0;
}

/* mpol_new's checks; *mode may turn MPOL_PREFERRED into MPOL_LOCAL. */
static long mpol_check(int *mode, unsigned flags, unsigned long nodes)
{
	int ids;
	unsigned long online = online_nodes(&ids);
	if (*mode == MPOL_DEFAULT)
		return nodes ? -EINVAL : 0;
	if (*mode == MPOL_PREFERRED) {
		if (!nodes) {
			if (flags & (MPOL_F_STATIC_NODES | MPOL_F_RELATIVE_NODES))
				return -EINVAL;
			*mode = MPOL_LOCAL;
		}
	} else if (*mode == MPOL_LOCAL) {
		if (nodes || (flags & (MPOL_F_STATIC_NODES | MPOL_F_RELATIVE_NODES)))
			return -EINVAL;
	} else if (!nodes) {
		return -EINVAL;
	}
	/* Nodes that cannot be used leave nothing to allocate from. */
	if (*mode != MPOL_LOCAL && !(flags & MPOL_F_RELATIVE_NODES) && !(nodes & online))
		return -EINVAL;
	return 0;
}

SYSCALL(set_mempolicy)
{
	int mode = (int)a[0];
	unsigned flags;
	unsigned long nodes;
	long r = sanitize_mpol_flags(&mode, &flags);
	if (r == 0)
		r = get_nodes(t, &nodes, a[1], a[2]);
	if (r == 0)
		r = mpol_check(&mode, flags, nodes);
	if (r < 0)
		return r;
	int ids;
	t->sched.mempolicy = mode;
	t->sched.mempolicy_flags = flags;
	t->sched.mempolicy_nodes = nodes & online_nodes(&ids);
	return 0;
}

SYSCALL(get_mempolicy)
{
	uint64_t upolicy = a[0], unmask = a[1], maxnode = a[2], addr = a[3], flags = a[4];
	int ids;
	unsigned long online = online_nodes(&ids);
	if (unmask && maxnode < (uint64_t)ids)
		return -EINVAL;
	if (flags & ~(uint64_t)(MPOL_F_NODE | MPOL_F_ADDR | MPOL_F_MEMS_ALLOWED))
		return -EINVAL;
	int policy = 0;
	unsigned long nodes = 0;
	if (flags & MPOL_F_MEMS_ALLOWED) {
		if (flags & (MPOL_F_NODE | MPOL_F_ADDR))
			return -EINVAL;
		nodes = online;
	} else {
		/* Ranges keep no policies of their own (mbind records none):
		 * an address in a mapping has the default policy. */
		bool task_policy = true;
		if (flags & MPOL_F_ADDR) {
			if (!mm_find_vma(t->mm, addr))
				return -EFAULT;
			task_policy = false;
		} else if (addr) {
			return -EINVAL;
		}
		int mode = task_policy ? t->sched.mempolicy : MPOL_DEFAULT;
		if (flags & MPOL_F_NODE) {
			if (flags & MPOL_F_ADDR)
				policy = 0; /* the node of the page: memory is on node 0's side */
			else if (mode == MPOL_INTERLEAVE)
				policy = __builtin_ctzl(t->sched.mempolicy_nodes);
			else
				return -EINVAL;
		} else {
			policy = mode | (int)(task_policy ? t->sched.mempolicy_flags : 0);
		}
		if (mode != MPOL_DEFAULT && mode != MPOL_LOCAL)
			nodes = t->sched.mempolicy_nodes;
	}
	if (upolicy && copy_to_user(t->mm, upolicy, &policy, sizeof(policy)) < 0)
		return -EFAULT;
	if (unmask) {
		/* copy_nodes_to_user: the bytes beyond the kernel's mask are
		 * cleared. */
		uint64_t copy = ((maxnode - 1 + 63) & ~63UL) / 8;
		uint64_t nbytes = (((uint64_t)ids + 63) / 64) * 8;
		if (copy > nbytes) {
			if (copy > PAGE_SIZE)
				return -EINVAL;
			if (clear_user(t->mm, unmask + nbytes, copy - nbytes) < 0)
				return -EFAULT;
			copy = nbytes;
		}
		if (copy_to_user(t->mm, unmask, &nodes, copy) < 0)
			return -EFAULT;
	}
	return 0;
}

SYSCALL(mbind)
{
	uint64_t start = a[0], len = a[1], mflags = a[5];
	int mode = (int)a[2];
	unsigned flags;
	unsigned long nodes;
	long r = sanitize_mpol_flags(&mode, &flags);
	if (r == 0)
		r = get_nodes(t, &nodes, a[3], a[4]);
	if (r < 0)
		return r;
	if (mflags & ~(uint64_t)MPOL_MF_VALID)
		return -EINVAL;
	if ((mflags & MPOL_MF_MOVE_ALL) && !capable(t, CAP_SYS_NICE))
		return -EPERM;
	if (start & ~PAGE_MASK)
		return -EINVAL;
	len = PAGE_ALIGN_UP(len);
	uint64_t end = start + len;
	if (end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	r = mpol_check(&mode, flags, nodes);
	if (r < 0)
		return r;
	/* A policy needs the range mapped without holes; the default one
	 * (no policy object) does not (MPOL_MF_DISCONTIG_OK). */
	if (mode == MPOL_DEFAULT)
		return 0;
	uint64_t cur = start;
	for (struct vma *v = mm_find_vma_after(t->mm, start); v && v->start < end;
	     v = RB_NEXT(vma_tree, &t->mm->vmas, v)) {
		if (v->start > cur)
			return -EFAULT;
		cur = v->end;
	}
	if (cur < end)
		return -EFAULT;
	return 0;
}
