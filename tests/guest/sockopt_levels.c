/* The errors of setsockopt and getsockopt on TCP and UDP sockets of both
 * families at levels that are not theirs (another protocol's, IPv6's on an
 * IPv4 socket, unknown ones), unknown names at their own levels, and the
 * multicast routing options that only raw sockets take. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include "errname.h"

int main(void)
{
	static const int fams[] = {AF_INET, AF_INET6};
	static const int types[] = {SOCK_STREAM, SOCK_DGRAM};
	static const struct {
		int level, name;
	} cases[] = {
	    {IPPROTO_TCP, 1},
	    {IPPROTO_TCP, 99},
	    {IPPROTO_UDP, 1},
	    {IPPROTO_UDP, 99},
	    {136, 1},
	    {136, 99},
	    {IPPROTO_IPV6, 99},
	    {IPPROTO_IPV6, 200},
	    {IPPROTO_IPV6, 210},
	    {IPPROTO_IP, 200},
	    {IPPROTO_IP, 209},
	    {200, 1},
	    {255, 1},
	    {1234, 1},
	    {IPPROTO_ICMP, 1},
	    {IPPROTO_RAW, 1},
	};
	for (int f = 0; f < 2; f++) {
		for (int ty = 0; ty < 2; ty++) {
			int s = socket(fams[f], types[ty], 0);
			printf("%s %s:\n", fams[f] == AF_INET ? "inet" : "inet6",
			       types[ty] == SOCK_STREAM ? "stream" : "dgram");
			for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
				int v = 0;
				int r = setsockopt(s, cases[i].level, cases[i].name, &v, sizeof(v));
				printf("  level %d name %d: set %s", cases[i].level, cases[i].name,
				       r ? errname(errno) : "0");
				socklen_t len = sizeof(v);
				r = getsockopt(s, cases[i].level, cases[i].name, &v, &len);
				printf(", get %s\n", r ? errname(errno) : "0");
				/* Foreign levels come before the length. */
				char c = 0;
				r = setsockopt(s, cases[i].level, cases[i].name, &c, 1);
				if (r)
					printf("    one byte: %s\n", errname(errno));
			}
			close(s);
		}
	}
	return 0;
}
