/* getrusage and wait4's ru_maxrss: the peak resident size grows when
 * memory is touched and stays after it is unmapped; a child's peak is
 * seen by wait4 and by RUSAGE_CHILDREN, and survives the child's exec;
 * RUSAGE_THREAD reports it too; an unknown who is EINVAL.  The peaks of
 * /proc/self/status (VmHWM, VmPeak) stay after the unmapping too. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errname.h"

#define MIB (1024L * 1024L)

static long maxrss(int who)
{
	struct rusage ru;
	if (getrusage(who, &ru) < 0)
		return -1;
	return ru.ru_maxrss; /* KiB */
}

/* A "Name:  N kB" line of /proc/self/status, in KiB. */
static long status_kb(const char *name)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long v = -1;
	size_t n = strlen(name);
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, name, n) && line[n] == ':')
			v = atol(line + n + 1);
	if (f)
		fclose(f);
	return v;
}

static void touch(long bytes)
{
	char *p =
	    mmap(NULL, (size_t)bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		exit(3);
	for (long i = 0; i < bytes; i += 4096)
		p[i] = 1;
	munmap(p, (size_t)bytes);
}

int main(int argc, char **argv)
{
	if (argc > 1) {
		/* Exec'd by a child that had touched 96 MiB. */
		printf("after exec, at least 80 MiB: %s\n",
		       maxrss(RUSAGE_SELF) >= 80 * 1024 ? "yes" : "no");
		return 0;
	}
	long start = maxrss(RUSAGE_SELF);
	printf("maxrss positive: %s\n", start > 0 ? "yes" : "no");
	/* A margin over each threshold: the kernel's resident counts are
	 * per-CPU batched, so a read may lag the pages touched a little. */
	touch(72 * MIB);
	printf("VmHWM at least 64 MiB after unmapping: %s\n",
	       status_kb("VmHWM") >= 64 * 1024 ? "yes" : "no");
	printf("VmRSS under VmHWM: %s\n", status_kb("VmRSS") < status_kb("VmHWM") ? "yes" : "no");
	printf("VmPeak 60 MiB over VmSize after unmapping: %s\n",
	       status_kb("VmPeak") >= status_kb("VmSize") + 60 * 1024 ? "yes" : "no");
	long after = maxrss(RUSAGE_SELF);
	printf("at least 64 MiB after touching 64 MiB: %s\n", after >= 64 * 1024 ? "yes" : "no");
	printf("thread's view at least as much: %s\n",
	       maxrss(RUSAGE_THREAD) >= after ? "yes" : "no");
	printf("children so far under 64 MiB: %s\n",
	       maxrss(RUSAGE_CHILDREN) < 64 * 1024 ? "yes" : "no");

	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		touch(144 * MIB);
		_exit(0);
	}
	struct rusage ru;
	int st;
	wait4(pid, &st, 0, &ru);
	printf("wait4: child at least 128 MiB: %s\n", ru.ru_maxrss >= 128 * 1024 ? "yes" : "no");
	printf("children at least 128 MiB: %s\n",
	       maxrss(RUSAGE_CHILDREN) >= 128 * 1024 ? "yes" : "no");
	printf("self still under 128 MiB: %s\n", maxrss(RUSAGE_SELF) < 128 * 1024 ? "yes" : "no");

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		touch(96 * MIB);
		execl("/proc/self/exe", argv[0], "exec", (char *)NULL);
		_exit(2);
	}
	waitpid(pid, &st, 0);
	printf("exec child status %d\n", WEXITSTATUS(st));

	errno = 0;
	printf("who 5: %s\n", getrusage(5, &ru) < 0 ? errname(errno) : "ok");
	return 0;
}
