/* /proc's own files: cpuinfo, meminfo, stat, uptime, loadavg, version,
 * filesystems, and /proc/sys/kernel's identity and random files.  Values
 * differ between machines (and sandboxes); their formats and the facts
 * relating them do not. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

static char buf[1 << 18];

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

static const char *yes(int c)
{
	return c ? "yes" : "no";
}

static unsigned long long meminfo(const char *key)
{
	char k[64];
	snprintf(k, sizeof(k), "\n%s:", key);
	char *p = strncmp(buf, k + 1, strlen(k + 1)) == 0 ? buf - 1 : strstr(buf, k);
	return p ? strtoull(p + strlen(k), NULL, 10) : ~0ULL;
}

static int is_uuid(const char *s)
{
	for (int i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!strchr("0123456789abcdef", s[i])) {
			return 0;
		}
	}
	return s[36] == '\n' && s[37] == '\0';
}

int main(void)
{
	struct utsname u;
	uname(&u);

	/* cpuinfo: one block per CPU, "key\t: value" lines. */
	slurp("/proc/cpuinfo");
	int cpus = 0;
	for (char *p = buf; (p = strstr(p, "processor\t: ")); p++)
		cpus++;
	cpu_set_t set;
	sched_getaffinity(0, sizeof(set), &set);
	printf("cpuinfo lists at least our CPUs: %s\n", yes(cpus >= CPU_COUNT(&set)));
	printf("cpuinfo has model name and flags: %s\n",
	       yes(strstr(buf, "model name\t: ") && strstr(buf, "\nflags\t\t: ")));

	/* meminfo: "Key:" padded to 16 columns, the value to 8, " kB". */
	slurp("/proc/meminfo");
	printf("meminfo starts MemTotal, MemFree, MemAvailable: %s\n",
	       yes(!strncmp(buf, "MemTotal:", 9) && strstr(buf, "\nMemFree:") &&
		   strstr(buf, "\nMemFree:") < strstr(buf, "\nMemAvailable:")));
	int ok = 1, lines = 0;
	for (char *l = buf; *l; l = strchr(l, '\n') + 1) {
		char key[64];
		unsigned long long v;
		int n = 0;
		lines++;
		if (sscanf(l, "%63[^:]: %llu%n", key, &v, &n) != 2 ||
		    (strncmp(l + n, " kB\n", 4) && l[n] != '\n') ||
		    (int)(strchr(l, ':') - l) > 15 || (n != 24 && l[strlen(key) + 1] != ' '))
			ok = 0;
	}
	printf("meminfo lines well formed: %s (%s lines)\n", yes(ok), lines > 30 ? "many" : "few");
	printf("free <= total, available <= total: %s\n",
	       yes(meminfo("MemFree") <= meminfo("MemTotal") &&
		   meminfo("MemAvailable") <= meminfo("MemTotal")));

	/* uptime: two decimals each; it does not go backwards. */
	slurp("/proc/uptime");
	unsigned long a, b, c, d;
	int n = 0;
	printf("uptime format: %s\n",
	       yes(sscanf(buf, "%lu.%2lu %lu.%2lu\n%n", &a, &b, &c, &d, &n) == 4 &&
		   buf[n] == '\0' && buf[n - 1] == '\n'));
	double up1 = strtod(buf, NULL);
	slurp("/proc/uptime");
	double up2 = strtod(buf, NULL);
	printf("uptime monotonic: %s\n", yes(up2 >= up1));

	/* loadavg: three loads, running/total, last pid. */
	slurp("/proc/loadavg");
	double l1, l5, l15;
	int running, total, last;
	n = sscanf(buf, "%lf %lf %lf %d/%d %d", &l1, &l5, &l15, &running, &total, &last);
	printf(
	    "loadavg fields: %d, running >= 1: %s, total >= running: %s, last pid positive: %s\n",
	    n, yes(running >= 1), yes(total >= running), yes(last > 0));

	/* stat: the cpu lines first, then the counters. */
	slurp("/proc/stat");
	printf("stat starts with the cpu total: %s\n", yes(!strncmp(buf, "cpu  ", 5)));
	unsigned long long user, nice, sys, idle;
	printf("cpu line has the times: %s\n",
	       yes(sscanf(buf, "cpu %llu %llu %llu %llu", &user, &nice, &sys, &idle) == 4));
	const char *keys[] = {"\nintr ",	  "\nctxt ",	      "\nbtime ",  "\nprocesses ",
			      "\nprocs_running ", "\nprocs_blocked ", "\nsoftirq "};
	int in_order = 1;
	char *prev = buf;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		char *p = strstr(buf, keys[i]);
		if (!p || p < prev)
			in_order = 0;
		else
			prev = p;
	}
	printf("stat counters in order: %s\n", yes(in_order));
	char *bt = strstr(buf, "\nbtime ");
	long long btime = bt ? atoll(bt + 7) : 0;
	time_t now = time(NULL);
	/* btime + uptime is now (whole seconds, with a margin for rounding). */
	printf("btime + uptime is now: %s\n", yes(llabs(btime + (long long)up2 - now) <= 2));
	char *pr = strstr(buf, "\nprocs_running ");
	printf("procs_running >= 1: %s\n", yes(pr && atoi(pr + 15) >= 1));

	/* version: Linux version <release> ... <uname version>. */
	slurp("/proc/version");
	char head[512];
	snprintf(head, sizeof(head), "Linux version %s (", u.release);
	printf("version names the release: %s\n", yes(!strncmp(buf, head, strlen(head))));
	printf(
	    "version ends with uname's version: %s\n",
	    yes(strlen(buf) > strlen(u.version) &&
		!strncmp(buf + strlen(buf) - 1 - strlen(u.version), u.version, strlen(u.version))));

	/* filesystems: "nodev\tname" or "\tname". */
	slurp("/proc/filesystems");
	ok = 1;
	for (char *l = buf; *l; l = strchr(l, '\n') + 1)
		if (strncmp(l, "nodev\t", 6) && l[0] != '\t')
			ok = 0;
	printf("filesystems lines: %s, proc: %s, tmpfs: %s\n", yes(ok),
	       yes(strstr(buf, "\tproc\n") != NULL), yes(strstr(buf, "\ttmpfs\n") != NULL));

	/* /proc/sys/kernel */
	slurp("/proc/sys/kernel/osrelease");
	printf("osrelease is uname's: %s\n",
	       yes(!strncmp(buf, u.release, strlen(u.release)) && buf[strlen(u.release)] == '\n'));
	slurp("/proc/sys/kernel/ostype");
	printf("ostype: %s", buf);
	slurp("/proc/sys/kernel/hostname");
	printf("hostname is uname's: %s\n", yes(!strncmp(buf, u.nodename, strlen(u.nodename)) &&
						buf[strlen(u.nodename)] == '\n'));
	slurp("/proc/sys/kernel/pid_max");
	printf("pid_max plausible: %s\n", yes(atoi(buf) >= 301 && atoi(buf) <= 4194304));
	slurp("/proc/sys/kernel/random/uuid");
	char u1[64];
	snprintf(u1, sizeof(u1), "%s", buf);
	printf("uuid format: %s, version 4: %s\n", yes(is_uuid(buf)), yes(buf[14] == '4'));
	slurp("/proc/sys/kernel/random/uuid");
	printf("a new uuid each read: %s\n", yes(strcmp(u1, buf) != 0));
	slurp("/proc/sys/kernel/random/boot_id");
	snprintf(u1, sizeof(u1), "%s", buf);
	printf("boot_id format: %s\n", yes(is_uuid(buf)));
	slurp("/proc/sys/kernel/random/boot_id");
	printf("boot_id stays: %s\n", yes(strcmp(u1, buf) == 0));
	errno = 0;
	printf("no such file: %d\n", slurp("/proc/sys/kernel/no-such-file"));
	return 0;
}
