#!/usr/bin/env bash
# sbx run's limits: each fires as described on a guest that goes past it,
# and none fires on one that stays under it; --report tells which did.
. "$TESTS/scripts/tap.bash"
build limits

# go NAME [SBX OPTIONS...] -- ARGS...: runs ./limits under sbx; its stdout
# in NAME.out, stderr in NAME.err, the status in st, the report NAME.json.
go()
{
	local name=$1
	shift
	local opts=()
	while [ "$1" != -- ]; do
		opts+=("$1")
		shift
	done
	shift
	"$SBX" run "${opts[@]}" --report "$name.json" ./limits "$@" >"$name.out" 2>"$name.err" </dev/null
	st=$?
}

# expect NAME STATUS LIMIT [STDOUT]: the status, the report's limit (null
# for none) and, if given, the whole stdout.
expect()
{
	local name=$1 want_st=$2 want_limit=$3 want_out=${4-}
	local limit problems=()
	limit=$(json "$name.json" 'j["limit"] or "null"')
	[ "$st" = "$want_st" ] || problems+=("status $st, expected $want_st")
	[ "$limit" = "$want_limit" ] || problems+=("report limit $limit, expected $want_limit")
	if [ $# -ge 4 ] && [ "$(cat "$name.out")" != "$want_out" ]; then
		problems+=("stdout: $(head -c 300 "$name.out")" "expected: $want_out")
	fi
	if [ ${#problems[@]} -eq 0 ]; then
		ok "$name"
	else
		not_ok "$name" "${problems[@]}" "stderr: $(tail -n 3 "$name.err")"
	fi
}

# The memory file's cap: mmap (and brk) refuse memory past it...
go memory-mmap --memory 64M -- mmap 128
expect memory-mmap 3 memory "$(grep -o 'malloc failed after [0-9]* MiB' memory-mmap.out)"
grep -q 'malloc failed' memory-mmap.out || not_ok memory-mmap-enomem "$(cat memory-mmap.out)"
# ...and a fault that cannot be backed kills the sandbox, with one line.
go memory-fault --memory 64M -- fault 128
expect memory-fault 137 memory ""
check memory-fault-line "$(cat memory-fault.err)" \
	test "$(grep -c '^sbx: memory limit' memory-fault.err)" = 1
check memory-fault-only-line "$(cat memory-fault.err)" test "$(wc -l <memory-fault.err)" = 1
go memory-under --memory 256M -- mmap 32
expect memory-under 0 null "allocated 32 MiB"
go memory-fault-under --memory 256M -- fault 32
expect memory-fault-under 0 null "touched 32 MiB"
peak=$(json memory-under.json 'j["peak_memory_bytes"]')
check memory-peak "peak $peak" test "$peak" -ge $((32 << 20)) -a "$peak" -le $((256 << 20))

# CPU time: SIGXCPU kills a program that does not catch it...
go cpu --cpu-time 0.2 -- spin
expect cpu 152 cpu-time ""
# ...and SIGKILL follows a CPU-second later for one that does.
go cpu-caught --cpu-time 0.2 -- spin-catch
expect cpu-caught 137 cpu-time "caught signal 24"
cpu=$(json cpu-caught.json 'j["cpu_time_s"]')
check cpu-caught-used "cpu_time_s $cpu" python3 -c "import sys; sys.exit(not 1.2 <= $cpu < 30)"
go cpu-under --cpu-time 30 -- out 3
expect cpu-under 0 null "$(printf 'line 0\nline 1\nline 2')"

# Wall clock: every task is killed and sbx exits 124.
go timeout --timeout 0.3 -- sleep 1000
expect timeout 124 timeout ""
go timeout-under --timeout 60 -- sleep 0
expect timeout-under 0 null slept

# Output to the host's stdout and stderr: the rest is dropped, one note.
go output --max-output 100 -- out 100000
expect output 0 output "$(./limits out 100000 | head -c 100)"
check output-note "$(cat output.err)" test "$(grep -c '^sbx: output limit' output.err)" = 1
go output-under --max-output 10M -- out 1000
expect output-under 0 null "$(./limits out 1000)"

# RLIMIT_FSIZE: a write is cut at the limit, the next one gets EFBIG, and
# SIGXFSZ kills unless ignored.
go fsize --max-file-size 1500 -- fsize ignore
expect fsize 0 file-size "$(printf 'write 1: 1000\nwrite 2: 500\nwrite 3: -1 File too large')"
go fsize-signal --max-file-size 1500 -- fsize
expect fsize-signal 153 file-size "$(printf 'write 1: 1000\nwrite 2: 500')"
go fsize-under --max-file-size 1M -- fsize
expect fsize-under 0 null "$(printf 'write 1: 1000\nwrite 2: 1000\nwrite 3: 1000')"

# RLIMIT_NOFILE: fds 0-2 and 7 more.
go fds --max-fds 10 -- fds
expect fds 0 fds "opened 7, then: Too many open files"
go fds-under --max-fds 100000 -- fork 1
expect fds-under 0 null "forked 1"

# --max-tasks: clone fails with EAGAIN past it.
go tasks --max-tasks 3 -- fork 4
expect tasks 0 tasks "$(printf 'fork 3: Resource temporarily unavailable\nforked 2')"

# The report's fields.
go report -- out 2
fields=$(json report.json '",".join(sorted(j))')
check report-fields "$fields" test "$fields" = \
	"cpu_time_s,exit_code,limit,limits_fired,peak_memory_bytes,sbx_exit_status,status,syscalls,wall_time_s"
check report-values "$(cat report.json)" test "$(json report.json \
	'(j["status"], j["exit_code"], j["sbx_exit_status"], j["syscalls"] > 10, j["wall_time_s"] > 0)')" = \
	"exited 0 0 True True"
"$SBX" run --report missing.json ./no-such-program >/dev/null 2>&1
st=$?
check report-not-started "$(cat missing.json 2>&1)" test "$st/$(json missing.json 'j["status"]')" = 127/not-started

# Sizes take K, M and G; nonsense is refused before anything runs.
"$SBX" run --memory 1G --max-output 1k --max-file-size 2M ./limits out 1 >/dev/null 2>&1
check sizes-accepted "status $?" test $? = 0
"$SBX" run --memory 12X ./limits out 1 >/dev/null 2>bad.err
st=$?
check sizes-refused "status $st: $(cat bad.err)" test "$st" = 2
finish
