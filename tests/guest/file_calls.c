/* A sweep over file syscalls that programs reach through the C library
 * and that no other test calls by their own number: the *at family, the
 * legacy names (creat, rename, symlink, utime...), sync and advice calls,
 * extended attributes on a tmpfs, copies between files, statx, openat2
 * and close_range.  Each prints its result; what a file looks like after
 * it is printed from stat. */
//! libc: glibc
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/sendfile.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/xattr.h>
#include <unistd.h>
#include <utime.h>

#include "errname.h"

#ifndef SYS_fchmodat2
#define SYS_fchmodat2 452
#endif

static void show(const char *what, long r)
{
	if (r < 0)
		printf("%s: -1 %s\n", what, errname(errno));
	else
		printf("%s: %ld\n", what, r);
}

static void st(const char *path)
{
	struct stat s;
	if (lstat(path, &s) < 0) {
		printf("  %s: %s\n", path, errname(errno));
		return;
	}
	printf("  %s: mode %o size %lld nlink %lu uid %u gid %u\n", path, s.st_mode,
	       (long long)s.st_size, (unsigned long)s.st_nlink, s.st_uid, s.st_gid);
}

static void mtime(const char *path)
{
	struct stat s;
	if (stat(path, &s) == 0)
		printf("  %s: mtime %lld.%09ld atime %lld\n", path, (long long)s.st_mtim.tv_sec,
		       s.st_mtim.tv_nsec, (long long)s.st_atim.tv_sec);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	umask(022);
	/* A private directory of our own, removed first. */
	system("rm -rf fc_dir");
	show("mkdirat", syscall(SYS_mkdirat, AT_FDCWD, "fc_dir", 0755));
	int dfd = open("fc_dir", O_RDONLY | O_DIRECTORY);
	show("creat", syscall(SYS_creat, "fc_dir/a", 0640));
	int fd = openat(dfd, "a", O_WRONLY);
	show("write", write(fd, "hello world\n", 12));
	show("fsync", fsync(fd));
	show("fdatasync", fdatasync(fd));
	show("sync_file_range", sync_file_range(fd, 0, 12, SYNC_FILE_RANGE_WRITE));
	show("sync_file_range bad flags", sync_file_range(fd, 0, 12, 8));
	show("syncfs", syncfs(fd));
	sync();
	show("fchmod 0600", fchmod(fd, 0600));
	struct iovec iov[2] = {{"AB", 2}, {"CD", 2}};
	show("pwritev at 20", pwritev(fd, iov, 2, 20));
	close(fd);
	st("fc_dir/a");
	show("truncate 5", truncate("fc_dir/a", 5));
	show("truncate negative", truncate("fc_dir/a", -1));
	st("fc_dir/a");
	show("fchmodat 0644", fchmodat(dfd, "a", 0644, 0));
	show("fchmodat2 AT_SYMLINK_NOFOLLOW on a file",
	     syscall(SYS_fchmodat2, dfd, "a", 0640, AT_SYMLINK_NOFOLLOW));
	show("fchownat", fchownat(dfd, "a", 0, 0, 0));
	show("lchown", lchown("fc_dir/a", 0, 0));
	show("faccessat W_OK", syscall(SYS_faccessat, dfd, "a", W_OK));
	show("faccessat missing", syscall(SYS_faccessat, dfd, "zzz", F_OK));

	/* Names: links, renames, symlinks. */
	show("linkat", linkat(dfd, "a", dfd, "b", 0));
	show("symlink", symlink("a", "fc_dir/s"));
	show("symlinkat", symlinkat("b", dfd, "t"));
	show("rename", rename("fc_dir/b", "fc_dir/c"));
	show("renameat", renameat(dfd, "c", dfd, "d"));
	show("renameat2 NOREPLACE onto a file", syscall(SYS_renameat2, dfd, "d", dfd, "a", 1));
	show("renameat2 EXCHANGE", syscall(SYS_renameat2, dfd, "s", dfd, "t", 2));
	char buf[64];
	long n = readlink("fc_dir/s", buf, sizeof(buf));
	printf("  s -> %.*s\n", (int)(n > 0 ? n : 0), buf);
	st("fc_dir/a");
	st("fc_dir/d");
	show("unlinkat", unlinkat(dfd, "d", 0));
	show("unlinkat AT_REMOVEDIR on a file", unlinkat(dfd, "a", AT_REMOVEDIR));
	show("mknod FIFO", syscall(SYS_mknod, "fc_dir/f", S_IFIFO | 0600, 0));
	st("fc_dir/f");

	/* Times. */
	struct utimbuf ub = {1000000000, 1100000000};
	show("utime", syscall(SYS_utime, "fc_dir/a", &ub));
	mtime("fc_dir/a");
	struct timeval tv[2] = {{1200000000, 5}, {1300000000, 7}};
	show("utimes", syscall(SYS_utimes, "fc_dir/a", tv));
	mtime("fc_dir/a");
	show("futimesat", syscall(SYS_futimesat, dfd, "a", tv));
	struct timespec ts[2] = {{1400000000, 0}, {0, UTIME_OMIT}};
	show("utimensat (mtime omitted)", utimensat(dfd, "a", ts, 0));
	mtime("fc_dir/a");
	ts[1].tv_nsec = 2000000000;
	show("utimensat bad nsec", utimensat(dfd, "a", ts, 0));

	/* fchdir, statx, statfs, openat2. */
	int here = open(".", O_RDONLY | O_DIRECTORY);
	show("fchdir into fc_dir", fchdir(dfd));
	struct statx sx;
	show("statx a", syscall(SYS_statx, AT_FDCWD, "a", 0, STATX_SIZE | STATX_MODE, &sx));
	printf("  statx: size %llu mode %o has size: %s\n", (unsigned long long)sx.stx_size,
	       sx.stx_mode, (sx.stx_mask & STATX_SIZE) ? "yes" : "no");
	show("statx bad flags", syscall(SYS_statx, AT_FDCWD, "a", 0x7000000, STATX_SIZE, &sx));
	show("fchdir back", fchdir(here));
	struct statfs sf;
	fd = open("fc_dir/a", O_RDONLY);
	show("fstatfs", fstatfs(fd, &sf));
	struct open_how how = {.flags = O_RDONLY, .resolve = RESOLVE_BENEATH};
	show("openat2 beneath", syscall(SYS_openat2, dfd, "a", &how, sizeof(how)) >= 0 ? 0 : -1);
	show("openat2 escaping ..", syscall(SYS_openat2, dfd, "../fc_dir/a", &how, sizeof(how)));
	how.flags = O_RDONLY | O_CREAT;
	show("openat2 O_CREAT without a mode",
	     syscall(SYS_openat2, dfd, "zz", &how, sizeof(how)) >= 0 ? 0 : -1);
	how.mode = 01000000;
	show("openat2 bad mode", syscall(SYS_openat2, dfd, "zz", &how, sizeof(how)));

	/* Advice and copies. */
	show("readahead", readahead(fd, 0, 4096));
	show("posix_fadvise", posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL) ? -1 : 0);
	int out = open("fc_dir/copy", O_CREAT | O_WRONLY | O_TRUNC, 0644);
	off_t off = 1;
	show("sendfile 3 bytes from offset 1", sendfile(out, fd, &off, 3));
	printf("  offset after: %lld\n", (long long)off);
	loff_t in_off = 0;
	show("copy_file_range 2 bytes", copy_file_range(fd, &in_off, out, NULL, 2, 0));
	show("copy_file_range flags", copy_file_range(fd, &in_off, out, NULL, 2, 1));
	close(out);
	int cfd = open("fc_dir/copy", O_RDONLY);
	n = read(cfd, buf, sizeof(buf));
	printf("  copy holds: %.*s\n", (int)(n > 0 ? n : 0), buf);
	close(cfd);
	close(fd);

	/* Extended attributes on a tmpfs file (/dev/shm). */
	char x[] = "/dev/shm/sbx_file_calls_xattr";
	unlink(x);
	fd = open(x, O_CREAT | O_RDWR, 0600);
	show("setxattr user.a", setxattr(x, "user.a", "1", 1, 0));
	show("lsetxattr user.b", lsetxattr(x, "user.b", "22", 2, 0));
	show("fsetxattr user.c", fsetxattr(fd, "user.c", "333", 3, 0));
	show("setxattr XATTR_CREATE existing", setxattr(x, "user.a", "1", 1, XATTR_CREATE));
	show("setxattr XATTR_REPLACE missing", setxattr(x, "user.z", "1", 1, XATTR_REPLACE));
	show("getxattr user.b size", getxattr(x, "user.b", NULL, 0));
	show("lgetxattr user.b", lgetxattr(x, "user.b", buf, sizeof(buf)));
	show("fgetxattr user.c", fgetxattr(fd, "user.c", buf, sizeof(buf)));
	show("getxattr too small", getxattr(x, "user.c", buf, 1));
	show("getxattr missing", getxattr(x, "user.none", buf, sizeof(buf)));
	n = listxattr(x, buf, sizeof(buf));
	show("listxattr", n);
	show("llistxattr", llistxattr(x, buf, sizeof(buf)));
	show("flistxattr", flistxattr(fd, buf, sizeof(buf)));
	show("removexattr user.a", removexattr(x, "user.a"));
	show("lremovexattr user.b", lremovexattr(x, "user.b"));
	show("fremovexattr user.c", fremovexattr(fd, "user.c"));
	show("fremovexattr again", fremovexattr(fd, "user.c"));
	show("listxattr empty", listxattr(x, buf, sizeof(buf)));
	close(fd);
	unlink(x);

	/* The older epoll and signalfd entry points, close_range. */
	int ep = (int)syscall(SYS_epoll_create, 1);
	show("epoll_create", ep >= 0 ? 0 : -1);
	show("epoll_create 0", syscall(SYS_epoll_create, 0));
	struct epoll_event ev;
	struct timespec zero = {0, 0};
	show("epoll_pwait2 nothing ready", syscall(SYS_epoll_pwait2, ep, &ev, 1, &zero, NULL, 8));
	sigset_t ss;
	sigemptyset(&ss);
	sigaddset(&ss, SIGUSR1);
	int sfd = (int)syscall(SYS_signalfd, -1, &ss, 8);
	show("signalfd", sfd >= 0 ? 0 : -1);
	show("signalfd bad size", syscall(SYS_signalfd, -1, &ss, 4));
	int lo = dup2(0, 40), hi = dup2(0, 41);
	show("close_range 40..41", syscall(SYS_close_range, lo, hi, 0));
	show("fcntl on the closed 41", fcntl(41, F_GETFD));
	show("close_range backwards", syscall(SYS_close_range, 5, 4, 0));
	close(here);
	close(dfd);
	system("rm -rf fc_dir");
	return 0;
}
