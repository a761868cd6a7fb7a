/* /proc/self/fd and fdinfo: the open descriptors, links that name what
 * they are open on (and whose permission bits say how), reopening through
 * them, and fdinfo's position, flags and mount id. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *yes(int c)
{
	return c ? "yes" : "no";
}

static char info[4096];

static int fdinfo(int fd)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	int f = open(path, O_RDONLY);
	if (f < 0)
		return -errno;
	ssize_t n = read(f, info, sizeof(info) - 1);
	close(f);
	info[n > 0 ? n : 0] = '\0';
	return (int)n;
}

static long info_field(const char *key, int base)
{
	char *p = strstr(info, key);
	return p ? strtol(p + strlen(key), NULL, base) : -1;
}

static void link_of(int fd, const char *label)
{
	char path[64], target[512];
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	ssize_t n = readlink(path, target, sizeof(target) - 1);
	target[n > 0 ? n : 0] = '\0';
	struct stat st;
	lstat(path, &st);
	printf("%s: link mode %o\n", label, st.st_mode & 0777);
}

int main(void)
{
	/* A known set of descriptors: 0-2 and ours. */
	for (int fd = 3; fd < 1024; fd++)
		close(fd);
	char cwd[512];
	if (!getcwd(cwd, sizeof(cwd)))
		return 1;
	int r = open("proc_fd.data", O_RDWR | O_CREAT | O_TRUNC, 0644);
	int w = open("proc_fd.data", O_WRONLY | O_APPEND);
	int ro = open("/proc/self/status", O_RDONLY | O_CLOEXEC);
	int p[2];
	if (r < 0 || w < 0 || ro < 0 || pipe(p) < 0)
		return 1;
	int hi = dup2(r, 42);
	write(r, "hello world", 11);
	lseek(r, 6, SEEK_SET);

	DIR *d = opendir("/proc/self/fd");
	int dfd = dirfd(d);
	int fds[64], n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < 64) {
		if (e->d_name[0] == '.')
			continue;
		int fd = atoi(e->d_name);
		if (fd != dfd)
			fds[n++] = fd;
		if (e->d_type != DT_LNK)
			printf("%s is not a link\n", e->d_name);
	}
	closedir(d);
	for (int i = 0; i < n; i++)
		for (int j = i + 1; j < n; j++)
			if (fds[j] < fds[i]) {
				int t = fds[i];
				fds[i] = fds[j];
				fds[j] = t;
			}
	printf("fds:");
	for (int i = 0; i < n; i++)
		printf(" %d", fds[i]);
	printf("\n");

	char expect[1024];
	snprintf(expect, sizeof(expect), "%s/proc_fd.data", cwd);
	char target[1024];
	ssize_t k = readlink("/proc/self/fd/3", target, sizeof(target) - 1);
	target[k > 0 ? k : 0] = '\0';
	printf("fd 3 names the file: %s\n", yes(strcmp(target, expect) == 0));
	link_of(w, "write-only");
	link_of(ro, "read-only");
	link_of(hi, "dup at 42");
	link_of(p[0], "pipe read end");
	unsigned long ino1, ino2;
	char t0[64], t1[64];
	snprintf(t0, sizeof(t0), "/proc/self/fd/%d", p[0]);
	snprintf(t1, sizeof(t1), "/proc/self/fd/%d", p[1]);
	k = readlink(t0, target, sizeof(target) - 1);
	target[k > 0 ? k : 0] = '\0';
	int ok0 = sscanf(target, "pipe:[%lu]", &ino1) == 1;
	k = readlink(t1, target, sizeof(target) - 1);
	target[k > 0 ? k : 0] = '\0';
	int ok1 = sscanf(target, "pipe:[%lu]", &ino2) == 1;
	printf("pipe ends are pipe:[ino], the same: %s\n", yes(ok0 && ok1 && ino1 == ino2));
	struct stat st;
	fstat(p[0], &st);
	printf("pipe inode is fstat's: %s\n", yes(st.st_ino == ino1));

	/* Reopening through the link: a new description of the same file. */
	int again = open("/proc/self/fd/3", O_RDONLY);
	char got[16] = {0};
	read(again, got, 5);
	printf("reopened reads from the start: %s\n", got);
	printf("offset of fd 3 unchanged: %ld\n", (long)lseek(r, 0, SEEK_CUR));
	close(again);

	/* fdinfo */
	fdinfo(r);
	printf("fdinfo pos: %ld\n", info_field("pos:\t", 10));
	int fl = fcntl(r, F_GETFL);
	printf("fdinfo flags are F_GETFL's: %s\n", yes(info_field("flags:\t", 8) == fl));
	printf("fdinfo flags in octal with a 0: %s\n", yes(strstr(info, "flags:\t0") != NULL));
	long mnt = info_field("mnt_id:\t", 10);
	fstat(r, &st);
	printf("fdinfo ino is fstat's: %s\n", yes(info_field("ino:\t", 10) == (long)st.st_ino));
	printf("fdinfo first lines: %s\n",
	       yes(strncmp(info, "pos:\t", 5) == 0 && strstr(info, "\nflags:\t") &&
		   strstr(info, "\nmnt_id:\t") && strstr(info, "\nino:\t")));
	fdinfo(ro);
	printf("close-on-exec shows: %s\n",
	       yes(info_field("flags:\t", 8) == (fcntl(ro, F_GETFL) | O_CLOEXEC)));
	fdinfo(w);
	printf("append shows: %s\n", yes(info_field("flags:\t", 8) & O_APPEND));
	printf("same mount for both: %s\n", yes(info_field("mnt_id:\t", 10) == mnt));
	int rc = fdinfo(50);
	printf("fdinfo of a closed fd: %s\n", strerror(-rc));
	errno = 0;
	k = readlink("/proc/self/fd/50", target, 10);
	printf("fd link of a closed fd: %zd %s\n", k, strerror(errno));
	unlink("proc_fd.data");
	return 0;
}
