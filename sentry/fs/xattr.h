/* Extended attributes kept in memory (tmpfs, the overlay's upper layer). */
#ifndef SBX_XATTR_H
#define SBX_XATTR_H

#include <stddef.h>
#include <sys/types.h>

struct xattr {
	char *name;
	void *value;
	size_t size;
	struct xattr *next;
};

/* getxattr: the size (a @size of 0 asks for it), -ENODATA, -ERANGE. */
long xattr_get(struct xattr **list, const char *name, void *buf, size_t size);
/* setxattr with XATTR_CREATE / XATTR_REPLACE: -EEXIST, -ENODATA, -EINVAL,
 * -ENOTSUP for namespaces other than user, trusted, security. */
int xattr_set(struct xattr **list, const char *name, const void *val, size_t size, int flags);
long xattr_list(struct xattr **list, char *buf, size_t size);
int xattr_remove(struct xattr **list, const char *name);
void xattr_free(struct xattr **list);

#endif
