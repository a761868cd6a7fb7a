/* RLIMIT_AS: with the limit a few MiB above what the process has mapped
 * (VmSize), mmap, brk, mremap and the stack's growth fail past it
 * (ENOMEM, an unchanged break, SIGSEGV), a MAP_FIXED mapping over mapped
 * pages counts only what it adds, and memory given back can be mapped
 * again.  Everything is measured from the process's own VmSize, so the
 * limit means the same natively and in the sandbox. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errname.h"

#define MiB (1024UL * 1024)

static unsigned long vm_size(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	unsigned long kb = 0;
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "VmSize: %lu kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb * 1024;
}

static const char *map_res(void *p)
{
	return p == MAP_FAILED ? errname(errno) : "ok";
}

static void *anon(size_t len)
{
	return mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

static int recurse(int n)
{
	volatile char buf[4096];
	buf[0] = (char)n;
	return n ? recurse(n - 1) + buf[0] : 0;
}

int main(void)
{
	struct rlimit rl;
	int r = getrlimit(RLIMIT_AS, &rl);
	printf("getrlimit: %s, unlimited: %s\n", res(r),
	       rl.rlim_cur == RLIM_INFINITY ? "yes" : "no");
	fflush(stdout);

	/* The limit: 16 MiB above what is mapped now (stdio's buffer too). */
	unsigned long base = vm_size();
	rl.rlim_cur = base + 16 * MiB;
	rl.rlim_max = RLIM_INFINITY;
	printf("setrlimit: %s\n", res(setrlimit(RLIMIT_AS, &rl)));

	void *a = anon(8 * MiB);
	printf("mmap 8 MiB: %s\n", map_res(a));
	void *b = anon(16 * MiB);
	printf("mmap 16 MiB more: %s\n", map_res(b));
	void *fixed = mmap(a, 8 * MiB, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	printf("MAP_FIXED over the 8 MiB: %s, same place: %s\n", map_res(fixed),
	       fixed == a ? "yes" : "no");
	fixed = mmap(a, 24 * MiB, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	printf("MAP_FIXED over the 8 MiB and 16 MiB past it: %s\n", map_res(fixed));
	void *c = anon(6 * MiB);
	printf("mmap 6 MiB more: %s\n", map_res(c));

	void *g = mremap(c, 6 * MiB, 12 * MiB, MREMAP_MAYMOVE);
	printf("mremap 6 -> 12 MiB: %s\n", map_res(g));
	g = mremap(c, 6 * MiB, 2 * MiB, 0);
	printf("mremap 6 -> 2 MiB: %s\n", map_res(g));
	g = mremap(c, 2 * MiB, 4 * MiB, MREMAP_MAYMOVE);
	printf("mremap 2 -> 4 MiB: %s\n", map_res(g));
	if (g != MAP_FAILED)
		c = g;

	/* The break: it stays where it was when the growth does not fit. */
	char *brk0 = (char *)syscall(SYS_brk, 0);
	char *brk1 = (char *)syscall(SYS_brk, brk0 + 64 * MiB);
	printf("brk +64 MiB: %s\n", brk1 == brk0 ? "unchanged" : "moved");
	brk1 = (char *)syscall(SYS_brk, brk0 + 1 * MiB);
	printf("brk +1 MiB: %s\n", brk1 == brk0 + 1 * MiB ? "moved" : "unchanged");
	syscall(SYS_brk, brk0);

	/* Given back, it can be had again. */
	printf("munmap 8 MiB: %s\n", res(munmap(a, 8 * MiB)));
	b = anon(8 * MiB);
	printf("mmap 8 MiB again: %s\n", map_res(b));
	printf("malloc 64 MiB: %s\n", malloc(64 * MiB) ? "ok" : "NULL");

	/* A stack that would grow past the limit: SIGSEGV. */
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		struct rlimit st = {RLIM_INFINITY, RLIM_INFINITY};
		setrlimit(RLIMIT_STACK, &st);
		recurse(8 * 1024); /* 32 MiB of stack */
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	printf("deep recursion: %s\n",
	       WIFSIGNALED(status) ? strsignal(WTERMSIG(status)) : "returned");

	rl.rlim_cur = RLIM_INFINITY;
	printf("raising it again: %s\n", res(setrlimit(RLIMIT_AS, &rl)));
	b = anon(64 * MiB);
	printf("mmap 64 MiB: %s\n", map_res(b));
	return 0;
}
