/* process_vm_readv / process_vm_writev between processes of the
 * sandbox: a parent reads and writes its child's memory, scattered over
 * several iovecs; a copy stops at the first unmapped page and returns what
 * it copied; errors for bad flags, pids, vectors and permission (a child
 * that became another user may not read root's memory). */
//! libc: glibc
#define _GNU_SOURCE
#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errname.h"

static void show(const char *what, long r)
{
	if (r < 0)
		printf("%s: -1 %s\n", what, errname(errno));
	else
		printf("%s: %ld\n", what, r);
}

static char secret[64] = "the child's secret, 64 bytes long, padded..";
static char *page; /* a page followed by an unmapped one, at the same address in the child */

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	page = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(page + 4096, 4096);
	memset(page, 'p', 4096);
	int go[2], done[2];
	pipe(go);
	pipe(done);
	pid_t c = fork();
	if (c == 0) {
		/* Change our copy so that the parent sees the child's. */
		strcpy(secret, "child memory");
		memset(page, 'c', 4096);
		write(done[1], "r", 1);
		char b;
		read(go[0], &b, 1); /* the parent wrote into us meanwhile */
		printf("child sees: %s\n", secret);
		printf("child's page starts with: %.5s\n", page);
		_exit(0);
	}
	char b;
	read(done[0], &b, 1);

	char buf1[5], buf2[20];
	struct iovec local[2] = {{buf1, 5}, {buf2, 20}};
	struct iovec remote[2] = {{secret, 6}, {secret + 6, 7}};
	memset(buf1, 0, sizeof(buf1));
	memset(buf2, 0, sizeof(buf2));
	show("process_vm_readv 13 bytes into 5+20", process_vm_readv(c, local, 2, remote, 2, 0));
	printf("read: %.5s|%.8s\n", buf1, buf2);

	/* Up to the unmapped page: the bytes before it. */
	char big[8192];
	struct iovec l1 = {big, sizeof(big)};
	struct iovec r1 = {page + 4000, 200};
	show("readv across the end of the mapping", process_vm_readv(c, &l1, 1, &r1, 1, 0));
	printf("got: %c%c\n", big[0], big[95]);
	struct iovec r2 = {page + 4096, 10};
	show("readv of only unmapped memory", process_vm_readv(c, &l1, 1, &r2, 1, 0));
	struct iovec lbad = {(void *)16, 10};
	struct iovec r3 = {secret, 10};
	show("readv into an unmapped local buffer", process_vm_readv(c, &lbad, 1, &r3, 1, 0));

	struct iovec w = {"PARENT", 6};
	struct iovec rw = {secret, 6};
	show("process_vm_writev 6 bytes", process_vm_writev(c, &w, 1, &rw, 1, 0));
	struct iovec wp = {"WRITE", 5};
	struct iovec rp = {page, 5};
	show("writev into the page", process_vm_writev(c, &wp, 1, &rp, 1, 0));

	show("flags 1", process_vm_readv(c, local, 2, remote, 2, 1));
	show("no such pid", process_vm_readv(999999, local, 2, remote, 2, 0));
	show("1025 local iovecs", process_vm_readv(c, local, 1025, remote, 2, 0));
	show("nothing to copy", process_vm_readv(c, local, 0, remote, 2, 0));
	show("bad local iovec array", process_vm_readv(c, (struct iovec *)16, 1, remote, 2, 0));
	show("bad remote iovec array", process_vm_readv(c, local, 2, (struct iovec *)16, 1, 0));
	struct iovec neg = {buf1, (size_t)-1};
	show("negative length", process_vm_readv(c, &neg, 1, remote, 1, 0));
	show("own memory", process_vm_readv(getpid(), local, 1, remote, 1, 0));

	write(go[1], "g", 1);
	waitpid(c, NULL, 0);

	/* Another user without CAP_SYS_PTRACE may not read root's memory. */
	pid_t parent = getpid();
	c = fork();
	if (c == 0) {
		setgid(65534);
		setuid(65534);
		show("as nobody: readv of root's process",
		     process_vm_readv(parent, local, 1, remote, 1, 0));
		_exit(0);
	}
	waitpid(c, NULL, 0);
	return 0;
}
