/* munmap with Linux's bound on x86-64 (TASK_SIZE 0x7ffffffff000): a
 * range up to it is valid and unmaps everything the process has, so the
 * child doing it dies of SIGSEGV as soon as it returns to its (gone) code,
 * even with SIGSEGV blocked (stress-ng --vm-segv); a range past it is
 * EINVAL. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errname.h"

#define LINUX_TASK_SIZE 0x7ffffffff000UL

int main(void)
{
	printf("past TASK_SIZE: %s\n", res(syscall(SYS_munmap, 0, LINUX_TASK_SIZE + 4096)));
	printf("starting at TASK_SIZE: %s\n", res(syscall(SYS_munmap, LINUX_TASK_SIZE, 4096)));
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		sigset_t s;
		sigemptyset(&s);
		sigaddset(&s, SIGSEGV);
		sigprocmask(SIG_BLOCK, &s, NULL);
		syscall(SYS_munmap, 0, LINUX_TASK_SIZE);
		_exit(3); /* not reached: the code is gone */
	}
	int st;
	waitpid(pid, &st, 0);
	printf("child: %s %d\n", WIFSIGNALED(st) ? "killed by signal" : "exited",
	       WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
	return 0;
}
