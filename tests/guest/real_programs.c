/* Programs of a Linux userland that need the credential, scheduling,
 * timer and process-attribute syscalls: id, whoami, nproc, taskset, nice,
 * chrt, flock, timeout, env -i, and a Python multiprocessing pool.  Each
 * runs from $PATH with its output captured; numbers that differ between
 * runs (pids) are replaced before printing. */
//! libc: glibc
#define _GNU_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Run @cmd with /bin/sh, print its output with "pid NNN" made "pid N",
 * then its exit status. */
static void run(const char *label, const char *cmd)
{
	printf("== %s\n", label);
	fflush(stdout);
	FILE *p = popen(cmd, "r");
	if (!p) {
		printf("popen failed\n");
		return;
	}
	char line[1024];
	while (fgets(line, sizeof(line), p)) {
		for (char *s = strstr(line, "pid "); s; s = strstr(s + 4, "pid ")) {
			char *d = s + 4, *e = d;
			while (isdigit((unsigned char)*e))
				e++;
			if (e > d) {
				*d = 'N';
				memmove(d + 1, e, strlen(e) + 1);
			}
		}
		fputs(line, stdout);
	}
	int st = pclose(p);
	printf("exit status: %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
}

int main(void)
{
	run("id", "id");
	run("id -u, -g, -G", "id -u; id -g; id -G");
	run("whoami", "whoami");
	run("nproc", "nproc");
	run("taskset -c 0 true", "taskset -c 0 true");
	run("taskset -c 0 nproc", "taskset -c 0 nproc");
	run("taskset -p (the shell)", "taskset -p $$ | sed 's/.*: //'");
	run("nice -n 5 true", "nice -n 5 true");
	run("nice -n 5 nice", "nice -n 5 nice");
	run("chrt -p $$ (inside sh -c)", "sh -c 'chrt -p $$'");
	run("chrt -f 10 chrt -p (a child)", "chrt -f 10 sh -c 'chrt -p $$'");
	run("flock /tmp/x true", "flock /tmp/sbx-real-programs.lock true; echo $?");
	run("timeout 1 sleep 5", "timeout 1 sleep 5");
	run("timeout 5 true", "timeout 5 true");
	run("env -i", "env -i");
	run("env -i sh -c 'echo $HOME'", "env -i /bin/sh -c 'echo \"[$HOME]\"'");
	run("python3 multiprocessing Pool(2)",
	    "python3 -c 'import multiprocessing as m\n"
	    "def sq(x): return x * x\n"
	    "if __name__ == \"__main__\":\n"
	    "    with m.Pool(2) as p: print(p.map(sq, range(8)))'");
	return 0;
}
