/* Shared by sys_socket.c and sys_sockmsg.c. */
#ifndef SBX_SYS_SOCKET_H
#define SBX_SYS_SOCKET_H

#include <stdint.h>
#include <sys/socket.h>

struct task;
struct file;
struct sock;
struct sock_io;

/* SOCK_TYPE_MASK of <linux/net.h>. */
#define SOCK_TYPE_MASK_ 0xf

/* t->sc.progress of a socket call: bytes of the message under way, the
 * messages done (sendmmsg, recvmmsg), and whether a timeout applies. */
#define PROG_BYTES(p) ((p) & ((1ULL << 40) - 1))
#define PROG_MSGS(p)  (((p) >> 40) & 0xffffULL)
#define PROG_MSG_ONE  (1ULL << 40)
#define PROG_TIMEO    (1ULL << 62)

/* The sock of @fd: -EBADF or -ENOTSOCK in *err; the file in *fp. */
struct sock *sockfd_lookup(struct task *t, int fd, struct file **fp, int *err);
/* move_addr_to_kernel / move_addr_to_user. */
int sock_copy_addr_in(struct task *t, uint64_t uaddr, int64_t len, struct sockaddr_storage *a);
int sock_copy_addr_out(struct task *t, const struct sockaddr_storage *a, socklen_t klen,
		       uint64_t uaddr, uint64_t ulen);
/* An operation said -EAGAIN: sleep on the queues it named (or the
 * socket's), up to @timeo ns (-1: forever), or give @on_timeout. */
long sock_block(struct task *t, struct sock *sk, struct sock_io *io, int64_t timeo,
		long on_timeout);

#endif
