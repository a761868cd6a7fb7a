/* futex(2) operations: WAIT and WAKE, the BITSET forms, REQUEUE and
 * CMP_REQUEUE, WAKE_OP's operations and comparisons, timeouts (relative,
 * absolute on CLOCK_MONOTONIC and CLOCK_REALTIME), and the errors: EAGAIN
 * on a changed value, ETIMEDOUT, EFAULT, EINVAL for a misaligned address, a
 * zero bitset or a bad timeout, ENOSYS for an unknown command.
 *
 * Waiters are counted without timing: they wait on word A, and the main
 * thread requeues A's waiters to word B until all of them have moved; then
 * they are known to be asleep on B, and a wake on B wakes an exact number.
 * The same trick tells when a waiter interrupted by a signal is asleep
 * again (a restarted wait). */
//! libc: glibc musl
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "errname.h"

/* <linux/futex.h>, which musl-gcc cannot see */
#define FUTEX_WAIT	     0
#define FUTEX_WAKE	     1
#define FUTEX_REQUEUE	     3
#define FUTEX_CMP_REQUEUE    4
#define FUTEX_WAKE_OP	     5
#define FUTEX_WAIT_BITSET    9
#define FUTEX_WAKE_BITSET    10
#define FUTEX_PRIVATE_FLAG   128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_BITSET_ANY     0xffffffffu
#define FUTEX_OP(op, oparg, cmp, cmparg)                                                           \
	(((op & 0xf) << 28) | ((cmp & 0xf) << 24) | ((oparg & 0xfff) << 12) | (cmparg & 0xfff))
#define FUTEX_OP_SET	     0
#define FUTEX_OP_ADD	     1
#define FUTEX_OP_OR	     2
#define FUTEX_OP_ANDN	     3
#define FUTEX_OP_XOR	     4
#define FUTEX_OP_OPARG_SHIFT 8
#define FUTEX_OP_CMP_EQ	     0
#define FUTEX_OP_CMP_NE	     1
#define FUTEX_OP_CMP_LT	     2
#define FUTEX_OP_CMP_LE	     3
#define FUTEX_OP_CMP_GT	     4
#define FUTEX_OP_CMP_GE	     5

static long futex(volatile uint32_t *uaddr, int op, uint32_t val, const void *timeout_or_n,
		  volatile uint32_t *uaddr2, uint32_t val3)
{
	return syscall(SYS_futex, uaddr, op, val, timeout_or_n, uaddr2, val3);
}

static const char *r(long ret)
{
	static char buf[32];
	if (ret < 0)
		return errname(errno);
	snprintf(buf, sizeof(buf), "%ld", ret);
	return buf;
}

static volatile uint32_t word_a, word_b, word_c;

/* A waiter thread: waits on word_a (value 0) with its bitset, then
 * records what the wait returned. */
struct waiter {
	pthread_t th;
	uint32_t bitset;
	int private;
	volatile long ret;
	volatile int err;
	volatile int done;
	int loop; /* wait again after a wake-up that left word_a at 0 */
};

static void *waiter_main(void *arg)
{
	struct waiter *w = arg;
	int op = (w->bitset == FUTEX_BITSET_ANY ? FUTEX_WAIT : FUTEX_WAIT_BITSET) |
		 (w->private ? FUTEX_PRIVATE_FLAG : 0);
	long ret;
	do {
		ret = futex(&word_a, op, 0, NULL, NULL, w->bitset);
	} while (w->loop && ret == 0 && word_a == 0);
	w->err = ret < 0 ? errno : 0;
	w->ret = ret;
	__atomic_store_n(&w->done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static void start(struct waiter *w, uint32_t bitset, int private)
{
	memset(w, 0, sizeof(*w));
	w->bitset = bitset;
	w->private = private;
	pthread_create(&w->th, NULL, waiter_main, w);
}

/* Move word_a's waiters to word_b until @n have moved: they sleep then. */
static void gather(int n, int private)
{
	int pf = private ? FUTEX_PRIVATE_FLAG : 0;
	int moved = 0;
	while (moved < n) {
		long k = futex(&word_a, FUTEX_CMP_REQUEUE | pf, 0, (void *)(long)INT_MAX, &word_b,
			       word_a);
		if (k > 0)
			moved += (int)k;
		else
			sched_yield();
	}
}

static void join(struct waiter *w)
{
	pthread_join(w->th, NULL);
}

static struct timespec plus_ms(clockid_t clk, long ms)
{
	struct timespec ts;
	clock_gettime(clk, &ts);
	ts.tv_nsec += ms * 1000000L;
	ts.tv_sec += ts.tv_nsec / 1000000000L;
	ts.tv_nsec %= 1000000000L;
	return ts;
}

static volatile int handled;
static void on_usr1(int sig)
{
	(void)sig;
	handled++;
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);

	/* Errors of a single thread. */
	word_a = 1;
	printf("WAIT on a changed value: %s\n", r(futex(&word_a, FUTEX_WAIT, 0, NULL, NULL, 0)));
	printf("WAIT_BITSET on a changed value: %s\n",
	       r(futex(&word_a, FUTEX_WAIT_BITSET, 0, NULL, NULL, 1)));
	word_a = 0;
	struct timespec rel = {0, 20 * 1000000L};
	printf("WAIT 20 ms: %s\n", r(futex(&word_a, FUTEX_WAIT, 0, &rel, NULL, 0)));
	printf("WAIT|CLOCK_REALTIME 20 ms: %s\n",
	       r(futex(&word_a, FUTEX_WAIT | FUTEX_CLOCK_REALTIME, 0, &rel, NULL, 0)));
	struct timespec zero = {0, 0};
	printf("WAIT with a zero timeout: %s\n", r(futex(&word_a, FUTEX_WAIT, 0, &zero, NULL, 0)));
	struct timespec abs = plus_ms(CLOCK_MONOTONIC, 20);
	printf("WAIT_BITSET until monotonic +20 ms: %s\n",
	       r(futex(&word_a, FUTEX_WAIT_BITSET, 0, &abs, NULL, FUTEX_BITSET_ANY)));
	abs = plus_ms(CLOCK_REALTIME, 20);
	printf("WAIT_BITSET|CLOCK_REALTIME until realtime +20 ms: %s\n",
	       r(futex(&word_a, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 0, &abs, NULL,
		       FUTEX_BITSET_ANY)));
	struct timespec past = {1, 0};
	printf("WAIT_BITSET until a monotonic time long past: %s\n",
	       r(futex(&word_a, FUTEX_WAIT_BITSET, 0, &past, NULL, FUTEX_BITSET_ANY)));
	printf("WAIT_BITSET|CLOCK_REALTIME until 1970: %s\n",
	       r(futex(&word_a, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 0, &past, NULL,
		       FUTEX_BITSET_ANY)));
	struct timespec bad = {0, 1000000000L};
	printf("WAIT with tv_nsec 1e9: %s\n", r(futex(&word_a, FUTEX_WAIT, 0, &bad, NULL, 0)));
	struct timespec neg = {-1, 0};
	printf("WAIT with tv_sec -1: %s\n", r(futex(&word_a, FUTEX_WAIT, 0, &neg, NULL, 0)));
	printf("WAIT with an unmapped timeout: %s\n",
	       r(futex(&word_a, FUTEX_WAIT, 0, (void *)8, NULL, 0)));
	printf("WAIT_BITSET with bitset 0: %s\n",
	       r(futex(&word_a, FUTEX_WAIT_BITSET, 0, NULL, NULL, 0)));
	printf("WAKE_BITSET with bitset 0: %s\n",
	       r(futex(&word_a, FUTEX_WAKE_BITSET, 1, NULL, NULL, 0)));
	char *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	volatile uint32_t *odd = (volatile uint32_t *)(page + 2);
	printf("WAIT misaligned: %s\n", r(futex(odd, FUTEX_WAIT, 0, NULL, NULL, 0)));
	printf("WAKE misaligned: %s\n", r(futex(odd, FUTEX_WAKE, 1, NULL, NULL, 0)));
	printf("WAKE_PRIVATE misaligned: %s\n",
	       r(futex(odd, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, NULL, NULL, 0)));
	munmap(page, 4096);
	volatile uint32_t *gone = (volatile uint32_t *)page;
	printf("WAIT on an unmapped word: %s\n", r(futex(gone, FUTEX_WAIT, 0, NULL, NULL, 0)));
	printf("WAIT on NULL: %s\n", r(futex(NULL, FUTEX_WAIT, 0, NULL, NULL, 0)));
	printf("WAKE on an unmapped word: %s\n", r(futex(gone, FUTEX_WAKE, 1, NULL, NULL, 0)));
	printf("WAKE_PRIVATE on an unmapped word: %s\n",
	       r(futex(gone, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, NULL, NULL, 0)));
	printf("WAKE_PRIVATE on a kernel address: %s\n",
	       r(futex((volatile uint32_t *)0xffff800000000000UL, FUTEX_WAKE | FUTEX_PRIVATE_FLAG,
		       1, NULL, NULL, 0)));
	printf("WAKE with no waiter: %s\n", r(futex(&word_a, FUTEX_WAKE, 1, NULL, NULL, 0)));
	printf("unknown command 99: %s\n", r(futex(&word_a, 99, 0, NULL, NULL, 0)));
	printf("WAKE|CLOCK_REALTIME: %s\n",
	       r(futex(&word_a, FUTEX_WAKE | FUTEX_CLOCK_REALTIME, 1, NULL, NULL, 0)));
	printf("REQUEUE with nr_wake -1: %s\n",
	       r(futex(&word_a, FUTEX_REQUEUE, (uint32_t)-1, (void *)1L, &word_b, 0)));
	printf("CMP_REQUEUE with nr_requeue -1: %s\n",
	       r(futex(&word_a, FUTEX_CMP_REQUEUE, 1, (void *)-1L, &word_b, 0)));
	printf("CMP_REQUEUE on a changed value: %s\n",
	       r(futex(&word_a, FUTEX_CMP_REQUEUE, 1, (void *)1L, &word_b, 5)));
	printf("CMP_REQUEUE to an unmapped word: %s\n",
	       r(futex(&word_a, FUTEX_CMP_REQUEUE, 1, (void *)1L, gone, 0)));
	printf("CMP_REQUEUE to a misaligned word: %s\n",
	       r(futex(&word_a, FUTEX_CMP_REQUEUE, 1, (void *)1L,
		       (volatile uint32_t *)((char *)&word_b + 1), 0)));

	/* WAKE_OP's operations on word_c (no waiters: returns 0). */
	static const struct {
		const char *name;
		int op, oparg, cmp, cmparg;
		uint32_t before;
	} ops[] = {
	    {"SET 5, EQ 3", FUTEX_OP_SET, 5, FUTEX_OP_CMP_EQ, 3, 3},
	    {"ADD 7, NE 3", FUTEX_OP_ADD, 7, FUTEX_OP_CMP_NE, 3, 3},
	    {"OR 0xf0, LT 1", FUTEX_OP_OR, 0xf0, FUTEX_OP_CMP_LT, 1, 0x0f},
	    {"ANDN 0x0f, LE 0", FUTEX_OP_ANDN, 0x0f, FUTEX_OP_CMP_LE, 0, 0xff},
	    {"XOR 0xff, GT -1", FUTEX_OP_XOR, 0xff, FUTEX_OP_CMP_GT, -1, 0x0f},
	    {"SET 1<<4 (OPARG_SHIFT), GE 2", FUTEX_OP_SET | FUTEX_OP_OPARG_SHIFT, 4,
	     FUTEX_OP_CMP_GE, 2, 2},
	    {"ADD -2, EQ 0", FUTEX_OP_ADD, -2, FUTEX_OP_CMP_EQ, 0, 0},
	};
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		word_c = ops[i].before;
		long k = futex(&word_a, FUTEX_WAKE_OP, 1, (void *)1L, &word_c,
			       FUTEX_OP(ops[i].op, ops[i].oparg, ops[i].cmp, ops[i].cmparg));
		printf("WAKE_OP %s on %#x: %s, now %#x\n", ops[i].name, ops[i].before, r(k),
		       word_c);
	}
	word_c = 1;
	printf("WAKE_OP op 7: %s, now %#x\n",
	       r(futex(&word_a, FUTEX_WAKE_OP, 1, (void *)1L, &word_c, FUTEX_OP(7, 1, 0, 0))),
	       word_c);
	printf("WAKE_OP cmp 9: %s, now %#x\n",
	       r(futex(&word_a, FUTEX_WAKE_OP, 1, (void *)1L, &word_c,
		       FUTEX_OP(FUTEX_OP_ADD, 1, 9, 0))),
	       word_c);
	printf("WAKE_OP on an unmapped second word: %s\n",
	       r(futex(&word_a, FUTEX_WAKE_OP, 1, (void *)1L, gone, 0)));

	/* Exact wake-up counts. */
	struct waiter w[4];
	word_a = word_b = 0;
	for (int i = 0; i < 3; i++)
		start(&w[i], FUTEX_BITSET_ANY, 0);
	gather(3, 0);
	printf("three waiters requeued to B\n");
	printf("WAKE B 2: %s\n", r(futex(&word_b, FUTEX_WAKE, 2, NULL, NULL, 0)));
	printf("WAKE B 5: %s\n", r(futex(&word_b, FUTEX_WAKE, 5, NULL, NULL, 0)));
	for (int i = 0; i < 3; i++)
		join(&w[i]);
	printf("their waits returned: %ld %ld %ld\n", w[0].ret, w[1].ret, w[2].ret);

	/* A wake of 0 (or a negative count) still wakes one, as Linux's loop
	 * counts before it compares; a requeue onto the same word counts the
	 * waiters it "moves". */
	for (int i = 0; i < 3; i++)
		start(&w[i], FUTEX_BITSET_ANY, 0);
	gather(3, 0);
	printf("WAKE B 0: %s\n", r(futex(&word_b, FUTEX_WAKE, 0, NULL, NULL, 0)));
	printf("WAKE B -1: %s\n", r(futex(&word_b, FUTEX_WAKE, (uint32_t)-1, NULL, NULL, 0)));
	start(&w[0], FUTEX_BITSET_ANY, 0);
	start(&w[1], FUTEX_BITSET_ANY, 0);
	gather(2, 0);
	printf("REQUEUE B->B wake 1 move 1: %s\n",
	       r(futex(&word_b, FUTEX_REQUEUE, 1, (void *)1L, &word_b, 0)));
	printf("CMP_REQUEUE B->B wake 0 move 5: %s\n",
	       r(futex(&word_b, FUTEX_CMP_REQUEUE, 0, (void *)5L, &word_b, 0)));
	printf("CMP_REQUEUE B->A wake 0 move 0: %s\n",
	       r(futex(&word_b, FUTEX_CMP_REQUEUE, 0, (void *)0L, &word_a, 0)));
	printf("WAKE B: %s\n", r(futex(&word_b, FUTEX_WAKE, INT_MAX, NULL, NULL, 0)));
	for (int i = 0; i < 3; i++)
		join(&w[i]);

	/* Private and shared keys are different: a private wake does not see
	 * shared waiters, nor the other way round. */
	start(&w[0], FUTEX_BITSET_ANY, 1);
	start(&w[1], FUTEX_BITSET_ANY, 0);
	gather(1, 1);
	gather(1, 0);
	printf("WAKE B (shared) finds the shared waiter only: %s\n",
	       r(futex(&word_b, FUTEX_WAKE, 5, NULL, NULL, 0)));
	printf("WAKE_PRIVATE B finds the private waiter only: %s\n",
	       r(futex(&word_b, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 5, NULL, NULL, 0)));
	join(&w[0]);
	join(&w[1]);

	/* Bitsets survive a requeue; WAKE_BITSET picks by them. */
	start(&w[0], 1, 0);
	start(&w[1], 2, 0);
	start(&w[2], 6, 0);
	gather(3, 0);
	printf("WAKE_BITSET B 0x2 (all): %s\n",
	       r(futex(&word_b, FUTEX_WAKE_BITSET, INT_MAX, NULL, NULL, 2)));
	join(&w[1]);
	join(&w[2]);
	printf("  bitset 1 still waiting: %s\n", w[0].done ? "no" : "yes");
	printf("WAKE_BITSET B 0x8: %s\n", r(futex(&word_b, FUTEX_WAKE_BITSET, 1, NULL, NULL, 8)));
	printf("WAKE B (any bitset): %s\n", r(futex(&word_b, FUTEX_WAKE, 1, NULL, NULL, 0)));
	join(&w[0]);

	/* REQUEUE: wake some, move the rest; CMP_REQUEUE likewise. */
	for (int i = 0; i < 4; i++)
		start(&w[i], FUTEX_BITSET_ANY, 0);
	gather(4, 0);
	/* Now on B; move them back to A through REQUEUE, waking one. */
	printf("REQUEUE B->A wake 1 move 2: %s\n",
	       r(futex(&word_b, FUTEX_REQUEUE, 1, (void *)2L, &word_a, 0)));
	printf("CMP_REQUEUE B->A wake 0 move 5: %s\n",
	       r(futex(&word_b, FUTEX_CMP_REQUEUE, 0, (void *)5L, &word_a, 0)));
	printf("WAKE B: %s\n", r(futex(&word_b, FUTEX_WAKE, INT_MAX, NULL, NULL, 0)));
	printf("WAKE A 1: %s\n", r(futex(&word_a, FUTEX_WAKE, 1, NULL, NULL, 0)));
	printf("WAKE_OP A 1, B (SET 0, EQ 0): %s\n",
	       r(futex(&word_a, FUTEX_WAKE_OP, 1, (void *)1L, &word_b,
		       FUTEX_OP(FUTEX_OP_SET, 0, FUTEX_OP_CMP_EQ, 0))));
	printf("WAKE A: %s\n", r(futex(&word_a, FUTEX_WAKE, INT_MAX, NULL, NULL, 0)));
	for (int i = 0; i < 4; i++)
		join(&w[i]);

	/* WAKE_OP waking on both words. */
	start(&w[0], FUTEX_BITSET_ANY, 0);
	start(&w[1], FUTEX_BITSET_ANY, 0);
	gather(2, 0);
	/* One back to A. */
	futex(&word_b, FUTEX_REQUEUE, 0, (void *)1L, &word_a, 0);
	word_c = 0;
	printf("WAKE_OP A 1, B 1 when B was 0 (ADD 1, EQ 0): %s, B now %u\n",
	       r(futex(&word_a, FUTEX_WAKE_OP, 1, (void *)1L, &word_b,
		       FUTEX_OP(FUTEX_OP_ADD, 1, FUTEX_OP_CMP_EQ, 0))),
	       word_b);
	join(&w[0]);
	join(&w[1]);
	word_b = 0;

	/* Signals: without a timeout the wait restarts after an SA_RESTART
	 * handler; without SA_RESTART, or with a timeout, it fails EINTR. */
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	start(&w[0], FUTEX_BITSET_ANY, 0);
	w[0].loop = 0;
	gather(1, 0);
	pthread_kill(w[0].th, SIGUSR1);
	/* Back asleep on A once restarted. */
	gather(1, 0);
	printf("SA_RESTART, no timeout: handled %d, waiting again: %s\n", handled,
	       w[0].done ? "no" : "yes");
	futex(&word_b, FUTEX_WAKE, 1, NULL, NULL, 0);
	join(&w[0]);
	printf("  then woken: %ld\n", w[0].ret);

	sa.sa_flags = 0;
	sigaction(SIGUSR1, &sa, NULL);
	start(&w[0], FUTEX_BITSET_ANY, 0);
	gather(1, 0);
	pthread_kill(w[0].th, SIGUSR1);
	join(&w[0]);
	printf("no SA_RESTART: %s, handled %d\n", w[0].ret < 0 ? errname(w[0].err) : "0", handled);
	return 0;
}
