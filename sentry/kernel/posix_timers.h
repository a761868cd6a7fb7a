/* POSIX interval timers of a process (kernel/time/posix-timers.c):
 * timer_create and friends, on the sentry's deadline heap. */
#ifndef SBX_POSIX_TIMERS_H
#define SBX_POSIX_TIMERS_H

#include <signal.h>
#include <stdint.h>
#include <time.h>

struct task;
struct thread_group;

/* timer_create: a new timer of @t's process on @clk; @ev NULL is
 * SIGEV_SIGNAL with SIGALRM.  The timer id or -errno. */
long posix_timer_create(struct task *t, clockid_t clk, const struct sigevent *ev);
/* timer_settime / timer_gettime / timer_getoverrun / timer_delete:
 * -EINVAL for an id the process has no timer with. */
long posix_timer_settime(struct task *t, int id, int flags, const struct itimerspec *new,
			 struct itimerspec *old);
long posix_timer_gettime(struct task *t, int id, struct itimerspec *cur);
long posix_timer_getoverrun(struct task *t, int id);
long posix_timer_delete(struct task *t, int id);
/* A timer's signal @info was dequeued: timer_getoverrun reports its
 * si_overrun from now on (posixtimer_rearm). */
void posix_timer_dequeued(struct thread_group *tg, const siginfo_t *info);
/* Every timer of @tg goes (exit and execve: exit_itimers). */
void posix_timers_exit(struct thread_group *tg);

#endif
