/* Advisory file locks, sandbox-wide (fs/locks.c): flock(2) locks owned by
 * an open file description, POSIX record locks (F_SETLK) owned by a
 * process, and OFD locks (F_OFD_SETLK) owned by an open file description. */
#ifndef SBX_LOCKS_H
#define SBX_LOCKS_H

#include <fcntl.h>

struct task;
struct file;
struct inode;
struct thread_group;
struct sbuf;

/* flock(2): 0, -EWOULDBLOCK, -EINVAL, or -SBX_BLOCK (wait and retry). */
long do_flock(struct task *t, struct file *f, int op);
/* fcntl F_GETLK, F_SETLK, F_SETLKW and the F_OFD_* forms on @fl (already
 * copied from the guest; F_GETLK fills it in).  0, -errno or -SBX_BLOCK. */
long do_posix_lock(struct task *t, struct file *f, int cmd, struct flock *fl);
/* A file description is gone: its flock and OFD locks go with it. */
void locks_release_file(struct file *f);
/* A process closed an fd of @ino (or exited): its POSIX locks on it go. */
void locks_release_posix(struct thread_group *tg, struct inode *ino);
/* /proc/locks: every lock, newest first, each followed by the requests
 * waiting for it (a generator of procfs.h). */
int locks_proc_gen(struct task *viewer, struct task *t, int arg, struct sbuf *b);

#endif
