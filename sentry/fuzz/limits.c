/* Sandbox-wide limits and the run's accounting (see limits.h). */
#define _GNU_SOURCE
#include "limits.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "../../util/log.h"
#include "../kernel/sched.h"
#include "../kernel/signal.h"
#include "../kernel/task.h"
#include "../mm/mm.h"

uint64_t sbx_syscall_count;

/* How often guest CPU time is sampled against --cpu-time. */
#define CPU_CHECK_NS (20 * 1000000ULL)

static struct {
	struct fuzz_config c;
	uint64_t start_ns; /* host CLOCK_MONOTONIC */
	int cpu_fd, timeout_fd;
	struct epoll_source cpu_src, timeout_src;
	bool xcpu_sent;
	int killer; /* the limit that killed every task, -1: none */
	int64_t output_left;
	bool fired[LIMIT_NR];
	int order[LIMIT_NR]; /* kinds in the order they fired */
	int nfired;
} L = {.cpu_fd = -1, .timeout_fd = -1, .output_left = -1, .killer = -1};

static uint64_t host_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

const char *limit_name(enum limit_kind k)
{
	static const char *const names[LIMIT_NR] = {
		[LIMIT_MEMORY] = "memory", [LIMIT_CPU] = "cpu-time", [LIMIT_TIMEOUT] = "timeout",
		[LIMIT_OUTPUT] = "output", [LIMIT_FILE_SIZE] = "file-size", [LIMIT_FDS] = "fds",
		[LIMIT_TASKS] = "tasks",
	};
	return (unsigned)k < LIMIT_NR ? names[k] : "?";
}

void limits_note(enum limit_kind k)
{
	if ((unsigned)k >= LIMIT_NR || L.fired[k])
		return;
	L.fired[k] = true;
	L.order[L.nfired++] = (int)k;
}

/* The memory cap refuses allocations in the memory file itself. */
static void sync_memory(void)
{
	if (memfile_refused())
		limits_note(LIMIT_MEMORY);
}

bool limits_fired(enum limit_kind k)
{
	sync_memory();
	return (unsigned)k < LIMIT_NR && L.fired[k];
}

int limits_verdict(void)
{
	sync_memory();
	if (L.killer >= 0)
		return L.killer;
	return L.nfired ? L.order[0] : -1;
}

int limits_killer(void)
{
	return L.killer;
}

/* Kill every process of the sandbox but the virtual init, because of
 * limit @why. */
static void kill_all(enum limit_kind why)
{
	if (L.killer < 0)
		L.killer = (int)why;
	for_each_task(m)
	{
		if (m == m->tg->leader && m != init_task && !m->tg->zombie)
			group_kill(m->tg, WSTATUS_SIGNALED(SIGKILL, false));
	}
}

/* Signal every live process of the sandbox, from the kernel. */
static void signal_all(int sig)
{
	for_each_task(m)
	{
		if (m != m->tg->leader || m == init_task || m->tg->zombie)
			continue;
		struct task *th;
		TAILQ_FOREACH(th, &m->tg->threads, tg_link)
		{
			if (th->state != TASK_DEAD) {
				send_sig_kernel(th, sig, NULL, true);
				break;
			}
		}
	}
}

bool limits_oom(void)
{
	if (!L.c.memory)
		return false;
	if (!L.fired[LIMIT_MEMORY])
		sbx_msg("memory limit (--memory %llu bytes) reached: killing the program",
			(unsigned long long)L.c.memory);
	limits_note(LIMIT_MEMORY);
	kill_all(LIMIT_MEMORY);
	return true;
}

size_t limits_output(size_t n)
{
	if (L.output_left < 0)
		return n;
	if ((uint64_t)L.output_left >= n) {
		L.output_left -= (int64_t)n;
		return n;
	}
	size_t ok = (size_t)L.output_left;
	L.output_left = 0;
	if (!L.fired[LIMIT_OUTPUT])
		sbx_msg("output limit (--max-output %lld bytes) reached: the rest of the "
			"program's output is dropped",
			(long long)L.c.max_output);
	limits_note(LIMIT_OUTPUT);
	return ok;
}

/* The CPU clock of host process @pid (every thread, live or exited). */
static uint64_t process_cpu_ns(pid_t pid)
{
	clockid_t clk = (clockid_t)((~(unsigned)pid << 3) | 2 /* CPUCLOCK_SCHED */);
	struct timespec ts;
	if (clock_gettime(clk, &ts) < 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

uint64_t limits_cpu_ns(void)
{
	/* Stubs that are gone were reaped by sbx: their children's usage. */
	struct rusage ru;
	uint64_t ns = 0;
	if (getrusage(RUSAGE_CHILDREN, &ru) == 0)
		ns = ((uint64_t)ru.ru_utime.tv_sec + (uint64_t)ru.ru_stime.tv_sec) * 1000000000ULL +
		     ((uint64_t)ru.ru_utime.tv_usec + (uint64_t)ru.ru_stime.tv_usec) * 1000ULL;
	/* Live stubs: each address space once. */
	pid_t seen[64];
	int nseen = 0;
	for_each_task(t)
	{
		if (!t->mm || !t->mm->as || t->state == TASK_DEAD)
			continue;
		pid_t pid = as_host_pid(t->mm->as);
		bool dup = false;
		for (int i = 0; i < nseen && !dup; i++)
			dup = seen[i] == pid;
		if (dup)
			continue;
		if (nseen < (int)(sizeof(seen) / sizeof(seen[0])))
			seen[nseen++] = pid;
		ns += process_cpu_ns(pid);
	}
	return ns;
}

uint64_t limits_wall_ns(void)
{
	return host_now_ns() - L.start_ns;
}

static void drain(int fd)
{
	uint64_t n;
	while (read(fd, &n, sizeof(n)) == sizeof(n))
		;
}

static void cpu_check(struct epoll_source *src, uint32_t events)
{
	(void)src, (void)events;
	drain(L.cpu_fd);
	uint64_t used = limits_cpu_ns(), lim = L.c.cpu_time_ms * 1000000ULL;
	if (used < lim)
		return;
	if (!L.xcpu_sent) {
		/* RLIMIT_CPU's soft limit: SIGXCPU (kernel/time/posix-cpu-timers.c). */
		L.xcpu_sent = true;
		limits_note(LIMIT_CPU);
		sbx_msg("CPU time limit (--cpu-time %llu.%03llu s) reached: SIGXCPU",
			(unsigned long long)(L.c.cpu_time_ms / 1000),
			(unsigned long long)(L.c.cpu_time_ms % 1000));
		signal_all(SIGXCPU);
	} else if (used >= lim + 1000000000ULL) {
		/* The hard limit, one second later: SIGKILL. */
		sbx_msg("CPU time limit: the program is still running a second later: killing it");
		kill_all(LIMIT_CPU);
		struct itimerspec off = {{0, 0}, {0, 0}};
		timerfd_settime(L.cpu_fd, 0, &off, NULL);
	}
}

static void timeout_fired(struct epoll_source *src, uint32_t events)
{
	(void)src, (void)events;
	drain(L.timeout_fd);
	if (L.fired[LIMIT_TIMEOUT])
		return;
	limits_note(LIMIT_TIMEOUT);
	sbx_msg("time limit (--timeout %llu.%03llu s) reached: killing the program",
		(unsigned long long)(L.c.timeout_ms / 1000),
		(unsigned long long)(L.c.timeout_ms % 1000));
	kill_all(LIMIT_TIMEOUT);
}

static int arm(int *fd, struct epoll_source *src, void (*fn)(struct epoll_source *, uint32_t),
	       uint64_t first_ns, uint64_t period_ns)
{
	*fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (*fd < 0)
		return -errno;
	struct itimerspec its = {
		.it_value = {(time_t)(first_ns / 1000000000ULL), (long)(first_ns % 1000000000ULL)},
		.it_interval = {(time_t)(period_ns / 1000000000ULL), (long)(period_ns % 1000000000ULL)},
	};
	if (timerfd_settime(*fd, 0, &its, NULL) < 0)
		return -errno;
	src->ready = fn;
	return sched_epoll_add(*fd, EPOLLIN, src);
}

int limits_init(const struct fuzz_config *c)
{
	L.c = *c;
	L.start_ns = host_now_ns();
	L.output_left = c->max_output;
	if (c->memory)
		memfile_set_limit((c->memory + PAGE_SIZE - 1) / PAGE_SIZE);
	int r = 0;
	if (c->cpu_time_ms)
		r = arm(&L.cpu_fd, &L.cpu_src, cpu_check, CPU_CHECK_NS, CPU_CHECK_NS);
	if (r == 0 && c->timeout_ms)
		r = arm(&L.timeout_fd, &L.timeout_src, timeout_fired, c->timeout_ms * 1000000ULL, 0);
	return r;
}

void limits_set_rlimits(struct thread_group *tg)
{
	if (L.c.max_file_size >= 0)
		tg->rlim[RLIMIT_FSIZE].rlim_cur = tg->rlim[RLIMIT_FSIZE].rlim_max =
			(rlim_t)L.c.max_file_size;
	if (L.c.max_fds >= 0)
		tg->rlim[RLIMIT_NOFILE].rlim_cur = tg->rlim[RLIMIT_NOFILE].rlim_max =
			(rlim_t)L.c.max_fds;
	if (L.c.cpu_time_ms) {
		/* Shown as RLIMIT_CPU would be set for the same effect. */
		rlim_t s = (rlim_t)((L.c.cpu_time_ms + 999) / 1000);
		tg->rlim[RLIMIT_CPU].rlim_cur = s;
		tg->rlim[RLIMIT_CPU].rlim_max = s + 1;
	}
}

void limits_finish(void)
{
	for (int *fd = &L.cpu_fd; fd; fd = fd == &L.cpu_fd ? &L.timeout_fd : NULL) {
		if (*fd >= 0) {
			sched_epoll_del(*fd, fd == &L.cpu_fd ? &L.cpu_src : &L.timeout_src);
			close(*fd);
			*fd = -1;
		}
	}
}
