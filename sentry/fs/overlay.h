/* The overlay: writable tmpfs upper over read-only hostfs lower. */
#ifndef SBX_OVERLAY_H
#define SBX_OVERLAY_H

#include <stdbool.h>

struct super_block;
struct inode;

struct super_block *overlay_new_sb(struct super_block *lower, struct super_block *upper);
bool is_overlay_inode(const struct inode *ino);

#endif
