/* unshare(2) (kernel/fork.c ksys_unshare): give the caller its own copy
 * of resources it shares.  Namespaces are refused with EPERM, as clone
 * refuses them (docs/design.md). */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>

#include "../fs/fdtable.h"
#include "../fs/fs_struct.h"
#include "../kernel/signal.h"
#include "../kernel/task.h"
#include "../mm/mm.h"
#include "syscalls.h"

#define NS_FLAGS                                                                                   \
	(CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWUSER | CLONE_NEWPID |  \
	 CLONE_NEWCGROUP | CLONE_NEWTIME)

SYSCALL(unshare)
{
	unsigned long flags = a[0];
	if (flags & ~(unsigned long)(CLONE_THREAD | CLONE_FS | CLONE_SIGHAND | CLONE_VM |
				     CLONE_FILES | CLONE_SYSVSEM | NS_FLAGS))
		return -EINVAL;
	/* Not implemented, but fine when there is nothing to unshare. */
	if (flags & (CLONE_THREAD | CLONE_SIGHAND | CLONE_VM)) {
		if (t->tg->live > 1)
			return -EINVAL;
	}
	if ((flags & (CLONE_SIGHAND | CLONE_VM)) && t->sighand->refs > 1)
		return -EINVAL;
	if ((flags & CLONE_VM) && t->mm->users > 1)
		return -EINVAL;
	if (flags & NS_FLAGS)
		return -EPERM;
	if ((flags & CLONE_FS) && t->fs->refs > 1) {
		struct fs_struct *fs = fs_copy(t->fs);
		if (!fs)
			return -ENOMEM;
		fs_put(t->fs);
		t->fs = fs;
	}
	if ((flags & CLONE_FILES) && t->files->refs > 1) {
		struct files_struct *files = files_dup(t->files);
		if (!files)
			return -ENOMEM;
		files_put(t->files);
		t->files = files;
	}
	return 0;
}
