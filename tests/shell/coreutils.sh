# coreutils and friends on files in the (sandbox's) current directory.
set -e
mkdir -p w/sub
cd w
for i in 3 1 2; do echo "line $i" > "f$i"; done
cat f1 f2 f3
cat f3 f1 f2 | sort
sort -r f1 f2 f3 | head -n 2
wc -l f1 f2 f3
wc -c < f1
printf '1\n2\n3\n4\n5\n' > nums
head -n 2 nums; tail -n 2 nums; tail -c 4 nums
cp f1 copy && cmp f1 copy && echo "copy same"
cp -r sub sub2 && ls -d sub2
mv copy moved && ls moved && ! ls copy 2>/dev/null
mv f2 sub/ && ls sub
rm f3 && ! test -e f3 && echo "f3 removed"
mkdir -p a/b/c && echo deep > a/b/c/file
find . -type f | sort
find . -name 'f*' -o -name moved | sort
find a -type d | sort
grep -r deep . | sort
grep -c line f1 sub/f2
grep -v 2 nums | tr '\n' ' '; echo
sed 's/line/LINE/' f1
sed -n '2,3p' nums
sed -i 's/1/one/' f1 && cat f1
printf 'b 2\na 1\nc 3\n' | mawk '{ print $2, $1; s += $2 } END { print "total", s }' | sort
printf 'x:y:z\n' | cut -d: -f2
echo hello | tr a-z A-Z
seq 3 | paste -sd+
ln -s f1 link && readlink link && cat link
ln f1 hard && stat -c %h f1
touch -d @0 old && stat -c %Y old
chmod 600 f1 && stat -c %a f1
du -s a >/dev/null && echo "du ok"
ls -R a
rm -r a sub sub2
ls | sort
cd .. && rm -r w && echo done
