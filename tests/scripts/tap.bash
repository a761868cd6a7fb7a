# Sourced by the script tests (tests/scripts/*.sh): TAP output and guest
# builds.  The harness runs each script in a scratch directory (the current
# directory) with SBX (the sbx binary), TESTS (the tests/ directory) and
# the usual clean environment; each `ok`/`not ok` line is one test, named
# by its first word.

set -u
tap_n=0

# ok NAME: a passed check.
ok()
{
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1"
}

# not_ok NAME [DETAIL...]: a failed check; each DETAIL is shown under it.
not_ok()
{
	tap_n=$((tap_n + 1))
	echo "not ok $tap_n - $1"
	shift
	local d
	for d in "$@"; do
		printf '%s\n' "$d" | head -n 20 | sed 's/^/  /'
	done
}

# skip NAME REASON
skip()
{
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1 # SKIP $2"
}

# check NAME DETAIL COMMAND...: ok when COMMAND succeeds, else not_ok
# with DETAIL.
check()
{
	local name=$1 detail=$2
	shift 2
	if "$@"; then
		ok "$name"
	else
		not_ok "$name" "$detail"
	fi
}

# build NAME [CFLAGS...]: compiles $TESTS/scripts/progs/NAME.c to ./NAME
# (dynamic, with frame pointers and symbols); exits the script if it fails.
build()
{
	local name=$1
	shift
	if ! gcc -O1 -g -fno-omit-frame-pointer -Wall -Wextra -Werror -pthread "$@" \
		-o "$name" "$TESTS/scripts/progs/$name.c" 2>"$name.build-log"; then
		not_ok "build-$name" "$(cat "$name.build-log")"
		finish
	fi
}

# json FILE EXPR: evaluates the Python expression EXPR with j bound to the
# JSON object in FILE; prints its value (a tuple as its items, spaced).
json()
{
	python3 -c 'import json, sys
j = json.load(open(sys.argv[1]))
v = eval(sys.argv[2])
print(" ".join(map(str, v)) if isinstance(v, tuple) else v)' "$1" "$2" 2>&1
}

# finish: the TAP plan; ends the script.
finish()
{
	echo "1..$tap_n"
	exit 0
}
