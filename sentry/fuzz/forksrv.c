/* The snapshot fork server (see forksrv.h). */
#define _GNU_SOURCE
#include "forksrv.h"

#include <asm/unistd.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "../../platform/platform.h"
#include "../../util/log.h"
#include "../kernel/fork.h"
#include "../kernel/signal.h"
#include "../kernel/task.h"
#include "../mm/mm.h"
#include "scring.h"

bool forksrv_waiting;
struct thread_group *forksrv_child_tg;
static int status_fd = -1;
static bool status_sent; /* the current copy's wait status is out */

static struct task *snapshot; /* the frozen program */
static struct task *child;    /* the copy running the current test case */

static bool is_stdin_read(const struct task *t)
{
	switch (t->sc.nr) {
	case __NR_read:
	case __NR_readv:
	case __NR_pread64:
	case __NR_preadv:
	case __NR_preadv2:
		return t->sc.args[0] == 0;
	default:
		return false;
	}
}

bool forksrv_hook(struct task *t)
{
	if (t->tg != root_tg || !is_stdin_read(t))
		return false;
	/* Frozen: in its syscall, on no wait queue, never woken. */
	forksrv_waiting = false;
	t->state = TASK_BLOCKED;
	snapshot = t;
	return true;
}

static bool snapshot_taken(void)
{
	return snapshot || root_tg->zombie;
}

static bool child_exited(void)
{
	return child->tg->zombie;
}

/* Every task is dead but init and the frozen program (unregistered). */
static bool others_gone(void)
{
	for_each_task(t)
	{
		if (t != init_task && t->state != TASK_DEAD)
			return false;
	}
	return true;
}

static void kill_others(void)
{
	for_each_task(t)
	{
		if (t == t->tg->leader && t != init_task && !t->tg->zombie)
			group_kill(t->tg, WSTATUS_SIGNALED(SIGKILL, false));
	}
}

/* A copy of the snapshot, as fork makes one, but with the snapshot's own
 * pid and parent, at the very point the snapshot was frozen (its pending
 * read runs again in the copy). */
static struct task *copy_snapshot(int *err)
{
	struct kernel_clone_args args = {.exit_signal = SIGCHLD, .set_tid = snapshot->tid};
	struct task *c = copy_process(snapshot, &args, err);
	if (!c)
		return NULL;
	TAILQ_REMOVE(&snapshot->children, c, sibling);
	c->real_parent = snapshot->real_parent;
	if (c->real_parent)
		TAILQ_INSERT_TAIL(&c->real_parent->children, c, sibling);
	c->exit_signal = snapshot->exit_signal;
	c->regs = snapshot->regs;
	c->sc = snapshot->sc;
	c->in_syscall = snapshot->in_syscall;
	c->tg->did_exec = snapshot->tg->did_exec;
	return c;
}

static bool read4(int fd, uint32_t *v)
{
	size_t done = 0;
	while (done < sizeof(*v)) {
		ssize_t n = read(fd, (char *)v + done, sizeof(*v) - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		done += (size_t)n;
	}
	return true;
}

static bool write4(int fd, uint32_t v)
{
	ssize_t n;
	while ((n = write(fd, &v, sizeof(v))) < 0 && errno == EINTR)
		;
	return n == sizeof(v);
}

/* The copy for the next test case, made ahead of time: while afl-fuzz
 * looks at the last run's coverage and writes the next input, the host
 * fork of the stub and the new thread are made on the other CPU.  A copy
 * does nothing until it is woken; its pending read then reads the input
 * afl-fuzz has written by then. */
static struct task *next;

/* The pages earlier copies wrote (copy-on-write breaks; the first 64
 * seen), broken ahead in every next copy: a test case mostly
 * writes what the last ones wrote (its stack, the program's data), and
 * each break during a run is a fault, a stop and an injected mmap on the
 * way to its status. */
#define COW_LOG_MAX 64
static uint64_t cow_log[COW_LOG_MAX];
static unsigned cow_n;
static struct mm *cow_mm; /* the copy whose breaks are logged */

static void log_cow(struct mm *mm, uint64_t addr)
{
	if (mm != cow_mm || cow_n == COW_LOG_MAX)
		return;
	uint64_t page = addr & PAGE_MASK;
	for (unsigned i = 0; i < cow_n; i++)
		if (cow_log[i] == page)
			return;
	cow_log[cow_n++] = page;
}

/* The copy made ahead, never run, when the server ends. */
static void drop_next(void)
{
	if (!next)
		return;
	root_tg = next->tg; /* kept as a zombie for us, as a copy that ran */
	kill_others();	    /* a SIGKILL it meets before it runs anything */
	task_wake(next);
	sched_run_until(others_gone);
	release_task(next);
	next = NULL;
}

static int prepare_next(void)
{
	int err = 0;
	next = copy_snapshot(&err);
	if (!next) {
		sbx_msg("--fork-server: cannot copy the program: %s", strerror(-err));
		return -1;
	}
	for (unsigned i = 0; i < cow_n; i++)
		if (mm_prefault_write(next->mm, cow_log[i]) < 0)
			break; /* out of memory: the run will fault as usual */
	return 0;
}

/* One test case: run the copy made ahead (or make one), tell afl-fuzz its
 * wait status as soon as it is known, then clean up and make the next
 * copy while afl-fuzz looks at the result: 0, or -1 to end. */
static bool send_status(int ws)
{
	status_sent = true;
	forksrv_child_tg = NULL;
	return write4(status_fd, (uint32_t)ws);
}

void forksrv_group_exit(struct thread_group *tg)
{
	if (tg == forksrv_child_tg && !status_sent && !send_status(tg->exit_status))
		status_fd = -1; /* afl-fuzz is gone: run_one ends the server */
}

static int run_one(void)
{
	if (!next && prepare_next() < 0)
		return -1;
	scring_clear();
	child = next;
	next = NULL;
	root_tg = child->tg;
	mm_cow_hook = log_cow;
	cow_mm = child->mm;
	status_sent = false;
	forksrv_child_tg = child->tg;
	task_wake(child);
	if (!write4(status_fd, (uint32_t)as_host_pid(child->mm->as)))
		return -1;
	sched_run_until(child_exited);
	cow_mm = NULL;
	if (status_fd < 0 || (!status_sent && !send_status(child->tg->exit_status)))
		return -1;
	kill_others();
	sched_run_until(others_gone);
	release_task(child);
	child = NULL;
	return prepare_next();
}

int forksrv_run(struct task *t, enum snapshot_at at)
{
	int ctl = FORKSRV_FD, st = FORKSRV_FD + 1;
	status_fd = st;
	if (fcntl(ctl, F_GETFD) < 0 || fcntl(st, F_GETFD) < 0) {
		sbx_msg("--fork-server: fds %d and %d are not open (afl-fuzz opens them)", ctl, st);
		return 1;
	}
	fcntl(ctl, F_SETFD, FD_CLOEXEC);
	fcntl(st, F_SETFD, FD_CLOEXEC);
	if (at == SNAPSHOT_ENTRY) {
		t->state = TASK_BLOCKED;
		snapshot = t;
	} else {
		forksrv_waiting = true;
		task_wake(t);
		sched_run_until(snapshot_taken);
		forksrv_waiting = false;
		if (!snapshot) {
			sbx_msg("--fork-server: the program exited before it read its standard "
				"input (--snapshot-at=entry snapshots it at its start)");
			return 1;
		}
	}
	struct task *th;
	TAILQ_FOREACH(th, &snapshot->tg->threads, tg_link)
	{
		if (th != snapshot && th->state != TASK_DEAD) {
			sbx_msg("--fork-server: the program has more than one thread at the "
				"snapshot point; only single-threaded ones can be copied");
			return 1;
		}
	}
	/* The frozen program is out of the sandbox's sight: no kill, wait or
	 * /proc reaches it, and its copies take its pid. */
	pid_unregister(snapshot);
	if (!write4(st, 0)) /* hello: no options */
		return 1;
	uint32_t was_killed;
	int r = 0;
	while (read4(ctl, &was_killed)) {
		if (run_one() < 0) {
			r = 1;
			break;
		}
	}
	drop_next();
	return r;
}
