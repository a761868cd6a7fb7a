/* The sentry's self-confinement.
 *
 * Once every host directory the sandbox uses is open, nothing the sentry
 * does needs a host path by name, host privileges beyond tracing and
 * signalling its stubs, or system calls outside a short list.  A bug a
 * hostile guest finds in the sentry then meets, in order: an empty file
 * tree (a new mount namespace whose root is an empty read-only tmpfs), a
 * capability set cut to what the sentry uses, PR_SET_NO_NEW_PRIVS, and a
 * seccomp filter that kills sbx on any system call not on its list
 * (with a `sbx:` line naming it, so that a missing entry is easy to find).
 * The list is written from what the code calls (see confine_rules). */
#define _GNU_SOURCE
#include "confine.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/mount.h>
#include <linux/sched.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../../abi/syscalls.h"
#include "../../util/log.h"
#include "host.h"

/* --- the file tree ------------------------------------------------------ */

/* A new mount namespace whose root is an empty tmpfs, read-only: the
 * sentry can no longer name a host file; it still holds its fds. */
static int empty_root(void)
{
	if (unshare(CLONE_NEWNS) < 0)
		return -errno;
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return -errno;
#if defined(__SANITIZE_ADDRESS__)
	/* LeakSanitizer reads /proc/PID/task at exit: sanitizer builds (for
	 * tests) keep a copy of /proc in the new root. */
	int proc_tree = (int)syscall(SYS_open_tree, AT_FDCWD, "/proc",
				     OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
#endif
	/* Any directory can take the new root's mount; /proc always exists
	 * (and the sentry's own fds into the real one stay valid). */
	const char *at = "/proc";
	if (mount("sbx-empty", at, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=4k,mode=0555") <
	    0)
		return -errno;
	if (chdir(at) < 0)
		return -errno;
	/* pivot_root(".", "."): the old root is stacked under the new one,
	 * then detached. */
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		return -errno;
	if (umount2(".", MNT_DETACH) < 0)
		return -errno;
	if (chdir("/") < 0)
		return -errno;
#if defined(__SANITIZE_ADDRESS__)
	if (proc_tree >= 0 && mkdir("/proc", 0555) == 0)
		syscall(SYS_move_mount, proc_tree, "", AT_FDCWD, "/proc", MOVE_MOUNT_F_EMPTY_PATH);
	if (proc_tree >= 0)
		close(proc_tree);
#endif
	if (mount(NULL, "/", NULL, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  NULL) < 0)
		return -errno;
	return 0;
}

/* --- capabilities -------------------------------------------------------- */

/* What a root sentry keeps: tracing and signalling its stubs, reading and
 * writing the host files of binds as the guest's writes require, placing
 * stub threads on CPUs, binding low ports for a --net=host guest.  Not
 * CAP_SETUID or CAP_SETGID: the one stub that changes its ids (the
 * template, --host-uid) is forked before confinement, and every later one
 * is a host fork of a stub, so the sentry never changes ids again, and no
 * set*id call is on the list below either. */
static const cap_value_t kept_caps[] = {
    CAP_KILL,	CAP_SYS_PTRACE, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH,	CAP_FOWNER,   CAP_CHOWN,
    CAP_FSETID, CAP_SYS_NICE,	CAP_SYS_RESOURCE, CAP_NET_BIND_SERVICE, CAP_IPC_LOCK,
};

static bool kept(cap_value_t c)
{
	for (size_t i = 0; i < sizeof(kept_caps) / sizeof(kept_caps[0]); i++)
		if (kept_caps[i] == c)
			return true;
	return false;
}

static int drop_caps(void)
{
	for (cap_value_t c = 0; c <= CAP_LAST_CAP; c++) {
		if (!kept(c) && CAP_IS_SUPPORTED(c) && cap_drop_bound(c) < 0 && errno != EINVAL &&
		    errno != EPERM)
			return -errno;
	}
	cap_t caps = cap_get_proc();
	if (!caps)
		return -errno;
	cap_t now = cap_init();
	for (size_t i = 0; now && i < sizeof(kept_caps) / sizeof(kept_caps[0]); i++) {
		cap_flag_value_t v = CAP_CLEAR;
		cap_get_flag(caps, kept_caps[i], CAP_PERMITTED, &v);
		if (v == CAP_SET) {
			cap_set_flag(now, CAP_PERMITTED, 1, &kept_caps[i], CAP_SET);
			cap_set_flag(now, CAP_EFFECTIVE, 1, &kept_caps[i], CAP_SET);
		}
	}
	int r = now && cap_set_proc(now) == 0 ? 0 : -errno;
	cap_free(now);
	cap_free(caps);
	return r;
}

/* --- the system call filter --------------------------------------------- */

/* Every system call the sentry makes after set-up, by subject. */
static const char *const allowed[] = {
    /* memory (no executable mappings: checked below) */
    "brk",
    "munmap",
    "mremap",
    "madvise",
    "mincore",
    "msync",
    "membarrier",
    /* files by fd and the held directories */
    "read",
    "write",
    "readv",
    "writev",
    "pread64",
    "pwrite64",
    "preadv",
    "pwritev",
    "preadv2",
    "pwritev2",
    "lseek",
    "close",
    "close_range",
    "dup",
    "dup2",
    "dup3",
    "fcntl",
    "flock",
    "fstat",
    "newfstatat",
    "statx",
    "fstatfs",
    "statfs",
    "open",
    "openat",
    "openat2",
    "readlink",
    "readlinkat",
    "getdents64",
    "mkdirat",
    "mknodat",
    "unlinkat",
    "renameat2",
    "linkat",
    "symlinkat",
    "fchmod",
    "fchmodat",
    "fchown",
    "fchownat",
    "utimensat",
    "ftruncate",
    "fallocate",
    "fsync",
    "fdatasync",
    "faccessat",
    "faccessat2",
    "access",
    "fgetxattr",
    "fsetxattr",
    "flistxattr",
    "fremovexattr",
    "getxattr",
    "lgetxattr",
    "listxattr",
    "llistxattr",
    "sendfile",
    "copy_file_range",
    "splice",
    "memfd_create",
    "pipe2",
    "getcwd",
    "umask",
    /* the event loop */
    "epoll_create1",
    "epoll_ctl",
    "epoll_wait",
    "epoll_pwait",
    "epoll_pwait2",
    "poll",
    "ppoll",
    "signalfd4",
    "timerfd_create",
    "timerfd_settime",
    "timerfd_gettime",
    "eventfd2",
    /* signals */
    "rt_sigaction",
    "rt_sigprocmask",
    "rt_sigreturn",
    "rt_sigtimedwait",
    "sigaltstack",
    "restart_syscall",
    "kill",
    "tgkill",
    "tkill",
    "rt_sigqueueinfo",
    "rt_tgsigqueueinfo",
    "pidfd_open",
    "pidfd_send_signal",
    /* the stubs */
    "ptrace",
    "wait4",
    "waitid",
    "process_vm_readv",
    "process_vm_writev",
    "futex",
    "futex_waitv",
    /* scheduling and placement of stub threads */
    "sched_getaffinity",
    "sched_setaffinity",
    "sched_yield",
    "sched_getattr",
    "sched_setattr",
    "sched_getparam",
    "sched_setparam",
    "sched_getscheduler",
    "sched_setscheduler",
    "getpriority",
    "setpriority",
    "ioprio_get",
    "ioprio_set",
    "getcpu",
    /* facts about itself and the host */
    "getpid",
    "gettid",
    "getppid",
    "getuid",
    "geteuid",
    "getgid",
    "getegid",
    "getresuid",
    "getresgid",
    "getgroups",
    "getpgid",
    "getpgrp",
    "getsid",
    "uname",
    "sysinfo",
    "getrusage",
    "times",
    "getrlimit",
    "prlimit64",
    "setrlimit",
    "clock_gettime",
    "clock_getres",
    "clock_nanosleep",
    "nanosleep",
    "gettimeofday",
    "time",
    "getrandom",
    "capget",
    "prctl",
    "arch_prctl",
    "set_robust_list",
    "rseq",
    "set_tid_address",
    /* sockets sbx was given as stdio (never made: see socket below) */
    "sendto",
    "recvfrom",
    "sendmsg",
    "recvmsg",
    "sendmmsg",
    "recvmmsg",
    "getsockopt",
    "getsockname",
    "getpeername",
    "shutdown",
    /* leaving */
    "exit",
    "exit_group",
};

/* Host sockets: only with --net=host, and only inet ones. */
static const char *const net_calls[] = {
    "connect", "bind", "listen", "accept", "accept4", "setsockopt",
};

static int allow(scmp_filter_ctx ctx, const char *name)
{
	int nr = seccomp_syscall_resolve_name(name);
	if (nr == __NR_SCMP_ERROR)
		return 0; /* not on this libseccomp: the sentry cannot make it either */
	return seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
}

static int confine_rules(scmp_filter_ctx ctx, const struct confine_opts *o)
{
	int r = 0;
	for (size_t i = 0; r == 0 && i < sizeof(allowed) / sizeof(allowed[0]); i++)
		r = allow(ctx, allowed[i]);
	/* No executable memory: the sentry loads no code after start. */
	if (r == 0)
		r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mmap), 1,
				     SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
	if (r == 0)
		r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mprotect), 1,
				     SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
	/* Terminal ioctls pass through, but never typing into the host's
	 * terminal. */
	if (r == 0)
		r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(ioctl), 1,
				     SCMP_A1(SCMP_CMP_NE, TIOCSTI));
	if (o->net_host) {
		for (size_t i = 0; r == 0 && i < sizeof(net_calls) / sizeof(net_calls[0]); i++)
			r = allow(ctx, net_calls[i]);
		if (r == 0)
			r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(socket), 1,
					     SCMP_A0(SCMP_CMP_EQ, AF_INET));
		if (r == 0)
			r = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(socket), 1,
					     SCMP_A0(SCMP_CMP_EQ, AF_INET6));
	}
#if defined(__SANITIZE_ADDRESS__)
	/* The sanitizers' own needs: LeakSanitizer stops the world at exit
	 * with a tracer thread. */
	static const char *const asan[] = {"clone", "clone3", "sched_yield", "mprotect",
					   "getdents", "sched_getaffinity", "openat"};
	for (size_t i = 0; r == 0 && i < sizeof(asan) / sizeof(asan[0]); i++)
		r = allow(ctx, asan[i]);
#endif
	return r;
}

/* A forbidden system call: say which, then die.  Only async-signal-safe
 * calls (the name table is static). */
static void forbidden(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)uc;
	char buf[160];
	const char *name = syscall_name(si->si_syscall);
	int n = snprintf(buf, sizeof(buf),
			 "sbx: internal error: the sentry made system call %s (%d), which its "
			 "seccomp filter forbids\n",
			 name ? name : "?", si->si_syscall);
	if (n > 0 && write(2, buf, (size_t)n) < 0)
		n = 0;
	_exit(125);
}

static int install_filter(const struct confine_opts *o)
{
	struct sigaction sa = {.sa_sigaction = forbidden, .sa_flags = SA_SIGINFO};
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSYS, &sa, NULL) < 0)
		return -errno;
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_TRAP);
	if (!ctx)
		return -ENOMEM;
	int r = confine_rules(ctx, o);
	if (r == 0)
		r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 1);
	/* A binary tree over the syscall numbers instead of a linear list:
	 * the filter runs on every host syscall of the sentry's hot path. */
	if (r == 0 && seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2) != 0)
		sbx_dbg("confinement: libseccomp cannot build a binary tree filter");
	if (r == 0)
		r = seccomp_load(ctx);
	seccomp_release(ctx);
	return r;
}

int confine_sentry(const struct confine_opts *o)
{
	int r = empty_root();
	if (r < 0)
		sbx_dbg("confinement: no empty mount namespace (%s)", strerror(-r));
	host_paths_confined();
	if (geteuid() == 0 && (r = drop_caps()) < 0)
		sbx_dbg("confinement: capabilities kept (%s)", strerror(-r));
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -errno;
	return install_filter(o);
}
