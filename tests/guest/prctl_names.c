/* prctl's process attributes: names (PR_SET_NAME as /proc shows it, per
 * thread), the parent-death signal, dumpability, no_new_privs, the child
 * subreaper flag, timer slack, machine-check policy, THP, the tid
 * address, the auxiliary vector, and the errors of options x86-64 does
 * not have. */
//! libc: glibc
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <linux/prctl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "errname.h"

#ifndef PR_GET_AUXV
#define PR_GET_AUXV 0x41555856
#endif

static void show(const char *what, long r)
{
	if (r < 0)
		printf("%s: -1 %s\n", what, errname(errno));
	else
		printf("%s: %ld\n", what, r);
}

/* The Name: line of /proc/self/status. */
static void status_name(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "Name:", 5))
			printf("status %s", line);
	if (f)
		fclose(f);
}

static pthread_barrier_t named, listed;

static void *thread(void *arg)
{
	prctl(PR_SET_NAME, (const char *)arg, 0, 0, 0);
	pthread_barrier_wait(&named);
	pthread_barrier_wait(&listed);
	return NULL;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every thread's comm, sorted (task order is not fixed). */
static void task_comms(void)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	char *names[16];
	int n = 0;
	while (d && (e = readdir(d)) && n < 16) {
		if (e->d_name[0] == '.')
			continue;
		char path[300], comm[64] = "";
		snprintf(path, sizeof(path), "/proc/self/task/%s/comm", e->d_name);
		FILE *f = fopen(path, "r");
		if (f && fgets(comm, sizeof(comm), f))
			comm[strcspn(comm, "\n")] = 0;
		if (f)
			fclose(f);
		names[n++] = strdup(comm);
	}
	if (d)
		closedir(d);
	qsort(names, (size_t)n, sizeof(names[0]), cmp);
	printf("threads' comm:");
	for (int i = 0; i < n; i++)
		printf(" [%s]", names[i]);
	printf("\n");
}

int main(void)
{
	char name[32];
	show("PR_GET_NAME", prctl(PR_GET_NAME, name, 0, 0, 0));
	printf("name: %s\n", name);
	show("PR_SET_NAME", prctl(PR_SET_NAME, "renamed-main", 0, 0, 0));
	prctl(PR_GET_NAME, name, 0, 0, 0);
	printf("name: %s\n", name);
	status_name();
	show("PR_SET_NAME 20 characters", prctl(PR_SET_NAME, "abcdefghijklmnopqrst", 0, 0, 0));
	prctl(PR_GET_NAME, name, 0, 0, 0);
	printf("name cut to 15: %s\n", name);
	show("PR_SET_NAME bad pointer", prctl(PR_SET_NAME, (void *)16, 0, 0, 0));
	show("PR_GET_NAME bad pointer", prctl(PR_GET_NAME, (void *)16, 0, 0, 0));
	prctl(PR_SET_NAME, "main", 0, 0, 0);

	pthread_barrier_init(&named, NULL, 3);
	pthread_barrier_init(&listed, NULL, 3);
	pthread_t t1, t2;
	pthread_create(&t1, NULL, thread, "worker-one");
	pthread_create(&t2, NULL, thread, "worker-two");
	pthread_barrier_wait(&named);
	task_comms();
	pthread_barrier_wait(&listed);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);

	int v = -1;
	show("PR_GET_PDEATHSIG", prctl(PR_GET_PDEATHSIG, &v, 0, 0, 0));
	printf("pdeathsig: %d\n", v);
	show("PR_SET_PDEATHSIG SIGUSR1", prctl(PR_SET_PDEATHSIG, SIGUSR1, 0, 0, 0));
	prctl(PR_GET_PDEATHSIG, &v, 0, 0, 0);
	printf("pdeathsig: %d\n", v);
	show("PR_SET_PDEATHSIG 65", prctl(PR_SET_PDEATHSIG, 65, 0, 0, 0));
	show("PR_GET_PDEATHSIG bad pointer", prctl(PR_GET_PDEATHSIG, (void *)16, 0, 0, 0));

	show("PR_GET_DUMPABLE", prctl(PR_GET_DUMPABLE, 0, 0, 0, 0));
	show("PR_SET_DUMPABLE 2", prctl(PR_SET_DUMPABLE, 2, 0, 0, 0));
	show("PR_SET_DUMPABLE 0", prctl(PR_SET_DUMPABLE, 0, 0, 0, 0));
	show("PR_GET_DUMPABLE", prctl(PR_GET_DUMPABLE, 0, 0, 0, 0));
	prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);

	show("PR_GET_NO_NEW_PRIVS", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
	show("PR_SET_NO_NEW_PRIVS 2", prctl(PR_SET_NO_NEW_PRIVS, 2, 0, 0, 0));
	show("PR_GET_NO_NEW_PRIVS with an argument", prctl(PR_GET_NO_NEW_PRIVS, 1, 0, 0, 0));

	show("PR_GET_CHILD_SUBREAPER", prctl(PR_GET_CHILD_SUBREAPER, &v, 0, 0, 0));
	printf("subreaper: %d\n", v);
	show("PR_SET_CHILD_SUBREAPER", prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0));
	prctl(PR_GET_CHILD_SUBREAPER, &v, 0, 0, 0);
	printf("subreaper: %d\n", v);

	show("PR_SET_TIMERSLACK 1000", prctl(PR_SET_TIMERSLACK, 1000, 0, 0, 0));
	show("PR_GET_TIMERSLACK", prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0));
	show("PR_SET_TIMERSLACK 0 (default)", prctl(PR_SET_TIMERSLACK, 0, 0, 0, 0));
	show("PR_GET_TIMERSLACK", prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0));

	show("PR_MCE_KILL_GET", prctl(PR_MCE_KILL_GET, 0, 0, 0, 0));
	show("PR_MCE_KILL SET EARLY", prctl(PR_MCE_KILL, PR_MCE_KILL_SET, PR_MCE_KILL_EARLY, 0, 0));
	show("PR_MCE_KILL_GET", prctl(PR_MCE_KILL_GET, 0, 0, 0, 0));
	show("PR_MCE_KILL CLEAR with arg", prctl(PR_MCE_KILL, PR_MCE_KILL_CLEAR, 1, 0, 0));
	show("PR_MCE_KILL CLEAR", prctl(PR_MCE_KILL, PR_MCE_KILL_CLEAR, 0, 0, 0));
	show("PR_MCE_KILL_GET", prctl(PR_MCE_KILL_GET, 0, 0, 0, 0));

	show("PR_GET_THP_DISABLE", prctl(PR_GET_THP_DISABLE, 0, 0, 0, 0));
	show("PR_SET_THP_DISABLE", prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0));
	show("PR_GET_THP_DISABLE", prctl(PR_GET_THP_DISABLE, 0, 0, 0, 0));

	show("PR_GET_TIMING", prctl(PR_GET_TIMING, 0, 0, 0, 0));
	show("PR_SET_TIMING timestamp", prctl(PR_SET_TIMING, PR_TIMING_TIMESTAMP, 0, 0, 0));
	show("PR_GET_SECUREBITS", prctl(PR_GET_SECUREBITS, 0, 0, 0, 0));
	show("PR_GET_SECCOMP", prctl(PR_GET_SECCOMP, 0, 0, 0, 0));
	int tsc = 0;
	show("PR_GET_TSC", prctl(PR_GET_TSC, &tsc, 0, 0, 0));
	printf("tsc: %d\n", tsc);
	show("PR_TASK_PERF_EVENTS_DISABLE", prctl(PR_TASK_PERF_EVENTS_DISABLE, 0, 0, 0, 0));

	int *tidp = NULL;
	show("PR_GET_TID_ADDRESS", prctl(PR_GET_TID_ADDRESS, &tidp, 0, 0, 0));
	printf("tid address set: %s\n", tidp ? "yes" : "no");

	unsigned long auxv[128];
	long n = prctl(PR_GET_AUXV, auxv, sizeof(auxv), 0, 0);
	printf("PR_GET_AUXV: multiple of 16: %s\n", n > 0 && n % 16 == 0 ? "yes" : "no");
	int pagesz_ok = 0;
	for (long i = 0; i < n / 8 && i < 128; i += 2)
		if (auxv[i] == AT_PAGESZ && auxv[i + 1] == 4096)
			pagesz_ok = 1;
	printf("AT_PAGESZ in it: %s\n", pagesz_ok ? "yes" : "no");
	show("PR_GET_AUXV with arg4", prctl(PR_GET_AUXV, auxv, sizeof(auxv), 1, 0));

	show("PR_GET_UNALIGN (not on x86)", prctl(PR_GET_UNALIGN, &v, 0, 0, 0));
	show("PR_GET_FPEMU", prctl(PR_GET_FPEMU, &v, 0, 0, 0));
	show("PR_GET_ENDIAN", prctl(PR_GET_ENDIAN, &v, 0, 0, 0));
	show("PR_SVE_GET_VL", prctl(PR_SVE_GET_VL, 0, 0, 0, 0));
	show("PR_GET_TAGGED_ADDR_CTRL", prctl(PR_GET_TAGGED_ADDR_CTRL, 0, 0, 0, 0));
	show("unknown option 12345", prctl(12345, 0, 0, 0, 0));
	return 0;
}
