/* Copy-on-write across 20 children: the parent fills a 64 MiB MAP_PRIVATE
 * anonymous region with a pattern, forks 20 children, and each child
 * writes its own pages (every 20th page, from its index on).  Once all
 * have written (a pipe barrier), each child checks that it sees its own
 * writes and the parent's pattern everywhere else; the parent checks that
 * it sees none of the children's writes.  A child reports through its exit
 * status. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define SIZE   (64UL << 20)
#define PAGE   4096UL
#define NPAGES (SIZE / PAGE)
#define NCHILD 20

static uint64_t parent_word(size_t page)
{
	return 0x5000000000000000ULL | page;
}

static uint64_t child_word(int child, size_t page)
{
	return 0xc000000000000000ULL | ((uint64_t)child << 32) | page;
}

/* Child @me: write its pages, wait for the others, check everything. */
static int child(int me, uint64_t *mem, int done_fd, int go_fd)
{
	for (size_t p = (size_t)me; p < NPAGES; p += NCHILD) {
		mem[p * PAGE / 8] = child_word(me, p);
		mem[p * PAGE / 8 + PAGE / 8 - 1] = child_word(me, p);
	}
	if (write(done_fd, "x", 1) != 1)
		return 2;
	char c;
	if (read(go_fd, &c, 1) != 0) /* EOF: everybody has written */
		return 3;
	for (size_t p = 0; p < NPAGES; p++) {
		uint64_t want = (int)(p % NCHILD) == me ? child_word(me, p) : parent_word(p);
		if (mem[p * PAGE / 8] != want || mem[p * PAGE / 8 + PAGE / 8 - 1] != want)
			return 4;
		if (mem[p * PAGE / 8 + 1] != 0) /* untouched by anyone */
			return 5;
	}
	return 0;
}

int main(void)
{
	uint64_t *mem =
	    mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		return 1;
	for (size_t p = 0; p < NPAGES; p++) {
		mem[p * PAGE / 8] = parent_word(p);
		mem[p * PAGE / 8 + PAGE / 8 - 1] = parent_word(p);
	}
	int done[2], go[2];
	if (pipe(done) < 0 || pipe(go) < 0)
		return 1;
	pid_t pids[NCHILD];
	fflush(stdout);
	for (int i = 0; i < NCHILD; i++) {
		pids[i] = fork();
		if (pids[i] < 0)
			return 1;
		if (pids[i] == 0) {
			close(done[0]);
			close(go[1]);
			_exit(child(i, mem, done[1], go[0]));
		}
	}
	close(done[1]);
	close(go[0]);
	int written = 0;
	char c;
	while (written < NCHILD && read(done[0], &c, 1) == 1)
		written++;
	printf("children that wrote: %d\n", written);
	close(go[1]); /* let them check */
	int good = 0;
	for (int i = 0; i < NCHILD; i++) {
		int st;
		if (waitpid(pids[i], &st, 0) == pids[i] && WIFEXITED(st)) {
			if (WEXITSTATUS(st) == 0)
				good++;
			else
				printf("child %d: check %d failed\n", i, WEXITSTATUS(st));
		} else {
			printf("child %d: did not exit normally\n", i);
		}
	}
	printf("children that saw only their own writes: %d\n", good);
	size_t bad = 0;
	for (size_t p = 0; p < NPAGES; p++)
		if (mem[p * PAGE / 8] != parent_word(p) ||
		    mem[p * PAGE / 8 + PAGE / 8 - 1] != parent_word(p))
			bad++;
	printf("parent pages changed by children: %zu\n", bad);
	return 0;
}
