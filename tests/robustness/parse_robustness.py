#!/usr/bin/env python3
"""Feeds hostile inputs to `cairn parse` and checks that each one ends in success or in
diagnostics (exit 0 or 1), within its time limit, and never in a crash. The limits only catch
hangs: the test build (ASan) on a loaded shared machine is 10-20x slower than a release
build; speed is measured in bench/.

Deep nesting must either parse or say "nesting too deep"; it must not overflow the stack.
Inputs nested 10,000 deep also go through `--dump-ast`, whose output must stay linear in
the input (indentation stops growing at depth 64).
"""
import os
import random
import subprocess
import sys
import tempfile
import time

cairn = sys.argv[1]
random.seed(7)

cases = {
    "10k nested parentheses": "(" * 10000 + "1" + ")" * 10000,
    "10k nested records": "{a = " * 10000 + "1" + "}" * 10000,
    "10k nested arrays": "[" * 10000 + "]" * 10000,
    "10k unclosed parentheses": "(" * 10000,
    "10k nested lets": "let x = 1 in " * 10000 + "x",
    "10k nested functions": "fun x => " * 10000 + "x",
    "10k unary minus": "-" * 10000 + "1",
    "10k chained additions": " + ".join(["1"] * 10000),
    "10k chained arrows": " -> ".join(["Number"] * 10000),
    "10k field access": "r" + ".a" * 10000,
    "1M nested parentheses": "(" * 1000000 + ")" * 1000000,
    "10k nested interpolations": '"%{' * 10000 + "1" + '}"' * 10000,
    "10k nested let rec": "let rec x = 1 in " * 10000 + "x",
    "10k nested ifs": "if true then " * 10000 + "1" + " else 2" * 10000,
    "10k nested record patterns": "let " + "{a = " * 10000 + "x" + "}" * 10000 + " = 1 in x",
    "10k nested array patterns": "match { " + "[" * 10000 + "x" + "]" * 10000 + " => x }",
    "10k nested pattern functions": "fun {a} => " * 10000 + "a",
    "10k nested Array types": "1 : " + "Array (" * 10000 + "Number" + ")" * 10000,
    "10k nested record types": "1 : " + "{a : " * 10000 + "Number" + "}" * 10000,
    "10k foralls": "1 : " + "".join(f"forall a{i}. " for i in range(10000)) + "Number",
    "10k nested enum rows": "1 : " + "[| 'a " * 10000 + "|]" * 10000,
    "10k nested records in arrays in parens": "{a = [(" * 3400 + "1" + ")]}" * 3400,
    "10k negations": "!" * 10000 + "true",
    "10k annotations": "1" + " | Number" * 10000,
    "10k quoted selections": "r" + '."a"' * 10000,
    "10k field path": "{ " + ".".join(["a"] * 10000) + " = 1 }",
    "unterminated string": '{ a = "abc',
    "unterminated multiline": 'm%%"abc"%',
    "unterminated comment-like": "# only a comment",
    "NUL bytes": "{ a = \x00 1 }",
    "NUL in string": '"a\x00b"',
    "invalid UTF-8": "{ a = \"\xff\xfe\" }",
    "lone surrogate bytes": "\xed\xa0\x80",
    "empty": "",
    "only whitespace": "   \n\t  ",
    "random bytes": "".join(chr(random.randrange(256)) for _ in range(5000)),
    "random tokens": " ".join(random.choice(["let", "in", "{", "}", "(", ")", "[", "]", "=", ",", "x", "1",
                                             '"s"', "|", ":", "fun", "=>", "match", "if", "then", "else",
                                             "%{", "m%\"", "\"%", "'A", "..", "->"]) for _ in range(5000)),
    "bracket soup": "".join(random.choice("{}[]()|x,=") for _ in range(20000)),
    "10k mismatched closers": "[" * 10000 + ")" * 10000,
    "10k nested records, one bracket wrong": "{a = " * 5000 + "(1]" + "}" * 5000,
    "100k-element array": "[" + ", ".join(str(i) for i in range(100000)) + "]",
    "100k fields, one error in the middle": "{" + ", ".join(
        (f"f{i} = {i}" if i != 50000 else "oops = ") for i in range(100000)) + "}",
    "10k nested interpolations in multiline strings": 'm%"%{' * 10000 + "1" + '}"%' * 10000,
    "long let chain with records": "".join(f"let x{i} = {{ a = {i} }} in " for i in range(20000)) + "x0",
}

runs = [(name, text, []) for name, text in cases.items()]
runs += [(name + ", --dump-ast", text, ["--dump-ast"]) for name, text in cases.items() if name.startswith("10k")]

failures = 0
with tempfile.TemporaryDirectory() as tmp:
    for name, text, extra in runs:
        path = os.path.join(tmp, "case.conf")
        with open(path, "wb") as f:
            f.write(text.encode("latin-1") if any(ord(c) > 127 for c in text) and name in ("random bytes", "invalid UTF-8", "lone surrogate bytes") else text.encode("utf-8"))
        limit = 90 if text.count("(") >= 1000000 else 30
        start = time.time()
        try:
            p = subprocess.run([cairn, "parse", path] + extra, capture_output=True, timeout=limit)
        except subprocess.TimeoutExpired:
            print(f"FAIL {name}: timed out after {limit}s")
            failures += 1
            continue
        took = time.time() - start
        stderr = p.stderr.decode("utf-8", "replace")
        if extra and len(p.stdout) > 200 * len(text) + 1000:
            print(f"FAIL {name}: {len(p.stdout)} bytes of dump for {len(text)} bytes of input")
            failures += 1
        elif p.returncode not in (0, 1):
            print(f"FAIL {name}: exit {p.returncode}\n{stderr[-2000:]}")
            failures += 1
        elif p.returncode == 1 and "error[" not in stderr:
            print(f"FAIL {name}: exit 1 without a diagnostic")
            failures += 1
        else:
            verdict = "ok" if p.returncode == 0 else stderr.splitlines()[0]
            print(f"ok   {name} ({took:.2f}s): {verdict}")
print(f"{len(runs) - failures}/{len(runs)} passed")
sys.exit(1 if failures else 0)
