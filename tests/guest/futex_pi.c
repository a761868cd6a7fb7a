/* PI futexes: the raw protocol (FUTEX_LOCK_PI takes a free word for the
 * caller's tid, EDEADLK on its own, ESRCH for an owner that does not
 * exist, FUTEX_TRYLOCK_PI's EAGAIN, FUTEX_UNLOCK_PI's EPERM for a
 * non-owner, a timeout), the handover to a waiter with FUTEX_WAITERS, and
 * pthread mutexes with PTHREAD_PRIO_INHERIT: contended counting, trylock,
 * a condition variable, and robust ones whose owner dies (EOWNERDEAD, for
 * a later locker and for one already waiting). */
//! libc: glibc musl
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "errname.h"

/* linux/futex.h, which musl's headers do not reach. */
#define FUTEX_LOCK_PI		 6
#define FUTEX_UNLOCK_PI		 7
#define FUTEX_TRYLOCK_PI	 8
#define FUTEX_PRIVATE_FLAG	 128
#define FUTEX_LOCK_PI_PRIVATE	 (FUTEX_LOCK_PI | FUTEX_PRIVATE_FLAG)
#define FUTEX_UNLOCK_PI_PRIVATE	 (FUTEX_UNLOCK_PI | FUTEX_PRIVATE_FLAG)
#define FUTEX_TRYLOCK_PI_PRIVATE (FUTEX_TRYLOCK_PI | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAITERS		 0x80000000
#define FUTEX_OWNER_DIED	 0x40000000
#define FUTEX_TID_MASK		 0x3fffffff

static long fx(uint32_t *w, int op, const struct timespec *ts)
{
	return syscall(SYS_futex, w, op, 0, ts, NULL, 0);
}

static const char *word(uint32_t w, uint32_t tid)
{
	static char buf[64];
	uint32_t owner = w & FUTEX_TID_MASK;
	snprintf(buf, sizeof(buf), "%s%s%s",
		 owner == 0	? "free"
		 : owner == tid ? "mine"
				: "other",
		 w & FUTEX_WAITERS ? "+waiters" : "", w & FUTEX_OWNER_DIED ? "+died" : "");
	return buf;
}

/* A pthread result: 0 or an errno value. */
static const char *pr(int r)
{
	return r ? errname(r) : "ok";
}

static uint32_t raw;
static volatile int stage;

static void *holder(void *arg)
{
	(void)arg;
	fx(&raw, FUTEX_LOCK_PI, NULL);
	stage = 1;
	while (stage != 2)
		usleep(1000);
	usleep(50000); /* let the main thread block */
	fx(&raw, FUTEX_UNLOCK_PI, NULL);
	return NULL;
}

static pthread_mutex_t pm;
static long counter;

static void *count(void *arg)
{
	(void)arg;
	for (int i = 0; i < 20000; i++) {
		pthread_mutex_lock(&pm);
		counter++;
		pthread_mutex_unlock(&pm);
	}
	return NULL;
}

static pthread_mutex_t robust;
static volatile int robust_stage;

static void *die_holding(void *arg)
{
	pthread_mutex_lock(&robust);
	robust_stage = 1;
	if (arg)
		usleep(100000); /* the main thread waits meanwhile */
	return NULL;		/* exits without unlocking */
}

static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int ready;

static void *signaller(void *arg)
{
	(void)arg;
	usleep(20000);
	pthread_mutex_lock(&pm);
	ready = 1;
	pthread_cond_signal(&cv);
	pthread_mutex_unlock(&pm);
	return NULL;
}

int main(void)
{
	uint32_t tid = (uint32_t)syscall(SYS_gettid);

	/* The raw protocol. */
	uint32_t w = 0;
	printf("lock free word: %s\n", res(fx(&w, FUTEX_LOCK_PI_PRIVATE, NULL)));
	printf("  word %s\n", word(w, tid));
	printf("lock again: %s\n", res(fx(&w, FUTEX_LOCK_PI_PRIVATE, NULL)));
	printf("trylock own: %s\n", res(fx(&w, FUTEX_TRYLOCK_PI_PRIVATE, NULL)));
	printf("unlock: %s\n", res(fx(&w, FUTEX_UNLOCK_PI_PRIVATE, NULL)));
	printf("  word %s\n", word(w, tid));
	printf("unlock free word: %s\n", res(fx(&w, FUTEX_UNLOCK_PI_PRIVATE, NULL)));
	w = 0x3ffffff0; /* nobody's tid */
	printf("lock, owner does not exist: %s\n", res(fx(&w, FUTEX_LOCK_PI_PRIVATE, NULL)));
	printf("trylock, owner does not exist: %s\n", res(fx(&w, FUTEX_TRYLOCK_PI_PRIVATE, NULL)));
	uint32_t odd = 0;
	printf("misaligned: %s\n", res(fx((uint32_t *)((char *)&odd + 1), FUTEX_LOCK_PI, NULL)));

	/* Another thread holds it: trylock, a timeout, then the handover. */
	pthread_t th;
	pthread_create(&th, NULL, holder, NULL);
	while (stage != 1)
		usleep(1000);
	printf("trylock, held by another: %s\n", res(fx(&raw, FUTEX_TRYLOCK_PI, NULL)));
	printf("unlock, held by another: %s\n", res(fx(&raw, FUTEX_UNLOCK_PI, NULL)));
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	now.tv_nsec += 20000000;
	if (now.tv_nsec >= 1000000000) {
		now.tv_sec++;
		now.tv_nsec -= 1000000000;
	}
	printf("lock with a timeout: %s\n", res(fx(&raw, FUTEX_LOCK_PI, &now)));
	stage = 2;
	printf("lock, handed over: %s\n", res(fx(&raw, FUTEX_LOCK_PI, NULL)));
	printf("  word %s\n", word(raw, tid));
	pthread_join(th, NULL);
	printf("unlock: %s\n", res(fx(&raw, FUTEX_UNLOCK_PI, NULL)));
	printf("  word %s\n", word(raw, tid));

	/* pthread mutexes with priority inheritance. */
	pthread_mutexattr_t at;
	pthread_mutexattr_init(&at);
	printf("setprotocol PRIO_INHERIT: %s\n",
	       pr(pthread_mutexattr_setprotocol(&at, PTHREAD_PRIO_INHERIT)));
	printf("mutex init: %s\n", pr(pthread_mutex_init(&pm, &at)));
	pthread_t t[4];
	for (int i = 0; i < 4; i++)
		pthread_create(&t[i], NULL, count, NULL);
	for (int i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	printf("counter %ld\n", counter);
	printf("trylock: %s\n", pr(pthread_mutex_trylock(&pm)));
	pthread_mutex_unlock(&pm);

	pthread_mutex_lock(&pm);
	pthread_create(&th, NULL, signaller, NULL);
	while (!ready)
		pthread_cond_wait(&cv, &pm);
	pthread_mutex_unlock(&pm);
	pthread_join(th, NULL);
	printf("condition variable: woken\n");

	/* Robust and PI: the owner dies. */
	pthread_mutexattr_setrobust(&at, PTHREAD_MUTEX_ROBUST);
	printf("robust init: %s\n", pr(pthread_mutex_init(&robust, &at)));
	pthread_create(&th, NULL, die_holding, NULL);
	pthread_join(th, NULL);
	int r = pthread_mutex_lock(&robust);
	printf("lock after the owner died: %s\n", r == EOWNERDEAD ? "EOWNERDEAD" : pr(r));
	pthread_mutex_consistent(&robust);
	pthread_mutex_unlock(&robust);
	printf("lock again: %s\n", pr(pthread_mutex_lock(&robust)));
	pthread_mutex_unlock(&robust);

	robust_stage = 0;
	pthread_create(&th, NULL, die_holding, (void *)1);
	while (robust_stage != 1)
		usleep(1000);
	r = pthread_mutex_lock(&robust); /* waits until the owner dies */
	printf("waiting when the owner died: %s\n", r == EOWNERDEAD ? "EOWNERDEAD" : pr(r));
	pthread_join(th, NULL);
	pthread_mutex_consistent(&robust);
	pthread_mutex_unlock(&robust);
	return 0;
}
