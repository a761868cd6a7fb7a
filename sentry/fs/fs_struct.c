#include "fs_struct.h"

#include <stdlib.h>

struct fs_struct *fs_new(const struct path *root, const struct path *cwd, mode_t umask)
{
	struct fs_struct *fs = calloc(1, sizeof(*fs));
	if (!fs)
		return NULL;
	fs->refs = 1;
	fs->umask = umask;
	fs->root = *root;
	fs->cwd = *cwd;
	path_get(&fs->root);
	path_get(&fs->cwd);
	return fs;
}

struct fs_struct *fs_copy(const struct fs_struct *fs)
{
	return fs_new(&fs->root, &fs->cwd, fs->umask);
}

void fs_get(struct fs_struct *fs)
{
	fs->refs++;
}

void fs_put(struct fs_struct *fs)
{
	if (!fs || --fs->refs > 0)
		return;
	path_put(&fs->root);
	path_put(&fs->cwd);
	free(fs);
}

void fs_set_cwd(struct fs_struct *fs, const struct path *p)
{
	struct path old = fs->cwd;
	fs->cwd = *p;
	path_get(&fs->cwd);
	path_put(&old);
}

void fs_set_root(struct fs_struct *fs, const struct path *p)
{
	struct path old = fs->root;
	fs->root = *p;
	path_get(&fs->root);
	path_put(&old);
}
