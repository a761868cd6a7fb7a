#!/usr/bin/env bash
# sbx run's file tree and environment options, and their errors: set-up
# failures exit with 126 and a `sbx:` line before anything runs.
. "$TESTS/scripts/tap.bash"

# holds NAME EXPR [DETAIL]: ok when the shell expression EXPR is true.
holds()
{
	if eval "$2"; then ok "$1"; else not_ok "$1" "${3-}"; fi
}
d=$(mktemp -d /tmp/sbx-opts.XXXXXX) || exit 1
trap 'rm -rf -- "$d"' EXIT

# --tmpfs: empty, writable, mode 0755, owned by the user.
out=$("$SBX" run --tmpfs /usr/share sh -c 'ls -A /usr/share | wc -l; stat -c "%a %u" /usr/share; echo x > /usr/share/f && cat /usr/share/f')
holds tmpfs '[ "$out" = "0
755 $(id -u)
x" ]' "out: ${out-}"
# A missing mount point is made, through its missing parents.
out=$("$SBX" run --tmpfs /no/such/dir sh -c 'stat -c %F /no/such/dir; ls /no/such')
holds missing-mount-points-are-created '[ "$out" = "directory
dir" ]' "out: ${out-}"
# --chdir, and PWD follows it.
out=$("$SBX" run --chdir /usr/share sh -c 'pwd; echo "$PWD"; /bin/pwd')
holds chdir '[ "$out" = "/usr/share
/usr/share
/usr/share" ]' "out: ${out-}"
out=$(cd /usr && "$SBX" run /bin/pwd)
holds the-start-directory-is-sbx-s-own-by-default '[ "$out" = /usr ]' "out: ${out-}"
# The environment options, in order.
out=$(A=1 B=2 "$SBX" run --setenv C 3 --unsetenv A --setenv B 22 /usr/bin/env | grep -E '^(A|B|C)=' | sort)
holds setenv-and-unsetenv '[ "$out" = "B=22
C=3" ]' "out: ${out-}"
out=$("$SBX" run --clearenv --setenv ONLY 1 /usr/bin/env)
holds clearenv '[ "$out" = "ONLY=1" ]' "out: ${out-}"
out=$("$SBX" run --clearenv --setenv X y -- /usr/bin/env 2>/dev/null; echo "status $?")
holds ends-the-options '[ "$out" = "X=y
status 0" ]' "out: ${out-}"

# --root: a host directory as /, writable in memory only; /dev and /proc
# are the sandbox's; the program is looked up on the guest's PATH in it.
mkdir -p "$d/root/bin" "$d/root/etc"
cp /bin/busybox "$d/root/bin/" && ln -s busybox "$d/root/bin/sh" && ln -s busybox "$d/root/bin/ls" &&
	ln -s busybox "$d/root/bin/cat"
echo "root's own" > "$d/root/etc/motd"
out=$("$SBX" run --root "$d/root" --setenv PATH /bin sh -c 'cat /etc/motd; ls /; echo new > /etc/new; cat /etc/new; ls /dev/null /proc/self/fd/0')
holds root '[ "$out" = "root'"'"'s own
bin
dev
etc
proc
new
/dev/null
/proc/self/fd/0" ]' "out: ${out-}"
holds root-writes-stay-in-the-sandbox '! [ -e "$d/root/etc/new" ] && ! [ -e "$d/root/dev" ]' "out: ${out-}"
out=$("$SBX" run --root "$d/root" --clearenv sh -c 'echo "PATH=${PATH-unset}"' 2>&1)
holds root-finds-sh-on-the-default-path '[ "$out" = "PATH=unset" ] || [ "${out#PATH=}" != "$out" ]' "out: ${out-}"

# Set-up errors: status 126 and a `sbx:` line naming the option; nothing ran.
# errcheck NAME WANT OPTIONS...: sbx run with OPTIONS fails with 126 and a
# `sbx:` line containing WANT, and the program never ran.
errcheck()
{
	local name=$1 want=$2
	shift 2
	local err st
	err=$("$SBX" run "$@" sh -c 'echo ran > '"$d"'/ran' 2>&1 >/dev/null)
	st=$?
	holds "$name" '[ "$st" = 126 ] && [ "${err#sbx: }" != "$err" ] && [ "${err#*"$want"}" != "$err" ] && ! [ -e "$d/ran" ]' \
		"status $st, stderr: $err"
}
errcheck bind-missing-source "--bind $d/nope /mnt: $d/nope: No such file or directory" --bind "$d/nope" /mnt
errcheck ro-bind-missing-source "No such file or directory" --ro-bind "$d/nope" /mnt
errcheck root-missing-directory "--root $d/nope: No such file or directory" --root "$d/nope"
errcheck root-of-a-file "Not a directory" --root /bin/busybox
errcheck chdir-missing-directory "--chdir /no/such: No such file or directory" --chdir /no/such
errcheck chdir-to-a-file "Not a directory" --chdir /bin/busybox
errcheck directory-over-a-file "Not a directory" --bind "$d" /bin/busybox
errcheck mount-point-under-ro-bind "Read-only file system" --ro-bind "$d/root" /r --tmpfs /r/new
# Usage errors: status 2.
"$SBX" run --bind /tmp 2>/dev/null
holds bind-without-dst-is-a-usage-error '[ $? = 2 ]' "out: ${out-}"
"$SBX" run --setenv A 2>/dev/null
holds setenv-without-value-is-a-usage-error '[ $? = 2 ]' "out: ${out-}"
"$SBX" run --setenv A=B c true 2>/dev/null
holds setenv-of-a-name-with-is-a-usage-error '[ $? = 2 ]' "out: ${out-}"
# A program that is not in the sandbox's view.
"$SBX" run --root "$d/root" --setenv PATH /bin gcc 2>/dev/null
holds a-program-missing-in-the-sandbox-127 '[ $? = 127 ]' "out: ${out-}"
finish
