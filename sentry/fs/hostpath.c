#define _GNU_SOURCE
#include "hostpath.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
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

int hostpath_open_exec(struct task *t, int dirfd, const char *path, int flags, char **abs)
{
	char host[8192];
	int r = resolve(t, dirfd, path, host, sizeof(host));
	if (r < 0)
		return r;
	int fd = open(host, O_RDONLY | O_CLOEXEC | ((flags & AT_SYMLINK_NOFOLLOW) ? O_NOFOLLOW : 0));
	if (fd < 0)
		return -errno;
	*abs = realpath(host, NULL);
	return fd;
}

int hostpath_chdir(struct task *t, const char *path)
{
	char host[8192];
	int r = resolve(t, AT_FDCWD, path, host, sizeof(host));
	if (r < 0)
		return r;
	struct stat st;
	if (stat(host, &st) < 0)
		return -errno;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	if (access(host, X_OK) < 0)
		return -errno;
	char *canon = realpath(host, NULL);
	if (!canon)
		return -errno;
	free(t->fs->cwd);
	t->fs->cwd = canon;
	return 0;
}
