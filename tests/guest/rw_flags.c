/* preadv2 and pwritev2: an offset of -1 reads and writes at the file's
 * position and moves it, any other offset leaves it; RWF_APPEND appends
 * (and leaves the position of a positioned write), RWF_NOAPPEND writes a
 * file opened O_APPEND where it is told, RWF_SYNC/RWF_DSYNC/RWF_HIPRI are
 * accepted, RWF_NOWAIT on an empty pipe gives EAGAIN instead of waiting,
 * unknown flags EOPNOTSUPP; a negative offset other than -1 is EINVAL. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "errname.h"

#define F_HIPRI	   0x01
#define F_DSYNC	   0x02
#define F_SYNC	   0x04
#define F_NOWAIT   0x08
#define F_APPEND   0x10
#define F_NOAPPEND 0x20

static long rv2(int fd, void *buf, size_t n, long off, int flags)
{
	struct iovec iov = {buf, n};
	return syscall(SYS_preadv2, fd, &iov, 1, off, 0L, flags);
}

static long wv2(int fd, const char *s, long off, int flags)
{
	struct iovec iov = {(void *)s, strlen(s)};
	return syscall(SYS_pwritev2, fd, &iov, 1, off, 0L, flags);
}

static void say(const char *what, long r)
{
	if (r < 0)
		printf("%-34s %s\n", what, errname(errno));
	else
		printf("%-34s %ld\n", what, r);
}

static void show(int fd)
{
	char buf[64] = {0};
	pread(fd, buf, sizeof(buf) - 1, 0);
	printf("  contents \"%s\" offset %ld\n", buf, (long)lseek(fd, 0, SEEK_CUR));
}

int main(void)
{
	int fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0644);
	if (fd < 0)
		return 1;
	say("pwritev2 -1", wv2(fd, "hello", -1, 0));
	show(fd);
	say("pwritev2 at 1", wv2(fd, "EL", 1, 0));
	show(fd);
	say("pwritev2 at 0 RWF_APPEND", wv2(fd, "!", 0, F_APPEND));
	show(fd);
	say("pwritev2 -1 RWF_APPEND", wv2(fd, "?", -1, F_APPEND));
	show(fd);
	say("pwritev2 SYNC|DSYNC|HIPRI", wv2(fd, "s", 0, F_SYNC | F_DSYNC | F_HIPRI));
	show(fd);
	say("pwritev2 unknown flag", wv2(fd, "x", 0, 0x40000000));
	say("pwritev2 at -2", wv2(fd, "x", -2, 0));

	char buf[16];
	lseek(fd, 2, SEEK_SET);
	memset(buf, 0, sizeof(buf));
	say("preadv2 -1", rv2(fd, buf, 3, -1, 0));
	printf("  got \"%s\" offset %ld\n", buf, (long)lseek(fd, 0, SEEK_CUR));
	memset(buf, 0, sizeof(buf));
	say("preadv2 at 0 HIPRI", rv2(fd, buf, 4, 0, F_HIPRI));
	printf("  got \"%s\" offset %ld\n", buf, (long)lseek(fd, 0, SEEK_CUR));
	say("preadv2 at end", rv2(fd, buf, 4, 100, 0));
	say("preadv2 unknown flag", rv2(fd, buf, 4, 0, 0x40000000));
	close(fd);

	fd = open("f", O_RDWR | O_APPEND);
	say("O_APPEND pwritev2 at 0", wv2(fd, "A", 0, 0));
	show(fd);
	say("O_APPEND pwritev2 at 0 NOAPPEND", wv2(fd, "B", 0, F_NOAPPEND));
	show(fd);
	say("O_APPEND write", write(fd, "C", 1));
	show(fd);
	close(fd);

	int p[2];
	if (pipe(p) < 0)
		return 1;
	say("pipe preadv2 NOWAIT (empty)", rv2(p[0], buf, 4, -1, F_NOWAIT));
	say("pipe preadv2 at 0", rv2(p[0], buf, 4, 0, 0));
	say("pipe pwritev2 -1", wv2(p[1], "pipe", -1, 0));
	memset(buf, 0, sizeof(buf));
	say("pipe preadv2 NOWAIT", rv2(p[0], buf, 8, -1, F_NOWAIT));
	printf("  got \"%s\"\n", buf);
	close(p[1]);
	say("pipe preadv2 after close", rv2(p[0], buf, 8, -1, 0));
	say("preadv2 bad fd", rv2(99, buf, 8, -1, 0));
	return 0;
}
