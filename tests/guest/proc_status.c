/* /proc/self/status: Linux's fields in Linux's order (those every kernel
 * since 5.x has; newer kernels add more in between), with values that
 * follow what the process does: its name (prctl and /proc/self/comm),
 * umask, signal masks and dispositions, ids. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

static char buf[65536];

static int slurp(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	size_t n = 0;
	ssize_t r;
	while (n < sizeof(buf) - 1 && (r = read(fd, buf + n, sizeof(buf) - 1 - n)) > 0)
		n += (size_t)r;
	close(fd);
	buf[n] = '\0';
	return (int)n;
}

/* The value of "Key:\t..." (up to the end of the line), or NULL. */
static const char *field(const char *key)
{
	static char val[4096];
	size_t k = strlen(key);
	for (char *l = buf; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		if (strncmp(l, key, k) == 0 && l[k] == ':' && l[k + 1] == '\t') {
			const char *v = l + k + 2;
			size_t n = strcspn(v, "\n");
			if (n >= sizeof(val))
				n = sizeof(val) - 1;
			memcpy(val, v, n);
			val[n] = '\0';
			return val;
		}
	}
	return NULL;
}

static const char *yes(int c)
{
	return c ? "yes" : "no";
}

static void handler(int sig)
{
	(void)sig;
}

int main(void)
{
	static const char *const order[] = {"Name",
					    "Umask",
					    "State",
					    "Tgid",
					    "Ngid",
					    "Pid",
					    "PPid",
					    "TracerPid",
					    "Uid",
					    "Gid",
					    "FDSize",
					    "Groups",
					    "NStgid",
					    "NSpid",
					    "NSpgid",
					    "NSsid",
					    "VmPeak",
					    "VmSize",
					    "VmLck",
					    "VmPin",
					    "VmHWM",
					    "VmRSS",
					    "RssAnon",
					    "RssFile",
					    "RssShmem",
					    "VmData",
					    "VmStk",
					    "VmExe",
					    "VmLib",
					    "VmPTE",
					    "VmSwap",
					    "HugetlbPages",
					    "CoreDumping",
					    "THP_enabled",
					    "Threads",
					    "SigQ",
					    "SigPnd",
					    "ShdPnd",
					    "SigBlk",
					    "SigIgn",
					    "SigCgt",
					    "CapInh",
					    "CapPrm",
					    "CapEff",
					    "CapBnd",
					    "CapAmb",
					    "NoNewPrivs",
					    "Seccomp",
					    "Seccomp_filters",
					    "Speculation_Store_Bypass",
					    "SpeculationIndirectBranch",
					    "Cpus_allowed",
					    "Cpus_allowed_list",
					    "Mems_allowed",
					    "Mems_allowed_list",
					    "voluntary_ctxt_switches",
					    "nonvoluntary_ctxt_switches"};
	umask(027);
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGRTMIN + 2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGUSR2, SIG_IGN);
	signal(SIGHUP, handler);
	raise(SIGUSR1); /* blocked: stays pending */

	if (slurp("/proc/self/status") <= 0)
		return 1;
	/* Every field in order, each line "Key:\t...". */
	size_t next = 0;
	int lines = 0, well_formed = 1;
	for (char *l = buf; *l; l = strchr(l, '\n') + 1) {
		lines++;
		char *colon = strchr(l, ':');
		if (!colon || colon[1] != '\t' || !strchr(l, '\n')) {
			well_formed = 0;
			break;
		}
		size_t k = (size_t)(colon - l);
		if (next < sizeof(order) / sizeof(order[0]) && strlen(order[next]) == k &&
		    strncmp(l, order[next], k) == 0)
			next++;
	}
	printf("lines are Key:<tab>value: %s\n", yes(well_formed));
	printf("fields in Linux's order: %zu of %zu\n", next, sizeof(order) / sizeof(order[0]));
	if (next < sizeof(order) / sizeof(order[0]))
		printf("first missing: %s\n", order[next]);

	printf("Name: %s\n", field("Name"));
	printf("Umask: %s\n", field("Umask"));
	printf("State: %s\n", field("State"));
	printf("Tgid pid=%s, ", field("Tgid"));
	printf("Pid pid=%s, ", field("Pid"));
	printf("PPid ppid=%s\n", field("PPid"));
	printf("Tgid is getpid: %s\n", yes(atoi(field("Tgid")) == getpid()));
	printf("Pid is getpid: %s\n", yes(atoi(field("Pid")) == getpid()));
	printf("PPid is getppid: %s\n", yes(atoi(field("PPid")) == getppid()));
	printf("NSpid is getpid: %s\n", yes(atoi(field("NSpid")) == getpid()));
	printf("NSpgid is getpgrp: %s\n", yes(atoi(field("NSpgid")) == getpgrp()));
	printf("NSsid is getsid: %s\n", yes(atoi(field("NSsid")) == getsid(0)));
	printf("TracerPid: %s\n", field("TracerPid"));
	char ids[128];
	snprintf(ids, sizeof(ids), "%d\t%d\t%d\t%d", getuid(), geteuid(), getuid(), geteuid());
	printf("Uid matches: %s\n", yes(strcmp(field("Uid"), ids) == 0));
	snprintf(ids, sizeof(ids), "%d\t%d\t%d\t%d", getgid(), getegid(), getgid(), getegid());
	printf("Gid matches: %s\n", yes(strcmp(field("Gid"), ids) == 0));
	int fdsize = atoi(field("FDSize"));
	printf("FDSize a power of two >= 64: %s\n", yes(fdsize >= 64 && !(fdsize & (fdsize - 1))));
	printf(
	    "Groups ends in a space: %s\n",
	    yes(field("Groups")[0] == '\0' || field("Groups")[strlen(field("Groups")) - 1] == ' '));
	unsigned long size, rss;
	printf("VmSize in kB: %s\n",
	       yes(sscanf(field("VmSize"), "%lu kB", &size) == 1 && size > 0));
	printf("VmSize padded to 8: %s\n", yes(strlen(field("VmSize")) == 11));
	printf("VmRSS in kB: %s\n", yes(sscanf(field("VmRSS"), "%lu kB", &rss) == 1 && rss > 0));
	printf("Threads: %s\n", field("Threads"));
	printf("SigQ has a limit: %s\n", yes(strchr(field("SigQ"), '/') != NULL));
	printf("SigPnd: %s\n", field("SigPnd"));
	printf("ShdPnd: %s\n", field("ShdPnd"));
	printf("SigBlk: %s\n", field("SigBlk"));
	printf("SigIgn: %s\n", field("SigIgn"));
	printf("SigCgt: %s\n", field("SigCgt"));
	printf("NoNewPrivs: %s\n", field("NoNewPrivs"));
	printf("Cpus_allowed_list non-empty: %s\n", yes(field("Cpus_allowed_list")[0] != '\0'));

	/* Names: prctl, /proc/self/comm, and escaping in status. */
	prctl(PR_SET_NAME, "renamed");
	slurp("/proc/self/status");
	printf("after PR_SET_NAME: %s\n", field("Name"));
	slurp("/proc/self/comm");
	printf("comm: %s", buf);
	prctl(PR_SET_NAME, "a\\b\nc-long-name-cut-here");
	slurp("/proc/self/status");
	printf("escaped Name: %s\n", field("Name"));
	slurp("/proc/self/comm");
	printf("comm raw length: %zu\n", strlen(buf));
	int fd = open("/proc/self/comm", O_WRONLY);
	ssize_t w = fd >= 0 ? write(fd, "written\n", 8) : -1;
	if (fd >= 0)
		close(fd);
	printf("write to comm: %zd\n", w);
	char name[17] = {0};
	prctl(PR_GET_NAME, name);
	printf("PR_GET_NAME after it: %s", name);
	printf("|\n");
	fd = open("/proc/self/comm", O_WRONLY);
	w = fd >= 0 ? write(fd, "0123456789abcdefghij", 20) : -1;
	if (fd >= 0)
		close(fd);
	prctl(PR_GET_NAME, name);
	printf("long write: %zd, name %s\n", w, name);
	/* Another process's name cannot be written. */
	pid_t parent = getppid();
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)parent);
	fd = open(path, O_WRONLY);
	if (fd >= 0) {
		errno = 0;
		w = write(fd, "x", 1);
		printf("write to parent's comm: %zd %s\n", w, w < 0 ? strerror(errno) : "");
		close(fd);
	} else {
		printf("write to parent's comm: open refused\n");
	}
	return 0;
}
