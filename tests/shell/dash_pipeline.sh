## shell: dash
# dash -c pipelines over stable directories; sorted so that the directory
# order does not matter.
dash -c 'ls /usr/lib | sort | uniq -c | sort -rn | head'
dash -c 'ls /usr/lib | wc -l' >/dev/null
dash -c 'echo one; echo two' | tac
dash -c 'exit 3'; echo "status $?"
dash -c 'false | true'; echo "status $?"
dash -c 'true | false'; echo "status $?"
dash -c 'kill -TERM $$'; echo "status $?"
printf 'b\na\nc\nb\n' | dash -c 'sort | uniq -c'
dash -c 'cd /usr/share && pwd && cd .. && pwd'
dash -c 'x=$(echo inner); echo "outer $x"'
dash -c 'for i in 3 2 1; do echo $i; done | sort | tr "\n" " "'; echo
dash -c 'echo err >&2' 2>/dev/null; echo "stderr dropped"
dash -c 'read l; echo "read: $l"' <<END
hello there
END
