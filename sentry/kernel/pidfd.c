#define _GNU_SOURCE
#include "pidfd.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "../fs/fdtable.h"
#include "../fs/file.h"
#include "task.h"

static unsigned pidfd_poll(struct file *f, struct poll_table *pt)
{
	struct thread_group *tg = f->priv;
	poll_wait(pt, &tg->pidfd_wq);
	/* Readable once every thread has exited (pidfd_poll). */
	return tg->live == 0 ? POLLIN | POLLRDNORM : 0;
}

static int pidfd_stat(struct file *f, struct stat *st)
{
	(void)f;
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFREG | 0600;
	st->st_nlink = 1;
	st->st_blksize = 4096;
	return 0;
}

static void pidfd_release(struct file *f)
{
	tg_put(f->priv);
}

static const struct file_ops pidfd_ops = {
	.poll = pidfd_poll,
	.stat = pidfd_stat,
	.release = pidfd_release,
};

int pidfd_create(struct task *t, struct thread_group *tg, unsigned int flags)
{
	struct file *f = file_alloc(&pidfd_ops, O_RDWR | (flags & O_NONBLOCK), tg);
	if (!f)
		return -ENOMEM;
	f->stream = true;
	tg->refs++;
	int fd = fd_install(t->files, f, 0, true, t->tg->rlim[RLIMIT_NOFILE].rlim_cur);
	if (fd < 0)
		file_put(f);
	return fd;
}

struct thread_group *pidfd_tg(struct file *f)
{
	return f && f->ops == &pidfd_ops ? f->priv : NULL;
}
