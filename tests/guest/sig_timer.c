/* alarm and the interval timers: alarm's return values, SIGALRM ending a
 * blocked read (EINTR; with SA_RESTART the read goes on), its siginfo,
 * periodic ITIMER_REAL, ITIMER_VIRTUAL and ITIMER_PROF counted up to a
 * number of signals, getitimer and setitimer's old values and errors, and
 * what fork (clears) and exec (keeps) do to them.  Timers fire as they
 * will; nothing printed depends on how long they took. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errname.h"
#include "sigtest.h"

static volatile int fired[65];
static siginfo_t last;
static int wake[2];

static void counter(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	fired[sig]++;
	last = *si;
}

static void writer(int sig, siginfo_t *si, void *uc)
{
	counter(sig, si, uc);
	pipe_post(wake[1]);
}

static long tv_us(struct timeval tv)
{
	return tv.tv_sec * 1000000L + tv.tv_usec;
}

static void test_alarm(void)
{
	printf("alarm(10): %u\n", alarm(10));
	printf("alarm(5): %u\n", alarm(5));
	printf("alarm(0): %u\n", alarm(0));
	printf("alarm(0) again: %u\n", alarm(0));

	pipe(wake);
	on_signal(SIGALRM, counter, 0, 0);
	char c;
	alarm(1);
	long r = read(wake[0], &c, 1);
	printf("read ended by alarm: %s, SIGALRM %d, code %#x, pid %d\n", res(r), fired[SIGALRM],
	       last.si_code, last.si_pid);

	/* SA_RESTART: the handler writes, the restarted read gets it. */
	on_signal(SIGALRM, writer, SA_RESTART, 0);
	fired[SIGALRM] = 0;
	struct itimerval it = {{0, 0}, {0, 100000}};
	setitimer(ITIMER_REAL, &it, NULL);
	r = read(wake[0], &c, 1);
	printf("read with SA_RESTART: %s, SIGALRM %d\n", r == 1 ? "1 byte" : res(r),
	       fired[SIGALRM]);
}

static void count_real(void)
{
	on_signal(SIGALRM, counter, 0, 0);
	sigset_t s, old;
	sigemptyset(&s);
	sigaddset(&s, SIGALRM);
	sigprocmask(SIG_BLOCK, &s, &old);
	fired[SIGALRM] = 0;
	struct itimerval it = {{0, 20000}, {0, 20000}}, cur;
	setitimer(ITIMER_REAL, &it, NULL);
	while (fired[SIGALRM] < 5)
		sigsuspend(&old);
	struct itimerval off = {{0, 0}, {0, 0}};
	setitimer(ITIMER_REAL, &off, &cur);
	printf("ITIMER_REAL every 20 ms: %d signals, old interval %ld us, was armed %s\n",
	       fired[SIGALRM], tv_us(cur.it_interval), yesno(tv_us(cur.it_value) > 0));
	getitimer(ITIMER_REAL, &cur);
	printf("after disarming: value %ld interval %ld\n", tv_us(cur.it_value),
	       tv_us(cur.it_interval));
	sigprocmask(SIG_SETMASK, &old, NULL);
}

static volatile unsigned long spin;

static void count_cpu(int which, int sig, const char *name)
{
	on_signal(sig, counter, 0, 0);
	fired[sig] = 0;
	struct itimerval it = {{0, 10000}, {0, 10000}}, cur;
	setitimer(which, &it, NULL);
	while (fired[sig] < 3)
		spin++;
	struct itimerval off = {{0, 0}, {0, 0}};
	setitimer(which, &off, &cur);
	printf("%s every 10 ms of CPU: %d signals, code %#x, old interval %ld us\n", name,
	       fired[sig], last.si_code, tv_us(cur.it_interval));
}

static void test_get_set(void)
{
	int which[3] = {ITIMER_REAL, ITIMER_VIRTUAL, ITIMER_PROF};
	for (int i = 0; i < 3; i++) {
		struct itimerval it = {{1, 500000}, {10, 0}}, cur, old;
		setitimer(which[i], &it, NULL);
		getitimer(which[i], &cur);
		/* CPU timers may read a scheduler tick above what was set. */
		printf("timer %d: value in (9 s, 10.1 s]: %s, interval %ld us\n", which[i],
		       yesno(tv_us(cur.it_value) > 9000000 && tv_us(cur.it_value) <= 10100000),
		       tv_us(cur.it_interval));
		struct itimerval again = {{0, 0}, {0, 0}};
		setitimer(which[i], &again, &old);
		printf("  setitimer's old value in (9 s, 10.1 s]: %s, interval %ld us\n",
		       yesno(tv_us(old.it_value) > 9000000 && tv_us(old.it_value) <= 10100000),
		       tv_us(old.it_interval));
		/* A zero value disarms but the interval is kept. */
		struct itimerval only_interval = {{0, 7}, {0, 0}};
		setitimer(which[i], &only_interval, NULL);
		getitimer(which[i], &cur);
		printf("  value 0, interval 7 us: reads value %ld interval %ld\n",
		       tv_us(cur.it_value), tv_us(cur.it_interval));
		printf("  NULL new value: %s", res(syscall(SYS_setitimer, which[i], NULL, &old)));
		getitimer(which[i], &cur);
		printf(", then value %ld interval %ld\n", tv_us(cur.it_value),
		       tv_us(cur.it_interval));
	}
	struct itimerval bad = {{0, 0}, {0, 1000000}}, cur;
	printf("which 3: %s\n", res(setitimer(3, &bad, NULL)));
	printf("usec 1000000: %s\n", res(setitimer(ITIMER_REAL, &bad, NULL)));
	bad.it_value.tv_usec = 0;
	bad.it_value.tv_sec = -1;
	bad.it_interval.tv_usec = 0;
	printf("negative seconds: %s\n", res(setitimer(ITIMER_REAL, &bad, NULL)));
	printf("getitimer which 5: %s\n", res(getitimer(5, &cur)));
	printf("getitimer bad pointer: %s\n",
	       res(syscall(SYS_getitimer, ITIMER_REAL, (void *)8)));
	printf("setitimer bad pointer: %s\n",
	       res(syscall(SYS_setitimer, ITIMER_REAL, (void *)8, NULL)));
}

static void show_timers(const char *who)
{
	struct itimerval cur;
	printf("%s:", who);
	for (int w = ITIMER_REAL; w <= ITIMER_PROF; w++) {
		getitimer(w, &cur);
		long v = tv_us(cur.it_value);
		printf(" %s", v == 0 ? "off" : v > 50000000 && v <= 100100000 ? "kept" : "other");
	}
	printf("\n");
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc > 1) {
		show_timers(argv[1]);
		return 0;
	}
	test_alarm();
	count_real();
	count_cpu(ITIMER_VIRTUAL, SIGVTALRM, "ITIMER_VIRTUAL");
	count_cpu(ITIMER_PROF, SIGPROF, "ITIMER_PROF");
	test_get_set();

	/* Armed for 100 s each (the signals ignored, in case). */
	set_disposition(SIGALRM, SIG_IGN);
	set_disposition(SIGVTALRM, SIG_IGN);
	set_disposition(SIGPROF, SIG_IGN);
	struct itimerval it = {{0, 0}, {100, 0}};
	for (int w = ITIMER_REAL; w <= ITIMER_PROF; w++)
		setitimer(w, &it, NULL);
	show_timers("armed");
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		show_timers("fork child");
		char *args[] = {argv[0], "exec after fork", NULL};
		execv("/proc/self/exe", args);
		_exit(1);
	}
	waitpid(c, NULL, 0);
	c = fork();
	if (c == 0) {
		/* The child arms its own, then execs. */
		for (int w = ITIMER_REAL; w <= ITIMER_PROF; w++)
			setitimer(w, &it, NULL);
		char *args[] = {argv[0], "exec", NULL};
		execv("/proc/self/exe", args);
		_exit(1);
	}
	waitpid(c, NULL, 0);
	return 0;
}
