/* Permission checks (fs/namei.c generic_permission) with the task's
 * filesystem credentials.  Root (fsuid 0) has CAP_DAC_OVERRIDE: it may read
 * and write anything, and execute a file when any x bit is set. */
#include <errno.h>

#include "../kernel/task.h"
#include "vfs.h"

int inode_permission(struct task *t, struct inode *ino, int mask)
{
	mode_t mode = ino->mode;
	if (!t || t->cred.fsuid == 0) {
		if ((mask & MAY_EXEC) && !S_ISDIR(mode) && !(mode & 0111))
			return -EACCES;
		return 0;
	}
	unsigned bits;
	if (t->cred.fsuid == ino->uid)
		bits = (mode >> 6) & 7;
	else if (task_in_group(t, ino->gid))
		bits = (mode >> 3) & 7;
	else
		bits = mode & 7;
	if ((bits & (unsigned)mask) == (unsigned)mask)
		return 0;
	return -EACCES;
}
