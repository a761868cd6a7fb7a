/* POSIX message queues (ipc/mqueue.c): queues named by mq_open, held by a
 * namespace of the sandbox's own (there is no mqueue file system to mount
 * at /dev/mqueue), with Linux's limits for a caller without
 * CAP_SYS_RESOURCE, priority order, blocking sends and receives with
 * absolute CLOCK_REALTIME timeouts, mq_notify by signal (SIGEV_NONE,
 * SIGEV_SIGNAL; glibc's SIGEV_THREAD needs netlink notification: EINVAL),
 * mq_getsetattr, and the status line a read of the descriptor gives. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>

#include "../fs/fdtable.h"
#include "../fs/file.h"
#include "../fs/fs_struct.h"
#include "../fs/vfs.h"
#include "../kernel/cred.h"
#include "../kernel/det.h"
#include "../kernel/sched.h"
#include "../kernel/signal.h"
#include "../kernel/task.h"
#include "../kernel/wait.h"
#include "../mm/mm.h"
#include "../mm/uio.h"
#include "syscalls.h"

#define MQ_PRIO_MAX_	32768
#define DFLT_MSGMAX	10    /* fs.mqueue.msg_default */
#define DFLT_MSGSIZEMAX 8192  /* fs.mqueue.msgsize_default */
#define MSGMAX		10    /* fs.mqueue.msg_max */
#define MSGSIZEMAX	8192  /* fs.mqueue.msgsize_max */
#define HARD_MSGMAX	65536 /* with CAP_SYS_RESOURCE */
#define HARD_MSGSIZEMAX (16 << 20)
#define QUEUES_MAX	256 /* fs.mqueue.queues_max */

struct mq_msg {
	TAILQ_ENTRY(mq_msg) link;
	unsigned prio;
	size_t len;
	char data[];
};

struct mqueue {
	TAILQ_ENTRY(mqueue) link; /* in the namespace while it has a name */
	char *name;
	int refs; /* the name and each open description */
	bool named;
	uid_t uid;
	gid_t gid;
	mode_t mode;
	long maxmsg, msgsize, curmsgs;
	TAILQ_HEAD(, mq_msg) msgs; /* highest priority first, FIFO within one */
	struct waitqueue wq;
	/* mq_notify: the process registered, and how. */
	pid_t notify_pid;
	struct sigevent notify;
	uid_t notify_uid;
	struct timespec atime, mtime, ctime;
};

static TAILQ_HEAD(, mqueue) queues = TAILQ_HEAD_INITIALIZER(queues);
static int nqueues;

static void mq_put(struct mqueue *q)
{
	if (--q->refs > 0)
		return;
	struct mq_msg *m;
	while ((m = TAILQ_FIRST(&q->msgs))) {
		TAILQ_REMOVE(&q->msgs, m, link);
		free(m);
	}
	wake_up(&q->wq);
	free(q->name);
	free(q);
}

/* --- the descriptor ------------------------------------------------------------ */

static const struct file_ops mq_fops;

static struct mqueue *mq_of(struct file *f)
{
	return f && f->ops == &mq_fops ? f->priv : NULL;
}

/* A read gives the queue's state (mqueue_read_file). */
static ssize_t mq_read(struct task *t, struct file *f, struct uio *to, int64_t *pos)
{
	(void)t;
	struct mqueue *q = f->priv;
	char buf[128];
	long qsize = 0;
	struct mq_msg *m;
	TAILQ_FOREACH(m, &q->msgs, link)
	qsize += (long)m->len;
	int n = snprintf(
	    buf, sizeof(buf), "QSIZE:%-10lu NOTIFY:%-5d SIGNO:%-5d NOTIFY_PID:%-6d\n",
	    (unsigned long)qsize, q->notify_pid ? q->notify.sigev_notify : 0,
	    q->notify_pid && q->notify.sigev_notify == SIGEV_SIGNAL ? q->notify.sigev_signo : 0,
	    q->notify_pid);
	int64_t *p = pos ? pos : &f->pos;
	if (*p >= n)
		return 0;
	size_t len = (size_t)(n - *p) < to->resid ? (size_t)(n - *p) : to->resid;
	ssize_t c = uio_copyout(to, buf + *p, len);
	if (c > 0)
		*p += c;
	return c;
}

static unsigned mq_poll(struct file *f, struct poll_table *pt)
{
	struct mqueue *q = f->priv;
	poll_wait(pt, &q->wq);
	unsigned mask = 0;
	if (q->curmsgs)
		mask |= POLLIN | POLLRDNORM;
	if (q->curmsgs < q->maxmsg)
		mask |= POLLOUT | POLLWRNORM;
	return mask;
}

static int mq_stat(struct file *f, struct stat *st)
{
	struct mqueue *q = f->priv;
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFREG | q->mode;
	st->st_nlink = q->named ? 1 : 0;
	st->st_uid = q->uid;
	st->st_gid = q->gid;
	st->st_blksize = 4096;
	st->st_size = 0;
	st->st_atim = q->atime;
	st->st_mtim = q->mtime;
	st->st_ctim = q->ctime;
	return 0;
}

static int64_t mq_llseek(struct file *f, int64_t off, int whence)
{
	if (whence == SEEK_SET && off >= 0) {
		f->pos = off;
		return off;
	}
	return -EINVAL;
}

static void mq_release(struct file *f)
{
	mq_put(f->priv);
}

static const struct file_ops mq_fops = {
    .read = mq_read,
    .poll = mq_poll,
    .stat = mq_stat,
    .llseek = mq_llseek,
    .release = mq_release,
};

/* --- names ---------------------------------------------------------------------- */

static struct mqueue *find(const char *name)
{
	struct mqueue *q;
	TAILQ_FOREACH(q, &queues, link)
	{
		if (!strcmp(q->name, name))
			return q;
	}
	return NULL;
}

/* The name as the kernel gets it (glibc strips the leading '/'). */
static long get_name(struct task *t, uint64_t uname, char *name)
{
	char buf[PATH_MAX_LEN];
	long n = getname(t, uname, buf);
	if (n < 0)
		return n;
	if (n > NAME_MAX_LEN)
		return -ENAMETOOLONG;
	if (n == 0)
		return -ENOENT;
	if (strchr(buf, '/') || !strcmp(buf, ".") || !strcmp(buf, ".."))
		return -EACCES;
	memcpy(name, buf, (size_t)n + 1);
	return 0;
}

/* Access to @q for an open with @acc (O_RDONLY...), as inode_permission. */
static int mq_permission(struct task *t, struct mqueue *q, int mask)
{
	const struct cred *c = &t->cred;
	mode_t m = q->mode;
	unsigned bits;
	if (c->fsuid == q->uid)
		bits = (m >> 6) & 7;
	else if (task_in_group(t, q->gid))
		bits = (m >> 3) & 7;
	else
		bits = m & 7;
	if ((bits & (unsigned)mask) == (unsigned)mask || capable(t, CAP_DAC_OVERRIDE))
		return 0;
	return -EACCES;
}

static int acc_mask(int oflag)
{
	switch (oflag & O_ACCMODE) {
	case O_RDONLY:
		return MAY_READ;
	case O_WRONLY:
		return MAY_WRITE;
	default:
		return MAY_READ | MAY_WRITE;
	}
}

SYSCALL(mq_open)
{
	int oflag = (int)a[1];
	mode_t mode = (mode_t)a[2];
	char name[NAME_MAX_LEN + 1];
	long r = get_name(t, a[0], name);
	if (r < 0)
		return r;
	if ((oflag & O_ACCMODE) == (O_WRONLY | O_RDWR))
		return -EINVAL;
	struct mqueue *q = find(name);
	if (q) {
		if ((oflag & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
			return -EEXIST;
		r = mq_permission(t, q, acc_mask(oflag));
		if (r < 0)
			return r;
		q->refs++;
	} else {
		if (!(oflag & O_CREAT))
			return -ENOENT;
		struct mq_attr at = {.mq_maxmsg = DFLT_MSGMAX, .mq_msgsize = DFLT_MSGSIZEMAX};
		if (a[3]) {
			if (copy_from_user(t->mm, &at, a[3], sizeof(at)) < 0)
				return -EFAULT;
			/* mq_attr_ok */
			bool res = capable(t, CAP_SYS_RESOURCE);
			if (at.mq_maxmsg <= 0 || at.mq_msgsize <= 0)
				return -EINVAL;
			if (at.mq_maxmsg > (res ? HARD_MSGMAX : MSGMAX) ||
			    at.mq_msgsize > (res ? HARD_MSGSIZEMAX : MSGSIZEMAX))
				return -EINVAL;
		}
		if (nqueues >= QUEUES_MAX && !capable(t, CAP_SYS_RESOURCE))
			return -ENOSPC;
		/* The queue's bytes against RLIMIT_MSGQUEUE (mqueue_get_inode):
		 * per message its size and a pointer. */
		uint64_t bytes =
		    (uint64_t)at.mq_maxmsg * ((uint64_t)at.mq_msgsize + sizeof(void *));
		if (bytes > t->tg->rlim[RLIMIT_MSGQUEUE].rlim_cur)
			return -EMFILE;
		q = calloc(1, sizeof(*q));
		if (!q || !(q->name = strdup(name))) {
			free(q);
			return -ENOMEM;
		}
		q->refs = 2; /* the name and this open */
		q->named = true;
		q->uid = t->cred.fsuid;
		q->gid = t->cred.fsgid;
		q->mode = mode & 07777 & ~t->fs->umask;
		q->maxmsg = at.mq_maxmsg;
		q->msgsize = at.mq_msgsize;
		TAILQ_INIT(&q->msgs);
		waitqueue_init(&q->wq);
		clock_realtime(&q->ctime);
		q->atime = q->mtime = q->ctime;
		TAILQ_INSERT_TAIL(&queues, q, link);
		nqueues++;
	}
	struct file *f = file_alloc(&mq_fops, (unsigned)(oflag & (O_ACCMODE | O_NONBLOCK)), q);
	if (!f) {
		mq_put(q);
		return -ENOMEM;
	}
	int fd = fd_install(t->files, f, 0, oflag & O_CLOEXEC, t->tg->rlim[RLIMIT_NOFILE].rlim_cur);
	if (fd < 0)
		file_put(f);
	return fd;
}

SYSCALL(mq_unlink)
{
	char name[NAME_MAX_LEN + 1];
	long r = get_name(t, a[0], name);
	if (r < 0)
		return r;
	struct mqueue *q = find(name);
	if (!q)
		return -ENOENT;
	/* may_delete in the mqueue root (mode 01777): the owner or root. */
	if (q->uid != t->cred.fsuid && !capable(t, CAP_FOWNER))
		return -EPERM;
	TAILQ_REMOVE(&queues, q, link);
	nqueues--;
	q->named = false;
	mq_put(q);
	return 0;
}

/* --- sending and receiving ------------------------------------------------------ */

static long mq_interrupted(struct task *t)
{
	(void)t;
	return -ERESTARTSYS;
}

/* The absolute CLOCK_REALTIME timeout, read once (prepare_timeout). */
static int mq_deadline(struct task *t, uint64_t uts)
{
	if (!uts || t->sc.deadline_ns)
		return 0;
	struct timespec ts;
	if (copy_from_user(t->mm, &ts, uts, sizeof(ts)) < 0)
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000L)
		return -EINVAL;
	struct timespec rt;
	clock_realtime(&rt);
	uint64_t want = (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
	uint64_t now = (uint64_t)rt.tv_sec * 1000000000ULL + (uint64_t)rt.tv_nsec;
	uint64_t mono = now_ns();
	t->sc.deadline_ns = want > now ? mono + (want - now) : mono;
	if (!t->sc.deadline_ns)
		t->sc.deadline_ns = 1;
	return 0;
}

static long mq_wait(struct task *t, struct mqueue *q)
{
	if (t->sc.deadline_ns && (t->sc.timed_out || now_ns() >= t->sc.deadline_ns))
		return -ETIMEDOUT;
	task_wait_on(t, &q->wq);
	if (t->sc.deadline_ns)
		task_set_deadline(t, t->sc.deadline_ns);
	t->sc.interrupt = mq_interrupted;
	return -SBX_BLOCK;
}

/* A message arrived in an empty queue and no receiver waits: the
 * registered process gets its notification, once (__do_notify). */
static void do_notify(struct mqueue *q, struct task *sender)
{
	if (!q->notify_pid || waitqueue_active(&q->wq))
		return;
	if (q->notify.sigev_notify == SIGEV_SIGNAL) {
		struct task *p = task_lookup(q->notify_pid);
		if (p && p->state != TASK_DEAD) {
			siginfo_t si;
			memset(&si, 0, sizeof(si));
			si.si_signo = q->notify.sigev_signo;
			si.si_code = SI_MESGQ;
			si.si_value = q->notify.sigev_value;
			si.si_pid = sender->tg->tgid;
			si.si_uid = sender->cred.uid;
			send_sig_to_group(p->tg, si.si_signo, &si);
		}
	}
	q->notify_pid = 0;
}

SYSCALL(mq_timedsend)
{
	struct file *f = fd_get(t->files, (int)a[0]);
	struct mqueue *q = mq_of(f);
	if (!q)
		return -EBADF;
	size_t len = a[2];
	unsigned prio = (unsigned)a[3];
	if (prio >= MQ_PRIO_MAX_)
		return -EINVAL;
	int r = mq_deadline(t, a[4]);
	if (r < 0)
		return r;
	if ((f->flags & O_ACCMODE) == O_RDONLY)
		return -EBADF;
	if (len > (size_t)q->msgsize)
		return -EMSGSIZE;
	if (q->curmsgs >= q->maxmsg) {
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		return mq_wait(t, q);
	}
	struct mq_msg *m = malloc(sizeof(*m) + len);
	if (!m)
		return -ENOMEM;
	if (len && copy_from_user(t->mm, m->data, a[1], len) < 0) {
		free(m);
		return -EFAULT;
	}
	m->len = len;
	m->prio = prio;
	struct mq_msg *at;
	TAILQ_FOREACH(at, &q->msgs, link)
	{
		if (at->prio < prio)
			break;
	}
	if (at)
		TAILQ_INSERT_BEFORE(at, m, link);
	else
		TAILQ_INSERT_TAIL(&q->msgs, m, link);
	if (q->curmsgs++ == 0)
		do_notify(q, t);
	clock_realtime(&q->mtime);
	q->atime = q->ctime = q->mtime;
	wake_up(&q->wq);
	return 0;
}

SYSCALL(mq_timedreceive)
{
	struct file *f = fd_get(t->files, (int)a[0]);
	struct mqueue *q = mq_of(f);
	if (!q)
		return -EBADF;
	int r = mq_deadline(t, a[4]);
	if (r < 0)
		return r;
	if ((f->flags & O_ACCMODE) == O_WRONLY)
		return -EBADF;
	if (a[2] < (uint64_t)q->msgsize)
		return -EMSGSIZE;
	struct mq_msg *m = TAILQ_FIRST(&q->msgs);
	if (!m) {
		if (f->flags & O_NONBLOCK)
			return -EAGAIN;
		return mq_wait(t, q);
	}
	if (m->len && copy_to_user(t->mm, a[1], m->data, m->len) < 0)
		return -EFAULT;
	if (a[3]) {
		unsigned prio = m->prio;
		if (copy_to_user(t->mm, a[3], &prio, sizeof(prio)) < 0)
			return -EFAULT;
	}
	long len = (long)m->len;
	TAILQ_REMOVE(&q->msgs, m, link);
	free(m);
	q->curmsgs--;
	clock_realtime(&q->atime);
	q->ctime = q->atime;
	wake_up(&q->wq);
	return len;
}

SYSCALL(mq_notify)
{
	struct file *f = fd_get(t->files, (int)a[0]);
	struct mqueue *q = mq_of(f);
	struct sigevent ev;
	if (a[1]) {
		if (copy_from_user(t->mm, &ev, a[1], sizeof(ev)) < 0)
			return -EFAULT;
		if (ev.sigev_notify != SIGEV_NONE && ev.sigev_notify != SIGEV_SIGNAL &&
		    ev.sigev_notify != SIGEV_THREAD)
			return -EINVAL;
		if (ev.sigev_notify == SIGEV_SIGNAL &&
		    (ev.sigev_signo <= 0 || ev.sigev_signo > SBX_NSIG))
			return -EINVAL;
		if (ev.sigev_notify == SIGEV_THREAD)
			return -EINVAL; /* notification through netlink: not offered */
	}
	if (!q)
		return -EBADF;
	pid_t me = t->tg->tgid;
	if (!a[1]) {
		if (q->notify_pid == me)
			q->notify_pid = 0;
		return 0;
	}
	if (q->notify_pid && q->notify_pid != me) {
		struct task *p = task_lookup(q->notify_pid);
		if (p && p->state != TASK_DEAD)
			return -EBUSY;
	}
	if (q->notify_pid == me)
		return -EBUSY;
	q->notify_pid = me;
	q->notify = ev;
	q->notify_uid = t->cred.uid;
	return 0;
}

SYSCALL(mq_getsetattr)
{
	struct file *f = fd_get(t->files, (int)a[0]);
	struct mqueue *q = mq_of(f);
	struct mq_attr nw;
	if (a[1]) {
		if (copy_from_user(t->mm, &nw, a[1], sizeof(nw)) < 0)
			return -EFAULT;
		if (nw.mq_flags & ~(long)O_NONBLOCK)
			return -EINVAL;
	}
	if (!q)
		return -EBADF;
	struct mq_attr old = {.mq_flags = f->flags & O_NONBLOCK,
			      .mq_maxmsg = q->maxmsg,
			      .mq_msgsize = q->msgsize,
			      .mq_curmsgs = q->curmsgs};
	if (a[1])
		f->flags =
		    (f->flags & ~(unsigned)O_NONBLOCK) | (unsigned)(nw.mq_flags & O_NONBLOCK);
	if (a[2] && copy_to_user(t->mm, a[2], &old, sizeof(old)) < 0)
		return -EFAULT;
	return 0;
}
