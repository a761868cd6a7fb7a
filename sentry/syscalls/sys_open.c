/* Opening and looking at files: open/openat/openat2/creat, stat family,
 * statx, access, readlink, getdents64, getdents, getcwd, chdir, fchdir, chroot
 * (fs/open.c, fs/stat.c, fs/namei.c, fs/readdir.c, fs/d_path.c). */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <sys/sysmacros.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <linux/stat.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../fs/fdtable.h"
#include "../fs/file.h"
#include "../fs/fs_struct.h"
#include "../fs/fsnotify.h"
#include "../fs/pipe.h"
#include "../fs/special.h"
#include "../fs/vfs.h"
#include "../kernel/cred.h"
#include "../kernel/sched.h"
#include "../kernel/task.h"
#include "../mm/mm.h"
#include "syscalls.h"

/* Copy a path from the guest: -EFAULT, -ENAMETOOLONG (PATH_MAX with NUL). */
long getname(struct task *t, uint64_t upath, char *buf)
{
	long n = strncpy_from_user(t->mm, buf, upath, PATH_MAX_LEN);
	return n;
}

static unsigned long nofile(struct task *t)
{
	return t->tg->rlim[RLIMIT_NOFILE].rlim_cur;
}

/* The flags open(2) knows (VALID_OPEN_FLAGS). */
#define VALID_OPEN_FLAGS                                                                           \
	(O_RDONLY | O_WRONLY | O_RDWR | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND |         \
	 O_NONBLOCK | O_DSYNC | FASYNC | O_DIRECT | O_LARGEFILE | O_DIRECTORY | O_NOFOLLOW |       \
	 O_NOATIME | O_CLOEXEC | O_PATH | O_TMPFILE | O_SYNC)

static long fifo_open_interrupted(struct task *t)
{
	if (t->pending_open) {
		file_put(t->pending_open);
		t->pending_open = NULL;
	}
	return -ERESTARTSYS;
}

/* Finish an open whose FIFO end waits for its partner. */
static long fifo_wait(struct task *t, struct file *f, int flags)
{
	if (fifo_partner_ready(f)) {
		t->pending_open = NULL;
		int fd = fd_install(t->files, f, 0, flags & O_CLOEXEC, nofile(t));
		if (fd < 0)
			file_put(f);
		return fd;
	}
	t->pending_open = f;
	t->sc.interrupt = fifo_open_interrupted;
	task_wait_on(t, pipe_waitqueue(f));
	return -SBX_BLOCK;
}

/* Create @last in @parent (O_CREAT on a missing name). */
static int create_file(struct task *t, struct path *parent, const char *last, mode_t mode,
		       struct dentry **out)
{
	struct inode *dir = parent->dentry->inode;
	int r = inode_permission(t, dir, MAY_WRITE | MAY_EXEC);
	if (r < 0)
		return r;
	if (path_readonly(parent))
		return -EROFS;
	if (!dir->iops->create)
		return -EACCES;
	if (dir->iops->prepare_write && (r = dir->iops->prepare_write(parent->dentry)) < 0)
		return r;
	struct inode *ino;
	r = dir->iops->create(dir, last, mode & ~t->fs->umask & 07777, t, &ino);
	if (r < 0)
		return r;
	fsnotify_name(dir, last, IN_CREATE, false, 0);
	struct dentry *old = d_lookup_cached(parent->dentry, last);
	if (old) {
		d_drop(old);
		d_put(old);
	}
	*out = d_alloc(parent->dentry, last, ino);
	return *out ? 0 : -ENOMEM;
}

long do_open(struct task *t, int dirfd, const char *name, int flags, mode_t mode,
	     unsigned resolve)
{
	if (t->pending_open)
		return fifo_wait(t, t->pending_open, flags);
	/* build_open_flags: O_SYNC is __O_SYNC with O_DSYNC, always both. */
	if (flags & 04000000)
		flags |= O_DSYNC;
	if (flags & O_PATH)
		flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
	unsigned lf = resolve;
	if (!(flags & O_NOFOLLOW))
		lf |= LOOKUP_FOLLOW;
	if (flags & O_DIRECTORY)
		lf |= LOOKUP_DIRECTORY;
	if ((flags & O_TMPFILE) == O_TMPFILE)
		return -EOPNOTSUPP;
	struct path p;
	int r;
	if (flags & O_CREAT) {
		struct path parent;
		const char *last;
		char *lastbuf;
		bool trailing;
		r = path_parent(t, dirfd, name, resolve, &parent, &last, &lastbuf, &trailing);
		if (r < 0)
			return r;
		if (trailing) {
			path_put(&parent);
			free(lastbuf);
			return -EISDIR;
		}
		if (!strcmp(last, ".") || !strcmp(last, "..") || !*last) {
			path_put(&parent);
			free(lastbuf);
			return -EISDIR;
		}
		struct dentry *d;
		r = lookup_one(parent.dentry, last, &d);
		if (r == 0 && d->inode) {
			/* It exists: open it (following a final symlink unless
			 * O_NOFOLLOW), or fail with O_EXCL. */
			if (flags & O_EXCL) {
				d_put(d);
				r = -EEXIST;
			} else if (S_ISLNK(d->inode->mode)) {
				d_put(d);
				r = (flags & O_NOFOLLOW) ? -ELOOP
							 : path_lookup(t, dirfd, name, lf | LOOKUP_NEGATIVE, &p);
				if (r == 0 && !p.dentry->inode) {
					/* A dangling link: create its target, where the
					 * walk through the link ended (open_last_lookups). */
					struct path tparent = {.mnt = p.mnt, .dentry = p.dentry->parent};
					char *tname = tparent.dentry ? strdup(p.dentry->name) : NULL;
					struct dentry *nd = NULL;
					r = tname ? 0 : -ENOENT;
					if (r == 0) {
						d_get(tparent.dentry);
						r = create_file(t, &tparent, tname, mode, &nd);
						d_put(tparent.dentry);
					}
					free(tname);
					path_put(&p);
					if (r == 0) {
						p.mnt = tparent.mnt;
						p.dentry = nd;
						flags = (flags & ~O_TRUNC) | FMODE_CREATED;
					}
				}
			} else {
				p.mnt = parent.mnt;
				p.dentry = d;
				/* Cross a mount stacked on it. */
				struct vfsmount *m;
				while (p.dentry->mounted && (m = mount_at(p.mnt, p.dentry))) {
					d_get(m->root);
					d_put(p.dentry);
					p.mnt = m;
					p.dentry = m->root;
				}
			}
			if (r == 0 && S_ISDIR(p.dentry->inode->mode)) {
				path_put(&p);
				r = -EISDIR;
			}
		} else if (r == 0) {
			d_put(d);
			struct dentry *nd;
			r = create_file(t, &parent, last, mode, &nd);
			if (r == 0) {
				p.mnt = parent.mnt;
				p.dentry = nd;
				flags = (flags & ~O_TRUNC) | FMODE_CREATED;
			}
		}
		path_put(&parent);
		free(lastbuf);
		if (r < 0)
			return r;
	} else {
		r = path_lookup(t, dirfd, name, lf | ((flags & O_PATH) ? LOOKUP_EMPTY : 0), &p);
		if (r < 0)
			return r;
		if ((flags & O_NOFOLLOW) && !(flags & O_PATH) && S_ISLNK(p.dentry->inode->mode)) {
			path_put(&p);
			return -ELOOP;
		}
	}
	struct file *f = vfs_open(t, &p, flags, &r);
	path_put(&p);
	if (!f)
		return r;
	if (r == 1)
		return fifo_wait(t, f, flags);
	int fd = fd_install(t->files, f, 0, flags & O_CLOEXEC, nofile(t));
	if (fd < 0)
		file_put(f);
	return fd;
}

/* The kernel's O_LARGEFILE: glibc's headers call it 0 on x86-64. */
#define KERNEL_O_LARGEFILE 0100000

static long open_common(struct task *t, int dirfd, uint64_t upath, int flags, mode_t mode)
{
	char name[PATH_MAX_LEN];
	long n = getname(t, upath, name);
	if (n < 0)
		return n;
	if (flags & ~VALID_OPEN_FLAGS & ~KERNEL_O_LARGEFILE)
		flags &= VALID_OPEN_FLAGS; /* open(2) ignores unknown flags */
	/* force_o_largefile: on 64-bit, open, openat and creat (not
	 * openat2) set it, and F_GETFL shows it. */
	flags |= KERNEL_O_LARGEFILE;
	return do_open(t, dirfd, name, flags, mode, 0);
}

SYSCALL(open)
{
	return open_common(t, AT_FDCWD, a[0], (int)a[1], (mode_t)a[2]);
}

SYSCALL(openat)
{
	return open_common(t, (int)a[0], a[1], (int)a[2], (mode_t)a[3]);
}

SYSCALL(creat)
{
	return open_common(t, AT_FDCWD, a[0], O_CREAT | O_WRONLY | O_TRUNC, (mode_t)a[1]);
}

SYSCALL(openat2)
{
	struct open_how how;
	size_t size = a[3];
	if (size < sizeof(struct open_how)) /* OPEN_HOW_SIZE_VER0: the first version */
		return -EINVAL;
	if (size > PAGE_SIZE)
		return -E2BIG;
	memset(&how, 0, sizeof(how));
	if (copy_from_user(t->mm, &how, a[2], size < sizeof(how) ? size : sizeof(how)) < 0)
		return -EFAULT;
	for (size_t off = sizeof(how); off < size; off++) {
		char c;
		if (copy_from_user(t->mm, &c, a[2] + off, 1) < 0)
			return -EFAULT;
		if (c)
			return -E2BIG;
	}
	/* build_open_flags: openat2 refuses what open ignores. */
	if (how.flags & ~(uint64_t)VALID_OPEN_FLAGS)
		return -EINVAL;
	if (how.resolve & ~(uint64_t)(RESOLVE_NO_XDEV | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_SYMLINKS |
				      RESOLVE_BENEATH | RESOLVE_IN_ROOT | RESOLVE_CACHED))
		return -EINVAL;
	if ((how.resolve & RESOLVE_BENEATH) && (how.resolve & RESOLVE_IN_ROOT))
		return -EINVAL;
	if (how.mode & ~(uint64_t)07777)
		return -EINVAL;
	if (!(how.flags & (O_CREAT | __O_TMPFILE)) && how.mode)
		return -EINVAL;
	if (how.resolve & RESOLVE_CACHED)
		return -EAGAIN; /* nothing is known to be cached */
	char name[PATH_MAX_LEN];
	long n = getname(t, a[1], name);
	if (n < 0)
		return n;
	unsigned lf = 0;
	if (how.resolve & RESOLVE_NO_XDEV)
		lf |= LOOKUP_NO_XDEV;
	if (how.resolve & RESOLVE_NO_MAGICLINKS)
		lf |= LOOKUP_NO_MAGIC;
	if (how.resolve & RESOLVE_NO_SYMLINKS)
		lf |= LOOKUP_NO_SYMLINK;
	if (how.resolve & RESOLVE_BENEATH)
		lf |= LOOKUP_BENEATH;
	if (how.resolve & RESOLVE_IN_ROOT)
		lf |= LOOKUP_IN_ROOT;
	return do_open(t, (int)a[0], name, (int)how.flags, (mode_t)how.mode, lf);
}

/* --- stat ------------------------------------------------------------------- */

int vfs_getattr(struct inode *ino, struct stat *st)
{
	if (!ino->iops || !ino->iops->getattr)
		return -EINVAL;
	return ino->iops->getattr(ino, st);
}

/* What statx shows beyond struct stat. */
struct statx_extra {
	struct timespec btime;
	bool has_btime;
	int mnt_id;
	bool mount_root;
};

static void get_extra(struct inode *ino, struct vfsmount *mnt, struct dentry *d,
		      struct statx_extra *ex)
{
	ex->has_btime =
	    ino && ino->iops && ino->iops->getbtime && ino->iops->getbtime(ino, &ex->btime) == 0;
	ex->mnt_id = mnt ? mnt->id : 0;
	ex->mount_root = mnt && d && mnt->root == d;
}

/* stat of what @dirfd, @upath and @flags name; @ex (or NULL) gets what
 * statx adds. */
static int stat_at(struct task *t, int dirfd, uint64_t upath, int flags, struct stat *st,
		   struct statx_extra *ex)
{
	char name[PATH_MAX_LEN];
	long n = getname(t, upath, name);
	if (n < 0)
		return (int)n;
	if (n == 0 && (flags & AT_EMPTY_PATH)) {
		if (dirfd == AT_FDCWD) {
			if (ex)
				get_extra(t->fs->cwd.dentry->inode, t->fs->cwd.mnt,
					  t->fs->cwd.dentry, ex);
			return vfs_getattr(t->fs->cwd.dentry->inode, st);
		}
		struct file *f = fd_get(t->files, dirfd);
		if (!f)
			return -EBADF;
		if (ex)
			get_extra(f->inode, f->path.mnt, f->path.dentry, ex);
		if (f->ops && f->ops->stat)
			return f->ops->stat(f, st);
		if (f->inode)
			return vfs_getattr(f->inode, st);
		return -EBADF;
	}
	struct path p;
	int r = path_lookup(t, dirfd, name, (flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, &p);
	if (r < 0)
		return r;
	r = vfs_getattr(p.dentry->inode, st);
	if (ex)
		get_extra(p.dentry->inode, p.mnt, p.dentry, ex);
	path_put(&p);
	return r;
}

SYSCALL(stat)
{
	struct stat st;
	int r = stat_at(t, AT_FDCWD, a[0], 0, &st, NULL);
	return r < 0 ? r : copy_to_user(t->mm, a[1], &st, sizeof(st));
}

SYSCALL(lstat)
{
	struct stat st;
	int r = stat_at(t, AT_FDCWD, a[0], AT_SYMLINK_NOFOLLOW, &st, NULL);
	return r < 0 ? r : copy_to_user(t->mm, a[1], &st, sizeof(st));
}

SYSCALL(newfstatat)
{
	int flags = (int)a[3];
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT))
		return -EINVAL;
	struct stat st;
	int r = stat_at(t, (int)a[0], a[1], flags, &st, NULL);
	return r < 0 ? r : copy_to_user(t->mm, a[2], &st, sizeof(st));
}

SYSCALL(fstat)
{
	struct file *f = fd_get(t->files, (int)a[0]);
	if (!f)
		return -EBADF;
	struct stat st;
	int r;
	if (f->ops && f->ops->stat)
		r = f->ops->stat(f, &st);
	else if (f->inode)
		r = vfs_getattr(f->inode, &st);
	else
		r = -EBADF;
	return r < 0 ? r : copy_to_user(t->mm, a[1], &st, sizeof(st));
}

static void to_statx_ts(struct statx_timestamp *x, const struct timespec *ts)
{
	x->tv_sec = ts->tv_sec;
	x->tv_nsec = (uint32_t)ts->tv_nsec;
}

SYSCALL(statx)
{
	int flags = (int)a[2];
	unsigned mask = (unsigned)a[3];
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT | AT_STATX_SYNC_TYPE))
		return -EINVAL;
	if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE)
		return -EINVAL;
	if (mask & STATX__RESERVED)
		return -EINVAL;
	struct stat st;
	struct statx_extra ex;
	int r = stat_at(t, (int)a[0], a[1], flags, &st, &ex);
	if (r < 0)
		return r;
	struct statx x;
	memset(&x, 0, sizeof(x));
	/* The mount's id always, the birth time where the filesystem keeps
	 * one (vfs_statx, generic_fillattr and the filesystem's getattr). */
	x.stx_mask = STATX_BASIC_STATS | STATX_MNT_ID;
	x.stx_mnt_id = (uint64_t)ex.mnt_id;
	x.stx_attributes_mask = STATX_ATTR_AUTOMOUNT | STATX_ATTR_MOUNT_ROOT | STATX_ATTR_DAX;
	if (ex.mount_root)
		x.stx_attributes |= STATX_ATTR_MOUNT_ROOT;
	if (ex.has_btime) {
		x.stx_mask |= STATX_BTIME;
		to_statx_ts(&x.stx_btime, &ex.btime);
	}
	x.stx_blksize = (uint32_t)st.st_blksize;
	x.stx_nlink = (uint32_t)st.st_nlink;
	x.stx_uid = st.st_uid;
	x.stx_gid = st.st_gid;
	x.stx_mode = (uint16_t)st.st_mode;
	x.stx_ino = st.st_ino;
	x.stx_size = (uint64_t)st.st_size;
	x.stx_blocks = (uint64_t)st.st_blocks;
	to_statx_ts(&x.stx_atime, &st.st_atim);
	to_statx_ts(&x.stx_mtime, &st.st_mtim);
	to_statx_ts(&x.stx_ctime, &st.st_ctim);
	x.stx_rdev_major = major(st.st_rdev);
	x.stx_rdev_minor = minor(st.st_rdev);
	x.stx_dev_major = major(st.st_dev);
	x.stx_dev_minor = minor(st.st_dev);
	return copy_to_user(t->mm, a[4], &x, sizeof(x));
}

/* --- access ---------------------------------------------------------------- */

static long do_access(struct task *t, int dirfd, uint64_t upath, int mode, int flags)
{
	if (mode & ~(F_OK | R_OK | W_OK | X_OK))
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	char name[PATH_MAX_LEN];
	long n = getname(t, upath, name);
	if (n < 0)
		return n;
	struct path p;
	int r = path_lookup(t, dirfd, name,
			    ((flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW) |
				    ((flags & AT_EMPTY_PATH) ? LOOKUP_EMPTY : 0),
			    &p);
	if (r < 0)
		return r;
	/* access(2) checks with the real ids, unless AT_EACCESS. */
	struct cred saved = t->cred;
	if (!(flags & AT_EACCESS)) {
		t->cred.fsuid = t->cred.uid;
		t->cred.fsgid = t->cred.gid;
		cap_access_override(&t->cred);
	}
	int mask = 0;
	if (mode & R_OK)
		mask |= MAY_READ;
	if (mode & W_OK)
		mask |= MAY_WRITE;
	if (mode & X_OK)
		mask |= MAY_EXEC;
	struct inode *ino = p.dentry->inode;
	r = mask ? inode_permission(t, ino, mask) : 0;
	if (r == 0 && (mode & W_OK) && path_readonly(&p) &&
	    (S_ISREG(ino->mode) || S_ISDIR(ino->mode) || S_ISLNK(ino->mode)))
		r = -EROFS;
	t->cred = saved;
	path_put(&p);
	return r;
}

SYSCALL(access)
{
	return do_access(t, AT_FDCWD, a[0], (int)a[1], 0);
}

SYSCALL(faccessat)
{
	return do_access(t, (int)a[0], a[1], (int)a[2], 0);
}

SYSCALL(faccessat2)
{
	return do_access(t, (int)a[0], a[1], (int)a[2], (int)a[3]);
}

/* --- readlink ----------------------------------------------------------------- */

long do_readlinkat(struct task *t, int dirfd, uint64_t upath, uint64_t buf, int size)
{
	char name[PATH_MAX_LEN];
	if (size <= 0)
		return -EINVAL;
	long n = getname(t, upath, name);
	if (n < 0)
		return n;
	struct path p;
	int r = path_lookup(t, dirfd, name, LOOKUP_EMPTY, &p);
	if (r < 0)
		return r;
	struct inode *ino = p.dentry->inode;
	char target[PATH_MAX_LEN];
	long len;
	if (!S_ISLNK(ino->mode)) {
		len = n == 0 ? -ENOENT : -EINVAL;
	} else if (ino->iops->get_link_path) {
		/* A magic link reads as the path of what it stands for. */
		struct path tp;
		len = ino->iops->get_link_path(ino, t, &tp.mnt, &tp.dentry);
		if (len == 0) {
			char *s = path_string(t, &tp);
			path_put(&tp);
			len = s ? (long)strlen(s) : -ENOMEM;
			if (s) {
				if (len > (long)sizeof(target))
					len = sizeof(target);
				memcpy(target, s, (size_t)len);
				free(s);
			}
		} else if (len == -EINVAL && ino->iops->readlink) {
			/* Not magic after all: a plain symlink (/proc/self). */
			len = ino->iops->readlink(ino, target, sizeof(target));
		}
	} else {
		len = ino->iops->readlink(ino, target, sizeof(target));
	}
	path_put(&p);
	if (len < 0)
		return len;
	if (len > size)
		len = size;
	if (copy_to_user(t->mm, buf, target, (size_t)len) < 0)
		return -EFAULT;
	return len;
}

SYSCALL(readlink)
{
	return do_readlinkat(t, AT_FDCWD, a[0], a[1], (int)a[2]);
}

SYSCALL(readlinkat)
{
	return do_readlinkat(t, (int)a[0], a[1], a[2], (int)a[3]);
}

/* --- getdents64, getdents ------------------------------------------------------- */

/* getdents(2)'s record (fs/readdir.c struct linux_dirent): d_type is the
 * record's last byte, after the name's NUL. */
struct linux_dirent {
	unsigned long d_ino;
	unsigned long d_off;
	unsigned short d_reclen;
	char d_name[];
};

struct getdents_ctx {
	struct dir_context ctx;
	char *buf;
	size_t size, used;
	bool overflow;
	bool old; /* getdents: struct linux_dirent records */
};

static bool fill_dirent(struct dir_context *c, const char *name, size_t len, uint64_t ino,
			unsigned type)
{
	struct getdents_ctx *g = (struct getdents_ctx *)c;
	size_t head =
	    g->old ? offsetof(struct linux_dirent, d_name) : offsetof(struct dirent64, d_name);
	size_t reclen = (head + len + (g->old ? 2 : 1) + 7) & ~7UL;
	if (g->used + reclen > g->size) {
		g->overflow = true;
		return false;
	}
	char *rec = g->buf + g->used;
	memset(rec, 0, reclen);
	memcpy(rec + head, name, len);
	/* d_off: the position after this entry, set by the caller's loop. */
	if (g->old) {
		struct linux_dirent *d = (struct linux_dirent *)rec;
		d->d_ino = ino;
		d->d_reclen = (unsigned short)reclen;
		d->d_off = c->pos + 1;
		rec[reclen - 1] = (char)type;
	} else {
		struct dirent64 *d = (struct dirent64 *)rec;
		d->d_ino = ino;
		d->d_reclen = (unsigned short)reclen;
		d->d_type = (unsigned char)type;
		d->d_off = c->pos + 1;
	}
	g->used += reclen;
	return true;
}

/* Both records keep d_off and d_reclen at the same offsets. */
_Static_assert(offsetof(struct linux_dirent, d_off) == offsetof(struct dirent64, d_off) &&
		   offsetof(struct linux_dirent, d_reclen) == offsetof(struct dirent64, d_reclen),
	       "getdents records");

static long do_getdents(struct task *t, const uint64_t *a, bool old)
{
	struct file *f = fd_get_io(t->files, (int)a[0]);
	if (!f)
		return -EBADF;
	if (!f->ops || !f->ops->iterate)
		return -ENOTDIR;
	size_t count = a[2] > 65536 * 4 ? 65536 * 4 : a[2];
	char *buf = malloc(count ? count : 1);
	if (!buf)
		return -ENOMEM;
	struct getdents_ctx g = {
	    .ctx.actor = fill_dirent, .ctx.pos = f->pos, .buf = buf, .size = count, .old = old};
	int r = f->ops->iterate(f, &g.ctx);
	if (r == 0 && g.used == 0 && g.overflow)
		r = -EINVAL; /* the buffer cannot hold even one entry */
	if (r == 0) {
		/* Give each record the position of the entry after it. */
		for (size_t off = 0; off < g.used;) {
			struct dirent64 *d = (struct dirent64 *)(buf + off);
			off += d->d_reclen;
			if (off >= g.used)
				d->d_off = g.ctx.pos;
		}
		/* Entries that did not reach the guest are not consumed: the
		 * next call reads them again. */
		if (g.used && copy_to_user(t->mm, a[1], buf, g.used) < 0)
			r = -EFAULT;
		else
			f->pos = g.ctx.pos;
	}
	free(buf);
	return r < 0 ? r : (long)g.used;
}

SYSCALL(getdents64)
{
	return do_getdents(t, a, false);
}

SYSCALL(getdents)
{
	return do_getdents(t, a, true);
}

/* --- cwd, root ---------------------------------------------------------------- */

SYSCALL(getcwd)
{
	char *s = path_string(t, &t->fs->cwd);
	if (!s)
		return -ENOMEM;
	size_t n = strlen(s) + 1;
	long r;
	if (a[1] < n)
		r = -ERANGE;
	else
		r = copy_to_user(t->mm, a[0], s, n) < 0 ? -EFAULT : (long)n;
	free(s);
	return r;
}

static long set_dir(struct task *t, struct path *p, bool root)
{
	if (!S_ISDIR(p->dentry->inode->mode)) {
		path_put(p);
		return -ENOTDIR;
	}
	int r = inode_permission(t, p->dentry->inode, MAY_EXEC);
	if (r == 0 && root && !capable(t, CAP_SYS_CHROOT))
		r = -EPERM;
	if (r == 0) {
		if (root)
			fs_set_root(t->fs, p);
		else
			fs_set_cwd(t->fs, p);
	}
	path_put(p);
	return r;
}

SYSCALL(chdir)
{
	char name[PATH_MAX_LEN];
	long n = getname(t, a[0], name);
	if (n < 0)
		return n;
	struct path p;
	int r = path_lookup(t, AT_FDCWD, name, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &p);
	return r < 0 ? r : set_dir(t, &p, false);
}

SYSCALL(fchdir)
{
	struct file *f = fd_get(t->files, (int)a[0]);
	if (!f)
		return -EBADF;
	if (!f->path.dentry)
		return -ENOTDIR;
	struct path p = f->path;
	path_get(&p);
	return set_dir(t, &p, false);
}

SYSCALL(chroot)
{
	char name[PATH_MAX_LEN];
	long n = getname(t, a[0], name);
	if (n < 0)
		return n;
	struct path p;
	int r = path_lookup(t, AT_FDCWD, name, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &p);
	return r < 0 ? r : set_dir(t, &p, true);
}
