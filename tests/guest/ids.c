/* Process ids: getpid, getppid and gettid are printed as pid=N ppid=N tid=N
 * (the harness replaces the numbers) and must be consistent: the same on
 * every call, tid == pid in a single-threaded program, parent != self. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	pid_t pid = getpid(), ppid = getppid();
	pid_t tid = (pid_t)syscall(SYS_gettid);
	printf("pid=%d ppid=%d tid=%d\n", (int)pid, (int)ppid, (int)tid);
	printf("pid positive: %s\n", pid > 0 ? "yes" : "no");
	printf("ppid positive: %s\n", ppid > 0 ? "yes" : "no");
	printf("tid == pid: %s\n", tid == pid ? "yes" : "no");
	printf("ppid != pid: %s\n", ppid != pid ? "yes" : "no");
	int stable = 1;
	for (int i = 0; i < 100; i++)
		stable &= getpid() == pid && getppid() == ppid && syscall(SYS_gettid) == tid;
	printf("stable over 100 calls: %s\n", stable ? "yes" : "no");
	printf("raw syscall getpid agrees: %s\n", syscall(SYS_getpid) == pid ? "yes" : "no");
	printf("uid=%d euid=%d gid=%d egid=%d\n", (int)getuid(), (int)geteuid(), (int)getgid(),
	       (int)getegid());
	return 0;
}
