/* System V semaphores (ipc/sem.c).  semop applies all of its operations
 * or none; when one cannot go on (a decrement below zero, a wait for
 * zero) the task sleeps on the set's queue and tries again from the top
 * when anything in the set changes.  SEM_UNDO adjustments are kept per
 * process (its threads share them, as CLONE_SYSVSEM does for threads) and
 * applied when it exits. */
#define _GNU_SOURCE
#include "ipc.h"

#include <bsd/sys/queue.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/ipc.h>
#include <linux/sem.h>

#include "../kernel/sched.h"
#include "../kernel/task.h"
#include "../kernel/wait.h"
#include "../mm/mm.h"

#ifndef SEM_STAT_ANY
#define SEM_STAT_ANY 20
#endif

struct sem {
	int val;
	pid_t pid;
};

struct sem_array {
	struct ipc_perm_k perm; /* first: the ids table's view */
	int nsems;
	struct sem *sems;
	time_t otime, ctime;
	struct waitqueue wq; /* semop sleepers */
};

/* A sleeping semop: what it waits for, for GETNCNT and GETZCNT. */
struct sem_waiter {
	LIST_ENTRY(sem_waiter) link;
	struct task *task;
	struct sem_array *sma;
	int num;
	bool zero;
};

/* One set's adjustments of a process. */
struct sem_undo {
	LIST_ENTRY(sem_undo) link;
	int semid;
	int nsems;
	short *adj;
};

struct sem_undo_list {
	LIST_HEAD(, sem_undo) undos;
};

static struct ipc_ids sem_ids;
static LIST_HEAD(, sem_waiter) waiters = LIST_HEAD_INITIALIZER(waiters);
static int sems_total;

static void forget_waiter(struct task *t)
{
	struct sem_waiter *w, *next;
	LIST_FOREACH_SAFE(w, &waiters, link, next)
	{
		if (w->task == t) {
			LIST_REMOVE(w, link);
			free(w);
		}
	}
}

static int count_waiters(struct sem_array *sma, int num, bool zero)
{
	int n = 0;
	struct sem_waiter *w;
	LIST_FOREACH(w, &waiters, link)
	n += w->sma == sma && w->num == num && w->zero == zero;
	return n;
}

/* Every undo entry of a removed set goes: the ids may come back. */
static void drop_undos_of(int semid)
{
	for_each_task(t)
	{
		struct sem_undo_list *ul = t->tg ? t->tg->sysvsem : NULL;
		if (!ul)
			continue;
		struct sem_undo *u, *next;
		LIST_FOREACH_SAFE(u, &ul->undos, link, next)
		{
			if (u->semid == semid) {
				LIST_REMOVE(u, link);
				free(u->adj);
				free(u);
			}
		}
	}
}

static void clear_adj(int semid, int num)
{
	for_each_task(t)
	{
		struct sem_undo_list *ul = t->tg ? t->tg->sysvsem : NULL;
		if (!ul)
			continue;
		struct sem_undo *u;
		LIST_FOREACH(u, &ul->undos, link)
		{
			if (u->semid != semid)
				continue;
			if (num < 0)
				memset(u->adj, 0, sizeof(*u->adj) * (size_t)u->nsems);
			else if (num < u->nsems)
				u->adj[num] = 0;
		}
	}
}

static void sma_free(struct sem_array *sma)
{
	wake_up(&sma->wq);
	struct sem_waiter *w, *next;
	LIST_FOREACH_SAFE(w, &waiters, link, next)
	{
		if (w->sma == sma) {
			LIST_REMOVE(w, link);
			free(w);
		}
	}
	sems_total -= sma->nsems;
	free(sma->sems);
	free(sma);
}

long sem_get(struct task *t, int32_t key, int nsems, int flags)
{
	const struct ipc_limits *l = ipc_limits();
	if (nsems < 0 || nsems > l->semmsl)
		return -EINVAL;
	struct sem_array *sma = key == IPC_PRIVATE ? NULL : ipc_find_key(&sem_ids, key);
	if (sma) {
		if ((flags & IPC_CREAT) && (flags & IPC_EXCL))
			return -EEXIST;
		if (nsems > sma->nsems)
			return -EINVAL;
		int r = ipc_perms(t, &sma->perm, flags);
		return r < 0 ? r : sma->perm.id;
	}
	if (key != IPC_PRIVATE && !(flags & IPC_CREAT))
		return -ENOENT;
	if (!nsems)
		return -EINVAL;
	if (sems_total + nsems > l->semmns)
		return -ENOSPC;
	sma = calloc(1, sizeof(*sma));
	if (!sma || !(sma->sems = calloc((size_t)nsems, sizeof(*sma->sems)))) {
		free(sma);
		return -ENOMEM;
	}
	int r = ipc_add(&sem_ids, sma, t, key, flags, l->semmni);
	if (r < 0) {
		free(sma->sems);
		free(sma);
		return r;
	}
	sma->nsems = nsems;
	sems_total += nsems;
	waitqueue_init(&sma->wq);
	sma->ctime = ipc_now();
	return sma->perm.id;
}

/* The process's adjustments of set @sma, made if missing. */
static struct sem_undo *find_undo(struct task *t, struct sem_array *sma, int *err)
{
	struct thread_group *tg = t->tg;
	if (!tg->sysvsem) {
		tg->sysvsem = calloc(1, sizeof(*tg->sysvsem));
		if (!tg->sysvsem) {
			*err = -ENOMEM;
			return NULL;
		}
		LIST_INIT(&tg->sysvsem->undos);
	}
	struct sem_undo *u;
	LIST_FOREACH(u, &tg->sysvsem->undos, link)
	{
		if (u->semid == sma->perm.id)
			return u;
	}
	u = calloc(1, sizeof(*u));
	if (!u || !(u->adj = calloc((size_t)sma->nsems, sizeof(*u->adj)))) {
		free(u);
		*err = -ENOMEM;
		return NULL;
	}
	u->semid = sma->perm.id;
	u->nsems = sma->nsems;
	LIST_INSERT_HEAD(&tg->sysvsem->undos, u, link);
	return u;
}

static long semop_interrupted(struct task *t)
{
	forget_waiter(t);
	return -EINTR; /* semop is never restarted */
}

long sem_op(struct task *t, int id, uint64_t usops, unsigned nsops, uint64_t utimeout)
{
	const struct ipc_limits *l = ipc_limits();
	bool rerun = t->sc.started_ns != 0;
	if (!rerun)
		t->sc.started_ns = now_ns();
	forget_waiter(t);
	if (nsops < 1 || id < 0)
		return -EINVAL;
	if (nsops > (unsigned)l->semopm)
		return -E2BIG;
	struct sembuf small[16], *sops = small;
	if (nsops > 16 && !(sops = malloc(sizeof(*sops) * nsops)))
		return -ENOMEM;
	long r = 0;
	if (copy_from_user(t->mm, sops, usops, sizeof(*sops) * nsops) < 0) {
		r = -EFAULT;
		goto out;
	}
	if (utimeout && !rerun) {
		struct timespec ts;
		if (copy_from_user(t->mm, &ts, utimeout, sizeof(ts)) < 0) {
			r = -EFAULT;
			goto out;
		}
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000L) {
			r = -EINVAL;
			goto out;
		}
		t->sc.deadline_ns =
		    now_ns() + (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
	}
	struct sem_array *sma = ipc_lookup(&sem_ids, id);
	if (!sma) {
		/* Removed while we slept: EIDRM; never there: EINVAL. */
		r = rerun ? -EIDRM : -EINVAL;
		goto out;
	}
	int max = 0;
	bool undos = false, alter = false;
	for (unsigned i = 0; i < nsops; i++) {
		if (sops[i].sem_num >= max)
			max = sops[i].sem_num;
		if (sops[i].sem_flg & SEM_UNDO)
			undos = true;
		if (sops[i].sem_op)
			alter = true;
	}
	if (max >= sma->nsems) {
		r = -EFBIG;
		goto out;
	}
	if ((r = ipc_perms(t, &sma->perm, alter ? 0222 : 0444)) < 0)
		goto out;
	struct sem_undo *un = NULL;
	int err = 0;
	if (undos && !(un = find_undo(t, sma, &err))) {
		r = err;
		goto out;
	}
	/* perform_atomic_semop: check everything on a copy, then apply. */
	int vals[16], *tmp = vals;
	if (sma->nsems > 16 && !(tmp = malloc(sizeof(*tmp) * (size_t)sma->nsems))) {
		r = -ENOMEM;
		goto out;
	}
	for (int i = 0; i < sma->nsems; i++)
		tmp[i] = sma->sems[i].val;
	int block = -1;
	for (unsigned i = 0; i < nsops && !r; i++) {
		int n = sops[i].sem_num, op = sops[i].sem_op;
		int res = tmp[n] + op;
		if ((!op && tmp[n]) || res < 0) {
			block = (int)i;
			break;
		}
		if (res > SEMVMX)
			r = -ERANGE;
		else if ((sops[i].sem_flg & SEM_UNDO) &&
			 (un->adj[n] - op < -SEMAEM - 1 || un->adj[n] - op > SEMAEM))
			r = -ERANGE;
		tmp[n] = res;
	}
	if (r == 0 && block < 0) {
		for (unsigned i = 0; i < nsops; i++) {
			int n = sops[i].sem_num;
			if ((sops[i].sem_flg & SEM_UNDO) && sops[i].sem_op)
				un->adj[n] = (short)(un->adj[n] - sops[i].sem_op);
			sma->sems[n].pid = t->tg->tgid;
		}
		for (int i = 0; i < sma->nsems; i++)
			sma->sems[i].val = tmp[i];
		sma->otime = ipc_now();
		if (alter)
			wake_up(&sma->wq);
	} else if (r == 0) {
		const struct sembuf *b = &sops[block];
		if (b->sem_flg & IPC_NOWAIT) {
			r = -EAGAIN;
		} else if (utimeout && (t->sc.timed_out || now_ns() >= t->sc.deadline_ns)) {
			r = -EAGAIN;
		} else {
			struct sem_waiter *w = calloc(1, sizeof(*w));
			if (w) {
				w->task = t;
				w->sma = sma;
				w->num = b->sem_num;
				w->zero = b->sem_op == 0;
				LIST_INSERT_HEAD(&waiters, w, link);
			}
			task_wait_on(t, &sma->wq);
			if (utimeout)
				task_set_deadline(t, t->sc.deadline_ns);
			t->sc.interrupt = semop_interrupted;
			r = -SBX_BLOCK;
		}
	}
	if (tmp != vals)
		free(tmp);
out:
	if (sops != small)
		free(sops);
	return r;
}

void sem_exit(struct thread_group *tg)
{
	struct sem_undo_list *ul = tg->sysvsem;
	if (!ul)
		return;
	tg->sysvsem = NULL;
	struct sem_undo *u;
	while ((u = LIST_FIRST(&ul->undos)) != NULL) {
		LIST_REMOVE(u, link);
		struct sem_array *sma = ipc_lookup(&sem_ids, u->semid);
		if (sma) {
			/* exit_sem: clamp into 0..SEMVMX. */
			for (int i = 0; i < u->nsems && i < sma->nsems; i++) {
				if (!u->adj[i])
					continue;
				int v = sma->sems[i].val + u->adj[i];
				sma->sems[i].val = v < 0 ? 0 : (v > SEMVMX ? SEMVMX : v);
				sma->sems[i].pid = tg->tgid;
			}
			sma->otime = ipc_now();
			wake_up(&sma->wq);
		}
		free(u->adj);
		free(u);
	}
	free(ul);
}

static long stat_set(struct task *t, struct sem_array *sma, uint64_t buf, bool check)
{
	if (check) {
		int r = ipc_perms(t, &sma->perm, 0444);
		if (r < 0)
			return r;
	}
	struct semid64_ds d;
	memset(&d, 0, sizeof(d));
	ipc_fill_perm(&sma->perm, &d.sem_perm);
	d.sem_otime = sma->otime;
	d.sem_ctime = sma->ctime;
	d.sem_nsems = (unsigned long)sma->nsems;
	return copy_to_user(t->mm, buf, &d, sizeof(d)) < 0 ? -EFAULT : 0;
}

static long info(struct task *t, int cmd, uint64_t buf)
{
	const struct ipc_limits *l = ipc_limits();
	struct seminfo i;
	memset(&i, 0, sizeof(i));
	i.semmni = l->semmni;
	i.semmns = l->semmns;
	i.semmsl = l->semmsl;
	i.semopm = l->semopm;
	i.semvmx = SEMVMX;
	i.semmnu = SEMMNU;
	i.semmap = SEMMAP;
	i.semume = SEMUME;
	i.semusz = SEMUSZ;
	i.semaem = SEMAEM;
	if (cmd == SEM_INFO) {
		i.semusz = sem_ids.in_use;
		i.semaem = sems_total;
	}
	if (copy_to_user(t->mm, buf, &i, sizeof(i)) < 0)
		return -EFAULT;
	int m = ipc_max_idx(&sem_ids);
	return m < 0 ? 0 : m;
}

long sem_ctl(struct task *t, int id, int num, int cmd, uint64_t arg)
{
	if (id < 0 || cmd < 0)
		return -EINVAL;
	switch (cmd) {
	case IPC_INFO:
	case SEM_INFO:
		return info(t, cmd, arg);
	case SEM_STAT:
	case SEM_STAT_ANY: {
		struct sem_array *sma = ipc_at(&sem_ids, id);
		if (!sma)
			return -EINVAL;
		long r = stat_set(t, sma, arg, cmd == SEM_STAT);
		return r < 0 ? r : sma->perm.id;
	}
	default:
		break;
	}
	struct sem_array *sma = ipc_lookup(&sem_ids, id);
	if (!sma)
		return -EINVAL;
	int r;
	switch (cmd) {
	case IPC_STAT:
		return stat_set(t, sma, arg, true);
	case IPC_SET: {
		struct semid64_ds d;
		if (copy_from_user(t->mm, &d, arg, sizeof(d)) < 0)
			return -EFAULT;
		if ((r = ipc_owner_check(t, &sma->perm)) < 0)
			return r;
		ipc_set_perm(&sma->perm, &d.sem_perm);
		sma->ctime = ipc_now();
		return 0;
	}
	case IPC_RMID:
		if ((r = ipc_owner_check(t, &sma->perm)) < 0)
			return r;
		/* Sleepers wake to EIDRM. */
		drop_undos_of(sma->perm.id);
		ipc_remove(&sem_ids, sma);
		sma_free(sma);
		return 0;
	case GETALL: {
		if ((r = ipc_perms(t, &sma->perm, 0444)) < 0)
			return r;
		unsigned short *v = malloc(sizeof(*v) * (size_t)sma->nsems);
		if (!v)
			return -ENOMEM;
		for (int i = 0; i < sma->nsems; i++)
			v[i] = (unsigned short)sma->sems[i].val;
		r = copy_to_user(t->mm, arg, v, sizeof(*v) * (size_t)sma->nsems) < 0 ? -EFAULT : 0;
		free(v);
		return r;
	}
	case SETALL: {
		if ((r = ipc_perms(t, &sma->perm, 0222)) < 0)
			return r;
		unsigned short *v = malloc(sizeof(*v) * (size_t)sma->nsems);
		if (!v)
			return -ENOMEM;
		if (copy_from_user(t->mm, v, arg, sizeof(*v) * (size_t)sma->nsems) < 0) {
			free(v);
			return -EFAULT;
		}
		for (int i = 0; i < sma->nsems; i++) {
			if (v[i] > SEMVMX) {
				free(v);
				return -ERANGE;
			}
		}
		for (int i = 0; i < sma->nsems; i++) {
			sma->sems[i].val = v[i];
			sma->sems[i].pid = t->tg->tgid;
		}
		free(v);
		clear_adj(sma->perm.id, -1);
		sma->ctime = ipc_now();
		wake_up(&sma->wq);
		return 0;
	}
	case GETVAL:
	case GETPID:
	case GETNCNT:
	case GETZCNT:
	case SETVAL:
		break;
	default:
		return -EINVAL;
	}
	if (num < 0 || num >= sma->nsems)
		return -EINVAL;
	if ((r = ipc_perms(t, &sma->perm, cmd == SETVAL ? 0222 : 0444)) < 0)
		return r;
	switch (cmd) {
	case GETVAL:
		return sma->sems[num].val;
	case GETPID:
		return sma->sems[num].pid;
	case GETNCNT:
		return count_waiters(sma, num, false);
	case GETZCNT:
		return count_waiters(sma, num, true);
	default: {
		int val = (int)arg; /* union semun by value */
		if (val < 0 || val > SEMVMX)
			return -ERANGE;
		sma->sems[num].val = val;
		sma->sems[num].pid = t->tg->tgid;
		clear_adj(sma->perm.id, num);
		sma->ctime = ipc_now();
		wake_up(&sma->wq);
		return 0;
	}
	}
}
