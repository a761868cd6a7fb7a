/* hostfs directories: their entries as the host lists them, or, with
 * --deterministic, in name order. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../kernel/det.h"
#include "file.h"
#include "hostfs_impl.h"
#include "vfs.h"

struct sorted_ent {
	uint64_t ino;
	unsigned char type;
	char name[256];
};

static int ent_cmp(const void *a, const void *b)
{
	return strcmp(((const struct sorted_ent *)a)->name, ((const struct sorted_ent *)b)->name);
}

/* --deterministic: entries in name order, whatever order the host's file
 * system keeps them in; the position is the index in that order. */
static int iterate_sorted(struct hostfs_file *hf, struct dir_context *ctx)
{
	char buf[8192];
	struct sorted_ent *ents = NULL;
	size_t n = 0, cap = 0;
	int r = 0;
	if (lseek(hf->fd, 0, SEEK_SET) < 0)
		return -errno;
	for (;;) {
		long got = syscall(SYS_getdents64, hf->fd, buf, sizeof(buf));
		if (got <= 0) {
			r = got < 0 ? -errno : 0;
			break;
		}
		for (long off = 0; off < got;) {
			struct dirent64 *de = (struct dirent64 *)(buf + off);
			off += de->d_reclen;
			if (n == cap) {
				cap = cap ? 2 * cap : 64;
				struct sorted_ent *e = realloc(ents, cap * sizeof(*e));
				if (!e) {
					free(ents);
					return -ENOMEM;
				}
				ents = e;
			}
			ents[n].ino = de->d_ino;
			ents[n].type = de->d_type;
			snprintf(ents[n].name, sizeof(ents[n].name), "%s", de->d_name);
			n++;
		}
	}
	if (r == 0) {
		qsort(ents, n, sizeof(*ents), ent_cmp);
		for (size_t i = (size_t)ctx->pos; i < n; i++) {
			if (!ctx->actor(ctx, ents[i].name, strlen(ents[i].name), ents[i].ino,
					ents[i].type))
				break;
			ctx->pos = (int64_t)i + 1;
		}
	}
	free(ents);
	return r;
}

int hostfs_dir_iterate(struct file *f, struct dir_context *ctx)
{
	struct hostfs_file *hf = f->priv;
	if (det_enabled)
		return iterate_sorted(hf, ctx);
	char buf[8192];
	if (lseek(hf->fd, ctx->pos, SEEK_SET) < 0)
		return -errno;
	for (;;) {
		long n = syscall(SYS_getdents64, hf->fd, buf, sizeof(buf));
		if (n < 0)
			return -errno;
		if (n == 0)
			return 0;
		for (long off = 0; off < n;) {
			struct dirent64 *de = (struct dirent64 *)(buf + off);
			if (!ctx->actor(ctx, de->d_name, strlen(de->d_name), de->d_ino, de->d_type))
				return 0;
			ctx->pos = de->d_off;
			off += de->d_reclen;
		}
	}
}

int64_t hostfs_dir_llseek(struct file *f, int64_t off, int whence)
{
	struct hostfs_file *hf = f->priv;
	if (det_enabled) {
		/* Positions are indices into the sorted entries. */
		if (whence == SEEK_CUR)
			off += f->pos;
		else if (whence != SEEK_SET)
			return -EINVAL;
		if (off < 0)
			return -EINVAL;
		return f->pos = off;
	}
	off_t r = lseek(hf->fd, off, whence);
	if (r < 0)
		return -errno;
	f->pos = r;
	return r;
}
