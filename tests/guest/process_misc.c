/* Small per-process facts that are the same natively and under sbx: the
 * working directory, resource limits (read back after a change),
 * set_tid_address, the %fs base, sched_yield. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#define ARCH_GET_FS 0x1003 /* <asm/prctl.h>, which musl lacks */

int main(void)
{
	char cwd[4096];
	printf("getcwd: %s\n", getcwd(cwd, sizeof cwd) ? cwd : strerror(errno));
	errno = 0;
	printf("getcwd into 1 byte: %s\n", getcwd(cwd, 1) ? "ok" : strerror(errno));

	struct rlimit r, r2;
	getrlimit(RLIMIT_CORE, &r);
	r2 = r;
	r2.rlim_cur = 0;
	printf("setrlimit(RLIMIT_CORE, 0): %d\n", setrlimit(RLIMIT_CORE, &r2));
	getrlimit(RLIMIT_CORE, &r2);
	printf("read back: cur %llu, max unchanged: %s\n", (unsigned long long)r2.rlim_cur,
	       r2.rlim_max == r.rlim_max ? "yes" : "no");
	struct rlimit bad = {.rlim_cur = 2, .rlim_max = 1};
	errno = 0;
	long ret = setrlimit(RLIMIT_CORE, &bad);
	printf("soft above hard: %ld %s\n", ret, strerror(errno));
	errno = 0;
	ret = syscall(SYS_getrlimit, 1000, &r);
	printf("bad resource: %ld %s\n", ret, strerror(errno));
	struct rlimit a, b;
	getrlimit(RLIMIT_STACK, &a);
	syscall(SYS_prlimit64, 0, RLIMIT_STACK, NULL, &b);
	printf("prlimit64 agrees with getrlimit: %s\n",
	       a.rlim_cur == b.rlim_cur && a.rlim_max == b.rlim_max ? "yes" : "no");

	printf("sched_yield: %d\n", sched_yield());

	long tid = syscall(SYS_gettid);
	static int clear_word;
	printf("set_tid_address returns the tid: %s\n",
	       syscall(SYS_set_tid_address, &clear_word) == tid ? "yes" : "no");

	unsigned long fs = 0, self = 0;
	syscall(SYS_arch_prctl, ARCH_GET_FS, &fs);
	__asm__ volatile("movq %%fs:0, %0" : "=r"(self));
	printf("ARCH_GET_FS is the TLS block (%%fs:0 points to itself): %s\n",
	       fs && fs == self ? "yes" : "no");
	errno = 0;
	ret = syscall(SYS_arch_prctl, 0x9999, &fs);
	printf("arch_prctl bad code: %ld %s\n", ret, strerror(errno));
	return 0;
}
