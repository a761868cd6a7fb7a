/* prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME): names of anonymous memory as
 * /proc/self/maps shows them ([anon:NAME]), splitting and merging the
 * mappings they cover.  Kernels built without CONFIG_ANON_VMA_NAME refuse
 * the option with EINVAL; the facts printed hold for both kinds of
 * kernel, so that the run is compared with any host. */
//! libc: glibc
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "errname.h"

#ifndef PR_SET_VMA
#define PR_SET_VMA	     0x53564d41
#define PR_SET_VMA_ANON_NAME 0
#endif

static long name(void *addr, size_t len, const char *n)
{
	return prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, addr, len, n);
}

/* How many lines of /proc/self/maps end in [anon:@n], and the first one's
 * size in pages. */
static int lines_named(const char *n, long *pages)
{
	char want[128], line[512];
	snprintf(want, sizeof(want), "[anon:%s]\n", n);
	FILE *f = fopen("/proc/self/maps", "r");
	int count = 0;
	*pages = 0;
	while (f && fgets(line, sizeof(line), f)) {
		size_t l = strlen(line), w = strlen(want);
		if (l >= w && !strcmp(line + l - w, want)) {
			unsigned long lo, hi;
			if (!count && sscanf(line, "%lx-%lx", &lo, &hi) == 2)
				*pages = (long)((hi - lo) / 4096);
			count++;
		}
	}
	if (f)
		fclose(f);
	return count;
}

int main(void)
{
	long pg = 4096, pages;
	char *m = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	bool supported = name(m + pg, 2 * pg, "sbx test area") == 0;
	/* Supported: one line, 2 pages, split off the middle of the mapping. */
	int n = lines_named("sbx test area", &pages);
	printf("a name is shown on the pages it names: %s\n",
	       !supported || (n == 1 && pages == 2) ? "yes" : "no");
	long r = name(m, pg, "a[b]");
	printf("a bracket in the name: %s\n", r < 0 ? errname(errno) : "ok");
	char longname[100];
	memset(longname, 'x', sizeof(longname) - 1);
	longname[99] = 0;
	r = name(m, pg, longname);
	printf("a 99-character name: %s\n", r < 0 ? errname(errno) : "ok");
	r = name(m + 1, pg, "x");
	printf("an unaligned address: %s\n", r < 0 ? errname(errno) : "ok");
	r = prctl(PR_SET_VMA, 7, m, pg, "x");
	printf("an unknown PR_SET_VMA option: %s\n", r < 0 ? errname(errno) : "ok");
	/* The same name on the neighbours merges them into one line. */
	r = name(m, 4 * pg, "sbx test area");
	n = lines_named("sbx test area", &pages);
	printf("naming the whole mapping makes one line of 4 pages: %s\n",
	       !supported || (r == 0 && n == 1 && pages == 4) ? "yes" : "no");
	r = name(m, 4 * pg, NULL);
	n = lines_named("sbx test area", &pages);
	printf("clearing the name: %s\n", !supported || (r == 0 && n == 0) ? "yes" : "no");
	munmap(m + 2 * pg, pg);
	errno = 0;
	r = name(m, 4 * pg, "holey");
	n = lines_named("holey", &pages);
	printf("over a hole: ENOMEM, both sides named: %s\n",
	       !supported || (r < 0 && errno == ENOMEM && n == 2) ? "yes" : "no");
	/* A file mapping cannot be named. */
	int fd = open("/etc/passwd", O_RDONLY);
	char *f = mmap(NULL, pg, PROT_READ, MAP_PRIVATE, fd, 0);
	if (f != MAP_FAILED) {
		errno = 0;
		r = name(f, pg, "file");
		printf("a file mapping: EBADF: %s\n",
		       !supported || (r < 0 && errno == EBADF) ? "yes" : "no");
	}
	return 0;
}
