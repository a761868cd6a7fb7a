/* Robust futexes: a thread or a process that dies holding a robust mutex
 * hands the next locker EOWNERDEAD (with the kernel's FUTEX_OWNER_DIED in
 * the word), whether that locker was already waiting or came later; after
 * pthread_mutex_consistent the mutex works again, without it the mutex is
 * ENOTRECOVERABLE.  Also set_robust_list and get_robust_list. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errname.h"

static const char *en(int e)
{
	return errname(e);
}

static pthread_mutex_t *new_mutex(void *where, int pshared)
{
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	if (pshared)
		pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
	pthread_mutex_t *m = where;
	pthread_mutex_init(m, &a);
	pthread_mutexattr_destroy(&a);
	return m;
}

static pthread_mutex_t *mtx;
static int held_pipe[2], die_pipe[2];

/* Lock, then die holding the lock once the pipe says so (or at once). */
static void *holder(void *arg)
{
	pthread_mutex_lock(mtx);
	if (arg) {
		char c;
		write(held_pipe[1], "l", 1);
		read(die_pipe[0], &c, 1);
	}
	return NULL; /* exits without unlocking */
}

#ifdef __GLIBC__
static void *locker(void *arg)
{
	(void)arg;
	return (void *)(long)pthread_mutex_lock(mtx);
}
#endif

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	static pthread_mutex_t m1;
	mtx = new_mutex(&m1, 0);

	/* A thread dies holding it; we lock later. */
	char c;
	pthread_t t;
	pthread_create(&t, NULL, holder, NULL);
	pthread_join(t, NULL);
	int r = pthread_mutex_lock(mtx);
	printf("lock after the owner died: %s\n", en(r));
	printf("consistent: %s\n", en(pthread_mutex_consistent(mtx)));
	printf("unlock: %s\n", en(pthread_mutex_unlock(mtx)));
	printf("lock again: %s\n", en(pthread_mutex_lock(mtx)));
	printf("unlock: %s\n", en(pthread_mutex_unlock(mtx)));

	/* Not made consistent: not recoverable. */
	pthread_create(&t, NULL, holder, NULL);
	pthread_join(t, NULL);
	printf("lock after the owner died: %s\n", en(pthread_mutex_lock(mtx)));
	printf("unlock without consistent: %s\n", en(pthread_mutex_unlock(mtx)));
	printf("lock: %s\n", en(pthread_mutex_lock(mtx)));
	printf("trylock: %s\n", en(pthread_mutex_trylock(mtx)));

	/* A locker (probably) already waiting when the owner dies.  Not with
	 * musl: it waits on a robust mutex with a private futex, which the
	 * kernel's wake-up at the owner's death (a shared one) does not reach,
	 * so natively the locker may sleep for ever. */
#ifdef __GLIBC__
	static pthread_mutex_t m2;
	mtx = new_mutex(&m2, 0);
	pipe(held_pipe);
	pipe(die_pipe);
	pthread_t h, l;
	pthread_create(&h, NULL, holder, (void *)1);
	read(held_pipe[0], &c, 1); /* it holds the lock */
	pthread_create(&l, NULL, locker, NULL);
	write(die_pipe[1], "d", 1); /* die now */
	pthread_join(h, NULL);
	void *lr;
	pthread_join(l, &lr);
	printf("waiting locker after the owner died: %s\n", en((int)(long)lr));
	pthread_mutex_consistent(mtx);
	pthread_mutex_unlock(mtx);
	printf("trylock then: %s\n", en(pthread_mutex_trylock(mtx)));
	pthread_mutex_unlock(mtx);
#endif

	/* Process-shared, in shared memory: a child exits or is killed
	 * holding it. */
	void *shm = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	mtx = new_mutex(shm, 1);
	int p[2];
	pipe(p);
	pid_t c1 = fork();
	if (c1 == 0) {
		pthread_mutex_lock(mtx);
		_exit(0);
	}
	int st;
	waitpid(c1, &st, 0);
	uint32_t word = *(volatile uint32_t *)shm; /* the lock word is first */
	printf("child exited holding it: owner-died bit %s, tid bits cleared %s\n",
	       (word & 0x40000000) ? "set" : "clear", (word & 0x3fffffff) == 0 ? "yes" : "no");
	printf("parent locks: %s\n", en(pthread_mutex_lock(mtx)));
	pthread_mutex_consistent(mtx);
	pthread_mutex_unlock(mtx);
	pid_t c2 = fork();
	if (c2 == 0) {
		pthread_mutex_lock(mtx);
		write(p[1], "l", 1);
		pause();
		_exit(0);
	}
	read(p[0], &c, 1);
	kill(c2, SIGKILL);
	waitpid(c2, &st, 0);
	printf("child killed holding it: parent locks: %s\n", en(pthread_mutex_lock(mtx)));
	pthread_mutex_consistent(mtx);
	pthread_mutex_unlock(mtx);

	/* The system calls. */
	struct {
		void *next;
		long offset;
		void *pending;
	} head;
	errno = 0;
	printf("set_robust_list with len 0: %s\n",
	       res(syscall(SYS_set_robust_list, &head, (size_t)0)));
	printf("set_robust_list with len 25: %s\n",
	       res(syscall(SYS_set_robust_list, &head, (size_t)25)));
	void *cur = NULL;
	size_t len = 0;
	long ret = syscall(SYS_get_robust_list, 0, &cur, &len);
	printf("get_robust_list(0): %s, len %zu, a head is set %s\n", res(ret), len,
	       cur ? "yes" : "no");
	printf("get_robust_list(free pid): %s\n",
	       res(syscall(SYS_get_robust_list, 999999, &cur, &len)));
	printf("get_robust_list to a bad pointer: %s\n",
	       res(syscall(SYS_get_robust_list, 0, (void *)8, &len)));
	return 0;
}
