/* Signals, ptrace and process_vm calls aimed at every pid: inside the
 * sandbox only the sandbox's processes exist, so sbx, its stubs and every
 * host process stay untouched (the harness itself would die of a stray
 * SIGKILL to -1). */
#include "hostile.h"

#include <signal.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	int found = 0;
	char buf[16];
	struct iovec local = {buf, sizeof(buf)}, remote = {(void *)0x400000, sizeof(buf)};
	for (pid_t pid = 1; pid < 70000; pid++) {
		if (pid == getpid())
			continue;
		if (kill(pid, 0) == 0)
			found++;
		ptrace(PTRACE_ATTACH, pid, 0, 0);
		ptrace(PTRACE_SEIZE, pid, 0, 0);
		process_vm_readv(pid, &local, 1, &remote, 1, 0);
		syscall(SYS_pidfd_open, pid, 0);
	}
	printf("pids answering kill(0): %d\n", found);
	tried("ptrace(TRACEME)", ptrace(PTRACE_TRACEME, 0, 0, 0));
	/* Everything the sandbox has but us, twice. */
	pid_t c = fork();
	if (c == 0) {
		pause();
		_exit(0);
	}
	tried("kill(-1, SIGKILL)", kill(-1, SIGKILL));
	int st;
	waitpid(c, &st, 0);
	printf("the child: %s\n", WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL ? "killed" : "?");
	tried("kill(-1, SIGTERM)", kill(-1, SIGTERM));
	tried("kill(1, SIGKILL)", kill(1, SIGKILL));
	tried("kill(0, SIGCONT)", kill(0, SIGCONT));
	return 0;
}
