#!/usr/bin/env bash
# Paths stay in the sandbox's view: an absolute symlink inside a bound
# directory resolves against the sandbox's /, not the host's; ".." from a
# bind's root is the sandbox's parent directory; climbing symlinks stop at
# the sandbox's root; symlink loops give ELOOP.
. "$TESTS/scripts/tap.bash"

# holds NAME EXPR [DETAIL]: ok when the shell expression EXPR is true.
holds()
{
	if eval "$2"; then ok "$1"; else not_ok "$1" "${3-}"; fi
}
d=$(mktemp -d /tmp/sbx-escape.XXXXXX) || exit 1
trap 'rm -rf -- "$d"' EXIT
# The sandbox's root: busybox and an /etc/passwd of its own.
mkdir -p "$d/root/bin" "$d/root/etc" "$d/root/a/b"
cp /bin/busybox "$d/root/bin/" && ln -s busybox "$d/root/bin/sh"
echo "sandbox passwd" > "$d/root/etc/passwd"
# The bound directory, full of links out of it.
b=$d/bound
mkdir -p "$b/sub/deeper"
echo inside > "$b/file"
ln -s /etc/passwd "$b/abs"
ln -s ../../../../../../../../etc/passwd "$b/rel"
ln -s .. "$b/up"
ln -s ../../.. "$b/sub/upup"
ln -s "$d/secret" "$b/hostpath"
echo "host secret" > "$d/secret"
ln -s loop2 "$b/loop1" && ln -s loop1 "$b/loop2"
ln -s self "$b/self"
run()
{
	"$SBX" run --root "$d/root" --setenv PATH /bin --bind "$b" /a/b/bound sh -c "$1" 2>&1
}
holds absolute-symlink-the-sandbox-s-etc-passwd '[ "$(run "cat /a/b/bound/abs")" = "sandbox passwd" ]' "out: ${out-}"
holds climbing-relative-symlink-stops-at-the-sandbox-s '[ "$(run "cat /a/b/bound/rel")" = "sandbox passwd" ]' "out: ${out-}"
holds a-symlink-to-at-the-bind-s-root-is-the-sandbox-s-a-b '[ "$(run "cd /a/b/bound/up && pwd -P && busybox ls")" = "/a/b
bound" ]' "out: ${out-}"
holds from-the-bind-s-root '[ "$(run "cd /a/b/bound/.. && busybox ls && cd ../.. && pwd -P")" = "bound
/" ]' "out: ${out-}"
holds from-a-subdirectory-symlink '[ "$(run "busybox readlink -f /a/b/bound/sub/upup; busybox ls /a/b/bound/sub/upup/")" = "/a
b" ]' "out: ${out-}"
holds a-host-path-symlink-does-not-reach-the-host '[ "$(run "cat /a/b/bound/hostpath || echo unreachable")" != "host secret" ]' "out: ${out-}"
holds symlink-loops-eloop '[ "$(run "cat /a/b/bound/loop1; cat /a/b/bound/self")" = "cat: can'"'"'t open '"'"'/a/b/bound/loop1'"'"': Too many levels of symbolic links
cat: can'"'"'t open '"'"'/a/b/bound/self'"'"': Too many levels of symbolic links" ]' "out: ${out-}"
holds the-bind-itself-works '[ "$(run "cat /a/b/bound/file")" = inside ]' "out: ${out-}"
# Without --root: the sandbox's /etc/passwd is the host's under the
# overlay; a write to it in the sandbox is what the link shows.
out=$("$SBX" run --bind "$b" /mnt/bound sh -c 'echo changed-in-sandbox > /etc/passwd; cat /mnt/bound/abs /mnt/bound/rel')
holds absolute-symlink-in-the-default-view '[ "$out" = "changed-in-sandbox
changed-in-sandbox" ]' "out: ${out-}"
holds the-host-s-etc-passwd-is-untouched '! grep -q changed-in-sandbox /etc/passwd' "out: ${out-}"
finish
