#!/usr/bin/env python3
"""Parser benchmark: throughput and peak memory of `cairn parse` on generated specs.

Generates deployment-like specs with bench/gen_parse_spec.py (1 MB and 10 MB by default)
and a typed spec with bench/gen_typecheck_spec.py (50,000 lines), runs `cairn parse FILE`
several times on each, and reports the median wall time, the
throughput in MB/s and the peak resident memory (as a multiple of the input size too).
The reference path (`--whole-file`: the whole file as one ANTLR parse) is measured once
on the smallest spec for comparison. With --write, the table replaces the section between
the parse_bench markers in docs/benchmarks.md.

  bench/parse_bench.py                                   # build/dev/cli/cairn, print only
  bench/parse_bench.py --cairn build/release/cli/cairn --write

The machines are shared; the load average is printed with the results.
"""
import argparse
import os
import resource
import statistics
import subprocess
import sys
import time

import bench_docs

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BEGIN = "<!-- parse_bench.py: begin -->"
END = "<!-- parse_bench.py: end -->"


def run_once(cmd):
    """Runs cmd (a `cairn parse` with --stats); returns (wall seconds, CPU seconds, peak RSS
    in bytes)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd + ["--stats"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    took = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        sys.exit(f"parse_bench: {' '.join(cmd)} exited {proc.returncode}")
    # cairn reads its own peak (VmHWM): a child's getrusage maxrss would count the copy of
    # this Python process it was forked from.
    for line in proc.stderr.splitlines():
        if line.startswith("peak rss:"):
            return took, cpu, int(line.split()[2]) * 1024
    sys.exit("parse_bench: no peak rss in --stats output")


def measure(cmd, runs):
    times, cpus, peaks = [], [], []
    for _ in range(runs):
        took, cpu, rss = run_once(cmd)
        times.append(took)
        cpus.append(cpu)
        peaks.append(rss)
    return statistics.median(times), statistics.median(cpus), max(peaks)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cairn", default=os.path.join(ROOT, "build/dev/cli/cairn"))
    ap.add_argument("--sizes", default="1,10", help="spec sizes in MB, comma separated")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--typed-lines", type=int, default=50000, help="lines of the typed spec")
    ap.add_argument("--workdir", default=os.path.join(ROOT, "build/bench"))
    ap.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    a = ap.parse_args()
    os.makedirs(a.workdir, exist_ok=True)
    cairn = os.path.abspath(a.cairn)

    tiny = os.path.join(a.workdir, "tiny.conf")
    with open(tiny, "w") as f:
        f.write("{ a = 1 }\n")
    _, _, baseline = measure([cairn, "parse", tiny], 3)

    rows = []
    specs = []
    for size in [float(s) for s in a.sizes.split(",")]:
        path = os.path.join(a.workdir, f"spec_{size:g}mb.conf")
        if not os.path.exists(path):
            subprocess.run([sys.executable, os.path.join(HERE, "gen_parse_spec.py"), "--size-mb", str(size),
                            "-o", path], check=True)
        specs.append(path)
        nbytes = os.path.getsize(path)
        rows.append((f"{size:g} MB spec", nbytes, *measure([cairn, "parse", path], a.runs)))
    # Typed code (annotations, record, dictionary and enum types, `forall`): the type
    # checker's benchmark input.
    typed = os.path.join(a.workdir, f"typed_{a.typed_lines}.conf")
    if not os.path.exists(typed):
        with open(typed, "w") as f:
            subprocess.run([sys.executable, os.path.join(HERE, "gen_typecheck_spec.py"), str(a.typed_lines)],
                           stdout=f, check=True)
    rows.append((f"typed spec, {a.typed_lines:,} lines (`gen_typecheck_spec.py`)", os.path.getsize(typed),
                 *measure([cairn, "parse", typed], a.runs)))
    ref_path = specs[0]
    rows.append((f"{os.path.basename(ref_path)}, `--whole-file` (reference)", os.path.getsize(ref_path),
                 *measure([cairn, "parse", "--whole-file", ref_path], 1)))

    load = os.getloadavg()[0]
    lines = [
        BEGIN,
        f"`bench/parse_bench.py` on {time.strftime('%Y-%m-%d')}, `{os.path.relpath(cairn, ROOT)}`, "
        f"median of {a.runs} runs (1 for the reference), load average {load:.1f} on 2 shared cores. "
        f"Time is wall-clock (CPU time beside it: the machines are shared, so it is the steadier "
        f"number); throughput is per wall second. Peak RSS is the whole process; an empty parse "
        f"peaks at {baseline / 2**20:.1f} MB.",
        "",
        "| input | bytes | time | CPU | throughput | peak RSS | RSS / input |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, nbytes, secs, cpu, peak in rows:
        lines.append(f"| {name} | {nbytes:,} | {secs:.2f} s | {cpu:.2f} s | {nbytes / 2**20 / secs:.1f} MB/s | "
                     f"{peak / 2**20:.1f} MB | {peak / nbytes:.1f}x |")
    lines.append(END)
    table = "\n".join(lines)
    print(table)

    if a.write:
        print(f"parse_bench: wrote {bench_docs.write_marked(table, BEGIN, END, '## Parser')}")


if __name__ == "__main__":
    main()
