/* The sbx command line: sbx run [OPTIONS] PROGRAM [ARGS...]. */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../sentry/sentry.h"
#include "../../sentry/syscalls/compat.h"
#include "../../util/log.h"
#include "host_uid.h"
#include "opt_fuzz.h"

#ifndef SBX_VERSION
#define SBX_VERSION "0.1.0"
#endif

extern char **environ;

static void usage(FILE *out)
{
	fprintf(out,
		"usage: sbx run [OPTIONS] PROGRAM [ARGS...]\n"
		"       sbx --syscalls [--markdown]\n"
		"       sbx --help | --version\n"
		"\n"
		"Run PROGRAM in a sandbox: its instructions run on the CPU, every system\n"
		"call it makes is carried out by sbx's own emulated kernel.\n"
		"\n"
		"options of run (they end at PROGRAM):\n"
		"  --platform=NAME      how guest syscalls are caught: systrap (seccomp traps\n"
		"                       handled in the sandbox's stub process, the default)\n"
		"                       or ptrace (PTRACE_SYSEMU, the default of --fork-server)\n"
		"  --no-syscall-patch   systrap: never patch the program's syscall instructions\n"
		"                       to skip the trap (its code reads back as it was loaded)\n"
		"  --as-pid-1           the program is pid 1 (default: pid 2 under a virtual init)\n"
		"  --unconfined         the sentry keeps its view of the host and its privileges\n"
		"                       (to debug sbx itself; see README, Security)\n"
		"  --net=none|host      inet sockets reach only the sandbox's own loopback\n"
		"                       (none, the default) or are the host's (host)\n"
		"  --uid=N, --gid=N     the program's user and group ids in the sandbox (default:\n"
		"                       sbx's own); root (0) holds every capability there\n"
		"  --host-uid=USER|UID[:GROUP|GID]\n"
		"                       the host user (and group: by default the user's) that\n"
		"                       the processes running the program's code run as, with\n"
		"                       no supplementary groups and no capabilities (default\n"
		"                       when sbx is root: nobody; else sbx's own ids, and the\n"
		"                       option needs root)\n"
		"  --max-tasks=N        at most N tasks (threads) at once; clone fails with\n"
		"                       EAGAIN beyond (default 4096)\n"
		"  --bind SRC DST       host path SRC, writable, at DST in the sandbox\n"
		"  --ro-bind SRC DST    the same, read-only\n"
		"  --tmpfs DST          an empty in-memory file system at DST\n"
		"  --root DIR           host directory DIR as / (default: the host's /), under\n"
		"                       an in-memory layer that takes the sandbox's writes\n"
		"  --chdir DIR          start in DIR (default: the current directory)\n"
		"  --setenv VAR VALUE   set VAR in the program's environment\n"
		"  --unsetenv VAR       remove VAR from it\n"
		"  --clearenv           start from an empty environment\n"
		"                       (mounts and environment changes apply in order; missing\n"
		"                       mount points are created; set-up errors exit with 126)\n"
		"  --kill-after=SECONDS SIGTERM to sbx goes to the program; kill every\n"
		"                       task SECONDS later if it is still running (default 5)\n"
		"  --trace[=EXPR]       show the program's syscalls as strace -f does, with\n"
		"                       what strace cannot see (new tasks' sharing, vfork);\n"
		"                       EXPR selects: open,read !write %%file %%process ...\n"
		"  -o FILE              write the trace to FILE (default: stderr)\n"
		"  -s N                 show N bytes of strings and buffers (default 32)\n"
		"  -c, --summary-only   count calls, errors and time in the sentry per\n"
		"                       syscall; print the table at exit (like strace -c)\n"
		"  --summary            the lines and the table\n"
		"  --trace-pid=N[,N...] trace only these tasks (and the tasks they start)\n"
		"  --trace-events=LIST  also show cow, mm, signal, exec events (or all)\n"
		"  --trace-format=json  one JSON object per event instead of lines\n"
		"  -v, --debug          log the sentry's work to stderr\n"
		"  -h, --help           this text\n");
	fuzz_usage(out);
}

/* Look PROGRAM up as a shell would: a name with a slash is a path, any
 * other name is searched on $PATH.  Returns a malloc'ed path, or NULL. */
static char *lookup(const char *name)
{
	if (strchr(name, '/'))
		return strdup(name);
	const char *path = getenv("PATH");
	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	char *copy = strdup(path), *save = NULL, *found = NULL, *fallback = NULL;
	for (char *dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
		char *cand;
		if (asprintf(&cand, "%s/%s", *dir ? dir : ".", name) < 0)
			break;
		struct stat st;
		if (stat(cand, &st) == 0 && S_ISREG(st.st_mode)) {
			if (access(cand, X_OK) == 0) {
				found = cand;
				break;
			}
			if (!fallback) {
				fallback = cand; /* reported as not executable */
				continue;
			}
		}
		free(cand);
	}
	free(copy);
	if (found) {
		free(fallback);
		return found;
	}
	return fallback;
}

/* The program's environment: sbx's own, changed by --setenv, --unsetenv
 * and --clearenv in command-line order. */
struct env {
	char **v;
	size_t n;
};

static void env_unset(struct env *e, const char *name)
{
	size_t len = strlen(name);
	for (size_t i = 0; i < e->n;) {
		if (strncmp(e->v[i], name, len) == 0 && e->v[i][len] == '=') {
			memmove(&e->v[i], &e->v[i + 1], (e->n - i) * sizeof(*e->v));
			e->n--;
		} else {
			i++;
		}
	}
}

static bool env_set(struct env *e, const char *name, const char *value)
{
	char *kv;
	if (asprintf(&kv, "%s=%s", name, value) < 0)
		return false;
	env_unset(e, name);
	char **v = realloc(e->v, (e->n + 2) * sizeof(*v));
	if (!v) {
		free(kv);
		return false;
	}
	e->v = v;
	e->v[e->n++] = kv;
	e->v[e->n] = NULL;
	return true;
}

static bool env_init(struct env *e)
{
	size_t n = 0;
	while (environ[n])
		n++;
	e->v = calloc(n + 1, sizeof(*e->v));
	if (!e->v)
		return false;
	memcpy(e->v, environ, n * sizeof(*e->v));
	e->n = n;
	return true;
}

/* A variable name for --setenv/--unsetenv: not empty, no '='. */
static bool env_name_ok(const char *name)
{
	return *name && !strchr(name, '=');
}

/* Long options without a short form. */
enum {
	OPT_TRACE = 1000,
	OPT_SUMMARY,
	OPT_TRACE_PID,
	OPT_TRACE_EVENTS,
	OPT_TRACE_FORMAT,
};

/* Long options without a short form (beyond the trace and fuzz ones). */
enum { OPT_UNCONFINED = 0x4000, OPT_HOST_UID, OPT_NO_PATCH };

static int cmd_run(int argc, char **argv)
{
	struct sentry_options opt = {.max_tasks = 4096, .kill_after_ms = 5000};
	static const struct option longopts[] = {
		{"platform", required_argument, NULL, 'p'},
		{"as-pid-1", no_argument, NULL, '1'},
		{"unconfined", no_argument, NULL, OPT_UNCONFINED},
		{"no-syscall-patch", no_argument, NULL, OPT_NO_PATCH},
		{"net", required_argument, NULL, 'N'},
		{"uid", required_argument, NULL, 'u'},
		{"gid", required_argument, NULL, 'g'},
		{"host-uid", required_argument, NULL, OPT_HOST_UID},
		{"max-tasks", required_argument, NULL, 't'},
		{"kill-after", required_argument, NULL, 'K'},
		{"bind", required_argument, NULL, 'B'},
		{"ro-bind", required_argument, NULL, 'R'},
		{"tmpfs", required_argument, NULL, 'T'},
		{"root", required_argument, NULL, 'r'},
		{"chdir", required_argument, NULL, 'C'},
		{"setenv", required_argument, NULL, 'S'},
		{"unsetenv", required_argument, NULL, 'U'},
		{"clearenv", no_argument, NULL, 'E'},
		{"debug", no_argument, NULL, 'v'},
		{"help", no_argument, NULL, 'h'},
		{"trace", optional_argument, NULL, OPT_TRACE},
		{"summary-only", no_argument, NULL, 'c'},
		{"summary", no_argument, NULL, OPT_SUMMARY},
		{"trace-pid", required_argument, NULL, OPT_TRACE_PID},
		{"trace-events", required_argument, NULL, OPT_TRACE_EVENTS},
		{"trace-format", required_argument, NULL, OPT_TRACE_FORMAT},
		FUZZ_LONGOPTS,
		{NULL, 0, NULL, 0},
	};
	fuzz_config_init(&opt.fuzz);
	static struct env env; /* lives as long as sbx, as environ does */
	struct sentry_mount *mounts = NULL;
	int nmounts = 0;
	const char *host_uid = NULL;
	bool view = false; /* the tree differs from the host's */
	if (!env_init(&env)) {
		sbx_msg("out of memory");
		return 126;
	}
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+vho:s:c", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_TRACE:
			opt.trace.lines = true;
			opt.trace.expr = optarg;
			break;
		case 'c':
			opt.trace.summary = true;
			opt.trace.lines = false;
			break;
		case OPT_SUMMARY:
			opt.trace.summary = true;
			opt.trace.lines = true;
			break;
		case 'o':
			opt.trace.out = optarg;
			break;
		case 's': {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*end || n < 0 || n > 1 << 20) {
				sbx_msg("-s: not a string size: %s", optarg);
				return 2;
			}
			opt.trace.strsize = (int)n;
			break;
		}
		case OPT_TRACE_PID:
			opt.trace.pids = optarg;
			break;
		case OPT_TRACE_EVENTS:
			opt.trace.events = optarg;
			break;
		case OPT_TRACE_FORMAT:
			if (strcmp(optarg, "json") != 0 && strcmp(optarg, "text") != 0) {
				sbx_msg("--trace-format: json or text, not '%s'", optarg);
				return 2;
			}
			opt.trace.json = strcmp(optarg, "json") == 0;
			break;
		case 'p':
			if (strcmp(optarg, "ptrace") != 0 && strcmp(optarg, "systrap") != 0) {
				sbx_msg("unknown platform '%s' (available: ptrace, systrap)", optarg);
				return 2;
			}
			opt.platform = optarg;
			break;
		case '1':
			opt.as_pid_1 = true;
			break;
		case 'u':
		case 'g': {
			char *end;
			errno = 0;
			unsigned long n = strtoul(optarg, &end, 10);
			if (*end || !*optarg || errno || n >= 0xffffffffUL || optarg[0] == '-') {
				sbx_msg("--%s: not an id: %s", c == 'u' ? "uid" : "gid", optarg);
				return 2;
			}
			if (c == 'u') {
				opt.set_uid = true;
				opt.uid = (unsigned)n;
			} else {
				opt.set_gid = true;
				opt.gid = (unsigned)n;
			}
			break;
		}
		case 't': {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*end || n < 1 || n > 1 << 22) {
				sbx_msg("--max-tasks: not a task count: %s", optarg);
				return 2;
			}
			opt.max_tasks = (int)n;
			break;
		}
		case 'B':
		case 'R':
		case 'T': {
			/* --bind and --ro-bind take a second argument, DST. */
			const char *name = c == 'B' ? "--bind" : c == 'R' ? "--ro-bind" : "--tmpfs";
			if (c != 'T' && optind >= argc) {
				sbx_msg("%s: missing DST after %s", name, optarg);
				return 2;
			}
			struct sentry_mount *m = realloc(mounts, (size_t)(nmounts + 1) * sizeof(*m));
			if (!m) {
				sbx_msg("out of memory");
				return 126;
			}
			mounts = m;
			m = &mounts[nmounts++];
			m->kind = c == 'B' ? SENTRY_BIND : c == 'R' ? SENTRY_RO_BIND : SENTRY_TMPFS;
			m->source = c == 'T' ? NULL : optarg;
			m->dest = c == 'T' ? optarg : argv[optind++];
			view = true;
			break;
		}
		case 'r':
			opt.root_dir = optarg;
			view = true;
			break;
		case 'C':
			opt.chdir = optarg;
			view = true;
			break;
		case 'S':
			if (optind >= argc) {
				sbx_msg("--setenv: missing VALUE after %s", optarg);
				return 2;
			}
			if (!env_name_ok(optarg)) {
				sbx_msg("--setenv: not a variable name: '%s'", optarg);
				return 2;
			}
			if (!env_set(&env, optarg, argv[optind++])) {
				sbx_msg("out of memory");
				return 126;
			}
			break;
		case 'U':
			if (!env_name_ok(optarg)) {
				sbx_msg("--unsetenv: not a variable name: '%s'", optarg);
				return 2;
			}
			env_unset(&env, optarg);
			break;
		case 'E':
			env.n = 0;
			env.v[0] = NULL;
			break;
		case 'K': {
			char *end;
			double s = strtod(optarg, &end);
			if (end == optarg || *end || !(s >= 0 && s <= 86400)) {
				sbx_msg("--kill-after: not a number of seconds: %s", optarg);
				return 2;
			}
			opt.kill_after_ms = (unsigned)(s * 1000 + 0.5);
			break;
		}
		case OPT_NO_PATCH:
			opt.no_syscall_patch = true;
			break;
		case OPT_UNCONFINED:
			opt.unconfined = true;
			break;
		case OPT_HOST_UID:
			host_uid = optarg;
			break;
		case 'v':
			opt.debug = true;
			break;
		case 'N':
			if (strcmp(optarg, "none") != 0 && strcmp(optarg, "host") != 0) {
				sbx_msg("--net: none or host, not %s", optarg);
				return 2;
			}
			opt.net_host = strcmp(optarg, "host") == 0;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			if (c >= OPT_FUZZ_FIRST && c <= OPT_FUZZ_LAST) {
				if (fuzz_option(&opt.fuzz, c, optarg) < 0)
					return 2;
				break;
			}
			usage(stderr);
			return 2;
		}
	}
	/* systrap, but for the fork server, whose copies of a fresh snapshot
	 * make few syscalls from hot places and many new threads: ptrace
	 * served AFL++ faster (0.55x-0.66x its native fork server against
	 * 0.47x-0.57x, docs/design.md). */
	if (!opt.platform)
		opt.platform = opt.fuzz.fork_server ? "ptrace" : "systrap";
	if (optind >= argc) {
		sbx_msg("run: missing PROGRAM");
		usage(stderr);
		return 2;
	}
	sbx_debug_enabled = opt.debug;
	int r = host_uid_option(host_uid, &opt);
	if (r)
		return r;
	char *prog;
	if (view && !strchr(argv[optind], '/')) {
		/* The host's $PATH directories are not what the sandbox
		 * shows: the sentry looks the name up inside. */
		prog = strdup(argv[optind]);
		opt.search_path = true;
	} else {
		prog = lookup(argv[optind]);
		if (!prog) {
			sbx_msg("%s: No such file or directory", argv[optind]);
			return 127;
		}
	}
	opt.program = prog;
	opt.name = argv[optind];
	opt.argv = &argv[optind];
	if (opt.chdir) {
		/* As bwrap does: PWD names the directory the program starts in. */
		if (!env_set(&env, "PWD", opt.chdir)) {
			sbx_msg("out of memory");
			return 126;
		}
	}
	opt.envp = env.v;
	opt.mounts = mounts;
	opt.nmounts = nmounts;
	int status = sentry_run(&opt);
	free(prog);
	free(mounts);
	return status;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("sbx %s\n", SBX_VERSION);
		return 0;
	}
	if (strcmp(argv[1], "run") == 0)
		return cmd_run(argc - 1, argv + 1);
	/* The compatibility table (docs/syscalls.md is this with --markdown). */
	if (strcmp(argv[1], "--syscalls") == 0) {
		bool markdown = argc > 2 && strcmp(argv[2], "--markdown") == 0;
		if (argc > 3 || (argc == 3 && !markdown)) {
			usage(stderr);
			return 2;
		}
		compat_print(stdout, markdown);
		return fflush(stdout) == 0 ? 0 : 1;
	}
	sbx_msg("unknown command '%s'", argv[1]);
	usage(stderr);
	return 2;
}
