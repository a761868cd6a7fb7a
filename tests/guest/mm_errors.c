/* Bad memory-management requests get the errno Linux gives, never a crash:
 * mmap, munmap, mprotect and madvise with bad lengths, flags, alignment and
 * protections, and reads and writes through bad pointers. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PG 4096UL

/* A bad pointer the compiler cannot see through. */
static void *volatile bad_ptr = (void *)16;

static void show(const char *what, long r)
{
	printf("%-44s %s\n", what, r == -1 ? strerror(errno) : "ok");
	errno = 0;
}

static long sc_mmap(void *a, size_t len, int prot, int flags, int fd, long off)
{
	return (long)syscall(SYS_mmap, a, len, prot, flags, fd, off) == -1 ? -1 : 0;
}

int main(void)
{
	const int anon = MAP_PRIVATE | MAP_ANONYMOUS;
	show("mmap length 0", sc_mmap(NULL, 0, PROT_READ, anon, -1, 0));
	show("mmap neither private nor shared", sc_mmap(NULL, PG, PROT_READ, MAP_ANONYMOUS, -1, 0));
	show("mmap private and shared", sc_mmap(NULL, PG, PROT_READ,
						MAP_PRIVATE | MAP_SHARED | MAP_ANONYMOUS, -1, 0));
	show("mmap unaligned offset", sc_mmap(NULL, PG, PROT_READ, MAP_PRIVATE, 0, 1));
	show("mmap FIXED at unaligned address", sc_mmap((void *)0x10000001, PG, PROT_READ,
							anon | MAP_FIXED, -1, 0));
	show("mmap huge length", sc_mmap(NULL, (size_t)-PG, PROT_READ, anon, -1, 0));
	show("mmap bad fd, not anonymous", sc_mmap(NULL, PG, PROT_READ, MAP_PRIVATE, 99, 0));

	/* Four mapped pages, then a hole of four pages nothing else can take
	 * while the program does not map anything. */
	char *p = mmap(NULL, 8 * PG, PROT_READ | PROT_WRITE, anon, -1, 0);
	show("munmap the upper half", munmap(p + 4 * PG, 4 * PG));
	show("mmap FIXED_NOREPLACE over a mapping",
	     sc_mmap(p, PG, PROT_READ, anon | MAP_FIXED_NOREPLACE, -1, 0));
	show("munmap unaligned", munmap(p + 1, PG));
	show("munmap length 0", munmap(p, 0));
	show("munmap of nothing mapped", munmap(p + 5 * PG, PG));
	show("mprotect unaligned", mprotect(p + 1, PG, PROT_READ));
	show("mprotect bad prot bits", mprotect(p, PG, 0x100));
	show("mprotect length 0", mprotect(p, 0, PROT_READ));
	show("mprotect partly unmapped range", mprotect(p + 2 * PG, 4 * PG, PROT_READ));
	show("madvise unaligned", madvise(p + 1, PG, MADV_DONTNEED));
	show("madvise bad advice", madvise(p, PG, 12345));
	show("madvise unmapped range", madvise(p + 5 * PG, PG, MADV_DONTNEED));

	show("write from a bad pointer", write(1, bad_ptr, 10));
	show("write from a PROT_NONE page", (mprotect(p + 3 * PG, PG, PROT_NONE),
					     write(1, p + 3 * PG, 10)));
	show("read into a read-only page", (mprotect(p, PG, PROT_READ), read(0, p, 10)));
	show("write to a bad fd", write(42, "x", 1));
	show("read from a bad fd", read(-1, p + PG, 1));
	show("close a bad fd", close(1000));
	return 0;
}
