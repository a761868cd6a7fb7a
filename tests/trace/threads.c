/* Golden trace test: threads: clone3 from pthread_create, what a thread
 * shares, thread exits, and exit_group with a thread still blocked.  The
 * futex calls of joins depend on timing and are left out. */
// clang-format off
//! trace-skip: futex
//! trace-expect: === task [0-9]+: a new thread of process [0-9]+; shares vm files fs sighand thread; copies nothing ===
// clang-format on
#define _GNU_SOURCE
#include <pthread.h>
#include <unistd.h>

static int fds[2];

static void *worker(void *arg)
{
	const char *msg = arg;
	write(1, msg, 8);
	return NULL;
}

static void *blocker(void *arg)
{
	(void)arg;
	char c;
	write(fds[1], "r", 1);
	read(0, &c, 1); /* stdin is /dev/null: returns at once */
	pause();	/* until exit_group takes it away */
	return NULL;
}

int main(void)
{
	pthread_t a, b, c;
	pipe(fds);
	pthread_create(&a, NULL, worker, "thread1\n");
	pthread_join(a, NULL);
	pthread_create(&b, NULL, worker, "thread2\n");
	pthread_join(b, NULL);
	pthread_create(&c, NULL, blocker, NULL);
	char r;
	read(fds[0], &r, 1);
	usleep(100000); /* let it reach pause() */
	return 3;
}
