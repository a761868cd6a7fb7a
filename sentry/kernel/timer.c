#include "timer.h"

#include <errno.h>
#include <stdlib.h>

static struct {
	struct timer **heap;
	int n, cap;
} th;

static void heap_set(int i, struct timer *t)
{
	th.heap[i] = t;
	t->heap_index = i;
}

static void sift_up(int i)
{
	while (i > 0) {
		int parent = (i - 1) / 2;
		if (th.heap[parent]->deadline_ns <= th.heap[i]->deadline_ns)
			break;
		struct timer *tmp = th.heap[parent];
		heap_set(parent, th.heap[i]);
		heap_set(i, tmp);
		i = parent;
	}
}

static void sift_down(int i)
{
	for (;;) {
		int l = 2 * i + 1, r = l + 1, m = i;
		if (l < th.n && th.heap[l]->deadline_ns < th.heap[m]->deadline_ns)
			m = l;
		if (r < th.n && th.heap[r]->deadline_ns < th.heap[m]->deadline_ns)
			m = r;
		if (m == i)
			return;
		struct timer *tmp = th.heap[m];
		heap_set(m, th.heap[i]);
		heap_set(i, tmp);
		i = m;
	}
}

void timer_init(struct timer *t, void (*fn)(struct timer *))
{
	t->fn = fn;
	t->deadline_ns = 0;
	t->heap_index = -1;
}

bool timer_armed(const struct timer *t)
{
	return t->heap_index >= 0;
}

void timer_cancel(struct timer *t)
{
	int i = t->heap_index;
	if (i < 0)
		return;
	t->heap_index = -1;
	th.n--;
	if (i == th.n)
		return;
	heap_set(i, th.heap[th.n]);
	sift_up(i);
	sift_down(th.heap[i]->heap_index);
}

int timer_arm(struct timer *t, uint64_t deadline_ns)
{
	timer_cancel(t);
	if (th.n == th.cap) {
		int cap = th.cap ? th.cap * 2 : 64;
		struct timer **h = realloc(th.heap, (size_t)cap * sizeof(*h));
		if (!h)
			return -ENOMEM;
		th.heap = h;
		th.cap = cap;
	}
	t->deadline_ns = deadline_ns;
	heap_set(th.n, t);
	th.n++;
	sift_up(t->heap_index);
	return 0;
}

int64_t timers_next_ns(uint64_t now)
{
	if (th.n == 0)
		return -1;
	uint64_t d = th.heap[0]->deadline_ns;
	return d <= now ? 0 : (int64_t)(d - now);
}

void timers_run(uint64_t now)
{
	while (th.n > 0 && th.heap[0]->deadline_ns <= now) {
		struct timer *t = th.heap[0];
		timer_cancel(t);
		t->fn(t);
	}
}
