/* The CPUs a program may run on: the same set natively and under sbx (sbx's
 * own placement of its threads is none of the guest's business).  The raw
 * syscall returns the size of the kernel's mask; too small a buffer is
 * EINVAL. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	cpu_set_t set;
	CPU_ZERO(&set);
	long r = sched_getaffinity(0, sizeof set, &set);
	printf("sched_getaffinity: %ld, CPUs: %d\n", r, CPU_COUNT(&set));
	r = syscall(SYS_sched_getaffinity, 0, sizeof set, &set);
	printf("raw syscall returns a size that is a multiple of 8: %s\n",
	       r > 0 && r % 8 == 0 ? "yes" : "no");
	errno = 0;
	r = syscall(SYS_sched_getaffinity, 0, 1, &set);
	printf("1-byte mask: %ld %s\n", r, strerror(errno));
	errno = 0;
	r = syscall(SYS_sched_getaffinity, 0, sizeof set, (void *)16);
	printf("bad pointer: %ld %s\n", r, strerror(errno));
	return 0;
}
