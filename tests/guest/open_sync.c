/* O_SYNC is its own bit beside O_DSYNC (__O_SYNC): F_GETFL shows what the
 * open asked for, openat2 takes it, and F_SETFL changes neither. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "errname.h"

struct how {
	uint64_t flags, mode, resolve;
};

int main(void)
{
	const char *name = "/tmp/open_sync.tmp";
	int f = open(name, O_CREAT | O_WRONLY | O_SYNC, 0600);
	printf("O_SYNC: F_GETFL %#o\n", fcntl(f, F_GETFL));
	fcntl(f, F_SETFL, 0);
	printf("after F_SETFL 0: %#o\n", fcntl(f, F_GETFL));
	int g = open(name, O_RDONLY | O_DSYNC);
	printf("O_DSYNC: F_GETFL %#o\n", fcntl(g, F_GETFL));
	struct how h = {.flags = O_RDWR | O_SYNC};
	long r = syscall(SYS_openat2, AT_FDCWD, name, &h, sizeof(h));
	printf("openat2 O_SYNC: %s", r < 0 ? errname(errno) : "ok");
	if (r >= 0)
		printf(", F_GETFL %#o",
		       fcntl((int)r, F_GETFL) & ~0100000); /* O_LARGEFILE: kernels differ */
	printf("\n");
	h.flags = O_RDWR | 04000000; /* __O_SYNC alone */
	r = syscall(SYS_openat2, AT_FDCWD, name, &h, sizeof(h));
	printf("openat2 __O_SYNC alone: %s", r < 0 ? errname(errno) : "ok");
	if (r >= 0)
		printf(", F_GETFL %#o",
		       fcntl((int)r, F_GETFL) & ~0100000); /* O_LARGEFILE: kernels differ */
	printf("\n");
	unlink(name);
	return 0;
}
