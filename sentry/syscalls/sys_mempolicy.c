/* The NUMA memory policy calls (mm/mempolicy.c): set_mempolicy,
 * get_mempolicy and mbind check their arguments as Linux does and record the
 * policy; the sandbox's memory has no nodes to place it on. */
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
