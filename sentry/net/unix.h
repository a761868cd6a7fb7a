/* Unix domain sockets, shared between unix.c (names, connections) and
 * unix_msg.c (queues, send and receive). */
#ifndef SBX_NET_UNIX_H
#define SBX_NET_UNIX_H

#include <bsd/sys/queue.h>
#include <sys/un.h>
#include <time.h>

#include "../fs/vfs.h"
#include "socket.h"

/* sk_state as af_unix uses it. */
enum { US_CLOSE, US_LISTEN, US_ESTABLISHED };

/* A bound name: the whole sockaddr_un as getsockname gives it. */
struct unix_addr {
	int refs;
	socklen_t len;
	union {
		struct sockaddr_un sun;
		struct sockaddr_storage ss; /* a full 108-byte path and its NUL */
	};
};

/* One message (an skb): stream data is consumed from off on. */
struct unix_skb {
	TAILQ_ENTRY(unix_skb) link;
	struct unix_sock *from; /* referenced: charged for wmem */
	struct unix_addr *addr; /* the sender's name when sent, or NULL */
	char *data;
	size_t len, off, charge;
	struct ucred cred;
	struct file **fds;
	int nfds;
	struct timespec tstamp; /* when it was queued (SO_TIMESTAMP) */
};

struct unix_sock {
	struct sock sk;
	int state;
	struct unix_sock *peer; /* referenced */
	struct unix_addr *addr;
	struct path path; /* the socket file of a filesystem name */
	TAILQ_HEAD(, unix_skb) rq;
	size_t rq_bytes;
	unsigned rq_len;
	size_t wmem; /* bytes of ours still queued somewhere */
	/* Listening: connections not yet accepted (their server ends). */
	TAILQ_HEAD(, unix_sock) accq;
	unsigned acc_len;
	int backlog;
	TAILQ_ENTRY(unix_sock) acc_link;
	LIST_ENTRY(unix_sock) bound_link;
	bool bound;   /* in the table of names */
	bool has_oob; /* an out-of-band byte (MSG_OOB) waits */
	char oob;
	bool dead; /* its file is closed */
};

static inline struct unix_sock *unix_sk(struct sock *sk)
{
	return (struct unix_sock *)sk;
}

/* unix_msg.c */
ssize_t unix_sendmsg(struct sock_io *io, struct sock *sk, struct sock_msg *m);
ssize_t unix_recvmsg(struct sock_io *io, struct sock *sk, struct sock_msg *m);
void unix_skb_free(struct unix_skb *skb);
/* Bytes the next read would see (FIONREAD), bytes we have queued (SIOCOUTQ). */
int unix_inq(struct unix_sock *u);
/* Is the sender's budget (SO_SNDBUF) spent? */
bool unix_wmem_full(const struct unix_sock *u);

/* unix.c */
/* The socket bound to @a (a validated address), for a message or a
 * connection of @type: a new reference, or -ENOENT, -ECONNREFUSED,
 * -EPROTOTYPE, -EACCES... */
int unix_find(struct task *t, const struct sockaddr_un *a, socklen_t len, int type,
	      struct unix_sock **out);
int unix_autobind(struct unix_sock *u);
void unix_addr_put(struct unix_addr *a);
/* Check a sockaddr_un from the guest (unix_validate_addr). */
int unix_validate(const struct sockaddr_storage *a, socklen_t len);

#endif
