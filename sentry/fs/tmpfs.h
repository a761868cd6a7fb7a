/* tmpfs (mm/shmem.c): in-memory files; also the upper layer of the
 * overlay and the storage of /dev/shm and memfd. */
#ifndef SBX_TMPFS_H
#define SBX_TMPFS_H

#include <bsd/sys/queue.h>
#include <stdbool.h>
#include <sys/types.h>
#include <time.h>

#include "vfs.h"
#include "xattr.h"

struct uio;
struct dir_context;
struct file;

struct tmpfs_dirent {
	char *name;
	struct inode *inode;
	/* Its readdir position, given when it was added and never reused
	 * (Linux's stable offsets, simple_offset_add): entries removed
	 * between two reads do not move the others. */
	int64_t off;
	TAILQ_ENTRY(tmpfs_dirent) link;
};

struct tmpfs_inode {
	struct timespec atime, mtime, ctime, btime;
	int64_t size;
	TAILQ_HEAD(, tmpfs_dirent) entries; /* directories, in creation order */
	int nentries;
	int64_t next_off;    /* directories: the next entry's position, from 2 */
	uint64_t parent_ino; /* directories: for ".." in readdir */
	char *target;        /* symlinks */
	struct xattr *xattrs;
	unsigned seals;      /* memfd F_ADD_SEALS */
	bool ovl_opaque;     /* the overlay's upper dir hides the lower one */
};

/* A new tmpfs instance with a root directory of @root_mode. */
struct super_block *tmpfs_new_sb(mode_t root_mode, uid_t uid, gid_t gid);
/* A new, unlinked inode of @sb (memfd_create, O_TMPFILE). */
struct inode *tmpfs_new_inode(struct super_block *sb, mode_t mode, uid_t uid, gid_t gid);
struct tmpfs_inode *tmpfs_i(struct inode *ino);
bool is_tmpfs_inode(const struct inode *ino);
/* Create @name in @dir with @mode (type included) and device @dev; *out
 * (if not NULL) gets a reference to the new inode. */
int tmpfs_mknod_inode(struct inode *dir, const char *name, mode_t mode, dev_t dev,
		      struct task *t, struct inode **out);
int tmpfs_truncate(struct inode *ino, int64_t size);
/* Data of a regular tmpfs inode at *pos, advancing it. */
ssize_t tmpfs_read_inode(struct inode *ino, struct uio *to, int64_t *pos);
ssize_t tmpfs_write_inode(struct inode *ino, struct uio *from, int64_t *pos);
/* Directory entries of @dir; entries for which @skip says true are left
 * out (the overlay's whiteouts). */
/* The room of the in-memory file systems, in pages: half the host's
 * memory as a default tmpfs, or the --memory cap; what the sandbox has in
 * use counts against it (writes past it: ENOSPC). */
uint64_t tmpfs_limit_pages(void);
int tmpfs_iterate_inode(struct inode *dir, struct dir_context *ctx,
			bool (*skip)(struct inode *ino, const char *name, void *arg), void *arg);
/* llseek for files of @size bytes (SEEK_SET, CUR, END, DATA, HOLE). */
int64_t generic_llseek(struct file *f, int64_t off, int whence, int64_t size);

#endif
