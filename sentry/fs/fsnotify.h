/* File change notification (fs/notify, include/linux/fsnotify.h) and its
 * one user, inotify (fs/notify/inotify).  The VFS calls the hooks below
 * where Linux calls fsnotify; inotify watches are kept by (super_block,
 * inode number), the identity stat shows, so they hold across the dentries
 * and inodes the sandbox makes and drops.  Changes the host makes to its
 * own files are not seen: only what the sandbox does. */
#ifndef SBX_FSNOTIFY_H
#define SBX_FSNOTIFY_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/inotify.h>

struct dentry;
struct file;
struct inode;
struct task;

/* Is anything watched at all?  The hooks cost nothing when not. */
extern bool fsnotify_watching;

/* An event about @d's inode: to the watches of the inode and, with the
 * name, to those of its parent directory (IN_OPEN, IN_ACCESS, IN_MODIFY,
 * IN_ATTRIB, IN_CLOSE_*).  IN_ISDIR is added for a directory. */
void fsnotify_dentry(struct dentry *d, uint32_t mask);
/* An event about @ino alone (IN_ATTRIB for a link count, IN_MOVE_SELF). */
void fsnotify_inode(struct inode *ino, uint32_t mask);
/* A change of entry @name in directory @dir (IN_CREATE, IN_DELETE,
 * IN_MOVED_FROM, IN_MOVED_TO, with @cookie tying a move's two halves). */
void fsnotify_name(struct inode *dir, const char *name, uint32_t mask, bool isdir, uint32_t cookie);
/* @ino lost its last name: IN_DELETE_SELF, then its watches go
 * (IN_IGNORED). */
void fsnotify_delete_self(struct inode *ino);
/* A new cookie for a rename. */
uint32_t fsnotify_cookie(void);

/* The events of an open and a close of @f (a file opened by path), and
 * of what is done through it (IN_ACCESS, IN_MODIFY). */
void fsnotify_open(struct file *f);
void fsnotify_close(struct file *f);
void fsnotify_file(struct file *f, uint32_t mask);

/* inotify: a new instance (IN_NONBLOCK in @flags), NULL on ENOMEM; add or
 * change a watch on the inode of @d (the wd or -errno); remove one. */
struct file *inotify_create(unsigned flags);
bool is_inotify(const struct file *f);
int inotify_add(struct file *f, struct dentry *d, uint32_t mask);
int inotify_rm(struct file *f, int wd);

#endif
