/* eventfd, timerfd and signalfd files (fs/eventfd.c, fs/timerfd.c,
 * fs/signalfd.c): counters and clocks that poll/select/epoll can wait on. */
#ifndef SBX_EVENTFD_H
#define SBX_EVENTFD_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

struct file;
struct task;
struct thread_group;

/* A new eventfd with @count, O_NONBLOCK from @flags, EFD_SEMAPHORE
 * semantics when @semaphore.  NULL on ENOMEM. */
struct file *eventfd_create(uint64_t count, bool semaphore, unsigned flags);

bool is_eventfd(const struct file *f);
/* Add @n to an eventfd's count, as eventfd_signal (the count stops short
 * of overflowing) and wake its readers. */
void eventfd_add(struct file *f, uint64_t n);

/* A new timerfd on @clockid (already checked), O_NONBLOCK from @flags. */
struct file *timerfd_new(int clockid, unsigned flags);
bool is_timerfd(const struct file *f);
/* timerfd_settime: arm or disarm with @value/@interval (validated), the
 * old setting in @old (as timerfd_gettime gives it). */
int timerfd_set(struct file *f, int flags, const struct itimerspec *new, struct itimerspec *old);
void timerfd_get(struct file *f, struct itimerspec *cur);
/* TFD_IOC_SET_TICKS. */
void timerfd_set_ticks(struct file *f, uint64_t ticks);

/* A new signalfd for @mask (SIGKILL and SIGSTOP already removed). */
struct file *signalfd_create(struct task *t, uint64_t mask, unsigned flags);
bool is_signalfd(const struct file *f);
void signalfd_set_mask(struct file *f, uint64_t mask);
/* Signals were queued for @t or its process: wake the signalfds that wait
 * for them.  (The signal code may call this on every queued signal; until
 * it does, a short timer watches the pending sets while anyone waits.) */
void signalfd_notify(struct task *t);

#endif
