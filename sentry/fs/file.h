/* Open file descriptions (struct file) and their operations
 * (include/linux/fs.h, simplified).  A struct file is shared by every fd
 * that dup'ed it and across fork; it holds the offset and status flags.
 * Operations return bytes or -errno; -EAGAIN means "would block", and the
 * caller decides whether to wait (blocking files) by polling the file. */
#ifndef SBX_FILE_H
#define SBX_FILE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "vfs.h"

struct epitem;
struct fown;

struct task;
struct file;
struct uio;
struct waitqueue;

/* One directory entry for ->iterate: name, inode number, DT_* type.
 * Returns false when the caller's buffer is full (stop). */
struct dir_context {
	bool (*actor)(struct dir_context *ctx, const char *name, size_t len, uint64_t ino,
		      unsigned type);
	int64_t pos; /* position of the next entry; the op advances it */
};

/* Given to ->poll: the caller's way to wait on the file's queues. */
struct poll_table {
	void (*queue)(struct poll_table *pt, struct waitqueue *wq);
	struct task *task;
	void *priv; /* the caller's (epoll's item) */
};

static inline void poll_wait(struct poll_table *pt, struct waitqueue *wq)
{
	if (pt && pt->queue)
		pt->queue(pt, wq);
}

/* ->read and ->write get @pos NULL for read(2)/write(2) (the file's own
 * position, f->pos, which the op advances), or a position for pread(2)/
 * pwrite(2), which the op advances. */
struct file_ops {
	ssize_t (*read)(struct task *t, struct file *f, struct uio *to, int64_t *pos);
	ssize_t (*write)(struct task *t, struct file *f, struct uio *from, int64_t *pos);
	/* Current readiness (POLLIN, POLLOUT, POLLHUP...); queues @pt on the
	 * file's wait queues. */
	unsigned (*poll)(struct file *f, struct poll_table *pt);
	int (*stat)(struct file *f, struct stat *st);
	long (*ioctl)(struct task *t, struct file *f, unsigned int cmd, uint64_t arg);
	int64_t (*llseek)(struct file *f, int64_t off, int whence);
	/* Directories: emit entries from ctx->pos on. */
	int (*iterate)(struct file *f, struct dir_context *ctx);
	int (*fsync)(struct file *f);
	/* mmap support: the memory-file offset of page @idx of the file
	 * (read in if needed), -ENXIO beyond the end of the file (SIGBUS), or
	 * another -errno; and the file's size in bytes. */
	int64_t (*get_page)(struct file *f, uint64_t idx);
	int64_t (*size)(struct file *f);
	/* Mapping this file makes anonymous memory (/dev/zero). */
	bool mmap_anon;
	/* For files without a path: /proc/<pid>/fd shows anon_inode:NAME. */
	const char *anon_name;
	int (*fallocate)(struct file *f, int mode, int64_t off, int64_t len);
	/* The last reference is gone.  Tasks sleeping in a syscall hold no
	 * reference, so release must wake its wait queues (emptying them)
	 * before freeing them. */
	void (*release)(struct file *f);
};

struct file {
	int refs;
	const struct file_ops *ops;
	unsigned int flags; /* O_ACCMODE, O_APPEND, O_NONBLOCK... as F_GETFL shows */
	int64_t pos;
	bool stream;  /* no offset (pipes, ttys, sockets): pread gives ESPIPE */
	void *priv;
	struct path path;     /* where it was opened (mnt NULL: not in the tree) */
	struct inode *inode;  /* referenced when set */
	bool exec_deny;       /* opened for exec: holds the inode's write denial */
	bool write_counted;   /* counted in the inode's writecount */
	bool notify_open;     /* opened by path: its close is an fsnotify event */
	TAILQ_HEAD(, epitem) ep_items; /* epoll instances watching this file */
	struct fown *fown; /* F_SETOWN, F_SETSIG, O_ASYNC (fasync.c); NULL until used */
};

/* A new file with one reference; NULL when out of memory. */
struct file *file_alloc(const struct file_ops *ops, unsigned int flags, void *priv);
void file_get(struct file *f);
void file_put(struct file *f);
/* The name /proc/<pid>/fd/<n> shows for a file without a place in the
 * tree ("pipe:[12]", "anon_inode:[eventfd]"): its length, or -ENOENT. */
int file_anon_name(const struct file *f, char *buf, size_t size);

#endif
