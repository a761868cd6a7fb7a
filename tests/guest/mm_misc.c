/* msync, mincore, the mlock family with RLIMIT_MEMLOCK and
 * CAP_IPC_LOCK, and the NUMA policy calls with the default policy. */
//! libc: glibc
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/mempolicy.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errname.h"

#ifndef MLOCK_ONFAULT
#define MLOCK_ONFAULT 1
#endif
#ifndef MCL_ONFAULT
#define MCL_ONFAULT 4
#endif

static void show(const char *what, long r)
{
	if (r < 0)
		printf("%s: -1 %s\n", what, errname(errno));
	else
		printf("%s: %ld\n", what, r);
}

/* VmLck of /proc/self/status, in kB. */
static long vmlck(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = -1;
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "VmLck:", 6))
			kb = strtol(line + 6, NULL, 10);
	if (f)
		fclose(f);
	return kb;
}

static void drop_ipc_lock(void)
{
	struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct d[2];
	syscall(SYS_capget, &h, d);
	d[0].effective &= ~(1u << CAP_IPC_LOCK);
	syscall(SYS_capset, &h, d);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	long pg = 4096;
	char *m = mmap(NULL, 8 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(m + 6 * pg, pg); /* a hole at page 6 */

	/* msync */
	show("msync MS_SYNC", msync(m, pg, MS_SYNC));
	show("msync MS_ASYNC|MS_SYNC", msync(m, pg, MS_ASYNC | MS_SYNC));
	show("msync unaligned", msync(m + 1, pg, MS_SYNC));
	show("msync unknown flag", msync(m, pg, 8));
	show("msync over the hole", msync(m, 8 * pg, MS_SYNC));
	show("msync MS_ASYNC over the hole", msync(m, 8 * pg, MS_ASYNC));
	show("msync length 0", msync(m, 0, MS_SYNC));
	/* A shared file mapping written through memory, then synced. */
	char name[] = "mm_misc_file";
	int fd = open(name, O_RDWR | O_CREAT | O_TRUNC, 0600);
	ftruncate(fd, pg);
	char *fm = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	memcpy(fm, "synced", 6);
	show("msync a shared file mapping", msync(fm, pg, MS_SYNC));
	char back[7] = "";
	pread(fd, back, 6, 0);
	printf("file says: %s\n", back);
	munmap(fm, pg);
	close(fd);
	unlink(name);

	/* mincore */
	m[0] = 1;
	m[2 * pg] = 1;
	unsigned char vec[8];
	memset(vec, 7, sizeof(vec));
	show("mincore 3 pages", mincore(m, 3 * pg, vec));
	printf("touched pages resident: %d %d\n", vec[0] & 1, vec[2] & 1);
	show("mincore unaligned", mincore(m + 1, pg, vec));
	show("mincore over the hole", mincore(m, 8 * pg, vec));
	show("mincore bad vector", mincore(m, pg, (unsigned char *)16));
	show("mincore beyond user space", mincore((void *)0x7ffffffff000, 2 * pg, vec));

	/* mlock */
	printf("VmLck: %ld kB\n", vmlck());
	show("mlock 2 pages", mlock(m, 2 * pg));
	printf("VmLck: %ld kB\n", vmlck());
	show("mlock the same pages again", mlock(m, 2 * pg));
	printf("VmLck: %ld kB\n", vmlck());
	show("mlock unaligned start (rounded)", mlock(m + 100, pg));
	show("munlock", munlock(m, 2 * pg));
	printf("VmLck: %ld kB\n", vmlck());
	show("mlock2 ONFAULT", syscall(SYS_mlock2, m + 3 * pg, pg, MLOCK_ONFAULT));
	printf("VmLck: %ld kB\n", vmlck());
	show("mlock2 bad flag", syscall(SYS_mlock2, m, pg, 2));
	show("mlock over the hole", mlock(m + 5 * pg, 2 * pg));
	show("mlock starting in the hole", mlock(m + 6 * pg, pg));
	show("munlock all", munlock(m, 6 * pg));
	show("munlock wraps", munlock(m, (size_t)-4096));
	printf("VmLck: %ld kB\n", vmlck());
	show("mlockall 0", mlockall(0));
	show("mlockall ONFAULT alone", mlockall(MCL_ONFAULT));
	show("mlockall unknown bit", mlockall(16));
	show("mlockall FUTURE", mlockall(MCL_FUTURE));
	show("munlockall", munlockall());

	/* RLIMIT_MEMLOCK without CAP_IPC_LOCK. */
	pid_t c = fork();
	if (c == 0) {
		drop_ipc_lock();
		struct rlimit rl = {2 * 4096, 2 * 4096};
		setrlimit(RLIMIT_MEMLOCK, &rl);
		show("mlock 1 page under a 2-page limit", mlock(m, pg));
		show("mlock 3 pages", mlock(m, 3 * pg));
		show("mlock 2 pages (1 already locked)", mlock(m, 2 * pg));
		show("mlockall CURRENT", mlockall(MCL_CURRENT));
		rl.rlim_cur = rl.rlim_max = 0;
		setrlimit(RLIMIT_MEMLOCK, &rl);
		show("mlock with a zero limit", mlock(m, pg));
		show("mlockall with a zero limit", mlockall(MCL_FUTURE));
		_exit(0);
	}
	waitpid(c, NULL, 0);

	/* NUMA policies: the default one, and the errors. */
	int mode = -1;
	unsigned long mask[2] = {0, 0};
	show("get_mempolicy", syscall(SYS_get_mempolicy, &mode, NULL, 0, NULL, 0));
	printf("mode: %d\n", mode);
	show("set_mempolicy DEFAULT", syscall(SYS_set_mempolicy, MPOL_DEFAULT, NULL, 0));
	show("set_mempolicy DEFAULT with an empty mask",
	     syscall(SYS_set_mempolicy, MPOL_DEFAULT, mask + 1, 65));
	mask[0] = 1;
	show("set_mempolicy DEFAULT with node 0",
	     syscall(SYS_set_mempolicy, MPOL_DEFAULT, mask, 65));
	show("set_mempolicy bad mode", syscall(SYS_set_mempolicy, 99, NULL, 0));
	show("set_mempolicy BIND without nodes", syscall(SYS_set_mempolicy, MPOL_BIND, NULL, 0));
	show("set_mempolicy STATIC|RELATIVE",
	     syscall(SYS_set_mempolicy, MPOL_BIND | MPOL_F_STATIC_NODES | MPOL_F_RELATIVE_NODES,
		     mask, 65));
	show("set_mempolicy BIND node 0", syscall(SYS_set_mempolicy, MPOL_BIND, mask, 65));
	mode = -1;
	mask[0] = 0;
	show("get_mempolicy", syscall(SYS_get_mempolicy, &mode, mask, 128, NULL, 0));
	printf("mode: %d, nodes: %#lx\n", mode, mask[0]);
	show("set_mempolicy PREFERRED (local)",
	     syscall(SYS_set_mempolicy, MPOL_PREFERRED, NULL, 0));
	show("get_mempolicy", syscall(SYS_get_mempolicy, &mode, NULL, 0, NULL, 0));
	printf("mode: %d\n", mode);
	show("set_mempolicy DEFAULT", syscall(SYS_set_mempolicy, MPOL_DEFAULT, NULL, 0));
	show("get_mempolicy bad flag", syscall(SYS_get_mempolicy, &mode, NULL, 0, NULL, 8));
	show("get_mempolicy address without MPOL_F_ADDR",
	     syscall(SYS_get_mempolicy, &mode, NULL, 0, m, 0));
	show("get_mempolicy MPOL_F_ADDR",
	     syscall(SYS_get_mempolicy, &mode, NULL, 0, m, MPOL_F_ADDR));
	printf("mode: %d\n", mode);
	show("get_mempolicy MPOL_F_ADDR in the hole",
	     syscall(SYS_get_mempolicy, &mode, NULL, 0, m + 6 * pg, MPOL_F_ADDR));
	show("get_mempolicy MPOL_F_NODE (not interleaving)",
	     syscall(SYS_get_mempolicy, &mode, NULL, 0, NULL, MPOL_F_NODE));
	show("get_mempolicy mask too small", syscall(SYS_get_mempolicy, &mode, mask, 0, NULL, 0));
	show("mbind DEFAULT", syscall(SYS_mbind, m, pg, MPOL_DEFAULT, NULL, 0, 0));
	show("mbind unaligned", syscall(SYS_mbind, m + 1, pg, MPOL_DEFAULT, NULL, 0, 0));
	show("mbind over the hole", syscall(SYS_mbind, m, 8 * pg, MPOL_DEFAULT, NULL, 0, 0));
	show("mbind bad flags", syscall(SYS_mbind, m, pg, MPOL_DEFAULT, NULL, 0, 64));
	show("mbind length 0", syscall(SYS_mbind, m, 0, MPOL_DEFAULT, NULL, 0, 0));
	return 0;
}
