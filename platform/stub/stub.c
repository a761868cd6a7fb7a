/* The stub: the host process that hosts one guest address space.
 *
 * Freestanding (no libc).  The sentry starts it with fexecve from a memfd
 * after forking, attaching with ptrace, switching to the stubs' host ids
 * and dropping capabilities; the stub then finishes its own hardening
 * before any guest code can run:
 *   - closes every fd but the memory file (STUB_MEMFILE_FD), under
 *     systrap the context file and the sentry's eventfd, and the map file
 *     (STUB_MAPFILE_FD) if the sentry gave one,
 *   - re-arms PR_SET_PDEATHSIG and PR_SET_NO_NEW_PRIVS,
 *   - unmaps everything except itself (the kernel-made stack, vDSO, vvar),
 *   - under systrap, maps the sentry's shared page, installs its signal
 *     handlers (stub_systrap.c) and blocks every signal but SIGTRAP,
 *   - installs the backstop seccomp filter: a syscall not issued from one
 *     of the gates (stub_layout.h) gets SECCOMP_RET_TRACE, so it fails
 *     with ENOSYS once no tracer is attached, and a non-x86-64 syscall
 *     (int 0x80) kills the process,
 *   - under systrap, the sentry then installs the guest filter on top
 *     (platform/systrap/systrap.c).
 * Then it parks in an int3 loop.  The tracer runs syscalls in it by pointing
 * rip at the gate (`syscall; int3`).  The stub runs under systrap when it
 * is started with an argument (argc 2).
 */
#include <stddef.h>
#include <stdint.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/mman.h>
#include <linux/prctl.h>
#include <linux/seccomp.h>
#include <asm/unistd.h>
#include <linux/signal.h>

#include "stub_layout.h"
#include "stub_slot.h"

#define STR_(x) #x
#define STR(x)	STR_(x)
/* The gs-relative offset of fast[i] in the slot, as a string. */
#define FR(i)		   "(" STR(STUB_SLOT_FAST_OFF) "+8*" STR(i) ")"
#define STUB_SLOT_SIZE_NUM 0x10000

/* The fixed entry points (stub_layout.h): the gate, the park loop, the call
 * gate, a new systrap thread's entry, the signal restorer, the clone gate
 * and the trace gate. */
/* clang-format off */
__asm__(".section .text.stub_gate,\"ax\",@progbits\n"
	".globl stub_gate\n"
	"stub_gate:\n"
	"	syscall\n"
	"	int3\n"
	".globl stub_park\n"
	"stub_park:\n"
	"	int3\n"
	"	jmp stub_park\n"
	"	.org 0x8, 0xcc\n"
	".globl stub_call_gate\n"
	"stub_call_gate:\n"
	"	syscall\n"
	"	ret\n"
	"	.org 0x10, 0xcc\n"
	".globl stub_thread_entry\n"
	"stub_thread_entry:\n"
	"	call stub_thread_start\n"
	"	int3\n"
	"	ud2\n"
	"	.org 0x20, 0xcc\n"
	".globl stub_restorer\n"
	"stub_restorer:\n"
	"	mov $15, %eax\n"
	"	jmp stub_call_gate\n"
	"	.org 0x50, 0xcc\n"
	".globl stub_clone_gate\n"
	"stub_clone_gate:\n"
	"	syscall\n"
	"	test %rax, %rax\n"
	"	jnz stub_clone_trap\n"
	/* The new task: the sentry's key goes first (stub_layout.h). */
	"	xor %r9d, %r9d\n"
	"	test %rbx, %rbx\n"
	"	jz stub_fork_child_entry\n"
	"	mov %rbx, %rdi\n"
	"	jmp stub_thread_entry\n"
	"	.org 0x70, 0xcc\n"
	".globl stub_trace_gate\n"
	"stub_trace_gate:\n"
	"	syscall\n"
	"	ret\n"
	"	.org 0x7f, 0xcc\n"
	"stub_clone_trap:\n"
	"	int3\n"
	"	ud2\n"
	"	.org 0x100, 0xcc\n"
	"stub_fast_trap:\n"
	"	int3\n"
	"	ud2\n"
	"	.org 0x108, 0xcc\n"
	/* The fast entry (stub_layout.h, stub_slot.h): nothing touches the
	 * guest's stack or FP registers; its own stack is the slot's start
	 * stack. */
	".globl stub_fast_entry\n"
	"stub_fast_entry:\n"
	"	movl $1, %gs:" STR(STUB_SLOT_PHASE_OFF) "\n"
	"	mov %rsp, %gs:" FR(STUB_FR_RSP) "\n"
	"	mov %gs:" STR(STUB_SLOT_SELF_OFF) ", %rsp\n"
	"	lea " STR(STUB_SLOT_SIZE_NUM) "(%rsp), %rsp\n"
	"	pushfq\n"
	"	popq %gs:" FR(STUB_FR_FLAGS) "\n"
	"	mov %rcx, %gs:" FR(STUB_FR_RCX) "\n"
	"	mov %rax, %gs:" FR(STUB_FR_RAX) "\n"
	"	mov %rbx, %gs:" FR(STUB_FR_RBX) "\n"
	"	mov %rdx, %gs:" FR(STUB_FR_RDX) "\n"
	"	mov %rsi, %gs:" FR(STUB_FR_RSI) "\n"
	"	mov %rdi, %gs:" FR(STUB_FR_RDI) "\n"
	"	mov %rbp, %gs:" FR(STUB_FR_RBP) "\n"
	"	mov %r8, %gs:" FR(STUB_FR_R8) "\n"
	"	mov %r9, %gs:" FR(STUB_FR_R9) "\n"
	"	mov %r10, %gs:" FR(STUB_FR_R10) "\n"
	"	mov %r12, %gs:" FR(STUB_FR_R12) "\n"
	"	mov %r13, %gs:" FR(STUB_FR_R13) "\n"
	"	mov %r14, %gs:" FR(STUB_FR_R14) "\n"
	"	mov %r15, %gs:" FR(STUB_FR_R15) "\n"
	"	mov %gs:" STR(STUB_SLOT_SELF_OFF) ", %rdi\n"
	"	cld\n"
	"	call stub_fast_post\n"
	"	test %eax, %eax\n"
	"	jnz stub_fast_trap\n"
	"	pushq %gs:" FR(STUB_FR_FLAGS) "\n"
	"	popfq\n"
	"	mov %gs:" FR(STUB_FR_RAX) ", %rax\n"
	"	mov %gs:" FR(STUB_FR_RBX) ", %rbx\n"
	"	mov %gs:" FR(STUB_FR_RCX) ", %rcx\n"
	"	mov %gs:" FR(STUB_FR_RDX) ", %rdx\n"
	"	mov %gs:" FR(STUB_FR_RSI) ", %rsi\n"
	"	mov %gs:" FR(STUB_FR_RDI) ", %rdi\n"
	"	mov %gs:" FR(STUB_FR_RBP) ", %rbp\n"
	"	mov %gs:" FR(STUB_FR_RSP) ", %rsp\n"
	"	mov %gs:" FR(STUB_FR_R8) ", %r8\n"
	"	mov %gs:" FR(STUB_FR_R9) ", %r9\n"
	"	mov %gs:" FR(STUB_FR_R10) ", %r10\n"
	"	mov %gs:" FR(STUB_FR_R11) ", %r11\n"
	"	mov %gs:" FR(STUB_FR_R12) ", %r12\n"
	"	mov %gs:" FR(STUB_FR_R13) ", %r13\n"
	"	mov %gs:" FR(STUB_FR_R14) ", %r14\n"
	"	mov %gs:" FR(STUB_FR_R15) ", %r15\n"
	"	movl $0, %gs:" STR(STUB_SLOT_PHASE_OFF) "\n"
	"	jmp *%rcx\n"
	".text\n"
	"stub_fork_child_entry:\n"
	"	mov %r12, %rdi\n"
	"	mov %r13, %rsi\n"
	"	mov %r14, %rdx\n"
	"	mov %r15, %rcx\n"
	"	call stub_fork_child\n"
	"	test %r14, %r14\n"
	"	jz stub_park\n"
	/* The first guest thread, in the slot at r14, through the clone
	 * gate (which then parks this thread at its int3). */
	"	mov $" STR(__NR_clone) ", %eax\n"
	"	mov $" STR(STUB_THREAD_CLONE_FLAGS) ", %edi\n"
	"	lea 0x10000(%r14), %rsi\n"
	"	lea " STR(STUB_SLOT_TID_OFF) "(%r14), %rdx\n"
	"	mov %rdx, %r10\n"
	"	xor %r8d, %r8d\n"
	"	mov %r14, %rbx\n"
	"	jmp stub_clone_gate\n"
	".globl _start\n"
	"_start:\n"
	"	mov (%rsp), %rdi\n"
	"	lea stub_stack_top(%rip), %rsp\n"
	"	call stub_main\n"
	"	jmp stub_park\n");
/* clang-format on */

_Static_assert(STUB_SLOT_SIZE == 0x10000, "the slot size in stub_fork_child_entry");
_Static_assert(offsetof(struct stub_slot, tid) == STUB_SLOT_TID_OFF, "STUB_SLOT_TID_OFF");
_Static_assert(offsetof(struct stub_slot, fast_phase) == STUB_SLOT_PHASE_OFF, "STUB_SLOT_PHASE_OFF");
_Static_assert(offsetof(struct stub_slot, self) == STUB_SLOT_SELF_OFF, "STUB_SLOT_SELF_OFF");
_Static_assert(offsetof(struct stub_slot, fast) == STUB_SLOT_FAST_OFF, "STUB_SLOT_FAST_OFF");
_Static_assert(STUB_SLOT_SIZE == STUB_SLOT_SIZE_NUM, "STUB_SLOT_SIZE_NUM");
_Static_assert(STUB_FAST_ENTRY - STUB_BASE == 0x108 && STUB_FAST_TRAP - STUB_BASE == 0x100,
	       "the fast entry's place");

static char stub_stack[16384] __attribute__((aligned(16), used));
/* STUB_SCRATCH: arguments of injected syscalls. */
char stub_scratch[STUB_SCRATCH_SIZE] __attribute__((section(".stub_scratch"), aligned(4096), used));
__asm__(".globl stub_stack_top\n.set stub_stack_top, stub_stack + 16384\n");

/* A syscall with four arguments; the fifth and sixth are zero (prctl
 * checks them). */
static long raw_syscall(long nr, long a1, long a2, long a3, long a4)
{
	long ret;
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = 0;
	register long r9 __asm__("r9") = 0;
	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a1), "S"(a2), "d"(a3), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

static long raw_mmap(unsigned long addr, unsigned long len, long prot, long flags, long fd,
		     long off)
{
	long ret;
	register long r10 __asm__("r10") = flags;
	register long r8 __asm__("r8") = fd;
	register long r9 __asm__("r9") = off;
	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(__NR_mmap), "D"(addr), "S"(len), "d"(prot), "r"(r10), "r"(r8),
			   "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

static void die(void)
{
	raw_syscall(__NR_exit_group, 126, 0, 0, 0);
	for (;;)
		;
}

/* A syscall through @gate (`syscall; ret`): the call gate or the trace
 * gate. */
static long gate_syscall(unsigned long gate, long nr, long a1, long a2, long a3, long a4, long a5,
			 long a6)
{
	long ret;
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	register long r9 __asm__("r9") = a6;
	__asm__ volatile("call *%[gate]"
			 : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10), "+r"(r8), "+r"(r9)
			 : "a"(nr), [gate] "r"(gate)
			 : "rcx", "r11", "memory");
	return ret;
}

void stub_fork_child(unsigned long unmap, unsigned long unmap_len, unsigned long slot,
		     unsigned long slot_off);

/* A new stub, forked at the clone gate (stub_layout.h): alone in its
 * process, with what the tracer put in its registers; it reads no memory
 * it has not written itself (its parent's guest may have written any
 * writable page of the stub before the fork). */
void stub_fork_child(unsigned long unmap, unsigned long unmap_len, unsigned long slot,
		     unsigned long slot_off)
{
	const unsigned long g = STUB_TRACE_GATE;
	if (gate_syscall(g, __NR_prctl, PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0, 0) != 0 ||
	    (unmap_len && gate_syscall(g, __NR_munmap, (long)unmap, (long)unmap_len, 0, 0, 0, 0)) ||
	    (slot && gate_syscall(g, __NR_mmap, (long)slot, STUB_SLOT_SIZE, PROT_READ | PROT_WRITE,
				  MAP_SHARED | MAP_FIXED, STUB_CTXFILE_FD,
				  (long)slot_off) != (long)slot))
		for (;;)
			gate_syscall(g, __NR_exit_group, 126, 0, 0, 0, 0, 0);
}

/* stub_systrap.c */
int stub_systrap_handlers(long (*sys)(long, long, long, long, long));

void stub_main(long argc);

void stub_main(long argc)
{
	/* Allowed from the gates (stub_layout.h), traced from anywhere else. */
	static struct sock_filter filter[] = {
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		     offsetof(struct seccomp_data, instruction_pointer) + 4),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)(STUB_GATE_RET_IP >> 32), 0, 5),
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, instruction_pointer)),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)STUB_GATE_RET_IP, 4, 0),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)STUB_CALL_GATE_RET_IP, 3, 0),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)STUB_CLONE_GATE_RET_IP, 2, 0),
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (uint32_t)STUB_TRACE_GATE_RET_IP, 1, 0),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_TRACE),
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = {
	    .len = sizeof(filter) / sizeof(filter[0]),
	    .filter = filter,
	};
	int systrap = argc == 2;

	/* The map file's number is open only if the sentry put one there. */
	if (raw_syscall(__NR_close_range, 0, STUB_MEMFILE_FD - 1, 0, 0) != 0 ||
	    (!systrap &&
	     raw_syscall(__NR_close_range, STUB_CTXFILE_FD, STUB_EVENT_FD, 0, 0) != 0) ||
	    raw_syscall(__NR_close_range, STUB_MAPFILE_FD + 1, ~0U, 0, 0) != 0)
		die();
	if (raw_syscall(__NR_prctl, PR_SET_PDEATHSIG, SIGKILL, 0, 0) != 0 ||
	    raw_syscall(__NR_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0) != 0)
		die();
	/* Everything below and above the stub: the kernel's stack, vDSO, vvar. */
	if (raw_syscall(__NR_munmap, 0, STUB_BASE, 0, 0) != 0 ||
	    raw_syscall(__NR_munmap, STUB_IMAGE_END, HOST_TASK_SIZE - STUB_IMAGE_END, 0, 0) != 0)
		die();
	if (systrap) {
		if (raw_mmap(STUB_SHARED, 4096, PROT_READ, MAP_SHARED | MAP_FIXED, STUB_CTXFILE_FD,
			     0) != (long)STUB_SHARED)
			die();
		if (stub_systrap_handlers(raw_syscall) != 0)
			die();
		/* The control thread takes no signal but its own int3's
		 * SIGTRAP: a guest thread it clones inherits the mask, so no
		 * signal reaches it before it has its signal stack (the
		 * sentry unblocks them in its first frame).  Signals for the
		 * process go to its guest threads. */
		unsigned long mask = ~(1UL << (SIGTRAP - 1));
		if (raw_syscall(__NR_rt_sigprocmask, SIG_SETMASK, (long)&mask, 0, 8) != 0)
			die();
	}
	if (raw_syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, (long)&prog, 0) != 0)
		die();
}
