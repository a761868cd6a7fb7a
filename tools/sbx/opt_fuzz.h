/* sbx run's options for limits, reports, deterministic runs and the fork
 * server: their getopt entries, parsing and usage lines. */
#ifndef SBX_OPT_FUZZ_H
#define SBX_OPT_FUZZ_H

#include <getopt.h>
#include <stdio.h>

#include "../../sentry/fuzz/fuzz_config.h"

enum {
	OPT_FUZZ_FIRST = 2000,
	OPT_MEMORY = OPT_FUZZ_FIRST,
	OPT_CPU_TIME,
	OPT_TIMEOUT,
	OPT_MAX_OUTPUT,
	OPT_MAX_FILE_SIZE,
	OPT_MAX_FDS,
	OPT_REPORT,
	OPT_CRASH_REPORT,
	OPT_DETERMINISTIC,
	OPT_FORK_SERVER,
	OPT_SNAPSHOT_AT,
	OPT_FUZZ_LAST = OPT_SNAPSHOT_AT,
};

/* The entries for getopt_long's table. */
#define FUZZ_LONGOPTS                                                                              \
	{"memory", required_argument, NULL, OPT_MEMORY},                                           \
		{"cpu-time", required_argument, NULL, OPT_CPU_TIME},                               \
		{"timeout", required_argument, NULL, OPT_TIMEOUT},                                 \
		{"max-output", required_argument, NULL, OPT_MAX_OUTPUT},                           \
		{"max-file-size", required_argument, NULL, OPT_MAX_FILE_SIZE},                     \
		{"max-fds", required_argument, NULL, OPT_MAX_FDS},                                 \
		{"report", required_argument, NULL, OPT_REPORT},                                   \
		{"crash-report", required_argument, NULL, OPT_CRASH_REPORT},                       \
		{"deterministic", optional_argument, NULL, OPT_DETERMINISTIC},                     \
		{"fork-server", no_argument, NULL, OPT_FORK_SERVER},                               \
		{"snapshot-at", required_argument, NULL, OPT_SNAPSHOT_AT}

/* Defaults: no limits, inherited rlimits, no reports. */
void fuzz_config_init(struct fuzz_config *c);
/* Apply option @opt (one of OPT_*) with @arg; 0, or -1 after a `sbx:`
 * message (the command line is wrong: sbx exits with 2). */
int fuzz_option(struct fuzz_config *c, int opt, const char *arg);
/* The usage lines of these options. */
void fuzz_usage(FILE *out);

#endif
