/* O_APPEND: write and writev go to the end and leave the offset there;
 * pwrite and pwritev append as well on Linux (the offset given is ignored,
 * the file's own is kept: generic_write_checks), including from a second
 * process sharing nothing but the file; F_SETFL turns O_APPEND on and off;
 * pwrite without O_APPEND writes where it is told. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errname.h"

static void show(const char *what, int fd)
{
	char buf[128] = {0};
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
	printf("%-28s %-30s offset %ld\n", what, n >= 0 ? buf : errname(errno),
	       (long)lseek(fd, 0, SEEK_CUR));
}

int main(void)
{
	int fd = open("f", O_CREAT | O_RDWR | O_APPEND | O_TRUNC, 0644);
	if (fd < 0)
		return 1;
	printf("write: %s\n", res(write(fd, "hello", 5)));
	show("after write", fd);
	printf("pwrite at 0: %s\n", res(pwrite(fd, "XY", 2, 0)));
	show("after pwrite", fd);
	struct iovec iov[2] = {{"ab", 2}, {"cd", 2}};
	printf("pwritev at 1: %s\n", res(pwritev(fd, iov, 2, 1)));
	show("after pwritev", fd);
	printf("lseek 0: %s\n", res(lseek(fd, 0, SEEK_SET)));
	printf("writev: %s\n", res(writev(fd, iov, 1)));
	show("after writev", fd);

	/* Another process, its own open file, also O_APPEND. */
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		int cfd = open("f", O_WRONLY | O_APPEND);
		_exit(pwrite(cfd, "!", 1, 3) == 1 ? 0 : 1);
	}
	int st;
	waitpid(pid, &st, 0);
	printf("child: %d\n", WEXITSTATUS(st));
	show("after the child", fd);

	printf("F_SETFL without O_APPEND: %s\n", res(fcntl(fd, F_SETFL, 0)));
	printf("pwrite at 0: %s\n", res(pwrite(fd, "Z", 1, 0)));
	show("after pwrite", fd);
	printf("F_SETFL O_APPEND: %s\n", res(fcntl(fd, F_SETFL, O_APPEND)));
	printf("F_GETFL has O_APPEND: %s\n", fcntl(fd, F_GETFL) & O_APPEND ? "yes" : "no");
	printf("pwrite at 2: %s\n", res(pwrite(fd, "+", 1, 2)));
	show("after pwrite", fd);
	printf("pwrite at -1: %s\n", res(pwrite(fd, "-", 1, -1)));
	return 0;
}
