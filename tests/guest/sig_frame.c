/* The x86-64 signal frame as handlers see it: where siginfo, ucontext and
 * the xsave area lie and what they hold (uc_flags, the fpstate magic, the
 * return address), the registers a handler receives (rdi/rsi/rdx, DF clear,
 * fresh FP state), general and vector registers surviving a handler that
 * clobbers them, and edits of the ucontext (registers, rip past ud2 and
 * int3, the mask, xmm and ymm state in the xsave area) taking effect at
 * sigreturn. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

#include "sigtest.h"

/* struct sigaction as the kernel reads it. */
struct ksigaction {
	void *handler;
	unsigned long flags;
	void *restorer;
	uint64_t mask;
};

static unsigned cpuid_xsave_size(void)
{
	unsigned a, b, c, d;
	__asm__("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0xd), "c"(0));
	return b;
}

static uint64_t xgetbv0(void)
{
	unsigned a, d;
	__asm__("xgetbv" : "=a"(a), "=d"(d) : "c"(0));
	return ((uint64_t)d << 32) | a;
}

/* --- 1. the frame ------------------------------------------------------- */

static void layout_handler(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	unsigned char *fp = (unsigned char *)uc->uc_mcontext.fpregs;
	uint64_t *ret = (uint64_t *)((char *)uc - 8);
	struct ksigaction ka;
	uint64_t rflags;
	__asm__ volatile("pushf; pop %0" : "=r"(rflags));
	syscall(SYS_rt_sigaction, sig, NULL, &ka, 8);
	note("handler: sig %d, siginfo %ld bytes after the ucontext\n", sig,
	     (long)((char *)si - (char *)uc));
	note("return address is the restorer: %s\n", yesno(*ret == (uint64_t)ka.restorer));
	note("rsp+8 16-aligned at entry: %s\n", yesno(((uintptr_t)ret + 8) % 16 == 0));
	note("DF clear in the handler: %s\n", yesno(!(rflags & 0x400)));
	note("uc_flags %#lx, uc_link %p\n", (unsigned long)uc->uc_flags, (void *)uc->uc_link);
	note("uc_stack: sp %p size %zu flags %d\n", uc->uc_stack.ss_sp, uc->uc_stack.ss_size,
	     uc->uc_stack.ss_flags);
	uint64_t csgsfs = (uint64_t)uc->uc_mcontext.gregs[REG_CSGSFS];
	note("cs %#x gs %#x fs %#x ss %#x\n", (unsigned)(csgsfs & 0xffff),
	     (unsigned)(csgsfs >> 16 & 0xffff), (unsigned)(csgsfs >> 32 & 0xffff),
	     (unsigned)(csgsfs >> 48));
	note("trapno %lld err %lld cr2 %#llx oldmask %#llx\n",
	     (long long)uc->uc_mcontext.gregs[REG_TRAPNO],
	     (long long)uc->uc_mcontext.gregs[REG_ERR], (long long)uc->uc_mcontext.gregs[REG_CR2],
	     (long long)uc->uc_mcontext.gregs[REG_OLDMASK]);
	uint64_t sigmask;
	memcpy(&sigmask, &uc->uc_sigmask, 8);
	note("uc_sigmask %#llx\n", (unsigned long long)sigmask);
	note("fpstate 64-aligned: %s, above siginfo: %s, within 24 bytes of it: %s\n",
	     yesno((uintptr_t)fp % 64 == 0), yesno(fp >= (unsigned char *)(si + 1)),
	     yesno(fp - (unsigned char *)(si + 1) < 24));
	uint32_t magic1, extended, xsize, magic2;
	uint64_t xbv;
	memcpy(&magic1, fp + 464, 4);
	memcpy(&extended, fp + 468, 4);
	memcpy(&xbv, fp + 472, 8);
	memcpy(&xsize, fp + 480, 4);
	memcpy(&magic2, fp + xsize, 4);
	note("magic1 %#x, magic2 %#x, extended_size = xstate_size + 4: %s\n", magic1, magic2,
	     yesno(extended == xsize + 4));
	note("xstate_size is CPUID's: %s, xfeatures are XCR0's: %s\n",
	     yesno(xsize == cpuid_xsave_size()), yesno(xbv == xgetbv0()));
	uint32_t mxcsr_mask;
	memcpy(&mxcsr_mask, fp + 28, 4);
	note("mxcsr_mask set: %s\n", yesno(mxcsr_mask != 0));
}

static void test_layout(void)
{
	on_signal(SIGUSR1, layout_handler, 0, SIGUSR2);
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGWINCH);
	sigprocmask(SIG_SETMASK, &s, NULL);
	kill(getpid(), SIGUSR1);
	flush_notes();
	sigprocmask(SIG_SETMASK, NULL, &s);
	printf("mask after return: SIGWINCH %d SIGUSR1 %d SIGUSR2 %d\n", sigismember(&s, SIGWINCH),
	       sigismember(&s, SIGUSR1), sigismember(&s, SIGUSR2));
	sigemptyset(&s);
	sigprocmask(SIG_SETMASK, &s, NULL);
}

/* --- 2. general registers survive ---------------------------------------- */

/* regs_probe(set): load patterns into every register the syscall ABI
 * preserves, set DF, unblock @set with rt_sigprocmask (the pending signal's
 * handler runs on its return), and store what the registers hold after into
 * probe_out: rax rbx rbp rdi rsi rdx r8 r9 r10 r12 r13 r14 r15 rflags. */
uint64_t probe_out[14];
void regs_probe(const uint64_t *set);
__asm__(
    ".text\n"
    ".globl regs_probe\n"
    "regs_probe:\n"
    "	push %rbx\n	push %rbp\n	push %r12\n	push %r13\n	push %r14\n	push %r15\n"
    "	mov %rdi, %rsi\n"
    "	mov $1, %edi\n"
    "	xor %edx, %edx\n"
    "	mov $8, %r10d\n"
    "	movabs $0x1111111111111111, %rbx\n"
    "	movabs $0x2222222222222222, %rbp\n"
    "	movabs $0x8888888888888888, %r8\n"
    "	movabs $0x9999999999999999, %r9\n"
    "	movabs $0xcccccccccccccccc, %r12\n"
    "	movabs $0xdddddddddddddddd, %r13\n"
    "	movabs $0xeeeeeeeeeeeeeeee, %r14\n"
    "	movabs $0xffffffffffffffff, %r15\n"
    "	mov $14, %eax\n"
    "	std\n"
    "	syscall\n"
    "	pushf\n"
    "	cld\n"
    "	lea probe_out(%rip), %rcx\n"
    "	mov %rax, 0(%rcx)\n	mov %rbx, 8(%rcx)\n	mov %rbp, 16(%rcx)\n"
    "	mov %rdi, 24(%rcx)\n	mov %rsi, 32(%rcx)\n	mov %rdx, 40(%rcx)\n"
    "	mov %r8, 48(%rcx)\n	mov %r9, 56(%rcx)\n	mov %r10, 64(%rcx)\n"
    "	mov %r12, 72(%rcx)\n	mov %r13, 80(%rcx)\n	mov %r14, 88(%rcx)\n"
    "	mov %r15, 96(%rcx)\n"
    "	pop %rax\n	mov %rax, 104(%rcx)\n"
    "	pop %r15\n	pop %r14\n	pop %r13\n	pop %r12\n	pop %rbp\n	pop %rbx\n"
    "	ret\n");

static volatile uint64_t clobber_sink;

static void clobber_handler(int sig, siginfo_t *si, void *uc)
{
	(void)si;
	(void)uc;
	uint64_t rflags;
	__asm__ volatile("pushf; pop %0" : "=r"(rflags));
	note("clobbering handler for %d, DF %s\n", sig, (rflags & 0x400) ? "set" : "clear");
	__asm__ volatile("mov $-1, %%rbx\n mov $-1, %%r12\n mov $-1, %%r13\n mov $-1, %%r14\n"
			 "mov $-1, %%r15\n mov $-1, %%r8\n mov $-1, %%r9\n mov $-1, %%r10\n"
			 "mov $-1, %%rdi\n mov $-1, %%rsi\n mov $-1, %%rdx\n"
			 :
			 :
			 : "rbx", "r12", "r13", "r14", "r15", "r8", "r9", "r10", "rdi", "rsi",
			   "rdx");
	clobber_sink++;
}

static void test_gprs(void)
{
	on_signal(SIGUSR2, clobber_handler, 0, 0);
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR2);
	sigprocmask(SIG_BLOCK, &s, NULL);
	kill(getpid(), SIGUSR2);
	uint64_t set = 1ULL << (SIGUSR2 - 1);
	regs_probe(&set);
	flush_notes();
	static const char *names[] = {"rax", "rbx", "rbp", "rdi", "rsi", "rdx", "r8",
				      "r9",  "r10", "r12", "r13", "r14", "r15"};
	const uint64_t want[] = {0,
				 0x1111111111111111,
				 0x2222222222222222,
				 1,
				 (uint64_t)&set,
				 0,
				 0x8888888888888888,
				 0x9999999999999999,
				 8,
				 0xcccccccccccccccc,
				 0xdddddddddddddddd,
				 0xeeeeeeeeeeeeeeee,
				 0xffffffffffffffff};
	int ok = 1;
	for (int i = 0; i < 13; i++) {
		if (probe_out[i] != want[i]) {
			printf("  %s changed\n", names[i]);
			ok = 0;
		}
	}
	printf("general registers survive the handler: %s, DF restored: %s\n", yesno(ok),
	       yesno(probe_out[13] & 0x400));
}

/* --- 3. x87, SSE, AVX and AVX-512 registers survive ------------------------ */

static int have_avx, have_avx512;
/* Read and written by vec_probe, hence global. */
unsigned char vin[32 * 64] __attribute__((aligned(64)));
unsigned char vout[32 * 64] __attribute__((aligned(64)));
uint64_t kin[8], kout[8];
uint32_t mxcsr_in = 0x7f80 | 0x6000, mxcsr_out; /* round toward zero */
uint16_t fcw_in = 0x0b7f, fcw_out;		/* round up, 64-bit precision */
long double x87_out[3];
/* Seen by the handler at its entry. */
static uint32_t h_mxcsr;
static uint16_t h_fcw;

/* vec_probe(set, level): level 0 SSE (xmm0-15), 1 AVX (ymm0-15), 2 AVX-512
 * (zmm0-31, k0-7); also MXCSR, the x87 control word and three x87 values. */
void vec_probe(const uint64_t *set, int level);
__asm__(".text\n"
	".globl vec_probe\n"
	"vec_probe:\n"
	"	push %rbx\n"
	"	mov %esi, %ebx\n"
	"	mov %rdi, %rsi\n"
	"	lea vin(%rip), %rax\n"
	"	cmp $1, %ebx\n"
	"	jae 1f\n"
	"	.irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n"
	"	movdqu \\n*64(%rax), %xmm\\n\n"
	"	.endr\n"
	"	jmp 3f\n"
	"1:	cmp $2, %ebx\n"
	"	jae 2f\n"
	"	.irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n"
	"	vmovdqu \\n*64(%rax), %ymm\\n\n"
	"	.endr\n"
	"	jmp 3f\n"
	"2:	.irp "
	"n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
	"	vmovdqu64 \\n*64(%rax), %zmm\\n\n"
	"	.endr\n"
	"	lea kin(%rip), %rax\n"
	"	.irp n,0,1,2,3,4,5,6,7\n"
	"	kmovq \\n*8(%rax), %k\\n\n"
	"	.endr\n"
	"3:	ldmxcsr mxcsr_in(%rip)\n"
	"	fldcw fcw_in(%rip)\n"
	"	fld1\n	fldpi\n	fldl2t\n"
	"	mov $1, %edi\n	xor %edx, %edx\n	mov $8, %r10d\n	mov $14, %eax\n"
	"	syscall\n"
	"	fstpt x87_out(%rip)\n	fstpt x87_out+16(%rip)\n	fstpt x87_out+32(%rip)\n"
	"	fnstcw fcw_out(%rip)\n"
	"	stmxcsr mxcsr_out(%rip)\n"
	"	lea vout(%rip), %rax\n"
	"	cmp $1, %ebx\n"
	"	jae 1f\n"
	"	.irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n"
	"	movdqu %xmm\\n, \\n*64(%rax)\n"
	"	.endr\n"
	"	jmp 3f\n"
	"1:	cmp $2, %ebx\n"
	"	jae 2f\n"
	"	.irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n"
	"	vmovdqu %ymm\\n, \\n*64(%rax)\n"
	"	.endr\n"
	"	vzeroupper\n"
	"	jmp 3f\n"
	"2:	.irp "
	"n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
	"	vmovdqu64 %zmm\\n, \\n*64(%rax)\n"
	"	.endr\n"
	"	lea kout(%rip), %rax\n"
	"	.irp n,0,1,2,3,4,5,6,7\n"
	"	kmovq %k\\n, \\n*8(%rax)\n"
	"	.endr\n"
	"	vzeroupper\n"
	"3:	ldmxcsr mxcsr_default(%rip)\n"
	"	fninit\n"
	"	pop %rbx\n"
	"	ret\n");
uint32_t mxcsr_default = 0x1f80;

/* Clobber every vector register the CPU has, MXCSR, the control word and
 * the x87 stack. */
static void vec_clobber(void)
{
	static unsigned char junk[64] __attribute__((aligned(64)));
	static const uint32_t mx = 0x1f80 | 0x2000;
	static const uint16_t cw = 0x037f | 0x0c00;
	memset(junk, 0xa5, sizeof(junk));
	__asm__ volatile("stmxcsr %0\n fnstcw %1" : "=m"(h_mxcsr), "=m"(h_fcw));
	if (have_avx512)
		__asm__ volatile(
		    ".irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,"
		    "24,25,26,27,28,29,30,31\n vmovdqu64 %0, %%zmm\\n\n .endr\n"
		    ".irp n,1,2,3,4,5,6,7\n kxnorq %%k\\n, %%k\\n, %%k\\n\n .endr\n"
		    "vzeroupper" ::"m"(junk)
		    : "memory");
	else if (have_avx)
		__asm__ volatile(".irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n"
				 " vmovdqu %0, %%ymm\\n\n .endr\n vzeroupper" ::"m"(junk)
				 : "memory");
	__asm__ volatile(
	    ".irp n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n"
	    " movdqu %0, %%xmm\\n\n .endr\n"
	    "ldmxcsr %1\n fldcw %2\n fldz\n fldz\n fldz\n fldz\n fninit\n fldz" ::"m"(junk),
	    "m"(mx), "m"(cw)
	    : "memory");
	__asm__ volatile("fstp %%st(0)" ::: "memory");
}

static void vec_handler(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)si;
	(void)uc;
	vec_clobber();
}

static void test_vectors(void)
{
	have_avx = __builtin_cpu_supports("avx") && (xgetbv0() & 0x6) == 0x6;
	have_avx512 = __builtin_cpu_supports("avx512f") && (xgetbv0() & 0xe6) == 0xe6;
	for (size_t i = 0; i < sizeof(vin); i++)
		vin[i] = (unsigned char)(i * 7 + 3);
	for (int i = 0; i < 8; i++)
		kin[i] = 0x0123456789abcdefULL * (uint64_t)(i + 1);
	kin[0] = 0x55aa; /* k0 is not special for kmov */
	on_signal(SIGUSR1, vec_handler, 0, 0);
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	int top = have_avx512 ? 2 : have_avx ? 1 : 0;
	int all = 1;
	for (int level = 0; level <= top; level++) {
		sigprocmask(SIG_BLOCK, &s, NULL);
		kill(getpid(), SIGUSR1);
		memset(vout, 0, sizeof(vout));
		memset(kout, 0, sizeof(kout));
		uint64_t set = 1ULL << (SIGUSR1 - 1);
		vec_probe(&set, level);
		int nreg = level == 2 ? 32 : 16, width = level == 0 ? 16 : level == 1 ? 32 : 64;
		int ok = 1;
		for (int r = 0; r < nreg; r++)
			if (memcmp(vin + r * 64, vout + r * 64, (size_t)width) != 0)
				ok = 0;
		if (level == 2 && memcmp(kin, kout, sizeof(kin)) != 0)
			ok = 0;
		long double want[3] = {0};
		__asm__ volatile(
		    "fldcw %3\n fld1\n fldpi\n fldl2t\n fstpt %0\n fstpt %1\n fstpt %2\n"
		    "fninit"
		    : "=m"(want[0]), "=m"(want[1]), "=m"(want[2])
		    : "m"(fcw_in));
		ok = ok && memcmp(x87_out, want, 10) == 0 &&
		     memcmp(&x87_out[1], &want[1], 10) == 0 &&
		     memcmp(&x87_out[2], &want[2], 10) == 0;
		ok = ok && mxcsr_out == mxcsr_in && fcw_out == fcw_in;
		all = all && ok;
		if (!ok)
			printf("  level %d: registers differ after the handler\n", level);
		if (level == 0)
			printf("handler starts with MXCSR %#x and x87 control word %#x\n", h_mxcsr,
			       h_fcw);
	}
	printf("x87, SSE and every AVX level the CPU has survive the handler: %s\n", yesno(all));
}

/* --- 4. a handler that edits the ucontext --------------------------------- */

static uint64_t edit_rax, edit_rbx, ud2_addr;

static void ill_handler(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	note("SIGILL %d: code %d, si_addr is the ud2: %s, rip is the ud2: %s, trapno %lld err "
	     "%lld\n",
	     sig, si->si_code, yesno((uint64_t)si->si_addr == ud2_addr),
	     yesno((uint64_t)uc->uc_mcontext.gregs[REG_RIP] == ud2_addr),
	     (long long)uc->uc_mcontext.gregs[REG_TRAPNO],
	     (long long)uc->uc_mcontext.gregs[REG_ERR]);
	uc->uc_mcontext.gregs[REG_RIP] += 2;
	uc->uc_mcontext.gregs[REG_RAX] = 42;
}

static void trap_handler(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	note("SIGTRAP %d: code %#x, si_addr %p, rip after the int3: %s, trapno %lld err %lld\n",
	     sig, si->si_code, si->si_addr,
	     yesno((uint64_t)uc->uc_mcontext.gregs[REG_RIP] == ud2_addr + 1),
	     (long long)uc->uc_mcontext.gregs[REG_TRAPNO],
	     (long long)uc->uc_mcontext.gregs[REG_ERR]);
	uc->uc_mcontext.gregs[REG_RBX] = 0x600d;
	uc->uc_mcontext.gregs[REG_EFL] |= 1; /* CF */
	sigaddset(&uc->uc_sigmask, SIGUSR2);
}

static void fpedit_handler(int sig, siginfo_t *si, void *ucv)
{
	(void)sig;
	(void)si;
	ucontext_t *uc = ucv;
	unsigned char *fp = (unsigned char *)uc->uc_mcontext.fpregs;
	memset(fp + 160, 0x5a, 16);    /* xmm0 in the legacy area */
	uint32_t mx = 0x1f80 | 0x4000; /* round up */
	memcpy(fp + 24, &mx, 4);       /* MXCSR */
	uint64_t bv;
	memcpy(&bv, fp + 512, 8);
	note("ymm state in use at the signal: %s\n", yesno(bv & 4));
	if (have_avx && (bv & 4))
		memset(fp + 576, 0x3c, 16); /* the upper half of ymm0 */
}

static unsigned char fp_out[32];
static uint32_t fp_mxcsr;

static void test_edits(void)
{
	on_signal(SIGILL, ill_handler, 0, 0);
	uint64_t rax;
	__asm__ volatile("lea 1f(%%rip), %%rax\n mov %%rax, %1\n xor %%eax, %%eax\n"
			 "1: ud2\n"
			 : "=a"(rax), "=m"(ud2_addr)
			 :
			 : "memory");
	edit_rax = rax;
	flush_notes();
	printf("after the SIGILL handler: rax %llu\n", (unsigned long long)edit_rax);

	on_signal(SIGTRAP, trap_handler, 0, 0);
	uint64_t rbx;
	unsigned char cf;
	__asm__ volatile("lea 1f(%%rip), %%rax\n mov %%rax, %2\n xor %%ebx, %%ebx\n clc\n"
			 "1: int3\n setc %1\n"
			 : "=b"(rbx), "=q"(cf), "=m"(ud2_addr)
			 :
			 : "rax", "memory", "cc");
	edit_rbx = rbx;
	flush_notes();
	sigset_t s;
	sigprocmask(SIG_SETMASK, NULL, &s);
	printf("after the SIGTRAP handler: rbx %#llx, CF %d, SIGUSR2 blocked %d\n",
	       (unsigned long long)edit_rbx, cf, sigismember(&s, SIGUSR2));
	sigemptyset(&s);
	sigprocmask(SIG_SETMASK, &s, NULL);

	on_signal(SIGUSR1, fpedit_handler, 0, 0);
	static unsigned char ones[32];
	memset(ones, 0x11, sizeof(ones));
	if (have_avx)
		__asm__ volatile("vmovdqu %3, %%ymm0\n"
				 "mov $62, %%eax\n syscall\n"
				 "vmovdqu %%ymm0, %0\n vzeroupper\n stmxcsr %1\n ldmxcsr %4"
				 : "=m"(fp_out), "=m"(fp_mxcsr)
				 : "D"(getpid()), "m"(ones), "m"(mxcsr_default), "S"(SIGUSR1)
				 : "rax", "rcx", "r11", "xmm0", "memory");
	else
		__asm__ volatile("movdqu %3, %%xmm0\n"
				 "mov $62, %%eax\n syscall\n"
				 "movdqu %%xmm0, %0\n stmxcsr %1\n ldmxcsr %4"
				 : "=m"(fp_out), "=m"(fp_mxcsr)
				 : "D"(getpid()), "m"(ones), "m"(mxcsr_default), "S"(SIGUSR1)
				 : "rax", "rcx", "r11", "xmm0", "memory");
	flush_notes();
	int xmm_ok = 1, ymm_ok = 1;
	for (int i = 0; i < 16; i++)
		xmm_ok = xmm_ok && fp_out[i] == 0x5a;
	for (int i = 16; i < 32 && have_avx; i++)
		ymm_ok = ymm_ok && fp_out[i] == 0x3c;
	printf("xmm0 edited in the frame: %s, MXCSR %#x, ymm0's upper half edited: %s\n",
	       yesno(xmm_ok), fp_mxcsr, yesno(ymm_ok));
}

/* The fields a fault leaves in later frames (thread.trap_nr, error_code,
 * cr2 stay as the last fault set them). */
static void segv_skip_handler(int sig, siginfo_t *si, void *ucv)
{
	(void)sig;
	(void)si;
	ucontext_t *uc = ucv;
	uc->uc_mcontext.gregs[REG_RIP] += 3; /* movb $1, (%rax)... see below */
}

static void test_stale_fault_fields(void)
{
	on_signal(SIGSEGV, segv_skip_handler, 0, 0);
	/* A read of page 0: mov (%rax), %al is 2 bytes, pad with a nop. */
	__asm__ volatile("xor %%eax, %%eax\n mov (%%rax), %%al\n nop" ::: "rax", "memory");
	on_signal(SIGUSR1, layout_handler, 0, 0);
	kill(getpid(), SIGUSR1);
	char *p = strstr(sig_log, "trapno");
	char *e = p ? strchr(p, '\n') : NULL;
	if (p && e)
		printf("a kill after a fault: %.*s\n", (int)(e - p), p);
	sig_log_len = 0;
}

/* --- 5. frames rt_sigreturn refuses, and faults in a fault handler ------- */

static void segv_report(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	printf("  SIGSEGV handler: signal %d code %#x addr %p\n", sig, si->si_code, si->si_addr);
	_exit(42);
}

static void bad_fpregs(int sig, siginfo_t *si, void *ucv)
{
	(void)sig;
	(void)si;
	((ucontext_t *)ucv)->uc_mcontext.fpregs = (void *)8;
}

static void no_magic(int sig, siginfo_t *si, void *ucv)
{
	(void)sig;
	(void)si;
	ucontext_t *uc = ucv;
	memset((char *)uc->uc_mcontext.fpregs + 464, 0, 4);	/* magic1 */
	memset((char *)uc->uc_mcontext.fpregs + 160, 0x77, 16); /* xmm0 */
}

static int *volatile nowhere = (int *)8;

static void fault_again(int sig)
{
	(void)sig;
	*nowhere = 1;
}

static int child(int what)
{
	set_disposition(SIGSEGV, SIG_DFL);
	if (what == 0) {
		set_disposition(SIGSEGV, fault_again);
		*nowhere = 1;
	} else if (what <= 2) {
		on_signal(SIGUSR1, bad_fpregs, 0, 0);
		if (what == 2)
			on_signal(SIGSEGV, segv_report, 0, 0);
		raise(SIGUSR1);
		printf("  returned\n");
	} else {
		on_signal(SIGUSR1, no_magic, 0, 0);
		unsigned char x[16];
		__asm__ volatile(
		    "pxor %%xmm0, %%xmm0\n mov $62, %%eax\n syscall\n movdqu %%xmm0, %0"
		    : "=m"(x)
		    : "D"(getpid()), "S"(SIGUSR1)
		    : "rax", "rcx", "r11", "xmm0", "memory");
		printf("  returned, xmm0 from the legacy area: %s\n", yesno(x[0] == 0x77));
	}
	return 0;
}

static void test_bad_frames(void)
{
	static const char *what[] = {
	    "a fault in the SIGSEGV handler", "rt_sigreturn with a bad fpstate pointer",
	    "the same with a SIGSEGV handler", "a frame without the xstate magic"};
	for (int i = 0; i < 4; i++) {
		printf("%s:\n", what[i]);
		pid_t c = fork();
		if (c == 0) {
			struct rlimit rl = {0, 0};
			setrlimit(RLIMIT_CORE, &rl);
			_exit(child(i));
		}
		int st;
		waitpid(c, &st, 0);
		if (WIFSIGNALED(st))
			printf("  killed by %d\n", WTERMSIG(st));
		else
			printf("  exited %d\n", WEXITSTATUS(st));
	}
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	test_layout();
	test_gprs();
	test_vectors();
	test_edits();
	test_stale_fault_fields();
	test_bad_frames();
	return 0;
}
