/* A guest whose output depends on everything --deterministic fixes: the
 * clocks, a sleep, random bytes (getrandom, /dev/urandom, AT_RANDOM), pids,
 * the order in which threads that synchronise with futexes take turns, and
 * a directory listing of the host's tree. */
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char order[4 * 50 + 1];
static int len;

static void *worker(void *arg)
{
	char c = (char)(long)arg;
	for (int i = 0; i < 50; i++) {
		pthread_mutex_lock(&lock);
		order[len++] = c;
		pthread_mutex_unlock(&lock);
		sched_yield();
	}
	return NULL;
}

static void hex(const char *what, const unsigned char *b, size_t n)
{
	printf("%s: ", what);
	for (size_t i = 0; i < n; i++)
		printf("%02x", b[i]);
	printf("\n");
}

static int by_name(const void *a, const void *b)
{
	(void)a, (void)b;
	return 0;
}

int main(int argc, char **argv)
{
	struct timespec rt, mono, t2;
	clock_gettime(CLOCK_REALTIME, &rt);
	clock_gettime(CLOCK_MONOTONIC, &mono);
	printf("realtime: %lld.%09ld\n", (long long)rt.tv_sec, rt.tv_nsec);
	printf("monotonic: %lld.%09ld\n", (long long)mono.tv_sec, mono.tv_nsec);
	struct timeval tv;
	gettimeofday(&tv, NULL);
	printf("gettimeofday: %lld.%06ld, time: %lld\n", (long long)tv.tv_sec, (long)tv.tv_usec,
	       (long long)time(NULL));
	usleep(250000);
	clock_gettime(CLOCK_MONOTONIC, &t2);
	printf("slept: %lld ns\n", (long long)((t2.tv_sec - mono.tv_sec) * 1000000000LL +
					     (t2.tv_nsec - mono.tv_nsec)));

	unsigned char b[16];
	getrandom(b, sizeof(b), 0);
	hex("getrandom", b, sizeof(b));
	int fd = open("/dev/urandom", O_RDONLY);
	read(fd, b, sizeof(b));
	close(fd);
	hex("urandom", b, sizeof(b));
	hex("AT_RANDOM", (const unsigned char *)getauxval(AT_RANDOM), 16);
	printf("rand after srand(time): %d\n", (srand((unsigned)time(NULL)), rand()));

	fflush(stdout);
	pid_t child = fork();
	if (child == 0) {
		printf("child pid %d\n", getpid());
		fflush(stdout);
		_exit(0);
	}
	waitpid(child, NULL, 0);
	printf("pid %d, child %d\n", getpid(), child);

	pthread_t th[4];
	for (long i = 0; i < 4; i++)
		pthread_create(&th[i], NULL, worker, (void *)('a' + i));
	for (int i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	printf("threads: %s\n", order);

	const char *dir = argc > 1 ? argv[1] : "/usr/include/linux";
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;
	unsigned long h = 5381;
	while (d && (e = readdir(d))) {
		if (n < 5)
			printf("entry %d: %s\n", n, e->d_name);
		for (const char *s = e->d_name; *s; s++)
			h = h * 33 + (unsigned char)*s;
		n++;
	}
	printf("%d entries, order hash %lx\n", n, h);
	(void)by_name;
	return 0;
}
