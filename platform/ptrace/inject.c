/* Running syscalls inside a stub: the control thread is pointed at the
 * gate (`syscall; int3`), or at the clone gate for a new stub or guest
 * thread, with the arguments in its registers and continued; the int3
 * stops it again with the result in rax.  Under systrap the syscall first
 * stops for seccomp (the guest filter's SECCOMP_RET_TRACE), and the loop
 * below continues it as it does any event stop. */
#define _GNU_SOURCE
#include "ptrace_impl.h"

#include <errno.h>
#include <string.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>

#include "../../util/log.h"
#include "../stub/stub_layout.h"

int wait_stop(pid_t tid, int *status)
{
	for (;;) {
		pid_t r = waitpid(tid, status, __WALL);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (WIFSTOPPED(*status))
			return 0;
		return -1; /* exited */
	}
}

/* Whether @info is a signal sent to the process rather than a fault of the
 * thread that got it: a signal from the kernel's timers and limits
 * (SI_KERNEL: the CPU-time itimers, RLIMIT_CPU) or from another process. */
static bool process_signal(const siginfo_t *info)
{
	switch (info->si_signo) {
	case SIGSEGV:
	case SIGBUS:
	case SIGILL:
	case SIGFPE:
	case SIGTRAP:
		return info->si_code <= 0;
	default:
		return info->si_code <= 0 || info->si_code == SI_KERNEL;
	}
}

/* Keep @info for the sentry (deferred_next_event); a signal already kept
 * for the process is not kept twice, as the host does not queue a
 * standard signal twice either. */
void defer_signal(struct as *as, const siginfo_t *info)
{
	for (unsigned i = 0; i < as->ndeferred; i++)
		if (as->deferred[i].si_signo == info->si_signo)
			return;
	if (as->ndeferred == sizeof(as->deferred) / sizeof(as->deferred[0]))
		return;
	as->deferred[as->ndeferred++] = *info;
	P.ndeferred++;
}

bool deferred_pending(void)
{
	return P.ndeferred > 0;
}

int deferred_next_event(struct platform_event *ev)
{
	if (P.ndeferred == 0)
		return 0;
	for (struct as *as = P.all_as; as; as = as->next_all) {
		if (as->ndeferred == 0)
			continue;
		struct ctx *c = as->ctxs;
		while (c && c->dead)
			c = c->next_in_as;
		if (!c) {
			/* No thread to take it: the process is being set up
			 * or torn down. */
			P.ndeferred -= as->ndeferred;
			as->ndeferred = 0;
			continue;
		}
		memset(ev, 0, sizeof(*ev));
		ev->kind = EV_HOST_SIGNAL;
		ev->ctx = c;
		ev->info = as->deferred[0];
		as->ndeferred--;
		P.ndeferred--;
		memmove(&as->deferred[0], &as->deferred[1],
			as->ndeferred * sizeof(as->deferred[0]));
		return 1;
	}
	return 0;
}

/* Run one syscall in the stopped traced thread @tid.  *new_pid, when not
 * NULL, gets the pid reported by a PTRACE_EVENT_{CLONE,FORK,VFORK} on the
 * way.  A signal for the whole process that the thread takes on the way
 * (the stub's CPU-time itimers count while it runs for the sentry too) is
 * kept for the sentry when @as is known, and not delivered to the stub. */
static long inject_at(struct as *as, pid_t tid, const struct user_regs_struct *base, long nr,
		      const long a[6], pid_t *new_pid)
{
	struct user_regs_struct r = *base;
	if (r.rip != STUB_CLONE_GATE)
		r.rip = STUB_GATE;
	uint64_t trap_ip = r.rip == STUB_CLONE_GATE ? STUB_CLONE_TRAP_IP : STUB_GATE_TRAP_IP;
	r.rax = (unsigned long)nr;
	r.orig_rax = (unsigned long)-1;
	r.rdi = (unsigned long)a[0];
	r.rsi = (unsigned long)a[1];
	r.rdx = (unsigned long)a[2];
	r.r10 = (unsigned long)a[3];
	r.r8 = (unsigned long)a[4];
	r.r9 = (unsigned long)a[5];
	if (P.gate_key) {
		/* The gates' key (stub_layout.h): in r9, which no syscall the
		 * sentry injects uses but mmap, and there in the upper halves
		 * of its flags and fd, which the kernel does not look at. */
		if (nr == SYS_mmap) {
			r.r10 = (uint32_t)a[3] | (P.gate_key << 32);
			r.r8 = (uint32_t)a[4] | (P.gate_key & 0xffffffff00000000ULL);
		} else if (a[5] == 0) {
			r.r9 = P.gate_key;
		} else {
			sbx_msg("stub thread %d: injected syscall %ld has a sixth argument", tid, nr);
			return -EINVAL;
		}
	}
	if (ptrace(PTRACE_SETREGS, tid, 0, &r) < 0 || ptrace(PTRACE_CONT, tid, 0, 0) < 0)
		return -ESRCH;
	for (;;) {
		int st;
		if (wait_stop(tid, &st) < 0)
			return -ESRCH;
		int sig = WSTOPSIG(st), event = st >> 16;
		if (event == PTRACE_EVENT_CLONE || event == PTRACE_EVENT_FORK ||
		    event == PTRACE_EVENT_VFORK) {
			unsigned long msg = 0;
			ptrace(PTRACE_GETEVENTMSG, tid, 0, &msg);
			if (new_pid)
				*new_pid = (pid_t)msg;
		} else if (sig == SIGTRAP && event == 0) {
			if (ptrace(PTRACE_GETREGS, tid, 0, &r) < 0)
				return -ESRCH;
			if (r.rip != trap_ip) {
				sbx_msg("stub thread %d: injected syscall %ld stopped at %#llx",
					tid, nr, r.rip);
				return -EFAULT;
			}
			return (long)r.rax;
		} else if (event == 0 && sig != SIGSTOP) {
			siginfo_t info;
			if (as && ptrace(PTRACE_GETSIGINFO, tid, 0, &info) == 0 &&
			    process_signal(&info)) {
				defer_signal(as, &info);
				if (ptrace(PTRACE_CONT, tid, 0, 0) < 0)
					return -ESRCH;
				continue;
			}
			/* A fault in the stub: never expected. */
			sbx_msg("stub thread %d: signal %d during injected syscall %ld", tid, sig,
				nr);
			return -EFAULT;
		}
		if (ptrace(PTRACE_CONT, tid, 0, 0) < 0)
			return -ESRCH;
	}
}

static long inject(struct as *as, long nr, const long a[6], pid_t *new_pid)
{
	return inject_at(as, as->pid, &as->ctl_regs, nr, a, new_pid);
}

long inject_syscall(struct as *as, long nr, long a1, long a2, long a3, long a4, long a5, long a6)
{
	const long a[6] = {a1, a2, a3, a4, a5, a6};
	return inject(as, nr, a, NULL);
}

long inject_clone(struct as *as, long flags, uint64_t ctid, pid_t *new_tid)
{
	const long a[6] = {flags, 0, 0, (long)ctid, 0, 0};
	*new_tid = 0;
	long r = inject(as, SYS_clone, a, new_tid);
	if (r < 0)
		return r;
	if (*new_tid == 0)
		*new_tid = (pid_t)r;
	return 0;
}

long inject_clone_gate(struct as *as, const uint64_t setup[5], const long a[6], pid_t *new_pid)
{
	struct user_regs_struct r = as->ctl_regs;
	r.rip = STUB_CLONE_GATE;
	r.rbx = setup[0];
	r.r12 = setup[1];
	r.r13 = setup[2];
	r.r14 = setup[3];
	r.r15 = setup[4];
	if (new_pid)
		*new_pid = 0;
	long ret = inject_at(as, as->pid, &r, SYS_clone, a, new_pid);
	if (ret > 0 && new_pid && *new_pid == 0)
		*new_pid = (pid_t)ret;
	return ret;
}

void as_note_status(pid_t pid, int status)
{
	(void)status;
	sbx_dbg("host pid %d: status %#x (no guest thread)", pid, status);
}

uint64_t platform_scratch_addr(void)
{
	return STUB_SCRATCH;
}

long as_syscall(struct as *as, long nr, const uint64_t args[6], const void *in, size_t inlen,
		void *out, size_t outlen)
{
	if (inlen > STUB_SCRATCH_SIZE || outlen > STUB_SCRATCH_SIZE)
		return -EINVAL;
	if (inlen) {
		struct iovec local = {.iov_base = (void *)in, .iov_len = inlen};
		struct iovec remote = {.iov_base = (void *)STUB_SCRATCH, .iov_len = inlen};
		if (process_vm_writev(as->pid, &local, 1, &remote, 1, 0) != (ssize_t)inlen)
			return -errno;
	}
	const long a[6] = {(long)args[0], (long)args[1], (long)args[2],
			   (long)args[3], (long)args[4], (long)args[5]};
	long r = inject(as, nr, a, NULL);
	if (outlen) {
		struct iovec local = {.iov_base = out, .iov_len = outlen};
		struct iovec remote = {.iov_base = (void *)STUB_SCRATCH, .iov_len = outlen};
		if (process_vm_readv(as->pid, &local, 1, &remote, 1, 0) != (ssize_t)outlen)
			return -errno;
	}
	return r;
}
