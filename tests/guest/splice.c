/* splice, tee and vmsplice: file to pipe and pipe to file with and without
 * offsets (the file position moves only without one), pipe to pipe, tee
 * leaving the source alone, a socket into a pipe, a megabyte through a
 * pipe between two processes that splice on both sides, waiting for a
 * writer, SPLICE_F_NONBLOCK on an empty and on a full pipe, end of file,
 * EPIPE without a reader, and the argument errors (no pipe, an offset on
 * the pipe side, one pipe on both sides, wrong ends, unknown flags). */
//! libc: glibc musl
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errname.h"

#define F_MOVE	   1
#define F_NONBLOCK 2

static long sp(int in, long long *offin, int out, long long *offout, size_t len, unsigned fl)
{
	return syscall(SYS_splice, in, offin, out, offout, len, fl);
}

static long tee_(int in, int out, size_t len, unsigned fl)
{
	return syscall(SYS_tee, in, out, len, fl);
}

static long vms(int fd, struct iovec *iov, unsigned long n, unsigned fl)
{
	return syscall(SYS_vmsplice, fd, iov, n, fl);
}

static void say(const char *what, long r)
{
	if (r < 0)
		printf("%-40s %s\n", what, errname(errno));
	else
		printf("%-40s %ld\n", what, r);
}

static void drain(const char *what, int fd)
{
	char buf[128] = {0};
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	printf("  %s: \"%s\" (%zd)\n", what, n > 0 ? buf : "", n);
}

static unsigned char pattern(size_t i)
{
	return (unsigned char)(i * 7 + i / 4093);
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	int fd = open("f", O_CREAT | O_RDWR | O_TRUNC, 0644);
	if (fd < 0 || write(fd, "0123456789", 10) != 10)
		return 1;
	int p[2], q[2];
	if (pipe(p) < 0 || pipe(q) < 0)
		return 1;

	/* File to pipe. */
	long long off = 2;
	say("file->pipe at offset 2, 3 bytes", sp(fd, &off, p[1], NULL, 3, 0));
	printf("  offset now %lld, file position %ld\n", off, (long)lseek(fd, 0, SEEK_CUR));
	drain("pipe", p[0]);
	lseek(fd, 4, SEEK_SET);
	say("file->pipe at its position, 100", sp(fd, NULL, p[1], NULL, 100, F_MOVE));
	printf("  file position %ld\n", (long)lseek(fd, 0, SEEK_CUR));
	drain("pipe", p[0]);
	say("file->pipe at the end", sp(fd, NULL, p[1], NULL, 100, 0));

	/* Pipe to file. */
	write(p[1], "abcdef", 6);
	off = 1;
	say("pipe->file at offset 1, 4 bytes", sp(p[0], NULL, fd, &off, 4, 0));
	printf("  offset now %lld, file position %ld\n", off, (long)lseek(fd, 0, SEEK_CUR));
	lseek(fd, 0, SEEK_SET);
	say("pipe->file at its position", sp(p[0], NULL, fd, NULL, 100, 0));
	printf("  file position %ld\n", (long)lseek(fd, 0, SEEK_CUR));
	char buf[64] = {0};
	pread(fd, buf, sizeof(buf) - 1, 0);
	printf("  file \"%s\"\n", buf);

	/* Pipe to pipe, and tee. */
	write(p[1], "hello", 5);
	say("tee 3 bytes", tee_(p[0], q[1], 3, 0));
	drain("tee target", q[0]);
	say("pipe->pipe", sp(p[0], NULL, q[1], NULL, 64, 0));
	drain("pipe->pipe target", q[0]);
	say("tee from an empty pipe, NONBLOCK", tee_(p[0], q[1], 3, F_NONBLOCK));

	/* Argument errors. */
	int g = open("g", O_CREAT | O_RDWR | O_APPEND, 0644);
	off = 0;
	say("file->file", sp(fd, NULL, g, NULL, 1, 0));
	say("offset on the pipe side (in)", sp(p[0], &off, fd, NULL, 1, 0));
	say("offset on the pipe side (out)", sp(fd, NULL, p[1], &off, 1, 0));
	say("one pipe both sides", sp(p[0], NULL, p[1], NULL, 1, 0));
	say("in is a write end", sp(p[1], NULL, fd, NULL, 1, 0));
	say("out is a read end", sp(fd, NULL, p[0], NULL, 1, 0));
	say("bad fd", sp(99, NULL, p[1], NULL, 1, 0));
	say("unknown flag", sp(fd, NULL, p[1], NULL, 1, 0x100));
	say("length 0", sp(fd, NULL, p[1], NULL, 0, 0));
	off = -1;
	say("negative offset", sp(fd, &off, p[1], NULL, 1, 0));
	write(p[1], "x", 1);
	say("pipe->O_APPEND file", sp(p[0], NULL, g, NULL, 1, 0));
	say("tee to a file", tee_(p[0], fd, 1, 0));
	drain("left in pipe", p[0]);

	/* Empty pipe: NONBLOCK, then end of file once the writer is gone. */
	say("empty pipe, NONBLOCK", sp(p[0], NULL, fd, NULL, 1, F_NONBLOCK));
	int r[2];
	pipe(r);
	close(r[1]);
	say("empty pipe without writers", sp(r[0], NULL, fd, NULL, 1, 0));
	close(r[0]);

	/* A full pipe. */
	fcntl(q[1], F_SETFL, O_NONBLOCK);
	static char big[1 << 20];
	long fill = 0, n;
	while ((n = write(q[1], big, sizeof(big))) > 0)
		fill += n;
	printf("pipe holds %ld\n", fill);
	say("file->full pipe, NONBLOCK", sp(fd, &(long long){0}, q[1], NULL, 1, F_NONBLOCK));
	close(q[0]);
	say("file->pipe without readers", sp(fd, &(long long){0}, q[1], NULL, 1, 0));
	close(q[1]);

	/* A socket into a pipe. */
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	write(sv[1], "from socket", 11);
	say("socket->pipe", sp(sv[0], NULL, p[1], NULL, 64, 0));
	drain("pipe", p[0]);
	say("socket->pipe, NONBLOCK, nothing", sp(sv[0], NULL, p[1], NULL, 64, F_NONBLOCK));

	/* vmsplice. */
	struct iovec iov[2] = {{"vm", 2}, {"splice", 6}};
	say("vmsplice to the write end", vms(p[1], iov, 2, 0));
	char a1[3] = {0}, a2[8] = {0};
	struct iovec riov[2] = {{a1, 2}, {a2, 7}};
	say("vmsplice from the read end", vms(p[0], riov, 2, 0));
	printf("  got \"%s\" \"%s\"\n", a1, a2);
	say("vmsplice on a file", vms(fd, iov, 1, 0));
	say("vmsplice, empty, NONBLOCK", vms(p[0], riov, 2, F_NONBLOCK));

	/* A writer that comes later: splice waits for it. */
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		usleep(50000);
		write(p[1], "late", 4);
		_exit(0);
	}
	off = 0;
	say("splice waits for a writer", sp(p[0], NULL, fd, &off, 64, 0));
	waitpid(pid, NULL, 0);

	/* A megabyte through a pipe, spliced on both sides. */
	unsigned char *data = (unsigned char *)big;
	for (size_t i = 0; i < sizeof(big); i++)
		data[i] = pattern(i);
	int src = open("src", O_CREAT | O_RDWR | O_TRUNC, 0644);
	write(src, big, sizeof(big));
	int m[2];
	pipe(m);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		close(m[1]);
		int dst = open("dst", O_CREAT | O_RDWR | O_TRUNC, 0644);
		long got = 0, k;
		while ((k = sp(m[0], NULL, dst, NULL, 65536 + 123, 0)) > 0)
			got += k;
		_exit(got == (long)sizeof(big) ? 0 : 1);
	}
	close(m[0]);
	lseek(src, 0, SEEK_SET);
	long sent = 0, k;
	while ((k = sp(src, NULL, m[1], NULL, 50000, 0)) > 0)
		sent += k;
	close(m[1]);
	int st;
	waitpid(pid, &st, 0);
	printf("sent %ld, child %d\n", sent, WEXITSTATUS(st));
	int dst = open("dst", O_RDONLY);
	memset(big, 0, sizeof(big));
	long rd = read(dst, big, sizeof(big));
	size_t same = 0;
	while (rd > 0 && same < (size_t)rd && data[same] == pattern(same))
		same++;
	printf("copy %ld bytes, the same up to %zu\n", rd, same);
	return 0;
}
