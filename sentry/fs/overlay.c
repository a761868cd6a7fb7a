/* The overlay (fs/overlayfs in miniature): a writable upper layer (tmpfs)
 * over a read-only lower one (hostfs).
 *
 * - A name is looked up in the upper directory first; an upper whiteout (a
 *   character device 0:0, as overlayfs marks them) hides the lower name.
 *   Directories present in both are merged unless the upper one is opaque.
 * - Anything that changes a lower file first copies it up (with its parent
 *   directories): data, mode, owner, times.  Removing a lower name leaves a
 *   whiteout.  Renaming a merged directory gives EXDEV, as overlayfs does
 *   without redirect_dir, and programs (mv) fall back to copying.
 * - Files keep the identity of their origin: a lower file shows the host's
 *   st_dev/st_ino before and after copy-up; directories show the overlay's
 *   st_dev.
 */
#define _GNU_SOURCE
#include "overlay.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <stdio.h>
#include <unistd.h>

#include "../kernel/task.h"
#include "../mm/memfile.h"
#include "../mm/uio.h"
#include "file.h"
#include "hostfs.h"
#include "pagecache.h"
#include "tmpfs.h"
#include "vfs.h"

struct ovl_inode {
	struct inode *upper; /* tmpfs, or NULL */
	struct inode *lower; /* hostfs, or NULL */
	struct super_block *upper_sb;
};

static const struct inode_ops ovl_iops;
static const struct file_ops ovl_dir_ops;

static struct ovl_inode *oi(struct inode *ino)
{
	return ino->priv;
}

static struct inode *real(struct inode *ino)
{
	return oi(ino)->upper ? oi(ino)->upper : oi(ino)->lower;
}

static bool is_whiteout(struct inode *ino)
{
	return S_ISCHR(ino->mode) && ino->rdev == 0;
}

static bool opaque(struct inode *upper)
{
	return upper && is_tmpfs_inode(upper) && tmpfs_i(upper)->ovl_opaque;
}

/* An overlay inode over @upper and @lower (references taken over). */
static struct inode *ovl_inode_new(struct super_block *sb, struct inode *upper, struct inode *lower,
				   struct super_block *upper_sb)
{
	struct inode *r = upper ? upper : lower;
	struct inode *ino = inode_new(sb, r->mode, &ovl_iops, NULL);
	struct ovl_inode *o = calloc(1, sizeof(*o));
	if (!ino || !o) {
		free(ino);
		free(o);
		inode_put(upper);
		inode_put(lower);
		return NULL;
	}
	o->upper = upper;
	o->lower = lower;
	o->upper_sb = upper_sb;
	ino->priv = o;
	ino->uid = r->uid;
	ino->gid = r->gid;
	ino->nlink = r->nlink;
	ino->rdev = r->rdev;
	ino->ino = lower ? lower->ino : upper->ino;
	if (S_ISDIR(r->mode))
		ino->fops = &ovl_dir_ops;
	return ino;
}

/* Keep the overlay inode's attributes in step with its real inode. */
static void refresh(struct inode *ino)
{
	struct inode *r = real(ino);
	ino->mode = r->mode;
	ino->uid = r->uid;
	ino->gid = r->gid;
	ino->nlink = r->nlink;
}

static int ovl_lookup(struct inode *dir, const char *name, struct inode **out)
{
	struct ovl_inode *d = oi(dir);
	struct inode *u = NULL, *l = NULL;
	if (d->upper) {
		int r = d->upper->iops->lookup(d->upper, name, &u);
		if (r < 0 && r != -ENOENT)
			return r;
		if (u && is_whiteout(u)) {
			inode_put(u);
			return -ENOENT;
		}
	}
	if (d->lower && !opaque(d->upper) && (!u || S_ISDIR(u->mode))) {
		int r = d->lower->iops->lookup(d->lower, name, &l);
		if (r < 0 && r != -ENOENT) {
			inode_put(u);
			return r;
		}
		/* Only a directory merges with an upper directory. */
		if (u && l && !S_ISDIR(l->mode)) {
			inode_put(l);
			l = NULL;
		}
	}
	if (!u && !l)
		return -ENOENT;
	*out = ovl_inode_new(dir->sb, u, l, d->upper_sb);
	return *out ? 0 : -ENOMEM;
}

/* --- copy-up ---------------------------------------------------------------- */

static int copy_data(struct inode *from, struct inode *to)
{
	int64_t size = hostfs_size(from);
	if (size < 0)
		return (int)size;
	for (uint64_t idx = 0; (int64_t)(idx * PAGE_SIZE) < size; idx++) {
		int64_t src = hostfs_get_page(from, idx);
		if (src < 0)
			return (int)src;
		int64_t dst = pagecache_get_zero(to->cache, idx);
		if (dst < 0)
			return (int)dst;
		memcpy(memfile_ptr((uint64_t)dst), memfile_ptr((uint64_t)src), PAGE_SIZE);
	}
	tmpfs_i(to)->size = size;
	/* The lower file's cached pages are not needed any more here. */
	return 0;
}

static void copy_attrs(struct inode *from, struct inode *to)
{
	struct stat st;
	if (from->iops->getattr(from, &st) < 0)
		return;
	struct iattr a = {.valid = ATTR_MODE | ATTR_UID | ATTR_GID | ATTR_ATIME | ATTR_MTIME,
			  .mode = st.st_mode,
			  .uid = st.st_uid,
			  .gid = st.st_gid,
			  .atime = st.st_atim,
			  .mtime = st.st_mtim};
	to->iops->setattr(to, &a);
}

/* Give @d's overlay inode an upper inode, parents first. */
static int copy_up(struct dentry *d)
{
	struct inode *ino = d->inode;
	struct ovl_inode *o = oi(ino);
	if (o->upper)
		return 0;
	if (!d->parent)
		return -EIO; /* the overlay root always has an upper */
	int r = copy_up(d->parent);
	if (r < 0)
		return r;
	struct inode *pu = oi(d->parent->inode)->upper;
	struct inode *lower = o->lower;
	struct inode *up = NULL;
	/* A stale whiteout cannot be there (the lower is visible), so create. */
	mode_t mode = lower->mode;
	if (S_ISREG(mode)) {
		r = tmpfs_mknod_inode(pu, d->name, S_IFREG | (mode & 07777), 0, NULL, &up);
		if (r == 0)
			r = copy_data(lower, up);
	} else if (S_ISDIR(mode)) {
		r = tmpfs_mknod_inode(pu, d->name, S_IFDIR | (mode & 07777), 0, NULL, &up);
	} else if (S_ISLNK(mode)) {
		char target[PATH_MAX_LEN];
		long n = lower->iops->readlink(lower, target, sizeof(target) - 1);
		if (n < 0)
			return (int)n;
		target[n] = '\0';
		r = pu->iops->symlink(pu, d->name, target, NULL);
		if (r == 0)
			r = pu->iops->lookup(pu, d->name, &up);
	} else {
		r = tmpfs_mknod_inode(pu, d->name, mode, lower->rdev, NULL, &up);
	}
	if (r < 0) {
		inode_put(up);
		return r;
	}
	copy_attrs(lower, up);
	o->upper = up;
	refresh(ino);
	return 0;
}

static int ovl_prepare_write(struct dentry *d)
{
	return copy_up(d);
}

/* --- changing names ------------------------------------------------------- */

/* Is @name hidden by (or present in) the lower layer of @dir? */
static bool lower_has(struct inode *dir, const char *name)
{
	struct ovl_inode *d = oi(dir);
	if (!d->lower || opaque(d->upper))
		return false;
	struct inode *l = NULL;
	if (d->lower->iops->lookup(d->lower, name, &l) < 0)
		return false;
	inode_put(l);
	return true;
}

/* Remove an upper whiteout named @name, if any: true if there was one. */
static bool drop_whiteout(struct inode *pu, const char *name)
{
	struct inode *w = NULL;
	if (pu->iops->lookup(pu, name, &w) < 0)
		return false;
	bool wo = is_whiteout(w);
	inode_put(w);
	if (wo)
		pu->iops->unlink(pu, name);
	return wo;
}

static int make_whiteout(struct inode *pu, const char *name)
{
	return tmpfs_mknod_inode(pu, name, S_IFCHR | 0, makedev(0, 0), NULL, NULL);
}

static int ovl_create(struct inode *dir, const char *name, mode_t mode, struct task *t,
		      struct inode **out)
{
	struct inode *pu = oi(dir)->upper;
	drop_whiteout(pu, name);
	struct inode *up;
	int r = pu->iops->create(pu, name, mode, t, &up);
	if (r < 0)
		return r;
	*out = ovl_inode_new(dir->sb, up, NULL, oi(dir)->upper_sb);
	return *out ? 0 : -ENOMEM;
}

static int ovl_mkdir(struct inode *dir, const char *name, mode_t mode, struct task *t)
{
	struct inode *pu = oi(dir)->upper;
	bool was_whiteout = drop_whiteout(pu, name);
	int r = pu->iops->mkdir(pu, name, mode, t);
	if (r == 0 && (was_whiteout || lower_has(dir, name))) {
		/* A new directory where a lower one was removed: hide it. */
		struct inode *nd;
		if (pu->iops->lookup(pu, name, &nd) == 0) {
			tmpfs_i(nd)->ovl_opaque = true;
			inode_put(nd);
		}
	}
	return r;
}

static int ovl_mknod(struct inode *dir, const char *name, mode_t mode, dev_t dev, struct task *t)
{
	struct inode *pu = oi(dir)->upper;
	drop_whiteout(pu, name);
	return pu->iops->mknod(pu, name, mode, dev, t);
}

static int ovl_symlink(struct inode *dir, const char *name, const char *target, struct task *t)
{
	struct inode *pu = oi(dir)->upper;
	drop_whiteout(pu, name);
	return pu->iops->symlink(pu, name, target, t);
}

static int ovl_link(struct inode *old, struct inode *dir, const char *name)
{
	struct inode *pu = oi(dir)->upper;
	drop_whiteout(pu, name);
	int r = pu->iops->link(oi(old)->upper, pu, name);
	if (r == 0)
		refresh(old);
	return r;
}

static int ovl_unlink(struct inode *dir, const char *name)
{
	struct inode *pu = oi(dir)->upper;
	struct inode *u = NULL;
	bool in_upper = pu->iops->lookup(pu, name, &u) == 0 && !is_whiteout(u);
	if (u && S_ISDIR(u->mode)) {
		inode_put(u);
		return -EISDIR;
	}
	inode_put(u);
	bool in_lower = lower_has(dir, name);
	if (!in_upper && !in_lower)
		return -ENOENT;
	if (in_upper) {
		int r = pu->iops->unlink(pu, name);
		if (r < 0)
			return r;
	}
	return in_lower ? make_whiteout(pu, name) : 0;
}

/* Open a lower directory inode for reading its entries. */
static struct file *lower_open_dir(struct inode *lower, int *err)
{
	struct file *f = file_alloc(lower->fops, O_RDONLY | O_DIRECTORY, NULL);
	if (!f) {
		*err = -ENOMEM;
		return NULL;
	}
	f->inode = lower;
	inode_get(lower);
	*err = lower->iops->open(NULL, f, O_RDONLY | O_DIRECTORY);
	if (*err < 0) {
		file_put(f);
		return NULL;
	}
	return f;
}

/* Entries of a merged directory, for emptiness and readdir. */
struct merged {
	struct ovl_dirent {
		char *name;
		uint64_t ino;
		unsigned type;
	} *v;
	size_t n, cap;
	struct inode *upper; /* to test whiteouts */
};

static bool merged_has(struct merged *m, const char *name)
{
	for (size_t i = 0; i < m->n; i++)
		if (strcmp(m->v[i].name, name) == 0)
			return true;
	return false;
}

static bool merged_add(struct merged *m, const char *name, uint64_t ino, unsigned type)
{
	if (m->n == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 32;
		struct ovl_dirent *v = realloc(m->v, cap * sizeof(*v));
		if (!v)
			return false;
		m->v = v;
		m->cap = cap;
	}
	m->v[m->n].name = strdup(name);
	if (!m->v[m->n].name)
		return false;
	m->v[m->n].ino = ino;
	m->v[m->n].type = type;
	m->n++;
	return true;
}

static void merged_free(struct merged *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->v[i].name);
	free(m->v);
	memset(m, 0, sizeof(*m));
}

struct collect_ctx {
	struct dir_context ctx;
	struct merged *m;
	bool upper;
	struct inode *upper_dir;
	int err;
};

static bool collect(struct dir_context *c, const char *name, size_t len, uint64_t ino,
		    unsigned type)
{
	struct collect_ctx *cc = (struct collect_ctx *)c;
	(void)len;
	if (merged_has(cc->m, name))
		return true; /* upper first: it hides the lower entry */
	if (cc->upper && type == DT_CHR && strcmp(name, ".") && strcmp(name, "..")) {
		struct inode *w = NULL;
		if (cc->upper_dir->iops->lookup(cc->upper_dir, name, &w) == 0 && is_whiteout(w)) {
			inode_put(w);
			/* Remember it, so the lower name stays hidden, but as a
			 * whiteout (type 0) to be skipped when listing. */
			if (!merged_add(cc->m, name, 0, 0))
				cc->err = -ENOMEM;
			return cc->err == 0;
		}
		inode_put(w);
	}
	if (!merged_add(cc->m, name, ino, type)) {
		cc->err = -ENOMEM;
		return false;
	}
	return true;
}

static int merge_dir(struct inode *dir, struct merged *m)
{
	struct ovl_inode *d = oi(dir);
	struct collect_ctx cc = {.ctx.actor = collect, .m = m};
	if (d->upper) {
		cc.upper = true;
		cc.upper_dir = d->upper;
		tmpfs_iterate_inode(d->upper, &cc.ctx, NULL, NULL);
	}
	if (cc.err == 0 && d->lower && !opaque(d->upper)) {
		int err = 0;
		struct file *lf = lower_open_dir(d->lower, &err);
		if (!lf)
			return err;
		cc.upper = false;
		cc.ctx.pos = 0;
		lf->ops->iterate(lf, &cc.ctx);
		file_put(lf);
	}
	return cc.err;
}

static bool merged_empty(struct merged *m)
{
	for (size_t i = 0; i < m->n; i++) {
		if (m->v[i].type == 0)
			continue; /* a whiteout */
		if (strcmp(m->v[i].name, ".") && strcmp(m->v[i].name, ".."))
			return false;
	}
	return true;
}

static int ovl_rmdir(struct inode *dir, const char *name)
{
	struct inode *child;
	int r = ovl_lookup(dir, name, &child);
	if (r < 0)
		return r;
	if (!S_ISDIR(child->mode)) {
		inode_put(child);
		return -ENOTDIR;
	}
	struct merged m = {0};
	r = merge_dir(child, &m);
	bool empty = merged_empty(&m);
	struct inode *cu = oi(child)->upper;
	bool had_lower = oi(child)->lower != NULL;
	if (r == 0 && !empty)
		r = -ENOTEMPTY;
	if (r == 0 && cu) {
		/* Clear the whiteouts the upper directory holds, then it. */
		for (size_t i = 0; i < m.n; i++)
			if (m.v[i].type == 0)
				cu->iops->unlink(cu, m.v[i].name);
		r = oi(dir)->upper->iops->rmdir(oi(dir)->upper, name);
	}
	merged_free(&m);
	inode_put(child);
	if (r == 0 && (had_lower || lower_has(dir, name)))
		r = make_whiteout(oi(dir)->upper, name);
	return r;
}

static int ovl_rename(struct inode *odir, const char *oname, struct inode *ndir,
		      const char *nname, unsigned flags)
{
	struct inode *src;
	int r = ovl_lookup(odir, oname, &src);
	if (r < 0)
		return r;
	bool merged_dir = S_ISDIR(src->mode) && oi(src)->lower != NULL;
	inode_put(src);
	if (merged_dir)
		return -EXDEV;
	/* Whether the old name must be hidden afterwards: the source was
	 * copied up before this call (its overlay inode shows no lower any
	 * more), so ask the lower directory, as unlink does. */
	bool src_lower = lower_has(odir, oname);
	struct inode *dst = NULL;
	bool dst_exists = ovl_lookup(ndir, nname, &dst) == 0;
	bool dst_lower = dst_exists && oi(dst)->lower;
	if (dst_exists && (flags & RENAME_EXCHANGE) && dst_lower) {
		inode_put(dst);
		return -EXDEV;
	}
	if (dst_exists && S_ISDIR(dst->mode) && !(flags & RENAME_EXCHANGE)) {
		struct merged m = {0};
		r = merge_dir(dst, &m);
		bool empty = merged_empty(&m);
		if (r == 0 && !empty)
			r = -ENOTEMPTY;
		struct inode *du = oi(dst)->upper;
		if (r == 0 && du)
			for (size_t i = 0; i < m.n; i++)
				if (m.v[i].type == 0)
					du->iops->unlink(du, m.v[i].name);
		merged_free(&m);
		if (r < 0) {
			inode_put(dst);
			return r;
		}
	}
	inode_put(dst);
	struct inode *ou = oi(odir)->upper, *nu = oi(ndir)->upper;
	if (!(flags & RENAME_EXCHANGE))
		drop_whiteout(nu, nname);
	if (dst_exists && !(flags & RENAME_EXCHANGE) && (flags & RENAME_NOREPLACE))
		return -EEXIST;
	/* A lower-only target is hidden by the renamed upper entry. */
	r = ou->iops->rename(ou, oname, nu, nname, flags & ~(unsigned)RENAME_NOREPLACE);
	if (r < 0)
		return r;
	if (src_lower && !(flags & RENAME_EXCHANGE))
		r = make_whiteout(ou, oname);
	return r;
}

static long ovl_readlink(struct inode *ino, char *buf, size_t size)
{
	struct inode *r = real(ino);
	return r->iops->readlink(r, buf, size);
}

static int ovl_getattr(struct inode *ino, struct stat *st)
{
	struct ovl_inode *o = oi(ino);
	struct inode *r = real(ino);
	int rc = r->iops->getattr(r, st);
	if (rc < 0)
		return rc;
	if (S_ISDIR(st->st_mode)) {
		st->st_dev = ino->sb->dev;
		st->st_ino = ino->ino;
		/* A merged directory lists mostly the lower's entries: its
		 * size and link count are the lower's, as the host shows
		 * them (the upper's are a tmpfs directory's, made when the
		 * first change to it was). */
		struct stat ls;
		if (o->upper && o->lower && !opaque(o->upper) &&
		    o->lower->iops->getattr(o->lower, &ls) == 0) {
			st->st_size = ls.st_size;
			st->st_nlink = ls.st_nlink;
			st->st_blocks = ls.st_blocks;
			st->st_blksize = ls.st_blksize;
		}
	} else if (o->lower && o->upper) {
		/* Copied up: keep the origin's identity. */
		struct stat ls;
		if (o->lower->iops->getattr(o->lower, &ls) == 0) {
			st->st_dev = ls.st_dev;
			st->st_ino = ls.st_ino;
		}
	}
	return 0;
}

static int ovl_getbtime(struct inode *ino, struct timespec *ts)
{
	struct inode *r = real(ino);
	return r->iops->getbtime ? r->iops->getbtime(r, ts) : -ENODATA;
}

static int ovl_setattr(struct inode *ino, const struct iattr *a)
{
	struct inode *u = oi(ino)->upper;
	if (!u)
		return -EROFS; /* the VFS copies up first (prepare_write) */
	int r = u->iops->setattr(u, a);
	refresh(ino);
	return r;
}

static int ovl_open(struct dentry *d, struct file *f, int flags)
{
	struct inode *ino = d->inode;
	if (S_ISDIR(ino->mode)) {
		f->ops = &ovl_dir_ops;
		return 0;
	}
	/* The file is the real inode's: the overlay inode steps aside. */
	struct inode *r = real(ino);
	inode_get(r);
	inode_put(f->inode);
	f->inode = r;
	f->ops = r->fops;
	if (r->iops->open)
		return r->iops->open(d, f, flags);
	return 0;
}

static long ovl_getxattr(struct inode *ino, const char *name, void *buf, size_t size)
{
	struct inode *r = real(ino);
	return r->iops->getxattr ? r->iops->getxattr(r, name, buf, size) : -ENODATA;
}

static int ovl_setxattr(struct inode *ino, const char *name, const void *val, size_t size,
			int flags)
{
	struct inode *u = oi(ino)->upper;
	return u ? u->iops->setxattr(u, name, val, size, flags) : -EROFS;
}

static long ovl_listxattr(struct inode *ino, char *buf, size_t size)
{
	struct inode *r = real(ino);
	return r->iops->listxattr ? r->iops->listxattr(r, buf, size) : 0;
}

static int ovl_removexattr(struct inode *ino, const char *name)
{
	struct inode *u = oi(ino)->upper;
	return u ? u->iops->removexattr(u, name) : -EROFS;
}

static void ovl_evict(struct inode *ino)
{
	inode_put(oi(ino)->upper);
	inode_put(oi(ino)->lower);
	free(ino->priv);
}

static const struct inode_ops ovl_iops = {
	.lookup = ovl_lookup,
	.create = ovl_create,
	.mkdir = ovl_mkdir,
	.mknod = ovl_mknod,
	.symlink = ovl_symlink,
	.link = ovl_link,
	.unlink = ovl_unlink,
	.rmdir = ovl_rmdir,
	.rename = ovl_rename,
	.readlink = ovl_readlink,
	.getattr = ovl_getattr,
	.getbtime = ovl_getbtime,
	.setattr = ovl_setattr,
	.open = ovl_open,
	.getxattr = ovl_getxattr,
	.setxattr = ovl_setxattr,
	.listxattr = ovl_listxattr,
	.removexattr = ovl_removexattr,
	.evict = ovl_evict,
	.prepare_write = ovl_prepare_write,
};

/* --- merged directories -------------------------------------------------- */

struct ovl_dir {
	struct merged m;
	bool loaded;
};

static int ovl_iterate(struct file *f, struct dir_context *ctx)
{
	struct ovl_dir *od = f->priv;
	if (!od) {
		od = calloc(1, sizeof(*od));
		if (!od)
			return -ENOMEM;
		f->priv = od;
	}
	if (!od->loaded || ctx->pos == 0) {
		merged_free(&od->m);
		int r = merge_dir(f->path.dentry->inode, &od->m);
		if (r < 0)
			return r;
		od->loaded = true;
	}
	for (size_t i = (size_t)ctx->pos; i < od->m.n; i++) {
		struct ovl_dirent *e = &od->m.v[i];
		if (e->type != 0) {
			/* "." and ".." are the overlay's directories, as stat
			 * shows them (ovl_cache_update_ino), not the layer's
			 * the entry came from; ".." of the root is itself. */
			uint64_t ino = e->ino;
			struct dentry *dir = f->path.dentry;
			if (!strcmp(e->name, "."))
				ino = dir->inode->ino;
			else if (!strcmp(e->name, ".."))
				ino = (dir->parent ? dir->parent : dir)->inode->ino;
			if (!ctx->actor(ctx, e->name, strlen(e->name), ino, e->type))
				return 0;
		}
		ctx->pos = (int64_t)i + 1;
	}
	return 0;
}

static int64_t ovl_dir_llseek(struct file *f, int64_t off, int whence)
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

static int ovl_dir_stat(struct file *f, struct stat *st)
{
	return ovl_getattr(f->path.dentry->inode, st);
}

static void ovl_dir_release(struct file *f)
{
	struct ovl_dir *od = f->priv;
	if (od) {
		merged_free(&od->m);
		free(od);
	}
}

static int ovl_fsync(struct file *f)
{
	(void)f;
	return 0;
}

static const struct file_ops ovl_dir_ops = {
	.stat = ovl_dir_stat,
	.iterate = ovl_iterate,
	.llseek = ovl_dir_llseek,
	.fsync = ovl_fsync,
	.release = ovl_dir_release,
};

struct super_block *overlay_new_sb(struct super_block *lower, struct super_block *upper)
{
	struct super_block *sb = sb_new("overlay", 0x794c7630 /* OVERLAYFS_SUPER_MAGIC */);
	if (!sb)
		return NULL;
	inode_get(upper->root->inode);
	inode_get(lower->root->inode);
	struct inode *root = ovl_inode_new(sb, upper->root->inode, lower->root->inode, upper);
	if (!root) {
		free(sb);
		return NULL;
	}
	root->mode = lower->root->inode->mode;
	/* The upper root stands for the lower one from the start: its
	 * owner, mode and times, as a copy-up would give. */
	copy_attrs(lower->root->inode, upper->root->inode);
	sb->root = d_alloc(NULL, "/", root);
	if (!sb->root) {
		inode_put(root);
		free(sb);
		return NULL;
	}
	sb->root->sb = sb;
	return sb;
}

bool is_overlay_inode(const struct inode *ino)
{
	return ino->iops == &ovl_iops;
}
