/* Helpers shared by the hostile-guest tests: the run's mark, and attempts
 * reported on stdout (for a human reading a failure; the harness checks the
 * host, not this output). */
#ifndef HOSTILE_H
#define HOSTILE_H

#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The run's mark: every file a test tries to create on the host carries it
 * in its name, so the harness can look for it. */
static inline const char *mark(void)
{
	const char *m = getenv("SBX_HOSTILE_MARK");
	return m && *m ? m : "sbxmark-unset";
}

/* "NAME: ok" or "NAME: ERRNO" for a call's result. */
static inline void tried(const char *what, long r)
{
	if (r < 0)
		printf("%s: %s\n", what, strerrorname_np(errno) ? strerrorname_np(errno) : "?");
	else
		printf("%s: %ld\n", what, r);
	fflush(stdout);
}

#endif
