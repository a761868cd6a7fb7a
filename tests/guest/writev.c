/* writev to stdout: many small pieces, empty pieces, IOV_MAX pieces in one
 * call, more than IOV_MAX (EINVAL), a bad pointer (EFAULT) and a negative
 * count (EINVAL). */
//! libc: glibc musl
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

/* A bad pointer the compiler cannot see through. */
static void *volatile bad_ptr = (void *)16;

int main(void)
{
	struct iovec v[] = {
		{"hello", 5}, {NULL, 0}, {", ", 2}, {"", 0}, {"writev", 6}, {"\n", 1},
	};
	ssize_t n = writev(1, v, 6);
	fflush(stdout);
	printf("writev returned %zd\n", n);
	fflush(stdout);

	static struct iovec many[IOV_MAX + 1];
	static char text[IOV_MAX];
	for (int i = 0; i < IOV_MAX; i++) {
		text[i] = (char)('a' + i % 26);
		many[i].iov_base = &text[i];
		many[i].iov_len = 1;
	}
	text[IOV_MAX - 1] = '\n';
	n = writev(1, many, IOV_MAX);
	printf("writev of IOV_MAX=%d pieces returned %zd\n", IOV_MAX, n);
	fflush(stdout);

	errno = 0;
	n = writev(1, many, IOV_MAX + 1);
	printf("IOV_MAX+1 pieces: %zd %s\n", n, strerror(errno));
	errno = 0;
	n = writev(1, bad_ptr, 1);
	printf("bad iovec pointer: %zd %s\n", n, strerror(errno));
	struct iovec bad = {bad_ptr, 10};
	errno = 0;
	n = writev(1, &bad, 1);
	printf("bad buffer pointer: %zd %s\n", n, strerror(errno));
	errno = 0;
	n = syscall(SYS_writev, 1, v, -1);
	printf("negative count: %zd %s\n", n, strerror(errno));
	errno = 0;
	n = writev(1, v, 0);
	printf("zero pieces: %zd\n", n);
	errno = 0;
	n = writev(-1, v, 1);
	printf("bad fd: %zd %s\n", n, strerror(errno));
	errno = 0;
	n = writev(0, v, 1);
	printf("writev to stdin opened read-only: %zd %s\n", n, strerror(errno));
	return 0;
}
