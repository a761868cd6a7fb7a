/* What `sbx run` does for fuzzing around the sandbox's life: limits,
 * reports, crash reports, deterministic runs (sentry/fuzz). */
#ifndef SBX_FUZZ_H
#define SBX_FUZZ_H

#include "fuzz_config.h"

struct thread_group;

/* Set up what @c asks for; call after sched_init, before the program is
 * loaded.  0, or -1 after a `sbx:` message. */
int fuzz_init(const struct fuzz_config *c);
/* The program's process @tg exists (its rlimits are set here). */
void fuzz_root_created(struct thread_group *tg);
/* Should sbx say that the program died of signal @sig?  Not when a limit
 * killed it: that limit's own line said so. */
bool fuzz_report_death(int sig);
/* The run is over: the program's wait status @ws (-1: it never ran) and
 * sbx's exit status @status.  Writes --report and --crash-report; returns
 * the status sbx exits with (124 after --timeout, as timeout(1)). */
int fuzz_end(int ws, int status);

#endif
