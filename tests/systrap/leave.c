/* Use what the guest filter lets through the call gate against the
 * sentry: end a thread behind its back, block every host signal with a
 * forged rt_sigreturn and spin, move the thread's signal stack into guest
 * memory, and futex operations the stub never makes.  The sentry must
 * notice each (the process is killed) rather than wait forever for a
 * thread that will not answer.  Only for sbx.
 *
 *   stub_leave [systrap]
 *
 * With "systrap", the spinning child with every host signal blocked is
 * sent SIGUSR1, which it has a handler for, and waited for: only the
 * sentry can end it.  Without, it is killed (under ptrace the rt_sigreturn
 * is the sentry's own, and blocks SIGUSR1 for good). */
#include "attack.h"

#include <linux/futex.h>
#include <pthread.h>
#include <time.h>
#include <sys/syscall.h>

static void *leave(void *arg)
{
	(void)arg;
	jump_syscall(STUB_CALL_GATE, SYS_exit, 0, 0, 0, 0, 0, 0);
	return NULL;
}

/* A thread ends through the call gate while the main thread waits for it
 * in the sandbox's futex. */
static void exit_thread(long unused)
{
	(void)unused;
	pthread_t th;
	pthread_create(&th, NULL, leave, NULL);
	pthread_join(th, NULL);
}

/* The kernel's rt_sigframe up to the ucontext's mask: restored by
 * rt_sigreturn. */
struct frame {
	uint64_t pretcode;
	uint64_t uc_flags, uc_link, ss_sp, ss_flags, ss_size;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
	uint16_t cs, gs, fs, ss;
	uint64_t err, trapno, oldmask, cr2, fpstate;
	uint64_t reserved[8];
	uint64_t sigmask;
};

static void spin(void)
{
	for (;;)
		__asm__ volatile("pause");
}

static char spin_stack[65536] __attribute__((aligned(16)));

/* rt_sigreturn through the call gate to a frame that blocks every signal
 * and returns into an endless loop; the parent kills it. */
static void block_and_spin(long fd)
{
	static struct frame f;
	memset(&f, 0, sizeof(f));
	f.rip = (uint64_t)spin;
	f.rsp = (uint64_t)(spin_stack + sizeof(spin_stack) - 8);
	f.cs = 0x33;
	f.ss = 0x2b;
	f.eflags = 0x202;
	f.sigmask = ~0ULL;
	f.uc_flags = 0x2; /* UC_SIGCONTEXT_SS */
	if (write((int)fd, "r", 1) != 1)
		_exit(1);
	__asm__ volatile("mov %0, %%rsp\n"
			 "add $8, %%rsp\n"
			 "mov $15, %%eax\n"
			 "jmp *%1\n"
			 :
			 : "D"(&f), "S"(STUB_CALL_GATE)
			 : "rax", "memory");
}

static void on_usr1(int sig)
{
	(void)sig;
}

static void blocked_child(int wait_for_sentry)
{
	int p[2];
	if (pipe(p) < 0)
		exit(1);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		signal(SIGUSR1, on_usr1);
		block_and_spin(p[1]);
		_exit(0);
	}
	close(p[1]);
	char c;
	if (read(p[0], &c, 1) != 1)
		exit(1);
	kill(pid, wait_for_sentry ? SIGUSR1 : SIGKILL);
	int st;
	if (wait_for_sentry) {
		/* A SIGUSR1 that came between the write and the rt_sigreturn
		 * ran the handler and left the child spinning with nothing
		 * pending: send it again until the child is gone. */
		while (waitpid(pid, &st, WNOHANG) != pid) {
			struct timespec ts = {0, 50 * 1000 * 1000};
			nanosleep(&ts, NULL);
			kill(pid, SIGUSR1);
		}
	} else {
		while (waitpid(pid, &st, 0) < 0)
			;
	}
	printf("signals blocked by rt_sigreturn, then %s: %s\n",
	       wait_for_sentry ? "SIGUSR1" : "SIGKILL", outcome(st));
}

static char guest_altstack[65536];

/* sigaltstack through the call gate into guest memory, then a syscall:
 * the stub's handler finds itself off its slot. */
static void move_altstack(long unused)
{
	(void)unused;
	stack_t ss = {.ss_sp = guest_altstack, .ss_size = sizeof(guest_altstack)};
	jump_syscall(STUB_CALL_GATE, SYS_sigaltstack, (long)&ss, 0, 0, 0, 0, 0);
	syscall(SYS_getppid);
}

static uint32_t word;

static void futex_op(long op)
{
	jump_syscall(STUB_CALL_GATE, SYS_futex, (long)&word, op, 1, 0, 0, 0);
}

int main(int argc, char **argv)
{
	in_child("exit through the call gate in a thread", exit_thread, 0);
	blocked_child(argc > 1 && strcmp(argv[1], "systrap") == 0);
	in_child("signal stack moved into guest memory", move_altstack, 0);
	in_child("futex wake through the call gate", futex_op, FUTEX_WAKE);
	in_child("futex requeue through the call gate", futex_op, FUTEX_CMP_REQUEUE);
	in_child("private futex wait through the call gate", futex_op, FUTEX_WAIT_PRIVATE);
	printf("hostile: done\n");
	return 0;
}
