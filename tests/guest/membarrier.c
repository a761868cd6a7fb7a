/* membarrier from a threaded program: the commands glibc and language
 * runtimes use, registration rules, and a barrier that orders plain
 * stores of several threads (the asymmetric fence pattern: the fast side
 * only stops the compiler, the slow side calls membarrier). */
//! libc: glibc
#define _GNU_SOURCE
#include <errno.h>
#include <linux/membarrier.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "errname.h"

#ifndef MEMBARRIER_CMD_GET_REGISTRATIONS
#define MEMBARRIER_CMD_GET_REGISTRATIONS (1 << 9)
#endif

static long membarrier(int cmd, unsigned flags, int cpu)
{
	return syscall(SYS_membarrier, cmd, flags, cpu);
}

static void show(const char *what, long r)
{
	if (r < 0)
		printf("%s: -1 %s\n", what, errname(errno));
	else
		printf("%s: %ld\n", what, r);
}

#define NTHREADS 3
#define ROUNDS	 50

static volatile int flag[NTHREADS], seen[NTHREADS];
static pthread_barrier_t start;
static long results[NTHREADS];

/* Each worker publishes its flag with a plain store and reads the main
 * thread's answer; membarrier on the other side makes the pair safe. */
static void *worker(void *arg)
{
	long id = (long)arg;
	pthread_barrier_wait(&start);
	long bad = 0;
	for (int i = 0; i < ROUNDS; i++) {
		flag[id] = i + 1;
		__asm__ volatile("" ::: "memory");
		while (seen[id] != i + 1)
			__asm__ volatile("pause" ::: "memory");
	}
	if (membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0) < 0)
		bad++;
	results[id] = bad;
	return NULL;
}

int main(void)
{
	long q = membarrier(MEMBARRIER_CMD_QUERY, 0, 0);
	/* What a program relies on; the rseq commands depend on rseq(2) and
	 * GLOBAL on nohz_full, so they are not compared. */
	int want = MEMBARRIER_CMD_GLOBAL_EXPEDITED | MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED |
		   MEMBARRIER_CMD_PRIVATE_EXPEDITED | MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED |
		   MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE |
		   MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE |
		   MEMBARRIER_CMD_GET_REGISTRATIONS;
	printf("QUERY has the expedited commands: %s\n",
	       q > 0 && (q & want) == want ? "yes" : "no");
	show("QUERY with flags", membarrier(MEMBARRIER_CMD_QUERY, 1, 0));
	show("unknown command", membarrier(1 << 12, 0, 0));
	show("two commands at once",
	     membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED | MEMBARRIER_CMD_GLOBAL, 0, 0));
	show("PRIVATE_EXPEDITED unregistered", membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0));
	show("SYNC_CORE unregistered",
	     membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE, 0, 0));
	show("GET_REGISTRATIONS", membarrier(MEMBARRIER_CMD_GET_REGISTRATIONS, 0, 0));
	show("REGISTER_PRIVATE_EXPEDITED",
	     membarrier(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0));
	show("REGISTER_GLOBAL_EXPEDITED",
	     membarrier(MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED, 0, 0));
	show("GET_REGISTRATIONS", membarrier(MEMBARRIER_CMD_GET_REGISTRATIONS, 0, 0));
	show("PRIVATE_EXPEDITED (one thread)", membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0));
	show("GLOBAL_EXPEDITED", membarrier(MEMBARRIER_CMD_GLOBAL_EXPEDITED, 0, 0));

	pthread_barrier_init(&start, NULL, NTHREADS + 1);
	pthread_t th[NTHREADS];
	for (long i = 0; i < NTHREADS; i++)
		pthread_create(&th[i], NULL, worker, (void *)i);
	pthread_barrier_wait(&start);
	long failures = 0;
	for (int i = 0; i < ROUNDS; i++) {
		for (int id = 0; id < NTHREADS; id++) {
			while (flag[id] != i + 1)
				__asm__ volatile("pause" ::: "memory");
		}
		if (membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0) < 0)
			failures++;
		for (int id = 0; id < NTHREADS; id++)
			seen[id] = i + 1;
	}
	for (int i = 0; i < NTHREADS; i++) {
		pthread_join(th[i], NULL);
		failures += results[i];
	}
	printf("%d rounds with %d threads, failed membarrier calls: %ld\n", ROUNDS, NTHREADS,
	       failures);
	show("REGISTER_PRIVATE_EXPEDITED_SYNC_CORE",
	     membarrier(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED_SYNC_CORE, 0, 0));
	show("PRIVATE_EXPEDITED_SYNC_CORE",
	     membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED_SYNC_CORE, 0, 0));
	show("GET_REGISTRATIONS", membarrier(MEMBARRIER_CMD_GET_REGISTRATIONS, 0, 0));
	return 0;
}
