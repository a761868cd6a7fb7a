#define _GNU_SOURCE
/* Unit tests of the trace formatters (abi/fmt.c): flags and values,
 * strings, signal sets, errors, modes, statuses. */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>

#include "abi/fmt.h"

static struct sbuf sb;

static void reset(void)
{
	sb_reset(&sb);
}

#define EXPECT(expr, want)                                                                         \
	do {                                                                                       \
		reset();                                                                           \
		expr;                                                                              \
		cr_expect_str_eq(sb_str(&sb), want);                                               \
	} while (0)

Test(flags, zero_uses_the_tables_zero_name)
{
	EXPECT(fmt_flags(&sb, &xlat_mmap_prot, 0, "PROT_???"), "PROT_NONE");
	EXPECT(fmt_flags(&sb, &xlat_wait_options, 0, "W???"), "0");
	EXPECT(fmt_flags(&sb, &xlat_access_modes, 0, "?_OK"), "F_OK");
}

Test(flags, names_in_table_order)
{
	EXPECT(fmt_flags(&sb, &xlat_mmap_prot, PROT_READ | PROT_WRITE | PROT_EXEC, NULL),
	       "PROT_READ|PROT_WRITE|PROT_EXEC");
	EXPECT(fmt_flags(&sb, &xlat_access_modes, R_OK | X_OK, "?_OK"), "R_OK|X_OK");
}

Test(flags, unknown_bits_in_hex_as_strace)
{
	EXPECT(fmt_flags(&sb, &xlat_mmap_prot, PROT_READ | 0x100, "PROT_???"), "PROT_READ|0x100");
	EXPECT(fmt_flags(&sb, &xlat_access_modes, 0x10, "?_OK"), "0x10 /* ?_OK */");
	EXPECT(fmt_flags(&sb, &xlat_wait_options, WNOHANG | 0x100, NULL), "WNOHANG|0x100");
}

Test(values, known_and_unknown)
{
	EXPECT(fmt_xval(&sb, &xlat_whence, SEEK_END, "SEEK_???"), "SEEK_END");
	EXPECT(fmt_xval(&sb, &xlat_whence, 7, "SEEK_???"), "0x7 /* SEEK_??? */");
	EXPECT(fmt_xval(&sb, &xlat_whence, 7, NULL), "0x7");
	EXPECT(fmt_xval_d(&sb, &xlat_rusage_who, -1, "RUSAGE_???"), "RUSAGE_CHILDREN");
	EXPECT(fmt_xval_d(&sb, &xlat_rusage_who, -7, "RUSAGE_???"), "-7 /* RUSAGE_??? */");
}

Test(flags, open_flags_with_access_mode)
{
	EXPECT(fmt_open_flags(&sb, O_RDONLY), "O_RDONLY");
	EXPECT(fmt_open_flags(&sb, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC),
	       "O_WRONLY|O_CREAT|O_TRUNC|O_CLOEXEC");
	/* O_SYNC is listed before O_DSYNC, O_TMPFILE before O_DIRECTORY. */
	EXPECT(fmt_open_flags(&sb, O_RDWR | O_SYNC), "O_RDWR|O_SYNC");
	EXPECT(fmt_open_flags(&sb, O_RDWR | O_TMPFILE), "O_RDWR|O_TMPFILE");
	EXPECT(fmt_open_flags(&sb, O_RDONLY | 0x80000000), "O_RDONLY|0x80000000");
	EXPECT(fmt_open_flags(&sb, 3), "O_ACCMODE");
}

Test(flags, mmap_type_flags_and_huge_pages)
{
	EXPECT(fmt_mmap_flags(&sb, MAP_PRIVATE | MAP_ANONYMOUS), "MAP_PRIVATE|MAP_ANONYMOUS");
	EXPECT(fmt_mmap_flags(&sb, 0), "MAP_FILE");
	EXPECT(fmt_mmap_flags(&sb, 0xf | MAP_FIXED), "0xf /* MAP_??? */|MAP_FIXED");
	EXPECT(fmt_mmap_flags(&sb, MAP_PRIVATE | (21U << 26)), "MAP_PRIVATE|21<<MAP_HUGE_SHIFT");
}

Test(flags, clone_flags_end_with_the_exit_signal)
{
	EXPECT(fmt_clone_flags(&sb, 0), "0");
	EXPECT(fmt_clone_flags(&sb, SIGCHLD), "SIGCHLD");
	EXPECT(fmt_clone_flags(&sb, 0x00200000 | 0x01000000 | SIGCHLD),
	       "CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD");
	EXPECT(fmt_clone_flags(&sb, 0x100 | 0x100000000ULL), "CLONE_VM|0x100000000");
}

static void quote(const char *s, size_t n, unsigned style)
{
	unsigned char buf[256];
	memcpy(buf, s, n);
	buf[n] = 0xff;
	fmt_quote(&sb, buf, n, style);
}

Test(strings, escapes_as_strace)
{
	EXPECT(quote("a\"b\\c\n\t\r\v\f", 10, 0), "\"a\\\"b\\\\c\\n\\t\\r\\v\\f\"");
	EXPECT(quote("\x01\x7f\xff", 3, 0), "\"\\1\\177\\377\"");
	/* Three octal digits only when an octal digit follows. */
	EXPECT(quote("\x01"
		     "9\x01"
		     "7",
		     4, 0),
	       "\"\\19\\0017\"");
	EXPECT(quote("\0\0", 2, 0), "\"\\0\\0\"");
	EXPECT(quote("\xab\x01", 2, QUOTE_FORCE_HEX), "\"\\xab\\x01\"");
}

Test(strings, nul_terminated)
{
	reset();
	unsigned char buf[8] = "ab\0cd";
	cr_expect_eq(fmt_quote(&sb, buf, 5, QUOTE_0_TERMINATED), 0);
	cr_expect_str_eq(sb_str(&sb), "\"ab\"");
	reset();
	unsigned char full[4] = {'a', 'b', 'c', 'd'};
	cr_expect_eq(fmt_quote(&sb, full, 3, QUOTE_0_TERMINATED), 1, "no NUL: cut");
}

Test(signals, names)
{
	EXPECT(fmt_signame(&sb, SIGCHLD), "SIGCHLD");
	EXPECT(fmt_signame(&sb, 32), "SIGRTMIN");
	EXPECT(fmt_signame(&sb, 35), "SIGRT_3");
	EXPECT(fmt_signame(&sb, 64), "SIGRT_32");
	EXPECT(fmt_signame(&sb, 0), "0");
	EXPECT(fmt_signame(&sb, 99), "99");
}

Test(signals, sets)
{
	uint64_t set = 0;
	EXPECT(fmt_sigset(&sb, &set, 8), "[]");
	set = 1ULL << (SIGCHLD - 1) | 1ULL << (SIGUSR1 - 1);
	EXPECT(fmt_sigset(&sb, &set, 8), "[USR1 CHLD]");
	set = 1ULL << 31 | 1ULL << 32 | 1ULL << 36;
	EXPECT(fmt_sigset(&sb, &set, 8), "[RTMIN RT_1 RT_5]");
	set = ~0ULL;
	EXPECT(fmt_sigset(&sb, &set, 8), "~[]");
	set = ~(1ULL << (SIGKILL - 1) | 1ULL << (SIGSTOP - 1));
	EXPECT(fmt_sigset(&sb, &set, 8), "~[KILL STOP]");
}

Test(errors, names_and_messages)
{
	char buf[64];
	cr_expect_str_eq(errno_name(ENOENT), "ENOENT");
	cr_expect_str_eq(errno_name(EAGAIN), "EAGAIN", "EAGAIN, not EWOULDBLOCK");
	cr_expect_str_eq(errno_name(EDEADLK), "EDEADLK");
	cr_expect_str_eq(errno_msg(ENOENT, buf), "No such file or directory");
	cr_expect_str_eq(errno_name(512), "ERESTARTSYS");
	cr_expect_str_eq(errno_msg(514, buf), "To be restarted if no handler");
	cr_expect(errno_is_restart(516));
	cr_expect(!errno_is_restart(ENOENT));
	cr_expect_null(errno_name(4000));
}

Test(misc, modes_devices_limits)
{
	EXPECT(fmt_mode(&sb, S_IFREG | 0644), "S_IFREG|0644");
	EXPECT(fmt_mode(&sb, S_IFDIR | S_ISVTX | 0777), "S_IFDIR|S_ISVTX|0777");
	EXPECT(fmt_mode(&sb, 0755), "0755");
	EXPECT(fmt_mode(&sb, 0), "000");
	EXPECT(fmt_mode(&sb, 0177777), "0177777");
	EXPECT(fmt_dev(&sb, makedev(1, 3)), "makedev(0x1, 0x3)");
	EXPECT(fmt_dev(&sb, makedev(259, 65536)), "makedev(0x103, 0x10000)");
	EXPECT(fmt_rlim(&sb, ~0ULL), "RLIM64_INFINITY");
	EXPECT(fmt_rlim(&sb, 8192 * 1024), "8192*1024");
	EXPECT(fmt_rlim(&sb, 1024), "1024");
	EXPECT(fmt_rlim(&sb, 20000), "20000");
	EXPECT(fmt_addr(&sb, 0), "NULL");
	EXPECT(fmt_addr(&sb, 0x7fff1000), "0x7fff1000");
	EXPECT(fmt_dirfd(&sb, AT_FDCWD), "AT_FDCWD");
	EXPECT(fmt_dirfd(&sb, 3), "3");
}

Test(misc, wait_statuses)
{
	EXPECT(fmt_wait_status(&sb, 3 << 8), "{WIFEXITED(s) && WEXITSTATUS(s) == 3}");
	EXPECT(fmt_wait_status(&sb, SIGSEGV | 0x80),
	       "{WIFSIGNALED(s) && WTERMSIG(s) == SIGSEGV && WCOREDUMP(s)}");
	EXPECT(fmt_wait_status(&sb, SIGKILL), "{WIFSIGNALED(s) && WTERMSIG(s) == SIGKILL}");
	EXPECT(fmt_wait_status(&sb, SIGSTOP << 8 | 0x7f),
	       "{WIFSTOPPED(s) && WSTOPSIG(s) == SIGSTOP}");
	EXPECT(fmt_wait_status(&sb, 0xffff), "{WIFCONTINUED(s)}");
}

Test(misc, ioctl_requests)
{
	EXPECT(fmt_ioctl_req(&sb, 0x5401), "TCGETS");
	EXPECT(fmt_ioctl_req(&sb, 0x541b), "FIONREAD");
	/* Sound timer requests share TCSETS's number, as strace says. */
	EXPECT(fmt_ioctl_req(&sb, 0x5402), "SNDCTL_TMR_START or TCSETS");
	EXPECT(fmt_ioctl_req(&sb, 0x1234), "_IOC(_IOC_NONE, 0x12, 0x34, 0)");
	EXPECT(fmt_ioctl_req(&sb, 0x80045678), "_IOC(_IOC_READ, 0x56, 0x78, 0x4)");
	EXPECT(fmt_ioctl_req(&sb, 0xc0045678), "_IOC(_IOC_READ|_IOC_WRITE, 0x56, 0x78, 0x4)");
}

Test(sbuf, grows_and_pads)
{
	reset();
	for (int i = 0; i < 1000; i++)
		sb_puts(&sb, "abc");
	cr_expect_eq(sb.len, 3000);
	reset();
	sb_puts(&sb, "x");
	sb_pad(&sb, 5);
	cr_expect_str_eq(sb_str(&sb), "x    ");
	sb_truncate(&sb, 2);
	cr_expect_str_eq(sb_str(&sb), "x ");
}
