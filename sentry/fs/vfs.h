/* The virtual file system (include/linux/fs.h, fs/namei.c, fs/namespace.c
 * in miniature).
 *
 * - An inode is a file of some filesystem; a dentry names it in a
 *   directory (a negative dentry names nothing).  Dentries form a tree by
 *   parent pointers and are kept only while referenced: a path walk builds
 *   the chain it needs, open files and cwds hold theirs.
 * - A super_block is a mounted filesystem instance; a vfsmount places its
 *   root over a dentry of another mount.  A struct path is (mount, dentry).
 * - Filesystems implement struct inode_ops (names in a directory) and give
 *   struct file_ops for opened files.
 * Every operation returns 0 / a value, or -errno.
 */
#ifndef SBX_VFS_H
#define SBX_VFS_H

#include <bsd/sys/queue.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>

struct task;
struct file;
struct file_ops;
struct inode;
struct dentry;
struct super_block;
struct vfsmount;
struct page_cache;
struct pipe;

#define NAME_MAX_LEN 255
#define PATH_MAX_LEN 4096
#define MAX_SYMLINKS 40

/* Attributes, as stat shows them and setattr changes them. */
struct iattr {
	unsigned valid; /* ATTR_* */
	mode_t mode;
	uid_t uid;
	gid_t gid;
	int64_t size;
	struct timespec atime, mtime;
};
#define ATTR_MODE  0x1
#define ATTR_UID   0x2
#define ATTR_GID   0x4
#define ATTR_SIZE  0x8
#define ATTR_ATIME 0x10
#define ATTR_MTIME 0x20
#define ATTR_CTIME 0x40

/* vfsmount.flags */
#define MNT_READONLY 0x1
#define MNT_NOEXEC   0x2
#define MNT_NOSUID   0x4
#define MNT_NODEV    0x8

struct inode_ops {
	/* Find @name in directory @dir: a new inode reference or -ENOENT. */
	int (*lookup)(struct inode *dir, const char *name, struct inode **out);
	int (*create)(struct inode *dir, const char *name, mode_t mode, struct task *t,
		      struct inode **out);
	int (*mkdir)(struct inode *dir, const char *name, mode_t mode, struct task *t);
	int (*mknod)(struct inode *dir, const char *name, mode_t mode, dev_t dev, struct task *t);
	int (*symlink)(struct inode *dir, const char *name, const char *target, struct task *t);
	int (*link)(struct inode *old, struct inode *dir, const char *name);
	int (*unlink)(struct inode *dir, const char *name);
	int (*rmdir)(struct inode *dir, const char *name);
	/* RENAME_NOREPLACE / RENAME_EXCHANGE in @flags. */
	int (*rename)(struct inode *odir, const char *oname, struct inode *ndir, const char *nname,
		      unsigned flags);
	/* Symlink target; the returned length excludes a NUL. */
	long (*readlink)(struct inode *ino, char *buf, size_t size);
	int (*getattr)(struct inode *ino, struct stat *st);
	/* The creation time statx shows as stx_btime: 0, or -ENODATA where
	 * the filesystem keeps none (optional). */
	int (*getbtime)(struct inode *ino, struct timespec *ts);
	int (*setattr)(struct inode *ino, const struct iattr *attr);
	/* Open: set up @f (ops, priv) for f->inode with @flags (O_*); @d is
	 * the dentry it was reached by (an overlay's: f->inode is then the
	 * real inode below). */
	int (*open)(struct dentry *d, struct file *f, int flags);
	/* Extended attributes: -ENOTSUP where the filesystem has none. */
	long (*getxattr)(struct inode *ino, const char *name, void *buf, size_t size);
	int (*setxattr)(struct inode *ino, const char *name, const void *val, size_t size, int flags);
	long (*listxattr)(struct inode *ino, char *buf, size_t size);
	int (*removexattr)(struct inode *ino, const char *name);
	/* A "magic link" (/proc/self/fd/N, /proc/self/exe): the path it stands
	 * for, followed without reading its text. */
	int (*get_link_path)(struct inode *ino, struct task *t, struct vfsmount **mnt,
			     struct dentry **d);
	void (*evict)(struct inode *ino);
	/* The last reference went: true if the filesystem keeps the inode
	 * (a cache), to free it later with inode_free. */
	bool (*unused)(struct inode *ino);
	/* Before anything changes @d's inode or, for a directory, its entries:
	 * the overlay copies the file up here.  0 or -errno. */
	int (*prepare_write)(struct dentry *d);
};

struct inode {
	int refs;
	struct super_block *sb;
	uint64_t ino;
	mode_t mode; /* type and permission bits */
	uid_t uid;
	gid_t gid;
	nlink_t nlink;
	dev_t rdev; /* device number of a device file */
	const struct inode_ops *iops;
	const struct file_ops *fops; /* for regular files, devices... opened here */
	void *priv;
	struct page_cache *cache; /* data pages in the memory file, for mmap */
	struct pipe *pipe;        /* a FIFO's pipe, made on first open */
	int writecount;           /* > 0: open for write (ETXTBSY), < 0: being executed */
};

struct dentry {
	int refs;
	char *name;
	struct dentry *parent; /* NULL: a filesystem root */
	struct inode *inode;   /* NULL: negative */
	struct super_block *sb;
	int mounted; /* mounts that have this dentry as mountpoint */
	bool dead;   /* unlinked or renamed away */
	TAILQ_HEAD(, dentry) children;
	TAILQ_ENTRY(dentry) sibling;
};

struct super_block {
	int refs;
	dev_t dev;
	const char *type; /* "tmpfs", "hostfs", "overlay", "proc"... */
	bool readonly;
	unsigned long magic; /* statfs f_type */
	bool anon;           /* pipefs and friends: paths read as the name alone */
	struct dentry *root;
	void *priv;
	uint64_t next_ino;
};

struct vfsmount {
	struct super_block *sb;
	struct dentry *root;       /* of the mounted tree */
	struct vfsmount *parent;   /* NULL for the root mount */
	struct dentry *mountpoint; /* in parent */
	int flags;                 /* MS_RDONLY, MS_NOEXEC... */
	int id;
	char *source;
	TAILQ_ENTRY(vfsmount) link;
};

struct path {
	struct vfsmount *mnt;
	struct dentry *dentry;
};

/* --- inodes and dentries (dcache.c) --- */
struct inode *inode_new(struct super_block *sb, mode_t mode, const struct inode_ops *iops,
			const struct file_ops *fops);
void inode_get(struct inode *ino);
void inode_put(struct inode *ino);
/* Free an inode with no references (one its filesystem kept). */
void inode_free(struct inode *ino);
struct super_block *sb_new(const char *type, unsigned long magic);
/* A new dentry @name under @parent for @inode (reference taken over;
 * NULL: negative). */
struct dentry *d_alloc(struct dentry *parent, const char *name, struct inode *inode);
void d_get(struct dentry *d);
void d_put(struct dentry *d);
/* A cached child of @parent named @name (a new reference), or NULL. */
struct dentry *d_lookup_cached(struct dentry *parent, const char *name);
/* Give @d a new parent and name (a rename). 0 or -ENOMEM. */
int d_move(struct dentry *d, struct dentry *parent, const char *name);
/* Forget @d: it was unlinked, or @parent's entry changed. */
void d_drop(struct dentry *d);
void path_get(const struct path *p);
void path_put(struct path *p);

/* Anonymous files (pipes, stdio from the host): an internal filesystem
 * whose entries are not in the tree, so that /proc/<pid>/fd/<n> can show
 * "pipe:[123]" and be opened again. */
struct super_block *anon_sb_new(const char *type);
/* A path for @ino named @name in anonymous @sb (the inode reference is
 * taken over). */
int anon_path(struct super_block *sb, const char *name, struct inode *ino, struct path *out);

/* --- mounts (mount.c) --- */
/* Mount @sb's root over @mp (NULL: the root mount). */
struct vfsmount *vfs_mount(struct super_block *sb, struct dentry *root, const struct path *mp,
			   int flags, const char *source);
/* The mount whose mountpoint is (@parent, @d), or NULL. */
struct vfsmount *mount_at(struct vfsmount *parent, struct dentry *d);
struct vfsmount *vfs_root_mount(void);
/* For /proc/self/mounts: call @fn for each mount, root first. */
void mounts_for_each(void (*fn)(struct vfsmount *m, void *arg), void *arg);

/* --- path walk (namei.c) --- */
#define LOOKUP_FOLLOW     0x1  /* follow a final symlink */
#define LOOKUP_DIRECTORY  0x2  /* the result must be a directory */
#define LOOKUP_EMPTY      0x4  /* AT_EMPTY_PATH: "" is @dirfd itself */
#define LOOKUP_NO_XDEV    0x8  /* openat2 RESOLVE_NO_XDEV */
#define LOOKUP_NO_MAGIC   0x10 /* RESOLVE_NO_MAGICLINKS */
#define LOOKUP_NO_SYMLINK 0x20 /* RESOLVE_NO_SYMLINKS */
#define LOOKUP_BENEATH    0x40 /* RESOLVE_BENEATH */
#define LOOKUP_IN_ROOT    0x80 /* RESOLVE_IN_ROOT */
#define LOOKUP_NEGATIVE   0x100 /* a missing final component is not an error */

/* Resolve @name relative to @dirfd (AT_FDCWD: the cwd) for @t.  With
 * LOOKUP_NEGATIVE the final dentry may be negative (O_CREAT), else a
 * missing file is -ENOENT.  On success *out holds references. */
int path_lookup(struct task *t, int dirfd, const char *name, unsigned flags, struct path *out);
/* Resolve all but the last component: *parent (a directory) and the last
 * name (a pointer into a copy the caller frees with free(*lastbuf)).
 * *trailing_slash says whether @name ended in '/'. */
int path_parent(struct task *t, int dirfd, const char *name, unsigned flags, struct path *parent,
		const char **last, char **lastbuf, bool *trailing_slash);
/* The absolute path of @p as seen from @t's root (getcwd, /proc links).
 * Returns a malloc'ed string, or NULL. */
char *path_string(struct task *t, const struct path *p);
/* The child @name of directory @dir: looked up through the cache or the
 * filesystem; the dentry may be negative.  A new reference. */
int lookup_one(struct dentry *dir, const char *name, struct dentry **out);

/* --- permissions (perm.c) --- */
#define MAY_EXEC  1
#define MAY_WRITE 2
#define MAY_READ  4
/* generic_permission with @t's filesystem credentials: 0 or -EACCES. */
int inode_permission(struct task *t, struct inode *ino, int mask);

/* --- opening (open.c) --- */
/* Internal open flag: opened for exec (no read permission needed). */
#define FMODE_EXEC 0x20
/* Internal open flag: the open created the file, which the opener may
 * then use whatever its mode says (do_open's acc_mode 0). */
#define FMODE_CREATED 0x10
/* Open @p with @flags for @t: a new file with one reference, or NULL with
 * *err = -errno. */
struct file *vfs_open(struct task *t, const struct path *p, int flags, int *err);
/* umount (fs/namespace.c): does anything sit on @m; take @m and what sits
 * on it out of the tree (the vfsmount stays allocated for whatever still
 * names it). */
bool vfs_has_submounts(const struct vfsmount *m);
void vfs_detach(struct vfsmount *m);
/* The path a file was opened from, or NULL (pipes, sockets...). */
const struct path *file_path(const struct file *f);
struct inode *file_inode(const struct file *f);
/* Is writing through @p forbidden by a read-only mount or filesystem? */
bool path_readonly(const struct path *p);
extern const struct file_ops path_only_fops;

/* --- the sandbox's file tree (sandbox_fs.c) --- */
struct fs_struct;
struct sentry_mount;
/* The default tree: host directory @host_root read-only under an
 * in-memory overlay as /, the sandbox's /dev, /dev/shm and /proc. */
int vfs_init_default(const char *host_root);
/* Add the command line's mounts (--bind, --ro-bind, --tmpfs) in order;
 * missing mount points are created.  0, or -errno after a `sbx:` line
 * naming the option that failed. */
int vfs_apply_mounts(const struct sentry_mount *mounts, int n);
/* Mount @sb over the sandbox path @path (created if missing). */
int vfs_mount_sb_at(const char *path, struct super_block *sb, int flags, const char *source);
/* Look a path up during set-up (no task yet): symlinks are followed in the
 * sandbox's view, a relative path starts at /. */
int vfs_lookup_setup(const char *path, struct path *out);
/* The sandbox's / (the top of the mounts stacked on the root mount). */
void vfs_root_path(struct path *out);

#endif
