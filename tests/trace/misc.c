/* Golden trace test: clocks and sleeps, limits, identities, system
 * information, randomness, scheduling and prctl. */
// clang-format off
//! trace-skip: uname
// clang-format on
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	struct timespec ts;
	struct timeval tv;
	/* Natively these go through the vDSO; sbx has none: call the kernel. */
	syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
	syscall(SYS_clock_gettime, CLOCK_REALTIME, &ts);
	syscall(SYS_clock_getres, CLOCK_MONOTONIC, &ts);
	syscall(SYS_clock_gettime, 12345, &ts);
	syscall(SYS_clock_gettime, CLOCK_MONOTONIC, NULL);
	syscall(SYS_gettimeofday, &tv, NULL);
	syscall(SYS_time, NULL);
	struct tms t;
	times(&t);
	struct timespec nap = {0, 1000000};
	nanosleep(&nap, NULL);
	clock_nanosleep(CLOCK_MONOTONIC, 0, &nap, NULL);
	syscall(SYS_nanosleep, NULL, NULL);
	struct itimerval it;
	getitimer(ITIMER_PROF, &it);
	struct rlimit rl;
	getrlimit(RLIMIT_NOFILE, &rl);
	setrlimit(RLIMIT_NOFILE, &rl);
	struct rlimit core = {0, RLIM_INFINITY};
	prlimit(0, RLIMIT_CORE, &core, NULL);
	prlimit(0, RLIMIT_CORE, NULL, &rl);
	syscall(SYS_prlimit64, 0, 99, NULL, &rl);
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	getuid();
	geteuid();
	getgid();
	getegid();
	struct utsname u;
	uname(&u);
	struct sysinfo si;
	sysinfo(&si);
	char rnd[16];
	getrandom(rnd, sizeof(rnd), 0);
	getrandom(rnd, sizeof(rnd), GRND_NONBLOCK | GRND_RANDOM);
	sched_yield();
	prctl(PR_SET_DUMPABLE, 1);
	prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0);
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	int sub;
	prctl(PR_GET_CHILD_SUBREAPER, &sub);
	prctl(PR_GET_TIMERSLACK);
	prctl(PR_CAPBSET_READ, 0);
	umask(077);
	umask(022);
	return 0;
}
