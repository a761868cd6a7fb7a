/* malloc, realloc and free of a fixed pseudo-random sequence of sizes, small
 * ones from the heap (brk) and large ones from mmap (glibc's realloc moves
 * those with mremap); every block's contents are checked before it goes. */
//! libc: glibc musl
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 64

static uint64_t x = 88172645463325252ULL;

static uint64_t next(void)
{
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return x;
}

static size_t pick_size(void)
{
	switch (next() % 4) {
	case 0:
		return next() % 64 + 1;
	case 1:
		return next() % 4096 + 1;
	case 2:
		return next() % 65536 + 1;
	default:
		return next() % (4 << 20) + 1;
	}
}

int main(void)
{
	unsigned char *block[SLOTS] = {0};
	size_t size[SLOTS] = {0};
	unsigned long bad = 0, ops = 0;
	for (int round = 0; round < 3000; round++) {
		int i = (int)(next() % SLOTS);
		unsigned char tag = (unsigned char)i;
		for (size_t j = 0; j < size[i]; j += 97)
			bad += block[i][j] != (unsigned char)(tag + j);
		if (block[i] && next() % 2) {
			size_t n = pick_size();
			unsigned char *q = realloc(block[i], n);
			if (!q)
				return 1;
			size_t keep = n < size[i] ? n : size[i];
			for (size_t j = 0; j < keep; j += 97)
				bad += q[j] != (unsigned char)(tag + j);
			for (size_t j = 0; j < n; j++)
				q[j] = (unsigned char)(tag + j);
			block[i] = q;
			size[i] = n;
		} else {
			free(block[i]);
			size[i] = pick_size();
			block[i] = malloc(size[i]);
			if (!block[i])
				return 1;
			for (size_t j = 0; j < size[i]; j++)
				block[i][j] = (unsigned char)(tag + j);
		}
		ops++;
	}
	for (int i = 0; i < SLOTS; i++)
		free(block[i]);
	printf("operations: %lu, corrupted bytes seen: %lu\n", ops, bad);
	return 0;
}
