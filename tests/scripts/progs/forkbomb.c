/* Fork bombs against sbx run --max-tasks, as its argument says:
 *   wide         fork children that wait until fork fails; then try a
 *                thread; reap them; fork again; start threads until that
 *                fails; print what happened at each step
 *   deep         every process forks two children that do the same, until
 *                fork fails; each process waits for its children; print the
 *                number of forks that succeeded (from shared memory) */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static void *waiter(void *arg)
{
	char c;
	read(*(int *)arg, &c, 1);
	return NULL;
}

static int wide(void)
{
	int p[2];
	if (pipe(p) < 0)
		return 1;
	static pid_t kids[100000];
	int n = 0, err = 0;
	for (;;) {
		pid_t c = fork();
		if (c < 0) {
			err = errno;
			break;
		}
		if (c == 0) {
			char ch;
			close(p[1]);
			read(p[0], &ch, 1);
			_exit(0);
		}
		kids[n++] = c;
		if (n == 100000)
			break;
	}
	printf("forked %d, then %s\n", n, strerror(err));
	pthread_t t;
	int r = pthread_create(&t, NULL, waiter, &p[0]);
	printf("a thread at the limit: %s\n", strerror(r));
	close(p[1]);
	int reaped = 0;
	for (int i = 0; i < n; i++)
		reaped += waitpid(kids[i], NULL, 0) == kids[i];
	printf("reaped %d\n", reaped);
	pid_t c = fork();
	if (c == 0)
		_exit(0);
	printf("fork after reaping: %s\n", c > 0 ? "ok" : strerror(errno));
	if (c > 0)
		waitpid(c, NULL, 0);
	int q[2];
	if (pipe(q) < 0)
		return 1;
	static pthread_t ts[100000];
	int m = 0;
	while (m < 100000 && (r = pthread_create(&ts[m], NULL, waiter, &q[0])) == 0)
		m++;
	printf("threads started %d, then %s\n", m, strerror(r));
	close(q[1]);
	for (int i = 0; i < m; i++)
		pthread_join(ts[i], NULL);
	return 0;
}

static int deep(void)
{
	long *forks = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	long *fails = forks + 1;
	pid_t root = getpid();
	for (;;) {
		pid_t a = fork();
		if (a < 0) {
			__atomic_fetch_add(fails, 1, __ATOMIC_SEQ_CST);
			break;
		}
		__atomic_fetch_add(forks, 1, __ATOMIC_SEQ_CST);
		if (a == 0)
			continue; /* the child goes on bombing */
		pid_t b = fork();
		if (b < 0) {
			__atomic_fetch_add(fails, 1, __ATOMIC_SEQ_CST);
			break;
		}
		__atomic_fetch_add(forks, 1, __ATOMIC_SEQ_CST);
		if (b == 0)
			continue;
		break;
	}
	while (wait(NULL) > 0)
		;
	if (getpid() != root)
		_exit(0);
	printf("forks %s, failures %s\n", *forks > 0 ? "some" : "none",
	       *fails > 0 ? "some" : "none");
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc > 1 && !strcmp(argv[1], "wide"))
		return wide();
	if (argc > 1 && !strcmp(argv[1], "deep"))
		return deep();
	return 2;
}
