/* kill's permission rules (check_kill_permission): the sender's real or
 * effective uid must match the target's real or saved uid (never its
 * effective one); SIGCONT passes within a session; root passes always;
 * kill(-1) signals every process allowed but init and the caller, ESRCH
 * when there is none.  Targets run as uids of their own and report each
 * SIGUSR1 on a pipe. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errname.h"
#include "sigtest.h"

#define U1 47101
#define U2 47102
#define U3 47103
#define U4 47104

static int report[2], go[2], ready[2];
static char my_id;

static void usr1(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)si;
	(void)uc;
	write(report[1], &my_id, 1);
}

static void cont(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)si;
	(void)uc;
	char c = (char)(my_id + 32); /* lower case: SIGCONT */
	write(report[1], &c, 1);
}

/* A target with ids (ruid, euid, suid), reporting as @id. */
static pid_t target(char id, uid_t r, uid_t e, uid_t s)
{
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		my_id = id;
		on_signal(SIGUSR1, usr1, 0, 0);
		on_signal(SIGCONT, cont, 0, 0);
		if (setresuid(r, e, s) < 0) {
			printf("setresuid: %s\n", errname(errno));
			_exit(1);
		}
		pipe_post(ready[1]);
		char ch;
		while (read(go[0], &ch, 1) < 0 && errno == EINTR)
			;
		_exit(0);
	}
	pipe_wait(ready[0]);
	return c;
}

/* The next report (waiting for it). */
static char next_report(void)
{
	struct pollfd pf = {report[0], POLLIN, 0};
	char c = '?';
	while (poll(&pf, 1, -1) < 0 && errno == EINTR)
		;
	read(report[0], &c, 1);
	return c;
}

/* Whether a report is waiting (without waiting). */
static const char *pending_report(void)
{
	struct pollfd pf = {report[0], POLLIN, 0};
	return poll(&pf, 1, 0) == 1 ? "yes" : "no";
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	pipe(report);
	pipe(go);
	pipe(ready);
	pid_t a = target('A', U1, U1, U1);
	pid_t b = target('B', U2, U2, U2);
	pid_t c = target('C', U3, U1, U3); /* euid U1 only */
	pid_t d = target('D', U3, U3, U1); /* saved uid U1 */
	pid_t e = target('E', U4, U4, U4);
	pid_t all[5] = {a, b, c, d, e};

	fflush(stdout);
	pid_t s = fork();
	if (s == 0) {
		/* The sender: real U1, effective U2. */
		if (setresuid(U1, U2, U2) < 0) {
			printf("setresuid: %s\n", errname(errno));
			_exit(1);
		}
		const char *names = "ABCDE";
		char got[8] = {0};
		int n = 0;
		for (int i = 0; i < 5; i++) {
			long r = kill(all[i], SIGUSR1);
			if (r == 0)
				got[n++] = next_report();
			printf("uid %d/euid %d -> %c: %s\n", U1, U2, names[i], res(r));
		}
		printf("reports: %s\n", got);
		printf("signal 0 to E: %s\n", res(kill(e, 0)));
		printf("tkill to E: %s\n", res(syscall(SYS_tkill, e, SIGUSR1)));
		printf("sigqueue to E: %s\n", res(sigqueue(e, SIGUSR1, (union sigval){0})));
		long r = kill(e, SIGCONT);
		printf("SIGCONT to E, same session: %s, report %c\n", res(r),
		       r == 0 ? next_report() : '-');
		printf("to root: %s\n", res(kill(getppid(), SIGUSR1)));
		printf("nothing else: %s\n", pending_report());
		_exit(0);
	}
	waitpid(s, NULL, 0);

	/* kill(-1) from U1: A and D (real or saved U1), not C (only its
	 * effective uid is U1), not root, not the caller. */
	fflush(stdout);
	s = fork();
	if (s == 0) {
		setresuid(U1, U1, U1);
		printf("kill(-1) as uid %d: %s\n", U1, res(kill(-1, SIGUSR1)));
		_exit(0);
	}
	waitpid(s, NULL, 0);
	char x = next_report(), y = next_report();
	printf("reached: %c%c\n", x < y ? x : y, x < y ? y : x);
	printf("nothing else: %s\n", pending_report());
	s = fork();
	if (s == 0) {
		setresuid(U4 + 10, U4 + 10, U4 + 10);
		printf("kill(-1) as a uid nobody else has: %s\n", res(kill(-1, SIGUSR1)));
		_exit(0);
	}
	waitpid(s, NULL, 0);

	for (int i = 0; i < 5; i++)
		pipe_post(go[1]);
	for (int i = 0; i < 5; i++)
		waitpid(all[i], NULL, 0);
	return 0;
}
