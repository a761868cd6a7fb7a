/* The syscall table and dispatch. */
#include <errno.h>
#include <string.h>

#include "../../abi/syscalls.h"
#include "../../util/log.h"
#include "../kernel/sched.h"
#include "../kernel/task.h"
#include "syscalls.h"

static const syscall_fn table[SYSCALL_TABLE_SIZE] = {
	[__NR_read] = sys_read,
	[__NR_write] = sys_write,
	[__NR_close] = sys_close,
	[__NR_fstat] = sys_fstat,
	[__NR_lseek] = sys_lseek,
	[__NR_mmap] = sys_mmap,
	[__NR_mprotect] = sys_mprotect,
	[__NR_munmap] = sys_munmap,
	[__NR_brk] = sys_brk,
	[__NR_ioctl] = sys_ioctl,
	[__NR_pread64] = sys_pread64,
	[__NR_pwrite64] = sys_pwrite64,
	[__NR_readv] = sys_readv,
	[__NR_writev] = sys_writev,
	[__NR_sched_yield] = sys_sched_yield,
	[__NR_mremap] = sys_mremap,
	[__NR_madvise] = sys_madvise,
	[__NR_getpid] = sys_getpid,
	[__NR_exit] = sys_exit,
	[__NR_uname] = sys_uname,
	[__NR_getcwd] = sys_getcwd,
	[__NR_readlink] = sys_readlink,
	[__NR_gettimeofday] = sys_gettimeofday,
	[__NR_getrlimit] = sys_getrlimit,
	[__NR_getuid] = sys_getuid,
	[__NR_getgid] = sys_getgid,
	[__NR_geteuid] = sys_geteuid,
	[__NR_getegid] = sys_getegid,
	[__NR_getppid] = sys_getppid,
	[__NR_arch_prctl] = sys_arch_prctl,
	[__NR_setrlimit] = sys_setrlimit,
	[__NR_gettid] = sys_gettid,
	[__NR_time] = sys_time,
	[__NR_sched_getaffinity] = sys_sched_getaffinity,
	[__NR_set_tid_address] = sys_set_tid_address,
	[__NR_clock_gettime] = sys_clock_gettime,
	[__NR_clock_getres] = sys_clock_getres,
	[__NR_exit_group] = sys_exit_group,
	[__NR_newfstatat] = sys_newfstatat,
	[__NR_readlinkat] = sys_readlinkat,
	[__NR_set_robust_list] = sys_set_robust_list,
	[__NR_get_robust_list] = sys_get_robust_list,
	[__NR_preadv] = sys_preadv,
	[__NR_pwritev] = sys_pwritev,
	[__NR_prlimit64] = sys_prlimit64,
	[__NR_getrandom] = sys_getrandom,
	[__NR_rseq] = sys_enosys_quiet,
};

SYSCALL(enosys_quiet)
{
	(void)t;
	(void)a;
	return -ENOSYS;
}

/* ENOSYS, and one "unsupported" line per syscall name. */
static long sys_unsupported(long nr)
{
	static unsigned char reported[SYSCALL_TABLE_SIZE];
	const char *name = syscall_name(nr);
	if (nr >= 0 && nr < SYSCALL_TABLE_SIZE) {
		if (!reported[nr]) {
			reported[nr] = 1;
			if (name)
				sbx_msg("unsupported syscall %s", name);
			else
				sbx_msg("unsupported syscall %ld", nr);
		}
	}
	return -ENOSYS;
}

void syscall_enter(struct task *t)
{
	const struct user_regs_struct *r = &t->regs.gp;
	t->sc.nr = (long)r->orig_rax;
	t->sc.args[0] = r->rdi;
	t->sc.args[1] = r->rsi;
	t->sc.args[2] = r->rdx;
	t->sc.args[3] = r->r10;
	t->sc.args[4] = r->r8;
	t->sc.args[5] = r->r9;
	t->sc.started_ns = 0;
	t->sc.deadline_ns = 0;
	t->sc.timed_out = false;
	t->sc.progress = 0;
	t->in_syscall = true;
}

void do_syscall(struct task *t)
{
	long nr = t->sc.nr;
	long r;
	if (nr >= 0 && nr < SYSCALL_TABLE_SIZE && table[nr])
		r = table[nr](t, t->sc.args);
	else if ((unsigned long)nr & 0x40000000UL)
		r = -ENOSYS; /* x32 ABI numbers: not on this kernel */
	else
		r = sys_unsupported(nr);
	if (r == -SBX_BLOCK) {
		t->state = TASK_BLOCKED;
		return;
	}
	t->in_syscall = false;
	if (r == -SBX_NORESUME)
		return;
	if (r != -SBX_REGS)
		t->regs.gp.rax = (unsigned long)r;
	task_resume(t);
}
