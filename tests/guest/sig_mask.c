/* Dispositions and masks: the order handlers of several pending signals
 * run in, the mask during a handler (sa_mask, the signal itself,
 * SA_NODEFER), SA_RESETHAND, nested handlers, rt_sigprocmask and
 * rt_sigaction with their errors and the bits the kernel keeps, ignoring
 * discards what is pending (unless blocked), rt_sigpending, and what fork
 * and exec keep. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errname.h"
#include "sigtest.h"

struct ksigaction {
	void *handler;
	unsigned long flags;
	void *restorer;
	uint64_t mask;
};

static uint64_t cur_mask(void)
{
	uint64_t m;
	syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &m, 8);
	return m;
}

static const char *mask_str(uint64_t m)
{
	static char buf[4][256];
	static int k;
	char *b = buf[k++ % 4];
	b[0] = '\0';
	for (int s = 1; s <= 64; s++)
		if (m & (1ULL << (s - 1)))
			sprintf(b + strlen(b), "%s%d", b[0] ? "," : "", s);
	return b[0] ? b : "-";
}

static void set_mask(uint64_t m)
{
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &m, NULL, 8);
}

#define BIT(s) (1ULL << ((s)-1))

static void logging_handler(int sig, siginfo_t *si, void *uc)
{
	(void)si;
	(void)uc;
	note(" %d[%s]", sig, mask_str(cur_mask()));
}

static void test_order(int block_all)
{
	int sigs[] = {SIGRTMIN + 1, SIGUSR2, SIGRTMIN, SIGUSR1, SIGINT, SIGHUP};
	uint64_t all = 0;
	for (int i = 0; i < 6; i++)
		all |= BIT(sigs[i]);
	for (int i = 0; i < 6; i++) {
		struct sigaction sa;
		memset(&sa, 0, sizeof(sa));
		sa.sa_sigaction = logging_handler;
		sa.sa_flags = SA_SIGINFO;
		sigemptyset(&sa.sa_mask);
		if (block_all)
			for (int j = 0; j < 6; j++)
				sigaddset(&sa.sa_mask, sigs[j]);
		sigaction(sigs[i], &sa, NULL);
	}
	set_mask(all);
	for (int i = 0; i < 6; i++)
		raise(sigs[i]);
	set_mask(0);
	printf("order, %s:", block_all ? "each handler blocks all six" : "plain handlers");
	flush_notes();
	printf("\n");
}

static int depth;

static void nodefer_handler(int sig, siginfo_t *si, void *uc)
{
	(void)si;
	(void)uc;
	note(" enter %d[%s]", sig, mask_str(cur_mask()));
	if (depth++ == 0)
		raise(sig);
	note(" leave %d", sig);
}

static void outer_handler(int sig, siginfo_t *si, void *uc)
{
	(void)si;
	(void)uc;
	note(" outer %d[%s]", sig, mask_str(cur_mask()));
	raise(SIGUSR2);
	note(" outer done");
}

static void test_nesting(void)
{
	on_signal(SIGUSR1, nodefer_handler, 0, SIGWINCH);
	depth = 0;
	raise(SIGUSR1);
	printf("default:");
	flush_notes();
	on_signal(SIGUSR1, nodefer_handler, SA_NODEFER, SIGWINCH);
	depth = 0;
	raise(SIGUSR1);
	printf("\nSA_NODEFER:");
	flush_notes();
	on_signal(SIGUSR1, outer_handler, 0, 0);
	on_signal(SIGUSR2, logging_handler, 0, 0);
	raise(SIGUSR1);
	printf("\nnested:");
	flush_notes();
	printf("\nmask after: %s\n", mask_str(cur_mask()));
}

static void test_resethand(void)
{
	on_signal(SIGUSR1, logging_handler, SA_RESETHAND, 0);
	raise(SIGUSR1);
	printf("SA_RESETHAND handler:");
	flush_notes();
	struct ksigaction ka;
	syscall(SYS_rt_sigaction, SIGUSR1, NULL, &ka, 8);
	printf("\nafterwards: handler %s, SA_RESETHAND %s, SA_SIGINFO %s\n",
	       ka.handler == SIG_DFL ? "SIG_DFL" : "other", yesno(ka.flags & SA_RESETHAND),
	       yesno(ka.flags & SA_SIGINFO));
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		raise(SIGUSR1);
		_exit(0);
	}
	int st;
	waitpid(c, &st, 0);
	printf("the second SIGUSR1: %s %d\n", WIFSIGNALED(st) ? "killed by" : "exited",
	       WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
}

static void test_procmask(void)
{
	uint64_t set = BIT(SIGKILL) | BIT(SIGSTOP) | BIT(SIGUSR1), old;
	long r = syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 8);
	printf("block KILL, STOP, USR1: %ld, mask %s\n", r, mask_str(cur_mask()));
	printf("how 3: %s\n", res(syscall(SYS_rt_sigprocmask, 3, &set, NULL, 8)));
	printf("how 3 without a set: %s\n", res(syscall(SYS_rt_sigprocmask, 3, NULL, &old, 8)));
	printf("size 4: %s\n", res(syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 4)));
	printf("size 16: %s\n", res(syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 16)));
	printf("bad set pointer: %s\n",
	       res(syscall(SYS_rt_sigprocmask, SIG_BLOCK, (void *)8, NULL, 8)));
	set = BIT(SIGUSR2) | BIT(SIGRTMAX);
	syscall(SYS_rt_sigprocmask, SIG_SETMASK, &set, &old, 8);
	printf("setmask returned the old mask %s, now %s\n", mask_str(old), mask_str(cur_mask()));
	set = BIT(SIGUSR2);
	syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, &set, NULL, 8);
	printf("after unblocking USR2: %s\n", mask_str(cur_mask()));
	set_mask(0);
}

static void test_sigaction(void)
{
	struct ksigaction ka, old;
	memset(&ka, 0, sizeof(ka));
	ka.handler = SIG_IGN;
	printf("signal 0: %s\n", res(syscall(SYS_rt_sigaction, 0, &ka, NULL, 8)));
	printf("signal 65: %s\n", res(syscall(SYS_rt_sigaction, 65, &ka, NULL, 8)));
	printf("SIGKILL ignored: %s\n", res(syscall(SYS_rt_sigaction, SIGKILL, &ka, NULL, 8)));
	printf("SIGSTOP ignored: %s\n", res(syscall(SYS_rt_sigaction, SIGSTOP, &ka, NULL, 8)));
	ka.handler = (void *)logging_handler;
	printf("SIGKILL caught: %s\n", res(syscall(SYS_rt_sigaction, SIGKILL, &ka, NULL, 8)));
	printf("SIGKILL read: %s\n", res(syscall(SYS_rt_sigaction, SIGKILL, NULL, &old, 8)));
	printf("size 4: %s\n", res(syscall(SYS_rt_sigaction, SIGUSR1, &ka, NULL, 4)));
	printf("bad pointer: %s\n", res(syscall(SYS_rt_sigaction, SIGUSR1, (void *)8, NULL, 8)));
	/* Unknown flag bits are dropped; SIGKILL and SIGSTOP leave the mask. */
	ka.flags = SA_RESTART | 0x00000200 | 0x00100000 | SA_ONSTACK;
	ka.mask = BIT(SIGKILL) | BIT(SIGSTOP) | BIT(SIGUSR2);
	syscall(SYS_rt_sigaction, SIGUSR1, &ka, NULL, 8);
	syscall(SYS_rt_sigaction, SIGUSR1, NULL, &old, 8);
	printf("kept flags %#lx, mask %s, restorer %s\n", old.flags, mask_str(old.mask),
	       old.restorer ? "set" : "null");
	set_disposition(SIGUSR1, SIG_DFL);
}

static uint64_t pending(void)
{
	uint64_t p = 0;
	syscall(SYS_rt_sigpending, &p, 8);
	return p;
}

static void test_ignore(void)
{
	set_mask(BIT(SIGUSR1) | BIT(SIGWINCH) | BIT(SIGRTMIN));
	raise(SIGUSR1);
	raise(SIGWINCH);
	raise(SIGRTMIN);
	printf("pending: %s\n", mask_str(pending()));
	set_disposition(SIGUSR1, SIG_IGN);
	printf("after ignoring USR1: %s\n", mask_str(pending()));
	on_signal(SIGWINCH, logging_handler, 0, 0);
	set_disposition(SIGWINCH, SIG_DFL);
	printf("after WINCH back to SIG_DFL: %s\n", mask_str(pending()));
	raise(SIGUSR1);
	printf("USR1 sent while ignored and blocked: %s\n", mask_str(pending()));
	set_mask(BIT(SIGRTMIN));
	printf("after unblocking it: %s\n", mask_str(pending()));
	uint64_t p4 = 0;
	printf("rt_sigpending size 4: %s", res(syscall(SYS_rt_sigpending, &p4, 4)));
	printf(" (%s), size 9: %s\n", mask_str(p4), res(syscall(SYS_rt_sigpending, &p4, 9)));
	set_disposition(SIGRTMIN, SIG_IGN);
	set_mask(0);
	set_disposition(SIGUSR1, SIG_DFL);
	set_disposition(SIGRTMIN, SIG_DFL);
	printf("all clear: %s\n", mask_str(pending()));
}

static void show_dispositions(const char *who)
{
	struct ksigaction ka;
	printf("%s: mask %s, pending %s", who, mask_str(cur_mask()), mask_str(pending()));
	int sigs[] = {SIGINT, SIGUSR2, SIGTERM};
	for (int i = 0; i < 3; i++) {
		syscall(SYS_rt_sigaction, sigs[i], NULL, &ka, 8);
		printf(", %d %s", sigs[i],
		       ka.handler == SIG_DFL   ? "default"
		       : ka.handler == SIG_IGN ? "ignored"
					       : "caught");
	}
	printf("\n");
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc > 1) {
		show_dispositions("after exec");
		return 0;
	}
	printf("initial mask %s, pending %s\n", mask_str(cur_mask()), mask_str(pending()));
	test_order(0);
	test_order(1);
	for (int s = 1; s < 65; s++)
		if (s != SIGKILL && s != SIGSTOP)
			set_disposition(s, SIG_DFL);
	test_nesting();
	test_resethand();
	test_procmask();
	test_sigaction();
	test_ignore();

	on_signal(SIGINT, logging_handler, 0, 0);
	set_disposition(SIGUSR2, SIG_IGN);
	set_mask(BIT(SIGTERM) | BIT(SIGRTMIN + 2));
	raise(SIGTERM);
	raise(SIGRTMIN + 2);
	show_dispositions("before fork");
	pid_t c = fork();
	if (c == 0) {
		show_dispositions("fork child");
		raise(SIGRTMIN + 2);
		char *args[] = {argv[0], "exec", NULL};
		execv("/proc/self/exe", args);
		_exit(1);
	}
	int st;
	waitpid(c, &st, 0);
	printf("child: %d\n", st);
	return 0;
}
