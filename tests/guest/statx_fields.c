/* statx beyond struct stat: the birth time of a file made now lies between
 * the clock before and after (and stays through writes and a chmod), the
 * host's files keep theirs (a host file's btime is the one statx gives
 * natively); stx_mnt_id is the mount's id in /proc/self/mountinfo;
 * STATX_ATTR_MOUNT_ROOT marks a mount's root and nothing below it.  The
 * scratch directory's filesystem is assumed to keep birth times, as ext4,
 * xfs, btrfs and tmpfs do. */
//! libc: glibc
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "errname.h"

static int sx(const char *path, int flags, struct statx *x)
{
	return statx(AT_FDCWD, path, flags, STATX_BASIC_STATS | STATX_BTIME | STATX_MNT_ID, x);
}

/* The id of the mount whose mount point is @dir, from mountinfo. */
static long mount_id_of(const char *dir)
{
	FILE *f = fopen("/proc/self/mountinfo", "r");
	char line[1024];
	long id = -1;
	while (f && fgets(line, sizeof(line), f)) {
		long i;
		char mp[512];
		if (sscanf(line, "%ld %*d %*s %*s %511s", &i, mp) == 2 && !strcmp(mp, dir))
			id = i;
	}
	if (f)
		fclose(f);
	return id;
}

int main(void)
{
	struct timespec before, after;
	unlink("f"); /* a file truncated keeps its birth time */
	clock_gettime(CLOCK_REALTIME, &before);
	int fd = open("f", O_CREAT | O_RDWR | O_EXCL, 0644);
	clock_gettime(CLOCK_REALTIME, &after);
	struct statx x;
	printf("statx: %s\n", res(sx("f", 0, &x)));
	printf("STATX_BTIME: %s, STATX_MNT_ID: %s\n", x.stx_mask & STATX_BTIME ? "yes" : "no",
	       x.stx_mask & STATX_MNT_ID ? "yes" : "no");
	long long b = x.stx_btime.tv_sec;
	/* Filesystems stamp with the coarse clock, which may lag a tick. */
	printf("born between the clock before and after: %s\n",
	       b + 1 >= before.tv_sec && b <= after.tv_sec ? "yes" : "no");
	struct statx_timestamp born = x.stx_btime;
	if (write(fd, "data", 4) != 4 || fchmod(fd, 0600) < 0)
		return 1;
	sx("f", 0, &x);
	printf("btime kept through a write and a chmod: %s\n",
	       x.stx_btime.tv_sec == born.tv_sec && x.stx_btime.tv_nsec == born.tv_nsec ? "yes"
											: "no");
	printf("btime no later than mtime and ctime: %s\n",
	       x.stx_btime.tv_sec <= x.stx_mtime.tv_sec && x.stx_btime.tv_sec <= x.stx_ctime.tv_sec
		   ? "yes"
		   : "no");
	struct statx e;
	printf("AT_EMPTY_PATH on the fd, same btime: %s\n",
	       statx(fd, "", AT_EMPTY_PATH, STATX_BTIME, &e) == 0 &&
		       e.stx_btime.tv_sec == born.tv_sec && e.stx_btime.tv_nsec == born.tv_nsec
		   ? "yes"
		   : "no");
	close(fd);

	/* A host file: the btime is there or not as the host keeps it. */
	struct statx h;
	sx("/etc/hostname", 0, &h);
	printf("/etc/hostname has a btime no later than its mtime, or none: %s\n",
	       !(h.stx_mask & STATX_BTIME) || h.stx_btime.tv_sec <= h.stx_mtime.tv_sec ? "yes"
										       : "no");

	struct statx r, p;
	sx("/", 0, &r);
	sx("/proc/self", 0, &p);
	printf("/ is a mount root: %s, /etc/hostname is not: %s\n",
	       r.stx_attributes & STATX_ATTR_MOUNT_ROOT ? "yes" : "no",
	       h.stx_attributes & STATX_ATTR_MOUNT_ROOT ? "yes" : "no");
	printf("MOUNT_ROOT in the attributes mask: %s\n",
	       r.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT ? "yes" : "no");
	struct statx pr;
	sx("/proc", 0, &pr);
	printf("/proc: mount root: %s, mnt_id is mountinfo's: %s, /proc/self on it: %s\n",
	       pr.stx_attributes & STATX_ATTR_MOUNT_ROOT ? "yes" : "no",
	       (long)pr.stx_mnt_id == mount_id_of("/proc") ? "yes" : "no",
	       p.stx_mnt_id == pr.stx_mnt_id ? "yes" : "no");
	printf("/: mnt_id is mountinfo's: %s, differs from /proc's: %s\n",
	       (long)r.stx_mnt_id == mount_id_of("/") ? "yes" : "no",
	       r.stx_mnt_id != pr.stx_mnt_id ? "yes" : "no");
	return 0;
}
