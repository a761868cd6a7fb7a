/* The fuzzing options' start and end of a run (see fuzz.h). */
#include "fuzz.h"

#include <signal.h>
#include <string.h>

#include "../../util/log.h"

#include "../kernel/det.h"
#include "crash.h"
#include "limits.h"
#include "report.h"

static struct fuzz_config cfg;

int fuzz_init(const struct fuzz_config *c)
{
	cfg = *c;
	if (c->crash_report)
		crash_init(c->crash_report);
	if (c->deterministic && det_init(c->seed) < 0) {
		sbx_msg("cannot start deterministic mode");
		return -1;
	}
	int r = limits_init(c);
	if (r < 0) {
		sbx_msg("cannot start the limits' timers: %s", strerror(-r));
		return -1;
	}
	return 0;
}

void fuzz_root_created(struct thread_group *tg)
{
	limits_set_rlimits(tg);
}

bool fuzz_report_death(int sig)
{
	return !(sig == SIGKILL && limits_killer() >= 0);
}

int fuzz_end(int ws, int status)
{
	limits_finish();
	if (limits_fired(LIMIT_TIMEOUT))
		status = 124;
	if (cfg.report)
		report_write(cfg.report, ws, status);
	return status;
}
