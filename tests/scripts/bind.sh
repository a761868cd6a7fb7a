#!/usr/bin/env bash
# --bind: the sandbox's writes reach the host directory (or file), and the
# host's files are seen; --ro-bind: EROFS, the host directory unchanged.
. "$TESTS/scripts/tap.bash"

# holds NAME EXPR [DETAIL]: ok when the shell expression EXPR is true.
holds()
{
	if eval "$2"; then ok "$1"; else not_ok "$1" "${3-}"; fi
}
d=$(mktemp -d /tmp/sbx-bind.XXXXXX) || exit 1
trap 'rm -rf -- "$d"' EXIT
mkdir "$d/rw" "$d/ro"
echo host > "$d/rw/a"
echo host-ro > "$d/ro/a"
echo file > "$d/single"
out=$("$SBX" run --bind "$d/rw" /mnt/rw sh -c '
	set -e
	cat /mnt/rw/a
	echo sbx > /mnt/rw/b
	mv /mnt/rw/a /mnt/rw/a2
	mkdir /mnt/rw/sub && echo s > /mnt/rw/sub/f
	ln -s b /mnt/rw/link
	chmod 600 /mnt/rw/b
	echo gone > /mnt/rw/tmp && rm /mnt/rw/tmp
	cd /mnt/rw && echo rel > rel && ls | sort | tr "\n" " "
')
holds writes-succeeded '[ "$out" = "host
a2 b link rel sub " ]' "out: ${out-}"
holds new-file-on-the-host '[ "$(cat "$d/rw/b")" = sbx ]' "out: ${out-}"
holds rename-on-the-host '[ -e "$d/rw/a2" ] && ! [ -e "$d/rw/a" ]' "out: ${out-}"
holds directory-and-file-on-the-host '[ "$(cat "$d/rw/sub/f")" = s ]' "out: ${out-}"
holds symlink-on-the-host '[ "$(readlink "$d/rw/link")" = b ]' "out: ${out-}"
holds chmod-on-the-host '[ "$(stat -c %a "$d/rw/b")" = 600 ]' "out: ${out-}"
holds removed-on-the-host '! [ -e "$d/rw/tmp" ]' "out: ${out-}"
holds relative-write-through-bind '[ "$(cat "$d/rw/rel")" = rel ]' "out: ${out-}"

out=$("$SBX" run --ro-bind "$d/ro" /mnt/ro sh -c '
	cat /mnt/ro/a
	echo x > /mnt/ro/b 2>/dev/null || echo "write refused"
	rm /mnt/ro/a 2>/dev/null || echo "remove refused"
	touch /mnt/ro/a 2>/dev/null || echo "touch refused"
	python3 -c "import os, errno
try: os.open(\"/mnt/ro/c\", os.O_CREAT | os.O_WRONLY)
except OSError as e: print(errno.errorcode[e.errno])" 2>/dev/null || echo EROFS
')
holds ro-bind-refuses-writes-with-erofs '[ "$out" = "host-ro
write refused
remove refused
touch refused
EROFS" ]' "out: ${out-}"
holds ro-bind-left-the-host-alone '[ "$(ls "$d/ro")" = a ] && [ "$(cat "$d/ro/a")" = host-ro ]' "out: ${out-}"

out=$("$SBX" run --bind "$d/single" /etc/sbx-single sh -c 'cat /etc/sbx-single; echo more >> /etc/sbx-single; stat -c %F /etc/sbx-single')
holds bind-of-a-file '[ "$out" = "file
regular file" ] && [ "$(cat "$d/single")" = "file
more" ]' "out: ${out-}"

# A shared mapping's writes reach the host file once no mapping or file is
# left (without msync), and read() in the sandbox sees them at once.
printf 'aaaaaaaa' > "$d/rw/mapped"
out=$("$SBX" run --bind "$d/rw" /mnt/rw python3 -c '
import mmap, os
fd = os.open("/mnt/rw/mapped", os.O_RDWR)
m = mmap.mmap(fd, 8, mmap.MAP_SHARED)
os.close(fd)
m[0:3] = b"XYZ"
print(open("/mnt/rw/mapped").read())
m.close()
')
holds shared-mapping-writes-reach-the-host '[ "$out" = XYZaaaaa ] && [ "$(cat "$d/rw/mapped")" = XYZaaaaa ]' "out: ${out-}"

# Mounts apply in order: a --tmpfs over the bound directory's subdirectory.
out=$("$SBX" run --bind "$d/rw" /mnt/rw --tmpfs /mnt/rw/sub sh -c 'ls -A /mnt/rw/sub | wc -l; echo t > /mnt/rw/sub/t')
holds tmpfs-over-a-bound-directory-hides-it '[ "$out" = 0 ] && [ "$(ls "$d/rw/sub")" = f ]' "out: ${out-}"
# A --bind over an existing directory hides what the host has there.
out=$("$SBX" run --ro-bind "$d/ro" /usr/share sh -c 'ls /usr/share')
holds ro-bind-over-usr-share '[ "$out" = a ]' "out: ${out-}"
# A bind's mount appears in /proc/self/mounts.
"$SBX" run --bind "$d/rw" /mnt/rw grep -q ' /mnt/rw ' /proc/self/mounts
holds the-mount-is-in-proc-self-mounts '[ $? = 0 ]' "out: ${out-}"
finish
