#!/usr/bin/env python3
"""Transcript tests of `cairn lsp`: JSON-RPC messages in, the server's messages out.

A case is `NAME.lsp` in transcripts/: JSON messages (objects) one after the other,
separated by blank lines; lines starting with `//` are comments. `${DIR}` stands for the file URI of the case's folder, and a
`"text": {"file": "x.conf"}` in a message is replaced by the content of that file (beside
the case) before sending. Each case runs in a fresh copy of the folder (a temporary
directory, the server's working directory, so `.cairn/state` there is the case's own); a
comment line `// $ ARGS` runs `cairn ARGS` there first (`// $ apply --auto-approve x.conf`
makes the state a plan is compared with). The runner starts the real `cairn lsp --sync` (everything in a
fixed order), sends every message with Content-Length framing, closes its input and reads
every message the server writes until it exits. The expected output, `NAME.out`, is each
message as indented JSON with sorted keys, then `--- exit N`.

  lsp_transcript.py --cairn BUILD/cli/cairn tests/lsp/transcripts            # check
  lsp_transcript.py --cairn BUILD/cli/cairn tests/lsp/transcripts --update   # rewrite
"""
import argparse
import difflib
import json
import os
import shlex
import shutil
import subprocess
import tempfile
import sys


def load_messages(path, folder):
    with open(path) as f:
        lines = [l for l in f.read().split("\n") if not l.lstrip().startswith("//")]
        blocks = [b for b in "\n".join(lines).split("\n\n") if b.strip()]
    uri = "file://" + os.path.abspath(folder)
    out = []
    for b in blocks:
        m = json.loads(b.replace("${DIR}", uri))
        td = m.get("params", {}).get("textDocument", {})
        if isinstance(td.get("text"), dict):
            with open(os.path.join(folder, td["text"]["file"])) as f:
                td["text"] = f.read()
        out.append(m)
    return out, uri


def read_messages(data):
    msgs = []
    while data:
        head, sep, rest = data.partition(b"\r\n\r\n")
        if not sep:
            msgs.append({"unframed": data.decode("utf-8", "replace")})
            break
        length = None
        for line in head.split(b"\r\n"):
            k, _, v = line.partition(b":")
            if k.strip().lower() == b"content-length":
                length = int(v.strip())
        if length is None:
            msgs.append({"bad header": head.decode("utf-8", "replace")})
            break
        msgs.append(json.loads(rest[:length]))
        data = rest[length:]
    return msgs


def run_case(cairn, source, name):
    work = os.path.realpath(tempfile.mkdtemp(prefix="cairn-lsp-"))
    try:
        folder = os.path.join(work, "case")
        shutil.copytree(source, folder, ignore=shutil.ignore_patterns("*.out", ".cairn", "out"))
        return run_in(cairn, folder, name)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run_in(cairn, folder, name):
    env = {k: v for k, v in os.environ.items() if k not in ("CAIRN_STATE", "CAIRN_AGE_IDENTITY")}
    with open(os.path.join(folder, name)) as f:
        for line in f:
            if line.startswith("// $ "):
                subprocess.run([cairn] + shlex.split(line[5:]), cwd=folder, capture_output=True, timeout=120,
                               check=True, env=env)
    messages, uri = load_messages(os.path.join(folder, name), folder)
    payload = b""
    for m in messages:
        body = json.dumps(m).encode()
        payload += b"Content-Length: %d\r\n\r\n" % len(body) + body
    p = subprocess.run([cairn, "lsp", "--sync"], input=payload, capture_output=True, timeout=120, cwd=folder, env=env)
    text = ""
    for m in read_messages(p.stdout):
        text += json.dumps(m, indent=2, sort_keys=True, ensure_ascii=False).replace(uri, "${DIR}").replace(
            folder, "${DIR}") + "\n"
    text += f"--- exit {p.returncode}\n"
    return text, p.returncode


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cairn", required=True)
    ap.add_argument("folder")
    ap.add_argument("--update", action="store_true")
    a = ap.parse_args()
    cairn = os.path.abspath(a.cairn)
    failed = 0
    cases = sorted(n for n in os.listdir(a.folder) if n.endswith(".lsp"))
    for name in cases:
        actual, code = run_case(cairn, a.folder, name)
        out_path = os.path.join(a.folder, name[:-4] + ".out")
        if code < 0 or code > 1:
            print(f"FAIL {name}: the server crashed (exit {code})")
            failed += 1
            continue
        if a.update:
            with open(out_path, "w") as f:
                f.write(actual)
            continue
        expected = open(out_path).read() if os.path.exists(out_path) else ""
        if expected != actual:
            failed += 1
            print(f"FAIL {name}")
            sys.stdout.writelines(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                                       "expected", "actual"))
    print(f"{len(cases) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
