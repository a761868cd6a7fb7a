//! args: 100000 1
//! asan: yes
/* A random-syscall guest: seeded random system calls with random and
 * boundary arguments, forking and threading as it goes.  It exists to be run
 * under sbx (never natively: it would call kill, unlink, truncate and
 * friends on the real system); the sentry must survive it without a crash,
 * a sanitizer report or a leaked host process.
 *
 *   syscall_fuzz [CALLS [SEED]]     (default 100000 calls, seed 1)
 *
 * The calls are issued by worker processes that the first process (the
 * keeper) forks one after another: a worker that kills or wedges itself is
 * replaced, so the count is always reached.  Workers report their progress
 * in a shared page; one that makes none for a while is killed.  The keeper
 * exits 0 once CALLS calls were made, printing only the count. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_NR 460 /* beyond the last x86-64 syscall number */

struct shared {
	volatile uint64_t calls; /* made so far, by every worker */
	volatile uint64_t beat;	 /* bumped by the worker on every call */
	uint64_t target;
};

static struct shared *sh;
static uint64_t rng;
static char *buf;  /* a private buffer the pointers point into */
static char *gone; /* an address with nothing mapped */
static char *ro;   /* a read-only page */
static const size_t BUF = 1 << 16;

static uint64_t next(void)
{
	/* xorshift64*: enough for choosing arguments */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 2685821657736338717ULL;
}

static uint64_t pick(uint64_t n)
{
	return n ? next() % n : 0;
}

static const char *paths[] = {
    "/",
    "/tmp",
    "/tmp/fz",
    "/tmp/fz/a",
    "/proc/self/mem",
    "/proc/self",
    "/proc/1/root",
    "/dev/null",
    "/dev/zero",
    "/etc/passwd",
    "..",
    "../../../..",
    "/proc/self/fd/0",
    "/proc/self/exe",
    "fz",
    "/dev/shm/x",
    "/tmp/fz/lnk",
    "",
    "/sys",
    "/proc/self/cwd/x",
};

static uint64_t arg_ptr(void)
{
	switch (pick(10)) {
	case 0:
		return 0;
	case 1:
		return (uint64_t)gone;
	case 2:
		return (uint64_t)ro;
	case 3:
		return 0x7fc000000000ULL + pick(0x20000); /* sbx's stub, if there */
	case 4:
		return 0xffff800000000000ULL;
	case 5:
		return (uint64_t)(buf + BUF - pick(16)); /* runs off the end */
	case 6:
		return (uint64_t)paths[pick(sizeof(paths) / sizeof(paths[0]))];
	default:
		return (uint64_t)(buf + pick(BUF));
	}
}

static uint64_t arg_any(void)
{
	switch (pick(12)) {
	case 0:
		return 0;
	case 1:
		return 1;
	case 2:
		return (uint64_t)-1;
	case 3:
		return pick(64);
	case 4:
		return 1ULL << pick(64);
	case 5:
		return next(); /* every flag bit */
	case 6:
		return 4096;
	case 7:
		return (uint64_t)INT_MAX + pick(3);
	case 8:
		return (uint64_t)(int64_t)-100; /* AT_FDCWD */
	case 9:
		return pick(12); /* a likely fd */
	default:
		return arg_ptr();
	}
}

/* Calls a worker must not make on itself with random arguments, or only
 * with a safe first argument: those that would end or freeze the worker at
 * once (its replacement would make the same choice forever), reach beyond
 * the sandbox's processes the keeper needs, or stop the run. */
static int choose_nr(uint64_t a[6])
{
	for (;;) {
		int nr = (int)pick(MAX_NR);
		switch (nr) {
		case SYS_exit:
		case SYS_exit_group:
		case SYS_rt_sigreturn:
		case SYS_vfork:
		case SYS_pause:
		case SYS_rt_sigsuspend:
		case SYS_execve:
		case SYS_execveat:
		case SYS_reboot:
			continue;
		case SYS_kill:
		case SYS_tkill:
			a[0] = (uint64_t)getpid();
			return nr;
		case SYS_tgkill:
		case SYS_rt_tgsigqueueinfo:
		case SYS_kcmp:
			a[0] = a[1] = (uint64_t)getpid();
			return nr;
		case SYS_rt_sigqueueinfo:
		case SYS_process_vm_readv:
		case SYS_process_vm_writev:
		case SYS_pidfd_open:
			a[0] = (uint64_t)getpid(); /* not the keeper */
			return nr;
		case SYS_clone:
		case SYS_clone3:
		case SYS_fork:
			continue; /* done by hand below, with a stack */
		case SYS_munmap:
		case SYS_mremap:
		case SYS_mprotect:
		case SYS_madvise:
		case SYS_mmap:
			/* only over the private buffer or fresh space: the worker's
			 * own code and stack must stay */
			if (a[0] && (a[0] < (uint64_t)buf || a[0] >= (uint64_t)buf + BUF))
				a[0] = (uint64_t)buf + (pick(BUF) & ~4095ULL);
			if (nr == SYS_mmap)
				a[3] &= ~(uint64_t)MAP_FIXED_NOREPLACE;
			if (nr == SYS_mmap && (a[3] & MAP_FIXED) && a[0] < (uint64_t)buf)
				a[3] &= ~(uint64_t)MAP_FIXED;
			return nr;
		case SYS_prctl:
			if (a[0] == PR_SET_SECCOMP)
				continue;
			return nr;
		case SYS_seccomp:
		case SYS_ptrace:
		case SYS_setrlimit:
		case SYS_prlimit64:
		case SYS_close_range:
		case SYS_dup2:
		case SYS_dup3:
		case SYS_close:
			/* keep fds 0-2 and the limits the worker needs */
			if (nr == SYS_close && a[0] <= 2)
				continue;
			if ((nr == SYS_dup2 || nr == SYS_dup3) && a[1] <= 2)
				continue;
			if (nr == SYS_close_range || nr == SYS_seccomp || nr == SYS_setrlimit ||
			    nr == SYS_prlimit64)
				continue;
			return nr;
		default:
			return nr;
		}
	}
}

static void *thread_fn(void *p)
{
	(void)p;
	for (int i = 0; i < 20; i++)
		syscall(SYS_getpid), sched_yield();
	return NULL;
}

static void alarm_handler(int sig)
{
	(void)sig; /* interrupts a blocked call */
}

static _Noreturn void worker(uint64_t seed)
{
	rng = seed * 0x9E3779B97F4A7C15ULL + 1;
	buf = mmap(NULL, BUF, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	gone = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED || ro == MAP_FAILED || gone == MAP_FAILED)
		_exit(1);
	munmap(gone, 4096);
	for (size_t i = 0; i < BUF; i++)
		buf[i] = (char)next();
	strcpy(buf, "/tmp/fz/b");
	mkdir("/tmp/fz", 0777);
	/* A blocked call is cut short by a periodic signal. */
	struct sigaction sa = {.sa_handler = alarm_handler};
	sigaction(SIGALRM, &sa, NULL);
	struct itimerval it = {{0, 20000}, {0, 20000}};
	setitimer(ITIMER_REAL, &it, NULL);

	long budget = -1; /* calls left in a forked child, -1: unlimited */
	while (sh->calls < sh->target && budget != 0) {
		if (budget > 0)
			budget--;
		uint64_t a[6];
		for (int i = 0; i < 6; i++)
			a[i] = arg_any();
		int nr = choose_nr(a);
		__atomic_add_fetch(&sh->calls, 1, __ATOMIC_RELAXED);
		sh->beat++;
		switch (pick(200)) {
		case 0: {
			/* A child goes on for a while with other choices. */
			pid_t c = fork();
			if (c == 0) {
				rng = next() | 1;
				budget = 300;
				continue;
			}
			if (c > 0)
				waitpid(c, NULL, 0);
			continue;
		}
		case 1: {
			pthread_t th;
			if (pthread_create(&th, NULL, thread_fn, NULL) == 0)
				pthread_join(th, NULL);
			continue;
		}
		default:
			break;
		}
		syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		/* Keep the signals the worker relies on usable. */
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
	}
	_exit(0);
}

int main(int argc, char **argv)
{
	uint64_t target = argc > 1 ? strtoull(argv[1], NULL, 0) : 100000;
	uint64_t seed = argc > 2 ? strtoull(argv[2], NULL, 0) : 1;
	struct utsname u;
	if (uname(&u) < 0 || !strstr(u.release, "sbx")) {
		fprintf(stderr, "syscall_fuzz: runs only inside sbx (sbx run %s)\n", argv[0]);
		return 2;
	}
	/* Between guard pages: a worker's stray write must not hit it. */
	char *g = mmap(NULL, 3 * 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (g == MAP_FAILED)
		return 1;
	sh = mmap(g + 4096, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED,
		  -1, 0);
	if (sh == MAP_FAILED)
		return 1;
	sh->target = target;
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	/* Opened once: a worker may well unlink /dev/null. */
	int null = open("/dev/null", O_RDWR);
	/* The keeper must outlive what the workers send it. */
	for (int s = 1; s < 32; s++)
		if (s != SIGKILL && s != SIGSTOP && s != SIGCHLD)
			signal(s, SIG_IGN);
	uint64_t workers = 0;
	while (sh->calls < target) {
		pid_t w = fork();
		if (w < 0)
			return 1;
		if (w == 0) {
			setpgid(0, 0);
			dup2(null, 0), dup2(null, 1), dup2(null, 2);
			for (int s = 1; s < 32; s++)
				signal(s, SIG_DFL);
			worker(seed + workers);
		}
		workers++;
		/* Wait for it, killing it if it makes no progress. */
		uint64_t last = sh->beat;
		int idle = 0;
		for (;;) {
			int st;
			pid_t r = waitpid(w, &st, WNOHANG);
			if (r == w)
				break;
			struct timespec ts = {0, 50 * 1000 * 1000};
			nanosleep(&ts, NULL);
			if (sh->beat != last) {
				last = sh->beat;
				idle = 0;
			} else if (++idle == 20) {
				kill(-w, SIGKILL);
				kill(w, SIGKILL);
			} else if (idle > 20 && idle % 20 == 0) {
				kill(w, SIGCONT);
			}
		}
		/* Reap what the workers left (they were re-parented to us). */
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		kill(-w, SIGKILL);
	}
	kill(-1, SIGKILL); /* whatever escaped its worker's group */
	while (waitpid(-1, NULL, 0) > 0)
		;
	printf("%llu calls by %llu workers\n", (unsigned long long)sh->calls,
	       (unsigned long long)workers);
	return 0;
}
