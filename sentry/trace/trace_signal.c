/* The tracer's signal lines: `--- SIGUSR1 {si_signo=...} ---` as strace
 * prints a signal on its way to a handler or a default action, `--- stopped
 * by SIGSTOP ---`, and the SIGCHLD strace shows that the sentry discards. */
#define _GNU_SOURCE
#include "trace_priv.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "../kernel/signal.h"
#include "../kernel/task.h"

static void putf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void putf(const char *fmt, ...)
{
	char buf[128];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	trace_put(buf);
}

static void signal_line(struct ttask *tt, const siginfo_t *info)
{
	struct sbuf si = SBUF_INIT;
	struct dec d = {.sb = &si, .strsize = (unsigned)trace_cfg.strsize};
	fmt_siginfo(&d, info);
	char buf[16];
	const char *name = signame(info->si_signo, buf);
	if (trace_cfg.json) {
		json_begin(&trace_out, "signal", tt);
		json_str(&trace_out, "signal", name);
		json_str(&trace_out, "siginfo", sb_str(&si));
		json_end(&trace_out);
	} else {
		trace_begin_line(tt);
		trace_put("--- ");
		if (name)
			trace_put(name);
		else
			putf("%d", info->si_signo);
		trace_put(" ");
		trace_put(sb_str(&si));
		trace_put(" ---\n");
	}
	sb_free(&si);
}

/* The SIGCHLD strace would show now (see struct ttask). */
void trace_ignored_signal_line(struct ttask *tt)
{
	if (!tt->has_ignored_sig)
		return;
	tt->has_ignored_sig = false;
	if (trace_cfg.lines && tt->shown)
		signal_line(tt, &tt->ignored_sig);
}

void trace_signal(struct task *t, const siginfo_t *info)
{
	struct ttask *tt = trace_task(t);
	trace_first_exec(t, tt);
	if (trace_events & TEV_COW)
		trace_ev_cow_check(t, tt);
	trace_ignored_signal_line(tt);
	if (!tt->shown || !trace_cfg.lines) {
		trace_flush();
		return;
	}
	signal_line(tt, info);
	char buf[16];
	const char *name = signame(info->si_signo, buf);
	/* A stop signal's default action: the group stops (strace's
	 * `--- stopped by SIGSTOP ---`). */
	int sig = info->si_signo;
	if ((sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU) && t->sighand &&
	    t->sighand->action[sig - 1].handler == (uint64_t)(uintptr_t)SIG_DFL) {
		if (trace_cfg.json) {
			json_begin(&trace_out, "stopped", tt);
			json_str(&trace_out, "signal", name);
			json_end(&trace_out);
		} else {
			trace_begin_line(tt);
			putf("--- stopped by %s ---\n", name ? name : "?");
		}
	}
	if (trace_events & TEV_SIGNAL)
		trace_ev_signal(t, tt, info->si_signo);
	trace_flush();
}

/* The signal notify_parent sends for @t's process (kernel/exit.c's
 * do_notify_parent): if its parent takes it by default and the default is
 * to ignore it, the sentry drops it at once, but strace, whose tracee
 * keeps it queued, shows it: keep it for the parent's way back. */
void trace_note_ignored_sigchld(struct task *leader, int status)
{
	struct task *parent = leader->real_parent;
	int sig = leader->exit_signal;
	if (!parent || parent->state == TASK_DEAD || !parent->sighand || sig <= 0 ||
	    sig > SBX_NSIG || !sig_default_ignore(sig))
		return;
	const struct k_sigaction *ka = &parent->sighand->action[sig - 1];
	if (ka->handler != (uint64_t)(uintptr_t)SIG_DFL || (ka->flags & SA_NOCLDWAIT))
		return;
	struct ttask *ptt = trace_task_find(parent->tid);
	if (!ptt)
		return;
	siginfo_t *si = &ptt->ignored_sig;
	memset(si, 0, sizeof(*si));
	si->si_signo = sig;
	si->si_pid = leader->tg->tgid;
	si->si_uid = leader->cred.uid;
	if (WIFEXITED(status)) {
		si->si_code = CLD_EXITED;
		si->si_status = WEXITSTATUS(status);
	} else {
		si->si_code = WCOREDUMP(status) ? CLD_DUMPED : CLD_KILLED;
		si->si_status = WTERMSIG(status);
	}
	si->si_utime = (clock_t)(leader->tg->utime_ns / 10000000ULL);
	si->si_stime = (clock_t)(leader->tg->stime_ns / 10000000ULL);
	ptt->has_ignored_sig = true;
	if (!ptt->in_sc)
		trace_ignored_signal_line(ptt); /* it is not in a syscall: on its way already */
}
