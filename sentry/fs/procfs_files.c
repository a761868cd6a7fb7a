/* What /proc/<pid> and /proc/<pid>/task/<tid> hold, and the small files
 * among them.  Formats are Linux's (fs/proc/base.c, array.c), since
 * programs parse them; stat, status and the memory maps are in
 * procfs_stat.c and procfs_maps.c, /proc's own files in procfs_sys.c. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "../kernel/task.h"
#include "../mm/mm.h"
#include "fdtable.h"
#include "file.h"
#include "procfs.h"

/* A range of the target's memory, NUL bytes kept; stops at the first
 * page that cannot be read. */
static void gen_mem_range(struct mm *mm, uint64_t start, uint64_t end, struct sbuf *b)
{
	char buf[4096];
	while (start < end) {
		size_t n = end - start < sizeof(buf) ? end - start : sizeof(buf);
		if (copy_from_user(mm, buf, start, n) < 0)
			break;
		sbuf_write(b, buf, n);
		start += n;
	}
}

/* get_mm_cmdline: the argument strings; when the program has overwritten
 * the last NUL (setproctitle), the text from the start of the arguments up
 * to its first NUL (included), read from one page (get_mm_proctitle), and
 * never past the environment. */
static int gen_cmdline(struct task *viewer, struct task *t, int arg, struct sbuf *b)
{
	(void)viewer, (void)arg;
	struct mm *mm = t->mm;
	if (!mm || mm->arg_end <= mm->arg_start)
		return 0;
	char last = 0;
	if (copy_from_user(mm, &last, mm->arg_end - 1, 1) == 0 && last) {
		uint64_t env_end = mm->env_start == mm->arg_end ? mm->env_end : mm->arg_end;
		uint64_t limit = env_end - mm->arg_start;
		char page[PAGE_SIZE];
		/* A page's worth, or what is readable of it (the stack's top). */
		size_t got = PAGE_SIZE - (mm->arg_start & (PAGE_SIZE - 1));
		if (copy_from_user(mm, page, mm->arg_start, got) < 0)
			return 0;
		if (got < PAGE_SIZE &&
		    copy_from_user(mm, page + got, mm->arg_start + got, PAGE_SIZE - got) == 0)
			got = PAGE_SIZE;
		size_t len = strnlen(page, got);
		if (len < got)
			len++;
		sbuf_write(b, page, len < limit ? len : (size_t)limit);
		return 0;
	}
	gen_mem_range(mm, mm->arg_start, mm->arg_end, b);
	return 0;
}

static int gen_environ(struct task *viewer, struct task *t, int arg, struct sbuf *b)
{
	(void)viewer, (void)arg;
	if (t->mm)
		gen_mem_range(t->mm, t->mm->env_start, t->mm->env_end, b);
	return 0;
}

static int gen_auxv(struct task *viewer, struct task *t, int arg, struct sbuf *b)
{
	(void)viewer, (void)arg;
	if (t->mm && t->mm->saved_auxv)
		sbuf_write(b, t->mm->saved_auxv, t->mm->saved_auxv_len);
	return 0;
}

static int gen_comm(struct task *viewer, struct task *t, int arg, struct sbuf *b)
{
	(void)viewer, (void)arg;
	sbuf_printf(b, "%.*s\n", (int)sizeof(t->comm), t->comm);
	return 0;
}

/* comm_write: the first 15 bytes as they are (a newline included), and
 * only for a thread of the writer's own process. */
static long write_comm(struct task *viewer, struct task *t, const char *buf, size_t len)
{
	if (!viewer || t->tg != viewer->tg)
		return -EINVAL;
	memset(t->comm, 0, sizeof(t->comm));
	memcpy(t->comm, buf, len < sizeof(t->comm) - 1 ? len : sizeof(t->comm) - 1);
	return (long)len;
}

/* proc_pid_limits */
static int gen_limits(struct task *viewer, struct task *t, int arg, struct sbuf *b)
{
	(void)viewer, (void)arg;
	static const struct {
		const char *name, *unit;
	} lim[RLIM_NLIMITS] = {
		[RLIMIT_CPU] = {"Max cpu time", "seconds"},
		[RLIMIT_FSIZE] = {"Max file size", "bytes"},
		[RLIMIT_DATA] = {"Max data size", "bytes"},
		[RLIMIT_STACK] = {"Max stack size", "bytes"},
		[RLIMIT_CORE] = {"Max core file size", "bytes"},
		[RLIMIT_RSS] = {"Max resident set", "bytes"},
		[RLIMIT_NPROC] = {"Max processes", "processes"},
		[RLIMIT_NOFILE] = {"Max open files", "files"},
		[RLIMIT_MEMLOCK] = {"Max locked memory", "bytes"},
		[RLIMIT_AS] = {"Max address space", "bytes"},
		[RLIMIT_LOCKS] = {"Max file locks", "locks"},
		[RLIMIT_SIGPENDING] = {"Max pending signals", "signals"},
		[RLIMIT_MSGQUEUE] = {"Max msgqueue size", "bytes"},
		[RLIMIT_NICE] = {"Max nice priority", NULL},
		[RLIMIT_RTPRIO] = {"Max realtime priority", NULL},
		[RLIMIT_RTTIME] = {"Max realtime timeout", "us"},
	};
	sbuf_printf(b, "%-25s %-20s %-20s %-10s\n", "Limit", "Soft Limit", "Hard Limit", "Units");
	for (int i = 0; i < RLIM_NLIMITS; i++) {
		const struct rlimit *r = &t->tg->rlim[i];
		sbuf_printf(b, "%-25s ", lim[i].name);
		if (r->rlim_cur == RLIM_INFINITY)
			sbuf_printf(b, "%-20s ", "unlimited");
		else
			sbuf_printf(b, "%-20llu ", (unsigned long long)r->rlim_cur);
		if (r->rlim_max == RLIM_INFINITY)
			sbuf_printf(b, "%-20s ", "unlimited");
		else
			sbuf_printf(b, "%-20llu ", (unsigned long long)r->rlim_max);
		if (lim[i].unit)
			sbuf_printf(b, "%-10s\n", lim[i].unit);
		else
			sbuf_printf(b, "\n");
	}
	return 0;
}

/* Files whose value sbx does not keep: what Linux shows for a process
 * nobody has changed (no cgroup of its own, no audit login, no OOM
 * adjustment, no I/O accounting). */
static int gen_cgroup(struct task *viewer, struct task *t, int arg, struct sbuf *b)
{
	(void)viewer, (void)t, (void)arg;
	sbuf_printf(b, "0::/\n");
	return 0;
}

static int gen_zero(struct task *viewer, struct task *t, int arg, struct sbuf *b)
{
	(void)viewer, (void)t, (void)arg;
	sbuf_printf(b, "0\n");
	return 0;
}

static int gen_no_id(struct task *viewer, struct task *t, int arg, struct sbuf *b)
{
	(void)viewer, (void)t, (void)arg;
	sbuf_printf(b, "%u", (unsigned)-1); /* AUDIT_SID_UNSET, no newline */
	return 0;
}

/* oom_score_adj and oom_adj: a valid value is taken (sbx has no OOM
 * killer to tell), anything else is EINVAL as in Linux. */
static long write_oom(struct task *viewer, struct task *t, const char *buf, size_t len)
{
	(void)viewer, (void)t;
	char *end;
	long v = strtol(buf, &end, 10);
	while (*end == '\n' || *end == ' ')
		end++;
	if (end == buf || *end || v < -1000 || v > 1000)
		return -EINVAL;
	return (long)len;
}

static int gen_wchan(struct task *viewer, struct task *t, int arg, struct sbuf *b)
{
	(void)viewer, (void)arg;
	/* The function a task sleeps in: sbx's sleeps are not kernel
	 * functions, so "0" as for a running task. */
	(void)t;
	sbuf_printf(b, "0");
	return 0;
}

static int gen_personality(struct task *viewer, struct task *t, int arg, struct sbuf *b)
{
	(void)viewer, (void)t, (void)arg;
	sbuf_printf(b, "%08x\n", 0u); /* PER_LINUX */
	return 0;
}

static int gen_io(struct task *viewer, struct task *t, int arg, struct sbuf *b)
{
	(void)viewer, (void)t, (void)arg;
	sbuf_printf(b, "rchar: 0\nwchar: 0\nsyscr: 0\nsyscw: 0\nread_bytes: 0\nwrite_bytes: 0\n"
		       "cancelled_write_bytes: 0\n");
	return 0;
}

static int gen_timerslack(struct task *viewer, struct task *t, int arg, struct sbuf *b)
{
	(void)viewer, (void)arg;
	sbuf_printf(b, "%llu\n",
		    (unsigned long long)(t->timer_slack_ns ? t->timer_slack_ns : 50000));
	return 0;
}

static long write_timerslack(struct task *viewer, struct task *t, const char *buf, size_t len)
{
	(void)viewer;
	char *end;
	unsigned long long v = strtoull(buf, &end, 10);
	if (end == buf || (*end && *end != '\n'))
		return -EINVAL;
	/* 0 restores the default, as PR_SET_TIMERSLACK does. */
	t->timer_slack_ns = v ? v : 50000;
	return (long)len;
}

/* /proc/<pid>/task/<tid>/children: the thread's children, "pid pid ". */
static int gen_children(struct task *viewer, struct task *t, int arg, struct sbuf *b)
{
	(void)viewer, (void)arg;
	struct task *c;
	TAILQ_FOREACH(c, &t->children, sibling)
		sbuf_printf(b, "%d ", c->tg->tgid);
	return 0;
}

int proc_fdinfo_gen(struct task *viewer, struct task *t, int fd, struct sbuf *b)
{
	(void)viewer;
	struct file *f = t && t->files ? fd_get(t->files, fd) : NULL;
	if (!f)
		return -ENOENT;
	struct inode *ino = file_inode(f);
	sbuf_printf(b, "pos:\t%lld\nflags:\t0%o\nmnt_id:\t%d\nino:\t%llu\n", (long long)f->pos,
		    f->flags | (fd_cloexec(t->files, fd) ? O_CLOEXEC : 0),
		    f->path.mnt ? f->path.mnt->id : 0, (unsigned long long)(ino ? ino->ino : 0));
	return 0;
}

#define DIR_(n, m, c) {.name = n, .mode = S_IFDIR | (m), .children = c}
#define FILE_(n, m, g) {.name = n, .mode = S_IFREG | (m), .gen = g}
#define RW(n, m, g, w) {.name = n, .mode = S_IFREG | (m), .gen = g, .write = w}
#define LINK(n, l) {.name = n, .mode = S_IFLNK | 0777, .link = l}
#define FDDIR(n, m) {.name = n, .mode = S_IFDIR | (m), .link = PROC_LINK_FD}
#define MEM(n) {.name = n, .mode = S_IFREG | 0600, .ops = PROC_OPS_MEM}

/* In Linux's order (tgid_base_stuff). */
#define NET_FILE(n, fn)                                                                            \
	static int fn(struct task *viewer, struct task *t, int arg, struct sbuf *b)                \
	{                                                                                          \
		(void)viewer, (void)t, (void)arg;                                                  \
		return proc_net_gen(n, b);                                                         \
	}
NET_FILE("arp", gen_net_arp)
NET_FILE("dev", gen_net_dev)
NET_FILE("if_inet6", gen_net_if_inet6)
NET_FILE("route", gen_net_route)
NET_FILE("tcp", gen_net_tcp)
NET_FILE("tcp6", gen_net_tcp6)
NET_FILE("udp", gen_net_udp)
NET_FILE("udp6", gen_net_udp6)
NET_FILE("udplite", gen_net_udplite)
NET_FILE("udplite6", gen_net_udplite6)
NET_FILE("unix", gen_net_unix)

static const struct proc_entry proc_net_files[] = {
	FILE_("arp", 0444, gen_net_arp),
	FILE_("dev", 0444, gen_net_dev),
	FILE_("if_inet6", 0444, gen_net_if_inet6),
	FILE_("route", 0444, gen_net_route),
	FILE_("tcp", 0444, gen_net_tcp),
	FILE_("tcp6", 0444, gen_net_tcp6),
	FILE_("udp", 0444, gen_net_udp),
	FILE_("udp6", 0444, gen_net_udp6),
	FILE_("udplite", 0444, gen_net_udplite),
	FILE_("udplite6", 0444, gen_net_udplite6),
	FILE_("unix", 0444, gen_net_unix),
	{0},
};

const struct proc_entry proc_pid_files[] = {
	{.name = "task", .mode = S_IFDIR | 0555},
	FDDIR("fd", 0500),
	FDDIR("fdinfo", 0555),
	FILE_("environ", 0400, gen_environ),
	FILE_("auxv", 0400, gen_auxv),
	FILE_("status", 0444, proc_gen_status),
	FILE_("personality", 0400, gen_personality),
	FILE_("limits", 0444, gen_limits),
	RW("comm", 0644, gen_comm, write_comm),
	FILE_("cmdline", 0444, gen_cmdline),
	FILE_("stat", 0444, proc_gen_stat),
	FILE_("statm", 0444, proc_gen_statm),
	FILE_("maps", 0444, proc_gen_maps),
	MEM("mem"),
	LINK("cwd", PROC_LINK_CWD),
	LINK("root", PROC_LINK_ROOT),
	LINK("exe", PROC_LINK_EXE),
	FILE_("mounts", 0444, proc_gen_mounts),
	FILE_("mountinfo", 0444, proc_gen_mountinfo),
	FILE_("smaps", 0444, proc_gen_smaps),
	FILE_("smaps_rollup", 0444, proc_gen_smaps_rollup),
	FILE_("wchan", 0444, gen_wchan),
	FILE_("cgroup", 0444, gen_cgroup),
	FILE_("oom_score", 0444, gen_zero),
	RW("oom_adj", 0644, gen_zero, write_oom),
	RW("oom_score_adj", 0644, gen_zero, write_oom),
	FILE_("loginuid", 0644, gen_no_id),
	FILE_("sessionid", 0444, gen_no_id),
	FILE_("io", 0400, gen_io),
	RW("timerslack_ns", 0666, gen_timerslack, write_timerslack),
	DIR_("net", 0555, proc_net_files),
	{0},
};

/* tid_base_stuff: a thread's view, with children and without task/. */
const struct proc_entry proc_tid_files[] = {
	FDDIR("fd", 0500),
	FDDIR("fdinfo", 0555),
	FILE_("environ", 0400, gen_environ),
	FILE_("auxv", 0400, gen_auxv),
	FILE_("status", 0444, proc_gen_status),
	FILE_("personality", 0400, gen_personality),
	FILE_("limits", 0444, gen_limits),
	RW("comm", 0644, gen_comm, write_comm),
	FILE_("cmdline", 0444, gen_cmdline),
	FILE_("stat", 0444, proc_gen_tid_stat),
	FILE_("statm", 0444, proc_gen_statm),
	FILE_("maps", 0444, proc_gen_maps),
	FILE_("children", 0444, gen_children),
	MEM("mem"),
	LINK("cwd", PROC_LINK_CWD),
	LINK("root", PROC_LINK_ROOT),
	LINK("exe", PROC_LINK_EXE),
	FILE_("mounts", 0444, proc_gen_mounts),
	FILE_("mountinfo", 0444, proc_gen_mountinfo),
	FILE_("smaps", 0444, proc_gen_smaps),
	FILE_("smaps_rollup", 0444, proc_gen_smaps_rollup),
	FILE_("wchan", 0444, gen_wchan),
	FILE_("cgroup", 0444, gen_cgroup),
	FILE_("oom_score", 0444, gen_zero),
	RW("oom_adj", 0644, gen_zero, write_oom),
	RW("oom_score_adj", 0644, gen_zero, write_oom),
	FILE_("loginuid", 0644, gen_no_id),
	FILE_("sessionid", 0444, gen_no_id),
	FILE_("io", 0400, gen_io),
	{0},
};
