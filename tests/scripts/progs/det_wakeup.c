/* Under --deterministic, a thread drawn to run can stop or die on its way
 * back to the guest and wake another (its parent in waitpid) with no
 * thread left running: the loop must run the woken one rather than sleep.
 * Here a POSIX timer sends SIGSTOP or SIGTERM to a child process (with a
 * second thread blocked in a futex, and a pipe to its parent) between two
 * of its syscalls, while the parent waits; each round prints what the
 * parent saw. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

static int pfd[2];

static void *blocked(void *arg)
{
	(void)arg;
	char c;
	read(pfd[0], &c, 1); /* a pipe nobody writes: blocks for ever */
	return NULL;
}

static void child(int sig, int threaded)
{
	if (threaded) {
		pthread_t th;
		pthread_create(&th, NULL, blocked, NULL);
	}
	struct sigevent sev = {.sigev_notify = SIGEV_SIGNAL, .sigev_signo = sig};
	timer_t tm;
	if (timer_create(CLOCK_MONOTONIC, &sev, &tm) < 0)
		_exit(3);
	struct itimerspec its = {.it_value = {0, 1000000}};
	timer_settime(tm, 0, &its, NULL);
	for (;;)
		getppid();
}

int main(void)
{
	for (int round = 0; round < 8; round++) {
		int sig = round & 1 ? SIGTERM : SIGSTOP;
		int threaded = (round >> 1) & 1;
		if (pipe(pfd) < 0)
			return 1;
		pid_t pid = fork();
		if (pid == 0)
			child(sig, threaded);
		int st;
		waitpid(pid, &st, WUNTRACED);
		if (WIFSTOPPED(st)) {
			printf("round %d: stopped by %d\n", round, WSTOPSIG(st));
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
		}
		printf("round %d: killed by %d\n", round, WIFSIGNALED(st) ? WTERMSIG(st) : -1);
		close(pfd[0]);
		close(pfd[1]);
	}
	return 0;
}
