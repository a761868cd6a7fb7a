/* The sentry's entry point for the command line. */
#ifndef SBX_SENTRY_H
#define SBX_SENTRY_H

#include <stdbool.h>

#include "trace/trace_config.h"
#include "fuzz/fuzz_config.h"

/* A mount the command line adds to the sandbox's file tree. */
struct sentry_mount {
	enum { SENTRY_BIND, SENTRY_RO_BIND, SENTRY_TMPFS } kind;
	const char *source; /* host path (binds) */
	const char *dest;   /* path in the sandbox */
};

struct sentry_options {
	const char *program; /* host path of the executable, already looked up */
	const char *name;    /* the name the user gave, for messages */
	char **argv;         /* NULL-terminated */
	char **envp;         /* NULL-terminated */
	const char *platform; /* "ptrace" or "systrap" */
	bool no_syscall_patch; /* systrap: leave the guest's syscall instructions alone */
	bool debug;
	bool as_pid_1;
	/* --unconfined: the sentry keeps its host view and privileges (for
	 * debugging it; see sentry/confine/). */
	bool unconfined;
	/* --net=host: inet sockets are the host's (sentry/net/inet_host.c);
	 * else (--net=none) only the sandbox's own loopback exists. */
	bool net_host;
	int max_tasks;
	unsigned kill_after_ms; /* SIGTERM to sbx, then SIGKILL after this */
	/* The file tree: the host directory under / (NULL: the host's /), the
	 * mounts in command-line order, the start directory (NULL: sbx's). */
	const char *root_dir;
	const struct sentry_mount *mounts;
	int nmounts;
	const char *chdir;
	/* program is a bare name, to be looked up on the guest's PATH inside
	 * the sandbox (its view of the tree differs from the host's). */
	bool search_path;
	/* --uid, --gid: the ids of the first task (default: sbx's own). */
	bool set_uid, set_gid;
	unsigned uid, gid;
	/* --host-uid: the host ids every stub runs under (default, when sbx
	 * is root: nobody's); not set: sbx's own. */
	bool set_host_ids;
	unsigned host_uid, host_gid;
	/* --trace, -c, -o...: what the tracer shows (sentry/trace). */
	struct trace_config trace;
	/* Limits, reports, --deterministic, --fork-server (sentry/fuzz). */
	struct fuzz_config fuzz;
};

/* Run the program in a new sandbox until it exits; returns sbx's exit
 * status: the program's, 128+N when it died of signal N, 126 when it cannot
 * be executed, 127 when it does not exist. */
int sentry_run(const struct sentry_options *opt);

#endif
