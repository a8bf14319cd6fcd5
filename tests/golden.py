#!/usr/bin/env python3
"""Golden-file test runner for cairn.

A corpus is a folder of cases: each `NAME.conf` has its expected result beside it in
`NAME.out`. The folder's `command` file gives the cairn arguments (the case's file name is
appended); a case can override them with a first line `# RUN: <args>` where `%s` stands for
the file. Cases run inside the corpus folder with NO_COLOR=1, so paths in diagnostics are
the bare file names. A `fail_` prefix marks cases that must exit non-zero. A case whose
`NAME.stdin` exists gets that file as its standard input (else an empty one).

The .out file holds stdout, then `--- stderr` and stderr when there is any, then
`--- exit N` when the exit code is not 0.

  golden.py --cairn BUILD/cli/cairn tests/golden/parse            # check
  golden.py --cairn BUILD/cli/cairn tests/golden/parse --update   # rewrite the .out files
"""
import argparse
import concurrent.futures
import difflib
import os
import shlex
import subprocess
import sys


def expected_text(stdout, stderr, code):
    out = stdout
    if stderr:
        if out and not out.endswith("\n"):
            out += "\n"
        out += "--- stderr\n" + stderr
    if code != 0:
        if out and not out.endswith("\n"):
            out += "\n"
        out += f"--- exit {code}\n"
    return out


def case_args(corpus, name):
    path = os.path.join(corpus, name)
    with open(path, "rb") as f:
        first = f.readline().decode("utf-8", "replace").strip()
    if first.startswith("# RUN:"):
        args = shlex.split(first[len("# RUN:"):])
        return [a.replace("%s", name) for a in args]
    with open(os.path.join(corpus, "command")) as f:
        return shlex.split(f.read().strip()) + [name]


def case_extensions(corpus):
    """Case files end in .conf, or in the extensions listed in the corpus's `extensions` file."""
    path = os.path.join(corpus, "extensions")
    if not os.path.exists(path):
        return (".conf",)
    with open(path) as f:
        return tuple(f.read().split())


def run_case(cairn, corpus, name, timeout):
    args = case_args(corpus, name)
    env = dict(os.environ, NO_COLOR="1")
    stdin_path = os.path.join(corpus, os.path.splitext(name)[0] + ".stdin")
    stdin = b""
    if os.path.exists(stdin_path):
        with open(stdin_path, "rb") as f:
            stdin = f.read()
    try:
        p = subprocess.run([cairn] + args, cwd=corpus, env=env, capture_output=True, timeout=timeout, input=stdin)
    except subprocess.TimeoutExpired:
        return None, f"timed out after {timeout}s"
    stdout = p.stdout.decode("utf-8", "replace")
    stderr = p.stderr.decode("utf-8", "replace")
    if p.returncode < 0 or p.returncode > 2:
        return None, f"crashed (exit {p.returncode})\n{stderr}"
    if name.startswith("fail_") and p.returncode == 0:
        return None, "a fail_ case exited 0"
    if not name.startswith("fail_") and p.returncode != 0:
        return None, f"exited {p.returncode} (name it fail_* if that is expected)\n{stderr}"
    return expected_text(stdout, stderr, p.returncode), None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cairn", required=True)
    ap.add_argument("--update", action="store_true")
    ap.add_argument("--timeout", type=float, default=20)
    ap.add_argument("corpus", nargs="+")
    a = ap.parse_args()
    cairn = os.path.abspath(a.cairn)
    failures = 0
    total = 0
    for corpus in a.corpus:
        names = sorted(n for n in os.listdir(corpus) if n.endswith(case_extensions(corpus)))
        with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            results = list(pool.map(lambda n: (n, run_case(cairn, corpus, n, a.timeout)), names))
        for name, (actual, problem) in results:
            total += 1
            out_path = os.path.join(corpus, os.path.splitext(name)[0] + ".out")
            if problem:
                failures += 1
                print(f"FAIL {corpus}/{name}: {problem}")
                continue
            if a.update:
                with open(out_path, "w") as f:
                    f.write(actual)
                continue
            try:
                with open(out_path) as f:
                    want = f.read()
            except FileNotFoundError:
                failures += 1
                print(f"FAIL {corpus}/{name}: no {os.path.basename(out_path)} (run with --update)")
                continue
            if want != actual:
                failures += 1
                print(f"FAIL {corpus}/{name}")
                sys.stdout.writelines(difflib.unified_diff(
                    want.splitlines(True), actual.splitlines(True), "expected", "actual"))
    verb = "updated" if a.update else "passed"
    print(f"{total - failures}/{total} {verb}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
