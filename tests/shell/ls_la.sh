# ls -la of a directory that stays the same while the tests run, cut short
# by head (ls may die of SIGPIPE: the pipeline's status is head's).
ls -la /usr/bin | head
ls -la /usr/bin | head -n 3 | wc -l
ls -ld / /usr /usr/bin
ls -l --time-style=+ /bin/sh | cut -c1-10
ls -a /proc/self/fd/ | sort | head -n 3
