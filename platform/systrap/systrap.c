/* The systrap platform: guest syscalls without ptrace stops.
 *
 * Stubs are made and changed as under ptrace (platform/ptrace/: the
 * template stub, as_fork as a host fork of the parent's stub, mmap and
 * friends injected through the ptrace'd control thread).  Guest threads run
 * untraced: each has the guest seccomp filter (SECCOMP_RET_TRAP for every
 * syscall) and a slot in the context file, a memfd mapped here and in its
 * stub; the stub's signal handler posts every syscall, fault and interrupt
 * there (platform/stub/stub_slot.h) and thread.c reads and answers it.
 *
 * Learning of events: the loop scans the slots of running threads; before
 * it sleeps it sets stub_shared.sentry_sleeping, and a handler that posts an
 * event then writes the eventfd, which is in this platform's epoll set
 * (platform_event_fd) together with the SIGCHLD signalfd (stubs that die)
 * and a PIDFD_THREAD pidfd per guest thread (threads that leave on their
 * own).  When a CPU is free, platform_idle first spins on the slots for a
 * while, so a syscall round trip needs no wake-up at all.
 */
#define _GNU_SOURCE
#include "systrap_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <asm/prctl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/futex.h>
#include <linux/seccomp.h>

#include "../../util/log.h"
#include "../platform_ops.h"

struct systrap S;

#define TAG_EVENTFD 1
#define TAG_SIGFD   2
#define TAG_TIMER   3

/* A guest thread that has not answered an interrupt after this long has
 * blocked the host signal (rt_sigreturn through the call gate can): its
 * stub is killed, so that SIGKILL and group exits always end. */
#define WATCHDOG_NS (2000 * 1000 * 1000ULL)

/* Spinning.  The sentry spins for a guest event at most S.spin_ns: a spin
 * that finds one doubles it (up to SPIN_MAX_NS), one that times out halves
 * it (down to SPIN_MIN_NS), so a guest that computes long between syscalls
 * costs the sentry little.  A handler spins stub_shared.spin pauses before
 * it sleeps on its futex: about STUB_SPIN_NS, a sixteenth of it while more
 * than half of the recent releases found the thread asleep anyway (the
 * sentry was slow: a blocking syscall, or a busy host), back up when
 * fewer than an eighth did.  With one CPU nobody spins. */
#define SPIN_MAX_NS    (50 * 1000)
#define SPIN_MIN_NS    (2 * 1000)
#define STUB_SPIN_NS   (20 * 1000)
#define RELEASE_WINDOW 32

#ifndef HWCAP2_FSGSBASE
#define HWCAP2_FSGSBASE (1 << 1)
#endif

static uint8_t region_used[CTX_MAX_REGIONS];

/* Stubs killed by as_destroy and not yet reaped, with their regions. */
struct dead_stub {
	pid_t pid;
	int region, nmapped;
	struct dead_stub *next;
};
static struct dead_stub *dead_stubs;

uint64_t st_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

void st_running_add(struct ctx *c)
{
	c->run_prev = NULL;
	c->run_next = S.running;
	if (S.running)
		S.running->run_prev = c;
	S.running = c;
	if (c->pinned)
		S.nrun_pinned++;
	else
		S.nrun_free++;
}

void st_running_del(struct ctx *c)
{
	if (c->run_prev)
		c->run_prev->run_next = c->run_next;
	else if (S.running == c)
		S.running = c->run_next;
	else
		return; /* not on the list */
	if (c->run_next)
		c->run_next->run_prev = c->run_prev;
	c->run_next = c->run_prev = NULL;
	if (c->pinned)
		S.nrun_pinned--;
	else
		S.nrun_free--;
}

void st_queue_exited(struct ctx *c)
{
	if (S.nexited == S.exited_cap) {
		size_t cap = S.exited_cap ? 2 * S.exited_cap : 16;
		struct ctx **n = realloc(S.exited, cap * sizeof(*n));
		if (!n)
			return; /* the owner finds out at its next resume (-ESRCH) */
		S.exited = n;
		S.exited_cap = cap;
	}
	S.exited[S.nexited++] = c;
}

void st_unqueue(struct ctx *c)
{
	for (size_t i = 0; i < S.nexited;) {
		if (S.exited[i] == c)
			S.exited[i] = S.exited[--S.nexited];
		else
			i++;
	}
}

void st_epoll_ctx(struct ctx *c, bool add)
{
	struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
	epoll_ctl(S.epfd, add ? EPOLL_CTL_ADD : EPOLL_CTL_DEL, c->pidfd, &ev);
}

/* The thread behind @c is gone. */
static void ctx_died(struct ctx *c)
{
	if (c->dead)
		return;
	if (!c->stopped)
		st_running_del(c);
	c->dead = true;
	c->stopped = true;
	st_queue_exited(c);
}

/* The stub that had @region is reaped: nothing maps it but us.  Give back
 * the pages of its first @nmapped slots (the others were never mapped;
 * punching the whole region would walk 256 MiB of page cache). */
static void region_free(int region, int nmapped)
{
	if (nmapped > 0)
		fallocate(P.ctxfile_fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
			  (off_t)CTX_REGION_OFF(region), (off_t)nmapped * (off_t)STUB_SLOT_SIZE);
	region_used[region] = 0;
}

static int region_alloc(void)
{
	for (int i = 0; i < CTX_MAX_REGIONS; i++) {
		if (!region_used[i]) {
			region_used[i] = 1;
			return i;
		}
	}
	return -1;
}

/* Reap dead stubs: a stub of a live address space takes its threads with
 * it; a destroyed one frees its region. */
static void reap(void)
{
	for (;;) {
		int st;
		pid_t pid = waitpid(-1, &st, __WALL | WNOHANG);
		if (pid < 0 && errno == EINTR)
			continue;
		if (pid <= 0)
			return;
		if (!WIFEXITED(st) && !WIFSIGNALED(st)) {
			as_note_status(pid, st);
			continue;
		}
		struct as *as = as_find(pid);
		if (as) {
			sbx_dbg("systrap: stub %d died (status %#x)", pid, st);
			for (struct ctx *c = as->ctxs; c; c = c->next_in_as)
				ctx_died(c);
			if (as->st)
				as->st->reaped = true;
			continue;
		}
		for (struct dead_stub **pp = &dead_stubs; *pp; pp = &(*pp)->next) {
			struct dead_stub *d = *pp;
			if (d->pid == pid) {
				region_free(d->region, d->nmapped);
				*pp = d->next;
				free(d);
				break;
			}
		}
	}
}

static void watchdog_arm(uint64_t deadline)
{
	struct itimerspec its = {
	    .it_value = {.tv_sec = (time_t)(deadline / 1000000000ULL),
			 .tv_nsec = (long)(deadline % 1000000000ULL)},
	};
	timerfd_settime(S.timerfd, TFD_TIMER_ABSTIME, &its, NULL);
	S.watchdog_armed = true;
}

void st_watch_interrupt(struct ctx *c)
{
	c->interrupt_ns = st_now_ns();
	if (!S.watchdog_armed)
		watchdog_arm(c->interrupt_ns + WATCHDOG_NS);
}

/* Kill the stubs of threads that ignore their interrupt; watch on while
 * others wait for theirs. */
static void watchdog_fire(void)
{
	uint64_t now = st_now_ns(), next = 0;
	S.watchdog_armed = false;
	for (struct ctx *c = S.running; c; c = c->run_next) {
		if (!c->interrupted)
			continue;
		if (now - c->interrupt_ns < WATCHDOG_NS) {
			uint64_t d = c->interrupt_ns + WATCHDOG_NS;
			if (!next || d < next)
				next = d;
			continue;
		}
		sbx_msg("systrap: thread %d of stub %d ignores interrupts; killing the stub",
			c->tid, c->as->pid);
		kill(c->as->pid, SIGKILL);
		c->interrupted = false;
	}
	if (next)
		watchdog_arm(next);
}

/* What the event fd holds: the eventfd's count, SIGCHLDs, pidfds, the
 * watchdog. */
static void poll_fds(void)
{
	struct epoll_event evs[64];
	int n;
	do {
		n = epoll_wait(S.epfd, evs, 64, 0);
		for (int i = 0; i < n; i++) {
			uint64_t tag = evs[i].data.u64;
			if (tag == TAG_EVENTFD) {
				/* Edge-triggered: the count is never read. */
			} else if (tag == TAG_SIGFD) {
				struct signalfd_siginfo si[8];
				while (read(P.sigfd, si, sizeof(si)) > 0)
					;
				reap();
			} else if (tag == TAG_TIMER) {
				uint64_t v;
				if (read(S.timerfd, &v, sizeof(v)) > 0)
					watchdog_fire();
			} else {
				struct ctx *c = evs[i].data.ptr;
				st_epoll_ctx(c, false);
				close(c->pidfd);
				c->pidfd = -1;
				sbx_dbg("systrap: thread %d left", c->tid);
				ctx_died(c);
			}
		}
	} while (n == 64);
}

static void spin_adapt(bool hit)
{
	if (hit && S.spin_ns < SPIN_MAX_NS)
		S.spin_ns *= 2;
	else if (!hit && S.spin_ns > SPIN_MIN_NS)
		S.spin_ns /= 2;
}

void st_note_release(bool slept)
{
	S.releases++;
	S.releases_slept += slept;
	if (S.releases < RELEASE_WINDOW)
		return;
	if (S.releases_slept > RELEASE_WINDOW / 2)
		S.stub_spin = S.stub_spin_max / 16;
	else if (S.releases_slept < RELEASE_WINDOW / 8)
		S.stub_spin = S.stub_spin_max;
	S.releases = S.releases_slept = 0;
}

static bool any_waiting(void)
{
	for (struct ctx *c = S.running; c; c = c->run_next)
		if (__atomic_load_n(&c->sl->state, __ATOMIC_ACQUIRE) == STUB_SLOT_WAITING)
			return true;
	return false;
}

static int systrap_next_event(struct platform_event *ev)
{
	if (S.poll_fds) {
		S.poll_fds = false;
		poll_fds();
	}
	if (deferred_next_event(ev))
		return 1;
	memset(ev, 0, sizeof(*ev));
	if (S.nexited) {
		ev->ctx = S.exited[--S.nexited];
		ev->kind = EV_EXITED;
		return 1;
	}
	for (struct ctx *c = S.running, *next; c; c = next) {
		next = c->run_next;
		if (__atomic_load_n(&c->sl->state, __ATOMIC_ACQUIRE) != STUB_SLOT_WAITING)
			continue;
		int kind;
		if (c->starting) {
			kind = st_finish_start(c);
			if (kind == 0 && !c->start_interrupt) {
				st_release(c->sl); /* off it goes, untold */
				continue;
			}
			kind = kind == 0 ? ST_INTERRUPT : kind;
			st_running_del(c);
		} else {
			st_running_del(c);
			if (__atomic_load_n(&c->sl->kind, __ATOMIC_RELAXED) == STUB_EV_FAST)
				kind = st_read_fast(c);
			else
				kind = st_read_event(c, &ev->info);
		}
		c->stopped = true;
		c->interrupted = false;
		c->prev_event_ns = c->event_ns;
		c->event_ns = st_now_ns();
		c->event_seq = ++S.events;
		c->avg_run_ns = (c->avg_run_ns * 7 + (c->event_ns - c->resumed_ns)) / 8;
		ev->ctx = c;
		switch (kind) {
		case ST_SYSCALL:
			ev->kind = EV_SYSCALL;
			ev->patched = c->fast;
			return 1;
		case ST_FAULT:
			ev->kind = EV_FAULT;
			return 1;
		case ST_INTERRUPT:
			ev->kind = EV_INTERRUPTED;
			return 1;
		case ST_START: /* the guest jumped to the start trap */
		case ST_SIGNAL:
			ev->kind = EV_SIGNAL;
			return 1;
		default:
			/* Not a frame the handler made: the guest wrote over
			 * its slot.  Its stub goes, with every thread in it. */
			sbx_msg("systrap: stub %d broke its slot protocol; killing it", c->as->pid);
			kill(c->as->pid, SIGKILL);
			c->dead = true;
			ev->kind = EV_EXITED;
			ev->exit_status = SIGKILL;
			return 1;
		}
	}
	return 0;
}

static void systrap_ack_events(void)
{
	S.shared->sentry_sleeping = 0;
	S.poll_fds = true;
}

static bool systrap_idle(int64_t max_ns)
{
	S.shared->sentry_sleeping = 0;
	if (S.nexited || deferred_pending() || any_waiting())
		return true;
	/* Spin only for threads on other CPUs, with a CPU to spare for it
	 * beside them, and none running on the sentry's own. */
	if (S.nrun_pinned == 0 && S.nrun_free > 0 && S.nrun_free < S.ncpus && S.spin_ns > 0) {
		int64_t budget = S.spin_ns;
		if (max_ns >= 0 && max_ns < budget)
			budget = max_ns;
		uint64_t end = st_now_ns() + (uint64_t)budget;
		for (unsigned n = 1;; n++) {
			if (any_waiting()) {
				spin_adapt(true);
				return true;
			}
			__builtin_ia32_pause();
			if (n % 64 == 0 && st_now_ns() >= end)
				break;
		}
		if (budget == S.spin_ns)
			spin_adapt(false);
	}
	__atomic_store_n(&S.shared->sentry_sleeping, 1, __ATOMIC_SEQ_CST);
	if (any_waiting()) {
		S.shared->sentry_sleeping = 0;
		return true;
	}
	return false;
}

static int systrap_event_fd(void)
{
	return S.epfd;
}

/* How many pause instructions make about @ns. */
static uint32_t pauses_for(uint64_t ns)
{
	uint64_t t0 = st_now_ns();
	for (int i = 0; i < 20000; i++)
		__builtin_ia32_pause();
	uint64_t per = (st_now_ns() - t0) / 20000;
	if (per == 0)
		per = 1;
	return (uint32_t)(ns / per);
}

/* clang-format off */
#define HI(x) ((uint32_t)((uint64_t)(x) >> 32))
#define LO(x) ((uint32_t)(uint64_t)(x))
#define ARG_LO(n) (offsetof(struct seccomp_data, args) + 8 * (n))
#define ARG_HI(n) (ARG_LO(n) + 4)
#define LD(off)   (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (off))
#define RET(v)    (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, (v))
#define JEQ(k, t, f) (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (k), (t), (f))
#define GUEST_FILTER_LEN 64

/* The guest filter, with @key for the gates.  Not x86-64 (int 0x80):
 * kill.  From anywhere but the stub's gates: SECCOMP_RET_TRAP (SIGSYS: a
 * guest syscall for the sentry).  From the call gate: what stub_signal and
 * stub_thread_start make, else kill.  From the gate: with the key, allow
 * (the sentry's injections), else kill.  From the clone gate: with the
 * key, allow, else SECCOMP_RET_TRACE (a new stub's clone of its first
 * thread stops for the sentry; a guest thread gets ENOSYS).  From the
 * trace gate: a new stub's prctl(PR_SET_PDEATHSIG, SIGKILL) and munmap of
 * exactly the slot area, allow (a guest making either harms only its own
 * process), else SECCOMP_RET_TRACE. */
static void guest_filter(struct sock_filter *f, uint64_t key)
{
	const uint32_t key_lo = (uint32_t)key, key_hi = (uint32_t)(key >> 32);
	const struct sock_filter prog[GUEST_FILTER_LEN] = {
	/* 0 */ LD(offsetof(struct seccomp_data, arch)),
	/* 1 */ JEQ(AUDIT_ARCH_X86_64, 0, 60),
	/* 2 */ LD(offsetof(struct seccomp_data, instruction_pointer) + 4),
	/* 3 */ JEQ(HI(STUB_CALL_GATE_RET_IP), 0, 57),
	/* 4 */ LD(offsetof(struct seccomp_data, instruction_pointer)),
	/* 5 */ JEQ(LO(STUB_CALL_GATE_RET_IP), 36, 0),
	/* 6 */ JEQ(LO(STUB_GATE_RET_IP), 2, 0),
	/* 7 */ JEQ(LO(STUB_CLONE_GATE_RET_IP), 11, 0),
	/* 8 */ JEQ(LO(STUB_TRACE_GATE_RET_IP), 14, 52),
	/* the gate: the sentry's key, or the process dies */
	/* 9 */ LD(offsetof(struct seccomp_data, nr)),
	/* 10 */ JEQ(__NR_mmap, 4, 0),
	/* 11 */ LD(ARG_LO(5)),
	/* 12 */ JEQ(key_lo, 0, 49),
	/* 13 */ LD(ARG_HI(5)),
	/* 14 */ JEQ(key_hi, 48, 47),
	/* 15 */ LD(ARG_HI(3)),
	/* 16 */ JEQ(key_lo, 0, 45),
	/* 17 */ LD(ARG_HI(4)),
	/* 18 */ JEQ(key_hi, 44, 43),
	/* the clone gate: the sentry's key, else traced */
	/* 19 */ LD(ARG_LO(5)),
	/* 20 */ JEQ(key_lo, 0, 39),
	/* 21 */ LD(ARG_HI(5)),
	/* 22 */ JEQ(key_hi, 40, 37),
	/* the trace gate: a new stub's death signal, its unmapping of the
	 * slots it inherited; anything else is traced */
	/* 23 */ LD(offsetof(struct seccomp_data, nr)),
	/* 24 */ JEQ(__NR_prctl, 0, 8),
	/* 25 */ LD(ARG_HI(0)),
	/* 26 */ JEQ(0, 0, 33),
	/* 27 */ LD(ARG_LO(0)),
	/* 28 */ JEQ(PR_SET_PDEATHSIG, 0, 31),
	/* 29 */ LD(ARG_HI(1)),
	/* 30 */ JEQ(0, 0, 29),
	/* 31 */ LD(ARG_LO(1)),
	/* 32 */ JEQ(SIGKILL, 30, 27),
	/* 33 */ JEQ(__NR_munmap, 0, 26),
	/* 34 */ LD(ARG_HI(0)),
	/* 35 */ JEQ(HI(STUB_SLOTS), 0, 24),
	/* 36 */ LD(ARG_LO(0)),
	/* 37 */ JEQ(LO(STUB_SLOTS), 0, 22),
	/* 38 */ LD(ARG_HI(1)),
	/* 39 */ JEQ(HI(STUB_SLOTS_SIZE), 0, 20),
	/* 40 */ LD(ARG_LO(1)),
	/* 41 */ JEQ(LO(STUB_SLOTS_SIZE), 21, 18),
	/* the call gate: what stub_signal and stub_thread_start make */
	/* 42 */ LD(offsetof(struct seccomp_data, nr)),
	/* 43 */ JEQ(__NR_rt_sigreturn, 19, 0),
	/* 44 */ JEQ(__NR_futex, 4, 0),
	/* 45 */ JEQ(__NR_write, 5, 0),
	/* 46 */ JEQ(__NR_exit, 16, 0),
	/* 47 */ JEQ(__NR_sigaltstack, 15, 0),
	/* 48 */ JEQ(__NR_arch_prctl, 6, 13),
	/* futex: FUTEX_WAIT (shared) only */
	/* 49 */ LD(ARG_LO(1)),
	/* 50 */ JEQ(FUTEX_WAIT, 12, 11),
	/* write: to the sentry's eventfd only */
	/* 51 */ LD(ARG_HI(0)),
	/* 52 */ JEQ(0, 0, 9),
	/* 53 */ LD(ARG_LO(0)),
	/* 54 */ JEQ(STUB_EVENT_FD, 8, 7),
	/* arch_prctl: the fs and gs bases only */
	/* 55 */ LD(ARG_LO(0)),
	/* 56 */ JEQ(ARCH_SET_FS, 6, 0),
	/* 57 */ JEQ(ARCH_GET_FS, 5, 0),
	/* 58 */ JEQ(ARCH_SET_GS, 4, 0),
	/* 59 */ JEQ(ARCH_GET_GS, 3, 2),
	/* 60 */ RET(SECCOMP_RET_TRACE),
	/* 61 */ RET(SECCOMP_RET_TRAP),
	/* 62 */ RET(SECCOMP_RET_KILL_PROCESS),
	/* 63 */ RET(SECCOMP_RET_ALLOW),
	};
	memcpy(f, prog, sizeof(prog));
}
/* clang-format on */

/* Give the template's control thread the guest filter, with a new key:
 * through its scratch page, wiped before any stub is forked from it, so
 * that the key is in no stub's memory. */
static int install_guest_filter(void)
{
	struct {
		struct sock_fprog prog;
		struct sock_filter f[GUEST_FILTER_LEN];
	} buf;
	uint64_t key = 0;
	while (key == 0)
		if (getrandom(&key, sizeof(key), 0) != sizeof(key))
			return -EIO;
	memset(&buf, 0, sizeof(buf));
	guest_filter(buf.f, key);
	buf.prog.len = GUEST_FILTER_LEN;
	buf.prog.filter = (struct sock_filter *)(platform_scratch_addr() + offsetof(typeof(buf), f));
	const uint64_t args[6] = {SECCOMP_SET_MODE_FILTER, 0, platform_scratch_addr(), 0, 0, 0};
	long r = as_syscall(P.template, SYS_seccomp, args, &buf, sizeof(buf), NULL, 0);
	if (r == 0)
		P.gate_key = key; /* from now on the gate wants it */
	memset(&buf, 0, sizeof(buf));
	const uint64_t none[6] = {0};
	long w = as_syscall(P.template, SYS_getpid, none, &buf, sizeof(buf), NULL, 0);
	if (r < 0 || w < 0)
		return r < 0 ? (int)r : (int)w;
	return 0;
}

static bool have_pidfd_thread(void)
{
	int fd = (int)syscall(SYS_pidfd_open, getpid(), O_EXCL /* PIDFD_THREAD */);
	if (fd < 0)
		return false;
	close(fd);
	return true;
}

static int systrap_init(const struct platform_config *cfg)
{
	sigset_t set;
	cpu_set_t cpus;

	P.memfile_fd = cfg->memfile_fd;
	P.debug = cfg->debug;
	P.systrap = true;
	S.xsize = platform_xstate_size();
	S.ncpus = sched_getaffinity(0, sizeof(cpus), &cpus) == 0 ? CPU_COUNT(&cpus) : 1;
	S.spin_ns = S.ncpus > 1 ? SPIN_MAX_NS : 0;
	S.pidfd_thread = have_pidfd_thread();

	P.ctxfile_fd = memfd_create("sbx-ctx", MFD_CLOEXEC);
	if (P.ctxfile_fd < 0 || ftruncate(P.ctxfile_fd, (off_t)CTX_FILE_SIZE) < 0)
		return -errno;
	S.ctxmap = mmap(NULL, CTX_FILE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_NORESERVE,
			P.ctxfile_fd, 0);
	if (S.ctxmap == MAP_FAILED)
		return -errno;
	S.shared = (volatile struct stub_shared *)S.ctxmap;
	S.shared->fsgsbase = (getauxval(AT_HWCAP2) & HWCAP2_FSGSBASE) != 0;
	S.stub_spin_max = S.ncpus > 1 ? pauses_for(STUB_SPIN_NS) : 0;
	S.stub_spin = S.stub_spin_max;

	P.event_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (P.event_fd < 0)
		return -errno;
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return -errno;
	P.sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	S.epfd = epoll_create1(EPOLL_CLOEXEC);
	S.timerfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (P.sigfd < 0 || S.epfd < 0 || S.timerfd < 0)
		return -errno;
	/* Each write to the eventfd is an edge; taking it from this epoll set
	 * is all the reading it needs (2^64 writes would fill it). */
	struct epoll_event e1 = {.events = EPOLLIN | EPOLLET, .data.u64 = TAG_EVENTFD};
	struct epoll_event e2 = {.events = EPOLLIN, .data.u64 = TAG_SIGFD};
	struct epoll_event e3 = {.events = EPOLLIN, .data.u64 = TAG_TIMER};
	if (epoll_ctl(S.epfd, EPOLL_CTL_ADD, P.event_fd, &e1) < 0 ||
	    epoll_ctl(S.epfd, EPOLL_CTL_ADD, P.sigfd, &e2) < 0 ||
	    epoll_ctl(S.epfd, EPOLL_CTL_ADD, S.timerfd, &e3) < 0)
		return -errno;

	int err = stub_image_init(cfg);
	if (err < 0)
		return err;
	affinity_init();
	P.template = stub_spawn();
	if (!P.template)
		return -errno;
	err = install_guest_filter();
	if (err < 0)
		return err;
	sbx_dbg(
	    "systrap: %d cpus, spin %lld ns, stub spin %u pauses, fsgsbase %u, pidfd threads %d",
	    S.ncpus, (long long)S.spin_ns, S.stub_spin, S.shared->fsgsbase, S.pidfd_thread);
	return 0;
}

static void systrap_shutdown(void)
{
	for (struct as *as = P.all_as; as; as = as->next_all) {
		while (as->ctxs) {
			struct ctx *c = as->ctxs;
			as->ctxs = c->next_in_as;
			if (c->pidfd >= 0)
				close(c->pidfd);
			free(c);
		}
		free(as->st);
	}
	S.running = NULL;
	S.nrun_pinned = S.nrun_free = 0;
	S.nexited = 0;
	stubs_kill_all();
	while (dead_stubs) {
		struct dead_stub *d = dead_stubs;
		dead_stubs = d->next;
		free(d);
	}
}

/* A new stub forked from @from's, with a region of slots of its own: it
 * maps the first slot itself and clones its first guest thread there,
 * and, forked from a guest's stub, unmaps the slots it inherited, which
 * belong to its parent's threads (the template has none). */
static struct as *new_as(struct as *from)
{
	struct systrap_as *sa = calloc(1, sizeof(*sa));
	if (!sa)
		return NULL;
	sa->region = region_alloc();
	if (sa->region < 0) {
		free(sa);
		errno = EAGAIN;
		return NULL;
	}
	sa->map = S.ctxmap + CTX_REGION_OFF(sa->region);
	struct as *as = stub_fork(from, from != P.template, STUB_SLOTS, CTX_REGION_OFF(sa->region));
	if (!as) {
		region_used[sa->region] = 0;
		free(sa);
		return NULL;
	}
	/* Its first thread, which it cloned into slot 0 (CLONE_PARENT_SETTID:
	 * the tid word was written before the stub parked). */
	sa->premade = (pid_t)__atomic_load_n(&st_slot(sa, 0)->tid, __ATOMIC_ACQUIRE);
	sa->slot_state[0] = sa->premade ? SLOT_USED : SLOT_FREE;
	sa->nmapped = 1;
	as->st = sa;
	return as;
}

static struct as *systrap_as_create(void)
{
	return new_as(P.template);
}

static struct as *systrap_as_fork(struct as *parent)
{
	return new_as(parent);
}

/* Kill the stub; its region is reused once the stub is reaped, so that no
 * thread of it still running can write into another stub's slots. */
static void as_release(struct as *as)
{
	as_unlink(as);
	kill(as->pid, SIGKILL);
	struct systrap_as *sa = as->st;
	if (sa && sa->reaped) {
		region_free(sa->region, sa->nmapped);
	} else if (sa) {
		struct dead_stub *d = malloc(sizeof(*d));
		if (d) {
			d->pid = as->pid;
			d->region = sa->region;
			d->nmapped = sa->nmapped;
			d->next = dead_stubs;
			dead_stubs = d;
		} /* else the region stays used: a leak, not a hazard */
	}
	free(sa);
	free(as);
}

static void systrap_as_destroy(struct as *as)
{
	if (!as)
		return;
	while (as->ctxs)
		st_ctx_abandon(as->ctxs);
	as_release(as);
}

const struct platform_ops systrap_ops = {
    .name = "systrap",
    .init = systrap_init,
    .shutdown = systrap_shutdown,
    .event_fd = systrap_event_fd,
    .ack_events = systrap_ack_events,
    .next_event = systrap_next_event,
    .idle = systrap_idle,
    .as_create = systrap_as_create,
    .as_fork = systrap_as_fork,
    .as_destroy = systrap_as_destroy,
    .ctx_create = st_ctx_create,
    .ctx_destroy = st_ctx_destroy,
    .ctx_abandon = st_ctx_abandon,
    .ctx_resume = st_ctx_resume,
    .ctx_interrupt = st_ctx_interrupt,
    .ctx_get_fpregs = st_ctx_get_fpregs,
    .ctx_set_fpregs = st_ctx_set_fpregs,
};
