/* Reaching into another process through a pidfd or its pid: pidfd_getfd
 * duplicates a child's fd (close-on-exec, the same open file and offset),
 * process_madvise gives a child the hints only (others: EINVAL) and the
 * caller any advice, kcmp tells whether two processes share a file, an
 * address space, an fd table; and their errors. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errname.h"

#ifndef MADV_COLD
#define MADV_COLD 20
#endif

static const char *same(long r)
{
	return r == 0 ? "same" : r == 1 || r == 2 ? "differ" : errname(errno);
}

int main(void)
{
	int fd = open("pidfd_getfd.tmp", O_CREAT | O_RDWR | O_TRUNC, 0644);
	write(fd, "hello from the child", 20);
	lseek(fd, 6, SEEK_SET);
	int pipefd[2];
	pipe(pipefd);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		char *m =
		    mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		m[0] = 1;
		write(pipefd[1], &m, sizeof(m));
		pause();
		_exit(0);
	}
	char *childmap;
	read(pipefd[0], &childmap, sizeof(childmap));
	int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);

	long nfd = syscall(SYS_pidfd_getfd, pidfd, fd, 0);
	printf("pidfd_getfd: %s\n", nfd >= 0 ? "an fd" : errname(errno));
	printf("close-on-exec: %s\n", fcntl((int)nfd, F_GETFD) & FD_CLOEXEC ? "yes" : "no");
	char buf[32] = {0};
	read((int)nfd, buf, 4);
	printf("reads from the shared offset: %s\n", buf);
	printf("our offset moved too: %ld\n", (long)lseek(fd, 0, SEEK_CUR));
	printf("kcmp file, the copy and ours: %s\n",
	       same(syscall(SYS_kcmp, getpid(), pid, 0, nfd, fd)));
	printf("kcmp file, another file: %s\n",
	       same(syscall(SYS_kcmp, getpid(), pid, 0, pipefd[0], fd)));
	printf("kcmp vm, child: %s\n", same(syscall(SYS_kcmp, getpid(), pid, 1, 0, 0)));
	printf("kcmp vm, ourselves: %s\n", same(syscall(SYS_kcmp, getpid(), getpid(), 1, 0, 0)));
	printf("kcmp files, child: %s\n", same(syscall(SYS_kcmp, getpid(), pid, 2, 0, 0)));
	printf("kcmp bad type: %s\n", res(syscall(SYS_kcmp, getpid(), pid, 100, 0, 0)));
	printf("kcmp bad fd: %s\n", res(syscall(SYS_kcmp, getpid(), pid, 0, 999, fd)));
	printf("kcmp bad pid: %s\n", res(syscall(SYS_kcmp, getpid(), 999999, 1, 0, 0)));

	printf("pidfd_getfd flags: %s\n", res(syscall(SYS_pidfd_getfd, pidfd, fd, 1)));
	printf("pidfd_getfd bad fd: %s\n", res(syscall(SYS_pidfd_getfd, pidfd, 999, 0)));
	printf("pidfd_getfd not a pidfd: %s\n", res(syscall(SYS_pidfd_getfd, fd, fd, 0)));

	struct iovec iov = {childmap, 8192};
	printf("process_madvise child COLD: %s\n",
	       res(syscall(SYS_process_madvise, pidfd, &iov, 1, MADV_COLD, 0)));
	printf("process_madvise child DONTNEED: %s\n",
	       res(syscall(SYS_process_madvise, pidfd, &iov, 1, MADV_DONTNEED, 0)));
	printf("process_madvise flags: %s\n",
	       res(syscall(SYS_process_madvise, pidfd, &iov, 1, MADV_COLD, 1)));
	char *mine = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct iovec self = {mine, 4096};
	int selfpidfd = (int)syscall(SYS_pidfd_open, getpid(), 0);
	printf("process_madvise self WILLNEED: %s\n",
	       res(syscall(SYS_process_madvise, selfpidfd, &self, 1, MADV_WILLNEED, 0)));
	munmap(mine, 4096);
	printf("process_madvise unmapped: %s\n",
	       res(syscall(SYS_process_madvise, selfpidfd, &self, 1, MADV_WILLNEED, 0)));

	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	printf("pidfd_getfd after the child is gone: %s\n",
	       res(syscall(SYS_pidfd_getfd, pidfd, fd, 0)));
	unlink("pidfd_getfd.tmp");
	return 0;
}
