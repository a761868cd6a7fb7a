#!/usr/bin/env bash
# sbx run --max-tasks: fork and thread creation fail with EAGAIN once the
# sandbox holds that many tasks (the program counts; the virtual init does
# not), work again once tasks are reaped, and a fork bomb ends with the
# sandbox intact and nothing left behind.
. "$TESTS/scripts/tap.bash"
build forkbomb

"$SBX" run --max-tasks 50 ./forkbomb wide >wide.out 2>wide.err </dev/null
st=$?
check wide-status "status $st: $(tail -n 3 wide.err)" test "$st" = 0
want="forked 49, then Resource temporarily unavailable
a thread at the limit: Resource temporarily unavailable
reaped 49
fork after reaping: ok
threads started 49, then Resource temporarily unavailable"
check wide-output "$(cat wide.out)" test "$(cat wide.out)" = "$want"

"$SBX" run --max-tasks 50 ./forkbomb deep >deep.out 2>deep.err </dev/null
st=$?
check deep-status "status $st: $(tail -n 3 deep.err)" test "$st" = 0
check deep-output "$(cat deep.out)" test "$(cat deep.out)" = "forks some, failures some"

finish
