/* Deterministic runs (sbx run --deterministic[=SEED]): the same program,
 * input and seed give the same output.
 *
 * - Time is virtual: CLOCK_MONOTONIC starts at DET_MONO_START, and
 *   CLOCK_REALTIME at DET_EPOCH, and they advance by DET_TICK_NS per
 *   syscall, and, when no guest thread runs or is ready to, straight to
 *   the next deadline (a sleep completes by advancing time).
 * - One guest thread runs at a time: a thread that stops in the sentry
 *   (a syscall, a fault) is put in a ready set, and when none runs the next
 *   is drawn from it by a seeded generator.  A thread that runs for
 *   DET_QUANTUM_NS of host time while others are ready is interrupted:
 *   programs that race without syscalls still interleave as the host
 *   decides.
 * - Random bytes come from the seed (random.h).
 * Outside this mode the functions here read the host's clocks. */
#ifndef SBX_DET_H
#define SBX_DET_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

struct task;

#define DET_MONO_START (100ULL * 1000000000ULL) /* 100 s, as after a boot */
#define DET_EPOCH      1704067200ULL            /* 2024-01-01T00:00:00Z */
#define DET_TICK_NS    1000ULL                  /* a syscall takes 1 us */
#define DET_QUANTUM_NS (20ULL * 1000000ULL)

extern bool det_enabled;

/* Enter the mode with @seed; call before anything reads the clocks (the
 * event loop's start time included).  0 or -errno. */
int det_init(uint64_t seed);
/* The virtual CLOCK_MONOTONIC, ns. */
uint64_t det_clock_ns(void);
/* A syscall was entered: time moves on by one tick. */
void det_syscall_tick(void);
/* @t is to go back to guest code: keep it in the ready set until it is
 * drawn (det_schedule). */
void det_defer_resume(struct task *t);
/* If no guest thread runs, draw one from the ready set and resume it. */
void det_schedule(void);
/* The event loop's wait (ns, -1: none) given the next deadline @wait: no
 * waiting for deadlines while a guest thread runs; when none runs, time
 * jumps to the deadline and the loop does not sleep. */
int64_t det_wait(int64_t wait);

/* CLOCK_REALTIME and CLOCK_BOOTTIME: the host's, or virtual. */
void clock_realtime(struct timespec *ts);
void clock_boottime(struct timespec *ts);

#endif
