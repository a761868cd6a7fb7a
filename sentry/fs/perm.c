/* Permission checks (fs/namei.c generic_permission) with the task's
 * filesystem credentials: the owner, group or other bits, then the
 * capabilities that override them.  CAP_DAC_OVERRIDE may read and write
 * anything, and execute a file when any x bit is set; CAP_DAC_READ_SEARCH
 * may read any file and read and search any directory.  (A task whose
 * fsuid leaves 0 loses both: kernel/cred.c.) */
#include <errno.h>

#include "../kernel/cred.h"
#include "../kernel/task.h"
#include "vfs.h"

/* What the capabilities allow once the mode bits said no. */
static int capable_permission(struct task *t, mode_t mode, int mask)
{
	if (S_ISDIR(mode)) {
		if (!(mask & MAY_WRITE) && capable(t, CAP_DAC_READ_SEARCH))
			return 0;
		return capable(t, CAP_DAC_OVERRIDE) ? 0 : -EACCES;
	}
	if ((!(mask & MAY_EXEC) || (mode & 0111)) && capable(t, CAP_DAC_OVERRIDE))
		return 0;
	if (mask == MAY_READ && capable(t, CAP_DAC_READ_SEARCH))
		return 0;
	return -EACCES;
}

int inode_permission(struct task *t, struct inode *ino, int mask)
{
	mode_t mode = ino->mode;
	if (!t || !t->tg) {
		/* The sentry's own set-up work (no task, or a task of no
		 * process: sandbox_fs.c's set-up task): anything but executing
		 * a file without any x bit. */
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
	return capable_permission(t, mode, mask);
}
