/* mprotect the middle page of a three-page mapping to PROT_READ, then write
 * to it: the program dies of SIGSEGV (a shell shows status 139, and so
 * must sbx).  The pages around it stay writable. */
//! libc: glibc musl
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

int main(void)
{
	char *p = mmap(NULL, 3 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	memset(p, 'x', 3 * 4096);
	printf("mprotect: %d\n", mprotect(p + 4096, 4096, PROT_READ));
	p[0] = 'a';
	p[2 * 4096 + 4095] = 'c';
	printf("outer pages writable: %c %c\n", p[0], p[2 * 4096 + 4095]);
	printf("middle page readable: %c\n", p[4096 + 17]);
	printf("writing the middle page\n");
	fflush(stdout);
	((volatile char *)p)[4096 + 17] = 'b';
	printf("still alive\n");
	return 0;
}
