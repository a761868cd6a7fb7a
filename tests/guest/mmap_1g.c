/* mmap 1 GiB of anonymous memory, write 1000 scattered pages, read them
 * back, check that untouched pages read as zero, and unmap. */
//! libc: glibc musl
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>

#define SIZE (1UL << 30)
#define PAGE 4096UL
#define TOUCHES 1000

int main(void)
{
	unsigned char *p = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
				-1, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	printf("page aligned: %s\n", ((uintptr_t)p % PAGE) == 0 ? "yes" : "no");

	/* A fixed linear congruential walk over the pages: the same ones every run. */
	uint64_t x = 12345, written = 0;
	for (int i = 0; i < TOUCHES; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		size_t page = (x >> 33) % (SIZE / PAGE);
		size_t off = page * PAGE + (x >> 20) % PAGE;
		p[off] = (unsigned char)(x >> 56) | 1;
		written += p[off];
	}
	x = 12345;
	uint64_t sum = 0;
	for (int i = 0; i < TOUCHES; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		size_t page = (x >> 33) % (SIZE / PAGE);
		size_t off = page * PAGE + (x >> 20) % PAGE;
		sum += p[off];
	}
	printf("sum written=%llu read=%llu\n", (unsigned long long)written,
	       (unsigned long long)sum);
	printf("first byte %u, last byte %u\n", p[0], p[SIZE - 1]);
	printf("munmap: %d\n", munmap(p, SIZE));
	return 0;
}
