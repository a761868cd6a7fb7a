/* procfs infrastructure: the directory tree, generated files, magic links.
 * What each file says is in procfs_files.c. */
#define _GNU_SOURCE
#include "../mm/syscall_patch.h"
#include "../kernel/det.h"
#include "procfs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../kernel/task.h"
#include "../mm/mm.h"
#include "../mm/uio.h"
#include "fdtable.h"
#include "file.h"
#include "fs_struct.h"
#include "vfs.h"

#define PROC_SUPER_MAGIC 0x9fa0

enum proc_kind {
	PK_ROOT,    /* /proc */
	PK_PID,     /* /proc/<pid> and /proc/<pid>/task/<tid> */
	PK_ENTRY,   /* a table entry: file, directory or link */
	PK_FD_DIR,  /* /proc/<pid>/fd */
	PK_FD,      /* /proc/<pid>/fd/<n> */
	PK_TASK_DIR /* /proc/<pid>/task */
};

struct proc_inode {
	enum proc_kind kind;
	pid_t pid; /* the task it is about (0: none) */
	bool thread; /* /proc/<pid>/task/<tid>: thread files */
	int fd;
	const struct proc_entry *entry;
};

static const struct inode_ops proc_iops;
static const struct file_ops proc_file_ops;
static const struct file_ops proc_dir_ops;
static const struct file_ops proc_mem_ops;

/* An open /proc/<pid>/mem: the memory of the process as it was at open.
 * Once the process has exited or exec'd, reads and writes see nothing, as
 * Linux's do when the mm has no users left. */
struct proc_mem {
	pid_t pid;
	struct mm *mm;
};

void sbuf_write(struct sbuf *b, const void *p, size_t n)
{
	if (b->err)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *s = realloc(b->s, cap);
		if (!s) {
			b->err = -ENOMEM;
			return;
		}
		b->s = s;
		b->cap = cap;
	}
	memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void sbuf_printf(struct sbuf *b, const char *fmt, ...)
{
	char small[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		sbuf_write(b, small, (size_t)n);
		return;
	}
	char *big = malloc((size_t)n + 1);
	if (!big) {
		b->err = -ENOMEM;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sbuf_write(b, big, (size_t)n);
	free(big);
}

static struct proc_inode *pi(struct inode *ino)
{
	return ino->priv;
}

pid_t procfs_pid_dir_pid(struct file *f)
{
	struct inode *ino = f->inode;
	if (!ino || ino->iops != &proc_iops)
		return 0;
	struct proc_inode *p = pi(ino);
	return p->kind == PK_PID && !p->thread ? p->pid : 0;
}

/* The task a file is about.  Zombies are still there until reaped (ps
 * shows them <defunct>); generators cope with what they have released. */
static struct task *proc_task(struct inode *ino)
{
	pid_t pid = pi(ino)->pid;
	return pid ? task_lookup(pid) : NULL;
}

static struct inode *proc_inode_new(struct super_block *sb, mode_t mode, enum proc_kind kind,
				    pid_t pid, const struct proc_entry *e, uint64_t ino_nr)
{
	const struct file_ops *fops = S_ISDIR(mode) ? &proc_dir_ops
				      : S_ISREG(mode) ? &proc_file_ops
						      : NULL;
	struct inode *ino = inode_new(sb, mode, &proc_iops, fops);
	struct proc_inode *p = calloc(1, sizeof(*p));
	if (!ino || !p) {
		free(ino);
		free(p);
		return NULL;
	}
	p->kind = kind;
	p->pid = pid;
	p->entry = e;
	ino->priv = p;
	ino->ino = ino_nr;
	ino->nlink = S_ISDIR(mode) ? 2 : 1;
	struct task *t = pid ? task_lookup(pid) : NULL;
	if (t) {
		ino->uid = t->cred.euid;
		ino->gid = t->cred.egid;
	}
	return ino;
}

/* Inode numbers, unique per file (find and du take a directory whose
 * (dev, ino) repeats an ancestor's for a loop): the pid in the high half,
 * then whether it is a thread's view, then what it is.  The root is 1. */
static uint64_t ino_base(pid_t pid, bool thread)
{
	return ((uint64_t)pid << 32) | ((uint64_t)thread << 31);
}

static uint64_t ino_pid_dir(pid_t pid, bool thread)
{
	return ino_base(pid, thread) | 2;
}

static uint64_t ino_entry(pid_t pid, bool thread, const struct proc_entry *e)
{
	/* Table entries are told apart by their address. */
	return ino_base(pid, thread) | (0x10 + ((uintptr_t)e / sizeof(*e)) % 0x3ffffff0);
}

static uint64_t ino_fd(pid_t pid, bool thread, int fd, bool info)
{
	return ino_base(pid, thread) | 0x40000000 | (info ? 0x200000 : 0) | (uint64_t)fd;
}

/* What an fd's link looks like: r and w as the file was opened (x with
 * either), as Linux's proc_fd_link inodes. */
static mode_t fd_link_mode(struct file *f)
{
	mode_t m = S_IFLNK;
	int acc = f->flags & O_ACCMODE;
	if (acc == O_RDONLY || acc == O_RDWR)
		m |= S_IRUSR | S_IXUSR;
	if (acc == O_WRONLY || acc == O_RDWR)
		m |= S_IWUSR | S_IXUSR;
	return m;
}

static int lookup_table(struct inode *dir, const struct proc_entry *tab, const char *name,
			struct inode **out)
{
	struct proc_inode *d = pi(dir);
	for (int i = 0; tab[i].name; i++) {
		if (strcmp(tab[i].name, name) != 0)
			continue;
		const struct proc_entry *e = &tab[i];
		enum proc_kind kind = PK_ENTRY;
		if (e->link == PROC_LINK_FD)
			kind = PK_FD_DIR;
		if (!strcmp(name, "task") && S_ISDIR(e->mode) && !e->children)
			kind = PK_TASK_DIR;
		*out = proc_inode_new(dir->sb, e->mode, kind, d->pid, e,
				      ino_entry(d->pid, d->thread, e));
		if (!*out)
			return -ENOMEM;
		pi(*out)->thread = d->thread;
		return 0;
	}
	return -ENOENT;
}

static bool parse_num(const char *s, long *out)
{
	char *end;
	if (!*s || (*s == '0' && s[1]))
		return false;
	long v = strtol(s, &end, 10);
	if (*end || v < 0)
		return false;
	*out = v;
	return true;
}

static int proc_lookup(struct inode *dir, const char *name, struct inode **out)
{
	struct proc_inode *d = pi(dir);
	long n;
	switch (d->kind) {
	case PK_ROOT:
		if (parse_num(name, &n)) {
			struct task *t = task_lookup((pid_t)n);
			if (!t || (init_task && t == init_task && false))
				return -ENOENT;
			*out = proc_inode_new(dir->sb, S_IFDIR | 0555, PK_PID, (pid_t)n, NULL,
					      ino_pid_dir((pid_t)n, false));
			return *out ? 0 : -ENOMEM;
		}
		return lookup_table(dir, proc_root_files, name, out);
	case PK_PID:
		return lookup_table(dir, d->thread ? proc_tid_files : proc_pid_files, name, out);
	case PK_TASK_DIR: {
		struct task *t = proc_task(dir);
		if (!t || !parse_num(name, &n))
			return -ENOENT;
		struct task *th = task_lookup((pid_t)n);
		if (!th || th->tg != t->tg)
			return -ENOENT;
		*out = proc_inode_new(dir->sb, S_IFDIR | 0555, PK_PID, (pid_t)n, NULL,
				      ino_pid_dir((pid_t)n, true));
		if (*out)
			pi(*out)->thread = true;
		return *out ? 0 : -ENOMEM;
	}
	case PK_FD_DIR: {
		struct task *t = proc_task(dir);
		struct file *f;
		if (!t || !t->files || !parse_num(name, &n) || n > 1 << 20 ||
		    !(f = fd_get(t->files, (int)n)))
			return -ENOENT;
		bool info = d->entry && strcmp(d->entry->name, "fdinfo") == 0;
		mode_t mode = info ? S_IFREG | 0444 : fd_link_mode(f);
		*out = proc_inode_new(dir->sb, mode, PK_FD, d->pid, d->entry,
				      ino_fd(d->pid, d->thread, (int)n, info));
		if (*out)
			pi(*out)->fd = (int)n;
		return *out ? 0 : -ENOMEM;
	}
	case PK_ENTRY:
		if (d->entry && d->entry->children)
			return lookup_table(dir, d->entry->children, name, out);
		return -ENOTDIR;
	default:
		return -ENOTDIR;
	}
}

static int proc_getattr(struct inode *ino, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = ino->sb->dev;
	st->st_ino = ino->ino;
	st->st_mode = ino->mode;
	st->st_nlink = ino->nlink;
	st->st_uid = ino->uid;
	st->st_gid = ino->gid;
	st->st_blksize = 1024;
	clock_realtime(&st->st_mtim);
	st->st_atim = st->st_ctim = st->st_mtim;
	if (S_ISLNK(ino->mode))
		st->st_size = 64;
	return 0;
}

/* Magic links: the path the link stands for. */
static int proc_get_link_path(struct inode *ino, struct task *viewer, struct vfsmount **mnt,
			      struct dentry **d)
{
	(void)viewer;
	struct proc_inode *p = pi(ino);
	int link = p->kind == PK_FD ? PROC_LINK_FD : (p->entry ? p->entry->link : 0);
	if (link != PROC_LINK_EXE && link != PROC_LINK_CWD && link != PROC_LINK_ROOT &&
	    link != PROC_LINK_FD)
		return -EINVAL; /* not magic: a plain symlink (/proc/self) */
	struct task *t = proc_task(ino);
	if (!t)
		return -ENOENT;
	const struct path *target = NULL;
	switch (link) {
	case PROC_LINK_EXE:
		if (!t->mm || !t->mm->exe_file)
			return -ENOENT;
		target = file_path(t->mm->exe_file);
		break;
	case PROC_LINK_CWD:
		if (!t->fs)
			return -ENOENT;
		target = &t->fs->cwd;
		break;
	case PROC_LINK_ROOT:
		if (!t->fs)
			return -ENOENT;
		target = &t->fs->root;
		break;
	case PROC_LINK_FD: {
		struct file *f = t->files ? fd_get(t->files, p->fd) : NULL;
		if (!f)
			return -ENOENT;
		target = file_path(f);
		break;
	}
	default:
		return -EINVAL; /* not magic: a plain symlink (/proc/self) */
	}
	if (!target)
		return -ENOENT;
	*mnt = target->mnt;
	*d = target->dentry;
	d_get(*d);
	return 0;
}

static long proc_readlink(struct inode *ino, char *buf, size_t size)
{
	struct proc_inode *p = pi(ino);
	struct task *viewer = current;
	char tmp[64];
	int n;
	int link = p->kind == PK_FD ? PROC_LINK_FD : (p->entry ? p->entry->link : 0);
	if (link == PROC_LINK_SELF) {
		if (!viewer)
			return -ENOENT;
		n = snprintf(tmp, sizeof(tmp), "%d", viewer->tg->tgid);
	} else if (link == PROC_LINK_THREAD_SELF) {
		if (!viewer)
			return -ENOENT;
		n = snprintf(tmp, sizeof(tmp), "%d/task/%d", viewer->tg->tgid, viewer->tid);
	} else if (link == PROC_LINK_FD) {
		/* Anonymous files have a name of their own: pipe:[ino]. */
		struct task *t = proc_task(ino);
		struct file *f = t && t->files ? fd_get(t->files, p->fd) : NULL;
		if (!f)
			return -ENOENT;
		n = file_anon_name(f, tmp, sizeof(tmp));
		if (n < 0)
			return n;
	} else if (p->entry && p->entry->gen) {
		/* A link whose text is generated (mounts -> self/mounts). */
		struct sbuf b = {0};
		int r = p->entry->gen(viewer, proc_task(ino), 0, &b);
		if (r < 0 || b.err) {
			free(b.s);
			return r < 0 ? r : b.err;
		}
		size_t len = b.len < size ? b.len : size;
		memcpy(buf, b.s, len);
		free(b.s);
		return (long)len;
	} else {
		return -EINVAL;
	}
	if ((size_t)n > size)
		n = (int)size;
	memcpy(buf, tmp, (size_t)n);
	return n;
}

static int proc_open(struct dentry *d, struct file *f, int flags)
{
	(void)d;
	struct inode *ino = f->inode;
	struct proc_inode *p = pi(ino);
	if (S_ISDIR(ino->mode))
		return 0;
	if ((flags & O_ACCMODE) != O_RDONLY && !(ino->mode & 0222))
		return -EACCES;
	if (p->kind == PK_ENTRY && p->entry && p->entry->ops == PROC_OPS_MEM) {
		struct task *t = proc_task(ino);
		if (!t || !t->mm)
			return -ESRCH;
		/* PTRACE_MODE_ATTACH, roughly: the same user, or root. */
		if (current && current->cred.euid != 0 && current->cred.euid != t->cred.uid)
			return -EACCES;
		struct proc_mem *m = calloc(1, sizeof(*m));
		if (!m)
			return -ENOMEM;
		m->pid = t->tid;
		m->mm = t->mm;
		f->ops = &proc_mem_ops;
		f->priv = m;
		return 0;
	}
	proc_gen_fn gen = p->entry ? p->entry->gen : NULL;
	if (p->kind == PK_FD)
		gen = proc_fdinfo_gen;
	if (!gen)
		return -EINVAL;
	struct task *t = proc_task(ino);
	if (p->pid && !t)
		return -ESRCH;
	struct sbuf *b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	int r = gen(current, t, p->kind == PK_FD ? p->fd : 0, b);
	if (r == 0 && b->err)
		r = b->err;
	if (r < 0) {
		free(b->s);
		free(b);
		return r;
	}
	f->priv = b;
	return 0;
}

static void proc_evict(struct inode *ino)
{
	free(ino->priv);
}

static const struct inode_ops proc_iops = {
	.lookup = proc_lookup,
	.getattr = proc_getattr,
	.readlink = proc_readlink,
	.get_link_path = proc_get_link_path,
	.open = proc_open,
	.evict = proc_evict,
};

/* --- generated files --- */

static ssize_t proc_read(struct task *t, struct file *f, struct uio *to, int64_t *pos)
{
	(void)t;
	struct sbuf *b = f->priv;
	int64_t *p = pos ? pos : &f->pos;
	if (!b || *p >= (int64_t)b->len)
		return 0;
	size_t n = b->len - (size_t)*p;
	if (n > to->resid)
		n = to->resid;
	ssize_t c = uio_copyout(to, b->s + *p, n);
	if (c > 0)
		*p += c;
	return c;
}

/* A write to a writable generated file goes to its entry's handler, one
 * write(2) at a time (Linux's proc writes take their input whole). */
static ssize_t proc_write(struct task *t, struct file *f, struct uio *from, int64_t *pos)
{
	(void)pos;
	struct proc_inode *p = pi(f->inode);
	if (p->kind != PK_ENTRY || !p->entry || !p->entry->write)
		return -EINVAL;
	struct task *target = proc_task(f->inode);
	if (p->pid && !target)
		return -ESRCH;
	size_t len = from->resid < 4096 ? from->resid : 4096;
	char buf[4097];
	ssize_t n = uio_copyin(from, buf, len);
	if (n < 0)
		return n;
	buf[n] = '\0';
	long r = p->entry->write(t, target, buf, (size_t)n);
	if (r > 0 && (size_t)r < (size_t)n)
		n = r;
	return r < 0 ? r : n;
}

static int64_t proc_llseek(struct file *f, int64_t off, int whence)
{
	struct sbuf *b = f->priv;
	int64_t size = b ? (int64_t)b->len : 0;
	int64_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? f->pos : whence == SEEK_END ? size : -1;
	if (base < 0 || base + off < 0)
		return -EINVAL;
	f->pos = base + off;
	return f->pos;
}

static int proc_file_stat(struct file *f, struct stat *st)
{
	return proc_getattr(f->inode, st);
}

static void proc_release(struct file *f)
{
	struct sbuf *b = f->priv;
	if (b) {
		free(b->s);
		free(b);
	}
}

static const struct file_ops proc_file_ops = {
	.read = proc_read,
	.write = proc_write,
	.llseek = proc_llseek,
	.stat = proc_file_stat,
	.release = proc_release,
};

/* --- /proc/<pid>/mem --- */

/* The target's task while it still has the memory the file was opened on. */
static struct mm *proc_mem_mm(struct file *f)
{
	struct proc_mem *m = f->priv;
	struct task *t = m ? task_lookup(m->pid) : NULL;
	return t && t->mm == m->mm ? m->mm : NULL;
}

/* Reads and writes at the file position as an address, page by page: an
 * inaccessible page ends the transfer (EIO if it is the first), as
 * access_remote_vm does. */
static ssize_t proc_mem_rw(struct file *f, struct uio *u, int64_t *pos, bool write)
{
	int64_t *p = pos ? pos : &f->pos;
	struct mm *mm = proc_mem_mm(f);
	if (!mm || u->resid == 0)
		return 0;
	char buf[PAGE_SIZE];
	ssize_t done = 0;
	while (u->resid > 0) {
		uint64_t addr = (uint64_t)*p;
		size_t n = PAGE_SIZE - (addr & (PAGE_SIZE - 1));
		if (n > u->resid)
			n = u->resid;
		ssize_t c;
		if (write) {
			c = uio_copyin(u, buf, n);
			if (c <= 0) {
				if (c < 0 && !done)
					return c;
				break;
			}
			/* Like FOLL_FORCE: read-only private pages are written
			 * through a copy.  Patched syscall sites there get their
			 * bytes back first: the write changes the code as loaded. */
			syscall_patch_restore(mm, addr, addr + (uint64_t)c);
			if (mm_poke(mm, addr, buf, (size_t)c) < 0)
				break;
		} else {
			if (copy_from_user(mm, buf, addr, n) < 0)
				break;
			c = uio_copyout(u, buf, n);
			if (c <= 0) {
				if (c < 0 && !done)
					return c;
				break;
			}
		}
		done += c;
		*p += c;
		if ((size_t)c < n)
			break;
	}
	return done ? done : -EIO;
}

static ssize_t proc_mem_read(struct task *t, struct file *f, struct uio *to, int64_t *pos)
{
	(void)t;
	return proc_mem_rw(f, to, pos, false);
}

static ssize_t proc_mem_write(struct task *t, struct file *f, struct uio *from, int64_t *pos)
{
	(void)t;
	return proc_mem_rw(f, from, pos, true);
}

/* Any position (an address) may be set; SEEK_END means nothing here. */
static int64_t proc_mem_llseek(struct file *f, int64_t off, int whence)
{
	if (whence == SEEK_SET)
		f->pos = off;
	else if (whence == SEEK_CUR)
		f->pos += off;
	else
		return -EINVAL;
	return f->pos;
}

static void proc_mem_release(struct file *f)
{
	free(f->priv);
}

static const struct file_ops proc_mem_ops = {
	.read = proc_mem_read,
	.write = proc_mem_write,
	.llseek = proc_mem_llseek,
	.stat = proc_file_stat,
	.release = proc_mem_release,
};

/* --- directories --- */

static unsigned dtype_of(mode_t m)
{
	return (unsigned)((m & S_IFMT) >> 12);
}

static int cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;
	return x < y ? -1 : x > y;
}

static int proc_iterate(struct file *f, struct dir_context *ctx)
{
	struct inode *dir = f->inode;
	struct proc_inode *d = pi(dir);
	/* Position: 0 ".", 1 "..", then the entries in order. */
	if (ctx->pos == 0) {
		if (!ctx->actor(ctx, ".", 1, dir->ino, DT_DIR))
			return 0;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		if (!ctx->actor(ctx, "..", 2, 1, DT_DIR))
			return 0;
		ctx->pos = 2;
	}
	int64_t i = 2;
	const struct proc_entry *tab = NULL;
	if (d->kind == PK_ROOT)
		tab = proc_root_files;
	else if (d->kind == PK_PID)
		tab = d->thread ? proc_tid_files : proc_pid_files;
	else if (d->kind == PK_ENTRY && d->entry)
		tab = d->entry->children;
	if (tab) {
		for (int k = 0; tab[k].name; k++, i++) {
			if (i < ctx->pos)
				continue;
			if (!ctx->actor(ctx, tab[k].name, strlen(tab[k].name),
					ino_entry(d->pid, d->thread, &tab[k]),
					dtype_of(tab[k].mode)))
				return 0;
			ctx->pos = i + 1;
		}
	}
	if (d->kind == PK_ROOT || d->kind == PK_TASK_DIR) {
		/* Processes (or the threads of one), by number.  The position
		 * of pid N is N past the table's entries (proc_pid_readdir's
		 * TGID_OFFSET), so processes that come and go between two
		 * reads neither hide nor repeat the others. */
		struct task *owner = d->kind == PK_TASK_DIR ? proc_task(dir) : NULL;
		size_t n = 0, cap = 64;
		pid_t *pids = malloc(cap * sizeof(*pids));
		if (!pids)
			return -ENOMEM;
		for_each_task(t)
		{
			if (d->kind == PK_ROOT && t != t->tg->leader)
				continue;
			if (d->kind == PK_TASK_DIR &&
			    (!owner || t->tg != owner->tg ||
			     (t->state == TASK_DEAD && t != t->tg->leader)))
				continue;
			if (n == cap) {
				pid_t *np = realloc(pids, cap * 2 * sizeof(*pids));
				if (!np) {
					free(pids);
					return -ENOMEM;
				}
				pids = np;
				cap *= 2;
			}
			pids[n++] = t->tid;
		}
		qsort(pids, n, sizeof(*pids), cmp_pid);
		int64_t base = i;
		for (size_t k = 0; k < n; k++) {
			if (base + pids[k] < ctx->pos)
				continue;
			char name[16];
			int len = snprintf(name, sizeof(name), "%d", pids[k]);
			ctx->pos = base + pids[k]; /* the actor's d_off follows it */
			if (!ctx->actor(ctx, name, (size_t)len,
					ino_pid_dir(pids[k], d->kind == PK_TASK_DIR), DT_DIR))
				break;
			ctx->pos = base + pids[k] + 1;
		}
		free(pids);
	}
	if (d->kind == PK_FD_DIR) {
		/* By number too, fd N at position N + 2 (proc_readfd_common):
		 * a program that closes fds while it lists them (Python's
		 * subprocess, closing all but some) sees every one. */
		struct task *t = proc_task(dir);
		int64_t first = ctx->pos - i;
		for (int64_t fd = first; t && t->files && fd < t->files->max; fd++) {
			if (!t->files->fd[fd])
				continue;
			char name[16];
			int len = snprintf(name, sizeof(name), "%d", (int)fd);
			bool info = d->entry && !strcmp(d->entry->name, "fdinfo");
			ctx->pos = i + fd;
			if (!ctx->actor(ctx, name, (size_t)len,
					ino_fd(d->pid, d->thread, (int)fd, info),
					info ? DT_REG : DT_LNK))
				break;
			ctx->pos = i + fd + 1;
		}
	}
	return 0;
}

static int64_t proc_dir_llseek(struct file *f, int64_t off, int whence)
{
	if (whence == SEEK_SET && off >= 0) {
		f->pos = off;
		return off;
	}
	return -EINVAL;
}

static int proc_dir_stat(struct file *f, struct stat *st)
{
	return proc_getattr(f->inode, st);
}

static const struct file_ops proc_dir_ops = {
	.iterate = proc_iterate,
	.llseek = proc_dir_llseek,
	.stat = proc_dir_stat,
};

/* The sandbox boots when its event loop starts (sysinfo's uptime too). */
uint64_t proc_uptime_ns(void)
{
	uint64_t now = now_ns();
	return sbx_start_ns && now > sbx_start_ns ? now - sbx_start_ns : 0;
}

struct super_block *procfs_new_sb(void)
{
	struct super_block *sb = sb_new("proc", PROC_SUPER_MAGIC);
	if (!sb)
		return NULL;
	struct inode *root = proc_inode_new(sb, S_IFDIR | 0555, PK_ROOT, 0, NULL, 1);
	if (!root)
		return NULL;
	sb->root = d_alloc(NULL, "/", root);
	if (!sb->root)
		return NULL;
	sb->root->sb = sb;
	return sb;
}
