#include "xattr.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/xattr.h>

#define XATTR_SIZE_MAX 65536
#define XATTR_NAME_MAX 255

static struct xattr *find(struct xattr **list, const char *name)
{
	for (struct xattr *x = *list; x; x = x->next)
		if (strcmp(x->name, name) == 0)
			return x;
	return NULL;
}

static int check_name(const char *name)
{
	size_t n = strlen(name);
	if (n == 0 || n > XATTR_NAME_MAX)
		return -ERANGE;
	if (strncmp(name, "user.", 5) && strncmp(name, "trusted.", 8) &&
	    strncmp(name, "security.", 9) && strncmp(name, "system.", 7))
		return -EOPNOTSUPP;
	if (!strncmp(name, "system.", 7))
		return -EOPNOTSUPP; /* no POSIX ACLs here */
	return 0;
}

long xattr_get(struct xattr **list, const char *name, void *buf, size_t size)
{
	int r = check_name(name);
	if (r < 0)
		return r == -EOPNOTSUPP ? -ENODATA : r;
	struct xattr *x = find(list, name);
	if (!x)
		return -ENODATA;
	if (size == 0)
		return (long)x->size;
	if (size < x->size)
		return -ERANGE;
	memcpy(buf, x->value, x->size);
	return (long)x->size;
}

int xattr_set(struct xattr **list, const char *name, const void *val, size_t size, int flags)
{
	int r = check_name(name);
	if (r < 0)
		return r;
	if (size > XATTR_SIZE_MAX)
		return -E2BIG;
	struct xattr *x = find(list, name);
	if ((flags & XATTR_CREATE) && x)
		return -EEXIST;
	if ((flags & XATTR_REPLACE) && !x)
		return -ENODATA;
	void *copy = malloc(size ? size : 1);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, val, size);
	if (!x) {
		x = calloc(1, sizeof(*x));
		if (!x || !(x->name = strdup(name))) {
			free(x);
			free(copy);
			return -ENOMEM;
		}
		x->next = *list;
		*list = x;
	} else {
		free(x->value);
	}
	x->value = copy;
	x->size = size;
	return 0;
}

long xattr_list(struct xattr **list, char *buf, size_t size)
{
	size_t need = 0;
	for (struct xattr *x = *list; x; x = x->next)
		need += strlen(x->name) + 1;
	if (size == 0)
		return (long)need;
	if (size < need)
		return -ERANGE;
	char *p = buf;
	for (struct xattr *x = *list; x; x = x->next) {
		size_t n = strlen(x->name) + 1;
		memcpy(p, x->name, n);
		p += n;
	}
	return (long)need;
}

int xattr_remove(struct xattr **list, const char *name)
{
	for (struct xattr **pp = list; *pp; pp = &(*pp)->next) {
		if (strcmp((*pp)->name, name) == 0) {
			struct xattr *x = *pp;
			*pp = x->next;
			free(x->name);
			free(x->value);
			free(x);
			return 0;
		}
	}
	return -ENODATA;
}

void xattr_free(struct xattr **list)
{
	while (*list) {
		struct xattr *x = *list;
		*list = x->next;
		free(x->name);
		free(x->value);
		free(x);
	}
}
