/* Futexes (kernel/futex/): wait queues keyed by guest memory. */
#ifndef SBX_FUTEX_H
#define SBX_FUTEX_H

#include <stdint.h>

struct task;

/* futex(2): @op with its arguments as the syscall passes them.  Returns
 * the result, -errno or -SBX_BLOCK (run again when woken). */
long do_futex(struct task *t, uint64_t uaddr, int op, uint32_t val, uint64_t utime,
	      uint64_t uaddr2, uint32_t val3);
/* Wake up to @n waiters on @uaddr (shared key), as CLONE_CHILD_CLEARTID
 * does at exit. */
int futex_wake_addr(struct task *t, uint64_t uaddr, int n);
/* Walk @t's robust futex list at exit: mark the futexes it owns with
 * FUTEX_OWNER_DIED and wake a waiter of each. */
void futex_exit_robust_list(struct task *t);

#endif
