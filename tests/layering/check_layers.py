#!/usr/bin/env python3
# The layering rule, checked: the compiler (compiler/) includes nothing from the layers
# above it (runtime/, providers/, cli/), so `cairn lsp`, `cairn fmt` and `cairn check` build
# without the runtime. The runtime may include the compiler, never the reverse; values the
# two share live in compiler/value. Prints each offending include as file:line and exits 1.
import pathlib
import re
import sys

ABOVE = ("runtime/", "providers/", "cli/")
INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')
SOURCES = (".h", ".cpp", ".def", ".inc")


def main():
    if len(sys.argv) != 2:
        print("usage: check_layers.py <repository root>", file=sys.stderr)
        return 2
    root = pathlib.Path(sys.argv[1])
    compiler = root / "compiler"
    if not compiler.is_dir():
        print(f"{compiler}: not a folder", file=sys.stderr)
        return 2
    bad = 0
    checked = 0
    for path in sorted(compiler.rglob("*")):
        if path.suffix not in SOURCES or not path.is_file():
            continue
        checked += 1
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            match = INCLUDE.match(line)
            if match and match.group(1).startswith(ABOVE):
                print(f"{path.relative_to(root)}:{number}: compiler/ includes "
                      f"\"{match.group(1)}\" (a layer above the compiler)")
                bad += 1
    if checked == 0:
        print("no compiler sources found", file=sys.stderr)
        return 2
    print(f"{checked} compiler files, {bad} includes from above")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
