#!/usr/bin/env python3
"""Check a `sbx run --trace --trace-format=json --summary` file.

    trace_json_check.py JSON OUT

Every line must be one JSON object with the fields README.md documents for
its event; the summary's counts must be those of the syscall events.  OUT
gets the events written back as strace -f -o lines (`PID name(...) = ...`,
`--- SIG ... ---`, `+++ exited with N +++`), so that trace_norm.py can
compare them with the text trace of the same program."""

import json
import sys

COMMON = {'event': str, 'seq': int, 'pid': int, 'tid': int}
FIELDS = {
    'syscall': {'nr': int, 'name': str, 'args': list, 'raw': list, 'ret': (int, type(None)),
                'error': (str, type(None)), 'result': str, 'blocked': bool, 'sentry_ns': int,
                'line': str},
    'signal': {'signal': (str, type(None)), 'siginfo': str},
    'exit': {'status': (int, type(None)), 'signal': (str, type(None)), 'core': bool},
    'stopped': {'signal': (str, type(None))},
    'clone': {'child': int, 'child_pid': int, 'parent_pid': int, 'thread': bool,
              'shares': list, 'copies': list, 'vfork': bool},
    'vfork_release': {'child': int, 'reason': str},
    'exec': {'path': str, 'entry': str, 'interp': (str, type(None)), 'interp_base': str,
             'start': str, 'sp': str, 'stack_top': str, 'brk': str},
    'mm': {'start': str, 'end': str, 'prot': str, 'file': str, 'offset': str, 'pages': int,
           'cow_pages': int},
    'cow': {'start': str, 'end': str, 'pages': int, 'copied': bool, 'file': (str, type(None))},
    'sigframe': {'signal': (str, type(None)), 'handler': str, 'stack': str, 'sp': str,
                 'altstack': bool, 'mask': str, 'restorer': str},
    'sigreturn': {'frame': str, 'rip': str, 'sp': str, 'mask': str},
}
SUMMARY = {'event': str, 'syscalls': list, 'calls': int, 'errors': int, 'sentry_ns': int}


def fail(msg):
    sys.exit('trace_json_check: ' + msg)


def check(obj, fields, where):
    for k, t in fields.items():
        if k not in obj:
            fail('%s: no "%s"' % (where, k))
        if not isinstance(obj[k], t):
            fail('%s: "%s" is %r' % (where, k, obj[k]))


def main():
    src, dst = sys.argv[1:3]
    calls, errors, summary = {}, {}, None
    seq = 0
    out = []
    with open(src) as f:
        for n, line in enumerate(f, 1):
            where = '%s:%d' % (src, n)
            try:
                obj = json.loads(line)
            except ValueError as e:
                fail('%s: not JSON: %s' % (where, e))
            if obj.get('event') == 'summary':
                check(obj, SUMMARY, where)
                summary = obj
                continue
            check(obj, COMMON, where)
            ev = obj['event']
            if ev not in FIELDS:
                fail('%s: unknown event %r' % (where, ev))
            check(obj, FIELDS[ev], where)
            if obj['seq'] != seq + 1:
                fail('%s: seq %d after %d' % (where, obj['seq'], seq))
            seq = obj['seq']
            tid = obj['tid']
            if ev == 'syscall':
                name = obj['name']
                if not obj['line'].startswith(name + '('):
                    fail('%s: line %r is not %s\'s' % (where, obj['line'], name))
                if ', '.join(obj['args']) not in obj['line']:
                    fail('%s: the args do not make the line' % where)
                calls[name] = calls.get(name, 0) + 1
                if obj['error']:
                    errors[name] = errors.get(name, 0) + 1
                out.append('%d %s' % (tid, obj['line']))
            elif ev == 'signal':
                out.append('%d --- %s %s ---' % (tid, obj['signal'], obj['siginfo']))
            elif ev == 'stopped':
                out.append('%d --- stopped by %s ---' % (tid, obj['signal']))
            elif ev == 'exit':
                if obj['signal']:
                    out.append('%d +++ killed by %s%s +++' % (
                        tid, obj['signal'], ' (core dumped)' if obj['core'] else ''))
                else:
                    out.append('%d +++ exited with %d +++' % (tid, obj['status']))
    if summary is None:
        fail('no summary')
    got = {s['name']: s for s in summary['syscalls']}
    for name, c in calls.items():
        if name not in got or got[name]['calls'] != c:
            fail('summary: %s: %s calls, the events say %d' %
                 (name, got.get(name, {}).get('calls'), c))
        if got[name]['errors'] != errors.get(name, 0):
            fail('summary: %s: %d errors, the events say %d' %
                 (name, got[name]['errors'], errors.get(name, 0)))
    with open(dst, 'w') as f:
        f.write('\n'.join(out) + '\n')


main()
