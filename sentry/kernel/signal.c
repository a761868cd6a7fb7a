/* Signals: dispositions, pending sets, generation, default actions. */
#include "signal.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "task.h"

struct sighand *sighand_new(void)
{
	struct sighand *sh = calloc(1, sizeof(*sh));
	if (sh)
		sh->refs = 1;
	return sh;
}

struct sighand *sighand_copy(const struct sighand *sh, bool clear)
{
	struct sighand *n = sighand_new();
	if (!n)
		return NULL;
	memcpy(n->action, sh->action, sizeof(n->action));
	if (clear)
		sighand_reset_caught(n);
	return n;
}

void sighand_get(struct sighand *sh)
{
	sh->refs++;
}

void sighand_put(struct sighand *sh)
{
	if (sh && --sh->refs == 0)
		free(sh);
}

void sighand_reset_caught(struct sighand *sh)
{
	for (int i = 0; i < SBX_NSIG; i++) {
		struct k_sigaction *ka = &sh->action[i];
		if (ka->handler != (uint64_t)SIG_IGN) {
			ka->handler = (uint64_t)SIG_DFL;
			ka->flags = 0;
			ka->restorer = 0;
			ka->mask = 0;
		}
	}
}

/* Queued signals per user: a few users, a small table. */
static struct {
	uid_t uid;
	unsigned n;
} *users;
static size_t nusers;

static unsigned *user_count(uid_t uid, bool add)
{
	for (size_t i = 0; i < nusers; i++)
		if (users[i].uid == uid)
			return &users[i].n;
	if (!add)
		return NULL;
	void *n = realloc(users, (nusers + 1) * sizeof(*users));
	if (!n)
		return NULL;
	users = n;
	users[nusers].uid = uid;
	users[nusers].n = 0;
	return &users[nusers++].n;
}

struct sigqueue *sigqueue_alloc(struct task *t, bool override_rlimit)
{
	unsigned *count = user_count(t->cred.uid, true);
	if (!count)
		return NULL;
	if (!override_rlimit && (uint64_t)*count + 1 > t->tg->rlim[RLIMIT_SIGPENDING].rlim_cur)
		return NULL;
	struct sigqueue *q = calloc(1, sizeof(*q));
	if (!q)
		return NULL;
	q->user = t->cred.uid;
	(*count)++;
	return q;
}

void sigqueue_free(struct sigqueue *q)
{
	unsigned *count = user_count(q->user, false);
	if (count && *count)
		(*count)--;
	free(q);
}

unsigned sigqueue_user_count(uid_t uid)
{
	unsigned *count = user_count(uid, false);
	return count ? *count : 0;
}

void sigpending_init(struct sigpending *p)
{
	p->set = 0;
	TAILQ_INIT(&p->list);
}

void sigpending_flush(struct sigpending *p)
{
	struct sigqueue *q;
	while ((q = TAILQ_FIRST(&p->list)) != NULL) {
		TAILQ_REMOVE(&p->list, q, link);
		sigqueue_free(q);
	}
	p->set = 0;
}

void sigpending_remove(struct sigpending *p, sigset64_t mask)
{
	struct sigqueue *q, *next;
	if (!(p->set & mask))
		return;
	p->set &= ~mask;
	TAILQ_FOREACH_SAFE(q, &p->list, link, next)
	{
		if (SIGBIT(q->info.si_signo) & mask) {
			TAILQ_REMOVE(&p->list, q, link);
			sigqueue_free(q);
		}
	}
}

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

bool sig_default_ignore(int sig)
{
	return sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH || sig == SIGCONT;
}

/* Linux sets the core flag only when a core was written.  sbx writes no
 * core file but reports what the host would do (fs/coredump.c): a file
 * needs RLIMIT_CORE of at least a page (the ELF dumper's min_coredump);
 * a core_pattern that pipes to a program (read at start-up) dumps
 * whatever the limit, but for 1, which means "do not". */
bool core_pattern_is_pipe;

int sig_death_status(struct task *t, int sig)
{
	rlim_t lim = t->tg->rlim[RLIMIT_CORE].rlim_cur;
	bool core = sig_kernel_coredump(sig) && (core_pattern_is_pipe ? lim != 1 : lim >= 4096);
	return WSTATUS_SIGNALED(sig, core);
}

bool sig_ignored(struct task *t, int sig)
{
	const struct k_sigaction *ka = &t->sighand->action[sig - 1];
	if (ka->handler == (uint64_t)SIG_IGN)
		return true;
	return ka->handler == (uint64_t)SIG_DFL && sig_default_ignore(sig);
}
