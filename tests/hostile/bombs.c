//! sbx: --max-tasks=64 --memory=256M
/* A fork bomb and a memory bomb against the sandbox's limits (run with
 * --max-tasks=64 --memory=256M): fork and clone fail with EAGAIN, memory
 * runs out with ENOMEM or the sandbox kills the hog, and afterwards the
 * guest can still do its work. */
#include "hostile.h"

#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	/* Fork bomb: every process forks until it cannot, then waits. */
	fflush(stdout);
	pid_t top = fork();
	if (top == 0) {
		setpgid(0, 0);
		int eagain = 0;
		for (int i = 0; i < 10000; i++) {
			pid_t c = fork();
			if (c == 0)
				continue; /* the child goes on forking too */
			if (c < 0) {
				eagain += errno == EAGAIN;
				break;
			}
		}
		pause(); /* until the bomb is defused */
		_exit(eagain ? 0 : 1);
	}
	sleep(1);
	kill(-top, SIGKILL);
	while (waitpid(-1, NULL, 0) > 0)
		;
	pid_t c = fork();
	if (c == 0)
		_exit(7);
	int st = 0;
	waitpid(c, &st, 0);
	printf("fork after the bomb: %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);

	/* Memory bomb, in a child: touch everything mmap gives. */
	fflush(stdout);
	c = fork();
	if (c == 0) {
		size_t total = 0;
		for (int i = 0; i < 4096; i++) {
			char *p = mmap(NULL, 64 << 20, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
			if (p == MAP_FAILED) {
				printf("mmap failed after %zu MiB: %s\n", total >> 20,
				       strerrorname_np(errno));
				fflush(stdout);
				_exit(0);
			}
			for (size_t o = 0; o < (64 << 20); o += 4096)
				p[o] = 1;
			total += 64 << 20;
		}
		_exit(1);
	}
	waitpid(c, &st, 0);
	printf("memory hog: %s %d\n", WIFEXITED(st) ? "exited" : "killed by",
	       WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
	char *p = malloc(1 << 20);
	printf("malloc after the hog: %s\n", p ? "ok" : "failed");
	return 0;
}
