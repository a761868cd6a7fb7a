//! libc: glibc musl
/* restart_syscall called by the program itself: with no interrupted call
 * to resume it fails with EINTR, also after a poll and a nanosleep that a
 * handler interrupted (their restart is over once the handler returns),
 * and a futex wait in between does not change that. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "errname.h"

/* <linux/futex.h>, which musl-gcc cannot see */
#define FUTEX_WAIT_PRIVATE 128

static void on_alarm(int sig)
{
	(void)sig;
}

static void show(const char *what, long r)
{
	printf("%s: %s\n", what, r < 0 ? errname(errno) : "0");
}

/* A 10 ms one-shot ITIMER_REAL: the call after it is interrupted. */
static void arm(void)
{
	struct itimerval it = {{0, 0}, {0, 10000}};
	setitimer(ITIMER_REAL, &it, NULL);
}

int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm; /* no SA_RESTART */
	sigaction(SIGALRM, &sa, NULL);

	show("restart_syscall at start", syscall(SYS_restart_syscall));
	arm();
	show("poll interrupted by a handler", poll(NULL, 0, 60000));
	show("restart_syscall after it", syscall(SYS_restart_syscall));

	uint32_t word = 0;
	struct timespec ts = {0, 1000000};
	show("futex wait with a timeout",
	     syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0, &ts, NULL, 0));
	show("restart_syscall after that", syscall(SYS_restart_syscall));

	arm();
	struct timespec long_sleep = {60, 0};
	show("nanosleep interrupted by a handler", nanosleep(&long_sleep, NULL));
	show("restart_syscall after it", syscall(SYS_restart_syscall));
	return 0;
}
