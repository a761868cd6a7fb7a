/* Parsing of sbx run's fuzzing options (see opt_fuzz.h). */
#include "opt_fuzz.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../util/log.h"

void fuzz_config_init(struct fuzz_config *c)
{
	memset(c, 0, sizeof(*c));
	c->max_output = -1;
	c->max_file_size = -1;
	c->max_fds = -1;
	c->snapshot_at = SNAPSHOT_FIRST_READ;
}

/* A size: a number with an optional K, M or G suffix (powers of 1024). */
static int parse_size(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long n = strtoull(s, &end, 10);
	if (end == s || errno || *s == '-')
		return -1;
	unsigned shift = 0;
	switch (*end) {
	case '\0':
		break;
	case 'k':
	case 'K':
		shift = 10;
		break;
	case 'm':
	case 'M':
		shift = 20;
		break;
	case 'g':
	case 'G':
		shift = 30;
		break;
	default:
		return -1;
	}
	if (*end && end[1] && strcmp(end + 1, "B") != 0 && strcmp(end + 1, "iB") != 0)
		return -1;
	if (shift && n > (UINT64_MAX >> shift))
		return -1;
	*out = (uint64_t)n << shift;
	return 0;
}

/* Seconds, possibly fractional, more than 0 and at most a day; in ms. */
static int parse_seconds(const char *s, uint64_t *ms)
{
	char *end;
	double v = strtod(s, &end);
	if (end == s || *end || !(v > 0 && v <= 86400))
		return -1;
	*ms = (uint64_t)(v * 1000 + 0.999);
	return 0;
}

static int bad(const char *opt, const char *what, const char *arg)
{
	sbx_msg("--%s: not %s: %s", opt, what, arg);
	return -1;
}

int fuzz_option(struct fuzz_config *c, int opt, const char *arg)
{
	uint64_t v;
	switch (opt) {
	case OPT_MEMORY:
		if (parse_size(arg, &v) < 0 || v < 4096)
			return bad("memory", "a size of at least 4K", arg);
		c->memory = v;
		return 0;
	case OPT_CPU_TIME:
		if (parse_seconds(arg, &c->cpu_time_ms) < 0)
			return bad("cpu-time", "a number of seconds", arg);
		return 0;
	case OPT_TIMEOUT:
		if (parse_seconds(arg, &c->timeout_ms) < 0)
			return bad("timeout", "a number of seconds", arg);
		return 0;
	case OPT_MAX_OUTPUT:
		if (parse_size(arg, &v) < 0 || v > INT64_MAX)
			return bad("max-output", "a size", arg);
		c->max_output = (int64_t)v;
		return 0;
	case OPT_MAX_FILE_SIZE:
		if (parse_size(arg, &v) < 0 || v > INT64_MAX)
			return bad("max-file-size", "a size", arg);
		c->max_file_size = (int64_t)v;
		return 0;
	case OPT_MAX_FDS:
		if (parse_size(arg, &v) < 0 || v > (1 << 20))
			return bad("max-fds", "a number of files up to 1048576", arg);
		c->max_fds = (int64_t)v;
		return 0;
	case OPT_REPORT:
		c->report = arg;
		return 0;
	case OPT_CRASH_REPORT:
		c->crash_report = arg;
		return 0;
	case OPT_DETERMINISTIC:
		c->deterministic = true;
		c->seed = 0;
		if (arg) {
			char *end;
			errno = 0;
			c->seed = strtoull(arg, &end, 0);
			if (end == arg || *end || errno || *arg == '-')
				return bad("deterministic", "a seed (an unsigned number)", arg);
		}
		return 0;
	case OPT_FORK_SERVER:
		c->fork_server = true;
		return 0;
	case OPT_SNAPSHOT_AT:
		if (strcmp(arg, "entry") == 0)
			c->snapshot_at = SNAPSHOT_ENTRY;
		else if (strcmp(arg, "first-read") == 0)
			c->snapshot_at = SNAPSHOT_FIRST_READ;
		else
			return bad("snapshot-at", "entry or first-read", arg);
		return 0;
	default:
		return -1;
	}
}

void fuzz_usage(FILE *out)
{
	fputs("limits (for the whole sandbox; SIZE takes K, M, G):\n"
	      "  --memory=SIZE        cap on guest memory: mmap and brk fail with ENOMEM,\n"
	      "                       a page fault past it kills every task\n"
	      "  --cpu-time=SECONDS   guest CPU time over all tasks: SIGXCPU, then SIGKILL\n"
	      "                       a CPU-second later (as RLIMIT_CPU)\n"
	      "  --timeout=SECONDS    wall clock: kill every task; sbx exits 124\n"
	      "  --max-output=SIZE    bytes the program may write to sbx's stdout and\n"
	      "                       stderr; the rest is dropped\n"
	      "  --max-file-size=SIZE RLIMIT_FSIZE: writes past it get SIGXFSZ and EFBIG\n"
	      "  --max-fds=N          RLIMIT_NOFILE: fds from N on get EMFILE\n"
	      "  --report=FILE        write a JSON summary at exit: status, the limit\n"
	      "                       that fired, peak memory, CPU and wall time, syscalls\n"
	      "  --crash-report=FILE  when a fault signal kills the program: a JSON\n"
	      "                       report with registers, backtrace, maps, last syscalls\n"
	      "  --deterministic[=SEED] the same output for the same input and SEED:\n"
	      "                       virtual time, seeded randomness, one thread at a time\n"
	      "  --fork-server        serve AFL++'s fork server protocol on fds 198/199,\n"
	      "                       copying a snapshot of the program for each input\n"
	      "  --snapshot-at=WHERE  first-read (default: its first read of stdin) or\n"
	      "                       entry (its first instruction)\n",
	      out);
}
