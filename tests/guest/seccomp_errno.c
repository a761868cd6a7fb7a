/* A guest's own seccomp filter: SECCOMP_RET_ERRNO for openat, checked in
 * the filtering process, in a forked child and after execve; two filters
 * (the lowest action wins); RET_TRACE without a tracer (ENOSYS); the
 * checks a filter must pass to be installed; EACCES without
 * no_new_privs and CAP_SYS_ADMIN; TSYNC; strict mode. */
//! libc: glibc
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errname.h"

#define NR_OFF	 offsetof(struct seccomp_data, nr)
#define ARCH_OFF offsetof(struct seccomp_data, arch)

static void show(const char *what, long r)
{
	if (r < 0)
		printf("%s: -1 %s\n", what, errname(errno));
	else
		printf("%s: %ld\n", what, r);
}

static long seccomp(unsigned op, unsigned flags, void *args)
{
	return syscall(SYS_seccomp, op, flags, args);
}

/* ERRNO(@err) for syscall @nr, ALLOW the rest (x86-64 only). */
static long deny(int nr, unsigned action, unsigned flags)
{
	struct sock_filter f[] = {
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, ARCH_OFF),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, NR_OFF),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)nr, 0, 1),
	    BPF_STMT(BPF_RET | BPF_K, action),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {sizeof(f) / sizeof(f[0]), f};
	return seccomp(SECCOMP_SET_MODE_FILTER, flags, &prog);
}

static long install(struct sock_filter *f, unsigned short n)
{
	struct sock_fprog prog = {n, f};
	return seccomp(SECCOMP_SET_MODE_FILTER, 0, &prog);
}

static void try_open(const char *who)
{
	errno = 0;
	int fd = open("/dev/null", O_RDONLY);
	printf("%s: open: %s\n", who, fd >= 0 ? "ok" : errname(errno));
	if (fd >= 0)
		close(fd);
}

static void bad_filters(void)
{
	struct sock_filter ret_allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	struct sock_fprog empty = {0, &ret_allow};
	show("empty program", seccomp(SECCOMP_SET_MODE_FILTER, 0, &empty));
	struct sock_fprog huge = {4097, &ret_allow};
	show("4097 instructions", seccomp(SECCOMP_SET_MODE_FILTER, 0, &huge));
	show("NULL program", seccomp(SECCOMP_SET_MODE_FILTER, 0, NULL));
	struct sock_fprog badptr = {1, (struct sock_filter *)16};
	show("unreadable instructions", seccomp(SECCOMP_SET_MODE_FILTER, 0, &badptr));
	struct sock_filter noret[] = {BPF_STMT(BPF_LD | BPF_W | BPF_ABS, NR_OFF)};
	show("no return at the end", install(noret, 1));
	struct sock_filter unaligned[] = {BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 1),
					  BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)};
	show("unaligned load", install(unaligned, 2));
	struct sock_filter beyond[] = {BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 64),
				       BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)};
	show("load beyond seccomp_data", install(beyond, 2));
	struct sock_filter half[] = {BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 0),
				     BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)};
	show("half-word load", install(half, 2));
	struct sock_filter jump_out[] = {BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0, 5, 0),
					 BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)};
	show("jump out of the program", install(jump_out, 2));
	struct sock_filter div0[] = {BPF_STMT(BPF_ALU | BPF_DIV | BPF_K, 0),
				     BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)};
	show("division by constant zero", install(div0, 2));
	struct sock_filter mod[] = {BPF_STMT(BPF_ALU | BPF_MOD | BPF_K, 3),
				    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)};
	show("BPF_MOD (not for seccomp)", install(mod, 2));
	struct sock_filter uninit[] = {BPF_STMT(BPF_LD | BPF_MEM, 3), BPF_STMT(BPF_RET | BPF_A, 0)};
	show("scratch cell read before written", install(uninit, 2));
	struct sock_filter mem16[] = {BPF_STMT(BPF_ST, 16), BPF_STMT(BPF_RET | BPF_A, 0)};
	show("scratch cell 16", install(mem16, 2));
	show("unknown flag", seccomp(SECCOMP_SET_MODE_FILTER, 1u << 20, &empty));
	show("unknown operation", seccomp(99, 0, NULL));
	show("strict mode with flags", seccomp(SECCOMP_SET_MODE_STRICT, 1, NULL));
	unsigned action = SECCOMP_RET_LOG;
	show("GET_ACTION_AVAIL LOG", seccomp(SECCOMP_GET_ACTION_AVAIL, 0, &action));
	action = SECCOMP_RET_KILL_PROCESS;
	show("GET_ACTION_AVAIL KILL_PROCESS", seccomp(SECCOMP_GET_ACTION_AVAIL, 0, &action));
	action = 0x12340000;
	show("GET_ACTION_AVAIL unknown", seccomp(SECCOMP_GET_ACTION_AVAIL, 0, &action));
	show("GET_ACTION_AVAIL bad pointer", seccomp(SECCOMP_GET_ACTION_AVAIL, 0, (void *)16));
}

static void *thread_open(void *arg)
{
	try_open((const char *)arg);
	return NULL;
}

/* Without no_new_privs, a task needs CAP_SYS_ADMIN to filter. */
static void no_privilege(void)
{
	struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct d[2];
	syscall(SYS_capget, &h, d);
	d[0].effective &= ~(1u << CAP_SYS_ADMIN);
	syscall(SYS_capset, &h, d);
	show("filter without NNP and CAP_SYS_ADMIN", deny(SYS_openat, SECCOMP_RET_ERRNO | 1, 0));
	show("PR_SET_NO_NEW_PRIVS", prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	show("filter with NNP", deny(SYS_openat, SECCOMP_RET_ERRNO | EROFS, 0));
	try_open("with NNP");
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "exec")) {
		/* After execve: the filters and no_new_privs stay. */
		try_open("after execve");
		show("PR_GET_SECCOMP after execve", prctl(PR_GET_SECCOMP, 0, 0, 0, 0));
		show("PR_GET_NO_NEW_PRIVS after execve", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
		return 0;
	}
	setvbuf(stdout, NULL, _IONBF, 0);
	bad_filters();
	show("PR_GET_SECCOMP before", prctl(PR_GET_SECCOMP, 0, 0, 0, 0));
	pid_t c = fork();
	if (c == 0) {
		no_privilege();
		_exit(0);
	}
	waitpid(c, NULL, 0);

	show("PR_SET_NO_NEW_PRIVS", prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	show("filter: openat gets EPERM", deny(SYS_openat, SECCOMP_RET_ERRNO | EPERM, 0));
	show("PR_GET_SECCOMP", prctl(PR_GET_SECCOMP, 0, 0, 0, 0));
	try_open("filtered");
	printf("getpid still works: %s\n", getpid() > 0 ? "yes" : "no");
	show("strict mode over a filter", seccomp(SECCOMP_SET_MODE_STRICT, 0, NULL));
	/* A second filter: EACCES is ERRNO too, the lower data does not
	 * matter; a TRACE filter for getppid (no tracer: ENOSYS). */
	show("filter 2: openat gets EACCES", deny(SYS_openat, SECCOMP_RET_ERRNO | EACCES, 0));
	try_open("two filters (newest ERRNO wins on a tie)");
	show("filter 3: getppid traced", deny(SYS_getppid, SECCOMP_RET_TRACE, 0));
	show("getppid with TRACE and no tracer", syscall(SYS_getppid));
	show("filter 4: dup gets errno 5000 (capped)", deny(SYS_dup, SECCOMP_RET_ERRNO | 5000, 0));
	errno = 0;
	long r = syscall(SYS_dup, 0);
	printf("dup: %ld errno %d\n", r, errno);
	show("filter 5: close LOGs", deny(SYS_close, SECCOMP_RET_LOG, 0));
	show("close(dup of 1)", close(fcntl(1, F_DUPFD_CLOEXEC, 10)));
	pthread_t th;
	pthread_create(&th, NULL, thread_open, "in a thread");
	pthread_join(th, NULL);
	show("TSYNC filter: getuid gets ENOTTY",
	     deny(SYS_getuid, SECCOMP_RET_ERRNO | ENOTTY, SECCOMP_FILTER_FLAG_TSYNC));
	show("getuid", syscall(SYS_getuid));
	c = fork();
	if (c == 0) {
		try_open("child");
		_exit(0);
	}
	waitpid(c, NULL, 0);
	c = fork();
	if (c == 0) {
		execl("/proc/self/exe", argv[0], "exec", (char *)NULL);
		printf("execl: %s\n", errname(errno));
		_exit(1);
	}
	int st;
	waitpid(c, &st, 0);
	printf("exec child: exited %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);

	/* Strict mode in a fresh child: write and exit only. */
	fflush(stdout);
	c = fork();
	if (c == 0) {
		int pc = fork();
		if (pc == 0) {
			syscall(SYS_seccomp, SECCOMP_SET_MODE_STRICT, 0, NULL);
			syscall(SYS_write, 1, "strict: write allowed\n", 22);
			syscall(SYS_getpid);
			syscall(SYS_write, 1, "strict: getpid allowed?\n", 24);
			syscall(SYS_exit, 0);
		}
		waitpid(pc, &st, 0);
		printf("strict child: %s %d\n", WIFSIGNALED(st) ? "killed by signal" : "exited",
		       WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
		_exit(0);
	}
	waitpid(c, NULL, 0);
	return 0;
}
