/* The sandbox's pid table (kernel/pid.c): sandbox tids -> tasks.  Pids are
 * handed out in increasing order and wrap at pid_max, skipping those in
 * use, as Linux's alloc_pid does. */
#include <errno.h>
#include <stdio.h>

#include "task.h"

static struct task *pid_table;
static pid_t last_pid;
static int nr_tasks;
pid_t pid_max = 32768; /* the host's kernel.pid_max, read at start-up */

struct task *task_lookup(pid_t tid)
{
	struct task *t;
	if (tid <= 0)
		return NULL;
	HASH_FIND_INT(pid_table, &tid, t);
	return t;
}

struct task *task_table(void)
{
	return pid_table;
}

pid_t pid_alloc(void)
{
	for (pid_t tries = 0; tries < pid_max; tries++) {
		pid_t p = last_pid + 1;
		if (p >= pid_max)
			p = 2; /* wrap past init, as RESERVED_PIDS does past low pids */
		last_pid = p;
		if (!task_lookup(p))
			return p;
	}
	return -EAGAIN;
}

void pid_register(struct task *t)
{
	HASH_ADD_INT(pid_table, tid, t);
	nr_tasks++;
}

void pid_unregister(struct task *t)
{
	struct task *cur = task_lookup(t->tid);
	if (cur == t) {
		HASH_DEL(pid_table, t);
		nr_tasks--;
	}
}

int task_count(void)
{
	return nr_tasks;
}
