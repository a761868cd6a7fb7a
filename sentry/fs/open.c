/* Opening a path (fs/open.c, fs/namei.c may_open). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>

#include "../kernel/det.h"
#include "../kernel/task.h"
#include "file.h"
#include "fsnotify.h"
#include "vfs.h"

const struct path *file_path(const struct file *f)
{
	return f->path.dentry ? &f->path : NULL;
}

struct inode *file_inode(const struct file *f)
{
	return f->inode;
}

bool path_readonly(const struct path *p)
{
	return (p->mnt && (p->mnt->flags & MNT_READONLY)) || (p->dentry->sb && p->dentry->sb->readonly);
}

/* may_open: what the file type and the permission bits allow. */
static int may_open(struct task *t, const struct path *p, int flags)
{
	struct inode *ino = p->dentry->inode;
	int acc = flags & O_ACCMODE;
	if ((flags & O_DIRECTORY) && !S_ISDIR(ino->mode))
		return -ENOTDIR;
	/* O_PATH opens anything the walk reached, a symlink itself with
	 * O_NOFOLLOW (fchmodat's AT_SYMLINK_NOFOLLOW in glibc) or a socket:
	 * Linux's do_o_path checks nothing more. */
	if (flags & O_PATH)
		return 0;
	if (S_ISLNK(ino->mode))
		return -ELOOP;
	if (S_ISDIR(ino->mode) && (acc != O_RDONLY || (flags & O_TRUNC)))
		return -EISDIR;
	if (S_ISSOCK(ino->mode))
		return -ENXIO;
	int mask = 0;
	if ((acc == O_RDONLY || acc == O_RDWR) && !(flags & FMODE_EXEC))
		mask |= MAY_READ;
	if (acc == O_WRONLY || acc == O_RDWR || (flags & O_TRUNC))
		mask |= MAY_WRITE;
	if (flags & FMODE_CREATED)
		mask = 0;
	int r = inode_permission(t, ino, mask);
	if (r < 0)
		return r;
	if ((mask & MAY_WRITE) && (S_ISREG(ino->mode) || S_ISDIR(ino->mode)) && path_readonly(p))
		return -EROFS;
	if ((mask & MAY_WRITE) && ino->writecount < 0)
		return -ETXTBSY;
	return 0;
}

struct file *vfs_open(struct task *t, const struct path *p, int flags, int *err)
{
	struct inode *ino = p->dentry->inode;
	int r = may_open(t, p, flags);
	if (r < 0) {
		*err = r;
		return NULL;
	}
	unsigned status = (unsigned)flags & ~(unsigned)(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC |
							O_CLOEXEC | FMODE_EXEC | FMODE_CREATED);
	int acc = flags & O_ACCMODE;
	bool writing = !(flags & O_PATH) && (acc == O_WRONLY || acc == O_RDWR || (flags & O_TRUNC));
	/* The overlay copies a lower file up before it is opened for writing. */
	if (writing && ino->iops && ino->iops->prepare_write) {
		r = ino->iops->prepare_write(p->dentry);
		if (r < 0) {
			*err = r;
			return NULL;
		}
	}
	struct file *f = file_alloc(ino->fops, status, NULL);
	if (!f) {
		*err = -ENOMEM;
		return NULL;
	}
	f->path = *p;
	path_get(&f->path);
	f->inode = ino;
	inode_get(ino);
	if ((flags & O_PATH) == 0 && ino->iops && ino->iops->open) {
		/* It may replace f->inode (the overlay's real inode): file_put
		 * releases whichever is there. */
		r = ino->iops->open(p->dentry, f, flags);
		if (r < 0) {
			file_put(f);
			*err = r;
			return NULL;
		}
	}
	if (flags & O_PATH)
		f->ops = &path_only_fops;
	if (!(flags & O_PATH) && (acc == O_WRONLY || acc == O_RDWR)) {
		f->inode->writecount++;
		f->write_counted = true;
	}
	if (flags & FMODE_EXEC) {
		/* deny_write_access: no one may open it for writing meanwhile. */
		f->inode->writecount--;
		f->exec_deny = true;
	}
	if ((flags & O_TRUNC) && S_ISREG(ino->mode) && !(flags & O_PATH)) {
		struct iattr a = {.valid = ATTR_SIZE | ATTR_MTIME | ATTR_CTIME, .size = 0};
		clock_realtime(&a.mtime);
		r = ino->iops->setattr ? ino->iops->setattr(ino, &a) : 0;
		if (r < 0) {
			file_put(f);
			*err = r;
			return NULL;
		}
		fsnotify_dentry(p->dentry, IN_MODIFY);
	}
	if (!(flags & O_PATH))
		fsnotify_open(f);
	*err = r;
	return f;
}

/* O_PATH files: no I/O at all. */
const struct file_ops path_only_fops = {0};
