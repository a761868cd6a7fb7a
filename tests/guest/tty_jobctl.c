/* Terminal job control on a pty made in the test (posix_openpt): a session
 * leader S takes the slave as its controlling terminal, and children in
 * process groups of their own (background jobs) use it.  A background read
 * gets SIGTTIN (the job stops; restarted, it stops again; in the
 * foreground it reads), or EIO when SIGTTIN is ignored or blocked, or EINTR
 * after a handler; a write gets SIGTTOU only with TOSTOP; tcsetattr,
 * tcflush, tcdrain and tcsetpgrp get SIGTTOU unless it is ignored or
 * blocked; tcgetattr and the window size do not.  The master and a slave
 * that is not the caller's controlling terminal have no job control.  S's
 * own group, orphaned (its parent is in another session), gets EIO rather
 * than a stop, and ENOTTY from tcsetpgrp.  Through the master, anyone may
 * read the slave's session and foreground group. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "errname.h"

static int master, slave;
static volatile sig_atomic_t got_sig, got_code;

static void on_sig(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got_sig = sig;
	got_code = si->si_code;
}

static const char *sname(int sig)
{
	switch (sig) {
	case SIGTTIN:
		return "SIGTTIN";
	case SIGTTOU:
		return "SIGTTOU";
	case SIGCONT:
		return "SIGCONT";
	case 0:
		return "none";
	default:
		return "other";
	}
}

/* How @sig is disposed of in a job. */
enum disp { DFL, IGN, BLOCK, HANDLER };

static void dispose(int sig, enum disp d)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	if (d == IGN)
		sa.sa_handler = SIG_IGN;
	if (d == HANDLER) {
		sa.sa_sigaction = on_sig;
		sa.sa_flags = SA_SIGINFO; /* no SA_RESTART: the call fails with EINTR */
	}
	sigaction(sig, &sa, NULL);
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(d == BLOCK ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL);
}

/* What a job does with the terminal. */
enum op { READ, WRITE, TCSETATTR, TCGETATTR, TCFLUSH, TCDRAIN, TCSETPGRP, WINSZ, MASTER_READ };

static const char *opname[] = {"read",    "write",     "tcsetattr", "tcgetattr",  "tcflush",
			       "tcdrain", "tcsetpgrp", "winsize",   "master read"};

static long do_op(enum op op)
{
	char buf[16];
	struct termios tio;
	struct winsize ws;
	switch (op) {
	case READ:
		return read(slave, buf, sizeof(buf));
	case WRITE:
		return write(slave, "out\n", 4);
	case TCSETATTR:
		if (tcgetattr(slave, &tio) < 0)
			return -1;
		return tcsetattr(slave, TCSANOW, &tio);
	case TCGETATTR:
		return tcgetattr(slave, &tio);
	case TCFLUSH:
		return tcflush(slave, TCIFLUSH);
	case TCDRAIN:
		return tcdrain(slave);
	case TCSETPGRP:
		return tcsetpgrp(slave, getpgrp());
	case WINSZ:
		if (ioctl(slave, TIOCGWINSZ, &ws) < 0)
			return -1;
		return ioctl(slave, TIOCSWINSZ, &ws);
	case MASTER_READ:
		return read(master, buf, sizeof(buf)); /* non-blocking */
	}
	return -1;
}

static void report(const char *who, enum op op, enum disp d, long r)
{
	static const char *dname[] = {"default", "ignored", "blocked", "handled"};
	printf("  %s %s (%s): %s", who, opname[op], dname[d],
	       r < 0 ? errname(errno) : r > 0 && (op == READ || op == WRITE) ? "data" : "ok");
	if (d == HANDLER)
		printf(", handler saw %s%s", sname(got_sig),
		       got_sig ? (got_code == SI_KERNEL ? " from the kernel" : " from a process")
			       : "");
	printf("\n");
}

/* Drain what jobs wrote to the slave. */
static void drain(void)
{
	char buf[256];
	while (read(master, buf, sizeof(buf)) > 0)
		;
}

/* A background job: a child in a group of its own doing @op with @sig
 * disposed of as @d.  When it stops, it is reported, continued once (it
 * stops again: the call restarts and is checked again), then brought to
 * the foreground and continued, so that the call completes; S takes the
 * terminal back with SIGTTOU ignored. */
static void job(enum op op, int sig, enum disp d)
{
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		setpgid(0, 0);
		dispose(sig, d);
		errno = 0;
		long r = do_op(op);
		report("job", op, d, r);
		_exit(0);
	}
	setpgid(c, c);
	int st, stops = 0;
	for (;;) {
		waitpid(c, &st, WUNTRACED);
		if (!WIFSTOPPED(st))
			break;
		printf("  job stopped by %s\n", sname(WSTOPSIG(st)));
		if (++stops == 2) {
			if (op == READ)
				write(master, "in\n", 3);
			tcsetpgrp(slave, c);
		}
		fflush(stdout);
		kill(c, SIGCONT);
	}
	printf("  job exited %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	dispose(SIGTTOU, IGN);
	long r = tcsetpgrp(slave, getpgrp());
	dispose(SIGTTOU, DFL);
	if (r < 0 || tcgetpgrp(slave) != getpgrp())
		printf("  could not take the terminal back: %s\n", errname(errno));
	drain();
}

static void set_tostop(int on)
{
	struct termios tio;
	tcgetattr(slave, &tio);
	if (on)
		tio.c_lflag |= TOSTOP;
	else
		tio.c_lflag &= ~TOSTOP;
	tcsetattr(slave, TCSANOW, &tio);
}

static int session_leader(void)
{
	setsid();
	master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) < 0 || unlockpt(master) < 0) {
		printf("posix_openpt: %s\n", errname(errno));
		return 1;
	}
	char *name = ptsname(master);
	slave = open(name, O_RDWR); /* the first terminal a leader opens */
	if (slave < 0) {
		printf("open slave: %s\n", errname(errno));
		return 1;
	}
	fcntl(master, F_SETFL, O_NONBLOCK);
	/* Raw input, no echo: what the master writes is read as it is. */
	struct termios tio;
	tcgetattr(slave, &tio);
	cfmakeraw(&tio);
	tio.c_oflag |= OPOST;
	tcsetattr(slave, TCSANOW, &tio);
	printf("controlling terminal: sid %s, foreground is our group %s\n",
	       tcgetsid(slave) == getpid() ? "ours" : "other",
	       tcgetpgrp(slave) == getpgrp() ? "yes" : "no");

	printf("read from the background:\n");
	job(READ, SIGTTIN, DFL);
	job(READ, SIGTTIN, IGN);
	job(READ, SIGTTIN, BLOCK);
	job(READ, SIGTTIN, HANDLER);
	printf("write from the background, TOSTOP clear:\n");
	job(WRITE, SIGTTOU, DFL);
	set_tostop(1);
	printf("write from the background, TOSTOP set:\n");
	job(WRITE, SIGTTOU, DFL);
	job(WRITE, SIGTTOU, IGN);
	job(WRITE, SIGTTOU, BLOCK);
	job(WRITE, SIGTTOU, HANDLER);
	set_tostop(0);
	printf("terminal calls from the background:\n");
	job(TCSETATTR, SIGTTOU, DFL);
	job(TCSETATTR, SIGTTOU, IGN);
	job(TCSETATTR, SIGTTOU, BLOCK);
	job(TCGETATTR, SIGTTOU, DFL);
	job(TCFLUSH, SIGTTOU, DFL);
	job(TCDRAIN, SIGTTOU, DFL);
	job(TCDRAIN, SIGTTOU, IGN);
	job(TCSETPGRP, SIGTTOU, DFL);
	job(TCSETPGRP, SIGTTOU, HANDLER);
	job(WINSZ, SIGTTOU, DFL);
	job(MASTER_READ, SIGTTIN, DFL);

	/* A job in the foreground has no job control to meet. */
	printf("the foreground:\n");
	set_tostop(1);
	errno = 0;
	report("leader", WRITE, DFL, do_op(WRITE));
	report("leader", TCSETATTR, DFL, do_op(TCSETATTR));
	drain();

	/* Our own group is orphaned: our parent is in another session.  In
	 * the background, it gets EIO rather than a stop. */
	pid_t fg = fork();
	if (fg == 0) {
		pause();
		_exit(0);
	}
	setpgid(fg, fg);
	tcsetpgrp(slave, fg);
	printf("the orphaned leader in the background (foreground is another %s):\n",
	       tcgetpgrp(slave) == fg ? "group" : "?");
	got_sig = 0;
	report("leader", READ, DFL, do_op(READ));
	report("leader", WRITE, DFL, do_op(WRITE));
	report("leader", TCSETATTR, DFL, do_op(TCSETATTR));
	report("leader", TCSETPGRP, DFL, do_op(TCSETPGRP));
	dispose(SIGTTOU, IGN);
	report("leader", WRITE, IGN, do_op(WRITE));
	report("leader", TCSETPGRP, IGN, do_op(TCSETPGRP));
	printf("foreground is ours again: %s\n", tcgetpgrp(slave) == getpgrp() ? "yes" : "no");
	kill(fg, SIGKILL);
	waitpid(fg, NULL, 0);
	return 0;
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	fflush(stdout);
	pid_t s = fork();
	if (s == 0)
		_exit(session_leader());
	int st;
	waitpid(s, &st, 0);

	/* Our pty's slave, opened by a process of another session: it is not
	 * our controlling terminal, so no job control either. */
	int m = posix_openpt(O_RDWR | O_NOCTTY);
	grantpt(m);
	unlockpt(m);
	int sl = open(ptsname(m), O_RDWR | O_NOCTTY | O_NONBLOCK);
	char buf[8];
	errno = 0;
	long r = read(sl, buf, sizeof(buf));
	printf("a slave that is not our terminal: read %s\n", r < 0 ? errname(errno) : "data");

	/* Through the master, anyone may ask what the terminal's session and
	 * foreground group are (a terminal emulator does); through the slave
	 * only a process it controls. */
	errno = 0;
	pid_t g = tcgetpgrp(m);
	printf("controlling nothing: master's tcgetpgrp %d, tcgetsid %s\n", (int)g,
	       tcgetsid(m) < 0 ? errname(errno) : "ok");
	int ready[2], done[2];
	pipe(ready);
	pipe(done);
	pid_t x = fork();
	if (x == 0) {
		close(ready[0]);
		close(done[1]);
		setsid();
		int c = open(ptsname(m), O_RDWR);
		write(ready[1], &c, sizeof(c));
		read(done[0], buf, 1);
		_exit(0);
	}
	close(ready[1]);
	close(done[0]);
	int xc = -1;
	read(ready[0], &xc, sizeof(xc));
	errno = 0;
	printf("a child's session: master's tcgetpgrp is its group: %s, tcgetsid is its session: "
	       "%s; the slave's from outside: %s\n",
	       tcgetpgrp(m) == x ? "yes" : "no", tcgetsid(m) == x ? "yes" : "no",
	       tcgetpgrp(sl) < 0 ? errname(errno) : "ok");
	close(done[1]);
	waitpid(x, NULL, 0);
	printf("session leader exited %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	return 0;
}
