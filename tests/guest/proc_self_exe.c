/* readlink("/proc/self/exe") names the running binary: its basename is
 * the basename of argv[0].  readlink truncates silently to the buffer size
 * and does not NUL-terminate. */
//! libc: glibc musl
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char *base(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

/* A bad pointer the compiler cannot see through. */
static void *volatile bad_ptr = (void *)16;

int main(int argc, char **argv)
{
	(void)argc;
	char buf[4096];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
	if (n < 0) {
		perror("readlink");
		return 1;
	}
	buf[n] = 0;
	printf("absolute: %s\n", buf[0] == '/' ? "yes" : "no");
	printf("basename: %s\n", base(buf));
	printf("same as argv[0]'s: %s\n", strcmp(base(buf), base(argv[0])) == 0 ? "yes" : "no");

	char small[4] = {'#', '#', '#', '#'};
	ssize_t m = readlink("/proc/self/exe", small, 3);
	printf("readlink into 3 bytes: %zd \"%.3s\" fourth byte untouched: %s\n", m, small,
	       small[3] == '#' ? "yes" : "no");

	ssize_t k = readlinkat(AT_FDCWD, "/proc/self/exe", buf, sizeof buf);
	printf("readlinkat agrees: %s\n", k == n ? "yes" : "no");
	errno = 0;
	k = readlink("/proc/self/exe", bad_ptr, 100);
	printf("bad buffer: %zd %s\n", k, strerror(errno));
	return 0;
}
