#!/usr/bin/env bash
# Writes, renames and deletes under sbx, in /tmp and in $HOME, stay in the
# sandbox: the host's files are the same afterwards.
. "$TESTS/scripts/tap.bash"

# holds NAME EXPR [DETAIL]: ok when the shell expression EXPR is true.
holds()
{
	if eval "$2"; then ok "$1"; else not_ok "$1" "${3-}"; fi
}
home=$(mktemp -d /tmp/sbx-home.XXXXXX) || exit 1
keep=$(mktemp /tmp/sbx-keep.XXXXXX) || exit 1
made=/tmp/sbx-made.$$
trap 'rm -rf -- "$home" "$keep" "$made" "$made.2"' EXIT
echo original > "$home/keep"
mkdir "$home/dir" && echo inner > "$home/dir/inner"
echo original > "$keep"
# Names, sizes, modes and contents (not times: reading may change atime).
snapshot()
{
	(cd "$home" && find . -exec stat -c '%n %s %a %F' {} + | sort && cat keep dir/inner)
	stat -c '%s %a' "$keep" && cat "$keep"
}
before=$(snapshot)
out=$(HOME=$home "$SBX" run sh -c '
	set -e
	echo changed > "$HOME/keep"
	mv "$HOME/keep" "$HOME/renamed"
	rm "$HOME/dir/inner" && rmdir "$HOME/dir"
	mkdir "$HOME/new" && echo n > "$HOME/new/f" && chmod 700 "$HOME/new"
	cd && echo relative > rel
	echo changed >> "$1" && chmod 600 "$1" && mv "$1" "$2.2"
	echo made > "$2" && rm "$2.2"
	ls -A "$HOME" | sort | tr "\n" " "
	cat "$2"
' sh "$keep" "$made")
status=$?
holds sbx-run-exited-0 '[ "$status" = 0 ]' "out: ${out-}"
holds the-sandbox-saw-its-own-changes '[ "$out" = "new rel renamed made" ]' "out: ${out-}"
holds home-unchanged-on-the-host '[ "$before" = "$(snapshot)" ]' "out: ${out-}"
holds no-new-file-in-tmp '! [ -e "$made" ] && ! [ -e "$made.2" ]' "out: ${out-}"
holds nothing-added-to-home '[ "$(ls -A "$home" | tr "\n" " ")" = "dir keep " ]' "out: ${out-}"
finish
