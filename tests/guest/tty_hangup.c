//! libc: glibc musl
/* A session leader with a pty as its controlling terminal exits: the
 * terminal's foreground process group gets SIGHUP (disassociate_ctty on
 * exit), a background group of that session does not, and the terminal
 * controls no session any more. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

/* A member of the session: reports the first signal it gets (or none). */
static void member(int report, int go)
{
	sigset_t all;
	sigfillset(&all);
	char c;
	read(go, &c, 1); /* the leader has been reaped when this returns */
	struct timespec zero = {0, 0};
	siginfo_t si;
	int sig = sigtimedwait(&all, &si, &zero);
	char line[64];
	int n = snprintf(line, sizeof(line), "%s\n", sig > 0 ? strsignal(sig) : "no signal");
	write(report, line, (size_t)n);
	_exit(0);
}

int main(void)
{
	int m = posix_openpt(O_RDWR | O_NOCTTY);
	if (m < 0 || grantpt(m) || unlockpt(m)) {
		perror("pty");
		return 1;
	}
	char *name = ptsname(m);
	int fg_pipe[2], bg_pipe[2], go[2];
	pipe(fg_pipe);
	pipe(bg_pipe);
	pipe(go);
	fflush(stdout);
	pid_t leader = fork();
	if (leader == 0) {
		/* Signals blocked before the members are made: whatever
		 * comes waits for their sigtimedwait. */
		sigset_t all;
		sigfillset(&all);
		sigprocmask(SIG_BLOCK, &all, NULL);
		setsid();
		int s = open(name, O_RDWR); /* becomes the controlling terminal */
		if (s < 0)
			_exit(1);
		pid_t fg = fork();
		if (fg == 0) {
			setpgid(0, 0);
			member(fg_pipe[1], go[0]);
		}
		setpgid(fg, fg);
		tcsetpgrp(s, fg);
		pid_t bg = fork();
		if (bg == 0) {
			setpgid(0, 0);
			member(bg_pipe[1], go[0]);
		}
		setpgid(bg, bg);
		_exit(0);
	}
	close(go[0]);
	close(fg_pipe[1]);
	close(bg_pipe[1]);
	int st;
	waitpid(leader, &st, 0); /* its exit, hang-up included, is over */
	write(go[1], "gg", 2);
	char buf[64];
	ssize_t n = read(fg_pipe[0], buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	printf("foreground group: %s", n > 0 ? buf : "nothing\n");
	n = read(bg_pipe[0], buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	printf("background group: %s", n > 0 ? buf : "nothing\n");
	pid_t sid = tcgetsid(m);
	printf("the terminal's session after: %s\n", sid < 0 ? "none" : "still one");
	return 0;
}
