/* Host file descriptors passed through to the guest: the stdio fds sbx
 * inherited.  The sentry never blocks on them: pipes and terminals are
 * reopened privately non-blocking (through /proc/self/fd) and waited for
 * with the event loop's epoll; sockets use MSG_DONTWAIT; regular files and
 * other unpollable files are always ready. */
#ifndef SBX_HOSTFD_H
#define SBX_HOSTFD_H

#include <stdbool.h>

struct file;

/* Wrap host @fd (which stays open and owned by the caller) as a guest
 * file.  NULL with errno on failure (EBADF: @fd is not open). */
struct file *hostfd_import(int fd);
/* Make @f, being opened, a passthrough of host @fd (taken over: closed with
 * the file; opened non-blocking by the caller, as the sentry never blocks
 * on it).  @counted: writes are sbx's output (the terminal it runs on), and
 * --max-output counts them.  @on_release, if set, is called with @arg when
 * the file goes.  0 or -errno. */
int hostfd_open_file(struct file *f, int fd, bool counted, void (*on_release)(void *arg),
		     void *arg);
/* The host fd behind a hostfd file, or -1 if @f is not one. */
int hostfd_host_fd(struct file *f);

#endif
