#!/usr/bin/env bash
# Signals sent to sbx on the host reach the program inside as they would
# reach it natively: SIGINT, SIGQUIT and SIGWINCH as from the terminal
# (SI_KERNEL), SIGTERM and SIGHUP as from outside the sandbox (SI_USER, pid
# 0).  A program that ignores SIGTERM is killed --kill-after seconds later.
# (tests/scripts/job_control.sh covers Ctrl-C and Ctrl-Z on a terminal.)
. "$TESTS/scripts/tap.bash"
build sigwait_report

# start OUT [SBX OPTIONS...] -- [ARGS...]: sbx runs the program in the
# background with stdout to OUT; waits until it prints "ready".
start()
{
	local out=$1
	shift
	local opts=()
	while [ "$1" != -- ]; do
		opts+=("$1")
		shift
	done
	shift
	"$SBX" run "${opts[@]}" ./sigwait_report "$@" >"$out" 2>"$out.err" &
	sbx_pid=$!
	local i
	for ((i = 0; i < 600; i++)); do
		grep -q ready "$out" 2>/dev/null && return 0
		sleep 0.05
	done
	return 1
}

# Terminal signals, one after another, then SIGTERM ends it.
start term.out -- || not_ok started "no ready line" "$(cat term.out.err)"
for s in INT QUIT WINCH; do
	kill -"$s" "$sbx_pid"
	for ((i = 0; i < 600; i++)); do
		grep -q "got SIG$s" term.out && break
		sleep 0.05
	done
done
kill -TERM "$sbx_pid"
wait "$sbx_pid"
st=$?
for s in INT QUIT WINCH; do
	check "sig$s-reaches-the-program" "$(cat term.out)" grep -qx "got SIG$s code 128 pid 0" term.out
done
check sigterm-reaches-the-program "$(cat term.out)" grep -qx "got SIGTERM code 0 pid 0" term.out
check sigterm-handler-status "status $st" test "$st" = 3

# SIGHUP goes to the program too.
start hup.out -- || not_ok started-hup "no ready line"
kill -HUP "$sbx_pid"
wait "$sbx_pid"
st=$?
check sighup-reaches-the-program "status $st: $(cat hup.out)" test "$st" = 4

# A program that ignores SIGTERM: killed after --kill-after.
start ignore.out --kill-after=0.2 -- ignore-term || not_ok started-ignore "no ready line"
kill -TERM "$sbx_pid"
wait "$sbx_pid"
st=$?
check kill-after-kills "status $st" test "$st" = 137
check kill-after-says-so "$(cat ignore.out.err)" grep -q "did not exit .* after SIGTERM" ignore.out.err
check bad-kill-after "" sh -c '! "$SBX" run --kill-after=soon /bin/true 2>/dev/null'
finish
