#!/usr/bin/env bash
# --deterministic[=SEED]: a guest printing the time, a sleep, random bytes,
# pids, a futex-synchronised thread interleaving and a directory listing
# prints the same bytes twice with one seed (and the same --trace), and
# other bytes with another seed.  A thread that stops or dies as it is drawn
# to run wakes its parent without hanging the loop.
. "$TESTS/scripts/tap.bash"
build determinism
build det_wakeup

# A directory of the host, made in an order its listing need not keep.
mkdir -p tree
for n in $(seq 1 60 | shuf --random-source=<(yes)); do
	: >"tree/file-$n"
done

differ()
{
	! cmp -s "$1" "$2"
}

det()
{
	"$SBX" run "$@" ./determinism "$PWD/tree" 2>>det.err
}

det --deterministic=7 >a.out
det --deterministic=7 >b.out
det --deterministic=8 >c.out
check same-seed "$(diff a.out b.out | head -n 20)" cmp -s a.out b.out
check other-seed "the same output" differ a.out c.out
check other-seed-random "$(grep getrandom a.out c.out)" \
	test "$(grep getrandom a.out)" != "$(grep getrandom c.out)"
check other-seed-threads "$(grep threads a.out c.out)" \
	test "$(grep threads a.out)" != "$(grep threads c.out)"
check threads-ran "$(grep threads a.out)" \
	test "$(sed -n 's/^threads: //p' a.out | tr -cd abcd | wc -c)" = 200
det --deterministic >d.out
det --deterministic=0 >e.out
check default-seed-0 "$(diff d.out e.out | head -n 5)" cmp -s d.out e.out

# Time starts at the fixed instant and a sleep completes by advancing it.
check realtime "$(grep realtime a.out)" grep -q '^realtime: 1704067200\.' a.out
check monotonic "$(grep monotonic a.out)" grep -q '^monotonic: 100\.' a.out
slept=$(sed -n 's/^slept: \([0-9]*\) ns$/\1/p' a.out)
check sleep-advances "slept ${slept:-?} ns" test "${slept:-0}" -ge 250000000 -a "${slept:-0}" -lt 260000000
check pids "$(grep pid a.out)" grep -q '^pid 2, child 3$' a.out

# The host's directory in name order.
ls -a tree | LC_ALL=C sort | head -n 5 | awk '{print "entry " NR-1 ": " $0}' >want.entries
grep '^entry' a.out >got.entries
check readdir-sorted "$(diff want.entries got.entries)" cmp -s want.entries got.entries
check readdir-all "$(grep entries a.out)" grep -q '^62 entries' a.out

# The trace is the same too.
det --deterministic=3 --trace -o t1.trace >/dev/null
det --deterministic=3 --trace -o t2.trace >/dev/null
check same-trace "$(diff t1.trace t2.trace | head -n 10)" cmp -s t1.trace t2.trace
check trace-not-empty "$(wc -l <t1.trace) lines" test "$(wc -l <t1.trace)" -gt 50

# A child stopped or killed by its timer as it is drawn: its parent's
# waitpid returns (before the fix, the loop slept for ever).
./det_wakeup >want.wakeup
for seed in 1 2 3 4; do
	"$SBX" run --timeout 20 --deterministic=$seed ./det_wakeup >wakeup.$seed 2>>det.err
	echo "exit $?" >>wakeup.$seed
done
echo "exit 0" >>want.wakeup
check woken-parent "$(diff want.wakeup wakeup.1 | head -n 10)" \
	cmp -s want.wakeup wakeup.1
check woken-parent-seeds "$(for s in 2 3 4; do diff want.wakeup wakeup.$s; done | head -n 10)" \
	eval 'cmp -s want.wakeup wakeup.2 && cmp -s want.wakeup wakeup.3 && cmp -s want.wakeup wakeup.4'

# Without the option, the host's clock.
"$SBX" run ./determinism "$PWD/tree" >host.out 2>/dev/null
check host-time "$(grep realtime host.out)" test "$(grep -c '^realtime: 1704067200\.' host.out)" = 0
finish
