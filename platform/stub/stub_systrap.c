/* The stub's side of the systrap platform: guest threads' start and the
 * signal handler that hands every event to the sentry (stub_slot.h
 * describes the protocol).
 *
 * Guest code shares this address space and can write every writable page
 * of it, so nothing here is a security boundary: the guest filter is
 * (platform/systrap/systrap.c builds it; the template's control thread gets
 * it before any guest thread exists and every thread and stub cloned from
 * it inherits it).  From the guest's side it lets through only the
 * syscalls this file makes, from the call gate only.
 */
#include <stddef.h>
#include <stdint.h>
#include <asm/prctl.h>
#include <asm/unistd.h>
#include <linux/futex.h>
#include <linux/signal.h>
#include <asm/sigcontext.h>
#include <asm/ucontext.h>

#include "stub_layout.h"
#include "stub_slot.h"

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
	/* The fast entry finds the slot through gs. */
	s->self = (uint64_t)s;
	s->fast_phase = 0; /* a thread before it may have left from the fast entry */
	s->deferred_sig = 0;
	if (SHARED->fsgsbase)
		__asm__ volatile("wrgsbase %0" : : "r"(s) : "memory");
	else if (call_gate(__NR_arch_prctl, ARCH_SET_GS, (long)s, 0, 0) != 0)
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

int stub_fast_post(volatile struct stub_slot *s);

/* Tell the sentry an event is posted. */
static void post(volatile struct stub_slot *s)
{
	__atomic_store_n(&s->state, STUB_SLOT_WAITING, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&s->cmd, __ATOMIC_SEQ_CST) == STUB_CMD_EXIT)
		thread_exit();
	if (SHARED->sentry_sleeping) {
		uint64_t one = 1;
		call_gate(__NR_write, STUB_EVENT_FD, (long)&one, sizeof(one), 0);
	}
}

/* Syscalls that always need the thread's whole state (its FP registers
 * for a copy or a new image, new fs base): made through the old syscall
 * instruction, whose SIGILL gives the sentry a full frame. */
static int full_frame(uint64_t nr)
{
	switch (nr) {
	case __NR_rt_sigreturn:
	case __NR_clone:
	case __NR_fork:
	case __NR_vfork:
	case __NR_execve:
	case __NR_execveat:
	case __NR_clone3:
	case __NR_arch_prctl:
		return 1;
	default:
		return 0;
	}
}

/* The fast entry's syscall (stub.c saved the registers): post it, wait;
 * 1 when the sentry wants the trap, 0 to go on with fast[] (for a
 * full_frame syscall at once: fast[] still holds the registers it came
 * with and rcx the old syscall instruction). */
int stub_fast_post(volatile struct stub_slot *s)
{
	if (full_frame(s->fast[STUB_FR_RAX])) {
		s->fast_phase = 2;
		return 0;
	}
	s->kind = STUB_EV_FAST;
	post(s);
	s->fast_phase = 3;
	wait_release(s);
	s->fast_phase = 2;
	uint32_t cmd = s->cmd;
	if (cmd == STUB_CMD_EXIT)
		thread_exit();
	if (cmd == STUB_CMD_CONVERT) {
		s->fast_phase = 0;
		return 1;
	}
	s->fast_phase = 2;
	return 0;
}

/* An interrupt came while the fast entry restored the registers the
 * sentry gave: make the frame what the entry would have left. */
static void fast_forward(volatile struct stub_slot *s, struct ucontext *uc)
{
	struct sigcontext *m = &uc->uc_mcontext;
	const volatile uint64_t *f = s->fast;
	m->rax = f[STUB_FR_RAX], m->rbx = f[STUB_FR_RBX], m->rcx = f[STUB_FR_RCX];
	m->rdx = f[STUB_FR_RDX], m->rsi = f[STUB_FR_RSI], m->rdi = f[STUB_FR_RDI];
	m->rbp = f[STUB_FR_RBP], m->rsp = f[STUB_FR_RSP], m->r8 = f[STUB_FR_R8];
	m->r9 = f[STUB_FR_R9], m->r10 = f[STUB_FR_R10], m->r11 = f[STUB_FR_R11];
	m->r12 = f[STUB_FR_R12], m->r13 = f[STUB_FR_R13], m->r14 = f[STUB_FR_R14];
	m->r15 = f[STUB_FR_R15];
	m->rip = f[STUB_FR_RCX];
	m->eflags = f[STUB_FR_FLAGS];
	s->fast_phase = 0;
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
	uint32_t phase = s->fast_phase;
	if (phase) {
		/* In the fast entry, which makes no fault: a host signal. */
		if (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE ||
		    sig == SIGTRAP)
			__builtin_trap();
		int posted = phase == 3 || (phase == 1 && s->state == STUB_SLOT_WAITING);
		if (phase == 1 && !posted) {
			/* The syscall is not posted yet: its event answers an
			 * interrupt and carries any other signal. */
			if (sig != STUB_SIG_INTERRUPT) {
				const uint8_t *from = info;
				for (unsigned i = 0; i < sizeof(s->deferred_info); i++)
					s->deferred_info[i] = from[i];
				s->deferred_sig = sig;
			}
			return;
		}
		if (posted) {
			if (sig == STUB_SIG_INTERRUPT)
				return; /* the sentry has the syscall */
			wait_release(s);
		}
		/* Released: post this signal with the registers the entry was
		 * to return with, or, if the sentry wants a full frame, with
		 * this one (it sets every register then). */
		uint32_t cmd = s->cmd;
		if (cmd == STUB_CMD_EXIT)
			thread_exit();
		if (cmd == STUB_CMD_CONVERT)
			s->fast_phase = 0;
		else
			fast_forward(s, uc);
	}
	s->kind = STUB_EV_SIGNAL;
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
	post(s);
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
