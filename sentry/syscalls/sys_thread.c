/* Thread set-up calls and exit (arch/x86/kernel/process_64.c,
 * kernel/fork.c, kernel/futex/syscalls.c, kernel/exit.c). */
#define _GNU_SOURCE
#include <asm/prctl.h>
#include <errno.h>
#include <linux/futex.h>

#include "../kernel/signal.h"
#include "../kernel/task.h"
#include "../../platform/platform.h"
#include "../mm/mm.h"
#include "../mm/syscall_patch.h"
#include "syscalls.h"

/* Linux's TASK_SIZE_MAX on 4-level paging: fs/gs bases must be below. */
#define TASK_SIZE_MAX 0x7ffffffff000UL

SYSCALL(arch_prctl)
{
	int code = (int)a[0];
	uint64_t addr = a[1];
	struct user_regs_struct *r = &t->regs.gp;
	switch (code) {
	case ARCH_SET_FS:
		if (addr >= TASK_SIZE_MAX)
			return -EPERM;
		r->fs_base = addr;
		return 0;
	case ARCH_SET_GS:
		if (addr >= TASK_SIZE_MAX)
			return -EPERM;
		/* Patched syscalls find their slot through the gs base. */
		if (addr && platform_fast_entry())
			syscall_patch_disable(t->mm);
		r->gs_base = addr;
		return 0;
	case ARCH_GET_FS:
		return copy_to_user(t->mm, addr, &r->fs_base, sizeof(r->fs_base));
	case ARCH_GET_GS:
		return copy_to_user(t->mm, addr, &r->gs_base, sizeof(r->gs_base));
	case ARCH_GET_CPUID:
		return 1; /* cpuid is not faulting */
	case ARCH_SET_CPUID:
		return addr ? 0 : -ENODEV; /* no CPUID faulting offered */
	default:
		return -EINVAL;
	}
}

SYSCALL(set_tid_address)
{
	t->clear_child_tid = a[0];
	return t->tid;
}

SYSCALL(set_robust_list)
{
	if (a[1] != sizeof(struct robust_list_head))
		return -EINVAL;
	t->robust_list = a[0];
	t->robust_len = a[1];
	return 0;
}

SYSCALL(get_robust_list)
{
	pid_t pid = (pid_t)a[0];
	struct task *target = pid ? task_lookup(pid) : t;
	if (!target || target->state == TASK_DEAD)
		return -ESRCH;
	uint64_t len = sizeof(struct robust_list_head);
	if (copy_to_user(t->mm, a[2], &len, sizeof(len)) < 0)
		return -EFAULT;
	return copy_to_user(t->mm, a[1], &target->robust_list, sizeof(uint64_t));
}

SYSCALL(exit)
{
	do_exit(t, WSTATUS_EXITED((int)a[0] & 0xff));
	return -SBX_NORESUME;
}

SYSCALL(exit_group)
{
	do_group_exit(t, WSTATUS_EXITED((int)a[0] & 0xff));
	return -SBX_NORESUME;
}
