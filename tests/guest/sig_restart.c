/* Interrupted system calls.  A helper thread waits until the main thread
 * sleeps in the call, then signals it; the handler makes the call's wait
 * satisfiable (writes to the pipe, lets the child exit, changes the futex
 * word), so a restarted call completes and an interrupted one says EINTR.
 * Pipe read, wait4 and futex restart with SA_RESTART; a timed futex wait,
 * poll, select, epoll_wait, ppoll and nanosleep never do; a partial write
 * returns its count.  Stopped and continued, calls restart transparently
 * (nanosleep through restart_syscall) unless a SIGCONT handler runs. */
//! libc: glibc musl
#define _GNU_SOURCE
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "errname.h"
#include "sigtest.h"

#define FUTEX_WAIT_PRIVATE 128 /* FUTEX_WAIT | FUTEX_PRIVATE_FLAG */

static int p[2]; /* what the call waits on */
static int child_gate[2];
static volatile uint32_t futex_word;
static void (*release)(void); /* what the handler does */
static pid_t main_tid;

static void release_pipe(void)
{
	pipe_post(p[1]);
}

static void release_child(void)
{
	pipe_post(child_gate[1]);
}

static void release_futex(void)
{
	futex_word = 1;
}

static void handler(int sig, siginfo_t *si, void *uc)
{
	(void)si;
	(void)uc;
	note("[handler %d]", sig);
	if (release)
		release();
}

static void *poker(void *arg)
{
	(void)arg;
	wait_sleeping(getpid(), main_tid);
	syscall(SYS_tgkill, getpid(), main_tid, SIGUSR1);
	return NULL;
}

static pthread_t th;

static void arm(int flags, void (*rel)(void))
{
	on_signal(SIGUSR1, handler, flags, 0);
	release = rel;
	pthread_create(&th, NULL, poker, NULL);
}

static void done(const char *what, long r, int flags)
{
	int e = errno;
	pthread_join(th, NULL);
	printf("%-34s %-10s ", what, flags & SA_RESTART ? "SA_RESTART" : "plain");
	flush_notes();
	if (r < 0)
		printf(" -> %s\n", errname(e));
	else
		printf(" -> %ld\n", r);
	/* Drain what the handler left. */
	char buf[16];
	struct pollfd pf = {p[0], POLLIN, 0};
	while (poll(&pf, 1, 0) == 1)
		read(p[0], buf, sizeof(buf));
}

static void test_calls(int flags)
{
	char buf[16];
	long r;

	arm(flags, release_pipe);
	r = read(p[0], buf, sizeof(buf));
	done("read of an empty pipe", r, flags);

	pipe(child_gate);
	fflush(stdout);
	pid_t c = fork();
	if (c == 0) {
		pipe_wait(child_gate[0]);
		_exit(7);
	}
	arm(flags, release_child);
	int st;
	r = wait4(c, &st, 0, NULL);
	done("wait4", r == c ? 1 : r, flags);
	if (r != c)
		waitpid(c, &st, 0);
	close(child_gate[0]);
	close(child_gate[1]);

	futex_word = 0;
	arm(flags, release_futex);
	r = syscall(SYS_futex, &futex_word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
	done("futex wait", r, flags);

	futex_word = 0;
	struct timespec ten = {10, 0};
	arm(flags, release_futex);
	r = syscall(SYS_futex, &futex_word, FUTEX_WAIT_PRIVATE, 0, &ten, NULL, 0);
	done("futex wait with a timeout", r, flags);

	struct pollfd pf = {p[0], POLLIN, 0};
	arm(flags, release_pipe);
	r = poll(&pf, 1, -1);
	done("poll", r, flags);
	arm(flags, release_pipe);
	r = poll(&pf, 1, 10000);
	done("poll with a timeout", r, flags);
	struct timespec ts = {10, 0};
	arm(flags, release_pipe);
	r = ppoll(&pf, 1, &ts, NULL);
	done("ppoll", r, flags);

	fd_set rd;
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	arm(flags, release_pipe);
	r = select(p[0] + 1, &rd, NULL, NULL, NULL);
	done("select", r, flags);

	int ep = epoll_create1(0);
	struct epoll_event ev = {.events = EPOLLIN}, out;
	epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
	arm(flags, release_pipe);
	r = epoll_wait(ep, &out, 1, -1);
	done("epoll_wait", r, flags);
	close(ep);

	struct timespec req = {10, 0}, rem = {-1, -1};
	arm(flags, NULL);
	r = nanosleep(&req, &rem);
	/* At most the request plus the timer slack. */
	int rem_ok = rem.tv_sec >= 0 && rem.tv_nsec >= 0 &&
		     (rem.tv_sec < 10 || (rem.tv_sec == 10 && rem.tv_nsec < 1000000));
	done("nanosleep", r, flags);
	printf("  remaining time written, at most the request: %s\n", yesno(rem_ok));

	struct timespec abs;
	clock_gettime(CLOCK_MONOTONIC, &abs);
	abs.tv_sec += 10;
	rem.tv_sec = -1;
	arm(flags, NULL);
	int e = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs, &rem);
	errno = e;
	done("clock_nanosleep TIMER_ABSTIME", e ? -1 : 0, flags);
	printf("  remaining time left alone: %s\n", yesno(rem.tv_sec == -1));

	/* A write that blocks after some progress returns what it wrote. */
	int q[2];
	pipe(q);
	static char big[100000];
	arm(flags, NULL);
	r = write(q[1], big, sizeof(big));
	done("write of 100000 bytes to a pipe", r, flags);
	close(q[0]);
	close(q[1]);
}

/* --- stop and continue ---------------------------------------------------- */

static void cont_handler(int sig, siginfo_t *si, void *uc)
{
	(void)si;
	(void)uc;
	note("[SIGCONT handler %d]", sig);
}

/* Child: one blocking call, its result on the pipe's other side. */
static void stopped_child(int which, int with_handler, int out)
{
	if (with_handler)
		on_signal(SIGCONT, cont_handler, SA_RESTART, 0);
	char res_line[sizeof(sig_log) + 100];
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	long r;
	int e = 0;
	if (which == 0) {
		struct timespec req = {0, 300000000}, rem = {0, 0};
		r = nanosleep(&req, &rem);
		e = errno;
	} else {
		struct pollfd pf = {p[0], POLLIN, 0};
		r = poll(&pf, 1, -1);
		e = errno;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	snprintf(res_line, sizeof(res_line), "%.*s%s -> %s%s\n", (int)sig_log_len, sig_log,
		 which == 0 ? "nanosleep" : "poll",
		 r < 0	  ? errname(e)
		 : r == 0 ? "0"
			  : "ready",
		 which == 0 && r == 0 ? (ms >= 300 ? ", slept the whole time" : ", woke early")
				      : "");
	write(out, res_line, strlen(res_line));
	_exit(0);
}

static void test_stop_continue(int which, int with_handler)
{
	int out[2];
	pipe(out);
	fflush(stdout);
	pid_t c = fork();
	if (c == 0)
		stopped_child(which, with_handler, out[1]);
	wait_sleeping(c, c);
	kill(c, SIGSTOP);
	int st;
	waitpid(c, &st, WUNTRACED);
	kill(c, SIGCONT);
	waitpid(c, &st, WCONTINUED);
	if (which == 1)
		pipe_post(p[1]);
	char buf[512] = {0};
	read(out[0], buf, sizeof(buf) - 1);
	waitpid(c, &st, 0);
	printf("stopped and continued%s: %s", with_handler ? ", SIGCONT handler" : "", buf);
	close(out[0]);
	close(out[1]);
	char d[16];
	struct pollfd pf = {p[0], POLLIN, 0};
	while (poll(&pf, 1, 0) == 1)
		read(p[0], d, sizeof(d));
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	main_tid = gettid_();
	pipe(p);
	test_calls(0);
	test_calls(SA_RESTART);
	test_stop_continue(0, 0);
	test_stop_continue(0, 1);
	test_stop_continue(1, 0);
	test_stop_continue(1, 1);
	return 0;
}
