/* Decoders: sockets.  strace: net.c, sockaddr.c, msghdr.c. */
#define _GNU_SOURCE
#include "decode_priv.h"

#include <arpa/inet.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

static void fmt_sock_type(struct sbuf *sb, uint32_t type)
{
	const char *s = xlat_name(&xlat_sock_types, type & 0xf);
	if (s) {
		sb_puts(sb, s);
		type &= ~0xfU;
		if (!type)
			return;
		sb_putc(sb, '|');
	}
	fmt_flags(sb, &xlat_sock_type_flags, type, "SOCK_???");
}

static void p_protocol(struct dec *d, int family, uint64_t proto)
{
	if (family == AF_INET || family == AF_INET6)
		p_xval(d, &xlat_ipprotos, (uint32_t)proto, "IPPROTO_???");
	else
		p_int(d, proto);
}

DECODER(socket)
{
	p_xval(d, &xlat_addrfams, (uint32_t)d->a[0], "AF_???");
	dec_arg(d);
	fmt_sock_type(d->sb, (uint32_t)d->a[1]);
	p_protocol(d, (int)d->a[0], d->a[2]);
	return DEC_DONE;
}

DECODER(socketpair)
{
	if (!d->exiting) {
		p_xval(d, &xlat_addrfams, (uint32_t)d->a[0], "AF_???");
		dec_arg(d);
		fmt_sock_type(d->sb, (uint32_t)d->a[1]);
		p_protocol(d, (int)d->a[0], d->a[2]);
		return DEC_MORE;
	}
	int fds[2];
	dec_arg(d);
	if (!d->a[3])
		sb_puts(d->sb, "NULL");
	else if (dec_failed(d) || dec_read(d, fds, d->a[3], sizeof(fds)) < 0)
		fmt_addr(d->sb, d->a[3]);
	else
		sb_printf(d->sb, "[%d, %d]", fds[0], fds[1]);
	return DEC_DONE;
}

/* A socket address of @len bytes. */
void fmt_sockaddr(struct dec *d, uint64_t addr, uint64_t len)
{
	struct sbuf *sb = d->sb;
	if (!addr) {
		sb_puts(sb, "NULL");
		return;
	}
	struct sockaddr_storage ss;
	memset(&ss, 0, sizeof(ss));
	if ((int64_t)len <= 0) {
		fmt_addr(sb, addr);
		return;
	}
	size_t n = len < sizeof(ss) ? (size_t)len : sizeof(ss);
	if (dec_read(d, &ss, addr, n) < 0) {
		fmt_addr(sb, addr);
		return;
	}
	sb_puts(sb, "{sa_family=");
	fmt_xval(sb, &xlat_addrfams, ss.ss_family, "AF_???");
	char ip[INET6_ADDRSTRLEN];
	switch (ss.ss_family) {
	case AF_UNIX: {
		const struct sockaddr_un *u = (const void *)&ss;
		size_t plen = n - offsetof(struct sockaddr_un, sun_path);
		if (n <= offsetof(struct sockaddr_un, sun_path))
			break;
		sb_puts(sb, ", sun_path=");
		if (u->sun_path[0] == 0 && plen > 1) {
			sb_putc(sb, '@');
			unsigned char buf[sizeof(u->sun_path) + 1];
			memcpy(buf, u->sun_path + 1, plen - 1);
			buf[plen - 1] = 0xff;
			fmt_quote(sb, buf, plen - 1, 0);
		} else {
			unsigned char buf[sizeof(u->sun_path) + 1];
			memcpy(buf, u->sun_path, plen);
			buf[plen] = 0;
			size_t sl = strnlen(u->sun_path, plen);
			fmt_quote(sb, buf, sl, QUOTE_0_TERMINATED);
		}
		break;
	}
	case AF_INET: {
		const struct sockaddr_in *in = (const void *)&ss;
		inet_ntop(AF_INET, &in->sin_addr, ip, sizeof(ip));
		sb_printf(sb, ", sin_port=htons(%u), sin_addr=inet_addr(\"%s\")",
			  ntohs(in->sin_port), ip);
		break;
	}
	case AF_INET6: {
		const struct sockaddr_in6 *in6 = (const void *)&ss;
		inet_ntop(AF_INET6, &in6->sin6_addr, ip, sizeof(ip));
		sb_printf(sb,
			  ", sin6_port=htons(%u), sin6_flowinfo=htonl(%u), "
			  "inet_pton(AF_INET6, \"%s\", &sin6_addr), sin6_scope_id=%u",
			  ntohs(in6->sin6_port), ntohl(in6->sin6_flowinfo), ip, in6->sin6_scope_id);
		break;
	}
	case AF_NETLINK: {
		const struct sockaddr_nl *nl = (const void *)&ss;
		sb_printf(sb, ", nl_pid=%u, nl_groups=%08x", nl->nl_pid, nl->nl_groups);
		break;
	}
	default:
		if (n > 2) {
			sb_puts(sb, ", sa_data=");
			unsigned char buf[sizeof(ss) + 1];
			memcpy(buf, (const char *)&ss + 2, n - 2);
			buf[n - 2] = 0xff;
			fmt_quote(sb, buf, n - 2, 0);
		}
	}
	sb_putc(sb, '}');
}

DECODER(sockaddr_in) /* bind, connect */
{
	p_int(d, d->a[0]);
	dec_arg(d);
	fmt_sockaddr(d, d->a[1], (uint32_t)d->a[2]);
	p_uint(d, d->a[2]);
	return DEC_DONE;
}

DECODER(listen)
{
	p_int(d, d->a[0]);
	p_int(d, d->a[1]);
	return DEC_DONE;
}

/* An address filled in by the kernel, with its in/out length. */
static void sockaddr_out(struct dec *d, uint64_t addr, uint64_t lenp)
{
	uint32_t out = 0;
	bool have = lenp && !dec_failed(d) && dec_read(d, &out, lenp, sizeof(out)) == 0;
	uint32_t in = (uint32_t)d->saved[0];
	dec_arg(d);
	if (!addr)
		sb_puts(d->sb, "NULL");
	else if (dec_failed(d) || !have)
		fmt_addr(d->sb, addr);
	else
		fmt_sockaddr(d, addr, out < in ? out : in);
	dec_arg(d);
	if (!lenp)
		sb_puts(d->sb, "NULL");
	else if (!d->saved[1])
		fmt_addr(d->sb, lenp);
	else if (!have || in == out)
		sb_printf(d->sb, "[%u]", in);
	else
		sb_printf(d->sb, "[%u => %u]", in, out);
}

static void save_len(struct dec *d, uint64_t lenp)
{
	uint32_t v;
	d->saved[1] = lenp && dec_read(d, &v, lenp, sizeof(v)) == 0;
	d->saved[0] = d->saved[1] ? v : 0;
}

DECODER(accept)
{
	if (!d->exiting) {
		p_int(d, d->a[0]);
		save_len(d, d->a[2]);
		return DEC_MORE;
	}
	sockaddr_out(d, d->a[1], d->a[2]);
	return DEC_DONE;
}

DECODER(accept4)
{
	if (!d->exiting)
		return decode_accept(d);
	sockaddr_out(d, d->a[1], d->a[2]);
	p_flags(d, &xlat_sock_type_flags, (uint32_t)d->a[3], "SOCK_???");
	return DEC_DONE;
}

DECODER(sockaddr_out) /* getsockname, getpeername */
{
	return decode_accept(d);
}

DECODER(sendto)
{
	p_int(d, d->a[0]);
	p_buf(d, d->a[1], d->a[2]);
	p_ulong(d, d->a[2]);
	p_flags(d, &xlat_msg_flags, (uint32_t)d->a[3], "MSG_???");
	dec_arg(d);
	fmt_sockaddr(d, d->a[4], (uint32_t)d->a[5]);
	p_uint(d, d->a[5]);
	return DEC_DONE;
}

DECODER(recvfrom)
{
	if (!d->exiting) {
		p_int(d, d->a[0]);
		save_len(d, d->a[5]);
		return DEC_MORE;
	}
	p_buf_out(d, d->a[1], (uint64_t)d->rval);
	p_ulong(d, d->a[2]);
	p_flags(d, &xlat_msg_flags, (uint32_t)d->a[3], "MSG_???");
	sockaddr_out(d, d->a[4], d->a[5]);
	return DEC_DONE;
}

static void fmt_cmsgs(struct dec *d, uint64_t addr, uint64_t len)
{
	struct sbuf *sb = d->sb;
	unsigned char buf[1024];
	if (len > sizeof(buf))
		len = sizeof(buf);
	if (dec_read(d, buf, addr, (size_t)len) < 0) {
		fmt_addr(sb, addr);
		return;
	}
	sb_putc(sb, '[');
	size_t off = 0;
	int n = 0;
	while (off + sizeof(struct cmsghdr) <= len) {
		struct cmsghdr c;
		memcpy(&c, buf + off, sizeof(c));
		if (n++)
			sb_puts(sb, ", ");
		sb_printf(sb, "{cmsg_len=%lu, cmsg_level=", (unsigned long)c.cmsg_len);
		fmt_xval(sb, &xlat_sock_levels, (uint32_t)c.cmsg_level, "SOL_???");
		sb_puts(sb, ", cmsg_type=");
		if (c.cmsg_level == SOL_SOCKET)
			fmt_xval(sb, &xlat_scm_types, (uint32_t)c.cmsg_type, "SCM_???");
		else
			fmt_hex(sb, (uint32_t)c.cmsg_type);
		size_t dlen = c.cmsg_len > sizeof(c) ? c.cmsg_len - sizeof(c) : 0;
		if (off + sizeof(c) + dlen > len)
			dlen = len - off - sizeof(c);
		if (c.cmsg_level == SOL_SOCKET && c.cmsg_type == SCM_RIGHTS) {
			sb_puts(sb, ", cmsg_data=[");
			for (size_t i = 0; i + 4 <= dlen; i += 4) {
				int fd;
				memcpy(&fd, buf + off + sizeof(c) + i, 4);
				sb_printf(sb, "%s%d", i ? ", " : "", fd);
			}
			sb_putc(sb, ']');
		} else if (c.cmsg_level == SOL_SOCKET && c.cmsg_type == SCM_CREDENTIALS &&
			   dlen >= sizeof(struct ucred)) {
			struct ucred u;
			memcpy(&u, buf + off + sizeof(c), sizeof(u));
			sb_printf(sb, ", cmsg_data={pid=%d, uid=%u, gid=%u}", u.pid, u.uid, u.gid);
		}
		sb_putc(sb, '}');
		if (c.cmsg_len < sizeof(c))
			break;
		off += CMSG_ALIGN(c.cmsg_len);
	}
	sb_putc(sb, ']');
}

static void fmt_msghdr_data(struct dec *d, const struct msghdr *m, int64_t data_max)
{
	struct sbuf *sb = d->sb;
	sb_puts(sb, "{msg_name=");
	fmt_sockaddr(d, (uint64_t)(uintptr_t)m->msg_name, m->msg_namelen);
	sb_printf(sb, ", msg_namelen=%u, msg_iov=", m->msg_namelen);
	fmt_iovec_array(d, (uint64_t)(uintptr_t)m->msg_iov, m->msg_iovlen, data_max);
	sb_printf(sb, ", msg_iovlen=%lu", (unsigned long)m->msg_iovlen);
	if (m->msg_control && m->msg_controllen) {
		sb_puts(sb, ", msg_control=");
		fmt_cmsgs(d, (uint64_t)(uintptr_t)m->msg_control, m->msg_controllen);
	}
	sb_printf(sb, ", msg_controllen=%lu, msg_flags=", (unsigned long)m->msg_controllen);
	fmt_flags(sb, &xlat_msg_flags, (uint32_t)m->msg_flags, "MSG_???");
	sb_putc(sb, '}');
}

static void p_msghdr(struct dec *d, uint64_t addr, int64_t data_max)
{
	struct msghdr m;
	dec_arg(d);
	if (!addr)
		sb_puts(d->sb, "NULL");
	else if (dec_failed(d) || dec_read(d, &m, addr, sizeof(m)) < 0)
		fmt_addr(d->sb, addr);
	else
		fmt_msghdr_data(d, &m, data_max);
}

DECODER(sendmsg)
{
	p_int(d, d->a[0]);
	p_msghdr(d, d->a[1], -1);
	p_flags(d, &xlat_msg_flags, (uint32_t)d->a[2], "MSG_???");
	return DEC_DONE;
}

DECODER(recvmsg)
{
	if (!d->exiting) {
		p_int(d, d->a[0]);
		return DEC_MORE;
	}
	p_msghdr(d, d->a[1], d->rval);
	p_flags(d, &xlat_msg_flags, (uint32_t)d->a[2], "MSG_???");
	return DEC_DONE;
}

DECODER(sendmmsg)
{
	p_int(d, d->a[0]);
	p_addr(d, d->a[1]);
	p_uint(d, d->a[2]);
	p_flags(d, &xlat_msg_flags, (uint32_t)d->a[3], "MSG_???");
	return DEC_DONE;
}

DECODER(recvmmsg)
{
	p_int(d, d->a[0]);
	p_addr(d, d->a[1]);
	p_uint(d, d->a[2]);
	p_flags(d, &xlat_msg_flags, (uint32_t)d->a[3], "MSG_???");
	p_timespec(d, d->a[4]);
	return DEC_DONE;
}

DECODER(shutdown)
{
	p_int(d, d->a[0]);
	p_xval(d, &xlat_shutdown_modes, (uint32_t)d->a[1], "SHUT_???");
	return DEC_DONE;
}

static void p_sockopt_name(struct dec *d, int level, uint64_t name)
{
	if (level == SOL_SOCKET)
		p_xval(d, &xlat_sock_options, (uint32_t)name, "SO_???");
	else
		p_int(d, name);
}

static void p_optval(struct dec *d, uint64_t addr, uint64_t len)
{
	if (len == sizeof(int)) {
		p_int_ptr(d, addr);
	} else {
		dec_arg(d);
		if (dec_failed(d))
			fmt_addr(d->sb, addr);
		else
			f_buf(d, addr, len);
	}
}

DECODER(setsockopt)
{
	p_int(d, d->a[0]);
	p_xval(d, &xlat_sock_levels, (uint32_t)d->a[1], "SOL_???");
	p_sockopt_name(d, (int)d->a[1], d->a[2]);
	p_optval(d, d->a[3], (uint32_t)d->a[4]);
	p_uint(d, d->a[4]);
	return DEC_DONE;
}

DECODER(getsockopt)
{
	if (!d->exiting) {
		p_int(d, d->a[0]);
		p_xval(d, &xlat_sock_levels, (uint32_t)d->a[1], "SOL_???");
		p_sockopt_name(d, (int)d->a[1], d->a[2]);
		save_len(d, d->a[4]);
		return DEC_MORE;
	}
	uint32_t out = 0;
	if (d->a[4] && !dec_failed(d))
		dec_read(d, &out, d->a[4], sizeof(out));
	p_optval(d, d->a[3], out);
	dec_arg(d);
	if (!d->a[4])
		sb_puts(d->sb, "NULL");
	else if (dec_failed(d) || !d->saved[1])
		fmt_addr(d->sb, d->a[4]);
	else if (out == (uint32_t)d->saved[0])
		sb_printf(d->sb, "[%u]", out);
	else
		sb_printf(d->sb, "[%u => %u]", (uint32_t)d->saved[0], out);
	return DEC_DONE;
}
