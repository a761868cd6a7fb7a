/* Waiting for children (kernel/exit.c do_wait, wait_task_zombie,
 * wait_task_stopped, wait_task_continued). */
#define _GNU_SOURCE
#include "waitchild.h"

#include <errno.h>
#include <string.h>
#include <sys/wait.h>

#include "../mm/mm.h"
#include "signal.h"
#include "task.h"

static bool eligible(const struct wait_opts *wo, struct task *p)
{
	struct thread_group *tg = p->tg;
	switch (wo->which) {
	case P_PID:
		if (tg->tgid != wo->pid)
			return false;
		break;
	case P_PGID:
		if (tg->pgid != wo->pid)
			return false;
		break;
	case P_PIDFD:
		if (tg != wo->tg)
			return false;
		break;
	default:
		break;
	}
	/* Clone children (exit signal other than SIGCHLD) only with __WCLONE,
	 * and the others only without it, unless __WALL. */
	if (!(wo->options & __WALL) && ((p->exit_signal != SIGCHLD) ^ !!(wo->options & __WCLONE)))
		return false;
	return true;
}

uint64_t group_maxrss(struct thread_group *tg, bool self, bool children)
{
	uint64_t m = children ? tg->cmaxrss : 0;
	if (self) {
		if (tg->maxrss > m)
			m = tg->maxrss;
		struct task *th;
		TAILQ_FOREACH(th, &tg->threads, tg_link)
		{
			if (th->mm && th->state != TASK_DEAD) {
				if (mm_hiwater_rss(th->mm) > m)
					m = mm_hiwater_rss(th->mm);
				break;
			}
		}
	}
	return m;
}

static void fill_rusage(struct rusage *ru, uint64_t utime_ns, uint64_t stime_ns, uint64_t maxrss)
{
	memset(ru, 0, sizeof(*ru));
	ru->ru_maxrss = (long)(maxrss * (PAGE_SIZE / 1024));
	ru->ru_utime.tv_sec = (time_t)(utime_ns / 1000000000ULL);
	ru->ru_utime.tv_usec = (suseconds_t)(utime_ns % 1000000000ULL / 1000);
	ru->ru_stime.tv_sec = (time_t)(stime_ns / 1000000000ULL);
	ru->ru_stime.tv_usec = (suseconds_t)(stime_ns % 1000000000ULL / 1000);
}

static void fill_info(struct wait_opts *wo, struct thread_group *tg, int code, int status)
{
	memset(&wo->info, 0, sizeof(wo->info));
	wo->info.si_signo = SIGCHLD;
	wo->info.si_code = code;
	wo->info.si_pid = tg->tgid;
	wo->info.si_uid = tg->leader->cred.uid;
	wo->info.si_status = status;
}

/* Report (and unless WNOWAIT reap) a dead child. */
static pid_t wait_zombie(struct task *t, struct wait_opts *wo, struct task *p)
{
	struct thread_group *tg = p->tg;
	int st = tg->exit_status;
	pid_t pid = tg->tgid;
	wo->status = st;
	if (WIFEXITED(st))
		fill_info(wo, tg, CLD_EXITED, WEXITSTATUS(st));
	else
		fill_info(wo, tg, WCOREDUMP(st) ? CLD_DUMPED : CLD_KILLED, WTERMSIG(st));
	uint64_t maxrss = group_maxrss(tg, true, true);
	fill_rusage(&wo->rusage, tg->utime_ns + tg->cutime_ns, tg->stime_ns + tg->cstime_ns,
		    maxrss);
	if (!(wo->options & WNOWAIT)) {
		t->tg->cutime_ns += tg->utime_ns + tg->cutime_ns;
		t->tg->cstime_ns += tg->stime_ns + tg->cstime_ns;
		if (maxrss > t->tg->cmaxrss)
			t->tg->cmaxrss = maxrss;
		release_task(p);
	}
	return pid;
}

long do_wait(struct task *t, struct wait_opts *wo)
{
	bool any = false;
	struct task *th = t;
	for (;;) {
		struct task *p, *next;
		TAILQ_FOREACH_SAFE(p, &th->children, sibling, next)
		{
			if (!eligible(wo, p))
				continue;
			any = true;
			struct thread_group *tg = p->tg;
			/* A zombie leader with live threads is not reapable yet. */
			if (tg->zombie && (wo->options & WEXITED))
				return wait_zombie(t, wo, p);
			if ((wo->options & WSTOPPED) && tg->stopped && tg->stop_notify) {
				if (!(wo->options & WNOWAIT))
					tg->stop_notify = false;
				wo->status = WSTATUS_STOPPED(tg->stop_sig);
				fill_info(wo, tg, CLD_STOPPED, tg->stop_sig);
				fill_rusage(&wo->rusage, tg->utime_ns, tg->stime_ns,
					    group_maxrss(tg, true, true));
				return tg->tgid;
			}
			if ((wo->options & WCONTINUED) && tg->continue_notify) {
				if (!(wo->options & WNOWAIT))
					tg->continue_notify = false;
				wo->status = WSTATUS_CONTINUED;
				fill_info(wo, tg, CLD_CONTINUED, SIGCONT);
				fill_rusage(&wo->rusage, tg->utime_ns, tg->stime_ns,
					    group_maxrss(tg, true, true));
				return tg->tgid;
			}
		}
		if (wo->options & __WNOTHREAD)
			break;
		/* The children of every thread of the process count. */
		th = th == t ? TAILQ_FIRST(&t->tg->threads) : TAILQ_NEXT(th, tg_link);
		if (th == t)
			th = TAILQ_NEXT(th, tg_link);
		if (!th)
			break;
	}
	if (!any)
		return -ECHILD;
	if (wo->options & WNOHANG)
		return 0;
	task_wait_on(t, &t->tg->child_exit);
	return -SBX_BLOCK;
}
