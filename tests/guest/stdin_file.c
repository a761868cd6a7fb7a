/* stdin redirected from a regular file: read, pread (which leaves the
 * file offset alone), lseek, readv and preadv. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

static void show(const char *what, ssize_t n, const char *buf)
{
	if (n < 0)
		printf("%s: -1 %s\n", what, strerror(errno));
	else
		printf("%s: %zd \"%.*s\"\n", what, n, (int)n, buf);
}

int main(void)
{
	char buf[256], a[5], b[9];
	ssize_t n;

	struct stat st = {0};
	int r = fstat(0, &st);
	printf("fstat: %d, regular: %s, size %lld\n", r, S_ISREG(st.st_mode) ? "yes" : "no",
	       (long long)st.st_size);
	n = read(0, buf, 10);
	show("read 10", n, buf);
	printf("offset after read: %lld\n", (long long)lseek(0, 0, SEEK_CUR));

	n = pread(0, buf, 12, 100);
	show("pread 12 at 100", n, buf);
	printf("offset after pread: %lld\n", (long long)lseek(0, 0, SEEK_CUR));

	n = read(0, buf, 5);
	show("read 5", n, buf);

	off_t size = lseek(0, 0, SEEK_END);
	printf("size: %lld\n", (long long)size);
	n = pread(0, buf, sizeof buf, size - 4);
	show("pread across the end", n, buf);
	n = pread(0, buf, sizeof buf, size + 100);
	show("pread beyond the end", n, buf);
	n = read(0, buf, sizeof buf);
	show("read at the end", n, buf);

	printf("seek to 3: %lld\n", (long long)lseek(0, 3, SEEK_SET));
	struct iovec iov[3] = {{a, sizeof a}, {NULL, 0}, {b, sizeof b}};
	n = readv(0, iov, 3);
	printf("readv: %zd \"%.5s\" \"%.9s\"\n", n, a, b);
	printf("offset after readv: %lld\n", (long long)lseek(0, 0, SEEK_CUR));
	memset(a, '.', sizeof a);
	memset(b, '.', sizeof b);
	n = preadv(0, iov, 3, 40);
	printf("preadv at 40: %zd \"%.5s\" \"%.9s\"\n", n, a, b);
	printf("offset after preadv: %lld\n", (long long)lseek(0, 0, SEEK_CUR));

	errno = 0;
	off_t o = lseek(0, -1, SEEK_SET);
	printf("lseek to -1: %lld %s\n", (long long)o, strerror(errno));
	errno = 0;
	n = pread(0, buf, 1, -1);
	printf("pread at -1: %zd %s\n", n, strerror(errno));
	errno = 0;
	n = pwrite(0, "x", 1, 0);
	printf("pwrite to read-only stdin: %zd %s\n", n, strerror(errno));
	return 0;
}
