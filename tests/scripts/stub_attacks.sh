#!/usr/bin/env bash
# Guests that attack their own stub (tests/systrap/), under each
# platform: they jump to the gates with chosen registers, write over every
# stub page they can, forge events in their slots and use the call gate's
# allowlist against the sentry.  Whatever they do, the host stays unharmed:
# no file with the run's mark appears, sbx ends (it is not killed, and it
# leaves no process: the harness checks that), no sanitizer speaks, and the
# attacking program lives to its end.  Under systrap, each attack the guest
# filter or the sentry must stop is seen to be stopped.
. "$TESTS/scripts/tap.bash"

top=$TESTS/..
mark=sbxmark-stub-$$-$RANDOM
export SBX_HOSTILE_MARK=$mark

for prog in gate scribble forge leave; do
	if ! gcc -static -O2 -Wall -Wextra -Werror -mno-red-zone -pthread -I"$top" \
		-o "stub_$prog" "$TESTS/systrap/$prog.c" 2>"stub_$prog.build-log"; then
		not_ok "build-stub_$prog" "$(cat "stub_$prog.build-log")"
		finish
	fi
done

# marked: the files with the run's mark where the attacks aim, on the host.
marked()
{
	find /tmp /var/tmp /dev/shm . -maxdepth 1 -name "*$mark*" 2>/dev/null
}

# attack PLATFORM PROG [ARGS...]: runs ./PROG under sbx; output in
# PROG.PLATFORM.out and .err, the status in st.
attack()
{
	local p=$1 prog=$2
	shift 2
	"$SBX" run --platform="$p" "./$prog" "$@" >"$prog.$p.out" 2>"$prog.$p.err" </dev/null
	st=$?
}

# unharmed NAME PLATFORM PROG: the checks every attack must pass.
unharmed()
{
	local name=$1 p=$2 prog=$3 problems=() found
	[ "$st" -lt 128 ] || problems+=("sbx ended with status $st")
	grep -qx 'hostile: done' "$prog.$p.out" || problems+=("the program did not reach its end")
	found=$(marked)
	[ -z "$found" ] && problems+=() || problems+=("on the host: $found")
	if grep -q 'AddressSanitizer\|LeakSanitizer\|runtime error' "$prog.$p.err"; then
		problems+=("sanitizer: $(grep -m1 'Sanitizer\|runtime error' "$prog.$p.err")")
	fi
	if [ ${#problems[@]} -eq 0 ]; then
		ok "$name"
	else
		not_ok "$name" "${problems[@]}" "$(tail -n 5 "$prog.$p.out")"
		rm -rf -- $found
	fi
}

# stopped NAME PLATFORM PROG LINE...: each LINE is in the program's output.
stopped()
{
	local name=$1 p=$2 prog=$3 line missing=()
	shift 3
	for line in "$@"; do
		grep -qxF -- "$line" "$prog.$p.out" || missing+=("missing: $line")
	done
	if [ ${#missing[@]} -eq 0 ]; then
		ok "$name"
	else
		not_ok "$name" "${missing[@]}"
	fi
}

for p in ptrace systrap; do
	attack "$p" stub_gate
	unharmed "gate-$p" "$p" stub_gate
	attack "$p" stub_scribble
	unharmed "scribble-$p" "$p" stub_scribble
	attack "$p" stub_forge
	unharmed "forge-$p" "$p" stub_forge
	attack "$p" stub_leave "$p"
	unharmed "leave-$p" "$p" stub_leave
done

# Under systrap the gate kills a guest thread (it lacks the sentry's key),
# the call gate too (nothing there is on its list); the clone gate and the
# trace gate give it ENOSYS (SECCOMP_RET_TRACE, and no one traces it),
# followed by an int3 at the clone gate, by a ret at the trace gate.
gate=$(printf '%#x' $((0x7fc000000000)))
call_gate=$(printf '%#x' $((0x7fc000000008)))
clone_gate=$(printf '%#x' $((0x7fc000000050)))
trace_gate=$(printf '%#x' $((0x7fc000000070)))
lines=()
for a in openat mkdirat socket+bind execve "pwrite to the stub's fds"; do
	lines+=("$gate $a: killed by Killed")
	lines+=("$call_gate $a: killed by Killed")
	lines+=("$clone_gate $a: killed by Trace/breakpoint trap")
	lines+=("$trace_gate $a: exited 0")
done
stopped gate-refused systrap stub_gate "${lines[@]}"
stopped forge-refused systrap stub_forge \
	"null frame pointers: killed by Killed" \
	"frame pointers into guest memory: killed by Killed" \
	"misaligned frame pointers: killed by Killed"
stopped leave-noticed systrap stub_leave \
	"exit through the call gate in a thread: killed by Killed" \
	"signals blocked by rt_sigreturn, then SIGUSR1: killed by Killed" \
	"signal stack moved into guest memory: killed by Killed" \
	"futex wake through the call gate: killed by Killed" \
	"futex requeue through the call gate: killed by Killed" \
	"private futex wait through the call gate: killed by Killed"
finish
