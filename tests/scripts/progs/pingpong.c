/* One byte bounced between a parent and a forked child, N times (argv[2],
 * default 20000), over two pipes (argv[1] "pipe") or one Unix stream
 * socket pair ("unix").  Prints the mean time of one round trip in
 * microseconds: two writes, two reads and two context switches
 * (tools/bench-ipc). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void die(const char *what)
{
	perror(what);
	exit(1);
}

int main(int argc, char **argv)
{
	const char *how = argc > 1 ? argv[1] : "pipe";
	long n = argc > 2 ? atol(argv[2]) : 20000;
	int to_child[2], to_parent[2]; /* [0] read end, [1] write end */
	if (!strcmp(how, "pipe")) {
		if (pipe(to_child) || pipe(to_parent))
			die("pipe");
	} else if (!strcmp(how, "unix")) {
		int sv[2];
		if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
			die("socketpair");
		to_child[0] = sv[1], to_child[1] = sv[0];
		to_parent[0] = sv[0], to_parent[1] = sv[1];
	} else {
		fprintf(stderr, "usage: %s pipe|unix [N]\n", argv[0]);
		return 2;
	}
	pid_t pid = fork();
	if (pid < 0)
		die("fork");
	bool pipes = !strcmp(how, "pipe");
	if (pid == 0) {
		if (pipes)
			close(to_child[1]), close(to_parent[0]);
		unsigned char c;
		while (read(to_child[0], &c, 1) == 1) {
			c++;
			if (write(to_parent[1], &c, 1) != 1)
				_exit(1);
		}
		_exit(0);
	}
	if (pipes)
		close(to_child[0]), close(to_parent[1]);
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (long i = 0; i < n; i++) {
		unsigned char c = (unsigned char)i, d;
		if (write(to_child[1], &c, 1) != 1 || read(to_parent[0], &d, 1) != 1)
			die("round trip");
		if (d != (unsigned char)(c + 1)) {
			fprintf(stderr, "wrong byte back\n");
			return 1;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	/* The child sees EOF once every copy of its read side's peer is gone. */
	if (pipes)
		close(to_child[1]);
	else
		shutdown(to_child[1], SHUT_WR);
	int st;
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st))
		die("child");
	double us = ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / 1e3 / (double)n;
	printf("%.3f\n", us);
	return 0;
}
