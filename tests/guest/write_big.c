/* One write() of a large buffer (8 MiB of numbered lines) to stdout: it is
 * written completely, and the output arrives intact. */
//! libc: glibc musl
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SIZE (8 << 20)

int main(void)
{
	char *buf = malloc(SIZE);
	size_t len = 0;
	for (int line = 0; len + 64 < SIZE; line++)
		len += (size_t)snprintf(buf + len, 64, "line %08d of the big write\n", line);
	ssize_t n = write(1, buf, len);
	fprintf(stdout, "wrote %zd of %zu bytes\n", n, len);
	return n == (ssize_t)len ? 0 : 1;
}
