/* memfd_create with file seals (F_ADD_SEALS / F_GET_SEALS): each seal
 * refuses what it promises to (writes, shrinking, growing, more seals),
 * a write seal waits for writable shared mappings to go (EBUSY), and a
 * memfd without MFD_ALLOW_SEALING is sealed against sealing. */
//! libc: glibc
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/memfd.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "errname.h"

#ifndef F_SEAL_FUTURE_WRITE
#define F_SEAL_FUTURE_WRITE 0x0010
#endif

static void show(const char *what, long r)
{
	if (r < 0)
		printf("%s: -1 %s\n", what, errname(errno));
	else
		printf("%s: %ld\n", what, r);
}

static int memfd(const char *name, unsigned flags)
{
	return (int)syscall(SYS_memfd_create, name, flags);
}

int main(void)
{
	int fd = memfd("plain", 0);
	show("F_GET_SEALS without MFD_ALLOW_SEALING", fcntl(fd, F_GET_SEALS));
	show("F_ADD_SEALS on it", fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE));
	close(fd);

	fd = memfd("sealed", MFD_ALLOW_SEALING | MFD_CLOEXEC);
	show("F_GET_SEALS", fcntl(fd, F_GET_SEALS));
	show("write 8192", write(fd, memset((char[8192]){0}, 'a', 8192), 8192));
	show("F_ADD_SEALS unknown bit", fcntl(fd, F_ADD_SEALS, 0x100));

	/* SEAL_SHRINK: truncating down fails, up works. */
	show("F_ADD_SEALS SHRINK", fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK));
	show("ftruncate 4096", ftruncate(fd, 4096));
	show("ftruncate 12288", ftruncate(fd, 12288));

	/* SEAL_GROW: growing by write, truncate or fallocate fails. */
	show("F_ADD_SEALS GROW", fcntl(fd, F_ADD_SEALS, F_SEAL_GROW));
	show("ftruncate 16384", ftruncate(fd, 16384));
	show("pwrite past the end", pwrite(fd, "x", 1, 12288));
	show("pwrite inside", pwrite(fd, "x", 1, 100));
	show("fallocate past the end", fallocate(fd, 0, 12288, 4096));
	show("ftruncate to the same size", ftruncate(fd, 12288));

	/* SEAL_WRITE: EBUSY while a shared writable mapping exists. */
	char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	printf("shared writable map: %s\n", m == MAP_FAILED ? errname(errno) : "ok");
	show("F_ADD_SEALS WRITE with the mapping", fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE));
	munmap(m, 4096);
	show("F_ADD_SEALS WRITE after munmap", fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE));
	show("write", write(fd, "y", 1));
	show("pwrite", pwrite(fd, "y", 1, 0));
	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	printf("shared writable map now: %s\n", m == MAP_FAILED ? errname(errno) : "ok");
	m = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
	printf("shared read-only map: %s\n", m == MAP_FAILED ? errname(errno) : "ok");
	if (m != MAP_FAILED) {
		printf("byte 100: %c, mprotect to writable: ", m[100]);
		if (mprotect(m, 4096, PROT_READ | PROT_WRITE) < 0)
			printf("%s\n", errname(errno));
		else
			printf("ok\n");
		munmap(m, 4096);
	}
	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	printf("private writable map: %s\n", m == MAP_FAILED ? errname(errno) : "ok");
	if (m != MAP_FAILED) {
		m[0] = 'z'; /* a private copy: the file is unchanged */
		munmap(m, 4096);
	}
	char c;
	pread(fd, &c, 1, 0);
	printf("file's byte 0: %c\n", c);

	/* SEAL_SEAL: no more seals. */
	show("F_ADD_SEALS SEAL", fcntl(fd, F_ADD_SEALS, F_SEAL_SEAL));
	show("F_ADD_SEALS FUTURE_WRITE after SEAL", fcntl(fd, F_ADD_SEALS, F_SEAL_FUTURE_WRITE));
	show("F_GET_SEALS", fcntl(fd, F_GET_SEALS));
	close(fd);

	/* SEAL_FUTURE_WRITE: existing mappings may write, new ones not. */
	fd = memfd("future", MFD_ALLOW_SEALING);
	ftruncate(fd, 4096);
	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	show("F_ADD_SEALS FUTURE_WRITE with a mapping",
	     fcntl(fd, F_ADD_SEALS, F_SEAL_FUTURE_WRITE));
	if (m != MAP_FAILED) {
		m[0] = 'q';
		munmap(m, 4096);
	}
	show("write after FUTURE_WRITE", write(fd, "w", 1));
	char *m2 = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	printf("new shared writable map: %s\n", m2 == MAP_FAILED ? errname(errno) : "ok");
	pread(fd, &c, 1, 0);
	printf("byte written through the old mapping: %c\n", c);

	show("F_ADD_SEALS on stdin (/dev/null)", fcntl(0, F_ADD_SEALS, F_SEAL_WRITE));
	show("memfd_create unknown flag", memfd("x", 0x100));
	char longname[300];
	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = 0;
	show("memfd_create 299-byte name", memfd(longname, 0));
	return 0;
}
