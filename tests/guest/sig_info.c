/* siginfo as each sender fills it: kill, tkill, tgkill, sigqueue,
 * rt_sigqueueinfo and rt_tgsigqueueinfo (with the EPERM rule on si_code and
 * the bytes the kernel keeps), pidfd_send_signal, SIGCHLD, SIGPIPE, and the
 * faults: SEGV_MAPERR, SEGV_ACCERR, a general protection fault, BUS_ADRERR,
 * FPE_INTDIV, ILL_ILLOPN and the int3 trap, with trapno, err and cr2 in the
 * frame.  Fault handlers repair the cause or skip the instruction. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <ucontext.h>
#include <unistd.h>

#include "errname.h"
#include "sigtest.h"

static siginfo_t last;
static ucontext_t *last_uc;
static int got;

static void record(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	last = *si;
	last_uc = uc;
	got++;
}

static void show(const char *what)
{
	printf("%s: signo %d code %d errno %d pid=%d uid %d value %d (got %d)\n", what,
	       last.si_signo, last.si_code, last.si_errno, last.si_pid, last.si_uid,
	       last.si_value.sival_int, got);
	memset(&last, 0, sizeof(last));
	got = 0;
}

static void test_senders(void)
{
	on_signal(SIGUSR1, record, 0, 0);
	on_signal(SIGRTMIN, record, 0, 0);
	kill(getpid(), SIGUSR1);
	show("kill");
	syscall(SYS_tkill, gettid_(), SIGUSR1);
	show("tkill");
	syscall(SYS_tgkill, getpid(), gettid_(), SIGUSR1);
	show("tgkill");
	union sigval v = {.sival_int = 42};
	sigqueue(getpid(), SIGRTMIN, v);
	show("sigqueue");
	raise(SIGUSR1);
	show("raise");

	/* rt_sigqueueinfo keeps the first 48 bytes (struct kernel_siginfo):
	 * what lies beyond reaches the handler as zeros. */
	siginfo_t si;
	memset(&si, 0, sizeof(si));
	si.si_signo = SIGUSR2; /* overridden by the signal argument */
	si.si_code = SI_QUEUE;
	si.si_pid = 4242;
	si.si_uid = 77;
	si.si_value.sival_int = 7;
	memset((char *)&si + 64, 0x5a, sizeof(si) - 64);
	long r = syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR1, &si);
	int tail_zero = 1;
	for (size_t i = 64; i < sizeof(last); i++)
		tail_zero = tail_zero && ((unsigned char *)&last)[i] == 0;
	printf("rt_sigqueueinfo with a full tail: %s, tail delivered as zeros: %s\n", res(r),
	       yesno(tail_zero));
	printf("given pid kept: %s, uid %d\n", yesno(last.si_pid == 4242), last.si_uid);
	show("rt_sigqueueinfo");
	si.si_code = -42; /* a layout the kernel does not know */
	printf("unknown si_code with a tail: %s\n",
	       res(syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR1, &si)));
	memset((char *)&si + 48, 0, sizeof(si) - 48);
	printf("unknown si_code without: %s\n",
	       res(syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR1, &si)));
	show("code -42");
	si.si_code = SI_USER;
	printf("SI_USER to ourselves: %s\n",
	       res(syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR1, &si)));
	show("SI_USER");
	si.si_code = SI_KERNEL;
	printf("SI_KERNEL to ourselves: %s\n",
	       res(syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR1, &si)));
	show("SI_KERNEL");
	si.si_code = SI_QUEUE;
	printf("rt_tgsigqueueinfo: %s\n",
	       res(syscall(SYS_rt_tgsigqueueinfo, getpid(), gettid_(), SIGRTMIN, &si)));
	show("rt_tgsigqueueinfo");
	printf("rt_tgsigqueueinfo tid 0: %s\n",
	       res(syscall(SYS_rt_tgsigqueueinfo, getpid(), 0, SIGRTMIN, &si)));
	printf("rt_tgsigqueueinfo wrong tgid: %s\n",
	       res(syscall(SYS_rt_tgsigqueueinfo, getpid() + 100000, gettid_(), SIGRTMIN, &si)));
	printf("rt_sigqueueinfo signal 65: %s\n",
	       res(syscall(SYS_rt_sigqueueinfo, getpid(), 65, &si)));
	printf("rt_sigqueueinfo bad pointer: %s\n",
	       res(syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR1, (void *)8)));
	printf("rt_sigqueueinfo signal 0: %s (got %d)\n",
	       res(syscall(SYS_rt_sigqueueinfo, getpid(), 0, &si)), got);

	int pfd = (int)syscall(SYS_pidfd_open, getpid(), 0);
	printf("pidfd_send_signal: %s\n",
	       res(syscall(SYS_pidfd_send_signal, pfd, SIGUSR1, NULL, 0)));
	show("pidfd_send_signal");
	si.si_signo = SIGUSR1;
	si.si_code = SI_QUEUE;
	printf("pidfd_send_signal with info: %s\n",
	       res(syscall(SYS_pidfd_send_signal, pfd, SIGUSR1, &si, 0)));
	show("pidfd with info");
	printf("pidfd_send_signal info for another signal: %s\n",
	       res(syscall(SYS_pidfd_send_signal, pfd, SIGUSR2, &si, 0)));
	printf("pidfd_send_signal unknown flag: %s\n",
	       res(syscall(SYS_pidfd_send_signal, pfd, SIGUSR1, NULL, 0x80)));
	printf("pidfd_send_signal on stdin: %s\n",
	       res(syscall(SYS_pidfd_send_signal, 0, SIGUSR1, NULL, 0)));
	close(pfd);
}

/* From another thread: the si_code rule compares with the caller's tid. */
static void *thread_queue(void *arg)
{
	(void)arg;
	siginfo_t si;
	memset(&si, 0, sizeof(si));
	si.si_code = SI_USER;
	printf("thread: rt_sigqueueinfo SI_USER to its process: %s\n",
	       res(syscall(SYS_rt_sigqueueinfo, getpid(), SIGUSR1, &si)));
	printf("thread: rt_tgsigqueueinfo SI_USER to itself: %s\n",
	       res(syscall(SYS_rt_tgsigqueueinfo, getpid(), gettid_(), SIGUSR1, &si)));
	show("thread's own");
	return NULL;
}

static void test_other_processes(void)
{
	int p[2];
	pipe(p);
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		pipe_wait(p[0]);
		_exit(0);
	}
	siginfo_t si;
	memset(&si, 0, sizeof(si));
	si.si_code = SI_USER;
	printf("SI_USER to a child: %s\n", res(syscall(SYS_rt_sigqueueinfo, c, SIGUSR1, &si)));
	si.si_code = SI_TKILL;
	printf("SI_TKILL to a child: %s\n", res(syscall(SYS_rt_sigqueueinfo, c, SIGUSR1, &si)));
	si.si_code = 1;
	printf("a positive code to a child: %s\n",
	       res(syscall(SYS_rt_sigqueueinfo, c, SIGUSR1, &si)));
	printf("signal 0 with SI_QUEUE: %s\n", res(sigqueue(c, 0, (union sigval){0})));
	pipe_post(p[1]);
	waitpid(c, NULL, 0);
	close(p[0]);
	close(p[1]);
	pthread_t th;
	pthread_create(&th, NULL, thread_queue, NULL);
	pthread_join(th, NULL);
}

static void test_sigchld(void)
{
	on_signal(SIGCHLD, record, 0, 0);
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGCHLD);
	sigprocmask(SIG_BLOCK, &s, NULL);
	struct rlimit rl = {0, 0};
	setrlimit(RLIMIT_CORE, &rl);
	fflush(stdout);
	pid_t c = fork();
	if (c == 0)
		_exit(3);
	siginfo_t wi;
	waitid(P_PID, c, &wi, WEXITED | WNOWAIT);
	sigprocmask(SIG_UNBLOCK, &s, NULL);
	printf("child pid matches: %s, status %d\n", yesno(last.si_pid == c), last.si_status);
	show("SIGCHLD exit");
	waitpid(c, NULL, 0);
	int sigs[] = {SIGTERM, SIGQUIT};
	for (int i = 0; i < 2; i++) {
		sigprocmask(SIG_BLOCK, &s, NULL);
		c = fork();
		if (c == 0) {
			raise(sigs[i]);
			_exit(0);
		}
		waitid(P_PID, c, &wi, WEXITED | WNOWAIT);
		sigprocmask(SIG_UNBLOCK, &s, NULL);
		printf("child killed by %d: code %d status %d pid matches %s\n", sigs[i],
		       last.si_code, last.si_status, yesno(last.si_pid == c));
		show("SIGCHLD kill");
		waitpid(c, NULL, 0);
	}
	set_disposition(SIGCHLD, SIG_DFL);
}

static void test_sigpipe(void)
{
	on_signal(SIGPIPE, record, 0, 0);
	int p[2];
	pipe(p);
	close(p[0]);
	long r = write(p[1], "x", 1);
	printf("write to a pipe without readers: %s\n", res(r));
	show("SIGPIPE");
	close(p[1]);
	set_disposition(SIGPIPE, SIG_DFL);
}

/* --- faults --------------------------------------------------------------- */

/* Read by the handler: volatile, so that stores are not moved past the
 * faulting instructions. */
static char *volatile page;
static volatile int fault_fd;
static volatile int repair; /* 1: mprotect the page, 2: grow the file, 0: skip */
static volatile int skip_len;

static void fault_handler(int sig, siginfo_t *si, void *ucv)
{
	ucontext_t *uc = ucv;
	record(sig, si, ucv);
	note("%d code %d addr %s errno %d, trapno %lld err %lld cr2 %s", sig, si->si_code,
	     si->si_addr == NULL	   ? "0"
	     : (char *)si->si_addr == page ? "the page"
					   : "elsewhere",
	     si->si_errno, (long long)uc->uc_mcontext.gregs[REG_TRAPNO],
	     (long long)uc->uc_mcontext.gregs[REG_ERR],
	     uc->uc_mcontext.gregs[REG_CR2] == (long long)(uintptr_t)si->si_addr ? "= addr"
										 : "other");
	if (repair == 1)
		mprotect(page, 4096, PROT_READ | PROT_WRITE);
	else if (repair == 2)
		ftruncate(fault_fd, 8192);
	else
		uc->uc_mcontext.gregs[REG_RIP] += skip_len;
}

static void fault(const char *what)
{
	printf("%s: ", what);
	flush_notes();
	printf("\n");
	got = 0;
}

static void test_faults(void)
{
	for (int s = SIGILL; s <= SIGSEGV; s++)
		if (s != SIGKILL && s != SIGUSR1)
			on_signal(s, fault_handler, 0, 0);
	on_signal(SIGTRAP, fault_handler, 0, 0);

	page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	repair = 1;
	((volatile char *)page)[0] = 1;
	fault("write to a read-only page, handler mprotects it");
	printf("the write happened: %d\n", page[0]);

	mprotect(page, 4096, PROT_NONE);
	repair = 1;
	printf("read of a PROT_NONE page gives %d: ", ((volatile char *)page)[0]);
	fault("");

	munmap(page, 4096);
	repair = 0;
	skip_len = 3;
	__asm__ volatile("mov (%0), %%al\n nop" ::"r"(page) : "rax", "memory"); /* 8a 00 90 */
	fault("read of an unmapped page");

	skip_len = 1;
	__asm__ volatile("hlt" ::: "memory");
	fault("hlt");
	skip_len = 3;
	__asm__ volatile("movabs $0x8000000000000000, %%rax\n mov (%%rax), %%al\n nop" ::
			     : "rax", "memory");
	fault("non-canonical address");

	fault_fd = (int)syscall(SYS_memfd_create, "f", 0);
	ftruncate(fault_fd, 4096);
	char *f = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fault_fd, 0);
	page = f + 4096;
	repair = 2;
	int got_byte = ((volatile char *)f)[4096];
	fault("read past the end of a file, handler grows it");
	printf("the read happened: %d\n", got_byte);

	repair = 0;
	skip_len = 2;
	int q = 0;
	__asm__ volatile("mov $1, %%eax\n xor %%edx, %%edx\n xor %%ecx, %%ecx\n"
			 "div %%ecx\n" /* f7 f1 */
			 "mov %%eax, %0"
			 : "=r"(q)
			 :
			 : "rax", "rcx", "rdx");
	fault("divide by zero");
	skip_len = 2;
	__asm__ volatile("ud2" ::: "memory");
	fault("ud2");
	skip_len = 0;
	__asm__ volatile("int3" ::: "memory");
	fault("int3");
	(void)q;
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	test_senders();
	test_other_processes();
	test_sigchld();
	test_sigpipe();
	test_faults();
	return 0;
}
