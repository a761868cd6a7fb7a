/* seccomp(2): a guest's own syscall filters (kernel/seccomp.c); the
 * filters and their interpreter are in kernel/seccomp.c. */
#include "../kernel/seccomp.h"
#include "../kernel/task.h"
#include "syscalls.h"

SYSCALL(seccomp)
{
	return do_seccomp(t, (unsigned)a[0], (unsigned)a[1], a[2]);
}
