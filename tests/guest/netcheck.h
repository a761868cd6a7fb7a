/* Helpers for the tests of sockets, IPC and the waitable fds: errno names
 * (the same with glibc and musl) and a CHECK that prints one line. */
#ifndef NETCHECK_H
#define NETCHECK_H

#include <errno.h>
#include <stdio.h>

static inline const char *ename(int e)
{
	static char other[32];
	switch (e) {
#define E(x)                                                                                       \
	case x:                                                                                    \
		return #x;
		E(EPERM)
		E(ENOENT)
		E(ESRCH)
		E(EINTR)
		E(EBADF)
		E(ECHILD)
		E(EAGAIN)
		E(ENOMEM)
		E(EACCES)
		E(EFAULT)
		E(EBUSY)
		E(EEXIST)
		E(ENOTDIR)
		E(EISDIR)
		E(EINVAL)
		E(ENFILE)
		E(EMFILE)
		E(ENOSPC)
		E(ESPIPE)
		E(EPIPE)
		E(ERANGE)
		E(ENAMETOOLONG)
		E(ENOSYS)
		E(ENOMSG)
		E(EIDRM)
		E(ENOTSOCK)
		E(EDESTADDRREQ)
		E(EMSGSIZE)
		E(EPROTOTYPE)
		E(ENOPROTOOPT)
		E(EPROTONOSUPPORT)
		E(ESOCKTNOSUPPORT)
		E(EOPNOTSUPP)
		E(EAFNOSUPPORT)
		E(EADDRINUSE)
		E(EADDRNOTAVAIL)
		E(ENETUNREACH)
		E(ECONNABORTED)
		E(ECONNRESET)
		E(EISCONN)
		E(ENOTCONN)
		E(ETIMEDOUT)
		E(ECONNREFUSED)
		E(EALREADY)
		E(EINPROGRESS)
		E(E2BIG)
		E(ENOBUFS)
		E(ENOTTY)
		E(EDOM)
		E(EOVERFLOW)
		E(EFBIG)
#undef E
	case 0:
		return "0";
	default:
		snprintf(other, sizeof(other), "errno %d", e);
		return other;
	}
}

/* "ok" for a call that succeeded (r >= 0), else the errno's name. */
static inline const char *rs(long r)
{
	return r < 0 ? ename(errno) : "ok";
}

#define SAY(...)                                                                                   \
	do {                                                                                       \
		printf(__VA_ARGS__);                                                               \
		printf("\n");                                                                      \
		fflush(stdout);                                                                    \
	} while (0)

/* One fact: "name: yes" or "name: no". */
#define FACT(name, cond) SAY("%s: %s", name, (cond) ? "yes" : "no")

#endif
