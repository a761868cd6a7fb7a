/* Waits for signals and reports each with its siginfo, for the host-signal
 * tests: `sigwait_report [ignore-term]`.  Prints "ready" once its handlers
 * are in place; exits 3 on SIGTERM (unless told to ignore it), 4 on
 * SIGHUP. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	char b[96];
	int n = snprintf(b, sizeof(b), "got SIG%s code %d pid %d\n", sigabbrev_np(sig), si->si_code,
			 si->si_pid);
	if (write(1, b, (size_t)n) < 0)
		_exit(1);
	if (sig == SIGTERM)
		_exit(3);
	if (sig == SIGHUP)
		_exit(4);
}

int main(int argc, char **argv)
{
	(void)argv;
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = handler;
	sa.sa_flags = SA_SIGINFO;
	int sigs[] = {SIGINT, SIGQUIT, SIGWINCH, SIGHUP, SIGTERM};
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
	if (argc > 1)
		signal(SIGTERM, SIG_IGN);
	printf("ready\n");
	fflush(stdout);
	for (;;)
		pause();
}
