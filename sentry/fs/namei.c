/* Path walk (fs/namei.c): components, ".", "..", mount crossings,
 * symlinks (at most 40, then ELOOP), magic links, trailing slashes, and the
 * openat2 RESOLVE_* restrictions. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "../kernel/task.h"
#include "fdtable.h"
#include "file.h"
#include "fs_struct.h"
#include "vfs.h"

struct nameidata {
	struct task *t;
	struct path root;  /* "/" and the stop for ".." */
	struct path start; /* for LOOKUP_BENEATH: may not be left */
	struct path cur;
	unsigned flags;
	int links; /* symlinks followed so far */
};

int lookup_one(struct dentry *dir, const char *name, struct dentry **out)
{
	struct dentry *d = d_lookup_cached(dir, name);
	if (d) {
		*out = d;
		return 0;
	}
	struct inode *ino = NULL;
	struct inode *di = dir->inode;
	if (!di || !di->iops || !di->iops->lookup)
		return -ENOTDIR;
	int r = di->iops->lookup(di, name, &ino);
	if (r < 0 && r != -ENOENT)
		return r;
	d = d_alloc(dir, name, r == 0 ? ino : NULL);
	if (!d) {
		inode_put(ino);
		return -ENOMEM;
	}
	*out = d;
	return 0;
}

static bool path_equal(const struct path *a, const struct path *b)
{
	return a->mnt == b->mnt && a->dentry == b->dentry;
}

/* Step to the parent for "..", crossing mounts upward; stays at @root. */
static int step_up(struct nameidata *nd)
{
	for (;;) {
		if (path_equal(&nd->cur, &nd->root))
			return (nd->flags & LOOKUP_BENEATH) ? -EXDEV : 0;
		if (nd->cur.dentry == nd->cur.mnt->root) {
			if (!nd->cur.mnt->parent)
				return 0; /* the top of everything */
			if (nd->flags & LOOKUP_NO_XDEV)
				return -EXDEV;
			struct path up = {nd->cur.mnt->parent, nd->cur.mnt->mountpoint};
			path_get(&up);
			path_put(&nd->cur);
			nd->cur = up;
			continue;
		}
		if ((nd->flags & LOOKUP_BENEATH) && path_equal(&nd->cur, &nd->start))
			return -EXDEV;
		struct dentry *parent = nd->cur.dentry->parent;
		if (!parent)
			return 0;
		d_get(parent);
		d_put(nd->cur.dentry);
		nd->cur.dentry = parent;
		return 0;
	}
}

/* Follow mounts stacked on nd->cur. */
static int cross_mounts(struct nameidata *nd)
{
	struct vfsmount *m;
	while (nd->cur.dentry->mounted && (m = mount_at(nd->cur.mnt, nd->cur.dentry)) != NULL) {
		if (nd->flags & LOOKUP_NO_XDEV)
			return -EXDEV;
		struct path down = {m, m->root};
		path_get(&down);
		path_put(&nd->cur);
		nd->cur = down;
	}
	return 0;
}

static bool is_dir(const struct dentry *d)
{
	return d->inode && S_ISDIR(d->inode->mode);
}

/* Walk @name from nd->cur.  @follow_last: follow a final symlink. */
static int walk(struct nameidata *nd, const char *name, bool follow_last)
{
	char *buf = strdup(name);
	if (!buf)
		return -ENOMEM;
	char *p = buf;
	int r = 0;
	if (*p == '/') {
		path_put(&nd->cur);
		nd->cur = nd->root;
		path_get(&nd->cur);
	}
	for (;;) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		char *end = strchr(p, '/');
		char *rest = end ? end : p + strlen(p);
		size_t len = (size_t)(rest - p);
		const char *after = rest;
		while (*after == '/')
			after++;
		bool last = *after == '\0';
		bool trailing = last && *rest == '/';
		if (len > NAME_MAX_LEN) {
			r = -ENAMETOOLONG;
			break;
		}
		char comp[NAME_MAX_LEN + 1];
		memcpy(comp, p, len);
		comp[len] = '\0';
		if (!nd->cur.dentry->inode) {
			r = -ENOENT;
			break;
		}
		if (!is_dir(nd->cur.dentry)) {
			r = -ENOTDIR;
			break;
		}
		r = inode_permission(nd->t, nd->cur.dentry->inode, MAY_EXEC);
		if (r < 0)
			break;
		if (strcmp(comp, ".") == 0) {
			p = rest;
			continue;
		}
		if (strcmp(comp, "..") == 0) {
			r = step_up(nd);
			if (r < 0)
				break;
			p = rest;
			continue;
		}
		struct dentry *child;
		r = lookup_one(nd->cur.dentry, comp, &child);
		if (r < 0)
			break;
		if (!child->inode && !last) {
			d_put(child);
			r = -ENOENT;
			break;
		}
		struct path next = {nd->cur.mnt, child};
		path_put(&nd->cur);
		nd->cur = next;
		r = cross_mounts(nd);
		if (r < 0)
			break;
		struct inode *ino = nd->cur.dentry->inode;
		if (ino && S_ISLNK(ino->mode) && (!last || follow_last || trailing)) {
			if (nd->flags & LOOKUP_NO_SYMLINK) {
				r = -ELOOP;
				break;
			}
			if (++nd->links > MAX_SYMLINKS) {
				r = -ELOOP;
				break;
			}
			struct path target;
			int m = ino->iops->get_link_path
					? ino->iops->get_link_path(ino, nd->t, &target.mnt, &target.dentry)
					: -EINVAL;
			if (m != -EINVAL) {
				/* A magic link: jump to what it stands for. */
				if (m == 0 && (nd->flags & (LOOKUP_NO_MAGIC | LOOKUP_BENEATH | LOOKUP_IN_ROOT))) {
					path_put(&target);
					m = -ELOOP;
				}
				if (m < 0) {
					r = m;
					break;
				}
				path_put(&nd->cur);
				nd->cur = target;
				p = rest;
				continue;
			}
			char text[PATH_MAX_LEN];
			long n = ino->iops->readlink ? ino->iops->readlink(ino, text, sizeof(text) - 1)
						     : -EINVAL;
			if (n < 0) {
				r = (int)n;
				break;
			}
			text[n] = '\0';
			if (n == 0) {
				r = -ENOENT;
				break;
			}
			/* Continue with the link's text followed by the rest. */
			size_t rl = strlen(rest);
			char *nbuf = malloc((size_t)n + rl + 2);
			if (!nbuf) {
				r = -ENOMEM;
				break;
			}
			memcpy(nbuf, text, (size_t)n);
			memcpy(nbuf + n, rest, rl + 1);
			/* The link is resolved from its directory, or from the
			 * root for an absolute one. */
			r = step_up(nd);
			if (r < 0) {
				free(nbuf);
				break;
			}
			if (text[0] == '/') {
				if (nd->flags & LOOKUP_BENEATH) {
					free(nbuf);
					r = -EXDEV;
					break;
				}
				path_put(&nd->cur);
				nd->cur = nd->root;
				path_get(&nd->cur);
			}
			free(buf);
			buf = nbuf;
			p = buf;
			continue;
		}
		if (trailing && ino && !S_ISDIR(ino->mode)) {
			r = -ENOTDIR;
			break;
		}
		p = rest;
	}
	free(buf);
	return r;
}

/* The starting point for @dirfd: the cwd, or an opened directory. */
static int start_at(struct task *t, int dirfd, struct path *out)
{
	if (dirfd == AT_FDCWD) {
		*out = t->fs->cwd;
		path_get(out);
		return 0;
	}
	struct file *f = fd_get(t->files, dirfd);
	if (!f)
		return -EBADF;
	if (!f->path.dentry)
		return -ENOTDIR;
	*out = f->path;
	path_get(out);
	return 0;
}

static int init_nd(struct nameidata *nd, struct task *t, int dirfd, const char *name,
		   unsigned flags)
{
	memset(nd, 0, sizeof(*nd));
	nd->t = t;
	nd->flags = flags;
	bool absolute = name[0] == '/';
	if (absolute && (flags & LOOKUP_BENEATH))
		return -EXDEV;
	int r = 0;
	if (!absolute || (flags & LOOKUP_IN_ROOT)) {
		r = start_at(t, dirfd, &nd->cur);
		if (r < 0)
			return r;
		if (name[0] && !is_dir(nd->cur.dentry)) {
			path_put(&nd->cur);
			return -ENOTDIR;
		}
	} else {
		nd->cur = t->fs->root;
		path_get(&nd->cur);
	}
	if (flags & LOOKUP_IN_ROOT)
		nd->root = nd->cur;
	else
		nd->root = t->fs->root;
	path_get(&nd->root);
	nd->start = nd->cur;
	path_get(&nd->start);
	return 0;
}

static void fini_nd(struct nameidata *nd)
{
	path_put(&nd->root);
	path_put(&nd->start);
}

int path_lookup(struct task *t, int dirfd, const char *name, unsigned flags, struct path *out)
{
	struct nameidata nd;
	if (!*name && !(flags & LOOKUP_EMPTY))
		return -ENOENT;
	int r = init_nd(&nd, t, dirfd, name, flags);
	if (r < 0)
		return r;
	r = walk(&nd, name, flags & LOOKUP_FOLLOW);
	fini_nd(&nd);
	if (r == 0 && !nd.cur.dentry->inode && !(flags & LOOKUP_NEGATIVE))
		r = -ENOENT;
	if (r == 0 && (flags & LOOKUP_DIRECTORY) && nd.cur.dentry->inode &&
	    !S_ISDIR(nd.cur.dentry->inode->mode))
		r = -ENOTDIR;
	if (r < 0) {
		path_put(&nd.cur);
		return r;
	}
	*out = nd.cur;
	return 0;
}

int path_parent(struct task *t, int dirfd, const char *name, unsigned flags, struct path *parent,
		const char **last, char **lastbuf, bool *trailing_slash)
{
	if (!*name)
		return -ENOENT;
	size_t n = strlen(name);
	char *copy = strdup(name);
	if (!copy)
		return -ENOMEM;
	/* Split off the last component, ignoring trailing slashes. */
	size_t end = n;
	while (end > 1 && copy[end - 1] == '/')
		end--;
	*trailing_slash = end < n;
	copy[end] = '\0';
	char *slash = strrchr(copy, '/');
	const char *dir;
	if (!slash) {
		dir = "";
		*last = copy;
	} else if (slash == copy) {
		dir = "/";
		*last = copy + 1;
	} else {
		*slash = '\0';
		dir = copy;
		*last = slash + 1;
	}
	if (strlen(*last) > NAME_MAX_LEN) {
		free(copy);
		return -ENAMETOOLONG;
	}
	int r;
	if (!*dir)
		r = path_lookup(t, dirfd, "", flags | LOOKUP_EMPTY, parent);
	else
		r = path_lookup(t, dirfd, dir, flags | LOOKUP_FOLLOW, parent);
	if (r == 0 && !parent->dentry->inode) {
		path_put(parent);
		r = -ENOENT;
	}
	if (r == 0 && !S_ISDIR(parent->dentry->inode->mode)) {
		path_put(parent);
		r = -ENOTDIR;
	}
	if (r < 0) {
		free(copy);
		return r;
	}
	*lastbuf = copy;
	return 0;
}

char *path_string(struct task *t, const struct path *p)
{
	if (p->dentry->sb && p->dentry->sb->anon)
		return strdup(p->dentry->name);
	const char *names[1024];
	int n = 0;
	struct path cur = *p;
	bool reached_root = false;
	bool deleted = cur.dentry->dead;
	while (n < 1024) {
		if (t && cur.mnt == t->fs->root.mnt && cur.dentry == t->fs->root.dentry) {
			reached_root = true;
			break;
		}
		if (cur.dentry == cur.mnt->root) {
			if (!cur.mnt->parent)
				break;
			cur.dentry = cur.mnt->mountpoint;
			cur.mnt = cur.mnt->parent;
			continue;
		}
		if (!cur.dentry->parent)
			break;
		names[n++] = cur.dentry->name;
		cur.dentry = cur.dentry->parent;
	}
	size_t len = 2 + (deleted ? 10 : 0) + (reached_root || !t ? 0 : 14);
	for (int i = 0; i < n; i++)
		len += strlen(names[i]) + 1;
	char *s = malloc(len);
	if (!s)
		return NULL;
	char *q = s;
	if (t && !reached_root)
		q = stpcpy(q, "(unreachable)");
	if (n == 0)
		*q++ = '/';
	for (int i = n - 1; i >= 0; i--) {
		*q++ = '/';
		q = stpcpy(q, names[i]);
	}
	*q = '\0';
	if (deleted)
		strcat(s, " (deleted)");
	return s;
}
