#include "uio.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "mm.h"

void uio_init(struct uio *u, struct mm *mm, uint64_t base, size_t len)
{
	u->mm = mm;
	u->one_seg.base = base;
	u->one_seg.len = len;
	u->seg = &u->one_seg;
	u->nseg = 1;
	u->idx = 0;
	u->off = 0;
	u->resid = len;
	u->kernel = false;
}

void uio_init_kernel(struct uio *u, void *buf, size_t len)
{
	uio_init(u, NULL, (uint64_t)(uintptr_t)buf, len);
	u->kernel = true;
}

int uio_init_iov(struct uio *u, struct mm *mm, uint64_t iov, int iovcnt)
{
	uio_init(u, mm, 0, 0);
	if (iovcnt < 0 || iovcnt > UIO_MAXIOV)
		return -EINVAL;
	if (iovcnt == 0)
		return 0;
	struct uio_seg *seg = malloc((size_t)iovcnt * sizeof(*seg));
	if (!seg)
		return -ENOMEM;
	if (copy_from_user(mm, seg, iov, (size_t)iovcnt * sizeof(*seg)) < 0) {
		free(seg);
		return -EFAULT;
	}
	/* Linux: each length must fit ssize_t, and the total is capped at
	 * MAX_RW_COUNT by shortening (rw_copy_check_uvector / import_iovec). */
	uint64_t total = 0;
	const uint64_t max_rw = INT_MAX & PAGE_MASK;
	for (int i = 0; i < iovcnt; i++) {
		if ((int64_t)seg[i].len < 0) {
			free(seg);
			return -EINVAL;
		}
		if (seg[i].len > max_rw - total)
			seg[i].len = max_rw - total;
		total += seg[i].len;
	}
	u->seg = seg;
	u->nseg = iovcnt;
	u->resid = total;
	return 0;
}

void uio_fini(struct uio *u)
{
	if (u->seg != &u->one_seg)
		free(u->seg);
	u->seg = &u->one_seg;
	u->nseg = 0;
}

static void advance(struct uio *u, size_t n)
{
	u->resid -= n;
	u->off += n;
	while (u->idx < u->nseg && u->off >= u->seg[u->idx].len) {
		u->off -= u->seg[u->idx].len;
		u->idx++;
	}
}

void uio_truncate(struct uio *u, size_t n)
{
	if (n < u->resid)
		u->resid = n;
}

void uio_skip(struct uio *u, size_t n)
{
	if (n > u->resid)
		n = u->resid;
	/* Skip whole segments first, then part of one. */
	while (n && u->idx < u->nseg) {
		size_t left = u->seg[u->idx].len - u->off;
		size_t step = n < left ? n : left;
		advance(u, step);
		n -= step;
		if (step == 0)
			advance(u, 0);
	}
}

/* Copy one piece; after a fault, copy again page by page to find how far
 * the access gets, as copy_to_iter/copy_from_iter stop at the faulting
 * byte.  Returns the bytes copied. */
static size_t copy_piece(struct mm *mm, char *buf, uint64_t addr, size_t n, int out)
{
	int r = out ? copy_to_user(mm, addr, buf, n) : copy_from_user(mm, buf, addr, n);
	if (r == 0)
		return n;
	size_t done = 0;
	while (done < n) {
		size_t step = PAGE_SIZE - ((addr + done) & ~PAGE_MASK);
		if (step > n - done)
			step = n - done;
		r = out ? copy_to_user(mm, addr + done, buf + done, step)
			: copy_from_user(mm, buf + done, addr + done, step);
		if (r < 0)
			break;
		done += step;
	}
	return done;
}

static ssize_t transfer(struct uio *u, void *buf, size_t n, int out)
{
	size_t done = 0;
	while (done < n && u->resid) {
		struct uio_seg *s = &u->seg[u->idx];
		size_t left = s->len - u->off;
		if (left == 0) {
			advance(u, 0);
			continue;
		}
		size_t step = n - done < left ? n - done : left;
		if (step > u->resid)
			step = u->resid; /* cut by uio_truncate */
		size_t got;
		if (u->kernel) {
			char *k = (char *)(uintptr_t)(s->base + u->off);
			memcpy(out ? k : (char *)buf + done, out ? (char *)buf + done : k, step);
			got = step;
		} else {
			got = copy_piece(u->mm, (char *)buf + done, s->base + u->off, step, out);
		}
		advance(u, got);
		done += got;
		if (got < step)
			return done ? (ssize_t)done : -EFAULT;
	}
	return (ssize_t)done;
}

ssize_t uio_copyout(struct uio *u, const void *src, size_t n)
{
	return transfer(u, (void *)src, n, 1);
}

ssize_t uio_copyin(struct uio *u, void *dst, size_t n)
{
	return transfer(u, dst, n, 0);
}
