#!/usr/bin/env python3
"""Writes docs/language/stdlib.md, the reference of the standard library, from the doc
strings and type annotations in stdlib/*.conf. Run it after changing the library:

    python3 stdlib/reference.py

With --check it writes nothing and fails, showing the difference, when the committed
document is not what it would write (the ctest stdlib.reference).
"""
import difflib
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'docs', 'language', 'stdlib.md')
MODULES = ['std', 'array', 'contract', 'enum', 'function', 'number', 'record', 'string', 'test']


def depth(typ):
    """How many of the brackets `[| {` and `(` the text of a type leaves open."""
    opens = typ.count('[|') + typ.count('{') + typ.count('(')
    return opens - typ.count('|]') - typ.count('}') - typ.count(')')


def entries(path, prefix):
    """(name, type, doc) for each documented field: a name line, then `: type` (a long
    one going on over lines that close its brackets) and `| doc m%" ... "%` lines indented
    further."""
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
                    # A long type goes on over the next lines until its brackets close.
                    typ = t[1:].strip()
                    j += 1
                    while depth(typ) > 0 and j < len(lines):
                        typ += ' ' + lines[j].strip()
                        j += 1
                    typ = re.sub(r',\s*(\|\]|\})', r' \1', typ)
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


def render():
    """The text of docs/language/stdlib.md."""
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
    return ''.join(parts)


def main():
    text = render()
    if sys.argv[1:] == ['--check']:
        with open(OUT) as f:
            current = f.read()
        if current == text:
            return 0
        sys.stdout.writelines(difflib.unified_diff(
            current.splitlines(True), text.splitlines(True),
            'docs/language/stdlib.md', 'stdlib/reference.py'))
        print('docs/language/stdlib.md is not what stdlib/reference.py writes: '
              'run `python3 stdlib/reference.py` (and put hand-written text into the doc '
              'strings in stdlib/*.conf)')
        return 1
    with open(OUT, 'w') as f:
        f.write(text)
    return 0


if __name__ == '__main__':
    sys.exit(main())
