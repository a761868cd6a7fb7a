/* Which memory a futex may live in (get_futex_key): a private operation
 * takes any readable word; a shared one refuses a read-only page of private
 * anonymous memory (EFAULT: it can never change), but accepts read-only
 * shared memory and a read-only page of a file; PROT_NONE and unmapped
 * memory are EFAULT for a wait (the value cannot be read), while a private
 * wake does not look at the memory at all.  WAKE_OP writes, so a read-only
 * second word is EFAULT. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "errname.h"

#define FUTEX_WAIT	   0
#define FUTEX_WAKE	   1
#define FUTEX_WAKE_OP	   5
#define FUTEX_PRIVATE_FLAG 128

static const char *r(long ret)
{
	static char buf[32];
	if (ret < 0)
		return errname(errno);
	snprintf(buf, sizeof(buf), "%ld", ret);
	return buf;
}

static void probe(const char *what, void *addr)
{
	struct timespec zero = {0, 0};
	uint32_t v = 0;
	printf("%s:\n", what);
	printf("  WAIT private: %s\n",
	       r(syscall(SYS_futex, addr, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, v, &zero, NULL, 0)));
	printf("  WAIT shared: %s\n", r(syscall(SYS_futex, addr, FUTEX_WAIT, v, &zero, NULL, 0)));
	printf("  WAKE private: %s\n",
	       r(syscall(SYS_futex, addr, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, NULL, NULL, 0)));
	printf("  WAKE shared: %s\n", r(syscall(SYS_futex, addr, FUTEX_WAKE, 1, NULL, NULL, 0)));
	static uint32_t other;
	printf("  WAKE_OP private, as the second word: %s\n",
	       r(syscall(SYS_futex, &other, FUTEX_WAKE_OP | FUTEX_PRIVATE_FLAG, 1, (void *)1L, addr,
			 0)));
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	void *rw = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	probe("private anonymous, read-write", rw);
	void *ro = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	*(volatile uint32_t *)ro = 0; /* a page of its own */
	mprotect(ro, 4096, PROT_READ);
	probe("private anonymous, read-only, touched", ro);
	void *ro2 = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	probe("private anonymous, read-only, never touched", ro2);
	void *sh = mmap(NULL, 4096, PROT_READ, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	probe("shared anonymous, read-only", sh);
	void *none = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	probe("PROT_NONE", none);
	munmap(rw, 4096);
	probe("unmapped", rw);
	char path[] = "/tmp/sbx-futex-XXXXXX";
	int fd = mkstemp(path);
	uint32_t zero4[1024] = {0};
	write(fd, zero4, sizeof(zero4));
	void *file = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
	probe("a file, private, read-only", file);
	unlink(path);
	return 0;
}
