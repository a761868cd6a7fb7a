/* The sandbox's network interfaces (sentry/net/netdev.c), shared by the
 * netlink socket (netlink.c) that lists them. */
#ifndef SBX_NET_NETDEV_H
#define SBX_NET_NETDEV_H

#include <linux/if.h>
#include <stdbool.h>
#include <stdint.h>

struct netdev {
	int index;
	char name[IFNAMSIZ];
	unsigned flags;
	unsigned mtu, txqlen;
	unsigned short type; /* ARPHRD_* */
	uint8_t hw[6], brd[6];
	bool has_hw;
};

struct netaddr {
	int index;
	int family;
	uint8_t addr[16], brd[4];
	bool has_brd;
	int prefixlen;
	int scope;
	uint32_t flags;
};

/* The interfaces and their addresses, filled by netdevs_init. */
extern struct netdev devs[];
extern struct netaddr addrs[];
extern int ndevs, naddrs;

/* Fill the tables once: lo under --net=none, the host's under --net=host. */
void netdevs_init(void);
/* The interface with that index or name, or NULL. */
const struct netdev *dev_by_index(int index);
const struct netdev *dev_by_name(const char *name);

#endif
