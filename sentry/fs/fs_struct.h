/* Per-task file system context (include/linux/fs_struct.h): root, current
 * directory and umask; shared with CLONE_FS. */
#ifndef SBX_FS_STRUCT_H
#define SBX_FS_STRUCT_H

#include <sys/types.h>

struct fs_struct {
	int refs;
	mode_t umask;
	char *cwd; /* absolute guest path */
};

/* A new fs_struct with @cwd (copied); NULL on ENOMEM. */
struct fs_struct *fs_new(const char *cwd, mode_t umask);
/* A copy for clone without CLONE_FS. */
struct fs_struct *fs_copy(const struct fs_struct *fs);
void fs_get(struct fs_struct *fs);
void fs_put(struct fs_struct *fs);

#endif
