/* pthreads under contention: 64 threads each lock and unlock one mutex
 * 10,000 times around a shared counter; then condition variables: 8
 * threads pass a turn around a ring 2,000 times (each waits for its turn
 * with pthread_cond_wait, the holder broadcasts), and a bounded queue with
 * 4 producers and 4 consumers.  Every thread is joined and the totals are
 * printed. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define NTHREADS 64
#define NLOOPS	 10000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *adder(void *arg)
{
	(void)arg;
	for (int i = 0; i < NLOOPS; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

/* The ring: thread i runs when turn % NRING == i. */
#define NRING	8
#define NROUNDS 2000
static pthread_mutex_t ring_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ring_cond = PTHREAD_COND_INITIALIZER;
static long turn;
static int order_ok = 1;
static int last_runner = -1;

static void *ring_member(void *arg)
{
	int me = (int)(long)arg;
	for (int r = 0; r < NROUNDS; r++) {
		pthread_mutex_lock(&ring_lock);
		while (turn % NRING != me)
			pthread_cond_wait(&ring_cond, &ring_lock);
		if (last_runner != (me + NRING - 1) % NRING && turn != 0)
			order_ok = 0;
		last_runner = me;
		turn++;
		pthread_cond_broadcast(&ring_cond);
		pthread_mutex_unlock(&ring_lock);
	}
	return NULL;
}

/* The bounded queue. */
#define QSIZE	 16
#define NPROD	 4
#define NCONS	 4
#define PER_PROD 5000
static pthread_mutex_t q_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t q_not_full = PTHREAD_COND_INITIALIZER;
static pthread_cond_t q_not_empty = PTHREAD_COND_INITIALIZER;
static long queue[QSIZE];
static int q_head, q_count;
static int producers_left = NPROD;

static void *producer(void *arg)
{
	long base = (long)arg * PER_PROD;
	for (long i = 1; i <= PER_PROD; i++) {
		pthread_mutex_lock(&q_lock);
		while (q_count == QSIZE)
			pthread_cond_wait(&q_not_full, &q_lock);
		queue[(q_head + q_count) % QSIZE] = base + i;
		q_count++;
		pthread_cond_signal(&q_not_empty);
		pthread_mutex_unlock(&q_lock);
	}
	pthread_mutex_lock(&q_lock);
	producers_left--;
	pthread_cond_broadcast(&q_not_empty);
	pthread_mutex_unlock(&q_lock);
	return NULL;
}

static void *consumer(void *arg)
{
	long *sum = arg;
	for (;;) {
		pthread_mutex_lock(&q_lock);
		while (q_count == 0 && producers_left > 0)
			pthread_cond_wait(&q_not_empty, &q_lock);
		if (q_count == 0) {
			pthread_mutex_unlock(&q_lock);
			return NULL;
		}
		long v = queue[q_head];
		q_head = (q_head + 1) % QSIZE;
		q_count--;
		pthread_cond_signal(&q_not_full);
		pthread_mutex_unlock(&q_lock);
		*sum += v;
	}
}

int main(void)
{
	pthread_t th[NTHREADS];
	int created = 0;
	for (int i = 0; i < NTHREADS; i++)
		if (pthread_create(&th[i], NULL, adder, NULL) == 0)
			created++;
	printf("adders created: %d\n", created);
	int joined = 0;
	for (int i = 0; i < created; i++)
		if (pthread_join(th[i], NULL) == 0)
			joined++;
	printf("adders joined: %d\n", joined);
	printf("counter: %ld (expected %ld)\n", counter, (long)NTHREADS * NLOOPS);

	for (int i = 0; i < NRING; i++)
		pthread_create(&th[i], NULL, ring_member, (void *)(long)i);
	for (int i = 0; i < NRING; i++)
		pthread_join(th[i], NULL);
	printf("ring turns: %ld, always in order: %s\n", turn, order_ok ? "yes" : "no");

	long sums[NCONS] = {0};
	for (int i = 0; i < NPROD; i++)
		pthread_create(&th[i], NULL, producer, (void *)(long)i);
	for (int i = 0; i < NCONS; i++)
		pthread_create(&th[NPROD + i], NULL, consumer, &sums[i]);
	for (int i = 0; i < NPROD + NCONS; i++)
		pthread_join(th[i], NULL);
	long total = 0;
	for (int i = 0; i < NCONS; i++)
		total += sums[i];
	long n = (long)NPROD * PER_PROD;
	printf("queue: sum of items %ld (expected %ld)\n", total, n * (n + 1) / 2);
	return 0;
}
