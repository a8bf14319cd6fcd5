#!/usr/bin/env python3
"""The editor tests on an installed cairn: `cmake --install BUILD --prefix TMP`, then the
transcript tests and the Neovim test run TMP/bin/cairn from TMP (the standard library and
the provider contracts are embedded in the binary; the grammar is installed beside it).

  installed.py --cmake cmake --build BUILD --tests tests/lsp
"""
import argparse
import os
import subprocess
import sys
import tempfile


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cmake", required=True)
    ap.add_argument("--build", required=True)
    ap.add_argument("--tests", required=True, help="the tests/lsp folder")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="cairn-installed-") as prefix:
        subprocess.run([a.cmake, "--install", a.build, "--prefix", prefix], check=True,
                       stdout=subprocess.DEVNULL)
        cairn = os.path.join(prefix, "bin", "cairn")
        grammar = os.path.join(prefix, "share", "cairn", "editors", "cairn.tmLanguage.json")
        for path in (cairn, grammar):
            if not os.path.isfile(path):
                print(f"installed.py: `{path}` was not installed", file=sys.stderr)
                return 1
        version = subprocess.run([cairn, "--version"], capture_output=True, text=True)
        if version.returncode != 0 or not version.stdout.startswith("cairn"):
            print(f"installed.py: `{cairn} --version` failed: {version.stdout}{version.stderr}", file=sys.stderr)
            return 1
        failed = 0
        for cmd in ([sys.executable, os.path.join(a.tests, "lsp_transcript.py"), "--cairn", cairn,
                     os.path.join(a.tests, "transcripts")],
                    [sys.executable, os.path.join(a.tests, "nvim_test.py"), "--cairn", cairn]):
            p = subprocess.run(cmd, cwd=prefix)
            failed |= p.returncode != 0
        print("installed.py: the editor tests passed on the installed binary" if not failed else
              "installed.py: the editor tests failed on the installed binary")
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
