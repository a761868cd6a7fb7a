/* statfs sizes that hold on any host: a tmpfs (/dev/shm) and the root
 * have room (more than a few blocks, free ones, no more free than there
 * are), and /proc counts nothing (simple_statfs); fstatfs agrees with
 * statfs.  A tmpfs has the room it says: 64 MiB written take as much of
 * it, and fallocate past its size is ENOSPC, allocating nothing. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

static void sizes(const char *path)
{
	struct statfs s;
	if (statfs(path, &s) < 0) {
		printf("%s: statfs failed\n", path);
		return;
	}
	printf("%s: block size %s, over 1 MiB of blocks %s, some free %s, free <= blocks %s, "
	       "avail <= free %s, inodes free <= inodes %s, name length %ld\n",
	       path, s.f_bsize > 0 ? "yes" : "no",
	       (unsigned long long)s.f_blocks * (unsigned long long)s.f_bsize > (1ULL << 20) ? "yes"
											     : "no",
	       s.f_bfree > 0 && s.f_bavail > 0 ? "yes" : "no",
	       s.f_bfree <= s.f_blocks ? "yes" : "no", s.f_bavail <= s.f_bfree ? "yes" : "no",
	       s.f_ffree <= s.f_files ? "yes" : "no", (long)s.f_namelen);
	int fd = open(path, O_RDONLY | O_DIRECTORY);
	struct statfs t;
	printf("%s: fstatfs the same blocks and type %s\n", path,
	       fd >= 0 && fstatfs(fd, &t) == 0 && t.f_blocks == s.f_blocks && t.f_type == s.f_type
		   ? "yes"
		   : "no");
	close(fd);
	struct statvfs v;
	printf("%s: statvfs the same blocks %s\n", path,
	       statvfs(path, &v) == 0 && v.f_blocks == s.f_blocks ? "yes" : "no");
}

int main(void)
{
	sizes("/dev/shm");
	sizes("/");
	struct statfs p;
	if (statfs("/proc", &p) == 0)
		printf("/proc: type proc %s, blocks %llu, free %llu, files %llu\n",
		       p.f_type == 0x9fa0 ? "yes" : "no", (unsigned long long)p.f_blocks,
		       (unsigned long long)p.f_bfree, (unsigned long long)p.f_files);
	struct statfs d;
	if (statfs("/dev/shm", &d) == 0)
		printf("/dev/shm: type tmpfs %s\n", d.f_type == 0x01021994 ? "yes" : "no");

	char path[64];
	snprintf(path, sizeof(path), "/dev/shm/statfs_sizes.%d", getpid());
	int fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0600);
	struct statfs before, after;
	statfs("/dev/shm", &before);
	static char chunk[1 << 20];
	memset(chunk, 1, sizeof(chunk));
	for (int i = 0; i < 64; i++)
		write(fd, chunk, sizeof(chunk));
	statfs("/dev/shm", &after);
	long long used = ((long long)before.f_bfree - (long long)after.f_bfree) * before.f_bsize;
	printf("64 MiB written take at least 60 MiB of the free room: %s\n",
	       used >= (60LL << 20) ? "yes" : "no");
	long long too_much = (long long)after.f_blocks * after.f_bsize + (1LL << 30);
	int r = fallocate(fd, 0, 0, too_much);
	printf("fallocate past the size: %s\n", r < 0 ? (errno == ENOSPC ? "ENOSPC" : "other error") : "ok");
	struct stat st;
	fstat(fd, &st);
	printf("size after it: %lld MiB\n", (long long)st.st_size >> 20);
	close(fd);
	unlink(path);
	return 0;
}
