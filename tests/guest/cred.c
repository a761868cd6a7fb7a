/* Credentials: the set*id family and their get* twins, supplementary
 * groups, setfsuid, capget/capset, the capability prctls, and the
 * permission checks that follow a change of ids (files, kill, chown,
 * setpriority).  Each change happens in a child, so the program starts
 * every case as the user it was run as.  Meant to run as root (the harness
 * runs it as whoever runs the tests: the sandbox's default ids are the
 * host's, so both runs start alike). */
//! libc: glibc
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errname.h"

#define NOBODY 65534

static void show(const char *what, long r)
{
	if (r < 0)
		printf("%s: -1 %s\n", what, errname(errno));
	else
		printf("%s: %ld\n", what, r);
}

static void ids(const char *when)
{
	uid_t r, e, s;
	gid_t gr, ge, gs;
	syscall(SYS_getresuid, &r, &e, &s);
	syscall(SYS_getresgid, &gr, &ge, &gs);
	/* setfsuid(-1) only reports the current fsuid. */
	long fsu = syscall(SYS_setfsuid, -1), fsg = syscall(SYS_setfsgid, -1);
	printf("%s: uid %u %u %u fs %ld, gid %u %u %u fs %ld\n", when, r, e, s, fsu, gr, ge, gs,
	       fsg);
}

static int has_cap(int cap, int which)
{
	struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct d[2];
	if (syscall(SYS_capget, &h, d) < 0)
		return -1;
	unsigned v = which == 0	  ? d[cap / 32].effective
		     : which == 1 ? d[cap / 32].permitted
				  : d[cap / 32].inheritable;
	return (v >> (cap % 32)) & 1;
}

/* Run @fn in a child and report how it ended. */
static void in_child(const char *name, void (*fn)(void))
{
	fflush(stdout);
	pid_t p = fork();
	if (p == 0) {
		fn();
		fflush(stdout);
		_exit(0);
	}
	int st;
	waitpid(p, &st, 0);
	if (!WIFEXITED(st) || WEXITSTATUS(st))
		printf("%s: child ended badly (%#x)\n", name, st);
}

static void setuid_cases(void)
{
	ids("start");
	show("setresgid(100, 100, 100)", syscall(SYS_setresgid, 100, 100, 100));
	gid_t g[3] = {7, 3, 5};
	show("setgroups(3)", setgroups(3, g));
	gid_t out[8];
	int n = getgroups(8, out);
	printf("getgroups: %d:", n);
	for (int i = 0; i < n; i++)
		printf(" %u", out[i]);
	printf("\n");
	show("getgroups(0)", getgroups(0, NULL));
	show("getgroups(1) too small", getgroups(1, out));
	show("getgroups(-1)", syscall(SYS_getgroups, -1, out));
	show("setregid(-1, 100) (own gid)", setregid(-1, 100));
	show("setregid(5, -1)", setregid(5, -1));
	ids("after setregid");
	show("setreuid(-1, 1000)", setreuid(-1, 1000));
	ids("after setreuid(-1, 1000)");
	printf("effective caps after euid 1000: CAP_CHOWN %d, permitted CAP_CHOWN %d\n",
	       has_cap(CAP_CHOWN, 0), has_cap(CAP_CHOWN, 1));
	show("setuid(0) back (saved uid 0)", setuid(0));
	ids("after setuid(0)");
	printf("effective CAP_CHOWN again: %d\n", has_cap(CAP_CHOWN, 0));
	show("setresuid(1000, 1001, 0)", setresuid(1000, 1001, 0));
	ids("after setresuid");
	show("setresuid(1002, -1, -1) without CAP_SETUID", setresuid(1002, -1, -1));
	show("setuid(1001) (the euid)", setuid(1001));
	show("setuid(0) (the saved uid)", setuid(0));
	ids("now");
	show("setresuid(1000, 1000, 1000)", setresuid(1000, 1000, 1000));
	printf("permitted CAP_CHOWN after leaving root: %d\n", has_cap(CAP_CHOWN, 1));
	show("setuid(0) now", setuid(0));
	show("setgid(100) own gid", setgid(100));
	show("setgid(0)", setgid(0));
	show("setgroups now", setgroups(0, NULL));
	show("setfsuid(0) (not ours: unchanged, returns old)", syscall(SYS_setfsuid, 0));
	ids("end");
	show("setuid(-1)", syscall(SYS_setuid, -1));
	show("getresuid bad pointer", syscall(SYS_getresuid, (void *)16, (void *)16, (void *)16));
}

static void keepcaps_cases(void)
{
	show("PR_GET_KEEPCAPS", prctl(PR_GET_KEEPCAPS, 0, 0, 0, 0));
	show("PR_SET_KEEPCAPS 2", prctl(PR_SET_KEEPCAPS, 2, 0, 0, 0));
	show("PR_SET_KEEPCAPS 1", prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0));
	show("setresuid(1000, 1000, 1000)", setresuid(1000, 1000, 1000));
	printf("kept: permitted CAP_KILL %d, effective CAP_KILL %d\n", has_cap(CAP_KILL, 1),
	       has_cap(CAP_KILL, 0));
	/* Raise CAP_KILL back into the effective set from the permitted. */
	struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct d[2];
	syscall(SYS_capget, &h, d);
	d[0].effective |= 1u << CAP_KILL;
	show("capset(+CAP_KILL effective)", syscall(SYS_capset, &h, d));
	printf("effective CAP_KILL: %d\n", has_cap(CAP_KILL, 0));
	d[0].permitted |= 1u << CAP_SETUID; /* no longer permitted: never again */
	show("capset(permitted grows)", syscall(SYS_capset, &h, d));
	show("kill(1, 0) with CAP_KILL", kill(getppid(), 0));
}

static void capset_cases(void)
{
	struct __user_cap_header_struct h = {0x12345678, 0};
	struct __user_cap_data_struct d[2];
	show("capget bad version", syscall(SYS_capget, &h, d));
	printf("version answered: %#x\n", h.version);
	h.version = 0x12345678;
	show("capget bad version, NULL data", syscall(SYS_capget, &h, NULL));
	h.version = _LINUX_CAPABILITY_VERSION_3;
	h.pid = -1;
	show("capget pid -1", syscall(SYS_capget, &h, d));
	h.pid = 999999;
	show("capget no such pid", syscall(SYS_capget, &h, d));
	h.pid = getppid();
	show("capset another pid", syscall(SYS_capset, &h, d));
	h.pid = 0;
	show("capget", syscall(SYS_capget, &h, d));
	/* Drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from the effective
	 * set: root still owns what it owns, but others' files are closed. */
	d[0].effective &= ~(1u << CAP_DAC_OVERRIDE | 1u << CAP_DAC_READ_SEARCH);
	show("capset(-DAC effective)", syscall(SYS_capset, &h, d));
	int fd = open("cred_nobody_file", O_RDONLY);
	show("open nobody's 0600 file without DAC caps", fd);
	if (fd >= 0)
		close(fd);
	d[0].effective |= 1u << CAP_DAC_READ_SEARCH;
	show("capset(+CAP_DAC_READ_SEARCH)", syscall(SYS_capset, &h, d));
	fd = open("cred_nobody_file", O_RDONLY);
	show("open it for reading with DAC_READ_SEARCH", fd >= 0 ? 0 : -1);
	if (fd >= 0)
		close(fd);
	show("open it for writing", open("cred_nobody_file", O_WRONLY));
	d[0].effective |= 1u << 31; /* CAP_SETFCAP, permitted */
	d[1].effective |= 1u << 8;  /* CAP_CHECKPOINT_RESTORE (40) */
	d[0].inheritable |= 1u << CAP_SYS_ADMIN;
	show("capset(+inheritable CAP_SYS_ADMIN)", syscall(SYS_capset, &h, d));
	show("PR_CAPBSET_READ CAP_SYS_ADMIN", prctl(PR_CAPBSET_READ, CAP_SYS_ADMIN, 0, 0, 0));
	show("PR_CAPBSET_READ 99", prctl(PR_CAPBSET_READ, 99, 0, 0, 0));
	show("PR_CAPBSET_DROP CAP_SYS_ADMIN", prctl(PR_CAPBSET_DROP, CAP_SYS_ADMIN, 0, 0, 0));
	show("PR_CAPBSET_READ CAP_SYS_ADMIN", prctl(PR_CAPBSET_READ, CAP_SYS_ADMIN, 0, 0, 0));
	show("PR_CAP_AMBIENT IS_SET CAP_KILL",
	     prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, CAP_KILL, 0, 0));
	show("PR_CAP_AMBIENT RAISE CAP_KILL (not inheritable)",
	     prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_KILL, 0, 0));
	show("PR_CAP_AMBIENT RAISE CAP_SYS_ADMIN",
	     prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_SYS_ADMIN, 0, 0));
	show("PR_CAP_AMBIENT IS_SET CAP_SYS_ADMIN",
	     prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, CAP_SYS_ADMIN, 0, 0));
	show("PR_CAP_AMBIENT CLEAR_ALL", prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0));
	show("PR_CAP_AMBIENT bad op", prctl(PR_CAP_AMBIENT, 9, 1, 0, 0));
	show("PR_GET_SECUREBITS", prctl(PR_GET_SECUREBITS, 0, 0, 0, 0));
}

/* As nobody, without capabilities: what root's files and processes
 * refuse. */
static void nobody_cases(void)
{
	show("setgroups(0)", setgroups(0, NULL));
	show("setgid(nobody)", setgid(NOBODY));
	show("setuid(nobody)", setuid(NOBODY));
	ids("nobody");
	printf("effective caps: CAP_DAC_OVERRIDE %d, CAP_KILL %d\n", has_cap(CAP_DAC_OVERRIDE, 0),
	       has_cap(CAP_KILL, 0));
	show("open root's 0600 file", open("cred_root_file", O_RDONLY));
	show("open root's 0644 file for writing", open("cred_root_read", O_WRONLY));
	int fd = open("cred_root_read", O_RDONLY);
	show("open root's 0644 file for reading", fd >= 0 ? 0 : -1);
	if (fd >= 0)
		close(fd);
	show("access(root's 0600 file, R_OK)", access("cred_root_file", R_OK));
	show("chown own nothing: chown(root's file, nobody)", chown("cred_root_read", NOBODY, -1));
	show("chmod root's file", chmod("cred_root_read", 0666));
	show("kill(parent, 0) (root's)", kill(getppid(), 0));
	show("setpriority(parent) (root's)", setpriority(PRIO_PROCESS, getppid(), 5));
	show("setpriority(self, -1) (lower nice)", setpriority(PRIO_PROCESS, 0, -1));
	show("setuid(0)", setuid(0));
	show("setgroups", setgroups(0, NULL));
	show("sethostname", sethostname("x", 1));
	struct rlimit rl;
	getrlimit(RLIMIT_NOFILE, &rl);
	rl.rlim_max += 1;
	show("raise the RLIMIT_NOFILE hard limit", setrlimit(RLIMIT_NOFILE, &rl));
	show("mknod a char device", mknod("cred_dev", S_IFCHR | 0600, makedev(1, 3)));
	show("chroot", chroot("/"));
	show("PR_CAPBSET_DROP", prctl(PR_CAPBSET_DROP, CAP_KILL, 0, 0, 0));
	show("PR_SET_KEEPCAPS 1 (allowed)", prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0));
	show("PR_SET_SECUREBITS", prctl(PR_SET_SECUREBITS, 1, 0, 0, 0));
	show("PR_GET_DUMPABLE after the uid change", prctl(PR_GET_DUMPABLE, 0, 0, 0, 0));
	show("PR_SET_DUMPABLE 1", prctl(PR_SET_DUMPABLE, 1, 0, 0, 0));
	int p[2];
	if (pipe(p) == 0) {
		pid_t c = fork();
		if (c == 0) {
			/* A child of the same uid may be signalled and reniced. */
			char b;
			read(p[0], &b, 1);
			_exit(0);
		}
		show("kill(own child, 0)", kill(c, 0));
		show("setpriority(own child, 3)", setpriority(PRIO_PROCESS, c, 3));
		show("getpriority(own child) (20 - nice)", getpriority(PRIO_PROCESS, c));
		write(p[1], "x", 1);
		waitpid(c, NULL, 0);
	}
}

/* An access(2) as the real uid: a setuid-root-like process (euid 0, real
 * uid nobody) is refused what nobody is refused. */
static void access_cases(void)
{
	show("setresuid(nobody, 0, 0)", setresuid(NOBODY, 0, 0));
	show("open(root's 0600 file) with euid 0", open("cred_root_file", O_RDONLY) >= 0 ? 0 : -1);
	show("access(root's 0600 file) as real uid nobody", access("cred_root_file", R_OK));
	show("faccessat AT_EACCESS", faccessat(AT_FDCWD, "cred_root_file", R_OK, AT_EACCESS));
}

int main(void)
{
	if (geteuid() != 0) {
		printf("not root: the cases need root\n");
		return 0;
	}
	/* Files for the permission cases. */
	unlink("cred_root_file");
	unlink("cred_root_read");
	unlink("cred_nobody_file");
	int fd = open("cred_root_file", O_CREAT | O_WRONLY, 0600);
	close(fd);
	fd = open("cred_root_read", O_CREAT | O_WRONLY, 0644);
	close(fd);
	fd = open("cred_nobody_file", O_CREAT | O_WRONLY, 0600);
	fchown(fd, NOBODY, NOBODY);
	close(fd);
	chmod(".", 0755);
	in_child("setuid", setuid_cases);
	in_child("keepcaps", keepcaps_cases);
	in_child("capset", capset_cases);
	in_child("nobody", nobody_cases);
	in_child("access", access_cases);
	unlink("cred_root_file");
	unlink("cred_root_read");
	unlink("cred_nobody_file");
	return 0;
}
