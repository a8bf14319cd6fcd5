#!/usr/bin/env python3
"""Speed of the editor tools: `cairn fmt` on the 10 MB benchmark spec, and `cairn lsp`
driven over stdio on a generated 10,000-line spec and a generated 50-file workspace.

  lsp_bench.py --cairn build/release/cli/cairn [--workdir build/bench] [--write]

Measures (medians of repeated runs, wall clock):
  - fmt: formatting the 10 MB spec of gen_parse_spec.py (parse, layout, re-parse check);
  - diagnostics: from sending a one-character edit (an incremental didChange) to the
    publishDiagnostics for that version, on a 10,000-line spec (front end only:
    `--no-eval`), alternating an edit that breaks a name and one that fixes it;
  - hover and completion latency on the same spec, at a field of a record literal with a
    contract;
  - an edit of an imported file: diagnostics of the importer re-published;
  - initial open of a 50,000-line workspace (50 files of 1,000 lines, each importing a
    shared file): from starting the server (initialize) to the publishDiagnostics of every
    file, all 50 opened at once as an editor restoring a session does;
  - resident memory of the server with those 50 files open, from /proc/PID/status (VmRSS
    now, VmHWM the peak), front end only and again with the background evaluation of each
    file (measured once the server's CPU time stops moving).
Prints a Markdown table; with --write it replaces the block between the lsp_bench markers
in docs/benchmarks.md (the "Editor tools" section; the prose around it is kept).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import bench_docs

HERE = os.path.dirname(os.path.abspath(__file__))
BEGIN = "<!-- lsp_bench.py: begin -->"
END = "<!-- lsp_bench.py: end -->"
WORKSPACE_FILES = 50
WORKSPACE_LINES = 1000
WORKSPACE_RUNS = 5


def frame(m):
    b = json.dumps(m).encode()
    return b"Content-Length: %d\r\n\r\n" % len(b) + b


class Client:
    def __init__(self, cairn, cwd, evaluate=False):
        args = [cairn, "lsp", "--debounce", "0"] + ([] if evaluate else ["--no-eval"])
        self.p = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=cwd)
        self.buf = b""
        self.next_id = 1

    def send(self, m):
        self.p.stdin.write(frame(m))
        self.p.stdin.flush()

    def read(self):
        while True:
            head, sep, rest = self.buf.partition(b"\r\n\r\n")
            if sep:
                n = int(head.split(b":")[1])
                if len(rest) >= n:
                    self.buf = rest[n:]
                    return json.loads(rest[:n])
            chunk = os.read(self.p.stdout.fileno(), 1 << 20)
            if not chunk:
                raise RuntimeError("server closed")
            self.buf += chunk

    def request(self, method, params):
        i = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": i, "method": method, "params": params})
        while True:
            m = self.read()
            if m.get("id") == i:
                return m

    def wait_diagnostics(self, uri, version):
        while True:
            m = self.read()
            if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri and \
                    m["params"].get("version") == version:
                return m

    def open(self, uri, text):
        self.send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                   "params": {"textDocument": {"uri": uri, "languageId": "cairn", "version": 1, "text": text}}})

    def wait_all_diagnostics(self, uris, version):
        """Reads messages until each of `uris` has had its diagnostics for `version`."""
        left = set(uris)
        while left:
            m = self.read()
            if m.get("method") == "textDocument/publishDiagnostics" and m["params"].get("version") == version:
                left.discard(m["params"]["uri"])

    def status_kb(self, field):
        with open(f"/proc/{self.p.pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
        raise RuntimeError(f"no {field} in /proc/{self.p.pid}/status")

    def cpu_ticks(self):
        with open(f"/proc/{self.p.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime

    def wait_idle(self, quiet_s=1.0, limit_s=120.0):
        """Waits until the server has used no CPU for `quiet_s` (its background work is over)."""
        end = time.monotonic() + limit_s
        last, since = self.cpu_ticks(), time.monotonic()
        while time.monotonic() < end:
            time.sleep(0.1)
            now = self.cpu_ticks()
            if now != last:
                last, since = now, time.monotonic()
            elif time.monotonic() - since >= quiet_s:
                return
        raise RuntimeError("the server did not settle")

    def close(self):
        self.request("shutdown", None)
        self.send({"jsonrpc": "2.0", "method": "exit"})
        self.p.wait(timeout=30)


def spec_lines(n):
    out = ['let local = import "cairn/local.conf" in', 'let lib = import "lib.conf" in', "let base = 8000 in", "{"]
    i = 0
    while len(out) < n - 1:
        out += [f"  svc{i} = {{", f'    name = "service-{i}",', f"    port = base + {i},",
                f"    tags = [\"a\", \"b\", lib.tag],", f"    file | local.File = {{ path = \"out/{i}\", content = \"x\" }},",
                "  },"]
        i += 1
    out.append("}")
    return "\n".join(out) + "\n"


def median_ms(xs):
    return statistics.median(xs) * 1000


def mb(kb):
    return f"{kb / 1024:.0f} MB"


def workspace(cairn, work, runs):
    """The 50-file workspace: the open time (median of `runs` fresh servers) and the resident
    memory with every file open, front end only and with evaluation."""
    ws = os.path.join(work, "workspace")
    os.makedirs(ws, exist_ok=True)
    with open(os.path.join(ws, "lib.conf"), "w") as f:
        f.write('{ tag = "t" }\n')
    files = []
    for k in range(WORKSPACE_FILES):
        path = os.path.join(ws, f"stack{k:02}.conf")
        text = spec_lines(WORKSPACE_LINES)
        with open(path, "w") as f:
            f.write(text)
        files.append(("file://" + path, text))
    uris = [u for u, _ in files]
    open_t, rss = [], {}
    for evaluate in [False] * runs + [True]:
        t = time.perf_counter()
        c = Client(cairn, ws, evaluate)
        c.request("initialize", {"capabilities": {}, "rootUri": "file://" + ws})
        c.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        for uri, text in files:
            c.open(uri, text)
        c.wait_all_diagnostics(uris, 1)
        if not evaluate:
            open_t.append(time.perf_counter() - t)
        c.wait_idle()
        rss[evaluate] = (c.status_kb("VmRSS"), c.status_kb("VmHWM"))
        c.close()
    lines = WORKSPACE_FILES * WORKSPACE_LINES
    return [
        (f"open a {lines:,}-line workspace ({WORKSPACE_FILES} files of {WORKSPACE_LINES:,} lines): server start "
         "to every file's diagnostics (median)", f"{median_ms(open_t):.0f} ms"),
        (f"resident memory, {WORKSPACE_FILES} files open, front end only (VmRSS, peak VmHWM)",
         f"{mb(rss[False][0])} (peak {mb(rss[False][1])})"),
        (f"resident memory, {WORKSPACE_FILES} files open, each evaluated in the background (VmRSS, peak VmHWM)",
         f"{mb(rss[True][0])} (peak {mb(rss[True][1])})"),
    ]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cairn", required=True)
    ap.add_argument("--workdir", default="build/bench")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    a = ap.parse_args()
    load = os.getloadavg()[0]  # before the benchmark adds its own
    cairn = os.path.abspath(a.cairn)
    os.makedirs(a.workdir, exist_ok=True)
    work = os.path.abspath(a.workdir)
    rows = []

    big = os.path.join(work, "spec_10mb.conf")
    if not os.path.exists(big):
        subprocess.run([sys.executable, os.path.join(HERE, "gen_parse_spec.py"), "--size-mb", "10", "-o", big], check=True)
    times = []
    for _ in range(3):
        t = time.perf_counter()
        subprocess.run([cairn, "fmt", "--stdout", big], stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - t)
    rows.append(("`cairn fmt --stdout` on the 10 MB spec (whole command)", f"{median_ms(times):.0f} ms"))

    text = spec_lines(10000)
    main_path = os.path.join(work, "lsp_main.conf")
    lib_path = os.path.join(work, "lib.conf")
    with open(main_path, "w") as f:
        f.write(text)
    with open(lib_path, "w") as f:
        f.write('{ tag = "t" }\n')
    uri, lib_uri = "file://" + main_path, "file://" + lib_path
    c = Client(cairn, work)
    c.request("initialize", {"capabilities": {}})
    t = time.perf_counter()
    c.send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": {"textDocument": {"uri": uri, "languageId": "cairn", "version": 1, "text": text}}})
    c.wait_diagnostics(uri, 1)
    rows.append(("open a 10,000-line spec: diagnostics published", f"{(time.perf_counter() - t) * 1000:.0f} ms"))
    lines = text.split("\n")
    target = next(i for i, l in enumerate(lines) if "port = base + 5" in l)
    col = lines[target].index("base")
    version = 1
    edit_times = []
    for k in range(a.runs):
        version += 1
        # `base` -> `bASe`... one character replaced each time, alternately breaking and fixing.
        ch = "x" if k % 2 == 0 else "b"
        t = time.perf_counter()
        c.send({"jsonrpc": "2.0", "method": "textDocument/didChange",
                "params": {"textDocument": {"uri": uri, "version": version},
                           "contentChanges": [{"range": {"start": {"line": target, "character": col},
                                                         "end": {"line": target, "character": col + 1}}, "text": ch}]}})
        c.wait_diagnostics(uri, version)
        edit_times.append(time.perf_counter() - t)
    rows.append(("one-character edit to published diagnostics (10,000 lines, median)", f"{median_ms(edit_times):.1f} ms (target 50 ms)"))
    fline = next(i for i, l in enumerate(lines) if "svc7" in l) + 4
    hover_t, comp_t = [], []
    for _ in range(a.runs):
        t = time.perf_counter()
        h = c.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": fline, "character": 27}})
        hover_t.append(time.perf_counter() - t)
        t = time.perf_counter()
        r = c.request("textDocument/completion", {"textDocument": {"uri": uri}, "position": {"line": fline, "character": 26}})
        comp_t.append(time.perf_counter() - t)
    assert h.get("result") and "Where the file is" in json.dumps(h), h
    assert any(i["label"] == "mode" for i in r["result"]["items"]), r
    rows.append(("hover on a resource field (median)", f"{median_ms(hover_t):.1f} ms (target 20 ms)"))
    rows.append(("completion inside a resource (median)", f"{median_ms(comp_t):.1f} ms (target 20 ms)"))
    c.send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
            "params": {"textDocument": {"uri": lib_uri, "languageId": "cairn", "version": 1, "text": '{ tag = "t" }\n'}}})
    c.wait_diagnostics(lib_uri, 1)
    imp_t = []
    for k in range(5):
        t = time.perf_counter()
        c.send({"jsonrpc": "2.0", "method": "textDocument/didChange",
                "params": {"textDocument": {"uri": lib_uri, "version": k + 2},
                           "contentChanges": [{"text": '{ tag = "t%d" }\n' % k}]}})
        c.wait_diagnostics(uri, version)  # the importer is re-checked and re-published
        imp_t.append(time.perf_counter() - t)
    rows.append(("edit of an imported file to the importer's diagnostics (median)", f"{median_ms(imp_t):.1f} ms"))
    c.close()
    rows += workspace(cairn, work, WORKSPACE_RUNS)
    lines = [BEGIN,
             f"`bench/lsp_bench.py --cairn {os.path.relpath(cairn)}` on {time.strftime('%Y-%m-%d', time.gmtime())} "
             f"(wall clock, medians of {a.runs} runs, of 3 for `fmt` and of {WORKSPACE_RUNS} servers for the "
             f"workspace; load average {load:.1f} on "
             f"{os.cpu_count()} shared cores).", "", "| measurement | figure |", "|---|---|"]
    lines += [f"| {r[0]} | {r[1]} |" for r in rows]
    lines.append(END)
    table = "\n".join(lines)
    print(table)
    if a.write:
        print(f"lsp_bench: wrote {bench_docs.write_marked(table, BEGIN, END, '## Editor tools')}")


if __name__ == "__main__":
    main()
