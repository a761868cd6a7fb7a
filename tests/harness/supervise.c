/* supervise: run one test command under a time limit and make sure that
 * nothing it started outlives it.
 *
 *   supervise [-t SECONDS] [-r REPORT] [-i FILE] [-o FILE] -- COMMAND [ARGS...]
 *
 * COMMAND runs in a process group of its own.  supervise is a child
 * subreaper, so every descendant that loses its parent (a daemon, a stub
 * whose sbx died) becomes supervise's child instead of init's.  When the
 * limit passes (-t, default 60 s), the command's process group is killed
 * with SIGKILL.  Once the command has ended, supervise waits a short grace
 * period for its remaining children to go; any still alive then is a
 * leftover: it is reported, killed by pid and reaped, and so are its own
 * descendants as they get orphaned.
 *
 * -i FILE feeds FILE to the command's stdin through a pipe, -o FILE collects
 * its stdout through a pipe into FILE (without them, stdin and stdout are
 * supervise's own, e.g. regular files).  stderr is always supervise's own.
 *
 * REPORT (-r) receives one line per finding:
 *   timeout       the time limit passed
 *   leftover PID NAME
 *   signaled SIG  the command itself was killed by signal SIG
 *   status N      the command's status as a shell shows it (N, or 128+SIG)
 * supervise exits with the command's shell status (124 after a timeout,
 * 125 when it could not run the command at all).
 *
 * SIGINT, SIGTERM and SIGHUP sent to supervise end the command the same way
 * as a timeout, so an interrupted test run leaves nothing behind. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define GRACE_MS 2000
#define MAX_KIDS 1024

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* The pids of supervise's living children, from /proc.  Orphans may be
 * handed to any thread of a subreaper, so every thread's list is read. */
static int list_children(pid_t *pids, int max)
{
	int n = 0;
	DIR *d = opendir("/proc/self/task");
	if (!d)
		return 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char path[300];
		snprintf(path, sizeof path, "/proc/self/task/%s/children", e->d_name);
		FILE *f = fopen(path, "r");
		if (!f)
			continue;
		int pid;
		while (n < max && fscanf(f, "%d", &pid) == 1)
			pids[n++] = pid;
		fclose(f);
	}
	closedir(d);
	return n;
}

static void process_name(pid_t pid, char *buf, size_t len)
{
	char path[64];
	snprintf(path, sizeof path, "/proc/%d/comm", (int)pid);
	FILE *f = fopen(path, "r");
	if (!f || !fgets(buf, (int)len, f))
		snprintf(buf, len, "?");
	if (f)
		fclose(f);
	buf[strcspn(buf, "\n")] = 0;
}

/* Reap every child that has ended; records the command's status. */
static void reap(pid_t cmd, int *cmd_status, bool *cmd_done)
{
	int st;
	pid_t pid;
	while ((pid = waitpid(-1, &st, WNOHANG | __WALL)) > 0) {
		if (pid == cmd) {
			*cmd_status = st;
			*cmd_done = true;
		}
	}
}

/* Wait for a signal of @set until @deadline (ms, CLOCK_MONOTONIC); returns
 * the signal or 0 on timeout. */
static int wait_signal(const sigset_t *set, long long deadline)
{
	long long left = deadline - now_ms();
	if (left < 0)
		left = 0;
	struct timespec ts = {left / 1000, (left % 1000) * 1000000};
	int sig = sigtimedwait(set, NULL, &ts);
	return sig > 0 ? sig : 0;
}

/* A pump copies one fd to another until end of file or a write error (the
 * reader went away), then closes both: the feeder of a piped stdin and the
 * collector of a piped stdout. */
struct pump {
	int from, to;
	pthread_t thread;
};

static void *pump_run(void *arg)
{
	struct pump *p = arg;
	char buf[65536];
	for (;;) {
		ssize_t n = read(p->from, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		for (ssize_t off = 0; off < n;) {
			ssize_t w = write(p->to, buf + off, (size_t)(n - off));
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				goto out;
			off += w;
		}
	}
out:
	close(p->from);
	close(p->to);
	return NULL;
}

/* Opens @path and a pipe; the pump copies between them.  Returns the pipe
 * end the command gets (its stdin or stdout), or -1. */
static int pump_start(struct pump *p, const char *path, bool to_command)
{
	int fds[2];
	int file = open(path, to_command ? O_RDONLY | O_CLOEXEC
					 : O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (file < 0 || pipe2(fds, O_CLOEXEC) != 0) {
		fprintf(stderr, "supervise: %s: %s\n", path, strerror(errno));
		return -1;
	}
	p->from = to_command ? file : fds[0];
	p->to = to_command ? fds[1] : file;
	if (pthread_create(&p->thread, NULL, pump_run, p) != 0)
		return -1;
	return to_command ? fds[0] : fds[1];
}

static void usage(void)
{
	fprintf(stderr, "usage: supervise [-t SECONDS] [-r REPORT] [-i FILE] [-o FILE] -- "
			"COMMAND [ARGS...]\n");
	exit(125);
}

int main(int argc, char **argv)
{
	long limit_ms = 60 * 1000;
	const char *report_path = "/dev/null", *in_path = NULL, *out_path = NULL;
	int c;
	while ((c = getopt(argc, argv, "+t:r:i:o:")) != -1) {
		switch (c) {
		case 't':
			limit_ms = strtol(optarg, NULL, 10) * 1000;
			break;
		case 'r':
			report_path = optarg;
			break;
		case 'i':
			in_path = optarg;
			break;
		case 'o':
			out_path = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind >= argc)
		usage();
	FILE *report = fopen(report_path, "we");
	if (!report) {
		perror(report_path);
		return 125;
	}
	setvbuf(report, NULL, _IOLBF, 0);
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0) {
		perror("supervise: PR_SET_CHILD_SUBREAPER");
		return 125;
	}

	/* Blocked before the pumps start, so no thread takes these signals. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGPIPE);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sigdelset(&set, SIGPIPE); /* a pump sees EPIPE instead */

	struct pump in_pump, out_pump;
	int in_fd = -1, out_fd = -1;
	if (in_path && (in_fd = pump_start(&in_pump, in_path, true)) < 0)
		return 125;
	if (out_path && (out_fd = pump_start(&out_pump, out_path, false)) < 0)
		return 125;

	pid_t cmd = fork();
	if (cmd < 0) {
		perror("supervise: fork");
		return 125;
	}
	if (cmd == 0) {
		setpgid(0, 0);
		if ((in_fd >= 0 && dup2(in_fd, 0) < 0) || (out_fd >= 0 && dup2(out_fd, 1) < 0))
			_exit(125);
		/* A clean start whatever supervise inherited: a shell starts
		 * background jobs with SIGINT and SIGQUIT ignored. */
		for (int sig = 1; sig < NSIG; sig++)
			signal(sig, SIG_DFL);
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		execvp(argv[optind], &argv[optind]);
		fprintf(stderr, "supervise: %s: %s\n", argv[optind], strerror(errno));
		_exit(errno == ENOENT ? 127 : 126);
	}
	setpgid(cmd, cmd); /* also here, so the group exists before any kill */
	if (in_fd >= 0)
		close(in_fd);
	if (out_fd >= 0)
		close(out_fd);

	int cmd_status = 0;
	bool cmd_done = false, timed_out = false;
	long long deadline = now_ms() + limit_ms;
	while (!cmd_done) {
		int sig = wait_signal(&set, deadline);
		reap(cmd, &cmd_status, &cmd_done);
		if (cmd_done || sig == SIGCHLD)
			continue;
		if (sig == 0) {
			timed_out = true;
			fprintf(report, "timeout\n");
		}
		kill(-cmd, SIGKILL);
		if (waitpid(cmd, &cmd_status, __WALL) == cmd)
			cmd_done = true;
	}

	/* Whatever the command started must be gone shortly after it.  The
	 * grace period lets processes that are already dying (PDEATHSIG) go. */
	long long grace_end = now_ms() + GRACE_MS;
	for (;;) {
		int ignored;
		bool done = false;
		reap(cmd, &ignored, &done);
		pid_t kids[MAX_KIDS];
		int n = list_children(kids, MAX_KIDS);
		if (n == 0)
			break;
		if (now_ms() < grace_end) {
			long long next = now_ms() + 50;
			wait_signal(&set, next < grace_end ? next : grace_end);
			continue;
		}
		for (int i = 0; i < n; i++) {
			char name[64];
			process_name(kids[i], name, sizeof name);
			fprintf(report, "leftover %d %s\n", (int)kids[i], name);
			kill(kids[i], SIGKILL);
		}
		for (int i = 0; i < n; i++)
			waitpid(kids[i], NULL, __WALL);
		/* Their orphans are found in the next round. */
	}

	/* Nobody holds the pipes any more: the pumps end. */
	if (in_path)
		pthread_join(in_pump.thread, NULL);
	if (out_path)
		pthread_join(out_pump.thread, NULL);

	int shell;
	if (WIFEXITED(cmd_status)) {
		shell = WEXITSTATUS(cmd_status);
	} else {
		shell = 128 + WTERMSIG(cmd_status);
		fprintf(report, "signaled %d\n", WTERMSIG(cmd_status));
	}
	fprintf(report, "status %d\n", shell);
	fclose(report);
	return timed_out ? 124 : shell;
}
