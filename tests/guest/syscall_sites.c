/* Syscall instructions made again and again from the same place (under
 * systrap, sbx patches such sites to skip the trap): what a syscall
 * leaves must stay as Linux leaves it, from the first call to the last.
 * The flags are kept and r11 holds them, rcx holds the address after the
 * instruction; glibc's syscall() and a `mov $nr, %eax; syscall` of our
 * own; threads and a forked child on the same sites; a blocking read
 * interrupted by a handler and restarted (SA_RESTART); the code's bytes
 * as loaded once its page is writable or written through /proc/self/mem;
 * DF kept; single-stepping; code in a memfd rewritten through a shared
 * mapping. */
//! libc: glibc musl
#define _GNU_SOURCE
#include "sigtest.h"
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

long raw_getppid(void);
long df_probe(uint64_t out[2]);
long step_run(long n, long tf);
long raw_read(long fd, void *buf, long n);
void flags_probe(uint64_t out[4]);
extern const unsigned char raw_getppid_site[];

/* clang-format off */
__asm__(".text\n"
	".globl raw_getppid\n"
	"raw_getppid:\n"
	"	nop\n"
	".globl raw_getppid_site\n"
	"raw_getppid_site:\n"
	"	mov $" "110" ", %eax\n" /* SYS_getppid */
	"	syscall\n"
	"	ret\n"
	".globl raw_read\n"
	"raw_read:\n"
	"	nop\n"
	"	mov $0, %eax\n" /* SYS_read */
	"	syscall\n"
	"	ret\n"
	/* out[0]: flags before, out[1]: after, out[2]: r11, out[3]: rcx is
	 * the address after the syscall */
	/* With DF set: out[0] the flags after, out[1] r11 */
	".globl df_probe\n"
	"df_probe:\n"
	"	std\n"
	"	nop\n"
	"	mov $" "110" ", %eax\n"
	"	syscall\n"
	"	pushfq\n"
	"	pop %rdx\n"
	"	cld\n"
	"	mov %rdx, 0(%rdi)\n"
	"	mov %r11, 8(%rdi)\n"
	"	ret\n"
	/* getppid n times from one site, the trap flag set if tf is 0x100 */
	".globl step_run\n"
	"step_run:\n"
	"	pushfq\n"
	"	or %rsi, (%rsp)\n"
	"	popfq\n"
	"2:	nop\n"
	"	mov $" "110" ", %eax\n"
	"	syscall\n"
	"	dec %rdi\n"
	"	jnz 2b\n"
	"	pushfq\n"
	"	andq $~0x100, (%rsp)\n"
	"	popfq\n"
	"	ret\n"
	".globl flags_probe\n"
	"flags_probe:\n"
	"	push %rbx\n"
	"	mov %rdi, %rbx\n"
	"	lea 1f(%rip), %rdx\n"
	"	xor %eax, %eax\n" /* ZF PF set */
	"	stc\n"		  /* CF set */
	"	pushfq\n"
	"	pop %r8\n"
	"	nop\n"
	"	mov $" "39" ", %eax\n" /* SYS_getpid */
	"	syscall\n"
	"1:	pushfq\n"
	"	pop %r9\n"
	"	mov %r8, 0(%rbx)\n"
	"	mov %r9, 8(%rbx)\n"
	"	mov %r11, 16(%rbx)\n"
	"	xor %eax, %eax\n"
	"	cmp %rcx, %rdx\n"
	"	sete %al\n"
	"	mov %rax, 24(%rbx)\n"
	"	pop %rbx\n"
	"	ret\n");
/* clang-format on */


static void *thread_calls(void *arg)
{
	long want = (long)(intptr_t)arg, bad = 0;
	for (int i = 0; i < 2000; i++)
		bad += raw_getppid() != want || syscall(SYS_getppid) != want;
	return (void *)(intptr_t)bad;
}

static volatile sig_atomic_t handled, traps;
static void on_trap(int sig)
{
	(void)sig;
	traps++;
}
static void on_usr1(int sig)
{
	(void)sig;
	handled++;
}


int main(void)
{
	long ppid = getppid();
	int ok = 1;
	for (int i = 0; i < 100; i++)
		ok &= raw_getppid() == ppid && syscall(SYS_getppid) == ppid;
	printf("getppid 100 times, raw and through syscall(): %s\n", yesno(ok));

	int flags_ok = 1, r11_ok = 1, rcx_ok = 1;
	for (int i = 0; i < 20; i++) {
		uint64_t out[4];
		flags_probe(out);
		flags_ok &= out[0] == out[1];
		r11_ok &= out[2] == out[0];
		rcx_ok &= out[3] == 1;
	}
	printf("flags kept: %s; r11 holds them: %s; rcx after the syscall: %s\n", yesno(flags_ok),
	       yesno(r11_ok), yesno(rcx_ok));
	int df_ok = 1;
	for (int i = 0; i < 20; i++) {
		uint64_t out[2];
		df_probe(out);
		df_ok &= (out[0] & 0x400) && (out[1] & 0x400);
	}
	printf("DF set across the syscall, in the flags and r11: %s\n", yesno(df_ok));
	printf("the number's upper half ignored: %s\n",
	       yesno(syscall(SYS_getppid | (1L << 32)) == ppid));

	/* Single-stepping a site called often before: one trap after each
	 * instruction, as natively. */
	signal(SIGTRAP, on_trap);
	step_run(10, 0);
	step_run(3, 0x100);
	printf("single-stepped three rounds of 4 instructions: %d traps\n", (int)traps);

	pthread_t th[2];
	for (int i = 0; i < 2; i++)
		pthread_create(&th[i], NULL, thread_calls, (void *)(intptr_t)ppid);
	long bad = (long)(intptr_t)thread_calls((void *)(intptr_t)ppid);
	for (int i = 0; i < 2; i++) {
		void *r;
		pthread_join(th[i], &r);
		bad += (long)(intptr_t)r;
	}
	printf("three threads on the same sites: %ld wrong\n", bad);

	pid_t me = getpid(), child = fork();
	if (child == 0) {
		int good = 1;
		for (int i = 0; i < 10; i++)
			good &= raw_getppid() == me;
		_exit(good ? 0 : 1);
	}
	int st;
	waitpid(child, &st, 0);
	printf("a forked child on the same site: %s\n", yesno(WIFEXITED(st) && WEXITSTATUS(st) == 0));

	/* A read blocked at a site called often before, interrupted by a
	 * handler with SA_RESTART: it goes on and gets the data. */
	int p[2];
	if (pipe(p) != 0)
		return 1;
	char c;
	for (int i = 0; i < 10; i++) {
		if (write(p[1], "x", 1) != 1 || raw_read(p[0], &c, 1) != 1)
			return 1;
	}
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	child = fork();
	if (child == 0) {
		wait_sleeping(me, me);
		kill(me, SIGUSR1);
		wait_sleeping(me, me);
		if (write(p[1], "y", 1) != 1)
			_exit(1);
		_exit(0);
	}
	long n = raw_read(p[0], &c, 1);
	waitpid(child, &st, 0);
	printf("restarted read: %ld '%c', handler ran %d time(s)\n", n, n == 1 ? c : '?',
	       (int)handled);

	/* Code in a memfd, run through a private mapping while written
	 * through a shared one: the private view shows the writes. */
	int mfd = (int)syscall(SYS_memfd_create, "code", 0);
	static const unsigned char code[8] = {0xb8, 39, 0, 0, 0, 0x0f, 0x05, 0xc3};
	if (mfd < 0 || write(mfd, code, sizeof(code)) != sizeof(code))
		return 1;
	unsigned char *rw = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, mfd, 0);
	unsigned char *rx = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, mfd, 0);
	if (rw == MAP_FAILED || rx == MAP_FAILED)
		return 1;
	long (*fn)(void) = (long (*)(void))rx;
	ok = 1;
	for (int i = 0; i < 10; i++)
		ok &= fn() == me;
	rw[1] = 110; /* getppid now */
	ok &= fn() == ppid && rx[1] == 110;
	printf("memfd code rewritten through its shared mapping: %s\n", yesno(ok));

	/* Written through /proc/self/mem (as a debugger would): the write
	 * changes the code as loaded. */
	int mem = open("/proc/self/mem", O_RDWR);
	unsigned char nr = 39; /* getpid instead of getppid */
	if (mem < 0 || pwrite(mem, &nr, 1, (off_t)(uintptr_t)(raw_getppid_site + 1)) != 1)
		return 1;
	close(mem);
	printf("after a write through /proc/self/mem: %s, bytes %02x %02x\n",
	       raw_getppid() == me ? "getpid" : "not getpid", raw_getppid_site[0],
	       raw_getppid_site[1]);
	nr = 110;
	mem = open("/proc/self/mem", O_RDWR);
	if (mem < 0 || pwrite(mem, &nr, 1, (off_t)(uintptr_t)(raw_getppid_site + 1)) != 1)
		return 1;
	close(mem);

	/* Writable, the code shows the bytes it was loaded with. */
	long pg = sysconf(_SC_PAGESIZE);
	uintptr_t page = (uintptr_t)raw_getppid_site & ~(uintptr_t)(pg - 1);
	size_t len = (uintptr_t)raw_getppid_site + 7 - page > (size_t)pg ? 2 * pg : pg;
	if (mprotect((void *)page, len, PROT_READ | PROT_WRITE | PROT_EXEC) != 0) {
		printf("mprotect: %s\n", strerror(errno));
		return 1;
	}
	printf("bytes at the site:");
	for (int i = 0; i < 7; i++)
		printf(" %02x", raw_getppid_site[i]);
	printf("\n");
	ok = 1;
	for (int i = 0; i < 10; i++)
		ok &= raw_getppid() == ppid;
	mprotect((void *)page, len, PROT_READ | PROT_EXEC);
	for (int i = 0; i < 10; i++)
		ok &= raw_getppid() == ppid;
	printf("getppid from writable and again read-only code: %s\n", yesno(ok));
	return 0;
}
