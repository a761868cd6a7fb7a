/* Bad input to the file system calls: over-long paths and names,
 * NUL-free garbage names, "." and ".." where names are made or removed,
 * ".." above /, trailing slashes, symlink loops and chains, fd numbers out
 * of range or of the wrong kind, and bad pointers.  Raw syscalls, so that
 * what is compared is the kernel's answer, not a libc's. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "errname.h"

static void show(const char *what, long r)
{
	if (r < 0)
		printf("%s: -1 %s\n", what, errname(errno));
	else
		printf("%s: %ld\n", what, r);
	fflush(stdout);
}

#define BAD ((void *)1) /* never mapped: below mmap_min_addr */

static long sys_open(const char *p, int flags)
{
	return syscall(SYS_openat, AT_FDCWD, p, flags, 0644);
}

static long sys_stat(const char *p, struct stat *st, int flags)
{
	return syscall(SYS_newfstatat, AT_FDCWD, p, st, flags);
}

static long closed(long fd)
{
	if (fd >= 0)
		close((int)fd);
	return fd < 0 ? fd : 0;
}

static char *repeat(const char *s, size_t times, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);
	char *p = malloc(n * times + t + 1);
	for (size_t i = 0; i < times; i++)
		memcpy(p + i * n, s, n);
	memcpy(p + n * times, tail, t + 1);
	return p;
}

/* A deterministic generator, the same natively and under sbx. */
static uint32_t rnd_state = 12345;
static uint32_t rnd(void)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return rnd_state >> 8;
}

static int rm_one(const char *p, const struct stat *st, int type, struct FTW *f)
{
	(void)st, (void)f;
	return type == FTW_DP ? rmdir(p) : unlink(p);
}

static void names(void)
{
	struct stat st;
	show("open empty path", sys_open("", O_RDONLY));
	char *big = repeat("a", 5000, "");
	show("open 5000-byte path", sys_open(big, O_RDONLY));
	show("open 5000-byte path O_CREAT", sys_open(big, O_CREAT | O_WRONLY));
	show("stat 5000-byte path", sys_stat(big, &st, 0));
	show("mkdir 5000-byte path", syscall(SYS_mkdirat, AT_FDCWD, big, 0755));
	show("unlink 5000-byte path", syscall(SYS_unlinkat, AT_FDCWD, big, 0));
	show("rename to 5000-byte path", syscall(SYS_renameat2, AT_FDCWD, "f", AT_FDCWD, big, 0));
	show("symlink 5000-byte target", syscall(SYS_symlinkat, big, AT_FDCWD, "l"));
	show("symlink at 5000-byte path", syscall(SYS_symlinkat, "t", AT_FDCWD, big));
	show("chdir 5000-byte path", syscall(SYS_chdir, big));
	show("access 5000-byte path", syscall(SYS_faccessat, AT_FDCWD, big, F_OK));
	char buf[64];
	show("readlink 5000-byte path", syscall(SYS_readlinkat, AT_FDCWD, big, buf, sizeof(buf)));
	free(big);
	/* PATH_MAX counts the NUL: 4095 bytes are a path, 4096 are not. */
	char *p4095 = repeat("./", 2047, ".");
	show("4095-byte path", closed(sys_open(p4095, O_RDONLY | O_DIRECTORY)));
	char *p4096 = repeat("./", 2048, "");
	show("4096-byte path", closed(sys_open(p4096, O_RDONLY | O_DIRECTORY)));
	free(p4095);
	free(p4096);
	char *n255 = repeat("b", 255, ""), *n256 = repeat("b", 256, "");
	show("255-byte name, missing", sys_open(n255, O_RDONLY));
	show("255-byte name, created", closed(sys_open(n255, O_CREAT | O_WRONLY)));
	show("255-byte name, stat", sys_stat(n255, &st, 0));
	show("255-byte name, unlink", syscall(SYS_unlinkat, AT_FDCWD, n255, 0));
	show("256-byte name", sys_open(n256, O_RDONLY));
	show("256-byte name O_CREAT", sys_open(n256, O_CREAT | O_WRONLY));
	show("256-byte name mkdir", syscall(SYS_mkdirat, AT_FDCWD, n256, 0755));
	char *in_dir = repeat("c", 256, "/x");
	show("256-byte directory component", sys_open(in_dir, O_RDONLY));
	free(n255);
	free(n256);
	free(in_dir);

	/* NUL-free garbage: any byte but '/' makes a name. */
	int made = 0, seen = 0, gone = 0, missing = 0;
	for (int i = 0; i < 200; i++) {
		char name[256];
		size_t len = 1 + rnd() % 40;
		for (size_t j = 0; j < len; j++) {
			unsigned char c;
			do
				c = (unsigned char)(1 + rnd() % 255);
			while (c == '/');
			name[j] = (char)c;
		}
		name[len] = '\0';
		if (!strcmp(name, ".") || !strcmp(name, ".."))
			continue;
		if (sys_open(name, O_RDONLY) < 0 && errno == ENOENT)
			missing++;
		long fd = sys_open(name, O_CREAT | O_EXCL | O_WRONLY);
		if (fd >= 0 && write((int)fd, name, len) == (ssize_t)len)
			made++;
		closed(fd);
		if (sys_stat(name, &st, 0) == 0 && st.st_size == (off_t)len)
			seen++;
		if (syscall(SYS_unlinkat, AT_FDCWD, name, 0) == 0)
			gone++;
	}
	printf("garbage names: missing %d, made %d, seen %d, removed %d\n", missing, made, seen,
	       gone);

	/* "." and ".." where a name is made or removed. */
	show("open . O_CREAT", sys_open(".", O_CREAT | O_WRONLY));
	show("open .. O_CREAT", sys_open("..", O_CREAT | O_WRONLY));
	show("open . O_WRONLY", sys_open(".", O_WRONLY));
	show("mkdir .", syscall(SYS_mkdirat, AT_FDCWD, ".", 0755));
	show("mkdir ..", syscall(SYS_mkdirat, AT_FDCWD, "..", 0755));
	show("rmdir .", syscall(SYS_unlinkat, AT_FDCWD, ".", AT_REMOVEDIR));
	show("rmdir ..", syscall(SYS_unlinkat, AT_FDCWD, "..", AT_REMOVEDIR));
	show("unlink .", syscall(SYS_unlinkat, AT_FDCWD, ".", 0));
	show("rename . away", syscall(SYS_renameat2, AT_FDCWD, ".", AT_FDCWD, "x", 0));
	show("rename onto ..", syscall(SYS_renameat2, AT_FDCWD, "f", AT_FDCWD, "..", 0));
	show("link to .", syscall(SYS_linkat, AT_FDCWD, "f", AT_FDCWD, ".", 0));
	show("symlink at ..", syscall(SYS_symlinkat, "t", AT_FDCWD, ".."));

	/* Trailing slashes and walking through a file. */
	show("create f", closed(sys_open("f", O_CREAT | O_WRONLY)));
	show("open f/", sys_open("f/", O_RDONLY));
	show("stat f/", sys_stat("f/", &st, 0));
	show("open f/x", sys_open("f/x", O_RDONLY));
	show("mkdir f/x", syscall(SYS_mkdirat, AT_FDCWD, "f/x", 0755));
	show("open f/ O_CREAT", sys_open("f/", O_CREAT | O_WRONLY));
	show("open new/ O_CREAT", sys_open("new/", O_CREAT | O_WRONLY));
	show("mkdir d/", syscall(SYS_mkdirat, AT_FDCWD, "d/", 0755));
	show("stat d//.//", sys_stat("d//.//", &st, 0));
	show("unlink f/", syscall(SYS_unlinkat, AT_FDCWD, "f/", 0));
	show("rename f to g/", syscall(SYS_renameat2, AT_FDCWD, "f", AT_FDCWD, "g/", 0));
	show("rmdir d//", syscall(SYS_unlinkat, AT_FDCWD, "d//", AT_REMOVEDIR));
	show("unlink f", syscall(SYS_unlinkat, AT_FDCWD, "f", 0));

	/* ".." above /: it stays at /. */
	struct stat root, up;
	sys_stat("/", &root, 0);
	show("stat /../../..", sys_stat("/../../..", &up, 0));
	printf("/../../.. is /: %s\n", root.st_ino == up.st_ino && root.st_dev == up.st_dev ? "yes" : "no");
	long rfd = sys_open("/", O_RDONLY | O_DIRECTORY);
	long ufd = syscall(SYS_openat, rfd, "../../..", O_RDONLY | O_DIRECTORY);
	fstat((int)ufd, &up);
	printf("openat(/, ../../..) is /: %s\n", root.st_ino == up.st_ino ? "yes" : "no");
	closed(ufd);
	closed(rfd);
	char cwd[PATH_MAX];
	int here = (int)sys_open(".", O_RDONLY | O_DIRECTORY);
	show("chdir /..", syscall(SYS_chdir, "/.."));
	show("chdir ..", syscall(SYS_chdir, ".."));
	show("getcwd", syscall(SYS_getcwd, cwd, sizeof(cwd)) > 0 ? 0 : -1);
	printf("cwd: %s\n", cwd);
	show("fchdir back", syscall(SYS_fchdir, here));
	close(here);
}

static void links(void)
{
	struct stat st;
	char buf[PATH_MAX];
	show("symlink self", syscall(SYS_symlinkat, "self", AT_FDCWD, "self"));
	show("open self", sys_open("self", O_RDONLY));
	show("stat self", sys_stat("self", &st, 0));
	show("lstat self", sys_stat("self", &st, AT_SYMLINK_NOFOLLOW));
	syscall(SYS_symlinkat, "b", AT_FDCWD, "a");
	syscall(SYS_symlinkat, "a", AT_FDCWD, "b");
	show("open a (a->b->a)", sys_open("a", O_RDONLY));
	show("open a/x", sys_open("a/x", O_RDONLY));
	show("mkdir a/x", syscall(SYS_mkdirat, AT_FDCWD, "a/x", 0755));
	show("open a O_CREAT", sys_open("a", O_CREAT | O_WRONLY));
	show("chdir a", syscall(SYS_chdir, "a"));
	show("open self O_NOFOLLOW", sys_open("self", O_RDONLY | O_NOFOLLOW));
	long pfd = sys_open("self", O_PATH | O_NOFOLLOW);
	show("open self O_PATH|O_NOFOLLOW", pfd >= 0 ? 0 : -1);
	show("fstat of it", fstat((int)pfd, &st));
	printf("it is a symlink: %s\n", S_ISLNK(st.st_mode) ? "yes" : "no");
	show("fchmod of it", syscall(SYS_fchmod, pfd, 0600));
	show("read of it", read((int)pfd, buf, 1));
	show("readlinkat(it, \"\")", syscall(SYS_readlinkat, pfd, "", buf, sizeof(buf)));
	closed(pfd);
	/* 40 links are followed, a 41st is a loop. */
	closed(sys_open("target", O_CREAT | O_WRONLY));
	char prev[32] = "target", name[32];
	for (int i = 1; i <= 41; i++) {
		snprintf(name, sizeof(name), "chain%d", i);
		syscall(SYS_symlinkat, prev, AT_FDCWD, name);
		strcpy(prev, name);
	}
	show("open through 40 links", closed(sys_open("chain40", O_RDONLY)));
	show("open through 41 links", sys_open("chain41", O_RDONLY));
	show("readlink of a file", syscall(SYS_readlinkat, AT_FDCWD, "target", buf, sizeof(buf)));
	show("symlink to empty", syscall(SYS_symlinkat, "", AT_FDCWD, "empty"));
	show("dangling O_CREAT|O_EXCL", sys_open("dangling", O_CREAT | O_EXCL | O_WRONLY));
	syscall(SYS_symlinkat, "made-through", AT_FDCWD, "dangling");
	show("dangling O_CREAT", closed(sys_open("dangling", O_CREAT | O_WRONLY)));
	show("what it made", sys_stat("made-through", &st, 0));
	show("dangling O_CREAT|O_EXCL", sys_open("dangling", O_CREAT | O_EXCL | O_WRONLY));
	syscall(SYS_symlinkat, "/", AT_FDCWD, "toroot");
	show("toroot/..", sys_stat("toroot/..", &st, 0));
}

static void fds(void)
{
	struct stat st;
	char buf[16];
	static const long bad[] = {-1, -100, 1024, 1 << 20, INT_MAX, (long)INT_MAX + 1};
	/* dup2 onto a number in range makes it valid: from /dev/null, so the
	 * calls after it touch nothing that matters. */
	long null = sys_open("/dev/null", O_RDWR);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		long fd = bad[i];
		printf("fd %ld:\n", fd);
		show("  read", syscall(SYS_read, fd, buf, 1));
		show("  write", syscall(SYS_write, fd, "x", 1));
		show("  pread", syscall(SYS_pread64, fd, buf, 1, 0));
		show("  fstat", syscall(SYS_fstat, fd, &st));
		show("  lseek", syscall(SYS_lseek, fd, 0, SEEK_SET));
		show("  close", syscall(SYS_close, fd));
		show("  dup", syscall(SYS_dup, fd));
		show("  dup2 onto it", syscall(SYS_dup2, null, fd));
		show("  dup3 onto it", syscall(SYS_dup3, null, fd, 0));
		show("  fcntl F_GETFL", syscall(SYS_fcntl, fd, F_GETFL));
		show("  fchdir", syscall(SYS_fchdir, fd));
		show("  getdents64", syscall(SYS_getdents64, fd, buf, sizeof(buf)));
		show("  openat relative", syscall(SYS_openat, fd, "x", O_RDONLY));
		show("  openat absolute", closed(syscall(SYS_openat, fd, "/", O_RDONLY)));
		show("  fstatat empty path", syscall(SYS_newfstatat, fd, "", &st, AT_EMPTY_PATH));
		show("  ftruncate", syscall(SYS_ftruncate, fd, 0));
		show("  fsync", syscall(SYS_fsync, fd));
		show("  fchmod", syscall(SYS_fchmod, fd, 0644));
	}
	show("fcntl F_DUPFD huge", syscall(SYS_fcntl, null, F_DUPFD, INT_MAX));
	show("fcntl F_DUPFD negative", syscall(SYS_fcntl, null, F_DUPFD, -1));
	closed(null);
	long fd = sys_open("rofile", O_CREAT | O_RDONLY);
	show("write to an O_RDONLY fd", syscall(SYS_write, fd, "x", 1));
	show("ftruncate of an O_RDONLY fd", syscall(SYS_ftruncate, fd, 0));
	show("openat(file fd, relative)", syscall(SYS_openat, fd, "x", O_RDONLY));
	show("getdents64 of a file", syscall(SYS_getdents64, fd, buf, sizeof(buf)));
	show("fchdir to a file", syscall(SYS_fchdir, fd));
	closed(fd);
	show("read after close", syscall(SYS_read, fd, buf, 1));
	fd = sys_open("rofile", O_WRONLY);
	show("read from an O_WRONLY fd", syscall(SYS_read, fd, buf, 1));
	closed(fd);
	fd = sys_open(".", O_RDONLY | O_DIRECTORY);
	show("read of a directory", syscall(SYS_read, fd, buf, 1));
	show("write to a directory fd", syscall(SYS_write, fd, "x", 1));
	closed(fd);
	fd = sys_open("rofile", O_PATH);
	show("read of an O_PATH fd", syscall(SYS_read, fd, buf, 1));
	show("fstat of an O_PATH fd", syscall(SYS_fstat, fd, &st));
	show("fcntl F_GETFL of an O_PATH fd", syscall(SYS_fcntl, fd, F_GETFL) & ~O_LARGEFILE);
	closed(fd);
}

static void pointers(void)
{
	struct stat st;
	char buf[64];
	show("open bad path", syscall(SYS_openat, AT_FDCWD, BAD, O_RDONLY));
	show("open path -1", syscall(SYS_openat, AT_FDCWD, (void *)-1L, O_RDONLY));
	show("stat bad path", syscall(SYS_newfstatat, AT_FDCWD, BAD, &st, 0));
	show("stat into bad buffer", syscall(SYS_newfstatat, AT_FDCWD, "/", BAD, 0));
	show("fstat into bad buffer", syscall(SYS_fstat, 1, BAD));
	show("mkdir bad path", syscall(SYS_mkdirat, AT_FDCWD, BAD, 0755));
	show("unlink bad path", syscall(SYS_unlinkat, AT_FDCWD, BAD, 0));
	show("rename from bad path", syscall(SYS_renameat2, AT_FDCWD, BAD, AT_FDCWD, "x", 0));
	show("rename to bad path", syscall(SYS_renameat2, AT_FDCWD, "rofile", AT_FDCWD, BAD, 0));
	show("symlink bad target", syscall(SYS_symlinkat, BAD, AT_FDCWD, "x"));
	show("readlink into bad buffer", syscall(SYS_readlinkat, AT_FDCWD, "self", BAD, 64));
	show("getcwd into bad buffer", syscall(SYS_getcwd, BAD, 4096));
	show("getcwd too small", syscall(SYS_getcwd, buf, 2));
	show("chdir bad path", syscall(SYS_chdir, BAD));
	show("access bad path", syscall(SYS_faccessat, AT_FDCWD, BAD, F_OK));
	show("utimensat bad times", syscall(SYS_utimensat, AT_FDCWD, "rofile", BAD, 0));
	show("pipe2 bad array", syscall(SYS_pipe2, BAD, 0));
	long fd = sys_open("data", O_CREAT | O_RDWR);
	show("write data", syscall(SYS_write, fd, "0123456789", 10));
	show("write from bad buffer", syscall(SYS_write, fd, BAD, 4));
	show("pwrite from bad buffer", syscall(SYS_pwrite64, fd, BAD, 4, 0));
	show("read into bad buffer", syscall(SYS_pread64, fd, BAD, 4, 0));
	show("read 0 bytes into bad buffer", syscall(SYS_pread64, fd, BAD, 0, 0));
	struct iovec iov[2] = {{buf, 2}, {BAD, 2}};
	show("preadv, second iovec bad", syscall(SYS_preadv, fd, iov, 2, 0, 0));
	show("readv, bad iovec array", syscall(SYS_readv, fd, BAD, 2));
	show("stat of it after", syscall(SYS_fstat, fd, &st) < 0 ? -1 : st.st_size);
	closed(fd);
	fd = sys_open(".", O_RDONLY | O_DIRECTORY);
	show("getdents64 into bad buffer", syscall(SYS_getdents64, fd, BAD, 4096));
	show("getdents64 tiny buffer", syscall(SYS_getdents64, fd, buf, 4));
	closed(fd);
	/* A path that runs into an unmapped page before its NUL. */
	char *page = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(page + 4096, 4096);
	memset(page, 'z', 4096);
	show("path without NUL before unmapped memory",
	     syscall(SYS_openat, AT_FDCWD, page + 4096 - 10, O_RDONLY));
	memcpy(page + 4096 - 4, "abc", 4);
	show("path ending just before unmapped memory",
	     syscall(SYS_openat, AT_FDCWD, page + 4096 - 4, O_RDONLY));
	munmap(page, 4096);
}

int main(void)
{
	char dir[] = "bad_paths.XXXXXX";
	if (!mkdtemp(dir) || chdir(dir) < 0) {
		perror("scratch directory");
		return 1;
	}
	names();
	links();
	fds();
	pointers();
	if (chdir("..") < 0)
		return 1;
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return 0;
}
