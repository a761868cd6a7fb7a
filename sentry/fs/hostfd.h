/* Host file descriptors passed through to the guest: the stdio fds sbx
 * inherited.  The sentry never blocks on them: pipes and terminals are
 * reopened privately non-blocking (through /proc/self/fd) and waited for
 * with the event loop's epoll; sockets use MSG_DONTWAIT; regular files and
 * other unpollable files are always ready. */
#ifndef SBX_HOSTFD_H
#define SBX_HOSTFD_H

struct file;

/* Wrap host @fd (which stays open and owned by the caller) as a guest
 * file.  NULL with errno on failure (EBADF: @fd is not open). */
struct file *hostfd_import(int fd);
/* The host fd behind a hostfd file, or -1 if @f is not one. */
int hostfd_host_fd(struct file *f);

#endif
