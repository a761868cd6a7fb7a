/* Read-only access to host paths on behalf of the guest (stat, readlink):
 * the default view is the host's file tree, read-only.  Relative paths
 * resolve against the guest's cwd; dirfd must be AT_FDCWD. */
#ifndef SBX_HOSTPATH_H
#define SBX_HOSTPATH_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

struct task;

int hostpath_stat(struct task *t, int dirfd, const char *path, struct stat *st, bool follow);
long hostpath_readlink(struct task *t, int dirfd, const char *path, char *buf, size_t size);
/* Open @path read-only for exec or the loader; *abs gets the canonical
 * absolute path (malloc'ed).  AT_SYMLINK_NOFOLLOW in @flags refuses a
 * final symlink (ELOOP).  The host fd or -errno. */
int hostpath_open_exec(struct task *t, int dirfd, const char *path, int flags, char **abs);
/* Change @t's cwd to @path (chdir): -ENOENT, -ENOTDIR, -EACCES... */
int hostpath_chdir(struct task *t, const char *path);

#endif
