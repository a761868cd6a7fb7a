/* A pty the program makes: its slave belongs to whoever opened /dev/ptmx
 * (uid and gid, mode 0600 by devpts' default), so a process that is not
 * root can open it; its owner may chmod it, root chown it, and stat and
 * fstat agree.  TIOCGPTPEER opens the slave through the master: EIO while
 * locked or on the slave, ENOTTY elsewhere, the flags kept as given. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errname.h"

#ifndef TIOCGPTPEER
#define TIOCGPTPEER _IO('T', 0x41)
#endif

static const char *rs(long r)
{
	static char b[4][32];
	static int i;
	i = (i + 1) % 4;
	if (r < 0)
		snprintf(b[i], sizeof(b[i]), "%s", errname(errno));
	else
		snprintf(b[i], sizeof(b[i]), "ok");
	return b[i];
}

static void show(const char *what, const struct stat *st)
{
	printf("%s: uid %s, gid %s, mode %04o\n", what,
	       st->st_uid == getuid() ? "mine"
	       : st->st_uid == 0      ? "root"
				      : "other",
	       st->st_gid == getgid() ? "mine"
	       : st->st_gid == 0      ? "root"
				      : "other",
	       (unsigned)(st->st_mode & 07777));
}

static void run(const char *who)
{
	printf("== %s\n", who);
	int m = posix_openpt(O_RDWR | O_NOCTTY);
	if (m < 0) {
		printf("posix_openpt: %s\n", errname(errno));
		return;
	}
	char name[64];
	snprintf(name, sizeof(name), "%s", ptsname(m));
	struct stat st;
	stat(name, &st);
	show("new slave", &st);
	int p = ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY);
	printf("TIOCGPTPEER while locked: %s\n", rs(p));
	printf("grantpt %s, unlockpt %s\n", rs(grantpt(m)), rs(unlockpt(m)));
	int s = open(name, O_RDWR | O_NOCTTY);
	printf("open the slave: %s\n", rs(s));
	if (s >= 0) {
		fstat(s, &st);
		show("fstat", &st);
	}
	p = ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY);
	printf("TIOCGPTPEER: %s", rs(p));
	if (p >= 0) {
		struct stat a, b;
		fstat(p, &a);
		stat(name, &b);
		printf(", same terminal %d, F_GETFL %#o, cloexec %d\n", a.st_rdev == b.st_rdev,
		       fcntl(p, F_GETFL), fcntl(p, F_GETFD));
		char link[32], target[64];
		snprintf(link, sizeof(link), "/proc/self/fd/%d", p);
		ssize_t n = readlink(link, target, sizeof(target) - 1);
		target[n > 0 ? n : 0] = 0;
		printf("its link is the slave: %d\n", strcmp(target, name) == 0);
		close(p);
	} else {
		printf("\n");
	}
	p = ioctl(m, TIOCGPTPEER, O_WRONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
	printf("TIOCGPTPEER O_WRONLY|O_CLOEXEC|O_NONBLOCK: %s, F_GETFL %#o, cloexec %d\n", rs(p),
	       p >= 0 ? fcntl(p, F_GETFL) : 0, p >= 0 ? fcntl(p, F_GETFD) : -1);
	if (p >= 0)
		close(p);
	if (s >= 0)
		printf("TIOCGPTPEER on the slave: %s\n", rs(ioctl(s, TIOCGPTPEER, O_RDWR)));
	int n = open("/dev/null", O_RDWR);
	printf("TIOCGPTPEER on /dev/null: %s\n", rs(ioctl(n, TIOCGPTPEER, O_RDWR)));
	close(n);
	printf("chmod 0620: %s\n", rs(chmod(name, 0620)));
	stat(name, &st);
	show("after chmod", &st);
	if (s >= 0) {
		printf("fchmod 0600: %s\n", rs(fchmod(s, 0600)));
		fstat(s, &st);
		show("after fchmod", &st);
	}
	printf("chown to 4242: %s\n", rs(chown(name, 4242, -1)));
	stat(name, &st);
	show("after chown", &st);
	printf("chmod after it: %s\n", rs(chmod(name, 0666)));
	if (s >= 0)
		close(s);
	close(m);
}

int main(void)
{
	run(getuid() == 0 ? "root" : "a user");
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		if (setgid(65534) < 0 || setuid(65534) < 0)
			_exit(1);
		run("uid 65534");
		fflush(stdout);
		_exit(0);
	}
	int status;
	waitpid(c, &status, 0);
	return 0;
}
