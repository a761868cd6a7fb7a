/* The sandbox's own loopback network (--net=none): TCP and UDP between
 * guest sockets, carried by the sentry.  inet_loop.c keeps addresses,
 * ports and connections; inet_loop_msg.c moves the data. */
#ifndef SBX_NET_INET_LOOP_H
#define SBX_NET_INET_LOOP_H

#include <bsd/sys/queue.h>
#include <netinet/in.h>
#include <time.h>

#include "socket.h"

enum { URG_NONE, URG_VALID, URG_READ };

/* sk_state as TCP and UDP use it. */
enum { TS_CLOSE, TS_LISTEN, TS_SYN_SENT, TS_ESTABLISHED };
/* socket->state: where connect(2) stands. */
enum { SS_UNCONNECTED, SS_CONNECTING, SS_CONNECTED };

/* A segment (TCP, consumed from off on) or a datagram (UDP). */
struct inet_seg {
	TAILQ_ENTRY(inet_seg) link;
	char *data;
	size_t len, off;
	struct in6_addr from; /* UDP: the sender (v4 mapped) */
	uint16_t from_port;
	/* UDP: where it was sent, and the header fields its ancillary data
	 * shows: TTL and TOS (IPv4), or hop limit and traffic class. */
	struct in6_addr to;
	uint16_t to_port;
	int ttl, tos;
	struct timespec tstamp; /* when it was queued (SO_TIMESTAMP) */
	/* In the error queue (IP_RECVERR): from is where the datagram was
	 * going, to where the ICMP error came from. */
	int ee_errno;
	uint8_t ee_origin, ee_type, ee_code;
};

struct inet_sock {
	struct sock sk;
	int state, sstate;
	bool v6, v6only, udp;
	bool bound;	/* holds lport (in the table) */
	bool user_port; /* bind(2) chose the port: kept on disconnect (BINDPORT_LOCK) */
	bool user_addr; /* bind(2) chose the address (BINDADDR_LOCK) */
	struct in6_addr laddr, raddr; /* v4 addresses mapped (::ffff:a.b.c.d) */
	uint16_t lport, rport;	      /* host order */
	struct inet_sock *peer;	      /* TCP: the other end, referenced */
	bool done;		      /* a FIN came (SOCK_DONE) */
	bool peer_gone;		      /* the peer closed: our next segment is reset */
	/* TCP urgent data (tcp_urg, tcp_recv_urg): the stream positions of
	 * what came and what was read, and the urgent byte's. */
	uint64_t rcv_seq, copied_seq, urg_seq;
	int urg_state; /* URG_NONE, URG_VALID (urg_byte to take), URG_READ */
	unsigned char urg_byte;
	TAILQ_HEAD(inet_seg_q, inet_seg) rq;
	size_t rq_bytes;
	unsigned rq_len;
	/* Listening: connections to accept, and connects waiting for room. */
	TAILQ_HEAD(, inet_sock) accq, synq;
	unsigned acc_len;
	int backlog;
	TAILQ_ENTRY(inet_sock) q_link; /* in a listener's accq or synq */
	struct inet_sock *listener;    /* SYN_SENT on a full backlog: whose synq */
	LIST_ENTRY(inet_sock) bind_link;
	/* Protocol options, recorded and given back. */
	int nodelay, cork, keepidle, keepintvl, keepcnt, maxseg, quickack, user_timeout;
	int defer_accept, notsent_lowat, linger2, window_clamp, syncnt, fastopen;
	int ttl, tos, recverr, pktinfo, mtu_discover, freebind, transparent, hoplimit;
	int recvtos, recvttl, multicast_loop, multicast_ttl, tclass, recvpktinfo;
	int origdstaddr, recvhoplimit, recvtclass, rx2292pktinfo, rx2292hoplimit;
	int recvorigdstaddr6, recverr6;
	/* The error queue (MSG_ERRQUEUE): ICMP errors for IP_RECVERR. */
	TAILQ_HEAD(, inet_seg) errq;
	size_t errq_bytes;
	unsigned errq_len;
	int udp_cork;
	/* UDP-Lite: the coverage of sent and required of received
	 * datagrams, when set (UDPLITE_SEND_CC, UDPLITE_RECV_CC). */
	int pcslen, pcrlen;
	bool pcs_set, pcr_set;
};

static inline struct inet_sock *inet_sk(struct sock *sk)
{
	return (struct inet_sock *)sk;
}

/* inet_loop_msg.c */
ssize_t inet_loop_sendmsg(struct sock_io *io, struct sock *sk, struct sock_msg *m);
ssize_t inet_loop_recvmsg(struct sock_io *io, struct sock *sk, struct sock_msg *m);
void inet_seg_free(struct inet_seg *s);
/* May a TCP sender put more into @to's queue? */
bool inet_tcp_room(const struct inet_sock *to);
/* TCP: is the next byte to read the urgent mark, and the byte out of the
 * stream (it does not count as data there)? */
bool inet_at_urg_hole(const struct inet_sock *s);
/* TCP: the bytes a read could take before the urgent mark (SIOCINQ). */
size_t inet_tcp_inq(const struct inet_sock *s);
/* Empty @s's error queue. */
void inet_purge_errq(struct inet_sock *s);

/* inet_opts.c: the levels other than SOL_SOCKET. */
/* The IP and IPv6 control messages of a UDP send (ip_cmsg_send,
 * ip6_datagram_send_ctl) for a datagram that goes as IPv4 (@v4) or IPv6:
 * checked, and what they set (-1 where they set nothing). */
struct inet_cmsgs {
	int ttl, tos; /* hop limit and traffic class for IPv6 */
	bool has_src;
	struct in6_addr src; /* IP_PKTINFO's ipi_spec_dst, IPV6_PKTINFO's address */
	int ifindex;
};
int inet_send_cmsgs(struct task *t, struct inet_sock *s, const struct sock_msg *m, bool v4,
		    struct inet_cmsgs *c);
/* The ancillary data a UDP receive gives with @g (ip_cmsg_recv_offset,
 * ip6_datagram_recv_ctl), as @s asks. */
void inet_recv_cmsgs(struct task *t, struct inet_sock *s, const struct inet_seg *g,
		     struct sock_msg *m);
int inet_setsockopt(struct task *t, struct sock *sk, int level, int name, const void *val,
		    socklen_t len);
int inet_getsockopt(struct task *t, struct sock *sk, int level, int name, void *val,
		    socklen_t *len);

/* inet_addr.c */
bool inet_is_v4(const struct in6_addr *a);
uint32_t inet_v4_of(const struct in6_addr *a);
struct in6_addr inet_mapped(uint32_t host_order);
bool inet_is_any(const struct in6_addr *a);
/* Do two bound sockets take a common address? */
bool inet_overlap(const struct inet_sock *x, const struct inet_sock *y);
/* Does @s take traffic for @dst?  2: exactly, 1: as a wildcard, 0: no. */
int inet_accepts(const struct inet_sock *s, const struct in6_addr *dst);
/* A sockaddr from the guest: the address (v4 mapped) and port; @bind:
 * bind's rules. */
int inet_parse_addr(const struct inet_sock *s, const struct sockaddr_storage *a, socklen_t len,
		    struct in6_addr *addr, uint16_t *port, bool bind);
/* A destination of @s from the guest: -EINVAL, -EAFNOSUPPORT,
 * -ENETUNREACH (not the sandbox's loopback)... */
int inet_parse_dest(struct inet_sock *s, const struct sockaddr_storage *a, socklen_t len,
		    struct in6_addr *addr, uint16_t *port);
/* Is @a an address of the sandbox (bind)? */
bool inet_local_addr(const struct inet_sock *s, const struct in6_addr *a);

/* inet_loop.c */
/* Give @s a local port if it has none (and the source address). */
int inet_autobind(struct inet_sock *s, const struct in6_addr *dst);
/* The UDP (or UDP-Lite: @protocol) socket that takes a datagram to
 * (@dst, @dport) from (@src, @sport), or NULL. */
struct inet_sock *inet_udp_lookup(int protocol, const struct in6_addr *dst, uint16_t dport,
				  const struct in6_addr *src, uint16_t sport);
/* Fill a sockaddr of @s's family. */
void inet_make_addr(const struct inet_sock *s, const struct in6_addr *a, uint16_t port,
		    struct sockaddr_storage *out, socklen_t *len);

#endif
