/* Advisory locks between processes: POSIX record locks (F_SETLK, F_GETLK,
 * F_SETLKW), flock(2) and OFD locks on the same file, which conflict with
 * each other's kind only; a wait that would close a cycle of processes
 * fails with EDEADLK in whichever of the two asks second; closing any fd
 * of the file drops the process's POSIX locks, not flock's; a child shares
 * its parent's flock but not its POSIX locks; and the errors of bad
 * requests.  The processes take turns through pipes. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errname.h"

#ifndef F_OFD_GETLK
#define F_OFD_GETLK  36
#define F_OFD_SETLK  37
#define F_OFD_SETLKW 38
#endif

static int lk(int fd, int cmd, short type, off_t start, off_t len)
{
	struct flock fl = {.l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len};
	return fcntl(fd, cmd, &fl);
}

static const char *type_str(short t)
{
	return t == F_RDLCK ? "F_RDLCK" : t == F_WRLCK ? "F_WRLCK" : t == F_UNLCK ? "F_UNLCK" : "?";
}

/* F_GETLK for [start, start+len): what blocks it, and whose it is. */
static void getlk(const char *what, int fd, int cmd, short type, off_t start, off_t len,
		  pid_t other)
{
	struct flock fl = {.l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len};
	if (fcntl(fd, cmd, &fl) < 0) {
		printf("%s: %s\n", what, errname(errno));
		return;
	}
	printf("%s: %s", what, type_str(fl.l_type));
	if (fl.l_type != F_UNLCK)
		printf(" start %ld len %ld owner %s", (long)fl.l_start, (long)fl.l_len,
		       fl.l_pid == other ? "other"
		       : fl.l_pid == -1	 ? "-1"
					 : "?");
	printf("\n");
}

static void put(int fd)
{
	if (write(fd, "x", 1) != 1)
		exit(90);
}

static void get(int fd)
{
	char c;
	if (read(fd, &c, 1) != 1)
		exit(91);
}

static int reap(pid_t pid)
{
	int st;
	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Two processes, each holding one range and waiting for the other's: the
 * second to ask gets EDEADLK and lets go, so the first gets its range.
 * Which one is second depends on scheduling; that one of them is does not. */
static void deadlock(void)
{
	int fd = open("f", O_RDWR);
	int go[2], back[2], res[2];
	if (pipe(go) || pipe(back) || pipe(res))
		exit(92);
	lk(fd, F_SETLK, F_WRLCK, 0, 5);
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		int cfd = open("f", O_RDWR);
		int r = lk(cfd, F_SETLK, F_WRLCK, 5, 5);
		put(back[1]);
		get(go[0]);
		r = lk(cfd, F_SETLKW, F_WRLCK, 0, 5);
		int e = r < 0 ? errno : 0;
		if (r < 0)
			lk(cfd, F_SETLK, F_UNLCK, 0, 0);
		if (write(res[1], &e, sizeof(e)) != sizeof(e))
			_exit(93);
		_exit(0);
	}
	get(back[0]);
	put(go[1]);
	int r = lk(fd, F_SETLKW, F_WRLCK, 5, 5);
	int pe = r < 0 ? errno : 0, ce;
	if (r < 0)
		lk(fd, F_SETLK, F_UNLCK, 0, 0);
	if (read(res[0], &ce, sizeof(ce)) != sizeof(ce))
		exit(94);
	printf("deadlock: one EDEADLK, one lock: %s\n",
	       (pe == EDEADLK && ce == 0) || (pe == 0 && ce == EDEADLK) ? "yes" : "no");
	printf("deadlock child: %d\n", reap(c));
	lk(fd, F_SETLK, F_UNLCK, 0, 0);
	close(fd);
	close(go[0]), close(go[1]), close(back[0]), close(back[1]), close(res[0]), close(res[1]);
}

/* /proc/locks while a POSIX lock and a flock have one waiter each: the
 * lines of this file's locks (found by device and inode; the host's other
 * locks are there too natively), with ids and pids named, sorted (Linux
 * lists each CPU's locks apart). */
static void proc_locks(void)
{
	int fd = open("f", O_RDWR);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0)
		exit(95);
	char key[64];
	snprintf(key, sizeof(key), " %02x:%02x:%llu ", major(st.st_dev), minor(st.st_dev),
		 (unsigned long long)st.st_ino);
	lk(fd, F_SETLK, F_WRLCK, 0, 5);
	lk(fd, F_SETLK, F_RDLCK, 10, 0);
	flock(fd, LOCK_SH);
	int ofd = open("f", O_RDWR);
	lk(ofd, F_OFD_SETLK, F_RDLCK, 6, 2);
	fflush(stdout);
	pid_t a = fork();
	if (a == 0) {
		int cfd = open("f", O_RDWR);
		_exit(lk(cfd, F_SETLKW, F_WRLCK, 1, 1) < 0 ? 1 : 0);
	}
	pid_t b = fork();
	if (b == 0) {
		int cfd = open("f", O_RDWR);
		_exit(flock(cfd, LOCK_EX) < 0 ? 1 : 0);
	}
	char lines[32][256];
	int n = 0, waiting = 0;
	/* Until both children wait (however long that takes). */
	for (int tries = 0; waiting < 2 && tries < 100000; tries++) {
		FILE *f = fopen("/proc/locks", "r");
		char line[256];
		n = waiting = 0;
		while (f && fgets(line, sizeof(line), f)) {
			if (!strstr(line, key) || n == 32)
				continue;
			waiting += strstr(line, "->") != NULL;
			snprintf(lines[n++], sizeof(lines[0]), "%s", line);
		}
		if (f)
			fclose(f);
		if (waiting < 2)
			usleep(1000);
	}
	printf("/proc/locks: %d locks of f, %d waiting\n", n - waiting, waiting);
	char out[32][256];
	char ids[4][16] = {{0}};
	for (int i = 0; i < n; i++) {
		int id;
		char kind[16], type[16], who[16];
		long pid;
		char range[64];
		const char *p = lines[i];
		bool waiter = strstr(p, "->") != NULL;
		snprintf(out[i], sizeof(out[0]), "unparsed");
		if (sscanf(p, "%d:", &id) != 1)
			continue;
		p = strchr(p, ':') + 1;
		if (waiter)
			p = strstr(p, "->") + 2;
		if (sscanf(p, " %15s ADVISORY %15s %ld", kind, type, &pid) != 3)
			continue;
		snprintf(range, sizeof(range), "%s", strstr(p, key) + strlen(key));
		range[strcspn(range, "\n")] = 0;
		snprintf(who, sizeof(who), "%s",
			 pid == getpid() ? "parent"
			 : pid == a	 ? "child-a"
			 : pid == b	 ? "child-b"
			 : pid == -1	 ? "-1"
					 : "?");
		/* The waiters' ids are their blockers'. */
		bool fl = !strcmp(kind, "FLOCK");
		if (fl || !strcmp(type, "WRITE"))
			snprintf(ids[(waiter ? 2 : 0) + !fl], sizeof(ids[0]), "%d", id);
		snprintf(out[i], sizeof(out[0]), "%s%s %s %s %s", waiter ? "-> " : "", kind, type,
			 who, range);
	}
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			if (strcmp(out[i], out[j]) > 0) {
				char tmp[256];
				memcpy(tmp, out[i], sizeof(tmp));
				memcpy(out[i], out[j], sizeof(tmp));
				memcpy(out[j], tmp, sizeof(tmp));
			}
	for (int i = 0; i < n; i++)
		printf("  %s\n", out[i]);
	printf("flock waiter under its lock: %s\n",
	       ids[0][0] && !strcmp(ids[0], ids[2]) ? "yes" : "no");
	printf("POSIX waiter under the write lock: %s\n",
	       ids[1][0] && !strcmp(ids[1], ids[3]) ? "yes" : "no");
	lk(fd, F_SETLK, F_UNLCK, 0, 0);
	printf("child-a: %d\n", reap(a));
	flock(fd, LOCK_UN);
	printf("child-b: %d\n", reap(b));
	close(ofd);
	close(fd);
}

int main(void)
{
	int fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, "0123456789", 10) != 10)
		return 1;
	int p[2], q[2];
	if (pipe(p) || pipe(q))
		return 1;
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		int cfd = open("f", O_RDWR);
		printf("child F_WRLCK 0-4: %s\n", res(lk(cfd, F_SETLK, F_WRLCK, 0, 5)));
		printf("child F_RDLCK 10-: %s\n", res(lk(cfd, F_SETLK, F_RDLCK, 10, 0)));
		printf("child LOCK_EX: %s\n", res(flock(cfd, LOCK_EX | LOCK_NB)));
		fflush(stdout);
		put(p[1]);
		get(q[0]);
		getlk("child: GETLK W 5-9 after the parent closed an fd", cfd, F_GETLK, F_WRLCK, 5,
		      5, getppid());
		fflush(stdout);
		_exit(0);
	}
	get(p[0]);
	printf("F_WRLCK 0-4: %s\n", res(lk(fd, F_SETLK, F_WRLCK, 0, 5)));
	printf("F_RDLCK 2-3: %s\n", res(lk(fd, F_SETLK, F_RDLCK, 2, 2)));
	printf("F_WRLCK 5-9: %s\n", res(lk(fd, F_SETLK, F_WRLCK, 5, 5)));
	printf("F_RDLCK 12-13: %s\n", res(lk(fd, F_SETLK, F_RDLCK, 12, 2)));
	printf("F_WRLCK 12-13: %s\n", res(lk(fd, F_SETLK, F_WRLCK, 12, 2)));
	getlk("GETLK W 0-", fd, F_GETLK, F_WRLCK, 0, 0, c);
	getlk("GETLK R 3-3", fd, F_GETLK, F_RDLCK, 3, 1, c);
	getlk("GETLK W 5-9 (own)", fd, F_GETLK, F_WRLCK, 5, 5, c);
	getlk("GETLK R 11-", fd, F_GETLK, F_RDLCK, 11, 0, c);
	getlk("GETLK W 20-", fd, F_GETLK, F_WRLCK, 20, 0, c);
	getlk("GETLK UNLCK", fd, F_GETLK, F_UNLCK, 0, 0, c);
	printf("LOCK_EX: %s\n", res(flock(fd, LOCK_EX | LOCK_NB)));
	printf("LOCK_SH: %s\n", res(flock(fd, LOCK_SH | LOCK_NB)));

	int ofd = open("f", O_RDWR);
	printf("OFD F_WRLCK 0-0: %s\n", res(lk(ofd, F_OFD_SETLK, F_WRLCK, 0, 1)));
	printf("OFD F_WRLCK 6-6 (POSIX lock of this process): %s\n",
	       res(lk(ofd, F_OFD_SETLK, F_WRLCK, 6, 1)));
	printf("OFD F_WRLCK 30-: %s\n", res(lk(ofd, F_OFD_SETLK, F_WRLCK, 30, 0)));
	getlk("GETLK W 31 (OFD)", fd, F_GETLK, F_WRLCK, 31, 1, c);
	getlk("OFD_GETLK W 31", ofd, F_OFD_GETLK, F_WRLCK, 31, 1, c);
	getlk("OFD_GETLK W 0", ofd, F_OFD_GETLK, F_WRLCK, 0, 1, c);
	struct flock bad = {
	    .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1, .l_pid = 1};
	printf("OFD with l_pid: %s\n", res(fcntl(ofd, F_OFD_SETLK, &bad)));
	printf("OFD unlock: %s\n", res(lk(ofd, F_OFD_SETLK, F_UNLCK, 0, 0)));

	/* Closing any fd of the file drops this process's POSIX locks. */
	close(ofd);
	int again = open("f", O_RDWR);
	fflush(stdout);
	put(q[1]);
	printf("child: %d\n", reap(c));
	/* The child's locks went with it. */
	printf("F_WRLCK 0-: %s\n", res(lk(again, F_SETLK, F_WRLCK, 0, 0)));
	printf("LOCK_EX: %s\n", res(flock(again, LOCK_EX | LOCK_NB)));

	/* A child shares the flock (the same open file) but not POSIX locks. */
	fflush(stdout);
	c = fork();
	if (c == 0) {
		int cfd = open("f", O_RDWR);
		printf("child of flock holder, LOCK_EX on the inherited fd: %s\n",
		       res(flock(again, LOCK_EX | LOCK_NB)));
		printf("child of flock holder, LOCK_SH on its own fd: %s\n",
		       res(flock(cfd, LOCK_SH | LOCK_NB)));
		printf("child, F_RDLCK 0-0: %s\n", res(lk(cfd, F_SETLK, F_RDLCK, 0, 1)));
		fflush(stdout);
		_exit(0);
	}
	printf("child: %d\n", reap(c));
	flock(again, LOCK_UN);
	lk(again, F_SETLK, F_UNLCK, 0, 0);
	close(again);
	close(fd);

	deadlock();
	proc_locks();

	/* Bad requests. */
	fd = open("f", O_RDWR);
	int ro = open("f", O_RDONLY), wo = open("f", O_WRONLY);
	printf("F_RDLCK on O_WRONLY: %s\n", res(lk(wo, F_SETLK, F_RDLCK, 0, 1)));
	printf("F_WRLCK on O_RDONLY: %s\n", res(lk(ro, F_SETLK, F_WRLCK, 0, 1)));
	printf("F_UNLCK on O_RDONLY: %s\n", res(lk(ro, F_SETLK, F_UNLCK, 0, 1)));
	printf("type 7: %s\n", res(lk(fd, F_SETLK, 7, 0, 1)));
	printf("start -1: %s\n", res(lk(fd, F_SETLK, F_RDLCK, -1, 1)));
	printf("start 5 len -3: %s\n", res(lk(fd, F_SETLK, F_RDLCK, 5, -3)));
	getlk("GETLK start 5 len -3 (own)", fd, F_GETLK, F_WRLCK, 5, -3, 0);
	printf("start 2 len -3: %s\n", res(lk(fd, F_SETLK, F_RDLCK, 2, -3)));
	struct flock wh = {.l_type = F_RDLCK, .l_whence = 9, .l_start = 0, .l_len = 1};
	printf("whence 9: %s\n", res(fcntl(fd, F_SETLK, &wh)));
	printf("flock op 0: %s\n", res(flock(fd, 0)));
	printf("flock op LOCK_SH|LOCK_EX: %s\n", res(flock(fd, LOCK_SH | LOCK_EX)));
	printf("flock bad fd: %s\n", res(flock(99, LOCK_SH)));
	printf("F_SETLK bad fd: %s\n", res(lk(99, F_SETLK, F_RDLCK, 0, 1)));
	printf("F_GETLK NULL: %s\n", res(fcntl(fd, F_GETLK, NULL)));
	return 0;
}
