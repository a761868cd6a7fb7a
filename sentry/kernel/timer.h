/* Deadline timers for the sentry's event loop: a binary heap ordered by
 * CLOCK_MONOTONIC deadline, whose earliest entry sets the epoll timeout. */
#ifndef SBX_TIMER_H
#define SBX_TIMER_H

#include <stdbool.h>
#include <stdint.h>

struct timer {
	uint64_t deadline_ns; /* CLOCK_MONOTONIC */
	void (*fn)(struct timer *);
	int heap_index; /* -1 when not armed */
};

void timer_init(struct timer *t, void (*fn)(struct timer *));
/* Arm (or re-arm) @t for @deadline_ns. 0 or -ENOMEM. */
int timer_arm(struct timer *t, uint64_t deadline_ns);
void timer_cancel(struct timer *t);
bool timer_armed(const struct timer *t);
/* Nanoseconds until the earliest deadline (0 if due), or -1 if none. */
int64_t timers_next_ns(uint64_t now);
/* Run the callbacks of every expired timer. */
void timers_run(uint64_t now);

#endif
