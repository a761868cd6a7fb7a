#include "signal.h"

#include <stdlib.h>
#include <sys/resource.h>

#include "task.h"

bool sig_kernel_coredump(int sig)
{
	switch (sig) {
	case SIGQUIT:
	case SIGILL:
	case SIGTRAP:
	case SIGABRT:
	case SIGBUS:
	case SIGFPE:
	case SIGSEGV:
	case SIGXCPU:
	case SIGXFSZ:
	case SIGSYS:
		return true;
	default:
		return false;
	}
}

/* Linux sets the core flag only when a core was written.  sbx writes no
 * core file but reports what the host would do: a dump happens when the
 * process's RLIMIT_CORE is not zero, or always when the host's
 * core_pattern pipes cores to a program (read at start-up). */
bool core_pattern_is_pipe;

int sig_death_status(struct task *t, int sig)
{
	bool core = sig_kernel_coredump(sig) &&
		    (core_pattern_is_pipe || t->tg->rlim[RLIMIT_CORE].rlim_cur != 0);
	return WSTATUS_SIGNALED(sig, core);
}

void force_sig_fault(struct task *t, int sig, int code, uint64_t addr)
{
	(void)code;
	(void)addr;
	/* No handlers yet: the default action, which for every fault signal
	 * is to kill the process and dump core. */
	do_group_exit(t, sig_death_status(t, sig));
}

void force_sig_from_host(struct task *t, const siginfo_t *info)
{
	force_sig_fault(t, info->si_signo, info->si_code, (uint64_t)info->si_addr);
}

bool signal_pending_work(struct task *t)
{
	if (t->state == TASK_DEAD)
		return true;
	if (t->tg->exiting) {
		do_exit(t, t->tg->exit_status);
		return true;
	}
	return false;
}
