/* tmpfs (mm/shmem.c): files in memory, their data in the memory file as
 * the inode's page cache, so that mappings share the same pages. */
#define _GNU_SOURCE
#include "../kernel/det.h"
#include "tmpfs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/falloc.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <sys/statfs.h>
#include <sys/sysinfo.h>

#include "../../abi/uapi_extra.h"
#include "../kernel/task.h"
#include "../mm/memfile.h"
#include "../mm/uio.h"
#include "file.h"
#include "pagecache.h"
#include "special.h"
#include "xattr.h"

#define MAX_FILE_SIZE 0x7fffffffffffffffLL

static const struct inode_ops tmpfs_iops;
static const struct file_ops tmpfs_file_ops;
static const struct file_ops tmpfs_dir_ops;

struct tmpfs_inode *tmpfs_i(struct inode *ino)
{
	return ino->priv;
}

static void now(struct timespec *ts)
{
	clock_realtime(ts);
}

static void touch_mc(struct inode *ino)
{
	struct tmpfs_inode *ti = tmpfs_i(ino);
	now(&ti->mtime);
	ti->ctime = ti->mtime;
}

struct inode *tmpfs_new_inode(struct super_block *sb, mode_t mode, uid_t uid, gid_t gid)
{
	const struct file_ops *fops = NULL;
	if (S_ISREG(mode))
		fops = &tmpfs_file_ops;
	else if (S_ISDIR(mode))
		fops = &tmpfs_dir_ops;
	struct inode *ino = inode_new(sb, mode, &tmpfs_iops, fops);
	if (!ino)
		return NULL;
	struct tmpfs_inode *ti = calloc(1, sizeof(*ti));
	if (!ti) {
		free(ino);
		return NULL;
	}
	ino->priv = ti;
	ino->uid = uid;
	ino->gid = gid;
	TAILQ_INIT(&ti->entries);
	now(&ti->mtime);
	ti->atime = ti->ctime = ti->btime = ti->mtime;
	if (S_ISDIR(mode))
		ino->nlink = 2;
	if (S_ISREG(mode)) {
		ino->cache = pagecache_new();
		if (!ino->cache) {
			free(ti);
			free(ino);
			return NULL;
		}
	}
	return ino;
}

static struct tmpfs_dirent *find(struct inode *dir, const char *name)
{
	struct tmpfs_dirent *e;
	TAILQ_FOREACH(e, &tmpfs_i(dir)->entries, link)
	{
		if (strcmp(e->name, name) == 0)
			return e;
	}
	return NULL;
}

/* Add @ino under @name in @dir (a new reference is taken). */
static int add_entry(struct inode *dir, const char *name, struct inode *ino)
{
	struct tmpfs_dirent *e = calloc(1, sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->name = strdup(name);
	if (!e->name) {
		free(e);
		return -ENOMEM;
	}
	e->inode = ino;
	inode_get(ino);
	struct tmpfs_inode *ti = tmpfs_i(dir);
	e->off = ti->next_off < 2 ? 2 : ti->next_off;
	ti->next_off = e->off + 1;
	TAILQ_INSERT_TAIL(&ti->entries, e, link);
	tmpfs_i(dir)->nentries++;
	if (S_ISDIR(ino->mode)) {
		dir->nlink++;
		tmpfs_i(ino)->parent_ino = dir->ino;
	}
	touch_mc(dir);
	return 0;
}

static void del_entry(struct inode *dir, struct tmpfs_dirent *e)
{
	TAILQ_REMOVE(&tmpfs_i(dir)->entries, e, link);
	tmpfs_i(dir)->nentries--;
	if (S_ISDIR(e->inode->mode))
		dir->nlink--;
	touch_mc(dir);
	free(e->name);
	inode_put(e->inode);
	free(e);
}

static int tmpfs_lookup(struct inode *dir, const char *name, struct inode **out)
{
	struct tmpfs_dirent *e = find(dir, name);
	if (!e)
		return -ENOENT;
	inode_get(e->inode);
	*out = e->inode;
	return 0;
}

/* A new child's owner: the caller's fs ids, the group of a setgid dir. */
static void owner_for(struct inode *dir, struct task *t, mode_t *mode, uid_t *uid, gid_t *gid)
{
	*uid = t ? t->cred.fsuid : 0;
	*gid = t ? t->cred.fsgid : 0;
	if (dir->mode & S_ISGID) {
		*gid = dir->gid;
		if (S_ISDIR(*mode))
			*mode |= S_ISGID;
	}
}

int tmpfs_mknod_inode(struct inode *dir, const char *name, mode_t mode, dev_t dev,
		      struct task *t, struct inode **out)
{
	if (find(dir, name))
		return -EEXIST;
	uid_t uid;
	gid_t gid;
	owner_for(dir, t, &mode, &uid, &gid);
	struct inode *ino = tmpfs_new_inode(dir->sb, mode, uid, gid);
	if (!ino)
		return -ENOMEM;
	ino->rdev = dev;
	int r = add_entry(dir, name, ino);
	if (r == 0 && out) {
		*out = ino;
		return 0;
	}
	inode_put(ino);
	return r;
}

static int tmpfs_create(struct inode *dir, const char *name, mode_t mode, struct task *t,
			struct inode **out)
{
	return tmpfs_mknod_inode(dir, name, S_IFREG | (mode & 07777), 0, t, out);
}

static int tmpfs_mkdir(struct inode *dir, const char *name, mode_t mode, struct task *t)
{
	return tmpfs_mknod_inode(dir, name, S_IFDIR | (mode & 07777), 0, t, NULL);
}

static int tmpfs_mknod(struct inode *dir, const char *name, mode_t mode, dev_t dev,
		       struct task *t)
{
	return tmpfs_mknod_inode(dir, name, mode, dev, t, NULL);
}

static int tmpfs_symlink(struct inode *dir, const char *name, const char *target, struct task *t)
{
	struct inode *ino;
	int r = tmpfs_mknod_inode(dir, name, S_IFLNK | 0777, 0, t, &ino);
	if (r < 0)
		return r;
	tmpfs_i(ino)->target = strdup(target);
	tmpfs_i(ino)->size = (int64_t)strlen(target);
	inode_put(ino);
	return tmpfs_i(ino)->target ? 0 : -ENOMEM;
}

static int tmpfs_link(struct inode *old, struct inode *dir, const char *name)
{
	if (find(dir, name))
		return -EEXIST;
	int r = add_entry(dir, name, old);
	if (r == 0) {
		old->nlink++;
		now(&tmpfs_i(old)->ctime);
	}
	return r;
}

static int tmpfs_unlink(struct inode *dir, const char *name)
{
	struct tmpfs_dirent *e = find(dir, name);
	if (!e)
		return -ENOENT;
	if (S_ISDIR(e->inode->mode))
		return -EISDIR;
	e->inode->nlink--;
	now(&tmpfs_i(e->inode)->ctime);
	del_entry(dir, e);
	return 0;
}

static int tmpfs_rmdir(struct inode *dir, const char *name)
{
	struct tmpfs_dirent *e = find(dir, name);
	if (!e)
		return -ENOENT;
	if (!S_ISDIR(e->inode->mode))
		return -ENOTDIR;
	if (tmpfs_i(e->inode)->nentries)
		return -ENOTEMPTY;
	e->inode->nlink = 0;
	del_entry(dir, e);
	return 0;
}

static int tmpfs_rename(struct inode *odir, const char *oname, struct inode *ndir,
			const char *nname, unsigned flags)
{
	struct tmpfs_dirent *oe = find(odir, oname);
	if (!oe)
		return -ENOENT;
	struct tmpfs_dirent *ne = find(ndir, nname);
	if (flags & RENAME_EXCHANGE) {
		if (!ne)
			return -ENOENT;
		struct inode *a = oe->inode, *b = ne->inode;
		if (S_ISDIR(a->mode) != S_ISDIR(b->mode) && odir != ndir) {
			odir->nlink += S_ISDIR(b->mode) ? 1 : -1;
			ndir->nlink += S_ISDIR(a->mode) ? 1 : -1;
		}
		oe->inode = b;
		ne->inode = a;
		if (S_ISDIR(a->mode))
			tmpfs_i(a)->parent_ino = ndir->ino;
		if (S_ISDIR(b->mode))
			tmpfs_i(b)->parent_ino = odir->ino;
		touch_mc(odir);
		touch_mc(ndir);
		return 0;
	}
	if (ne) {
		if (flags & RENAME_NOREPLACE)
			return -EEXIST;
		if (ne->inode == oe->inode)
			return 0; /* hard links to one file: nothing to do */
		if (S_ISDIR(oe->inode->mode)) {
			if (!S_ISDIR(ne->inode->mode))
				return -ENOTDIR;
			if (tmpfs_i(ne->inode)->nentries)
				return -ENOTEMPTY;
		} else if (S_ISDIR(ne->inode->mode)) {
			return -EISDIR;
		}
		ne->inode->nlink -= S_ISDIR(ne->inode->mode) ? 2 : 1;
		del_entry(ndir, ne);
	}
	struct inode *ino = oe->inode;
	inode_get(ino);
	del_entry(odir, oe);
	int r = add_entry(ndir, nname, ino);
	now(&tmpfs_i(ino)->ctime);
	inode_put(ino);
	return r;
}

static long tmpfs_readlink(struct inode *ino, char *buf, size_t size)
{
	const char *tg = tmpfs_i(ino)->target;
	if (!tg)
		return -EINVAL;
	size_t n = strlen(tg);
	if (n > size)
		n = size;
	memcpy(buf, tg, n);
	return (long)n;
}

static int tmpfs_getbtime(struct inode *ino, struct timespec *ts)
{
	*ts = tmpfs_i(ino)->btime;
	return 0;
}

static int tmpfs_getattr(struct inode *ino, struct stat *st)
{
	struct tmpfs_inode *ti = tmpfs_i(ino);
	memset(st, 0, sizeof(*st));
	st->st_dev = ino->sb->dev;
	st->st_ino = ino->ino;
	st->st_mode = ino->mode;
	st->st_nlink = ino->nlink;
	st->st_uid = ino->uid;
	st->st_gid = ino->gid;
	st->st_rdev = ino->rdev;
	st->st_size = S_ISDIR(ino->mode) ? (ti->nentries + 2) * 20 : ti->size;
	st->st_blksize = 4096;
	uint64_t pages = 0;
	if (ino->cache)
		for (uint64_t i = 0; i < ino->cache->nslots; i++)
			pages += ino->cache->slots[i] != 0;
	st->st_blocks = (blkcnt_t)(pages * 8);
	st->st_atim = ti->atime;
	st->st_mtim = ti->mtime;
	st->st_ctim = ti->ctime;
	return 0;
}

int tmpfs_truncate(struct inode *ino, int64_t size)
{
	struct tmpfs_inode *ti = tmpfs_i(ino);
	if (size < ti->size && ino->cache) {
		uint64_t keep = ((uint64_t)size + PAGE_SIZE - 1) / PAGE_SIZE;
		pagecache_truncate(ino->cache, keep);
		/* Zero the tail of the last kept page. */
		if (size & (PAGE_SIZE - 1)) {
			int64_t off = pagecache_lookup(ino->cache, (uint64_t)size / PAGE_SIZE);
			if (off >= 0)
				memset((char *)memfile_ptr((uint64_t)off) + (size & (PAGE_SIZE - 1)), 0,
				       PAGE_SIZE - (size & (PAGE_SIZE - 1)));
		}
	}
	ti->size = size;
	return 0;
}

static int tmpfs_setattr(struct inode *ino, const struct iattr *a)
{
	struct tmpfs_inode *ti = tmpfs_i(ino);
	if (a->valid & ATTR_SIZE) {
		if (!S_ISREG(ino->mode))
			return S_ISDIR(ino->mode) ? -EISDIR : -EINVAL;
		if (a->size < 0 || a->size > MAX_FILE_SIZE)
			return -EINVAL;
		if ((ti->seals & F_SEAL_SHRINK) && a->size < ti->size)
			return -EPERM;
		if ((ti->seals & F_SEAL_GROW) && a->size > ti->size)
			return -EPERM;
		tmpfs_truncate(ino, a->size);
	}
	if (a->valid & ATTR_MODE)
		ino->mode = (ino->mode & S_IFMT) | (a->mode & 07777);
	if (a->valid & ATTR_UID)
		ino->uid = a->uid;
	if (a->valid & ATTR_GID)
		ino->gid = a->gid;
	if (a->valid & ATTR_ATIME)
		ti->atime = a->atime;
	if (a->valid & ATTR_MTIME)
		ti->mtime = a->mtime;
	now(&ti->ctime);
	return 0;
}

static int tmpfs_open(struct dentry *d, struct file *f, int flags)
{
	(void)d;
	struct inode *ino = f->inode; /* the real inode, under an overlay */
	if (S_ISREG(ino->mode) || S_ISDIR(ino->mode))
		return 0;
	return special_open(ino, f, flags);
}

static void tmpfs_evict(struct inode *ino)
{
	struct tmpfs_inode *ti = tmpfs_i(ino);
	struct tmpfs_dirent *e;
	while ((e = TAILQ_FIRST(&ti->entries)) != NULL) {
		TAILQ_REMOVE(&ti->entries, e, link);
		free(e->name);
		inode_put(e->inode);
		free(e);
	}
	xattr_free(&ti->xattrs);
	free(ti->target);
	free(ti);
}

static long tmpfs_getxattr(struct inode *ino, const char *name, void *buf, size_t size)
{
	return xattr_get(&tmpfs_i(ino)->xattrs, name, buf, size);
}

static int tmpfs_setxattr(struct inode *ino, const char *name, const void *val, size_t size,
			  int flags)
{
	int r = xattr_set(&tmpfs_i(ino)->xattrs, name, val, size, flags);
	if (r == 0)
		now(&tmpfs_i(ino)->ctime);
	return r;
}

static long tmpfs_listxattr(struct inode *ino, char *buf, size_t size)
{
	return xattr_list(&tmpfs_i(ino)->xattrs, buf, size);
}

static int tmpfs_removexattr(struct inode *ino, const char *name)
{
	return xattr_remove(&tmpfs_i(ino)->xattrs, name);
}

static const struct inode_ops tmpfs_iops = {
	.lookup = tmpfs_lookup,
	.create = tmpfs_create,
	.mkdir = tmpfs_mkdir,
	.mknod = tmpfs_mknod,
	.symlink = tmpfs_symlink,
	.link = tmpfs_link,
	.unlink = tmpfs_unlink,
	.rmdir = tmpfs_rmdir,
	.rename = tmpfs_rename,
	.readlink = tmpfs_readlink,
	.getattr = tmpfs_getattr,
	.getbtime = tmpfs_getbtime,
	.setattr = tmpfs_setattr,
	.open = tmpfs_open,
	.getxattr = tmpfs_getxattr,
	.setxattr = tmpfs_setxattr,
	.listxattr = tmpfs_listxattr,
	.removexattr = tmpfs_removexattr,
	.evict = tmpfs_evict,
};

/* --- regular file data ---------------------------------------------------- */

ssize_t tmpfs_read_inode(struct inode *ino, struct uio *to, int64_t *pos)
{
	struct tmpfs_inode *ti = tmpfs_i(ino);
	size_t total = 0;
	while (to->resid && *pos < ti->size) {
		uint64_t idx = (uint64_t)*pos / PAGE_SIZE, in = (uint64_t)*pos % PAGE_SIZE;
		size_t n = PAGE_SIZE - in;
		if ((int64_t)n > ti->size - *pos)
			n = (size_t)(ti->size - *pos);
		if (n > to->resid)
			n = to->resid;
		int64_t off = pagecache_lookup(ino->cache, idx);
		ssize_t c;
		if (off < 0) {
			static const char zeros[PAGE_SIZE];
			c = uio_copyout(to, zeros, n);
		} else {
			c = uio_copyout(to, (char *)memfile_ptr((uint64_t)off) + in, n);
		}
		if (c < 0)
			return total ? (ssize_t)total : c;
		total += (size_t)c;
		*pos += c;
		if ((size_t)c < n)
			break;
	}
	now(&ti->atime);
	return (ssize_t)total;
}

uint64_t tmpfs_limit_pages(void)
{
	static uint64_t ram;
	if (!ram) {
		struct sysinfo si;
		ram = sysinfo(&si) == 0
			  ? (uint64_t)si.totalram * (si.mem_unit ? si.mem_unit : 1) / PAGE_SIZE
			  : 1;
	}
	return memfile_limit() ? memfile_limit() : ram / 2;
}

/* Page @idx of @ino, made if missing while there is room (shmem's
 * max_blocks check): -ENOSPC past the limit. */
static int64_t data_page(struct inode *ino, uint64_t idx)
{
	int64_t off = pagecache_lookup(ino->cache, idx);
	if (off >= 0)
		return off;
	if (memfile_pages_in_use() >= tmpfs_limit_pages())
		return -ENOSPC;
	return pagecache_get_zero(ino->cache, idx);
}

ssize_t tmpfs_write_inode(struct inode *ino, struct uio *from, int64_t *pos)
{
	struct tmpfs_inode *ti = tmpfs_i(ino);
	size_t total = 0;
	if (from->resid && *pos >= MAX_FILE_SIZE)
		return -EFBIG;
	while (from->resid) {
		uint64_t idx = (uint64_t)*pos / PAGE_SIZE, in = (uint64_t)*pos % PAGE_SIZE;
		size_t n = PAGE_SIZE - in;
		if (n > from->resid)
			n = from->resid;
		int64_t off = data_page(ino, idx);
		if (off < 0)
			return total ? (ssize_t)total : off;
		ssize_t c = uio_copyin(from, (char *)memfile_ptr((uint64_t)off) + in, n);
		if (c < 0)
			return total ? (ssize_t)total : c;
		total += (size_t)c;
		*pos += c;
		if (*pos > ti->size)
			ti->size = *pos;
		if ((size_t)c < n)
			break;
	}
	if (total)
		touch_mc(ino);
	return (ssize_t)total;
}

static ssize_t tmpfs_read(struct task *t, struct file *f, struct uio *to, int64_t *pos)
{
	(void)t;
	return tmpfs_read_inode(f->inode, to, pos ? pos : &f->pos);
}

static ssize_t tmpfs_write(struct task *t, struct file *f, struct uio *from, int64_t *pos)
{
	(void)t;
	int64_t *p = pos ? pos : &f->pos;
	unsigned seals = tmpfs_i(f->inode)->seals;
	if (seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE))
		return -EPERM;
	if ((seals & F_SEAL_GROW) && *p + (int64_t)from->resid > tmpfs_i(f->inode)->size &&
	    !(f->flags & O_APPEND))
		return -EPERM;
	if ((f->flags & O_APPEND) && !pos)
		*p = tmpfs_i(f->inode)->size;
	return tmpfs_write_inode(f->inode, from, p);
}

int64_t generic_llseek(struct file *f, int64_t off, int whence, int64_t size)
{
	int64_t base;
	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = f->pos;
		break;
	case SEEK_END:
		base = size;
		break;
	case SEEK_DATA:
		if (off < 0 || off >= size)
			return -ENXIO;
		f->pos = off;
		return off;
	case SEEK_HOLE:
		if (off < 0 || off >= size)
			return -ENXIO;
		f->pos = size;
		return size;
	default:
		return -EINVAL;
	}
	if ((off > 0 && base > INT64_MAX - off) || base + off < 0)
		return -EINVAL;
	f->pos = base + off;
	return f->pos;
}

static int64_t tmpfs_llseek(struct file *f, int64_t off, int whence)
{
	return generic_llseek(f, off, whence, tmpfs_i(f->inode)->size);
}

static int tmpfs_fsync(struct file *f)
{
	(void)f;
	return 0;
}

static int tmpfs_fallocate(struct file *f, int mode, int64_t off, int64_t len)
{
	struct inode *ino = f->inode;
	struct tmpfs_inode *ti = tmpfs_i(ino);
	if (mode & ~(FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE))
		return -EOPNOTSUPP;
	if (mode & FALLOC_FL_PUNCH_HOLE) {
		if (!(mode & FALLOC_FL_KEEP_SIZE))
			return -EOPNOTSUPP;
		for (int64_t p = off; p < off + len && p < ti->size;) {
			uint64_t idx = (uint64_t)p / PAGE_SIZE, in = (uint64_t)p % PAGE_SIZE;
			int64_t n = (int64_t)(PAGE_SIZE - in);
			if (n > off + len - p)
				n = off + len - p;
			int64_t page = pagecache_lookup(ino->cache, idx);
			if (page >= 0)
				memset((char *)memfile_ptr((uint64_t)page) + in, 0, (size_t)n);
			p += n;
		}
		touch_mc(ino);
		return 0;
	}
	/* All the pages or none (shmem_fallocate undoes a partial one). */
	uint64_t missing = 0;
	for (int64_t p = off & ~(int64_t)(PAGE_SIZE - 1); p < off + len; p += PAGE_SIZE)
		missing += pagecache_lookup(ino->cache, (uint64_t)p / PAGE_SIZE) < 0;
	if (memfile_pages_in_use() + missing > tmpfs_limit_pages())
		return -ENOSPC;
	for (int64_t p = off & ~(int64_t)(PAGE_SIZE - 1); p < off + len; p += PAGE_SIZE)
		if (pagecache_get_zero(ino->cache, (uint64_t)p / PAGE_SIZE) < 0)
			return -ENOSPC;
	if (!(mode & FALLOC_FL_KEEP_SIZE) && off + len > ti->size) {
		ti->size = off + len;
		touch_mc(ino);
	}
	return 0;
}

static int tmpfs_file_stat(struct file *f, struct stat *st)
{
	return tmpfs_getattr(f->inode, st);
}

static int64_t tmpfs_get_page(struct file *f, uint64_t idx)
{
	if ((int64_t)(idx * PAGE_SIZE) >= tmpfs_i(f->inode)->size)
		return -ENXIO;
	return pagecache_get_zero(f->inode->cache, idx);
}

static int64_t tmpfs_size(struct file *f)
{
	return tmpfs_i(f->inode)->size;
}

static const struct file_ops tmpfs_file_ops = {
	.read = tmpfs_read,
	.write = tmpfs_write,
	.stat = tmpfs_file_stat,
	.llseek = tmpfs_llseek,
	.fsync = tmpfs_fsync,
	.fallocate = tmpfs_fallocate,
	.get_page = tmpfs_get_page,
	.size = tmpfs_size,
};

/* --- directories ---------------------------------------------------------- */

static unsigned dtype(mode_t m)
{
	return (unsigned)((m & S_IFMT) >> 12);
}

int tmpfs_iterate_inode(struct inode *dir, struct dir_context *ctx,
			bool (*skip)(struct inode *ino, const char *name, void *arg), void *arg)
{
	struct tmpfs_inode *ti = tmpfs_i(dir);
	if (ctx->pos == 0) {
		if (!ctx->actor(ctx, ".", 1, dir->ino, DT_DIR))
			return 0;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		if (!ctx->actor(ctx, "..", 2, ti->parent_ino ? ti->parent_ino : dir->ino, DT_DIR))
			return 0;
		ctx->pos = 2;
	}
	struct tmpfs_dirent *e;
	TAILQ_FOREACH(e, &ti->entries, link)
	{
		if (e->off < ctx->pos)
			continue;
		ctx->pos = e->off; /* the actor's d_off follows it */
		if (!(skip && skip(e->inode, e->name, arg)) &&
		    !ctx->actor(ctx, e->name, strlen(e->name), e->inode->ino, dtype(e->inode->mode)))
			return 0;
		ctx->pos = e->off + 1;
	}
	return 0;
}

static int tmpfs_iterate(struct file *f, struct dir_context *ctx)
{
	return tmpfs_iterate_inode(f->inode, ctx, NULL, NULL);
}

static int64_t tmpfs_dir_llseek(struct file *f, int64_t off, int whence)
{
	if (whence == SEEK_SET && off >= 0) {
		f->pos = off;
		return off;
	}
	if (whence == SEEK_CUR && f->pos + off >= 0) {
		f->pos += off;
		return f->pos;
	}
	return -EINVAL;
}

static const struct file_ops tmpfs_dir_ops = {
	.stat = tmpfs_file_stat,
	.iterate = tmpfs_iterate,
	.llseek = tmpfs_dir_llseek,
	.fsync = tmpfs_fsync,
};

struct super_block *tmpfs_new_sb(mode_t root_mode, uid_t uid, gid_t gid)
{
	struct super_block *sb = sb_new("tmpfs", 0x01021994 /* TMPFS_MAGIC */);
	if (!sb)
		return NULL;
	struct inode *root = tmpfs_new_inode(sb, S_IFDIR | root_mode, uid, gid);
	if (!root) {
		free(sb);
		return NULL;
	}
	sb->root = d_alloc(NULL, "/", root);
	if (!sb->root) {
		inode_put(root);
		free(sb);
		return NULL;
	}
	sb->root->sb = sb;
	return sb;
}

bool is_tmpfs_inode(const struct inode *ino)
{
	return ino->iops == &tmpfs_iops;
}
