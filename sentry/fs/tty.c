/* Terminals passed through from the host: see tty.h. */
#define _GNU_SOURCE
#include "tty.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "../kernel/hostsig.h"
#include "../kernel/signal.h"
#include "../kernel/task.h"
#include "../mm/mm.h"
#include "fdtable.h"
#include "file.h"
#include "hostfd.h"
#include "special.h"
#include "vfs.h"
#include "../confine/host.h"

#define DEVPTS_SUPER_MAGIC 0x1cd1
#define MAX_TTYS           64

/* A host terminal as the sandbox sees it. */
struct tty {
	dev_t rdev;     /* the host terminal (TIOCGDEV), the key */
	pid_t sid;      /* the sandbox session it controls; 0: none, -1: the first program's */
	pid_t pgrp;     /* its foreground process group in the sandbox */
	/* The terminal sbx was started on: its foreground process group is
	 * the one host signals (Ctrl-C) go to, kept by hostsig.c. */
	bool boot;
	char path[48];  /* how the sentry opens it again */
	bool pts;       /* listed in /dev/pts as name */
	bool from_ptmx; /* made through the sandbox's /dev/ptmx */
	char name[16];
	/* A pty the sandbox made: its slave's owner and mode, the opener's
	 * of /dev/ptmx and devpts' default 0600 (devpts_pty_new), which the
	 * sandbox's chmod and chown change; not the host's. */
	uid_t uid;
	gid_t gid;
	mode_t mode;
};

static struct tty ttys[MAX_TTYS];
static int nttys;

/* The host terminal behind @fd, or -ENOTTY.  TIOCGDEV names the real
 * terminal even for a file opened as /dev/tty (whose st_rdev is 5,0). */
static int tty_rdev(int fd, dev_t *out)
{
	unsigned int dev;
	if (ioctl(fd, TIOCGDEV, &dev) == 0) {
		*out = (dev_t)dev; /* new_encode_dev: the same bits as makedev */
		return 0;
	}
	struct stat st;
	if (!isatty(fd) || fstat(fd, &st) < 0)
		return -ENOTTY;
	*out = st.st_rdev;
	return 0;
}

static struct tty *tty_find(dev_t rdev)
{
	for (int i = 0; i < nttys; i++) {
		if (ttys[i].rdev != rdev)
			continue;
		if (ttys[i].sid == -1 && root_tg) {
			/* The terminal sbx started on controls the first
			 * program's session, as a shell's terminal controls
			 * the session of what it runs. */
			ttys[i].sid = root_tg->sid;
			ttys[i].pgrp = root_tg->pgid;
		}
		if (ttys[i].boot && ttys[i].sid > 0)
			ttys[i].pgrp = tty_foreground_pgrp();
		return &ttys[i];
	}
	return NULL;
}

/* The entry for @rdev, made if missing (a terminal that controls nothing
 * yet); NULL when the table is full. */
static struct tty *tty_get(dev_t rdev)
{
	struct tty *tty = tty_find(rdev);
	if (tty || nttys == MAX_TTYS)
		return tty;
	tty = &ttys[nttys++];
	memset(tty, 0, sizeof(*tty));
	tty->rdev = rdev;
	return tty;
}

static void tty_remove(struct tty *tty)
{
	*tty = ttys[--nttys];
}

/* The controlling terminal of @t's session, or NULL. */
static struct tty *ctty_of(struct task *t)
{
	for (int i = 0; i < nttys; i++) {
		struct tty *tty = tty_find(ttys[i].rdev);
		if (tty->sid > 0 && tty->sid == t->tg->sid)
			return tty;
	}
	return NULL;
}

/* Is there a process in group @pgrp; is one of them in session @sid? */
static void pgrp_lookup(pid_t pgrp, pid_t sid, bool *exists, bool *in_session)
{
	*exists = *in_session = false;
	for_each_task(x)
	{
		if (x->tg && x->tg->pgid == pgrp) {
			*exists = true;
			if (x->tg->sid == sid)
				*in_session = true;
		}
	}
}

/* kill_pgrp: @sig to every process in group @pgrp. */
static void kill_pgrp(pid_t pgrp, int sig)
{
	/* The groups first, then the signals: sending may change the
	 * task table. */
	struct thread_group **tgs = NULL;
	size_t n = 0;
	for_each_task(x)
	{
		struct thread_group *tg = x->tg;
		if (!tg || tg->pgid != pgrp || tg->zombie)
			continue;
		bool seen = false;
		for (size_t i = 0; i < n && !seen; i++)
			seen = tgs[i] == tg;
		if (seen)
			continue;
		struct thread_group **v = realloc(tgs, (n + 1) * sizeof(*v));
		if (!v)
			break;
		tgs = v;
		tgs[n++] = tg;
	}
	for (size_t i = 0; i < n; i++)
		send_sig_to_group(tgs[i], sig, NULL);
	free(tgs);
}

/* The name under /dev/pts of host pty @rdev, or NULL. */
static bool pts_name(dev_t rdev, char *buf, size_t size)
{
	/* Unix98 pty slaves: majors 136 to 143 (UNIX98_PTY_SLAVE_MAJOR). */
	if (major(rdev) < 136 || major(rdev) > 143)
		return false;
	snprintf(buf, size, "%u", (major(rdev) - 136) * 256 + minor(rdev));
	return true;
}

/* Make @tty a name in /dev/pts when the host's /dev/pts/N is it. */
static void tty_list_pts(struct tty *tty)
{
	char name[16], path[32];
	struct stat st;
	if (!pts_name(tty->rdev, name, sizeof(name)))
		return;
	snprintf(path, sizeof(path), "/dev/pts/%s", name);
	if (host_stat(path, &st) < 0 || !S_ISCHR(st.st_mode) || st.st_rdev != tty->rdev)
		return;
	tty->pts = true;
	snprintf(tty->name, sizeof(tty->name), "%s", name);
}

void tty_identify(int fd, dev_t *rdev, bool *master)
{
	unsigned n;
	*master = false;
	if (tty_rdev(fd, rdev) < 0) {
		*rdev = 0;
		return;
	}
	*master = ioctl(fd, TIOCGPTN, &n) == 0; /* only a master answers */
}

/* The foreground process group of @rdev when it is @t's controlling
 * terminal and @t is not in that group; else 0. */
static pid_t background_of(struct task *t, dev_t rdev)
{
	if (!rdev)
		return 0;
	struct tty *tty = ctty_of(t);
	if (!tty || tty->rdev != rdev)
		return 0;
	return tty->pgrp > 0 && tty->pgrp != t->tg->pgid ? tty->pgrp : 0;
}

bool tty_is_background(struct task *t, dev_t rdev)
{
	return background_of(t, rdev) != 0;
}

void tty_proc_stat(struct task *t, unsigned *tty_nr, int *tpgid)
{
	struct tty *tty = t->tg ? ctty_of(t) : NULL;
	*tty_nr = 0;
	*tpgid = -1;
	if (!tty)
		return;
	unsigned maj = major(tty->rdev), min = minor(tty->rdev);
	*tty_nr = (min & 0xff) | (maj << 8) | ((min & ~0xffu) << 12);
	*tpgid = tty->pgrp > 0 ? tty->pgrp : 0;
}

long tty_check_change(struct task *t, dev_t rdev, int sig)
{
	if (!background_of(t, rdev))
		return 0;
	/* is_ignored: blocked, or its handler is SIG_IGN. */
	if ((t->blocked & SIGBIT(sig)) || t->sighand->action[sig - 1].handler == (uint64_t)SIG_IGN)
		return sig == SIGTTIN ? -EIO : 0;
	if (will_become_orphaned_pgrp(t->tg->pgid, NULL))
		return -EIO; /* nobody would continue a stopped orphan */
	kill_pgrp(t->tg->pgid, sig);
	return -ERESTARTSYS;
}

long tty_jobctl(struct task *t, int fd, unsigned cmd, uint64_t arg, bool readable)
{
	dev_t rdev;
	if (tty_rdev(fd, &rdev) < 0)
		return -ENOTTY;
	struct tty *tty = tty_get(rdev);
	if (!tty)
		return -ENOMEM;
	struct thread_group *tg = t->tg;
	bool mine = tty->sid > 0 && tty->sid == tg->sid;
	bool leader = tg->tgid == tg->sid;
	bool capable = t->cred.euid == 0; /* CAP_SYS_ADMIN in the sandbox */
	int v;
	unsigned ptn;
	switch (cmd) {
	case TIOCGPGRP:
		/* tiocgpgrp: through the slave, only the caller's own
		 * terminal; through a pty master (a terminal emulator
		 * asking what runs in the foreground) any, 0 for none. */
		if (!mine && ioctl(fd, TIOCGPTN, &ptn) < 0)
			return -ENOTTY;
		v = tty->sid > 0 ? tty->pgrp : 0;
		return copy_to_user(t->mm, arg, &v, sizeof(v)) < 0 ? -EFAULT : 0;
	case TIOCGSID:
		/* tiocgsid: as TIOCGPGRP, and ENOTTY when it controls no
		 * session. */
		if (!mine && (tty->sid <= 0 || ioctl(fd, TIOCGPTN, &ptn) < 0))
			return -ENOTTY;
		v = tty->sid;
		return copy_to_user(t->mm, arg, &v, sizeof(v)) < 0 ? -EFAULT : 0;
	case TIOCSPGRP: {
		/* tiocspgrp: a background caller gets SIGTTOU (ENOTTY where
		 * tty_check_change says EIO); then only in the terminal's
		 * own session, to a group of that session. */
		long r = tty_check_change(t, rdev, SIGTTOU);
		if (r)
			return r == -EIO ? -ENOTTY : r;
		if (!mine)
			return -ENOTTY;
		if (copy_from_user(t->mm, &v, arg, sizeof(v)) < 0)
			return -EFAULT;
		if (v < 0)
			return -EINVAL;
		bool exists, same;
		pgrp_lookup(v, tg->sid, &exists, &same);
		if (!exists)
			return -ESRCH;
		if (!same)
			return -EPERM;
		tty->pgrp = v;
		if (tty->boot)
			tty_set_foreground_pgrp(v);
		return 0;
	}
	case TIOCSCTTY:
		/* tiocsctty */
		if (leader && mine)
			return 0;
		if (!leader || ctty_of(t))
			return -EPERM;
		if (tty->sid > 0 && !(arg == 1 && capable))
			return -EPERM;
		if (!readable && !capable)
			return -EPERM;
		tty->sid = tg->sid;
		tty->pgrp = tg->pgid;
		if (tty->boot)
			tty_set_foreground_pgrp(tg->pgid);
		if (!tty->path[0])
			snprintf(tty->path, sizeof(tty->path), "/proc/self/fd/%d", fd);
		return 0;
	case TIOCNOTTY:
		/* A session leader gives the terminal up for its session, and
		 * its foreground group gets SIGHUP and SIGCONT
		 * (disassociate_ctty).  (A member giving up only its own
		 * terminal is not modelled: its session keeps it.) */
		if (!mine)
			return -ENOTTY;
		if (leader) {
			pid_t fg = tty->pgrp;
			tty->sid = tty->pgrp = 0;
			if (fg > 0) {
				kill_pgrp(fg, SIGHUP);
				kill_pgrp(fg, SIGCONT);
			}
		}
		return 0;
	default:
		return -ENOTTY;
	}
}

/* Open host terminal @path for @f as the guest asked (@flags), privately
 * non-blocking.  @counted: it is a terminal outside the sandbox (not a pty
 * the sandbox made), whose output --max-output counts. */
static int open_host_tty(struct file *f, const char *path, int flags, bool counted,
			 void (*on_release)(void *arg), void *arg)
{
	int fd = host_open(path, (flags & O_ACCMODE) | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	int r = hostfd_open_file(f, fd, counted, on_release, arg);
	if (r < 0)
		close(fd);
	return r;
}

/* /dev/tty: the caller's controlling terminal. */
static int devtty_open(struct inode *ino, struct file *f, int flags)
{
	(void)ino;
	struct tty *tty = current ? ctty_of(current) : NULL;
	if (!tty || !tty->path[0])
		return -ENXIO;
	return open_host_tty(f, tty->path, flags, !tty->from_ptmx, NULL, NULL);
}

/* A pty master made through /dev/ptmx went: its slave's name leaves
 * /dev/pts, so that the host's next pty of that number (another user's,
 * perhaps) is never reachable from the sandbox. */
static void ptmx_release(void *arg)
{
	dev_t rdev = (dev_t)(uintptr_t)arg;
	for (int i = 0; i < nttys; i++) {
		if (ttys[i].rdev == rdev && ttys[i].from_ptmx) {
			tty_remove(&ttys[i]);
			return;
		}
	}
}

/* /dev/ptmx: a new host pty. */
static int ptmx_open(struct inode *ino, struct file *f, int flags)
{
	(void)ino;
	if (nttys == MAX_TTYS)
		return -ENOSPC;
	int fd = host_open("/dev/ptmx", (flags & O_ACCMODE) | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	unsigned n;
	char path[32];
	struct stat st;
	if (ioctl(fd, TIOCGPTN, &n) < 0) {
		int e = errno;
		close(fd);
		return -e;
	}
	snprintf(path, sizeof(path), "/dev/pts/%u", n);
	if (host_stat(path, &st) < 0) {
		int e = errno;
		close(fd);
		return -e;
	}
	struct tty *tty = tty_get(st.st_rdev);
	if (!tty) {
		close(fd);
		return -ENOSPC;
	}
	tty->from_ptmx = true;
	tty->pts = true;
	tty->sid = tty->pgrp = 0;
	tty->uid = current ? current->cred.fsuid : 0;
	tty->gid = current ? current->cred.fsgid : 0;
	tty->mode = 0600;
	snprintf(tty->name, sizeof(tty->name), "%u", n);
	snprintf(tty->path, sizeof(tty->path), "%s", path);
	int r = hostfd_open_file(f, fd, false, ptmx_release, (void *)(uintptr_t)st.st_rdev);
	if (r < 0) {
		close(fd);
		tty_remove(tty);
	}
	return r;
}

static int dev_getattr_stub(struct file *f, struct stat *st)
{
	(void)f;
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFCHR | 0666;
	return 0;
}

/* The ops a device file has until its open replaces them (never used:
 * the opens above either succeed with the host's or fail). */
static const struct file_ops tty_placeholder_ops = {.stat = dev_getattr_stub};

void tty_init(void)
{
	chrdev_register(5, 0, &tty_placeholder_ops, devtty_open);
	chrdev_register(5, 2, &tty_placeholder_ops, ptmx_open);
	if (nttys)
		return; /* already found */
	/* sbx's controlling terminal, else a terminal on its stdio: reopened
	 * by the sentry when the guest opens /dev/tty. */
	char path[48] = "";
	dev_t rdev = 0;
	int fd = host_open("/dev/tty", O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd >= 0) {
		if (tty_rdev(fd, &rdev) == 0)
			snprintf(path, sizeof(path), "/dev/tty");
		close(fd);
	}
	for (int i = 0; i < 3 && !path[0]; i++) {
		if (isatty(i) && tty_rdev(i, &rdev) == 0)
			snprintf(path, sizeof(path), "/proc/self/fd/%d", i);
	}
	if (path[0]) {
		struct tty *tty = tty_get(rdev);
		tty->sid = -1;
		tty->boot = true;
		snprintf(tty->path, sizeof(tty->path), "%s", path);
		tty_list_pts(tty);
	}
	/* The terminals on sbx's stdio are the guest's own: their names are
	 * in /dev/pts (ttyname finds them there). */
	for (int i = 0; i < 3; i++) {
		if (!isatty(i) || tty_rdev(i, &rdev) < 0)
			continue;
		struct tty *tty = tty_get(rdev);
		if (!tty)
			break;
		if (!tty->path[0])
			snprintf(tty->path, sizeof(tty->path), "/proc/self/fd/%d", i);
		tty_list_pts(tty);
	}
}

/* --- devpts --------------------------------------------------------------- */

static const struct inode_ops devpts_root_iops;
static const struct inode_ops devpts_pty_iops;
static int devpts_pty_open(struct dentry *d, struct file *f, int flags);
static const struct inode_ops devpts_ptmx_iops;
static const struct file_ops devpts_dir_ops;

static struct tty *pts_lookup(const char *name)
{
	for (int i = 0; i < nttys; i++)
		if (ttys[i].pts && strcmp(ttys[i].name, name) == 0)
			return tty_find(ttys[i].rdev);
	return NULL;
}

/* The host's /dev/pts/NAME, if it is still @tty's pty. */
static int pts_stat(const struct tty *tty, struct stat *st)
{
	char path[32];
	snprintf(path, sizeof(path), "/dev/pts/%s", tty->name);
	if (host_stat(path, st) < 0)
		return -errno;
	if (!S_ISCHR(st->st_mode) || st->st_rdev != tty->rdev)
		return -ENOENT;
	tty_fix_stat(st);
	return 0;
}

void tty_fix_stat(struct stat *st)
{
	struct tty *tty = S_ISCHR(st->st_mode) ? tty_find(st->st_rdev) : NULL;
	if (!tty || !tty->from_ptmx)
		return;
	st->st_uid = tty->uid;
	st->st_gid = tty->gid;
	st->st_mode = S_IFCHR | tty->mode;
}

/* chmod and chown of a pty the sandbox made (simple_setattr); the times
 * stay the host's. */
static int devpts_pty_setattr(struct inode *ino, const struct iattr *a)
{
	char name[16];
	struct tty *tty = pts_name(ino->rdev, name, sizeof(name)) ? pts_lookup(name) : NULL;
	if (!tty)
		return -ENOENT;
	if (!tty->from_ptmx)
		return -EPERM; /* a terminal of the host's */
	if (a->valid & ATTR_MODE)
		tty->mode = a->mode & 07777;
	if (a->valid & ATTR_UID)
		tty->uid = a->uid;
	if (a->valid & ATTR_GID)
		tty->gid = a->gid;
	ino->mode = S_IFCHR | tty->mode;
	ino->uid = tty->uid;
	ino->gid = tty->gid;
	return 0;
}

static int devpts_lookup(struct inode *dir, const char *name, struct inode **out)
{
	struct inode *ino;
	if (strcmp(name, "ptmx") == 0) {
		ino = inode_new(dir->sb, S_IFCHR | 0666, &devpts_ptmx_iops, NULL);
		if (!ino)
			return -ENOMEM;
		ino->ino = 2;
		ino->rdev = makedev(5, 2);
		*out = ino;
		return 0;
	}
	struct tty *tty = pts_lookup(name);
	struct stat st;
	if (!tty || pts_stat(tty, &st) < 0)
		return -ENOENT;
	ino = inode_new(dir->sb, st.st_mode, &devpts_pty_iops, NULL);
	if (!ino)
		return -ENOMEM;
	ino->ino = st.st_ino;
	ino->uid = st.st_uid;
	ino->gid = st.st_gid;
	ino->rdev = st.st_rdev;
	*out = ino;
	return 0;
}

static int devpts_root_getattr(struct inode *ino, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = ino->sb->dev;
	st->st_ino = ino->ino;
	st->st_mode = ino->mode;
	st->st_nlink = 2;
	st->st_blksize = 1024;
	return 0;
}

/* A pty shows the host's own attributes, so that ttyname's check (the
 * st_dev and st_ino of /dev/pts/N against the terminal's fstat) holds. */
static int devpts_pty_getattr(struct inode *ino, struct stat *st)
{
	char name[16];
	if (!pts_name(ino->rdev, name, sizeof(name)))
		return -ENOENT;
	struct tty *tty = pts_lookup(name);
	if (!tty)
		return -ENOENT;
	return pts_stat(tty, st);
}

static int devpts_ptmx_getattr(struct inode *ino, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = ino->sb->dev;
	st->st_ino = ino->ino;
	st->st_mode = ino->mode;
	st->st_nlink = 1;
	st->st_rdev = ino->rdev;
	st->st_blksize = 1024;
	return 0;
}

static int devpts_pty_open(struct dentry *d, struct file *f, int flags)
{
	(void)d;
	char name[16];
	struct tty *tty = pts_name(f->inode->rdev, name, sizeof(name)) ? pts_lookup(name) : NULL;
	if (!tty)
		return -EIO; /* the pty went (Linux: its devpts entry is gone) */
	char path[32];
	snprintf(path, sizeof(path), "/dev/pts/%s", name);
	int r = open_host_tty(f, path, flags, !tty->from_ptmx, NULL, NULL);
	if (r < 0)
		return r;
	/* A session leader without a terminal that opens one without
	 * O_NOCTTY makes it its controlling terminal (tty_open_proc_set_tty). */
	struct task *t = current;
	if (t && !(flags & O_NOCTTY) && t->tg->tgid == t->tg->sid && !ctty_of(t) && tty->sid <= 0) {
		tty->sid = t->tg->sid;
		tty->pgrp = t->tg->pgid;
	}
	return 0;
}

long tty_open_peer(struct task *t, struct file *master, dev_t rdev, int flags)
{
	/* ptm_open_peer: the slave's devpts entry beside the master's,
	 * opened without a permission check (dentry_open). */
	struct tty *tty = tty_find(rdev);
	char name[16];
	if (!tty || !tty->from_ptmx || !pts_name(rdev, name, sizeof(name)))
		return -EIO;
	struct dentry *dir = master->path.dentry ? master->path.dentry->parent : NULL;
	if (!dir || !dir->sb || strcmp(dir->sb->type, "devpts") != 0)
		return -EIO;
	struct dentry *d;
	int r = lookup_one(dir, name, &d);
	if (r < 0)
		return r;
	if (!d->inode) {
		d_put(d);
		return -EIO;
	}
	/* do_dentry_open keeps the flags as given but for these. */
	unsigned status = (unsigned)flags & ~(unsigned)(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC);
	struct file *f = file_alloc(d->inode->fops, status, NULL);
	if (!f) {
		d_put(d);
		return -ENOMEM;
	}
	f->path.mnt = master->path.mnt;
	f->path.dentry = d;
	path_get(&f->path);
	d_put(d);
	f->inode = d->inode;
	inode_get(f->inode);
	r = devpts_pty_open(d, f, flags);
	if (r < 0) {
		file_put(f);
		return r;
	}
	int fd = fd_install(t->files, f, 0, flags & O_CLOEXEC, t->tg->rlim[RLIMIT_NOFILE].rlim_cur);
	if (fd < 0)
		file_put(f);
	return fd;
}

static int devpts_ptmx_open(struct dentry *d, struct file *f, int flags)
{
	(void)d;
	return ptmx_open(f->inode, f, flags);
}

static int devpts_dir_open(struct dentry *d, struct file *f, int flags)
{
	(void)d, (void)flags;
	f->ops = &devpts_dir_ops;
	return 0;
}

/* Entries: ".", "..", "ptmx", then the sandbox's ptys. */
static int devpts_iterate(struct file *f, struct dir_context *ctx)
{
	struct inode *dir = f->inode;
	for (;;) {
		int64_t pos = ctx->pos;
		if (pos == 0 && !ctx->actor(ctx, ".", 1, dir->ino, DT_DIR))
			return 0;
		if (pos == 1 && !ctx->actor(ctx, "..", 2, dir->ino, DT_DIR))
			return 0;
		if (pos == 2 && !ctx->actor(ctx, "ptmx", 4, 2, DT_CHR))
			return 0;
		if (pos >= 3) {
			int i = (int)(pos - 3);
			if (i >= nttys)
				return 0;
			struct stat st;
			if (ttys[i].pts && pts_stat(&ttys[i], &st) == 0 &&
			    !ctx->actor(ctx, ttys[i].name, strlen(ttys[i].name), st.st_ino, DT_CHR))
				return 0;
		}
		ctx->pos = pos + 1;
	}
}

static int64_t devpts_dir_llseek(struct file *f, int64_t off, int whence)
{
	if (whence == SEEK_SET && off >= 0)
		return f->pos = off;
	if (whence == SEEK_CUR && f->pos + off >= 0)
		return f->pos += off;
	return -EINVAL;
}

static int devpts_dir_stat(struct file *f, struct stat *st)
{
	return devpts_root_getattr(f->inode, st);
}

static const struct inode_ops devpts_root_iops = {
	.lookup = devpts_lookup,
	.getattr = devpts_root_getattr,
	.open = devpts_dir_open,
};

static const struct inode_ops devpts_pty_iops = {
	.getattr = devpts_pty_getattr,
	.setattr = devpts_pty_setattr,
	.open = devpts_pty_open,
};

static const struct inode_ops devpts_ptmx_iops = {
	.getattr = devpts_ptmx_getattr,
	.open = devpts_ptmx_open,
};

static const struct file_ops devpts_dir_ops = {
	.stat = devpts_dir_stat,
	.iterate = devpts_iterate,
	.llseek = devpts_dir_llseek,
};

struct super_block *devpts_new_sb(void)
{
	struct super_block *sb = sb_new("devpts", DEVPTS_SUPER_MAGIC);
	if (!sb)
		return NULL;
	struct inode *root = inode_new(sb, S_IFDIR | 0755, &devpts_root_iops, &devpts_dir_ops);
	if (!root)
		return NULL;
	root->ino = 1;
	root->nlink = 2;
	sb->root = d_alloc(NULL, "/", root);
	if (!sb->root)
		return NULL;
	sb->root->sb = sb;
	return sb;
}

void tty_session_leader_exit(struct task *leader)
{
	if (leader->tg->tgid != leader->tg->sid)
		return;
	struct tty *tty = ctty_of(leader);
	if (!tty)
		return;
	pid_t fg = tty->pgrp;
	tty->sid = tty->pgrp = 0;
	if (fg > 0)
		kill_pgrp(fg, SIGHUP);
}
