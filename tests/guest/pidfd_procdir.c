/* pidfd_send_signal takes an open /proc/<pid> directory as a pidfd (as
 * Linux's tgid_pidfd_to_pid): the caller itself through /proc/self, a
 * child through /proc/<pid>, ESRCH once that child is reaped; a thread's
 * directory (/proc/<pid>/task/<tid>), another /proc file or a regular
 * file is EBADF. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errname.h"

static volatile sig_atomic_t got;

static void on_usr1(int sig)
{
	got = sig;
}

static long send(int fd, int sig)
{
	return syscall(SYS_pidfd_send_signal, fd, sig, NULL, 0);
}

int main(void)
{
	signal(SIGUSR1, on_usr1);
	int self = open("/proc/self", O_RDONLY | O_DIRECTORY);
	printf("to /proc/self: %s\n", res(send(self, SIGUSR1)));
	printf("handler ran: %s\n", got == SIGUSR1 ? "yes" : "no");
	printf("signal 0: %s\n", res(send(self, 0)));
	printf("bad signal: %s\n", res(send(self, 1000)));

	char path[64];
	snprintf(path, sizeof(path), "/proc/self/task/%ld", (long)syscall(SYS_gettid));
	int task = open(path, O_RDONLY | O_DIRECTORY);
	printf("to a task directory: %s\n", res(send(task, 0)));
	int stat = open("/proc/self/stat", O_RDONLY);
	printf("to /proc/self/stat: %s\n", res(send(stat, 0)));
	int proc = open("/proc", O_RDONLY | O_DIRECTORY);
	printf("to /proc: %s\n", res(send(proc, 0)));
	int reg = open("/etc/passwd", O_RDONLY);
	printf("to a regular file: %s\n", res(send(reg, 0)));

	pid_t pid = fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	snprintf(path, sizeof(path), "/proc/%d", pid);
	int child = open(path, O_RDONLY | O_DIRECTORY);
	printf("to the child: %s\n", res(send(child, SIGTERM)));
	int st;
	waitpid(pid, &st, 0);
	printf("child killed by %s\n",
	       WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM ? "SIGTERM" : "?");
	printf("to the reaped child: %s\n", res(send(child, 0)));
	return 0;
}
