## shell: bash
# RLIMIT_CPU (`ulimit -t`): a process past its soft limit of CPU time gets
# SIGXCPU, which kills it (152) or runs its handler.  The loops are bounded
# by timeout(1) so that a limit that never fires ends the test all the same
# (with 137); a second of CPU time is far below those 20 seconds.
ulimit -St 1
timeout -s KILL 20 sh -c 'while :; do :; done'
echo "soft limit: $?"
timeout -s KILL 20 sh -c 'trap "echo SIGXCPU caught; exit 3" XCPU; while :; do :; done'
echo "with a handler: $?"
