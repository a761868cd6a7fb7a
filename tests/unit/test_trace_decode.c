/* Unit tests of the syscall decoders (abi/decode*.c) against a fake guest
 * memory: entry and exit parts, NULL and unreadable pointers, cut strings,
 * structures; and that every syscall the sentry implements has one. */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>

#include "abi/decode.h"

/* Guest memory: one readable window; everything else faults. */
#define MEM_BASE 0x10000UL
#define MEM_SIZE 0x4000UL
#define BAD	 0x1UL /* an unreadable address */
static unsigned char mem[MEM_SIZE];
static size_t mem_used;

static int fake_read(void *ctx, void *dst, uint64_t addr, size_t n)
{
	(void)ctx;
	if (addr < MEM_BASE || addr + n > MEM_BASE + MEM_SIZE || addr + n < addr)
		return -1;
	memcpy(dst, mem + (addr - MEM_BASE), n);
	return 0;
}

static const struct dec_mem fake = {fake_read, NULL};

/* Put @n bytes in guest memory; their address. */
static uint64_t put(const void *p, size_t n)
{
	uint64_t a = MEM_BASE + mem_used;
	memcpy(mem + mem_used, p, n);
	mem_used += (n + 15) & ~15UL;
	return a;
}

static uint64_t str(const char *s)
{
	return put(s, strlen(s) + 1);
}

static void setup(void)
{
	memset(mem, 0, sizeof(mem));
	mem_used = 0;
}

static struct sbuf out;
static char result[192];

/* Decode syscall @nr as the tracer would: the entry part, then (if the
 * decoder asks) the exit part with result @rval.  Returns "args" and
 * leaves the text shown after the result in `result`. */
static const char *decode(long nr, long rval, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
			  uint64_t a4, uint64_t a5)
{
	struct dec d = {.nr = nr, .a = {a0, a1, a2, a3, a4, a5}, .mem = &fake, .strsize = 32};
	sb_reset(&out);
	d.sb = &out;
	d.rv = sc_info(nr)->rv;
	const struct sc_info *info = sc_info(nr);
	int r = DEC_DONE;
	if (info->dec)
		r = info->dec(&d);
	else
		dec_raw_args(&d, info->nargs ? info->nargs : 6);
	if (r != DEC_DONE) {
		dec_end_entry(&d, r);
		d.exiting = true;
		d.rval = rval;
		info->dec(&d);
	}
	snprintf(result, sizeof(result), "%s", d.rstr);
	return sb_str(&out);
}

#define D(nr, rval, ...) decode(nr, rval, __VA_ARGS__)

TestSuite(decode, .init = setup);

Test(decode, open_paths_null_and_bad)
{
	uint64_t p = str("/etc/passwd");
	cr_expect_str_eq(D(__NR_openat, 3, AT_FDCWD, p, O_RDONLY, 0, 0, 0),
			 "AT_FDCWD, \"/etc/passwd\", O_RDONLY");
	cr_expect_str_eq(D(__NR_openat, 3, 5, p, O_WRONLY | O_CREAT, 0640, 0, 0),
			 "5, \"/etc/passwd\", O_WRONLY|O_CREAT, 0640");
	cr_expect_str_eq(D(__NR_open, -14, 0, O_RDONLY, 0, 0, 0, 0), "NULL, O_RDONLY");
	cr_expect_str_eq(D(__NR_open, -14, BAD, O_RDONLY, 0, 0, 0, 0), "0x1, O_RDONLY");
}

Test(decode, long_paths_are_whole_strings_are_cut)
{
	char longp[100];
	memset(longp, 'a', sizeof(longp) - 1);
	longp[99] = 0;
	uint64_t p = str(longp);
	char want[128];
	snprintf(want, sizeof(want), "\"%s\"", longp);
	cr_expect_str_eq(D(__NR_chdir, 0, p, 0, 0, 0, 0, 0), want, "paths are not cut");
	/* memfd_create's name is a string, cut at -s. */
	cr_expect_str_eq(D(__NR_memfd_create, 3, p, 0, 0, 0, 0, 0),
			 "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"..., 0");
}

Test(decode, write_buffers_cut_at_strsize)
{
	uint64_t b = put("0123456789abcdefghijklmnopqrstuvwxyz", 36);
	cr_expect_str_eq(D(__NR_write, 36, 1, b, 36, 0, 0, 0),
			 "1, \"0123456789abcdefghijklmnopqrstuv\"..., 36");
	cr_expect_str_eq(D(__NR_write, 3, 1, b, 3, 0, 0, 0), "1, \"012\", 3");
	cr_expect_str_eq(D(__NR_write, 0, 1, 0, 0, 0, 0, 0), "1, NULL, 0");
	cr_expect_str_eq(D(__NR_write, -14, 1, BAD, 5, 0, 0, 0), "1, 0x1, 5");
	cr_expect_str_eq(D(__NR_write, 0, 1, b, 0, 0, 0, 0), "1, \"\", 0");
}

Test(decode, read_buffer_at_exit)
{
	uint64_t b = put("hello, world", 12);
	cr_expect_str_eq(D(__NR_read, 5, 3, b, 4096, 0, 0, 0), "3, \"hello\", 4096");
	cr_expect_str_eq(D(__NR_read, -9, 99, b, 4096, 0, 0, 0), "99, 0x10000, 4096",
			 "a failed read shows the buffer's address");
	cr_expect_str_eq(D(__NR_read, 0, 3, b, 4096, 0, 0, 0), "3, \"\", 4096");
}

Test(decode, stat_structures)
{
	struct stat st = {.st_mode = S_IFREG | 0644, .st_size = 1234};
	uint64_t s = put(&st, sizeof(st));
	cr_expect_str_eq(D(__NR_fstat, 0, 3, s, 0, 0, 0, 0),
			 "3, {st_mode=S_IFREG|0644, st_size=1234, ...}");
	struct stat dev = {.st_mode = S_IFCHR | 0666, .st_rdev = 0x103};
	uint64_t d = put(&dev, sizeof(dev));
	cr_expect_str_eq(D(__NR_fstat, 0, 0, d, 0, 0, 0, 0),
			 "0, {st_mode=S_IFCHR|0666, st_rdev=makedev(0x1, 0x3), ...}");
	cr_expect_str_eq(D(__NR_fstat, -9, 77, s, 0, 0, 0, 0), "77, 0x10000");
	cr_expect_str_eq(D(__NR_fstat, -14, 3, 0, 0, 0, 0, 0), "3, NULL");
	cr_expect_str_eq(D(__NR_fstat, -14, 3, BAD, 0, 0, 0, 0), "3, 0x1");
	uint64_t p = str("x");
	cr_expect_str_eq(D(__NR_newfstatat, 0, AT_FDCWD, p, s, AT_SYMLINK_NOFOLLOW, 0, 0),
			 "AT_FDCWD, \"x\", {st_mode=S_IFREG|0644, st_size=1234, ...}, "
			 "AT_SYMLINK_NOFOLLOW");
	cr_expect_str_eq(
	    D(__NR_newfstatat, 0, 3, p, s, 0x80000000, 0, 0),
	    "3, \"x\", {st_mode=S_IFREG|0644, st_size=1234, ...}, 0x80000000 /* AT_??? */");
}

Test(decode, iovecs)
{
	struct iovec v[2] = {{(void *)(MEM_BASE + 0x1000), 3}, {(void *)(MEM_BASE + 0x1003), 4}};
	memcpy(mem + 0x1000, "abcdefg", 7);
	mem_used = 0x1100;
	uint64_t a = put(v, sizeof(v));
	cr_expect_str_eq(D(__NR_writev, 7, 1, a, 2, 0, 0, 0),
			 "1, [{iov_base=\"abc\", iov_len=3}, {iov_base=\"defg\", iov_len=4}], 2");
	cr_expect_str_eq(D(__NR_readv, 5, 3, a, 2, 0, 0, 0),
			 "3, [{iov_base=\"abc\", iov_len=3}, {iov_base=\"de\", iov_len=4}], 2",
			 "readv shows what was read");
	cr_expect_str_eq(D(__NR_readv, -9, 3, a, 2, 0, 0, 0),
			 "3, [{iov_base=0x11000, iov_len=3}, {iov_base=0x11003, iov_len=4}], 2",
			 "a failed readv shows the buffers' addresses");
	cr_expect_str_eq(D(__NR_writev, 0, 1, a, 0, 0, 0, 0), "1, [], 0");
	cr_expect_str_eq(D(__NR_writev, -14, 1, BAD, 2, 0, 0, 0), "1, 0x1, 2");
}

Test(decode, sigaction_and_masks)
{
	struct {
		uint64_t handler, flags, restorer, mask;
	} sa = {0x401000, 0x04000000 | SA_RESTART, 0x402000, 1ULL << (SIGUSR2 - 1)};
	uint64_t a = put(&sa, sizeof(sa));
	cr_expect_str_eq(D(__NR_rt_sigaction, 0, SIGUSR1, a, 0, 8, 0, 0),
			 "SIGUSR1, {sa_handler=0x401000, sa_mask=[USR2], "
			 "sa_flags=SA_RESTORER|SA_RESTART, sa_restorer=0x402000}, NULL, 8");
	sa.handler = 1;
	sa.flags = 0;
	sa.mask = 0;
	uint64_t b = put(&sa, sizeof(sa));
	cr_expect_str_eq(D(__NR_rt_sigaction, 0, SIGPIPE, b, 0, 8, 0, 0),
			 "SIGPIPE, {sa_handler=SIG_IGN, sa_mask=[], sa_flags=0}, NULL, 8");
	uint64_t full = ~0ULL;
	uint64_t m = put(&full, 8);
	cr_expect_str_eq(D(__NR_rt_sigprocmask, 0, SIG_BLOCK, m, 0, 8, 0, 0),
			 "SIG_BLOCK, ~[], NULL, 8");
	char want[64];
	snprintf(want, sizeof(want), "0x63 /* SIG_??? */, %#lx, NULL, 16", (unsigned long)m);
	cr_expect_str_eq(D(__NR_rt_sigprocmask, -22, 99, m, 0, 16, 0, 0), want,
			 "a bad size shows the address");
}

Test(decode, processes)
{
	cr_expect_str_eq(D(__NR_clone, 3, 0x01200011, 0, 0, 0x4000, 0, 0),
			 "child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, "
			 "child_tidptr=0x4000");
	cr_expect_str_eq(D(__NR_clone, 3, 0, 0, 0, 0, 0, 0), "child_stack=NULL, flags=0");
	int st = 3 << 8;
	uint64_t s = put(&st, 4);
	cr_expect_str_eq(D(__NR_wait4, 4, -1, s, 0, 0, 0, 0),
			 "-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, NULL");
	cr_expect_str_eq(D(__NR_wait4, 0, -1, s, WNOHANG, 0, 0, 0), "-1, 0x10000, WNOHANG, NULL",
			 "nothing reaped: the status is not shown");
	uint64_t argv[4] = {str("ls"), str("-l"), 0, 0};
	uint64_t av = put(argv, sizeof(argv));
	uint64_t envp[3] = {str("A=1"), 0, 0};
	uint64_t ev = put(envp, sizeof(envp));
	uint64_t path = str("/bin/ls");
	char want[128];
	snprintf(want, sizeof(want), "\"/bin/ls\", [\"ls\", \"-l\"], %#lx /* 1 var */",
		 (unsigned long)ev);
	cr_expect_str_eq(D(__NR_execve, 0, path, av, ev, 0, 0, 0), want);
	uint64_t bad[2] = {BAD, 0};
	uint64_t bv = put(bad, sizeof(bad));
	snprintf(want, sizeof(want), "\"/bin/ls\", [0x1], NULL");
	cr_expect_str_eq(D(__NR_execve, -14, path, bv, 0, 0, 0, 0), want);
	cr_expect_str_eq(D(__NR_exit_group, 0, 3, 0, 0, 0, 0, 0), "3");
	cr_expect_str_eq(D(__NR_kill, 0, 12, SIGTERM, 0, 0, 0, 0), "12, SIGTERM");
	cr_expect_str_eq(D(__NR_kill, 0, 12, 0, 0, 0, 0, 0), "12, 0");
}

Test(decode, futex_arguments_by_operation)
{
	cr_expect_str_eq(D(__NR_futex, 1, 0x4000, 0x81, 1, 0, 0, 0),
			 "0x4000, FUTEX_WAKE_PRIVATE, 1");
	cr_expect_str_eq(D(__NR_futex, 0, 0x4000, 0x189, 0, 0, 0, 0xffffffff),
			 "0x4000, FUTEX_WAIT_BITSET_PRIVATE|FUTEX_CLOCK_REALTIME, 0, NULL, "
			 "FUTEX_BITSET_MATCH_ANY");
	cr_expect_str_eq(D(__NR_futex, -38, 0, 0xffffffff, 0, 0, 0, 0),
			 "NULL, 0xffffffff /* FUTEX_??? */, 0, NULL, NULL, 0");
}

Test(decode, results_with_text)
{
	D(__NR_fcntl, 0x8002, 3, F_GETFL, 0, 0, 0, 0);
	cr_expect_str_eq(result, "flags O_RDWR|O_LARGEFILE");
	cr_expect_str_eq(D(__NR_fcntl, -22, 3, 1234, 5, 0, 0, 0), "3, 0x4d2 /* F_??? */, 0x5");
	struct pollfd p[2] = {{0, POLLIN, POLLIN}, {1, POLLOUT, 0}};
	uint64_t a = put(p, sizeof(p));
	cr_expect_str_eq(D(__NR_poll, 1, a, 2, -1, 0, 0, 0),
			 "[{fd=0, events=POLLIN}, {fd=1, events=POLLOUT}], 2, -1");
	cr_expect_str_eq(result, "[{fd=0, revents=POLLIN}]");
	D(__NR_poll, 0, a, 2, 0, 0, 0, 0);
	cr_expect_str_eq(result, "Timeout");
}

Test(decode, sleeps_show_the_remaining_time_only_when_interrupted)
{
	struct timespec t = {1, 500};
	uint64_t a = put(&t, sizeof(t));
	uint64_t r = put(&t, sizeof(t));
	char want[80];
	snprintf(want, sizeof(want), "{tv_sec=1, tv_nsec=500}, %#lx", (unsigned long)r);
	cr_expect_str_eq(D(__NR_nanosleep, 0, a, r, 0, 0, 0, 0), want);
	cr_expect_str_eq(D(__NR_nanosleep, -516, a, r, 0, 0, 0, 0),
			 "{tv_sec=1, tv_nsec=500}, {tv_sec=1, tv_nsec=500}");
	cr_expect_str_eq(D(__NR_nanosleep, -14, BAD, 0, 0, 0, 0, 0), "0x1, NULL");
}

Test(decode, memory)
{
	cr_expect_str_eq(D(__NR_mmap, 0x7f0000, 0, 4096, 3, 0x22, -1, 0),
			 "NULL, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0");
	cr_expect_str_eq(D(__NR_mprotect, 0, 0x7f0000, 4096, 0, 0, 0, 0),
			 "0x7f0000, 4096, PROT_NONE");
	cr_expect_str_eq(D(__NR_madvise, -22, 0, 0, 1234, 0, 0, 0),
			 "NULL, 0, 0x4d2 /* MADV_??? */");
	cr_expect_eq(sc_info(__NR_mmap)->rv, RV_HEX);
	cr_expect_eq(sc_info(__NR_umask)->rv, RV_OCT);
	cr_expect_eq(sc_info(__NR_exit_group)->rv, RV_NONE);
}

Test(decode, unknown_syscalls_show_raw_arguments)
{
	cr_expect_str_eq(D(450 + 60, 0, 1, 2, 0, 4, 5, 0x1000), "0x1, 0x2, 0, 0x4, 0x5, 0x1000");
	/* Known by name, no decoder (the number of arguments is known). */
	cr_expect_str_eq(D(__NR_move_pages, 0, 1, 2, 3, 4, 5, 6), "0x1, 0x2, 0x3, 0x4, 0x5, 0x6");
}

Test(decode, getdents_counts_entries)
{
	unsigned char buf[64] = {0};
	uint16_t r1 = 24, r2 = 32;
	memcpy(buf + 16, &r1, 2);
	memcpy(buf + 24 + 16, &r2, 2);
	uint64_t a = put(buf, sizeof(buf));
	char want[64];
	snprintf(want, sizeof(want), "3, %#lx /* 2 entries */, 4096", (unsigned long)a);
	cr_expect_str_eq(D(__NR_getdents64, 56, 3, a, 4096, 0, 0, 0), want);
}

/* Every syscall in the sentry's table (sentry/syscalls/table.c) has a
 * decoder of its own. */
Test(coverage, every_implemented_syscall_has_a_decoder)
{
	FILE *f = fopen(SBX_SOURCE_ROOT "/sentry/syscalls/table.c", "r");
	cr_assert_not_null(f, "cannot read the sentry's syscall table");
	char line[512];
	int seen = 0;
	while (fgets(line, sizeof(line), f)) {
		char name[64];
		if (sscanf(line, " [__NR_%63[a-z0-9_]] =", name) != 1)
			continue;
		long nr = -1;
		for (long i = 0; i < SYSCALL_TABLE_SIZE; i++)
			if (syscall_name(i) && strcmp(syscall_name(i), name) == 0)
				nr = i;
		cr_expect_geq(nr, 0, "%s: no number", name);
		if (nr >= 0)
			cr_expect_not_null(sc_info(nr)->dec, "%s has no decoder", name);
		seen++;
	}
	fclose(f);
	cr_expect_gt(seen, 100, "the table was not found in table.c");
}
