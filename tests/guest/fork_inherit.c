/* What a forked child inherits and what starts afresh: the signal mask,
 * dispositions and alternate stack are inherited; pending signals,
 * interval timers, the parent-death signal and the child-subreaper flag
 * are not; umask, the working directory, rlimits and the name (comm) are
 * inherited.  The child checks
 * and reports through its exit status and a pipe. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static void on_usr1(int sig)
{
	(void)sig;
}

static const char *yesno(int b)
{
	return b ? "yes" : "no";
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR2);
	sigaddset(&s, SIGTERM);
	sigprocmask(SIG_BLOCK, &s, NULL);
	raise(SIGTERM); /* pending in the parent */
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGHUP, SIG_IGN);
	static char altstack[65536];
	stack_t ss = {.ss_sp = altstack, .ss_size = sizeof(altstack)};
	sigaltstack(&ss, NULL);
	struct itimerval it = {{10, 0}, {10, 0}};
	setitimer(ITIMER_REAL, &it, NULL);
	prctl(PR_SET_PDEATHSIG, SIGUSR2);
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	prctl(PR_SET_NAME, "inherit-test");
	umask(027);
	chdir("/");
	struct rlimit rl;
	getrlimit(RLIMIT_NOFILE, &rl);
	rl.rlim_cur = 200;
	setrlimit(RLIMIT_NOFILE, &rl);

	int p[2];
	pipe(p);
	pid_t c = fork();
	if (c == 0) {
		char out[1024];
		int n = 0;
		sigset_t m, pend;
		sigprocmask(SIG_BLOCK, NULL, &m);
		sigpending(&pend);
		struct sigaction a1, a2;
		sigaction(SIGUSR1, NULL, &a1);
		sigaction(SIGHUP, NULL, &a2);
		stack_t cur;
		sigaltstack(NULL, &cur);
		struct itimerval ci;
		getitimer(ITIMER_REAL, &ci);
		int pdeath = -1, subreaper = -1;
		prctl(PR_GET_PDEATHSIG, &pdeath);
		prctl(PR_GET_CHILD_SUBREAPER, &subreaper);
		char comm[16] = "";
		prctl(PR_GET_NAME, comm);
		mode_t um = umask(0);
		char cwd[256];
		struct rlimit crl;
		getrlimit(RLIMIT_NOFILE, &crl);
		n += snprintf(out + n, sizeof(out) - n, "mask kept: %s\n",
			      yesno(sigismember(&m, SIGUSR2) && sigismember(&m, SIGTERM)));
		n += snprintf(out + n, sizeof(out) - n, "pending SIGTERM not inherited: %s\n",
			      yesno(!sigismember(&pend, SIGTERM)));
		n += snprintf(out + n, sizeof(out) - n,
			      "handler kept: %s (SA_RESTART %s), SIG_IGN kept: %s\n",
			      yesno(a1.sa_handler == on_usr1), yesno(a1.sa_flags & SA_RESTART),
			      yesno(a2.sa_handler == SIG_IGN));
		n += snprintf(out + n, sizeof(out) - n, "sigaltstack kept: %s\n",
			      yesno(cur.ss_sp == altstack && cur.ss_size == sizeof(altstack) &&
				    cur.ss_flags == 0));
		n += snprintf(out + n, sizeof(out) - n, "ITIMER_REAL cleared: %s\n",
			      yesno(ci.it_value.tv_sec == 0 && ci.it_value.tv_usec == 0 &&
				    ci.it_interval.tv_sec == 0));
		n += snprintf(out + n, sizeof(out) - n, "parent-death signal cleared: %s\n",
			      yesno(pdeath == 0));
		n += snprintf(out + n, sizeof(out) - n, "subreaper flag cleared: %s\n",
			      yesno(subreaper == 0));
		n += snprintf(out + n, sizeof(out) - n, "comm: %s\n", comm);
		n += snprintf(out + n, sizeof(out) - n, "umask: %03o, cwd: %s, NOFILE: %lu\n",
			      (unsigned)um, getcwd(cwd, sizeof(cwd)) ? cwd : "?",
			      (unsigned long)crl.rlim_cur);
		write(p[1], out, (size_t)n);
		_exit(0);
	}
	close(p[1]);
	char buf[1024];
	ssize_t k;
	while ((k = read(p[0], buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)k, stdout);
	int st;
	waitpid(c, &st, 0);
	printf("child exited %d\n", WEXITSTATUS(st));
	sigset_t pend;
	sigpending(&pend);
	printf("the parent's SIGTERM still pending: %s\n", yesno(sigismember(&pend, SIGTERM)));
	struct itimerval pi;
	getitimer(ITIMER_REAL, &pi);
	printf("the parent's ITIMER_REAL still runs: %s\n", yesno(pi.it_value.tv_sec > 0));
	return 0;
}
