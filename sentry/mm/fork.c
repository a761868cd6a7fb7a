/* Copying an address space for fork (kernel/fork.c dup_mmap). */
#include "mm_impl.h"
#include "syscall_patch.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "../../platform/platform.h"
#include "../fs/file.h"

/* The first pma of @v's range, or NULL. */
static struct pma *first_pma(struct mm *mm, const struct vma *v)
{
	struct pma *p = mm_find_pma(mm, v->start);
	if (!p) {
		struct pma key = {.start = v->start};
		p = RB_NFIND(pma_tree, &mm->pmas, &key);
	}
	return p;
}

static bool forks_private(const struct vma *v)
{
	return !(v->flags & (VMA_SHARED | VMA_DONTFORK | VMA_WIPEONFORK));
}

/* Write-protect the parent's private pmas and mark them cow; afterwards the
 * child (a host fork of the parent's stub) inherits exactly these host
 * mappings.  A pma may span several vmas (adjacent runs merge, and
 * mprotect splits vmas, not pmas): pmas are first split where private
 * vmas end, so that shared, MADV_DONTFORK and MADV_WIPEONFORK pages are
 * never marked, and every vma's part is protected before any is marked. */
static int share_private_pages(struct mm *mm)
{
	struct vma *v;
	RB_FOREACH(v, vma_tree, &mm->vmas)
	{
		if (forks_private(v) && pma_isolate(mm, v->start, v->end) < 0)
			return -ENOMEM;
	}
	RB_FOREACH(v, vma_tree, &mm->vmas)
	{
		if (!forks_private(v) || !(v->prot & PROT_WRITE) || !mm->as)
			continue;
		for (struct pma *p = first_pma(mm, v); p && p->start < v->end;
		     p = RB_NEXT(pma_tree, &mm->pmas, p)) {
			if (p->cow)
				continue; /* write-protected already */
			uint64_t s = p->start > v->start ? p->start : v->start;
			uint64_t e = p->end < v->end ? p->end : v->end;
			int r = as_protect(mm->as, s, e - s, v->prot & ~PROT_WRITE);
			if (r < 0)
				return r;
		}
	}
	RB_FOREACH(v, vma_tree, &mm->vmas)
	{
		if (!forks_private(v))
			continue;
		for (struct pma *p = first_pma(mm, v); p && p->start < v->end;
		     p = RB_NEXT(pma_tree, &mm->pmas, p))
			p->cow = true;
	}
	return 0;
}

static int copy_vmas(struct mm *child, struct mm *parent)
{
	struct vma *v;
	RB_FOREACH(v, vma_tree, &parent->vmas)
	{
		if (v->flags & VMA_DONTFORK)
			continue;
		struct vma *c = vma_alloc();
		if (!c)
			return -ENOMEM;
		*c = *v;
		memset(&c->link, 0, sizeof(c->link));
		c->name = v->name ? strdup(v->name) : NULL;
		if (v->file)
			file_get(v->file);
		RB_INSERT(vma_tree, &child->vmas, c);
		child->total_pages += (c->end - c->start) >> PAGE_SHIFT;
	}
	return 0;
}

static int copy_pmas(struct mm *child, struct mm *parent)
{
	struct pma *p;
	RB_FOREACH(p, pma_tree, &parent->pmas)
	{
		struct pma *c = malloc(sizeof(*c));
		if (!c)
			return -ENOMEM;
		*c = *p;
		memset(&c->link, 0, sizeof(c->link));
		memfile_get(c->off, (c->end - c->start) >> PAGE_SHIFT);
		RB_INSERT(pma_tree, &child->pmas, c);
		child->rss_pages += (c->end - c->start) >> PAGE_SHIFT;
	}
	/* dup_mm copies the whole mm_struct, its high-water marks too. */
	child->hiwater_rss = parent->hiwater_rss;
	child->hiwater_vm = parent->hiwater_vm;
	return 0;
}

/* In the child: drop what must not be inherited (MADV_DONTFORK ranges were
 * skipped as vmas but their pmas came along) and wipe MADV_WIPEONFORK. */
static int fixup_child(struct mm *child, struct mm *parent)
{
	struct vma *v;
	RB_FOREACH(v, vma_tree, &parent->vmas)
	{
		if (!(v->flags & (VMA_DONTFORK | VMA_WIPEONFORK)))
			continue;
		if (pma_release(child, v->start, v->end) && child->as) {
			int r = as_unmap(child->as, v->start, v->end - v->start);
			if (r < 0)
				return r;
		}
	}
	return 0;
}

struct mm *mm_fork(struct mm *parent)
{
	struct mm *child = mm_new(NULL);
	if (!child)
		return NULL;
	int r = share_private_pages(parent);
	if (r == 0)
		r = copy_vmas(child, parent);
	if (r == 0)
		r = copy_pmas(child, parent);
	if (r == 0 && parent->as) {
		child->as = as_fork(parent->as);
		if (!child->as)
			r = -errno;
	}
	if (r == 0)
		r = fixup_child(child, parent);
	if (r == 0)
		r = syscall_patch_fork(child, parent);
	if (r < 0) {
		mm_put(child);
		errno = -r;
		return NULL;
	}
	child->mmap_base = parent->mmap_base;
	child->start_brk = parent->start_brk;
	child->brk = parent->brk;
	child->stack_top = parent->stack_top;
	child->stack_limit = parent->stack_limit;
	child->as_limit = parent->as_limit;
	child->start_code = parent->start_code;
	child->end_code = parent->end_code;
	child->start_data = parent->start_data;
	child->end_data = parent->end_data;
	child->start_stack = parent->start_stack;
	child->arg_start = parent->arg_start;
	child->arg_end = parent->arg_end;
	child->env_start = parent->env_start;
	child->env_end = parent->env_end;
	if (parent->saved_auxv) {
		child->saved_auxv = malloc(parent->saved_auxv_len);
		if (child->saved_auxv) {
			memcpy(child->saved_auxv, parent->saved_auxv, parent->saved_auxv_len);
			child->saved_auxv_len = parent->saved_auxv_len;
		}
	}
	child->exe_path = parent->exe_path ? strdup(parent->exe_path) : NULL;
	child->exe_file = parent->exe_file;
	if (child->exe_file)
		file_get(child->exe_file);
	return child;
}
