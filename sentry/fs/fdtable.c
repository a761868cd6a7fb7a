#define _GNU_SOURCE
#include "fdtable.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "../fuzz/limits.h"
#include "fasync.h"
#include "file.h"

#define NR_OPEN_MAX (1 << 20) /* Linux's fs.nr_open default */

struct files_struct *files_new(void)
{
	struct files_struct *fs = calloc(1, sizeof(*fs));
	if (fs)
		fs->refs = 1;
	return fs;
}

static int grow(struct files_struct *fs, int need)
{
	if (need <= fs->max)
		return 0;
	if (need > NR_OPEN_MAX)
		return -EMFILE;
	int n = fs->max ? fs->max : 64;
	while (n < need)
		n *= 2;
	struct file **fd = realloc(fs->fd, (size_t)n * sizeof(*fd));
	if (!fd)
		return -ENOMEM;
	fs->fd = fd;
	unsigned char *ce = realloc(fs->cloexec, (size_t)n);
	if (!ce)
		return -ENOMEM;
	fs->cloexec = ce;
	memset(fs->fd + fs->max, 0, (size_t)(n - fs->max) * sizeof(*fd));
	memset(fs->cloexec + fs->max, 0, (size_t)(n - fs->max));
	fs->max = n;
	return 0;
}

struct files_struct *files_dup(struct files_struct *src)
{
	struct files_struct *fs = files_new();
	if (!fs)
		return NULL;
	if (grow(fs, src->max) < 0) {
		files_put(fs);
		return NULL;
	}
	for (int i = 0; i < src->max; i++) {
		fs->fd[i] = src->fd[i];
		fs->cloexec[i] = src->cloexec[i];
		if (fs->fd[i])
			file_get(fs->fd[i]);
	}
	return fs;
}

/* An fd of @f left table @fs (filp_close): its F_NOTIFY interest through
 * this table ends with it. */
static void fd_closed(struct files_struct *fs, struct file *f)
{
	if (dnotify_count)
		dnotify_flush(f, fs);
	file_put(f);
}

void files_get(struct files_struct *fs)
{
	fs->refs++;
}

void files_put(struct files_struct *fs)
{
	if (!fs || --fs->refs > 0)
		return;
	for (int i = 0; i < fs->max; i++)
		if (fs->fd[i])
			fd_closed(fs, fs->fd[i]);
	free(fs->fd);
	free(fs->cloexec);
	free(fs);
}

struct file *fd_get(struct files_struct *fs, int fd)
{
	if (fd < 0 || fd >= fs->max)
		return NULL;
	return fs->fd[fd];
}

struct file *fd_get_io(struct files_struct *fs, int fd)
{
	struct file *f = fd_get(fs, fd);
	return f && !(f->flags & O_PATH) ? f : NULL;
}

int fd_install(struct files_struct *fs, struct file *f, int min, bool cloexec,
	       unsigned long limit)
{
	if (min < 0)
		return -EINVAL;
	int fd = min;
	while (fd < fs->max && fs->fd[fd])
		fd++;
	if ((unsigned long)fd >= limit) {
		limits_note(LIMIT_FDS);
		return -EMFILE;
	}
	int r = grow(fs, fd + 1);
	if (r < 0)
		return r;
	fs->fd[fd] = f;
	fs->cloexec[fd] = cloexec;
	return fd;
}

int fd_install_at(struct files_struct *fs, int fd, struct file *f, bool cloexec)
{
	if (fd < 0)
		return -EBADF;
	int r = grow(fs, fd + 1);
	if (r < 0)
		return r;
	struct file *old = fs->fd[fd];
	fs->fd[fd] = f;
	fs->cloexec[fd] = cloexec;
	if (old)
		fd_closed(fs, old);
	return 0;
}

int fd_close(struct files_struct *fs, int fd)
{
	struct file *f = fd_get(fs, fd);
	if (!f)
		return -EBADF;
	fs->fd[fd] = NULL;
	fs->cloexec[fd] = 0;
	fd_closed(fs, f);
	return 0;
}

bool fd_cloexec(struct files_struct *fs, int fd)
{
	return fd >= 0 && fd < fs->max && fs->cloexec[fd];
}

void fd_set_cloexec(struct files_struct *fs, int fd, bool on)
{
	if (fd >= 0 && fd < fs->max)
		fs->cloexec[fd] = on;
}

void files_close_on_exec(struct files_struct *fs)
{
	for (int i = 0; i < fs->max; i++)
		if (fs->fd[i] && fs->cloexec[i])
			fd_close(fs, i);
}
