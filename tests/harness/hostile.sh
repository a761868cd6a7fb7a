# The hostile-guest tests (sourced by tests/run, which defines run, record,
# selected, report_value, keep_logs and the problems array).
#
# A test is a C program tests/hostile/NAME.c that tries to escape the sandbox
# or to harm the host.  It runs only under sbx (never natively), from an
# empty host directory holding one canary file, and passes when:
#   - sbx exits with the status the test expects (`//! expect: N`, default
#     0) and was not killed by a signal;
#   - sbx's stderr holds no sanitizer report (AddressSanitizer,
#     LeakSanitizer, UndefinedBehaviorSanitizer's "runtime error");
#   - no process it started survives it (supervise checks);
#   - the host is unchanged where a guest would leave a trace: no file whose
#     name holds the run's mark ($SBX_HOSTILE_MARK, given to the guest; it
#     names everything it tries to create after it) in /, /tmp, /var/tmp,
#     /root, /dev/shm, the run's directory or the harness's scratch
#     directory, and the canary file and the run's directory as they were.
#
# Directives (`//! KEY: VALUE`): `args` (arguments, split at spaces),
# `expect` (sbx's exit status as a shell shows it), `sbx` (options of sbx
# run before the program), `asan: yes` (run under the AddressSanitizer and
# UndefinedBehaviorSanitizer build of sbx, $SBX_ASAN, when there is one).

hostile_tests()
{
	local src
	for src in "$top"/tests/hostile/*.c; do
		[ -e "$src" ] || continue
		hostile_test "$src"
	done
}

# hostile_traces MARK DIR...: prints host files whose name holds MARK.
hostile_traces()
{
	local mark=$1
	shift
	local d
	for d in "$@"; do
		[ -d "$d" ] || continue
		find "$d" -maxdepth 2 -name "*$mark*" -print 2>/dev/null
	done
}

hostile_test()
{
	local src=$1 name line key val
	name=$(basename -- "$src" .c)
	local args=() sbx_opts=() expect=0 asan=no bad=""
	while IFS= read -r line; do
		key=${line#//! }
		key=${key%%:*}
		val=${line#*:}
		val=${val# }
		case $key in
		args) read -r -a args <<<"$val" ;;
		sbx) read -r -a sbx_opts <<<"$val" ;;
		expect) expect=$val ;;
		asan) asan=$val ;;
		*) bad="unknown directive '$line'" ;;
		esac
	done < <(grep '^//! ' -- "$src")

	local plats=(ptrace) p any=0
	[ -n "${platforms+x}" ] && plats=("${platforms[@]}")
	for p in "${plats[@]}"; do
		selected "$(hostile_id "$name" "$p")" && any=1
	done
	[ "$any" -eq 1 ] || return 0
	if [ -n "$bad" ]; then
		record "hostile/$name" fail "$bad"
		return
	fi
	local bdir=$scratch/hostile bin=$scratch/hostile/$name
	mkdir -p -- "$bdir"
	if ! gcc -static -O1 -g -pthread -Wall -Wextra -Werror -o "$bin" "$src" \
		>"$bin.build-log" 2>&1; then
		record "hostile/$name" fail "build failed" "$bin.build-log"
		return
	fi
	local sbx_bin=$sbx
	if [ "$asan" = yes ] && [ -n "${SBX_ASAN:-}" ] && [ -x "$SBX_ASAN" ]; then
		sbx_bin=$SBX_ASAN
	fi
	for p in "${plats[@]}"; do
		local id
		id=$(hostile_id "$name" "$p")
		selected "$id" || continue
		hostile_run "$id" "$bin" "$sbx_bin" "$p" "$expect" "${sbx_opts[@]}" -- "${args[@]}"
	done
}

# hostile_id NAME PLATFORM: the test id (the platform is named unless ptrace).
hostile_id()
{
	if [ "$2" = ptrace ]; then
		echo "hostile/$1"
	else
		echo "hostile/$1/$2"
	fi
}

# hostile_run ID BIN SBX PLATFORM EXPECT [SBX_OPTS...] -- [ARGS...]
hostile_run()
{
	local id=$1 bin=$2 sbx_bin=$3 plat=$4 expect=$5
	shift 5
	local opts=()
	while [ "$1" != -- ]; do
		opts+=("$1")
		shift
	done
	shift
	local w=$scratch/work/${id//\//_} mark
	mark=sbxmark$$x$RANDOM$RANDOM
	rm -rf -- "$w"
	mkdir -p -- "$w/dir"
	cp -- "$bin" "$w/dir/"
	echo "canary $mark" >"$w/dir/canary"
	local before
	before=$(cd -- "$w/dir" && ls -lA --time-style=+%s)
	problems=()
	run "$w/dir" "$w/sbx.out" "$w/sbx.err" "$w/sbx.report" /dev/null file file \
		"SBX_HOSTILE_MARK=$mark" -- "$sbx_bin" run --platform="$plat" "${opts[@]}" \
		"./$(basename -- "$bin")" "$@"
	local st sig left traces
	st=$(report_value "$w/sbx.report" status)
	sig=$(report_value "$w/sbx.report" signaled)
	if grep -q '^timeout' -- "$w/sbx.report"; then
		problems+=("timed out after ${timeout}s")
	elif [ -n "$sig" ]; then
		problems+=("sbx itself was killed by signal $sig")
	elif [ "$st" != "$expect" ]; then
		problems+=("exit status ${st:-?}, expected $expect")
	fi
	left=$(sed -n 's/^leftover //p' -- "$w/sbx.report" | tr '\n' ' ')
	[ -n "$left" ] && problems+=("processes left behind: $left")
	if grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:' -- "$w/sbx.err"; then
		problems+=("sanitizer report from sbx")
	fi
	traces=$(hostile_traces "$mark" / /tmp /var/tmp /root /dev/shm "$w/dir" "$scratch" |
		grep -v -- "^$w/sbx\." | head -n 5)
	[ -n "$traces" ] && problems+=("host files made by the guest: $(echo $traces)")
	grep -qx "canary $mark" -- "$w/dir/canary" || problems+=("the canary file changed")
	[ "$before" = "$(cd -- "$w/dir" && ls -lA --time-style=+%s)" ] ||
		problems+=("the run's directory changed")
	if [ ${#problems[@]} -eq 0 ]; then
		record "$id" pass
	else
		{
			echo "sbx stderr (last lines):"
			grep -v 'unsupported syscall' -- "$w/sbx.err" | tail -n 15
		} >"$w/details"
		keep_logs "$id" "$w"
		record "$id" fail "$(joined)" "$w/details"
	fi
	rm -rf -- "$w"
}
