# stdout is a regular file here (the harness's): truncating it through
# /dev/stdout or ftruncate(1) reaches it, as natively; O_APPEND writes go to
# its end.  The outputs, NUL bytes included, must be the same.
echo hello; truncate -s 2 /dev/stdout
echo; echo world; : > /dev/stdout; echo after-truncation
echo appended >> /dev/stdout
python3 -c 'import os; os.write(1, b"py\n"); os.ftruncate(1, os.lseek(1, 0, 1) - 1); os.write(1, b"!\n")'
stat -L -c %F /dev/stdout
echo hi | (: > /dev/stdin; cat)
chmod 600 /dev/stdout 2>/dev/null; echo "chmod of stdout: $?" >/dev/null
