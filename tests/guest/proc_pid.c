/* The other files of /proc/<pid>: cmdline (and a title written over
 * argv), environ, auxv, limits, the cwd/root/exe links, mem (reading and
 * writing the process's own memory), mounts and mountinfo, and the
 * self and thread-self links. */
//! libc: glibc musl
//! env: PROC_PID_TEST=some value
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

extern char **environ;
static char buf[1 << 18];
static volatile long target = 0x1122334455667788;

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

static const char *yes(int c)
{
	return c ? "yes" : "no";
}

static void link_is(const char *path, const char *want, const char *label)
{
	char t[1024];
	ssize_t n = readlink(path, t, sizeof(t) - 1);
	t[n > 0 ? n : 0] = '\0';
	printf("%s: %s\n", label, yes(n > 0 && strcmp(t, want) == 0));
}

int main(int argc, char **argv)
{
	/* cmdline: the arguments, each with its NUL. */
	int n = slurp("/proc/self/cmdline");
	size_t want = 0;
	for (int i = 0; i < argc; i++)
		want += strlen(argv[i]) + 1;
	int same = n == (int)want;
	for (int i = 0, off = 0; same && i < argc; off += (int)strlen(argv[i]) + 1, i++)
		same = strcmp(buf + off, argv[i]) == 0;
	printf("cmdline is argv: %s (%d args)\n", yes(same), argc);
	for (int i = 1; i < argc; i++)
		printf("arg %d: [%s]\n", i, argv[i]);

	/* environ: the environment block as it was at exec. */
	n = slurp("/proc/self/environ");
	int found = 0, count = 0;
	for (char *p = buf; p < buf + n; p += strlen(p) + 1) {
		count++;
		found |= strcmp(p, "PROC_PID_TEST=some value") == 0;
	}
	int envc = 0;
	while (environ[envc])
		envc++;
	printf("environ has our variable: %s, one string per variable: %s\n", yes(found),
	       yes(count == envc));

	/* auxv: (type, value) pairs ending in AT_NULL. */
	n = slurp("/proc/self/auxv");
	Elf64_auxv_t *av = (Elf64_auxv_t *)buf;
	int pairs = n / (int)sizeof(*av), pagesz = 0, entry = 0, nul_last = 0;
	for (int i = 0; i < pairs; i++) {
		if (av[i].a_type == AT_PAGESZ)
			pagesz = av[i].a_un.a_val == (uint64_t)getpagesize();
		if (av[i].a_type == AT_ENTRY)
			entry = av[i].a_un.a_val == getauxval(AT_ENTRY);
		if (av[i].a_type == AT_NULL)
			nul_last = i == pairs - 1;
	}
	printf("auxv whole pairs: %s, AT_PAGESZ: %s, AT_ENTRY: %s, AT_NULL last: %s\n",
	       yes(n % (int)sizeof(*av) == 0), yes(pagesz), yes(entry), yes(nul_last));

	/* limits: a header and 16 limits; a change shows. */
	struct rlimit rl;
	getrlimit(RLIMIT_NOFILE, &rl);
	rl.rlim_cur = 77;
	setrlimit(RLIMIT_NOFILE, &rl);
	n = slurp("/proc/self/limits");
	int lines = 0;
	for (char *p = buf; *p; p = strchr(p, '\n') + 1)
		lines++;
	printf("limits lines: %d\n", lines);
	printf("header: %.*s|\n", (int)strcspn(buf, "\n"), buf);
	char *nofile = strstr(buf, "Max open files");
	printf("open files: %.*s|\n", nofile ? 46 : 0, nofile ? nofile : "");
	char *stack = strstr(buf, "Max nice priority");
	printf("nice: [%.*s]\n", stack ? (int)strcspn(stack, "\n") : 0, stack ? stack : "");

	/* Links. */
	char cwd[1024];
	getcwd(cwd, sizeof(cwd));
	link_is("/proc/self/cwd", cwd, "cwd link is getcwd");
	link_is("/proc/self/root", "/", "root link is /");
	chdir("/");
	link_is("/proc/self/cwd", "/", "cwd link follows chdir");
	struct stat a, b;
	stat("/proc/self/exe", &a);
	fstat(open("/proc/self/exe", O_RDONLY), &b);
	printf("exe opens the program: %s\n", yes(a.st_ino == b.st_ino && S_ISREG(a.st_mode)));
	char self[64];
	snprintf(self, sizeof(self), "%d", getpid());
	link_is("/proc/self", self, "self is getpid");
	snprintf(self, sizeof(self), "%d/task/%d", getpid(), (int)syscall(SYS_gettid));
	link_is("/proc/thread-self", self, "thread-self is pid/task/tid");
	struct stat ps, pp;
	char mine[64];
	snprintf(mine, sizeof(mine), "/proc/%d", getpid());
	stat("/proc/self", &ps);
	stat(mine, &pp);
	printf("/proc/self is /proc/<pid>: %s\n",
	       yes(ps.st_ino == pp.st_ino && ps.st_dev == pp.st_dev));
	printf("owned by us: %s\n", yes(pp.st_uid == geteuid()));

	/* mem: the process's memory at its addresses. */
	int fd = open("/proc/self/mem", O_RDWR);
	long v = 0;
	ssize_t r = pread(fd, &v, sizeof(v), (off_t)(uintptr_t)&target);
	printf("mem read: %zd %s\n", r, yes(v == target));
	long nv = 0x0102030405060708;
	r = pwrite(fd, &nv, sizeof(nv), (off_t)(uintptr_t)&target);
	printf("mem write: %zd %s\n", r, yes(target == nv));
	/* Write into read-only memory: forced, as a debugger does. */
	long pg = sysconf(_SC_PAGESIZE);
	char *ro = mmap(NULL, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	r = pwrite(fd, "x", 1, (off_t)(uintptr_t)ro);
	printf("mem write to read-only page: %zd %c\n", r, ro[0]);
	munmap(ro, pg);
	errno = 0;
	r = pread(fd, &v, sizeof(v), (off_t)(uintptr_t)ro);
	printf("mem read of unmapped: %zd %s\n", r, strerror(errno));
	lseek(fd, (off_t)(uintptr_t)&target, SEEK_SET);
	v = 0;
	r = read(fd, &v, sizeof(v));
	printf("mem read at the seek position: %zd %s\n", r, yes(v == nv));
	close(fd);

	/* mounts and mountinfo: every line parses; / and /proc are there. */
	n = slurp("/proc/self/mounts");
	int mlines = 0, mok = 1, root = 0, proc = 0;
	for (char *p = buf; *p; p = strchr(p, '\n') + 1) {
		char src[256], dir[256], type[64], opts[512];
		int f1, f2;
		mlines++;
		if (sscanf(p, "%255s %255s %63s %511s %d %d", src, dir, type, opts, &f1, &f2) !=
			6 ||
		    f1 || f2 || (strncmp(opts, "rw", 2) && strncmp(opts, "ro", 2)))
			mok = 0;
		root |= !strcmp(dir, "/");
		proc |= !strcmp(dir, "/proc") && !strcmp(type, "proc");
	}
	printf("mounts parse: %s, / there: %s, proc on /proc: %s\n", yes(mlines > 0 && mok),
	       yes(root), yes(proc));
	n = slurp("/proc/self/mountinfo");
	int ilines = 0, iok = 1, iproc = 0, same_count = 0;
	for (char *p = buf; *p; p = strchr(p, '\n') + 1) {
		int id, parent;
		unsigned maj, min;
		char fsroot[256], dir[256], opts[512];
		ilines++;
		char *sep = strstr(p, " - ");
		if (sscanf(p, "%d %d %u:%u %255s %255s %511s", &id, &parent, &maj, &min, fsroot,
			   dir, opts) != 7 ||
		    !sep || sep > strchr(p, '\n'))
			iok = 0;
		char type[64], src[256], sopts[512];
		if (!sep || sscanf(sep + 3, "%63s %255s %511s", type, src, sopts) != 3)
			iok = 0;
		else if (!strcmp(dir, "/proc") && !strcmp(type, "proc"))
			iproc = 1;
	}
	same_count = ilines == mlines;
	printf("mountinfo parses: %s, proc there: %s, as many lines as mounts: %s\n",
	       yes(ilines > 0 && iok), yes(iproc), yes(same_count));

	/* A title written over argv (setproctitle): with the last NUL of the
	 * argument area overwritten, cmdline is the text up to its first NUL. */
	char *area = argv[0], *end = argv[argc - 1] + strlen(argv[argc - 1]) + 1;
	memset(area, 'x', (size_t)(end - area));
	strcpy(area, "new title");
	n = slurp("/proc/self/cmdline");
	printf("cmdline after a title: %d [%.*s]\n", n, n, buf);
	/* With it kept, the area as it is, NULs and all. */
	end[-1] = '\0';
	n = slurp("/proc/self/cmdline");
	printf("cmdline with the last NUL kept: %d bytes, %zu before the first NUL\n", n,
	       strlen(buf));
	return 0;
}
