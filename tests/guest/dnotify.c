/* Directory notification (F_NOTIFY): ENOTDIR off a directory, the caller
 * becomes the owner, each DN_* kind of change to an entry of the directory
 * (not of a subdirectory's) signals it, with si_code POLL_MSG and si_fd
 * under F_SETSIG; without DN_MULTISHOT once only; 0 and closing the fd
 * end it. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "errname.h"

static volatile sig_atomic_t got, code, sfd;

static void on_sig(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got++;
	code = si->si_code;
	sfd = si->si_fd;
	(void)sig;
}

static void check(const char *what, int fd)
{
	printf("%s: %d signal(s)", what, (int)got);
	if (got)
		printf(", code %d, fd %s", (int)code, sfd == fd ? "ok" : "other");
	printf("\n");
	got = 0;
}

int main(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sig;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGRTMIN + 1, &sa, NULL);
	sigaction(SIGIO, &sa, NULL);

	char dir[] = "/tmp/dnotify.XXXXXX";
	if (!mkdtemp(dir))
		return 1;
	if (chdir(dir) < 0)
		return 1;
	mkdir("sub", 0755);
	int f = open("file", O_CREAT | O_RDWR, 0644);
	printf("F_NOTIFY on a file: %s\n",
	       fcntl(f, F_NOTIFY, DN_MODIFY) < 0 ? errname(errno) : "0");
	int d = open(".", O_RDONLY | O_DIRECTORY);
	printf("F_GETOWN before: %d\n", fcntl(d, F_GETOWN));
	printf("F_NOTIFY DN_CREATE: %s\n",
	       fcntl(d, F_NOTIFY, DN_CREATE) < 0 ? errname(errno) : "0");
	printf("F_GETOWN after is self: %d\n", fcntl(d, F_GETOWN) == getpid());
	close(open("a", O_CREAT | O_WRONLY, 0644));
	check("create (plain SIGIO)", d);
	close(open("b", O_CREAT | O_WRONLY, 0644));
	check("second create, no DN_MULTISHOT", d);

	fcntl(d, F_SETSIG, SIGRTMIN + 1);
	fcntl(d, F_NOTIFY,
	      DN_CREATE | DN_DELETE | DN_RENAME | DN_ATTRIB | DN_MODIFY | DN_MULTISHOT);
	close(open("c", O_CREAT | O_WRONLY, 0644));
	check("create", d);
	unlink("c");
	check("unlink", d);
	rename("a", "a2");
	check("rename", d);
	chmod("a2", 0600);
	check("chmod", d);
	write(f, "x", 1);
	check("write", d);
	char buf[4];
	pread(f, buf, 1, 0);
	check("read (no DN_ACCESS)", d);
	close(open("sub/deep", O_CREAT | O_WRONLY, 0644));
	check("create in a subdirectory", d);
	mkdir("newdir", 0755);
	check("mkdir", d);
	rmdir("newdir");
	check("rmdir", d);
	fcntl(d, F_NOTIFY, DN_ACCESS | DN_MULTISHOT);
	pread(f, buf, 1, 0);
	check("read with DN_ACCESS only", d);
	write(f, "y", 1);
	check("write with DN_ACCESS only", d);
	chmod(".", 0700);
	check("chmod of the directory itself", d);
	fcntl(d, F_NOTIFY, 0);
	pread(f, buf, 1, 0);
	check("after F_NOTIFY 0", d);
	printf("F_NOTIFY DN_MULTISHOT alone on a file: %s\n",
	       fcntl(f, F_NOTIFY, DN_MULTISHOT) < 0 ? errname(errno) : "0");

	/* An inotify instance tells its owner too (O_ASYNC). */
	int in = inotify_init1(IN_NONBLOCK);
	inotify_add_watch(in, ".", IN_CREATE);
	fcntl(in, F_SETOWN, getpid());
	fcntl(in, F_SETSIG, SIGRTMIN + 1);
	fcntl(in, F_SETFL, fcntl(in, F_GETFL) | O_ASYNC);
	close(open("i", O_CREAT | O_WRONLY, 0644));
	check("inotify event, O_ASYNC", in);
	close(in);
	unlink("i");

	/* A second fd of the same file: closing it ends the notification. */
	int d2 = dup(d);
	fcntl(d2, F_NOTIFY, DN_CREATE | DN_MULTISHOT);
	close(open("e", O_CREAT | O_WRONLY, 0644));
	check("create, set through a dup", d2);
	close(d2);
	close(open("g", O_CREAT | O_WRONLY, 0644));
	check("create after closing that fd", d);

	const char *names[] = {"a2", "b", "e", "g", "file", "sub/deep"};
	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		unlink(names[i]);
	rmdir("sub");
	chdir("/");
	rmdir(dir);
	return 0;
}
