/* /proc/PID/status's capability, NoNewPrivs and seccomp lines follow the
 * task: the sets as capget, PR_CAPBSET_READ and PR_CAP_AMBIENT_IS_SET
 * report them, after capset drops, a bounding-set drop and an ambient
 * raise; NoNewPrivs after PR_SET_NO_NEW_PRIVS; Seccomp and Seccomp_filters
 * after filters are installed (per thread, inherited by fork) and in
 * strict mode.  What the process starts with depends on who started it, so
 * only relations and changes are printed. */
//! libc: glibc
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errname.h"

static char buf[16384];

static int slurp_fd(int fd)
{
	size_t n = 0;
	ssize_t r;
	while (n < sizeof(buf) - 1 && (r = read(fd, buf + n, sizeof(buf) - 1 - n)) > 0)
		n += (size_t)r;
	buf[n] = '\0';
	return (int)n;
}

static int slurp(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	int n = slurp_fd(fd);
	close(fd);
	return n;
}

/* The value of "Key:\t..." in buf as a number in @base; -1 if missing. */
static long long field(const char *key, int base)
{
	size_t k = strlen(key);
	for (char *l = buf; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
		if (strncmp(l, key, k) == 0 && l[k] == ':' && l[k + 1] == '\t')
			return strtoll(l + k + 2, NULL, base);
	return -1;
}

static const char *yes(int c)
{
	return c ? "yes" : "no";
}

struct caps {
	unsigned long long inh, prm, eff;
};

static int get_caps(pid_t pid, struct caps *c)
{
	struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, pid};
	struct __user_cap_data_struct d[2];
	if (syscall(SYS_capget, &h, d) < 0)
		return -1;
	c->inh = d[0].inheritable | (unsigned long long)d[1].inheritable << 32;
	c->prm = d[0].permitted | (unsigned long long)d[1].permitted << 32;
	c->eff = d[0].effective | (unsigned long long)d[1].effective << 32;
	return 0;
}

static int set_caps(const struct caps *c)
{
	struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct d[2] = {
	    {(unsigned)c->eff, (unsigned)c->prm, (unsigned)c->inh},
	    {(unsigned)(c->eff >> 32), (unsigned)(c->prm >> 32), (unsigned)(c->inh >> 32)}};
	return (int)syscall(SYS_capset, &h, d);
}

/* The bounding and ambient sets as prctl reads them, bit by bit. */
static unsigned long long prctl_set(int ambient)
{
	unsigned long long s = 0;
	for (int cap = 0; cap < 64; cap++) {
		int r = ambient ? prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, cap, 0, 0)
				: prctl(PR_CAPBSET_READ, cap, 0, 0, 0);
		if (r < 0)
			break;
		if (r)
			s |= 1ULL << cap;
	}
	return s;
}

/* Compare the status in buf with what the calls say for @pid. */
static void check_caps(const char *when, pid_t pid)
{
	struct caps c;
	get_caps(pid, &c);
	printf("%s: CapInh %s, CapPrm %s, CapEff %s", when, yes(field("CapInh", 16) == (long long)c.inh),
	       yes(field("CapPrm", 16) == (long long)c.prm),
	       yes(field("CapEff", 16) == (long long)c.eff));
	if (pid == 0)
		printf(", CapBnd %s, CapAmb %s", yes(field("CapBnd", 16) == (long long)prctl_set(0)),
		       yes(field("CapAmb", 16) == (long long)prctl_set(1)));
	printf("\n");
}

static int install_filter(void)
{
	struct sock_filter allow[] = {BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)};
	struct sock_fprog prog = {1, allow};
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0);
}

static long long base_filters;
static int thread_pipe[2], thread_go[2];

/* A thread that installs a filter of its own (no TSYNC): only its status
 * counts it. */
static void *thread_filter(void *arg)
{
	(void)arg;
	int r = install_filter();
	pid_t tid = (pid_t)syscall(SYS_gettid);
	write(thread_pipe[1], &r, sizeof(r));
	write(thread_pipe[1], &tid, sizeof(tid));
	char c;
	read(thread_go[0], &c, 1);
	return NULL;
}

static int creds_child(void)
{
	slurp("/proc/self/status");
	check_caps("at start", 0);
	printf("NoNewPrivs is PR_GET_NO_NEW_PRIVS: %s\n",
	       yes(field("NoNewPrivs", 10) == prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0)));
	printf("Seccomp is PR_GET_SECCOMP: %s\n",
	       yes(field("Seccomp", 10) == prctl(PR_GET_SECCOMP, 0, 0, 0, 0)));
	base_filters = field("Seccomp_filters", 10);
	printf("Seccomp_filters present: %s\n", yes(base_filters >= 0));

	/* Capabilities dropped from the effective set (CAP_NET_RAW), from
	 * the permitted and effective sets (CAP_NET_ADMIN); CAP_CHOWN made
	 * inheritable. */
	struct caps c;
	get_caps(0, &c);
	c.eff &= ~(1ULL << CAP_NET_RAW);
	c.prm &= ~(1ULL << CAP_NET_ADMIN);
	c.eff &= ~(1ULL << CAP_NET_ADMIN);
	c.inh |= c.prm & (1ULL << CAP_CHOWN);
	printf("capset: %s\n", set_caps(&c) == 0 ? "ok" : errname(errno));
	slurp("/proc/self/status");
	check_caps("after capset", 0);
	printf("CAP_NET_RAW effective: %s, permitted as before: %s\n",
	       yes(field("CapEff", 16) >> CAP_NET_RAW & 1),
	       yes((field("CapPrm", 16) >> CAP_NET_RAW & 1) == (c.prm >> CAP_NET_RAW & 1)));
	printf("CAP_NET_ADMIN permitted: %s\n", yes(field("CapPrm", 16) >> CAP_NET_ADMIN & 1));
	int r = prctl(PR_CAPBSET_DROP, CAP_SYS_BOOT, 0, 0, 0);
	printf("PR_CAPBSET_DROP CAP_SYS_BOOT: %s\n", r == 0 ? "ok" : errname(errno));
	r = prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_CHOWN, 0, 0);
	printf("PR_CAP_AMBIENT_RAISE CAP_CHOWN: %s\n", r == 0 ? "ok" : errname(errno));
	slurp("/proc/self/status");
	check_caps("after the bounding drop and ambient raise", 0);
	printf("CAP_SYS_BOOT bounding: %s\n", yes(field("CapBnd", 16) >> CAP_SYS_BOOT & 1));
	printf("CapAmb is CAP_CHOWN alone or empty: %s\n",
	       yes(field("CapAmb", 16) == 1 || field("CapAmb", 16) == 0));

	/* Another process's view: our parent reads ours in a moment; here
	 * we read our parent's and compare with capget of it. */
	slurp("/proc/self/status");
	long long my_eff = field("CapEff", 16);
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/status", getppid());
	slurp(path);
	check_caps("the parent's, read by the child", getppid());
	printf("the parent's CapEff differs from ours: %s\n", yes(field("CapEff", 16) != my_eff));

	/* No new privileges. */
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	slurp("/proc/self/status");
	printf("after PR_SET_NO_NEW_PRIVS: NoNewPrivs %lld\n", field("NoNewPrivs", 10));

	/* Strict mode (before any filter: a filter's mode cannot become
	 * strict) shows 1: a child enters it, says so, and waits (read and
	 * write are all it may call) while we read its status. */
	int ready[2], go[2];
	pipe(ready);
	pipe(go);
	fflush(stdout);
	pid_t k = fork();
	if (k == 0) {
		char ch = 0;
		prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT, 0, 0, 0);
		write(ready[1], &ch, 1);
		read(go[0], &ch, 1);
		syscall(SYS_exit, 0); /* exit_group is not allowed */
	}
	char ch;
	read(ready[0], &ch, 1);
	snprintf(path, sizeof(path), "/proc/%d/status", k);
	slurp(path);
	write(go[1], "x", 1);
	int st;
	waitpid(k, &st, 0);
	printf("a strict child: Seccomp %lld, filters +%lld, NoNewPrivs %lld, exited %d\n",
	       field("Seccomp", 10), field("Seccomp_filters", 10) - base_filters,
	       field("NoNewPrivs", 10), WIFEXITED(st) ? WEXITSTATUS(st) : -1);

	/* Filters. */
	printf("filter: %s\n", install_filter() == 0 ? "ok" : errname(errno));
	slurp("/proc/self/status");
	printf("after a filter: Seccomp %lld, filters +%lld\n", field("Seccomp", 10),
	       field("Seccomp_filters", 10) - base_filters);
	install_filter();
	slurp("/proc/self/status");
	printf("after a second: Seccomp %lld, filters +%lld\n", field("Seccomp", 10),
	       field("Seccomp_filters", 10) - base_filters);

	/* A child inherits them. */
	pid_t f = fork();
	if (f == 0) {
		slurp("/proc/self/status");
		printf("a child: Seccomp %lld, filters +%lld\n", field("Seccomp", 10),
		       field("Seccomp_filters", 10) - base_filters);
		_exit(0);
	}
	waitpid(f, NULL, 0);

	/* A thread's own filter. */
	pipe(thread_pipe);
	pipe(thread_go);
	pthread_t th;
	pthread_create(&th, NULL, thread_filter, NULL);
	pid_t tid;
	read(thread_pipe[0], &r, sizeof(r));
	read(thread_pipe[0], &tid, sizeof(tid));
	snprintf(path, sizeof(path), "/proc/self/task/%d/status", tid);
	slurp(path);
	printf("the thread's filter: %s; its status: filters +%lld\n", r == 0 ? "ok" : "failed",
	       field("Seccomp_filters", 10) - base_filters);
	slurp("/proc/self/status");
	printf("the process's (main thread's) status: filters +%lld\n",
	       field("Seccomp_filters", 10) - base_filters);
	write(thread_go[1], "x", 1);
	pthread_join(th, NULL);

	return 0;
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	fflush(stdout);
	int sync[2];
	pipe(sync);
	pid_t c = fork();
	if (c == 0) {
		close(sync[0]);
		int r = creds_child();
		fflush(stdout);
		/* Tell the parent, then wait for it to have read our status. */
		write(sync[1], "x", 1);
		pause();
		_exit(r);
	}
	close(sync[1]);
	char ch;
	read(sync[0], &ch, 1);
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/status", c);
	slurp(path);
	check_caps("the child's, read by the parent", c);
	printf("the child's NoNewPrivs %lld, Seccomp %lld\n", field("NoNewPrivs", 10),
	       field("Seccomp", 10));
	kill(c, SIGKILL);
	int st;
	waitpid(c, &st, 0);
	return 0;
}
