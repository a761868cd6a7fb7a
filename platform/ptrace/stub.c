/* Making stub processes: the first one with fork + fexecve of the embedded
 * stub image, every later one by injecting clone into an existing stub. */
#define _GNU_SOURCE
#include "ptrace_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/prctl.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../util/log.h"
#include "../stub/stub_layout.h"

/* The stub ELF, embedded at build time (tools/embed.py). */
extern const unsigned char sbx_stub_elf[];
extern const unsigned char *const sbx_stub_elf_end_ptr;

#define PTRACE_OPTS                                                                                \
	(PTRACE_O_EXITKILL | PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACECLONE | PTRACE_O_TRACEFORK |    \
	 PTRACE_O_TRACEVFORK)

int stub_image_init(const struct platform_config *cfg)
{
	P.set_ids = cfg->set_ids;
	P.uid = cfg->uid;
	P.gid = cfg->gid;
	P.mapfile_fd = cfg->mapfile_fd;
	size_t len = (size_t)(sbx_stub_elf_end_ptr - sbx_stub_elf);
	int fd = memfd_create("sbx-stub", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (fd < 0)
		return -errno;
	/* Readable and executable by the stubs' own uid, whatever the
	 * memfd's default mode: a binary its user cannot read would also
	 * leave the stub non-dumpable. */
	if (fchmod(fd, 0555) < 0) {
		int e = errno;
		close(fd);
		return -e;
	}
	size_t off = 0;
	while (off < len) {
		ssize_t n = write(fd, sbx_stub_elf + off, len - off);
		if (n < 0) {
			int e = errno;
			close(fd);
			return -e;
		}
		off += (size_t)n;
	}
	if (fcntl(fd, F_ADD_SEALS, F_SEAL_WRITE | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) < 0) {
		int e = errno;
		close(fd);
		return -e;
	}
	P.stub_fd = fd;
	return 0;
}

/* The exit status of a new stub that could not take its host ids. */
#define STUB_START_NO_IDS 125

/* Put @fd at @target in the child, inherited across exec; 0 or -1. */
static int child_fd_at(int fd, int target)
{
	return dup2(fd, target) < 0 || fcntl(target, F_SETFD, 0) < 0 ? -1 : 0;
}

/* A copy of @fd above every fixed number, close-on-exec; -1 if @fd is. */
static int child_fd_high(int fd)
{
	return fd < 0 ? -1 : fcntl(fd, F_DUPFD_CLOEXEC, STUB_MAPFILE_FD + 1);
}

/* In the child, between the bounding set and the process capability sets:
 * take the stubs' host ids (--host-uid).  Groups go first, while
 * CAP_SETGID is still held, and the uid last.  RLIMIT_NPROC is lifted
 * first: a uid other than root is counted against it, together with every
 * other process of that uid on the host, while the sandbox's own task
 * limit is the sentry's (--max-tasks, the guest's RLIMIT_NPROC); root's
 * stubs never were.  0 or -1. */
static int child_set_ids(void)
{
	struct rlimit unlimited = {RLIM_INFINITY, RLIM_INFINITY};
	uid_t r, e, s;
	gid_t rg, eg, sg;

	setrlimit(RLIMIT_NPROC, &unlimited);
	if (setgroups(0, NULL) < 0 || setresgid(P.gid, P.gid, P.gid) < 0 ||
	    setresuid(P.uid, P.uid, P.uid) < 0)
		return -1;
	if (getresuid(&r, &e, &s) < 0 || getresgid(&rg, &eg, &sg) < 0 || r != P.uid || e != P.uid ||
	    s != P.uid || rg != P.gid || eg != P.gid || sg != P.gid || getgroups(0, NULL) != 0)
		return -1;
	return 0;
}

/* In the forked child: harden, wait for the tracer, become the stub. */
static _Noreturn void stub_child(int wait_fd, pid_t sentry, cap_t nocaps)
{
	char c;
	sigset_t none;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != sentry)
		_exit(126);
	setsid();
	for (int sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/* Out of the way of the fixed numbers first, then into place. */
	int stub_fd = child_fd_high(P.stub_fd);
	int mem_fd = child_fd_high(P.memfile_fd);
	int ctx_fd = P.systrap ? child_fd_high(P.ctxfile_fd) : -1;
	int ev_fd = P.systrap ? child_fd_high(P.event_fd) : -1;
	int map_fd = child_fd_high(P.mapfile_fd);
	if (stub_fd < 0 || mem_fd < 0 || child_fd_at(mem_fd, STUB_MEMFILE_FD) < 0)
		_exit(126);
	if (P.systrap && (ctx_fd < 0 || ev_fd < 0 || child_fd_at(ctx_fd, STUB_CTXFILE_FD) < 0 ||
			  child_fd_at(ev_fd, STUB_EVENT_FD) < 0))
		_exit(126);
	if (P.mapfile_fd >= 0 ? map_fd < 0 || child_fd_at(map_fd, STUB_MAPFILE_FD) < 0
			      : close(STUB_MAPFILE_FD) < 0 && errno != EBADF)
		_exit(126);
	if (read(wait_fd, &c, 1) != 1)
		_exit(126);
	/* Capabilities: the bounding set first (needs CAP_SETPCAP), then the
	 * ids (CAP_SETGID, CAP_SETUID), then the process sets; an
	 * unprivileged sbx has none to drop. */
	for (cap_value_t cap = 0; cap <= CAP_LAST_CAP; cap++)
		cap_drop_bound(cap);
	/* A change of ids cancels the death signal: arm it again. */
	if (P.set_ids &&
	    (child_set_ids() < 0 || prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != sentry))
		_exit(STUB_START_NO_IDS);
	prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
	if (cap_set_proc(nocaps) < 0)
		_exit(126);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		_exit(126);
	/* An argument tells the stub to run under systrap. */
	char *argv[] = {"sbx-stub", P.systrap ? "systrap" : NULL, NULL};
	char *envp[] = {NULL};
	fexecve(stub_fd, argv, envp);
	_exit(127);
}

/* Wait until a new stub's control thread reaches stub_park; 0, -1, or
 * -EPERM when it could not take its host ids. */
static int wait_parked(pid_t pid, struct user_regs_struct *regs)
{
	for (;;) {
		int st;
		if (wait_stop(pid, &st) < 0) {
			sbx_dbg("stub %d: gone during start-up (status %#x)", pid, st);
			return WIFEXITED(st) && WEXITSTATUS(st) == STUB_START_NO_IDS ? -EPERM : -1;
		}
		int sig = WSTOPSIG(st), event = st >> 16;
		if (sig == SIGTRAP && event == 0) {
			if (ptrace(PTRACE_GETREGS, pid, 0, regs) < 0)
				return -1;
			return 0;
		}
		if (event == 0 && sig != SIGSTOP) {
			sbx_dbg("stub %d: unexpected signal %d during start-up", pid, sig);
			return -1;
		}
		if (ptrace(PTRACE_CONT, pid, 0, 0) < 0)
			return -1;
	}
}

struct as *stub_spawn(void)
{
	int pfd[2];
	cap_t nocaps = cap_init();
	if (!nocaps)
		return NULL;
	if (pipe2(pfd, O_CLOEXEC) < 0) {
		cap_free(nocaps);
		return NULL;
	}
	pid_t sentry = getpid();
	pid_t pid = fork();
	if (pid < 0) {
		int e = errno;
		close(pfd[0]);
		close(pfd[1]);
		cap_free(nocaps);
		errno = e;
		return NULL;
	}
	if (pid == 0) {
		close(pfd[1]);
		stub_child(pfd[0], sentry, nocaps);
	}
	close(pfd[0]);
	cap_free(nocaps);
	int err = 0;
	/* Under systrap the control thread's syscalls stop for seccomp
	 * (stub_layout.h): the sentry lets them through. */
	long opts = PTRACE_OPTS | (P.systrap ? PTRACE_O_TRACESECCOMP : 0);
	if (ptrace(PTRACE_SEIZE, pid, 0, opts) < 0)
		err = errno;
	if (write(pfd[1], "x", 1) != 1 && !err)
		err = errno;
	close(pfd[1]);
	struct as *as = calloc(1, sizeof(*as));
	if (!as && !err)
		err = ENOMEM;
	if (!err) {
		int r = wait_parked(pid, &as->ctl_regs);
		if (r < 0)
			err = r == -EPERM ? EPERM : ECHILD;
	}
	/* Other processes of the stubs' uid may not look into them: no
	 * /proc/PID/mem, process_vm_* or core dump without CAP_SYS_PTRACE
	 * (which the sentry keeps).  Every later stub inherits it by fork. */
	if (!err && P.set_ids) {
		as->pid = pid;
		if (inject_syscall(as, SYS_prctl, PR_SET_DUMPABLE, 0, 0, 0, 0, 0) != 0)
			err = EPERM;
	}
	if (err) {
		kill(pid, SIGKILL);
		while (waitpid(pid, NULL, __WALL) < 0 && errno == EINTR)
			;
		free(as);
		errno = err;
		return NULL;
	}
	as->pid = pid;
	as_link(as);
	sbx_dbg("stub %d started", pid);
	return as;
}

struct as *stub_fork(struct as *parent, bool unmap_slots, uint64_t slot, uint64_t slot_off)
{
	pid_t pid = 0;
	/* CLONE_PARENT: the new stub is the sentry's child, so we reap it.
	 * It arms its death signal (not inherited across fork) and sets up
	 * its slots itself before it parks (stub_layout.h). */
	const uint64_t setup[5] = {0, unmap_slots ? STUB_SLOTS : 0,
				   unmap_slots ? STUB_SLOTS_SIZE : 0, slot, slot_off};
	const long a[6] = {CLONE_PARENT | SIGCHLD, 0, 0, 0, 0, 0};
	long r = inject_clone_gate(parent, setup, a, &pid);
	if (r < 0) {
		errno = (int)-r;
		return NULL;
	}
	struct as *as = calloc(1, sizeof(*as));
	int st;
	if (!as || wait_stop(pid, &st) < 0 || ptrace(PTRACE_CONT, pid, 0, 0) < 0 ||
	    wait_parked(pid, &as->ctl_regs) < 0) {
		kill(pid, SIGKILL);
		while (waitpid(pid, NULL, __WALL) < 0 && errno == EINTR)
			;
		free(as);
		errno = EAGAIN;
		return NULL;
	}
	as->pid = pid;
	as_link(as);
	return as;
}
