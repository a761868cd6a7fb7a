/* Truncating a mapped file takes the pages past the new end out of every
 * mapping, private copies too (unmap_mapping_range with even_cows): an
 * access there is SIGBUS, and once the file grows back the mappings see
 * its new (zero) pages and share them again with read and write; pages
 * before the end keep what they had.  For a memfd and a file. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

static sigjmp_buf jb;

static void on_bus(int sig)
{
	siglongjmp(jb, sig);
}

static void probe(const char *what, volatile unsigned char *p)
{
	if (sigsetjmp(jb, 1) == 0) {
		unsigned v = *p;
		printf("  %-28s %02x\n", what, v);
	} else {
		printf("  %-28s SIGBUS\n", what);
	}
}

static void run(const char *kind, int fd)
{
	long pg = 4096;
	printf("%s\n", kind);
	ftruncate(fd, 2 * pg);
	unsigned char *s = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	unsigned char *p = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	memset(s, 0x11, 2 * pg);
	memset(p, 0x22, 2 * pg); /* private copies of both pages */
	ftruncate(fd, pg);
	probe("shared page 1, shrunk", s + pg);
	probe("private page 1, shrunk", p + pg);
	probe("shared page 0, shrunk", s);
	probe("private page 0, shrunk", p);
	ftruncate(fd, 2 * pg);
	probe("shared page 1, grown", s + pg);
	probe("private page 1, grown", p + pg);
	s[pg + 1] = 0x33;
	unsigned char b = 0;
	pread(fd, &b, 1, pg + 1);
	printf("  %-28s %02x\n", "pread of a shared write", b);
	probe("private sees it", p + pg + 1);
	b = 0x44;
	pwrite(fd, &b, 1, pg + 2);
	probe("shared sees a pwrite", s + pg + 2);
	munmap(s, 2 * pg);
	munmap(p, 2 * pg);
}

int main(void)
{
	signal(SIGBUS, on_bus);
	int m = (int)syscall(SYS_memfd_create, "t", 0);
	run("memfd", m);
	close(m);
	int f = open("truncate_mapped.tmp", O_CREAT | O_RDWR | O_TRUNC, 0644);
	run("file", f);
	close(f);
	unlink("truncate_mapped.tmp");
	return 0;
}
