/* Golden trace test: memory: mmap with its flags, protections, file
 * mappings, mremap, madvise, brk, errors; and, beyond strace, the pages a
 * file mapping takes from the page cache and the copy-on-write breaks
 * after a fork. */
// clang-format off
//! trace-sbx-args: --trace-events=mm,cow
//! trace-expect: === mm: 0x[0-9a-f]+-0x[0-9a-f]+ r--p /.*/data.bin @0: 2 pages mapped, 2 from the page cache \(copy-on-write\), 0 private ===
//! trace-expect: === mm: 0x[0-9a-f]+-0x[0-9a-f]+ rw-s /.*/data.bin @0x1000: 1 page of the page cache, shared ===
//! trace-expect: === cow: 0x[0-9a-f]+-0x[0-9a-f]+ /.*/data.bin: [0-9]+ pages? copied ===
//! trace-expect: === cow: 0x[0-9a-f]+-0x[0-9a-f]+: [0-9]+ pages? (copied|made writable in place)
// clang-format on
#define _GNU_SOURCE
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	char page[8192];
	memset(page, 'x', sizeof(page));
	int fd = open("data.bin", O_RDWR | O_CREAT | O_TRUNC, 0644);
	write(fd, page, sizeof(page));
	char *a = mmap(NULL, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mprotect(a, 4096, PROT_READ);
	mprotect(a, 4096, PROT_READ | PROT_WRITE | PROT_EXEC);
	char *b = mremap(a, 65536, 131072, MREMAP_MAYMOVE);
	madvise(b, 4096, MADV_DONTNEED);
	madvise(b, 4096, MADV_NORMAL);
	munmap(b, 131072);
	char *f = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE, fd, 0);
	char *s = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 4096);
	s[0] = 'y';
	char *w = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	w[0] = 'z'; /* copy-on-write from the page cache */
	munmap(f, 8192);
	munmap(s, 4096);
	munmap(w, 8192);
	/* Errors. */
	mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mmap(NULL, 4096, PROT_READ, MAP_SHARED, 99, 0);
	mmap((void *)0x10000000, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	munmap((void *)0x10000000, 4096);
	munmap((void *)0x10000001, 4096);
	mprotect((void *)0x10000000, 4096, PROT_READ);
	syscall(SYS_brk, 0);
	/* Copy-on-write after fork: the child writes to its copy. */
	char *c = mmap(NULL, 16384, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(c, 1, 16384);
	pid_t p = fork();
	if (p == 0) {
		c[0] = 2;
		_exit(0);
	}
	int st;
	waitpid(p, &st, 0);
	c[4096] = 3;
	close(fd);
	unlink("data.bin");
	return 0;
}
