#include "file.h"
#include "eventpoll.h"
#include "fasync.h"
#include "fsnotify.h"
#include "locks.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>

struct file *file_alloc(const struct file_ops *ops, unsigned int flags, void *priv)
{
	struct file *f = calloc(1, sizeof(*f));
	if (!f)
		return NULL;
	f->refs = 1;
	TAILQ_INIT(&f->ep_items);
	f->ops = ops;
	f->flags = flags;
	f->priv = priv;
	return f;
}

void file_get(struct file *f)
{
	f->refs++;
}

void file_put(struct file *f)
{
	if (!f || --f->refs > 0)
		return;
	eventpoll_release_file(f);
	fasync_release(f);
	locks_release_file(f);
	if (f->notify_open)
		fsnotify_close(f);
	if (f->ops && f->ops->release)
		f->ops->release(f);
	if (f->inode) {
		if (f->exec_deny)
			f->inode->writecount++;
		else if (f->write_counted)
			f->inode->writecount--;
		inode_put(f->inode);
	}
	path_put(&f->path);
	free(f);
}

int file_anon_name(const struct file *f, char *buf, size_t size)
{
	int n;
	if (f->path.dentry && f->path.dentry->sb && f->path.dentry->sb->anon)
		n = snprintf(buf, size, "%s", f->path.dentry->name);
	else if (f->ops && f->ops->anon_name)
		n = snprintf(buf, size, "anon_inode:%s", f->ops->anon_name);
	else
		return -ENOENT;
	return n < 0 || (size_t)n >= size ? (int)size - 1 : n;
}
