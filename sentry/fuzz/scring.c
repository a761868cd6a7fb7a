/* The ring of the last syscalls (see scring.h). */
#include "scring.h"

#include <string.h>

#include "../kernel/task.h"

bool scring_enabled;

static struct {
	struct scring_entry e[SCRING_SIZE];
	unsigned next; /* index of the next entry to write */
	unsigned count;
} R;

void scring_enter(struct task *t)
{
	struct scring_entry *e = &R.e[R.next];
	e->tid = t->tid;
	e->nr = t->sc.nr;
	memcpy(e->args, t->sc.args, sizeof(e->args));
	e->ret = 0;
	e->done = false;
	R.next = (R.next + 1) % SCRING_SIZE;
	if (R.count < SCRING_SIZE)
		R.count++;
}

void scring_exit(struct task *t, long ret)
{
	/* The newest unfinished entry of @t: usually the last one written. */
	for (unsigned i = 1; i <= R.count; i++) {
		struct scring_entry *e = &R.e[(R.next + SCRING_SIZE - i) % SCRING_SIZE];
		if (e->tid == t->tid && !e->done) {
			e->ret = ret;
			e->done = true;
			return;
		}
	}
}

int scring_read(struct scring_entry *out)
{
	unsigned first = (R.next + SCRING_SIZE - R.count) % SCRING_SIZE;
	for (unsigned i = 0; i < R.count; i++)
		out[i] = R.e[(first + i) % SCRING_SIZE];
	return (int)R.count;
}

void scring_clear(void)
{
	R.next = R.count = 0;
}
