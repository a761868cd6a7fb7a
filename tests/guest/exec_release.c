/* What execve releases in the old address space, as exit would
 * (exec_mm_release): a child sharing our memory with CLONE_CHILD_CLEARTID
 * gets its tid word cleared and its futex woken when it executes a
 * program; a robust mutex it holds in shared memory is marked owner-dead,
 * so our next lock gets EOWNERDEAD.  And a process whose leader has exited
 * can still execute a program from another thread: the pid stays, the
 * parent hears of no exit in between, and gets the new program's status. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "errname.h"
#include "rawclone.h"

#define FUTEX_WAIT 0

static const char *yesno(int b)
{
	return b ? "yes" : "no";
}

static char self[4096];
static volatile int ctid;
static int hold_fd = -1, hold_wfd = -1; /* the new image waits for EOF */

/* The CLONE_VM child: executes us with "wait-on FD". */
static int vm_child(void *arg)
{
	(void)arg;
	static char fdarg[16];
	snprintf(fdarg, sizeof(fdarg), "%d", hold_fd);
	static char *argv[4];
	argv[0] = self;
	argv[1] = "wait-on";
	argv[2] = fdarg;
	argv[3] = NULL;
	rsys(SYS_close, hold_wfd, 0, 0, 0);
	rsys(SYS_execve, (long)self, (long)argv, 0, 0);
	return 99;
}

/* Wait until *word is 0, at most 10 s; true when it became 0. */
static int wait_zero(volatile int *word)
{
	struct timespec limit = {10, 0};
	int v;
	while ((v = *word) != 0) {
		if (syscall(SYS_futex, word, FUTEX_WAIT, v, &limit, NULL, 0) < 0 &&
		    errno == ETIMEDOUT)
			return 0;
	}
	return 1;
}

static pthread_mutex_t *shared_mutex;

static void *exec_thread(void *arg)
{
	(void)arg;
	char *argv[] = {self, "exit-with", "42", NULL};
	execv(self, argv);
	return NULL;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "wait-on") == 0) {
		char c;
		read(atoi(argv[2]), &c, 1);
		return 3;
	}
	if (argc == 3 && strcmp(argv[1], "exit-with") == 0)
		return atoi(argv[2]);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!realpath("/proc/self/exe", self))
		return 1;

	/* CLONE_CHILD_CLEARTID at exec. */
	int p[2];
	pipe(p);
	hold_fd = p[0];
	hold_wfd = p[1];
	static char stack[65536] __attribute__((aligned(16)));
	ctid = -1;
	long c = raw_clone(CLONE_VM | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD,
			   stack + sizeof(stack), NULL, &ctid, 0, vm_child, NULL);
	printf("CLONE_VM child started: %s\n", yesno(c > 0));
	printf("its tid word cleared (and woken) by its exec: %s\n", yesno(wait_zero(&ctid)));
	close(p[1]);
	int st;
	waitpid((pid_t)c, &st, 0);
	printf("the new program exited %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);

	/* A robust mutex held across exec. */
	shared_mutex = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(shared_mutex, &a);
	int q[2], r[2];
	pipe(q);
	pipe(r);
	pid_t d = fork();
	if (d == 0) {
		close(q[1]);
		close(r[0]);
		pthread_mutex_lock(shared_mutex);
		write(r[1], "l", 1);
		char fdarg[16];
		snprintf(fdarg, sizeof(fdarg), "%d", q[0]);
		char *args[] = {self, "wait-on", fdarg, NULL};
		execv(self, args);
		_exit(99);
	}
	close(q[0]);
	close(r[1]);
	char ch;
	read(r[0], &ch, 1); /* it holds the lock */
	/* Once it has executed, the old address space is gone: its robust
	 * list was walked.  (A trylock loop until then: EBUSY while held.) */
	int rv;
	time_t give_up = time(NULL) + 10;
	while ((rv = pthread_mutex_trylock(shared_mutex)) == EBUSY && time(NULL) < give_up)
		sched_yield();
	printf("lock after the holder executed a program: %s\n", errname(rv));
	close(q[1]);
	waitpid(d, &st, 0);
	printf("the new program exited %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);

	/* The leader exits, another thread executes a program. */
	int e[2];
	pipe(e);
	fflush(stdout);
	pid_t x = fork();
	if (x == 0) {
		close(e[0]);
		pthread_t t;
		pthread_attr_t ta;
		pthread_attr_init(&ta);
		pthread_attr_setdetachstate(&ta, PTHREAD_CREATE_DETACHED);
		pthread_create(&t, &ta, exec_thread, NULL);
		syscall(SYS_exit, 7); /* the leader only */
		_exit(98);
	}
	close(e[1]);
	pid_t w = waitpid(x, &st, 0);
	printf("after the leader's exit and a thread's exec: reaped %s, exited %d\n", yesno(w == x),
	       WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	printf("no child left: %s\n", res(waitpid(-1, &st, WNOHANG)));
	return 0;
}
