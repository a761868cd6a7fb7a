/* SECCOMP_RET_TRAP: the syscall is not made and a SIGSYS handler sees
 * its number, the architecture, the filter's data in si_errno, the
 * address after the syscall instruction, and the number again in rax.
 * Then the killing actions: KILL_THREAD ends one thread of several,
 * KILL_PROCESS the whole process, both with SIGSYS. */
//! libc: glibc
#define _GNU_SOURCE
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

#include "errname.h"

#ifndef SYS_SECCOMP
#define SYS_SECCOMP 1
#endif

static volatile int got, got_code, got_nr, got_errno, got_arch_ok, got_rax_ok, got_ip_ok;

static void on_sigsys(int sig, siginfo_t *si, void *uc_)
{
	ucontext_t *uc = uc_;
	got = sig;
	got_code = si->si_code;
	got_nr = si->si_syscall;
	got_errno = si->si_errno;
	got_arch_ok = si->si_arch == AUDIT_ARCH_X86_64;
	got_rax_ok = uc->uc_mcontext.gregs[REG_RAX] == si->si_syscall;
	/* The address is just past the 2-byte syscall instruction. */
	unsigned char *ip = si->si_call_addr;
	got_ip_ok = (unsigned long)ip == (unsigned long)uc->uc_mcontext.gregs[REG_RIP] &&
		    ip[-2] == 0x0f && ip[-1] == 0x05;
	/* Emulate the call: the result the program will see. */
	uc->uc_mcontext.gregs[REG_RAX] = 4242;
}

static long filter(int nr, unsigned action)
{
	struct sock_filter f[] = {
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)nr, 0, 1),
	    BPF_STMT(BPF_RET | BPF_K, action),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {sizeof(f) / sizeof(f[0]), f};
	return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
}

static void *thread_dies(void *arg)
{
	(void)arg;
	syscall(SYS_getcwd, NULL, 0); /* killed here */
	printf("thread survived\n");
	return NULL;
}

static const char *how(int st)
{
	static char buf[64];
	if (WIFSIGNALED(st))
		snprintf(buf, sizeof(buf), "killed by signal %d", WTERMSIG(st));
	else
		snprintf(buf, sizeof(buf), "exited %d", WEXITSTATUS(st));
	return buf;
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigsys;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSYS, &sa, NULL);
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	printf("filter: %ld\n", filter(SYS_getppid, SECCOMP_RET_TRAP | 0x77));
	long r = syscall(SYS_getppid);
	printf("getppid returned %ld (the handler's)\n", r);
	printf("signal %d, si_code SYS_SECCOMP: %s, syscall is getppid: %s, si_errno %#x\n", got,
	       got_code == SYS_SECCOMP ? "yes" : "no", got_nr == SYS_getppid ? "yes" : "no",
	       got_errno);
	printf("arch x86-64: %s, rax holds the number: %s, call address after the syscall: %s\n",
	       got_arch_ok ? "yes" : "no", got_rax_ok ? "yes" : "no", got_ip_ok ? "yes" : "no");

	/* A blocked SIGSYS is forced through: unblocked, default action. */
	pid_t c = fork();
	if (c == 0) {
		sigset_t s;
		sigemptyset(&s);
		sigaddset(&s, SIGSYS);
		sigprocmask(SIG_BLOCK, &s, NULL);
		syscall(SYS_getppid);
		printf("blocked SIGSYS: survived\n");
		_exit(0);
	}
	int st;
	waitpid(c, &st, 0);
	printf("trap with SIGSYS blocked: %s\n", how(st));

	/* KILL_THREAD in one thread of two: the process goes on. */
	c = fork();
	if (c == 0) {
		filter(SYS_getcwd, SECCOMP_RET_KILL_THREAD);
		pthread_t th;
		pthread_create(&th, NULL, thread_dies, NULL);
		/* The dead thread's tid is cleared (CLONE_CHILD_CLEARTID). */
		pthread_join(th, NULL);
		printf("main thread after its thread was killed: still here\n");
		_exit(3);
	}
	waitpid(c, &st, 0);
	printf("KILL_THREAD in a thread: %s\n", how(st));

	/* KILL_THREAD in the only thread: the process dies of SIGSYS. */
	c = fork();
	if (c == 0) {
		filter(SYS_getcwd, SECCOMP_RET_KILL_THREAD);
		syscall(SYS_getcwd, NULL, 0);
		_exit(4);
	}
	waitpid(c, &st, 0);
	printf("KILL_THREAD in the only thread: %s\n", how(st));

	/* KILL_PROCESS from a second thread takes every thread. */
	c = fork();
	if (c == 0) {
		filter(SYS_getcwd, SECCOMP_RET_KILL_PROCESS);
		pthread_t th;
		pthread_create(&th, NULL, thread_dies, NULL);
		pthread_join(th, NULL);
		printf("main thread survived KILL_PROCESS\n");
		_exit(5);
	}
	waitpid(c, &st, 0);
	printf("KILL_PROCESS in a thread: %s\n", how(st));
	return 0;
}
