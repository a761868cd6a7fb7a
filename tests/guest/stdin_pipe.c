/* Read a few MiB piped to stdin until end of file, in reads of varying
 * sizes, and print the byte count and a checksum.  A read after end of
 * file returns 0 again.  stdin is a FIFO: no seeking, no terminal. */
//! libc: glibc musl
//! stdin: gen 3145745
//! stdin-via: pipe
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(void)
{
	static unsigned char buf[1 << 17];
	static const size_t sizes[] = {1, 4096, 7, 65536, 131072, 100, 4095, 32768};
	struct stat st = {0};
	int r = fstat(0, &st);
	printf("fstat: %d, a FIFO: %s\n", r, S_ISFIFO(st.st_mode) ? "yes" : "no");
	errno = 0;
	long ret = (long)lseek(0, 0, SEEK_CUR);
	printf("lseek: %ld %s\n", ret, strerror(errno));
	errno = 0;
	ret = isatty(0);
	printf("isatty: %ld %s\n", ret, strerror(errno));
	char c;
	errno = 0;
	ret = (long)pread(0, &c, 1, 0);
	printf("pread: %ld %s\n", ret, strerror(errno));

	uint64_t total = 0, h = 1469598103934665603ULL;
	unsigned i = 0;
	for (;;) {
		ssize_t n = read(0, buf, sizes[i++ % 8]);
		if (n < 0) {
			perror("read");
			return 1;
		}
		if (n == 0)
			break;
		for (ssize_t j = 0; j < n; j++)
			h = (h ^ buf[j]) * 1099511628211ULL;
		total += (uint64_t)n;
	}
	printf("bytes=%llu fnv=%016llx\n", (unsigned long long)total, (unsigned long long)h);
	printf("read after EOF: %zd\n", read(0, buf, sizeof buf));
	return 0;
}
