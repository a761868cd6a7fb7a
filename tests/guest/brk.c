/* The program break: grow it by a few MiB, write all of it, shrink it back,
 * grow it again and find the pages zeroed (shrinking frees them). */
//! libc: glibc
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define GROW (4UL << 20)

int main(void)
{
	char *start = sbrk(0);
	char *old = sbrk(GROW);
	if (old == (char *)-1) {
		perror("sbrk");
		return 1;
	}
	printf("sbrk returned the old break: %s\n", old == start ? "yes" : "no");
	printf("grown by: %ld\n", (long)((char *)sbrk(0) - start));
	memset(start, 0x5a, GROW);
	uint64_t sum = 0;
	for (size_t i = 0; i < GROW; i += 511)
		sum += (unsigned char)start[i];
	printf("sum after writing: %llu\n", (unsigned long long)sum);

	sbrk(-(intptr_t)(GROW - 4096));
	printf("shrunk to: %ld\n", (long)((char *)sbrk(0) - start));
	printf("kept page intact: %s\n", start[4095] == 0x5a ? "yes" : "no");
	sbrk(-4096);
	printf("back at the start: %s\n", (char *)sbrk(0) == start ? "yes" : "no");

	if (sbrk(GROW) == (char *)-1) {
		perror("sbrk again");
		return 1;
	}
	size_t nonzero = 0;
	for (size_t i = 0; i < GROW; i++)
		nonzero += start[i] != 0;
	printf("non-zero bytes after growing again: %zu\n", nonzero);

	/* The kernel refuses a break below the start of the heap and answers
	 * the current one (glibc's brk then returns 0, as the break is above
	 * what was asked). */
	printf("brk below the heap start: %d\n", brk(start - 4096));
	printf("break unchanged: %s\n", (char *)sbrk(0) == start + GROW ? "yes" : "no");
	return 0;
}
