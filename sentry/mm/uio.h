/* Guest I/O vectors (lib/iov_iter.c in spirit): a list of guest buffers
 * that file operations copy into or out of, advancing as they go. */
#ifndef SBX_UIO_H
#define SBX_UIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/uio.h>

struct mm;

/* Linux's limit on iovecs; <sys/uio.h> defines it too (1024), and a
 * second definition would clash with it. */
#ifndef UIO_MAXIOV
#define UIO_MAXIOV 1024
#endif

struct uio_seg {
	uint64_t base;
	uint64_t len;
};

struct uio {
	struct mm *mm;
	struct uio_seg *seg; /* points at one_seg or an allocated array */
	int nseg;
	int idx;        /* current segment */
	uint64_t off;   /* offset inside it */
	size_t resid;   /* bytes left */
	bool kernel;    /* the segments are sentry memory, not guest memory */
	struct uio_seg one_seg;
};

/* One buffer (read/write).  Never fails; a bad pointer shows at copy time. */
void uio_init(struct uio *u, struct mm *mm, uint64_t base, size_t len);
/* A buffer of the sentry itself (the loader reading a file). */
void uio_init_kernel(struct uio *u, void *buf, size_t len);
/* A guest iovec array (readv/writev): 0, -EINVAL (count or total length
 * out of range), -EFAULT, -ENOMEM.  Release with uio_fini. */
int uio_init_iov(struct uio *u, struct mm *mm, uint64_t iov, int iovcnt);
void uio_fini(struct uio *u);
/* Copy @n bytes from @src into the guest buffers.  Returns the bytes
 * copied (less than @n only at the end of the vector) or -EFAULT when
 * nothing could be copied. */
ssize_t uio_copyout(struct uio *u, const void *src, size_t n);
/* Copy up to @n bytes out of the guest buffers into @dst; as above. */
ssize_t uio_copyin(struct uio *u, void *dst, size_t n);
/* Let at most @n more bytes through (a write cut at RLIMIT_FSIZE). */
void uio_truncate(struct uio *u, size_t n);
/* Skip @n bytes (resuming a partially done transfer). */
void uio_skip(struct uio *u, size_t n);

#endif
