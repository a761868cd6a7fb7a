/* System V message queues (ipc/msg.c): typed messages in a queue of
 * msg_qbytes bytes; a send waits for room, a receive for a message of the
 * asked type (0: any, > 0: that type, or any other with MSG_EXCEPT, < 0:
 * the lowest type up to its absolute value). */
#define _GNU_SOURCE
#include "ipc.h"

#include <bsd/sys/queue.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <linux/ipc.h>
#include <linux/msg.h>

#include "../kernel/sched.h"
#include "../kernel/task.h"
#include "../kernel/wait.h"
#include "../mm/mm.h"

#ifndef MSG_STAT_ANY
#define MSG_STAT_ANY 13
#endif
#ifndef MSG_COPY
#define MSG_COPY 040000
#endif

struct msg {
	TAILQ_ENTRY(msg) link;
	long type;
	size_t len;
	char text[];
};

struct msg_queue {
	struct ipc_perm_k perm; /* first: the ids table's view */
	TAILQ_HEAD(, msg) msgs;
	size_t cbytes, qbytes;
	unsigned long qnum;
	time_t stime, rtime, ctime;
	pid_t lspid, lrpid;
	struct waitqueue wq; /* senders and receivers that wait */
};

static struct ipc_ids msg_ids;
static unsigned long msgs_total, bytes_total;

long msg_get(struct task *t, int32_t key, int flags)
{
	const struct ipc_limits *l = ipc_limits();
	struct msg_queue *q = key == IPC_PRIVATE ? NULL : ipc_find_key(&msg_ids, key);
	if (q) {
		if ((flags & IPC_CREAT) && (flags & IPC_EXCL))
			return -EEXIST;
		int r = ipc_perms(t, &q->perm, flags);
		return r < 0 ? r : q->perm.id;
	}
	if (key != IPC_PRIVATE && !(flags & IPC_CREAT))
		return -ENOENT;
	q = calloc(1, sizeof(*q));
	if (!q)
		return -ENOMEM;
	int r = ipc_add(&msg_ids, q, t, key, flags, l->msgmni);
	if (r < 0) {
		free(q);
		return r;
	}
	TAILQ_INIT(&q->msgs);
	waitqueue_init(&q->wq);
	q->qbytes = (size_t)l->msgmnb;
	q->ctime = ipc_now();
	return q->perm.id;
}

static long ipc_interrupted(struct task *t)
{
	(void)t;
	return -EINTR; /* msgsnd and msgrcv are never restarted */
}

/* Sleep on @q until something changes. */
static long wait_on(struct task *t, struct msg_queue *q)
{
	task_wait_on(t, &q->wq);
	t->sc.interrupt = ipc_interrupted;
	return -SBX_BLOCK;
}

static struct msg_queue *lookup(struct task *t, int id, long *err)
{
	bool rerun = t->sc.started_ns != 0;
	if (!rerun)
		t->sc.started_ns = now_ns();
	struct msg_queue *q = id < 0 ? NULL : ipc_lookup(&msg_ids, id);
	if (!q)
		*err = rerun ? -EIDRM : -EINVAL; /* removed while we slept */
	return q;
}

long msg_snd(struct task *t, int id, uint64_t msgp, uint64_t size, int flags)
{
	const struct ipc_limits *l = ipc_limits();
	if (size > (uint64_t)l->msgmax || (int64_t)size < 0 || id < 0)
		return -EINVAL;
	long type;
	if (copy_from_user(t->mm, &type, msgp, sizeof(type)) < 0)
		return -EFAULT;
	if (type < 1)
		return -EINVAL;
	long err = 0;
	struct msg_queue *q = lookup(t, id, &err);
	if (!q)
		return err;
	int r = ipc_perms(t, &q->perm, 0222);
	if (r < 0)
		return r;
	if (size + q->cbytes > q->qbytes || q->qnum + 1 > q->qbytes) {
		if (flags & IPC_NOWAIT)
			return -EAGAIN;
		return wait_on(t, q);
	}
	struct msg *m = malloc(sizeof(*m) + size);
	if (!m)
		return -ENOMEM;
	if (size && copy_from_user(t->mm, m->text, msgp + sizeof(long), size) < 0) {
		free(m);
		return -EFAULT;
	}
	m->type = type;
	m->len = size;
	TAILQ_INSERT_TAIL(&q->msgs, m, link);
	q->cbytes += size;
	q->qnum++;
	msgs_total++;
	bytes_total += size;
	q->lspid = t->tg->tgid;
	q->stime = ipc_now();
	wake_up(&q->wq);
	return 0;
}

/* The message a receive of @type takes (find_msg). */
static struct msg *find(struct msg_queue *q, long type, int flags)
{
	struct msg *m, *best = NULL;
	TAILQ_FOREACH(m, &q->msgs, link)
	{
		if (type == 0)
			return m;
		if (type > 0) {
			if ((flags & MSG_EXCEPT) ? m->type != type : m->type == type)
				return m;
		} else if (m->type <= (type == LONG_MIN ? LONG_MAX : -type) &&
			   (!best || m->type < best->type)) {
			best = m;
		}
	}
	return best;
}

long msg_rcv(struct task *t, int id, uint64_t msgp, uint64_t size, long type, int flags)
{
	if ((int64_t)size < 0 || id < 0)
		return -EINVAL;
	if ((flags & MSG_COPY) && (!(flags & IPC_NOWAIT) || (flags & MSG_EXCEPT)))
		return -EINVAL;
	long err = 0;
	struct msg_queue *q = lookup(t, id, &err);
	if (!q)
		return err;
	int r = ipc_perms(t, &q->perm, 0444);
	if (r < 0)
		return r;
	struct msg *m = NULL;
	if (flags & MSG_COPY) {
		/* The message at position @type, left in the queue. */
		long i = 0;
		TAILQ_FOREACH(m, &q->msgs, link)
		{
			if (i++ == type)
				break;
		}
	} else {
		m = find(q, type, flags);
	}
	if (!m) {
		if (flags & IPC_NOWAIT)
			return -ENOMSG;
		return wait_on(t, q);
	}
	size_t n = m->len;
	if (n > size) {
		if (!(flags & MSG_NOERROR))
			return -E2BIG;
		n = size;
	}
	if (copy_to_user(t->mm, msgp, &m->type, sizeof(long)) < 0 ||
	    (n && copy_to_user(t->mm, msgp + sizeof(long), m->text, n) < 0))
		return -EFAULT;
	if (flags & MSG_COPY)
		return (long)n;
	TAILQ_REMOVE(&q->msgs, m, link);
	q->cbytes -= m->len;
	q->qnum--;
	msgs_total--;
	bytes_total -= m->len;
	free(m);
	q->lrpid = t->tg->tgid;
	q->rtime = ipc_now();
	wake_up(&q->wq);
	return (long)n;
}

static void queue_free(struct msg_queue *q)
{
	struct msg *m;
	while ((m = TAILQ_FIRST(&q->msgs)) != NULL) {
		TAILQ_REMOVE(&q->msgs, m, link);
		msgs_total--;
		bytes_total -= m->len;
		free(m);
	}
	wake_up(&q->wq); /* sleepers find it gone: EIDRM */
	free(q);
}

static long stat_queue(struct task *t, struct msg_queue *q, uint64_t buf, bool check)
{
	if (check) {
		int r = ipc_perms(t, &q->perm, 0444);
		if (r < 0)
			return r;
	}
	struct msqid64_ds d;
	memset(&d, 0, sizeof(d));
	ipc_fill_perm(&q->perm, &d.msg_perm);
	d.msg_stime = q->stime;
	d.msg_rtime = q->rtime;
	d.msg_ctime = q->ctime;
	d.msg_cbytes = q->cbytes;
	d.msg_qnum = q->qnum;
	d.msg_qbytes = q->qbytes;
	d.msg_lspid = q->lspid;
	d.msg_lrpid = q->lrpid;
	return copy_to_user(t->mm, buf, &d, sizeof(d)) < 0 ? -EFAULT : 0;
}

long msg_ctl(struct task *t, int id, int cmd, uint64_t buf)
{
	const struct ipc_limits *l = ipc_limits();
	if (id < 0 || cmd < 0)
		return -EINVAL;
	switch (cmd) {
	case IPC_INFO:
	case MSG_INFO: {
		struct msginfo i;
		memset(&i, 0, sizeof(i));
		i.msgmni = l->msgmni;
		i.msgmax = l->msgmax;
		i.msgmnb = l->msgmnb;
		i.msgssz = MSGSSZ;
		i.msgseg = MSGSEG;
		i.msgmap = MSGMAP;
		i.msgpool = MSGPOOL;
		i.msgtql = MSGTQL;
		if (cmd == MSG_INFO) {
			i.msgpool = msg_ids.in_use;
			i.msgmap = (int)msgs_total;
			i.msgtql = (int)bytes_total;
		}
		if (copy_to_user(t->mm, buf, &i, sizeof(i)) < 0)
			return -EFAULT;
		int m = ipc_max_idx(&msg_ids);
		return m < 0 ? 0 : m;
	}
	case MSG_STAT:
	case MSG_STAT_ANY: {
		struct msg_queue *q = ipc_at(&msg_ids, id);
		if (!q)
			return -EINVAL;
		long r = stat_queue(t, q, buf, cmd == MSG_STAT);
		return r < 0 ? r : q->perm.id;
	}
	default:
		break;
	}
	struct msg_queue *q = ipc_lookup(&msg_ids, id);
	if (!q)
		return -EINVAL;
	int r;
	switch (cmd) {
	case IPC_STAT:
		return stat_queue(t, q, buf, true);
	case IPC_SET: {
		struct msqid64_ds d;
		if (copy_from_user(t->mm, &d, buf, sizeof(d)) < 0)
			return -EFAULT;
		if ((r = ipc_owner_check(t, &q->perm)) < 0)
			return r;
		if (d.msg_qbytes > (unsigned long)l->msgmnb && t->cred.euid != 0)
			return -EPERM; /* CAP_SYS_RESOURCE */
		ipc_set_perm(&q->perm, &d.msg_perm);
		q->qbytes = d.msg_qbytes;
		q->ctime = ipc_now();
		wake_up(&q->wq); /* senders may fit now */
		return 0;
	}
	case IPC_RMID:
		if ((r = ipc_owner_check(t, &q->perm)) < 0)
			return r;
		ipc_remove(&msg_ids, q);
		queue_free(q);
		return 0;
	default:
		return -EINVAL;
	}
}
