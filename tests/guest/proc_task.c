/* /proc/self/task: one directory per thread, named by its tid, with the
 * thread's own comm (PR_SET_NAME), stat and status; the process's status
 * counts the threads, a non-leader's /proc/<tid> can be looked up though
 * /proc does not list it, and an exited thread leaves task/. */
//! libc: glibc musl
//! cflags: -pthread
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#define NTHREADS 3

static pthread_barrier_t named, done;
static pid_t tids[NTHREADS];

static const char *yes(int c)
{
	return c ? "yes" : "no";
}

static int slurp(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	ssize_t n = read(fd, buf, size - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return (int)n;
}

static void *worker(void *arg)
{
	long i = (long)arg;
	char name[16];
	snprintf(name, sizeof(name), "worker-%ld", i);
	prctl(PR_SET_NAME, name);
	tids[i] = (pid_t)syscall(SYS_gettid);
	pthread_barrier_wait(&named);
	pthread_barrier_wait(&done);
	return NULL;
}

static int cmp(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* The tids listed in /proc/self/task, sorted. */
static int list_tasks(int *out, int max)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	int n = 0;
	while (d && (e = readdir(d)) && n < max)
		if (e->d_name[0] != '.')
			out[n++] = atoi(e->d_name);
	if (d)
		closedir(d);
	qsort(out, (size_t)n, sizeof(*out), cmp);
	return n;
}

int main(void)
{
	pthread_barrier_init(&named, NULL, NTHREADS + 1);
	pthread_barrier_init(&done, NULL, NTHREADS + 1);
	pthread_t th[NTHREADS];
	for (long i = 0; i < NTHREADS; i++)
		pthread_create(&th[i], NULL, worker, (void *)i);
	pthread_barrier_wait(&named);

	int listed[16];
	int n = list_tasks(listed, 16);
	printf("task entries: %d\n", n);
	int want[NTHREADS + 1];
	want[0] = getpid();
	for (int i = 0; i < NTHREADS; i++)
		want[i + 1] = tids[i];
	qsort(want, NTHREADS + 1, sizeof(int), cmp);
	printf("they are the tids: %s\n",
	       yes(n == NTHREADS + 1 && !memcmp(listed, want, sizeof(want))));
	printf("leader listed first: %s\n", yes(n > 0 && listed[0] == getpid()));

	char path[128], buf[4096];
	for (int i = 0; i < NTHREADS; i++) {
		snprintf(path, sizeof(path), "/proc/self/task/%d/comm", tids[i]);
		slurp(path, buf, sizeof(buf));
		printf("thread %d comm: %s", i, buf);
		snprintf(path, sizeof(path), "/proc/self/task/%d/stat", tids[i]);
		slurp(path, buf, sizeof(buf));
		int id = atoi(buf);
		printf("thread %d stat: pid field is its tid: %s, name in it: %s\n", i,
		       yes(id == tids[i]), yes(strstr(buf, "(worker-") == strchr(buf, '(')));
		snprintf(path, sizeof(path), "/proc/self/task/%d/status", tids[i]);
		slurp(path, buf, sizeof(buf));
		char *tg = strstr(buf, "\nTgid:\t"), *pid = strstr(buf, "\nPid:\t");
		printf("thread %d status: Tgid is the process: %s, Pid is the thread: %s\n", i,
		       yes(tg && atoi(tg + 7) == getpid()), yes(pid && atoi(pid + 6) == tids[i]));
	}
	slurp("/proc/self/comm", buf, sizeof(buf));
	printf("main comm unchanged: %s\n", yes(strncmp(buf, "proc_task", 9) == 0));
	slurp("/proc/self/status", buf, sizeof(buf));
	char *t = strstr(buf, "\nThreads:\t");
	printf("Threads: %d\n", t ? atoi(t + 10) : -1);
	slurp("/proc/self/stat", buf, sizeof(buf));
	char *f = strrchr(buf, ')');
	int field = 3;
	for (char *p = f + 2; p && field < 20; field++)
		p = strchr(p, ' ') + 1, f = p;
	printf("stat num_threads: %d\n", atoi(f));

	/* A thread's own /proc/<tid>: not listed, but there. */
	snprintf(path, sizeof(path), "/proc/%d/comm", tids[0]);
	slurp(path, buf, sizeof(buf));
	printf("/proc/<tid> of a thread: %s", buf);
	DIR *d = opendir("/proc");
	struct dirent *e;
	int seen = 0;
	while (d && (e = readdir(d)))
		seen |= atoi(e->d_name) == tids[0];
	if (d)
		closedir(d);
	printf("thread listed in /proc: %s\n", yes(seen));
	printf("thread-self names this thread: %s\n",
	       yes(slurp("/proc/thread-self/comm", buf, sizeof(buf)) > 0 &&
		   strncmp(buf, "proc_task", 9) == 0));

	pthread_barrier_wait(&done);
	for (int i = 0; i < NTHREADS; i++)
		pthread_join(th[i], NULL);
	/* Joined threads go (the kernel clears the tid pthread_join waits
	 * for a moment before the thread is released). */
	for (int i = 0; i < 10000 && (n = list_tasks(listed, 16)) > 1; i++)
		usleep(1000);
	printf("after join, task entries: %d\n", n);
	snprintf(path, sizeof(path), "/proc/self/task/%d", tids[0]);
	printf("an exited thread's directory: %s\n", access(path, F_OK) == 0 ? "there" : "gone");
	return 0;
}
