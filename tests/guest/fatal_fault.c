/* A program killed by a fault: the status is 128+signal both natively and
 * under sbx, and what it printed before is all there.  The argument picks
 * the fault. */
//! libc: glibc musl
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static void (*volatile jump)(void);

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	const char *kind = argv[1];
	char *p = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 0xc3, 2 * 4096); /* ret instructions */
	munmap(p + 4096, 4096);
	printf("fault: %s\n", kind);
	fflush(stdout);
	if (strcmp(kind, "null") == 0) {
		*(volatile int *)0 = 1; /* SIGSEGV, SEGV_MAPERR */
	} else if (strcmp(kind, "unmapped") == 0) {
		printf("%d\n", ((volatile char *)p)[4096]); /* SIGSEGV, SEGV_MAPERR */
	} else if (strcmp(kind, "prot_none") == 0) {
		mprotect(p, 4096, PROT_NONE);
		printf("%d\n", ((volatile char *)p)[0]); /* SIGSEGV, SEGV_ACCERR */
	} else if (strcmp(kind, "noexec") == 0) {
		jump = (void (*)(void))p;
		jump(); /* SIGSEGV: instruction fetch from a page without PROT_EXEC */
	} else if (strcmp(kind, "ud2") == 0) {
		__asm__ volatile("ud2"); /* SIGILL */
	} else if (strcmp(kind, "divide") == 0) {
		/* SIGFPE (in assembly: the compiler may avoid dividing) */
		__asm__ volatile("xorl %%ecx, %%ecx\n\tmovl $1, %%eax\n\tcltd\n\tidivl %%ecx"
				 ::: "eax", "ecx", "edx");
	} else if (strcmp(kind, "int3") == 0) {
		__asm__ volatile("int3"); /* SIGTRAP */
	} else if (strcmp(kind, "exec_ok") == 0) {
		mprotect(p, 4096, PROT_READ | PROT_EXEC);
		jump = (void (*)(void))p;
		jump(); /* runs the ret: no fault */
	}
	printf("survived\n");
	return 0;
}
