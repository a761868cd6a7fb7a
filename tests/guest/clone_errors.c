/* Invalid clone and clone3 requests give Linux's errno: flag combinations,
 * clone3's struct size and tail, exit_signal, stack and stack_size,
 * set_tid.  Namespace flags are left out on purpose: sbx refuses every
 * CLONE_NEW* with EPERM while a native root may get them.  A call that
 * unexpectedly succeeds is reaped and shown as "ok". */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x1000
#endif
#ifndef CLONE_CLEAR_SIGHAND
#define CLONE_CLEAR_SIGHAND 0x100000000ULL
#endif
#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif

struct clone_args3 {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid,
	    set_tid_size, cgroup;
};

/* A fork-like clone request that succeeded by mistake: its child exits at
 * once (it returns 0 into our own code, so it must leave immediately). */
static const char *result(long r)
{
	static char buf[64];
	if (r == 0)
		_exit(0);
	if (r > 0) {
		waitpid((pid_t)r, NULL, __WALL);
		return "ok";
	}
	snprintf(buf, sizeof(buf), "%s", strerrorname_np((int)-r) ? strerrorname_np((int)-r) : "?");
	return buf;
}

/* The raw system calls, without libc's wrappers (which handle the child). */
static long raw(long nr, long a, long b, long c, long d, long e)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	long ret;
	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "0"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8)
			 : "rcx", "r11", "memory");
	return ret;
}

static long do_clone(unsigned long flags, long stack, void *ptid, void *ctid)
{
	return raw(SYS_clone, (long)flags, stack, (long)ptid, (long)ctid, 0);
}

static long do_clone3(const void *args, size_t size)
{
	return raw(SYS_clone3, (long)args, (long)size, 0, 0, 0);
}

int main(void)
{
	int ptid = 0;
	printf("clone THREAD without SIGHAND: %s\n",
	       result(do_clone(CLONE_THREAD | CLONE_VM | SIGCHLD, 0, NULL, NULL)));
	printf("clone SIGHAND without VM: %s\n",
	       result(do_clone(CLONE_SIGHAND | SIGCHLD, 0, NULL, NULL)));
	printf("clone THREAD|SIGHAND without VM: %s\n",
	       result(do_clone(CLONE_THREAD | CLONE_SIGHAND | SIGCHLD, 0, NULL, NULL)));
	printf("clone FS|NEWNS: %s\n",
	       result(do_clone(CLONE_FS | CLONE_NEWNS | SIGCHLD, 0, NULL, NULL)));
	printf("clone FS|NEWUSER: %s\n",
	       result(do_clone(CLONE_FS | CLONE_NEWUSER | SIGCHLD, 0, NULL, NULL)));
	printf("clone PIDFD|DETACHED: %s\n",
	       result(do_clone(CLONE_PIDFD | CLONE_DETACHED | SIGCHLD, 0, &ptid, NULL)));
	printf("clone PIDFD|PARENT_SETTID: %s\n",
	       result(do_clone(CLONE_PIDFD | CLONE_PARENT_SETTID | SIGCHLD, 0, &ptid, NULL)));
	printf("clone PIDFD with a bad pidfd pointer: %s\n",
	       result(do_clone(CLONE_PIDFD | SIGCHLD, 0, (void *)8, NULL)));

	printf("clone SETTLS beyond the address space: %s\n",
	       result(raw(SYS_clone, CLONE_SETTLS | SIGCHLD, 0, 0, 0, (long)0xffff800000000000UL)));

	struct clone_args3 a;
	memset(&a, 0, sizeof(a));
	printf("clone3 size 0: %s\n", result(do_clone3(&a, 0)));
	printf("clone3 size 63: %s\n", result(do_clone3(&a, 63)));
	printf("clone3 NULL args: %s\n", result(do_clone3(NULL, 64)));
	printf("clone3 bad pointer: %s\n", result(do_clone3((void *)8, 64)));
	static char big[8192] __attribute__((aligned(8)));
	memset(big, 0, sizeof(big));
	struct clone_args3 *bp = (struct clone_args3 *)big;
	bp->flags = CLONE_THREAD; /* invalid: shows that the tail is checked first */
	big[200] = 1;
	printf("clone3 non-zero tail beyond the struct: %s\n", result(do_clone3(big, 256)));
	printf("clone3 size above a page: %s\n", result(do_clone3(big, 4097)));
	bp->flags = CLONE_THREAD;
	big[200] = 0;
	printf("clone3 zero tail, bad flags: %s\n", result(do_clone3(big, 256)));

	memset(&a, 0, sizeof(a));
	a.flags = CLONE_VM | CLONE_SIGHAND | CLONE_THREAD;
	a.exit_signal = SIGCHLD;
	printf("clone3 exit_signal with THREAD: %s\n", result(do_clone3(&a, sizeof(a))));
	a.flags = CLONE_PARENT;
	printf("clone3 exit_signal with PARENT: %s\n", result(do_clone3(&a, sizeof(a))));
	a.flags = 0;
	a.exit_signal = 65;
	printf("clone3 exit_signal 65: %s\n", result(do_clone3(&a, sizeof(a))));
	a.exit_signal = 0x100 | SIGCHLD;
	printf("clone3 exit_signal beyond CSIGNAL: %s\n", result(do_clone3(&a, sizeof(a))));
	a.exit_signal = SIGCHLD;
	a.flags = SIGCHLD;
	printf("clone3 CSIGNAL bits in flags: %s\n", result(do_clone3(&a, sizeof(a))));
	a.flags = 1ULL << 40;
	printf("clone3 unknown flag bit 40: %s\n", result(do_clone3(&a, sizeof(a))));
	a.flags = CLONE_DETACHED;
	printf("clone3 DETACHED: %s\n", result(do_clone3(&a, sizeof(a))));
	a.flags = CLONE_SIGHAND | CLONE_VM | CLONE_CLEAR_SIGHAND;
	printf("clone3 SIGHAND|CLEAR_SIGHAND: %s\n", result(do_clone3(&a, sizeof(a))));
	a.flags = CLONE_THREAD | CLONE_VM;
	a.exit_signal = 0;
	printf("clone3 THREAD without SIGHAND: %s\n", result(do_clone3(&a, sizeof(a))));
	a.flags = CLONE_SIGHAND;
	printf("clone3 SIGHAND without VM: %s\n", result(do_clone3(&a, sizeof(a))));
	a.flags = CLONE_FS | CLONE_NEWNS;
	a.exit_signal = SIGCHLD;
	printf("clone3 FS|NEWNS: %s\n", result(do_clone3(&a, sizeof(a))));
	a.flags = CLONE_PIDFD | CLONE_PARENT_SETTID;
	a.pidfd = a.parent_tid = (uint64_t)(uintptr_t)&ptid;
	printf("clone3 PIDFD and PARENT_SETTID at one address: %s\n",
	       result(do_clone3(&a, sizeof(a))));
	a.pidfd = a.parent_tid = 0;

	char *stack = mmap(NULL, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	a.flags = CLONE_VM;
	a.stack = (uint64_t)(uintptr_t)stack;
	a.stack_size = 0;
	printf("clone3 stack without stack_size: %s\n", result(do_clone3(&a, sizeof(a))));
	a.stack = 0;
	a.stack_size = 65536;
	printf("clone3 stack_size without stack: %s\n", result(do_clone3(&a, sizeof(a))));
	a.stack = 0x7ffffffff000ULL;
	a.stack_size = 0x2000;
	printf("clone3 stack beyond the address space: %s\n", result(do_clone3(&a, sizeof(a))));
	a.stack = a.stack_size = 0;
	a.flags = CLONE_SETTLS;
	a.tls = 0x800000000000ULL;
	printf("clone3 SETTLS beyond the address space: %s\n", result(do_clone3(&a, sizeof(a))));
	a.tls = 0;
	a.flags = 0;

	/* set_tid */
	pid_t tids[40];
	for (int i = 0; i < 40; i++)
		tids[i] = getpid();
	a.set_tid = 0;
	a.set_tid_size = 1;
	printf("set_tid NULL with size 1: %s\n", result(do_clone3(&a, sizeof(a))));
	a.set_tid = (uint64_t)(uintptr_t)tids;
	a.set_tid_size = 0;
	printf("set_tid with size 0: %s\n", result(do_clone3(&a, sizeof(a))));
	a.set_tid_size = 33;
	printf("set_tid size 33: %s\n", result(do_clone3(&a, sizeof(a))));
	a.set_tid_size = 1;
	printf("set_tid our own pid: %s\n", result(do_clone3(&a, sizeof(a))));
	tids[0] = -5;
	printf("set_tid -5: %s\n", result(do_clone3(&a, sizeof(a))));
	tids[0] = 0;
	printf("set_tid 0: %s\n", result(do_clone3(&a, sizeof(a))));
	tids[0] = 0x40000000;
	printf("set_tid above pid_max: %s\n", result(do_clone3(&a, sizeof(a))));
	a.set_tid = 8;
	printf("set_tid bad pointer: %s\n", result(do_clone3(&a, sizeof(a))));
	a.set_tid = 0;
	a.set_tid_size = 0;

	/* A process may still clone after all of that. */
	long r = do_clone(SIGCHLD, 0, NULL, NULL);
	if (r == 0)
		_exit(3);
	int st = 0;
	printf("a plain clone still works: %s\n",
	       r > 0 && waitpid((pid_t)r, &st, 0) == r && WIFEXITED(st) && WEXITSTATUS(st) == 3
		   ? "yes"
		   : "no");
	return 0;
}
