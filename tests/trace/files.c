/* Golden trace test: file and descriptor syscalls, their flags, strings,
 * structures and errors (bad pointers, bad descriptors). */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

int main(void)
{
	char buf[256];
	struct stat st;
	umask(022);
	mkdir("d", 0755);
	int fd = open("d/a.txt", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	write(fd, "hello, world\n", 13);
	write(fd,
	      "\0\1\2\3\t\"\\\x7f\xff"
	      "0123456789abcdefghijklmnopqrstuvwxyz",
	      45);
	struct iovec iov[2] = {{"ab", 2}, {"cdef", 4}};
	writev(fd, iov, 2);
	pwrite(fd, "XY", 2, 3);
	fsync(fd);
	fdatasync(fd);
	ftruncate(fd, 100);
	close(fd);
	fd = openat(AT_FDCWD, "d/a.txt", O_RDONLY);
	read(fd, buf, 5);
	read(fd, buf, sizeof(buf));
	read(fd, buf, sizeof(buf));
	lseek(fd, 0, SEEK_SET);
	lseek(fd, -3, SEEK_END);
	pread(fd, buf, 8, 2);
	char b1[4], b2[8];
	struct iovec riov[2] = {{b1, sizeof(b1)}, {b2, sizeof(b2)}};
	lseek(fd, 0, SEEK_SET);
	readv(fd, riov, 2);
	fstat(fd, &st);
	int d2 = dup(fd);
	dup2(fd, 20);
	dup3(fd, 21, O_CLOEXEC);
	fcntl(fd, F_GETFD);
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	fcntl(fd, F_GETFD);
	fcntl(fd, F_DUPFD, 30);
	fcntl(fd, F_DUPFD_CLOEXEC, 40);
	fcntl(fd, F_SETFL, O_NONBLOCK);
	close(d2);
	close(20);
	close(21);
	close(30);
	close(40);
	close(fd);
	close(fd);
	stat("d/a.txt", &st);
	lstat("d/a.txt", &st);
	syscall(SYS_newfstatat, AT_FDCWD, "d/a.txt", &st, AT_SYMLINK_NOFOLLOW);
	syscall(SYS_newfstatat, AT_FDCWD, "d/nope", &st, 0);
	syscall(SYS_newfstatat, AT_FDCWD, "d/a.txt", NULL, 0);
	syscall(SYS_newfstatat, AT_FDCWD, (char *)1, &st, 0);
	access("d/a.txt", R_OK | W_OK);
	access("d/nope", F_OK);
	faccessat(AT_FDCWD, "d", X_OK, 0);
	symlink("a.txt", "d/link");
	readlink("d/link", buf, sizeof(buf));
	readlink("d/link", buf, 3);
	readlink("d/a.txt", buf, sizeof(buf));
	link("d/a.txt", "d/b.txt");
	rename("d/b.txt", "d/c.txt");
	renameat(AT_FDCWD, "d/c.txt", AT_FDCWD, "d/e.txt");
	chmod("d/e.txt", 0600);
	truncate("d/e.txt", 5);
	unlink("d/e.txt");
	unlinkat(AT_FDCWD, "d/link", 0);
	mkdirat(AT_FDCWD, "d/sub", 0700);
	syscall(SYS_getcwd, buf, sizeof(buf));
	chdir("d");
	syscall(SYS_getcwd, buf, 1);
	int dfd = open(".", O_RDONLY | O_DIRECTORY);
	fchdir(dfd);
	close(dfd);
	chdir("..");
	unlinkat(AT_FDCWD, "d/sub", AT_REMOVEDIR);
	rmdir("d/nope");
	unlink("d/a.txt");
	rmdir("d");
	int p[2];
	pipe(p);
	write(p[1], "x", 1);
	read(p[0], buf, 10);
	close(p[0]);
	close(p[1]);
	pipe2(p, O_CLOEXEC | O_NONBLOCK);
	read(p[0], buf, 10);
	close(p[0]);
	close(p[1]);
	open("/nonexistent/file", O_RDONLY);
	syscall(SYS_open, (char *)1, O_RDONLY);
	write(99, "x", 1);
	syscall(SYS_read, 0, (char *)1, 10);
	return 0;
}
