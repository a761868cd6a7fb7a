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
#include "../stub/stub_layout.h"

struct ptrace_platform P;

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

int platform_init(const struct platform_config *cfg)
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
	int err = stub_image_init();
	if (err < 0)
		return err;
	affinity_init();
	P.template = stub_spawn();
	if (!P.template)
		return -errno;
	return 0;
}

void platform_shutdown(void)
{
	struct ctx *c, *tmp;
	HASH_ITER(hh, P.ctxs, c, tmp)
	{
		ctx_hash_del(c);
		free(c);
	}
	for (struct as *as = P.all_as; as;) {
		struct as *next = as->next_all;
		kill(as->pid, SIGKILL);
		free(as);
		as = next;
	}
	P.all_as = NULL;
	P.template = NULL;
	/* Reap every host process we made. */
	while (waitpid(-1, NULL, __WALL) > 0 || errno == EINTR)
		;
}

int platform_event_fd(void)
{
	return P.sigfd;
}

pid_t as_host_pid(struct as *as)
{
	return as->pid;
}

void as_link(struct as *as)
{
	as->next_all = P.all_as;
	as->prev_all = NULL;
	if (P.all_as)
		P.all_as->prev_all = as;
	P.all_as = as;
}

static void as_unlink(struct as *as)
{
	if (as->prev_all)
		as->prev_all->next_all = as->next_all;
	else
		P.all_as = as->next_all;
	if (as->next_all)
		as->next_all->prev_all = as->prev_all;
}

struct as *as_create(void)
{
	return stub_fork(P.template);
}

struct as *as_fork(struct as *parent)
{
	return stub_fork(parent);
}

void as_destroy(struct as *as)
{
	if (!as)
		return;
	while (as->ctxs)
		ctx_abandon(as->ctxs);
	as_unlink(as);
	/* The stub's threads die at once; the event loop's waitpid(-1) reaps
	 * them (each traced thread is reported to us separately, the leader
	 * last, so waiting here for the leader alone could never return). */
	kill(as->pid, SIGKILL);
	free(as);
}

int as_map(struct as *as, uint64_t addr, uint64_t len, int prot, uint64_t memfile_off)
{
	long r = inject_syscall(as, SYS_mmap, addr, len, prot, MAP_SHARED | MAP_FIXED,
				STUB_MEMFILE_FD, memfile_off);
	if (r < 0)
		return (int)r;
	return 0;
}

int as_unmap(struct as *as, uint64_t addr, uint64_t len)
{
	long r = inject_syscall(as, SYS_munmap, addr, len, 0, 0, 0, 0);
	return r < 0 ? (int)r : 0;
}

int as_protect(struct as *as, uint64_t addr, uint64_t len, int prot)
{
	long r = inject_syscall(as, SYS_mprotect, addr, len, prot, 0, 0, 0);
	return r < 0 ? (int)r : 0;
}

struct ctx *ctx_create(struct as *as, void *owner)
{
	const long flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
			   CLONE_SYSVSEM;
	pid_t tid = 0;
	long r = inject_clone(as, flags, &tid);
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
		ctx_destroy(c);
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

void ctx_abandon(struct ctx *c)
{
	ctx_unlink(c);
	free(c);
}

void ctx_destroy(struct ctx *c)
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

pid_t ctx_host_tid(struct ctx *c)
{
	return c->tid;
}

void *ctx_owner(struct ctx *c)
{
	return c->owner;
}

void ctx_set_owner(struct ctx *c, void *owner)
{
	c->owner = owner;
}

struct as *ctx_as(struct ctx *c)
{
	return c->as;
}

int ctx_get_regs(struct ctx *c, struct regs *regs)
{
	regs->gp = c->regs;
	return 0;
}

int ctx_get_fpregs(struct ctx *c, void *buf, size_t *len)
{
	struct iovec iov = {.iov_base = buf, .iov_len = *len};
	if (ptrace(PTRACE_GETREGSET, c->tid, NT_X86_XSTATE, &iov) < 0)
		return -errno;
	*len = iov.iov_len;
	return 0;
}

int ctx_set_fpregs(struct ctx *c, const void *buf, size_t len)
{
	struct iovec iov = {.iov_base = (void *)buf, .iov_len = len};
	if (ptrace(PTRACE_SETREGSET, c->tid, NT_X86_XSTATE, &iov) < 0)
		return -errno;
	return 0;
}

size_t platform_xstate_size(void)
{
	static size_t size;
	if (!size) {
		unsigned a, b, c, d;
		__cpuid_count(0xd, 0, a, b, c, d);
		size = b >= 576 ? b : 512;
		(void)a;
		(void)c;
		(void)d;
	}
	return size;
}

int ctx_resume(struct ctx *c, const struct regs *regs)
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

int ctx_interrupt(struct ctx *c)
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

int platform_next_event(struct platform_event *ev)
{
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
void platform_ack_events(void)
{
	struct signalfd_siginfo si[8];
	while (read(P.sigfd, si, sizeof(si)) > 0)
		;
}
