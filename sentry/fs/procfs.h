/* procfs: the sandbox's /proc (fs/proc).  Directories are made up on
 * lookup from the live tasks; files are generated when opened (a snapshot,
 * like seq_file's first read); /proc/<pid>/{exe,cwd,root,fd/N} are magic
 * links that jump to what they stand for. */
#ifndef SBX_PROCFS_H
#define SBX_PROCFS_H

#include <stddef.h>
#include <stdint.h>
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

/* A write to a writable file (/proc/<pid>/comm): @buf holds what one
 * write(2) gave (NUL-terminated for convenience).  Returns the bytes
 * taken or -errno. */
typedef long (*proc_write_fn)(struct task *viewer, struct task *t, const char *buf, size_t len);

struct proc_entry {
	const char *name;
	mode_t mode;      /* S_IFREG | 0444, S_IFDIR | 0555, S_IFLNK | 0777 */
	proc_gen_fn gen;  /* files */
	const struct proc_entry *children; /* directories, NULL-name terminated */
	int link;         /* magic links: PROC_LINK_* */
	proc_write_fn write; /* writable files */
	int ops;          /* PROC_OPS_*: files that are not generated text */
};

enum {
	PROC_OPS_GEN, /* text generated at open (the default) */
	PROC_OPS_MEM, /* /proc/<pid>/mem: the process's memory, read and written */
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
/* The pid a /proc/<pid> directory (not a thread's, under task/) opened
 * as @f stands for, or 0 if @f is not one: pidfd_send_signal takes such
 * a file as a pidfd (tgid_pidfd_to_pid). */
struct file;
pid_t procfs_pid_dir_pid(struct file *f);

/* The tables of files: what /proc (procfs_sys.c) and /proc/<pid>
 * (procfs_files.c) hold. */
extern const struct proc_entry proc_root_files[];
extern const struct proc_entry proc_pid_files[];
extern const struct proc_entry proc_tid_files[];
/* /proc/<pid>/fdinfo/<fd>. */
int proc_fdinfo_gen(struct task *viewer, struct task *t, int fd, struct sbuf *b);

/* Shared by the generators (procfs_*.c). */
/* The sandbox's uptime, ns (since the sandbox started). */
uint64_t proc_uptime_ns(void);
/* A task's state letter and Linux's name for it ("S (sleeping)"). */
const char *proc_state_name(struct task *t);
/* Resident pages of @mm: anonymous private, file-backed, shared memory. */
struct mm;
struct proc_rss {
	uint64_t anon, file, shmem;
};
void proc_mm_rss(struct mm *mm, struct proc_rss *rss);
/* Generators of the per-process files (procfs_stat.c, procfs_maps.c). */
int proc_gen_stat(struct task *viewer, struct task *t, int arg, struct sbuf *b);
int proc_gen_tid_stat(struct task *viewer, struct task *t, int arg, struct sbuf *b);
int proc_gen_status(struct task *viewer, struct task *t, int arg, struct sbuf *b);
int proc_gen_statm(struct task *viewer, struct task *t, int arg, struct sbuf *b);
int proc_gen_maps(struct task *viewer, struct task *t, int arg, struct sbuf *b);
int proc_gen_smaps(struct task *viewer, struct task *t, int arg, struct sbuf *b);
int proc_gen_smaps_rollup(struct task *viewer, struct task *t, int arg, struct sbuf *b);
int proc_gen_mounts(struct task *viewer, struct task *t, int arg, struct sbuf *b);
int proc_gen_mountinfo(struct task *viewer, struct task *t, int arg, struct sbuf *b);
/* /proc/<pid>/net/NAME (net/netlink.c): the sandbox's interfaces, and
 * socket tables listing none (under --net=host, the host's files). */
int proc_net_gen(const char *name, struct sbuf *b);

#endif
