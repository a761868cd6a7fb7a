/* statfs sizes that hold on any host: a tmpfs (/dev/shm) and the root
 * have room (more than a few blocks, free ones, no more free than there
 * are), and /proc counts nothing (simple_statfs); fstatfs agrees with
 * statfs. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/statfs.h>
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
	return 0;
}
