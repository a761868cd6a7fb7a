/* Signal-driven I/O: F_SETOWN's owner, F_SETSIG's signal and O_ASYNC's
 * signals (fs/fcntl.c).  Linux's files call kill_fasync where their data
 * comes and goes; here a file with O_ASYNC is watched the way epoll
 * watches it, with callback entries on the wait queues its ->poll names,
 * and every wake-up that finds it readable (or newly writable, or hung up)
 * sends the signal: SIGIO with SI_KERNEL, or the F_SETSIG signal with
 * si_code POLL_IN..., si_band and si_fd (SIGIO again when that cannot be
 * queued), to the owning thread, process or process group that the
 * owner's setter could signal (sigio_perm). */
#define _GNU_SOURCE
#include "fasync.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>

#include <sys/sysmacros.h>

#include "../kernel/signal.h"
#include "../kernel/task.h"
#include "../kernel/wait.h"
#include "../net/socket.h"
#include "file.h"
#include "fsnotify.h"
#include "pipe.h"

enum { FK_PIPE, FK_SOCK, FK_TTY };

struct fasync_hook {
	struct wait_entry we;
	struct fown *fo;
	struct fasync_hook *next;
};

struct fown {
	int type;	 /* F_OWNER_TID, F_OWNER_PID, F_OWNER_PGRP */
	pid_t pid;	 /* 0: no owner */
	uid_t uid, euid; /* of whoever set the owner */
	int signum;	 /* F_SETSIG; 0 for SIGIO */
	int fd;		 /* the fd O_ASYNC was set through */
	int kind;	 /* FK_PIPE, FK_SOCK, FK_TTY */
	unsigned last;	 /* readiness at the last look */
	struct file *file;
	struct fasync_hook *hooks; /* non-NULL while watched */
};

static struct fown *fown_of(struct file *f)
{
	if (!f->fown) {
		f->fown = calloc(1, sizeof(*f->fown));
		if (f->fown)
			f->fown->file = f;
	}
	return f->fown;
}

int fasync_setown(struct task *t, struct file *f, int type, pid_t pid)
{
	if (type != F_OWNER_TID && type != F_OWNER_PID && type != F_OWNER_PGRP)
		return -EINVAL;
	if (pid) {
		/* find_vpid: any thread, process or group of that number. */
		bool found = task_lookup(pid) != NULL;
		if (!found && type == F_OWNER_PGRP)
			for_each_task(o)
			{
				if (o->tg->pgid == pid) {
					found = true;
					break;
				}
			}
		if (!found)
			return -ESRCH;
	}
	struct fown *fo = fown_of(f);
	if (!fo)
		return -ENOMEM;
	fo->type = type;
	fo->pid = pid;
	fo->uid = t->cred.uid;
	fo->euid = t->cred.euid;
	return 0;
}

void fasync_getown(const struct file *f, int *type, pid_t *pid)
{
	*type = f->fown && f->fown->pid ? f->fown->type : F_OWNER_TID;
	*pid = f->fown ? f->fown->pid : 0;
}

int fasync_setsig(struct file *f, int sig)
{
	if (sig < 0 || sig > SBX_NSIG)
		return -EINVAL;
	struct fown *fo = fown_of(f);
	if (!fo)
		return -ENOMEM;
	fo->signum = sig;
	return 0;
}

int fasync_getsig(const struct file *f)
{
	return f->fown ? f->fown->signum : 0;
}

/* sigio_perm: the setter of the owner is root, or its real or effective
 * uid is the target's real or saved one. */
static bool may_signal(const struct fown *fo, const struct task *p)
{
	return fo->euid == 0 || fo->euid == p->cred.suid || fo->euid == p->cred.uid ||
	       fo->uid == p->cred.suid || fo->uid == p->cred.uid;
}

/* One target: the F_SETSIG signal with its siginfo, or when there is
 * none (or it cannot be queued) @plain, SIGIO or SIGURG, from the kernel. */
static void signal_one(const struct fown *fo, struct task *p, bool group, int reason, unsigned band,
		       int plain, int fd)
{
	if (p->state == TASK_DEAD || !may_signal(fo, p))
		return;
	if (fo->signum && plain == SIGIO) {
		siginfo_t si;
		memset(&si, 0, sizeof(si));
		si.si_signo = fo->signum;
		si.si_code = reason;
		si.si_band = band;
		si.si_fd = fd;
		if (send_sig_info_checked(p, fo->signum, &si, group, false) == 0)
			return;
	}
	send_sig_info_checked(p, plain, NULL, group, false);
}

/* send_sigio, send_sigurg: to the thread, the process, or each process of
 * the group. */
static void send_owner(const struct fown *fo, int reason, unsigned band, int plain, int fd)
{
	if (!fo->pid)
		return;
	if (fo->type == F_OWNER_PGRP) {
		for_each_task(p)
		{
			if (p == p->tg->leader && p->tg->pgid == fo->pid && !p->tg->zombie)
				signal_one(fo, p, true, reason, band, plain, fd);
		}
		return;
	}
	struct task *p = task_lookup(fo->pid);
	if (!p)
		return;
	if (fo->type == F_OWNER_TID)
		signal_one(fo, p, false, reason, band, plain, fd);
	else if (p == p->tg->leader)
		signal_one(fo, p, true, reason, band, plain, fd);
}

static void send_sigio(const struct fown *fo, int reason, unsigned band)
{
	send_owner(fo, reason, band, SIGIO, fo->fd);
}

void fasync_send_sigurg(struct file *f)
{
	if (f->fown)
		send_owner(f->fown, 0, 0, SIGURG, 0);
}

/* A wake-up of one of the file's queues: what it means for the owner
 * waits until the queue has been walked (wait_entry.after). */
static void hook_fired(struct wait_entry *we)
{
	(void)we;
}

static void hook_after(struct wait_entry *we)
{
	struct fown *fo = ((struct fasync_hook *)we)->fo;
	struct file *f = fo->file;
	unsigned mask = f->ops->poll ? f->ops->poll(f, NULL) : 0;
	unsigned was = fo->last;
	fo->last = mask;
	int acc = f->flags & O_ACCMODE;
	if (acc == O_WRONLY)
		mask &= ~(unsigned)(POLLIN | POLLRDNORM | POLLPRI);
	else if (acc == O_RDONLY)
		mask &= ~(unsigned)(POLLOUT | POLLWRNORM);
	/* A hang-up as each kind tells it: a pipe's last writer going is
	 * POLL_IN to its readers (pipe_release), a socket's peer POLL_HUP
	 * (unix_release_sock), a terminal's other side nothing; then data
	 * there to read, an error, room to write again.  The si_band of
	 * each reason is fs/fcntl.c's band_table. */
	if ((mask & POLLHUP) && !(was & POLLHUP)) {
		if (fo->kind == FK_PIPE)
			send_sigio(fo, POLL_IN, POLLIN | POLLRDNORM);
		else if (fo->kind == FK_SOCK)
			send_sigio(fo, POLL_HUP, POLLHUP | POLLERR);
	} else if (mask & (POLLIN | POLLRDNORM)) {
		send_sigio(fo, POLL_IN, POLLIN | POLLRDNORM);
	} else if ((mask & POLLERR) && !(was & POLLERR)) {
		send_sigio(fo, POLL_ERR, POLLERR);
	} else if ((mask & POLLOUT) && !(was & POLLOUT)) {
		send_sigio(fo, POLL_OUT, POLLOUT | POLLWRNORM | POLLWRBAND);
	}
}

static void hook_queue(struct poll_table *pt, struct waitqueue *wq)
{
	struct fown *fo = pt->priv;
	struct fasync_hook *h = calloc(1, sizeof(*h));
	if (!h)
		return;
	h->we.func = hook_fired;
	h->we.after = hook_after;
	h->fo = fo;
	wait_entry_add(wq, &h->we);
	h->next = fo->hooks;
	fo->hooks = h;
}

static void unhook(struct fown *fo)
{
	struct fasync_hook *h = fo->hooks;
	while (h) {
		struct fasync_hook *next = h->next;
		wait_entry_remove(&h->we);
		free(h);
		h = next;
	}
	fo->hooks = NULL;
}

bool fasync_capable(struct file *f)
{
	if (pipe_of(f) || sock_of(f) || is_inotify(f))
		return true;
	/* Terminals: tty, console and ptmx (4, 5), and the pty slaves. */
	if (!f->inode || !S_ISCHR(f->inode->mode))
		return false;
	unsigned maj = major(f->inode->rdev);
	return maj == 4 || maj == 5 || (maj >= 136 && maj <= 143);
}

void fasync_set(struct file *f, int fd, bool on, bool can)
{
	if (!on) {
		if (f->fown)
			unhook(f->fown);
		return;
	}
	if (!can || !f->ops->poll)
		return;
	struct fown *fo = fown_of(f);
	if (!fo)
		return;
	fo->fd = fd;
	fo->kind = pipe_of(f) ? FK_PIPE : sock_of(f) ? FK_SOCK : FK_TTY;
	if (fo->hooks)
		return;
	struct poll_table pt = {.queue = hook_queue, .priv = fo};
	fo->last = f->ops->poll(f, &pt);
}

/* --- dnotify (fs/notify/dnotify/dnotify.c) ------------------------------------ */

/* One F_NOTIFY interest: a directory (as inotify keys its watches), the
 * file and fd it was asked through, by which fd table (dnotify_flush
 * ends it when that table closes an fd of the file). */
struct dnotify {
	struct dnotify *next;
	const struct super_block *sb;
	uint64_t ino;
	struct file *file;
	const void *owner;
	int fd;
	unsigned long mask; /* DN_* */
};

static struct dnotify *dnotifies;
int dnotify_count;

static void dn_free(struct dnotify **pp)
{
	struct dnotify *dn = *pp;
	*pp = dn->next;
	free(dn);
	dnotify_count--;
}

void dnotify_flush(struct file *f, const void *owner)
{
	for (struct dnotify **pp = &dnotifies; *pp;) {
		if ((*pp)->file == f && (!owner || (*pp)->owner == owner))
			dn_free(pp);
		else
			pp = &(*pp)->next;
	}
}

int dnotify_fcntl(struct task *t, struct file *f, const void *owner, int fd, unsigned long arg)
{
	/* fcntl_dirnotify: no kinds at all ends it, on any file. */
	if (!(arg & ~(unsigned long)DN_MULTISHOT)) {
		dnotify_flush(f, owner);
		return 0;
	}
	if (!f->inode || !S_ISDIR(f->inode->mode))
		return -ENOTDIR;
	/* The caller becomes the owner, unless there is one. */
	if (!f->fown || !f->fown->pid) {
		int r = fasync_setown(t, f, F_OWNER_PID, t->tg->tgid);
		if (r < 0)
			return r;
	}
	/* attach_dn: asking again through the same file adds kinds. */
	for (struct dnotify *dn = dnotifies; dn; dn = dn->next) {
		if (dn->file == f && dn->owner == owner) {
			dn->fd = fd;
			dn->mask |= arg;
			return 0;
		}
	}
	struct dnotify *dn = calloc(1, sizeof(*dn));
	if (!dn)
		return -ENOMEM;
	dn->sb = f->inode->sb;
	dn->ino = f->inode->ino;
	dn->file = f;
	dn->owner = owner;
	dn->fd = fd;
	dn->mask = arg;
	dn->next = dnotifies;
	dnotifies = dn;
	dnotify_count++;
	fsnotify_watching = true;
	return 0;
}

/* The DN_* kinds an inotify event is (convert_arg, the other way). */
static unsigned long dn_kinds(uint32_t mask)
{
	unsigned long k = 0;
	if (mask & IN_ACCESS)
		k |= DN_ACCESS;
	if (mask & IN_MODIFY)
		k |= DN_MODIFY;
	if (mask & IN_CREATE)
		k |= DN_CREATE;
	if (mask & IN_DELETE)
		k |= DN_DELETE;
	if (mask & (IN_MOVED_FROM | IN_MOVED_TO))
		k |= DN_RENAME;
	if (mask & IN_ATTRIB)
		k |= DN_ATTRIB;
	return k;
}

void dnotify_event(const struct inode *dir, uint32_t mask)
{
	unsigned long k = dn_kinds(mask);
	if (!k)
		return;
	/* A move is FS_RENAME, then FS_MOVED_FROM, at the old directory. */
	int times = (mask & IN_MOVED_FROM) ? 2 : 1;
	for (struct dnotify **pp = &dnotifies; *pp;) {
		struct dnotify *dn = *pp;
		if (dn->sb != dir->sb || dn->ino != dir->ino || !(dn->mask & k)) {
			pp = &dn->next;
			continue;
		}
		/* dnotify_handle_event: POLL_MSG to the file's owner. */
		if (dn->file->fown)
			for (int i = 0; i < times; i++)
				send_owner(dn->file->fown, POLL_MSG, POLLIN | POLLRDNORM | POLLMSG,
					   SIGIO, dn->fd);
		if (dn->mask & DN_MULTISHOT)
			pp = &dn->next;
		else
			dn_free(pp);
	}
}

void fasync_release(struct file *f)
{
	if (dnotify_count)
		dnotify_flush(f, NULL);
	if (!f->fown)
		return;
	unhook(f->fown);
	free(f->fown);
	f->fown = NULL;
}
