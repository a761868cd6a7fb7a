/* The sbx command line: sbx run [OPTIONS] PROGRAM [ARGS...]. */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../sentry/sentry.h"
#include "../../util/log.h"

#ifndef SBX_VERSION
#define SBX_VERSION "0.1.0"
#endif

extern char **environ;

static void usage(FILE *out)
{
	fprintf(out,
		"usage: sbx run [OPTIONS] PROGRAM [ARGS...]\n"
		"       sbx --help | --version\n"
		"\n"
		"Run PROGRAM in a sandbox: its instructions run on the CPU, every system\n"
		"call it makes is carried out by sbx's own emulated kernel.\n"
		"\n"
		"options of run (they end at PROGRAM):\n"
		"  --platform=ptrace    how guest syscalls are caught (default: ptrace)\n"
		"  --as-pid-1           the program is pid 1 (default: pid 2 under a virtual init)\n"
		"  --max-tasks=N        at most N tasks (threads) at once; clone fails with\n"
		"                       EAGAIN beyond (default 4096)\n"
		"  -v, --debug          log the sentry's work to stderr\n"
		"  -h, --help           this text\n");
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

static int cmd_run(int argc, char **argv)
{
	struct sentry_options opt = {.platform = "ptrace", .max_tasks = 4096};
	static const struct option longopts[] = {
		{"platform", required_argument, NULL, 'p'},
		{"as-pid-1", no_argument, NULL, '1'},
		{"max-tasks", required_argument, NULL, 't'},
		{"debug", no_argument, NULL, 'v'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (strcmp(optarg, "ptrace") != 0) {
				sbx_msg("unknown platform '%s' (available: ptrace)", optarg);
				return 2;
			}
			opt.platform = optarg;
			break;
		case '1':
			opt.as_pid_1 = true;
			break;
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
		case 'v':
			opt.debug = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind >= argc) {
		sbx_msg("run: missing PROGRAM");
		usage(stderr);
		return 2;
	}
	char *prog = lookup(argv[optind]);
	if (!prog) {
		sbx_msg("%s: No such file or directory", argv[optind]);
		return 127;
	}
	opt.program = prog;
	opt.name = argv[optind];
	opt.argv = &argv[optind];
	opt.envp = environ;
	int status = sentry_run(&opt);
	free(prog);
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
	sbx_msg("unknown command '%s'", argv[1]);
	usage(stderr);
	return 2;
}
