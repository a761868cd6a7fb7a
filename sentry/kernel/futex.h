/* Futexes (kernel/futex/): wait queues keyed by guest memory. */
#ifndef SBX_FUTEX_H
#define SBX_FUTEX_H

#include <stdint.h>

struct task;

/* futex(2): @op with its arguments as the syscall passes them.  Returns
 * the result, -errno or -SBX_BLOCK (run again when woken). */
long do_futex(struct task *t, uint64_t uaddr, int op, uint32_t val, uint64_t utime,
	      uint64_t uaddr2, uint32_t val3);
/* futex_waitv(2): wait on up to 128 32-bit futexes at once; the index of
 * one that was woken, -errno or -SBX_BLOCK. */
long do_futex_waitv(struct task *t, uint64_t uwaiters, unsigned n, unsigned flags,
		    uint64_t utimeout, int clockid);
/* Wake up to @n waiters on @uaddr (shared key), as CLONE_CHILD_CLEARTID
 * does at exit. */
int futex_wake_addr(struct task *t, uint64_t uaddr, int n);
/* Walk @t's robust futex list at exit: mark the futexes it owns with
 * FUTEX_OWNER_DIED and wake a waiter of each. */
void futex_exit_robust_list(struct task *t);

#endif
