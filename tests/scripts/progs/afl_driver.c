/* A driver speaking AFL++'s fork server protocol (the version of afl++
 * 4.04c) to `sbx run --fork-server`, as afl-fuzz does: control pipe on fd
 * 198, status pipe on 199, the test case in a file that is the server's
 * stdin, rewritten and rewound before each run.
 *
 *   afl_driver TIMEOUT_MS INPUT... -- COMMAND...
 *
 * Prints one line per input: `INPUT: exit N`, `INPUT: signal N`, or
 * `INPUT: timeout (killed, signal N)` when the copy had to be killed with
 * SIGKILL after TIMEOUT_MS; then `server exit N` once the control pipe is
 * closed.  A failure of the protocol prints `protocol: ...` and exits 1.
 *
 * With AFL_DRIVER_MAP=1 in its environment it also makes a coverage map as
 * afl-fuzz does (a SysV segment of 64 KiB, mode 0600, named by
 * __AFL_SHM_ID), clears it before each run and adds ` map TEXT` to the
 * line: the map's first bytes up to the first 0. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

static int read4(int fd, uint32_t *v, int timeout_ms)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	if (timeout_ms >= 0 && poll(&p, 1, timeout_ms) == 0)
		return 0;
	ssize_t n = read(fd, v, 4);
	return n == 4 ? 1 : -1;
}

#define MAP_SIZE 65536

/* Run the server and the test cases argv[2..sep); the exit status. */
static int drive(char **argv, int sep, int timeout, char *map)
{
	char path[] = "/tmp/afl-driver-XXXXXX";
	int in = mkstemp(path);
	unlink(path);
	int ctl[2], st[2];
	if (in < 0 || pipe(ctl) < 0 || pipe(st) < 0)
		return 2;
	pid_t srv = fork();
	if (srv == 0) {
		dup2(in, 0);
		dup2(ctl[0], 198);
		dup2(st[1], 199);
		close(in), close(ctl[0]), close(ctl[1]), close(st[0]), close(st[1]);
		execvp(argv[sep + 1], argv + sep + 1);
		_exit(127);
	}
	close(ctl[0]);
	close(st[1]);
	signal(SIGPIPE, SIG_IGN);
	uint32_t v;
	if (read4(st[0], &v, 20000) != 1) {
		printf("protocol: no hello\n");
		return 1;
	}
	printf("hello %u\n", v);
	uint32_t killed = 0;
	for (int i = 2; i < sep; i++) {
		const char *data = argv[i];
		lseek(in, 0, SEEK_SET);
		if (write(in, data, strlen(data)) != (ssize_t)strlen(data) ||
		    ftruncate(in, (off_t)strlen(data)) < 0)
			return 2;
		lseek(in, 0, SEEK_SET);
		if (map)
			memset(map, 0, MAP_SIZE);
		uint32_t pid;
		int status;
		if (write(ctl[1], &killed, 4) != 4 || read4(st[0], &pid, -1) != 1 || (int)pid <= 0) {
			printf("protocol: no child pid\n");
			return 1;
		}
		killed = 0;
		int r = read4(st[0], (uint32_t *)&status, timeout);
		if (r == 0) {
			kill((pid_t)pid, SIGKILL);
			killed = 1;
			r = read4(st[0], (uint32_t *)&status, -1);
		}
		if (r != 1) {
			printf("protocol: no status\n");
			return 1;
		}
		if (killed)
			printf("%s: timeout (killed, signal %d)", data,
			       WIFSIGNALED(status) ? WTERMSIG(status) : -1);
		else if (WIFSIGNALED(status))
			printf("%s: signal %d", data, WTERMSIG(status));
		else
			printf("%s: exit %d", data, WEXITSTATUS(status));
		if (map)
			printf(" map %.*s", (int)strnlen(map, MAP_SIZE), map);
		printf("\n");
		fflush(stdout);
	}
	close(ctl[1]);
	int ws;
	waitpid(srv, &ws, 0);
	printf("server exit %d\n", WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws));
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 4)
		return 2;
	int timeout = atoi(argv[1]);
	int sep = 2;
	while (sep < argc && strcmp(argv[sep], "--"))
		sep++;
	if (sep + 1 >= argc)
		return 2;
	char *map = NULL;
	int map_id = -1;
	if (getenv("AFL_DRIVER_MAP")) {
		char id[16];
		map_id = shmget(IPC_PRIVATE, MAP_SIZE, IPC_CREAT | IPC_EXCL | 0600);
		map = map_id < 0 ? (void *)-1 : shmat(map_id, NULL, 0);
		if (map == (void *)-1) {
			printf("protocol: no map: %s\n", strerror(errno));
			if (map_id >= 0)
				shmctl(map_id, IPC_RMID, NULL);
			return 1;
		}
		snprintf(id, sizeof(id), "%d", map_id);
		setenv("__AFL_SHM_ID", id, 1);
	}
	int r = drive(argv, sep, timeout, map);
	if (map_id >= 0)
		shmctl(map_id, IPC_RMID, NULL);
	return r;
}
