/* Formatting values the way strace prints them. */
#include "fmt.h"

#include <asm/fcntl.h>
#include <asm/ioctl.h>
#include <inttypes.h>
#include <linux/fcntl.h>
#include <linux/mman.h>
#include <linux/sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

const char *xlat_name(const struct xlat *x, uint64_t val)
{
	for (size_t i = 0; i < x->n; i++)
		if (x->e[i].val == val)
			return x->e[i].name;
	return NULL;
}

int xlat_value(const struct xlat *x, const char *name, uint64_t *val)
{
	for (size_t i = 0; i < x->n; i++)
		if (strcmp(x->e[i].name, name) == 0) {
			*val = x->e[i].val;
			return 1;
		}
	return 0;
}

void fmt_hex(struct sbuf *sb, uint64_t v)
{
	sb_printf(sb, "%#" PRIx64, v);
}

void fmt_addr(struct sbuf *sb, uint64_t v)
{
	if (v)
		sb_printf(sb, "%#" PRIx64, v);
	else
		sb_puts(sb, "NULL");
}

void fmt_oct(struct sbuf *sb, uint64_t v)
{
	sb_printf(sb, "%#03" PRIo64, v);
}

void fmt_xval(struct sbuf *sb, const struct xlat *x, uint64_t v, const char *dflt)
{
	const char *s = xlat_name(x, v);
	if (s) {
		sb_puts(sb, s);
		return;
	}
	fmt_hex(sb, v);
	if (dflt)
		sb_printf(sb, " /* %s */", dflt);
}

void fmt_xval_d(struct sbuf *sb, const struct xlat *x, int64_t v, const char *dflt)
{
	const char *s = xlat_name(x, (uint64_t)v);
	if (s) {
		sb_puts(sb, s);
		return;
	}
	sb_printf(sb, "%" PRId64, v);
	if (dflt)
		sb_printf(sb, " /* %s */", dflt);
}

int fmt_flags_rest(struct sbuf *sb, const struct xlat *x, uint64_t v)
{
	int n = 0;
	for (size_t i = 0; i < x->n && v; i++) {
		uint64_t f = x->e[i].val;
		if (f && (v & f) == f) {
			if (n++)
				sb_putc(sb, '|');
			sb_puts(sb, x->e[i].name);
			v &= ~f;
		}
	}
	if (v) {
		if (n++)
			sb_putc(sb, '|');
		fmt_hex(sb, v);
	}
	return n;
}

int fmt_flags2(struct sbuf *sb, const struct xlat *x1, const struct xlat *x2, uint64_t v,
	       const char *dflt)
{
	if (v == 0) {
		sb_putc(sb, '0');
		return 1;
	}
	int n = 0;
	const struct xlat *xs[2] = {x1, x2};
	for (int t = 0; t < 2; t++)
		for (size_t i = 0; i < xs[t]->n && v; i++) {
			uint64_t f = xs[t]->e[i].val;
			if (f && (v & f) == f) {
				if (n++)
					sb_putc(sb, '|');
				sb_puts(sb, xs[t]->e[i].name);
				v &= ~f;
			}
		}
	if (v) {
		if (n)
			sb_putc(sb, '|');
		fmt_hex(sb, v);
		if (!n && dflt)
			sb_printf(sb, " /* %s */", dflt);
		n++;
	}
	return n;
}

int fmt_flags(struct sbuf *sb, const struct xlat *x, uint64_t v, const char *dflt)
{
	if (v == 0) {
		const char *zero = xlat_name(x, 0);
		sb_puts(sb, zero ? zero : "0");
		return 1;
	}
	uint64_t known = 0;
	for (size_t i = 0; i < x->n; i++)
		if (x->e[i].val && (v & x->e[i].val) == x->e[i].val)
			known |= x->e[i].val;
	if (!known) {
		fmt_hex(sb, v);
		if (dflt)
			sb_printf(sb, " /* %s */", dflt);
		return 1;
	}
	return fmt_flags_rest(sb, x, v);
}

/* Signals: 1..31 and 32 (SIGRTMIN) have names; 33..64 are SIGRT_n. */
#define SIGRT_MIN_ASM 32
#define SIGRT_MAX_ASM 64

const char *signame(int sig, char buf[16])
{
	if (sig <= 0)
		return NULL;
	const char *s = xlat_name(&xlat_signals, (uint64_t)sig);
	if (s)
		return s;
	if (sig > SIGRT_MIN_ASM && sig <= SIGRT_MAX_ASM) {
		snprintf(buf, 16, "SIGRT_%d", sig - SIGRT_MIN_ASM);
		return buf;
	}
	return NULL;
}

void fmt_signame(struct sbuf *sb, int sig)
{
	char buf[16];
	const char *s = signame(sig, buf);
	if (s)
		sb_puts(sb, s);
	else
		sb_printf(sb, "%d", sig);
}

void fmt_sigset(struct sbuf *sb, const void *mask, size_t bytes)
{
	uint32_t w[2] = {0, 0};
	size_t n = bytes < 8 ? bytes : 8;
	memcpy(w, mask, n);
	unsigned words = (unsigned)((n + 3) / 4);
	unsigned bits = 0;
	for (unsigned i = 0; i < words; i++)
		bits += (unsigned)__builtin_popcount(w[i]);
	if (bits >= words * 32 * 2 / 3) {
		sb_putc(sb, '~');
		for (unsigned i = 0; i < words; i++)
			w[i] = ~w[i];
	}
	sb_putc(sb, '[');
	bool first = true;
	for (unsigned i = 0; i < words * 32; i++) {
		if (!(w[i / 32] & (1U << (i % 32))))
			continue;
		int sig = (int)i + 1;
		if (!first)
			sb_putc(sb, ' ');
		first = false;
		const char *s =
		    sig <= SIGRT_MIN_ASM ? xlat_name(&xlat_signals, (uint64_t)sig) : NULL;
		if (s)
			sb_puts(sb, s + 3);
		else if (sig > SIGRT_MIN_ASM)
			sb_printf(sb, "RT_%d", sig - SIGRT_MIN_ASM);
		else
			sb_printf(sb, "%d", sig);
	}
	sb_putc(sb, ']');
}

/* The kernel's internal codes a tracer can see (include/linux/errno.h);
 * no uapi header has them. */
static const struct {
	long err;
	const char *name, *msg;
} kernel_errnos[] = {
    {512, "ERESTARTSYS", "To be restarted if SA_RESTART is set"},
    {513, "ERESTARTNOINTR", "To be restarted"},
    {514, "ERESTARTNOHAND", "To be restarted if no handler"},
    {515, "ENOIOCTLCMD", "No ioctl command"},
    {516, "ERESTART_RESTARTBLOCK", "Interrupted by signal"},
};

/* The dumpable modes of prctl (include/linux/sched/coredump.h): not in
 * any uapi header. */
static const struct xlat_entry suid_dump_e[] = {
    {0, "SUID_DUMP_DISABLE"},
    {1, "SUID_DUMP_USER"},
    {2, "SUID_DUMP_ROOT"},
};
const struct xlat xlat_suid_dump = {suid_dump_e, 3};

const char *errno_name(long err)
{
	const char *s = xlat_name(&xlat_errnos, (uint64_t)err);
	if (s)
		return s;
	for (size_t i = 0; i < sizeof(kernel_errnos) / sizeof(kernel_errnos[0]); i++)
		if (kernel_errnos[i].err == err)
			return kernel_errnos[i].name;
	return NULL;
}

const char *errno_msg(long err, char buf[64])
{
	for (size_t i = 0; i < sizeof(kernel_errnos) / sizeof(kernel_errnos[0]); i++)
		if (kernel_errnos[i].err == err)
			return kernel_errnos[i].msg;
	snprintf(buf, 64, "%s", strerror((int)err));
	return buf;
}

bool errno_is_restart(long err)
{
	return err == 512 || err == 513 || err == 514 || err == 516;
}

int fmt_quote(struct sbuf *sb, const unsigned char *s, size_t size, unsigned style)
{
	bool zt = style & QUOTE_0_TERMINATED;
	if (!(style & QUOTE_OMIT_QUOTES))
		sb_putc(sb, '"');
	size_t i;
	for (i = 0; i < size; i++) {
		unsigned c = s[i];
		if (zt && c == 0)
			break;
		if (style & QUOTE_FORCE_HEX) {
			sb_printf(sb, "\\x%02x", c);
			continue;
		}
		switch (c) {
		case '"':
		case '\\':
			sb_putc(sb, '\\');
			sb_putc(sb, (char)c);
			break;
		case '\f':
			sb_puts(sb, "\\f");
			break;
		case '\n':
			sb_puts(sb, "\\n");
			break;
		case '\r':
			sb_puts(sb, "\\r");
			break;
		case '\t':
			sb_puts(sb, "\\t");
			break;
		case '\v':
			sb_puts(sb, "\\v");
			break;
		default:
			if (c >= ' ' && c <= 0x7e) {
				sb_putc(sb, (char)c);
			} else if (s[i + 1] >= '0' && s[i + 1] <= '7' && i + 1 <= size) {
				sb_printf(sb, "\\%o%o%o", c >> 6, (c >> 3) & 7, c & 7);
			} else {
				sb_printf(sb, "\\%o", c);
			}
		}
	}
	if (!(style & QUOTE_OMIT_QUOTES))
		sb_putc(sb, '"');
	if (zt && (i < size || s[size] == 0))
		return 0;
	return 1;
}

void fmt_dev(struct sbuf *sb, uint64_t dev)
{
	/* glibc's major()/minor() split of the 64-bit dev_t. */
	unsigned major = (unsigned)(((dev >> 32) & 0xfffff000) | ((dev >> 8) & 0x00000fff));
	unsigned minor = (unsigned)(((dev >> 12) & 0xffffff00) | (dev & 0x000000ff));
	sb_printf(sb, "makedev(%#x, %#x)", major, minor);
}

void fmt_mode(struct sbuf *sb, uint64_t mode)
{
	const char *type = "";
	if (mode & S_IFMT) {
		type = xlat_name(&xlat_file_types, mode & S_IFMT);
		if (!type) {
			fmt_oct(sb, mode);
			return;
		}
	}
	sb_printf(sb, "%s%s%s%s%s", type, *type ? "|" : "", (mode & S_ISUID) ? "S_ISUID|" : "",
		  (mode & S_ISGID) ? "S_ISGID|" : "", (mode & S_ISVTX) ? "S_ISVTX|" : "");
	fmt_oct(sb, mode & ~(uint64_t)(S_IFMT | S_ISUID | S_ISGID | S_ISVTX));
}

void fmt_open_flags(struct sbuf *sb, uint64_t flags)
{
	const char *acc = xlat_name(&xlat_open_access, flags & O_ACCMODE);
	uint64_t rest = flags & ~(uint64_t)O_ACCMODE;
	if (acc) {
		sb_puts(sb, acc);
		if (rest) {
			sb_putc(sb, '|');
			fmt_flags_rest(sb, &xlat_open_flags, rest);
		}
	} else {
		fmt_flags(sb, &xlat_open_flags, flags, "O_???");
	}
}

void fmt_dirfd(struct sbuf *sb, int fd)
{
	if (fd == AT_FDCWD)
		sb_puts(sb, "AT_FDCWD");
	else
		sb_printf(sb, "%d", fd);
}

void fmt_clone_flags(struct sbuf *sb, uint64_t flags)
{
	int sig = (int)(flags & CSIGNAL);
	flags &= ~(uint64_t)CSIGNAL;
	if (flags) {
		fmt_flags(sb, &xlat_clone_flags, flags, "CLONE_???");
		if (sig) {
			sb_putc(sb, '|');
			fmt_signame(sb, sig);
		}
	} else {
		fmt_signame(sb, sig);
	}
}

void fmt_mmap_flags(struct sbuf *sb, uint64_t flags)
{
	uint64_t type = flags & MAP_TYPE;
	uint64_t huge = flags & ((uint64_t)MAP_HUGE_MASK << MAP_HUGE_SHIFT);
	flags &= ~(uint64_t)MAP_TYPE & ~huge;
	fmt_xval(sb, &xlat_mmap_type, type, "MAP_???");
	if (flags) {
		sb_putc(sb, '|');
		fmt_flags_rest(sb, &xlat_mmap_flags, flags);
	}
	if (huge)
		sb_printf(sb, "|%" PRIu64 "<<MAP_HUGE_SHIFT", huge >> MAP_HUGE_SHIFT);
}

void fmt_wait_status(struct sbuf *sb, int status)
{
	if (WIFSTOPPED(status)) {
		sb_puts(sb, "{WIFSTOPPED(s) && WSTOPSIG(s) == ");
		fmt_signame(sb, WSTOPSIG(status));
		if (status >> 16)
			sb_printf(sb, " && (s >> 16) == %#x", (unsigned)status >> 16);
		sb_putc(sb, '}');
		return;
	}
	if (WIFSIGNALED(status)) {
		sb_puts(sb, "{WIFSIGNALED(s) && WTERMSIG(s) == ");
		fmt_signame(sb, WTERMSIG(status));
		sb_puts(sb, WCOREDUMP(status) ? " && WCOREDUMP(s)}" : "}");
	} else if (WIFEXITED(status)) {
		sb_printf(sb, "{WIFEXITED(s) && WEXITSTATUS(s) == %d}", WEXITSTATUS(status));
	} else if (WIFCONTINUED(status)) {
		sb_puts(sb, "{WIFCONTINUED(s)}");
		return;
	} else {
		sb_printf(sb, "%#x", (unsigned)status);
		return;
	}
	if (status & ~0xffff)
		sb_printf(sb, " | %#x", (unsigned)status & ~0xffffU);
}

void fmt_ioctl_req(struct sbuf *sb, uint64_t req)
{
	uint32_t r = (uint32_t)req;
	int n = 0;
	for (size_t i = 0; i < xlat_ioctls.n; i++)
		if (xlat_ioctls.e[i].val == r) {
			if (n++)
				sb_puts(sb, " or ");
			sb_puts(sb, xlat_ioctls.e[i].name);
		}
	if (n)
		return;
	unsigned dir = _IOC_DIR(r);
	sb_puts(sb, "_IOC(");
	if (dir == _IOC_NONE)
		sb_puts(sb, "_IOC_NONE");
	else
		fmt_flags(sb, &xlat_ioc_dirs, dir, NULL);
	sb_puts(sb, ", ");
	fmt_hex(sb, _IOC_TYPE(r));
	sb_puts(sb, ", ");
	fmt_hex(sb, _IOC_NR(r));
	sb_puts(sb, ", ");
	fmt_hex(sb, _IOC_SIZE(r));
	sb_putc(sb, ')');
}

void fmt_rlim(struct sbuf *sb, uint64_t v)
{
	if (v == UINT64_MAX)
		sb_puts(sb, "RLIM64_INFINITY");
	else if (v > 1024 && v % 1024 == 0)
		sb_printf(sb, "%" PRIu64 "*1024", v / 1024);
	else
		sb_printf(sb, "%" PRIu64, v);
}
