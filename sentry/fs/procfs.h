/* procfs: the sandbox's /proc (fs/proc).  Directories are made up on
 * lookup from the live tasks; files are generated when opened (a snapshot,
 * like seq_file's first read); /proc/<pid>/{exe,cwd,root,fd/N} are magic
 * links that jump to what they stand for. */
#ifndef SBX_PROCFS_H
#define SBX_PROCFS_H

#include <stddef.h>
#include <sys/types.h>

struct super_block;
struct task;

/* A growing text buffer for generators. */
struct sbuf {
	char *s;
	size_t len, cap;
	int err; /* -ENOMEM once an append failed */
};
void sbuf_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sbuf_write(struct sbuf *b, const void *p, size_t n);

/* A generated file: @gen fills @b for process/thread @t (NULL for files
 * outside /proc/<pid>), seen by @viewer; @arg is the fd number for
 * /proc/<pid>/fdinfo/<fd>.  0 or -errno. */
typedef int (*proc_gen_fn)(struct task *viewer, struct task *t, int arg, struct sbuf *b);

struct proc_entry {
	const char *name;
	mode_t mode;      /* S_IFREG | 0444, S_IFDIR | 0555, S_IFLNK | 0777 */
	proc_gen_fn gen;  /* files */
	const struct proc_entry *children; /* directories, NULL-name terminated */
	int link;         /* magic links: PROC_LINK_* */
};

enum {
	PROC_LINK_NONE,
	PROC_LINK_EXE,
	PROC_LINK_CWD,
	PROC_LINK_ROOT,
	PROC_LINK_FD,   /* /proc/<pid>/fd/<n> */
	PROC_LINK_SELF, /* /proc/self -> <tgid> (a plain symlink) */
	PROC_LINK_THREAD_SELF,
};

struct super_block *procfs_new_sb(void);

/* The tables of files (procfs_files.c): what /proc and /proc/<pid> hold. */
extern const struct proc_entry proc_root_files[];
extern const struct proc_entry proc_pid_files[];
extern const struct proc_entry proc_tid_files[];
/* /proc/<pid>/fdinfo/<fd>. */
int proc_fdinfo_gen(struct task *viewer, struct task *t, int fd, struct sbuf *b);

#endif
