/* A signal round trip, N times (argv[1], default 100000): kill(getpid(),
 * SIGUSR1) with a handler installed, so each iteration is the kill, the
 * frame set-up, the handler and rt_sigreturn.  Prints the mean time of one
 * round trip in microseconds (tools/bench-signal). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static volatile unsigned long handled;

static void handler(int sig)
{
	(void)sig;
	handled++;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 100000;
	struct sigaction sa = {0};
	sa.sa_handler = handler;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	pid_t me = getpid();
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (long i = 0; i < n; i++)
		kill(me, SIGUSR1);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double ns = (double)(t1.tv_sec - t0.tv_sec) * 1e9 + (double)(t1.tv_nsec - t0.tv_nsec);
	printf("%.3f\n", ns / (double)n / 1000);
	return handled == (unsigned long)n ? 0 : 1;
}
