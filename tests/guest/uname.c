/* uname: only the fields that are the same under sbx as on the host are
 * compared (sysname and machine); the others are sbx's own. */
//! libc: glibc musl
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

int main(void)
{
	struct utsname u;
	printf("uname: %d\n", uname(&u));
	printf("sysname: %s\n", u.sysname);
	printf("machine: %s\n", u.machine);
	printf("release starts with a digit: %s\n", u.release[0] >= '0' && u.release[0] <= '9'
								? "yes" : "no");
	printf("nodename non-empty: %s\n", u.nodename[0] ? "yes" : "no");
	errno = 0;
	long r = syscall(SYS_uname, (void *)16);
	printf("bad pointer: %ld %s\n", r, strerror(errno));
	return 0;
}
