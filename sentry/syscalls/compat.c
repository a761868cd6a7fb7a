/* The compatibility table (compat.h): one annotation per syscall number,
 * next to the dispatch table it describes.  A number without an
 * annotation and without a handler is unimplemented. */
#include "compat.h"

#include <string.h>

#include "../../abi/syscalls.h"
#include "syscalls.h"

/* One initializer per line reads as a table. */
/* clang-format off */
#define I(t)    {COMPAT_IMPLEMENTED, NULL, t}
#define P(n, t) {COMPAT_PARTIAL, n, t}
#define R(n)     {COMPAT_REFUSED, n, NULL}
#define RT(n, t) {COMPAT_REFUSED, n, t}
/* clang-format on */

struct annotation {
	enum compat_status status;
	const char *note;
	const char *test;
};

/* clang-format off */
static const struct annotation notes[SYSCALL_TABLE_SIZE] = {
	[__NR_read] = I("guest/stdin_file"),
	[__NR_write] = I("guest/write_big"),
	[__NR_open] = I("guest/proc_maps"),
	[__NR_close] = I("guest/file_calls"),
	[__NR_stat] = I("guest/proc_pid"),
	[__NR_fstat] = I("guest/stdin_pipe"),
	[__NR_lstat] = I("guest/proc_fd"),
	[__NR_poll] = I("guest/eventfd"),
	[__NR_lseek] = I("guest/stdin_file"),
	[__NR_mmap] = I("guest/mm_errors"),
	[__NR_mprotect] = I("guest/mprotect_segv"),
	[__NR_munmap] = I("guest/mm_errors"),
	[__NR_brk] = I("guest/brk"),
	[__NR_rt_sigaction] = I("guest/sig_frame"),
	[__NR_rt_sigprocmask] = I("guest/sig_mask"),
	[__NR_rt_sigreturn] = I("guest/sig_frame"),
	[__NR_ioctl] = I("guest/hello"),
	[__NR_pread64] = I("guest/memfd_seals"),
	[__NR_pwrite64] = I("guest/memfd_seals"),
	[__NR_readv] = I("guest/stdin_file"),
	[__NR_writev] = I("guest/writev"),
	[__NR_access] = I("guest/cred"),
	[__NR_pipe] = I("guest/exec_release"),
	[__NR_select] = I("guest/signalfd"),
	[__NR_sched_yield] = I("guest/process_misc"),
	[__NR_mremap] = I("guest/mremap"),
	[__NR_msync] = I("guest/mm_misc"),
	[__NR_mincore] = P("pages the sandbox backs at mmap time (anonymous mappings up to 1 GiB) count as resident before they are touched",
			"guest/mm_misc"),
	[__NR_madvise] = I("guest/mm_errors"),
	[__NR_dup] = I("guest/seccomp_errno"),
	[__NR_dup2] = I("guest/proc_fd"),
	[__NR_pause] = I("guest/sig_wait"),
	[__NR_nanosleep] = I("guest/timerfd"),
	[__NR_getitimer] = I("guest/time_calls"),
	[__NR_alarm] = I("guest/time_calls"),
	[__NR_setitimer] = I("guest/time_calls"),
	[__NR_getpid] = I("guest/ids"),
	[__NR_sendfile] = I("guest/file_calls"),
	[__NR_socket] = I("guest/unix_dgram"),
	[__NR_connect] = I("guest/unix_dgram"),
	[__NR_accept] = I("guest/unix_scm"),
	[__NR_sendto] = I("guest/unix_dgram"),
	[__NR_recvfrom] = I("guest/unix_dgram"),
	[__NR_sendmsg] = I("guest/unix_dgram"),
	[__NR_recvmsg] = I("guest/unix_dgram"),
	[__NR_shutdown] = I("guest/unix_dgram"),
	[__NR_bind] = I("guest/unix_dgram"),
	[__NR_listen] = I("guest/unix_scm"),
	[__NR_getsockname] = I("guest/unix_stream"),
	[__NR_getpeername] = I("guest/unix_dgram"),
	[__NR_socketpair] = I("guest/unix_dgram"),
	[__NR_setsockopt] = I("guest/unix_dgram"),
	[__NR_getsockopt] = I("guest/unix_stream"),
	[__NR_clone] = I("guest/clone_matrix"),
	[__NR_fork] = I("guest/fork_cow"),
	[__NR_vfork] = I("guest/exec_basic"),
	[__NR_execve] = P("set-user-ID and set-group-ID bits are not honoured (as on a nosuid mount); capabilities are recomputed as Linux does without file capabilities",
			"guest/exec_basic"),
	[__NR_exit] = I("guest/threads_mutex"),
	[__NR_wait4] = I("guest/wait_basic"),
	[__NR_kill] = I("guest/sig_info"),
	[__NR_uname] = I("guest/uname"),
	[__NR_fcntl] = I("guest/proc_fd"),
	[__NR_flock] = I("guest/real_programs"),
	[__NR_fsync] = I("guest/file_calls"),
	[__NR_fdatasync] = I("guest/file_calls"),
	[__NR_truncate] = I("guest/file_calls"),
	[__NR_ftruncate] = I("guest/memfd_seals"),
	[__NR_getdents] = I("guest/getdents"),
	[__NR_getcwd] = I("guest/process_misc"),
	[__NR_chdir] = I("guest/proc_pid"),
	[__NR_fchdir] = I("guest/file_calls"),
	[__NR_rename] = I("guest/file_calls"),
	[__NR_mkdir] = I("guest/mount_tmpfs"),
	[__NR_rmdir] = I("guest/mount_tmpfs"),
	[__NR_creat] = I("guest/file_calls"),
	[__NR_link] = I("guest/real_programs"),
	[__NR_unlink] = I("guest/file_calls"),
	[__NR_symlink] = I("guest/file_calls"),
	[__NR_readlink] = I("guest/brk"),
	[__NR_chmod] = I("guest/cred"),
	[__NR_fchmod] = I("guest/file_calls"),
	[__NR_chown] = I("guest/cred"),
	[__NR_fchown] = I("guest/cred"),
	[__NR_lchown] = I("guest/file_calls"),
	[__NR_umask] = I("guest/proc_status"),
	[__NR_gettimeofday] = I("guest/time_calls"),
	[__NR_settimeofday] = RT("EPERM to set the time, also for the sandbox's root: the host's clock is not the sandbox's to set (the time zone alone is kept); argument errors as Linux's",
			"guest/clock_set"),
	[__NR_clock_settime] = RT("EPERM for CLOCK_REALTIME, also for the sandbox's root: the host's clock is not the sandbox's to set; argument errors as Linux's",
			"guest/clock_set"),
	[__NR_adjtimex] = P("reads the state of a clock that NTP does not discipline (TIME_ERROR, STA_UNSYNC); any change is EPERM, as settimeofday",
			"guest/clock_set"),
	[__NR_clock_adjtime] = P("as adjtimex for CLOCK_REALTIME; EOPNOTSUPP for the others, as Linux",
			"guest/clock_set"),
	[__NR_getrlimit] = I("guest/process_misc"),
	[__NR_getrusage] = P("the user and system CPU times and the peak resident size; the fault, swap, I/O, message, signal and context switch counts are 0",
			"guest/rusage"),
	[__NR_sysinfo] = I("guest/time_calls"),
	[__NR_times] = I("guest/time_calls"),
	[__NR_ptrace] = R("EPERM: a guest may not trace another guest (for now)"),
	[__NR_getuid] = I("guest/ids"),
	[__NR_getgid] = I("guest/ids"),
	[__NR_setuid] = I("guest/cred"),
	[__NR_setgid] = I("guest/cred"),
	[__NR_geteuid] = I("guest/ids"),
	[__NR_getegid] = I("guest/ids"),
	[__NR_setpgid] = I("guest/pgrp_session"),
	[__NR_getppid] = I("guest/ids"),
	[__NR_getpgrp] = I("guest/pgrp_session"),
	[__NR_setsid] = I("guest/pgrp_session"),
	[__NR_setreuid] = I("guest/cred"),
	[__NR_setregid] = I("guest/cred"),
	[__NR_getgroups] = I("guest/cred"),
	[__NR_setgroups] = P("at most 128 supplementary groups (EINVAL beyond)",
			"guest/cred"),
	[__NR_setresuid] = I("guest/cred"),
	[__NR_getresuid] = I("guest/cred"),
	[__NR_setresgid] = I("guest/cred"),
	[__NR_getresgid] = I("guest/cred"),
	[__NR_getpgid] = I("guest/pgrp_session"),
	[__NR_setfsuid] = I("guest/cred"),
	[__NR_setfsgid] = I("guest/cred"),
	[__NR_getsid] = I("guest/pgrp_session"),
	[__NR_capget] = I("guest/cred"),
	[__NR_capset] = I("guest/cred"),
	[__NR_rt_sigpending] = I("guest/sig_mask"),
	[__NR_rt_sigtimedwait] = I("guest/sig_wait"),
	[__NR_rt_sigqueueinfo] = I("guest/sig_info"),
	[__NR_rt_sigsuspend] = I("guest/sig_wait"),
	[__NR_sigaltstack] = I("guest/sig_altstack"),
	[__NR_utime] = I("guest/file_calls"),
	[__NR_mknod] = I("guest/file_calls"),
	[__NR_uselib] = R("ENOSYS, as on Linux: never implemented there, or removed"),
	[__NR_personality] = P("ADDR_NO_RANDOMIZE and the other layout flags are kept and inherited but do not change the address space; PER_LINUX32 and UNAME26 change uname",
			"guest/mount_tmpfs"),
	[__NR_statfs] = I("guest/real_programs"),
	[__NR_fstatfs] = I("guest/file_calls"),
	[__NR_getpriority] = I("guest/sched_attrs"),
	[__NR_setpriority] = P("recorded, and applied to the thread's host thread where the host allows it (a new host thread after execve starts at nice 0)",
			"guest/sched_attrs"),
	[__NR_sched_setparam] = P("recorded and reported per thread; the host still schedules the thread as a normal one",
			"guest/sched_attrs"),
	[__NR_sched_getparam] = I("guest/sched_attrs"),
	[__NR_sched_setscheduler] = P("recorded and reported per thread; the host still schedules the thread as a normal one",
			"guest/sched_attrs"),
	[__NR_sched_getscheduler] = I("guest/sched_attrs"),
	[__NR_sched_get_priority_max] = I("guest/sched_attrs"),
	[__NR_sched_get_priority_min] = I("guest/sched_attrs"),
	[__NR_sched_rr_get_interval] = I("guest/sched_attrs"),
	[__NR_mlock] = I("guest/mm_misc"),
	[__NR_munlock] = I("guest/mm_misc"),
	[__NR_mlockall] = P("MCL_FUTURE is recorded but new mappings are not locked; MCL_CURRENT does not fault pages in",
			"guest/mm_misc"),
	[__NR_munlockall] = I("guest/mm_misc"),
	[__NR_vhangup] = R("EPERM: no terminal of the sandbox's own to hang up"),
	[__NR_pivot_root] = R("EPERM: the sandbox's root and mount tree change only through mount(2)"),
	[__NR__sysctl] = R("ENOSYS, as on Linux: never implemented there, or removed"),
	[__NR_prctl] = P("PR_SET_MM: only the code, data, stack, argument and environment addresses (START_BRK, BRK, EXE_FILE, AUXV, MAP: EINVAL); PR_SET_TSC to SIGSEGV, speculation control, syscall user dispatch, core scheduling, MDWE and KSM: EINVAL",
			"guest/prctl_names"),
	[__NR_arch_prctl] = I("guest/clone_matrix"),
	[__NR_setrlimit] = I("guest/time_calls"),
	[__NR_chroot] = I("guest/cred"),
	[__NR_sync] = I("guest/file_calls"),
	[__NR_acct] = R("EPERM: no process accounting"),
	[__NR_mount] = P("tmpfs and proc only (other types: ENODEV); bind mounts do not copy submounts (MS_REC); MS_MOVE: EINVAL; propagation flags are accepted but there is one mount tree; tmpfs size and inode limits are not enforced",
			"guest/mount_tmpfs"),
	[__NR_umount2] = P("busy is anything open, mapped or a cwd or root inside, or a submount; MNT_EXPIRE always asks again (EAGAIN); a mount detached while still in use is never freed",
			"guest/umount"),
	[__NR_swapon] = R("EPERM: the sandbox has no swap"),
	[__NR_swapoff] = R("EPERM: the sandbox has no swap"),
	[__NR_reboot] = R("EPERM: the sandbox is not rebooted from inside"),
	[__NR_sethostname] = I("guest/mount_tmpfs"),
	[__NR_setdomainname] = I("guest/mount_tmpfs"),
	[__NR_iopl] = R("EPERM: no I/O port access from the sandbox"),
	[__NR_ioperm] = R("EPERM: no I/O port access from the sandbox"),
	[__NR_create_module] = R("ENOSYS, as on Linux: never implemented there, or removed"),
	[__NR_init_module] = R("EPERM: the sandbox's kernel has no modules"),
	[__NR_delete_module] = R("EPERM: the sandbox's kernel has no modules"),
	[__NR_get_kernel_syms] = R("ENOSYS, as on Linux: never implemented there, or removed"),
	[__NR_query_module] = R("ENOSYS, as on Linux: never implemented there, or removed"),
	[__NR_quotactl] = R("ENOSYS: no disk quotas, as a kernel without CONFIG_QUOTA"),
	[__NR_nfsservctl] = R("ENOSYS, as on Linux: never implemented there, or removed"),
	[__NR_getpmsg] = R("ENOSYS, as on Linux: never implemented there, or removed"),
	[__NR_putpmsg] = R("ENOSYS, as on Linux: never implemented there, or removed"),
	[__NR_afs_syscall] = R("ENOSYS, as on Linux: never implemented there, or removed"),
	[__NR_tuxcall] = R("ENOSYS, as on Linux: never implemented there, or removed"),
	[__NR_security] = R("ENOSYS, as on Linux: never implemented there, or removed"),
	[__NR_gettid] = I("guest/ids"),
	[__NR_readahead] = I("guest/file_calls"),
	[__NR_setxattr] = P("on host files: ENOTSUP where the host file system cannot store them; in tmpfs and the overlay's copies they work",
			"guest/file_calls"),
	[__NR_lsetxattr] = P("on host files: ENOTSUP where the host file system cannot store them; in tmpfs and the overlay's copies they work",
			"guest/file_calls"),
	[__NR_fsetxattr] = P("on host files: ENOTSUP where the host file system cannot store them; in tmpfs and the overlay's copies they work",
			"guest/file_calls"),
	[__NR_getxattr] = P("on host files: ENOTSUP where the host file system cannot store them; in tmpfs and the overlay's copies they work",
			"guest/file_calls"),
	[__NR_lgetxattr] = P("on host files: ENOTSUP where the host file system cannot store them; in tmpfs and the overlay's copies they work",
			"guest/file_calls"),
	[__NR_fgetxattr] = P("on host files: ENOTSUP where the host file system cannot store them; in tmpfs and the overlay's copies they work",
			"guest/file_calls"),
	[__NR_listxattr] = P("on host files: ENOTSUP where the host file system cannot store them; in tmpfs and the overlay's copies they work",
			"guest/file_calls"),
	[__NR_llistxattr] = P("on host files: ENOTSUP where the host file system cannot store them; in tmpfs and the overlay's copies they work",
			"guest/file_calls"),
	[__NR_flistxattr] = P("on host files: ENOTSUP where the host file system cannot store them; in tmpfs and the overlay's copies they work",
			"guest/file_calls"),
	[__NR_removexattr] = P("on host files: ENOTSUP where the host file system cannot store them; in tmpfs and the overlay's copies they work",
			"guest/file_calls"),
	[__NR_lremovexattr] = P("on host files: ENOTSUP where the host file system cannot store them; in tmpfs and the overlay's copies they work",
			"guest/file_calls"),
	[__NR_fremovexattr] = P("on host files: ENOTSUP where the host file system cannot store them; in tmpfs and the overlay's copies they work",
			"guest/file_calls"),
	[__NR_tkill] = I("guest/sig_info"),
	[__NR_time] = I("guest/time_calls"),
	[__NR_futex] = I("guest/futex_ops"),
	[__NR_futex_waitv] = I("guest/futex_waitv"),
	[__NR_sched_setaffinity] = P("recorded, and applied to the thread's host thread; a thread made later by fork or execve runs anywhere on sbx's CPUs but reports the recorded mask",
			"guest/sched_attrs"),
	[__NR_sched_getaffinity] = I("guest/affinity"),
	[__NR_lookup_dcookie] = R("ENOSYS, as on Linux: never implemented there, or removed"),
	[__NR_epoll_create] = I("guest/file_calls"),
	[__NR_getdents64] = I("guest/proc_fd"),
	[__NR_set_tid_address] = I("guest/clone_matrix"),
	[__NR_restart_syscall] = I("guest/sig_restart"),
	[__NR_fadvise64] = I("guest/file_calls"),
	[__NR_timer_create] = P("the *_ALARM clocks, where the host has an RTC, act as their base clocks (nothing to wake from suspend)",
			"guest/timer_signals"),
	[__NR_timer_settime] = I("guest/posix_timers"),
	[__NR_timer_gettime] = I("guest/posix_timers"),
	[__NR_timer_getoverrun] = I("guest/posix_timers"),
	[__NR_timer_delete] = I("guest/posix_timers"),
	[__NR_clock_gettime] = I("guest/clock"),
	[__NR_clock_getres] = I("guest/clock"),
	[__NR_clock_nanosleep] = I("guest/clock_sleep"),
	[__NR_exit_group] = I("guest/exit_code"),
	[__NR_epoll_wait] = I("guest/eventfd"),
	[__NR_epoll_ctl] = I("guest/eventfd"),
	[__NR_tgkill] = I("guest/sig_info"),
	[__NR_utimes] = I("guest/file_calls"),
	[__NR_vserver] = R("ENOSYS, as on Linux: never implemented there, or removed"),
	[__NR_modify_ldt] = R("ENOSYS, as a kernel built without CONFIG_MODIFY_LDT_SYSCALL: no LDT of the program's own"),
	[__NR_get_thread_area] = R("ENOSYS: no 32-bit TLS segments (GDT entries) in the sandbox; 64-bit TLS is arch_prctl's"),
	[__NR_set_thread_area] = R("ENOSYS: no 32-bit TLS segments (GDT entries) in the sandbox; 64-bit TLS is arch_prctl's"),
	[__NR_fanotify_init] = R("ENOSYS, as a kernel without CONFIG_FANOTIFY (inotify is there)"),
	[__NR_fanotify_mark] = R("ENOSYS, as a kernel without CONFIG_FANOTIFY (inotify is there)"),
	[__NR_sysfs] = R("ENOSYS, as a kernel without CONFIG_SYSFS_SYSCALL (the file system types are in /proc/filesystems)"),
	[__NR_syslog] = R("EPERM: the sandbox has no kernel log (dmesg) to read or control"),
	[__NR_add_key] = R("ENOSYS, as a kernel without CONFIG_KEYS"),
	[__NR_request_key] = R("ENOSYS, as a kernel without CONFIG_KEYS"),
	[__NR_keyctl] = R("ENOSYS, as a kernel without CONFIG_KEYS"),
	[__NR_memfd_secret] = R("ENOSYS, as a kernel without CONFIG_SECRETMEM"),
	[__NR_name_to_handle_at] = R("ENOSYS, as a kernel without CONFIG_FHANDLE"),
	[__NR_open_by_handle_at] = R("ENOSYS, as a kernel without CONFIG_FHANDLE"),
	[__NR_landlock_create_ruleset] = R("ENOSYS, as a kernel without CONFIG_SECURITY_LANDLOCK"),
	[__NR_landlock_add_rule] = R("ENOSYS, as a kernel without CONFIG_SECURITY_LANDLOCK"),
	[__NR_landlock_restrict_self] = R("ENOSYS, as a kernel without CONFIG_SECURITY_LANDLOCK"),
	[__NR_mbind] = P("checked and accepted; no per-range policy is kept (get_mempolicy with MPOL_F_ADDR reports the default)",
			"guest/mm_misc"),
	[__NR_set_mempolicy] = P("recorded and reported, not applied: guest memory comes from the sandbox's memory file",
			"guest/mm_misc"),
	[__NR_get_mempolicy] = P("MPOL_F_NODE with MPOL_F_ADDR always answers node 0",
			"guest/mm_misc"),
	[__NR_kexec_load] = R("EPERM: the sandbox's kernel cannot be replaced"),
	[__NR_waitid] = I("guest/wait_basic"),
	[__NR_ioprio_set] = P("recorded and reported; the sandbox does no I/O scheduling",
			"guest/sched_attrs"),
	[__NR_ioprio_get] = I("guest/sched_attrs"),
	[__NR_openat] = I("guest/file_calls"),
	[__NR_mkdirat] = I("guest/file_calls"),
	[__NR_mknodat] = I("guest/file_calls"),
	[__NR_fchownat] = I("guest/file_calls"),
	[__NR_futimesat] = I("guest/file_calls"),
	[__NR_newfstatat] = I("guest/file_calls"),
	[__NR_unlinkat] = I("guest/file_calls"),
	[__NR_renameat] = I("guest/file_calls"),
	[__NR_linkat] = I("guest/file_calls"),
	[__NR_symlinkat] = I("guest/file_calls"),
	[__NR_readlinkat] = I("guest/proc_self_exe"),
	[__NR_fchmodat] = I("guest/file_calls"),
	[__NR_faccessat] = I("guest/file_calls"),
	[__NR_pselect6] = I("guest/sig_restart"),
	[__NR_ppoll] = I("guest/sig_restart"),
	[__NR_unshare] = P("namespaces: EPERM, the sandbox offers none (as clone); CLONE_FS and CLONE_FILES work",
			"guest/mount_tmpfs"),
	[__NR_set_robust_list] = I("guest/robust_mutex"),
	[__NR_get_robust_list] = I("guest/robust_mutex"),
	[__NR_sync_file_range] = I("guest/file_calls"),
	[__NR_utimensat] = I("guest/file_calls"),
	[__NR_epoll_pwait] = I("guest/timerfd"),
	[__NR_signalfd] = I("guest/file_calls"),
	[__NR_timerfd_create] = I("guest/timerfd"),
	[__NR_eventfd] = I("guest/eventfd"),
	[__NR_fallocate] = I("guest/memfd_seals"),
	[__NR_timerfd_settime] = I("guest/timerfd"),
	[__NR_timerfd_gettime] = I("guest/timerfd"),
	[__NR_accept4] = I("guest/unix_stream"),
	[__NR_signalfd4] = I("guest/signalfd"),
	[__NR_eventfd2] = I("guest/eventfd"),
	[__NR_epoll_create1] = I("guest/eventfd"),
	[__NR_dup3] = I("guest/exec_basic"),
	[__NR_pipe2] = I("guest/process_vm"),
	[__NR_preadv] = I("guest/stdin_file"),
	[__NR_pwritev] = I("guest/file_calls"),
	[__NR_preadv2] = I("guest/rw_flags"),
	[__NR_pwritev2] = I("guest/rw_flags"),
	[__NR_rt_tgsigqueueinfo] = I("guest/sig_info"),
	[__NR_perf_event_open] = R("EPERM: no performance counters in the sandbox"),
	[__NR_recvmmsg] = I("guest/unix_dgram"),
	[__NR_prlimit64] = I("guest/time_calls"),
	[__NR_syncfs] = I("guest/file_calls"),
	[__NR_sendmmsg] = I("guest/unix_dgram"),
	[__NR_setns] = RT("EPERM for every namespace: the sandbox offers none (as unshare and clone); argument errors as Linux's",
			"guest/mount_tmpfs"),
	[__NR_getcpu] = I("guest/sched_attrs"),
	[__NR_process_vm_readv] = I("guest/process_vm"),
	[__NR_process_vm_writev] = I("guest/process_vm"),
	[__NR_pidfd_getfd] = I("guest/pidfd_getfd"),
	[__NR_process_madvise] = I("guest/pidfd_getfd"),
	[__NR_kcmp] = P("KCMP_SYSVSEM and KCMP_EPOLL_TFD: EOPNOTSUPP; KCMP_IO always says the same (no I/O contexts)", "guest/pidfd_getfd"),
	[__NR_finit_module] = R("EPERM: the sandbox's kernel has no modules"),
	[__NR_sched_setattr] = P("as sched_setscheduler; SCHED_DEADLINE: EBUSY (no bandwidth reserved), utilization clamping: EOPNOTSUPP",
			"guest/sched_attrs"),
	[__NR_sched_getattr] = I("guest/sched_attrs"),
	[__NR_renameat2] = I("guest/file_calls"),
	[__NR_seccomp] = P("no user notification: SECCOMP_FILTER_FLAG_NEW_LISTENER and SECCOMP_GET_NOTIF_SIZES give EINVAL, RET_USER_NOTIF acts as ENOSYS; RET_TRACE is ENOSYS (no tracer can attach)",
			"guest/seccomp_errno"),
	[__NR_getrandom] = I("guest/getrandom"),
	[__NR_memfd_create] = I("guest/memfd_seals"),
	[__NR_kexec_file_load] = R("EPERM: the sandbox's kernel cannot be replaced"),
	[__NR_bpf] = R("EPERM: no eBPF programs in the sandbox"),
	[__NR_execveat] = P("as execve: set-user-ID and set-group-ID bits are not honoured",
			"guest/exec_basic"),
	[__NR_userfaultfd] = R("ENOSYS: not offered until a program needs it"),
	[__NR_membarrier] = P("the rseq commands: EINVAL, as without CONFIG_RSEQ (rseq is refused)",
			"guest/membarrier"),
	[__NR_mlock2] = I("guest/mm_misc"),
	[__NR_copy_file_range] = I("guest/file_calls"),
	[__NR_splice] = P("bytes are copied through the sentry, not moved as pages; SPLICE_F_MOVE and SPLICE_F_GIFT change nothing", "guest/splice"),
	[__NR_tee] = I("guest/splice"),
	[__NR_vmsplice] = P("bytes are copied, so the pipe never refers to the caller's pages (SPLICE_F_GIFT changes nothing)", "guest/splice"),
	[__NR_pkey_mprotect] = P("as on a CPU without protection keys: key -1 as mprotect, others EINVAL", "guest/pkeys"),
	[__NR_pkey_alloc] = P("as on a CPU without protection keys: EINVAL", "guest/pkeys"),
	[__NR_pkey_free] = P("as on a CPU without protection keys: EINVAL (no key is ever allocated)", "guest/pkeys"),
	[__NR_statx] = I("guest/file_calls"),
	[__NR_rseq] = R("ENOSYS: restartable sequences are not offered; the C library does without"),
	[__NR_pidfd_send_signal] = I("guest/sig_info"),
	[__NR_io_uring_setup] = R("ENOSYS: io_uring is not offered (as gVisor by default); programs fall back to plain syscalls"),
	[__NR_io_uring_enter] = R("ENOSYS: io_uring is not offered (as gVisor by default); programs fall back to plain syscalls"),
	[__NR_io_uring_register] = R("ENOSYS: io_uring is not offered (as gVisor by default); programs fall back to plain syscalls"),
	[__NR_open_tree] = R("EPERM, also without OPEN_TREE_CLONE (where Linux gives an O_PATH descriptor)"),
	[__NR_move_mount] = R("EPERM: the sandbox's root and mount tree change only through mount(2)"),
	[__NR_fsopen] = R("EPERM: the sandbox's root and mount tree change only through mount(2)"),
	[__NR_fsconfig] = R("EPERM: the sandbox's root and mount tree change only through mount(2)"),
	[__NR_fsmount] = R("EPERM: the sandbox's root and mount tree change only through mount(2)"),
	[__NR_fspick] = R("EPERM: the sandbox's root and mount tree change only through mount(2)"),
	[__NR_pidfd_open] = I("guest/wait_basic"),
	[__NR_clone3] = I("guest/clone_matrix"),
	[__NR_close_range] = I("guest/file_calls"),
	[__NR_openat2] = I("guest/file_calls"),
	[__NR_faccessat2] = I("guest/cred"),
	[__NR_epoll_pwait2] = I("guest/file_calls"),
	[__NR_mount_setattr] = R("EPERM: the sandbox's root and mount tree change only through mount(2)"),
	[__NR_quotactl_fd] = R("ENOSYS: no disk quotas, as a kernel without CONFIG_QUOTA"),
	[__NR_fchmodat2] = I("guest/file_calls"),
	[__NR_shmget] = I("guest/sysv_shm"),
	[__NR_shmat] = I("guest/sysv_shm"),
	[__NR_shmdt] = I("guest/sysv_shm"),
	[__NR_shmctl] = I("guest/sysv_shm"),
	[__NR_semget] = I("guest/sysv_sem"),
	[__NR_semop] = I("guest/sysv_shm"),
	[__NR_semctl] = I("guest/sysv_sem"),
	[__NR_semtimedop] = I("guest/sysv_sem"),
	[__NR_msgget] = I("guest/sysv_msg"),
	[__NR_msgsnd] = I("guest/sysv_msg"),
	[__NR_msgrcv] = I("guest/sysv_msg"),
	[__NR_msgctl] = I("guest/sysv_msg"),
	[__NR_io_setup] = I("guest/aio"),
	[__NR_io_destroy] = I("guest/aio"),
	[__NR_io_submit] = P("each request is carried out when submitted (as Linux does buffered I/O); IOCB_CMD_POLL is EINVAL", "guest/aio"),
	[__NR_io_getevents] = I("guest/aio"),
	[__NR_io_cancel] = P("nothing is ever in flight to cancel: EINVAL", "guest/aio"),
	[__NR_io_pgetevents] = I("guest/aio"),
	[__NR_mq_open] = I("guest/mqueue"),
	[__NR_mq_unlink] = I("guest/mqueue"),
	[__NR_mq_timedsend] = I("guest/mqueue"),
	[__NR_mq_timedreceive] = I("guest/mqueue"),
	[__NR_mq_notify] = P("queues of the sandbox's own namespace, no mqueue file system to mount; SIGEV_THREAD notification (through netlink) is EINVAL", "guest/mqueue"),
	[__NR_mq_getsetattr] = I("guest/mqueue"),
	[__NR_inotify_init] = P("events of the changes made in the sandbox; the host's changes to its own files are not seen", "guest/inotify"),
	[__NR_inotify_init1] = P("events of the changes made in the sandbox; the host's changes to its own files are not seen", "guest/inotify"),
	[__NR_inotify_add_watch] = P("events of the changes made in the sandbox; the host's changes to its own files are not seen", "guest/inotify"),
	[__NR_inotify_rm_watch] = P("events of the changes made in the sandbox; the host's changes to its own files are not seen", "guest/inotify"),
};
/* clang-format on */

struct compat_info compat_get(long nr)
{
	struct compat_info c = {0};
	if (nr < 0 || nr >= SYSCALL_TABLE_SIZE)
		return c;
	c.name = syscall_name(nr);
	syscall_fn h = syscall_handler(nr);
	c.has_handler = h != NULL;
	c.refusing_handler = h == sys_enosys_quiet || h == sys_eperm;
	const struct annotation *a = &notes[nr];
	if (a->status == COMPAT_UNIMPLEMENTED && !a->note) {
		/* Not annotated: what the dispatch table does. */
		c.status = h ? COMPAT_IMPLEMENTED : COMPAT_UNIMPLEMENTED;
		if (!h)
			c.note = "ENOSYS (and an \"unsupported syscall\" message)";
		return c;
	}
	c.status = a->status;
	c.note = a->note;
	c.test = a->test;
	return c;
}

const char *compat_status_name(enum compat_status s)
{
	switch (s) {
	case COMPAT_IMPLEMENTED:
		return "implemented";
	case COMPAT_PARTIAL:
		return "partial";
	case COMPAT_REFUSED:
		return "refused";
	default:
		return "unimplemented";
	}
}

/* Markdown table cells: a '|' would end the cell. */
static void md_cell(FILE *out, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '|')
			fputs("\\|", out);
		else
			fputc(*s, out);
	}
}

void compat_print(FILE *out, bool markdown)
{
	int count[4] = {0};
	for (long nr = 0; nr < SYSCALL_TABLE_SIZE; nr++) {
		struct compat_info c = compat_get(nr);
		if (c.name)
			count[c.status]++;
	}
	if (markdown) {
		fputs(
		    "# System calls\n\n"
		    "Every x86-64 Linux system call and what sbx does with it. Generated from\n"
		    "the annotations of `sentry/syscalls/compat.c` beside the dispatch table\n"
		    "(`sbx --syscalls --markdown`); do not edit: the build writes the same table\n"
		    "and a unit test fails when this copy differs from it.\n\n"
		    "- **implemented**: as Linux does it, for the cases its test covers;\n"
		    "- **partial**: works, with what is missing in the notes;\n"
		    "- **refused**: on purpose, with the errno the program gets and why;\n"
		    "- **unimplemented**: not yet: `ENOSYS`, and sbx prints\n"
		    "  `sbx: unsupported syscall NAME` once.\n\n",
		    out);
		fprintf(out, "%d implemented, %d partial, %d refused, %d unimplemented.\n\n",
			count[COMPAT_IMPLEMENTED], count[COMPAT_PARTIAL], count[COMPAT_REFUSED],
			count[COMPAT_UNIMPLEMENTED]);
		fputs("| nr | name | status | notes | test |\n|---:|---|---|---|---|\n", out);
	}
	for (long nr = 0; nr < SYSCALL_TABLE_SIZE; nr++) {
		struct compat_info c = compat_get(nr);
		if (!c.name)
			continue;
		const char *st = compat_status_name(c.status);
		if (markdown) {
			fprintf(out, "| %ld | %s | %s | ", nr, c.name, st);
			md_cell(out, c.note);
			fputs(" | ", out);
			if (c.test)
				fprintf(out, "`%s`", c.test);
			fputs(" |\n", out);
		} else {
			fprintf(out, "%3ld %-24s %-13s %-22s %s\n", nr, c.name, st,
				c.test ? c.test : "-", c.note ? c.note : "");
		}
	}
	if (!markdown)
		fprintf(out, "\n%d implemented, %d partial, %d refused, %d unimplemented\n",
			count[COMPAT_IMPLEMENTED], count[COMPAT_PARTIAL], count[COMPAT_REFUSED],
			count[COMPAT_UNIMPLEMENTED]);
}
