/* The sentry's entry point for the command line. */
#ifndef SBX_SENTRY_H
#define SBX_SENTRY_H

#include <stdbool.h>

struct sentry_options {
	const char *program; /* host path of the executable, already looked up */
	const char *name;    /* the name the user gave, for messages */
	char **argv;         /* NULL-terminated */
	char **envp;         /* NULL-terminated */
	const char *platform; /* "ptrace" */
	bool debug;
	bool as_pid_1;
	int max_tasks;
};

/* Run the program in a new sandbox until it exits; returns sbx's exit
 * status: the program's, 128+N when it died of signal N, 126 when it cannot
 * be executed, 127 when it does not exist. */
int sentry_run(const struct sentry_options *opt);

#endif
