/* /proc/<pid>/stat and statm: every field is there (52 and 7), and the
 * ones that name ids and addresses agree with what the process knows about
 * itself; a child's state letter follows it through sleeping, stopped and
 * zombie, and its directory goes when it is reaped. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static int slurp(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	size_t n = 0;
	ssize_t r;
	while (n < size - 1 && (r = read(fd, buf + n, size - 1 - n)) > 0)
		n += (size_t)r;
	close(fd);
	buf[n] = '\0';
	return (int)n;
}

/* The fields of a stat line: [0] pid, [1] comm, [2] state... as strings. */
static int split_stat(char *line, char *f[64])
{
	char *open = strchr(line, '('), *close = strrchr(line, ')');
	if (!open || !close)
		return 0;
	*open = '\0';
	*close = '\0';
	if (open > line && open[-1] == ' ')
		open[-1] = '\0';
	f[0] = line;
	f[1] = open + 1;
	int n = 2;
	for (char *p = strtok(close + 1, " \n"); p && n < 64; p = strtok(NULL, " \n"))
		f[n++] = p;
	return n;
}

static char state_of(pid_t pid)
{
	char path[64], buf[1024], *f[64];
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (slurp(path, buf, sizeof(buf)) <= 0 || split_stat(buf, f) < 3)
		return '?';
	return f[2][0];
}

static const char *yes(int c)
{
	return c ? "yes" : "no";
}

int main(int argc, char **argv)
{
	(void)argc;
	static char stat[4096], tstat[4096], statm[256];
	/* Read before anything allocates, so that both see the same mm. */
	int n1 = slurp("/proc/self/stat", stat, sizeof(stat));
	char tpath[64];
	snprintf(tpath, sizeof(tpath), "/proc/self/task/%d/stat", (int)syscall(SYS_gettid));
	int n2 = slurp(tpath, tstat, sizeof(tstat));
	int n3 = slurp("/proc/self/statm", statm, sizeof(statm));
	printf("read stat, task stat, statm: %s %s %s\n", yes(n1 > 0), yes(n2 > 0), yes(n3 > 0));
	printf("stat ends in a newline: %s\n", yes(n1 > 0 && stat[n1 - 1] == '\n'));

	char *f[64];
	int nf = split_stat(stat, f);
	printf("stat fields: %d\n", nf);
	if (nf < 52)
		return 1;
	printf("pid=%s\n", f[0]);
	printf("pid field is getpid: %s\n", yes(atoi(f[0]) == getpid()));
	const char *base = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	printf("comm is the program name: %s\n", yes(strncmp(f[1], base, 15) == 0));
	printf("state: %s\n", f[2]);
	printf("ppid is getppid: %s\n", yes(atoi(f[3]) == getppid()));
	printf("pgrp is getpgrp: %s\n", yes(atoi(f[4]) == getpgrp()));
	printf("session is getsid: %s\n", yes(atoi(f[5]) == getsid(0)));
	printf("num_threads: %s\n", f[19]);
	printf("itrealvalue: %s\n", f[20]);
	unsigned long vsize = strtoul(f[22], NULL, 10), rss = strtoul(f[23], NULL, 10);
	/* (rss may lag behind natively: the counters are per-thread caches) */
	printf("vsize positive: %s\n", yes(vsize > 0));
	(void)rss;
	unsigned long startcode = strtoul(f[25], NULL, 10), endcode = strtoul(f[26], NULL, 10);
	printf("code range holds main: %s\n",
	       yes(startcode <= (unsigned long)main && (unsigned long)main < endcode));
	unsigned long startstack = strtoul(f[27], NULL, 10);
	int local;
	printf("start of stack above locals: %s\n", yes(startstack > (unsigned long)&local));
	printf("exit_signal: %s\n", f[37]);
	unsigned long arg_start = strtoul(f[47], NULL, 10), arg_end = strtoul(f[48], NULL, 10);
	unsigned long env_start = strtoul(f[49], NULL, 10), env_end = strtoul(f[50], NULL, 10);
	printf("arg_start is argv[0]: %s\n", yes(arg_start == (unsigned long)argv[0]));
	printf("arg_end is past argv: %s\n", yes(arg_end > arg_start));
	printf("environment follows: %s\n",
	       yes(env_start == arg_end &&
		   (!environ[0] || env_start == (unsigned long)environ[0]) &&
		   env_end >= env_start));
	printf("exit_code: %s\n", f[51]);

	char *t[64];
	int nt = split_stat(tstat, t);
	printf("task stat fields: %d, same pid and comm: %s\n", nt,
	       yes(nt >= 52 && strcmp(t[0], f[0]) == 0 && strcmp(t[1], f[1]) == 0));

	unsigned long m[7];
	int nm = sscanf(statm, "%lu %lu %lu %lu %lu %lu %lu", &m[0], &m[1], &m[2], &m[3], &m[4],
			&m[5], &m[6]);
	printf("statm fields: %d\n", nm);
	printf("statm size is vsize in pages: %s\n", yes(m[0] * 4096 == vsize));
	/* (resident grows as pages are touched between the two reads) */
	printf("statm resident positive: %s\n", yes(m[1] > 0));
	printf("lib and dt are 0: %s\n", yes(m[4] == 0 && m[6] == 0));

	/* A child asleep, stopped, then a zombie. */
	int p[2];
	if (pipe(p) < 0)
		return 1;
	pid_t c = fork();
	if (c == 0) {
		char x;
		close(p[1]);
		read(p[0], &x, 1);
		_exit(7);
	}
	close(p[0]);
	char s = '?';
	for (int i = 0; i < 20000 && (s = state_of(c)) != 'S'; i++)
		usleep(1000);
	printf("child asleep in read: %c\n", s);
	char cpath[64], cbuf[1024], *cf[64];
	snprintf(cpath, sizeof(cpath), "/proc/%d/stat", (int)c);
	slurp(cpath, cbuf, sizeof(cbuf));
	int ncf = split_stat(cbuf, cf);
	printf("child's ppid is us: %s\n", yes(ncf > 3 && atoi(cf[3]) == getpid()));
	kill(c, SIGSTOP);
	int st;
	waitpid(c, &st, WUNTRACED);
	printf("child stopped: %c\n", state_of(c));
	kill(c, SIGCONT);
	close(p[1]);
	siginfo_t si;
	waitid(P_PID, (id_t)c, &si, WEXITED | WNOWAIT);
	printf("child exited, not reaped: %c\n", state_of(c));
	slurp(cpath, cbuf, sizeof(cbuf));
	ncf = split_stat(cbuf, cf);
	printf("zombie's exit_code: %s\n", ncf >= 52 ? cf[51] : "?");
	printf("zombie's vsize: %s\n", ncf >= 52 ? cf[22] : "?");
	waitpid(c, &st, 0);
	printf("reaped, /proc/<child> gone: %s\n", yes(access(cpath, F_OK) < 0 && errno == ENOENT));
	return 0;
}
