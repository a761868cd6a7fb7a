/* Forge events in the slots of the stub: the state word says "waiting"
 * while the thread runs guest code, with frame pointers that lie (off the
 * signal stack, misaligned), or with a plausible frame whose registers ask
 * for a file in /tmp.  The sentry must kill the stub for the first kinds,
 * and may carry out the last one, inside the sandbox.  Under ptrace there
 * are no slots and nothing is forged.  Only for sbx. */
#include "attack.h"

#include <fcntl.h>
#include <sys/syscall.h>

#include "platform/stub/stub_slot.h"

/* The slots the stub has mapped: this process's threads'. */
static int find_slots(int *idx, int max)
{
	int n = 0;
	probe_init();
	for (int i = 0; i < STUB_NSLOTS && n < max; i++) {
		uint64_t s = STUB_SLOTS + (uint64_t)i * STUB_SLOT_SIZE;
		if (probe_writable((volatile uint8_t *)s))
			idx[n++] = i;
	}
	return n;
}

static struct stub_slot *slot(int i)
{
	return (struct stub_slot *)(STUB_SLOTS + (uint64_t)i * STUB_SLOT_SIZE);
}

/* Post a forged event, and wake the sentry as the handler would: the
 * call gate lets a write to its eventfd through. */
static void post(struct stub_slot *s, uint64_t info, uint64_t uc)
{
	s->kind = STUB_EV_SIGNAL; /* a signal frame's event, not the fast entry's */
	s->info = info;
	s->uc = uc;
	__atomic_store_n(&s->state, STUB_SLOT_WAITING, __ATOMIC_SEQ_CST);
	static uint64_t one = 1;
	jump_syscall(STUB_CALL_GATE, SYS_write, STUB_EVENT_FD, (long)&one, sizeof(one), 0, 0, 0);
}

/* Lying pointers: kinds 0 (null), 1 (guest memory), 2 (misaligned). */
static void forge_bad(long kind)
{
	int idx[16];
	int n = find_slots(idx, 16);
	static char guest_mem[4096];
	for (int k = 0; k < n; k++) {
		struct stub_slot *s = slot(idx[k]);
		uint64_t alt = (uint64_t)s + STUB_SLOT_ALTSTK;
		uint64_t p = kind == 0 ? 0 : kind == 1 ? (uint64_t)guest_mem : alt + 3;
		post(s, p, p);
	}
	/* Guest code only: a syscall would post a real frame over ours. */
	for (volatile long i = 0; i < 200000000 && n; i++)
		;
	printf("forged in %d slots\n", n);
	fflush(stdout);
}

/* A frame the handler could have made, asking for openat of a marked file
 * in /tmp; the sentry answers it in the frame's rax. */
struct k_ucontext_head {
	uint64_t uc_flags, uc_link, ss_sp, ss_flags, ss_size;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
	uint16_t cs, gs, fs, ss;
	uint64_t err, trapno, oldmask, cr2, fpstate;
};

static void forge_plausible(long unused)
{
	(void)unused;
	int idx[16];
	int n = find_slots(idx, 16);
	const char *path = marked("forged", 0);
	for (int k = 0; k < n; k++) {
		struct stub_slot *s = slot(idx[k]);
		uint64_t alt = (uint64_t)s + STUB_SLOT_ALTSTK;
		uint64_t fp = alt + 0x1000;
		struct k_ucontext_head *uc = (void *)(alt + 0x100);
		siginfo_t *si = (void *)(alt + 0x800);
		memset(uc, 0, sizeof(*uc));
		memset(si, 0, sizeof(*si));
		si->si_signo = SIGSYS;
		si->si_code = 1; /* SYS_SECCOMP */
		uc->rax = SYS_openat;
		uc->rdi = (uint64_t)AT_FDCWD;
		uc->rsi = (uint64_t)path;
		uc->rdx = O_CREAT | O_WRONLY;
		uc->r10 = 0644;
		uc->fpstate = fp;
		post(s, (uint64_t)si, (uint64_t)uc);
	}
	/* Guest code only until the sentry answers in the frame (a bounded
	 * while): a syscall would post a real frame over ours. */
	int answered = 0;
	for (volatile long i = 0; i < 200000000 && n && !answered; i++)
		for (int k = 0; k < n; k++)
			if (((struct k_ucontext_head *)((uint64_t)slot(idx[k]) + STUB_SLOT_ALTSTK +
							0x100))
				->rax != SYS_openat)
				answered = 1;
	printf("forged in %d slots, answered: %s\n", n, answered ? "yes" : "no");
	fflush(stdout);
}

int main(void)
{
	in_child("null frame pointers", forge_bad, 0);
	in_child("frame pointers into guest memory", forge_bad, 1);
	in_child("misaligned frame pointers", forge_bad, 2);
	in_child("a plausible frame", forge_plausible, 0);
	printf("hostile: done\n");
	return 0;
}
