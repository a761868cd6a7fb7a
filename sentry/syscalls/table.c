/* The syscall table and dispatch. */
#include <errno.h>
#include <string.h>

#include "../../abi/syscalls.h"
#include "../../util/log.h"
#include "../fuzz/afl_shm.h"
#include "../fuzz/forksrv.h"
#include "../fuzz/limits.h"
#include "../fuzz/scring.h"
#include "../kernel/det.h"
#include "../kernel/sched.h"
#include "../kernel/seccomp.h"
#include "../kernel/task.h"
#include "../trace/trace.h"
#include "../mm/mm.h"
#include "syscalls.h"

static const syscall_fn table[SYSCALL_TABLE_SIZE] = {
	[__NR_read] = sys_read,
	[__NR_write] = sys_write,
	[__NR_close] = sys_close,
	[__NR_fstat] = sys_fstat,
	[__NR_lseek] = sys_lseek,
	[__NR_mmap] = sys_mmap,
	[__NR_mprotect] = sys_mprotect,
	[__NR_pkey_mprotect] = sys_pkey_mprotect,
	[__NR_pkey_alloc] = sys_pkey_alloc,
	[__NR_pkey_free] = sys_pkey_free,
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
	[__NR_settimeofday] = sys_settimeofday,
	[__NR_clock_settime] = sys_clock_settime,
	[__NR_adjtimex] = sys_adjtimex,
	[__NR_clock_adjtime] = sys_clock_adjtime,
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
	[__NR_preadv2] = sys_preadv2,
	[__NR_pwritev2] = sys_pwritev2,
	[__NR_prlimit64] = sys_prlimit64,
	[__NR_getrandom] = sys_getrandom,
	[__NR_rseq] = sys_enosys_quiet,
	[__NR_rt_sigaction] = sys_rt_sigaction,
	[__NR_rt_sigprocmask] = sys_rt_sigprocmask,
	[__NR_rt_sigpending] = sys_rt_sigpending,
	[__NR_rt_sigsuspend] = sys_rt_sigsuspend,
	[__NR_rt_sigtimedwait] = sys_rt_sigtimedwait,
	[__NR_rt_sigqueueinfo] = sys_rt_sigqueueinfo,
	[__NR_rt_tgsigqueueinfo] = sys_rt_tgsigqueueinfo,
	[__NR_rt_sigreturn] = sys_rt_sigreturn,
	[__NR_kill] = sys_kill,
	[__NR_tkill] = sys_tkill,
	[__NR_tgkill] = sys_tgkill,
	[__NR_sigaltstack] = sys_sigaltstack,
	[__NR_pause] = sys_pause,
	[__NR_restart_syscall] = sys_restart_syscall,
	[__NR_clone] = sys_clone,
	[__NR_clone3] = sys_clone3,
	[__NR_fork] = sys_fork,
	[__NR_vfork] = sys_vfork,
	[__NR_wait4] = sys_wait4,
	[__NR_waitid] = sys_waitid,
	[__NR_execve] = sys_execve,
	[__NR_execveat] = sys_execveat,
	[__NR_setpgid] = sys_setpgid,
	[__NR_getpgid] = sys_getpgid,
	[__NR_getpgrp] = sys_getpgrp,
	[__NR_getsid] = sys_getsid,
	[__NR_setsid] = sys_setsid,
	[__NR_pidfd_open] = sys_pidfd_open,
	[__NR_pidfd_send_signal] = sys_pidfd_send_signal,
	[__NR_futex] = sys_futex,
	[__NR_futex_waitv] = sys_futex_waitv,
	[__NR_nanosleep] = sys_nanosleep,
	[__NR_clock_nanosleep] = sys_clock_nanosleep,
	[__NR_getitimer] = sys_getitimer,
	[__NR_setitimer] = sys_setitimer,
	[__NR_alarm] = sys_alarm,
	[__NR_dup] = sys_dup,
	[__NR_dup2] = sys_dup2,
	[__NR_dup3] = sys_dup3,
	[__NR_fcntl] = sys_fcntl,
	[__NR_pipe] = sys_pipe,
	[__NR_pipe2] = sys_pipe2,
	[__NR_chdir] = sys_chdir,
	[__NR_umask] = sys_umask,
	[__NR_prctl] = sys_prctl,
	[__NR_open] = sys_open,
	[__NR_openat] = sys_openat,
	[__NR_openat2] = sys_openat2,
	[__NR_creat] = sys_creat,
	[__NR_stat] = sys_stat,
	[__NR_lstat] = sys_lstat,
	[__NR_statx] = sys_statx,
	[__NR_access] = sys_access,
	[__NR_faccessat] = sys_faccessat,
	[__NR_faccessat2] = sys_faccessat2,
	[__NR_getdents] = sys_getdents,
	[__NR_getdents64] = sys_getdents64,
	[__NR_fchdir] = sys_fchdir,
	[__NR_chroot] = sys_chroot,
	[__NR_unshare] = sys_unshare,
	/* Credentials (sys_cred.c). */
	[__NR_setuid] = sys_setuid,
	[__NR_setgid] = sys_setgid,
	[__NR_setreuid] = sys_setreuid,
	[__NR_setregid] = sys_setregid,
	[__NR_setresuid] = sys_setresuid,
	[__NR_setresgid] = sys_setresgid,
	[__NR_getresuid] = sys_getresuid,
	[__NR_getresgid] = sys_getresgid,
	[__NR_setfsuid] = sys_setfsuid,
	[__NR_setfsgid] = sys_setfsgid,
	[__NR_getgroups] = sys_getgroups,
	[__NR_setgroups] = sys_setgroups,
	[__NR_capget] = sys_capget,
	[__NR_capset] = sys_capset,
	/* Scheduling, process attributes, memory, mounts, timers. */
	[__NR_sched_setaffinity] = sys_sched_setaffinity,
	[__NR_sched_setscheduler] = sys_sched_setscheduler,
	[__NR_sched_setparam] = sys_sched_setparam,
	[__NR_sched_getscheduler] = sys_sched_getscheduler,
	[__NR_sched_getparam] = sys_sched_getparam,
	[__NR_sched_setattr] = sys_sched_setattr,
	[__NR_sched_getattr] = sys_sched_getattr,
	[__NR_sched_get_priority_max] = sys_sched_get_priority_max,
	[__NR_sched_get_priority_min] = sys_sched_get_priority_min,
	[__NR_sched_rr_get_interval] = sys_sched_rr_get_interval,
	[__NR_setpriority] = sys_setpriority,
	[__NR_getpriority] = sys_getpriority,
	[__NR_ioprio_set] = sys_ioprio_set,
	[__NR_ioprio_get] = sys_ioprio_get,
	[__NR_getcpu] = sys_getcpu,
	[__NR_personality] = sys_personality,
	[__NR_sethostname] = sys_sethostname,
	[__NR_setdomainname] = sys_setdomainname,
	[__NR_msync] = sys_msync,
	[__NR_mincore] = sys_mincore,
	[__NR_mlock] = sys_mlock,
	[__NR_mlock2] = sys_mlock2,
	[__NR_munlock] = sys_munlock,
	[__NR_mlockall] = sys_mlockall,
	[__NR_munlockall] = sys_munlockall,
	[__NR_membarrier] = sys_membarrier,
	[__NR_process_vm_readv] = sys_process_vm_readv,
	[__NR_process_vm_writev] = sys_process_vm_writev,
	[__NR_pidfd_getfd] = sys_pidfd_getfd,
	[__NR_process_madvise] = sys_process_madvise,
	[__NR_kcmp] = sys_kcmp,
	[__NR_set_mempolicy] = sys_set_mempolicy,
	[__NR_get_mempolicy] = sys_get_mempolicy,
	[__NR_mbind] = sys_mbind,
	[__NR_mount] = sys_mount,
	[__NR_umount2] = sys_umount2,
	[__NR_setns] = sys_setns,
	[__NR_timer_create] = sys_timer_create,
	[__NR_timer_settime] = sys_timer_settime,
	[__NR_timer_gettime] = sys_timer_gettime,
	[__NR_timer_getoverrun] = sys_timer_getoverrun,
	[__NR_timer_delete] = sys_timer_delete,
	[__NR_seccomp] = sys_seccomp,
	/* Refused (docs/syscalls.md says why). */
	[__NR_pivot_root] = sys_eperm,
	[__NR_fsopen] = sys_eperm,
	[__NR_fsconfig] = sys_eperm,
	[__NR_fsmount] = sys_eperm,
	[__NR_fspick] = sys_eperm,
	[__NR_move_mount] = sys_eperm,
	[__NR_open_tree] = sys_eperm,
	[__NR_mount_setattr] = sys_eperm,
	[__NR_bpf] = sys_eperm,
	[__NR_perf_event_open] = sys_eperm,
	[__NR_kexec_load] = sys_eperm,
	[__NR_kexec_file_load] = sys_eperm,
	[__NR_init_module] = sys_eperm,
	[__NR_finit_module] = sys_eperm,
	[__NR_delete_module] = sys_eperm,
	[__NR_reboot] = sys_eperm,
	[__NR_ptrace] = sys_eperm,
	[__NR_swapon] = sys_eperm,
	[__NR_swapoff] = sys_eperm,
	[__NR_acct] = sys_eperm,
	[__NR_iopl] = sys_eperm,
	[__NR_ioperm] = sys_eperm,
	[__NR_vhangup] = sys_eperm,
	[__NR_io_uring_setup] = sys_enosys_quiet,
	[__NR_io_uring_enter] = sys_enosys_quiet,
	[__NR_io_uring_register] = sys_enosys_quiet,
	[__NR_userfaultfd] = sys_enosys_quiet,
	[__NR_quotactl] = sys_enosys_quiet,
	[__NR_quotactl_fd] = sys_enosys_quiet,
	[__NR_uselib] = sys_enosys_quiet,
	[__NR__sysctl] = sys_enosys_quiet,
	[__NR_create_module] = sys_enosys_quiet,
	[__NR_get_kernel_syms] = sys_enosys_quiet,
	[__NR_query_module] = sys_enosys_quiet,
	[__NR_nfsservctl] = sys_enosys_quiet,
	[__NR_lookup_dcookie] = sys_enosys_quiet,
	[__NR_getpmsg] = sys_enosys_quiet,
	[__NR_putpmsg] = sys_enosys_quiet,
	[__NR_afs_syscall] = sys_enosys_quiet,
	[__NR_tuxcall] = sys_enosys_quiet,
	[__NR_security] = sys_enosys_quiet,
	[__NR_vserver] = sys_enosys_quiet,
	[__NR_modify_ldt] = sys_enosys_quiet,
	[__NR_get_thread_area] = sys_enosys_quiet,
	[__NR_set_thread_area] = sys_enosys_quiet,
	[__NR_fanotify_init] = sys_enosys_quiet,
	[__NR_fanotify_mark] = sys_enosys_quiet,
	[__NR_sysfs] = sys_enosys_quiet,
	[__NR_syslog] = sys_eperm,
	[__NR_add_key] = sys_enosys_quiet,
	[__NR_request_key] = sys_enosys_quiet,
	[__NR_keyctl] = sys_enosys_quiet,
	[__NR_memfd_secret] = sys_enosys_quiet,
	[__NR_name_to_handle_at] = sys_enosys_quiet,
	[__NR_open_by_handle_at] = sys_enosys_quiet,
	[__NR_landlock_create_ruleset] = sys_enosys_quiet,
	[__NR_landlock_add_rule] = sys_enosys_quiet,
	[__NR_landlock_restrict_self] = sys_enosys_quiet,
	[__NR_poll] = sys_poll,
	[__NR_ppoll] = sys_ppoll,
	[__NR_select] = sys_select,
	[__NR_pselect6] = sys_pselect6,
	[__NR_epoll_create] = sys_epoll_create,
	[__NR_epoll_create1] = sys_epoll_create1,
	[__NR_epoll_ctl] = sys_epoll_ctl,
	[__NR_epoll_wait] = sys_epoll_wait,
	[__NR_epoll_pwait] = sys_epoll_pwait,
	[__NR_epoll_pwait2] = sys_epoll_pwait2,
	[__NR_mknod] = sys_mknod,
	[__NR_mknodat] = sys_mknodat,
	[__NR_mkdir] = sys_mkdir,
	[__NR_mkdirat] = sys_mkdirat,
	[__NR_symlink] = sys_symlink,
	[__NR_symlinkat] = sys_symlinkat,
	[__NR_link] = sys_link,
	[__NR_linkat] = sys_linkat,
	[__NR_unlink] = sys_unlink,
	[__NR_rmdir] = sys_rmdir,
	[__NR_unlinkat] = sys_unlinkat,
	[__NR_rename] = sys_rename,
	[__NR_renameat] = sys_renameat,
	[__NR_renameat2] = sys_renameat2,
	[__NR_chmod] = sys_chmod,
	[__NR_fchmod] = sys_fchmod,
	[__NR_fchmodat] = sys_fchmodat,
	[__NR_fchmodat2] = sys_fchmodat2,
	[__NR_chown] = sys_chown,
	[__NR_lchown] = sys_lchown,
	[__NR_fchown] = sys_fchown,
	[__NR_fchownat] = sys_fchownat,
	[__NR_utimensat] = sys_utimensat,
	[__NR_utimes] = sys_utimes,
	[__NR_futimesat] = sys_futimesat,
	[__NR_utime] = sys_utime,
	[__NR_truncate] = sys_truncate,
	[__NR_ftruncate] = sys_ftruncate,
	[__NR_fallocate] = sys_fallocate,
	[__NR_fsync] = sys_fsync,
	[__NR_fdatasync] = sys_fdatasync,
	[__NR_sync] = sys_sync,
	[__NR_syncfs] = sys_syncfs,
	[__NR_sync_file_range] = sys_sync_file_range,
	[__NR_statfs] = sys_statfs,
	[__NR_fstatfs] = sys_fstatfs,
	[__NR_getxattr] = sys_getxattr,
	[__NR_lgetxattr] = sys_lgetxattr,
	[__NR_fgetxattr] = sys_fgetxattr,
	[__NR_setxattr] = sys_setxattr,
	[__NR_lsetxattr] = sys_lsetxattr,
	[__NR_fsetxattr] = sys_fsetxattr,
	[__NR_listxattr] = sys_listxattr,
	[__NR_llistxattr] = sys_llistxattr,
	[__NR_flistxattr] = sys_flistxattr,
	[__NR_removexattr] = sys_removexattr,
	[__NR_lremovexattr] = sys_lremovexattr,
	[__NR_fremovexattr] = sys_fremovexattr,
	[__NR_close_range] = sys_close_range,
	[__NR_sendfile] = sys_sendfile,
	[__NR_copy_file_range] = sys_copy_file_range,
	[__NR_splice] = sys_splice,
	[__NR_tee] = sys_tee,
	[__NR_vmsplice] = sys_vmsplice,
	[__NR_memfd_create] = sys_memfd_create,
	[__NR_flock] = sys_flock,
	[__NR_fadvise64] = sys_fadvise64,
	[__NR_readahead] = sys_readahead,
	[__NR_sysinfo] = sys_sysinfo,
	[__NR_getrusage] = sys_getrusage,
	[__NR_times] = sys_times,
	[__NR_eventfd] = sys_eventfd,
	[__NR_eventfd2] = sys_eventfd2,
	[__NR_timerfd_create] = sys_timerfd_create,
	[__NR_timerfd_settime] = sys_timerfd_settime,
	[__NR_timerfd_gettime] = sys_timerfd_gettime,
	[__NR_signalfd] = sys_signalfd,
	[__NR_signalfd4] = sys_signalfd4,
	[__NR_socket] = sys_socket,
	[__NR_socketpair] = sys_socketpair,
	[__NR_bind] = sys_bind,
	[__NR_listen] = sys_listen,
	[__NR_connect] = sys_connect,
	[__NR_accept] = sys_accept,
	[__NR_accept4] = sys_accept4,
	[__NR_shutdown] = sys_shutdown,
	[__NR_getsockname] = sys_getsockname,
	[__NR_getpeername] = sys_getpeername,
	[__NR_setsockopt] = sys_setsockopt,
	[__NR_getsockopt] = sys_getsockopt,
	[__NR_sendto] = sys_sendto,
	[__NR_recvfrom] = sys_recvfrom,
	[__NR_sendmsg] = sys_sendmsg,
	[__NR_recvmsg] = sys_recvmsg,
	[__NR_sendmmsg] = sys_sendmmsg,
	[__NR_recvmmsg] = sys_recvmmsg,
	[__NR_shmget] = sys_shmget,
	[__NR_shmat] = sys_shmat,
	[__NR_shmdt] = sys_shmdt,
	[__NR_shmctl] = sys_shmctl,
	[__NR_semget] = sys_semget,
	[__NR_semop] = sys_semop,
	[__NR_semtimedop] = sys_semtimedop,
	[__NR_semctl] = sys_semctl,
	[__NR_msgget] = sys_msgget,
	[__NR_msgsnd] = sys_msgsnd,
	[__NR_msgrcv] = sys_msgrcv,
	[__NR_msgctl] = sys_msgctl,
	[__NR_io_setup] = sys_io_setup,
	[__NR_io_destroy] = sys_io_destroy,
	[__NR_io_submit] = sys_io_submit,
	[__NR_io_getevents] = sys_io_getevents,
	[__NR_io_cancel] = sys_io_cancel,
	[__NR_io_pgetevents] = sys_io_pgetevents,
	[__NR_mq_open] = sys_mq_open,
	[__NR_mq_unlink] = sys_mq_unlink,
	[__NR_mq_timedsend] = sys_mq_timedsend,
	[__NR_mq_timedreceive] = sys_mq_timedreceive,
	[__NR_mq_notify] = sys_mq_notify,
	[__NR_mq_getsetattr] = sys_mq_getsetattr,
	[__NR_inotify_init] = sys_inotify_init,
	[__NR_inotify_init1] = sys_inotify_init1,
	[__NR_inotify_add_watch] = sys_inotify_add_watch,
	[__NR_inotify_rm_watch] = sys_inotify_rm_watch,
};

syscall_fn syscall_handler(long nr)
{
	return nr >= 0 && nr < SYSCALL_TABLE_SIZE ? table[nr] : NULL;
}

SYSCALL(enosys_quiet)
{
	(void)t;
	(void)a;
	return -ENOSYS;
}

/* ENOSYS, and one "unsupported" line per syscall name.  A number that
 * names no x86-64 syscall at all is ENOSYS on Linux too, without a word
 * (programs probe the gaps: stress-ng --enosys). */
static long sys_unsupported(long nr)
{
	static unsigned char reported[SYSCALL_TABLE_SIZE];
	const char *name = syscall_name(nr);
	if (name && nr >= 0 && nr < SYSCALL_TABLE_SIZE && !reported[nr]) {
		reported[nr] = 1;
		sbx_msg("unsupported syscall %s", name);
	}
	return -ENOSYS;
}

void syscall_enter(struct task *t)
{
	const struct user_regs_struct *r = &t->regs.gp;
	/* The number is rax's low 32 bits (do_syscall_64's int nr): the
	 * upper half is ignored. */
	t->sc.nr = (long)(int)r->orig_rax;
	t->sc.args[0] = r->rdi;
	t->sc.args[1] = r->rsi;
	t->sc.args[2] = r->rdx;
	t->sc.args[3] = r->r10;
	t->sc.args[4] = r->r8;
	t->sc.args[5] = r->r9;
	t->sc.started_ns = 0;
	t->sc.deadline_ns = 0;
	t->sc.timed_out = false;
	t->sc.no_deadline = false;
	t->sc.progress = 0;
	t->sc.traced = false;
	t->sc.interrupt = NULL;
	t->sc.killable_only = false;
	t->sc.seccomp_done = false;
	t->sc.tty_checked = false;
	t->in_syscall = true;
	sbx_syscall_count++;
	if (det_enabled)
		det_syscall_tick();
	if (scring_enabled)
		scring_enter(t);
}

/* Was the syscall made with `int $0x80`?  That is the 32-bit ABI, which
 * sbx does not offer. */
static bool is_int80(struct task *t)
{
	unsigned char insn[2];
	uint64_t rip = t->regs.gp.rip;
	return rip >= 2 && copy_from_user(t->mm, insn, rip - 2, 2) == 0 && insn[0] == 0xcd &&
	       insn[1] == 0x80;
}

/* Does a signal end @t's wait?  Any pending signal does, but a killable
 * wait (vfork) ends only for a fatal one. */
static bool wait_interrupted(struct task *t)
{
	if (t->sc.killable_only)
		return t->tg->exiting;
	return signal_pending(t);
}

void do_syscall(struct task *t)
{
	long nr = t->sc.nr;
	long r;
	if (forksrv_waiting && forksrv_hook(t))
		return; /* the fork server's snapshot: frozen before its read */
	if (trace_enabled && !t->sc.traced) {
		t->sc.traced = true;
		trace_syscall_enter(t);
	}
	if (t->tg->exiting) {
		/* Dying: the return path takes the task away.  A wait it was in
		 * (woken to die) still has to undo what it set up. */
		task_clear_waits(t);
		if (t->sc.interrupt)
			t->sc.interrupt(t);
		r = -EINTR;
	} else if (seccomp_syscall_denied(t, &r)) {
		/* the guest's own seccomp filters decided (kernel/seccomp.c) */
	} else if (nr == __NR_shmat && afl_shm_id >= 0 && t->sc.args[0] == (uint64_t)afl_shm_id) {
		r = afl_shm_attach(t, t->sc.args); /* the fork server's coverage map */
	} else if (nr >= 0 && nr < SYSCALL_TABLE_SIZE && table[nr])
		r = is_int80(t) ? -ENOSYS : table[nr](t, t->sc.args);
	else if ((unsigned long)nr & 0x40000000UL)
		r = -ENOSYS; /* x32 ABI numbers: not on this kernel */
	else
		r = is_int80(t) ? -ENOSYS : sys_unsupported(nr);
	if (r == -SBX_NORESUME) {
		if (trace_enabled)
			trace_syscall_exit(NULL, r); /* @t may be gone */
		return;
	}
	if (r == -SBX_BLOCK) {
		if (!wait_interrupted(t)) {
			if (trace_enabled)
				trace_syscall_block(t);
			t->state = TASK_BLOCKED;
			return;
		}
		/* A signal ends the wait: the handler says with what result. */
		task_clear_waits(t);
		r = t->sc.interrupt ? t->sc.interrupt(t) : -ERESTARTSYS;
	}
	t->sc.interrupt = NULL;
	t->sc.killable_only = false;
	t->in_syscall = false;
	if (r != -SBX_REGS)
		t->regs.gp.rax = (unsigned long)r;
	if (scring_enabled)
		scring_exit(t, (long)t->regs.gp.rax);
	if (trace_enabled)
		trace_syscall_exit(t, r);
	task_resume(t);
}
