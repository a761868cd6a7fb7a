/* The tracing demo (README): fork; the child says who it is and exits,
 * the parent waits for it, then says who it is. */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		printf("I am child\n");
		return 0;
	}
	waitpid(pid, NULL, 0);
	printf("I am parent\n");
	return 0;
}
