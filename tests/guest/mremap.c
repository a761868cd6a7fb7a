/* mremap: grow in place or by moving (contents kept, new part zero),
 * shrink, move to a fixed address, and Linux's errors. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#define PG 4096UL

static int filled(const unsigned char *p, size_t len, int c)
{
	for (size_t i = 0; i < len; i++)
		if (p[i] != c)
			return 0;
	return 1;
}

int main(void)
{
	/* Four pages, and a fifth made PROT_NONE: another vma right after
	 * them blocks growth in place. */
	unsigned char *p = mmap(NULL, 5 * PG, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 0xab, 4 * PG);
	printf("blocker placed: %d\n", mprotect(p + 4 * PG, PG, PROT_NONE));

	errno = 0;
	void *q = mremap(p, 4 * PG, 64 * PG, 0);
	const char *err = strerror(errno);
	printf("grow without MAYMOVE when blocked: %s %s\n", q == MAP_FAILED ? "failed" : "ok", err);
	unsigned char *r = mremap(p, 4 * PG, 64 * PG, MREMAP_MAYMOVE);
	printf("grow with MAYMOVE: %s, moved: %s\n", r == MAP_FAILED ? "failed" : "ok",
	       r != p ? "yes" : "no");
	printf("old contents kept: %s\n", filled(r, 4 * PG, 0xab) ? "yes" : "no");
	printf("new part zero: %s\n", filled(r + 4 * PG, 60 * PG, 0) ? "yes" : "no");
	memset(r + 4 * PG, 0xcd, 60 * PG);

	unsigned char *s = mremap(r, 64 * PG, 8 * PG, 0);
	printf("shrink in place: %s\n", s == r ? "yes" : "no");
	printf("shrunk contents kept: %s\n",
	       filled(s, 4 * PG, 0xab) && filled(s + 4 * PG, 4 * PG, 0xcd) ? "yes" : "no");

	/* Move to a fixed address inside a reservation. */
	unsigned char *dst = mmap(NULL, 16 * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned char *t = mremap(s, 8 * PG, 8 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, dst + 4 * PG);
	printf("moved to the fixed address: %s\n", t == dst + 4 * PG ? "yes" : "no");
	printf("moved contents kept: %s\n",
	       filled(t, 4 * PG, 0xab) && filled(t + 4 * PG, 4 * PG, 0xcd) ? "yes" : "no");

	errno = 0;
	q = mremap(t + 1, PG, 2 * PG, MREMAP_MAYMOVE);
	printf("unaligned old address: %s\n", strerror(errno));
	errno = 0;
	q = mremap(t, 8 * PG, 0, MREMAP_MAYMOVE);
	printf("new size 0: %s\n", strerror(errno));
	errno = 0;
	q = mremap(t, 8 * PG, 16 * PG, MREMAP_FIXED, dst);
	printf("FIXED without MAYMOVE: %s\n", strerror(errno));
	errno = 0;
	q = mremap(t, 8 * PG, 16 * PG, 0x80 | MREMAP_MAYMOVE);
	printf("unknown flag: %s\n", strerror(errno));
	errno = 0;
	q = mremap(dst + 12 * PG, PG, 2 * PG, MREMAP_MAYMOVE);
	printf("grow PROT_NONE reservation: %s\n", q == MAP_FAILED ? strerror(errno) : "ok");
	munmap(dst, 16 * PG);
	errno = 0;
	q = mremap(dst, PG, 2 * PG, MREMAP_MAYMOVE);
	printf("unmapped old address: %s\n", strerror(errno));
	return 0;
}
