/* The sandbox's own machinery in the guest's address space: sbx's stub
 * (at 0x7fc000000000 on the ptrace platform) is code and data the guest can
 * reach.  This jumps into its syscall instruction with chosen registers,
 * writes garbage over every page of it that the host lets it write, maps,
 * unmaps and protects over it, and goes on making system calls, forking
 * and threading: nothing may reach the host, and the sentry must survive
 * (the guest may die of what it did to itself). */
#include "hostile.h"

#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#define STUB	  0x7fc000000000UL
#define STUB_SPAN 0x200000UL

static sigjmp_buf back;
static volatile uintptr_t probe_addr;

static void on_signal(int sig)
{
	siglongjmp(back, sig);
}

/* Calls the stub at @addr as if it were `syscall`, with rax = @nr and
 * the arguments in rdi, rsi, rdx. */
static long gate(uintptr_t addr, long nr, long a1, long a2, long a3)
{
	long r;
	register long r10 __asm__("r10") = 0;
	__asm__ volatile("lea 1f(%%rip), %%rcx\n\t"
			 "push %%rcx\n\t"
			 "jmp *%[addr]\n\t"
			 "1:"
			 : "=a"(r)
			 : [addr] "r"(addr), "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10)
			 : "rcx", "r11", "memory");
	return r;
}

static void try_gate(uintptr_t addr, const char *what, long nr, long a1, long a2, long a3)
{
	int sig = sigsetjmp(back, 1);
	if (sig) {
		printf("gate %s at +%#lx: signal %d\n", what, (unsigned long)(addr - STUB), sig);
		fflush(stdout);
		return;
	}
	long r = gate(addr, nr, a1, a2, a3);
	printf("gate %s at +%#lx: %ld\n", what, (unsigned long)(addr - STUB), r);
	fflush(stdout);
}

/* Writes garbage over every stub page the host lets the guest write. */
static int scribble(void)
{
	volatile int pages = 0;
	for (probe_addr = STUB; probe_addr < STUB + STUB_SPAN; probe_addr += 4096) {
		if (sigsetjmp(back, 1))
			continue;
		uintptr_t a = probe_addr;
		volatile unsigned char *p = (volatile unsigned char *)a;
		unsigned char v = *p; /* readable? */
		for (int i = 0; i < 4096; i++)
			p[i] = (unsigned char)(v + i * 37);
		pages++;
	}
	return pages;
}

static void *thread_fn(void *arg)
{
	(void)arg;
	return (void *)(long)syscall(SYS_gettid);
}

int main(void)
{
	struct sigaction sa = {.sa_handler = on_signal, .sa_flags = SA_NODEFER};
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGTRAP, &sa, NULL);
	sigaction(SIGILL, &sa, NULL);
	sigaction(SIGSYS, &sa, NULL);

	char path[4096];
	snprintf(path, sizeof(path), "/tmp/%s-gate", mark());
	/* Into every byte of the stub's first instructions: most of them run
	 * stub code that ends the process (its own exit, a fault): children. */
	for (uintptr_t off = 0; off < 64; off++) {
		pid_t c = fork();
		if (c == 0) {
			try_gate(STUB + off, "open", SYS_open, (long)path, O_CREAT | O_WRONLY,
				 0644);
			try_gate(STUB + off, "socket", SYS_socket, 2, 1, 0);
			_exit(0);
		}
		/* Stub code can also wedge it (a loop, a wait): give up on it. */
		int st = 0;
		for (int i = 0; i < 200 && waitpid(c, &st, WNOHANG) == 0; i++)
			usleep(10000);
		if (waitpid(c, &st, WNOHANG) == 0) {
			kill(c, SIGKILL);
			waitpid(c, &st, 0);
		}
		printf("gate at +%#lx: %s %d\n", (unsigned long)off,
		       WIFEXITED(st) ? "exited" : "killed by",
		       WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
	}
	fflush(stdout);
	char *argv[] = {"sh", "-c", "touch /tmp/$SBX_HOSTILE_MARK-gate-sh", NULL};
	pid_t c = fork();
	if (c == 0) {
		try_gate(STUB, "execve", SYS_execve, (long)"/bin/sh", (long)argv, 0);
		_exit(0);
	}
	waitpid(c, NULL, 0);

	/* Mapping over the stub: refused, it is above the guest's space. */
	tried("mmap MAP_FIXED at the stub",
	      (long)mmap((void *)STUB, 4096, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == -1
		  ? -1
		  : 0);
	tried("munmap the stub", munmap((void *)STUB, STUB_SPAN));
	tried("mprotect the stub", mprotect((void *)STUB, 4096, PROT_READ | PROT_WRITE));
	tried("mmap at 0", (long)mmap(NULL + 0, 4096, PROT_READ,
				      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == -1
			       ? -1
			       : 0);

	/* Garbage over the stub, then keep using the sandbox, in a child so
	 * that the test goes on if the child dies of it. */
	c = fork();
	if (c == 0) {
		printf("scribbled over %d stub pages\n", scribble());
		fflush(stdout);
		struct itimerval it = {{0, 0}, {100, 0}};
		setitimer(ITIMER_VIRTUAL, &it, NULL); /* goes through the stub */
		getitimer(ITIMER_VIRTUAL, &it);
		pthread_t th;
		if (pthread_create(&th, NULL, thread_fn, NULL) == 0)
			pthread_join(th, NULL);
		pid_t g = fork();
		if (g == 0)
			_exit(3);
		int st = 0;
		waitpid(g, &st, 0);
		void *m =
		    mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (m != MAP_FAILED)
			memset(m, 1, 1 << 20);
		int fd = open(path, O_CREAT | O_WRONLY, 0644);
		printf("after the scribble: fork %d, open %s\n",
		       WIFEXITED(st) ? WEXITSTATUS(st) : -1, fd >= 0 ? "ok" : "failed");
		fflush(stdout);
		_exit(0);
	}
	int st;
	waitpid(c, &st, 0);
	printf("scribbling child: %s %d\n", WIFEXITED(st) ? "exited" : "killed by",
	       WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
	return 0;
}
