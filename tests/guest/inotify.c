/* inotify: the events of creating, opening, writing (merged when the same
 * twice in a row), reading, closing, chmod, truncate, renaming (a cookie
 * ties MOVED_FROM to MOVED_TO), linking and removing files and
 * directories, as a directory's watch sees them (with names) and a file's
 * (IN_MOVE_SELF, IN_DELETE_SELF, IN_IGNORED); IN_ONESHOT, IN_MASK_ADD,
 * IN_MASK_CREATE, inotify_rm_watch; a blocking read woken by a change
 * made by another process, poll, FIONREAD; the errors. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "errname.h"

static int dirwd, filewd;

static const char *who(int wd)
{
	return wd == dirwd ? "dir" : wd == filewd ? "file" : wd == -1 ? "-" : "other";
}

static void mask_names(uint32_t m, char *out, size_t n)
{
	static const struct {
		uint32_t bit;
		const char *name;
	} names[] = {{IN_ACCESS, "ACCESS"},
		     {IN_MODIFY, "MODIFY"},
		     {IN_ATTRIB, "ATTRIB"},
		     {IN_CLOSE_WRITE, "CLOSE_WRITE"},
		     {IN_CLOSE_NOWRITE, "CLOSE_NOWRITE"},
		     {IN_OPEN, "OPEN"},
		     {IN_MOVED_FROM, "MOVED_FROM"},
		     {IN_MOVED_TO, "MOVED_TO"},
		     {IN_CREATE, "CREATE"},
		     {IN_DELETE, "DELETE"},
		     {IN_DELETE_SELF, "DELETE_SELF"},
		     {IN_MOVE_SELF, "MOVE_SELF"},
		     {IN_IGNORED, "IGNORED"},
		     {IN_Q_OVERFLOW, "Q_OVERFLOW"},
		     {IN_ISDIR, "ISDIR"}};
	out[0] = '\0';
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (m & names[i].bit) {
			if (out[0])
				strncat(out, "|", n - strlen(out) - 1);
			strncat(out, names[i].name, n - strlen(out) - 1);
		}
	}
}

static void drain(int fd, const char *what)
{
	char buf[8192] __attribute__((aligned(8)));
	printf("-- %s\n", what);
	uint32_t first_cookie = 0;
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n <= 0) {
			if (n < 0 && errno != EAGAIN)
				printf("read: %s\n", errname(errno));
			return;
		}
		for (char *p = buf; p < buf + n;) {
			struct inotify_event *e = (struct inotify_event *)p;
			char m[200];
			mask_names(e->mask, m, sizeof(m));
			const char *c = "";
			if (e->cookie) {
				if (!first_cookie)
					first_cookie = e->cookie;
				c = e->cookie == first_cookie ? " cookie A" : " cookie B";
			}
			printf("%s %s%s %s\n", who(e->wd), m, c, e->len ? e->name : "");
			p += sizeof(*e) + e->len;
		}
	}
}

int main(void)
{
	/* The directory the tests share: start from nothing of ours. */
	unlink("ino.d/f");
	unlink("ino.d/g");
	unlink("ino.d/h");
	unlink("ino.d/o");
	rmdir("ino.d/sub");
	rmdir("ino.d");
	if (mkdir("ino.d", 0755) < 0)
		printf("mkdir: %s\n", errname(errno));
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (fd < 0) {
		printf("inotify_init1: %s\n", errname(errno));
		return 1;
	}
	dirwd = inotify_add_watch(fd, "ino.d", IN_ALL_EVENTS);
	printf("dir wd positive: %s\n", dirwd > 0 ? "yes" : "no");

	int f = open("ino.d/f", O_CREAT | O_WRONLY, 0644);
	write(f, "a", 1);
	write(f, "b", 1);
	close(f);
	drain(fd, "create, two writes, close");

	filewd = inotify_add_watch(fd, "ino.d/f", IN_ALL_EVENTS);
	printf("file wd differs: %s\n", filewd > 0 && filewd != dirwd ? "yes" : "no");
	chmod("ino.d/f", 0600);
	char c;
	f = open("ino.d/f", O_RDONLY);
	read(f, &c, 1);
	close(f);
	truncate("ino.d/f", 0);
	drain(fd, "chmod, read, truncate");

	rename("ino.d/f", "ino.d/g");
	mkdir("ino.d/sub", 0755);
	link("ino.d/g", "ino.d/h");
	unlink("ino.d/g");
	drain(fd, "rename, mkdir, link, unlink");
	unlink("ino.d/h");
	rmdir("ino.d/sub");
	drain(fd, "the last link, rmdir");

	/* Watch options. */
	close(open("ino.d/o", O_CREAT | O_WRONLY, 0644));
	int ow = inotify_add_watch(fd, "ino.d/o", IN_ATTRIB | IN_ONESHOT);
	printf("IN_MASK_CREATE on a watched file: %s\n",
	       res(inotify_add_watch(fd, "ino.d/o", IN_MODIFY | IN_MASK_CREATE)));
	printf("IN_MASK_ADD gives the same wd: %s\n",
	       inotify_add_watch(fd, "ino.d/o", IN_ATTRIB | IN_MASK_ADD) == ow ? "yes" : "no");
	inotify_rm_watch(fd, dirwd);
	dirwd = -2;
	filewd = ow;
	chmod("ino.d/o", 0600);
	chmod("ino.d/o", 0644);
	drain(fd, "rm_watch of the directory, a oneshot file watch, two chmods");
	printf("rm_watch of the oneshot wd: %s\n", res(inotify_rm_watch(fd, ow)));

	/* A blocking read, woken by another process. */
	int bfd = inotify_init();
	dirwd = inotify_add_watch(bfd, "ino.d", IN_CREATE);
	filewd = -2;
	struct pollfd pfd = {.fd = bfd, .events = POLLIN};
	printf("poll before: %d\n", poll(&pfd, 1, 0));
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		usleep(50000);
		close(open("ino.d/late", O_CREAT | O_WRONLY, 0644));
		_exit(0);
	}
	char buf[256] __attribute__((aligned(8)));
	ssize_t n = read(bfd, buf, sizeof(buf));
	struct inotify_event *e = (struct inotify_event *)buf;
	printf("blocking read: %zd bytes, %s %s\n", n,
	       n > 0 && e->mask == IN_CREATE ? "CREATE" : "?", n > 0 ? e->name : "");
	waitpid(pid, NULL, 0);
	unlink("ino.d/late");
	int avail = -1;
	ioctl(bfd, FIONREAD, &avail);
	printf("FIONREAD after the create was read: %d\n", avail);
	close(open("ino.d/again", O_CREAT | O_WRONLY, 0644));
	ioctl(bfd, FIONREAD, &avail);
	printf("FIONREAD with one event named \"again\": %d\n", avail);
	printf("poll after: %d\n", poll(&pfd, 1, 0));
	printf("read into 8 bytes: %s\n", res(read(bfd, buf, 8)));
	unlink("ino.d/again");

	/* The limits, in /proc/sys/fs/inotify. */
	const char *lim[] = {"max_queued_events", "max_user_instances", "max_user_watches"};
	for (int i = 0; i < 3; i++) {
		char path[96];
		snprintf(path, sizeof(path), "/proc/sys/fs/inotify/%s", lim[i]);
		FILE *lf = fopen(path, "r");
		long v = -1;
		if (lf) {
			if (fscanf(lf, "%ld", &v) != 1)
				v = -1;
			fclose(lf);
		}
		printf("%s positive: %s\n", lim[i], v > 0 ? "yes" : "no");
	}

	/* Errors. */
	printf("add_watch, bad fd: %s\n", res(inotify_add_watch(99, "ino.d", IN_ALL_EVENTS)));
	printf("add_watch, not inotify: %s\n", res(inotify_add_watch(0, "ino.d", IN_ALL_EVENTS)));
	printf("add_watch, no events: %s\n", res(inotify_add_watch(fd, "ino.d", 0)));
	printf("add_watch, MASK_ADD and MASK_CREATE: %s\n",
	       res(inotify_add_watch(fd, "ino.d", IN_ATTRIB | IN_MASK_ADD | IN_MASK_CREATE)));
	printf("add_watch, missing path: %s\n", res(inotify_add_watch(fd, "nope", IN_ALL_EVENTS)));
	close(open("ino.file", O_CREAT | O_WRONLY, 0644));
	printf("add_watch, ONLYDIR on a file: %s\n",
	       res(inotify_add_watch(fd, "ino.file", IN_ALL_EVENTS | IN_ONLYDIR)));
	printf("rm_watch, unknown wd: %s\n", res(inotify_rm_watch(fd, 12345)));
	printf("rm_watch, not inotify: %s\n", res(inotify_rm_watch(0, 1)));
	printf("init1, bad flags: %s\n", res(inotify_init1(1)));
	unlink("ino.file");
	unlink("ino.d/o");
	rmdir("ino.d");
	return 0;
}
