## shell: busybox sh
# A busybox sh script: loops, functions, subshells, command substitution,
# redirections, here-documents; busybox's own applets.
set -u
count() {
	n=0
	while [ "$n" -lt "$1" ]; do
		n=$((n + 1))
		case $n in
		2) continue ;;
		5) break ;;
		esac
		printf '%s ' "$n"
	done
	echo
	return 3
}
count 9; echo "count returned $?"
for w in alpha beta gamma; do echo "$w"; done | sort -r
( cd /usr; echo "subshell in $(pwd)" ); echo "still in $(basename "$(pwd)")" >/dev/null
v=$(echo outer $(echo inner)); echo "$v"
v=`echo backquotes`; echo "$v"
cat <<EOT
here-doc with $v and $((6 * 7))
EOT
cat <<'EOT'
quoted $v stays
EOT
cat <<-EOT
	tabs stripped
	EOT
{ echo to-file; echo second; } > f.txt
echo appended >> f.txt
wc -l < f.txt
cat f.txt 2>&1 >/dev/null | wc -c
exec 4<f.txt; read -r first <&4; exec 4<&-; echo "first: $first"
cat nosuch 2>/dev/null || echo "missing file: status $?"
busybox sort -n <<EOT | busybox head -n 2
10
9
100
EOT
busybox seq 1 5 | busybox awk '{ s += $1 } END { print "sum", s }'
busybox echo abc | busybox sed 's/b/B/'
busybox mkdir -p d/e && busybox touch d/e/f && busybox find d | busybox sort
busybox rm -r d f.txt
busybox basename /a/b/c.txt .txt
trap 'echo "exit trap"' EXIT
(exit 4); echo "subshell status $?"
i=0; until [ $i -ge 3 ]; do i=$((i + 1)); done; echo "until $i"
set -- a 'b c' d; echo "$# $2"; shift 2; echo "$*"
echo "${UNSET_VAR:-default} ${#v}"
