/* The ptrace platform: PTRACE_SEIZE + PTRACE_SYSEMU.
 *
 * Every stub process has a *control thread* (its first thread) that stays
 * parked in an int3 stop; the sentry runs syscalls in the stub by pointing
 * that thread at the gate (inject.c).  Guest threads are further host
 * threads of the stub, cloned from the control thread; they run guest code
 * under PTRACE_SYSEMU, so each guest syscall is one stop and is never run by
 * the host.  Stops are learnt through SIGCHLD on a signalfd and drained with
 * waitpid(-1, __WALL | WNOHANG).
 */
#define _GNU_SOURCE
#include "ptrace_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <cpuid.h>
#include <elf.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <sys/ptrace.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../util/log.h"
#include "../platform_ops.h"
#include "../stub/stub_layout.h"

struct ptrace_platform P;

static void ptrace_ctx_abandon(struct ctx *c);
static void ptrace_ctx_destroy(struct ctx *c);

static void ctx_hash_add(struct ctx *c)
{
	HASH_ADD_INT(P.ctxs, tid, c);
}

static void ctx_hash_del(struct ctx *c)
{
	HASH_DEL(P.ctxs, c);
}

static struct ctx *ctx_lookup(pid_t tid)
{
	struct ctx *c;
	HASH_FIND_INT(P.ctxs, &tid, c);
	return c;
}

static int ptrace_init(const struct platform_config *cfg)
{
	sigset_t set;

	P.memfile_fd = cfg->memfile_fd;
	P.debug = cfg->debug;
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return -errno;
	P.sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (P.sigfd < 0)
		return -errno;
	int err = stub_image_init(cfg);
	if (err < 0)
		return err;
	affinity_init();
	P.template = stub_spawn();
	if (!P.template)
		return -errno;
	return 0;
}

static void ptrace_shutdown(void)
{
	struct ctx *c, *tmp;
	HASH_ITER(hh, P.ctxs, c, tmp)
	{
		ctx_hash_del(c);
		free(c);
	}
	stubs_kill_all();
}

static int ptrace_event_fd(void)
{
	return P.sigfd;
}

static struct as *ptrace_as_create(void)
{
	return stub_fork(P.template, false, 0, 0);
}

static struct as *ptrace_as_fork(struct as *parent)
{
	return stub_fork(parent, false, 0, 0);
}

static void ptrace_as_destroy(struct as *as)
{
	if (!as)
		return;
	while (as->ctxs)
		ptrace_ctx_abandon(as->ctxs);
	as_unlink(as);
	/* The stub's threads die at once; the event loop's waitpid(-1) reaps
	 * them (each traced thread is reported to us separately, the leader
	 * last, so waiting here for the leader alone could never return). */
	kill(as->pid, SIGKILL);
	free(as);
}

static struct ctx *ptrace_ctx_create(struct as *as, void *owner)
{
	const long flags =
	    CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM;
	pid_t tid = 0;
	long r = inject_clone(as, flags, 0, &tid);
	if (r < 0) {
		errno = (int)-r;
		return NULL;
	}
	struct ctx *c = calloc(1, sizeof(*c));
	if (!c) {
		kill(tid, SIGKILL);
		errno = ENOMEM;
		return NULL;
	}
	c->tid = tid;
	c->as = as;
	c->owner = owner;
	c->next_in_as = as->ctxs;
	as->ctxs = c;
	ctx_hash_add(c);
	/* The new thread starts in a PTRACE_EVENT_STOP; wait for it. */
	int st;
	if (wait_stop(tid, &st) < 0 || ptrace(PTRACE_GETREGS, tid, 0, &c->regs) < 0) {
		c->dead = true;
		ptrace_ctx_destroy(c);
		errno = ESRCH;
		return NULL;
	}
	c->stopped = true;
	c->pinned = true; /* inherited from the control thread */
	return c;
}

static void ctx_unlink(struct ctx *c)
{
	struct as *as = c->as;
	for (struct ctx **pp = &as->ctxs; *pp; pp = &(*pp)->next_in_as) {
		if (*pp == c) {
			*pp = c->next_in_as;
			break;
		}
	}
	ctx_hash_del(c);
}

static void ptrace_ctx_abandon(struct ctx *c)
{
	ctx_unlink(c);
	free(c);
}

static void ptrace_ctx_destroy(struct ctx *c)
{
	if (!c)
		return;
	ctx_unlink(c);
	/* Kill only this thread: SIGKILL would kill the whole stub, so stop
	 * the thread and make it leave through the gate with exit(0). */
	if (!c->dead && !c->stopped) {
		int st;
		if (ptrace(PTRACE_INTERRUPT, c->tid, 0, 0) == 0 && wait_stop(c->tid, &st) == 0)
			c->stopped = true;
	}
	if (c->stopped && !c->dead) {
		struct user_regs_struct r = c->regs;
		r.rip = STUB_GATE;
		r.rax = SYS_exit;
		r.orig_rax = -1;
		r.rdi = 0;
		if (ptrace(PTRACE_SETREGS, c->tid, 0, &r) == 0 &&
		    ptrace(PTRACE_CONT, c->tid, 0, 0) == 0) {
			while (waitpid(c->tid, NULL, __WALL) < 0 && errno == EINTR)
				;
		}
	}
	free(c);
}

static int ptrace_ctx_get_fpregs(struct ctx *c, void *buf, size_t *len)
{
	struct iovec iov = {.iov_base = buf, .iov_len = *len};
	if (ptrace(PTRACE_GETREGSET, c->tid, NT_X86_XSTATE, &iov) < 0)
		return -errno;
	*len = iov.iov_len;
	return 0;
}

static int ptrace_ctx_set_fpregs(struct ctx *c, const void *buf, size_t len)
{
	struct iovec iov = {.iov_base = (void *)buf, .iov_len = len};
	if (ptrace(PTRACE_SETREGSET, c->tid, NT_X86_XSTATE, &iov) < 0)
		return -errno;
	return 0;
}

static int ptrace_ctx_resume(struct ctx *c, const struct regs *regs)
{
	if (c->dead)
		return -ESRCH;
	if (memcmp(&c->regs, &regs->gp, sizeof(c->regs)) != 0) {
		if (ptrace(PTRACE_SETREGS, c->tid, 0, &regs->gp) < 0)
			return -errno;
		c->regs = regs->gp;
	}
	if (ptrace(PTRACE_SYSEMU, c->tid, 0, 0) < 0)
		return -errno;
	c->stopped = false;
	affinity_resumed(c);
	return 0;
}

static int ptrace_ctx_interrupt(struct ctx *c)
{
	if (c->dead || c->stopped)
		return 0;
	if (ptrace(PTRACE_INTERRUPT, c->tid, 0, 0) < 0)
		return -errno;
	return 0;
}

/* Decode one host wait status of a guest thread into an event.  Returns 1
 * if *ev was filled, 0 if the stop was consumed here (and the thread
 * resumed). */
static int decode_status(struct ctx *c, int st, struct platform_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	ev->ctx = c;
	if (WIFEXITED(st) || WIFSIGNALED(st)) {
		c->dead = true;
		c->stopped = true;
		ev->kind = EV_EXITED;
		ev->exit_status = st;
		return 1;
	}
	if (!WIFSTOPPED(st))
		return 0;
	c->stopped = true;
	affinity_stopped(c);
	int sig = WSTOPSIG(st);
	int event = st >> 16;
	if (ptrace(PTRACE_GETREGS, c->tid, 0, &c->regs) < 0) {
		/* Killed under our feet; the exit status follows. */
		c->stopped = false;
		return 0;
	}
	if (sig == (SIGTRAP | 0x80)) {
		ev->kind = EV_SYSCALL;
		return 1;
	}
	if (event == PTRACE_EVENT_STOP) {
		/* PTRACE_INTERRUPT, or a group stop sent from outside. */
		ev->kind = EV_INTERRUPTED;
		return 1;
	}
	if (event != 0) {
		/* Not asked for; carry on. */
		ptrace(PTRACE_SYSEMU, c->tid, 0, 0);
		c->stopped = false;
		return 0;
	}
	if (ptrace(PTRACE_GETSIGINFO, c->tid, 0, &ev->info) < 0)
		memset(&ev->info, 0, sizeof(ev->info));
	ev->kind = (sig == SIGSEGV || sig == SIGBUS) ? EV_FAULT : EV_SIGNAL;
	if (ev->info.si_signo == 0)
		ev->info.si_signo = sig;
	return 1;
}

static int ptrace_next_event(struct platform_event *ev)
{
	if (deferred_next_event(ev))
		return 1;
	for (;;) {
		int st;
		pid_t pid = waitpid(-1, &st, __WALL | WNOHANG);
		if (pid == 0)
			return 0;
		if (pid < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ECHILD)
				return 0;
			return -errno;
		}
		struct ctx *c = ctx_lookup(pid);
		if (!c) {
			/* A control thread or a stub being torn down. */
			as_note_status(pid, st);
			continue;
		}
		if (decode_status(c, st, ev))
			return 1;
	}
}

/* Drain the signalfd; call before draining waitpid so no wake-up is lost. */
static void ptrace_ack_events(void)
{
	struct signalfd_siginfo si[8];
	while (read(P.sigfd, si, sizeof(si)) > 0)
		;
}

static bool ptrace_idle(int64_t max_ns)
{
	(void)max_ns;
	/* Every stop comes through the signalfd; what injected syscalls
	 * met on their way is already here. */
	return deferred_pending();
}

const struct platform_ops ptrace_ops = {
    .name = "ptrace",
    .init = ptrace_init,
    .shutdown = ptrace_shutdown,
    .event_fd = ptrace_event_fd,
    .ack_events = ptrace_ack_events,
    .next_event = ptrace_next_event,
    .idle = ptrace_idle,
    .as_create = ptrace_as_create,
    .as_fork = ptrace_as_fork,
    .as_destroy = ptrace_as_destroy,
    .ctx_create = ptrace_ctx_create,
    .ctx_destroy = ptrace_ctx_destroy,
    .ctx_abandon = ptrace_ctx_abandon,
    .ctx_resume = ptrace_ctx_resume,
    .ctx_interrupt = ptrace_ctx_interrupt,
    .ctx_get_fpregs = ptrace_ctx_get_fpregs,
    .ctx_set_fpregs = ptrace_ctx_set_fpregs,
};
