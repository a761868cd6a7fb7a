/* What /proc holds, and what each file says.  Formats are Linux's
 * (fs/proc/array.c, base.c, ...), since programs parse them. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

#include "../kernel/task.h"
#include "../mm/mm.h"
#include "fdtable.h"
#include "file.h"
#include "procfs.h"

/* A range of the target's memory (cmdline, environ), NUL bytes kept. */
static int gen_mem_range(struct task *t, uint64_t start, uint64_t end, struct sbuf *b)
{
	if (!t || !t->mm)
		return 0;
	char buf[4096];
	while (start < end) {
		size_t n = end - start < sizeof(buf) ? end - start : sizeof(buf);
		if (copy_from_user(t->mm, buf, start, n) < 0)
			break;
		sbuf_write(b, buf, n);
		start += n;
	}
	return 0;
}

static int gen_cmdline(struct task *viewer, struct task *t, int arg, struct sbuf *b)
{
	(void)viewer, (void)arg;
	return t && t->mm ? gen_mem_range(t, t->mm->arg_start, t->mm->arg_end, b) : 0;
}

static int gen_environ(struct task *viewer, struct task *t, int arg, struct sbuf *b)
{
	(void)viewer, (void)arg;
	return t && t->mm ? gen_mem_range(t, t->mm->env_start, t->mm->env_end, b) : 0;
}

static int gen_comm(struct task *viewer, struct task *t, int arg, struct sbuf *b)
{
	(void)viewer, (void)arg;
	sbuf_printf(b, "%s\n", t->comm);
	return 0;
}

static int gen_mounts_link(struct task *viewer, struct task *t, int arg, struct sbuf *b)
{
	(void)viewer, (void)t, (void)arg;
	sbuf_printf(b, "self/mounts");
	return 0;
}

int proc_fdinfo_gen(struct task *viewer, struct task *t, int fd, struct sbuf *b)
{
	(void)viewer;
	struct file *f = t && t->files ? fd_get(t->files, fd) : NULL;
	if (!f)
		return -ENOENT;
	sbuf_printf(b, "pos:\t%lld\nflags:\t0%o\nmnt_id:\t%d\nino:\t%llu\n", (long long)f->pos,
		    f->flags | (fd_cloexec(t->files, fd) ? O_CLOEXEC : 0),
		    f->path.mnt ? f->path.mnt->id : 0,
		    (unsigned long long)(f->inode ? f->inode->ino : 0));
	return 0;
}

#define DIR(n, c) {.name = n, .mode = S_IFDIR | 0555, .children = c}
#define FILE_(n, g) {.name = n, .mode = S_IFREG | 0444, .gen = g}
#define LINK(n, l) {.name = n, .mode = S_IFLNK | 0777, .link = l}

const struct proc_entry proc_pid_files[] = {
	FILE_("cmdline", gen_cmdline),
	FILE_("comm", gen_comm),
	LINK("cwd", PROC_LINK_CWD),
	FILE_("environ", gen_environ),
	LINK("exe", PROC_LINK_EXE),
	{.name = "fd", .mode = S_IFDIR | 0500, .link = PROC_LINK_FD},
	{.name = "fdinfo", .mode = S_IFDIR | 0500, .link = PROC_LINK_FD},
	LINK("root", PROC_LINK_ROOT),
	{.name = "task", .mode = S_IFDIR | 0555},
	{0},
};

const struct proc_entry proc_tid_files[] = {
	FILE_("cmdline", gen_cmdline),
	FILE_("comm", gen_comm),
	LINK("cwd", PROC_LINK_CWD),
	FILE_("environ", gen_environ),
	LINK("exe", PROC_LINK_EXE),
	{.name = "fd", .mode = S_IFDIR | 0500, .link = PROC_LINK_FD},
	{.name = "fdinfo", .mode = S_IFDIR | 0500, .link = PROC_LINK_FD},
	LINK("root", PROC_LINK_ROOT),
	{0},
};

const struct proc_entry proc_root_files[] = {
	{.name = "mounts", .mode = S_IFLNK | 0777, .gen = gen_mounts_link},
	LINK("self", PROC_LINK_SELF),
	LINK("thread-self", PROC_LINK_THREAD_SELF),
	{0},
};
