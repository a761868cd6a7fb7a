/* POSIX timers: timer_create with SIGEV_SIGNAL, SIGEV_THREAD_ID and
 * SIGEV_NONE; signals are waited for with sigwaitinfo (no timing is
 * compared); settime/gettime, periodic timers, ids, and the errors. */
//! libc: glibc
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "errname.h"

static void show(const char *what, long r)
{
	if (r < 0)
		printf("%s: -1 %s\n", what, errname(errno));
	else
		printf("%s: %ld\n", what, r);
}

/* The raw syscalls: the kernel's timer ids, not the C library's. */
static long tcreate(clockid_t clk, struct sigevent *ev, int *id)
{
	return syscall(SYS_timer_create, clk, ev, id);
}

static long tset(int id, int flags, const struct itimerspec *n, struct itimerspec *o)
{
	return syscall(SYS_timer_settime, id, flags, n, o);
}

static long tget(int id, struct itimerspec *c)
{
	return syscall(SYS_timer_gettime, id, c);
}

static pid_t gettid_(void)
{
	return (pid_t)syscall(SYS_gettid);
}

static volatile pid_t waiter_tid;

static void *thread_wait(void *arg)
{
	sigset_t *s = arg;
	waiter_tid = gettid_();
	siginfo_t si;
	int sig = sigwaitinfo(s, &si);
	printf("thread got signal %d, si_code SI_TIMER: %s, to this thread: %s, value %d\n", sig,
	       si.si_code == SI_TIMER ? "yes" : "no", gettid_() == waiter_tid ? "yes" : "no",
	       si.si_value.sival_int);
	return NULL;
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, SIGALRM);
	sigaddset(&s, SIGRTMIN);
	sigaddset(&s, SIGUSR1);
	sigaddset(&s, SIGRTMIN + 1);
	sigprocmask(SIG_BLOCK, &s, NULL);

	/* Default event: SIGALRM with the id as value. */
	int id0 = -1, id1 = -1, id2 = -1;
	show("timer_create REALTIME, no event", tcreate(CLOCK_REALTIME, NULL, &id0));
	printf("first id: %d\n", id0);
	struct itimerspec its = {{0, 0}, {0, 1000000}}, old;
	show("timer_settime 1 ms", tset(id0, 0, &its, NULL));
	siginfo_t si;
	int sig = sigwaitinfo(&s, &si);
	printf("got signal %d, si_code SI_TIMER: %s, timer id %d, value %d, overrun %d\n", sig,
	       si.si_code == SI_TIMER ? "yes" : "no", si.si_timerid, si.si_value.sival_int,
	       si.si_overrun);
	show("timer_gettime after expiry", tget(id0, &old));
	printf("left: %ld.%09ld interval %ld.%09ld\n", (long)old.it_value.tv_sec,
	       old.it_value.tv_nsec, (long)old.it_interval.tv_sec, old.it_interval.tv_nsec);
	show("timer_getoverrun", syscall(SYS_timer_getoverrun, id0));

	/* A real-time signal with a value, periodic: three expiries. */
	struct sigevent ev;
	memset(&ev, 0, sizeof(ev));
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = SIGRTMIN;
	ev.sigev_value.sival_int = 77;
	show("timer_create MONOTONIC SIGRTMIN", tcreate(CLOCK_MONOTONIC, &ev, &id1));
	printf("second id: %d\n", id1);
	struct itimerspec per = {{0, 2000000}, {0, 2000000}};
	show("timer_settime periodic 2 ms", tset(id1, 0, &per, NULL));
	for (int i = 0; i < 3; i++) {
		sig = sigwaitinfo(&s, &si);
		printf("expiry %d: signal is SIGRTMIN: %s, value %d\n", i,
		       sig == SIGRTMIN ? "yes" : "no", si.si_value.sival_int);
	}
	show("timer_gettime periodic", tget(id1, &old));
	printf("interval: %ld.%09ld, armed: %s\n", (long)old.it_interval.tv_sec,
	       old.it_interval.tv_nsec, old.it_value.tv_sec || old.it_value.tv_nsec ? "yes" : "no");
	struct itimerspec zero = {{0, 0}, {0, 0}};
	show("disarm, old value wanted", tset(id1, 0, &zero, &old));
	printf("old interval: %ld.%09ld\n", (long)old.it_interval.tv_sec, old.it_interval.tv_nsec);
	show("timer_gettime disarmed", tget(id1, &old));
	printf("left: %ld.%09ld\n", (long)old.it_value.tv_sec, old.it_value.tv_nsec);
	show("timer_delete", syscall(SYS_timer_delete, id1));
	/* An expiry that came before the disarm may still be pending. */
	struct timespec nowait = {0, 0};
	while (sigtimedwait(&s, &si, &nowait) > 0)
		;
	show("timer_delete again", syscall(SYS_timer_delete, id1));

	/* An absolute expiry in the past fires at once. */
	memset(&ev, 0, sizeof(ev));
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = SIGUSR1;
	show("timer_create BOOTTIME SIGUSR1", tcreate(CLOCK_BOOTTIME, &ev, &id2));
	printf("third id: %d (the freed one is reused later)\n", id2);
	struct itimerspec past = {{0, 0}, {1, 0}};
	show("timer_settime TIMER_ABSTIME in the past", tset(id2, TIMER_ABSTIME, &past, NULL));
	sig = sigwaitinfo(&s, &si);
	printf("got signal %d\n", sig);

	/* SIGEV_THREAD_ID: the signal goes to one thread. */
	pthread_t th;
	pthread_create(&th, NULL, thread_wait, &s);
	while (!waiter_tid)
		sched_yield();
	memset(&ev, 0, sizeof(ev));
	ev.sigev_notify = SIGEV_SIGNAL | SIGEV_THREAD_ID;
	ev.sigev_signo = SIGRTMIN + 1;
	ev.sigev_value.sival_int = 5;
	ev._sigev_un._tid = waiter_tid;
	int id3 = -1;
	show("timer_create SIGEV_THREAD_ID", tcreate(CLOCK_MONOTONIC, &ev, &id3));
	show("timer_settime 1 ms", tset(id3, 0, &its, NULL));
	pthread_join(th, NULL);
	ev._sigev_un._tid = 1; /* not one of ours */
	show("timer_create SIGEV_THREAD_ID of another process",
	     tcreate(CLOCK_MONOTONIC, &ev, &id3));

	/* SIGEV_NONE: no signal; gettime counts down. */
	memset(&ev, 0, sizeof(ev));
	ev.sigev_notify = SIGEV_NONE;
	int id4 = -1;
	show("timer_create SIGEV_NONE", tcreate(CLOCK_MONOTONIC, &ev, &id4));
	struct itimerspec hour = {{0, 0}, {3600, 0}};
	show("timer_settime one hour", tset(id4, 0, &hour, NULL));
	show("timer_gettime", tget(id4, &old));
	printf("left less than an hour, more than a minute: %s\n",
	       old.it_value.tv_sec < 3600 && old.it_value.tv_sec > 60 ? "yes" : "no");

	/* Errors. */
	show("timer_create bad clock", tcreate(1234, NULL, &id4));
	show("timer_create MONOTONIC_RAW", tcreate(CLOCK_MONOTONIC_RAW, NULL, &id4));
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = 0;
	show("timer_create signal 0", tcreate(CLOCK_MONOTONIC, &ev, &id4));
	ev.sigev_signo = 65;
	show("timer_create signal 65", tcreate(CLOCK_MONOTONIC, &ev, &id4));
	ev.sigev_notify = 9;
	show("timer_create bad notify", tcreate(CLOCK_MONOTONIC, &ev, &id4));
	show("timer_create bad event pointer", tcreate(CLOCK_MONOTONIC, (void *)16, &id4));
	show("timer_settime no such timer", tset(999, 0, &its, NULL));
	struct itimerspec bad = {{0, 0}, {0, 1000000000}};
	show("timer_settime nsec 1e9", tset(id0, 0, &bad, NULL));
	show("timer_settime NULL", tset(id0, 0, NULL, NULL));
	show("timer_gettime no such timer", tget(999, &old));
	show("timer_gettime bad pointer", tget(id0, (void *)16));
	show("timer_getoverrun no such timer", syscall(SYS_timer_getoverrun, 999));
	return 0;
}
