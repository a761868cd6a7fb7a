/* A guest that goes past one limit or stays under it, as its argument says:
 *   mmap N        allocate and touch N MiB in 1 MiB pieces (malloc)
 *   fault N       touch N MiB of one lazily backed 4 GiB mapping
 *   spin          use CPU forever
 *   spin-catch    the same, after catching SIGXCPU once
 *   sleep N       sleep N seconds
 *   out N         print N lines
 *   fsize [ign]   write 3 x 1000 bytes to a file (ign: SIGXFSZ ignored)
 *   fds           open /dev/null until it fails
 *   fork N        start N children that wait, then reap them */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got;

static void on_signal(int sig)
{
	got = sig;
}

static long num(int argc, char **argv, long dflt)
{
	return argc > 2 ? atol(argv[2]) : dflt;
}

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";
	if (!strcmp(what, "mmap")) {
		long n = num(argc, argv, 4096);
		for (long i = 0; i < n; i++) {
			char *p = malloc(1 << 20);
			if (!p) {
				printf("malloc failed after %ld MiB\n", i);
				return 3;
			}
			memset(p, 1, 1 << 20);
		}
		printf("allocated %ld MiB\n", n);
		return 0;
	}
	if (!strcmp(what, "fault")) {
		size_t len = 4UL << 30, n = (size_t)num(argc, argv, 4096) << 20;
		char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (p == MAP_FAILED) {
			perror("mmap");
			return 1;
		}
		for (size_t i = 0; i < n && i < len; i += 4096)
			p[i] = 1;
		printf("touched %zu MiB\n", n >> 20);
		return 0;
	}
	if (!strcmp(what, "spin"))
		for (;;)
			;
	if (!strcmp(what, "spin-catch")) {
		signal(SIGXCPU, on_signal);
		while (!got)
			;
		printf("caught signal %d\n", (int)got);
		fflush(stdout);
		for (;;)
			;
	}
	if (!strcmp(what, "sleep")) {
		sleep((unsigned)num(argc, argv, 100));
		printf("slept\n");
		return 0;
	}
	if (!strcmp(what, "out")) {
		long n = num(argc, argv, 100000);
		for (long i = 0; i < n; i++)
			printf("line %ld\n", i);
		return 0;
	}
	if (!strcmp(what, "fsize")) {
		if (argc > 2)
			signal(SIGXFSZ, SIG_IGN);
		int fd = open("/tmp/fsize-test", O_CREAT | O_TRUNC | O_WRONLY, 0600);
		char buf[1000];
		memset(buf, 'x', sizeof(buf));
		for (int i = 1; i <= 3; i++) {
			ssize_t n = write(fd, buf, sizeof(buf));
			printf("write %d: %zd%s%s\n", i, n, n < 0 ? " " : "", n < 0 ? strerror(errno) : "");
			fflush(stdout);
		}
		return 0;
	}
	if (!strcmp(what, "fds")) {
		int n = 0;
		while (open("/dev/null", O_RDONLY) >= 0)
			n++;
		printf("opened %d, then: %s\n", n, strerror(errno));
		return 0;
	}
	if (!strcmp(what, "fork")) {
		long n = num(argc, argv, 4), ok = 0;
		int p[2];
		if (pipe(p) < 0)
			return 1;
		for (long i = 0; i < n; i++) {
			pid_t pid = fork();
			if (pid == 0) {
				char c;
				close(p[1]);
				read(p[0], &c, 1);
				_exit(0);
			}
			if (pid < 0) {
				printf("fork %ld: %s\n", i + 1, strerror(errno));
				break;
			}
			ok++;
		}
		close(p[1]);
		while (wait(NULL) > 0)
			;
		printf("forked %ld\n", ok);
		return 0;
	}
	fprintf(stderr, "usage: limits WHAT [N]\n");
	return 2;
}
