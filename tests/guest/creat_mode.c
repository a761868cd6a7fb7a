/* A file that open(O_CREAT) makes is the opener's to use through that fd
 * whatever mode it was given (do_open checks no permission on a file it
 * created): for a user that is not root, a read-only or mode-0 new file
 * opens for reading and writing; opening it again checks the mode. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errname.h"

static void try_open(const char *what, const char *name, int flags, mode_t mode)
{
	int fd = open(name, flags, mode);
	printf("%s: %s", what, fd < 0 ? errname(errno) : "ok");
	if (fd >= 0) {
		if ((flags & O_ACCMODE) != O_RDONLY)
			printf(", write %s", write(fd, "x", 1) == 1 ? "ok" : errname(errno));
		char c;
		if ((flags & O_ACCMODE) != O_WRONLY)
			printf(", read %s", read(fd, &c, 1) >= 0 ? "ok" : errname(errno));
		close(fd);
	}
	printf("\n");
}

static void run(void)
{
	try_open("new, O_RDONLY, mode 0", "f0", O_CREAT | O_RDONLY, 0);
	try_open("new, O_RDWR, mode 0", "f1", O_CREAT | O_RDWR, 0);
	try_open("new, O_WRONLY|O_TRUNC, mode 0444", "f2", O_CREAT | O_WRONLY | O_TRUNC, 0444);
	try_open("new, O_RDWR|O_EXCL, mode 0200", "f3", O_CREAT | O_EXCL | O_RDWR, 0200);
	try_open("again, O_RDONLY, mode 0", "f0", O_CREAT | O_RDONLY, 0);
	try_open("again, O_RDWR", "f1", O_RDWR, 0);
	try_open("again, O_WRONLY", "f2", O_CREAT | O_WRONLY, 0666);
	try_open("again, O_RDONLY of the write-only one", "f3", O_RDONLY, 0);
	int fd = creat("f4", 0);
	printf("creat mode 0: %s, write %s\n", fd < 0 ? errname(errno) : "ok",
	       fd >= 0 && write(fd, "y", 1) == 1 ? "ok" : "failed");
	if (fd >= 0)
		close(fd);
	const char *names[] = {"f0", "f1", "f2", "f3", "f4"};
	for (int i = 0; i < 5; i++)
		unlink(names[i]);
}

int main(void)
{
	char dir[] = "/tmp/creat_mode.XXXXXX";
	if (!mkdtemp(dir) || chmod(dir, 0777) < 0 || chdir(dir) < 0)
		return 1;
	umask(0);
	pid_t c = fork();
	if (c == 0) {
		if (setgid(65534) < 0 || setuid(65534) < 0)
			_exit(1);
		printf("== uid 65534\n");
		run();
		fflush(stdout);
		_exit(0);
	}
	int st;
	waitpid(c, &st, 0);
	printf("== %s\n", getuid() ? "a user" : "root");
	run();
	chdir("/");
	rmdir(dir);
	return 0;
}
