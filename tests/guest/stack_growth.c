/* The main thread's stack grows on demand: recursion using about 4 MiB of
 * stack (below the usual 8 MiB limit) works and computes the same sum. */
//! libc: glibc musl
#include <stdio.h>
#include <string.h>

static unsigned long recurse(int depth)
{
	volatile char frame[1024];
	memset((char *)frame, depth & 0xff, sizeof frame);
	if (depth == 0)
		return frame[7];
	return recurse(depth - 1) + frame[depth % sizeof frame];
}

int main(void)
{
	printf("sum: %lu\n", recurse(4000));
	/* A large array on the stack, touched from its far end first. */
	char big[2 << 20];
	for (long i = sizeof big - 1; i >= 0; i -= 4096)
		big[i] = (char)i;
	unsigned long s = 0;
	for (long i = sizeof big - 1; i >= 0; i -= 4096)
		s += (unsigned char)big[i];
	printf("big array sum: %lu\n", s);
	return 0;
}
