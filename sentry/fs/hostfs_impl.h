/* What hostfs's files share (hostfs.c, hostfs_dir.c). */
#ifndef SBX_HOSTFS_IMPL_H
#define SBX_HOSTFS_IMPL_H

#include <stdbool.h>
#include <stdint.h>

struct file;
struct dir_context;

/* One open host file. */
struct hostfs_file {
	int fd;
	uint64_t dir_cookie; /* getdents64 position of the next entry */
	bool dir_eof;
};

/* getdents64 and lseek of an open host directory. */
int hostfs_dir_iterate(struct file *f, struct dir_context *ctx);
int64_t hostfs_dir_llseek(struct file *f, int64_t off, int whence);

#endif
