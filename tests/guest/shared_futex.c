/* A counter in MAP_SHARED anonymous memory, incremented by the parent and
 * 8 children under a lock built on shared (not private) FUTEX_WAIT and
 * FUTEX_WAKE; the children start together when the parent flips a start
 * word and wakes them all.  The total is printed. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* <linux/futex.h>, which musl-gcc cannot see */
#define FUTEX_WAIT	   0
#define FUTEX_WAKE	   1
#define FUTEX_PRIVATE_FLAG 128

#define NCHILD 8
#define NLOOPS 20000

struct shared {
	_Atomic uint32_t lock; /* 0 free, 1 locked, 2 locked with waiters */
	_Atomic uint32_t start;
	_Atomic uint32_t waiting; /* children about to wait for start */
	long counter;
	long woken_by_start;
};

static long futex(_Atomic uint32_t *addr, int op, uint32_t val)
{
	return syscall(SYS_futex, addr, op, val, NULL, NULL, 0);
}

/* Drepper's mutex ("Futexes are tricky", mutex 2). */
static void lock(struct shared *s)
{
	uint32_t c = 0;
	if (atomic_compare_exchange_strong(&s->lock, &c, 1))
		return;
	if (c != 2)
		c = atomic_exchange(&s->lock, 2);
	while (c != 0) {
		futex(&s->lock, FUTEX_WAIT, 2);
		c = atomic_exchange(&s->lock, 2);
	}
}

static void unlock(struct shared *s)
{
	if (atomic_fetch_sub(&s->lock, 1) != 1) {
		atomic_store(&s->lock, 0);
		futex(&s->lock, FUTEX_WAKE, 1);
	}
}

static void work(struct shared *s)
{
	for (int i = 0; i < NLOOPS; i++) {
		lock(s);
		s->counter++;
		unlock(s);
	}
}

int main(void)
{
	struct shared *s =
	    mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (s == MAP_FAILED)
		return 1;
	pid_t pids[NCHILD];
	fflush(stdout);
	for (int i = 0; i < NCHILD; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			atomic_fetch_add(&s->waiting, 1);
			while (atomic_load(&s->start) == 0)
				futex(&s->start, FUTEX_WAIT, 0);
			work(s);
			_exit(0);
		}
	}
	/* Flip the start word and wake every child that is waiting; the
	 * others see it set before they would wait. */
	atomic_store(&s->start, 1);
	long woken = futex(&s->start, FUTEX_WAKE, NCHILD);
	printf("start wake-up woke at most the children: %s\n",
	       woken >= 0 && woken <= NCHILD ? "yes" : "no");
	work(s);
	int ok = 0;
	for (int i = 0; i < NCHILD; i++) {
		int st;
		if (waitpid(pids[i], &st, 0) == pids[i] && WIFEXITED(st) && WEXITSTATUS(st) == 0)
			ok++;
	}
	printf("children done: %d\n", ok);
	printf("counter: %ld (expected %ld)\n", s->counter, (long)(NCHILD + 1) * NLOOPS);
	printf("lock free at the end: %s\n", atomic_load(&s->lock) == 0 ? "yes" : "no");

	/* A private futex op does not reach a waiter in another process on
	 * shared memory: wake with FUTEX_PRIVATE_FLAG finds nobody. */
	atomic_store(&s->start, 0);
	atomic_store(&s->waiting, 0);
	pid_t w = fork();
	if (w == 0) {
		atomic_store(&s->waiting, 1);
		futex(&s->waiting, FUTEX_WAKE, 1);
		while (atomic_load(&s->start) == 0)
			futex(&s->start, FUTEX_WAIT, 0);
		_exit(0);
	}
	while (atomic_load(&s->waiting) == 0)
		futex(&s->waiting, FUTEX_WAIT, 0);
	long n = futex(&s->start, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1);
	printf("private wake of a shared waiter in another process: %ld\n", n);
	atomic_store(&s->start, 1);
	futex(&s->start, FUTEX_WAKE, 1);
	int st;
	printf("waiter done: %s\n", waitpid(w, &st, 0) == w && WIFEXITED(st) ? "yes" : "no");
	return 0;
}
