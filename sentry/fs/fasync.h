/* Signal-driven I/O (fs/fcntl.c: f_setown, f_getown, fasync_helper,
 * kill_fasync): the owner F_SETOWN gives an open file, the signal F_SETSIG
 * picks, and, while O_ASYNC is set on a file that can tell (a pipe, a
 * socket, a terminal), that signal to the owner whenever the file's
 * readiness changes. */
#ifndef SBX_FASYNC_H
#define SBX_FASYNC_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct file;
struct task;

/* F_SETOWN_EX's types (F_OWNER_TID, F_OWNER_PID, F_OWNER_PGRP); @pid 0
 * takes the owner away.  0, -EINVAL or -ESRCH (no such thread, process
 * or group). */
int fasync_setown(struct task *t, struct file *f, int type, pid_t pid);
/* The owner as F_GETOWN_EX gives it: type and pid (0 when none). */
void fasync_getown(const struct file *f, int *type, pid_t *pid);
/* F_SETSIG (0: SIGIO without a siginfo of its own) and F_GETSIG. */
int fasync_setsig(struct file *f, int sig);
int fasync_getsig(const struct file *f);
/* O_ASYNC was set (@on) or cleared on @f through fd @fd (which si_fd
 * names): start or stop watching a file that can tell (@can). */
void fasync_set(struct file *f, int fd, bool on, bool can);
/* Whether @f can tell of its readiness (Linux's ->fasync): a pipe or FIFO,
 * a socket, a terminal. */
bool fasync_capable(struct file *f);
/* Urgent data came to socket @f (sk_send_sigurg): SIGURG to its owner,
 * if it has one. */
void fasync_send_sigurg(struct file *f);
/* F_NOTIFY on @f through fd @fd of fd table @owner: 0, -ENOTDIR,
 * -ENOMEM. */
int dnotify_fcntl(struct task *t, struct file *f, const void *owner, int fd, unsigned long arg);
/* Fd table @owner closed an fd of @f (NULL: every table, @f goes). */
void dnotify_flush(struct file *f, const void *owner);
/* An inotify event @mask about directory @dir or an entry of it; and how
 * many F_NOTIFY interests there are (the hooks run while there are). */
struct inode;
void dnotify_event(const struct inode *dir, uint32_t mask);
extern int dnotify_count;
/* @f is going away. */
void fasync_release(struct file *f);

#endif
