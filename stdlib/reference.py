#!/usr/bin/env python3
"""Writes docs/language/stdlib.md, the reference of the standard library, from the doc
strings and type annotations in stdlib/*.conf. Run it after changing the library:

    python3 stdlib/reference.py
"""
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'docs', 'language', 'stdlib.md')
MODULES = ['std', 'array', 'contract', 'enum', 'function', 'number', 'record', 'string', 'test']


def entries(path, prefix):
    """(name, type, doc) for each documented field: a name line, then `: type` and
    `| doc m%" ... "%` lines indented further."""
    lines = open(path).read().split('\n')
    out = []
    stack = []  # (indent, name) of enclosing records such as `label = {`
    i = 0
    while i < len(lines):
        line = lines[i]
        m = re.match(r'^( +)([A-Za-z_][A-Za-z0-9_-]*)( = \{)?\s*$', line)
        if m:
            indent = len(m.group(1))
            while stack and stack[-1][0] >= indent:
                stack.pop()
            if m.group(3):
                stack.append((indent, m.group(2)))
                i += 1
                continue
            name = '.'.join([prefix] + [s[1] for s in stack] + [m.group(2)])
            typ, doc = '', []
            j = i + 1
            while j < len(lines) and (lines[j].startswith(' ' * (indent + 2)) and lines[j].strip()[:1] in (':', '|')):
                t = lines[j].strip()
                if t.startswith(':'):
                    typ = t[1:].strip()
                    j += 1
                elif t.startswith('| doc m%"'):
                    j += 1
                    while j < len(lines) and lines[j].strip() != '"%':
                        doc.append(lines[j])
                        j += 1
                    j += 1
                else:
                    j += 1
            if doc:
                width = min(len(l) - len(l.lstrip()) for l in doc if l.strip())
                out.append((name, typ, '\n'.join(l[width:] for l in doc).strip()))
            i = j
            continue
        i += 1
    return out


def main():
    parts = ['# The standard library\n',
             'Generated from `stdlib/*.conf` by `stdlib/reference.py`; the examples run as tests '
             '(`cairn test --std`).\n']
    for mod in MODULES:
        path = os.path.join(HERE, f'{mod}.conf')
        prefix = 'std' if mod == 'std' else f'std.{mod}'
        items = entries(path, prefix)
        parts.append(f'\n## `{prefix}`\n')
        for name, typ, doc in items:
            parts.append(f'\n### `{name}`\n')
            if typ:
                parts.append(f'\n`{typ}`\n')
            parts.append('\n' + doc.replace('```nickel', '```') + '\n')
    with open(OUT, 'w') as f:
        f.write(''.join(parts))


if __name__ == '__main__':
    main()
