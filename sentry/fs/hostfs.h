/* hostfs: a host directory passed through (read-only unless bound
 * writable). */
#ifndef SBX_HOSTFS_H
#define SBX_HOSTFS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/statfs.h>

struct super_block;
struct inode;

int hostfs_init(void);
/* A hostfs instance rooted at host directory (or file) @host_dir, a host
 * path that is followed if it is a symlink. */
struct super_block *hostfs_new_sb(const char *host_dir, bool readonly, int *err);
bool is_hostfs_inode(const struct inode *ino);
/* The page cache page @idx of a host file, read in if absent. */
int64_t hostfs_get_page(struct inode *ino, uint64_t idx);
int64_t hostfs_size(struct inode *ino);
int hostfs_statfs(struct inode *ino, struct statfs *sfs);

#endif
