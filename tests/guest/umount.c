/* umount2 as root: a tmpfs mounted on a directory goes away (its files
 * with it, the directory below shows again), EBUSY while a file is open or
 * a cwd is inside or another mount sits on it, MNT_DETACH takes it all
 * the same (the open file stays usable), MNT_EXPIRE asks first (EAGAIN),
 * EINVAL for what is no mount.  Natively the program first moves into a
 * new mount namespace, so nothing reaches the machine running the tests;
 * in the sandbox that is refused and the mounts are the sandbox's own. */
//! libc: glibc
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "errname.h"

static void show(const char *what, int r)
{
	printf("%-40s %s\n", what, r == 0 ? "ok" : errname(errno));
}

static const char *exists(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 ? "yes" : "no";
}

int main(void)
{
	if (unshare(CLONE_NEWNS) == 0)
		mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
	mkdir("um", 0755);
	close(open("um/below", O_CREAT | O_WRONLY, 0644));
	show("mount tmpfs", mount("none", "um", "tmpfs", 0, NULL));
	close(open("um/inside", O_CREAT | O_WRONLY, 0644));
	printf("below hidden: %s, inside there: %s\n", exists("um/below")[0] == 'n' ? "yes" : "no",
	       exists("um/inside"));

	int fd = open("um/inside", O_RDWR);
	show("umount with a file open", umount2("um", 0));
	close(fd);
	if (chdir("um") == 0) {
		show("umount with the cwd inside", umount2("../um", 0));
		chdir("..");
	}
	mkdir("um/sub", 0755);
	show("mount on a subdirectory", mount("none", "um/sub", "tmpfs", 0, NULL));
	show("umount with a submount", umount2("um", 0));
	show("umount the submount", umount2("um/sub", 0));
	show("MNT_EXPIRE", umount2("um", MNT_EXPIRE));
	show("MNT_EXPIRE with MNT_DETACH", umount2("um", MNT_EXPIRE | MNT_DETACH));
	show("umount", umount2("um", 0));
	printf("below shows again: %s, inside gone: %s\n", exists("um/below"),
	       exists("um/inside")[0] == 'n' ? "yes" : "no");
	show("umount again", umount2("um", 0));
	show("umount a plain directory", umount2(".", 0));

	show("mount tmpfs again", mount("none", "um", "tmpfs", 0, NULL));
	fd = open("um/kept", O_CREAT | O_RDWR, 0644);
	write(fd, "still here", 10);
	show("MNT_DETACH with a file open", umount2("um", MNT_DETACH));
	char buf[16] = {0};
	pread(fd, buf, sizeof(buf) - 1, 0);
	printf("the open file reads: %s\n", buf);
	printf("gone from the tree: %s\n", exists("um/kept")[0] == 'n' ? "yes" : "no");
	close(fd);
	unlink("um/below");
	rmdir("um");
	return 0;
}
