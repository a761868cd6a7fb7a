/* sigaltstack: its errors (EINVAL, ENOMEM, EPERM on the stack), what it
 * reports, SA_ONSTACK handlers running on it (nested ones too), the
 * uc_stack a handler sees and may edit, SS_AUTODISARM, threads, fork and
 * exec, a stack overflow caught on the alternate stack, and the deaths when
 * the frame cannot be written (no alternate stack, one too small). */
//! libc: glibc musl
#define _GNU_SOURCE
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

#include "errname.h"
#include "sigtest.h"

#ifndef SS_AUTODISARM
#define SS_AUTODISARM (1U << 31)
#endif

#define ALT_SIZE (64 * 1024)
static char *alt;

static const char *flags_str(int f)
{
	static char buf[4][64];
	static int k;
	char *b = buf[k++ % 4];
	b[0] = '\0';
	if (f & SS_ONSTACK)
		strcat(b, "ONSTACK|");
	if (f & SS_DISABLE)
		strcat(b, "DISABLE|");
	if (f & (int)SS_AUTODISARM)
		strcat(b, "AUTODISARM|");
	if (f & ~(SS_ONSTACK | SS_DISABLE | (int)SS_AUTODISARM))
		sprintf(b + strlen(b), "%#x|", f & ~(SS_ONSTACK | SS_DISABLE | (int)SS_AUTODISARM));
	if (!b[0])
		return "0";
	b[strlen(b) - 1] = '\0';
	return b;
}

/* Where a stack pointer or a stack is, relative to the alternate stack. */
static const char *where(const void *p)
{
	if (!p)
		return "null";
	return (const char *)p >= alt && (const char *)p < alt + ALT_SIZE ? "alt" : "elsewhere";
}

static void show(const char *what)
{
	stack_t old;
	if (sigaltstack(NULL, &old) < 0) {
		printf("%s: sigaltstack: %s\n", what, errname(errno));
		return;
	}
	printf("%s: sp %s size %zu flags %s\n", what, where(old.ss_sp), old.ss_size,
	       flags_str(old.ss_flags));
}

static long set_alt(void *sp, size_t size, int flags)
{
	stack_t ss = {.ss_sp = sp, .ss_size = size, .ss_flags = flags};
	return sigaltstack(&ss, NULL);
}

static int depth;

static void note_stack(ucontext_t *uc, const char *who)
{
	char local;
	stack_t now;
	sigaltstack(NULL, &now);
	note("%s: running on %s, uc_stack sp %s size %zu flags %s, now flags %s size %zu\n", who,
	     where(&local), where(uc->uc_stack.ss_sp), uc->uc_stack.ss_size,
	     flags_str(uc->uc_stack.ss_flags), flags_str(now.ss_flags), now.ss_size);
}

static void onstack_handler(int sig, siginfo_t *si, void *ucv)
{
	(void)si;
	ucontext_t *uc = ucv;
	static char *first_local;
	char local;
	note_stack(uc, sig == SIGUSR1 ? "outer" : "inner");
	if (sig == SIGUSR1) {
		first_local = &local;
		long r = set_alt(alt, ALT_SIZE, 0);
		note("sigaltstack on the stack: %s\n", r < 0 ? errname(errno) : "ok");
		r = set_alt(NULL, 0, SS_DISABLE);
		note("disabling it on the stack: %s\n", r < 0 ? errname(errno) : "ok");
		if (++depth == 1)
			raise(SIGUSR2);
	} else {
		note("inner frame below the outer one: %s\n", yesno(&local < first_local));
	}
}

static void plain_handler(int sig, siginfo_t *si, void *ucv)
{
	(void)sig;
	(void)si;
	note_stack(ucv, "no SA_ONSTACK");
}

static void disable_handler(int sig, siginfo_t *si, void *ucv)
{
	(void)sig;
	(void)si;
	ucontext_t *uc = ucv;
	note_stack(uc, "editing uc_stack");
	uc->uc_stack.ss_flags = SS_DISABLE;
}

static void *thread_main(void *arg)
{
	(void)arg;
	show("new thread");
	raise(SIGUSR2); /* plain handler: the frame's uc_stack */
	return NULL;
}

/* --- stack overflow ------------------------------------------------------ */

static sigjmp_buf overflow_jmp;

static void overflow_handler(int sig, siginfo_t *si, void *ucv)
{
	(void)ucv;
	char local;
	note("overflow: signal %d code %d on %s\n", sig, si->si_code, where(&local));
	siglongjmp(overflow_jmp, 1);
}

static volatile int limit = 1 << 30;

static int recurse(int n)
{
	volatile char pad[1024];
	pad[0] = (char)n;
	if (n > limit)
		return 0;
	return recurse(n + 1) + pad[0];
}

static int child_overflow(int use_alt)
{
	struct rlimit rl = {1 << 20, 1 << 20};
	setrlimit(RLIMIT_STACK, &rl);
	rl.rlim_cur = rl.rlim_max = 0;
	setrlimit(RLIMIT_CORE, &rl);
	if (use_alt)
		set_alt(alt, ALT_SIZE, 0);
	else
		set_alt(NULL, 0, SS_DISABLE);
	on_signal(SIGSEGV, overflow_handler, SA_ONSTACK, 0);
	if (sigsetjmp(overflow_jmp, 1) == 0) {
		recurse(0);
		return 1;
	}
	flush_notes();
	/* The handler was left with siglongjmp: the stack is usable again. */
	show("after the overflow");
	return 0;
}

static void run_child(const char *what, int (*fn)(int), int arg)
{
	fflush(stdout);
	pid_t c = fork();
	if (c == 0)
		_exit(fn(arg));
	int st;
	waitpid(c, &st, 0);
	if (WIFEXITED(st))
		printf("%s: exited %d\n", what, WEXITSTATUS(st));
	else
		printf("%s: killed by %d\n", what, WTERMSIG(st));
}

static int child_small_alt(int arg)
{
	(void)arg;
	struct rlimit rl = {0, 0};
	setrlimit(RLIMIT_CORE, &rl);
	char *small = malloc(2048);
	printf("a 2048-byte stack: %s\n", res(set_alt(small, 2048, 0)));
	fflush(stdout);
	on_signal(SIGUSR1, plain_handler, SA_ONSTACK, 0);
	raise(SIGUSR1); /* the xsave frame does not fit in 2 KiB */
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	alt = mmap(NULL, ALT_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (argc > 1) {
		show("after exec");
		on_signal(SIGUSR2, plain_handler, 0, 0);
		raise(SIGUSR2);
		flush_notes();
		return 0;
	}
	show("initially");
	printf("bad mode 7: %s\n", res(set_alt(alt, ALT_SIZE, 7)));
	printf("bad flag bit: %s\n", res(set_alt(alt, ALT_SIZE, 0x1000)));
	printf("size 2047: %s\n", res(set_alt(alt, 2047, 0))); /* the kernel's MINSIGSTKSZ */
	printf("size 2048: %s\n", res(set_alt(alt, 2048, 0)));
	show("after size 2048");
	printf("size 0 disabled: %s\n", res(set_alt(NULL, 0, SS_DISABLE)));
	show("after SS_DISABLE");
	printf("SS_ONSTACK as the mode: %s\n", res(set_alt(alt, ALT_SIZE, SS_ONSTACK)));
	show("after SS_ONSTACK");
	printf("mode 0: %s\n", res(set_alt(alt, ALT_SIZE, 0)));
	show("after mode 0");

	on_signal(SIGUSR1, onstack_handler, SA_ONSTACK, 0);
	on_signal(SIGUSR2, onstack_handler, SA_ONSTACK, 0);
	raise(SIGUSR1);
	flush_notes();
	show("after the handlers");

	on_signal(SIGUSR2, plain_handler, 0, 0);
	raise(SIGUSR2);
	flush_notes();

	printf("SS_AUTODISARM: %s\n", res(set_alt(alt, ALT_SIZE, (int)SS_AUTODISARM)));
	show("armed");
	depth = 0;
	on_signal(SIGUSR2, onstack_handler, SA_ONSTACK, 0);
	raise(SIGUSR1);
	flush_notes();
	show("after the autodisarm handlers");

	on_signal(SIGUSR1, disable_handler, SA_ONSTACK, 0);
	raise(SIGUSR1);
	flush_notes();
	show("after a handler on it set uc_stack.ss_flags to SS_DISABLE");
	on_signal(SIGUSR1, disable_handler, 0, 0);
	raise(SIGUSR1);
	flush_notes();
	show("after a handler elsewhere did");

	set_alt(alt, ALT_SIZE, (int)SS_AUTODISARM);
	on_signal(SIGUSR1, plain_handler, SA_ONSTACK, 0);
	raise(SIGUSR1);
	flush_notes();
	show("after a plain SS_AUTODISARM handler");

	set_alt(alt, ALT_SIZE, 0);
	on_signal(SIGUSR2, plain_handler, 0, 0);
	pthread_t th;
	pthread_create(&th, NULL, thread_main, NULL);
	pthread_join(th, NULL);
	flush_notes();

	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		show("fork child");
		char *args[] = {argv[0], "exec", NULL};
		execv("/proc/self/exe", args);
		_exit(1);
	}
	waitpid(c, NULL, 0);

	run_child("overflow with an alternate stack", child_overflow, 1);
	run_child("overflow without one", child_overflow, 0);
	run_child("frame larger than the alternate stack", child_small_alt, 0);
	return 0;
}
