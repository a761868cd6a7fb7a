#define _GNU_SOURCE
#include "hostfd.h"

#include <asm/termbits.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../fuzz/limits.h"
#include "../kernel/sched.h"
#include "../kernel/task.h"
#include "../kernel/wait.h"
#include "../mm/mm.h"
#include "../mm/uio.h"
#include "file.h"
#include "tty.h"
#include "../confine/host.h"

#define BOUNCE 65536

struct hostfd {
	int fd;        /* the fd the sentry does I/O on */
	int orig;      /* the host fd it came from */
	bool own_orig; /* orig was opened for the guest: close it too */
	bool own_fd;   /* fd is our private reopen: close it on release */
	bool nonblock; /* fd is non-blocking: I/O returns EAGAIN */
	bool socket;
	bool pollable; /* in the event loop's epoll */
	bool counted;  /* the host's stdout or stderr: --max-output counts it */
	bool tty;      /* a terminal: job control ioctls go to tty.c */
	bool master;   /* a pty master: no job control for its own I/O */
	dev_t rdev;    /* a terminal's device (a master's slave) */
	/* Called when the file goes (a pty master: its slave's name leaves
	 * /dev/pts). */
	void (*on_release)(void *arg);
	void *release_arg;
	struct waitqueue wq;
	struct epoll_source src;
};

static void hostfd_ready(struct epoll_source *src, uint32_t events)
{
	(void)events;
	struct hostfd *h = (struct hostfd *)((char *)src - offsetof(struct hostfd, src));
	wake_up(&h->wq);
}

/* Would an I/O in direction @ev (POLLIN/POLLOUT) block right now? */
static bool would_block(struct hostfd *h, short ev)
{
	if (h->nonblock || h->socket || !h->pollable)
		return false; /* the call itself reports EAGAIN, or cannot block */
	struct pollfd p = {.fd = h->fd, .events = ev};
	return poll(&p, 1, 0) == 0;
}

/* Job control for a read (SIGTTIN) or a write (SIGTTOU, only with TOSTOP
 * set) of a terminal: once at the start of the call, as n_tty_read and
 * n_tty_write check it, not again after a wait. */
static long tty_io_check(struct task *t, struct hostfd *h, int sig)
{
	if (!h->tty || h->master || !t || t->sc.tty_checked)
		return 0;
	if (sig == SIGTTOU && tty_is_background(t, h->rdev)) {
		struct termios tio;
		if (ioctl(h->fd, TCGETS, &tio) < 0 || !(tio.c_lflag & TOSTOP))
			return 0;
	}
	long r = tty_check_change(t, h->rdev, sig);
	if (r == 0)
		t->sc.tty_checked = true;
	return r;
}

static ssize_t hostfd_read(struct task *t, struct file *f, struct uio *to, int64_t *pos)
{
	struct hostfd *h = f->priv;
	static char buf[BOUNCE];
	size_t total = 0;
	long jc = tty_io_check(t, h, SIGTTIN);
	if (jc)
		return jc;
	while (to->resid) {
		if (would_block(h, POLLIN))
			return total ? (ssize_t)total : -EAGAIN;
		size_t want = to->resid < BOUNCE ? to->resid : BOUNCE;
		ssize_t n = h->socket ? recv(h->fd, buf, want, MSG_DONTWAIT)
			    : pos     ? pread(h->fd, buf, want, *pos)
				      : read(h->fd, buf, want);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (total)
				break;
			return errno == EWOULDBLOCK ? -EAGAIN : -errno;
		}
		if (n == 0)
			break;
		if (pos)
			*pos += n;
		ssize_t c = uio_copyout(to, buf, (size_t)n);
		if (c < 0)
			return total ? (ssize_t)total : c;
		total += (size_t)c;
		if ((size_t)n < want)
			break; /* a short read: that is what is there */
	}
	return (ssize_t)total;
}

static ssize_t hostfd_write(struct task *t, struct file *f, struct uio *from, int64_t *pos)
{
	struct hostfd *h = f->priv;
	static char buf[BOUNCE];
	size_t total = 0;
	long jc = tty_io_check(t, h, SIGTTOU);
	if (jc)
		return jc;
	while (from->resid) {
		if (would_block(h, POLLOUT))
			return total ? (ssize_t)total : -EAGAIN;
		/* Without a private non-blocking fd, POLLOUT only promises
		 * PIPE_BUF bytes. */
		size_t cap = (h->nonblock || h->socket || !h->pollable) ? BOUNCE : 4096;
		size_t want = from->resid < cap ? from->resid : cap;
		struct uio save = *from;
		ssize_t c = uio_copyin(from, buf, want);
		if (c < 0)
			return total ? (ssize_t)total : c;
		size_t out = h->counted ? limits_output((size_t)c) : (size_t)c;
		if (out < (size_t)c) {
			/* Past --max-output: what is over is dropped, and the
			 * guest is told it was written. */
			if (out > 0 && (pos ? pwrite(h->fd, buf, out, *pos) : write(h->fd, buf, out)) < 0)
				return total ? (ssize_t)total : -errno;
			total += (size_t)c;
			if (pos)
				*pos += c;
			continue;
		}
		ssize_t n = h->socket ? send(h->fd, buf, (size_t)c, MSG_DONTWAIT | MSG_NOSIGNAL)
			    : pos     ? pwrite(h->fd, buf, (size_t)c, *pos)
				      : write(h->fd, buf, (size_t)c);
		if (n < 0) {
			int e = errno;
			*from = save;
			if (e == EINTR)
				continue;
			if (total)
				break;
			return e == EWOULDBLOCK ? -EAGAIN : -e;
		}
		total += (size_t)n;
		if (pos)
			*pos += n;
		if (n < c) {
			/* Give back what the host did not take. */
			*from = save;
			uio_skip(from, (size_t)n);
			break;
		}
	}
	return (ssize_t)total;
}

static unsigned hostfd_poll(struct file *f, struct poll_table *pt)
{
	struct hostfd *h = f->priv;
	poll_wait(pt, &h->wq);
	if (!h->pollable)
		return POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
	struct pollfd p = {.fd = h->fd, .events = POLLIN | POLLOUT | POLLPRI | POLLRDHUP};
	if (poll(&p, 1, 0) < 0)
		return POLLERR;
	return (unsigned)p.revents;
}

static int hostfd_stat(struct file *f, struct stat *st)
{
	struct hostfd *h = f->priv;
	if (fstat(h->fd, st) < 0)
		return -errno;
	if (h->tty)
		tty_fix_stat(st);
	return 0;
}

/* ioctl(@fd, @cmd) with a @size-byte argument the host fills in, copied
 * out to the guest's @arg. */
static long ioctl_out(struct task *t, int fd, unsigned cmd, uint64_t arg, size_t size)
{
	char buf[64];
	if (ioctl(fd, cmd, buf) < 0)
		return -errno;
	return copy_to_user(t->mm, arg, buf, size) < 0 ? -EFAULT : 0;
}

/* ioctl(@fd, @cmd) with a @size-byte argument read from the guest. */
static long ioctl_in(struct task *t, int fd, unsigned cmd, uint64_t arg, size_t size)
{
	char buf[64];
	if (copy_from_user(t->mm, buf, arg, size) < 0)
		return -EFAULT;
	return ioctl(fd, cmd, buf) < 0 ? -errno : 0;
}

static long hostfd_ioctl(struct task *t, struct file *f, unsigned int cmd, uint64_t arg)
{
	struct hostfd *h = f->priv;
	switch (cmd) {
	/* Queue sizes: terminals, pipes, sockets and files all answer. */
	case FIONREAD:
	case TIOCOUTQ:
		return ioctl_out(t, h->fd, cmd, arg, sizeof(int));
	default:
		break;
	}
	/* The rest are terminal ioctls: anything else is not a terminal, and
	 * says so before the argument is looked at, as Linux does. */
	if (!h->tty)
		return -ENOTTY;
	/* Changes from the background get SIGTTOU (tty_check_change): the
	 * modes are the slave's even through its master (set_termios on
	 * the real tty), flow, flush and break only through the slave. */
	long jc = 0;
	switch (cmd) {
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
	case TCSETS2:
	case TCSETSW2:
	case TCSETSF2:
		jc = tty_check_change(t, h->rdev, SIGTTOU);
		break;
	case TCFLSH:
	case TCXONC:
	case TCSBRK:
	case TCSBRKP:
		if (!h->master)
			jc = tty_check_change(t, h->rdev, SIGTTOU);
		break;
	default:
		break;
	}
	if (jc)
		return jc;
	switch (cmd) {
	case TCGETS:
		return ioctl_out(t, h->fd, cmd, arg, sizeof(struct termios));
	case TCGETS2:
		return ioctl_out(t, h->fd, cmd, arg, sizeof(struct termios2));
	case TIOCGWINSZ:
		return ioctl_out(t, h->fd, cmd, arg, sizeof(struct winsize));
	case TIOCGPTN:
	case TIOCGPTLCK:
	case TIOCGEXCL:
	case TIOCMGET:
		return ioctl_out(t, h->fd, cmd, arg, sizeof(int));
	/* TCSETSW waits for the output to drain, on the host: a terminal
	 * drains on its own, so the sentry waits only that long. */
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		return ioctl_in(t, h->fd, cmd, arg, sizeof(struct termios));
	case TCSETS2:
	case TCSETSW2:
	case TCSETSF2:
		return ioctl_in(t, h->fd, cmd, arg, sizeof(struct termios2));
	case TIOCSWINSZ:
		return ioctl_in(t, h->fd, cmd, arg, sizeof(struct winsize));
	case TIOCSPTLCK:
		return ioctl_in(t, h->fd, cmd, arg, sizeof(int));
	/* An int value, not a pointer. */
	case TCFLSH:
	case TCXONC:
	case TCSBRK:
	case TCSBRKP:
		return ioctl(h->fd, cmd, (int)arg) < 0 ? -errno : 0;
	/* Sessions and process groups are the sandbox's, not the host's. */
	case TIOCGPGRP:
	case TIOCSPGRP:
	case TIOCGSID:
	case TIOCSCTTY:
	case TIOCNOTTY:
		return tty_jobctl(t, h->fd, cmd, arg, (f->flags & O_ACCMODE) != O_WRONLY);
	case TIOCSTI:
		/* Typing into the host's terminal would reach the shell that
		 * started sbx, outside the sandbox. */
		return -EPERM;
	case TIOCGPTPEER:
		return h->master ? tty_open_peer(t, f, h->rdev, (int)arg) : -EIO;
	default:
		return -ENOTTY;
	}
}

static int64_t hostfd_llseek(struct file *f, int64_t off, int whence)
{
	struct hostfd *h = f->priv;
	off_t r = lseek(h->fd, off, whence);
	return r < 0 ? -errno : r;
}

static void hostfd_release_h(struct hostfd *h)
{
	wake_up(&h->wq); /* no sleeper may keep a pointer into @h */
	if (h->pollable)
		sched_epoll_del(h->fd, &h->src);
	if (h->own_fd)
		close(h->fd);
	if (h->own_orig && h->orig != h->fd)
		close(h->orig);
	if (h->on_release)
		h->on_release(h->release_arg);
	free(h);
}

static void hostfd_release(struct file *f)
{
	hostfd_release_h(f->priv);
}

static const struct file_ops hostfd_ops = {
	.read = hostfd_read,
	.write = hostfd_write,
	.poll = hostfd_poll,
	.stat = hostfd_stat,
	.ioctl = hostfd_ioctl,
	.llseek = hostfd_llseek,
	.release = hostfd_release,
};

/* The sandbox-side name of an imported host fd: an anonymous path named as
 * the host names it (/dev/pts/0, pipe:[1234]...), whose opening opens the
 * host file again (the guest's /dev/stdin). */
static struct super_block *hostfd_sb;
static int proc_fd_dir = -1;

struct hostfd_node {
	int fd; /* the original host fd, kept open by sbx */
};

static int hostfd_node_getattr(struct inode *ino, struct stat *st)
{
	struct hostfd_node *n = ino->priv;
	return fstat(n->fd, st) < 0 ? -errno : 0;
}

static struct hostfd *hostfd_wrap(int fd, int fl, const struct stat *st);

/* Truncating sbx's own stdout file (ftruncate(1, n), `: > /dev/stdout`) is
 * writing it, which the guest may do; its times follow.  The mode and owner
 * of a host file sbx was handed stay the host's business: EPERM. */
static int hostfd_node_setattr(struct inode *ino, const struct iattr *a)
{
	struct hostfd_node *n = ino->priv;
	if (a->valid & (ATTR_MODE | ATTR_UID | ATTR_GID))
		return -EPERM;
	char name[16];
	snprintf(name, sizeof(name), "%d", n->fd);
	if (a->valid & ATTR_SIZE) {
		struct stat st;
		if (fstat(n->fd, &st) < 0)
			return -errno;
		if (!S_ISREG(st.st_mode))
			return 0; /* O_TRUNC on a pipe or terminal: nothing to cut */
		int fd = openat(proc_fd_dir, name, O_WRONLY | O_CLOEXEC | O_NOCTTY);
		if (fd < 0)
			return -errno;
		int r = ftruncate(fd, a->size) < 0 ? -errno : 0;
		close(fd);
		if (r < 0)
			return r;
	}
	if (a->valid & (ATTR_ATIME | ATTR_MTIME)) {
		struct timespec ts[2] = {{0, UTIME_OMIT}, {0, UTIME_OMIT}};
		if (a->valid & ATTR_ATIME)
			ts[0] = a->atime;
		if (a->valid & ATTR_MTIME)
			ts[1] = a->mtime;
		if (utimensat(proc_fd_dir, name, ts, 0) < 0 && errno != EPERM && errno != EACCES)
			return -errno;
	}
	return 0;
}

static int hostfd_node_open(struct dentry *d, struct file *f, int flags)
{
	(void)d;
	struct hostfd_node *n = f->inode->priv;
	char name[16];
	snprintf(name, sizeof(name), "%d", n->fd);
	int acc = flags & O_ACCMODE;
	int fd = openat(proc_fd_dir, name, acc | (flags & O_APPEND) | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	struct stat st;
	fstat(fd, &st);
	struct hostfd *h = hostfd_wrap(fd, acc, &st);
	if (!h) {
		close(fd);
		return -ENOMEM;
	}
	h->own_orig = true;
	h->counted = n->fd == STDOUT_FILENO || n->fd == STDERR_FILENO;
	f->ops = &hostfd_ops;
	f->priv = h;
	f->stream = !S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode);
	return 0;
}

static void hostfd_node_evict(struct inode *ino)
{
	free(ino->priv);
}

static const struct inode_ops hostfd_node_iops = {
	.getattr = hostfd_node_getattr,
	.setattr = hostfd_node_setattr,
	.open = hostfd_node_open,
	.evict = hostfd_node_evict,
};

static void set_path(struct file *f, int fd, const struct stat *st)
{
	if (!hostfd_sb) {
		hostfd_sb = anon_sb_new("hostfd");
		proc_fd_dir = host_open("/proc/self/fd/.", O_PATH | O_DIRECTORY);
	}
	if (!hostfd_sb)
		return;
	char link[64], target[PATH_MAX_LEN];
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	ssize_t n = host_readlink(link, target, sizeof(target) - 1);
	if (n <= 0)
		return;
	target[n] = '\0';
	struct inode *ino = inode_new(hostfd_sb, st->st_mode, &hostfd_node_iops, NULL);
	struct hostfd_node *node = calloc(1, sizeof(*node));
	if (!ino || !node) {
		free(ino);
		free(node);
		return;
	}
	node->fd = fd;
	ino->priv = node;
	ino->ino = st->st_ino;
	if (anon_path(hostfd_sb, target, ino, &f->path) < 0) {
		inode_put(ino);
		return;
	}
	f->inode = ino;
	inode_get(ino);
}

struct file *hostfd_import(int fd)
{
	struct stat st;
	if (fstat(fd, &st) < 0)
		return NULL;
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0)
		return NULL;
	struct hostfd *h = hostfd_wrap(fd, fl, &st);
	if (!h) {
		errno = ENOMEM;
		return NULL;
	}
	h->counted = fd == STDOUT_FILENO || fd == STDERR_FILENO;
	struct file *f = file_alloc(&hostfd_ops, (unsigned)fl & ~(unsigned)O_CLOEXEC, h);
	if (!f) {
		hostfd_release_h(h);
		errno = ENOMEM;
		return NULL;
	}
	f->stream = !S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode);
	set_path(f, fd, &st);
	return f;
}

/* A struct hostfd for host @fd (not taken over unless reopened). */
static struct hostfd *hostfd_wrap(int fd, int fl, const struct stat *stp)
{
	struct stat st = *stp;
	struct hostfd *h = calloc(1, sizeof(*h));
	if (!h) {
		errno = ENOMEM;
		return NULL;
	}
	waitqueue_init(&h->wq);
	h->src.ready = hostfd_ready;
	h->fd = fd;
	h->orig = fd;
	h->socket = S_ISSOCK(st.st_mode);
	if (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode)) {
		/* A private open file description, so O_NONBLOCK does not
		 * leak to the processes that share this one. */
		char path[64];
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		int nfd = open(path, (fl & O_ACCMODE) | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
		if (nfd >= 0) {
			h->fd = nfd;
			h->own_fd = true;
			h->nonblock = true;
		}
	}
	h->tty = S_ISCHR(st.st_mode) && isatty(h->fd);
	if (h->tty)
		tty_identify(h->fd, &h->rdev, &h->master);
	if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode) && !S_ISBLK(st.st_mode))
		h->pollable = sched_epoll_add(h->fd, EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET,
					      &h->src) == 0;
	return h;
}

int hostfd_open_file(struct file *f, int fd, bool counted, void (*on_release)(void *arg),
		     void *arg)
{
	struct stat st;
	if (fstat(fd, &st) < 0)
		return -errno;
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0)
		return -errno;
	struct hostfd *h = calloc(1, sizeof(*h));
	if (!h)
		return -ENOMEM;
	waitqueue_init(&h->wq);
	h->src.ready = hostfd_ready;
	h->fd = h->orig = fd;
	h->own_fd = true;
	h->nonblock = (fl & O_NONBLOCK) != 0;
	h->socket = S_ISSOCK(st.st_mode);
	h->tty = S_ISCHR(st.st_mode) && isatty(fd);
	if (h->tty)
		tty_identify(fd, &h->rdev, &h->master);
	if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode) && !S_ISBLK(st.st_mode))
		h->pollable = sched_epoll_add(h->fd, EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET,
					      &h->src) == 0;
	h->counted = counted;
	h->on_release = on_release;
	h->release_arg = arg;
	f->ops = &hostfd_ops;
	f->priv = h;
	f->stream = !S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode);
	return 0;
}

int hostfd_host_fd(struct file *f)
{
	if (!f || f->ops != &hostfd_ops)
		return -1;
	return ((struct hostfd *)f->priv)->fd;
}
