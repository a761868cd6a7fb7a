/* System calls from code the guest writes at run time (a JIT), the 32-bit
 * entry points (`int $0x80`, `sysenter`) and an exec of a host shell from
 * that code: each is either the sandbox's own system call or refused, and
 * nothing reaches the host. */
#include "hostile.h"

#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static sigjmp_buf back;

static void on_signal(int sig)
{
	siglongjmp(back, sig);
}

typedef long (*jit_fn)(long nr, long a1, long a2, long a3);

/* mov rax, rdi; mov rdi, rsi; mov rsi, rdx; mov rdx, rcx; syscall; ret */
static const unsigned char jit_syscall[] = {0x48, 0x89, 0xf8, 0x48, 0x89, 0xf7, 0x48, 0x89,
					    0xd6, 0x48, 0x89, 0xca, 0x0f, 0x05, 0xc3};
/* int $0x80; ret */
static const unsigned char jit_int80[] = {0x48, 0x89, 0xf8, 0x48, 0x89, 0xf3,
					  0x48, 0x89, 0xd1, 0xcd, 0x80, 0xc3};
/* sysenter; ret */
static const unsigned char jit_sysenter[] = {0x48, 0x89, 0xf8, 0x48, 0x89, 0xf3,
					     0x48, 0x89, 0xd1, 0x0f, 0x34, 0xc3};

static void *jit(const unsigned char *code, size_t len)
{
	unsigned char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	memcpy(p, code, len);
	return p;
}

static void attempt(const char *what, jit_fn f, long nr, long a1, long a2, long a3)
{
	int sig = sigsetjmp(back, 1);
	if (sig) {
		printf("%s: signal %d\n", what, sig);
		return;
	}
	long r = f(nr, a1, a2, a3);
	printf("%s: %ld\n", what, r);
	fflush(stdout);
}

int main(void)
{
	struct sigaction sa = {.sa_handler = on_signal, .sa_flags = SA_NODEFER};
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGILL, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGTRAP, &sa, NULL);
	sigaction(SIGSYS, &sa, NULL);

	char path[4096];
	snprintf(path, sizeof(path), "/tmp/%s-jit", mark());
	jit_fn f = jit(jit_syscall, sizeof(jit_syscall));
	if (!f)
		return 1;
	attempt("jit open(O_CREAT)", f, SYS_open, (long)path, O_CREAT | O_WRONLY, 0644);
	snprintf(path, sizeof(path), "/tmp/%s-jit-mkdir", mark());
	attempt("jit mkdir", f, SYS_mkdir, (long)path, 0755, 0);
	attempt("jit socket", f, SYS_socket, 2 /* AF_INET */, 1, 0);

	/* The 32-bit ABI: 5 is open, 39 mkdir, 11 execve there.  A pointer
	 * that fits in 32 bits is needed for it to mean anything. */
	char *low = mmap((void *)0x10000000, 4096, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (low != MAP_FAILED)
		snprintf(low, 4096, "/tmp/%s-int80", mark());
	/* sbx has no 32-bit system calls: under ptrace they fail with
	 * ENOSYS, under systrap the process is killed.  In a child, then. */
	jit_fn i80 = jit(jit_int80, sizeof(jit_int80));
	pid_t k = fork();
	if (k == 0) {
		attempt("int 0x80 open", i80, 5, (long)(intptr_t)low, O_CREAT | O_WRONLY, 0644);
		attempt("int 0x80 mkdir", i80, 39, (long)(intptr_t)low, 0755, 0);
		_exit(0);
	}
	int kst;
	waitpid(k, &kst, 0);
	printf("int 0x80 child: %s\n", WIFSIGNALED(kst) ? "killed" : "exited");
	/* sysenter leaves no usable stack behind (it does not save rsp), so
	 * its caller dies: in a child. */
	jit_fn se = jit(jit_sysenter, sizeof(jit_sysenter));
	pid_t s = fork();
	if (s == 0) {
		attempt("sysenter open", se, 5, (long)(intptr_t)low, O_CREAT | O_WRONLY, 0644);
		_exit(0);
	}
	int sst;
	waitpid(s, &sst, 0);
	printf("sysenter child: %s\n", WIFSIGNALED(sst) ? "killed" : "exited");

	/* An exec of the host's shell from the JIT, creating a file: the
	 * shell runs in the sandbox, and so does its file. */
	pid_t c = fork();
	if (c == 0) {
		char cmd[4200];
		snprintf(cmd, sizeof(cmd), "touch /tmp/%s-sh; mkdir /tmp/%s-sh.d", mark(), mark());
		char *argv[] = {"sh", "-c", cmd, NULL};
		f(SYS_execve, (long)"/bin/sh", (long)argv, (long)NULL);
		_exit(127);
	}
	int st;
	waitpid(c, &st, 0);
	printf("jit execve of sh: exited %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	return 0;
}
