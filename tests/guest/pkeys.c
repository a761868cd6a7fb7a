/* Memory protection keys: pkey_alloc's argument checks, and whatever it
 * answers (a key where the CPU has them, EINVAL where it has not) it does
 * not fail with ENOSYS; pkey_mprotect with key -1 is mprotect, with a key
 * never allocated EINVAL; freeing a key never allocated is EINVAL. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "errname.h"

int main(void)
{
	long r = syscall(SYS_pkey_alloc, 1, 0);
	printf("pkey_alloc flags 1: %s\n", r < 0 ? errname(errno) : "ok");
	r = syscall(SYS_pkey_alloc, 0, 0x100);
	printf("pkey_alloc bad rights: %s\n", r < 0 ? errname(errno) : "ok");
	r = syscall(SYS_pkey_alloc, 0, 0);
	printf("pkey_alloc: %s\n",
	       r >= 1 || (r < 0 && errno == EINVAL) ? "a key or EINVAL" : errname(errno));
	if (r >= 1)
		syscall(SYS_pkey_free, r);
	r = syscall(SYS_pkey_free, 15);
	printf("pkey_free 15: %s\n", r < 0 ? errname(errno) : "ok");
	char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p[0] = 1;
	r = syscall(SYS_pkey_mprotect, p, 4096, PROT_READ, -1);
	printf("pkey_mprotect key -1: %s\n", r < 0 ? errname(errno) : "ok");
	r = syscall(SYS_pkey_mprotect, p, 4096, PROT_READ, 15);
	printf("pkey_mprotect key 15: %s\n", r < 0 ? errname(errno) : "ok");
	r = syscall(SYS_pkey_mprotect, p + 1, 4096, PROT_READ, 15);
	printf("pkey_mprotect unaligned: %s\n", r < 0 ? errname(errno) : "ok");
	printf("readable: %d\n", p[0]);
	return 0;
}
