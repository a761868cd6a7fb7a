/* What `sbx run` asks for its limits, reports, deterministic runs and the
 * fork server (the options, as the command line parsed them). */
#ifndef SBX_FUZZ_CONFIG_H
#define SBX_FUZZ_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

enum snapshot_at {
	SNAPSHOT_FIRST_READ, /* the program's first read of its standard input */
	SNAPSHOT_ENTRY,      /* its first instruction, before the dynamic linker */
};

struct fuzz_config {
	/* Limits; 0 (or -1 where said) means none. */
	uint64_t memory;         /* --memory: bytes of the memory file in use */
	uint64_t cpu_time_ms;    /* --cpu-time: guest CPU over all tasks */
	uint64_t timeout_ms;     /* --timeout: wall clock */
	int64_t max_output;      /* --max-output: bytes to the host's stdout/stderr; -1: none */
	int64_t max_file_size;   /* --max-file-size: RLIMIT_FSIZE, bytes; -1: inherited */
	int64_t max_fds;         /* --max-fds: RLIMIT_NOFILE; -1: inherited */
	const char *report;      /* --report FILE: a JSON summary at exit */
	const char *crash_report; /* --crash-report FILE: JSON when a fault signal kills */
	/* --deterministic[=SEED]. */
	bool deterministic;
	uint64_t seed;
	/* --fork-server [--snapshot-at=...]. */
	bool fork_server;
	enum snapshot_at snapshot_at;
};

#endif
