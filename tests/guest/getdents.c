/* getdents(2), the old record (struct linux_dirent, d_type in the last
 * byte), which LeakSanitizer reads /proc/PID/task with: the same entries,
 * inodes and types as getdents64, the name's NUL and the padding, a small
 * buffer taking one entry per call, the positions it leaves, and the
 * errors (a buffer too small for any entry, a file, a bad fd, a bad
 * buffer). */
//! libc: glibc musl
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "errname.h"

struct linux_dirent {
	unsigned long d_ino;
	unsigned long d_off;
	unsigned short d_reclen;
	char d_name[];
};

struct entry {
	char name[256];
	unsigned long ino;
	unsigned type;
};

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

/* Every entry of @path through getdents (@old) or getdents64, @size bytes
 * at a time; sorted by name. */
static int list(const char *path, int old, size_t size, struct entry *out, int max, int *calls)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY);
	char *buf = malloc(size);
	int n = 0;
	*calls = 0;
	for (;;) {
		long r = syscall(old ? SYS_getdents : SYS_getdents64, fd, buf, size);
		if (r < 0) {
			printf("%s: %s\n", old ? "getdents" : "getdents64", errname(errno));
			break;
		}
		if (r == 0)
			break;
		++*calls;
		for (long off = 0; off < r;) {
			const char *name;
			unsigned long ino;
			unsigned short reclen;
			unsigned type;
			if (old) {
				struct linux_dirent *d = (struct linux_dirent *)(buf + off);
				name = d->d_name;
				ino = d->d_ino;
				reclen = d->d_reclen;
				type = (unsigned char)buf[off + reclen - 1];
				size_t head = offsetof(struct linux_dirent, d_name);
				if (reclen % 8 || reclen < head + strlen(name) + 2)
					printf("bad record for %s: %u\n", name, reclen);
			} else {
				struct dirent64 *d = (struct dirent64 *)(buf + off);
				name = d->d_name;
				ino = d->d_ino;
				reclen = d->d_reclen;
				type = d->d_type;
			}
			if (n < max) {
				snprintf(out[n].name, sizeof(out[n].name), "%.250s", name);
				out[n].ino = ino;
				out[n].type = type;
				n++;
			}
			off += reclen;
		}
	}
	free(buf);
	close(fd);
	qsort(out, (size_t)n, sizeof(*out), cmp_entry);
	return n;
}

static const char *type_name(unsigned t)
{
	switch (t) {
	case DT_DIR:
		return "DT_DIR";
	case DT_REG:
		return "DT_REG";
	case DT_LNK:
		return "DT_LNK";
	case DT_FIFO:
		return "DT_FIFO";
	default:
		return "other";
	}
}

int main(void)
{
	mkdir("d", 0755);
	mkdir("d/sub", 0755);
	close(open("d/file", O_CREAT | O_WRONLY, 0644));
	close(open("d/longer-name1", O_CREAT | O_WRONLY, 0644));
	symlink("file", "d/link");
	mkfifo("d/fifo", 0644);

	struct entry e64[16], e[16], small[16];
	int calls64, calls, small_calls;
	int n64 = list("d", 0, 4096, e64, 16, &calls64);
	int n = list("d", 1, 4096, e, 16, &calls);
	printf("entries: %d and %d, in one call: %s\n", n64, n, calls == 1 ? "yes" : "no");
	for (int i = 0; i < n; i++) {
		struct stat st;
		char path[300];
		snprintf(path, sizeof(path), "d/%.250s", e[i].name);
		lstat(path, &st);
		printf("%-13s %-7s same as getdents64: %s, ino is stat's: %s\n", e[i].name,
		       type_name(e[i].type),
		       i < n64 && !strcmp(e[i].name, e64[i].name) && e[i].ino == e64[i].ino &&
			       e[i].type == e64[i].type
			   ? "yes"
			   : "no",
		       e[i].ino == st.st_ino ? "yes" : "no");
	}
	/* 40 bytes hold one record (24 to 32 bytes here), never two. */
	int ns = list("d", 1, 40, small, 16, &small_calls);
	printf("40-byte buffer: %d entries in %d calls\n", ns, small_calls);

	/* The positions: a second descriptor seeking to where the first
	 * call left off reads the rest. */
	int fd = open("d", O_RDONLY | O_DIRECTORY);
	char buf[4096];
	long r = syscall(SYS_getdents, fd, buf, 80);
	struct linux_dirent *first = (struct linux_dirent *)buf;
	long pos = lseek(fd, 0, SEEK_CUR);
	printf("first call: %s, last d_off is the position: %s\n", r > 0 ? "entries" : "none",
	       r > 0 && (long)((struct linux_dirent *)(buf + r - first->d_reclen))->d_off == pos
		   ? "yes"
		   : (r > first->d_reclen ? "several" : "no"));
	lseek(fd, 0, SEEK_SET);
	long all = syscall(SYS_getdents, fd, buf, sizeof(buf));
	lseek(fd, 0, SEEK_SET);
	printf("rewound: the same bytes again: %s\n",
	       syscall(SYS_getdents, fd, buf, sizeof(buf)) == all ? "yes" : "no");

	lseek(fd, 0, SEEK_SET);
	printf("buffer of 8 bytes: %s\n", res(syscall(SYS_getdents, fd, buf, 8)));
	lseek(fd, 0, SEEK_SET);
	printf("NULL buffer: %s\n", res(syscall(SYS_getdents, fd, NULL, 4096)));
	close(fd);
	fd = open("d/file", O_RDONLY);
	printf("a file: %s\n", res(syscall(SYS_getdents, fd, buf, sizeof(buf))));
	close(fd);
	printf("bad fd: %s\n", res(syscall(SYS_getdents, 99, buf, sizeof(buf))));
	return 0;
}
