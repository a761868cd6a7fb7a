/* Creating, removing and renaming names (fs/namei.c): mkdir, mknod,
 * symlink, link, unlink, rmdir, rename and their *at forms. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../fs/file.h"
#include "../fs/fs_struct.h"
#include "../fs/fsnotify.h"
#include "../fs/vfs.h"
#include "../kernel/cred.h"
#include "../kernel/task.h"
#include "../mm/mm.h"
#include "syscalls.h"

/* The parent directory of @upath, checked for writing a name into it. */
struct nameop {
	struct path parent;
	const char *last;
	char *buf;
	bool trailing;
};

static void nameop_done(struct nameop *op)
{
	path_put(&op->parent);
	free(op->buf);
}

static int nameop_start(struct task *t, int dirfd, uint64_t upath, struct nameop *op)
{
	char name[PATH_MAX_LEN];
	memset(op, 0, sizeof(*op));
	long n = getname(t, upath, name);
	if (n < 0)
		return (int)n;
	return path_parent(t, dirfd, name, 0, &op->parent, &op->last, &op->buf, &op->trailing);
}

/* Is the last component ".", ".." or none ("/")?  Linux's LAST_DOT,
 * LAST_DOTDOT and LAST_ROOT: no name to make (filename_create: EEXIST) or
 * remove (unlink: EISDIR), and never one for a filesystem to look up. */
static bool special_last(const struct nameop *op)
{
	return !*op->last || !strcmp(op->last, ".") || !strcmp(op->last, "..");
}

/* may_create/may_delete: write and search permission on the directory, a
 * writable mount, and the overlay's copy-up of the directory. */
static int may_change_dir(struct task *t, struct path *dir)
{
	struct inode *ino = dir->dentry->inode;
	int r = inode_permission(t, ino, MAY_WRITE | MAY_EXEC);
	if (r < 0)
		return r;
	if (path_readonly(dir))
		return -EROFS;
	if (ino->iops->prepare_write)
		return ino->iops->prepare_write(dir->dentry);
	return 0;
}

/* Sticky directories: only the owner of the file or of the directory (or
 * root) may remove or rename its entries (check_sticky). */
static int check_sticky(struct task *t, struct inode *dir, struct inode *victim)
{
	if (!(dir->mode & S_ISVTX))
		return 0;
	if (victim->uid == t->cred.fsuid || dir->uid == t->cred.fsuid || capable(t, CAP_FOWNER))
		return 0;
	return -EPERM;
}

/* After a change of @dir's entry @name: the cached dentry is stale. */
static void forget(struct dentry *dir, const char *name)
{
	struct dentry *d = d_lookup_cached(dir, name);
	if (d) {
		d_drop(d);
		d_put(d);
	}
}

/* The existing child @last of the op's directory (a new reference), or
 * NULL with *err. */
static struct dentry *child(struct nameop *op, int *err)
{
	struct dentry *d;
	*err = lookup_one(op->parent.dentry, op->last, &d);
	return *err < 0 ? NULL : d;
}

static long do_mknodat(struct task *t, int dirfd, uint64_t upath, mode_t mode, dev_t dev)
{
	switch (mode & S_IFMT) {
	case 0:
		mode |= S_IFREG;
		break;
	case S_IFREG:
	case S_IFIFO:
	case S_IFSOCK:
		break;
	case S_IFCHR:
	case S_IFBLK:
		break; /* CAP_MKNOD: after the directory's permission */
	case S_IFDIR:
		return -EPERM;
	default:
		return -EINVAL;
	}
	struct nameop op;
	int r = nameop_start(t, dirfd, upath, &op);
	if (r < 0)
		return r;
	if (special_last(&op)) {
		nameop_done(&op);
		return -EEXIST;
	}
	int err;
	struct dentry *d = child(&op, &err);
	if (!d)
		r = err;
	else if (d->inode)
		r = -EEXIST;
	else if (op.trailing)
		r = -ENOENT;
	else
		r = may_change_dir(t, &op.parent);
	/* vfs_mknod: may_create, then CAP_MKNOD for a device. */
	if (r == 0 && (S_ISCHR(mode) || S_ISBLK(mode)) && !capable(t, CAP_MKNOD))
		r = -EPERM;
	if (d)
		d_put(d);
	struct inode *dir = op.parent.dentry->inode;
	if (r == 0)
		r = dir->iops->mknod ? dir->iops->mknod(dir, op.last, (mode & S_IFMT) |
							  (mode & 07777 & ~t->fs->umask),
							  dev, t)
				     : -EPERM;
	if (r == 0) {
		forget(op.parent.dentry, op.last);
		fsnotify_name(dir, op.last, IN_CREATE, false, 0);
	}
	nameop_done(&op);
	return r;
}

SYSCALL(mknod)
{
	return do_mknodat(t, AT_FDCWD, a[0], (mode_t)a[1], (dev_t)a[2]);
}

SYSCALL(mknodat)
{
	return do_mknodat(t, (int)a[0], a[1], (mode_t)a[2], (dev_t)a[3]);
}

static long do_mkdirat(struct task *t, int dirfd, uint64_t upath, mode_t mode)
{
	struct nameop op;
	int r = nameop_start(t, dirfd, upath, &op);
	if (r < 0)
		return r;
	if (special_last(&op)) {
		nameop_done(&op);
		return -EEXIST;
	}
	int err;
	struct dentry *d = child(&op, &err);
	if (!d)
		r = err;
	else if (d->inode)
		r = -EEXIST;
	else
		r = may_change_dir(t, &op.parent);
	if (d)
		d_put(d);
	struct inode *dir = op.parent.dentry->inode;
	if (r == 0)
		r = dir->iops->mkdir ? dir->iops->mkdir(dir, op.last, mode & 07777 & ~t->fs->umask, t)
				     : -EPERM;
	if (r == 0) {
		forget(op.parent.dentry, op.last);
		fsnotify_name(dir, op.last, IN_CREATE, true, 0);
	}
	nameop_done(&op);
	return r;
}

SYSCALL(mkdir)
{
	return do_mkdirat(t, AT_FDCWD, a[0], (mode_t)a[1]);
}

SYSCALL(mkdirat)
{
	return do_mkdirat(t, (int)a[0], a[1], (mode_t)a[2]);
}

static long do_symlinkat(struct task *t, uint64_t utarget, int dirfd, uint64_t upath)
{
	char target[PATH_MAX_LEN];
	long n = getname(t, utarget, target);
	if (n < 0)
		return n;
	if (n == 0)
		return -ENOENT;
	struct nameop op;
	int r = nameop_start(t, dirfd, upath, &op);
	if (r < 0)
		return r;
	if (special_last(&op)) {
		nameop_done(&op);
		return -EEXIST;
	}
	int err;
	struct dentry *d = child(&op, &err);
	if (!d)
		r = err;
	else if (d->inode)
		r = -EEXIST;
	else if (op.trailing)
		r = -ENOENT;
	else
		r = may_change_dir(t, &op.parent);
	if (d)
		d_put(d);
	struct inode *dir = op.parent.dentry->inode;
	if (r == 0)
		r = dir->iops->symlink ? dir->iops->symlink(dir, op.last, target, t) : -EPERM;
	if (r == 0) {
		forget(op.parent.dentry, op.last);
		fsnotify_name(dir, op.last, IN_CREATE, false, 0);
	}
	nameop_done(&op);
	return r;
}

SYSCALL(symlink)
{
	return do_symlinkat(t, a[0], AT_FDCWD, a[1]);
}

SYSCALL(symlinkat)
{
	return do_symlinkat(t, a[0], (int)a[1], a[2]);
}

static long do_linkat(struct task *t, int olddirfd, uint64_t oldpath, int newdirfd,
		      uint64_t newpath, int flags)
{
	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	char oname[PATH_MAX_LEN];
	long n = getname(t, oldpath, oname);
	if (n < 0)
		return n;
	struct path old;
	unsigned lf = ((flags & AT_SYMLINK_FOLLOW) ? LOOKUP_FOLLOW : 0) |
		      ((flags & AT_EMPTY_PATH) ? LOOKUP_EMPTY : 0);
	int r = path_lookup(t, olddirfd, oname, lf, &old);
	if (r < 0)
		return r;
	struct nameop op;
	r = nameop_start(t, newdirfd, newpath, &op);
	if (r < 0) {
		path_put(&old);
		return r;
	}
	struct inode *src = old.dentry->inode;
	int err;
	struct dentry *d = NULL;
	if (special_last(&op))
		r = -EEXIST;
	else if (S_ISDIR(src->mode))
		r = -EPERM;
	else if (old.mnt != op.parent.mnt)
		r = -EXDEV;
	else if (!(d = child(&op, &err)))
		r = err;
	else if (d->inode)
		r = -EEXIST;
	else if (op.trailing)
		r = -ENOENT;
	else
		r = may_change_dir(t, &op.parent);
	if (d)
		d_put(d);
	if (r == 0 && src->iops->prepare_write)
		r = src->iops->prepare_write(old.dentry);
	struct inode *dir = op.parent.dentry->inode;
	if (r == 0)
		r = dir->iops->link ? dir->iops->link(src, dir, op.last) : -EPERM;
	if (r == 0) {
		forget(op.parent.dentry, op.last);
		/* fsnotify_link: the link count, then the new name. */
		fsnotify_inode(src, IN_ATTRIB);
		fsnotify_name(dir, op.last, IN_CREATE, false, 0);
	}
	nameop_done(&op);
	path_put(&old);
	return r;
}

SYSCALL(link)
{
	return do_linkat(t, AT_FDCWD, a[0], AT_FDCWD, a[1], 0);
}

SYSCALL(linkat)
{
	return do_linkat(t, (int)a[0], a[1], (int)a[2], a[3], (int)a[4]);
}

static long do_unlinkat(struct task *t, int dirfd, uint64_t upath, bool dir_op)
{
	struct nameop op;
	int r = nameop_start(t, dirfd, upath, &op);
	if (r < 0)
		return r;
	if (dir_op && !strcmp(op.last, ".")) {
		nameop_done(&op);
		return -EINVAL;
	}
	if (dir_op && (!strcmp(op.last, "..") || !*op.last)) {
		r = !*op.last ? -EBUSY : -ENOTEMPTY;
		nameop_done(&op);
		return r;
	}
	if (!dir_op && special_last(&op)) {
		nameop_done(&op);
		return -EISDIR;
	}
	int err;
	struct dentry *d = child(&op, &err);
	struct inode *dir = op.parent.dentry->inode;
	if (!d) {
		r = err;
	} else if (!d->inode) {
		r = -ENOENT;
	} else if (dir_op && !S_ISDIR(d->inode->mode)) {
		r = -ENOTDIR;
	} else if (!dir_op && S_ISDIR(d->inode->mode)) {
		r = -EISDIR;
	} else if (!dir_op && op.trailing) {
		r = -ENOTDIR;
	} else if (d->mounted) {
		r = -EBUSY;
	} else {
		r = may_change_dir(t, &op.parent);
		if (r == 0)
			r = check_sticky(t, dir, d->inode);
	}
	nlink_t links = d && d->inode ? d->inode->nlink : 0;
	if (r == 0)
		r = dir_op ? (dir->iops->rmdir ? dir->iops->rmdir(dir, op.last) : -EPERM)
			   : (dir->iops->unlink ? dir->iops->unlink(dir, op.last) : -EPERM);
	if (r == 0 && d) {
		/* vfs_unlink's link count (not rmdir's), d_delete's
		 * IN_DELETE_SELF for the last name, then the parent's
		 * IN_DELETE. */
		if (!dir_op)
			fsnotify_inode(d->inode, IN_ATTRIB);
		if (dir_op || links <= 1)
			fsnotify_delete_self(d->inode);
		fsnotify_name(dir, op.last, IN_DELETE, dir_op, 0);
		d_drop(d);
	}
	if (d)
		d_put(d);
	nameop_done(&op);
	return r;
}

SYSCALL(unlink)
{
	return do_unlinkat(t, AT_FDCWD, a[0], false);
}

SYSCALL(rmdir)
{
	return do_unlinkat(t, AT_FDCWD, a[0], true);
}

SYSCALL(unlinkat)
{
	int flags = (int)a[2];
	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	return do_unlinkat(t, (int)a[0], a[1], flags & AT_REMOVEDIR);
}

/* Is @d an ancestor of (or @d itself) of @child? */
static bool is_ancestor(struct dentry *d, struct dentry *child)
{
	for (struct dentry *p = child; p; p = p->parent)
		if (p == d)
			return true;
	return false;
}

static long do_renameat2(struct task *t, int odirfd, uint64_t opath, int ndirfd, uint64_t npath,
			 unsigned flags)
{
	if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT))
		return -EINVAL;
	if ((flags & (RENAME_NOREPLACE | RENAME_WHITEOUT)) && (flags & RENAME_EXCHANGE))
		return -EINVAL;
	if ((flags & RENAME_WHITEOUT) && !capable(t, CAP_MKNOD))
		return -EPERM;
	struct nameop o, n;
	int r = nameop_start(t, odirfd, opath, &o);
	if (r < 0)
		return r;
	r = nameop_start(t, ndirfd, npath, &n);
	if (r < 0) {
		nameop_done(&o);
		return r;
	}
	struct dentry *od = NULL, *nd = NULL;
	int err;
	if (!strcmp(o.last, ".") || !strcmp(o.last, "..") || !*o.last || !strcmp(n.last, ".") ||
	    !strcmp(n.last, "..") || !*n.last)
		r = -EBUSY;
	else if (o.parent.mnt != n.parent.mnt)
		r = -EXDEV;
	else if (!(od = child(&o, &err)))
		r = err;
	else if (!od->inode)
		r = -ENOENT;
	else if (!(nd = child(&n, &err)))
		r = err;
	else if ((flags & RENAME_EXCHANGE) && !nd->inode)
		r = -ENOENT;
	else if ((flags & RENAME_NOREPLACE) && nd->inode)
		r = -EEXIST;
	if (r == 0) {
		struct inode *src = od->inode, *dst = nd->inode;
		bool sdir = S_ISDIR(src->mode);
		if ((o.trailing || n.trailing) && !sdir)
			r = -ENOTDIR;
		else if (od == nd || (dst && dst == src))
			r = 0; /* the same file: nothing to do */
		else if (sdir && is_ancestor(od, n.parent.dentry))
			r = -EINVAL; /* into its own subtree */
		else if (dst && (flags & RENAME_EXCHANGE) && S_ISDIR(dst->mode) &&
			 is_ancestor(nd, o.parent.dentry))
			r = -EINVAL;
		else if (dst && !(flags & RENAME_EXCHANGE) && sdir && !S_ISDIR(dst->mode))
			r = -ENOTDIR;
		else if (dst && !(flags & RENAME_EXCHANGE) && !sdir && S_ISDIR(dst->mode))
			r = -EISDIR;
		else if (od->mounted || (nd->mounted && dst))
			r = -EBUSY;
		else {
			r = may_change_dir(t, &o.parent);
			if (r == 0)
				r = may_change_dir(t, &n.parent);
			if (r == 0)
				r = check_sticky(t, o.parent.dentry->inode, src);
			if (r == 0 && dst)
				r = check_sticky(t, n.parent.dentry->inode, dst);
			/* Moving a directory rewrites its "..": write permission. */
			if (r == 0 && sdir && o.parent.dentry != n.parent.dentry)
				r = inode_permission(t, src, MAY_WRITE);
			if (r == 0 && src->iops->prepare_write)
				r = src->iops->prepare_write(od);
			struct inode *odir = o.parent.dentry->inode, *ndir = n.parent.dentry->inode;
			nlink_t dst_links = dst ? dst->nlink : 0;
			if (r == 0)
				r = odir->iops->rename ? odir->iops->rename(odir, o.last, ndir, n.last,
									    flags)
						       : -EPERM;
			if (r == 0) {
				/* fsnotify_move, for each file that moved. */
				uint32_t cookie = fsnotify_cookie();
				fsnotify_name(odir, o.last, IN_MOVED_FROM, sdir, cookie);
				fsnotify_name(ndir, n.last, IN_MOVED_TO, sdir, cookie);
				if (dst && !(flags & RENAME_EXCHANGE))
					fsnotify_inode(dst, IN_ATTRIB);
				fsnotify_inode(src, IN_MOVE_SELF);
				if (dst && (flags & RENAME_EXCHANGE)) {
					bool ddir = S_ISDIR(dst->mode);
					cookie = fsnotify_cookie();
					fsnotify_name(ndir, n.last, IN_MOVED_FROM, ddir, cookie);
					fsnotify_name(odir, o.last, IN_MOVED_TO, ddir, cookie);
					fsnotify_inode(dst, IN_MOVE_SELF);
				} else if (dst && (S_ISDIR(dst->mode) || dst_links <= 1)) {
					fsnotify_delete_self(dst);
				}
			}
			if (r == 0 && (flags & RENAME_EXCHANGE)) {
				d_drop(od);
				d_drop(nd);
			} else if (r == 0) {
				/* The moved dentry keeps its inode under its new
				 * name: open files and cwds follow it. */
				d_drop(nd);
				forget(o.parent.dentry, o.last);
				r = d_move(od, n.parent.dentry, n.last);
			}
		}
	}
	if (od)
		d_put(od);
	if (nd)
		d_put(nd);
	nameop_done(&o);
	nameop_done(&n);
	return r;
}

SYSCALL(rename)
{
	return do_renameat2(t, AT_FDCWD, a[0], AT_FDCWD, a[1], 0);
}

SYSCALL(renameat)
{
	return do_renameat2(t, (int)a[0], a[1], (int)a[2], a[3], 0);
}

SYSCALL(renameat2)
{
	return do_renameat2(t, (int)a[0], a[1], (int)a[2], a[3], (unsigned)a[4]);
}
