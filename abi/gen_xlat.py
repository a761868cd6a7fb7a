#!/usr/bin/env python3
"""Generate the trace formatters' value tables from the kernel's headers.

    gen_xlat.py CC SPEC OUT.c OUT.h

SPEC (abi/xlat.txt) lists tables.  A table starts with a line
`[NAME] HEADER...`; the lines after it list the macro names it holds, in
the order the formatters print them (strace's order), and may hold
`/REGEX/` (every macro of the headers whose name matches, sorted by value;
for a value with several names the first in the sort wins unless the
others are excluded, or `+dups` keeps them all) and `-NAME` (leave NAME
out).  A header `=NAME`
defines the feature macro NAME first.  Names the headers do not define are
left out.  No value is typed here: every one comes from
the C compiler, which evaluates each name in a small program that
includes the table's headers (the same way gen_syscalls.sh reads
<asm/unistd_64.h> with `cc -E -dM`)."""

import os
import re
import shlex
import subprocess
import sys
import tempfile


def parse_spec(path):
    tables = []
    cur = None
    with open(path) as f:
        for lineno, line in enumerate(f, 1):
            line = line.split('#', 1)[0].strip()
            if not line:
                continue
            m = re.match(r'^\[(\w+)\]\s*(.*)$', line)
            if m:
                cur = {'name': m.group(1), 'headers': m.group(2).split(),
                       'items': [], 'exclude': set(), 'dups': False}
                tables.append(cur)
                continue
            if cur is None:
                sys.exit(f'{path}:{lineno}: entry outside a table')
            for tok in line.split():
                if tok == '+dups':
                    cur['dups'] = True
                elif tok.startswith('-'):
                    cur['exclude'].add(tok[1:])
                elif tok.startswith('/') and tok.endswith('/') and len(tok) > 2:
                    cur['items'].append(('re', tok[1:-1]))
                else:
                    cur['items'].append(('name', tok))
    return tables


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, **kw).stdout.decode()


def prologue(headers):
    """`=NAME` in a header list is a feature macro defined first."""
    lines = [f'#define {h[1:]}\n' for h in headers if h.startswith('=')]
    lines += [f'#include <{h}>\n' for h in headers if not h.startswith('=')]
    return ''.join(lines)


def macros(cc, headers):
    src = prologue(headers)
    out = run(cc + ['-E', '-dM', '-x', 'c', '-'], input=src.encode())
    names = set()
    for line in out.splitlines():
        m = re.match(r'#define (\w+)(\(?)', line)
        if m and not m.group(2):
            names.add(m.group(1))
    return names


def values(cc, headers, names, tmp):
    """Evaluate every name with the compiler: one program per header set.
    A name the headers lack (newer than them) is dropped silently, one the
    compiler cannot evaluate (a macro needing a type the headers leave
    incomplete) with a note."""
    names = sorted(names)
    src = os.path.join(tmp, 'probe.c')
    exe = os.path.join(tmp, 'probe')
    while names:
        first = len(headers) + 4  # the line of the first printf
        with open(src, 'w') as f:
            f.write(prologue(headers))
            f.write('int printf(const char *, ...);\n')
            f.write('int main(void)\n{\n')
            for n in names:
                f.write(f'\tprintf("%s %llu\\n", "{n}", (unsigned long long)({n}));\n')
            f.write('\treturn 0;\n}\n')
        r = subprocess.run(cc + ['-w', '-o', exe, src], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT)
        if r.returncode == 0:
            break
        bad = set()
        quiet = set()
        for m in re.finditer(r'probe\.c:(\d+):\d+: error: (.*)', r.stdout.decode()):
            i = int(m.group(1)) - first
            if 0 <= i < len(names):
                bad.add(names[i])
                if 'undeclared' in m.group(2):
                    quiet.add(names[i])  # newer than these headers
        if not bad:
            sys.exit('gen_xlat.py: the probe for ' + ' '.join(headers) + ' does not build:\n' +
                     r.stdout.decode())
        for n in sorted(bad - quiet):
            print(f'gen_xlat.py: {n}: not a value the compiler can evaluate; left out',
                  file=sys.stderr)
        names = [n for n in names if n not in bad]
    vals = {}
    if names:
        for line in run([exe]).splitlines():
            n, v = line.split()
            vals[n] = int(v)
    return vals


def main():
    cc = shlex.split(sys.argv[1])
    spec, out_c, out_h = sys.argv[2:5]
    tables = parse_spec(spec)
    defined = {}
    wanted = {}
    for t in tables:
        key = tuple(t['headers'])
        if key not in defined:
            defined[key] = macros(cc, t['headers'])
        names = wanted.setdefault(key, set())
        for kind, what in t['items']:
            if kind == 'name':
                names.add(what)  # perhaps an enum constant: the probe decides
            else:
                rx = re.compile(what)
                names.update(n for n in defined[key] if rx.search(n))
        names -= t['exclude']
    with tempfile.TemporaryDirectory() as tmp:
        vals = {key: values(cc, list(key), names, tmp) for key, names in wanted.items()}

    c = ['/* Generated by abi/gen_xlat.py from abi/xlat.txt and the kernel\'s headers:',
         ' * do not edit. */', '#include "abi/xlat.h"', '']
    h = ['/* Generated by abi/gen_xlat.py from abi/xlat.txt: do not edit. */',
         '#ifndef SBX_XLAT_TABLES_H', '#define SBX_XLAT_TABLES_H', '',
         'struct xlat;', '']
    for t in tables:
        v = vals[tuple(t['headers'])]
        entries = []
        seen = set()
        for kind, what in t['items']:
            if kind == 'name':
                if what in v and what not in t['exclude'] and what not in seen:
                    entries.append((what, v[what]))
                    seen.add(what)
            else:
                rx = re.compile(what)
                got = sorted((val, n) for n, val in v.items()
                             if rx.search(n) and n not in t['exclude'] and n not in seen)
                done = set()
                for val, n in got:
                    if val in done and not t['dups']:
                        continue
                    done.add(val)
                    entries.append((n, val))
                    seen.add(n)
        name = t['name']
        c.append(f'static const struct xlat_entry {name}_e[] = {{')
        for n, val in entries:
            c.append(f'\t{{{val:#x}ULL, "{n}"}},')
        if not entries:
            c.append('\t{0, 0},')
        c.append('};')
        c.append(f'const struct xlat xlat_{name} = {{{name}_e, {len(entries)}}};')
        c.append('')
        h.append(f'extern const struct xlat xlat_{name};')
    h += ['', '#endif', '']
    with open(out_c, 'w') as f:
        f.write('\n'.join(c))
    with open(out_h, 'w') as f:
        f.write('\n'.join(h))


main()
