/* /proc/PID/stat's tty_nr and tpgid (fields 7 and 8): 0 and -1 without a
 * controlling terminal; with a pty slave as the session's terminal, the
 * slave's device number (new_encode_dev) and its foreground process group,
 * for every process of the session and as other processes read them, after
 * tcsetpgrp too; none again once the session leader gives the terminal up
 * (TIOCNOTTY).  Only relations are printed: the pty's number and the pids
 * are the host's and the run's. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "errname.h"

/* Fields 7 and 8 of /proc/@pid/stat (0: self). */
static int stat_tty(pid_t pid, long long *tty_nr, long long *tpgid)
{
	char path[64], buf[4096];
	if (pid)
		snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	else
		snprintf(path, sizeof(path), "/proc/self/stat");
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	char *p = strrchr(buf, ')');
	char state;
	int ppid, pgrp, sid;
	if (!p || sscanf(p + 1, " %c %d %d %d %lld %lld", &state, &ppid, &pgrp, &sid, tty_nr, tpgid) != 6)
		return -1;
	return 0;
}

static const char *yes(int c)
{
	return c ? "yes" : "no";
}

static unsigned long long encode(dev_t d)
{
	unsigned maj = major(d), min = minor(d);
	return (min & 0xff) | (maj << 8) | ((unsigned long long)(min & ~0xffu) << 12);
}

static void show(const char *who, pid_t pid, unsigned long long dev, pid_t fg)
{
	long long tty_nr, tpgid;
	if (stat_tty(pid, &tty_nr, &tpgid) < 0) {
		printf("%s: no stat\n", who);
		return;
	}
	if (!dev)
		printf("%s: tty_nr %lld, tpgid %lld\n", who, tty_nr, tpgid);
	else
		printf("%s: tty_nr is the slave's device: %s, tpgid is the %s group: %s\n", who,
		       yes(tty_nr == (long long)dev), fg == getpgrp() ? "leader's" : "job's",
		       yes(tpgid == fg));
}

static int leader(int report_fd, int ack_fd)
{
	setsid();
	show("a new session", 0, 0, 0);
	int m = posix_openpt(O_RDWR | O_NOCTTY);
	if (m < 0 || grantpt(m) < 0 || unlockpt(m) < 0) {
		printf("posix_openpt: %s\n", errname(errno));
		return 1;
	}
	int s = open(ptsname(m), O_RDWR); /* becomes the controlling terminal */
	struct stat st;
	if (s < 0 || fstat(s, &st) < 0) {
		printf("slave: %s\n", errname(errno));
		return 1;
	}
	unsigned long long dev = encode(st.st_rdev);
	printf("slave is a character device with a device number: %s\n",
	       yes(S_ISCHR(st.st_mode) && dev != 0));
	show("the leader", 0, dev, getpgrp());

	/* A job of the session: it inherits the terminal; once it is the
	 * foreground, every process of the session says so. */
	int go[2];
	pipe(go);
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		signal(SIGHUP, SIG_IGN); /* TIOCNOTTY below sends it to the foreground */
		setpgid(0, 0);
		close(go[1]);
		char ch;
		read(go[0], &ch, 1);
		_exit(0);
	}
	setpgid(c, c);
	show("the job, in the background", c, dev, getpgrp());
	signal(SIGTTOU, SIG_IGN);
	printf("tcsetpgrp to the job: %s\n", tcsetpgrp(s, c) == 0 ? "ok" : errname(errno));
	show("the leader", 0, dev, c);
	show("the job", c, dev, c);
	/* Our parent looks at us from outside the session meanwhile. */
	char ch;
	write(report_fd, &c, sizeof(c));
	read(ack_fd, &ch, 1);

	/* The leader gives the terminal up for the whole session (the job
	 * ignores its SIGHUP). */
	printf("TIOCNOTTY: %s\n", ioctl(s, TIOCNOTTY) == 0 ? "ok" : errname(errno));
	show("the leader after TIOCNOTTY", 0, 0, 0);
	show("the job after TIOCNOTTY", c, 0, 0);
	close(go[1]);
	waitpid(c, NULL, 0);
	return 0;
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	fflush(stdout);
	int rep[2], ack[2];
	pipe(rep);
	pipe(ack);
	pid_t l = fork();
	if (l == 0) {
		close(rep[0]);
		close(ack[1]);
		_exit(leader(rep[1], ack[0]));
	}
	close(rep[1]);
	close(ack[0]);
	/* Once the job is the foreground: the leader and the job as seen
	 * from outside their session. */
	pid_t c;
	if (read(rep[0], &c, sizeof(c)) == sizeof(c)) {
		long long a, b, x, y;
		stat_tty(l, &a, &b);
		stat_tty(c, &x, &y);
		printf("from another session: the leader's and the job's tty_nr agree: %s, tpgid "
		       "is the job's: %s %s\n",
		       yes(a == x && a != 0), yes(b == c), yes(y == c));
	}
	write(ack[1], "x", 1);
	int st;
	waitpid(l, &st, 0);
	printf("leader exited %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	return 0;
}
