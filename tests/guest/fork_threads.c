/* fork in a multithreaded process: only the calling thread survives in the
 * child.  Seven workers sit blocked (one holding a mutex) while a thread
 * other than main forks; the child counts its threads in /proc/self/task,
 * finds its tid equal to its pid, the mutex still locked (its owner does
 * not exist there), and can start and join a thread of its own.  Then main
 * forks too, and the workers are released and joined.  (Threads are not
 * counted after a join: a joined thread may still be finishing its exit.) */
//! libc: glibc musl
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define NWORKERS 7

static int release_pipe[2];
static pthread_mutex_t held = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t ready_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ready_cond = PTHREAD_COND_INITIALIZER;
static int ready;
static pid_t parent_pid;
static int marker;

static int count_threads(void)
{
	DIR *d = opendir("/proc/self/task");
	if (!d)
		return -1;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

static void *worker(void *arg)
{
	if (arg)
		pthread_mutex_lock(&held);
	pthread_mutex_lock(&ready_lock);
	ready++;
	pthread_cond_signal(&ready_cond);
	pthread_mutex_unlock(&ready_lock);
	char c;
	while (read(release_pipe[0], &c, 1) < 0 && errno == EINTR)
		;
	if (arg)
		pthread_mutex_unlock(&held);
	return NULL;
}

static void *child_thread(void *arg)
{
	return (void *)((long)arg + 1);
}

static const char *yesno(int b)
{
	return b ? "yes" : "no";
}

/* What a forked child checks; it exits 0 only when everything held. */
static void in_child(const char *who)
{
	printf("%s child: threads %d\n", who, count_threads());
	printf("%s child: tid == pid %s\n", who, yesno(syscall(SYS_gettid) == getpid()));
	printf("%s child: ppid is the parent %s\n", who, yesno(getppid() == parent_pid));
	printf("%s child: sees memory written before fork %s\n", who, yesno(marker == 42));
	int r = pthread_mutex_trylock(&held);
	printf("%s child: mutex held by a vanished thread: %s\n", who,
	       r == EBUSY ? "still locked"
	       : r == 0	  ? "free"
			  : strerror(r));
	pthread_t t;
	void *ret = NULL;
	int ok = pthread_create(&t, NULL, child_thread, (void *)41L) == 0 &&
		 pthread_join(t, &ret) == 0 && ret == (void *)42L;
	printf("%s child: new thread created and joined %s\n", who, yesno(ok));
	fflush(stdout);
	_exit(7);
}

static void reap(const char *who, pid_t pid)
{
	int st = 0;
	pid_t w = waitpid(pid, &st, 0);
	printf("%s child reaped: %s, exited %d\n", who, yesno(w == pid),
	       WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

static void *forker(void *arg)
{
	(void)arg;
	printf("threads before fork: %d\n", count_threads());
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0)
		in_child("thread's");
	reap("thread's", pid);
	return NULL;
}

int main(void)
{
	parent_pid = getpid();
	marker = 42;
	if (pipe(release_pipe) < 0)
		return 1;
	pthread_t w[NWORKERS], f;
	for (int i = 0; i < NWORKERS; i++)
		pthread_create(&w[i], NULL, worker, i == 0 ? (void *)1 : NULL);
	pthread_mutex_lock(&ready_lock);
	while (ready < NWORKERS)
		pthread_cond_wait(&ready_cond, &ready_lock);
	pthread_mutex_unlock(&ready_lock);

	pthread_create(&f, NULL, forker, NULL);
	pthread_join(f, NULL);

	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0)
		in_child("main's");
	reap("main's", pid);

	close(release_pipe[1]);
	int joined = 0;
	for (int i = 0; i < NWORKERS; i++)
		joined += pthread_join(w[i], NULL) == 0;
	printf("workers joined: %d\n", joined);
	return 0;
}
