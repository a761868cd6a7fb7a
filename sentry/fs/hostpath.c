#define _GNU_SOURCE
#include "hostpath.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../kernel/task.h"
#include "fs_struct.h"

/* The host path for a guest path, or -errno. */
static int resolve(struct task *t, int dirfd, const char *path, char *out, size_t n)
{
	if (path[0] == '/') {
		if (strlen(path) >= n)
			return -ENAMETOOLONG;
		strcpy(out, path);
		return 0;
	}
	if (dirfd != AT_FDCWD)
		return -EBADF; /* directory fds arrive with the VFS */
	int len = snprintf(out, n, "%s/%s", t->fs->cwd, path);
	return len < 0 || (size_t)len >= n ? -ENAMETOOLONG : 0;
}

int hostpath_stat(struct task *t, int dirfd, const char *path, struct stat *st, bool follow)
{
	char host[8192];
	int r = resolve(t, dirfd, path, host, sizeof(host));
	if (r < 0)
		return r;
	return fstatat(AT_FDCWD, host, st, follow ? 0 : AT_SYMLINK_NOFOLLOW) < 0 ? -errno : 0;
}

long hostpath_readlink(struct task *t, int dirfd, const char *path, char *buf, size_t size)
{
	char host[8192];
	int r = resolve(t, dirfd, path, host, sizeof(host));
	if (r < 0)
		return r;
	ssize_t n = readlink(host, buf, size);
	return n < 0 ? -errno : n;
}
