/* POSIX message queues: mq_open's creation, permission and limit rules,
 * priority order (FIFO within a priority), EMSGSIZE both ways, EAGAIN on a
 * full or empty non-blocking queue, absolute timeouts, a receiver blocked
 * until another process sends, mq_getsetattr, mq_notify by signal (once,
 * EBUSY for a second process), the status line read(2) gives, mq_unlink
 * while open; the errors. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "errname.h"

static volatile sig_atomic_t got_sig, got_code, got_value;

static void on_usr1(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got_sig = sig;
	got_code = si->si_code;
	got_value = si->si_value.sival_int;
}

static void deadline(struct timespec *ts, long ms)
{
	clock_gettime(CLOCK_REALTIME, ts);
	ts->tv_nsec += ms * 1000000L;
	while (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

int main(void)
{
	char name[64];
	snprintf(name, sizeof(name), "/sbx_mqueue_test.%d", getpid());
	mq_unlink(name);
	printf("open missing: %s\n", res(mq_open(name, O_RDWR)));
	struct mq_attr at = {.mq_maxmsg = 3, .mq_msgsize = 16};
	mqd_t q = mq_open(name, O_RDWR | O_CREAT | O_EXCL, 0600, &at);
	printf("create: %s\n", q >= 0 ? "ok" : errname(errno));
	printf("create again, O_EXCL: %s\n",
	       res(mq_open(name, O_RDWR | O_CREAT | O_EXCL, 0600, &at)));
	struct mq_attr bad = {.mq_maxmsg = 0, .mq_msgsize = 16};
	printf("maxmsg 0: %s\n", res(mq_open("/sbx_mq_bad", O_RDWR | O_CREAT, 0600, &bad)));
	bad.mq_maxmsg = 1;
	bad.mq_msgsize = -1;
	printf("msgsize -1: %s\n", res(mq_open("/sbx_mq_bad", O_RDWR | O_CREAT, 0600, &bad)));
	printf("name with a slash: %s\n", res(mq_open("/a/b", O_RDWR | O_CREAT, 0600, NULL)));

	struct mq_attr got;
	mq_getattr(q, &got);
	printf("attr: flags %ld maxmsg %ld msgsize %ld curmsgs %ld\n", got.mq_flags, got.mq_maxmsg,
	       got.mq_msgsize, got.mq_curmsgs);
	printf("send prio 1: %s\n", res(mq_send(q, "one", 3, 1)));
	printf("send prio 5: %s\n", res(mq_send(q, "five", 4, 5)));
	printf("send prio 1 again: %s\n", res(mq_send(q, "one-b", 5, 1)));
	printf("too long: %s\n", res(mq_send(q, "01234567890123456", 17, 0)));
	printf("prio too high: %s\n", res(mq_send(q, "x", 1, 40000)));
	struct timespec ts;
	deadline(&ts, 30);
	printf("full, timed: %s\n", res(mq_timedsend(q, "x", 1, 0, &ts)));
	struct mq_attr nb = {.mq_flags = O_NONBLOCK};
	mq_setattr(q, &nb, NULL);
	printf("full, non-blocking: %s\n", res(mq_send(q, "x", 1, 0)));
	mq_getattr(q, &got);
	printf("now: flags nonblock %d curmsgs %ld\n", !!(got.mq_flags & O_NONBLOCK),
	       got.mq_curmsgs);

	char status[128] = {0};
	int fd = (int)q;
	lseek(fd, 0, SEEK_SET);
	read(fd, status, sizeof(status) - 1);
	printf("status: %s", status);

	char buf[32];
	unsigned prio;
	printf("receive into 8 bytes: %s\n", res(mq_receive(q, buf, 8, &prio)));
	for (int i = 0; i < 3; i++) {
		memset(buf, 0, sizeof(buf));
		ssize_t n = mq_receive(q, buf, sizeof(buf), &prio);
		printf("receive: %zd \"%s\" prio %u\n", n, buf, prio);
	}
	printf("empty, non-blocking: %s\n", res(mq_receive(q, buf, sizeof(buf), &prio)));
	nb.mq_flags = 0;
	mq_setattr(q, &nb, NULL);
	deadline(&ts, 30);
	printf("empty, timed: %s\n", res(mq_timedreceive(q, buf, sizeof(buf), &prio, &ts)));
	ts.tv_nsec = 2000000000L;
	printf("bad timeout: %s\n", res(mq_timedreceive(q, buf, sizeof(buf), &prio, &ts)));

	/* Notification by signal, once. */
	struct sigaction sa = {.sa_sigaction = on_usr1, .sa_flags = SA_SIGINFO};
	sigaction(SIGUSR1, &sa, NULL);
	struct sigevent ev = {.sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR1};
	ev.sigev_value.sival_int = 42;
	printf("notify: %s\n", res(mq_notify(q, &ev)));
	printf("notify again: %s\n", res(mq_notify(q, &ev)));
	memset(status, 0, sizeof(status));
	lseek(fd, 0, SEEK_SET);
	read(fd, status, sizeof(status) - 1);
	printf("status has NOTIFY:0 SIGNO:%d: %s\n", SIGUSR1,
	       strstr(status, "NOTIFY:0     SIGNO:10") ? "yes" : "no");
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		mqd_t c = mq_open(name, O_WRONLY);
		int r = mq_notify(c, &ev);
		int busy = r < 0 && errno == EBUSY;
		mq_send(c, "hi", 2, 3);
		_exit(busy ? 3 : 4);
	}
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	printf("child's notify while we are registered: %s\n",
	       WEXITSTATUS(st) == 3 ? "EBUSY" : "not EBUSY");
	printf("signal %d code %s value %d\n", (int)got_sig,
	       got_code == SI_MESGQ ? "SI_MESGQ" : "other", (int)got_value);
	mq_receive(q, buf, sizeof(buf), &prio);

	/* A receiver that waits for another process's message. */
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		usleep(50000);
		mqd_t c = mq_open(name, O_WRONLY);
		mq_send(c, "late", 4, 7);
		_exit(0);
	}
	memset(buf, 0, sizeof(buf));
	ssize_t n = mq_receive(q, buf, sizeof(buf), &prio);
	printf("blocked receive: %zd \"%s\" prio %u\n", n, buf, prio);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;

	printf("unlink: %s\n", res(mq_unlink(name)));
	printf("open after unlink: %s\n", res(mq_open(name, O_RDWR)));
	printf("still usable: %s\n", res(mq_send(q, "x", 1, 0)));
	printf("unlink again: %s\n", res(mq_unlink(name)));
	mq_close(q);
	printf("send on a closed descriptor: %s\n", res(mq_send(q, "x", 1, 0)));
	printf("send on a plain fd: %s\n", res(mq_send(1, "x", 1, 0)));

	mqd_t ro = mq_open(name, O_RDONLY | O_CREAT, 0600, &at);
	printf("send on a read-only queue: %s\n", res(mq_send(ro, "x", 1, 0)));
	mq_close(ro);
	mq_unlink(name);
	return 0;
}
