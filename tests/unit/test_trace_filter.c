/* Unit tests of the tracer's selections (sentry/trace/trace_filter.c):
 * --trace=EXPR in strace's syntax, --trace-pid and --trace-events. */
#include <criterion/criterion.h>

#include "abi/syscalls.h"
#include "sentry/trace/trace_priv.h"

Test(expr, everything_by_default)
{
	cr_assert_eq(trace_filter_parse(NULL), 0);
	cr_expect(trace_filter_nr(__NR_read));
	cr_assert_eq(trace_filter_parse("all"), 0);
	cr_expect(trace_filter_nr(__NR_clone3));
}

Test(expr, names)
{
	cr_assert_eq(trace_filter_parse("open,close"), 0);
	cr_expect(trace_filter_nr(__NR_open));
	cr_expect(trace_filter_nr(__NR_close));
	cr_expect(!trace_filter_nr(__NR_read));
	cr_expect(!trace_filter_nr(-1));
	cr_expect(!trace_filter_nr(100000));
}

Test(expr, negation)
{
	cr_assert_eq(trace_filter_parse("!write,read"), 0);
	cr_expect(!trace_filter_nr(__NR_write));
	cr_expect(!trace_filter_nr(__NR_read));
	cr_expect(trace_filter_nr(__NR_open));
	cr_assert_eq(trace_filter_parse("none"), 0);
	cr_expect(!trace_filter_nr(__NR_open));
}

Test(expr, classes)
{
	cr_assert_eq(trace_filter_parse("%file"), 0);
	cr_expect(trace_filter_nr(__NR_openat));
	cr_expect(trace_filter_nr(__NR_execve));
	cr_expect(!trace_filter_nr(__NR_read));
	cr_assert_eq(trace_filter_parse("%process,%signal"), 0);
	cr_expect(trace_filter_nr(__NR_clone));
	cr_expect(trace_filter_nr(__NR_wait4));
	cr_expect(trace_filter_nr(__NR_rt_sigaction));
	cr_expect(trace_filter_nr(__NR_kill));
	cr_expect(!trace_filter_nr(__NR_mmap));
	cr_assert_eq(trace_filter_parse("%memory,%creds,%clock,%network,%ipc,%desc"), 0);
	cr_expect(trace_filter_nr(__NR_mmap));
	cr_expect(trace_filter_nr(__NR_getuid));
	cr_expect(trace_filter_nr(__NR_clock_gettime));
	cr_expect(trace_filter_nr(__NR_socket));
	cr_expect(trace_filter_nr(__NR_shmget));
	cr_expect(trace_filter_nr(__NR_read));
	cr_expect(!trace_filter_nr(__NR_nanosleep));
	cr_assert_eq(trace_filter_parse("%%stat"), 0);
	cr_expect(trace_filter_nr(__NR_newfstatat));
	cr_expect(trace_filter_nr(__NR_fstat));
	cr_expect(!trace_filter_nr(__NR_statfs));
}

Test(expr, regex_and_unknowns)
{
	cr_assert_eq(trace_filter_parse("/^pread|^pwrite"), 0);
	cr_expect(trace_filter_nr(__NR_pread64));
	cr_expect(trace_filter_nr(__NR_pwritev));
	cr_expect(!trace_filter_nr(__NR_read));
	cr_expect_eq(trace_filter_parse("nosuchcall"), -1);
	cr_expect_eq(trace_filter_parse("%nosuchclass"), -1);
	cr_expect_eq(trace_filter_parse("?nosuchcall,read"), 0);
	cr_expect(trace_filter_nr(__NR_read));
}

Test(pids, selection_and_following)
{
	cr_expect(trace_pid_selected(7, 7), "no --trace-pid: every task");
	cr_assert_eq(trace_pids_parse("2,5"), 0);
	cr_expect(trace_pid_selected(2, 2));
	cr_expect(trace_pid_selected(9, 5), "a thread of process 5");
	cr_expect(!trace_pid_selected(9, 9));
	trace_pid_follow(9);
	cr_expect(trace_pid_selected(9, 9), "a task a selected one made");
	cr_expect_eq(trace_pids_parse("x"), -1);
	cr_expect_eq(trace_pids_parse("0"), -1);
}

Test(events, names)
{
	cr_assert_eq(trace_events_parse("cow,exec"), 0);
	cr_expect_eq(trace_events, TEV_COW | TEV_EXEC);
	cr_assert_eq(trace_events_parse("all"), 0);
	cr_expect_eq(trace_events, TEV_COW | TEV_EXEC | TEV_MM | TEV_SIGNAL);
	cr_expect_eq(trace_events_parse("cow,bogus"), -1);
}
