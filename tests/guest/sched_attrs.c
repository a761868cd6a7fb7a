/* Scheduling attributes as recorded per thread: affinity, policies and
 * real-time priorities (sched_setscheduler, sched_setparam,
 * sched_setattr and their get twins), priority ranges, the round-robin
 * quantum, nice values (setpriority/getpriority), I/O priorities, getcpu,
 * and the inheritance rules of fork (SCHED_RESET_ON_FORK).  Real-time
 * policies need root: run as root. */
//! libc: glibc
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "errname.h"

#ifndef SCHED_RESET_ON_FORK
#define SCHED_RESET_ON_FORK 0x40000000
#endif

struct attr {
	uint32_t size, policy;
	uint64_t flags;
	int32_t nice;
	uint32_t priority;
	uint64_t runtime, deadline, period;
	uint32_t util_min, util_max;
};

static void show(const char *what, long r)
{
	if (r < 0)
		printf("%s: -1 %s\n", what, errname(errno));
	else
		printf("%s: %ld\n", what, r);
}

static void show_sched(const char *when)
{
	struct sched_param p = {0};
	int pol = (int)syscall(SYS_sched_getscheduler, 0);
	syscall(SYS_sched_getparam, 0, &p);
	printf("%s: policy %d%s, priority %d, nice %d\n", when, pol & ~SCHED_RESET_ON_FORK,
	       (pol & SCHED_RESET_ON_FORK) ? " (reset on fork)" : "", p.sched_priority,
	       20 - (int)syscall(SYS_getpriority, PRIO_PROCESS, 0));
}

static long ioprio_set(int which, int who, int prio)
{
	return syscall(SYS_ioprio_set, which, who, prio);
}

static long ioprio_get(int which, int who)
{
	return syscall(SYS_ioprio_get, which, who);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	/* Affinity: only CPU 0 (every machine has it). */
	cpu_set_t set;
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	show("sched_setaffinity {0}", sched_setaffinity(0, sizeof(set), &set));
	CPU_ZERO(&set);
	sched_getaffinity(0, sizeof(set), &set);
	printf("affinity: %d CPU(s), CPU 0 in it: %s\n", CPU_COUNT(&set),
	       CPU_ISSET(0, &set) ? "yes" : "no");
	unsigned cpu = 99, node = 99;
	show("getcpu", syscall(SYS_getcpu, &cpu, &node, NULL));
	printf("running on CPU 0: %s\n", cpu == 0 ? "yes" : "no");
	show("getcpu bad pointer", syscall(SYS_getcpu, (void *)16, NULL, NULL));
	CPU_ZERO(&set);
	show("sched_setaffinity empty", sched_setaffinity(0, sizeof(set), &set));
	show("sched_setaffinity no such pid", sched_setaffinity(999999, sizeof(set), &set));
	show("sched_setaffinity bad pointer",
	     syscall(SYS_sched_setaffinity, 0, sizeof(set), (void *)16));

	/* Policies. */
	show_sched("start");
	struct sched_param p = {.sched_priority = 10};
	show("sched_setscheduler FIFO 10", sched_setscheduler(0, SCHED_FIFO, &p));
	show_sched("FIFO");
	p.sched_priority = 20;
	show("sched_setparam 20", sched_setparam(0, &p));
	show_sched("setparam");
	struct timespec ts = {9, 9};
	show("sched_rr_get_interval (FIFO)", sched_rr_get_interval(0, &ts));
	printf("quantum: %ld.%09ld\n", (long)ts.tv_sec, ts.tv_nsec);
	show("sched_setscheduler RR 5 | RESET_ON_FORK",
	     syscall(SYS_sched_setscheduler, 0, SCHED_RR | SCHED_RESET_ON_FORK,
		     &(struct sched_param){5}));
	show_sched("RR");
	show("sched_rr_get_interval (RR)", sched_rr_get_interval(0, &ts));
	printf("quantum: %ld.%09ld\n", (long)ts.tv_sec, ts.tv_nsec);
	pid_t c = fork();
	if (c == 0) {
		show_sched("child after RESET_ON_FORK");
		_exit(0);
	}
	waitpid(c, NULL, 0);
	p.sched_priority = 0;
	show("sched_setscheduler FIFO 0", sched_setscheduler(0, SCHED_FIFO, &p));
	p.sched_priority = 100;
	show("sched_setscheduler FIFO 100", sched_setscheduler(0, SCHED_FIFO, &p));
	p.sched_priority = 1;
	show("sched_setscheduler OTHER 1", sched_setscheduler(0, SCHED_OTHER, &p));
	show("sched_setscheduler policy 4", syscall(SYS_sched_setscheduler, 0, 4, &p));
	show("sched_setscheduler policy -1", syscall(SYS_sched_setscheduler, 0, -1, &p));
	show("sched_setscheduler NULL param",
	     syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, NULL));
	show("sched_setscheduler bad param",
	     syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, (void *)16));
	show("sched_getscheduler -1", syscall(SYS_sched_getscheduler, -1));
	show("sched_getscheduler no such pid", syscall(SYS_sched_getscheduler, 999999));
	show("sched_getparam NULL", syscall(SYS_sched_getparam, 0, NULL));
	p.sched_priority = 0;
	show("sched_setscheduler BATCH", sched_setscheduler(0, SCHED_BATCH, &p));
	show_sched("BATCH");
	show("sched_setscheduler IDLE", sched_setscheduler(0, SCHED_IDLE, &p));
	show_sched("IDLE");
	show("sched_setscheduler OTHER", sched_setscheduler(0, SCHED_OTHER, &p));
	show_sched("OTHER");

	/* sched_setattr / sched_getattr */
	struct attr a;
	memset(&a, 0, sizeof(a));
	show("sched_getattr", syscall(SYS_sched_getattr, 0, &a, sizeof(a), 0));
	printf("getattr: size %u policy %u flags %llu nice %d priority %u util %u..%u\n", a.size,
	       a.policy, (unsigned long long)a.flags, a.nice, a.priority, a.util_min, a.util_max);
	show("sched_getattr small size", syscall(SYS_sched_getattr, 0, &a, 40, 0));
	show("sched_getattr flags", syscall(SYS_sched_getattr, 0, &a, sizeof(a), 1));
	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.policy = SCHED_OTHER;
	a.nice = 3;
	show("sched_setattr nice 3", syscall(SYS_sched_setattr, 0, &a, 0));
	show_sched("setattr");
	a.policy = SCHED_RR;
	a.priority = 7;
	show("sched_setattr RR 7", syscall(SYS_sched_setattr, 0, &a, 0));
	show_sched("setattr RR");
	a.size = 8;
	show("sched_setattr size 8", syscall(SYS_sched_setattr, 0, &a, 0));
	printf("size answered: %u\n", a.size);
	a.size = sizeof(a);
	a.policy = SCHED_OTHER;
	a.priority = 0;
	a.flags = 1u << 20;
	show("sched_setattr unknown flag", syscall(SYS_sched_setattr, 0, &a, 0));
	a.flags = 0;
	a.nice = 0;
	show("sched_setattr back to OTHER", syscall(SYS_sched_setattr, 0, &a, 0));

	/* Priority ranges. */
	int pols[] = {SCHED_OTHER, SCHED_FIFO, SCHED_RR, SCHED_BATCH, SCHED_IDLE, 6, 4, -1};
	for (unsigned i = 0; i < sizeof(pols) / sizeof(pols[0]); i++) {
		errno = 0;
		long lo = syscall(SYS_sched_get_priority_min, pols[i]);
		long hi = syscall(SYS_sched_get_priority_max, pols[i]);
		printf("policy %d: %ld..%ld %s\n", pols[i], lo, hi, errno ? errname(errno) : "");
	}

	/* Nice values. */
	show("getpriority", getpriority(PRIO_PROCESS, 0));
	show("setpriority 7", setpriority(PRIO_PROCESS, 0, 7));
	show("getpriority (20 - nice)", syscall(SYS_getpriority, PRIO_PROCESS, 0));
	show("setpriority 100 (clamped to 19)", setpriority(PRIO_PROCESS, 0, 100));
	show("getpriority", syscall(SYS_getpriority, PRIO_PROCESS, 0));
	show("setpriority -3 (root)", setpriority(PRIO_PROCESS, 0, -3));
	show("getpriority", syscall(SYS_getpriority, PRIO_PROCESS, 0));
	show("getpriority PRIO_USER", syscall(SYS_getpriority, PRIO_USER, 0) > 0 ? 0 : -1);
	show("getpriority bad which", syscall(SYS_getpriority, 7, 0));
	show("getpriority no such pid", syscall(SYS_getpriority, PRIO_PROCESS, 999999));
	c = fork();
	if (c == 0) {
		show("child inherits nice (20 - nice)", syscall(SYS_getpriority, PRIO_PROCESS, 0));
		_exit(0);
	}
	waitpid(c, NULL, 0);
	setpriority(PRIO_PROCESS, 0, 0);

	/* I/O priorities (block/ioprio.c). */
	show("ioprio_get", ioprio_get(1, 0));
	show("ioprio_set best-effort 5", ioprio_set(1, 0, 2 << 13 | 5));
	show("ioprio_get", ioprio_get(1, 0));
	show("ioprio_set idle", ioprio_set(1, 0, 3 << 13));
	show("ioprio_get", ioprio_get(1, 0));
	show("ioprio_set real-time 0 (root)", ioprio_set(1, 0, 1 << 13));
	show("ioprio_get", ioprio_get(1, 0));
	show("ioprio_set class 5", ioprio_set(1, 0, 5 << 13));
	show("ioprio_set none with a level", ioprio_set(1, 0, 3));
	show("ioprio_set bad which", ioprio_set(9, 0, 0));
	show("ioprio_get no such pid", ioprio_get(1, 999999));
	show("ioprio_set none", ioprio_set(1, 0, 0));
	show("ioprio_get", ioprio_get(1, 0));
	return 0;
}
