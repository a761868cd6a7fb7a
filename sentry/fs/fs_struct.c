#include "fs_struct.h"

#include <stdlib.h>
#include <string.h>

struct fs_struct *fs_new(const char *cwd, mode_t umask)
{
	struct fs_struct *fs = calloc(1, sizeof(*fs));
	if (!fs)
		return NULL;
	fs->cwd = strdup(cwd);
	if (!fs->cwd) {
		free(fs);
		return NULL;
	}
	fs->refs = 1;
	fs->umask = umask;
	return fs;
}

struct fs_struct *fs_copy(const struct fs_struct *fs)
{
	return fs_new(fs->cwd, fs->umask);
}

void fs_get(struct fs_struct *fs)
{
	fs->refs++;
}

void fs_put(struct fs_struct *fs)
{
	if (!fs || --fs->refs > 0)
		return;
	free(fs->cwd);
	free(fs);
}
