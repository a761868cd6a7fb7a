/* Inodes, dentries and superblocks: reference counting and the dentry
 * tree (fs/inode.c, fs/dcache.c).  A dentry lives while referenced; its
 * children point at it, so a referenced dentry keeps its whole chain to the
 * root. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../mm/memfile.h"
#include "pagecache.h"
#include "vfs.h"

static dev_t next_dev = 0x30;

struct super_block *sb_new(const char *type, unsigned long magic)
{
	struct super_block *sb = calloc(1, sizeof(*sb));
	if (!sb)
		return NULL;
	sb->refs = 1;
	sb->type = type;
	sb->magic = magic;
	sb->dev = next_dev++;
	sb->next_ino = 2;
	return sb;
}

struct inode *inode_new(struct super_block *sb, mode_t mode, const struct inode_ops *iops,
			const struct file_ops *fops)
{
	struct inode *ino = calloc(1, sizeof(*ino));
	if (!ino)
		return NULL;
	ino->refs = 1;
	ino->sb = sb;
	ino->ino = sb ? sb->next_ino++ : 0;
	ino->mode = mode;
	ino->nlink = 1;
	ino->iops = iops;
	ino->fops = fops;
	return ino;
}

void inode_get(struct inode *ino)
{
	ino->refs++;
}

void inode_put(struct inode *ino)
{
	if (!ino || --ino->refs > 0)
		return;
	if (ino->iops && ino->iops->unused && ino->iops->unused(ino))
		return;
	inode_free(ino);
}

void inode_free(struct inode *ino)
{
	if (ino->iops && ino->iops->evict)
		ino->iops->evict(ino);
	if (ino->cache)
		pagecache_free(ino->cache);
	free(ino);
}

struct dentry *d_alloc(struct dentry *parent, const char *name, struct inode *inode)
{
	struct dentry *d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->name = strdup(name);
	if (!d->name) {
		free(d);
		return NULL;
	}
	d->refs = 1;
	d->inode = inode;
	TAILQ_INIT(&d->children);
	if (parent) {
		d->parent = parent;
		d->sb = parent->sb;
		d_get(parent);
		TAILQ_INSERT_TAIL(&parent->children, d, sibling);
	}
	return d;
}

void d_get(struct dentry *d)
{
	d->refs++;
}

static void d_unlink_from_parent(struct dentry *d)
{
	if (d->parent && !d->dead) {
		TAILQ_REMOVE(&d->parent->children, d, sibling);
		d->dead = true;
	}
}

void d_put(struct dentry *d)
{
	while (d && --d->refs == 0) {
		struct dentry *parent = d->parent;
		d_unlink_from_parent(d);
		/* Children hold references to their parent: none are left. */
		inode_put(d->inode);
		free(d->name);
		free(d);
		d = parent;
	}
}

struct dentry *d_lookup_cached(struct dentry *parent, const char *name)
{
	struct dentry *d;
	TAILQ_FOREACH(d, &parent->children, sibling)
	{
		if (!d->dead && strcmp(d->name, name) == 0) {
			d_get(d);
			return d;
		}
	}
	return NULL;
}

void d_drop(struct dentry *d)
{
	d_unlink_from_parent(d);
}

void path_get(const struct path *p)
{
	if (p->dentry)
		d_get(p->dentry);
}

void path_put(struct path *p)
{
	if (p->dentry)
		d_put(p->dentry);
	p->dentry = NULL;
	p->mnt = NULL;
}

int d_move(struct dentry *d, struct dentry *parent, const char *name)
{
	char *n = strdup(name);
	if (!n)
		return -ENOMEM;
	if (d->parent && !d->dead)
		TAILQ_REMOVE(&d->parent->children, d, sibling);
	struct dentry *old = d->parent;
	d_get(parent);
	d->parent = parent;
	free(d->name);
	d->name = n;
	d->dead = false;
	TAILQ_INSERT_TAIL(&parent->children, d, sibling);
	if (old)
		d_put(old);
	return 0;
}
