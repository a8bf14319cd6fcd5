#!/usr/bin/env python3
"""`cairn reconcile` through the binary (helpers and runner from scenarios.py): a spec
repository served by a real `git daemon` on loopback (and as file://), the state local or
on the same server, each reconciler a process in its own work folder.

- a spec commit pushed while the loop runs is applied within one interval, and recorded
  with its commit (`cairn deployments`);
- POST /hook reconciles at once with the secret, 401 without it or with a wrong one;
  /healthz and /metrics (Prometheus text) answer;
- a file changed by hand (drift) is put back by the next pass, counted in /metrics;
- a failing provider (a local.File whose folder is a file) backs off: the waits grow,
  failures are counted, and once the spec is mended the loop converges;
- SIGTERM while a slow action runs: it finishes, is recorded, the process exits 0;
- two reconcilers on one remote state apply a change once;
- `--once` exit codes: 0 converged, 1 for a failing pass or an unreachable source.

  reconcile_scenarios.py --cairn build/release/cli/cairn [NAME...]
"""
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scenarios as s  # noqa: E402

s.SCENARIOS.clear()

scenario, check, contains = s.scenario, s.check, s.contains

GIT_ENV = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.org", GIT_CONFIG_NOSYSTEM="1", HOME=tempfile.gettempdir())


def git(*args, cwd=None):
    p = subprocess.run(["git"] + list(args), cwd=cwd, capture_output=True, text=True, env=GIT_ENV)
    if p.returncode != 0:
        raise s.Failure(f"git {' '.join(args)}: {p.stderr}")
    return p.stdout


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Daemon:
    """`git daemon` on loopback serving bare repositories (spec.git, state.git) of a folder."""

    def __init__(self):
        self.root = tempfile.mkdtemp(prefix="cairn-reconcile-")
        for name in ("spec.git", "state.git"):
            git("init", "-q", "--bare", "-b", "main", os.path.join(self.root, name))
        self.port = free_port()
        self.proc = subprocess.Popen(
            ["git", "daemon", "--reuseaddr", "--export-all", "--enable=receive-pack", f"--base-path={self.root}",
             "--listen=127.0.0.1", f"--port={self.port}", self.root],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        # The author's clone of the spec repository.
        self.work = os.path.join(self.root, "author")
        git("clone", "-q", os.path.join(self.root, "spec.git"), self.work)
        git("checkout", "-q", "-b", "main", cwd=self.work)

    def url(self, name):
        return f"git://127.0.0.1:{self.port}/{name}"

    def file_url(self, name):
        return "file://" + os.path.join(self.root, name)

    def push_spec(self, resources, message="spec"):
        with open(os.path.join(self.work, "spec.json"), "w") as f:
            json.dump({"resources": resources}, f, indent=2)
        git("add", "spec.json", cwd=self.work)
        git("commit", "-q", "-m", message, cwd=self.work)
        git("push", "-q", "origin", "main", cwd=self.work)
        return git("rev-parse", "HEAD", cwd=self.work).strip()

    def stop(self):
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()


class Reconciler:
    """`cairn reconcile` running in a work folder; its output read by a thread."""

    def __init__(self, d, *args):
        self.lines = []
        self.lock = threading.Lock()
        self.proc = subprocess.Popen([s.CAIRN, "reconcile"] + list(args), cwd=d.path, env=d.env(),
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.port = None
        if "--listen" in args:
            m = self.wait_for(r"listening on http://127\.0\.0\.1:(\d+)")
            self.port = int(m.group(1))

    def _read(self):
        for line in self.proc.stdout:
            with self.lock:
                self.lines.append(line)

    def output(self):
        with self.lock:
            return "".join(self.lines)

    def wait_for(self, pattern, timeout=20, count=1):
        deadline = time.time() + timeout
        while time.time() < deadline:
            found = list(re.finditer(pattern, self.output()))
            if len(found) >= count:
                return found[count - 1]
            if self.proc.poll() is not None:
                time.sleep(0.2)
                found = list(re.finditer(pattern, self.output()))
                if len(found) >= count:
                    return found[count - 1]
                raise s.Failure(f"reconcile exited {self.proc.returncode} before {pattern!r}:\n{self.output()}")
            time.sleep(0.05)
        raise s.Failure(f"no {pattern!r} (x{count}) within {timeout}s:\n{self.output()}")

    def request(self, method, path, headers=None):
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", method=method, headers=headers or {},
                                     data=b"" if method == "POST" else None)
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def metric(self, name):
        _, text = self.request("GET", "/metrics")
        m = re.search(rf"^{re.escape(name)} (\S+)$", text, re.M)
        check(m is not None, f"no {name} in /metrics:\n{text}")
        return float(m.group(1))

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.reader.join(timeout=5)
        return self.proc.returncode


def deployments(d, *state_args):
    p = d.run("deployments", "--json", *state_args)
    return json.loads(p.stdout)


@scenario
def pushed_spec_commit_applied_within_an_interval(d):
    daemon = Daemon()
    r = None
    try:
        first = daemon.push_spec({"web": s.file_resource(d.file("out/web.txt"), "v1\n")})
        r = Reconciler(d, "--source", daemon.url("spec.git"), "--path", "spec.json", "--interval", "1s",
                       "--listen", "127.0.0.1:0")
        r.wait_for(r"reconcile: applied")
        check(d.read("out/web.txt") == "v1\n", "the first pass applied the spec")
        second = daemon.push_spec({"web": s.file_resource(d.file("out/web.txt"), "v2\n")}, "v2")
        pushed = time.time()
        r.wait_for(r"reconcile: applied", count=2, timeout=10)
        took = time.time() - pushed
        check(d.read("out/web.txt") == "v2\n", "the pushed commit was applied")
        check(took < 3.0, f"applied {took:.1f}s after the push, more than an interval and a pass")
        r.wait_for(r"reconcile: unchanged", timeout=10)
        deps = deployments(d)
        check([x["spec_commit"] for x in deps[:2]] == [second, first], f"deployments record the spec commits: {deps}")
        check(deps[0]["spec_clean"] is True, "the private checkout is clean")
        status, text = r.request("GET", "/metrics")
        check(status == 200, "metrics answer")
        contains(text, f'spec_commit="{second}"')
        contains(text, 'cairn_reconcile_last_result{result="unchanged"} 1')
        check(r.metric("cairn_reconcile_applies_total") == 2, "two applies counted")
        check(r.stop() == 0, "SIGTERM while idle exits 0")
        contains(r.output(), "reconcile: stopped")
    finally:
        if r:
            r.stop()
        daemon.stop()


@scenario
def hook_reconciles_at_once_with_the_secret(d):
    daemon = Daemon()
    r = None
    try:
        daemon.push_spec({"web": s.file_resource(d.file("out/web.txt"), "v1\n")})
        d.write("secret", "s3cret-token\n")
        r = Reconciler(d, "--source", daemon.file_url("spec.git"), "--path", "spec.json", "--interval", "10m",
                       "--listen", "127.0.0.1:0", "--hook-secret-file", "secret")
        r.wait_for(r"reconcile: applied")
        check(r.request("GET", "/healthz") == (200, "ok\n"), "healthz")
        daemon.push_spec({"web": s.file_resource(d.file("out/web.txt"), "v2\n")}, "v2")
        check(r.request("POST", "/hook")[0] == 401, "no secret: 401")
        check(r.request("POST", "/hook", {"Authorization": "Bearer wrong"})[0] == 401, "a wrong secret: 401")
        check(r.request("POST", "/hook", {"Authorization": "Bearer s3cret-token-and-more"})[0] == 401,
              "a longer secret: 401")
        time.sleep(0.5)
        check(d.read("out/web.txt") == "v1\n", "a refused hook does not reconcile")
        t = time.time()
        check(r.request("POST", "/hook", {"Authorization": "Bearer s3cret-token"})[0] == 202, "the secret: 202")
        r.wait_for(r"reconcile: applied", count=2, timeout=10)
        check(time.time() - t < 5, "the hook reconciled at once (the interval is 10m)")
        check(d.read("out/web.txt") == "v2\n", "the hook applied the new commit")
        check(r.request("GET", "/nowhere")[0] == 404, "unknown path: 404")
        check(r.request("GET", "/hook")[0] == 405, "GET /hook: 405")
    finally:
        if r:
            r.stop()
        daemon.stop()


@scenario
def drift_repaired(d):
    daemon = Daemon()
    r = None
    try:
        daemon.push_spec({"web": s.file_resource(d.file("out/web.txt"), "v1\n")})
        r = Reconciler(d, "--source", daemon.url("spec.git"), "--path", "spec.json", "--interval", "1s",
                       "--listen", "127.0.0.1:0")
        r.wait_for(r"reconcile: applied")
        check(r.metric("cairn_reconcile_drift") == 0, "no drift after the first apply")
        with open(d.file("out/web.txt"), "w") as f:
            f.write("edited by hand\n")
        r.wait_for(r"reconcile: applied", count=2, timeout=10)
        check(d.read("out/web.txt") == "v1\n", "the drift was put back")
        check(r.metric("cairn_reconcile_drift") == 1, "drift counted")
        check(r.metric("cairn_reconcile_applies_total") == 2, "the repair is an apply")
        # The record did not change (same content, same outputs): no new state commit.
        check(len(deployments(d)) == 1, "the repair changed no record")
        r.wait_for(r"reconcile: unchanged", timeout=10)
        check(r.metric("cairn_reconcile_drift") == 0, "no drift once repaired")
    finally:
        if r:
            r.stop()
        daemon.stop()


@scenario
def backoff_after_a_failing_provider(d):
    daemon = Daemon()
    r = None
    try:
        d.write("blocker", "a file where a folder should be\n")
        daemon.push_spec({"web": s.file_resource(d.file("blocker/web.txt"), "v1\n")})
        r = Reconciler(d, "--source", daemon.url("spec.git"), "--path", "spec.json", "--interval", "200ms",
                       "--max-backoff", "2s", "--listen", "127.0.0.1:0")
        waits = []
        for i in range(1, 5):
            m = r.wait_for(r"failure (\d+) in a row; next attempt in (\d+)(ms|s)", count=i, timeout=20)
            waits.append(int(m.group(2)) / (1000 if m.group(3) == "ms" else 1))
        check(all(0.1 <= w <= 2.0 for w in waits), f"waits stay within base/2 and the cap: {waits}")
        check(waits[3] > waits[0], f"the waits grow: {waits}")
        check(r.metric("cairn_reconcile_failures_total") >= 4, "failures counted")
        check(r.metric("cairn_reconcile_consecutive_failures") >= 4, "in a row")
        check(r.metric("cairn_reconcile_backoff_seconds") > 0, "a backoff is reported")
        daemon.push_spec({"web": s.file_resource(d.file("out/web.txt"), "v1\n")}, "mended")
        r.wait_for(r"reconcile: applied", timeout=20)
        check(d.read("out/web.txt") == "v1\n", "the mended spec converged")
        time.sleep(0.6)
        check(r.metric("cairn_reconcile_consecutive_failures") == 0, "a success resets the count")
    finally:
        if r:
            r.stop()
        daemon.stop()


@scenario
def sigterm_mid_apply_is_recorded(d):
    daemon = Daemon()
    r = None
    try:
        resources = {"slow": s.null(delay_ms=1500), "after": s.null(depends_on=["slow"])}
        daemon.push_spec(resources)
        r = Reconciler(d, "--source", daemon.url("spec.git"), "--path", "spec.json", "--interval", "1s")
        r.wait_for(r"slow.*(Creating|creating)", timeout=20)
        r.proc.send_signal(signal.SIGTERM)
        code = r.proc.wait(timeout=30)
        r.reader.join(timeout=5)
        check(code == 0, f"exit 0 after SIGTERM, got {code}:\n{r.output()}")
        contains(r.output(), "reconcile: stopped")
        addresses = d.run("state", "list").stdout.split()
        check("slow" in addresses, f"the action in flight was recorded: {addresses}\n{r.output()}")
        check("after" not in addresses, f"nothing started after SIGTERM: {addresses}")
        # The next run finishes the job.
        p = d.run("reconcile", "--once", "--source", daemon.url("spec.git"), "--path", "spec.json")
        contains(p.stdout, "reconcile: applied")
        check(sorted(d.run("state", "list").stdout.split()) == ["after", "slow"], "converged")
    finally:
        if r:
            r.stop()
        daemon.stop()


def one_of_two_applies(d, other, daemon, args, what):
    """Runs `cairn ARGS` in two folders at once; checks that both converge, that exactly one
    applied and that no apply lost a race (so none made the change twice); their output."""
    p1, p2 = d.spawn(*args), other.spawn(*args)
    out1, err1 = p1.communicate(timeout=60)
    out2, err2 = p2.communicate(timeout=60)
    both = out1 + err1 + out2 + err2
    check(p1.returncode == 0 and p2.returncode == 0, f"{what}: both converge: {p1.returncode} {p2.returncode}\n{both}")
    check((out1 + out2).count("Apply complete!") == 1, f"{what}: one of them applied:\n{both}")
    orphans = git("--git-dir", os.path.join(daemon.root, "state.git"), "for-each-ref", "refs/cairn/orphans")
    check(orphans == "", f"{what}: no apply lost a race: {orphans}\n{both}")
    return both


@scenario
def two_reconcilers_apply_a_change_once(d):
    daemon = Daemon()
    other = s.Dir()
    try:
        state = ["--state", daemon.url("state.git")]
        args = ["reconcile", "--once", "--source", daemon.url("spec.git"), "--path", "spec.json"] + state
        for round in range(3):
            # Both start together, so both plan the change from the same state commit. The
            # apply (a, replaced every round) lasts long enough that the one that did not claim
            # first plans again (every 0.25-0.75 s) while the other is still applying: it must
            # find the claim held, never take it over, on a new stack (round 0) as on one with
            # records.
            daemon.push_spec({"a": s.null(triggers={"v": str(round)}, delay_ms=1500), "b": s.null()},
                             f"round {round}")
            both = one_of_two_applies(d, other, daemon, args, f"round {round}")
            check(both.count("reconcile: unchanged") == 1, f"round {round}: the other found nothing to do:\n{both}")
        deps = deployments(d, *state)
        check(len(deps) == 3, f"one deployment per round: {deps}")
        claims = git("--git-dir", os.path.join(daemon.root, "state.git"), "log", "--format=%s", "refs/cairn/claims/default")
        check(len(claims.split("\n")) >= 3, f"each round's apply was claimed: {claims}")
    finally:
        other.cleanup()
        daemon.stop()


@scenario
def a_long_apply_keeps_its_claim(d):
    # Claims last 2 s here; the apply lasts 5 s. The reconciler that claimed renews its claim
    # while it applies, so the other, planning again every 0.25-0.75 s from the same state,
    # finds it held all along and never makes the change a second time.
    daemon = Daemon()
    other = s.Dir()
    saved = os.environ.get("CAIRN_CLAIM_SECONDS")
    os.environ["CAIRN_CLAIM_SECONDS"] = "2"
    try:
        state = ["--state", daemon.url("state.git")]
        args = ["reconcile", "--once", "--source", daemon.url("spec.git"), "--path", "spec.json"] + state
        daemon.push_spec({"a": s.null(delay_ms=5000)})
        both = one_of_two_applies(d, other, daemon, args, "a 5 s apply")
        check("not renewed" not in both, f"every renewal landed:\n{both}")
        claims = git("--git-dir", os.path.join(daemon.root, "state.git"), "log", "--format=%s", "refs/cairn/claims/default")
        check(len(claims.split("\n")) >= 4, f"the claim and its renewals: {claims}")
    finally:
        if saved is None:
            os.environ.pop("CAIRN_CLAIM_SECONDS", None)
        else:
            os.environ["CAIRN_CLAIM_SECONDS"] = saved
        other.cleanup()
        daemon.stop()


@scenario
def once_exit_codes(d):
    daemon = Daemon()
    try:
        d.write("blocker", "x\n")
        daemon.push_spec({"web": s.file_resource(d.file("out/web.txt"), "v1\n")})
        src = ["--source", daemon.url("spec.git"), "--path", "spec.json"]
        contains(d.run("reconcile", "--once", *src).stdout, "reconcile: applied")
        contains(d.run("reconcile", "--once", *src).stdout, "reconcile: unchanged")
        daemon.push_spec({"web": s.file_resource(d.file("blocker/web.txt"), "v1\n")}, "broken")
        p = d.run("reconcile", "--once", *src, expect=1)
        contains(p.stdout, "reconcile: failed")
        p = d.run("reconcile", "--once", "--source", f"git://127.0.0.1:{free_port()}/none.git", "--work", "w2",
                  expect=1)
        contains(p.stderr, "error[E0660]: cannot fetch the spec")
        p = d.run("reconcile", "--once", *src, "--ref", "no-such-branch", expect=1)
        contains(p.stderr, "has no branch, tag or commit `no-such-branch`")
        p = d.run("reconcile", "--once", "--source", daemon.url("spec.git"), "--path", "missing.conf", expect=1)
        contains(p.stderr, "has no file `missing.conf`")
        p = d.run("reconcile", "--once", *src, "--interval", "soon", expect=1)
        contains(p.stderr, "`soon` is not a duration")
        p = d.run("reconcile", *src, "--listen", "nowhere", expect=1)
        contains(p.stderr, "expected HOST:PORT")
        p = d.run("reconcile", *src, "--hook-secret-file", "missing", expect=1)
        contains(p.stderr, "cannot read a secret")
    finally:
        daemon.stop()


if __name__ == "__main__":
    sys.exit(s.main())
