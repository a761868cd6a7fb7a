/* Directory positions that survive changes between two getdents calls:
 * removing the entries of a tmpfs directory (/dev/shm) while listing it in
 * small reads sees every entry once, and so does closing the fds listed
 * in /proc/self/fd while reading it (what Python's subprocess does to
 * close all but some); telldir/seekdir come back to the same entry after
 * others were removed. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

struct d64 {
	unsigned long ino;
	long off;
	unsigned short reclen;
	unsigned char type;
	char name[];
};

#define N 300

int main(void)
{
	char dir[64], p[1024];
	snprintf(dir, sizeof(dir), "/dev/shm/readdir_unlink.%d", getpid());
	if (mkdir(dir, 0755) < 0)
		return 1;
	for (int i = 0; i < N; i++) {
		snprintf(p, sizeof(p), "%s/f%03d", dir, i);
		close(open(p, O_CREAT | O_WRONLY, 0644));
	}
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	char buf[512];
	long n;
	int seen = 0, removed = 0;
	while ((n = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		for (long o = 0; o < n;) {
			struct d64 *e = (struct d64 *)(buf + o);
			o += e->reclen;
			if (e->name[0] == '.')
				continue;
			seen++;
			if (unlinkat(fd, e->name, 0) == 0)
				removed++;
		}
	}
	close(fd);
	printf("tmpfs: seen %d removed %d, rmdir %s\n", seen, removed,
	       rmdir(dir) == 0 ? "ok" : "failed");

	/* telldir and seekdir across removals. */
	mkdir(dir, 0755);
	for (int i = 0; i < 50; i++) {
		snprintf(p, sizeof(p), "%s/g%02d", dir, i);
		close(open(p, O_CREAT | O_WRONLY, 0644));
	}
	DIR *d = opendir(dir);
	struct dirent *de;
	char first[10][256];
	int k = 0;
	while (k < 10 && (de = readdir(d)))
		if (de->d_name[0] != '.')
			snprintf(first[k++], sizeof(first[0]), "%.200s", de->d_name);
	long pos = telldir(d);
	de = readdir(d);
	char next[256];
	snprintf(next, sizeof(next), "%.200s", de ? de->d_name : "(none)");
	for (int i = 0; i < 10; i++) {
		snprintf(p, sizeof(p), "%s/%.200s", dir, first[i]);
		unlink(p);
	}
	seekdir(d, pos);
	de = readdir(d);
	printf("seekdir after removing earlier entries: %s\n",
	       de && !strcmp(de->d_name, next) ? "same entry" : "another entry");
	int rest = de ? 1 : 0;
	while ((de = readdir(d)))
		rest++;
	printf("entries from there: %d\n", rest);
	closedir(d);
	for (int i = 0; i < 50; i++) {
		snprintf(p, sizeof(p), "%s/g%02d", dir, i);
		unlink(p);
	}
	rmdir(dir);

	/* /proc/self/fd while closing. */
	for (int i = 0; i < 40; i++)
		open("/dev/null", O_RDONLY);
	int pfd = open("/proc/self/fd", O_RDONLY | O_DIRECTORY);
	while ((n = syscall(SYS_getdents64, pfd, buf, 200)) > 0) {
		for (long o = 0; o < n;) {
			struct d64 *e = (struct d64 *)(buf + o);
			o += e->reclen;
			if (e->name[0] == '.')
				continue;
			int f = atoi(e->name);
			if (f > 2 && f != pfd)
				close(f);
		}
	}
	close(pfd);
	int left = 0;
	for (int f = 3; f < 1024; f++)
		left += fcntl(f, F_GETFD) >= 0;
	printf("/proc/self/fd: left open %d\n", left);
	return 0;
}
