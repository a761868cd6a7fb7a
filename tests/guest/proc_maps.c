/* /proc/self/maps, smaps and smaps_rollup: every line parses as Linux
 * prints it (names from column 74), and the mappings the program makes or
 * knows (its code, data, stack, heap, anonymous and shared memory, a file)
 * show with the right permissions, offsets and names. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static char buf[1 << 20];
static int data_var = 42;

static int slurp(const char *path)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	size_t n = 0;
	ssize_t r;
	while (n < sizeof(buf) - 1 && (r = read(fd, buf + n, sizeof(buf) - 1 - n)) > 0)
		n += (size_t)r;
	close(fd);
	buf[n] = '\0';
	return (int)n;
}

struct map {
	unsigned long start, end, off, ino;
	char perms[5];
	unsigned dmaj, dmin;
	char name[512];
	int name_col; /* where the name starts, 0 without one */
};

static int parse(const char *l, struct map *m)
{
	int pos = 0;
	memset(m, 0, sizeof(*m));
	if (sscanf(l, "%lx-%lx %4s %lx %x:%x %lu%n", &m->start, &m->end, m->perms, &m->off,
		   &m->dmaj, &m->dmin, &m->ino, &pos) != 7)
		return 0;
	while (l[pos] == ' ')
		pos++;
	size_t n = strcspn(l + pos, "\n");
	if (n) {
		m->name_col = pos;
		snprintf(m->name, sizeof(m->name), "%.*s", (int)n, l + pos);
	}
	return 1;
}

/* The line of /proc/self/maps (in buf) that holds @addr. */
static int find(uintptr_t addr, struct map *out)
{
	for (char *l = buf; *l; l = strchr(l, '\n') + 1) {
		struct map m;
		if (parse(l, &m) && m.start <= addr && addr < m.end) {
			*out = m;
			return 1;
		}
		if (!strchr(l, '\n'))
			break;
	}
	return 0;
}

static const char *yes(int c)
{
	return c ? "yes" : "no";
}

static void show(const char *what, uintptr_t addr, int with_name)
{
	struct map m;
	if (!find(addr, &m)) {
		printf("%s: not found\n", what);
		return;
	}
	printf("%s: %s off=%lu dev0=%s ino0=%s", what, m.perms, m.off,
	       yes(m.dmaj == 0 && m.dmin == 0), yes(m.ino == 0));
	if (with_name)
		printf(" name=%s", m.name[0] ? m.name : "(none)");
	printf("\n");
}

int main(void)
{
	char exe[512];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	exe[n > 0 ? n : 0] = '\0';
	long pg = sysconf(_SC_PAGESIZE);

	char *anon = mmap(NULL, 4 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mprotect(anon + 2 * pg, 2 * pg, PROT_READ);
	char *shared = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	char *none = mmap(NULL, pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int fd = open(exe, O_RDONLY);
	char *file = mmap(NULL, 2 * pg, PROT_READ, MAP_PRIVATE, fd, pg);
	void *brk0 = sbrk(0);
	sbrk(pg);
	int local = 0;

	if (slurp("/proc/self/maps") <= 0)
		return 1;
	int lines = 0, parsed = 0, col_ok = 1, sorted = 1;
	unsigned long last_end = 0;
	for (char *l = buf; *l; l = strchr(l, '\n') + 1) {
		struct map m;
		lines++;
		if (parse(l, &m)) {
			parsed++;
			/* Names start at column 74 (after padding to 73), or
			 * one space after a longer prefix. */
			if (m.name_col && m.name_col != 73 && l[m.name_col - 2] != ' ')
				col_ok = 0;
			if (m.start < last_end)
				sorted = 0;
			last_end = m.end;
		}
		if (!strchr(l, '\n'))
			break;
	}
	printf("every line parses: %s\n", yes(lines == parsed && lines > 0));
	printf("names in their column: %s\n", yes(col_ok));
	printf("sorted by address: %s\n", yes(sorted));

	show("code", (uintptr_t)main, 0);
	struct map m;
	printf("code is the executable: %s\n",
	       yes(find((uintptr_t)main, &m) && !strcmp(m.name, exe)));
	printf("code dev and inode set: %s\n", yes(m.ino != 0));
	show("data", (uintptr_t)&data_var, 0);
	show("stack", (uintptr_t)&local, 1);
	show("anon", (uintptr_t)anon, 1);
	show("anon after mprotect", (uintptr_t)anon + 2 * pg, 1);
	struct map a, b;
	find((uintptr_t)anon, &a);
	find((uintptr_t)anon + 2 * pg, &b);
	printf("mprotect split it at the page: %s\n",
	       yes(a.end == (uintptr_t)anon + 2 * pg && b.start == a.end));
	show("shared", (uintptr_t)shared, 1);
	show("prot none", (uintptr_t)none, 1);
	show("file", (uintptr_t)file, 0);
	printf("file offset is the page: %s\n",
	       yes(find((uintptr_t)file, &m) && m.off == (unsigned long)pg));
	printf("file name is the executable: %s\n", yes(!strcmp(m.name, exe)));
	printf("file mapping is 2 pages: %s\n", yes(m.end - m.start == 2 * (unsigned long)pg));
	printf("brk area is [heap]: %s\n",
	       yes(find((uintptr_t)brk0, &m) && !strcmp(m.name, "[heap]")));

	/* smaps: the same mappings, each with its counters and VmFlags. */
	int nmaps = parsed;
	if (slurp("/proc/self/smaps") <= 0)
		return 1;
	int headers = 0, sizes_ok = 1, vmflags = 0, keys_ok = 1;
	unsigned long cur = 0;
	for (char *l = buf; *l; l = strchr(l, '\n') + 1) {
		struct map mm;
		unsigned long kb;
		char key[64];
		if (parse(l, &mm) && strchr(l, '-') < strchr(l, ' ')) {
			headers++;
			cur = (mm.end - mm.start) / 1024;
		} else if (!strncmp(l, "VmFlags:", 8)) {
			vmflags++;
		} else if (sscanf(l, "%63s %lu", key, &kb) == 2) {
			if (!strcmp(key, "Size:") && kb != cur)
				sizes_ok = 0;
		} else {
			keys_ok = 0;
		}
		if (!strchr(l, '\n'))
			break;
	}
	/* (smaps is read later: the mappings may have grown by a stdio buffer) */
	printf("smaps has a header per mapping: %s\n",
	       yes(headers >= nmaps && headers <= nmaps + 2));
	printf("smaps Size matches the range: %s\n", yes(sizes_ok));
	printf("smaps VmFlags per mapping: %s\n", yes(vmflags == headers));
	printf("smaps lines parse: %s\n", yes(keys_ok));
	char *shared_hdr = NULL;
	for (char *l = buf; *l; l = strchr(l, '\n') + 1) {
		struct map mm;
		if (parse(l, &mm) && mm.start == (uintptr_t)shared) {
			shared_hdr = l;
			break;
		}
		if (!strchr(l, '\n'))
			break;
	}
	char *vf = shared_hdr ? strstr(shared_hdr, "VmFlags:") : NULL;
	printf("shared mapping flags: %.*s\n", vf ? (int)strcspn(vf, "\n") : 4, vf ? vf : "none");

	if (slurp("/proc/self/smaps_rollup") <= 0)
		return 1;
	struct map r;
	printf("rollup header: %s\n", yes(parse(buf, &r) && !strcmp(r.name, "[rollup]")));
	printf("rollup Rss first: %s\n", yes(strncmp(strchr(buf, '\n') + 1, "Rss:", 4) == 0));
	munmap(anon, 4 * pg);
	munmap(file, 2 * pg);
	close(fd);
	return 0;
}
