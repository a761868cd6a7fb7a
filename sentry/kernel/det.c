/* Deterministic runs: virtual time and one guest thread at a time (see
 * det.h). */
#define _GNU_SOURCE
#include "det.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "../../platform/platform.h"
#include "random.h"
#include "sched.h"
#include "task.h"

bool det_enabled;

static struct {
	uint64_t now;     /* the virtual CLOCK_MONOTONIC */
	pid_t *ready;     /* tids of threads waiting to run guest code */
	int nready, cap;
	pid_t running;    /* the thread that runs guest code, 0: none */
	int quantum_fd;
	struct epoll_source quantum_src;
} D = {.quantum_fd = -1};

uint64_t det_clock_ns(void)
{
	return D.now;
}

void det_syscall_tick(void)
{
	D.now += DET_TICK_NS;
}

static void ns_to_ts(uint64_t ns, struct timespec *ts)
{
	ts->tv_sec = (time_t)(ns / 1000000000ULL);
	ts->tv_nsec = (long)(ns % 1000000000ULL);
}

void clock_realtime(struct timespec *ts)
{
	if (det_enabled)
		ns_to_ts(DET_EPOCH * 1000000000ULL + D.now - DET_MONO_START, ts);
	else
		clock_gettime(CLOCK_REALTIME, ts);
}

void clock_boottime(struct timespec *ts)
{
	if (det_enabled)
		ns_to_ts(D.now, ts);
	else
		clock_gettime(CLOCK_BOOTTIME, ts);
}

/* The running thread took its quantum while others wait: stop it. */
static void quantum_over(struct epoll_source *src, uint32_t events)
{
	(void)src, (void)events;
	uint64_t n;
	while (read(D.quantum_fd, &n, sizeof(n)) == sizeof(n))
		;
	struct task *t = D.running ? task_lookup(D.running) : NULL;
	if (t && t->state == TASK_GUEST && t->ctx && D.nready)
		ctx_interrupt(t->ctx);
}

int det_init(uint64_t seed)
{
	det_enabled = true;
	D.now = DET_MONO_START;
	sbx_start_ns = D.now;
	random_seed(seed);
	D.quantum_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (D.quantum_fd < 0)
		return -errno;
	D.quantum_src.ready = quantum_over;
	return sched_epoll_add(D.quantum_fd, EPOLLIN, &D.quantum_src);
}

void det_defer_resume(struct task *t)
{
	for (int i = 0; i < D.nready; i++)
		if (D.ready[i] == t->tid)
			return;
	if (D.nready == D.cap) {
		int cap = D.cap ? 2 * D.cap : 64;
		pid_t *r = realloc(D.ready, (size_t)cap * sizeof(*r));
		if (!r) {
			/* No room to wait: let it run now, out of order. */
			task_resume_now(t);
			return;
		}
		D.ready = r;
		D.cap = cap;
	}
	D.ready[D.nready++] = t->tid;
}

static bool guest_running(void)
{
	if (!D.running)
		return false;
	struct task *t = task_lookup(D.running);
	if (t && t->state == TASK_GUEST)
		return true;
	D.running = 0;
	return false;
}

void det_schedule(void)
{
	if (guest_running())
		return;
	while (D.nready) {
		int i = (int)sched_random_below((uint64_t)D.nready);
		pid_t tid = D.ready[i];
		D.ready[i] = D.ready[--D.nready];
		struct task *t = task_lookup(tid);
		if (!t || t->state != TASK_SENTRY)
			continue; /* gone, or blocked or stopped meanwhile */
		task_resume_now(t);
		/* A thread that died on the way is freed: look it up again. */
		t = task_lookup(tid);
		if (!t || t->state != TASK_GUEST)
			continue; /* it exited or stopped on the way */
		D.running = tid;
		struct itimerspec its = {{0, 0}, {0, D.nready ? (long)DET_QUANTUM_NS : 0}};
		timerfd_settime(D.quantum_fd, 0, &its, NULL);
		return;
	}
}

int64_t det_wait(int64_t wait)
{
	if (guest_running() || D.nready)
		return -1; /* its next stop comes as an event */
	if (wait > 0) {
		D.now += (uint64_t)wait;
		return 0;
	}
	return wait;
}
