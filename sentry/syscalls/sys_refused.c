/* Syscalls refused on purpose, each with the errno a program can act on
 * (docs/syscalls.md gives the reasons): ENOSYS where the facility is
 * absent as in a kernel built without it, EPERM where it exists but the
 * sandbox grants no one the privilege it needs. */
#include <errno.h>

#include "../kernel/task.h"
#include "syscalls.h"

SYSCALL(eperm)
{
	(void)t;
	(void)a;
	return -EPERM;
}
