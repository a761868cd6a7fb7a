/* Setting the clock, as far as it can be compared without changing the
 * host's: the argument errors come before the permission check
 * (clock_settime of CLOCK_MONOTONIC or an unknown clock, a bad timespec
 * or timeval, adjtimex's ADJ_ADJTIME without ADJ_OFFSET_SINGLESHOT), a
 * process without CAP_SYS_TIME gets EPERM, reading adjtimex's state needs
 * no privilege, and clock_adjtime on a clock that cannot be adjusted is
 * EOPNOTSUPP. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timex.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "errname.h"

static void checks(const char *who)
{
	struct timespec ts = {1, 0};
	printf("%s: clock_settime MONOTONIC: %s\n", who,
	       res(syscall(SYS_clock_settime, CLOCK_MONOTONIC, &ts)));
	printf("%s: clock_settime clock 100: %s\n", who, res(syscall(SYS_clock_settime, 100, &ts)));
	struct timespec bad = {1, 2000000000L};
	printf("%s: clock_settime bad nsec: %s\n", who,
	       res(syscall(SYS_clock_settime, CLOCK_REALTIME, &bad)));
	struct timeval tv = {1, 2000000};
	printf("%s: settimeofday bad usec: %s\n", who, res(syscall(SYS_settimeofday, &tv, NULL)));
	struct timex tx = {.modes = 0x8000 /* ADJ_ADJTIME */};
	printf("%s: adjtimex ADJ_ADJTIME alone: %s\n", who, res(syscall(SYS_adjtimex, &tx)));
	struct timex rd = {.modes = 0};
	long st = syscall(SYS_adjtimex, &rd);
	printf("%s: adjtimex read: %s\n", who,
	       st >= 0 && st <= TIME_ERROR ? "a state" : errname(errno));
	printf("%s: adjtimex time is now: %s\n", who, rd.time.tv_sec > 1600000000 ? "yes" : "no");
	struct timex ss = {.modes = ADJ_OFFSET_SS_READ};
	st = syscall(SYS_adjtimex, &ss);
	printf("%s: adjtimex ADJ_OFFSET_SS_READ: %s\n", who, st >= 0 ? "a state" : errname(errno));
	struct timex mono = {.modes = 0};
	printf("%s: clock_adjtime MONOTONIC: %s\n", who,
	       res(syscall(SYS_clock_adjtime, CLOCK_MONOTONIC, &mono)));
	struct timeval old;
	printf("%s: adjtime(NULL, &old): %s\n", who, res(adjtime(NULL, &old)));
}

int main(void)
{
	checks("caller");
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		if (setuid(65534) < 0)
			return 1;
		checks("nobody");
		struct timespec now;
		clock_gettime(CLOCK_REALTIME, &now);
		printf("nobody: clock_settime REALTIME: %s\n",
		       res(syscall(SYS_clock_settime, CLOCK_REALTIME, &now)));
		struct timeval tv = {now.tv_sec, 0};
		printf("nobody: settimeofday: %s\n", res(syscall(SYS_settimeofday, &tv, NULL)));
		struct timex tx = {.modes = ADJ_FREQUENCY, .freq = 0};
		printf("nobody: adjtimex ADJ_FREQUENCY: %s\n", res(syscall(SYS_adjtimex, &tx)));
		struct timeval delta = {0, 0};
		printf("nobody: adjtime: %s\n", res(adjtime(&delta, NULL)));
		fflush(stdout);
		_exit(0);
	}
	int st;
	waitpid(pid, &st, 0);
	return WEXITSTATUS(st);
}
