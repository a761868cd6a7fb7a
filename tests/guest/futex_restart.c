/* A futex wait with a timeout, stopped and continued: without a handler it
 * goes on through restart_syscall with the same deadline and ends in
 * ETIMEDOUT; with a SIGCONT handler it ends in EINTR, even with SA_RESTART
 * (ERESTART_RESTARTBLOCK); without a timeout and with SA_RESTART it goes on
 * waiting.  The child is signalled only once /proc shows it asleep. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "errname.h"

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1

/* The state letter of @pid in /proc/PID/stat. */
static char state_of(pid_t pid)
{
	char path[64], buf[512];
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return '?';
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	char *p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : '?';
}

static void wait_asleep(pid_t pid)
{
	while (state_of(pid) != 'S')
		sched_yield();
}

static void on_cont(int sig)
{
	(void)sig;
}

/* The child: one futex wait on the shared word, the result as exit code:
 * 0 woken, 1 ETIMEDOUT, 2 EINTR, 3 other. */
static int child(volatile unsigned *word, int handler, int timeout_ms)
{
	if (handler) {
		struct sigaction sa;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_cont;
		sa.sa_flags = SA_RESTART;
		sigaction(SIGCONT, &sa, NULL);
	}
	struct timespec ts = {timeout_ms / 1000, (timeout_ms % 1000) * 1000000L};
	long r = syscall(SYS_futex, word, FUTEX_WAIT, 0, timeout_ms ? &ts : NULL, NULL, 0);
	if (r == 0)
		return 0;
	return errno == ETIMEDOUT ? 1 : errno == EINTR ? 2 : 3;
}

static const char *outcome(int st)
{
	static const char *names[] = {"woken", "ETIMEDOUT", "EINTR", "other"};
	if (!WIFEXITED(st) || WEXITSTATUS(st) > 3)
		return "did not exit";
	return names[WEXITSTATUS(st)];
}

static void run(const char *what, volatile unsigned *word, int handler, int timeout_ms)
{
	*word = 0;
	pid_t c = fork();
	if (c == 0)
		_exit(child(word, handler, timeout_ms));
	wait_asleep(c);
	kill(c, SIGSTOP);
	int st;
	waitpid(c, &st, WUNTRACED);
	kill(c, SIGCONT);
	if (!timeout_ms) {
		/* It waits again (restarted): wake it once it sleeps. */
		wait_asleep(c);
		*word = 1;
		syscall(SYS_futex, word, FUTEX_WAKE, 1, NULL, NULL, 0);
	}
	waitpid(c, &st, 0);
	printf("%s: %s\n", what, outcome(st));
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	volatile unsigned *word =
	    mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	run("timeout, stopped and continued, no handler", word, 0, 300);
	run("timeout, SIGCONT handler with SA_RESTART", word, 1, 300);
	run("no timeout, SIGCONT handler with SA_RESTART, then woken", word, 1, 0);
	run("no timeout, no handler, then woken", word, 0, 0);
	return 0;
}
