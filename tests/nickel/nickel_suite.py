#!/usr/bin/env python3
"""Runs Nickel's own integration programs against cairn and compares each outcome with the
expectation in the program's TOML header.

The programs are not part of this repository: they are read in place from the suite folder
(`../shared/nickel-tests` beside the source tree; see its README). Each `.ncl` file under
`inputs/` starts with a header in comments:

  # test.type = 'pass'                 the program must evaluate to `true`
  # test.type = 'error'                it must fail with the error in [test.metadata]
  # test.type = 'skip'                 an auxiliary file, not a test
  # eval = 'typecheck' | 'typecheck_strict' | 'full'
  # nickel_path = ['tests/integration/inputs/...']   extra import folders

A pass program runs `cairn eval` (or `cairn typecheck [--strict]`) and must print `true`
(typecheck: exit 0). An error program must exit 1 with a first error diagnostic whose code is
one of those NICKEL_ERRORS maps its Nickel error name to; another code is a wrong error.
Programs spelled with Nickel's internal `%primop%` syntax test Nickel's internals: they are
listed as internal and not run.

The expected-failure list (`expected_failures.txt`: `folder/file.ncl  reason`, `#` comments)
names the programs known to fail. The run fails when a program not on the list fails, and
when one on the list passes (remove it then), so the list stays honest.

  nickel_suite.py --cairn BUILD/cli/cairn --suite ../shared/nickel-tests
  nickel_suite.py ... --only contracts/ -v      # one folder, with the output of each failure
  nickel_suite.py ... --write-expected           # rewrite the list from this run (keeps reasons)

Exit 0 when everything is as expected, 1 otherwise, 77 (ctest's skip) when the suite folder
is missing.
"""
import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tomllib

SKIP_CODE = 77

# Nickel's error names (test.metadata.error) to the cairn diagnostic codes that mean the
# same thing. A prefix entry ("ParseError") covers the names under it without an entry.
NICKEL_ERRORS = {
    "EvalError::BlameError": {"E0501", "E0409"},
    "EvalError::NAryPrimopTypeError": {"E0401", "E0413"},
    "EvalError::TypeError": {"E0401", "E0402", "E0501"},
    "EvalError::MergeIncompatibleArgs": {"E0502"},
    "EvalError::FailedDestructuring": {"E0414", "E0501"},
    "EvalError::Other": {"E0401", "E0403", "E0408", "E0409", "E0413"},
    "EvalError::IllegalPolymorphicTailAccess": {"E0501"},
    "EvalError::InfiniteRecursion": {"E0405"},
    "EvalError::MissingFieldDef": {"E0404"},
    "EvalError::FieldMissing": {"E0403", "E0414"},
    "EvalError::NonExhaustiveMatch": {"E0407"},
    "EvalError::IncomparableValues": {"E0412"},
    "TypecheckError": {"E0301", "E0302", "E0303", "E0307", "E0308", "E0309", "E0310",
                       "E0311", "E0312", "E0313", "E0314", "E0316", "E0317"},
    "TypecheckError::UnboundIdentifier": {"E0201", "E0304"},
    "TypecheckError::UnboundTypeVariable": {"E0305", "E0201"},
    "TypecheckError::OrPatternVarsMismatch": {"E0306"},
    "TypecheckError::CtrTypeInTermPos": {"E0301", "E0318", "E0503"},
    "ParseError": {"E0102", "E0103", "E0104", "E0105", "E0106", "E0108", "E0109",
                   "E0110", "E0111", "E0113"},
    "ParseError::DuplicateIdentInRecordPattern": {"E0112"},
    "ParseError::TypedFieldWithoutDefinition": {"E0102", "E0115", "E0404"},
    "ImportError::ParseError": {"E0102", "E0103", "E0104", "E0105", "E0204", "E0416"},
    "ImportError::IoError": {"E0202"},
    "ExportError::NumberOutOfRange": {"E0411", "E0413"},
}

PRIMOP = re.compile(r"%[a-z][a-z_/0-9]*%")


def accepted_codes(error):
    """The cairn codes for a Nickel error name: its own entry, else its prefix's."""
    if error in NICKEL_ERRORS:
        return NICKEL_ERRORS[error]
    return NICKEL_ERRORS.get(error.split("::")[0], set())


def read_header(text):
    """The TOML header: the leading comment lines, cut before the first line TOML refuses
    (some programs go on with prose comments)."""
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line[1:].removeprefix(" "))
    while lines:
        try:
            return tomllib.loads("\n".join(lines))
        except tomllib.TOMLDecodeError:
            lines.pop()
    return {}


class Program:
    def __init__(self, rel, header, internal):
        self.rel = rel  # path under inputs/, with `/`
        self.kind = header.get("test", {}).get("type", "skip")
        self.mode = header.get("eval", "standard")
        self.error = header.get("test", {}).get("metadata", {}).get("error", "")
        self.paths = header.get("nickel_path", [])
        self.internal = internal


def discover(inputs):
    programs = []
    for root, dirs, files in os.walk(inputs):
        dirs.sort()
        for name in sorted(files):
            if not name.endswith(".ncl"):
                continue
            path = os.path.join(root, name)
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read()
            rel = os.path.relpath(path, inputs).replace(os.sep, "/")
            program = Program(rel, read_header(text), bool(PRIMOP.search(text)))
            if program.kind in ("pass", "error"):
                programs.append(program)
    return programs


def first_error_code(stderr):
    for line in stderr.splitlines():
        try:
            diag = json.loads(line)
        except ValueError:
            continue
        if isinstance(diag, dict) and diag.get("severity") == "error":
            return diag.get("code", "?"), diag.get("message", "")
    return None, ""


def run(cairn, inputs, program, timeout):
    """(ok, summary, output) for one program."""
    args = [cairn, "--message-format", "json"]
    if program.mode in ("typecheck", "typecheck_strict"):
        args += ["typecheck"] + (["--strict"] if program.mode == "typecheck_strict" else [])
    else:
        args += ["eval", "--timeout", str(timeout)]
    for p in program.paths:
        # Nickel's paths are relative to its core/ folder: tests/integration/inputs/...
        args += ["-I", os.path.join(inputs, p.split("inputs/", 1)[-1])]
    args.append(program.rel)
    try:
        proc = subprocess.run(args, cwd=inputs, stdin=subprocess.DEVNULL, capture_output=True,
                              timeout=timeout + 5, env=dict(os.environ, NO_COLOR="1"))
    except subprocess.TimeoutExpired:
        return False, "timed out", ""
    out, err = proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")
    code, message = first_error_code(err)
    output = out + err
    if proc.returncode not in (0, 1):
        return False, f"crashed (exit {proc.returncode})", output
    if program.kind == "pass":
        if proc.returncode != 0:
            return False, f"error {code}: {message}", output
        if program.mode.startswith("typecheck") or out.strip() == "true":
            return True, "", output
        return False, "evaluates to " + out.strip()[:60], output
    if proc.returncode == 0:
        return False, "succeeds, expected " + program.error, output
    if code in accepted_codes(program.error):
        return True, "", output
    return False, f"wrong error {code} ({message[:60]}), expected {program.error}", output


def read_expected(path):
    """{program: reason} from the list; the file's lines, to rewrite it in place."""
    expected = {}
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    for line in lines:
        body = line.strip()
        if not body or body.startswith("#"):
            continue
        name, _, reason = body.partition(" ")
        expected[name] = reason.strip()
    return expected, lines


def write_expected(path, lines, failures, results):
    """Drop the entries that pass, add the new failures at the end with their summary."""
    listed = set()
    kept = []
    for line in lines:
        name = line.split()[0] if line.strip() and not line.lstrip().startswith("#") else None
        if name is None:
            kept.append(line)
        elif name in failures:
            kept.append(line)
            listed.add(name)
    for name in sorted(failures - listed):
        kept.append(f"{name}  {results[name][1]}")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(kept) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cairn", required=True)
    parser.add_argument("--suite", required=True, help="the nickel-tests folder (holds inputs/)")
    parser.add_argument("--expected", default=os.path.join(os.path.dirname(__file__),
                                                           "expected_failures.txt"))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=int, default=20, help="seconds per program")
    parser.add_argument("--only", default="", help="run the programs whose path starts so")
    parser.add_argument("--write-expected", action="store_true")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()

    inputs = os.path.abspath(os.path.join(args.suite, "inputs"))
    if not os.path.isdir(inputs):
        print(f"skipped: Nickel's test programs are not at {inputs}")
        return SKIP_CODE
    cairn = os.path.abspath(args.cairn)
    programs = [p for p in discover(inputs) if p.rel.startswith(args.only)]
    runnable = [p for p in programs if not p.internal]
    expected, lines = read_expected(args.expected)

    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = {p.rel: pool.submit(run, cairn, inputs, p, args.timeout) for p in runnable}
        results = {rel: f.result() for rel, f in futures.items()}

    failures = {rel for rel, r in results.items() if not r[0]}
    unexpected = sorted(failures - set(expected))
    fixed = sorted(rel for rel in results if rel in expected and rel not in failures)
    known = {p.rel for p in programs}
    stale = sorted(rel for rel in expected if rel not in known and rel.startswith(args.only))

    folders = {}
    for p in programs:
        folder = p.rel.split("/")[0]
        stats = folders.setdefault(folder, [0, 0, 0])
        if p.internal:
            stats[2] += 1
        else:
            stats[1] += 1
            stats[0] += p.rel not in failures
    print(f"{'folder':<18}{'pass':>6}{'run':>6}{'internal':>10}")
    for folder, (ok, total, internal) in sorted(folders.items()):
        print(f"{folder:<18}{ok:>6}{total:>6}{internal:>10}")
    passed = len(runnable) - len(failures)
    share = 100.0 * passed / len(runnable) if runnable else 100.0
    print(f"{'total':<18}{passed:>6}{len(runnable):>6}{len(programs) - len(runnable):>10}"
          f"   {share:.1f}% of the programs without %primop%")

    for rel in unexpected:
        print(f"FAIL {rel}: {results[rel][1]}")
        if args.verbose:
            print("    " + results[rel][2].strip().replace("\n", "\n    "))
    for rel in fixed:
        print(f"FIXED {rel}: passes now, remove it from {os.path.basename(args.expected)}")
    for rel in stale:
        print(f"STALE {rel}: listed in {os.path.basename(args.expected)} but not a runnable program")
    if args.verbose:
        for rel in sorted(failures & set(expected)):
            print(f"expected failure {rel}: {results[rel][1]}")
    if args.write_expected and not args.only:
        write_expected(args.expected, lines, failures, results)
        return 0
    return 1 if unexpected or fixed or stale else 0


if __name__ == "__main__":
    sys.exit(main())
