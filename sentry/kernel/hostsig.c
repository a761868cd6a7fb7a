/* Signals that sbx receives on the host.
 *
 * The stubs run in their own host session, so a terminal's signals (Ctrl-C,
 * Ctrl-\, Ctrl-Z, a window resize) reach only sbx, the process the user
 * started.  sbx passes them on as a terminal would (drivers/tty/n_tty.c
 * isig: to the foreground process group, from the kernel), and SIGTERM and
 * SIGHUP as a supervisor would mean them: to the program.  A program that
 * ignores a forwarded SIGTERM is killed after --kill-after seconds.
 *
 * Job control across the sandbox boundary: when a forwarded SIGTSTP stops
 * the program, sbx stops itself with SIGTSTP so the user's shell sees the
 * job stop; the SIGCONT of `fg` or `bg` continues the program's process
 * group.  Only a stop the host asked for is passed up: a program stopped by
 * another guest process must not freeze the sentry, which would then never
 * carry out the SIGCONT that is to come from inside. */
#define _GNU_SOURCE
#include "hostsig.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "../../util/log.h"
#include "sched.h"
#include "signal.h"
#include "task.h"
#include "timer.h"

static int sfd = -1;
static sigset_t taken;
static unsigned kill_after;
static struct timer kill_timer;
static pid_t fg_pgrp;	   /* set by tcsetpgrp, 0: the program's */
static int stop_asked;	   /* a forwarded SIGTSTP not yet seen to stop the program */
static pid_t stopped_pgrp; /* sbx stopped itself for this group */

static bool pgrp_exists(pid_t pgrp)
{
	for_each_task(m)
	{
		if (m == m->tg->leader && m->tg->pgid == pgrp && !m->tg->zombie)
			return true;
	}
	return false;
}

pid_t tty_foreground_pgrp(void)
{
	if (fg_pgrp > 0 && pgrp_exists(fg_pgrp))
		return fg_pgrp;
	return root_tg && !root_tg->zombie ? root_tg->pgid : 0;
}

void tty_set_foreground_pgrp(pid_t pgrp)
{
	fg_pgrp = pgrp;
}

/* siginfo of a signal from outside the sandbox: SI_KERNEL for the
 * terminal's, SI_USER from pid 0 (no pid in the sandbox's namespace) for
 * the others. */
static void outside_info(siginfo_t *info, int sig, int code)
{
	memset(info, 0, sizeof(*info));
	info->si_signo = sig;
	info->si_code = code;
}

static void signal_pgrp(pid_t pgrp, int sig, int code)
{
	siginfo_t info;
	outside_info(&info, sig, code);
	for_each_task(m)
	{
		if (m == m->tg->leader && m->tg->pgid == pgrp && !m->tg->zombie)
			send_sig_to_group(m->tg, sig, &info);
	}
}

static void signal_program(int sig)
{
	siginfo_t info;
	outside_info(&info, sig, SI_USER);
	if (root_tg && !root_tg->zombie)
		send_sig_to_group(root_tg, sig, &info);
}

static void kill_everything(struct timer *tm)
{
	(void)tm;
	sbx_msg("the program did not exit %u.%03u s after SIGTERM: killing it", kill_after / 1000,
		kill_after % 1000);
	for_each_task(m)
	{
		if (m == m->tg->leader && m->tg->tgid != 1 && !m->tg->zombie)
			group_kill(m->tg, SIGKILL);
	}
	if (root_tg && !root_tg->zombie)
		group_kill(root_tg, SIGKILL); /* the program as pid 1 too */
}

static void on_host_signal(int sig)
{
	pid_t fg = tty_foreground_pgrp();
	sbx_dbg("host signal %d; foreground process group %d", sig, fg);
	switch (sig) {
	case SIGINT:
	case SIGQUIT:
	case SIGWINCH:
		if (fg)
			signal_pgrp(fg, sig, SI_KERNEL);
		break;
	case SIGTSTP:
		if (fg) {
			stop_asked = SIGTSTP;
			signal_pgrp(fg, sig, SI_KERNEL);
		}
		break;
	case SIGHUP:
		/* A hang-up: the terminal's session and its foreground job. */
		signal_program(SIGHUP);
		if (fg && (!root_tg || fg != root_tg->pgid))
			signal_pgrp(fg, SIGHUP, SI_KERNEL);
		break;
	case SIGTERM:
		signal_program(SIGTERM);
		if (!timer_armed(&kill_timer))
			timer_arm(&kill_timer, now_ns() + kill_after * 1000000ULL);
		break;
	case SIGCONT:
		if (stopped_pgrp) {
			signal_pgrp(stopped_pgrp, SIGCONT, SI_KERNEL);
			stopped_pgrp = 0;
		}
		break;
	default:
		break;
	}
}

static void hostsig_ready(struct epoll_source *src, uint32_t events)
{
	(void)src, (void)events;
	struct signalfd_siginfo si[8];
	ssize_t n;
	while ((n = read(sfd, si, sizeof(si))) > 0) {
		for (size_t i = 0; i < (size_t)n / sizeof(si[0]); i++)
			on_host_signal((int)si[i].ssi_signo);
	}
}

static struct epoll_source hostsig_source = {.ready = hostsig_ready};

int hostsig_init(unsigned kill_after_ms)
{
	kill_after = kill_after_ms;
	timer_init(&kill_timer, kill_everything);
	sigemptyset(&taken);
	static const int sigs[] = {SIGINT, SIGQUIT, SIGTSTP, SIGWINCH, SIGHUP, SIGTERM, SIGCONT};
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaddset(&taken, sigs[i]);
	if (sigprocmask(SIG_BLOCK, &taken, NULL) < 0)
		return -errno;
	sfd = signalfd(-1, &taken, SFD_NONBLOCK | SFD_CLOEXEC);
	if (sfd < 0)
		return -errno;
	return sched_epoll_add(sfd, EPOLLIN, &hostsig_source);
}

/* Stop sbx with SIGTSTP's default action, as the program stopped: the
 * signal is blocked (it is read from the signalfd), so it is raised while
 * blocked and let through for a moment. */
static void stop_self(int sig)
{
	sigset_t one;
	sigemptyset(&one);
	sigaddset(&one, sig);
	signal(sig, SIG_DFL);
	kill(getpid(), sig);
	sigprocmask(SIG_UNBLOCK, &one, NULL);
	/* Here when continued (or when the stop was discarded because the
	 * process group is orphaned). */
	sigprocmask(SIG_BLOCK, &one, NULL);
}

void hostsig_after_round(void)
{
	if (!stop_asked || !root_tg || root_tg->zombie)
		return;
	if (!root_tg->stopped) {
		/* Taken by a handler, ignored or blocked in the program: the
		 * stop did not happen and will not be passed up later. */
		if (!(root_tg->shared_pending.set & SIGBIT(stop_asked)))
			stop_asked = 0;
		return;
	}
	if (!root_tg->stop_complete)
		return; /* a thread is still on its way to stopping */
	int sig = stop_asked;
	stop_asked = 0;
	sbx_dbg("the program stopped: sbx stops with signal %d", sig);
	stopped_pgrp = root_tg->pgid;
	stop_self(sig);
}
