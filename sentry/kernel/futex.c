/* Futexes (kernel/futex/core.c, waitwake.c, requeue.c).
 *
 * Waiters hang off hash buckets keyed by (mm, address) for private memory
 * and by memory-file offset for shared memory.  The value check of
 * FUTEX_WAIT and the wake-ups are serialised by the sentry's loop, so no
 * wake-up can slip between them.  PI futexes (the word holds the owner's
 * tid) are offered without the priority boosting: the sentry does not
 * schedule by priority, but locking, handing over and the owner-died
 * protocol are Linux's.
 */
#define _GNU_SOURCE
#include "det.h"
#include "futex.h"

#include <errno.h>
#include <linux/futex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <uthash.h>

#include "../mm/mm.h"
#include "sched.h"
#include "task.h"

struct futex_key {
	uint64_t a, b;
};

struct futex_q;

struct futex_bucket {
	struct futex_key key;
	TAILQ_HEAD(, futex_q) waiters;
	UT_hash_handle hh;
};

struct futex_q {
	TAILQ_ENTRY(futex_q) link;
	struct futex_bucket *bucket;
	struct task *task;
	uint32_t bitset;
	bool woken;
	/* What the wait was for, for a restart (restart_block is written
	 * only together with its function, as Linux does). */
	uint64_t uaddr;
	uint32_t val;
	bool private;
	/* A PI waiter (FUTEX_LOCK_PI): woken as the new owner (handoff) or
	 * to try again (the owner died). */
	bool pi, handoff;
};

static struct futex_bucket *buckets;

static struct futex_bucket *bucket_get(const struct futex_key *key, bool create)
{
	struct futex_bucket *b;
	HASH_FIND(hh, buckets, key, sizeof(*key), b);
	if (b || !create)
		return b;
	b = calloc(1, sizeof(*b));
	if (!b)
		return NULL;
	b->key = *key;
	TAILQ_INIT(&b->waiters);
	HASH_ADD(hh, buckets, key, sizeof(b->key), b);
	return b;
}

static void bucket_maybe_free(struct futex_bucket *b)
{
	if (TAILQ_EMPTY(&b->waiters)) {
		HASH_DEL(buckets, b);
		free(b);
	}
}

/* Linux's TASK_SIZE_MAX: the limit of access_ok. */
#define TASK_SIZE_MAX 0x7ffffffff000UL

/* The key of the word at @uaddr (get_futex_key): misaligned is EINVAL, an
 * address no user pointer can have is EFAULT.  A private key is tagged
 * (the low bit of the mm pointer) so that it never equals the shared key of
 * the same word in private memory, as FUT_OFF_MMSHARED keeps them apart in
 * Linux: a private wake does not find a shared waiter, nor the reverse. */
static int get_key(struct task *t, uint64_t uaddr, bool private, struct futex_key *key)
{
	if (uaddr & 3)
		return -EINVAL;
	if (uaddr > TASK_SIZE_MAX - sizeof(uint32_t))
		return -EFAULT;
	if (private) {
		key->a = (uint64_t)(uintptr_t)t->mm | 1;
		key->b = uaddr;
		return 0;
	}
	/* A shared key needs the page (get_user_pages): unreadable memory is
	 * EFAULT, and so is a read-only page of private anonymous memory,
	 * which can never change. */
	const struct vma *v = mm_find_vma(t->mm, uaddr);
	if (!v || !(v->prot & PROT_READ))
		return -EFAULT;
	if (!(v->flags & VMA_SHARED) && !v->file && !(v->prot & PROT_WRITE))
		return -EFAULT;
	return mm_futex_key(t->mm, uaddr, &key->a, &key->b);
}

static void q_unqueue(struct futex_q *q)
{
	if (!q->bucket)
		return;
	TAILQ_REMOVE(&q->bucket->waiters, q, link);
	bucket_maybe_free(q->bucket);
	q->bucket = NULL;
}

/* Take @q off its bucket and wake its task; the bucket stays even when it
 * empties (the caller frees it once done with it). */
static void q_wake(struct futex_q *q)
{
	TAILQ_REMOVE(&q->bucket->waiters, q, link);
	q->bucket = NULL;
	q->woken = true;
	task_wake(q->task);
}

/* Wake up to @n waiters of @key whose bitset meets @bitset.  As Linux's
 * loop counts a wake-up before it compares, a count of 0 or less still
 * wakes one. */
static int wake_key(const struct futex_key *key, int n, uint32_t bitset)
{
	struct futex_bucket *b = bucket_get(key, false);
	if (!b)
		return 0;
	int woken = 0;
	struct futex_q *q, *next;
	TAILQ_FOREACH_SAFE(q, &b->waiters, link, next)
	{
		if (!(q->bitset & bitset))
			continue;
		q_wake(q);
		if (++woken >= n)
			break;
	}
	bucket_maybe_free(b);
	return woken;
}

/* --- FUTEX_WAIT and its restart ----------------------------------------- */

static void wait_cleanup(struct task *t)
{
	if (t->futex_q) {
		q_unqueue(t->futex_q);
		free(t->futex_q);
		t->futex_q = NULL;
	}
}

static long futex_wait_restart(struct task *t);

/* Interrupted by a signal: without a timeout the call restarts as is; with
 * one it restarts through restart_syscall with the same absolute expiry. */
static long wait_interrupted(struct task *t)
{
	struct futex_q *q = t->futex_q;
	if (q && t->sc.deadline_ns) {
		t->restart.futex.uaddr = q->uaddr;
		t->restart.futex.val = q->val;
		t->restart.futex.bitset = q->bitset;
		t->restart.futex.private = q->private;
	}
	wait_cleanup(t);
	if (!t->sc.deadline_ns)
		return -ERESTARTSYS;
	t->restart.fn = futex_wait_restart;
	t->restart.deadline_ns = t->sc.deadline_ns;
	return -ERESTART_RESTARTBLOCK;
}

static long wait_core(struct task *t, uint64_t uaddr, bool private, uint32_t val, uint32_t bitset)
{
	if (t->futex_q) {
		/* Running again: woken, timed out, or spurious. */
		struct futex_q *q = t->futex_q;
		if (q->woken) {
			wait_cleanup(t);
			return 0;
		}
		if (t->sc.timed_out || (t->sc.deadline_ns && now_ns() >= t->sc.deadline_ns)) {
			wait_cleanup(t);
			return -ETIMEDOUT;
		}
	} else {
		struct futex_key key;
		int r = get_key(t, uaddr, private, &key);
		if (r < 0)
			return r;
		uint32_t cur;
		if (copy_from_user(t->mm, &cur, uaddr, sizeof(cur)) < 0)
			return -EFAULT;
		if (cur != val)
			return -EAGAIN;
		if (t->sc.deadline_ns && now_ns() >= t->sc.deadline_ns)
			return -ETIMEDOUT;
		struct futex_q *q = calloc(1, sizeof(*q));
		struct futex_bucket *b = q ? bucket_get(&key, true) : NULL;
		if (!b) {
			free(q);
			return -ENOMEM;
		}
		q->bucket = b;
		q->task = t;
		q->bitset = bitset;
		TAILQ_INSERT_TAIL(&b->waiters, q, link);
		q->uaddr = uaddr;
		q->val = val;
		q->private = private;
		t->futex_q = q;
	}
	if (t->sc.deadline_ns)
		task_set_deadline(t, t->sc.deadline_ns);
	t->sc.interrupt = wait_interrupted;
	return -SBX_BLOCK;
}

static long futex_wait_restart(struct task *t)
{
	t->sc.deadline_ns = t->restart.deadline_ns;
	t->restart.fn = NULL;
	return wait_core(t, t->restart.futex.uaddr, t->restart.futex.private,
			 t->restart.futex.val, t->restart.futex.bitset);
}

/* The timeout of a wait: relative for FUTEX_WAIT, absolute for the
 * others, on CLOCK_MONOTONIC or (FUTEX_CLOCK_REALTIME) CLOCK_REALTIME.
 * Sets t->sc.deadline_ns (monotonic) on the first run. */
static int wait_deadline(struct task *t, uint64_t utime, bool absolute, bool realtime)
{
	if (!utime || t->sc.progress)
		return 0;
	struct timespec ts;
	if (copy_from_user(t->mm, &ts, utime, sizeof(ts)) < 0)
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000L)
		return -EINVAL;
	uint64_t ns = (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
	uint64_t now = now_ns();
	if (!absolute) {
		t->sc.deadline_ns = now + ns;
	} else if (realtime) {
		struct timespec rt;
		clock_realtime(&rt);
		uint64_t rnow = (uint64_t)rt.tv_sec * 1000000000ULL + (uint64_t)rt.tv_nsec;
		t->sc.deadline_ns = ns > rnow ? now + (ns - rnow) : now;
	} else {
		t->sc.deadline_ns = ns;
	}
	if (!t->sc.deadline_ns)
		t->sc.deadline_ns = 1; /* expired at once, but set */
	t->sc.progress = 1;
	return 0;
}

/* --- requeue and wake_op ------------------------------------------------ */

static long requeue(struct task *t, uint64_t uaddr, uint64_t uaddr2, bool private, int nr_wake,
		    int nr_requeue, const uint32_t *cmpval)
{
	if (nr_wake < 0 || nr_requeue < 0)
		return -EINVAL;
	struct futex_key k1, k2;
	int r = get_key(t, uaddr, private, &k1);
	if (r == 0)
		r = get_key(t, uaddr2, private, &k2);
	if (r < 0)
		return r;
	if (cmpval) {
		uint32_t cur;
		if (copy_from_user(t->mm, &cur, uaddr, sizeof(cur)) < 0)
			return -EFAULT;
		if (cur != *cmpval)
			return -EAGAIN;
	}
	/* futex_requeue: wake the first @nr_wake, move up to @nr_requeue more;
	 * the count includes both.  Onto the same word nothing moves, but the
	 * waiters are still counted. */
	struct futex_bucket *b1 = bucket_get(&k1, false);
	if (!b1)
		return 0;
	bool same = memcmp(&k1, &k2, sizeof(k1)) == 0;
	struct futex_bucket *b2 = NULL;
	long count = 0;
	struct futex_q *q, *next;
	TAILQ_FOREACH_SAFE(q, &b1->waiters, link, next)
	{
		if (count - nr_wake >= nr_requeue)
			break;
		if (++count <= nr_wake) {
			q_wake(q);
			continue;
		}
		if (same)
			continue;
		if (!b2 && !(b2 = bucket_get(&k2, true))) {
			count--;
			break;
		}
		TAILQ_REMOVE(&b1->waiters, q, link);
		TAILQ_INSERT_TAIL(&b2->waiters, q, link);
		q->bucket = b2;
		/* A restart of the moved waiter must look at the new word. */
		q->uaddr = uaddr2;
	}
	bucket_maybe_free(b1);
	if (b2)
		bucket_maybe_free(b2);
	return count;
}

static long wake_op(struct task *t, uint64_t uaddr, uint64_t uaddr2, bool private, int nr_wake,
		    int nr_wake2, uint32_t encoded)
{
	int op = (encoded >> 28) & 7, cmp = (encoded >> 24) & 15;
	int oparg = (int)(encoded << 8) >> 20, cmparg = (int)(encoded << 20) >> 20;
	if (encoded & ((uint32_t)FUTEX_OP_OPARG_SHIFT << 28)) {
		if (oparg < 0 || oparg > 31)
			oparg &= 31; /* as the kernel does, with a warning */
		oparg = (int)(1u << oparg);
	}
	struct futex_key k1, k2;
	int r = get_key(t, uaddr, private, &k1);
	if (r == 0)
		r = get_key(t, uaddr2, private, &k2);
	if (r < 0)
		return r;
	uint32_t *p = user_u32_ptr(t->mm, uaddr2, true);
	if (!p)
		return -EFAULT;
	uint32_t old;
	switch (op) {
	case FUTEX_OP_SET:
		old = __atomic_exchange_n(p, (uint32_t)oparg, __ATOMIC_SEQ_CST);
		break;
	case FUTEX_OP_ADD:
		old = __atomic_fetch_add(p, (uint32_t)oparg, __ATOMIC_SEQ_CST);
		break;
	case FUTEX_OP_OR:
		old = __atomic_fetch_or(p, (uint32_t)oparg, __ATOMIC_SEQ_CST);
		break;
	case FUTEX_OP_ANDN:
		old = __atomic_fetch_and(p, ~(uint32_t)oparg, __ATOMIC_SEQ_CST);
		break;
	case FUTEX_OP_XOR:
		old = __atomic_fetch_xor(p, (uint32_t)oparg, __ATOMIC_SEQ_CST);
		break;
	default:
		return -ENOSYS;
	}
	int o = (int)old;
	bool hit;
	switch (cmp) {
	case FUTEX_OP_CMP_EQ:
		hit = o == cmparg;
		break;
	case FUTEX_OP_CMP_NE:
		hit = o != cmparg;
		break;
	case FUTEX_OP_CMP_LT:
		hit = o < cmparg;
		break;
	case FUTEX_OP_CMP_LE:
		hit = o <= cmparg;
		break;
	case FUTEX_OP_CMP_GT:
		hit = o > cmparg;
		break;
	case FUTEX_OP_CMP_GE:
		hit = o >= cmparg;
		break;
	default:
		return -ENOSYS;
	}
	long n = wake_key(&k1, nr_wake, FUTEX_BITSET_MATCH_ANY);
	if (hit)
		n += wake_key(&k2, nr_wake2, FUTEX_BITSET_MATCH_ANY);
	return n;
}

/* --- PI futexes (kernel/futex/pi.c) ------------------------------------ */

/* The first PI waiter queued on @key, or NULL. */
static struct futex_q *pi_top_waiter(const struct futex_key *key)
{
	struct futex_bucket *b = bucket_get(key, false);
	if (!b)
		return NULL;
	struct futex_q *q;
	TAILQ_FOREACH(q, &b->waiters, link)
	{
		if (q->pi)
			return q;
	}
	return NULL;
}

static long lock_pi_interrupted(struct task *t)
{
	bool owner = t->futex_q && t->futex_q->woken && t->futex_q->handoff;
	wait_cleanup(t);
	if (owner)
		return 0;	/* handed the lock already: it is taken */
	return -ERESTARTNOINTR; /* futex_lock_pi: a signal never ends it */
}

/* FUTEX_LOCK_PI, FUTEX_LOCK_PI2 and (@try) FUTEX_TRYLOCK_PI: take the word
 * when it holds no owner (keeping FUTEX_OWNER_DIED for the caller to see,
 * and FUTEX_WAITERS while others wait), else mark it FUTEX_WAITERS and
 * wait to be handed the lock. */
static long lock_pi(struct task *t, uint64_t uaddr, bool private, bool try)
{
	if (t->futex_q) {
		struct futex_q *q = t->futex_q;
		if (q->woken && q->handoff) {
			wait_cleanup(t);
			return 0;
		}
		bool retry = q->woken;
		wait_cleanup(t);
		if (!retry &&
		    (t->sc.timed_out || (t->sc.deadline_ns && now_ns() >= t->sc.deadline_ns)))
			return -ETIMEDOUT;
	}
	struct futex_key key;
	int r = get_key(t, uaddr, private, &key);
	if (r < 0)
		return r;
	uint32_t *p = user_u32_ptr(t->mm, uaddr, true);
	if (!p)
		return -EFAULT;
	uint32_t tid = (uint32_t)t->tid;
	uint32_t uval = __atomic_load_n(p, __ATOMIC_SEQ_CST);
	for (;;) {
		uint32_t owner = uval & FUTEX_TID_MASK;
		if (owner == tid)
			return -EDEADLK;
		if (!owner) {
			uint32_t nval = tid | (uval & FUTEX_OWNER_DIED);
			if (pi_top_waiter(&key))
				nval |= FUTEX_WAITERS;
			if (__atomic_compare_exchange_n(p, &uval, nval, false, __ATOMIC_SEQ_CST,
							__ATOMIC_SEQ_CST))
				return 0;
			continue;
		}
		/* Owned by someone else: is that someone there at all
		 * (attach_to_pi_owner)? */
		struct task *o = task_lookup((pid_t)owner);
		if (!o || o->state == TASK_DEAD)
			return -ESRCH;
		if (try)
			return -EWOULDBLOCK;
		if (uval & FUTEX_WAITERS)
			break;
		if (__atomic_compare_exchange_n(p, &uval, uval | FUTEX_WAITERS, false,
						__ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
			break;
	}
	if (t->sc.deadline_ns && now_ns() >= t->sc.deadline_ns)
		return -ETIMEDOUT;
	struct futex_q *q = calloc(1, sizeof(*q));
	struct futex_bucket *b = q ? bucket_get(&key, true) : NULL;
	if (!b) {
		free(q);
		return -ENOMEM;
	}
	q->bucket = b;
	q->task = t;
	q->bitset = FUTEX_BITSET_MATCH_ANY;
	q->uaddr = uaddr;
	q->private = private;
	q->pi = true;
	TAILQ_INSERT_TAIL(&b->waiters, q, link);
	t->futex_q = q;
	if (t->sc.deadline_ns)
		task_set_deadline(t, t->sc.deadline_ns);
	t->sc.interrupt = lock_pi_interrupted;
	return -SBX_BLOCK;
}

/* FUTEX_UNLOCK_PI: only the owner may; the lock goes straight to the
 * first waiter (wake_futex_pi: its tid with FUTEX_WAITERS), or the word
 * becomes 0. */
static long unlock_pi(struct task *t, uint64_t uaddr, bool private)
{
	struct futex_key key;
	int r = get_key(t, uaddr, private, &key);
	if (r < 0)
		return r;
	uint32_t *p = user_u32_ptr(t->mm, uaddr, true);
	if (!p)
		return -EFAULT;
	uint32_t uval = __atomic_load_n(p, __ATOMIC_SEQ_CST);
	for (;;) {
		if ((uval & FUTEX_TID_MASK) != (uint32_t)t->tid)
			return -EPERM;
		struct futex_q *q = pi_top_waiter(&key);
		uint32_t nval = q ? FUTEX_WAITERS | (uint32_t)q->task->tid : 0;
		if (!__atomic_compare_exchange_n(p, &uval, nval, false, __ATOMIC_SEQ_CST,
						 __ATOMIC_SEQ_CST))
			continue;
		if (q) {
			struct futex_bucket *b = q->bucket;
			q->handoff = true;
			q_wake(q);
			bucket_maybe_free(b);
		}
		return 0;
	}
}

long do_futex(struct task *t, uint64_t uaddr, int op, uint32_t val, uint64_t utime,
	      uint64_t uaddr2, uint32_t val3)
{
	int cmd = op & FUTEX_CMD_MASK;
	bool private = op & FUTEX_PRIVATE_FLAG;
	bool realtime = op & FUTEX_CLOCK_REALTIME;
	/* CLOCK_REALTIME only for the absolute timeouts (not FUTEX_WAIT's). */
	if (realtime && cmd != FUTEX_WAIT_BITSET && cmd != FUTEX_WAIT_REQUEUE_PI &&
	    cmd != FUTEX_LOCK_PI2)
		return -ENOSYS;
	int r;
	switch (cmd) {
	case FUTEX_WAIT:
		val3 = FUTEX_BITSET_MATCH_ANY;
		/* fall through */
	case FUTEX_WAIT_BITSET:
		if (!val3)
			return -EINVAL;
		r = wait_deadline(t, utime, cmd == FUTEX_WAIT_BITSET, realtime);
		if (r < 0)
			return r;
		return wait_core(t, uaddr, private, val, val3);
	case FUTEX_WAKE:
		val3 = FUTEX_BITSET_MATCH_ANY;
		/* fall through */
	case FUTEX_WAKE_BITSET: {
		if (!val3)
			return -EINVAL;
		struct futex_key key;
		r = get_key(t, uaddr, private, &key);
		if (r < 0)
			return r;
		return wake_key(&key, (int)val, val3);
	}
	case FUTEX_REQUEUE:
		return requeue(t, uaddr, uaddr2, private, (int)val, (int)utime, NULL);
	case FUTEX_CMP_REQUEUE:
		return requeue(t, uaddr, uaddr2, private, (int)val, (int)utime, &val3);
	case FUTEX_WAKE_OP:
		return wake_op(t, uaddr, uaddr2, private, (int)val, (int)utime, val3);
	case FUTEX_LOCK_PI:
		/* An absolute CLOCK_REALTIME timeout (LOCK_PI2: monotonic
		 * unless FUTEX_CLOCK_REALTIME). */
		realtime = true;
		/* fall through */
	case FUTEX_LOCK_PI2:
		r = wait_deadline(t, utime, true, realtime);
		if (r < 0)
			return r;
		return lock_pi(t, uaddr, private, false);
	case FUTEX_TRYLOCK_PI:
		return lock_pi(t, uaddr, private, true);
	case FUTEX_UNLOCK_PI:
		return unlock_pi(t, uaddr, private);
	default:
		/* FUTEX_WAIT_REQUEUE_PI, FUTEX_CMP_REQUEUE_PI (which the C
		 * libraries no longer use) and unknown commands. */
		return -ENOSYS;
	}
}

/* --- futex_waitv (kernel/futex/waitwake.c futex_wait_multiple) ------------ */

#define FUTEX_WAITV_MAX  128
#define FUTEX2_SIZE_U32  0x02
#define FUTEX2_SIZE_MASK 0x03
#define FUTEX2_NUMA      0x04
#define FUTEX2_PRIVATE   128

struct futex_waitv_user {
	uint64_t val, uaddr;
	uint32_t flags, reserved;
};

struct futexv {
	unsigned n;
	struct futex_q q[];
};

static void waitv_cleanup(struct task *t)
{
	struct futexv *v = t->futex_qv;
	if (!v)
		return;
	for (unsigned i = 0; i < v->n; i++)
		q_unqueue(&v->q[i]);
	free(v);
	t->futex_qv = NULL;
}

static long waitv_interrupted(struct task *t)
{
	waitv_cleanup(t);
	return -ERESTARTSYS; /* the timeout is absolute: the same on restart */
}

long do_futex_waitv(struct task *t, uint64_t uwaiters, unsigned n, unsigned flags,
		    uint64_t utimeout, int clockid)
{
	struct futexv *v = t->futex_qv;
	if (v) {
		/* Running again: the last of them that was woken, as
		 * futex_unqueue_multiple answers. */
		int idx = -1;
		for (unsigned i = 0; i < v->n; i++)
			if (v->q[i].woken)
				idx = (int)i;
		if (idx >= 0) {
			waitv_cleanup(t);
			return idx;
		}
		if (t->sc.timed_out || (t->sc.deadline_ns && now_ns() >= t->sc.deadline_ns)) {
			waitv_cleanup(t);
			return -ETIMEDOUT;
		}
		if (t->sc.deadline_ns)
			task_set_deadline(t, t->sc.deadline_ns);
		t->sc.interrupt = waitv_interrupted;
		return -SBX_BLOCK;
	}
	if (flags)
		return -EINVAL;
	if (!n || n > FUTEX_WAITV_MAX || !uwaiters)
		return -EINVAL;
	if (utimeout) {
		if (clockid != CLOCK_REALTIME && clockid != CLOCK_MONOTONIC)
			return -EINVAL;
		int r = wait_deadline(t, utimeout, true, clockid == CLOCK_REALTIME);
		if (r < 0)
			return r;
	}
	struct futex_waitv_user w[FUTEX_WAITV_MAX];
	if (copy_from_user(t->mm, w, uwaiters, n * sizeof(w[0])) < 0)
		return -EFAULT;
	struct futex_key keys[FUTEX_WAITV_MAX];
	for (unsigned i = 0; i < n; i++) {
		/* futex_parse_waitv: 32-bit futexes only, no reserved bits. */
		if ((w[i].flags & ~(uint32_t)(FUTEX2_SIZE_MASK | FUTEX2_NUMA | FUTEX2_PRIVATE)) ||
		    w[i].reserved)
			return -EINVAL;
		if ((w[i].flags & FUTEX2_SIZE_MASK) != FUTEX2_SIZE_U32 ||
		    (w[i].flags & FUTEX2_NUMA) || w[i].val > UINT32_MAX)
			return -EINVAL;
		int r = get_key(t, w[i].uaddr, w[i].flags & FUTEX2_PRIVATE, &keys[i]);
		if (r < 0)
			return r;
	}
	for (unsigned i = 0; i < n; i++) {
		uint32_t cur;
		if (copy_from_user(t->mm, &cur, w[i].uaddr, sizeof(cur)) < 0)
			return -EFAULT;
		if (cur != (uint32_t)w[i].val)
			return -EAGAIN;
	}
	if (t->sc.deadline_ns && now_ns() >= t->sc.deadline_ns)
		return -ETIMEDOUT;
	v = calloc(1, sizeof(*v) + n * sizeof(v->q[0]));
	if (!v)
		return -ENOMEM;
	for (unsigned i = 0; i < n; i++) {
		struct futex_bucket *b = bucket_get(&keys[i], true);
		if (!b) {
			v->n = i;
			t->futex_qv = v;
			waitv_cleanup(t);
			return -ENOMEM;
		}
		struct futex_q *q = &v->q[i];
		q->bucket = b;
		q->task = t;
		q->bitset = FUTEX_BITSET_MATCH_ANY;
		q->uaddr = w[i].uaddr;
		q->val = (uint32_t)w[i].val;
		q->private = w[i].flags & FUTEX2_PRIVATE;
		TAILQ_INSERT_TAIL(&b->waiters, q, link);
	}
	v->n = n;
	t->futex_qv = v;
	if (t->sc.deadline_ns)
		task_set_deadline(t, t->sc.deadline_ns);
	t->sc.interrupt = waitv_interrupted;
	return -SBX_BLOCK;
}

int futex_wake_addr(struct task *t, uint64_t uaddr, int n)
{
	struct futex_key key;
	if (get_key(t, uaddr, false, &key) < 0)
		return 0;
	return wake_key(&key, n, FUTEX_BITSET_MATCH_ANY);
}

/* The owner of PI futex @uaddr died holding it: its first waiter, queued
 * with either key, tries again and takes it (with FUTEX_OWNER_DIED), as
 * exit_pi_state_list hands it on. */
static void pi_wake_after_death(struct task *t, uint64_t uaddr)
{
	for (int priv = 0; priv < 2; priv++) {
		struct futex_key key;
		if (get_key(t, uaddr, priv, &key) < 0)
			continue;
		struct futex_q *q = pi_top_waiter(&key);
		if (q) {
			struct futex_bucket *b = q->bucket;
			q_wake(q);
			bucket_maybe_free(b);
			return;
		}
	}
}

/* One robust futex at exit (handle_futex_death). */
static void futex_death(struct task *t, uint64_t uaddr, bool pending, bool pi)
{
	uint32_t *p = user_u32_ptr(t->mm, uaddr, true);
	if (!p)
		return;
	uint32_t uval = __atomic_load_n(p, __ATOMIC_SEQ_CST);
	for (;;) {
		/* A pending op that never took the lock: just wake someone. */
		if (pending && uval == 0) {
			futex_wake_addr(t, uaddr, 1);
			return;
		}
		if ((uval & FUTEX_TID_MASK) != (uint32_t)t->tid)
			return;
		uint32_t nval = (uval & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
		if (__atomic_compare_exchange_n(p, &uval, nval, false, __ATOMIC_SEQ_CST,
						__ATOMIC_SEQ_CST))
			break;
	}
	if (uval & FUTEX_WAITERS) {
		if (pi)
			pi_wake_after_death(t, uaddr);
		else
			futex_wake_addr(t, uaddr, 1);
	}
}

void futex_exit_robust_list(struct task *t)
{
	if (!t->robust_list)
		return;
	struct robust_list_head head;
	if (copy_from_user(t->mm, &head, t->robust_list, sizeof(head)) < 0)
		return;
	/* The low bit of an entry says the futex is a PI one. */
	uint64_t entry = (uint64_t)head.list.next;
	uint64_t pending = (uint64_t)head.list_op_pending & ~1UL;
	bool pending_pi = (uint64_t)head.list_op_pending & 1;
	long off = head.futex_offset;
	int limit = ROBUST_LIST_LIMIT;
	while (entry != t->robust_list && limit-- > 0) {
		uint64_t e = entry & ~1UL;
		uint64_t next;
		if (copy_from_user(t->mm, &next, e, sizeof(next)) < 0)
			break;
		if (e != pending)
			futex_death(t, e + (uint64_t)off, false, entry & 1);
		entry = next;
	}
	if (pending)
		futex_death(t, pending + (uint64_t)off, true, pending_pi);
	t->robust_list = 0;
}
