#include "file.h"

#include <stdlib.h>

struct file *file_alloc(const struct file_ops *ops, unsigned int flags, void *priv)
{
	struct file *f = calloc(1, sizeof(*f));
	if (!f)
		return NULL;
	f->refs = 1;
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
	if (f->ops && f->ops->release)
		f->ops->release(f);
	free(f);
}
