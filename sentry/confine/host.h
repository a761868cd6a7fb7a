/* The few host paths the sentry reads at run time (/proc, /sys, /dev), by
 * directory fds opened before it confines itself: once confined it can name
 * no host path at all, and these fds reach only beneath themselves. */
#ifndef SBX_HOST_H
#define SBX_HOST_H

#include <stdbool.h>
#include <stdio.h>

/* Open /proc, /sys, /dev and /proc/self/fd for later; 0 or -errno. */
int host_paths_init(void);

/* open(2) of an absolute host @path under /proc, /sys or /dev, resolved
 * beneath that directory without magic links (so /proc/PID/root and the
 * like lead nowhere); /proc/self/fd/N reopens the sentry's own fd N.  O_CLOEXEC
 * is added.  Other paths work only before confinement.  A fd, or -1 with
 * errno set. */
int host_open(const char *path, int flags);
/* fopen(3) of such a path, read ("r") or write ("w"). */
FILE *host_fopen(const char *path, const char *mode);

/* stat(2) and readlink(2) of such a path; 0 (or the length) or -1 with
 * errno set. */
struct stat;
int host_stat(const char *path, struct stat *st);
long host_readlink(const char *path, char *buf, size_t size);
/* Does host @path (as for host_open) exist? */
bool host_exists(const char *path);

/* A file sbx will write later (--report FILE): its directory is held now,
 * so that host_create can make it after confinement.  0 or -errno. */
int host_output_prepare(const char *path);
/* Create (truncate) @path for writing: through its held directory when
 * host_output_prepare was called for it, else by path.  A fd, or -1. */
int host_create(const char *path);

/* From now on, only the paths above: called by confinement. */
void host_paths_confined(void);

#endif
