#define _GNU_SOURCE
#include <errno.h>
#include "socket.h"
int inet_loop_create(struct task *t, int family, int type, int protocol, struct sock **out)
{
	(void)t;
	(void)family;
	(void)type;
	(void)protocol;
	(void)out;
	return -EAFNOSUPPORT;
}
int inet_host_create(struct task *t, int family, int type, int protocol, struct sock **out)
{
	(void)t;
	(void)family;
	(void)type;
	(void)protocol;
	(void)out;
	return -EAFNOSUPPORT;
}
