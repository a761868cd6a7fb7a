/* Sockets in the sentry (net/socket.c, include/net/sock.h in miniature).
 *
 * A struct sock is one endpoint, owned by the family that made it (unix.c,
 * inet_loop.c, inet_host.c) through struct sock_ops; a socket file (struct
 * file) holds one reference to it.  The syscall layer (sys_socket.c) copies
 * arguments, handles the SOL_SOCKET options every family shares
 * (sock_setsockopt), and does the waiting: an operation that cannot go on
 * returns -EAGAIN after naming the wait queues it would sleep on
 * (sock_wait), and the caller either reports EAGAIN (non-blocking) or
 * sleeps there and runs the syscall again from the top.
 */
#ifndef SBX_SOCKET_H
#define SBX_SOCKET_H

#include <bsd/sys/queue.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "../kernel/wait.h"

struct task;
struct file;
struct uio;
struct poll_table;
struct sock;

/* sk->shutdown bits (include/net/sock.h). */
#define RCV_SHUTDOWN  1
#define SEND_SHUTDOWN 2
#define SHUTDOWN_MASK 3

/* One call's context: who asks, with which MSG_* flags, and whether it may
 * sleep (a blocking socket without MSG_DONTWAIT). */
struct sock_io {
	struct task *t;
	int flags;
	bool nonblock;
	bool queued; /* an operation named a wait queue (sock_wait) */
	bool rerun;  /* the syscall runs again after a wait */
};

/* An operation that cannot go on now names where it would wait, then
 * returns -EAGAIN.  Nothing is queued for a non-blocking call. */
void sock_wait(struct sock_io *io, struct waitqueue *wq);

/* A message of sendmsg/recvmsg, in the sentry's terms. */
struct sock_msg {
	struct uio *uio;
	/* sendto's destination / recvfrom's source; addrlen 0: none. */
	struct sockaddr_storage addr;
	socklen_t addrlen;
	/* send: SCM_RIGHTS files (referenced) and SCM_CREDENTIALS. */
	struct file **fds;
	int nfds;
	bool has_creds;
	struct ucred creds;
	/* recv: the guest's control buffer, what was written, and flags. */
	uint64_t control;
	size_t controllen, control_used;
	int flags_out;
	bool cmsg_cloexec;
	/* send: raw control bytes for a host socket (--net=host). */
	void *raw_control;
	size_t raw_controllen;
};

struct sock_ops {
	int (*bind)(struct task *t, struct sock *sk, const struct sockaddr_storage *a,
		    socklen_t len);
	/* 0, -errno, -EINPROGRESS, or -EAGAIN after sock_wait. */
	int (*connect)(struct sock_io *io, struct sock *sk, const struct sockaddr_storage *a,
		       socklen_t len);
	int (*listen)(struct task *t, struct sock *sk, int backlog);
	/* *out: a new reference, not yet in a file. */
	int (*accept)(struct sock_io *io, struct sock *sk, struct sock **out);
	/* Bytes sent (possibly fewer than asked, for streams), or -errno. */
	ssize_t (*sendmsg)(struct sock_io *io, struct sock *sk, struct sock_msg *m);
	ssize_t (*recvmsg)(struct sock_io *io, struct sock *sk, struct sock_msg *m);
	int (*shutdown)(struct sock *sk, int how);
	int (*getname)(struct sock *sk, struct sockaddr_storage *a, socklen_t *len, bool peer);
	/* Options of the protocol's levels, and SOL_SOCKET ones the family
	 * wants first (-ENOPROTOOPT: not its own; the generic code goes on). */
	int (*setsockopt)(struct task *t, struct sock *sk, int level, int name, const void *val,
			  socklen_t len);
	int (*getsockopt)(struct task *t, struct sock *sk, int level, int name, void *val,
			  socklen_t *len);
	unsigned (*poll)(struct sock *sk, struct poll_table *pt);
	long (*ioctl)(struct task *t, struct sock *sk, unsigned cmd, uint64_t arg);
	/* The socket file is closed (the last fd and in-flight copy). */
	void (*release)(struct sock *sk);
	/* The last reference: free everything (sk included). */
	void (*destroy)(struct sock *sk);
};

struct sock {
	int refs;
	int family, type, protocol;
	const struct sock_ops *ops;
	struct file *file; /* not referenced; NULL when not in a file */
	struct waitqueue wq;
	unsigned shutdown;  /* RCV_SHUTDOWN | SEND_SHUTDOWN */
	int err;	    /* pending error: SO_ERROR, the next call */
	bool listening;	    /* SO_ACCEPTCONN */
	int sndbuf, rcvbuf; /* as SO_SNDBUF / SO_RCVBUF show them (doubled) */
	int rcvlowat;
	int64_t rcvtimeo, sndtimeo; /* ns; -1: none (wait forever), 0: do not wait */
	bool reuseaddr, reuseport, keepalive, broadcast, oobinline, passcred, dontroute;
	bool passsec;
	/* SO_TIMESTAMP(NS)(_NEW): SOCK_RCVTSTAMP, SOCK_RCVTSTAMPNS, SOCK_TSTAMP_NEW */
	bool rcvtstamp, rcvtstampns, tstamp_new;
	int linger_onoff, linger_sec;
	int priority, mark;
	bool has_peercred;
	struct ucred peercred; /* SO_PEERCRED */
	uid_t uid;	       /* owner, for fstat */
	gid_t gid;
	uint64_t ino;
};

/* Host network settings the sockets follow (/proc/sys/net, read once). */
struct net_params {
	int wmem_default, rmem_default, wmem_max, rmem_max, optmem_max;
	int somaxconn, max_dgram_qlen;
	int tcp_wmem, tcp_rmem; /* the defaults (middle values) */
	int port_lo, port_hi;	/* ip_local_port_range */
	int unpriv_port;	/* ip_unprivileged_port_start */
};
const struct net_params *net_params(void);

/* --net: how inet sockets reach the world. */
enum net_mode { NET_NONE, NET_HOST };
extern enum net_mode net_mode;

/* A new sock of @size bytes (the family's struct, sock first), with one
 * reference and the defaults of SOL_SOCKET options; NULL on ENOMEM. */
struct sock *sock_alloc(size_t size, const struct sock_ops *ops, int family, int type, int protocol,
			struct task *t);
void sock_get(struct sock *sk);
void sock_put(struct sock *sk);
/* A socket file for @sk (taking over the caller's reference) with
 * O_NONBLOCK from @flags: NULL on ENOMEM (the reference is dropped). */
struct file *sock_file(struct sock *sk, unsigned flags);
/* The sock of a socket file, or NULL. */
struct sock *sock_of(const struct file *f);
/* The task's credentials as SCM_CREDENTIALS / SO_PEERCRED give them. */
struct ucred sock_cred_of(struct task *t);
/* Take the pending error (SO_ERROR). */
int sock_error(struct sock *sk);
/* SIGPIPE for a failed stream send, unless MSG_NOSIGNAL. */
void sock_sigpipe(struct sock_io *io);

/* Families. */
int unix_create(struct task *t, int type, int protocol, struct sock **out);
int unix_socketpair(struct task *t, int type, int protocol, struct sock **a, struct sock **b);
int inet_loop_create(struct task *t, int family, int type, int protocol, struct sock **out);
int inet_host_create(struct task *t, int family, int type, int protocol, struct sock **out);
/* NETLINK_ROUTE, answering for the sandbox's interfaces (netlink.c). */
int netlink_create(struct task *t, int type, int protocol, struct sock **out);
/* The interface ioctls (SIOCGIFINDEX, SIOCGIFCONF...) any socket takes;
 * -ENOTTY for other commands. */
long netdev_ioctl(struct task *t, unsigned cmd, uint64_t arg);

/* Receiving control messages (socket.c): add one (cmsg level/type/data),
 * or install @n files as SCM_RIGHTS (the references are consumed: files
 * that do not fit are dropped, with MSG_CTRUNC). */
void sock_put_cmsg(struct task *t, struct sock_msg *m, int level, int type, const void *data,
		   size_t len);
void sock_put_fds(struct task *t, struct sock_msg *m, struct file **files, int n);
/* The arrival time @ts of what a receive took, as SO_TIMESTAMP and its
 * kin ask (__sock_recv_timestamp); nothing when they do not. */
struct timespec;
void sock_put_timestamp(struct task *t, struct sock *sk, struct sock_msg *m,
			const struct timespec *ts);

/* The common SOL_SOCKET options: 0, -errno, or -ENOPROTOOPT. */
int sock_setsockopt(struct task *t, struct sock *sk, int name, const void *val, socklen_t len);
int sock_getsockopt(struct task *t, struct sock *sk, int name, void *val, socklen_t *len);

#endif
