/* The stub's side of the systrap platform: the guest threads' seccomp
 * filter, their start, and the signal handler that hands every event to
 * the sentry (stub_slot.h describes the protocol).
 *
 * Guest code shares this address space and can write every writable page
 * of it, so nothing here is a security boundary: the guest filter is.  A
 * guest thread has it from its first instruction on (it is cloned from
 * the control thread, which has it), it lives in read-only text, and from
 * the guest's side it lets through only the syscalls this file makes, from
 * the call gate only.
 */
#include <stddef.h>
#include <stdint.h>
#include <asm/prctl.h>
#include <asm/unistd.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/futex.h>
#include <linux/prctl.h>
#include <linux/seccomp.h>
#include <linux/signal.h>

#include "stub_layout.h"
#include "stub_slot.h"

/* clang-format off */
#define HI(x) ((uint32_t)((uint64_t)(x) >> 32))
#define LO(x) ((uint32_t)(uint64_t)(x))
#define ARG_LO(n) (offsetof(struct seccomp_data, args) + 8 * (n))
#define ARG_HI(n) (ARG_LO(n) + 4)
#define LD(off)   BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (off))
#define RET(v)    BPF_STMT(BPF_RET | BPF_K, (v))
#define JEQ(k, t, f) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (k), (t), (f))

/* The guest filter, of every guest thread and (stub.c) of the control
 * thread, which installs it before any guest thread exists and hands it
 * down to every thread and stub cloned from it: the kernel compiles it
 * once for the whole sandbox.  Not x86-64 (int 0x80): kill.  From the
 * tracer's gates (the gate, the clone gate, the trace gate):
 * SECCOMP_RET_TRACE, which lets the syscall run for the traced control
 * thread once the sentry continues it, and fails it with ENOSYS in a guest
 * thread, which no one traces; but from the trace gate a new stub's
 * prctl(PR_SET_PDEATHSIG, SIGKILL) and munmap of its inherited slots run
 * with no stop (a guest thread making either harms only its own process).
 * From the call gate: what stub_signal and stub_thread_start make, else
 * kill.  From anywhere else: SECCOMP_RET_TRAP (SIGSYS: a guest syscall for
 * the sentry). */
const struct sock_filter stub_guest_filter[] __attribute__((visibility("hidden"))) = {
	/* 0 */ LD(offsetof(struct seccomp_data, arch)),
	/* 1 */ JEQ(AUDIT_ARCH_X86_64, 0, 46),
	/* 2 */ LD(offsetof(struct seccomp_data, instruction_pointer) + 4),
	/* 3 */ JEQ(HI(STUB_CALL_GATE_RET_IP), 0, 43),
	/* 4 */ LD(offsetof(struct seccomp_data, instruction_pointer)),
	/* 5 */ JEQ(LO(STUB_CALL_GATE_RET_IP), 22, 0),
	/* 6 */ JEQ(LO(STUB_GATE_RET_IP), 39, 0),
	/* 7 */ JEQ(LO(STUB_CLONE_GATE_RET_IP), 38, 0),
	/* 8 */ JEQ(LO(STUB_TRACE_GATE_RET_IP), 0, 38),
	/* the trace gate: a new stub's death signal, its unmapping of the
	 * slots it inherited; anything else is traced */
	/* 9 */ LD(offsetof(struct seccomp_data, nr)),
	/* 10 */ JEQ(__NR_prctl, 0, 8),
	/* 11 */ LD(ARG_HI(0)),
	/* 12 */ JEQ(0, 0, 33),
	/* 13 */ LD(ARG_LO(0)),
	/* 14 */ JEQ(PR_SET_PDEATHSIG, 0, 31),
	/* 15 */ LD(ARG_HI(1)),
	/* 16 */ JEQ(0, 0, 29),
	/* 17 */ LD(ARG_LO(1)),
	/* 18 */ JEQ(SIGKILL, 30, 27),
	/* 19 */ JEQ(__NR_munmap, 0, 26),
	/* 20 */ LD(ARG_HI(0)),
	/* 21 */ JEQ(HI(STUB_SLOTS), 0, 24),
	/* 22 */ LD(ARG_LO(0)),
	/* 23 */ JEQ(LO(STUB_SLOTS), 0, 22),
	/* 24 */ LD(ARG_HI(1)),
	/* 25 */ JEQ(HI(STUB_SLOTS_SIZE), 0, 20),
	/* 26 */ LD(ARG_LO(1)),
	/* 27 */ JEQ(LO(STUB_SLOTS_SIZE), 21, 18),
	/* the call gate */
	/* 28 */ LD(offsetof(struct seccomp_data, nr)),
	/* 29 */ JEQ(__NR_rt_sigreturn, 19, 0),
	/* 30 */ JEQ(__NR_futex, 4, 0),
	/* 31 */ JEQ(__NR_write, 5, 0),
	/* 32 */ JEQ(__NR_exit, 16, 0),
	/* 33 */ JEQ(__NR_sigaltstack, 15, 0),
	/* 34 */ JEQ(__NR_arch_prctl, 6, 13),
	/* futex: FUTEX_WAIT (shared) only */
	/* 35 */ LD(ARG_LO(1)),
	/* 36 */ JEQ(FUTEX_WAIT, 12, 11),
	/* write: to the sentry's eventfd only */
	/* 37 */ LD(ARG_HI(0)),
	/* 38 */ JEQ(0, 0, 9),
	/* 39 */ LD(ARG_LO(0)),
	/* 40 */ JEQ(STUB_EVENT_FD, 8, 7),
	/* arch_prctl: the fs and gs bases only */
	/* 41 */ LD(ARG_LO(0)),
	/* 42 */ JEQ(ARCH_SET_FS, 6, 0),
	/* 43 */ JEQ(ARCH_GET_FS, 5, 0),
	/* 44 */ JEQ(ARCH_SET_GS, 4, 0),
	/* 45 */ JEQ(ARCH_GET_GS, 3, 2),
	/* 46 */ RET(SECCOMP_RET_TRACE),
	/* 47 */ RET(SECCOMP_RET_TRAP),
	/* 48 */ RET(SECCOMP_RET_KILL_PROCESS),
	/* 49 */ RET(SECCOMP_RET_ALLOW),
};

/* Its struct sock_fprog is at STUB_GUEST_FPROG (stub.c). */
/* clang-format on */
_Static_assert(sizeof(stub_guest_filter) / sizeof(stub_guest_filter[0]) == STUB_GUEST_FILTER_LEN,
	       "STUB_GUEST_FILTER_LEN");

#define SHARED ((volatile struct stub_shared *)STUB_SHARED)

/* A syscall through the call gate.  The stub is built without a red zone,
 * so the call may push below the stack pointer. */
static long call_gate(long nr, long a1, long a2, long a3, long a4)
{
	long ret;
	register long r10 __asm__("r10") = a4;
	__asm__ volatile("call stub_call_gate"
			 : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10)
			 : "a"(nr)
			 : "rcx", "r11", "r8", "r9", "memory");
	return ret;
}

static _Noreturn void thread_exit(void)
{
	for (;;)
		call_gate(__NR_exit, 0, 0, 0, 0);
}

void stub_thread_start(volatile struct stub_slot *s);
void stub_signal(int sig, void *info, void *uc);

/* A new guest thread, from stub_thread_entry: its signal stack, then the
 * int3 after the return gives the sentry its first signal frame. */
void stub_thread_start(volatile struct stub_slot *s)
{
	stack_t ss = {
	    .ss_sp = (char *)s + STUB_SLOT_ALTSTK,
	    .ss_flags = 0,
	    .ss_size = STUB_SLOT_STACK - STUB_SLOT_ALTSTK,
	};
	if (call_gate(__NR_sigaltstack, (long)&ss, 0, 0, 0) != 0)
		thread_exit();
}

/* Wait until the sentry sets state back to STUB_SLOT_RUNNING: spin a
 * while, then sleep on the futex. */
static void wait_release(volatile struct stub_slot *s)
{
	uint32_t spin = s->spin;
	for (uint32_t i = 0; i < spin; i++) {
		if (__atomic_load_n(&s->state, __ATOMIC_ACQUIRE) != STUB_SLOT_WAITING)
			return;
		__asm__ volatile("pause");
	}
	for (;;) {
		__atomic_store_n(&s->stub_sleeping, 1, __ATOMIC_SEQ_CST);
		if (__atomic_load_n(&s->state, __ATOMIC_ACQUIRE) != STUB_SLOT_WAITING)
			break;
		call_gate(__NR_futex, (long)&s->state, FUTEX_WAIT, STUB_SLOT_WAITING, 0);
	}
	__atomic_store_n(&s->stub_sleeping, 0, __ATOMIC_RELAXED);
}

/* Every signal of a guest thread: post it in the slot, wait, return with
 * the registers the sentry wrote into the frame. */
void stub_signal(int sig, void *info, void *uc)
{
	uint64_t sp;
	__asm__("mov %%rsp, %0" : "=r"(sp));
	if (sp < STUB_SLOTS || sp >= STUB_SLOTS_END)
		__builtin_trap(); /* not on a slot's stack: the process dies */
	volatile struct stub_slot *s = (void *)(sp & ~(STUB_SLOT_SIZE - 1));
	if (s->cmd == STUB_CMD_EXIT)
		thread_exit();
	s->sig = sig;
	s->info = (uint64_t)info;
	s->uc = (uint64_t)uc;
	if (SHARED->fsgsbase) {
		uint64_t fs, gs;
		__asm__ volatile("rdfsbase %0" : "=r"(fs));
		__asm__ volatile("rdgsbase %0" : "=r"(gs));
		s->fs_base = fs;
		s->gs_base = gs;
	} else {
		call_gate(__NR_arch_prctl, ARCH_GET_FS, (long)&s->fs_base, 0, 0);
		call_gate(__NR_arch_prctl, ARCH_GET_GS, (long)&s->gs_base, 0, 0);
	}
	__atomic_store_n(&s->state, STUB_SLOT_WAITING, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&s->cmd, __ATOMIC_SEQ_CST) == STUB_CMD_EXIT)
		thread_exit();
	if (SHARED->sentry_sleeping) {
		uint64_t one = 1;
		call_gate(__NR_write, STUB_EVENT_FD, (long)&one, sizeof(one), 0);
	}
	wait_release(s);
	if (s->cmd == STUB_CMD_EXIT)
		thread_exit();
	uint32_t set = s->set_bases;
	if (set & STUB_SET_FS) {
		uint64_t fs = s->new_fs_base;
		if (SHARED->fsgsbase)
			__asm__ volatile("wrfsbase %0" : : "r"(fs) : "memory");
		else
			call_gate(__NR_arch_prctl, ARCH_SET_FS, (long)fs, 0, 0);
	}
	if (set & STUB_SET_GS) {
		uint64_t gs = s->new_gs_base;
		if (SHARED->fsgsbase)
			__asm__ volatile("wrgsbase %0" : : "r"(gs) : "memory");
		else
			call_gate(__NR_arch_prctl, ARCH_SET_GS, (long)gs, 0, 0);
	}
}

void stub_restorer(void) __attribute__((visibility("hidden")));

/* The kernel's struct sigaction for rt_sigaction. */
struct k_sigaction {
	void *handler;
	unsigned long flags;
	void *restorer;
	unsigned long mask;
};

/* Every catchable signal goes to stub_signal on the slot's stack, with
 * every signal blocked meanwhile.  Called once at start-up (the template
 * stub's handlers are inherited by every stub forked from it). */
int stub_systrap_handlers(long (*sys)(long, long, long, long, long));

int stub_systrap_handlers(long (*sys)(long, long, long, long, long))
{
	struct k_sigaction ka = {
	    .handler = (void *)stub_signal,
	    .flags = SA_SIGINFO | SA_ONSTACK | SA_RESTORER,
	    .restorer = (void *)stub_restorer,
	    .mask = ~0UL,
	};
	for (long sig = 1; sig <= 64; sig++) {
		if (sig == SIGKILL || sig == SIGSTOP)
			continue;
		if (sys(__NR_rt_sigaction, sig, (long)&ka, 0, 8) != 0)
			return -1;
	}
	return 0;
}
