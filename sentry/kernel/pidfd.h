/* pidfds (kernel/pid.c, fs/pidfs.c): a file that stands for a process;
 * readable once the process has exited. */
#ifndef SBX_PIDFD_H
#define SBX_PIDFD_H

struct task;
struct thread_group;
struct file;

/* Install a pidfd for @tg in @t's fd table (close-on-exec), with the
 * O_NONBLOCK of @flags.  The fd or -errno (EMFILE). */
int pidfd_create(struct task *t, struct thread_group *tg, unsigned int flags);
/* The process behind a pidfd file, or NULL if @f is not one. */
struct thread_group *pidfd_tg(struct file *f);

#endif
