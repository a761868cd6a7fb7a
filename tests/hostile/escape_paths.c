/* Tries to create or change host files through every path trick: absolute
 * paths, "..", symlinks, /proc's magic links, a chroot escape, device nodes
 * and the sandbox's own canary.  Whatever the guest manages must stay in the
 * sandbox: the harness then looks for the mark on the host. */
#include "hostile.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

static void create(const char *dir, const char *how)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s-%s", dir, mark(), how);
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0666);
	tried(path, fd);
	if (fd >= 0) {
		if (write(fd, "escaped\n", 8) < 0)
			perror("write");
		close(fd);
	}
	char d[4096];
	snprintf(d, sizeof(d), "%s/%s-%s.d", dir, mark(), how);
	tried(d, mkdir(d, 0777));
}

int main(void)
{
	static const char *dirs[] = {"/", "/tmp", "/var/tmp", "/root", "/dev/shm", "."};
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		create(dirs[i], "abs");
	create("../../../../../../../../tmp", "dotdot");
	create("/proc/self/root/tmp", "procroot");
	create("/proc/1/root/tmp", "initroot");
	create("/proc/self/cwd", "proccwd");
	create("/proc/self/cwd/../../../../tmp", "proccwd-dotdot");

	/* Every pid's root and cwd the sandbox shows. */
	DIR *p = opendir("/proc");
	struct dirent *e;
	while (p && (e = readdir(p))) {
		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		char dir[300];
		snprintf(dir, sizeof(dir), "/proc/%s/root/tmp", e->d_name);
		create(dir, "pidroot");
		snprintf(dir, sizeof(dir), "/proc/%s/cwd", e->d_name);
		create(dir, "pidcwd");
	}
	if (p)
		closedir(p);

	/* Symlinks pointing out, followed for creation. */
	char l[256];
	snprintf(l, sizeof(l), "%s-link", mark());
	tried("symlink /tmp", symlink("/tmp", l));
	create(l, "via-symlink");
	char target[300];
	snprintf(target, sizeof(target), "/tmp/%s-dangling", mark());
	snprintf(l, sizeof(l), "%s-dangling-link", mark());
	tried("symlink dangling", symlink(target, l));
	tried("open through a dangling symlink", open(l, O_CREAT | O_WRONLY, 0666));

	/* An fd of a directory, then openat relative to it and through
	 * /proc/self/fd. */
	int dfd = open("/tmp", O_RDONLY | O_DIRECTORY);
	char name[300];
	snprintf(name, sizeof(name), "%s-openat", mark());
	tried("openat /tmp", openat(dfd, name, O_CREAT | O_WRONLY, 0666));
	snprintf(name, sizeof(name), "/proc/self/fd/%d", dfd);
	create(name, "procfd");

	/* The classic chroot escape. */
	char jail[300];
	snprintf(jail, sizeof(jail), "%s-jail", mark());
	mkdir(jail, 0755);
	if (fork() == 0) {
		tried("chroot", chroot(jail));
		for (int i = 0; i < 64; i++)
			if (chdir("..") < 0)
				break;
		tried("chroot .", chroot("."));
		create("/tmp", "chroot-escape");
		_exit(0);
	}
	wait(NULL);

	/* The host's disks, through device nodes the guest makes. */
	char dev[300];
	snprintf(dev, sizeof(dev), "%s-sda", mark());
	tried("mknod block 8:0", mknod(dev, S_IFBLK | 0600, makedev(8, 0)));
	tried("open it", open(dev, O_RDWR));
	snprintf(dev, sizeof(dev), "%s-mem", mark());
	tried("mknod char 1:1", mknod(dev, S_IFCHR | 0600, makedev(1, 1)));
	tried("open it", open(dev, O_RDWR));
	tried("mount /dev/sda1", mount("/dev/sda1", "/mnt", "ext4", 0, NULL));
	tried("mount --bind / /mnt", mount("/", "/mnt", NULL, MS_BIND, NULL));

	/* The canary and the program itself, in the run's host directory. */
	int fd = open("canary", O_WRONLY | O_APPEND);
	tried("append to the canary", fd >= 0 ? write(fd, "x\n", 2) : -1);
	tried("truncate the canary", truncate("canary", 0));
	tried("chmod the canary", chmod("canary", 0));
	snprintf(name, sizeof(name), "%s-renamed", mark());
	tried("rename the canary", rename("canary", name));
	tried("unlink the program", unlink("escape_paths"));
	snprintf(name, sizeof(name), "%s-hardlink", mark());
	tried("link /etc/passwd", link("/etc/passwd", name));
	fd = open("/etc/passwd", O_WRONLY | O_APPEND);
	tried("append to /etc/passwd", fd >= 0 ? write(fd, "", 0) : -1);
	return 0;
}
