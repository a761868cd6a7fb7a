/* getrandom fills buffers: every size up to 256 bytes in one call, larger
 * buffers completely over a few calls; two fills differ; bad flags and bad
 * pointers get Linux's errno. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Fill @buf completely; returns the number of calls, or -1. */
static int fill(unsigned char *buf, size_t len, unsigned flags)
{
	int calls = 0;
	for (size_t off = 0; off < len; calls++) {
		ssize_t n = getrandom(buf + off, len - off, flags);
		if (n <= 0)
			return -1;
		off += (size_t)n;
	}
	return calls;
}

int main(void)
{
	static const size_t sizes[] = {1, 16, 255, 256};
	for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		unsigned char buf[256];
		ssize_t n = getrandom(buf, sizes[i], 0);
		printf("getrandom %zu: returned %zd\n", sizes[i], n);
	}
	printf("getrandom 0: returned %zd\n", getrandom(NULL, 0, 0));

	size_t big = 1 << 20;
	unsigned char *a = calloc(1, big), *b = calloc(1, big);
	printf("1 MiB filled: %s\n", fill(a, big, 0) > 0 && fill(b, big, GRND_NONBLOCK) > 0
					      ? "yes" : "no");
	printf("two fills differ: %s\n", memcmp(a, b, big) != 0 ? "yes" : "no");
	/* Every byte value shows up in a random MiB (each misses with
	 * probability about 2^-5900). */
	int seen[256] = {0}, distinct = 0;
	for (size_t i = 0; i < big; i++)
		seen[a[i]] = 1;
	for (int i = 0; i < 256; i++)
		distinct += seen[i];
	printf("distinct byte values: %d\n", distinct);

	unsigned char small[8];
	errno = 0;
	long r = syscall(SYS_getrandom, small, sizeof small, 0x100);
	printf("bad flags: %ld %s\n", r, strerror(errno));
	errno = 0;
	r = syscall(SYS_getrandom, (void *)16, 8, 0);
	printf("bad pointer: %ld %s\n", r, strerror(errno));
	errno = 0;
	r = syscall(SYS_getrandom, small, sizeof small, GRND_RANDOM | GRND_NONBLOCK);
	printf("GRND_RANDOM|GRND_NONBLOCK: %ld\n", r);
	return 0;
}
