/* procps on /proc: in a session of its own, the program runs ps and top
 * (when they are installed) and checks what they see: itself with its
 * name and parent, ps itself as its child, nobody else in its session,
 * pid 1; top -b -n 1 and ps aux exit 0 with their usual headers. */
//! libc: glibc
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char out[1 << 20];

static const char *yes(int c)
{
	return c ? "yes" : "no";
}

/* Run @argv with stdout into out[]; the exit status, or -1. */
static int run(char *const argv[], pid_t *child)
{
	int p[2];
	if (pipe(p) < 0)
		return -1;
	pid_t c = fork();
	if (c == 0) {
		dup2(p[1], 1);
		close(p[0]);
		close(p[1]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(p[1]);
	if (child)
		*child = c;
	size_t n = 0;
	ssize_t r;
	while (n < sizeof(out) - 1 && (r = read(p[0], out + n, sizeof(out) - 1 - n)) > 0)
		n += (size_t)r;
	out[n] = '\0';
	close(p[0]);
	int st;
	if (waitpid(c, &st, 0) < 0)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static int check(void)
{
	pid_t me = getpid(), parent = getppid(), ps_pid;
	char *ps[] = {"/usr/bin/ps", "-e", "-o", "pid=,ppid=,sid=,comm=", NULL};
	int st = run(ps, &ps_pid);
	printf("ps -e exit status: %d\n", st);
	int lines = 0, parsed = 0, me_ok = 0, ps_ok = 0, one = 0, in_session = 0;
	for (char *l = out; *l; l = strchr(l, '\n') + 1) {
		int pid, ppid, sid;
		char comm[64];
		lines++;
		if (sscanf(l, "%d %d %d %63s", &pid, &ppid, &sid, comm) == 4) {
			parsed++;
			if (pid == me)
				me_ok = ppid == parent && sid == me && !strcmp(comm, "proc_ps");
			if (pid == ps_pid)
				ps_ok = ppid == me && !strcmp(comm, "ps");
			one |= pid == 1;
			in_session += sid == me;
		}
		if (!strchr(l, '\n'))
			break;
	}
	printf("every line parses: %s\n", yes(lines > 0 && lines == parsed));
	printf("ps sees us with our name, parent and session: %s\n", yes(me_ok));
	printf("ps sees itself as our child: %s\n", yes(ps_ok));
	printf("processes in our session: %d\n", in_session);
	printf("pid 1 listed: %s\n", yes(one));

	char mine[32];
	snprintf(mine, sizeof(mine), "%d", me);
	char *ps_p[] = {"/usr/bin/ps", "-o", "pid=,stat=,comm=", "-p", mine, NULL};
	st = run(ps_p, NULL);
	int pid;
	char stat[16], comm[64];
	int got = sscanf(out, "%d %15s %63s", &pid, stat, comm);
	printf("ps -p us: status %d, %s %s, session leader: %s\n", st, got == 3 ? comm : "?",
	       yes(got == 3 && pid == me), yes(got == 3 && strchr(stat, 's') != NULL));

	char *aux[] = {"/usr/bin/ps", "aux", NULL};
	st = run(aux, NULL);
	printf("ps aux: status %d, header: %.*s\n", st, (int)strcspn(out, " "), out);
	int found = 0;
	for (char *l = out; *l; l = strchr(l, '\n') + 1) {
		char user[64];
		if (sscanf(l, "%63s %d", user, &pid) == 2 && pid == me)
			found = 1;
		if (!strchr(l, '\n'))
			break;
	}
	printf("ps aux lists us: %s\n", yes(found));

	if (access("/usr/bin/top", X_OK) == 0) {
		char *top[] = {"/usr/bin/top", "-b", "-n", "1", NULL};
		st = run(top, NULL);
		printf("top -b -n 1: status %d\n", st);
		printf("top has its summary: %s\n",
		       yes(!strncmp(out, "top - ", 6) && strstr(out, "\nTasks:") &&
			   strstr(out, "Mem :") && strstr(out, "  PID USER ")));
		found = 0;
		for (char *l = strstr(out, "  PID USER "); l && *l; l = strchr(l, '\n') + 1) {
			if (atoi(l) == me && strstr(l, "proc_ps"))
				found = 1;
			if (!strchr(l, '\n'))
				break;
		}
		printf("top lists us: %s\n", yes(found));
	} else {
		printf("top: not installed\n");
	}
	return 0;
}

int main(void)
{
	if (access("/usr/bin/ps", X_OK) != 0) {
		printf("ps: not installed\n");
		return 0;
	}
	/* A session of our own: the parent leads a process group already, so
	 * a child starts it. */
	pid_t c = fork();
	if (c == 0) {
		if (setsid() < 0) {
			perror("setsid");
			_exit(1);
		}
		int r = check();
		fflush(stdout);
		_exit(r);
	}
	int st;
	waitpid(c, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}
