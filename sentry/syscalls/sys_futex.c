/* futex(2) and futex_waitv(2) (kernel/futex/syscalls.c). */
#include "../kernel/futex.h"
#include "../kernel/task.h"
#include "syscalls.h"

SYSCALL(futex)
{
	return do_futex(t, a[0], (int)a[1], (uint32_t)a[2], a[3], a[4], (uint32_t)a[5]);
}

SYSCALL(futex_waitv)
{
	return do_futex_waitv(t, a[0], (unsigned)a[1], (unsigned)a[2], a[3], (int)a[4]);
}
