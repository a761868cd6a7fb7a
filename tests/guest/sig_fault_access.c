/* The page-fault error code a SIGSEGV/SIGBUS handler finds in its frame
 * (REG_ERR: user, write, present) for loads, stores and read-modify-write
 * instructions of every kind on a PROT_NONE page, an unmapped page, a
 * read-only page and past the end of a file: the write bit is the
 * instruction's.  Each handler skips the faulting instruction. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include "sigtest.h"

static volatile int skip;
static volatile long long err = -1;
static volatile int code;
uint64_t saved_rsp; /* read by the assembly below */

static void handler(int sig, siginfo_t *si, void *ucv)
{
	(void)sig;
	ucontext_t *uc = ucv;
	err = uc->uc_mcontext.gregs[REG_ERR];
	code = si->si_code;
	uc->uc_mcontext.gregs[REG_RIP] += skip;
	if (saved_rsp) {
		uc->uc_mcontext.gregs[REG_RSP] = (long long)saved_rsp;
		saved_rsp = 0;
	}
}

/* Run @bytes (one instruction) with rax = rdi = @bad, rsi = @good,
 * rcx = 1; a fault skips it. */
static uint8_t *code_page;
static char *good;

static long long run(const char *bytes, int len, int at, int tail, void *bad)
{
	memcpy(code_page, bytes, (size_t)len);
	code_page[len] = 0xc3; /* ret */
	skip = len - at - tail;
	err = -1;
	__asm__ volatile("sub $128, %%rsp\n push %%rbx\n push %%rbp\n"
			 "mov %0, %%rax\n mov %0, %%rdi\n mov %1, %%rsi\n mov $1, %%ecx\n"
			 "call *%2\n"
			 "pop %%rbp\n pop %%rbx\n add $128, %%rsp\n"
			 :
			 : "r"(bad), "r"(good), "r"(code_page)
			 : "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11", "memory",
			   "xmm0", "cc");
	return err;
}

/* @at: where the faulting instruction starts in @bytes (it is the last
 * one but for @tail bytes). */
static const struct {
	const char *name, *bytes;
	int len, need; /* need: 0 any CPU, 1 AVX, 2 AVX-512 */
	int at, tail;
} insns[] = {
    {"mov (%rax),%cl", "\x8a\x08", 2, 0, 0, 0},
    {"mov %cl,(%rax)", "\x88\x08", 2, 0, 0, 0},
    {"movl $1,(%rax)", "\xc7\x00\x01\x00\x00\x00", 6, 0, 0, 0},
    {"add %cl,(%rax)", "\x00\x08", 2, 0, 0, 0},
    {"add (%rax),%cl", "\x02\x08", 2, 0, 0, 0},
    {"cmp %cl,(%rax)", "\x38\x08", 2, 0, 0, 0},
    {"incl (%rax)", "\xff\x00", 2, 0, 0, 0},
    {"notl (%rax)", "\xf7\x10", 2, 0, 0, 0},
    {"testl $1,(%rax)", "\xf7\x00\x01\x00\x00\x00", 6, 0, 0, 0},
    {"shll (%rax)", "\xd1\x20", 2, 0, 0, 0},
    {"xchg %cl,(%rax)", "\x86\x08", 2, 0, 0, 0},
    {"lock cmpxchg %ecx,(%rax)", "\xf0\x0f\xb1\x08", 4, 0, 0, 0},
    {"lock xadd %ecx,(%rax)", "\xf0\x0f\xc1\x08", 4, 0, 0, 0},
    {"setc (%rax)", "\x0f\x92\x00", 3, 0, 0, 0},
    {"bt %ecx,(%rax)", "\x0f\xa3\x08", 3, 0, 0, 0},
    {"bts %ecx,(%rax)", "\x0f\xab\x08", 3, 0, 0, 0},
    {"movzbl (%rax),%ecx", "\x0f\xb6\x08", 3, 0, 0, 0},
    {"rep stosb", "\xf3\xaa", 2, 0, 0, 0},
    {"movsb to it", "\xa4", 1, 0, 0, 0},
    {"movsb from it", "\x48\x87\xf7\xa4", 4, 0, 3, 0},
    {"lodsb from it", "\x48\x89\xc6\xac", 4, 0, 3, 0},
    {"pushq (%rax)", "\xff\x30", 2, 0, 0, 0},
    {"popq (%rax)", "\x51\x8f\x00\x59", 4, 0, 1, 1},
    {"movdqu (%rax),%xmm0", "\xf3\x0f\x6f\x00", 4, 0, 0, 0},
    {"movdqu %xmm0,(%rax)", "\xf3\x0f\x7f\x00", 4, 0, 0, 0},
    {"movups %xmm0,(%rax)", "\x0f\x11\x00", 3, 0, 0, 0},
    {"movq (%rax),%xmm0", "\xf3\x0f\x7e\x00", 4, 0, 0, 0},
    {"movq %xmm0,(%rax)", "\x66\x0f\xd6\x00", 4, 0, 0, 0},
    {"movd %xmm0,(%rax)", "\x66\x0f\x7e\x00", 4, 0, 0, 0},
    {"pextrb $0,%xmm0,(%rax)", "\x66\x0f\x3a\x14\x00\x00", 6, 0, 0, 0},
    {"stmxcsr (%rax)", "\x0f\xae\x18", 3, 0, 0, 0},
    {"fnstcw (%rax)", "\xd9\x38", 2, 0, 0, 0},
    {"flds (%rax)", "\xd9\x00", 2, 0, 0, 0},
    {"fistl (%rax)", "\xdb\x10", 2, 0, 0, 0},
    {"vmovdqu (%rax),%ymm0", "\xc5\xfe\x6f\x00", 4, 1, 0, 0},
    {"vmovdqu %ymm0,(%rax)", "\xc5\xfe\x7f\x00", 4, 1, 0, 0},
    {"vextracti128 $1,%ymm0,(%rax)", "\xc4\xe3\x7d\x39\x00\x01", 6, 1, 0, 0},
    {"vmovdqu64 (%rax),%zmm0", "\x62\xf1\xfe\x48\x6f\x00", 6, 2, 0, 0},
    {"vmovdqu64 %zmm0,(%rax)", "\x62\xf1\xfe\x48\x7f\x00", 6, 2, 0, 0},
};

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	int have_avx = __builtin_cpu_supports("avx2");
	int have_avx512 = __builtin_cpu_supports("avx512f");
	code_page = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	good = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *none = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	/* A hole between two pages, made after every other mapping. */
	char *gone = mmap(NULL, 3 * 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) + 4096;
	char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	volatile char touch = ro[0]; /* present from now on */
	(void)touch;
	int fd = (int)syscall(SYS_memfd_create, "f", 0);
	ftruncate(fd, 4096);
	char *file = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	munmap(gone, 4096);
	on_signal(SIGSEGV, handler, 0, 0);
	on_signal(SIGBUS, handler, 0, 0);
	struct {
		const char *name;
		void *page;
	} pages[] = {{"PROT_NONE", none}, {"unmapped", gone}, {"past EOF", file + 4096}};
	for (size_t p = 0; p < 3; p++) {
		printf("%s:\n", pages[p].name);
		for (size_t i = 0; i < sizeof(insns) / sizeof(insns[0]); i++) {
			if ((insns[i].need == 1 && !have_avx) ||
			    (insns[i].need == 2 && !have_avx512))
				continue;
			long long e = run(insns[i].bytes, insns[i].len, insns[i].at, insns[i].tail,
					  pages[p].page);
			printf("  %-30s code %d err %lld\n", insns[i].name, code, e);
		}
	}
	printf("read-only, present:\n");
	printf("  %-30s err %lld\n", "mov %cl,(%rax)", run("\x88\x08", 2, 0, 0, ro));
	printf("  %-30s err %lld\n", "incl (%rax)", run("\xff\x00", 2, 0, 0, ro));

	/* A push and a call onto an unmapped stack: the handler runs on an
	 * alternate stack and puts rsp back. */
	static char alt[65536];
	stack_t as = {.ss_sp = alt, .ss_size = sizeof(alt), .ss_flags = 0};
	sigaltstack(&as, NULL);
	on_signal(SIGSEGV, handler, SA_ONSTACK, 0);
	static const struct {
		const char *name, *bytes;
		int len;
	} stack_insns[] = {{"push %rax", "\x50", 1},
			   {"call .+5", "\xe8\x00\x00\x00\x00", 5},
			   {"pushf", "\x9c", 1}};
	printf("unmapped stack:\n");
	for (size_t i = 0; i < 3; i++) {
		memcpy(code_page, stack_insns[i].bytes, (size_t)stack_insns[i].len);
		memcpy(code_page + stack_insns[i].len, "\x48\x89\xdc\xc3",
		       4); /* mov %rbx,%rsp; ret */
		skip = stack_insns[i].len;
		err = -1;
		__asm__ volatile("sub $128, %%rsp\n push %%rbx\n push %%rbp\n"
				 "lea 1f(%%rip), %%rax\n push %%rax\n" /* where the ret goes */
				 "mov %%rsp, %%rbx\n mov %%rsp, saved_rsp(%%rip)\n"
				 "mov %0, %%rsp\n jmp *%1\n"
				 "1: pop %%rbp\n pop %%rbx\n add $128, %%rsp\n"
				 :
				 : "r"(gone + 4096), "r"(code_page)
				 : "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11",
				   "memory", "cc");
		printf("  %-30s err %lld\n", stack_insns[i].name, err);
	}
	return 0;
}
