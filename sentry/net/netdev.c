/* The sandbox's network interfaces (net/core/dev.c, dev_ioctl.c): lo with
 * 127.0.0.1/8 and ::1/128 under --net=none, the host's as they were when
 * first asked for under --net=host; the SIOCGIF* ioctls every socket
 * answers, and /proc/net's files.  Netlink lists them (netlink.c). */
#define _GNU_SOURCE
#include <errno.h>
#include <arpa/inet.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/if_arp.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "../confine/host.h"
#include "../fs/file.h"
#include "../kernel/task.h"
#include "../mm/mm.h"
#include "../mm/uio.h"
#include "../fs/procfs.h"
#include "netdev.h"
#include "socket.h"

#define MAX_DEVS  32
#define MAX_ADDRS 64
struct netdev devs[MAX_DEVS];
struct netaddr addrs[MAX_ADDRS];
int ndevs, naddrs;

static void add_lo(void)
{
	struct netdev *d = &devs[ndevs++];
	memset(d, 0, sizeof(*d));
	d->index = 1;
	strcpy(d->name, "lo");
	d->flags = IFF_UP | IFF_LOOPBACK | IFF_RUNNING | IFF_LOWER_UP;
	d->mtu = 65536;
	d->txqlen = 1000;
	d->type = ARPHRD_LOOPBACK;
	d->has_hw = true;
	struct netaddr *a = &addrs[naddrs++];
	memset(a, 0, sizeof(*a));
	*a = (struct netaddr){.index = 1,
			      .family = AF_INET,
			      .addr = {127, 0, 0, 1},
			      .prefixlen = 8,
			      .scope = RT_SCOPE_HOST,
			      .flags = IFA_F_PERMANENT};
	a = &addrs[naddrs++];
	*a = (struct netaddr){.index = 1,
			      .family = AF_INET6,
			      .addr = {[15] = 1},
			      .prefixlen = 128,
			      .scope = RT_SCOPE_HOST,
			      .flags = IFA_F_PERMANENT};
}

static int mask_bits(uint32_t be)
{
	uint32_t m = ntohl(be);
	int n = 0;
	while (m & 0x80000000u) {
		n++;
		m <<= 1;
	}
	return n;
}

/* --net=host: the host's interfaces as they are when first asked for
 * (their names from /proc/net/dev, the rest by the SIOCGIF* ioctls of an
 * inet socket, IPv6 addresses from /proc/net/if_inet6). */
static void host_snapshot(void)
{
	FILE *f = host_fopen("/proc/net/dev", "re");
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	char line[512];
	for (int ln = 0; f && s >= 0 && fgets(line, sizeof(line), f) && ndevs < MAX_DEVS; ln++) {
		char *colon = strchr(line, ':');
		if (ln < 2 || !colon)
			continue;
		*colon = '\0';
		char *name = line;
		while (*name == ' ')
			name++;
		if (strlen(name) >= IFNAMSIZ)
			continue;
		struct ifreq r;
		memset(&r, 0, sizeof(r));
		memcpy(r.ifr_name, name, strlen(name) + 1);
		if (ioctl(s, SIOCGIFINDEX, &r) < 0)
			continue;
		struct netdev *d = &devs[ndevs++];
		memset(d, 0, sizeof(*d));
		d->index = r.ifr_ifindex;
		memcpy(d->name, name, strlen(name) + 1);
		if (ioctl(s, SIOCGIFFLAGS, &r) == 0)
			d->flags = (unsigned short)r.ifr_flags;
		if (d->flags & IFF_RUNNING)
			d->flags |= IFF_LOWER_UP;
		if (ioctl(s, SIOCGIFMTU, &r) == 0)
			d->mtu = (unsigned)r.ifr_mtu;
		if (ioctl(s, SIOCGIFTXQLEN, &r) == 0)
			d->txqlen = (unsigned)r.ifr_qlen;
		if (ioctl(s, SIOCGIFHWADDR, &r) == 0) {
			d->type = r.ifr_hwaddr.sa_family;
			memcpy(d->hw, r.ifr_hwaddr.sa_data, 6);
			d->has_hw = true;
			if (d->flags & IFF_BROADCAST)
				memset(d->brd, 0xff, 6);
		}
		if (naddrs < MAX_ADDRS && ioctl(s, SIOCGIFADDR, &r) == 0 &&
		    r.ifr_addr.sa_family == AF_INET) {
			struct netaddr *a = &addrs[naddrs++];
			memset(a, 0, sizeof(*a));
			a->index = d->index;
			a->family = AF_INET;
			memcpy(a->addr, &((struct sockaddr_in *)&r.ifr_addr)->sin_addr, 4);
			a->scope = a->addr[0] == 127 ? RT_SCOPE_HOST : RT_SCOPE_UNIVERSE;
			a->flags = IFA_F_PERMANENT;
			a->prefixlen = 32;
			if (ioctl(s, SIOCGIFNETMASK, &r) == 0)
				a->prefixlen = mask_bits(
				    ((struct sockaddr_in *)&r.ifr_netmask)->sin_addr.s_addr);
			if ((d->flags & IFF_BROADCAST) && ioctl(s, SIOCGIFBRDADDR, &r) == 0) {
				memcpy(a->brd, &((struct sockaddr_in *)&r.ifr_broadaddr)->sin_addr,
				       4);
				a->has_brd = true;
			}
		}
	}
	if (s >= 0)
		close(s);
	if (f)
		fclose(f);
	f = host_fopen("/proc/net/if_inet6", "re");
	while (f && naddrs < MAX_ADDRS && fgets(line, sizeof(line), f)) {
		char hex[33], name[IFNAMSIZ + 1];
		unsigned idx, plen, scope, flags;
		if (sscanf(line, "%32s %x %x %x %x %16s", hex, &idx, &plen, &scope, &flags, name) !=
		    6)
			continue;
		struct netaddr *a = &addrs[naddrs++];
		memset(a, 0, sizeof(*a));
		for (int i = 0; i < 16; i++) {
			unsigned b;
			sscanf(hex + 2 * i, "%2x", &b);
			a->addr[i] = (uint8_t)b;
		}
		a->index = (int)idx;
		a->family = AF_INET6;
		a->prefixlen = (int)plen;
		a->scope = scope == 0x10   ? RT_SCOPE_HOST
			   : scope == 0x20 ? RT_SCOPE_LINK
			   : scope == 0x40 ? RT_SCOPE_SITE
					   : RT_SCOPE_UNIVERSE;
		a->flags = flags;
	}
	if (f)
		fclose(f);
}

/* The interfaces: the sandbox's loopback, or under --net=host the host's. */
void netdevs_init(void)
{
	static bool done;
	if (done)
		return;
	done = true;
	if (net_mode == NET_HOST)
		host_snapshot();
	if (ndevs == 0) {
		naddrs = 0;
		add_lo();
	}
}

const struct netdev *dev_by_index(int index)
{
	for (int i = 0; i < ndevs; i++)
		if (devs[i].index == index)
			return &devs[i];
	return NULL;
}

const struct netdev *dev_by_name(const char *name)
{
	for (int i = 0; i < ndevs; i++)
		if (strncmp(devs[i].name, name, IFNAMSIZ) == 0)
			return &devs[i];
	return NULL;
}

/* --- the interface ioctls of every socket (net/core/dev_ioctl.c) -------------- */

static long ifconf(struct task *t, uint64_t arg)
{
	struct ifconf ifc;
	if (copy_from_user(t->mm, &ifc, arg, sizeof(ifc)) < 0)
		return -EFAULT;
	int need = 0, done = 0;
	for (int i = 0; i < naddrs; i++) {
		const struct netdev *d = dev_by_index(addrs[i].index);
		if (addrs[i].family != AF_INET || !d)
			continue;
		need += (int)sizeof(struct ifreq);
		if (!ifc.ifc_buf)
			continue;
		if (done + (int)sizeof(struct ifreq) > ifc.ifc_len)
			break;
		struct ifreq r;
		memset(&r, 0, sizeof(r));
		snprintf(r.ifr_name, sizeof(r.ifr_name), "%s", d->name);
		struct sockaddr_in *sin = (struct sockaddr_in *)&r.ifr_addr;
		sin->sin_family = AF_INET;
		memcpy(&sin->sin_addr, addrs[i].addr, 4);
		if (copy_to_user(t->mm, (uint64_t)(uintptr_t)ifc.ifc_buf + (uint64_t)done, &r,
				 sizeof(r)) < 0)
			return -EFAULT;
		done += (int)sizeof(r);
	}
	ifc.ifc_len = ifc.ifc_buf ? done : need;
	return copy_to_user(t->mm, arg, &ifc, sizeof(ifc)) < 0 ? -EFAULT : 0;
}

static const struct netaddr *first_v4(int index)
{
	for (int i = 0; i < naddrs; i++)
		if (addrs[i].index == index && addrs[i].family == AF_INET)
			return &addrs[i];
	return NULL;
}

long netdev_ioctl(struct task *t, unsigned cmd, uint64_t arg)
{
	if (cmd < 0x8900 || cmd > 0x89ff)
		return -ENOTTY;
	netdevs_init();
	if (cmd == SIOCGIFCONF)
		return ifconf(t, arg);
	struct ifreq r;
	switch (cmd) {
	case SIOCGIFNAME:
	case SIOCGIFINDEX:
	case SIOCGIFFLAGS:
	case SIOCGIFMTU:
	case SIOCGIFMETRIC:
	case SIOCGIFTXQLEN:
	case SIOCGIFHWADDR:
	case SIOCGIFADDR:
	case SIOCGIFNETMASK:
	case SIOCGIFBRDADDR:
	case SIOCGIFDSTADDR:
		break;
	case SIOCSIFFLAGS:
	case SIOCSIFMTU:
	case SIOCSIFADDR:
	case SIOCSIFNETMASK:
	case SIOCSIFBRDADDR:
	case SIOCSIFDSTADDR:
	case SIOCSIFHWADDR:
	case SIOCSIFTXQLEN:
	case SIOCSIFNAME:
	case SIOCSIFMETRIC:
	case SIOCADDRT:
	case SIOCDELRT:
		return -EPERM; /* the sandbox's network is not configurable */
	default:
		return -ENOTTY;
	}
	if (copy_from_user(t->mm, &r, arg, sizeof(r)) < 0)
		return -EFAULT;
	r.ifr_name[IFNAMSIZ - 1] = '\0';
	const struct netdev *d =
	    cmd == SIOCGIFNAME ? dev_by_index(r.ifr_ifindex) : dev_by_name(r.ifr_name);
	if (!d)
		return -ENODEV;
	const struct netaddr *a = first_v4(d->index);
	struct sockaddr_in *sin = (struct sockaddr_in *)&r.ifr_addr;
	switch (cmd) {
	case SIOCGIFNAME:
		snprintf(r.ifr_name, sizeof(r.ifr_name), "%s", d->name);
		break;
	case SIOCGIFINDEX:
		r.ifr_ifindex = d->index;
		break;
	case SIOCGIFFLAGS:
		r.ifr_flags = (short)(d->flags & 0xffff);
		break;
	case SIOCGIFMTU:
		r.ifr_mtu = (int)d->mtu;
		break;
	case SIOCGIFMETRIC:
		r.ifr_metric = 0;
		break;
	case SIOCGIFTXQLEN:
		r.ifr_qlen = (int)d->txqlen;
		break;
	case SIOCGIFHWADDR:
		memset(&r.ifr_hwaddr, 0, sizeof(r.ifr_hwaddr));
		r.ifr_hwaddr.sa_family = d->type;
		memcpy(r.ifr_hwaddr.sa_data, d->hw, sizeof(d->hw));
		break;
	default:
		/* The addresses of the first IPv4 address (inet_ioctl). */
		if (!a)
			return -EADDRNOTAVAIL;
		memset(sin, 0, sizeof(*sin));
		sin->sin_family = AF_INET;
		if (cmd == SIOCGIFADDR || cmd == SIOCGIFDSTADDR) {
			memcpy(&sin->sin_addr, a->addr, 4);
		} else if (cmd == SIOCGIFNETMASK) {
			sin->sin_addr.s_addr = a->prefixlen ? htonl(~0u << (32 - a->prefixlen)) : 0;
		} else {
			if (!a->has_brd)
				return -EADDRNOTAVAIL;
			memcpy(&sin->sin_addr, a->brd, 4);
		}
		break;
	}
	return copy_to_user(t->mm, arg, &r, sizeof(r)) < 0 ? -EFAULT : 0;
}

/* --- /proc/net ------------------------------------------------------------------ */

static const char *const tcp_head =
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  "
    "timeout inode                                                     \n";
static const char *const tcp6_head =
    "  sl  local_address                         remote_address                        st "
    "tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
static const char *const udp_head =
    "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  "
    "timeout inode ref pointer drops            \n";
static const char *const udp6_head =
    "  sl  local_address                         remote_address                        st "
    "tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n";

int proc_net_gen(const char *name, struct sbuf *b)
{
	if (net_mode == NET_HOST) {
		/* The host's sockets and interfaces are the sandbox's. */
		char path[64];
		snprintf(path, sizeof(path), "/proc/net/%s", name);
		FILE *f = host_fopen(path, "re");
		if (!f)
			return -ENOENT;
		char buf[4096];
		size_t n;
		while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
			sbuf_write(b, buf, n);
		fclose(f);
		return 0;
	}
	netdevs_init();
	if (!strcmp(name, "dev")) {
		sbuf_printf(b, "Inter-|   Receive                                                |  "
			       "Transmit\n face |bytes    packets errs drop fifo frame compressed "
			       "multicast|bytes    packets errs drop fifo colls carrier compressed\n");
		for (int i = 0; i < ndevs; i++)
			sbuf_printf(b,
				    "%6s: %7d %7d %4d %4d %4d %5d %10d %9d %8d %7d %4d %4d %4d %5d %7d "
				    "%10d\n",
				    devs[i].name, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
	} else if (!strcmp(name, "if_inet6")) {
		for (int i = 0; i < naddrs; i++) {
			const struct netaddr *a = &addrs[i];
			const struct netdev *d = dev_by_index(a->index);
			if (a->family != AF_INET6 || !d)
				continue;
			for (int k = 0; k < 16; k++)
				sbuf_printf(b, "%02x", a->addr[k]);
			int scope = a->scope == RT_SCOPE_HOST ? 0x10 : a->scope == RT_SCOPE_LINK ? 0x20 : 0;
			sbuf_printf(b, " %02x %02x %02x %02x %8s\n", a->index, a->prefixlen, scope,
				    a->flags & 0xff, d->name);
		}
	} else if (!strcmp(name, "route")) {
		sbuf_printf(b, "%-127s\n",
			    "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU"
			    "\tWindow\tIRTT");
	} else if (!strcmp(name, "tcp")) {
		sbuf_printf(b, "%s", tcp_head);
	} else if (!strcmp(name, "tcp6")) {
		sbuf_printf(b, "%s", tcp6_head);
	} else if (!strcmp(name, "udp") || !strcmp(name, "udplite")) {
		sbuf_printf(b, "%s", udp_head);
	} else if (!strcmp(name, "udp6") || !strcmp(name, "udplite6")) {
		sbuf_printf(b, "%s", udp6_head);
	} else if (!strcmp(name, "unix")) {
		sbuf_printf(b, "Num       RefCount Protocol Flags    Type St Inode Path\n");
	} else if (!strcmp(name, "arp")) {
		sbuf_printf(b, "IP address       HW type     Flags       HW address            Mask     "
			       "Device\n");
	} else {
		return -ENOENT;
	}
	return 0;
}
