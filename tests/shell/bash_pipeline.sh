## shell: bash
# bash -c pipelines and bash's own features: pipefail, PIPESTATUS, arrays,
# [[ ]], process substitution (through /dev/fd), coprocesses, here-strings.
bash -c 'ls /usr/lib | sort | uniq -c | sort -rn | head'
bash -c 'set -o pipefail; true | false | true; echo "pipefail $?"'
bash -c 'true | false | true; echo "PIPESTATUS ${PIPESTATUS[*]}"'
bash -c 'a=(x y z); echo "${#a[@]} ${a[1]} ${a[@]: -1}"'
bash -c '[[ abc == a* ]] && echo glob-match'
bash -c 'diff <(printf "a\nb\n") <(printf "a\nc\n"); echo "diff $?"'
bash -c 'while read -r l; do echo "got $l"; done < <(printf "1\n2\n")'
bash -c 'cat <<< "here string"'
bash -c 'coproc c { read x; echo "co $x"; }; echo hi >&"${c[1]}"; read y <&"${c[0]}"; echo "$y"; wait'
bash -c 'f() { local v=$1; echo "${v^^}"; }; f lower'
bash -c 'echo {1..5} | tr " " "+" | bc 2>/dev/null || echo $((1+2+3+4+5))'
bash -c 'shopt -s nullglob; x=(/nonexistent*); echo "${#x[@]}"'
bash -c 'exec 3> out.txt; echo fd3 >&3; exec 3>&-; cat out.txt; rm out.txt'
bash -c '(exit 7) || echo "sub $?"'
bash -c 'trap "echo trapped" EXIT; echo body'
bash -c 'kill -INT $$; echo unreachable'; echo "status $?"
bash -c 'ulimit -n' >/dev/null; echo "ulimit ok"
