#!/usr/bin/env bash
# --fork-server: a driver speaking AFL++'s protocol gets the right status
# for a copy that exits, crashes, hangs in a syscall or spins, each copy
# starting afresh from the snapshot; two servers run side by side; a
# target's coverage map reaches afl-fuzz's segment; and afl-fuzz -n finds
# the planted bug of a small parser (skipped when afl++ is not installed).
. "$TESTS/scripts/tap.bash"
build fuzz_target -fstack-protector-all
build afl_driver

# serve NAME TIMEOUT_MS INPUTS... -- SBX OPTIONS: the driver's output in NAME.out.
serve()
{
	local name=$1 timeout=$2
	shift 2
	local inputs=()
	while [ "$1" != -- ]; do
		inputs+=("$1")
		shift
	done
	shift
	./afl_driver "$timeout" "${inputs[@]}" -- "$SBX" run --fork-server "$@" ./fuzz_target \
		>"$name.out" 2>"$name.err"
}

# same NAME EXPECTED: NAME.out is EXPECTED.
same()
{
	if [ "$(cat "$1.out")" = "$2" ]; then
		ok "$1"
	else
		not_ok "$1" "$(diff <(echo "$2") "$1.out")" "stderr: $(tail -n 3 "$1.err")"
	fi
}

expected='hello 0
EXIT3: exit 3
CRASH: signal 11
hello: exit 0
EXIT0: exit 0
HANG: timeout (killed, signal 9)
SPIN: timeout (killed, signal 9)
reads 1
COUNT: exit 0
reads 1
COUNT: exit 0
EXIT7: exit 7
server exit 0'
serve statuses 2000 EXIT3 CRASH hello EXIT0 HANG SPIN COUNT COUNT EXIT7 --
same statuses "$expected"
serve statuses-entry 2000 EXIT3 CRASH hello EXIT0 HANG SPIN COUNT COUNT EXIT7 -- --snapshot-at=entry
same statuses-entry "$expected"

# The planted bug, found through the protocol too.
serve planted 5000 "$(printf 'RC\005hello')" "$(printf 'RC\060%048d' 0)" --
same planted "hello 0
$(printf 'RC\005hello'): exit 0
$(printf 'RC\060%048d' 0): signal 6
server exit 0"

# Two servers at once share nothing.
serve parallel-a 5000 EXIT1 CRASH EXIT2 -- &
serve parallel-b 5000 EXIT4 EXIT5 CRASH -- &
wait
same parallel-a "hello 0
EXIT1: exit 1
CRASH: signal 11
EXIT2: exit 2
server exit 0"
same parallel-b "hello 0
EXIT4: exit 4
EXIT5: exit 5
CRASH: signal 11
server exit 0"

# A coverage map as afl-fuzz makes it (a SysV segment of 0600, named by
# __AFL_SHM_ID): the guest's shmat of it before the snapshot reaches the
# segment itself, and each copy's writes are seen by the driver, on both
# platforms, also when the stubs run as another user than the segment's.
build map_writer
for p in ptrace systrap; do
	AFL_DRIVER_MAP=1 ./afl_driver 5000 hello world -- \
		"$SBX" run --platform="$p" --fork-server ./map_writer >"map-$p.out" 2>"map-$p.err"
	same "map-$p" "hello 0
hello: exit 0 map hello
world: exit 0 map world
server exit 0"
done

# Outside afl-fuzz, or with a program that never reads: a clear refusal.
"$SBX" run --fork-server ./fuzz_target </dev/null >nofds.out 2>nofds.err
st=$?
check no-fds "status $st: $(cat nofds.err)" test "$st" = 1 -a "$(grep -c 'fds 198 and 199' nofds.err)" = 1
./afl_driver 5000 EXIT1 -- "$SBX" run --fork-server /bin/true >noread.out 2>noread.err
check no-read "$(cat noread.out noread.err)" grep -q 'exited before it read its standard input' noread.err

# afl-fuzz -n against the snapshot fork server finds the planted bug.
if ! command -v afl-fuzz >/dev/null; then
	skip afl-finds-crash "afl-fuzz is not installed (tools/setup.sh installs afl++)"
else
	mkdir -p seeds
	printf 'RC\005helloRC\005world' >seeds/seed
	AFL_DUMB_FORKSRV=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 \
		AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_BENCH_UNTIL_CRASH=1 \
		timeout -s INT 60 afl-fuzz -n -m none -t 2000 -V 30 -i seeds -o findings -- \
		"$SBX" run --fork-server ./fuzz_target >afl.log 2>&1
	crash=$(find findings -path '*crashes/id:*' -type f | head -n 1)
	if [ -z "$crash" ]; then
		not_ok afl-finds-crash "no crash in 30 s" "$(tail -n 5 afl.log)"
	else
		ok afl-finds-crash
		./fuzz_target <"$crash" >/dev/null 2>&1
		st=$?
		check afl-crash-reproduces "native status $st" test "$st" = 134
	fi
fi

# An AFL++-instrumented target: its coverage map (the SysV segment named by
# __AFL_SHM_ID) is mapped into the copies, so afl-fuzz sees edges.
if ! command -v afl-cc >/dev/null; then
	skip afl-instrumented "afl-cc is not installed (tools/setup.sh installs afl++)"
elif ! AFL_QUIET=1 afl-cc -O1 -fstack-protector-all -o target-afl \
	"$TESTS/scripts/progs/fuzz_target.c" >afl-cc.log 2>&1; then
	skip afl-instrumented "afl-cc cannot build here: $(tail -n 1 afl-cc.log)"
else
	AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
		AFL_BENCH_UNTIL_CRASH=1 timeout -s INT 60 afl-fuzz -m none -t 2000 -V 30 -i seeds \
		-o findings-cov -- "$SBX" run --fork-server ./target-afl >afl-cov.log 2>&1
	plot=$(find findings-cov -name plot_data | head -n 1)
	edges=$(tail -n 1 "$plot" 2>/dev/null | awk -F', ' '{print $13}')
	check afl-instrumented-edges "edges_found ${edges:-none}: $(grep -a 'ABORT\|\[-\]' afl-cov.log | head -n 3)" \
		test "${edges:-0}" -gt 1
	crash=$(find findings-cov -path '*crashes/id:*' -type f | head -n 1)
	check afl-instrumented-crash "no crash: $(tail -n 3 afl-cov.log)" test -n "$crash"
fi
finish
