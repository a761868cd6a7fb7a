#!/usr/bin/env bash
# Job control through a real terminal: tmux runs a bash, and keys are typed
# into it as a user would.  Inside sbx, an interactive bash gets its prompt
# and line editing; Ctrl-C ends the foreground job and not the shell; Ctrl-Z
# stops a job that `fg` resumes; a background job reading the terminal, or
# writing it with TOSTOP set, stops; `exit 7` comes out as sbx's status.  From
# outside, Ctrl-Z on `sbx run` of a plain program stops sbx as a job of the
# outer shell and `fg` resumes the program; a window resize reaches the
# program as SIGWINCH.  Each step waits for what the terminal shows (up to
# 30 s); no step depends on how long anything takes.
. "$TESTS/scripts/tap.bash"
for c in tmux python3; do
	if ! command -v "$c" >/dev/null; then
		skip job_control "needs $c"
		finish
	fi
done

sock=sbxjobs$$
tm()
{
	tmux -L "$sock" "$@"
}
trap 'tm kill-server 2>/dev/null' EXIT

# screen: what the terminal shows now.
screen()
{
	tm capture-pane -p -S -200 2>/dev/null
}

# wait_for REGEX [COUNT]: until the screen has COUNT lines (default 1)
# matching REGEX; false after 30 s.
wait_for()
{
	local want=${2:-1} i
	for ((i = 0; i < 300; i++)); do
		[ "$(screen | grep -cE -- "$1")" -ge "$want" ] && return 0
		sleep 0.1
	done
	return 1
}

# step NAME REGEX [COUNT]: ok when the screen comes to show REGEX.
step()
{
	if wait_for "$2" "${3:-1}"; then
		ok "$1"
	else
		not_ok "$1" "the terminal shows:" "$(screen | grep -v '^$' | tail -n 12)"
	fi
}

type_line()
{
	tm send-keys -l -- "$1"
	tm send-keys Enter
}

tm new-session -d -x 100 -y 40 "env -i PATH=$PATH TERM=xterm HOME=$PWD bash --norc --noprofile" ||
	{
		not_ok tmux-start "tmux would not start"
		finish
	}
type_line "PS1='out\$ '; cd $PWD"
step outer-prompt '^out\$'

# An interactive bash inside the sandbox.
type_line "$SBX run bash --norc --noprofile -i"
type_line "PS1='in\$ '; echo inside-\$((6*7))"
step inner-prompt '^inside-42'
type_line "cat"
sleep 0.2
tm send-keys C-c
type_line "echo after-ctrl-c-\$((2+3))"
step ctrl-c-ends-the-job-not-the-shell '^after-ctrl-c-5'
type_line "sleep 1000"
wait_for '^in\$ sleep 1000'
tm send-keys C-z
step ctrl-z-stops-the-job 'Stopped +sleep 1000'
type_line "jobs -l | grep -c Stopped"
step jobs-lists-it '^1$'
type_line "fg"
wait_for '^sleep 1000$'
tm send-keys C-c
type_line "echo resumed-and-ended-\$((3+4))"
step fg-then-ctrl-c '^resumed-and-ended-7'
# A background job that reads the terminal stops (SIGTTIN); with TOSTOP,
# one that writes it (SIGTTOU).  bash's wait returns when the job stops.
type_line "cat & wait %1; echo ttin-status-\$?"
step background-read-stops '^ttin-status-149'
type_line "kill -9 %1; stty tostop; (echo written) & wait %1; echo ttou-status-\$?"
step background-write-stops '^ttou-status-150'
type_line "kill -9 %1; stty -tostop; (echo not-stopped) & wait %1; echo tostop-clear-\$?"
step background-write-without-tostop '^tostop-clear-0'
type_line "exit 7"
type_line "echo status-\$?"
step exit-status-of-sbx '^status-7'

# A plain program: the outer shell's Ctrl-Z stops sbx with it.
type_line "$SBX run sh -c 'cat; echo after-eof-\$((1+1))'"
type_line "typed-before"
step cat-echoes '^typed-before' 2
tm send-keys C-z
step ctrl-z-stops-sbx 'Stopped +.*sbx run sh'
type_line "fg"
type_line "typed-after"
step fg-resumes-the-program '^typed-after' 2
tm send-keys C-d
step eof-after-resume '^after-eof-2'

# SIGWINCH from a resize.
cat >winch.py <<'END'
import signal, sys
signal.signal(signal.SIGWINCH, lambda *a: print("winch", flush=True) or sys.exit(0))
print("ready", flush=True)
signal.pause()
END
type_line "$SBX run python3 winch.py; echo winch-status-\$?"
wait_for '^ready'
tm resize-window -x 90 -y 30
step sigwinch-reaches-the-program '^winch-status-0'
finish
