/* O_CREAT through a symlink: a dangling link creates its target (in the
 * directory the link's text leads to), O_EXCL refuses the link itself,
 * O_NOFOLLOW gives ELOOP, and a link into a missing directory ENOENT. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void show(const char *what, int fd)
{
	printf("%s: %s\n", what, fd >= 0 ? "ok" : strerrorname_np(errno));
	if (fd >= 0)
		close(fd);
}

int main(void)
{
	char dir[] = "/tmp/symcreate.XXXXXX";
	if (!mkdtemp(dir) || chdir(dir) < 0)
		return 1;
	struct stat st;
	symlink("t", "l");
	show("open a dangling link with O_CREAT", open("l", O_CREAT | O_WRONLY, 0600));
	printf("its target exists: %s\n", stat("t", &st) == 0 ? "yes" : "no");
	printf("the link is still a link: %s\n",
	       lstat("l", &st) == 0 && S_ISLNK(st.st_mode) ? "yes" : "no");
	show("again, now that the target exists", open("l", O_CREAT | O_WRONLY, 0600));
	unlink("t");
	show("O_CREAT|O_EXCL on the dangling link", open("l", O_CREAT | O_EXCL | O_WRONLY, 0600));
	show("O_CREAT|O_NOFOLLOW on it", open("l", O_CREAT | O_NOFOLLOW | O_WRONLY, 0600));
	mkdir("d", 0700);
	symlink("d/inner", "l2");
	show("a link into a directory", open("l2", O_CREAT | O_WRONLY, 0600));
	printf("d/inner exists: %s\n", stat("d/inner", &st) == 0 ? "yes" : "no");
	symlink("missing/x", "l3");
	show("a link into a missing directory", open("l3", O_CREAT | O_WRONLY, 0600));
	symlink("l", "l4");
	show("a chain of two links", open("l4", O_CREAT | O_WRONLY, 0600));
	printf("t exists again: %s\n", stat("t", &st) == 0 ? "yes" : "no");
	symlink("/tmp", "l5");
	show("a link to a directory", open("l5", O_CREAT | O_WRONLY, 0600));
	unlink("l"), unlink("l2"), unlink("l3"), unlink("l4"), unlink("l5"), unlink("t");
	unlink("d/inner"), rmdir("d");
	chdir("/");
	printf("cleaned up: %s\n", rmdir(dir) == 0 ? "yes" : strerrorname_np(errno));
	return 0;
}
