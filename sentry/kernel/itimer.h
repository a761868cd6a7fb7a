/* Interval timers of a process (kernel/time/itimer.c). */
#ifndef SBX_ITIMER_H
#define SBX_ITIMER_H

#include <stdint.h>
#include <sys/time.h>

struct thread_group;

void itimer_real_get(struct thread_group *tg, struct itimerval *out);
/* Arm ITIMER_REAL to fire in @value_ns (0: disarm), then every
 * @interval_ns (0: once). */
void itimer_real_set(struct thread_group *tg, uint64_t value_ns, uint64_t interval_ns);
struct task;
/* ITIMER_VIRTUAL / ITIMER_PROF of @t's process: 0 or -errno. */
int itimer_cpu_set(struct task *t, int which, uint64_t value_ns, uint64_t interval_ns);
int itimer_cpu_get(struct task *t, int which, struct itimerval *out);
/* After execve (a new stub): arm the CPU timers again; they survive exec. */
void itimer_after_exec(struct task *t);
/* The process is gone: stop its timers. */
void itimer_exit(struct thread_group *tg);

#endif
