#!/usr/bin/env python3
"""GitOps at scale on loopback (issue 14 item 5): many reconcilers, many stacks, one state
repository served by `git daemon`.

  bench/gitops_sim.py --cairn build/release/cli/cairn [--reconcilers 20] [--stacks 200]
                      [--resources 3] [--rounds 2] [--followers 4]

Setup: a bare spec repository and a bare state repository in a temporary folder, both
served by `git daemon --enable=receive-pack` on a free loopback port. The spec repository
holds one spec per stack (`stacks/sNNN.json`, `--resources` null.Resources each). Stacks
are sharded among the reconcilers (stack i belongs to reconciler i mod R); each reconciler is
a worker with its own work folder (its own state cache and spec checkout, as a machine
would have) that runs `cairn reconcile --once --stack sNNN --path stacks/sNNN.json` for each
of its stacks in turn, all reconcilers at once.

Rounds: the first deploys every stack (one apply each); each later round pushes one spec
commit that changes every stack (a trigger), then reconciles again. Per round: wall time,
the commits the shared `main` took and so commits per second, pushes that had to be retried
because another stack's apply moved `main` first (`note: pushed after N retries`), applies
that lost the race for their own stack (none expected: stacks are sharded), claims held by
another reconciler, and failures.

Followers: while a round runs, `--followers` processes poll `cairn deployments --stack S
--state git://... -n 1 --json` for sampled stacks (each poll a fetch into their own cache)
and record when the round's spec commit shows up; the delay from the reconciler's exit to
the follower seeing it is the follower latency (its poll period is the time one poll takes).

Then the same rounds with one state repository per stack (no shared ref) for comparison,
and a contended round where two reconcilers own each stack (claims keep the change single).
Prints a Markdown table; --json writes the figures.
"""
import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

GIT_ENV = dict(os.environ, GIT_AUTHOR_NAME="sim", GIT_AUTHOR_EMAIL="sim@example.org", GIT_COMMITTER_NAME="sim",
               GIT_COMMITTER_EMAIL="sim@example.org", GIT_CONFIG_NOSYSTEM="1")
CAIRN = None


def git(*args, cwd=None):
    p = subprocess.run(["git"] + list(args), cwd=cwd, capture_output=True, text=True, env=GIT_ENV)
    if p.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)}: {p.stderr}")
    return p.stdout


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class World:
    def __init__(self, stacks, resources, state_per_stack):
        self.root = tempfile.mkdtemp(prefix="cairn-gitops-sim-")
        self.stacks = [f"s{i:03d}" for i in range(stacks)]
        self.resources = resources
        self.state_per_stack = state_per_stack
        git("init", "-q", "--bare", "-b", "main", os.path.join(self.root, "spec.git"))
        for name in (self.stacks if state_per_stack else ["state"]):
            git("init", "-q", "--bare", "-b", "main", os.path.join(self.root, f"{name}.git"))
        self.port = free_port()
        self.daemon = subprocess.Popen(
            ["git", "daemon", "--reuseaddr", "--export-all", "--enable=receive-pack", f"--base-path={self.root}",
             "--listen=127.0.0.1", f"--port={self.port}", "--max-connections=0", self.root],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        self.author = os.path.join(self.root, "author")
        git("clone", "-q", os.path.join(self.root, "spec.git"), self.author)
        git("checkout", "-q", "-b", "main", cwd=self.author)

    def state_url(self, stack):
        name = stack if self.state_per_stack else "state"
        return f"git://127.0.0.1:{self.port}/{name}.git"

    def spec_url(self):
        return f"git://127.0.0.1:{self.port}/spec.git"

    def push_round(self, version):
        os.makedirs(os.path.join(self.author, "stacks"), exist_ok=True)
        for st in self.stacks:
            res = {f"r{j}": {"type": "null.Resource", "triggers": {"v": str(version)}} for j in range(self.resources)}
            with open(os.path.join(self.author, "stacks", f"{st}.json"), "w") as f:
                json.dump({"resources": res}, f)
        git("add", "-A", cwd=self.author)
        git("commit", "-q", "-m", f"round {version}", cwd=self.author)
        git("push", "-q", "origin", "main", cwd=self.author)
        return git("rev-parse", "HEAD", cwd=self.author).strip()

    def main_commits(self, name="state"):
        out = subprocess.run(["git", "--git-dir", os.path.join(self.root, f"{name}.git"), "rev-list", "--count",
                              "main"], capture_output=True, text=True).stdout.strip()
        return int(out or 0)

    def total_commits(self):
        if not self.state_per_stack:
            return self.main_commits()
        return sum(self.main_commits(st) for st in self.stacks)

    def stop(self):
        os.killpg(self.daemon.pid, signal.SIGKILL)
        self.daemon.wait()
        shutil.rmtree(self.root, ignore_errors=True)


def env_for(folder):
    env = dict(GIT_ENV, NO_COLOR="1", CI="1", CAIRN_STATE_CACHE=os.path.join(folder, "cache"))
    env.pop("CAIRN_STATE", None)
    return env


class Counters:
    def __init__(self):
        self.lock = threading.Lock()
        self.retries = self.retried_pushes = self.lost = self.held = self.failures = self.applied = 0
        self.unchanged = 0
        self.pass_seconds = []
        self.slowest = (0.0, "")
        self.finished = {}  # stack -> time its reconcile ended (applied)


def reconciler(world, folder, stacks, counters):
    os.makedirs(folder, exist_ok=True)
    env = env_for(folder)
    for st in stacks:
        t0 = time.time()
        p = subprocess.run([CAIRN, "reconcile", "--once", "--source", world.spec_url(), "--path",
                            f"stacks/{st}.json", "--stack", st, "--state", world.state_url(st), "--work",
                            os.path.join(folder, "spec")], cwd=folder, env=env, capture_output=True, text=True)
        t1 = time.time()
        text = p.stdout + p.stderr
        with counters.lock:
            counters.pass_seconds.append(t1 - t0)
            if t1 - t0 > counters.slowest[0]:
                counters.slowest = (t1 - t0, text)
            for m in re.finditer(r"pushed after (\d+) retr", text):
                counters.retries += int(m.group(1))
                counters.retried_pushes += 1
            counters.lost += text.count("planning again from its state")
            counters.held += text.count("not applying the same change")
            if p.returncode != 0:
                counters.failures += 1
                sys.stderr.write(f"--- {st} failed ({p.returncode}):\n{text[-2000:]}\n")
            if "reconcile: applied" in text:
                counters.applied += 1
                counters.finished[st] = t1
            if "reconcile: unchanged" in text:
                counters.unchanged += 1


def follower(world, folder, stacks, spec_commit, seen, stop):
    os.makedirs(folder, exist_ok=True)
    env = env_for(folder)
    polls = []
    pending = set(stacks)
    while pending and not stop.is_set():
        for st in list(pending):
            t0 = time.time()
            p = subprocess.run([CAIRN, "deployments", "--stack", st, "--state", world.state_url(st), "-n", "1",
                                "--json"], cwd=folder, env=env, capture_output=True, text=True)
            t1 = time.time()
            polls.append(t1 - t0)
            try:
                deps = json.loads(p.stdout) if p.returncode == 0 else []
            except json.JSONDecodeError:
                deps = []
            if deps and deps[0].get("spec_commit") == spec_commit:
                seen[st] = t1
                pending.discard(st)
    seen["_polls"] = polls


def run_round(world, reconcilers, version, followers, copies=1):
    spec = world.push_round(version)
    before = world.total_commits()
    counters = Counters()
    shards = [[] for _ in range(reconcilers)]
    for i, st in enumerate(world.stacks):
        for c in range(copies):
            shards[(i + c) % reconcilers].append(st)
    sample = world.stacks[:: max(1, len(world.stacks) // max(1, followers * 5))][: followers * 5]
    seen_maps, fthreads, stop = [], [], threading.Event()
    for f in range(followers):
        seen = {}
        seen_maps.append(seen)
        part = sample[f::followers]
        t = threading.Thread(target=follower, args=(world, os.path.join(world.root, f"follower{f}"), part, spec,
                                                    seen, stop))
        fthreads.append(t)
    threads = [threading.Thread(target=reconciler, args=(world, os.path.join(world.root, f"machine{r}"), shards[r],
                                                         counters)) for r in range(reconcilers)]
    t0 = time.time()
    for t in fthreads + threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.time() - t0
    deadline = time.time() + 60
    for t in fthreads:
        t.join(timeout=max(0.1, deadline - time.time()))
    stop.set()
    for t in fthreads:
        t.join()
    commits = world.total_commits() - before
    if os.environ.get("SIM_DEBUG"):
        sys.stderr.write(f"slowest pass {counters.slowest[0]:.2f}s, sum {sum(counters.pass_seconds):.1f}s:\n"
                         f"{counters.slowest[1][-3000:]}\n")
    lat, polls = [], []
    for seen in seen_maps:
        polls += seen.pop("_polls", [])
        for st, when in seen.items():
            if st in counters.finished:
                lat.append(max(0.0, when - counters.finished[st]))
    return {
        "wall_s": wall, "commits": commits, "commits_per_s": commits / wall if wall else 0,
        "applied": counters.applied, "unchanged": counters.unchanged, "failures": counters.failures,
        "retried_pushes": counters.retried_pushes, "retries": counters.retries, "lost_races": counters.lost,
        "claims_held": counters.held,
        "pass_median_s": statistics.median(counters.pass_seconds) if counters.pass_seconds else 0,
        "pass_p90_s": sorted(counters.pass_seconds)[int(0.9 * (len(counters.pass_seconds) - 1))]
        if counters.pass_seconds else 0,
        "follower_latency_median_s": statistics.median(lat) if lat else None,
        "follower_latency_max_s": max(lat) if lat else None,
        "follower_poll_median_s": statistics.median(polls) if polls else None,
        "follower_samples": len(lat),
    }


def main():
    global CAIRN
    ap = argparse.ArgumentParser()
    ap.add_argument("--cairn", required=True)
    ap.add_argument("--reconcilers", type=int, default=20)
    ap.add_argument("--stacks", type=int, default=200)
    ap.add_argument("--resources", type=int, default=3)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--followers", type=int, default=4)
    ap.add_argument("--json", help="write the figures to this file")
    ap.add_argument("--skip-per-stack", action="store_true")
    a = ap.parse_args()
    CAIRN = os.path.abspath(a.cairn)
    results = {"config": vars(a).copy(), "shared": [], "per_stack": [], "contended": None}
    results["config"].pop("cairn")
    world = World(a.stacks, a.resources, state_per_stack=False)
    try:
        for r in range(a.rounds):
            results["shared"].append(run_round(world, a.reconcilers, r, a.followers))
            print(f"shared state, round {r}: {json.dumps(results['shared'][-1])}", flush=True)
        results["contended"] = run_round(world, a.reconcilers, a.rounds, a.followers, copies=2)
        print(f"shared state, two reconcilers per stack: {json.dumps(results['contended'])}", flush=True)
    finally:
        world.stop()
    if not a.skip_per_stack:
        world = World(a.stacks, a.resources, state_per_stack=True)
        try:
            for r in range(a.rounds):
                results["per_stack"].append(run_round(world, a.reconcilers, r, a.followers))
                print(f"one state per stack, round {r}: {json.dumps(results['per_stack'][-1])}", flush=True)
        finally:
            world.stop()
    print()
    print("| layout | round | wall | state commits | commits/s | retried pushes (retries) | lost races | claims held | failures | pass median / p90 | follower sees it (median / max) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    rows = [("one state repo", i, x) for i, x in enumerate(results["shared"])]
    if results["contended"]:
        rows.append(("one state repo, 2 reconcilers per stack", a.rounds, results["contended"]))
    rows += [("one state repo per stack", i, x) for i, x in enumerate(results["per_stack"])]
    for name, i, x in rows:
        fl = (f"{x['follower_latency_median_s']:.2f} s / {x['follower_latency_max_s']:.2f} s"
              if x["follower_latency_median_s"] is not None else "-")
        print(f"| {name} | {i} | {x['wall_s']:.1f} s | {x['commits']} | {x['commits_per_s']:.1f} | "
              f"{x['retried_pushes']} ({x['retries']}) | {x['lost_races']} | {x['claims_held']} | {x['failures']} | "
              f"{x['pass_median_s']:.2f} / {x['pass_p90_s']:.2f} s | {fl} |")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(results, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
