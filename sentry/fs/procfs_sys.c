/* /proc's own files and /proc/sys (fs/proc/{meminfo,stat,uptime,loadavg,
 * version}.c, kernel/sysctl.c).  What describes the machine (CPUs, the
 * memory size) is the host's; what describes the system (processes,
 * memory in use, uptime, load, kernel identity) is the sandbox's. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>

#include "../kernel/det.h"
#include "../kernel/random.h"
#include "../kernel/task.h"
#include "../mm/memfile.h"
#include "../mm/mm.h"
#include "locks.h"
#include "procfs.h"
#include "../confine/host.h"

/* uname's release (syscalls/sys_info.c); the rest of uname is below. */
extern const char *const sbx_uts_release;
/* The other uname fields, as sys_uname answers them. */
#define UTS_NODENAME   "sbx"
#define UTS_DOMAINNAME "(none)"
#define UTS_VERSION    "#1 SMP PREEMPT_DYNAMIC sbx"

#define NS_PER_TICK (1000000000ULL / 100) /* USER_HZ */

/* Copy a host file as it is. */
static int copy_host_file(const char *path, struct sbuf *b)
{
	FILE *f = host_fopen(path, "re");
	if (!f)
		return -ENOENT;
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sbuf_write(b, buf, n);
	fclose(f);
	return 0;
}

#define HOST_FILE(fn, path)                                                            \
	static int fn(struct task *viewer, struct task *t, int arg, struct sbuf *b)  \
	{                                                                              \
		(void)viewer, (void)t, (void)arg;                                      \
		return copy_host_file(path, b);                                        \
	}

HOST_FILE(gen_cpuinfo, "/proc/cpuinfo")
HOST_FILE(gen_threads_max, "/proc/sys/kernel/threads-max")
HOST_FILE(gen_overcommit, "/proc/sys/vm/overcommit_memory")
HOST_FILE(gen_file_max, "/proc/sys/fs/file-max")
HOST_FILE(gen_nr_open, "/proc/sys/fs/nr_open")
HOST_FILE(gen_pipe_max, "/proc/sys/fs/pipe-max-size")
HOST_FILE(gen_max_map_count, "/proc/sys/vm/max_map_count")
/* inotify's limits are the host's (inotify.c reads them too). */
HOST_FILE(gen_inotify_queued, "/proc/sys/fs/inotify/max_queued_events")
HOST_FILE(gen_inotify_instances, "/proc/sys/fs/inotify/max_user_instances")
HOST_FILE(gen_inotify_watches, "/proc/sys/fs/inotify/max_user_watches")

#define TEXT_FILE(fn, fmt, ...)                                                        \
	static int fn(struct task *viewer, struct task *t, int arg, struct sbuf *b)  \
	{                                                                              \
		(void)viewer, (void)t, (void)arg;                                      \
		sbuf_printf(b, fmt, __VA_ARGS__);                                      \
		return 0;                                                              \
	}

TEXT_FILE(gen_osrelease, "%s\n", sbx_uts_release)
/* The POSIX message queue and AIO limits sys_mqueue.c and sys_aio.c keep. */
TEXT_FILE(gen_mq_msg, "%d\n", 10)
TEXT_FILE(gen_mq_msgsize, "%d\n", 8192)
TEXT_FILE(gen_mq_queues, "%d\n", 256)
TEXT_FILE(gen_aio_max_nr, "%d\n", 65536)
TEXT_FILE(gen_aio_nr, "%u\n", aio_nr_in_use())
TEXT_FILE(gen_ostype, "%s\n", "Linux")
TEXT_FILE(gen_kversion, "%s\n", UTS_VERSION)
TEXT_FILE(gen_hostname, "%s\n", UTS_NODENAME)
TEXT_FILE(gen_domainname, "%s\n", UTS_DOMAINNAME)
TEXT_FILE(gen_pid_max, "%d\n", pid_max)
TEXT_FILE(gen_cap_last_cap, "%d\n", CAP_LAST_CAP)
TEXT_FILE(gen_ngroups_max, "%d\n", 65536)
TEXT_FILE(gen_overflowid, "%d\n", 65534)
TEXT_FILE(gen_entropy, "%d\n", 256)
TEXT_FILE(gen_mmap_min_addr, "%llu\n", (unsigned long long)mm_mmap_min_addr)
/* proc_version_show: "Linux version <release> (<by>@<host>) (<compiler>) <version>". */
TEXT_FILE(gen_version, "Linux version %s (sbx@sbx) (%s) %s\n", sbx_uts_release,
	  "cc " __VERSION__, UTS_VERSION)
TEXT_FILE(gen_filesystems, "%s", "nodev\ttmpfs\nnodev\tproc\nnodev\tpipefs\nnodev\toverlay\n")
TEXT_FILE(gen_swaps, "%s", "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n")
TEXT_FILE(gen_mounts_link, "%s", "self/mounts")
TEXT_FILE(gen_net_link, "%s", "self/net")

/* sysctl kernel.pid_max: the sandbox's pid space, within Linux's bounds. */
static long write_pid_max(struct task *viewer, struct task *t, const char *buf, size_t len)
{
	(void)t;
	if (!viewer || viewer->cred.euid != 0)
		return -EPERM;
	char *end;
	long v = strtol(buf, &end, 10);
	if (end == buf || (*end && *end != '\n') || v < 301 || v > 4194304)
		return -EINVAL;
	pid_max = (pid_t)v;
	return (long)len;
}

/* A random version-4 UUID, as the kernel's generate_random_uuid. */
static void random_uuid(char out[37])
{
	unsigned char u[16];
	get_random_bytes(u, sizeof(u));
	u[6] = (u[6] & 0x0f) | 0x40;
	u[8] = (u[8] & 0x3f) | 0x80;
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12],
		 u[13], u[14], u[15]);
}

static int gen_uuid(struct task *viewer, struct task *t, int arg, struct sbuf *b)
{
	(void)viewer, (void)t, (void)arg;
	char u[37];
	random_uuid(u);
	sbuf_printf(b, "%s\n", u);
	return 0;
}

/* The sandbox's boot id: one per sandbox, like one per boot. */
static int gen_boot_id(struct task *viewer, struct task *t, int arg, struct sbuf *b)
{
	(void)viewer, (void)t, (void)arg;
	static char id[37];
	if (!id[0])
		random_uuid(id);
	sbuf_printf(b, "%s\n", id);
	return 0;
}

/* --- the sandbox's processes and memory --- */

static bool task_running(struct task *t)
{
	return proc_state_name(t)[0] == 'R';
}

/* Memory of the guest processes, each address space counted once. */
struct sandbox_mem {
	uint64_t anon, file, shmem, vm, pte; /* kB */
};

static void sandbox_mem(struct sandbox_mem *m)
{
	memset(m, 0, sizeof(*m));
	size_t n = 0, cap = 0;
	struct mm **seen = NULL;
	for_each_task(t)
	{
		if (!t->mm)
			continue;
		bool dup = false;
		for (size_t i = 0; i < n && !dup; i++)
			dup = seen[i] == t->mm;
		if (dup)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			struct mm **s = realloc(seen, cap * sizeof(*s));
			if (!s)
				break;
			seen = s;
		}
		seen[n++] = t->mm;
		struct proc_rss rss;
		proc_mm_rss(t->mm, &rss);
		m->anon += rss.anon * 4;
		m->file += rss.file * 4;
		m->shmem += rss.shmem * 4;
		m->vm += t->mm->total_pages * 4;
		/* About one page table page per 2 MiB resident. */
		m->pte += ((rss.anon + rss.file + rss.shmem + 511) / 512 + 1) * 4;
	}
	free(seen);
}

static uint64_t host_meminfo(const char *key)
{
	FILE *f = host_fopen("/proc/meminfo", "re");
	char line[256];
	size_t klen = strlen(key);
	unsigned long long v = 0;
	while (f && fgets(line, sizeof(line), f)) {
		if (strncmp(line, key, klen) == 0 && line[klen] == ':') {
			v = strtoull(line + klen + 1, NULL, 10);
			break;
		}
	}
	if (f)
		fclose(f);
	return v;
}

/* meminfo_proc_show: the host's lines, in its order and with its names
 * (they vary with the kernel), with the sandbox's values: memory in use is
 * what the sandbox's memory file holds; the size is the host's. */
static int gen_meminfo(struct task *viewer, struct task *t, int arg, struct sbuf *b)
{
	(void)viewer, (void)t, (void)arg;
	struct sandbox_mem m;
	sandbox_mem(&m);
	uint64_t total = host_meminfo("MemTotal");
	uint64_t used = memfile_pages_in_use() * (PAGE_SIZE / 1024);
	uint64_t free_kb = total > used ? total - used : 0;
	uint64_t cached = used > m.anon ? used - m.anon : 0;
	static const char *const host_keys[] = {"MemTotal", "VmallocTotal", "Hugepagesize",
						"DirectMap4k", "DirectMap2M", "DirectMap1G"};
	struct {
		const char *key;
		uint64_t v;
	} vals[] = {
		{"MemFree", free_kb},	   {"MemAvailable", free_kb}, {"Cached", cached},
		{"Active", m.anon + cached}, {"Active(anon)", m.anon},  {"Active(file)", cached},
		{"AnonPages", m.anon},	   {"Mapped", m.file + m.shmem}, {"Shmem", m.shmem},
		{"PageTables", m.pte},	   {"CommitLimit", total / 2}, {"Committed_AS", m.vm},
	};
	FILE *f = host_fopen("/proc/meminfo", "re");
	if (!f)
		return -ENOENT;
	char line[256];
	while (fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');
		if (!colon)
			continue;
		*colon = '\0';
		const char *key = line;
		bool kb = strstr(colon + 1, "kB") != NULL;
		uint64_t v = 0;
		bool found = false;
		for (size_t i = 0; i < sizeof(host_keys) / sizeof(host_keys[0]) && !found; i++)
			if (strcmp(key, host_keys[i]) == 0) {
				v = strtoull(colon + 1, NULL, 10);
				found = true;
			}
		for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]) && !found; i++)
			if (strcmp(key, vals[i].key) == 0) {
				v = vals[i].v;
				found = true;
			}
		/* show_val_kb: the name padded to 16 columns, the value to 8. */
		char name[260];
		snprintf(name, sizeof(name), "%s:", key);
		sbuf_printf(b, "%-16s%8llu%s\n", name, (unsigned long long)v, kb ? " kB" : "");
	}
	fclose(f);
	return 0;
}

static int cpus_allowed(void)
{
	int n = 0;
	for (size_t i = 0; i < sizeof(sbx_host_cpus) / sizeof(sbx_host_cpus[0]); i++)
		n += __builtin_popcountl(sbx_host_cpus[i]);
	return n ? n : 1;
}

static int gen_uptime(struct task *viewer, struct task *t, int arg, struct sbuf *b)
{
	(void)viewer, (void)t, (void)arg;
	uint64_t up = proc_uptime_ns();
	/* Idle time sums over the CPUs: the sandbox's guests are light. */
	uint64_t idle = up * (uint64_t)cpus_allowed();
	sbuf_printf(b, "%llu.%02llu %llu.%02llu\n", (unsigned long long)(up / 1000000000ULL),
		    (unsigned long long)(up / 10000000ULL % 100),
		    (unsigned long long)(idle / 1000000000ULL),
		    (unsigned long long)(idle / 10000000ULL % 100));
	return 0;
}

/* The load average of the sandbox: Linux's fixed-point decay
 * (kernel/sched/loadavg.c), advanced in 5-second steps whenever it is read. */
#define FSHIFT  11
#define FIXED_1 (1UL << FSHIFT)
#define LOAD_FREQ_NS 5000000000ULL

static unsigned long calc_load(unsigned long load, unsigned long exp, unsigned long active)
{
	unsigned long newload = load * exp + active * (FIXED_1 - exp);
	if (active >= load)
		newload += FIXED_1 - 1;
	return newload / FIXED_1;
}

static int gen_loadavg(struct task *viewer, struct task *t, int arg, struct sbuf *b)
{
	(void)viewer, (void)t, (void)arg;
	static unsigned long avenrun[3];
	static uint64_t last;
	static const unsigned long exps[3] = {1884, 2014, 2037}; /* EXP_1, EXP_5, EXP_15 */
	int running = 0, threads = 0;
	pid_t last_pid = 0;
	for_each_task(k)
	{
		if (k->state == TASK_DEAD)
			continue;
		threads++;
		if (task_running(k))
			running++;
		if (k->tid > last_pid)
			last_pid = k->tid;
	}
	uint64_t now = proc_uptime_ns();
	uint64_t steps = (now - last) / LOAD_FREQ_NS;
	if (steps > 2000)
		steps = 2000; /* decayed to the current value long before */
	for (uint64_t s = 0; s < steps; s++)
		for (int i = 0; i < 3; i++)
			avenrun[i] =
				calc_load(avenrun[i], exps[i], (unsigned long)running * FIXED_1);
	last += steps * LOAD_FREQ_NS;
	unsigned long a[3];
	for (int i = 0; i < 3; i++)
		a[i] = avenrun[i] + FIXED_1 / 200;
#define LOAD_INT(x)  ((x) >> FSHIFT)
#define LOAD_FRAC(x) LOAD_INT(((x) & (FIXED_1 - 1)) * 100)
	sbuf_printf(b, "%lu.%02lu %lu.%02lu %lu.%02lu %d/%d %d\n", LOAD_INT(a[0]), LOAD_FRAC(a[0]),
		    LOAD_INT(a[1]), LOAD_FRAC(a[1]), LOAD_INT(a[2]), LOAD_FRAC(a[2]), running,
		    threads, last_pid);
	return 0;
}

/* show_stat: the host's CPU lines (its CPUs are the sandbox's), then the
 * sandbox's own counters. */
static int gen_stat(struct task *viewer, struct task *t, int arg, struct sbuf *b)
{
	(void)viewer, (void)t, (void)arg;
	FILE *f = host_fopen("/proc/stat", "re");
	char line[4096];
	while (f && fgets(line, sizeof(line), f)) {
		if (strncmp(line, "cpu", 3) == 0)
			sbuf_printf(b, "%s", line);
	}
	if (f)
		fclose(f);
	int running = 0, blocked = 0;
	pid_t last_pid = 0;
	for_each_task(k)
	{
		if (k->state == TASK_DEAD)
			continue;
		if (task_running(k))
			running++;
		else if (proc_state_name(k)[0] == 'D')
			blocked++;
		if (k->tid > last_pid)
			last_pid = k->tid;
	}
	struct timespec rt;
	clock_realtime(&rt);
	unsigned long long btime = (unsigned long long)rt.tv_sec - proc_uptime_ns() / 1000000000ULL;
	sbuf_printf(b,
		    "intr 0\nctxt 0\nbtime %llu\nprocesses %d\nprocs_running %d\n"
		    "procs_blocked %d\nsoftirq 0 0 0 0 0 0 0 0 0 0 0\n",
		    btime, last_pid, running, blocked);
	return 0;
}

/* /proc/vmstat: the host's counter names, the sandbox's free pages, no
 * events counted. */
static int gen_vmstat(struct task *viewer, struct task *t, int arg, struct sbuf *b)
{
	(void)viewer, (void)t, (void)arg;
	uint64_t total = host_meminfo("MemTotal") / (PAGE_SIZE / 1024);
	uint64_t used = memfile_pages_in_use();
	FILE *f = host_fopen("/proc/vmstat", "re");
	char line[256];
	while (f && fgets(line, sizeof(line), f)) {
		char *sp = strchr(line, ' ');
		if (!sp)
			continue;
		*sp = '\0';
		uint64_t v = 0;
		if (strcmp(line, "nr_free_pages") == 0)
			v = total > used ? total - used : 0;
		sbuf_printf(b, "%s %llu\n", line, (unsigned long long)v);
	}
	if (f)
		fclose(f);
	return 0;
}

#define DIR_(n, c) {.name = n, .mode = S_IFDIR | 0555, .children = c}
#define FILE_(n, m, g) {.name = n, .mode = S_IFREG | (m), .gen = g}
#define LINK(n, l) {.name = n, .mode = S_IFLNK | 0777, .link = l}

static const struct proc_entry sys_kernel_random[] = {
	FILE_("boot_id", 0444, gen_boot_id),
	FILE_("entropy_avail", 0444, gen_entropy),
	FILE_("poolsize", 0444, gen_entropy),
	FILE_("uuid", 0444, gen_uuid),
	{0},
};

static const struct proc_entry sys_kernel[] = {
	FILE_("cap_last_cap", 0444, gen_cap_last_cap),
	FILE_("domainname", 0444, gen_domainname),
	FILE_("hostname", 0444, gen_hostname),
	FILE_("ngroups_max", 0444, gen_ngroups_max),
	FILE_("osrelease", 0444, gen_osrelease),
	FILE_("ostype", 0444, gen_ostype),
	FILE_("overflowgid", 0644, gen_overflowid),
	FILE_("overflowuid", 0644, gen_overflowid),
	{.name = "pid_max", .mode = S_IFREG | 0644, .gen = gen_pid_max, .write = write_pid_max},
	DIR_("random", sys_kernel_random),
	FILE_("threads-max", 0644, gen_threads_max),
	FILE_("version", 0444, gen_kversion),
	{0},
};

static const struct proc_entry sys_vm[] = {
	FILE_("max_map_count", 0644, gen_max_map_count),
	FILE_("mmap_min_addr", 0644, gen_mmap_min_addr),
	FILE_("overcommit_memory", 0644, gen_overcommit),
	{0},
};

static const struct proc_entry sys_fs_inotify[] = {
	FILE_("max_queued_events", 0644, gen_inotify_queued),
	FILE_("max_user_instances", 0644, gen_inotify_instances),
	FILE_("max_user_watches", 0644, gen_inotify_watches),
	{0},
};

static const struct proc_entry sys_fs_mqueue[] = {
	FILE_("msg_default", 0644, gen_mq_msg),
	FILE_("msg_max", 0644, gen_mq_msg),
	FILE_("msgsize_default", 0644, gen_mq_msgsize),
	FILE_("msgsize_max", 0644, gen_mq_msgsize),
	FILE_("queues_max", 0644, gen_mq_queues),
	{0},
};

static const struct proc_entry sys_fs[] = {
	FILE_("aio-max-nr", 0644, gen_aio_max_nr),
	FILE_("aio-nr", 0444, gen_aio_nr),
	FILE_("file-max", 0644, gen_file_max),
	DIR_("inotify", sys_fs_inotify),
	DIR_("mqueue", sys_fs_mqueue),
	FILE_("nr_open", 0644, gen_nr_open),
	FILE_("pipe-max-size", 0644, gen_pipe_max),
	{0},
};

static const struct proc_entry sys_dir[] = {
	DIR_("fs", sys_fs),
	DIR_("kernel", sys_kernel),
	DIR_("vm", sys_vm),
	{0},
};

const struct proc_entry proc_root_files[] = {
	FILE_("cpuinfo", 0444, gen_cpuinfo),
	FILE_("filesystems", 0444, gen_filesystems),
	FILE_("loadavg", 0444, gen_loadavg),
	FILE_("locks", 0444, locks_proc_gen),
	FILE_("meminfo", 0444, gen_meminfo),
	{.name = "mounts", .mode = S_IFLNK | 0777, .gen = gen_mounts_link},
	{.name = "net", .mode = S_IFLNK | 0777, .gen = gen_net_link},
	LINK("self", PROC_LINK_SELF),
	FILE_("stat", 0444, gen_stat),
	FILE_("swaps", 0444, gen_swaps),
	DIR_("sys", sys_dir),
	LINK("thread-self", PROC_LINK_THREAD_SELF),
	FILE_("uptime", 0444, gen_uptime),
	FILE_("version", 0444, gen_version),
	FILE_("vmstat", 0444, gen_vmstat),
	{0},
};
