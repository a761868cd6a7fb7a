/* Mounts and names as root: mount(2) of a tmpfs and of proc onto a
 * directory, bind mounts, read-only remounts and propagation changes;
 * sethostname/setdomainname and uname; personality.  Natively the program
 * first moves into new mount and UTS namespaces so that nothing reaches
 * the machine running the tests; in the sandbox unshare is refused (EPERM:
 * the sandbox offers no namespaces) and the changes stay in the sandbox.
 * The result of unshare is not printed: it is the one difference. */
//! libc: glibc
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
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

static void show_stat(const char *path)
{
	struct stat st;
	if (stat(path, &st) < 0)
		printf("stat %s: %s\n", path, errname(errno));
	else
		printf("stat %s: mode %o uid %u\n", path, st.st_mode, st.st_uid);
}

static void drop_sys_admin(void)
{
	struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct d[2];
	syscall(SYS_capget, &h, d);
	d[0].effective &= ~(1u << CAP_SYS_ADMIN);
	syscall(SYS_capset, &h, d);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (unshare(CLONE_NEWNS | CLONE_NEWUTS) == 0)
		mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
	show("make / private", mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL));
	show("propagation: two types", mount(NULL, "/", NULL, MS_PRIVATE | MS_SHARED, NULL));

	rmdir("mnt_t");
	rmdir("mnt_p");
	rmdir("mnt_b");
	unlink("mnt_f");
	mkdir("mnt_t", 0755);
	mkdir("mnt_p", 0755);
	mkdir("mnt_b", 0755);
	close(open("mnt_f", O_CREAT | O_WRONLY, 0644));

	show("mount tmpfs mode=0710,uid=5",
	     mount("sbxtmp", "mnt_t", "tmpfs", 0, "mode=0710,uid=5"));
	show_stat("mnt_t");
	int fd = open("mnt_t/file", O_CREAT | O_WRONLY, 0600);
	show("create a file in it", fd >= 0 ? 0 : -1);
	if (fd >= 0) {
		write(fd, "hello", 5);
		close(fd);
	}
	show_stat("mnt_t/file");
	show("remount read-only",
	     mount(NULL, "mnt_t", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL));
	show("create in the read-only mount", open("mnt_t/other", O_CREAT | O_WRONLY, 0600));
	show("remount read-write", mount(NULL, "mnt_t", NULL, MS_REMOUNT | MS_BIND, NULL));
	fd = open("mnt_t/other", O_CREAT | O_WRONLY, 0600);
	show("create after remount", fd >= 0 ? 0 : -1);
	if (fd >= 0)
		close(fd);
	show("remount a directory that is no mount", mount(NULL, "mnt_b", NULL, MS_REMOUNT, NULL));

	show("bind mnt_t onto mnt_b", mount("mnt_t", "mnt_b", NULL, MS_BIND, NULL));
	char buf[16] = "";
	fd = open("mnt_b/file", O_RDONLY);
	if (fd >= 0) {
		read(fd, buf, sizeof(buf) - 1);
		close(fd);
	}
	printf("through the bind mount: %s\n", buf);
	show("bind a file onto a directory", mount("mnt_f", "mnt_p", NULL, MS_BIND, NULL));
	show("bind without a source", mount(NULL, "mnt_p", NULL, MS_BIND, NULL));

	show("mount proc", mount("proc", "mnt_p", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL));
	char line[256];
	FILE *f = fopen("mnt_p/self/status", "r");
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "Name:", 5))
			printf("mnt_p/self/status %s", line);
	if (f)
		fclose(f);

	show("mount an unknown type", mount("x", "mnt_f", "nosuchfs", 0, NULL));
	show("mount tmpfs on a file", mount("x", "mnt_f", "tmpfs", 0, NULL));
	show("mount tmpfs with a bad option", mount("x", "mnt_b", "tmpfs", 0, "colour=blue"));
	show("mount without a type", mount("x", "mnt_b", NULL, 0, NULL));
	show("mount on a missing directory", mount("x", "no_such_dir", "tmpfs", 0, NULL));
	show("mount with a bad type pointer", mount("x", "mnt_b", (char *)16, 0, NULL));
	show("umount2 of a directory that is no mount", umount2("mnt_f", 0));
	show("umount2 bad flags", umount2("mnt_t", 0x100));

	/* setns: only its argument checks (joining a namespace differs). */
	show("setns bad fd", setns(999, 0));
	int ffd = open("mnt_f", O_RDONLY);
	show("setns on a regular file", setns(ffd, CLONE_NEWUTS));
	close(ffd);
	int pfd = (int)syscall(SYS_pidfd_open, getpid(), 0);
	show("setns pidfd without flags", setns(pfd, 0));
	show("setns pidfd unknown flag", setns(pfd, CLONE_VM));
	close(pfd);

	/* Host and domain names. */
	show("sethostname", sethostname("sbx-test-host", 13));
	show("setdomainname", setdomainname("example.org", 11));
	struct utsname u;
	uname(&u);
	printf("uname: %s %s\n", u.nodename, u.domainname);
	show("sethostname 65 bytes", sethostname(line, 65));
	show("sethostname bad pointer", syscall(SYS_sethostname, (char *)16, 5));
	show("sethostname negative length", syscall(SYS_sethostname, "x", -1));

	/* personality */
	show("personality query", personality(0xffffffff));
	show("personality PER_LINUX32", personality(PER_LINUX32));
	uname(&u);
	printf("machine under PER_LINUX32: %s\n", u.machine);
	show("personality UNAME26", personality(PER_LINUX | UNAME26));
	uname(&u);
	printf("release under UNAME26 starts with 2.6.: %s\n",
	       !strncmp(u.release, "2.6.", 4) ? "yes" : "no");
	show("personality back", personality(PER_LINUX));
	pid_t c = fork();
	if (c == 0) {
		personality(ADDR_NO_RANDOMIZE);
		pid_t g = fork();
		if (g == 0) {
			show("grandchild inherits the personality", personality(0xffffffff));
			_exit(0);
		}
		waitpid(g, NULL, 0);
		_exit(0);
	}
	waitpid(c, NULL, 0);

	/* Without CAP_SYS_ADMIN. */
	c = fork();
	if (c == 0) {
		drop_sys_admin();
		show("unprivileged mount", mount("x", "mnt_b", "tmpfs", 0, NULL));
		show("unprivileged umount2", umount2("mnt_t", 0));
		show("unprivileged sethostname", sethostname("x", 1));
		show("unprivileged setdomainname", setdomainname("x", 1));
		show("unprivileged mount on a missing directory",
		     mount("x", "no_such_dir", "tmpfs", 0, NULL));
		_exit(0);
	}
	waitpid(c, NULL, 0);
	return 0;
}
