/* POSIX shared memory: shm_open makes files in /dev/shm (a tmpfs); a
 * mapping of one is shared with a forked child; shm_unlink. */
//! libc: glibc musl
//! cflags: -lrt
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "netcheck.h"

int main(void)
{
	char name[64];
	snprintf(name, sizeof(name), "/sbx-test-%d", getpid());
	int fd = shm_open(name, O_CREAT | O_EXCL | O_RDWR, 0600);
	SAY("shm_open: %s", rs(fd));
	SAY("again with O_EXCL: %s", rs(shm_open(name, O_CREAT | O_EXCL | O_RDWR, 0600)));
	SAY("ftruncate: %s", rs(ftruncate(fd, 8192)));
	struct stat st;
	fstat(fd, &st);
	SAY("size %ld mode %o", (long)st.st_size, st.st_mode & 0777);
	char path[80];
	snprintf(path, sizeof(path), "/dev/shm%s", name);
	SAY("visible in /dev/shm: %s", access(path, F_OK) == 0 ? "yes" : "no");
	long *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	*p = 1;
	pid_t c = fork();
	if (c == 0) {
		int f2 = shm_open(name, O_RDWR, 0);
		long *q = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, f2, 0);
		*q += 41;
		p[1] = 7;
		_exit(0);
	}
	waitpid(c, NULL, 0);
	SAY("after the child: %ld %ld", p[0], p[1]);
	SAY("shm_unlink: %s", rs(shm_unlink(name)));
	SAY("gone: %s", access(path, F_OK) == 0 ? "no" : "yes");
	SAY("mapping still there: %ld", *p);
	SAY("unlink again: %s", rs(shm_unlink(name)));
	return 0;
}
