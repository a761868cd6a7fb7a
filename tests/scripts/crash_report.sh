#!/usr/bin/env bash
# --crash-report: the report's fields for SIGSEGV, SIGFPE, SIGABRT and
# SIGILL, symbolised backtraces, and a crash id that depends on where the
# crash happened, not on where the program was loaded.
. "$TESTS/scripts/tap.bash"
build crash

# crash NAME ARGS...: runs ./crash ARGS under sbx with a report in NAME.json.
crash()
{
	local name=$1
	shift
	rm -f "$name.json"
	"$SBX" run --crash-report "$name.json" ./crash "$@" >"$name.out" 2>"$name.err"
	st=$?
}

# expect NAME WANT EXPR: ok when the Python EXPR on the report prints WANT.
expect()
{
	local got
	got=$(json "$1.json" "$3")
	if [ "$got" = "$2" ]; then
		ok "$1-$4"
	else
		not_ok "$1-$4" "$3: got $got, expected $2"
	fi
}

# The backtrace's functions from the top, as far as main.
frames='" ".join(f.get("symbol", "?") for f in j["backtrace"][:[f.get("symbol") for f in j["backtrace"]].index("main") + 1])'

crash segv segv
check segv-status "status $st" test "$st" = 139
expect segv "11 SIGSEGV 1 SEGV_MAPERR 0x0" \
	'j["signal"], j["signal_name"], j["si_code"], j["si_code_name"], j["fault_address"]' fields
expect segv "True" 'set(j["registers"]) >= {"rip", "rsp", "rbp", "rax", "eflags", "fs_base"}' registers
expect segv "True" 'j["instruction"].startswith(" ".join("%02x" % b for b in open("crash", "rb").read()[int(j["backtrace"][0]["offset"], 16):][:4]))' instruction
expect segv "crash_here level2 level1 main" "$frames" backtrace
expect segv "True" 'j["backtrace"][0]["module"].endswith("/crash") and j["backtrace"][0]["found_by"] == "ip"' module
expect segv "True" 'any(l.endswith("/crash") for l in j["maps"]) and any("libc.so" in l for l in j["maps"])' maps
expect segv "True" '0 < len(j["last_syscalls"]) <= 64' ring-size
expect segv "getpid True" '[(s["name"], s["ret"] == j["pid"]) for s in j["last_syscalls"] if s["name"] == "getpid"][-1]' ring-getpid
expect segv "True" 'len(j["crash_id"]) == 16 and int(j["crash_id"], 16) >= 0' crash-id
id1=$(json segv.json 'j["crash_id"]')

crash fpe fpe
check fpe-status "status $st" test "$st" = 136
expect fpe "8 SIGFPE FPE_INTDIV True" \
	'j["signal"], j["signal_name"], j["si_code_name"], j["fault_address"] == j["registers"]["rip"]' fields
expect fpe "f7" 'j["instruction"][:2]' idiv
expect fpe "crash_here level2 level1 main" "$frames" backtrace

crash abort abort
check abort-status "status $st" test "$st" = 134
expect abort "6 SIGABRT SI_TKILL None" \
	'j["signal"], j["signal_name"], j["si_code_name"], j["fault_address"]' fields
expect abort "True" \
	'[f.get("symbol") for f in j["backtrace"]].index("abort") < [f.get("symbol") for f in j["backtrace"]].index("crash_here") < [f.get("symbol") for f in j["backtrace"]].index("main")' backtrace

crash ill ill
expect ill "4 ILL_ILLOPN 0f 0b" 'j["signal"], j["si_code_name"], j["instruction"][:5]' fields

# A call through a null pointer: the top frame is unmapped, the caller is
# found on the stack.
crash call0 call0
expect call0 "0x0 crash_here" 'j["registers"]["rip"], j["backtrace"][1].get("symbol")' frames

# The id: the same for the same crash, from another directory too (module
# names without their directory), different for a crash elsewhere.
crash again segv
check crash-id-stable "$id1 vs $(json again.json 'j["crash_id"]')" \
	test "$id1" = "$(json again.json 'j["crash_id"]')"
mkdir -p elsewhere && cp crash elsewhere/
(cd elsewhere && "$SBX" run --crash-report ../moved.json ./crash segv >/dev/null 2>&1)
check crash-id-moved "$id1 vs $(json moved.json 'j["crash_id"]')" \
	test "$id1" = "$(json moved.json 'j["crash_id"]')"
crash other segv other
check crash-id-differs "both $id1" test "$id1" != "$(json other.json 'j["crash_id"]')"

# A static program: symbols from its own .symtab.
build crash -static
crash static abort
expect static "True" '{"abort", "crash_here", "main"} <= {f.get("symbol") for f in j["backtrace"]}' symbols

# No crash, no report.
crash none none
check no-crash-no-report "status $st, $(ls none.json 2>&1)" test "$st" = 0 -a ! -e none.json
finish
