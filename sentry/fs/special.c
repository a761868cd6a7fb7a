#define _GNU_SOURCE
#include "special.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/sysmacros.h>

#include "file.h"
#include "pipe.h"
#include "vfs.h"

struct chrdev {
	unsigned major, minor;
	const struct file_ops *fops;
	int (*open)(struct inode *ino, struct file *f, int flags);
};

static struct chrdev devs[64];
static int ndevs;

void chrdev_register(unsigned major, unsigned minor, const struct file_ops *fops,
		     int (*open)(struct inode *ino, struct file *f, int flags))
{
	if (ndevs < (int)(sizeof(devs) / sizeof(devs[0])))
		devs[ndevs++] = (struct chrdev){major, minor, fops, open};
}

int special_open(struct inode *ino, struct file *f, int flags)
{
	switch (ino->mode & S_IFMT) {
	case S_IFIFO:
		return pipe_fifo_open(ino, f, flags);
	case S_IFCHR:
		for (int i = 0; i < ndevs; i++) {
			if (devs[i].major == major(ino->rdev) && devs[i].minor == minor(ino->rdev)) {
				f->ops = devs[i].fops;
				return devs[i].open ? devs[i].open(ino, f, flags) : 0;
			}
		}
		return -ENXIO;
	case S_IFBLK:
		return -ENXIO; /* no block devices in the sandbox */
	case S_IFSOCK:
		return -ENXIO;
	default:
		return 0;
	}
}

int fifo_partner_ready(struct file *f)
{
	return pipe_fifo_partner(f);
}

void special_evict(struct inode *ino)
{
	if (ino->pipe)
		pipe_fifo_evict(ino);
}
