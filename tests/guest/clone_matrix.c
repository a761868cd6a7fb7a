/* The clone matrix: for every valid combination of the sharing flags
 * (CLONE_VM, CLONE_FS, CLONE_FILES, CLONE_SIGHAND, CLONE_THREAD), CLONE_VFORK,
 * CLONE_PARENT and the tid/TLS flags (CLONE_SETTLS, CLONE_PARENT_SETTID,
 * CLONE_CHILD_SETTID, CLONE_CHILD_CLEARTID), a raw clone (argument "clone")
 * or clone3 (argument "clone3") starts a child on its own stack that probes
 * what it shares: a memory write, chdir, umask, dup and close of fds,
 * sigaction, its ids and %fs base.  One fingerprint line per combination.
 *
 * Each combination runs in a fresh process R forked by main, so that the
 * child's changes cannot leak into the next one; with CLONE_PARENT the
 * child is R's sibling and main reaps it.  The child uses raw system calls
 * only (no libc, no TLS).  Without CLONE_VFORK it first waits for R's "go"
 * byte, so R sees it unstarted; with CLONE_VFORK its report must be there
 * before clone returns in R. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* <linux/futex.h>, which musl-gcc cannot see */
#define FUTEX_WAIT	   0
#define FUTEX_WAKE	   1
#define FUTEX_PRIVATE_FLAG 128

#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x1000
#endif
#define ARCH_GET_FS 0x1003
#define STACK_SIZE  (64 * 1024)

struct clone_args3 {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
};

/* What the child saw and did, written to R through a pipe. */
struct report {
	long pid, tid, ppid;
	unsigned long fsbase;
	int ctid_seen, ptid_seen; /* the tid words when the child started */
	long dupfd;
};

/* What the child needs; in R's memory (copied for a child without CLONE_VM). */
struct cargs {
	unsigned long flags;
	int go_fd, rep_fd, close_fd;
	const char *dir;
	volatile int *ctid, *ptid;
};

static volatile int mem_probe;

static inline long rsys(long n, long a, long b, long c, long d)
{
	register long r10 __asm__("r10") = d;
	long ret;
	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "0"(n), "D"(a), "S"(b), "d"(c), "r"(r10)
			 : "rcx", "r11", "memory");
	return ret;
}

/* raw_clone(flags, stack_top, ptid, ctid, tls, fn, arg): the child calls
 * fn(arg) on the new stack and exits with its result. */
long raw_clone(unsigned long flags, void *stack, volatile int *ptid, volatile int *ctid,
	       unsigned long tls, int (*fn)(void *), void *arg);
__asm__(".text\n"
	".globl raw_clone\n"
	"raw_clone:\n"
	"	mov 8(%rsp), %rax\n"
	"	sub $16, %rsi\n"
	"	mov %rax, 8(%rsi)\n"
	"	mov %r9, 0(%rsi)\n"
	"	mov %rcx, %r10\n"
	"	mov $56, %eax\n"
	"	syscall\n"
	"	test %rax, %rax\n"
	"	jnz 1f\n"
	"	pop %rax\n"
	"	pop %rdi\n"
	"	xor %ebp, %ebp\n"
	"	call *%rax\n"
	"	mov %eax, %edi\n"
	"	mov $60, %eax\n"
	"	syscall\n"
	"	hlt\n"
	"1:	ret\n");

/* raw_clone3(args, size): fn and arg must sit at stack + stack_size, where
 * the child's stack pointer starts. */
long raw_clone3(struct clone_args3 *args, size_t size);
__asm__(".text\n"
	".globl raw_clone3\n"
	"raw_clone3:\n"
	"	mov $435, %eax\n"
	"	syscall\n"
	"	test %rax, %rax\n"
	"	jnz 1f\n"
	"	pop %rax\n"
	"	pop %rdi\n"
	"	xor %ebp, %ebp\n"
	"	call *%rax\n"
	"	mov %eax, %edi\n"
	"	mov $60, %eax\n"
	"	syscall\n"
	"	hlt\n"
	"1:	ret\n");

struct ksigaction {
	unsigned long handler, flags, restorer, mask;
};

static int child_fn(void *p)
{
	const struct cargs *a = p;
	struct report r;
	r.ctid_seen = *a->ctid;
	r.ptid_seen = *a->ptid;
	if (!(a->flags & CLONE_VFORK)) {
		char c;
		rsys(SYS_read, a->go_fd, (long)&c, 1, 0);
	}
	mem_probe = 1;
	rsys(SYS_chdir, (long)a->dir, 0, 0, 0);
	rsys(SYS_umask, 077, 0, 0, 0);
	r.dupfd = rsys(SYS_dup, 1, 0, 0, 0);
	rsys(SYS_close, a->close_fd, 0, 0, 0);
	struct ksigaction ign = {.handler = (unsigned long)SIG_IGN};
	rsys(SYS_rt_sigaction, SIGUSR2, (long)&ign, 0, 8);
	r.pid = rsys(SYS_getpid, 0, 0, 0, 0);
	r.tid = rsys(SYS_gettid, 0, 0, 0, 0);
	r.ppid = rsys(SYS_getppid, 0, 0, 0, 0);
	r.fsbase = 0;
	rsys(SYS_arch_prctl, ARCH_GET_FS, (long)&r.fsbase, 0, 0);
	rsys(SYS_write, a->rep_fd, (long)&r, sizeof(r), 0);
	return 7;
}

static const struct {
	unsigned long flag;
	const char *name;
} names[] = {
    {CLONE_VM, "VM"},
    {CLONE_FS, "FS"},
    {CLONE_FILES, "FILES"},
    {CLONE_SIGHAND, "SIGHAND"},
    {CLONE_THREAD, "THREAD"},
    {CLONE_VFORK, "VFORK"},
    {CLONE_PARENT, "PARENT"},
    {CLONE_SETTLS, "SETTLS"},
    {CLONE_PARENT_SETTID, "PSETTID"},
    {CLONE_CHILD_SETTID, "CSETTID"},
    {CLONE_CHILD_CLEARTID, "CCLEARTID"},
};

static const char *yesno(int b)
{
	return b ? "yes" : "no";
}

static int use_clone3;
static char tmpdir[64] = "/tmp/sbx-clone-XXXXXX";
static char startdir[4096];
static unsigned long fake_tcb[64];

static void sigusr2_handler(int sig)
{
	(void)sig;
}

/* R: run one combination and write its fingerprint line to @out. */
static void run_one(unsigned long flags, int out)
{
	char line[1024];
	int n = 0;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (flags & names[i].flag)
			n += snprintf(line + n, sizeof(line) - n, "%s%s", n ? "|" : "",
				      names[i].name);
	}
	if (!n)
		n += snprintf(line, sizeof(line), "0");
	n += snprintf(line + n, sizeof(line) - n, ":");

	int go[2], rep[2];
	if (pipe(go) < 0 || pipe(rep) < 0)
		_exit(90);
	int close_fd = dup(1);
	struct sigaction sa = {.sa_handler = sigusr2_handler};
	sigaction(SIGUSR2, &sa, NULL);
	umask(022);
	mem_probe = 0;
	static volatile int ctid, ptid;
	ctid = -1;
	ptid = -1;
	char *stack =
	    mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (stack == MAP_FAILED)
		_exit(91);
	unsigned long my_fs = 0;
	syscall(SYS_arch_prctl, ARCH_GET_FS, &my_fs);
	/* A TLS block for CLONE_SETTLS: the start of ours, pointing to itself. */
	for (int i = 1; i < 8; i++)
		fake_tcb[i] = ((unsigned long *)my_fs)[i];
	fake_tcb[0] = (unsigned long)fake_tcb;
	struct cargs ca = {
	    .flags = flags,
	    .go_fd = go[0],
	    .rep_fd = rep[1],
	    .close_fd = close_fd,
	    .dir = tmpdir,
	    .ctid = &ctid,
	    .ptid = &ptid,
	};
	long pid;
	if (use_clone3) {
		char *top = stack + STACK_SIZE - 16;
		((unsigned long *)top)[0] = (unsigned long)child_fn;
		((unsigned long *)top)[1] = (unsigned long)&ca;
		struct clone_args3 args = {
		    .flags = flags,
		    .child_tid = (uint64_t)(uintptr_t)&ctid,
		    .parent_tid = (uint64_t)(uintptr_t)&ptid,
		    .exit_signal = (flags & (CLONE_THREAD | CLONE_PARENT)) ? 0 : SIGCHLD,
		    .stack = (uint64_t)(uintptr_t)stack,
		    .stack_size = STACK_SIZE - 16,
		    .tls = (uint64_t)(uintptr_t)fake_tcb,
		};
		pid = raw_clone3(&args, sizeof(args));
	} else {
		pid = raw_clone(flags | SIGCHLD, stack + STACK_SIZE, &ptid, &ctid,
				(unsigned long)fake_tcb, child_fn, &ca);
	}
	if (pid < 0) {
		n += snprintf(line + n, sizeof(line) - n, " clone failed: %s\n", strerror(-pid));
		write(out, line, n);
		_exit(0);
	}
	/* Is the report there already?  (A non-blocking read, not poll.) */
	struct report r;
	fcntl(rep[0], F_SETFL, O_NONBLOCK);
	ssize_t got = read(rep[0], &r, sizeof(r));
	int early = got == sizeof(r);
	fcntl(rep[0], F_SETFL, 0);
	write(go[1], "g", 1);
	if (!early && read(rep[0], &r, sizeof(r)) != sizeof(r)) {
		n += snprintf(line + n, sizeof(line) - n, " no report\n");
		write(out, line, n);
		_exit(0);
	}
	/* Wait for the child's end where it can be seen: the cleared tid word
	 * (shared memory), or wait4 for our own non-thread child. */
	if ((flags & CLONE_VM) && (flags & CLONE_CHILD_CLEARTID)) {
		while (ctid != 0)
			syscall(SYS_futex, &ctid, FUTEX_WAIT, ctid, NULL, NULL, 0);
	}
	char status[64] = "none";
	if (!(flags & (CLONE_THREAD | CLONE_PARENT))) {
		int st;
		long w = waitpid((pid_t)pid, &st, __WALL);
		if (w != pid)
			snprintf(status, sizeof(status), "wait: %s", strerror(errno));
		else if (WIFEXITED(st))
			snprintf(status, sizeof(status), "exited %d", WEXITSTATUS(st));
		else
			snprintf(status, sizeof(status), "status %#x", st);
	}

	char cwd[4096];
	int fs_shared = getcwd(cwd, sizeof(cwd)) && strcmp(cwd, tmpdir) == 0;
	mode_t um = umask(022);
	int dup_here = fcntl((int)r.dupfd, F_GETFD) >= 0;
	int closed_here = fcntl(close_fd, F_GETFD) < 0;
	struct sigaction cur;
	sigaction(SIGUSR2, NULL, &cur);
	int sig_shared = cur.sa_handler == SIG_IGN;
	pid_t me = getpid(), myppid = getppid();
	const char *tls = r.fsbase == (unsigned long)fake_tcb ? "new"
			  : r.fsbase == my_fs		      ? "inherited"
							      : "other";
	const char *ctid_now = ctid == -1      ? "initial"
			       : ctid == 0     ? "zero"
			       : ctid == r.tid ? "tid"
					       : "other";
	n += snprintf(line + n, sizeof(line) - n,
		      " mem %s, cwd %s, umask %s (%03o), fds %s/%s, sigaction %s;"
		      " pid==parent %s, tid==pid %s, ppid==parent %s, ppid==grandparent %s,"
		      " ret==tid %s; tls %s; ptid child %s parent %s; ctid child %s parent %s;"
		      " done before clone returned %s; status %s",
		      mem_probe ? "shared" : "private", fs_shared ? "shared" : "private",
		      um == 077 ? "shared" : "private", (unsigned)um, yesno(dup_here),
		      yesno(closed_here), sig_shared ? "shared" : "private", yesno(r.pid == me),
		      yesno(r.tid == r.pid), yesno(r.ppid == me), yesno(r.ppid == myppid),
		      yesno(pid == r.tid), tls,
		      r.ptid_seen == -1	     ? "initial"
		      : r.ptid_seen == r.tid ? "tid"
					     : "other",
		      ptid == -1      ? "initial"
		      : ptid == r.tid ? "tid"
				      : "other",
		      r.ctid_seen == -1	     ? "initial"
		      : r.ctid_seen == r.tid ? "tid"
					     : "other",
		      ctid_now, yesno(early), status);
	if (n >= (int)sizeof(line) - 1)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	write(out, line, n);
	_exit(0);
}

int main(int argc, char **argv)
{
	use_clone3 = argc > 1 && strcmp(argv[1], "clone3") == 0;
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!getcwd(startdir, sizeof(startdir)))
		return 1;
	/* The directory a child changes to (any other than ours will do
	 * where mkdir is missing). */
	if (!mkdtemp(tmpdir))
		strcpy(tmpdir, "/");
	char real[4096];
	if (strcmp(tmpdir, "/") != 0 && realpath(tmpdir, real) && strlen(real) < sizeof(tmpdir))
		strcpy(tmpdir, real);
	const unsigned long chains[] = {0, CLONE_VM, CLONE_VM | CLONE_SIGHAND,
					CLONE_VM | CLONE_SIGHAND | CLONE_THREAD};
	const unsigned long others[] = {
	    CLONE_FS,	  CLONE_FILES,	       CLONE_VFORK,	   CLONE_PARENT,
	    CLONE_SETTLS, CLONE_PARENT_SETTID, CLONE_CHILD_SETTID, CLONE_CHILD_CLEARTID};
	const int nothers = sizeof(others) / sizeof(others[0]);
	int bad = 0;
	for (int c = 0; c < 4; c++) {
		for (int m = 0; m < (1 << nothers); m++) {
			unsigned long flags = chains[c];
			for (int i = 0; i < nothers; i++)
				if (m & (1 << i))
					flags |= others[i];
			int lp[2];
			if (pipe(lp) < 0)
				return 1;
			pid_t r = fork();
			if (r < 0)
				return 1;
			if (r == 0) {
				close(lp[0]);
				run_one(flags, lp[1]);
			}
			close(lp[1]);
			char line[1100];
			size_t len = 0;
			ssize_t k;
			while (len < sizeof(line) - 1 &&
			       (k = read(lp[0], line + len, sizeof(line) - 1 - len)) > 0)
				len += (size_t)k;
			close(lp[0]);
			int st;
			if (waitpid(r, &st, 0) != r || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
				printf("runner for %#lx failed (%#x)\n", flags, st);
				bad = 1;
			}
			if (len && line[len - 1] == '\n')
				len--;
			line[len] = '\0';
			/* With CLONE_PARENT the child is our child: reap it. */
			if ((flags & CLONE_PARENT) && !(flags & CLONE_THREAD)) {
				pid_t s = waitpid(-1, &st, __WALL);
				printf("%s; sibling reaped by grandparent %s, %s %d\n", line,
				       yesno(s > 0), s > 0 && WIFEXITED(st) ? "exited" : "status",
				       s > 0 && WIFEXITED(st) ? WEXITSTATUS(st) : st);
			} else {
				printf("%s\n", line);
			}
		}
	}
	errno = 0;
	printf("no child left: %s\n",
	       yesno(waitpid(-1, NULL, __WALL | WNOHANG) < 0 && errno == ECHILD));
	if (strcmp(tmpdir, "/") != 0)
		rmdir(tmpdir);
	return bad;
}
