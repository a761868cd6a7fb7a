/* Mounts inside the sandbox (fs/namespace.c) and the namespace calls it
 * refuses.  A guest that is root in the sandbox (CAP_SYS_ADMIN) may mount
 * a fresh tmpfs or proc on a directory, bind-mount a tree, change mount
 * flags with a remount, and mark mounts private/shared (there is no
 * propagation: one mount tree for the whole sandbox, so that is a no-op).
 * Everything happens in the sandbox's own mount table; the host never sees
 * it.  Unmounting takes a mount out of the tree unless something is in
 * use inside it (EBUSY; MNT_DETACH takes it all the same), namespaces are
 * refused with EPERM as unshare and clone refuse them (docs/design.md),
 * and the new mount API with pivot_root is refused with EPERM. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../fs/file.h"
#include "../fs/fdtable.h"
#include "../fs/fs_struct.h"
#include "../fs/procfs.h"
#include "../fs/tmpfs.h"
#include "../fs/vfs.h"
#include "../kernel/cred.h"
#include "../kernel/pidfd.h"
#include "../kernel/task.h"
#include "../mm/mm.h"
#include "syscalls.h"

/* umount2's flags (<sys/mount.h> clashes with <linux/mount.h>). */
#define MNT_FORCE	  1
#define MNT_DETACH	  2
#define MNT_EXPIRE	  4
#define UMOUNT_NOFOLLOW	  8
#define PROPAGATION_FLAGS (MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE)

/* may_mount: CAP_SYS_ADMIN over the (only) mount namespace. */
static bool may_mount(struct task *t)
{
	return capable(t, CAP_SYS_ADMIN);
}

/* copy_mount_string: a NUL-terminated string of at most a path's length;
 * NULL stays NULL. */
static long copy_mount_string(struct task *t, uint64_t u, char **out)
{
	*out = NULL;
	if (!u)
		return 0;
	char *s = malloc(PATH_MAX_LEN);
	if (!s)
		return -ENOMEM;
	long n = strncpy_from_user(t->mm, s, u, PATH_MAX_LEN);
	if (n < 0) {
		free(s);
		return n == -ENAMETOOLONG ? -EINVAL : n;
	}
	*out = s;
	return 0;
}

/* copy_mount_options: as much of a page as can be read (EFAULT only
 * when none of it can), NUL-terminated. */
static long copy_mount_options(struct task *t, uint64_t u, char **out)
{
	*out = NULL;
	if (!u)
		return 0;
	char *s = calloc(1, PAGE_SIZE);
	if (!s)
		return -ENOMEM;
	size_t got = 0;
	while (got < PAGE_SIZE) {
		size_t n = PAGE_SIZE - ((u + got) & ~PAGE_MASK);
		if (n > PAGE_SIZE - got)
			n = PAGE_SIZE - got;
		if (copy_from_user(t->mm, s + got, u + got, n) < 0)
			break;
		got += n;
	}
	if (!got) {
		free(s);
		return -EFAULT;
	}
	s[PAGE_SIZE - 1] = '\0';
	*out = s;
	return 0;
}

/* The per-mount flags of MS_* flags. */
static int mnt_flags_of(unsigned long flags)
{
	int m = 0;
	if (flags & MS_RDONLY)
		m |= MNT_READONLY;
	if (flags & MS_NOSUID)
		m |= MNT_NOSUID;
	if (flags & MS_NODEV)
		m |= MNT_NODEV;
	if (flags & MS_NOEXEC)
		m |= MNT_NOEXEC;
	return m;
}

static bool parse_octal(const char *s, unsigned long *v)
{
	char *end;
	*v = strtoul(s, &end, 8);
	return *s && !*end;
}

static bool parse_dec(const char *s, unsigned long *v)
{
	char *end;
	*v = strtoul(s, &end, 10);
	return *s && !*end;
}

/* tmpfs options (mm/shmem.c shmem_fs_parameters): mode, uid and gid are
 * applied; the size and inode limits are accepted but not enforced. */
static long tmpfs_options(char *opts, mode_t *mode, uid_t *uid, gid_t *gid)
{
	char *save = NULL;
	for (char *o = opts ? strtok_r(opts, ",", &save) : NULL; o;
	     o = strtok_r(NULL, ",", &save)) {
		char *v = strchr(o, '=');
		unsigned long n;
		if (v)
			*v++ = '\0';
		if (!strcmp(o, "mode") && v && parse_octal(v, &n))
			*mode = (mode_t)(n & 07777);
		else if (!strcmp(o, "uid") && v && parse_dec(v, &n) && n != (uid_t)-1)
			*uid = (uid_t)n;
		else if (!strcmp(o, "gid") && v && parse_dec(v, &n) && n != (gid_t)-1)
			*gid = (gid_t)n;
		else if ((!strcmp(o, "size") || !strcmp(o, "nr_blocks") ||
			  !strcmp(o, "nr_inodes") || !strcmp(o, "huge") || !strcmp(o, "mpol")) &&
			 v && *v)
			continue;
		else if (!v &&
			 (!strcmp(o, "inode32") || !strcmp(o, "inode64") || !strcmp(o, "noswap")))
			continue;
		else
			return -EINVAL; /* an unknown or malformed parameter */
	}
	return 0;
}

/* proc options (fs/proc/root.c): hidepid, gid and subset are accepted;
 * the sandbox's /proc shows every process of the sandbox regardless. */
static long proc_options(char *opts)
{
	char *save = NULL;
	for (char *o = opts ? strtok_r(opts, ",", &save) : NULL; o;
	     o = strtok_r(NULL, ",", &save)) {
		char *v = strchr(o, '=');
		if (!v || !v[1])
			return -EINVAL;
		*v = '\0';
		if (strcmp(o, "hidepid") && strcmp(o, "gid") && strcmp(o, "subset"))
			return -EINVAL;
	}
	return 0;
}

/* graft_tree: a directory goes over a directory, a file over a file. */
static long check_mountpoint(const struct path *mp, bool dir)
{
	bool is_dir = mp->dentry->inode && S_ISDIR(mp->dentry->inode->mode);
	return is_dir == dir ? 0 : -ENOTDIR;
}

static long do_new_mount(struct task *t, const struct path *mp, const char *type, int mnt_flags,
			 const char *dev, char *opts)
{
	if (!type)
		return -EINVAL;
	bool tmpfs = !strcmp(type, "tmpfs"), proc = !strcmp(type, "proc");
	if (!tmpfs && !proc)
		return -ENODEV; /* no such file system type in the sandbox's kernel */
	mode_t mode = 01777;
	uid_t uid = t->cred.fsuid;
	gid_t gid = t->cred.fsgid;
	long r = tmpfs ? tmpfs_options(opts, &mode, &uid, &gid) : proc_options(opts);
	if (r < 0)
		return r;
	/* The mount point before the superblock: one made is never freed. */
	r = check_mountpoint(mp, true);
	if (r < 0)
		return r;
	struct super_block *sb = tmpfs ? tmpfs_new_sb(mode, uid, gid) : procfs_new_sb();
	if (!sb)
		return -ENOMEM;
	return vfs_mount(sb, sb->root, mp, mnt_flags, dev && *dev ? dev : "none") ? 0 : -ENOMEM;
}

/* do_loopback: the tree at @old_name appears at @mp as well (its
 * submounts are not copied, even with MS_REC). */
static long do_loopback(struct task *t, const struct path *mp, const char *old_name, int mnt_flags)
{
	if (!old_name || !*old_name)
		return -EINVAL;
	struct path old;
	long r = path_lookup(t, AT_FDCWD, old_name, LOOKUP_FOLLOW, &old);
	if (r < 0)
		return r;
	bool dir = old.dentry->inode && S_ISDIR(old.dentry->inode->mode);
	r = check_mountpoint(mp, dir);
	if (r == 0 && !vfs_mount(old.mnt->sb, old.dentry, mp,
				 (old.mnt->flags & ~MNT_READONLY) | mnt_flags, old.mnt->source))
		r = -ENOMEM;
	path_put(&old);
	return r;
}

/* The mount whose root @p is, or NULL (path_mounted). */
static struct vfsmount *mount_of_root(const struct path *p)
{
	return p->dentry == p->mnt->root ? p->mnt : NULL;
}

static long path_mount(struct task *t, const char *dev, const struct path *mp, const char *type,
		       unsigned long flags, char *opts)
{
	if ((flags & MS_MGC_MSK) == MS_MGC_VAL)
		flags &= ~(unsigned long)MS_MGC_MSK;
	/* MS_NOUSER is 1 << 31, which glibc's enum spells as an int shift. */
	if (flags & (1UL << 31))
		return -EINVAL;
	if (!may_mount(t))
		return -EPERM;
	int mnt_flags = mnt_flags_of(flags);
	if ((flags & (MS_REMOUNT | MS_BIND)) == (MS_REMOUNT | MS_BIND) || (flags & MS_REMOUNT)) {
		/* A remount changes the flags of the mount at its root. */
		struct vfsmount *m = mount_of_root(mp);
		if (!m)
			return -EINVAL;
		m->flags =
		    (m->flags & ~(MNT_READONLY | MNT_NOSUID | MNT_NODEV | MNT_NOEXEC)) | mnt_flags;
		return 0;
	}
	if (flags & MS_BIND)
		return do_loopback(t, mp, dev, mnt_flags);
	if (flags & PROPAGATION_FLAGS) {
		/* flags_to_propagation_type: exactly one propagation type. */
		unsigned long type_flags = flags & ~(unsigned long)(MS_REC | MS_SILENT);
		if ((type_flags & ~(unsigned long)PROPAGATION_FLAGS) ||
		    (type_flags & (type_flags - 1)))
			return -EINVAL;
		return mount_of_root(mp) ? 0 : -EINVAL;
	}
	if (flags & MS_MOVE)
		return -EINVAL; /* moving mounts is not offered */
	return do_new_mount(t, mp, type, mnt_flags, dev, opts);
}

SYSCALL(mount)
{
	char *type = NULL, *dev = NULL, *opts = NULL;
	long r = copy_mount_string(t, a[2], &type);
	if (r == 0)
		r = copy_mount_string(t, a[0], &dev);
	if (r == 0)
		r = copy_mount_options(t, a[4], &opts);
	char dir[PATH_MAX_LEN];
	if (r == 0) {
		r = getname(t, a[1], dir);
		if (r >= 0)
			r = 0;
	}
	struct path mp;
	if (r == 0)
		r = path_lookup(t, AT_FDCWD, dir, LOOKUP_FOLLOW, &mp);
	if (r == 0) {
		r = path_mount(t, dev, &mp, type, a[3], opts);
		path_put(&mp);
	}
	free(type);
	free(dev);
	free(opts);
	return r;
}

/* Does any task hold something inside @m: its root, cwd, an open file,
 * a mapped file? */
static bool mount_busy(const struct vfsmount *m)
{
	for_each_task(t)
	{
		if (t->state == TASK_DEAD)
			continue;
		if (t->fs && (t->fs->cwd.mnt == m || t->fs->root.mnt == m))
			return true;
		for (int i = 0; t->files && i < t->files->max; i++) {
			struct file *f = t->files->fd[i];
			if (f && f->path.mnt == m)
				return true;
		}
		if (t->mm) {
			struct vma *v;
			RB_FOREACH(v, vma_tree, &t->mm->vmas)
			{
				if (v->file && v->file->path.mnt == m)
					return true;
			}
		}
	}
	return false;
}

SYSCALL(umount2)
{
	int flags = (int)a[1];
	if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW))
		return -EINVAL;
	char dir[PATH_MAX_LEN];
	long r = getname(t, a[0], dir);
	if (r < 0)
		return r;
	struct path p;
	r = path_lookup(t, AT_FDCWD, dir, (flags & UMOUNT_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, &p);
	if (r < 0)
		return r;
	/* can_umount: privilege, then a mount's root. */
	if (!may_mount(t))
		r = -EPERM;
	else if (!mount_of_root(&p))
		r = -EINVAL;
	else if ((flags & MNT_FORCE) && !capable(t, CAP_SYS_ADMIN))
		r = -EPERM;
	else if (p.mnt == vfs_root_mount() || !p.mnt->parent)
		r = -EBUSY; /* the root is always in use */
	else if ((flags & MNT_EXPIRE) && (flags & (MNT_FORCE | MNT_DETACH)))
		r = -EINVAL;
	if (r < 0) {
		path_put(&p);
		return r;
	}
	struct vfsmount *m = p.mnt;
	path_put(&p);
	if (!(flags & MNT_DETACH)) {
		/* do_umount: busy while anything is mounted on it or any
		 * task's root, cwd, open file or mapping is inside it. */
		if (vfs_has_submounts(m) || mount_busy(m))
			return -EBUSY;
		if (flags & MNT_EXPIRE)
			return -EAGAIN; /* marked: a second MNT_EXPIRE would take it */
	}
	vfs_detach(m);
	return 0;
}

/* setns: a pidfd or a namespace file; joining any namespace needs
 * privilege over it, which no task of the sandbox has. */
SYSCALL(setns)
{
	int nstype = (int)a[1];
	struct file *f = fd_get(t->files, (int)a[0]);
	if (!f)
		return -EBADF;
	const int ns_flags = CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET |
			     CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWCGROUP | CLONE_NEWTIME;
	if (!pidfd_tg(f))
		return -EINVAL; /* no namespace files in the sandbox's /proc */
	if (!nstype || (nstype & ~ns_flags))
		return -EINVAL; /* check_setns_flags */
	return -EPERM;
}
