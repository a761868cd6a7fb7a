/* CPU placement of guest threads.
 *
 * A ptrace stop wakes the sentry; when the stopped thread and the sentry are
 * on different CPUs that wake-up is an inter-processor interrupt, which on a
 * virtual machine costs tens of microseconds, ten times the rest of the
 * round trip.  So the sentry stays on one CPU and guest threads that stop
 * often run there too: the stop hands the CPU straight to the sentry.  A
 * thread that runs guest code for long stretches would only take that CPU
 * from the others, so it is released to every CPU the sandbox may use, and
 * pinned again if it starts stopping often.  The decision follows an
 * average of the time the thread runs between stops, with hysteresis.
 */
#define _GNU_SOURCE
#include "ptrace_impl.h"

#include <sched.h>
#include <time.h>

#include "../../util/log.h"

#define PIN_BELOW_NS   (200 * 1000UL)  /* average run under 0.2 ms: pin */
#define UNPIN_ABOVE_NS (2000 * 1000UL) /* over 2 ms: release */

static cpu_set_t sentry_cpu, all_cpus;
static bool enabled;

static uint64_t mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

void affinity_init(void)
{
	if (sched_getaffinity(0, sizeof(all_cpus), &all_cpus) < 0 || CPU_COUNT(&all_cpus) < 2)
		return; /* one CPU: nothing to choose */
	int cpu = sched_getcpu();
	if (cpu < 0 || !CPU_ISSET(cpu, &all_cpus))
		return;
	CPU_ZERO(&sentry_cpu);
	CPU_SET(cpu, &sentry_cpu);
	/* The sentry and, through inheritance, every stub start on it. */
	if (sched_setaffinity(0, sizeof(sentry_cpu), &sentry_cpu) < 0)
		return;
	enabled = true;
	sbx_dbg("sentry on cpu %d", cpu);
}

bool affinity_enabled(void)
{
	return enabled;
}

bool affinity_pin(pid_t tid)
{
	return enabled && sched_setaffinity(tid, sizeof(sentry_cpu), &sentry_cpu) == 0;
}

bool affinity_release(pid_t tid)
{
	return enabled && sched_setaffinity(tid, sizeof(all_cpus), &all_cpus) == 0;
}

bool affinity_away(pid_t tid)
{
	if (!enabled)
		return false;
	cpu_set_t others;
	CPU_XOR(&others, &all_cpus, &sentry_cpu);
	return CPU_COUNT(&others) > 0 && sched_setaffinity(tid, sizeof(others), &others) == 0;
}

void affinity_resumed(struct ctx *c)
{
	if (enabled)
		c->resumed_ns = mono_ns();
}

void affinity_stopped(struct ctx *c)
{
	if (!enabled || !c->resumed_ns)
		return;
	uint64_t run = mono_ns() - c->resumed_ns;
	c->resumed_ns = 0;
	c->avg_run_ns = (c->avg_run_ns * 7 + run) / 8;
	if (!c->pinned && c->avg_run_ns < PIN_BELOW_NS) {
		if (sched_setaffinity(c->tid, sizeof(sentry_cpu), &sentry_cpu) == 0)
			c->pinned = true;
	} else if (c->pinned && c->avg_run_ns > UNPIN_ABOVE_NS) {
		if (sched_setaffinity(c->tid, sizeof(all_cpus), &all_cpus) == 0)
			c->pinned = false;
	}
}
