/* The memory character devices (drivers/char/mem.c, random.c):
 * /dev/null, /dev/zero, /dev/full, /dev/random, /dev/urandom. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/random.h>

#include "../kernel/random.h"
#include "../mm/uio.h"
#include "file.h"
#include "special.h"

static ssize_t null_read(struct task *t, struct file *f, struct uio *to, int64_t *pos)
{
	(void)t, (void)f, (void)to, (void)pos;
	return 0;
}

static ssize_t null_write(struct task *t, struct file *f, struct uio *from, int64_t *pos)
{
	(void)t, (void)f, (void)pos;
	size_t n = from->resid;
	uio_skip(from, n);
	return (ssize_t)n;
}

static ssize_t fill_read(struct uio *to, int random)
{
	static char buf[4096];
	size_t total = 0;
	if (!random)
		memset(buf, 0, sizeof(buf));
	while (to->resid) {
		size_t n = to->resid < sizeof(buf) ? to->resid : sizeof(buf);
		if (random)
			get_random_bytes(buf, n);
		ssize_t c = uio_copyout(to, buf, n);
		if (c < 0)
			return total ? (ssize_t)total : c;
		total += (size_t)c;
		if ((size_t)c < n || total >= (1u << 25))
			break; /* like read_iter_zero: not forever in one call */
	}
	return (ssize_t)total;
}

static ssize_t zero_read(struct task *t, struct file *f, struct uio *to, int64_t *pos)
{
	(void)t, (void)f, (void)pos;
	return fill_read(to, 0);
}

static ssize_t random_read(struct task *t, struct file *f, struct uio *to, int64_t *pos)
{
	(void)t, (void)f, (void)pos;
	return fill_read(to, 1);
}

static ssize_t full_write(struct task *t, struct file *f, struct uio *from, int64_t *pos)
{
	(void)t, (void)f, (void)from, (void)pos;
	return -ENOSPC;
}

static unsigned always_ready(struct file *f, struct poll_table *pt)
{
	(void)f, (void)pt;
	return POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM;
}

static int64_t noop_llseek(struct file *f, int64_t off, int whence)
{
	(void)off, (void)whence;
	f->pos = 0;
	return 0;
}

static int dev_stat(struct file *f, struct stat *st)
{
	struct inode *ino = f->inode;
	if (ino && ino->iops && ino->iops->getattr)
		return ino->iops->getattr(ino, st);
	memset(st, 0, sizeof(*st));
	st->st_mode = S_IFCHR | 0666;
	return 0;
}

static const struct file_ops null_ops = {.read = null_read, .write = null_write,
					 .poll = always_ready, .llseek = noop_llseek,
					 .stat = dev_stat};
static const struct file_ops zero_ops = {.read = zero_read, .write = null_write,
					 .poll = always_ready, .llseek = noop_llseek,
					 .stat = dev_stat, .mmap_anon = true};
static const struct file_ops full_ops = {.read = zero_read, .write = full_write,
					 .poll = always_ready, .llseek = noop_llseek,
					 .stat = dev_stat};
static const struct file_ops random_ops = {.read = random_read, .write = null_write,
					   .poll = always_ready, .llseek = noop_llseek,
					   .stat = dev_stat};

void chrdev_init_mem(void)
{
	chrdev_register(1, 3, &null_ops, NULL);
	chrdev_register(1, 5, &zero_ops, NULL);
	chrdev_register(1, 7, &full_ops, NULL);
	chrdev_register(1, 8, &random_ops, NULL);
	chrdev_register(1, 9, &random_ops, NULL);
}
