#!/usr/bin/env python3
"""Normalise an `strace -f -o` or `sbx run --trace -o` file for comparison.

    trace_norm.py [--skip NAME]... [--drop REGEX]... FILE

Prints, for each process in order of creation, its lines in order:

  pid P1.2:
    write(1, "hi\\n", 3) = 3
    ...

so that the native and the sbx runs of a program can be compared line by
line although pids, addresses, timings and the interleaving of processes
differ.  In detail:

- the `PID ` / `[pid N] ` prefixes become per-process sections; a line is
  the task's own;
- a line cut by `<unfinished ...>` is joined with its `<... NAME resumed>`
  end (`... <unfinished ...>) = ?` of a task killed in a syscall keeps just
  `) = ?`), and the padding before ` = ` goes;
- pids become names by descent: the first process is P1, the second child
  P1 makes P1.2's sibling... (`P1.1`, `P1.2`, `P1.1.1`), wherever a pid
  shows: the prefix, the results of clone/fork/vfork/clone3, getpid,
  gettid, getppid, set_tid_address, wait4..., the pid arguments of kill,
  tgkill, wait4, waitid..., `si_pid=` and `parent_tid=[...]`; a pid that is
  none of the run's (the parent of the first process) becomes `P?`;
- an address (0x and 6 or more hex digits) becomes 0xADDR;
- what differs by nature: the bytes of getrandom, the times of clock_gettime,
  gettimeofday, time, times (and whether a clock_t is 0, which decides
  strace's `/* 0.01 s */` after it) and getitimer, the remaining time of an
  interrupted sleep and the time a poll or select had left;
- dropped: lines of syscalls given with --skip (rseq always: sbx refuses it
  on purpose), lines matching a --drop regex, sbx's own `=== ... ===`
  lines, strace's own messages, `--- SIGCHLD` lines (where they fall
  depends on timing, and sbx does not show the ones its sentry discards
  because SIGCHLD is ignored), and the delivery line of a signal that
  kills (`--- SIGTERM ...` before `+++ killed by SIGTERM +++`: sbx's
  sentry kills at once, as the kernel does for an untraced process).
"""

import re
import sys

PREFIX = re.compile(r'^(?:\[pid\s+(\d+)\] |(\d+)\s+)')
RESUMED = re.compile(r'^<\.\.\. ([a-z0-9_]+) resumed>(.*)$')
ADDR = re.compile(r'0x[0-9a-fA-F]{6,}')

PID_RESULT = {'clone', 'clone3', 'fork', 'vfork', 'getpid', 'gettid', 'getppid', 'getpgid',
              'getpgrp', 'getsid', 'setsid', 'set_tid_address', 'wait4', 'waitid'}
# name -> indexes of the arguments that are pids
PID_ARGS = {'kill': [0], 'tkill': [0], 'tgkill': [0, 1], 'wait4': [0], 'setpgid': [0, 1],
            'getpgid': [0], 'getsid': [0], 'rt_sigqueueinfo': [0], 'rt_tgsigqueueinfo': [0, 1],
            'pidfd_open': [0], 'sched_getaffinity': [0], 'sched_setaffinity': [0],
            'prlimit64': [0], 'get_robust_list': [0], 'waitid': [1]}
TIMES = {'clock_gettime', 'gettimeofday', 'time', 'times', 'getitimer', 'timer_gettime',
         'timerfd_gettime', 'clock_getres', 'sysinfo', 'getrusage'}


def split_args(s):
    """Top-level arguments of `name(a, b, {c, d})...`: (name, [args], rest)."""
    m = re.match(r'^([a-z0-9_]+)\((.*)$', s)
    if not m:
        return None, [], s
    name, body = m.group(1), m.group(2)
    args, depth, cur, i, quote = [], 0, '', 0, False
    while i < len(body):
        c = body[i]
        if quote:
            cur += c
            if c == '\\' and i + 1 < len(body):
                cur += body[i + 1]
                i += 1
            elif c == '"':
                quote = False
        elif c == '"':
            quote = True
            cur += c
        elif c in '([{':
            depth += 1
            cur += c
        elif c in ')]}':
            if depth == 0:
                args.append(cur)
                return name, args, body[i:]
            depth -= 1
            cur += c
        elif c == ',' and depth == 0:
            args.append(cur)
            cur = ''
            if body[i + 1:i + 2] == ' ':
                i += 1
        else:
            cur += c
        i += 1
    args.append(cur)
    return name, args, ''


class Run:
    def __init__(self, skip, drops):
        self.skip = skip
        self.drops = [re.compile(d) for d in drops]
        self.raw = {}        # pid -> [lines], joined
        self.first = None    # the first process's pid
        self.pending = {}    # pid -> unfinished start
        self.live = []       # pids alive, for lines without a prefix
        self.names = {}      # pid -> name

    # --- pass 1: the lines of each task -----------------------------------
    def feed(self, raw):
        line = raw.rstrip('\n')
        if not line or line.startswith('strace: '):
            return
        m = PREFIX.match(line)
        if m:
            pid = int(m.group(1) or m.group(2))
            line = line[m.end():]
        else:
            pid = self.live[0] if self.live else 0
        if self.first is None:
            self.first = pid
        if pid not in self.raw:
            self.raw[pid] = []
            self.live.append(pid)
        if line.startswith('=== '):
            return
        if line.endswith(' <unfinished ...>'):
            self.pending[pid] = line[:-len(' <unfinished ...>')]
            return
        r = RESUMED.match(line)
        if r and pid in self.pending:
            line = self.pending.pop(pid) + r.group(2)
        line = line.replace(' <unfinished ...>)', ')')
        if line.startswith('+++ exited') or line.startswith('+++ killed'):
            if pid in self.live:
                self.live.remove(pid)
        self.raw[pid].append(line)

    def finish(self):
        for pid, start in self.pending.items():
            self.raw[pid].append(start + ' <unfinished ...>')
        self.pending = {}

    # --- pass 2: names by descent ---------------------------------------------
    def name_tasks(self):
        if self.first is None:
            return
        self.names[self.first] = 'P1'
        queue = [self.first]
        while queue:
            pid = queue.pop(0)
            k = 0
            for line in self.raw.get(pid, []):
                name = re.match(r'^([a-z0-9_]+)\(', line)
                res = re.search(r'\) += (\d+)(?: .*)?$', line)
                if name and name.group(1) in ('clone', 'clone3', 'fork', 'vfork') and res:
                    child = int(res.group(1))
                    if child not in self.names:
                        k += 1
                        self.names[child] = '%s.%d' % (self.names[pid], k)
                        queue.append(child)
        for pid in self.raw:
            if pid not in self.names:
                self.names[pid] = 'P?%d' % len(self.names)

    def pidname(self, s):
        try:
            v = int(s)
        except ValueError:
            return s
        if v <= 0:
            return s
        return self.names.get(v, 'P?')

    def norm(self, line):
        line = re.sub(r'\) +(= .*)$', r') \1', line)
        if line.startswith('--- SIGCHLD '):
            return None
        name, args, rest = split_args(line)
        if name in self.skip or name == 'rseq':
            return None
        res = re.search(r'\) = (\d+)(?: .*)?$', line)
        if name:
            for i in PID_ARGS.get(name, []):
                if i < len(args) and (name != 'waitid' or args[0] == 'P_PID'):
                    args[i] = self.pidname(args[i])
            if name in TIMES:
                # a clock_t of 0 has no `/* S.FF s */` after it
                args = [re.sub(r' /\* [\d.]+ s \*/', '', a) for a in args]
                args = [re.sub(r'\d+', 'N', a) if '{' in a or '[' in a else a for a in args]
                if name in ('time', 'times'):
                    rest = re.sub(r'= \d+.*$', '= N', rest)
            if name == 'getrandom' and args:
                args[0] = '"..."'
            if name in ('nanosleep', 'clock_nanosleep') and 'ERESTART' in rest and args:
                args[-1] = re.sub(r'\d+', 'N', args[-1])
            if name in PID_RESULT and res:
                rest = re.sub(r'= \d+', '= ' + self.pidname(res.group(1)), rest, count=1)
            line = '%s(%s%s' % (name, ', '.join(args), rest)
        line = re.sub(r'si_pid=(\d+)', lambda m: 'si_pid=' + self.pidname(m.group(1)), line)
        line = re.sub(r'parent_tid=\[(\d+)\]',
                      lambda m: 'parent_tid=[' + self.pidname(m.group(1)) + ']', line)
        line = re.sub(r'superseded by execve in pid (\d+)',
                      lambda m: 'superseded by execve in pid ' + self.pidname(m.group(1)), line)
        # The time a poll or select had left depends on timing.
        line = re.sub(r'left \{tv_sec=\d+, (tv_nsec|tv_usec)=\d+\}', r'left {tv_sec=N, \1=N}', line)
        line = ADDR.sub('0xADDR', line)
        for d in self.drops:
            if d.search(line):
                return None
        return line

    def dump(self, out):
        self.name_tasks()
        for pid in sorted(self.raw, key=lambda p: self.names[p]):
            out.write('pid %s:\n' % self.names[pid])
            lines = self.raw[pid]
            for i, l in enumerate(lines):
                # A fatal signal's delivery: sbx's sentry kills at once (the
                # kernel's shortcut, which a ptraced task never takes).
                m = re.match(r'^--- (SIG[A-Z0-9_]+) ', l)
                if m and i + 1 < len(lines) and \
                        lines[i + 1].startswith('+++ killed by %s' % m.group(1)):
                    continue
                n = self.norm(l)
                if n is not None:
                    out.write('  %s\n' % n)


def main():
    skip, drops, files = set(), [], []
    argv = sys.argv[1:]
    while argv:
        a = argv.pop(0)
        if a == '--skip':
            skip.add(argv.pop(0))
        elif a == '--drop':
            drops.append(argv.pop(0))
        else:
            files.append(a)
    if len(files) != 1:
        sys.exit(__doc__)
    run = Run(skip, drops)
    with open(files[0], errors='replace') as f:
        for raw in f:
            run.feed(raw)
    run.finish()
    run.dump(sys.stdout)


main()
