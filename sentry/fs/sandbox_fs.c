/* The sandbox's default file tree: the host's / read-only under an
 * in-memory overlay, a /dev of the sandbox's own devices, tmpfs on /dev/shm,
 * and the mounts the command line adds (--bind, --ro-bind, --tmpfs). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>

#include "../../util/log.h"
#include "hostfs.h"
#include "overlay.h"
#include "procfs.h"
#include "special.h"
#include "tmpfs.h"
#include "vfs.h"

/* Walk an absolute @path from the root mount (no symlinks: set-up paths
 * are the sandbox's own), creating missing directories in the overlay when
 * @create.  *out gets references. */
static int setup_walk(const char *path, bool create, struct path *out)
{
	struct vfsmount *m = vfs_root_mount();
	struct path cur = {m, m->root};
	path_get(&cur);
	char *copy = strdup(path);
	if (!copy)
		return -ENOMEM;
	int r = 0;
	for (char *save = NULL, *c = strtok_r(copy, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
		struct dentry *d;
		r = lookup_one(cur.dentry, c, &d);
		if (r < 0)
			break;
		if (!d->inode && create) {
			struct inode *dir = cur.dentry->inode;
			if (dir->iops->prepare_write)
				dir->iops->prepare_write(cur.dentry);
			r = dir->iops->mkdir ? dir->iops->mkdir(dir, c, 0755, NULL) : -EROFS;
			d_drop(d);
			d_put(d);
			if (r < 0)
				break;
			r = lookup_one(cur.dentry, c, &d);
			if (r < 0)
				break;
		}
		if (!d->inode) {
			d_put(d);
			r = -ENOENT;
			break;
		}
		struct path next = {cur.mnt, d};
		path_put(&cur);
		cur = next;
		struct vfsmount *down;
		while (cur.dentry->mounted && (down = mount_at(cur.mnt, cur.dentry))) {
			struct path p = {down, down->root};
			path_get(&p);
			path_put(&cur);
			cur = p;
		}
	}
	free(copy);
	if (r < 0) {
		path_put(&cur);
		return r;
	}
	*out = cur;
	return 0;
}

int vfs_mount_sb_at(const char *path, struct super_block *sb, int flags, const char *source)
{
	struct path mp;
	int r = setup_walk(path, true, &mp);
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
	struct super_block *lower = hostfs_new_sb(host_root, true, &err);
	if (!lower)
		return err;
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
	struct super_block *proc = procfs_new_sb();
	if (!proc)
		return -ENOMEM;
	return vfs_mount_sb_at("/proc", proc, MNT_NOEXEC | MNT_NOSUID | MNT_NODEV, "proc");
}

int vfs_lookup_setup(const char *path, struct path *out)
{
	return setup_walk(path, false, out);
}
