/* /proc/<pid>/{stat,status,statm}: a process's state, ids, memory and
 * signals in Linux's formats (fs/proc/array.c, fs/proc/task_mmu.c).  ps and
 * top parse these field by field, so every field is there even where sbx
 * has no value for it (0, as Linux prints for a counter never bumped). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>

#include "../../platform/platform.h"
#include "../kernel/det.h"
#include "../kernel/seccomp.h"
#include "../kernel/task.h"
#include "../mm/mm.h"
#include "fdtable.h"
#include "file.h"
#include "fs_struct.h"
#include "procfs.h"
#include "tty.h"
#include "vfs.h"
#include "../confine/host.h"

/* Task flags Linux shows in stat's ninth field (include/linux/sched.h;
 * kernel-internal, no uapi header has them). */
#define PF_EXITING     0x00000004
#define PF_FORKNOEXEC  0x00000040
#define USER_HZ        100
#define NS_PER_TICK    (1000000000ULL / USER_HZ)

const char *proc_state_name(struct task *t)
{
	switch (t->state) {
	case TASK_BLOCKED:
		/* A killable-only wait (vfork) is TASK_KILLABLE: D. */
		return t->sc.killable_only ? "D (disk sleep)" : "S (sleeping)";
	case TASK_STOPPED:
		return "T (stopped)";
	case TASK_DEAD:
		/* A dead leader stays as the process's zombie. */
		return t == t->tg->leader ? "Z (zombie)" : "X (dead)";
	default:
		return "R (running)";
	}
}

/* File pages of a shared tmpfs or memfd file are shared memory to Linux. */
static bool vma_is_shmem(const struct vma *v)
{
	if (!(v->flags & VMA_SHARED))
		return false;
	if (!v->file)
		return true;
	struct inode *ino = v->file->inode;
	return ino && ino->sb && ino->sb->type && strcmp(ino->sb->type, "tmpfs") == 0;
}

void proc_mm_rss(struct mm *mm, struct proc_rss *rss)
{
	memset(rss, 0, sizeof(*rss));
	if (!mm)
		return;
	/* Both trees are sorted: walk them side by side, giving each piece of
	 * a pma to the vma it lies in. */
	struct pma *p = RB_MIN(pma_tree, &mm->pmas);
	struct vma *v;
	RB_FOREACH(v, vma_tree, &mm->vmas)
	{
		while (p && p->end <= v->start)
			p = RB_NEXT(pma_tree, &mm->pmas, p);
		for (struct pma *q = p; q && q->start < v->end;
		     q = RB_NEXT(pma_tree, &mm->pmas, q)) {
			uint64_t s = q->start > v->start ? q->start : v->start;
			uint64_t e = q->end < v->end ? q->end : v->end;
			uint64_t n = (e - s) >> PAGE_SHIFT;
			if (vma_is_shmem(v))
				rss->shmem += n;
			else if (v->file && (v->flags & VMA_SHARED || q->cow))
				rss->file += n; /* still the page cache's pages */
			else
				rss->anon += n; /* anonymous, or a private copy */
		}
	}
}

/* What task_mem and task_statm count, from the vmas. */
struct mm_counts {
	uint64_t total, locked, data, stack, exec; /* pages */
	uint64_t text_bytes;
	uint64_t pte_bytes;
};

static void mm_counts(struct mm *mm, struct mm_counts *c)
{
	memset(c, 0, sizeof(*c));
	struct vma *v;
	RB_FOREACH(v, vma_tree, &mm->vmas)
	{
		uint64_t n = (v->end - v->start) >> PAGE_SHIFT;
		bool w = v->prot & PROT_WRITE, stack = v->flags & VMA_GROWSDOWN;
		c->total += n;
		if (v->flags & VMA_LOCKED)
			c->locked += n;
		/* is_data_mapping, is_stack_mapping, is_exec_mapping */
		if (w && !(v->flags & VMA_SHARED) && !stack)
			c->data += n;
		if (stack)
			c->stack += n;
		if ((v->prot & PROT_EXEC) && !w && !stack)
			c->exec += n;
	}
	if (mm->end_code > mm->start_code)
		c->text_bytes = PAGE_ALIGN_UP(mm->end_code) - (mm->start_code & PAGE_MASK);
	/* Page tables for what is resident: one page per 2 MiB, 1 GiB and
	 * 512 GiB region touched, plus the top level. */
	uint64_t last[3] = {~0ULL, ~0ULL, ~0ULL}, tables = 1;
	static const int shift[3] = {21, 30, 39};
	struct pma *p;
	RB_FOREACH(p, pma_tree, &mm->pmas)
	{
		for (int l = 0; l < 3; l++) {
			uint64_t first = p->start >> shift[l], end = (p->end - 1) >> shift[l];
			if (first == last[l])
				first++;
			if (end >= first)
				tables += end - first + 1;
			last[l] = end;
		}
	}
	c->pte_bytes = tables * PAGE_SIZE;
}

/* What the host knows about the thread behind @t: CPU time, faults, start
 * and the CPU it last ran on (its own /proc stat line). */
struct host_thread {
	uint64_t minflt, majflt, utime, stime, start; /* ticks */
	int cpu;
};

static bool host_thread_stat(struct task *t, struct host_thread *h)
{
	memset(h, 0, sizeof(*h));
	if (!t->ctx || t->state == TASK_DEAD)
		return false;
	char path[96];
	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", ctx_host_tid(t->ctx),
		 ctx_host_tid(t->ctx));
	FILE *f = host_fopen(path, "re");
	if (!f)
		return false;
	char buf[1024];
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* The fields after the parenthesised name, which may hold spaces. */
	char *p = strrchr(buf, ')');
	unsigned long long v[40];
	int k = 0;
	for (p = p ? p + 2 : NULL; p && *p && k < 40; k++) {
		if (k == 0) {
			v[k] = 0; /* the state letter */
			p++;
		} else {
			v[k] = strtoull(p, &p, 10);
		}
		while (*p == ' ')
			p++;
	}
	if (k < 37)
		return false;
	/* v[k] is field k + 3 of the line. */
	h->minflt = v[7];
	h->majflt = v[9];
	h->utime = v[11];
	h->stime = v[12];
	h->start = v[19];
	h->cpu = (int)v[36];
	return true;
}

/* The host's start tick of a thread, as the sandbox's: ticks since the
 * sandbox started (its boot). */
static uint64_t sandbox_start_ticks(const struct host_thread *h)
{
	struct timespec bt;
	clock_boottime(&bt);
	uint64_t now_boot = (uint64_t)bt.tv_sec * 1000000000ULL + (uint64_t)bt.tv_nsec;
	uint64_t boot_ticks = (now_boot - proc_uptime_ns()) / NS_PER_TICK;
	return h->start > boot_ticks ? h->start - boot_ticks : 0;
}

static int live_threads(struct thread_group *tg)
{
	/* A dead leader still counts until it is reaped, as in Linux. */
	return tg->live + (tg->leader && tg->leader->state == TASK_DEAD ? 1 : 0);
}

static pid_t parent_tgid(struct task *t)
{
	struct task *p = t->tg->leader ? t->tg->leader->real_parent : t->real_parent;
	return p ? p->tg->tgid : 0;
}

static void sig_ign_cgt(struct task *t, sigset64_t *ign, sigset64_t *cgt)
{
	*ign = *cgt = 0;
	if (!t->sighand)
		return;
	for (int sig = 1; sig <= SBX_NSIG; sig++) {
		uint64_t h = t->sighand->action[sig - 1].handler;
		if (h == (uint64_t)(uintptr_t)SIG_IGN)
			*ign |= SIGBIT(sig);
		else if (h != (uint64_t)(uintptr_t)SIG_DFL)
			*cgt |= SIGBIT(sig);
	}
}

/* do_task_stat: @whole for /proc/<pid>/stat (the process's totals), not
 * for /proc/<pid>/task/<tid>/stat. */
static int gen_stat(struct task *t, bool whole, struct sbuf *b)
{
	struct thread_group *tg = t->tg;
	struct mm *mm = t->mm;
	struct host_thread h;
	host_thread_stat(t, &h);
	uint64_t utime = h.utime, stime = h.stime, minflt = h.minflt, majflt = h.majflt;
	if (whole) {
		/* The process: its exited threads and every live one. */
		utime = tg->utime_ns / NS_PER_TICK;
		stime = tg->stime_ns / NS_PER_TICK;
		minflt = majflt = 0;
		struct task *th;
		TAILQ_FOREACH(th, &tg->threads, tg_link)
		{
			struct host_thread ht;
			if (host_thread_stat(th, &ht)) {
				utime += ht.utime;
				stime += ht.stime;
				minflt += ht.minflt;
				majflt += ht.majflt;
			}
		}
	}
	/* The host thread's start: a zombie's is gone (0, the boot). */
	uint64_t start = h.start ? sandbox_start_ticks(&h) : 0;
	sigset64_t ign, cgt;
	sig_ign_cgt(t, &ign, &cgt);
	struct proc_rss rss;
	proc_mm_rss(mm, &rss);
	unsigned long flags = 0;
	if (t->state == TASK_DEAD || tg->exiting)
		flags |= PF_EXITING;
	/* Every task copy_process makes has it until it execs, threads too. */
	if ((!tg->did_exec && tg != root_tg && tg->tgid != 1) || t != tg->leader)
		flags |= PF_FORKNOEXEC;
	int threads = live_threads(tg);
	/* wchan is only a flag now: 1 when asleep (not for a busy process). */
	int wchan = (!whole || threads < 2) && t->state == TASK_BLOCKED;
	int exit_code = 0;
	if (t->state == TASK_DEAD)
		exit_code = whole && tg->zombie ? tg->exit_status : t->exit_status;
	char state = proc_state_name(t)[0];
	unsigned tty_nr;
	int tpgid;
	tty_proc_stat(t, &tty_nr, &tpgid);
	sbuf_printf(b, "%d (%.64s) %c %d %d %d %u %d %lu %llu %llu %llu %llu", t->tid, t->comm,
		    state, parent_tgid(t), tg->pgid, tg->sid, tty_nr, tpgid, flags, (unsigned long long)minflt, 0ULL, (unsigned long long)majflt, 0ULL);
	sbuf_printf(b, " %llu %llu %llu %llu %d %d %d 0 %llu %llu %llu %llu",
		    (unsigned long long)utime, (unsigned long long)stime,
		    (unsigned long long)(tg->cutime_ns / NS_PER_TICK),
		    (unsigned long long)(tg->cstime_ns / NS_PER_TICK), 20 /* priority */,
		    0 /* nice */, threads, (unsigned long long)start,
		    (unsigned long long)(mm ? mm->total_pages * PAGE_SIZE : 0),
		    (unsigned long long)(rss.anon + rss.file + rss.shmem),
		    (unsigned long long)tg->rlim[RLIMIT_RSS].rlim_cur);
	sbuf_printf(b, " %llu %llu %llu 0 0 %llu %llu %llu %llu %d 0 0 %d %d 0 0 0 0 0",
		    (unsigned long long)(mm ? mm->start_code : 0),
		    (unsigned long long)(mm ? mm->end_code : 0),
		    (unsigned long long)(mm ? mm->start_stack : 0),
		    (unsigned long long)(t->pending.set & 0x7fffffffULL),
		    (unsigned long long)(t->blocked & 0x7fffffffULL),
		    (unsigned long long)(ign & 0x7fffffffULL),
		    (unsigned long long)(cgt & 0x7fffffffULL), wchan, t->exit_signal, h.cpu);
	if (mm)
		sbuf_printf(b, " %llu %llu %llu %llu %llu %llu %llu",
			    (unsigned long long)mm->start_data, (unsigned long long)mm->end_data,
			    (unsigned long long)mm->start_brk, (unsigned long long)mm->arg_start,
			    (unsigned long long)mm->arg_end, (unsigned long long)mm->env_start,
			    (unsigned long long)mm->env_end);
	else
		sbuf_printf(b, " 0 0 0 0 0 0 0");
	sbuf_printf(b, " %d\n", exit_code);
	return 0;
}

int proc_gen_stat(struct task *viewer, struct task *t, int arg, struct sbuf *b)
{
	(void)viewer, (void)arg;
	return gen_stat(t, true, b);
}

int proc_gen_tid_stat(struct task *viewer, struct task *t, int arg, struct sbuf *b)
{
	(void)viewer, (void)arg;
	return gen_stat(t, false, b);
}

int proc_gen_statm(struct task *viewer, struct task *t, int arg, struct sbuf *b)
{
	(void)viewer, (void)arg;
	if (!t->mm) {
		sbuf_printf(b, "0 0 0 0 0 0 0\n");
		return 0;
	}
	struct mm_counts c;
	struct proc_rss rss;
	mm_counts(t->mm, &c);
	proc_mm_rss(t->mm, &rss);
	sbuf_printf(b, "%llu %llu %llu %llu 0 %llu 0\n", (unsigned long long)t->mm->total_pages,
		    (unsigned long long)(rss.anon + rss.file + rss.shmem),
		    (unsigned long long)(rss.file + rss.shmem),
		    (unsigned long long)(c.text_bytes >> PAGE_SHIFT),
		    (unsigned long long)(c.data + c.stack));
	return 0;
}

/* Lines of sbx's own status that describe the host's CPU and memory
 * nodes (speculation mitigations, Mems_allowed): the sandbox's are the
 * same. */
static void host_status_line(const char *key, struct sbuf *b, const char *dflt)
{
	FILE *f = host_fopen("/proc/self/status", "re");
	char line[4096];
	size_t klen = strlen(key);
	while (f && fgets(line, sizeof(line), f)) {
		if (strncmp(line, key, klen) == 0 && line[klen] == ':') {
			sbuf_printf(b, "%s", line);
			fclose(f);
			return;
		}
	}
	if (f)
		fclose(f);
	sbuf_printf(b, "%s:\t%s\n", key, dflt);
}

/* The host's possible CPUs (nr_cpu_ids), for the width of CPU masks. */
static int nr_cpu_ids(void)
{
	static int n;
	if (n)
		return n;
	FILE *f = host_fopen("/sys/devices/system/cpu/possible", "re");
	int last = -1;
	char buf[256];
	if (f && fgets(buf, sizeof(buf), f)) {
		/* "0-7" or "0,2-5": the last number is the highest CPU. */
		for (char *p = buf; *p;) {
			if (*p >= '0' && *p <= '9')
				last = (int)strtol(p, &p, 10);
			else
				p++;
		}
	}
	if (f)
		fclose(f);
	n = last >= 0 ? last + 1 : 1;
	if (n > (int)(sizeof(sbx_host_cpus) * 8))
		n = (int)(sizeof(sbx_host_cpus) * 8);
	return n;
}

static bool cpu_bit(int cpu)
{
	return (sbx_host_cpus[cpu / 64] >> (cpu % 64)) & 1;
}

/* %*pb: 32-bit chunks in hex, most significant first, comma-separated; the
 * first chunk only as wide as the bits it holds. */
static void cpumask_hex(struct sbuf *b, int nbits)
{
	int chunk = nbits % 32 ? nbits % 32 : 32;
	for (int i = ((nbits + 31) / 32 - 1) * 32; i >= 0; i -= 32) {
		unsigned v = 0;
		for (int k = 0; k < chunk; k++)
			if (cpu_bit(i + k))
				v |= 1u << k;
		sbuf_printf(b, "%s%0*x", i + chunk < nbits ? "," : "", (chunk + 3) / 4, v);
		chunk = 32;
	}
}

/* %*pbl: ranges "0-3,5". */
static void cpumask_list(struct sbuf *b, int nbits)
{
	bool first = true;
	for (int i = 0; i < nbits; i++) {
		if (!cpu_bit(i))
			continue;
		int j = i;
		while (j + 1 < nbits && cpu_bit(j + 1))
			j++;
		if (j > i)
			sbuf_printf(b, "%s%d-%d", first ? "" : ",", i, j);
		else
			sbuf_printf(b, "%s%d", first ? "" : ",", i);
		first = false;
		i = j;
	}
}

/* Signals queued for @uid, against RLIMIT_SIGPENDING. */
static unsigned queued_signals(uid_t uid)
{
	unsigned n = 0;
	struct sigqueue *q;
	for_each_task(t)
	{
		if (t->cred.uid != uid)
			continue;
		TAILQ_FOREACH(q, &t->pending.list, link)
			n++;
		if (t == t->tg->leader)
			TAILQ_FOREACH(q, &t->tg->shared_pending.list, link)
				n++;
	}
	return n;
}

/* proc_pid_status, field for field in Linux's order. */
int proc_gen_status(struct task *viewer, struct task *t, int arg, struct sbuf *b)
{
	(void)viewer, (void)arg;
	struct thread_group *tg = t->tg;
	/* The name, with newlines and backslashes escaped. */
	sbuf_printf(b, "Name:\t");
	for (const char *c = t->comm; *c && c < t->comm + sizeof(t->comm); c++) {
		if (*c == '\n')
			sbuf_printf(b, "\\n");
		else if (*c == '\\')
			sbuf_printf(b, "\\\\");
		else
			sbuf_write(b, c, 1);
	}
	sbuf_printf(b, "\n");
	if (t->fs)
		sbuf_printf(b, "Umask:\t%#04o\n", (unsigned)t->fs->umask);
	int fdsize = 64; /* NR_OPEN_DEFAULT, doubled as the table grows */
	while (t->files && fdsize < t->files->max)
		fdsize *= 2;
	const struct cred *c = &t->cred;
	sbuf_printf(b,
		    "State:\t%s\nTgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\nTracerPid:\t0\n"
		    "Uid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\nFDSize:\t%d\nGroups:\t",
		    proc_state_name(t), tg->tgid, t->tid, parent_tgid(t), c->uid, c->euid, c->suid,
		    c->fsuid, c->gid, c->egid, c->sgid, c->fsgid, t->files ? fdsize : 0);
	for (int g = 0; g < c->ngroups; g++)
		sbuf_printf(b, g ? " %u" : "%u", c->groups[g]);
	sbuf_printf(b, " \nNStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\nKthread:\t0\n",
		    tg->tgid, t->tid, tg->pgid, tg->sid);
	if (t->mm) {
		struct mm_counts m;
		struct proc_rss rss;
		mm_counts(t->mm, &m);
		proc_mm_rss(t->mm, &rss);
		unsigned long long total = t->mm->total_pages * 4;
		unsigned long long res = (rss.anon + rss.file + rss.shmem) * 4;
		unsigned long long text = m.text_bytes >> 10, exec = m.exec * 4;
		unsigned long long peak = mm_hiwater_vm(t->mm) * 4;
		unsigned long long hwm = mm_hiwater_rss(t->mm) * 4;
		if (hwm < res)
			hwm = res;
		sbuf_printf(b,
			    "VmPeak:\t%8llu kB\nVmSize:\t%8llu kB\nVmLck:\t%8llu kB\n"
			    "VmPin:\t%8llu kB\nVmHWM:\t%8llu kB\nVmRSS:\t%8llu kB\n"
			    "RssAnon:\t%8llu kB\nRssFile:\t%8llu kB\nRssShmem:\t%8llu kB\n"
			    "VmData:\t%8llu kB\nVmStk:\t%8llu kB\nVmExe:\t%8llu kB\n"
			    "VmLib:\t%8llu kB\nVmPTE:\t%8llu kB\nVmSwap:\t%8llu kB\n"
			    "HugetlbPages:\t%8llu kB\n",
			    peak, total, (unsigned long long)m.locked * 4, 0ULL, hwm, res,
			    (unsigned long long)rss.anon * 4, (unsigned long long)rss.file * 4,
			    (unsigned long long)rss.shmem * 4, (unsigned long long)m.data * 4,
			    (unsigned long long)m.stack * 4, text, exec > text ? exec - text : 0,
			    (unsigned long long)m.pte_bytes >> 10, 0ULL, 0ULL);
		sbuf_printf(b, "CoreDumping:\t0\nTHP_enabled:\t1\nuntag_mask:\t%#llx\n", ~0ULL);
	}
	sigset64_t ign, cgt;
	sig_ign_cgt(t, &ign, &cgt);
	sbuf_printf(b,
		    "Threads:\t%d\nSigQ:\t%u/%llu\nSigPnd:\t%016llx\nShdPnd:\t%016llx\n"
		    "SigBlk:\t%016llx\nSigIgn:\t%016llx\nSigCgt:\t%016llx\n",
		    live_threads(tg), queued_signals(c->uid),
		    (unsigned long long)tg->rlim[RLIMIT_SIGPENDING].rlim_cur,
		    (unsigned long long)t->pending.set, (unsigned long long)tg->shared_pending.set,
		    (unsigned long long)t->blocked, (unsigned long long)ign,
		    (unsigned long long)cgt);
	/* task_cap and task_seccomp: the task's own sets, mode and filters. */
	sbuf_printf(b,
		    "CapInh:\t%016llx\nCapPrm:\t%016llx\nCapEff:\t%016llx\nCapBnd:\t%016llx\n"
		    "CapAmb:\t%016llx\nNoNewPrivs:\t%d\nSeccomp:\t%d\nSeccomp_filters:\t%d\n",
		    (unsigned long long)c->cap_inheritable, (unsigned long long)c->cap_permitted,
		    (unsigned long long)c->cap_effective, (unsigned long long)c->cap_bset,
		    (unsigned long long)c->cap_ambient, t->no_new_privs ? 1 : 0, t->seccomp_mode,
		    seccomp_filter_count(t));
	host_status_line("Speculation_Store_Bypass", b, "unknown");
	host_status_line("SpeculationIndirectBranch", b, "unknown");
	int ncpu = nr_cpu_ids();
	sbuf_printf(b, "Cpus_allowed:\t");
	cpumask_hex(b, ncpu);
	sbuf_printf(b, "\nCpus_allowed_list:\t");
	cpumask_list(b, ncpu);
	sbuf_printf(b, "\n");
	host_status_line("Mems_allowed", b, "1");
	host_status_line("Mems_allowed_list", b, "0");
	sbuf_printf(b, "voluntary_ctxt_switches:\t0\nnonvoluntary_ctxt_switches:\t0\n");
	return 0;
}
