/* Per-task file system context (include/linux/fs_struct.h): root, current
 * directory and umask; shared with CLONE_FS. */
#ifndef SBX_FS_STRUCT_H
#define SBX_FS_STRUCT_H

#include <sys/types.h>

#include "vfs.h"

struct fs_struct {
	int refs;
	mode_t umask;
	struct path root;
	struct path cwd;
};

/* A new fs_struct holding references to @root and @cwd; NULL on ENOMEM. */
struct fs_struct *fs_new(const struct path *root, const struct path *cwd, mode_t umask);
/* A copy for clone without CLONE_FS. */
struct fs_struct *fs_copy(const struct fs_struct *fs);
void fs_get(struct fs_struct *fs);
void fs_put(struct fs_struct *fs);
/* Replace the cwd (chdir) or root (chroot); takes new references. */
void fs_set_cwd(struct fs_struct *fs, const struct path *p);
void fs_set_root(struct fs_struct *fs, const struct path *p);

#endif
