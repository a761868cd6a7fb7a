#!/usr/bin/env bash
# Real programs that talk through pipes, sockets and a jobserver, run
# natively and under sbx with the same stdout and status: python3 asyncio
# with two subprocesses, python3 -m http.server with a urllib client on
# 127.0.0.1 (--net=none and --net=host), make -j2; the inet guest tests
# under --net=host; and what each --net lets a program reach.
. "$TESTS/scripts/tap.bash"

PY=$(command -v python3)
MAKE=$(command -v make)

# same NAME [SBX OPTIONS...] -- COMMAND...: COMMAND natively and under sbx
# run, each in a directory of its own; ok when stdout and status agree.
same()
{
	local name=$1 opts=()
	shift
	while [ "$1" != -- ]; do
		opts+=("$1")
		shift
	done
	shift
	mkdir -p "$name.n" "$name.s"
	(cd "$name.n" && "$@") >"$name.n.out" 2>"$name.n.err" </dev/null
	local ns=$?
	(cd "$name.s" && "$SBX" run "${opts[@]}" "$@") >"$name.s.out" 2>"$name.s.err" </dev/null
	local ss=$?
	if [ "$ns" = "$ss" ] && cmp -s "$name.n.out" "$name.s.out"; then
		ok "$name"
	else
		not_ok "$name" "status: native $ns, sbx $ss" \
			"$(diff "$name.n.out" "$name.s.out" | head -n 12)" \
			"sbx stderr: $(tail -n 4 "$name.s.err")"
	fi
}

if [ -n "$PY" ]; then
	same asyncio -- "$PY" "$TESTS/scripts/progs/asyncio_pipes.py"
	same http-server -- "$PY" "$TESTS/scripts/progs/http_local.py"
	same http-server-net-host --net=host -- "$PY" "$TESTS/scripts/progs/http_local.py"
else
	skip asyncio "no python3"
	skip http-server "no python3"
	skip http-server-net-host "no python3"
fi
if [ -n "$MAKE" ]; then
	same make-j2 -- "$MAKE" -s -j2 -f "$TESTS/scripts/progs/jobserver.mk"
else
	skip make-j2 "no make"
fi

# The inet guest tests again, on host sockets.
for t in inet_tcp inet_udp; do
	if gcc -static -O2 -I"$TESTS/guest" -o "$t" "$TESTS/guest/$t.c" 2>"$t.build-log"; then
		same "$t-net-host" --net=host -- "$PWD/$t"
	else
		not_ok "$t-net-host" "$(cat "$t.build-log")"
	fi
done

# What is reachable: a listener on the host's loopback, addresses outside.
if [ -n "$PY" ]; then
	"$PY" -c '
import socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(16)
print(s.getsockname()[1], flush=True)
sys.stdout.close()
while True:
    c, _ = s.accept()
    c.close()
' >listener.port &
	listener=$!
	while [ ! -s listener.port ]; do
		sleep 0.05
	done
	port=$(cat listener.port)
	"$SBX" run "$PY" "$TESTS/scripts/progs/netpolicy.py" "$port" >none.out 2>none.err
	want="host listener on 127.0.0.1 ECONNREFUSED
tcp 10.1.2.3:80 ENETUNREACH
tcp 192.0.2.1:443 ENETUNREACH
tcp [2001:db8::1]:80 ENETUNREACH
udp 8.8.8.8:53 ENETUNREACH
udp 127.0.0.1:9 ok"
	check net-none-reaches-only-its-loopback "$(cat none.out none.err)" \
		test "$(cat none.out)" = "$want"
	"$SBX" run --net=host "$PY" "$TESTS/scripts/progs/netpolicy.py" "$port" >host.out 2>host.err
	check net-host-reaches-the-host-listener "$(cat host.out host.err)" \
		test "$(head -n 1 host.out)" = "host listener on 127.0.0.1 ok"
	kill "$listener"
	wait "$listener" 2>/dev/null
else
	skip net-none-reaches-only-its-loopback "no python3"
	skip net-host-reaches-the-host-listener "no python3"
fi
"$SBX" run --net=bogus /bin/true >bogus.out 2>bogus.err
st=$?
check net-option-refuses-other-values "status $st: $(cat bogus.err)" test "$st" = 2
finish
