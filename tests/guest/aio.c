/* Linux native AIO through the raw syscalls (as libaio makes them):
 * io_setup gives a context id, io_submit reads and writes a file at
 * offsets (one and vectored) and fsyncs it, io_getevents returns each
 * completion with its data and iocb, counts an eventfd with
 * IOCB_FLAG_RESFD, times out with fewer than min_nr; the errors of each
 * call; io_destroy. */
//! libc: glibc
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <linux/aio_abi.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "errname.h"

static long io_setup_(unsigned nr, aio_context_t *ctx)
{
	return syscall(SYS_io_setup, nr, ctx);
}

static long io_submit_(aio_context_t ctx, long n, struct iocb **cbs)
{
	return syscall(SYS_io_submit, ctx, n, cbs);
}

static long io_getevents_(aio_context_t ctx, long min, long max, struct io_event *ev,
			  struct timespec *ts)
{
	return syscall(SYS_io_getevents, ctx, min, max, ev, ts);
}

static long proc_long(const char *path)
{
	FILE *f = fopen(path, "r");
	long v = -1;
	if (f) {
		if (fscanf(f, "%ld", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

int main(void)
{
	aio_context_t ctx = 0;
	long before = proc_long("/proc/sys/fs/aio-nr");
	printf("io_setup: %s\n", res(io_setup_(8, &ctx)));
	printf("fs.aio-nr grew by at least 8: %s\n",
	       before >= 0 && proc_long("/proc/sys/fs/aio-nr") >= before + 8 ? "yes" : "no");
	printf("fs.aio-max-nr above it: %s\n",
	       proc_long("/proc/sys/fs/aio-max-nr") > proc_long("/proc/sys/fs/aio-nr") ? "yes"
										       : "no");
	printf("context id set: %s\n", ctx ? "yes" : "no");
	aio_context_t other = 1;
	printf("io_setup, id not zero: %s\n", res(io_setup_(8, &other)));
	other = 0;
	printf("io_setup, 0 events: %s\n", res(io_setup_(0, &other)));

	int fd = open("aio.tmp", O_CREAT | O_RDWR | O_TRUNC, 0644);
	char out[] = "hello asynchronous world";
	char in1[8] = {0}, in2a[5] = {0}, in2b[6] = {0};
	struct iovec iov[2] = {{in2a, 4}, {in2b, 5}};
	struct iocb w = {.aio_data = 1,
			 .aio_lio_opcode = IOCB_CMD_PWRITE,
			 .aio_fildes = fd,
			 .aio_buf = (uintptr_t)out,
			 .aio_nbytes = sizeof(out) - 1,
			 .aio_offset = 0};
	struct iocb s = {.aio_data = 2, .aio_lio_opcode = IOCB_CMD_FSYNC, .aio_fildes = fd};
	struct iocb r1 = {.aio_data = 3,
			  .aio_lio_opcode = IOCB_CMD_PREAD,
			  .aio_fildes = fd,
			  .aio_buf = (uintptr_t)in1,
			  .aio_nbytes = 5,
			  .aio_offset = 0};
	struct iocb r2 = {.aio_data = 4,
			  .aio_lio_opcode = IOCB_CMD_PREADV,
			  .aio_fildes = fd,
			  .aio_buf = (uintptr_t)iov,
			  .aio_nbytes = 2,
			  .aio_offset = 6};
	struct iocb *cbs[] = {&w, &s, &r1, &r2};
	printf("io_submit 4: %s\n", res(io_submit_(ctx, 4, cbs)));
	printf("file position unchanged: %ld\n", (long)lseek(fd, 0, SEEK_CUR));
	struct io_event ev[8];
	long n = io_getevents_(ctx, 4, 8, ev, NULL);
	printf("io_getevents: %ld\n", n);
	/* Completions come in any order: show them by their data. */
	for (long i = 1; i < n; i++)
		for (long j = i; j > 0 && ev[j].data < ev[j - 1].data; j--) {
			struct io_event x = ev[j];
			ev[j] = ev[j - 1];
			ev[j - 1] = x;
		}
	for (long i = 0; i < n; i++)
		printf("  data %llu, obj is its iocb %s, res %lld\n",
		       (unsigned long long)ev[i].data,
		       ev[i].obj == (uintptr_t)cbs[ev[i].data - 1] ? "yes" : "no",
		       (long long)ev[i].res);
	printf("read \"%s\", then \"%s\" \"%s\"\n", in1, in2a, in2b);

	/* Completion on an eventfd, and a read of a bad fd as an event. */
	int efd = eventfd(0, EFD_NONBLOCK);
	struct iocb e = {.aio_data = 9,
			 .aio_lio_opcode = IOCB_CMD_PREAD,
			 .aio_fildes = fd,
			 .aio_buf = (uintptr_t)in1,
			 .aio_nbytes = 3,
			 .aio_offset = 0,
			 .aio_flags = IOCB_FLAG_RESFD,
			 .aio_resfd = efd};
	struct iocb *one[] = {&e};
	printf("io_submit with RESFD: %s\n", res(io_submit_(ctx, 1, one)));
	uint64_t cnt = 0;
	read(efd, &cnt, sizeof(cnt));
	printf("eventfd count: %llu\n", (unsigned long long)cnt);
	struct timespec zero = {0, 0};
	n = io_getevents_(ctx, 0, 8, ev, &zero);
	printf("io_getevents, no wait: %ld (res %lld)\n", n, n > 0 ? (long long)ev[0].res : 0LL);
	struct timespec ts = {0, 30000000};
	printf("io_getevents, min 1, nothing left: %s\n", res(io_getevents_(ctx, 1, 8, ev, &ts)));

	sigset_t mask;
	sigemptyset(&mask);
	struct {
		sigset_t *m;
		size_t size;
	} usig = {&mask, 8};
	printf("io_pgetevents with a mask, nothing there: %s\n",
	       res(syscall(SYS_io_pgetevents, ctx, 0, 8, ev, &zero, &usig)));

	/* Errors. */
	struct iocb bad = r1;
	bad.aio_fildes = 999;
	struct iocb *b[] = {&bad};
	printf("io_submit bad fd: %s\n", res(io_submit_(ctx, 1, b)));
	bad = r1;
	bad.aio_lio_opcode = 42;
	printf("io_submit bad opcode: %s\n", res(io_submit_(ctx, 1, b)));
	bad = r1;
	bad.aio_reserved2 = 1;
	printf("io_submit reserved: %s\n", res(io_submit_(ctx, 1, b)));
	bad = r1;
	bad.aio_flags = IOCB_FLAG_RESFD;
	bad.aio_resfd = fd;
	printf("io_submit RESFD not an eventfd: %s\n", res(io_submit_(ctx, 1, b)));
	struct iocb *two[] = {&r1, &bad};
	printf("io_submit good then bad: %s\n", res(io_submit_(ctx, 2, two)));
	io_getevents_(ctx, 1, 8, ev, NULL);
	printf("io_submit negative count: %s\n", res(io_submit_(ctx, -1, cbs)));
	printf("io_submit bad context: %s\n", res(io_submit_(12345, 1, cbs)));
	printf("io_getevents min > max: %s\n", res(io_getevents_(ctx, 3, 2, ev, NULL)));
	printf("io_getevents bad context: %s\n", res(io_getevents_(12345, 0, 2, ev, NULL)));
	printf("io_cancel: %s\n", res(syscall(SYS_io_cancel, ctx, &r1, ev)));
	printf("io_destroy: %s\n", res(syscall(SYS_io_destroy, ctx)));
	printf("io_destroy again: %s\n", res(syscall(SYS_io_destroy, ctx)));
	unlink("aio.tmp");
	return 0;
}
