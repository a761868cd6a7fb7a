# tar cf then tar xf, inside the sandbox's writable layer (the current
# directory and a directory of /tmp made here).
set -e
mkdir -p src/dir && echo a > src/a && echo b > src/dir/b && ln -s a src/link
chmod 640 src/a
tar cf t.tar src
tar tf t.tar | sort
mkdir out && tar xf t.tar -C out
find out | sort
cat out/src/a out/src/dir/b out/src/link
stat -c '%a %F' out/src/a out/src/link out/src/dir
tmp=$(mktemp -d /tmp/sbx-tar.XXXXXX)
tar czf "$tmp/t.tgz" -C src . && tar xzf "$tmp/t.tgz" -C "$tmp"
ls "$tmp" | sort
diff -r src "$tmp" 2>/dev/null | grep -v t.tgz || true
rm -r "$tmp" src out t.tar
ls -A
echo done
