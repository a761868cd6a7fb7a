/* futex_waitv: waiting on several futexes at once returns the index of the
 * one woken (by FUTEX_WAKE, private or shared as the waiter asked), a
 * value that differs is EAGAIN, an absolute timeout on CLOCK_MONOTONIC or
 * CLOCK_REALTIME is ETIMEDOUT; and the argument errors. */
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

#ifndef SYS_futex_waitv
#define SYS_futex_waitv 449
#endif
#define FUTEX_WAKE	   1
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX2_SIZE_U32	   0x02
#define FUTEX2_PRIVATE	   128

struct waitv {
	uint64_t val, uaddr;
	uint32_t flags, reserved;
};

static uint32_t words[3];

static long waitv(struct waitv *w, unsigned n, unsigned flags, struct timespec *ts, int clk)
{
	return syscall(SYS_futex_waitv, w, n, flags, ts, clk);
}

static void deadline(struct timespec *ts, int clk, long ms)
{
	clock_gettime(clk, ts);
	ts->tv_nsec += ms * 1000000L;
	while (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

static long result;
static volatile int waiting;

static void *waiter(void *arg)
{
	struct waitv *w = arg;
	waiting = 1;
	result = waitv(w, 3, 0, NULL, 0);
	return NULL;
}

int main(void)
{
	struct waitv w[3];
	memset(w, 0, sizeof(w));
	for (int i = 0; i < 3; i++) {
		w[i].uaddr = (uintptr_t)&words[i];
		w[i].val = 0;
		w[i].flags = FUTEX2_SIZE_U32 | FUTEX2_PRIVATE;
	}
	struct timespec ts;
	printf("flags: %s\n", res(waitv(w, 3, 1, NULL, 0)));
	printf("no futexes: %s\n", res(waitv(w, 0, 0, NULL, 0)));
	printf("129 futexes: %s\n", res(waitv(w, 129, 0, NULL, 0)));
	printf("NULL array: %s\n", res(waitv(NULL, 1, 0, NULL, 0)));
	deadline(&ts, CLOCK_MONOTONIC, 10);
	printf("bad clock: %s\n", res(waitv(w, 3, 0, &ts, CLOCK_BOOTTIME)));
	w[1].flags = FUTEX2_PRIVATE;
	printf("no size flag: %s\n", res(waitv(w, 3, 0, NULL, 0)));
	w[1].flags = FUTEX2_SIZE_U32 | FUTEX2_PRIVATE;
	w[1].reserved = 1;
	printf("reserved set: %s\n", res(waitv(w, 3, 0, NULL, 0)));
	w[1].reserved = 0;
	w[2].val = 1ULL << 32;
	printf("value over 32 bits: %s\n", res(waitv(w, 3, 0, NULL, 0)));
	w[2].val = 7;
	printf("a value differs: %s\n", res(waitv(w, 3, 0, NULL, 0)));
	w[2].val = 0;
	w[0].uaddr += 1;
	printf("misaligned: %s\n", res(waitv(w, 3, 0, NULL, 0)));
	w[0].uaddr -= 1;

	deadline(&ts, CLOCK_MONOTONIC, 30);
	printf("monotonic timeout: %s\n", res(waitv(w, 3, 0, &ts, CLOCK_MONOTONIC)));
	deadline(&ts, CLOCK_REALTIME, 30);
	printf("realtime timeout: %s\n", res(waitv(w, 3, 0, &ts, CLOCK_REALTIME)));

	/* A thread waits on all three; wake the third, then the first. */
	for (int round = 0; round < 2; round++) {
		int which = round == 0 ? 2 : 0;
		pthread_t th;
		waiting = 0;
		result = -100;
		pthread_create(&th, NULL, waiter, w);
		while (!waiting)
			usleep(1000);
		long woken = 0;
		for (int tries = 0; tries < 200 && woken == 0; tries++) {
			usleep(5000);
			woken = syscall(SYS_futex, &words[which], FUTEX_WAKE | FUTEX_PRIVATE_FLAG,
					1, NULL, NULL, 0);
		}
		pthread_join(th, NULL);
		printf("woke futex %d: FUTEX_WAKE woke %ld, futex_waitv returned %ld\n", which,
		       woken, result);
	}

	/* A shared waiter is not woken by a private wake (and the reverse). */
	w[1].flags = FUTEX2_SIZE_U32;
	deadline(&ts, CLOCK_MONOTONIC, 30);
	printf("shared waiter, nothing wakes it: %s\n",
	       res(waitv(&w[1], 1, 0, &ts, CLOCK_MONOTONIC)));
	return 0;
}
