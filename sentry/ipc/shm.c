/* System V shared memory (ipc/shm.c).  A segment is a page cache of
 * memory-file pages, filled with zero pages as they are first mapped.  An
 * attach is a file mapped MAP_SHARED through the ordinary file-mapping
 * path (do_mmap_file): its pages are the segment's, the same in every
 * process, and fork copies the vmas (and their file references) as it does
 * for any shared mapping.  A segment's attach count is the number of vmas
 * that map it: the references on its attach files, as Linux counts vma
 * opens and closes.  A segment removed (IPC_RMID) while attached lives on
 * until its last vma goes. */
#define _GNU_SOURCE
#include "ipc.h"

#include <bsd/sys/queue.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <linux/ipc.h>
#include <linux/shm.h>

#include "../fs/file.h"
#include "../fs/pagecache.h"
#include "../fs/vfs.h"
#include "../kernel/task.h"
#include "../mm/mm.h"
#include "../syscalls/syscalls.h"

#ifndef SHM_STAT_ANY
#define SHM_STAT_ANY 15
#endif
/* Kernel-side mode bits (include/linux/shm.h) and x86's SHMLBA. */
#define SHM_DEST   01000
#define SHM_LOCKED 02000
#define SHMLBA	   PAGE_SIZE

struct shm_seg;

struct shm_attach {
	LIST_ENTRY(shm_attach) link;
	struct shm_seg *seg;
	struct file *file;
};

struct shm_seg {
	struct ipc_perm_k perm; /* first: the ids table's view */
	uint64_t size;
	struct page_cache *pages;
	time_t atime, dtime, ctime;
	pid_t cpid, lpid;
	LIST_HEAD(, shm_attach) attaches;
	struct inode *inode; /* names the attach files: /SYSV<key> (deleted) */
	struct path path;
};

static struct ipc_ids shm_ids;
static struct super_block *shm_sb;
static uint64_t shm_pages_total; /* for SHM_INFO and shmall */

static unsigned long nattch(const struct shm_seg *s)
{
	unsigned long n = 0;
	struct shm_attach *a;
	LIST_FOREACH(a, &s->attaches, link)
	n += (unsigned long)a->file->refs;
	return n;
}

static void seg_free(struct shm_seg *s)
{
	pagecache_free(s->pages);
	shm_pages_total -= PAGE_ALIGN_UP(s->size) >> PAGE_SHIFT;
	path_put(&s->path);
	if (s->inode)
		inode_put(s->inode);
	free(s);
}

/* Removed and no longer mapped: gone. */
static void maybe_destroy(struct shm_seg *s)
{
	if ((s->perm.mode & SHM_DEST) && LIST_EMPTY(&s->attaches)) {
		ipc_remove(&shm_ids, s);
		seg_free(s);
	}
}

static int64_t shm_get_page(struct file *f, uint64_t idx)
{
	struct shm_attach *a = f->priv;
	if (idx * PAGE_SIZE >= a->seg->size)
		return -ENXIO;
	return pagecache_get_zero(a->seg->pages, idx);
}

static int64_t shm_size(struct file *f)
{
	return (int64_t)((struct shm_attach *)f->priv)->seg->size;
}

static int shm_stat(struct file *f, struct stat *st)
{
	struct shm_seg *s = ((struct shm_attach *)f->priv)->seg;
	memset(st, 0, sizeof(*st));
	st->st_dev = shm_sb ? shm_sb->dev : 0;
	st->st_ino = (ino_t)s->perm.id;
	st->st_mode = S_IFREG | (s->perm.mode & 0777);
	st->st_nlink = 1;
	st->st_uid = s->perm.uid;
	st->st_gid = s->perm.gid;
	st->st_size = (off_t)s->size;
	st->st_blksize = PAGE_SIZE;
	return 0;
}

/* The last vma of an attach went (shm_close). */
static void shm_release(struct file *f)
{
	struct shm_attach *a = f->priv;
	struct shm_seg *s = a->seg;
	LIST_REMOVE(a, link);
	free(a);
	s->dtime = ipc_now();
	maybe_destroy(s);
}

static const struct file_ops shm_fops = {
	.get_page = shm_get_page,
	.size = shm_size,
	.stat = shm_stat,
	.release = shm_release,
};

static int seg_name(struct shm_seg *s)
{
	if (!shm_sb && !(shm_sb = anon_sb_new("shm")))
		return -ENOMEM;
	s->inode = inode_new(shm_sb, S_IFREG | 0600, NULL, NULL);
	if (!s->inode)
		return -ENOMEM;
	s->inode->ino = (uint64_t)s->perm.id;
	char name[40];
	snprintf(name, sizeof(name), "/SYSV%08x (deleted)", (unsigned)s->perm.key);
	inode_get(s->inode);
	if (anon_path(shm_sb, name, s->inode, &s->path) < 0) {
		inode_put(s->inode);
		return -ENOMEM;
	}
	return 0;
}

long shm_get(struct task *t, int32_t key, uint64_t size, int flags)
{
	const struct ipc_limits *l = ipc_limits();
	struct shm_seg *s = key == IPC_PRIVATE ? NULL : ipc_find_key(&shm_ids, key);
	if (s) {
		if ((flags & IPC_CREAT) && (flags & IPC_EXCL))
			return -EEXIST;
		if (s->size < size)
			return -EINVAL;
		int r = ipc_perms(t, &s->perm, flags);
		return r < 0 ? r : s->perm.id;
	}
	if (key != IPC_PRIVATE && !(flags & IPC_CREAT))
		return -ENOENT;
	if (size < 1 || size > l->shmmax)
		return -EINVAL;
	uint64_t pages = PAGE_ALIGN_UP(size) >> PAGE_SHIFT;
	if (shm_pages_total + pages < shm_pages_total || shm_pages_total + pages > l->shmall)
		return -ENOSPC;
	s = calloc(1, sizeof(*s));
	if (!s || !(s->pages = pagecache_new())) {
		free(s);
		return -ENOMEM;
	}
	int r = ipc_add(&shm_ids, s, t, key, flags, (int)l->shmmni);
	if (r < 0) {
		pagecache_free(s->pages);
		free(s);
		return r;
	}
	shm_pages_total += pages;
	if ((r = seg_name(s)) < 0) {
		ipc_remove(&shm_ids, s);
		seg_free(s);
		return r;
	}
	s->size = size;
	s->cpid = t->tg->tgid;
	s->ctime = ipc_now();
	LIST_INIT(&s->attaches);
	return s->perm.id;
}

long shm_at(struct task *t, int id, uint64_t addr, int flags)
{
	if (id < 0)
		return -EINVAL;
	if (addr) {
		if (addr & (SHMLBA - 1)) {
			if (!(flags & SHM_RND))
				return -EINVAL;
			addr &= ~(uint64_t)(SHMLBA - 1);
			if (!addr && (flags & SHM_REMAP))
				return -EINVAL;
		}
	} else if (flags & SHM_REMAP) {
		return -EINVAL;
	}
	struct shm_seg *s = ipc_lookup(&shm_ids, id);
	if (!s)
		return -EINVAL;
	bool ro = flags & SHM_RDONLY;
	int prot = PROT_READ | (ro ? 0 : PROT_WRITE) | ((flags & SHM_EXEC) ? PROT_EXEC : 0);
	int r = ipc_perms(t, &s->perm, ro ? 0444 : 0666);
	if (r < 0)
		return r;
	uint64_t len = PAGE_ALIGN_UP(s->size);
	if (addr && !(flags & SHM_REMAP)) {
		if (addr + len < addr || addr + len > TASK_SIZE)
			return -EINVAL;
		if (!mm_range_free(t->mm, addr, addr + len))
			return -EINVAL;
	}
	struct shm_attach *a = calloc(1, sizeof(*a));
	struct file *f = a ? file_alloc(&shm_fops, ro ? O_RDONLY : O_RDWR, a) : NULL;
	if (!f) {
		free(a);
		return -ENOMEM;
	}
	a->seg = s;
	a->file = f;
	LIST_INSERT_HEAD(&s->attaches, a, link);
	f->path = s->path;
	path_get(&f->path);
	f->inode = s->inode;
	inode_get(s->inode);
	long ret = do_mmap_file(t, f, addr, len, prot, MAP_SHARED | (addr ? MAP_FIXED : 0), 0, 0);
	file_put(f); /* the vma holds it now (or nothing does) */
	if (ret < 0)
		return ret;
	s->atime = ipc_now();
	s->lpid = t->tg->tgid;
	return ret;
}

static bool is_shm_file(const struct file *f)
{
	return f && f->ops == &shm_fops;
}

long shm_dt(struct task *t, uint64_t addr)
{
	if (addr & ~PAGE_MASK)
		return -EINVAL;
	struct vma *v = mm_find_vma(t->mm, addr);
	if (!v || v->start != addr || !is_shm_file(v->file) || v->pgoff != 0)
		return -EINVAL;
	struct file *f = v->file;
	struct shm_seg *s = ((struct shm_attach *)f->priv)->seg;
	uint64_t end = addr + PAGE_ALIGN_UP(s->size);
	s->lpid = t->tg->tgid;
	/* Every vma of this attach in the segment's range (shm_detach
	 * unmaps what shmat mapped, split or not). */
	uint64_t cur = addr;
	while (cur < end) {
		v = mm_find_vma_after(t->mm, cur);
		if (!v || v->start >= end)
			break;
		uint64_t vs = v->start, ve = v->end < end ? v->end : end;
		cur = v->end;
		if (v->file == f && mm_munmap(t->mm, vs, ve - vs) < 0)
			return -EINVAL;
	}
	return 0;
}

static long stat_seg(struct task *t, struct shm_seg *s, uint64_t buf, bool check)
{
	if (check) {
		int r = ipc_perms(t, &s->perm, 0444);
		if (r < 0)
			return r;
	}
	struct shmid64_ds d;
	memset(&d, 0, sizeof(d));
	ipc_fill_perm(&s->perm, &d.shm_perm);
	d.shm_segsz = s->size;
	d.shm_atime = s->atime;
	d.shm_dtime = s->dtime;
	d.shm_ctime = s->ctime;
	d.shm_cpid = s->cpid;
	d.shm_lpid = s->lpid;
	d.shm_nattch = nattch(s);
	return copy_to_user(t->mm, buf, &d, sizeof(d)) < 0 ? -EFAULT : 0;
}

long shm_ctl(struct task *t, int id, int cmd, uint64_t buf)
{
	const struct ipc_limits *l = ipc_limits();
	if (id < 0 || cmd < 0)
		return -EINVAL;
	switch (cmd) {
	case IPC_INFO: {
		struct shminfo64 i;
		memset(&i, 0, sizeof(i));
		i.shmmax = l->shmmax;
		i.shmmin = 1;
		i.shmmni = l->shmmni;
		i.shmseg = l->shmmni;
		i.shmall = l->shmall;
		if (copy_to_user(t->mm, buf, &i, sizeof(i)) < 0)
			return -EFAULT;
		int m = ipc_max_idx(&shm_ids);
		return m < 0 ? 0 : m;
	}
	case SHM_INFO: {
		struct shm_info i;
		memset(&i, 0, sizeof(i));
		i.used_ids = shm_ids.in_use;
		i.shm_tot = shm_pages_total;
		for (int k = 0; k < shm_ids.nslots; k++) {
			struct shm_seg *s = shm_ids.slots[k];
			if (s)
				for (uint64_t p = 0; p < s->pages->nslots; p++)
					i.shm_rss += s->pages->slots[p] != 0;
		}
		if (copy_to_user(t->mm, buf, &i, sizeof(i)) < 0)
			return -EFAULT;
		int m = ipc_max_idx(&shm_ids);
		return m < 0 ? 0 : m;
	}
	case SHM_STAT:
	case SHM_STAT_ANY: {
		struct shm_seg *s = ipc_at(&shm_ids, id);
		if (!s)
			return -EINVAL;
		long r = stat_seg(t, s, buf, cmd == SHM_STAT);
		return r < 0 ? r : s->perm.id;
	}
	default:
		break;
	}
	struct shm_seg *s = ipc_lookup(&shm_ids, id);
	if (!s)
		return -EINVAL;
	switch (cmd) {
	case IPC_STAT:
		return stat_seg(t, s, buf, true);
	case IPC_SET: {
		struct shmid64_ds d;
		if (copy_from_user(t->mm, &d, buf, sizeof(d)) < 0)
			return -EFAULT;
		int r = ipc_owner_check(t, &s->perm);
		if (r < 0)
			return r;
		ipc_set_perm(&s->perm, &d.shm_perm);
		s->ctime = ipc_now();
		return 0;
	}
	case IPC_RMID: {
		int r = ipc_owner_check(t, &s->perm);
		if (r < 0)
			return r;
		/* Attached segments live on, but no key finds them. */
		s->perm.mode |= SHM_DEST;
		s->perm.key = IPC_PRIVATE;
		maybe_destroy(s);
		return 0;
	}
	case SHM_LOCK:
	case SHM_UNLOCK: {
		int r = ipc_owner_check(t, &s->perm);
		if (r < 0)
			return r;
		if (cmd == SHM_LOCK)
			s->perm.mode |= SHM_LOCKED;
		else
			s->perm.mode &= ~(unsigned)SHM_LOCKED;
		return 0;
	}
	default:
		return -EINVAL;
	}
}
