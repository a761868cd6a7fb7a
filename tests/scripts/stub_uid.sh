#!/usr/bin/env bash
# The stubs (the host processes that run guest code) run under an
# unprivileged host user when sbx is root: nobody by default, the ids of
# --host-uid otherwise; with no supplementary groups, no capabilities in
# any set, NO_NEW_PRIVS, not dumpable, and no fd but sbx's own.  sbx itself
# keeps neither CAP_SETUID nor CAP_SETGID once confined.  On both
# platforms.  (tests/scripts/fork_server.sh checks that the coverage map of
# a root afl-fuzz still reaches the guest.)
. "$TESTS/scripts/tap.bash"

if [ "$(id -u)" != 0 ]; then
	skip stub-ids "sbx is not run as root here"
	"$SBX" run --host-uid=12345 /bin/true >nonroot.out 2>nonroot.err
	st=$?
	check nonroot-option-refused "status $st: $(cat nonroot.err)" \
		grep -q '^sbx: --host-uid=12345: cannot run the stubs' nonroot.err
	finish
fi

nobody_uid=$(id -u nobody 2>/dev/null || echo 65534)
nobody_gid=$(id -g nobody 2>/dev/null || echo 65534)

# descendants PID: every process below PID, from /proc/PID/task/*/children.
descendants()
{
	local t c
	for t in /proc/"$1"/task/*/children; do
		for c in $(cat "$t" 2>/dev/null); do
			echo "$c"
			descendants "$c"
		done
	done
}

# field PID NAME: the value of NAME in /proc/PID/status, spaces squeezed.
field()
{
	sed -n "s/^$2:[[:space:]]*//p" /proc/"$1"/status 2>/dev/null | tr -s '[:space:]' ' ' |
		sed 's/ $//'
}

# start ARGS...: sbx run ARGS... sleep 30 in the background (pid in
# sbx_pid); waits until its stubs (the template and the program's) have
# finished starting: two of them, each under its seccomp filter.
start()
{
	"$SBX" run "$@" sleep 30 >sleep.out 2>sleep.err &
	sbx_pid=$!
	local i s n
	for ((i = 0; i < 400; i++)); do
		mapfile -t stubs < <(descendants "$sbx_pid")
		n=0
		for s in "${stubs[@]}"; do
			[ "$(field "$s" Seccomp)" = 2 ] && n=$((n + 1))
		done
		[ "${#stubs[@]}" -ge 2 ] && [ "$n" = "${#stubs[@]}" ] && return 0
		sleep 0.05
	done
	return 1
}

# stop: ends the background sbx with SIGTERM, which goes to the program.
stop()
{
	kill -TERM "$sbx_pid" 2>/dev/null
	wait "$sbx_pid" 2>/dev/null
}

# check_stubs NAME PLATFORM UID GID: every stub of the running sbx runs as
# UID:GID in a session of its own and holds nothing more.
check_stubs()
{
	local name=$1 p=$2 uid=$3 gid=$4 s problems=() fds want_fds
	want_fds="240"
	[ "$p" = systrap ] && want_fds="240 241 242"
	for s in "${stubs[@]}"; do
		local got
		got=$(field "$s" Uid)
		[ "$got" = "$uid $uid $uid $uid" ] || problems+=("stub $s: Uid $got")
		got=$(field "$s" Gid)
		[ "$got" = "$gid $gid $gid $gid" ] || problems+=("stub $s: Gid $got")
		got=$(field "$s" Groups)
		[ -z "$got" ] || problems+=("stub $s: Groups $got")
		for c in CapInh CapPrm CapEff CapBnd CapAmb; do
			got=$(field "$s" $c)
			[ "$got" = 0000000000000000 ] || problems+=("stub $s: $c $got")
		done
		got=$(field "$s" NoNewPrivs)
		[ "$got" = 1 ] || problems+=("stub $s: NoNewPrivs $got")
		# Not dumpable: its private /proc files belong to root.
		got=$(stat -c %u:%g /proc/"$s"/mem)
		[ "$got" = 0:0 ] || problems+=("stub $s: /proc/$s/mem owned by $got")
		fds=$(ls /proc/"$s"/fd | sort -n | tr '\n' ' ' | sed 's/ $//')
		[ "$fds" = "$want_fds" ] || problems+=("stub $s: fds $fds")
		got=$(ps -o sid= -p "$s" | tr -d ' ')
		[ "$got" != "$(ps -o sid= -p "$sbx_pid" | tr -d ' ')" ] ||
			problems+=("stub $s: in sbx's session $got")
	done
	if [ ${#problems[@]} -eq 0 ]; then
		ok "$name"
	else
		not_ok "$name" "${problems[@]}"
	fi
}

for p in ptrace systrap; do
	if ! start --platform="$p"; then
		not_ok "nobody-$p" "stubs did not start: $(cat sleep.err)"
		stop
		continue
	fi
	check_stubs "nobody-$p" "$p" "$nobody_uid" "$nobody_gid"
	# sbx itself, confined: no CAP_SETGID (bit 6) nor CAP_SETUID (bit 7).
	eff=$(field "$sbx_pid" CapEff)
	check "sentry-no-setid-caps-$p" "sbx's CapEff $eff" test $((0x$eff & 0xc0)) = 0
	stop

	if ! start --platform="$p" --host-uid=12345:12345; then
		not_ok "chosen-ids-$p" "stubs did not start: $(cat sleep.err)"
		stop
		continue
	fi
	check_stubs "chosen-ids-$p" "$p" 12345 12345
	stop
done

# A name that is no user: a usage error before anything starts.
"$SBX" run --host-uid=nosuchuser /bin/true >nouser.out 2>nouser.err
st=$?
check no-such-user "status $st: $(cat nouser.err)" \
	test "$st" = 2 -a "$(grep -c '^sbx: --host-uid: no such user' nouser.err)" = 1
"$SBX" run --host-uid=0:nosuchgroup /bin/true >nogroup.out 2>nogroup.err
st=$?
check no-such-group "status $st: $(cat nogroup.err)" \
	test "$st" = 2 -a "$(grep -c '^sbx: --host-uid: no such group' nogroup.err)" = 1

# An sbx that is not root keeps its own ids, and refuses the option.
if ! (cd / && setpriv --reuid=12346 --regid=12346 --clear-groups test -x "$SBX") 2>/dev/null; then
	skip nonroot-keeps-ids "$SBX cannot be run as uid 12346 here"
	skip nonroot-option-refused "$SBX cannot be run as uid 12346 here"
else
	(cd / && exec setpriv --reuid=12346 --regid=12346 --clear-groups "$SBX" run \
		/bin/sh -c 'id -u; id -g') >nonroot.out 2>nonroot.err
	check nonroot-keeps-ids "$(cat nonroot.out nonroot.err)" \
		test "$(tr '\n' ' ' <nonroot.out)" = "12346 12346 "
	(cd / && exec setpriv --reuid=12346 --regid=12346 --clear-groups "$SBX" run \
		--host-uid=12346 /bin/true) >nonroot-opt.out 2>nonroot-opt.err
	st=$?
	check nonroot-option-refused "status $st: $(cat nonroot-opt.err)" \
		test "$st" = 2 -a "$(grep -c '^sbx: --host-uid=12346: cannot run the stubs' \
			nonroot-opt.err)" = 1
fi
finish
