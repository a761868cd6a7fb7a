/* Host paths the sentry reads at run time, through held directory fds.
 * See host.h. */
#define _GNU_SOURCE
#include "host.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static struct {
	const char *prefix;
	int fd;
} roots[] = {
    {"/proc/self/fd/", -1}, /* first: its magic links are the sentry's own fds */
    {"/proc/", -1},
    {"/sys/", -1},
    {"/dev/", -1},
};
#define NROOTS (sizeof(roots) / sizeof(roots[0]))
static bool confined;

int host_paths_init(void)
{
	for (size_t i = 0; i < NROOTS; i++) {
		if (roots[i].fd >= 0)
			continue;
		char dir[32];
		size_t n = strlen(roots[i].prefix) - 1; /* without the last slash */
		memcpy(dir, roots[i].prefix, n);
		dir[n] = 0;
		roots[i].fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (roots[i].fd < 0 && i < 2)
			return -errno; /* /proc is needed; /sys and /dev may be absent */
	}
	return 0;
}

void host_paths_confined(void)
{
	confined = true;
}

int host_open(const char *path, int flags)
{
	for (size_t i = 0; i < NROOTS; i++) {
		size_t n = strlen(roots[i].prefix);
		if (strncmp(path, roots[i].prefix, n) != 0 || roots[i].fd < 0)
			continue;
		if (i == 0)
			return openat(roots[i].fd, path + n, flags | O_CLOEXEC);
		struct open_how how = {
		    .flags = (unsigned)(flags | O_CLOEXEC),
		    .resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
		};
		return (int)syscall(SYS_openat2, roots[i].fd, path + n, &how, sizeof(how));
	}
	if (confined) {
		errno = EACCES;
		return -1;
	}
	return open(path, flags | O_CLOEXEC);
}

FILE *host_fopen(const char *path, const char *mode)
{
	int flags = mode[0] == 'w' ? O_WRONLY | O_CREAT | O_TRUNC : O_RDONLY;
	int fd = host_open(path, flags);
	if (fd < 0)
		return NULL;
	FILE *f = fdopen(fd, mode[0] == 'w' ? "w" : "r");
	if (!f)
		close(fd);
	return f;
}

bool host_exists(const char *path)
{
	int fd = host_open(path, O_PATH);
	if (fd < 0)
		return false;
	close(fd);
	return true;
}

/* Output files named on the command line, by their held directory. */
static struct output {
	char *path;
	int dirfd;
	char *base;
} outputs[4];

int host_output_prepare(const char *path)
{
	size_t i = 0;
	while (i < sizeof(outputs) / sizeof(outputs[0]) && outputs[i].path)
		i++;
	if (i == sizeof(outputs) / sizeof(outputs[0]))
		return -ENOSPC;
	char *d = strdup(path), *b = strdup(path);
	if (!d || !b) {
		free(d), free(b);
		return -ENOMEM;
	}
	int fd = open(dirname(d), O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		free(d), free(b);
		return -e;
	}
	outputs[i] =
	    (struct output){.path = strdup(path), .dirfd = fd, .base = strdup(basename(b))};
	free(d), free(b);
	return outputs[i].path && outputs[i].base ? 0 : -ENOMEM;
}

int host_create(const char *path)
{
	for (size_t i = 0; i < sizeof(outputs) / sizeof(outputs[0]) && outputs[i].path; i++) {
		if (!strcmp(outputs[i].path, path))
			return openat(outputs[i].dirfd, outputs[i].base,
				      O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	}
	if (confined) {
		errno = EACCES;
		return -1;
	}
	return open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
}

int host_stat(const char *path, struct stat *st)
{
	int fd = host_open(path, O_PATH);
	if (fd < 0)
		return -1;
	int r = fstat(fd, st);
	int e = errno;
	close(fd);
	errno = e;
	return r;
}

long host_readlink(const char *path, char *buf, size_t size)
{
	int fd = host_open(path, O_PATH | O_NOFOLLOW);
	if (fd < 0)
		return -1;
	long n = readlinkat(fd, "", buf, size);
	int e = errno;
	close(fd);
	errno = e;
	return n;
}
