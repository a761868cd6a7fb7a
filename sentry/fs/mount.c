/* The mount table (fs/namespace.c): one tree of mounts for the sandbox. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "vfs.h"

static TAILQ_HEAD(mount_list, vfsmount) mounts = TAILQ_HEAD_INITIALIZER(mounts);
/* Mounts taken out of the tree (umount): kept, as paths may still name
 * them. */
static struct mount_list detached = TAILQ_HEAD_INITIALIZER(detached);
static struct vfsmount *root_mnt;
static int next_id = 20;

struct vfsmount *vfs_mount(struct super_block *sb, struct dentry *root, const struct path *mp,
			   int flags, const char *source)
{
	struct vfsmount *m = calloc(1, sizeof(*m));
	if (!m)
		return NULL;
	m->sb = sb;
	m->root = root;
	d_get(root);
	m->flags = flags;
	m->id = next_id++;
	m->source = strdup(source ? source : "none");
	if (mp) {
		m->parent = mp->mnt;
		m->mountpoint = mp->dentry;
		d_get(mp->dentry);
		mp->dentry->mounted++;
	} else {
		root_mnt = m;
	}
	TAILQ_INSERT_TAIL(&mounts, m, link);
	return m;
}

struct vfsmount *mount_at(struct vfsmount *parent, struct dentry *d)
{
	struct vfsmount *m, *found = NULL;
	/* The last mount on a mountpoint hides the earlier ones. */
	TAILQ_FOREACH(m, &mounts, link)
	{
		if (m->parent == parent && m->mountpoint == d)
			found = m;
	}
	return found;
}

bool vfs_has_submounts(const struct vfsmount *m)
{
	struct vfsmount *s;
	TAILQ_FOREACH(s, &mounts, link)
	{
		if (s->parent == m)
			return true;
	}
	return false;
}

void vfs_detach(struct vfsmount *m)
{
	/* Its submounts go with it (umount_tree, for MNT_DETACH). */
	struct vfsmount *s, *next;
	for (s = TAILQ_FIRST(&mounts); s; s = next) {
		next = TAILQ_NEXT(s, link);
		if (s->parent == m)
			vfs_detach(s);
	}
	TAILQ_REMOVE(&mounts, m, link);
	if (m->mountpoint) {
		m->mountpoint->mounted--;
		d_put(m->mountpoint);
		m->mountpoint = NULL;
	}
	/* Paths and open files inside may still name @m (nothing counts
	 * them): it stays allocated, cut off from the tree. */
	m->parent = NULL;
	TAILQ_INSERT_TAIL(&detached, m, link);
}

struct vfsmount *vfs_root_mount(void)
{
	return root_mnt;
}

void mounts_for_each(void (*fn)(struct vfsmount *m, void *arg), void *arg)
{
	struct vfsmount *m;
	TAILQ_FOREACH(m, &mounts, link)
		fn(m, arg);
}

struct super_block *anon_sb_new(const char *type)
{
	struct super_block *sb = sb_new(type, 0);
	if (!sb)
		return NULL;
	sb->anon = true;
	sb->root = d_alloc(NULL, "/", NULL);
	if (!sb->root)
		return NULL;
	sb->root->sb = sb;
	/* A mount of its own, outside the tree, so that paths have one. */
	struct vfsmount *m = calloc(1, sizeof(*m));
	if (!m)
		return NULL;
	m->sb = sb;
	m->root = sb->root;
	m->id = next_id++;
	m->source = strdup(type);
	sb->priv = m;
	return sb;
}

int anon_path(struct super_block *sb, const char *name, struct inode *ino, struct path *out)
{
	struct dentry *d = d_alloc(sb->root, name, ino);
	if (!d)
		return -ENOMEM;
	out->mnt = sb->priv;
	out->dentry = d;
	return 0;
}
