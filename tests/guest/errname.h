/* errname(e): the symbolic name of an errno value, for tests built with
 * glibc and musl alike (musl has no strerrorname_np). */
#ifndef ERRNAME_H
#define ERRNAME_H

#include <errno.h>
#include <stdio.h>

static inline const char *errname(int e)
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
		E(EIO)
		E(E2BIG)
		E(ENOEXEC)
		E(EBADF)
		E(ECHILD)
		E(EAGAIN)
		E(ENOMEM)
		E(EACCES)
		E(EFAULT)
		E(EBUSY)
		E(EEXIST)
		E(ENOTDIR)
		E(ENOTTY)
		E(EISDIR)
		E(EINVAL)
		E(EMFILE)
		E(ETXTBSY)
		E(ENAMETOOLONG)
		E(ENOSYS)
		E(ELOOP)
		E(ETIMEDOUT)
		E(EOWNERDEAD)
		E(ENOTRECOVERABLE)
		E(EDEADLK)
		E(EPIPE)
		E(ENOTSUP)
		E(ERANGE)
		E(EPROTONOSUPPORT)
		E(ESOCKTNOSUPPORT)
		E(ENOPROTOOPT)
		E(EAFNOSUPPORT)
		E(EADDRINUSE)
		E(EADDRNOTAVAIL)
		E(EMSGSIZE)
		E(EDESTADDRREQ)
		E(ENOTCONN)
		E(ECONNREFUSED)
		E(ENETUNREACH)
		E(ENODEV)
#undef E
	case 0:
		return "0";
	default:
		snprintf(other, sizeof(other), "errno %d", e);
		return other;
	}
}

/* The result of a call that returns -1 and sets errno: "ok" or the name. */
static inline const char *res(long r)
{
	return r < 0 ? errname(errno) : "ok";
}

#endif
