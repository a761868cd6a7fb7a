/* What `sbx run` asks of the tracer (its options, as the command line
 * gave them; trace_setup checks them). */
#ifndef SBX_TRACE_CONFIG_H
#define SBX_TRACE_CONFIG_H

#include <stdbool.h>

struct trace_config {
	bool lines;	    /* --trace[=EXPR]: one line per syscall */
	bool summary;	    /* -c / -C: a per-syscall table at exit */
	const char *expr;   /* --trace=EXPR: which syscalls (NULL: all) */
	const char *out;    /* -o FILE (NULL: stderr) */
	int strsize;	    /* -s N: string bytes shown (0: 32) */
	const char *pids;   /* --trace-pid=N[,N...] (NULL: every task) */
	const char *events; /* --trace-events=cow,mm,signal,exec */
	bool json;	    /* --trace-format=json */
};

#endif
