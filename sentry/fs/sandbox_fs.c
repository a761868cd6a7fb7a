/* The sandbox's default file tree: the host's / (or --root's directory)
 * read-only under an in-memory overlay, a /dev of the sandbox's own devices
 * with tmpfs on /dev/shm and the sandbox's ptys on /dev/pts, /proc, and the
 * mounts the command line adds (--bind, --ro-bind, --tmpfs). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "../../util/log.h"
#include "../kernel/task.h"
#include "../sentry.h"
#include "fs_struct.h"
#include "hostfs.h"
#include "overlay.h"
#include "procfs.h"
#include "special.h"
#include "tmpfs.h"
#include "tty.h"
#include "vfs.h"

/* Set-up walks run as a task of their own, before any guest exists: root
 * credentials (sbx builds the tree as bwrap does with its privileges) and
 * the sandbox's / as root and cwd, so that the guest's rules apply to the
 * paths of the command line: symlinks are followed inside the sandbox's
 * view, ".." stops at its root, relative paths start at /. */
static struct task *setup_task(void)
{
	struct task *t = task_alloc();
	if (!t)
		return NULL;
	struct path root;
	vfs_root_path(&root);
	t->fs = fs_new(&root, &root, 022);
	path_put(&root);
	if (!t->fs) {
		task_free(t);
		return NULL;
	}
	return t;
}

static void setup_task_free(struct task *t)
{
	fs_put(t->fs);
	task_free(t);
}

void vfs_root_path(struct path *out)
{
	/* A mount over / (--bind DIR /, --tmpfs /) hides the root mount's own
	 * root: the sandbox's / is the top of the stack. */
	struct vfsmount *m = vfs_root_mount(), *down;
	struct path p = {m, m->root};
	while (p.dentry->mounted && (down = mount_at(p.mnt, p.dentry)))
		p = (struct path){down, down->root};
	path_get(&p);
	*out = p;
}

/* Create @name in directory @dir: a directory, or an empty regular file
 * when @file. */
static int create_in(struct task *t, struct path *dir, const char *name, bool file)
{
	struct inode *di = dir->dentry->inode;
	if (path_readonly(dir))
		return -EROFS;
	if (di->iops->prepare_write) {
		int r = di->iops->prepare_write(dir->dentry);
		if (r < 0)
			return r;
	}
	int r;
	if (file) {
		struct inode *ino = NULL;
		r = di->iops->create ? di->iops->create(di, name, 0644, t, &ino) : -EROFS;
		if (r == 0)
			inode_put(ino);
	} else {
		r = di->iops->mkdir ? di->iops->mkdir(di, name, 0755, t) : -EROFS;
	}
	/* The negative dentry the lookup left is stale now. */
	struct dentry *d = d_lookup_cached(dir->dentry, name);
	if (d) {
		d_drop(d);
		d_put(d);
	}
	return r;
}

/* Resolve @path in the sandbox, creating what is missing as `mkdir -p`
 * would (the last component as an empty file when @file): mount points
 * that do not exist are made in the overlay, as bwrap makes them.
 * *out gets references. */
static int make_path(struct task *t, const char *path, bool file, struct path *out)
{
	size_t len = strlen(path);
	if (len >= PATH_MAX_LEN)
		return -ENAMETOOLONG;
	if (path[strspn(path, "/")] == '\0')
		return path_lookup(t, AT_FDCWD, "/", 0, out);
	char prefix[PATH_MAX_LEN];
	size_t pos = 0;
	for (;;) {
		/* The prefix of @path up to the end of its next component. */
		pos += strspn(path + pos, "/");
		pos += strcspn(path + pos, "/");
		bool last = path[pos + strspn(path + pos, "/")] == '\0';
		memcpy(prefix, path, pos);
		prefix[pos] = '\0';
		struct path p;
		int r = path_lookup(t, AT_FDCWD, prefix, LOOKUP_FOLLOW, &p);
		if (r == -ENOENT) {
			struct path parent;
			const char *name;
			char *buf;
			bool trailing;
			r = path_parent(t, AT_FDCWD, prefix, 0, &parent, &name, &buf, &trailing);
			if (r < 0)
				return r;
			r = create_in(t, &parent, name, file && last);
			path_put(&parent);
			free(buf);
			if (r == 0)
				r = path_lookup(t, AT_FDCWD, prefix, LOOKUP_FOLLOW, &p);
		}
		if (r < 0)
			return r;
		if (last) {
			*out = p;
			return 0;
		}
		path_put(&p);
	}
}

int vfs_mount_sb_at(const char *path, struct super_block *sb, int flags, const char *source)
{
	struct task *t = setup_task();
	if (!t)
		return -ENOMEM;
	struct path mp;
	int r = make_path(t, path, false, &mp);
	setup_task_free(t);
	if (r < 0)
		return r;
	struct vfsmount *m = vfs_mount(sb, sb->root, &mp, flags, source);
	path_put(&mp);
	return m ? 0 : -ENOMEM;
}

/* /dev: the sandbox's own device nodes and links. */
static int populate_dev(struct super_block *dev)
{
	struct inode *root = dev->root->inode;
	static const struct {
		const char *name;
		unsigned major, minor;
	} nodes[] = {
		{"null", 1, 3}, {"zero", 1, 5},	   {"full", 1, 7},
		{"random", 1, 8}, {"urandom", 1, 9}, {"tty", 5, 0},
	};
	for (size_t i = 0; i < sizeof(nodes) / sizeof(nodes[0]); i++) {
		int r = tmpfs_mknod_inode(root, nodes[i].name, S_IFCHR | 0666,
					  makedev(nodes[i].major, nodes[i].minor), NULL, NULL);
		if (r < 0)
			return r;
	}
	static const struct {
		const char *name, *target;
	} links[] = {
		{"fd", "/proc/self/fd"},
		{"stdin", "/proc/self/fd/0"},
		{"stdout", "/proc/self/fd/1"},
		{"stderr", "/proc/self/fd/2"},
		{"ptmx", "pts/ptmx"},
	};
	for (size_t i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
		int r = root->iops->symlink(root, links[i].name, links[i].target, NULL);
		if (r < 0)
			return r;
	}
	int r = root->iops->mkdir(root, "shm", 01777, NULL);
	if (r == 0)
		r = root->iops->mkdir(root, "pts", 0755, NULL);
	return r;
}

int vfs_init_default(const char *host_root)
{
	int err;
	chrdev_init_mem();
	tty_init();
	struct super_block *lower = hostfs_new_sb(host_root, true, &err);
	if (!lower)
		return err;
	if (!S_ISDIR(lower->root->inode->mode))
		return -ENOTDIR;
	struct super_block *upper = tmpfs_new_sb(lower->root->inode->mode & 07777,
						 lower->root->inode->uid, lower->root->inode->gid);
	if (!upper)
		return -ENOMEM;
	struct super_block *ovl = overlay_new_sb(lower, upper);
	if (!ovl)
		return -ENOMEM;
	if (!vfs_mount(ovl, ovl->root, NULL, 0, "overlay"))
		return -ENOMEM;
	struct super_block *dev = tmpfs_new_sb(0755, 0, 0);
	if (!dev)
		return -ENOMEM;
	int r = populate_dev(dev);
	if (r == 0)
		r = vfs_mount_sb_at("/dev", dev, MNT_NOEXEC, "udev");
	if (r < 0)
		return r;
	struct super_block *shm = tmpfs_new_sb(01777, 0, 0);
	if (!shm)
		return -ENOMEM;
	r = vfs_mount_sb_at("/dev/shm", shm, MNT_NOEXEC, "tmpfs");
	if (r < 0)
		return r;
	struct super_block *pts = devpts_new_sb();
	if (!pts)
		return -ENOMEM;
	r = vfs_mount_sb_at("/dev/pts", pts, MNT_NOEXEC | MNT_NOSUID, "devpts");
	if (r < 0)
		return r;
	struct super_block *proc = procfs_new_sb();
	if (!proc)
		return -ENOMEM;
	return vfs_mount_sb_at("/proc", proc, MNT_NOEXEC | MNT_NOSUID | MNT_NODEV, "proc");
}

int vfs_lookup_setup(const char *path, struct path *out)
{
	struct task *t = setup_task();
	if (!t)
		return -ENOMEM;
	int r = path_lookup(t, AT_FDCWD, path, LOOKUP_FOLLOW, out);
	setup_task_free(t);
	return r;
}

/* What a --bind, --ro-bind or --tmpfs option is called, for messages. */
static const char *mount_option(const struct sentry_mount *m)
{
	switch (m->kind) {
	case SENTRY_BIND:
		return "--bind";
	case SENTRY_RO_BIND:
		return "--ro-bind";
	default:
		return "--tmpfs";
	}
}

static int apply_one(struct task *t, const struct sentry_mount *m)
{
	struct super_block *sb;
	bool file = false;
	int flags = 0, r;
	if (m->kind == SENTRY_TMPFS) {
		sb = NULL; /* made once the mount point is known good: no sb_put */
	} else {
		sb = hostfs_new_sb(m->source, m->kind == SENTRY_RO_BIND, &r);
		if (!sb) {
			sbx_msg("%s %s %s: %s: %s", mount_option(m), m->source, m->dest, m->source,
				strerror(-r));
			return r;
		}
		file = !S_ISDIR(sb->root->inode->mode);
		if (m->kind == SENTRY_RO_BIND)
			flags |= MNT_READONLY;
	}
	struct path mp;
	r = make_path(t, m->dest, file, &mp);
	if (r == 0 && S_ISDIR(mp.dentry->inode->mode) == file) {
		/* A directory goes over a directory, anything else over a
		 * non-directory, as mount(2) demands. */
		r = file ? -EISDIR : -ENOTDIR;
		path_put(&mp);
	}
	if (r < 0) {
		if (m->source)
			sbx_msg("%s %s %s: cannot mount on %s: %s", mount_option(m), m->source,
				m->dest, m->dest, strerror(-r));
		else
			sbx_msg("%s %s: cannot mount on it: %s", mount_option(m), m->dest,
				strerror(-r));
		return r;
	}
	if (!sb) {
		/* As bwrap's: mode 0755, owned by the user who runs sbx. */
		sb = tmpfs_new_sb(0755, getuid(), getgid());
		if (!sb) {
			path_put(&mp);
			return -ENOMEM;
		}
	}
	struct vfsmount *mnt =
		vfs_mount(sb, sb->root, &mp, flags, m->kind == SENTRY_TMPFS ? "tmpfs" : m->source);
	path_put(&mp);
	return mnt ? 0 : -ENOMEM;
}

int vfs_apply_mounts(const struct sentry_mount *mounts, int n)
{
	struct task *t = setup_task();
	if (!t)
		return -ENOMEM;
	int r = 0;
	for (int i = 0; i < n && r == 0; i++) {
		/* Each mount sees the ones before it (a --tmpfs inside a
		 * --bind...): the set-up task's root moves with a mount on /. */
		struct path root;
		vfs_root_path(&root);
		fs_set_root(t->fs, &root);
		fs_set_cwd(t->fs, &root);
		path_put(&root);
		r = apply_one(t, &mounts[i]);
	}
	setup_task_free(t);
	return r;
}
