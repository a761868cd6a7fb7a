#!/usr/bin/env bash
# Terminals: a program runs natively and under sbx, each on a new pty whose
# slave is its controlling terminal, and prints what it finds: /dev/tty,
# ttyname through /dev/pts, termios and window size ioctls passed through,
# process groups and sessions (the sandbox's own), /dev/ptmx and a pty of
# its own, and a child's new session taking a terminal.  The two outputs
# must be the same.  Without a terminal, /dev/tty gives ENXIO.
. "$TESTS/scripts/tap.bash"
for c in python3 gcc setsid; do
	if ! command -v "$c" >/dev/null; then
		skip terminal "needs $c"
		finish
	fi
done
cat > tty_probe.c <<'END'
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

static void say(const char *what, long r)
{
	if (r < 0)
		printf("%s: -1 %s\n", what, strerrorname_np(errno));
	else
		printf("%s: %ld\n", what, r);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	if (argc > 1) { /* no terminal: stdin is not one, and no controlling tty */
		say("open /dev/tty", open("/dev/tty", O_RDWR));
		say("isatty 0", isatty(0));
		say("TCGETS on a pipe", ioctl(0, TCGETS, (void *)8));
		int n;
		say("FIONREAD on a pipe", ioctl(0, FIONREAD, &n));
		return 0;
	}
	say("isatty 0", isatty(0));
	char *name = ttyname(0);
	printf("ttyname: %s\n", name && !strncmp(name, "/dev/pts/", 9) ? "/dev/pts/N" : "?");
	int fd = open("/dev/tty", O_RDWR);
	say("open /dev/tty", fd >= 0);
	struct termios tio, t2;
	say("tcgetattr", tcgetattr(fd, &tio));
	struct winsize ws = {.ws_row = 33, .ws_col = 77}, ws2;
	say("TIOCSWINSZ", ioctl(0, TIOCSWINSZ, &ws));
	say("TIOCGWINSZ", ioctl(fd, TIOCGWINSZ, &ws2));
	printf("winsize %dx%d\n", ws2.ws_row, ws2.ws_col);
	say("tcgetpgrp is getpgrp", tcgetpgrp(0) == getpgrp());
	say("tcgetsid is getsid", tcgetsid(0) == getsid(0));
	say("tcsetpgrp own", tcsetpgrp(0, getpgrp()));
	say("tcsetpgrp missing group", tcsetpgrp(0, 99999));
	say("TIOCSPGRP bad pointer", ioctl(0, TIOCSPGRP, (void *)8));
	say("TCGETS bad pointer", ioctl(0, TCGETS, (void *)8));
	tio.c_lflag &= ~(unsigned)ECHO;
	say("tcsetattr TCSADRAIN", tcsetattr(fd, TCSADRAIN, &tio));
	tcgetattr(1, &t2);
	say("echo off seen on stdout", !(t2.c_lflag & ECHO));
	tio.c_lflag |= ECHO;
	say("tcsetattr TCSAFLUSH", tcsetattr(0, TCSAFLUSH, &tio));
	say("tcsetattr TCSANOW", tcsetattr(0, TCSANOW, &tio));
	int n = -1;
	say("FIONREAD", ioctl(0, FIONREAD, &n));
	printf("queued %d\n", n);
	say("TIOCOUTQ", ioctl(1, TIOCOUTQ, &n));
	say("tcflush", tcflush(0, TCIFLUSH));
	say("tcflow", tcflow(1, TCOON));
	say("tcdrain", tcdrain(1));
	say("TIOCSCTTY on own terminal", ioctl(0, TIOCSCTTY, 0));
	dprintf(fd, "written to /dev/tty\n");
	int m = posix_openpt(O_RDWR | O_NOCTTY);
	say("posix_openpt", m >= 0);
	say("grantpt", grantpt(m));
	say("unlockpt", unlockpt(m));
	char *sn = ptsname(m);
	say("ptsname in /dev/pts", sn && !strncmp(sn, "/dev/pts/", 9));
	int s = open(sn, O_RDWR | O_NOCTTY);
	say("open slave", s >= 0);
	say("slave isatty", isatty(s));
	say("TIOCGPGRP of a terminal not ours", ioctl(s, TIOCGPGRP, &n));
	say("write slave", write(s, "ping\n", 5));
	char buf[64] = {0};
	struct termios raw;
	tcgetattr(s, &raw);
	say("read master", read(m, buf, sizeof(buf) - 1));
	printf("master got %s", buf);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		say("child setsid is pid", setsid() == getpid());
		say("child open /dev/tty", open("/dev/tty", O_RDWR));
		say("child TIOCSCTTY", ioctl(s, TIOCSCTTY, 0));
		say("child open /dev/tty after", open("/dev/tty", O_RDWR) >= 0);
		say("child tcgetpgrp is getpgrp", tcgetpgrp(s) == getpgrp());
		say("child TIOCNOTTY", ioctl(s, TIOCNOTTY));
		say("child open /dev/tty after TIOCNOTTY", open("/dev/tty", O_RDWR));
		_exit(0);
	}
	int st;
	waitpid(pid, &st, 0);
	say("child status", st);
	close(s);
	close(m);
	return 0;
}
END
if ! gcc -O1 -Wall -o tty_probe tty_probe.c 2>build.log; then
	not_ok build-tty_probe "$(cat build.log)"
	finish
fi
cat > pty_run.py <<'END'
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
out = b""
while True:
    try:
        r = os.read(fd, 4096)
    except OSError:
        break
    if not r:
        break
    out += r
_, st = os.waitpid(pid, 0)
sys.stdout.write(out.decode(errors="replace").replace("\r\n", "\n"))
print("status", os.waitstatus_to_exitcode(st))
END
python3 pty_run.py ./tty_probe > native.txt
python3 pty_run.py "$SBX" run ./tty_probe > sbx.txt
if cmp -s native.txt sbx.txt; then
	ok on-a-terminal
else
	not_ok on-a-terminal "$(diff -u native.txt sbx.txt)"
fi
# No terminal at all: a new session (setsid), stdin a pipe.
echo | setsid ./tty_probe no-tty > native2.txt 2>&1
echo | setsid "$SBX" run ./tty_probe no-tty > sbx2.txt 2>&1
if cmp -s native2.txt sbx2.txt; then
	ok without-a-terminal
else
	not_ok without-a-terminal "$(diff -u native2.txt sbx2.txt)"
fi
rm -f tty_probe tty_probe.c pty_run.py native.txt sbx.txt native2.txt sbx2.txt build.log
finish
