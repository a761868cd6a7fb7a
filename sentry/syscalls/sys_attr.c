/* File attributes and contents management (fs/open.c, fs/attr.c,
 * fs/utimes.c, fs/statfs.c, fs/xattr.c, fs/sync.c): chmod, chown, utimes,
 * truncate, fallocate, fsync, statfs, extended attributes. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/falloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/xattr.h>
#include <utime.h>

#include "../fs/fdtable.h"
#include "../fs/file.h"
#include "../fs/fsnotify.h"
#include "../fs/hostfs.h"
#include "../fs/tmpfs.h"
#include "../fs/vfs.h"
#include "../kernel/cred.h"
#include "../fuzz/limits.h"
#include "../kernel/det.h"
#include "../kernel/signal.h"
#include "../kernel/task.h"
#include "../mm/memfile.h"
#include "../mm/mm.h"
#include "syscalls.h"

/* A path or an fd to act on: resolved into *p (referenced). */
static int resolve(struct task *t, int dirfd, uint64_t upath, int flags, bool follow,
		   struct path *p)
{
	if (!upath && dirfd != AT_FDCWD) {
		struct file *f = fd_get(t->files, dirfd);
		if (!f)
			return -EBADF;
		if (!f->path.dentry)
			return -EBADF;
		*p = f->path;
		path_get(p);
		return 0;
	}
	char name[PATH_MAX_LEN];
	long n = getname(t, upath, name);
	if (n < 0)
		return (int)n;
	unsigned lf = (follow ? LOOKUP_FOLLOW : 0) | ((flags & AT_EMPTY_PATH) ? LOOKUP_EMPTY : 0);
	return path_lookup(t, dirfd, name, lf, p);
}

static int fd_path(struct task *t, int fd, struct path *p)
{
	struct file *f = fd_get_io(t->files, fd);
	if (!f)
		return -EBADF;
	if (!f->path.dentry)
		return -EBADF;
	*p = f->path;
	path_get(p);
	return 0;
}

/* notify_change after the permission checks: copy up, then setattr. */
static int setattr(struct path *p, struct iattr *a)
{
	struct inode *ino = p->dentry->inode;
	if (path_readonly(p))
		return -EROFS;
	if (ino->iops->prepare_write) {
		int r = ino->iops->prepare_write(p->dentry);
		if (r < 0)
			return r;
	}
	if (!ino->iops->setattr)
		return -EPERM;
	int r = ino->iops->setattr(ino, a);
	if (r == 0 && fsnotify_watching) {
		/* fsnotify_change's events for what changed. */
		uint32_t mask = 0;
		if (a->valid & (ATTR_UID | ATTR_GID | ATTR_MODE))
			mask |= IN_ATTRIB;
		if (a->valid & ATTR_SIZE)
			mask |= IN_MODIFY;
		if ((a->valid & (ATTR_ATIME | ATTR_MTIME)) == (ATTR_ATIME | ATTR_MTIME))
			mask |= IN_ATTRIB;
		else if (a->valid & ATTR_ATIME)
			mask |= IN_ACCESS;
		else if (a->valid & ATTR_MTIME)
			mask |= IN_MODIFY;
		if (mask)
			fsnotify_dentry(p->dentry, mask);
	}
	return r;
}

/* inode_owner_or_capable: the owner, or CAP_FOWNER. */
static bool owner_or_root(struct task *t, struct inode *ino)
{
	return t->cred.fsuid == ino->uid || capable(t, CAP_FOWNER);
}

static long chmod_path(struct task *t, struct path *p, mode_t mode)
{
	struct inode *ino = p->dentry->inode;
	int r = 0;
	if (!owner_or_root(t, ino))
		r = -EPERM;
	if (r == 0) {
		/* A non-member may not set the setgid bit (inode_init_owner). */
		if (!task_in_group(t, ino->gid) && !capable(t, CAP_FSETID))
			mode &= ~(mode_t)S_ISGID;
		struct iattr a = {.valid = ATTR_MODE | ATTR_CTIME, .mode = mode & 07777};
		r = setattr(p, &a);
	}
	path_put(p);
	return r;
}

SYSCALL(chmod)
{
	struct path p;
	int r = resolve(t, AT_FDCWD, a[0], 0, true, &p);
	return r < 0 ? r : chmod_path(t, &p, (mode_t)a[1]);
}

SYSCALL(fchmod)
{
	struct path p;
	int r = fd_path(t, (int)a[0], &p);
	return r < 0 ? r : chmod_path(t, &p, (mode_t)a[1]);
}

SYSCALL(fchmodat)
{
	struct path p;
	int r = resolve(t, (int)a[0], a[1], 0, true, &p);
	return r < 0 ? r : chmod_path(t, &p, (mode_t)a[2]);
}

SYSCALL(fchmodat2)
{
	int flags = (int)a[3];
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	struct path p;
	int r = resolve(t, (int)a[0], a[1], flags, !(flags & AT_SYMLINK_NOFOLLOW), &p);
	if (r < 0)
		return r;
	if (S_ISLNK(p.dentry->inode->mode)) {
		path_put(&p);
		return -EOPNOTSUPP;
	}
	return chmod_path(t, &p, (mode_t)a[2]);
}

static long chown_path(struct task *t, struct path *p, uid_t uid, gid_t gid)
{
	struct inode *ino = p->dentry->inode;
	struct iattr a = {.valid = ATTR_CTIME};
	int r = 0;
	/* chown_ok / chgrp_ok: root; or the owner keeping the owner and
	 * changing the group to one of its own. */
	if (uid != (uid_t)-1) {
		if (uid != ino->uid && !capable(t, CAP_CHOWN))
			r = -EPERM;
		a.valid |= ATTR_UID;
		a.uid = uid;
	}
	if (r == 0 && gid != (gid_t)-1) {
		if (!capable(t, CAP_CHOWN) &&
		    !(t->cred.fsuid == ino->uid && (gid == ino->gid || task_in_group(t, gid))))
			r = -EPERM;
		a.valid |= ATTR_GID;
		a.gid = gid;
	}
	if (r == 0 && (a.valid & (ATTR_UID | ATTR_GID))) {
		/* Changing owner clears setuid, and setgid when group-exec. */
		if (!S_ISDIR(ino->mode)) {
			mode_t m = ino->mode & 07777;
			mode_t nm = m & ~(mode_t)S_ISUID;
			if (m & S_IXGRP)
				nm &= ~(mode_t)S_ISGID;
			if (nm != m) {
				a.valid |= ATTR_MODE;
				a.mode = nm;
			}
		}
		r = setattr(p, &a);
	} else if (r == 0) {
		r = path_readonly(p) ? -EROFS : 0;
	}
	path_put(p);
	return r;
}

SYSCALL(chown)
{
	struct path p;
	int r = resolve(t, AT_FDCWD, a[0], 0, true, &p);
	return r < 0 ? r : chown_path(t, &p, (uid_t)a[1], (gid_t)a[2]);
}

SYSCALL(lchown)
{
	struct path p;
	int r = resolve(t, AT_FDCWD, a[0], 0, false, &p);
	return r < 0 ? r : chown_path(t, &p, (uid_t)a[1], (gid_t)a[2]);
}

SYSCALL(fchown)
{
	struct path p;
	int r = fd_path(t, (int)a[0], &p);
	return r < 0 ? r : chown_path(t, &p, (uid_t)a[1], (gid_t)a[2]);
}

SYSCALL(fchownat)
{
	int flags = (int)a[4];
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	struct path p;
	int r = resolve(t, (int)a[0], a[1], flags, !(flags & AT_SYMLINK_NOFOLLOW), &p);
	return r < 0 ? r : chown_path(t, &p, (uid_t)a[2], (gid_t)a[3]);
}

/* utimes: @ts NULL means now for both; UTIME_NOW / UTIME_OMIT per field. */
static long utimes_path(struct task *t, struct path *p, const struct timespec *ts)
{
	struct inode *ino = p->dentry->inode;
	struct iattr a = {.valid = ATTR_CTIME};
	struct timespec now;
	clock_realtime(&now);
	bool set_now = !ts || (ts[0].tv_nsec == UTIME_NOW && ts[1].tv_nsec == UTIME_NOW);
	int r = 0;
	if (set_now) {
		/* The owner, or anyone who may write the file. */
		if (!owner_or_root(t, ino) && inode_permission(t, ino, MAY_WRITE) < 0)
			r = -EACCES;
		a.valid |= ATTR_ATIME | ATTR_MTIME;
		a.atime = a.mtime = now;
	} else {
		if (!owner_or_root(t, ino) &&
		    (ts[0].tv_nsec != UTIME_OMIT || ts[1].tv_nsec != UTIME_OMIT))
			r = -EPERM;
		if (ts[0].tv_nsec != UTIME_OMIT) {
			a.valid |= ATTR_ATIME;
			a.atime = ts[0].tv_nsec == UTIME_NOW ? now : ts[0];
		}
		if (ts[1].tv_nsec != UTIME_OMIT) {
			a.valid |= ATTR_MTIME;
			a.mtime = ts[1].tv_nsec == UTIME_NOW ? now : ts[1];
		}
	}
	if (r == 0)
		r = setattr(p, &a);
	path_put(p);
	return r;
}

static bool ts_valid(const struct timespec *ts)
{
	for (int i = 0; i < 2; i++)
		if (ts[i].tv_nsec != UTIME_NOW && ts[i].tv_nsec != UTIME_OMIT &&
		    (ts[i].tv_nsec < 0 || ts[i].tv_nsec >= 1000000000L))
			return false;
	return true;
}

SYSCALL(utimensat)
{
	int dirfd = (int)a[0], flags = (int)a[3];
	struct timespec ts[2], *tsp = NULL;
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (a[2]) {
		if (copy_from_user(t->mm, ts, a[2], sizeof(ts)) < 0)
			return -EFAULT;
		if (!ts_valid(ts))
			return -EINVAL;
		if (ts[0].tv_nsec == UTIME_OMIT && ts[1].tv_nsec == UTIME_OMIT)
			return 0;
		tsp = ts;
	}
	struct path p;
	int r;
	if (!a[1]) {
		/* futimens: the fd itself. */
		if (flags & AT_SYMLINK_NOFOLLOW)
			return -EINVAL;
		r = fd_path(t, dirfd, &p);
	} else {
		r = resolve(t, dirfd, a[1], flags, !(flags & AT_SYMLINK_NOFOLLOW), &p);
	}
	return r < 0 ? r : utimes_path(t, &p, tsp);
}

static long do_utimes(struct task *t, int dirfd, uint64_t upath, uint64_t utv)
{
	struct timespec ts[2], *tsp = NULL;
	if (utv) {
		struct timeval tv[2];
		if (copy_from_user(t->mm, tv, utv, sizeof(tv)) < 0)
			return -EFAULT;
		for (int i = 0; i < 2; i++) {
			if (tv[i].tv_usec < 0 || tv[i].tv_usec >= 1000000)
				return -EINVAL;
			ts[i].tv_sec = tv[i].tv_sec;
			ts[i].tv_nsec = tv[i].tv_usec * 1000;
		}
		tsp = ts;
	}
	struct path p;
	int r = resolve(t, dirfd, upath, 0, true, &p);
	return r < 0 ? r : utimes_path(t, &p, tsp);
}

SYSCALL(utimes)
{
	return do_utimes(t, AT_FDCWD, a[0], a[1]);
}

SYSCALL(futimesat)
{
	return do_utimes(t, (int)a[0], a[1], a[2]);
}

SYSCALL(utime)
{
	struct timespec ts[2], *tsp = NULL;
	if (a[1]) {
		struct utimbuf u;
		if (copy_from_user(t->mm, &u, a[1], sizeof(u)) < 0)
			return -EFAULT;
		ts[0].tv_sec = u.actime;
		ts[1].tv_sec = u.modtime;
		ts[0].tv_nsec = ts[1].tv_nsec = 0;
		tsp = ts;
	}
	struct path p;
	int r = resolve(t, AT_FDCWD, a[0], 0, true, &p);
	return r < 0 ? r : utimes_path(t, &p, tsp);
}

/* Past RLIMIT_FSIZE: SIGXFSZ and EFBIG (fs/read_write.c). */
int check_fsize(struct task *t, int64_t end)
{
	uint64_t lim = t->tg->rlim[RLIMIT_FSIZE].rlim_cur;
	if (lim != RLIM_INFINITY && (uint64_t)end > lim) {
		limits_note(LIMIT_FILE_SIZE);
		send_sig_noinfo(t, SIGXFSZ);
		return -EFBIG;
	}
	return 0;
}

static long truncate_path(struct task *t, struct path *p, int64_t len)
{
	struct inode *ino = p->dentry->inode;
	int r = 0;
	if (len < 0)
		r = -EINVAL;
	else if (S_ISDIR(ino->mode))
		r = -EISDIR;
	else if (!S_ISREG(ino->mode))
		r = -EINVAL;
	else if (ino->writecount < 0)
		r = -ETXTBSY;
	else
		r = check_fsize(t, len);
	if (r == 0) {
		struct iattr a = {.valid = ATTR_SIZE | ATTR_MTIME | ATTR_CTIME, .size = len};
		clock_realtime(&a.mtime);
		r = setattr(p, &a);
	}
	path_put(p);
	return r;
}

SYSCALL(truncate)
{
	struct path p;
	int r = resolve(t, AT_FDCWD, a[0], 0, true, &p);
	if (r < 0)
		return r;
	r = inode_permission(t, p.dentry->inode, MAY_WRITE);
	if (r < 0) {
		path_put(&p);
		return r;
	}
	return truncate_path(t, &p, (int64_t)a[1]);
}

SYSCALL(ftruncate)
{
	struct file *f = fd_get_io(t->files, (int)a[0]);
	if (!f)
		return -EBADF;
	int acc = f->flags & O_ACCMODE;
	if ((int64_t)a[1] < 0)
		return -EINVAL;
	/* do_sys_ftruncate: a regular file opened for writing. */
	if (!f->inode || !S_ISREG(f->inode->mode) || acc == O_RDONLY || !f->path.dentry)
		return -EINVAL;
	struct path p = f->path;
	path_get(&p);
	return truncate_path(t, &p, (int64_t)a[1]);
}

SYSCALL(fallocate)
{
	struct file *f = fd_get_io(t->files, (int)a[0]);
	int mode = (int)a[1];
	int64_t off = (int64_t)a[2], len = (int64_t)a[3];
	if (!f)
		return -EBADF;
	if (off < 0 || len <= 0)
		return -EINVAL;
	if ((f->flags & O_ACCMODE) == O_RDONLY)
		return -EBADF;
	if (!f->inode || S_ISDIR(f->inode->mode))
		return f->inode && S_ISDIR(f->inode->mode) ? -EISDIR : -ENODEV;
	if (!S_ISREG(f->inode->mode))
		return f->stream ? -ESPIPE : -ENODEV;
	if (!(mode & FALLOC_FL_KEEP_SIZE)) {
		int r = check_fsize(t, off + len);
		if (r < 0)
			return r;
	}
	if (!f->ops->fallocate)
		return -EOPNOTSUPP;
	/* A sealed memfd (shmem_fallocate): no growing, even with KEEP_SIZE,
	 * and no punched holes in write-sealed data. */
	if (is_tmpfs_inode(f->inode)) {
		const struct tmpfs_inode *ti = tmpfs_i(f->inode);
		if ((mode & FALLOC_FL_PUNCH_HOLE) && (ti->seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE)))
			return -EPERM;
		if (!(mode & FALLOC_FL_PUNCH_HOLE) && (ti->seals & F_SEAL_GROW) && off + len > ti->size)
			return -EPERM;
	}
	int r = f->ops->fallocate(f, mode, off, len);
	if (r == 0)
		fsnotify_file(f, IN_MODIFY);
	return r;
}

static long do_fsync(struct task *t, int fd)
{
	struct file *f = fd_get_io(t->files, fd);
	if (!f)
		return -EBADF;
	if (!f->ops || !f->ops->fsync)
		return -EINVAL;
	return f->ops->fsync(f);
}

SYSCALL(fsync)
{
	return do_fsync(t, (int)a[0]);
}

SYSCALL(fdatasync)
{
	return do_fsync(t, (int)a[0]);
}

SYSCALL(sync)
{
	(void)t, (void)a;
	return 0; /* the overlay lives in memory; binds are written through */
}

SYSCALL(syncfs)
{
	return fd_get_io(t->files, (int)a[0]) ? 0 : -EBADF;
}

SYSCALL(sync_file_range)
{
	struct file *f = fd_get_io(t->files, (int)a[0]);
	unsigned flags = (unsigned)a[3];
	if (flags & ~7U)
		return -EINVAL;
	if ((int64_t)a[1] < 0 || (int64_t)a[2] < 0)
		return -EINVAL;
	if (!f)
		return -EBADF;
	return f->inode && (S_ISREG(f->inode->mode) || S_ISDIR(f->inode->mode) ||
			    S_ISLNK(f->inode->mode) || S_ISBLK(f->inode->mode))
		       ? 0
		       : -ESPIPE;
}

/* --- statfs ---------------------------------------------------------------- */

/* A file system whose files are in the memory file (tmpfs, the overlay's
 * upper layer, which takes every write to the host's tree): sized as
 * Linux sizes a tmpfs by default, half the host's memory (or the
 * --memory cap), less the pages the sandbox has in use, and as many
 * inodes as half the host's pages (shmem_statfs). */
static void memory_statfs(struct super_block *sb, struct statfs *sfs)
{
	struct sysinfo si;
	uint64_t ram = 0;
	if (sysinfo(&si) == 0)
		ram = (uint64_t)si.totalram * (si.mem_unit ? si.mem_unit : 1) / PAGE_SIZE;
	uint64_t blocks = tmpfs_limit_pages();
	uint64_t used = memfile_pages_in_use();
	sfs->f_blocks = blocks;
	sfs->f_bfree = sfs->f_bavail = used < blocks ? blocks - used : 0;
	sfs->f_files = ram / 2;
	uint64_t inodes = sb ? sb->next_ino : 0;
	sfs->f_ffree = inodes < sfs->f_files ? sfs->f_files - inodes : 0;
}

static int statfs_path(struct path *p, struct statfs *sfs)
{
	struct super_block *sb = p->dentry->sb;
	struct inode *ino = p->dentry->inode;
	memset(sfs, 0, sizeof(*sfs));
	if (ino && is_hostfs_inode(ino)) {
		int r = hostfs_statfs(ino, sfs);
		if (r < 0)
			return r;
	} else {
		sfs->f_bsize = PAGE_SIZE;
		sfs->f_frsize = PAGE_SIZE;
		sfs->f_namelen = 255;
		if (sb)
			sfs->f_type = (long)sb->magic;
		/* proc and devpts count nothing (simple_statfs). */
		if (!sb || (strcmp(sb->type, "proc") != 0 && strcmp(sb->type, "devpts") != 0))
			memory_statfs(sb, sfs);
	}
	if (sb && !sb->anon && strcmp(sb->type, "hostfs") != 0)
		sfs->f_type = (long)sb->magic;
	if (p->mnt && (p->mnt->flags & MNT_READONLY))
		sfs->f_flags |= ST_RDONLY;
	if (sb && sb->readonly)
		sfs->f_flags |= ST_RDONLY;
	return 0;
}

SYSCALL(statfs)
{
	struct path p;
	int r = resolve(t, AT_FDCWD, a[0], 0, true, &p);
	if (r < 0)
		return r;
	struct statfs sfs;
	r = statfs_path(&p, &sfs);
	path_put(&p);
	return r < 0 ? r : copy_to_user(t->mm, a[1], &sfs, sizeof(sfs));
}

SYSCALL(fstatfs)
{
	struct file *f = fd_get(t->files, (int)a[0]);
	if (!f)
		return -EBADF;
	struct statfs sfs;
	memset(&sfs, 0, sizeof(sfs));
	int r = 0;
	if (f->path.dentry)
		r = statfs_path(&f->path, &sfs);
	else
		sfs.f_bsize = 4096;
	return r < 0 ? r : copy_to_user(t->mm, a[1], &sfs, sizeof(sfs));
}

/* --- extended attributes ---------------------------------------------------------- */

#define XATTR_NAME_MAX_LEN 255
#define XATTR_SIZE_MAX_LEN 65536

static int xattr_name(struct task *t, uint64_t uname, char *name)
{
	long n = strncpy_from_user(t->mm, name, uname, XATTR_NAME_MAX_LEN + 1);
	if (n == -ENAMETOOLONG || n == 0)
		return -ERANGE;
	return n < 0 ? (int)n : 0;
}

static long getxattr_path(struct task *t, struct path *p, uint64_t uname, uint64_t buf, size_t size)
{
	char name[XATTR_NAME_MAX_LEN + 1];
	int r = xattr_name(t, uname, name);
	struct inode *ino = p->dentry->inode;
	long n = r;
	if (r == 0) {
		if (size > XATTR_SIZE_MAX_LEN)
			size = XATTR_SIZE_MAX_LEN;
		char *val = malloc(size ? size : 1);
		if (!val) {
			path_put(p);
			return -ENOMEM;
		}
		n = ino->iops->getxattr ? ino->iops->getxattr(ino, name, val, size) : -ENODATA;
		if (n > 0 && size && copy_to_user(t->mm, buf, val, (size_t)n) < 0)
			n = -EFAULT;
		free(val);
	}
	path_put(p);
	return n;
}

static long setxattr_path(struct task *t, struct path *p, uint64_t uname, uint64_t uval,
			  size_t size, int flags)
{
	char name[XATTR_NAME_MAX_LEN + 1];
	long r = flags & ~(XATTR_CREATE | XATTR_REPLACE) ? -EINVAL : xattr_name(t, uname, name);
	struct inode *ino = p->dentry->inode;
	if (r == 0 && size > XATTR_SIZE_MAX_LEN)
		r = -E2BIG;
	char *val = NULL;
	if (r == 0) {
		val = malloc(size ? size : 1);
		if (!val)
			r = -ENOMEM;
		else if (size && copy_from_user(t->mm, val, uval, size) < 0)
			r = -EFAULT;
	}
	if (r == 0 && !strncmp(name, "user.", 5) && !S_ISREG(ino->mode) && !S_ISDIR(ino->mode))
		r = -EPERM; /* user xattrs only on files and directories */
	if (r == 0 && (!strncmp(name, "trusted.", 8) || !strncmp(name, "security.", 9)) &&
	    !capable(t, CAP_SYS_ADMIN) && strncmp(name, "security.", 9))
		r = -EPERM;
	if (r == 0 && !owner_or_root(t, ino) && inode_permission(t, ino, MAY_WRITE) < 0)
		r = -EACCES;
	if (r == 0 && path_readonly(p))
		r = -EROFS;
	if (r == 0 && ino->iops->prepare_write)
		r = ino->iops->prepare_write(p->dentry);
	if (r == 0)
		r = ino->iops->setxattr ? ino->iops->setxattr(ino, name, val, size, flags)
					: -EOPNOTSUPP;
	if (r == 0)
		fsnotify_dentry(p->dentry, IN_ATTRIB); /* fsnotify_xattr */
	free(val);
	path_put(p);
	return r;
}

static long listxattr_path(struct task *t, struct path *p, uint64_t buf, size_t size)
{
	struct inode *ino = p->dentry->inode;
	if (size > XATTR_SIZE_MAX_LEN)
		size = XATTR_SIZE_MAX_LEN;
	char *list = malloc(size ? size : 1);
	long n = -ENOMEM;
	if (list) {
		n = ino->iops->listxattr ? ino->iops->listxattr(ino, list, size) : 0;
		if (n > 0 && size && copy_to_user(t->mm, buf, list, (size_t)n) < 0)
			n = -EFAULT;
		free(list);
	}
	path_put(p);
	return n;
}

static long removexattr_path(struct task *t, struct path *p, uint64_t uname)
{
	char name[XATTR_NAME_MAX_LEN + 1];
	long r = xattr_name(t, uname, name);
	struct inode *ino = p->dentry->inode;
	if (r == 0 && !owner_or_root(t, ino))
		r = -EPERM;
	if (r == 0 && path_readonly(p))
		r = -EROFS;
	if (r == 0 && ino->iops->prepare_write)
		r = ino->iops->prepare_write(p->dentry);
	if (r == 0)
		r = ino->iops->removexattr ? ino->iops->removexattr(ino, name) : -ENODATA;
	if (r == 0)
		fsnotify_dentry(p->dentry, IN_ATTRIB);
	path_put(p);
	return r;
}

#define XATTR_PATH(follow, call)                                                                   \
	struct path p;                                                                             \
	int r = resolve(t, AT_FDCWD, a[0], 0, follow, &p);                                        \
	return r < 0 ? r : call
#define XATTR_FD(call)                                                                             \
	struct path p;                                                                             \
	int r = fd_path(t, (int)a[0], &p);                                                         \
	return r < 0 ? r : call

SYSCALL(getxattr)
{
	XATTR_PATH(true, getxattr_path(t, &p, a[1], a[2], a[3]));
}

SYSCALL(lgetxattr)
{
	XATTR_PATH(false, getxattr_path(t, &p, a[1], a[2], a[3]));
}

SYSCALL(fgetxattr)
{
	XATTR_FD(getxattr_path(t, &p, a[1], a[2], a[3]));
}

SYSCALL(setxattr)
{
	XATTR_PATH(true, setxattr_path(t, &p, a[1], a[2], a[3], (int)a[4]));
}

SYSCALL(lsetxattr)
{
	XATTR_PATH(false, setxattr_path(t, &p, a[1], a[2], a[3], (int)a[4]));
}

SYSCALL(fsetxattr)
{
	XATTR_FD(setxattr_path(t, &p, a[1], a[2], a[3], (int)a[4]));
}

SYSCALL(listxattr)
{
	XATTR_PATH(true, listxattr_path(t, &p, a[1], a[2]));
}

SYSCALL(llistxattr)
{
	XATTR_PATH(false, listxattr_path(t, &p, a[1], a[2]));
}

SYSCALL(flistxattr)
{
	XATTR_FD(listxattr_path(t, &p, a[1], a[2]));
}

SYSCALL(removexattr)
{
	XATTR_PATH(true, removexattr_path(t, &p, a[1]));
}

SYSCALL(lremovexattr)
{
	XATTR_PATH(false, removexattr_path(t, &p, a[1]));
}

SYSCALL(fremovexattr)
{
	XATTR_FD(removexattr_path(t, &p, a[1]));
}
