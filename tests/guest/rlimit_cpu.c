//! libc: glibc musl
/* RLIMIT_CPU: past the soft limit a process gets SIGXCPU once a second of
 * CPU time, and getrlimit shows the soft limit moved a second on each time;
 * at the hard limit SIGKILL, whatever it does with SIGXCPU.  A child spins
 * with a soft limit of 1 s and a hard one of 2 s, reporting through a pipe
 * what its handler saw. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static int report;

static void on_xcpu(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	struct rlimit r;
	getrlimit(RLIMIT_CPU, &r);
	char line[128];
	int n = snprintf(line, sizeof(line), "SIGXCPU %d, si_code %s, soft limit now %ld s, hard %ld s\n",
			 sig, si->si_code == SI_KERNEL ? "SI_KERNEL" : "other", (long)r.rlim_cur,
			 (long)r.rlim_max);
	write(report, line, (size_t)n);
}

int main(void)
{
	int p[2];
	pipe(p);
	pid_t c = fork();
	if (c == 0) {
		close(p[0]);
		report = p[1];
		struct sigaction sa;
		memset(&sa, 0, sizeof(sa));
		sa.sa_sigaction = on_xcpu;
		sa.sa_flags = SA_SIGINFO;
		sigaction(SIGXCPU, &sa, NULL);
		struct rlimit r = {1, 2};
		if (setrlimit(RLIMIT_CPU, &r) != 0)
			_exit(1);
		for (volatile unsigned long i = 0;; i++)
			;
	}
	close(p[1]);
	char buf[1024];
	size_t got = 0;
	long n;
	while ((n = read(p[0], buf + got, sizeof(buf) - 1 - got)) > 0)
		got += (size_t)n;
	buf[got] = '\0';
	int st;
	waitpid(c, &st, 0);
	fputs(buf, stdout);
	if (WIFSIGNALED(st))
		printf("child killed by signal %d\n", WTERMSIG(st));
	else
		printf("child exited with %d\n", WEXITSTATUS(st));
	/* Without a handler, SIGXCPU's default action kills (with a core). */
	c = fork();
	if (c == 0) {
		struct rlimit r = {1, RLIM_INFINITY};
		setrlimit(RLIMIT_CPU, &r);
		for (volatile unsigned long i = 0;; i++)
			;
	}
	waitpid(c, &st, 0);
	printf("no handler: killed by signal %d\n", WIFSIGNALED(st) ? WTERMSIG(st) : 0);
	return 0;
}
