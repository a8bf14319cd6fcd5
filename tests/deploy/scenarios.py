#!/usr/bin/env python3
"""Deployment scenarios through the `cairn` binary, each in its own temporary folder.

Every scenario writes a spec, runs `cairn plan`/`apply`/`destroy`/`state` as a user would,
and checks exit codes, output, the files on disk and the state repository (with the git
CLI, as an outside observer). Run all of them, or some by name:

  scenarios.py --cairn build/dev/cli/cairn [NAME...]
"""
import argparse
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback

CAIRN = None
SCENARIOS = []


def scenario(fn):
    SCENARIOS.append(fn)
    return fn


class Failure(Exception):
    pass


class Dir:
    """A temporary working folder with helpers to write specs and run cairn in it."""

    def __init__(self):
        self.path = tempfile.mkdtemp(prefix="cairn-scenario-")

    def cleanup(self):
        shutil.rmtree(self.path, ignore_errors=True)

    def file(self, rel):
        return os.path.join(self.path, rel)

    def write(self, rel, text):
        os.makedirs(os.path.dirname(self.file(rel)) or ".", exist_ok=True)
        with open(self.file(rel), "w") as f:
            f.write(text)

    def read(self, rel):
        with open(self.file(rel)) as f:
            return f.read()

    def exists(self, rel):
        return os.path.exists(self.file(rel))

    def spec(self, resources, outputs=None, name="spec.json", providers=None):
        doc = {"resources": resources}
        if outputs is not None:
            doc["outputs"] = outputs
        if providers is not None:
            doc["providers"] = providers
        self.write(name, json.dumps(doc, indent=2))

    def env(self):
        env = dict(os.environ, NO_COLOR="1", CI="1")
        env.pop("CAIRN_STATE", None)
        return env

    def run(self, *args, expect=0, stdin=None):
        p = subprocess.run([CAIRN] + list(args), cwd=self.path, env=self.env(),
                           capture_output=True, text=True, input=stdin, timeout=120)
        if p.returncode < 0 or p.returncode > 2:
            raise Failure(f"cairn {' '.join(args)} crashed ({p.returncode}):\n{p.stderr}")
        if expect is not None and p.returncode != expect:
            raise Failure(f"cairn {' '.join(args)} exited {p.returncode}, wanted {expect}\n"
                          f"--- stdout\n{p.stdout}--- stderr\n{p.stderr}")
        return p

    def spawn(self, *args):
        return subprocess.Popen([CAIRN] + list(args), cwd=self.path, env=self.env(),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def git(self, *args):
        p = subprocess.run(["git", "--git-dir", self.file(".cairn/state")] + list(args),
                           capture_output=True, text=True)
        if p.returncode != 0:
            raise Failure(f"git {' '.join(args)}: {p.stderr}")
        return p.stdout

    def head(self):
        p = subprocess.run(["git", "--git-dir", self.file(".cairn/state"), "rev-parse", "--verify", "-q",
                            "refs/heads/main"], capture_output=True, text=True)
        return p.stdout.strip()

    def record(self, address, stack="default"):
        return json.loads(self.git("show", f"main:stacks/{stack}/resources/{address}.json"))

    def addresses(self, stack="default"):
        return self.run("state", "list", "--stack", stack).stdout.split()


def check(cond, message):
    if not cond:
        raise Failure(message)


def contains(text, part):
    check(part in text, f"expected to find {part!r} in:\n{text}")


def file_resource(path, content, **extra):
    r = {"type": "local.File", "path": path, "content": content}
    r.update(extra)
    return r


def null(**extra):
    r = {"type": "null.Resource"}
    r.update(extra)
    return r


# --- scenarios ---------------------------------------------------------------------------


@scenario
def create_then_noop(d):
    d.spec({"motd": file_resource("out/motd.txt", "hello\n"),
            "web": {"conf": file_resource("out/web/site.conf", "port = 80\n", mode="0600")}},
           outputs={"site": "example"})
    p = d.run("plan", "spec.json", "--detailed-exitcode", expect=2)
    contains(p.stdout, "Plan: 2 to add, 0 to change, 0 to destroy.")
    check(not d.exists(".cairn"), "plan must not create the state repository")
    p = d.run("apply", "spec.json", "--auto-approve")
    contains(p.stdout, "Apply complete! Resources: 2 added, 0 changed, 0 destroyed.")
    check(d.read("out/motd.txt") == "hello\n", "motd content")
    check(oct(os.stat(d.file("out/web/site.conf")).st_mode & 0o777) == "0o600", "mode 0600")
    rec = d.record("web.conf")
    check(rec["outputs"]["sha256"] == hashlib.sha256(b"port = 80\n").hexdigest(), "sha256 output")
    check(json.loads(d.git("show", "main:stacks/default/outputs.json")) ==
          {"format": 2, "outputs": {"site": {"value": "example"}}}, "outputs")
    check(d.git("rev-list", "--count", "main").strip() == "1", "one commit per apply")
    p = d.run("plan", "spec.json", "--detailed-exitcode", expect=0)
    contains(p.stdout, "No changes.")
    before = d.head()
    p = d.run("apply", "spec.json", "--auto-approve")
    check(d.head() == before, "a no-op apply makes no commit")


@scenario
def update_replace_delete(d):
    d.spec({"a": file_resource("out/a.txt", "one\n"), "b": file_resource("out/b.txt", "bee\n"),
            "c": file_resource("out/c.txt", "sea\n")})
    d.run("apply", "spec.json", "--auto-approve")
    d.spec({"a": file_resource("out/a.txt", "one\ntwo\n"), "b": file_resource("out/b2.txt", "bee\n")})
    p = d.run("plan", "spec.json")
    contains(p.stdout, "# a will be updated in-place")
    contains(p.stdout, "+ two")
    contains(p.stdout, "# b must be replaced")
    contains(p.stdout, '~ path   = "out/b.txt" -> "out/b2.txt" # forces replacement')
    contains(p.stdout, "# c will be destroyed")
    contains(p.stdout, "Plan: 1 to add, 1 to change, 2 to destroy.")
    d.run("apply", "spec.json", "--auto-approve")
    check(d.read("out/a.txt") == "one\ntwo\n", "updated")
    check(not d.exists("out/b.txt") and d.read("out/b2.txt") == "bee\n", "replaced")
    check(not d.exists("out/c.txt"), "deleted")
    check(d.addresses() == ["a", "b"], "state after update/replace/delete")
    msg = d.git("log", "-1", "--format=%B", "main")
    contains(msg, "apply: 1 added, 1 changed, 2 destroyed")
    contains(msg, "replaced b")
    contains(msg, "Cairn-Plan: sha256:")


@scenario
def drift_after_hand_edit(d):
    d.spec({"a": file_resource("out/a.txt", "managed\n"), "b": file_resource("out/b.txt", "bee\n")})
    d.run("apply", "spec.json", "--auto-approve")
    d.write("out/a.txt", "edited by hand\n")
    os.remove(d.file("out/b.txt"))
    p = d.run("plan", "spec.json", "--detailed-exitcode", expect=2)
    contains(p.stdout, "(changed outside cairn: content)")
    contains(p.stdout, "- edited by hand")
    contains(p.stdout, "(deleted outside cairn)")
    p = d.run("plan", "spec.json", "--refresh=false", "--detailed-exitcode", expect=0)
    d.run("apply", "spec.json", "--auto-approve")
    check(d.read("out/a.txt") == "managed\n" and d.read("out/b.txt") == "bee\n", "drift repaired")
    d.run("plan", "spec.json", "--detailed-exitcode", expect=0)


@scenario
def stale_plan(d):
    d.spec({"a": file_resource("out/a.txt", "1")})
    d.run("plan", "spec.json", "-o", "first.json")
    d.run("plan", "spec.json", "-o", "second.json")
    d.run("apply", "first.json")
    head = d.head()
    p = d.run("apply", "second.json", expect=1)
    contains(p.stderr, "error[E0610]: the plan is stale")
    check(d.head() == head, "a stale plan changes nothing")


@scenario
def partial_failure(d):
    d.spec({"base": null(),
            "bad": null(fail=True, depends_on=["base"]),
            "after_bad": null(depends_on=["bad"]),
            "after_after": null(depends_on=["after_bad"]),
            "slow": null(delay_ms=300),
            "ok": file_resource("out/ok.txt", "fine", depends_on=["base"])})
    p = d.run("apply", "spec.json", "--auto-approve", expect=1)
    contains(p.stdout, "Apply failed.")
    contains(p.stdout, "failed:  bad: `bad` failed as asked (`fail = true`)")
    contains(p.stdout, "skipped: after_bad (depends on bad)")
    contains(p.stdout, "skipped: after_after (depends on bad)")
    contains(p.stderr, "error[E0612]")
    check(d.addresses() == ["base", "ok", "slow"], f"completed actions recorded: {d.addresses()}")
    contains(d.git("log", "-1", "--format=%B", "main"), "failed bad:")
    # Fixing the failure converges.
    spec = json.loads(d.read("spec.json"))
    spec["resources"]["bad"]["fail"] = False
    d.write("spec.json", json.dumps(spec))
    p = d.run("apply", "spec.json", "--auto-approve")
    contains(p.stdout, "3 added")
    d.run("plan", "spec.json", "--detailed-exitcode", expect=0)


@scenario
def cycle(d):
    d.spec({"a": null(depends_on=["b"]), "b": null(depends_on=["c"]), "c": null(depends_on=["a"]),
            "d": null()})
    p = d.run("plan", "spec.json", expect=1)
    contains(p.stderr, "error[E0605]: dependency cycle between `a`, `b` and `c`")
    contains(p.stderr, "spec.json:")


@scenario
def bad_inputs_change_nothing(d):
    d.spec({"a": file_resource("out/a.txt", "1")})
    d.run("apply", "spec.json", "--auto-approve")
    head = d.head()
    d.spec({"a": file_resource("out/a.txt", "2", mode="rwx"),
            "b": {"type": "local.File", "contnet": "x"},
            "c": {"type": "local.Fiel", "path": "c"},
            "e": {"type": "nope.Thing"}})
    p = d.run("apply", "spec.json", "--auto-approve", expect=1)
    contains(p.stderr, "`mode` must be octal permission bits like \"0644\", not \"rwx\" (in `a`)")
    contains(p.stderr, "`local.File` has no input `contnet`; did you mean `content`? (in `b`)")
    contains(p.stderr, "`local.File` needs the input `path` (in `b`)")
    contains(p.stderr, "`c` has type `local.Fiel`, which provider `local` does not manage")
    contains(p.stderr, "`e` uses provider `nope`, which does not exist")
    contains(p.stderr, "--> spec.json:")
    check(d.head() == head, "bad inputs change nothing in state")
    check(d.read("out/a.txt") == "1", "bad inputs change nothing on disk")


@scenario
def concurrent_applies(d):
    d.spec({f"n{i}": null(delay_ms=200) for i in range(6)})
    first = d.spawn("apply", "spec.json", "--auto-approve", "--parallelism", "2")
    time.sleep(0.3)
    second = d.run("apply", "spec.json", "--auto-approve", expect=1)
    contains(second.stderr, "error[E0609]: stack `default` is locked")
    out, err = first.communicate(timeout=60)
    check(first.returncode == 0, f"the first apply succeeds:\n{out}{err}")
    check(len(d.addresses()) == 6, "nothing lost")
    # Different stacks do not block each other, and both end up recorded.
    a = d.spawn("apply", "spec.json", "--auto-approve", "--stack", "blue")
    b = d.spawn("apply", "spec.json", "--auto-approve", "--stack", "green")
    for p in (a, b):
        out, err = p.communicate(timeout=60)
        check(p.returncode == 0, f"stack apply failed:\n{out}{err}")
    check(len(d.addresses("blue")) == 6 and len(d.addresses("green")) == 6, "both stacks recorded")
    check(len(d.addresses()) == 6, "default untouched")


@scenario
def concurrent_plans_one_wins(d):
    d.spec({"a": null()})
    d.run("plan", "spec.json", "-o", "p1.json")
    d.run("plan", "spec.json", "-o", "p2.json")
    a = d.spawn("apply", "p1.json")
    b = d.spawn("apply", "p2.json")
    results = []
    for p in (a, b):
        out, err = p.communicate(timeout=60)
        results.append((p.returncode, err))
    codes = sorted(r[0] for r in results)
    check(codes == [0, 1], f"one apply wins, the other fails: {results}")
    loser = [e for c, e in results if c == 1][0]
    check("stale" in loser or "locked" in loser, f"the loser gets a clear error: {loser}")
    check(d.addresses() == ["a"], "the winner's record is there")


@scenario
def kill_mid_apply_then_converge(d):
    # A chain of slow resources: kill -9 while it runs.
    res = {}
    for i in range(8):
        res[f"step{i}"] = null(delay_ms=250, depends_on=[f"step{i - 1}"] if i else [])
        res[f"file{i}"] = file_resource(f"out/f{i}.txt", f"{i}\n", depends_on=[f"step{i}"])
    d.spec(res)
    p = d.spawn("apply", "spec.json", "--auto-approve")
    # Kill it once the journal shows finished actions, while the chain still runs.
    deadline = time.time() + 30
    journal = d.file(".cairn/state/cairn-journal/default.jsonl")
    while time.time() < deadline and not os.path.exists(journal):
        time.sleep(0.02)
    time.sleep(0.3)
    p.send_signal(signal.SIGKILL)
    p.communicate()
    plan = d.run("plan", "spec.json")
    contains(plan.stdout, "interrupted")
    done = d.run("state", "list").stdout.split()
    check(0 < len(done) < 16, f"some actions finished before the kill: {done}")
    contains(plan.stdout, f"Plan: {16 - len(done)} to add, 0 to change, 0 to destroy.")
    d.run("apply", "spec.json", "--auto-approve")
    check(len(d.addresses()) == 16, "converged")
    for i in range(8):
        check(d.read(f"out/f{i}.txt") == f"{i}\n", "files written")
    d.run("plan", "spec.json", "--detailed-exitcode", expect=0)
    check(not os.path.exists(journal), "the journal is gone after a full apply")


@scenario
def destroy_everything(d):
    d.spec({"dir": {"type": "local.Directory", "path": "out/d"},
            "f": file_resource("out/d/f.txt", "x", depends_on=["dir"])})
    d.run("apply", "spec.json", "--auto-approve")
    p = d.run("destroy", "spec.json", "--auto-approve")
    contains(p.stdout, "Destroy complete! Resources: 2 destroyed.")
    check(not d.exists("out/d"), "directory removed after the file in it")
    check(d.addresses() == [], "state empty")
    d.run("destroy", "spec.json", "--auto-approve")  # nothing left: no changes
    d.run("apply", "spec.json", "--auto-approve")
    p = d.run("destroy", "spec.json", expect=1)
    contains(p.stderr, "needs `--auto-approve`")


@scenario
def prevent_destroy(d):
    d.spec({"keep": file_resource("out/k", "1", lifecycle={"prevent_destroy": True})})
    d.run("apply", "spec.json", "--auto-approve")
    d.spec({})
    p = d.run("plan", "spec.json", expect=1)
    contains(p.stderr, "`keep` has `lifecycle.prevent_destroy` set, but this plan would destroy it")
    d.spec({"keep": file_resource("out/k2", "1", lifecycle={"prevent_destroy": True})})
    p = d.run("plan", "spec.json", expect=1)
    contains(p.stderr, "would replace it")


@scenario
def ignore_changes_and_create_before_destroy(d):
    d.spec({"a": file_resource("out/a", "1", lifecycle={"ignore_changes": ["content"]}),
            "b": file_resource("out/b", "1", lifecycle={"create_before_destroy": True})})
    d.run("apply", "spec.json", "--auto-approve")
    d.spec({"a": file_resource("out/a", "2", lifecycle={"ignore_changes": ["content"]}),
            "b": file_resource("out/b2", "1", lifecycle={"create_before_destroy": True})})
    p = d.run("plan", "spec.json")
    check("# a " not in p.stdout, "ignored change is not planned")
    contains(p.stdout, "+/- resource \"local.File\" \"b\"")
    d.run("apply", "spec.json", "--auto-approve")
    check(d.read("out/a") == "1" and d.exists("out/b2") and not d.exists("out/b"), "applied")


@scenario
def target_and_replace(d):
    d.spec({"a": null(), "b": null(depends_on=["a"]), "c": null()})
    p = d.run("apply", "spec.json", "--auto-approve", "--target", "b")
    check(d.addresses() == ["a", "b"], "target with its dependencies")
    p = d.run("plan", "spec.json", "--replace", "a")
    contains(p.stdout, "# a will be replaced, as requested")
    contains(p.stdout, "# c will be created")
    p = d.run("plan", "spec.json", "--replace", "zz", expect=1)
    contains(p.stderr, "`--replace zz` names no resource of the spec")


@scenario
def plan_json_shape(d):
    d.spec({"a": file_resource("out/a", "1"), "gone": null()})
    d.run("apply", "spec.json", "--auto-approve")
    d.spec({"a": file_resource("out/a2", "1"), "new": null()})
    doc = json.loads(d.run("plan", "spec.json", "--json").stdout)
    changes = {c["address"]: c for c in doc["resource_changes"]}
    check(changes["a"]["change"]["actions"] == ["delete", "create"], "replace actions")
    check(changes["a"]["change"]["after_unknown"]["sha256"] is True, "after_unknown")
    check(changes["gone"]["change"]["actions"] == ["delete"], "delete actions")
    check(changes["new"]["change"]["actions"] == ["create"], "create actions")
    check(changes["new"]["change"]["before"] is None, "before of a create")
    check(doc["cairn"]["base_commit"] == d.head(), "the plan records the base commit")


@scenario
def state_commands(d):
    d.spec({"a": file_resource("out/a", "secret", sensitive=True), "b": null()})
    d.run("apply", "spec.json", "--auto-approve")
    p = d.run("state", "show", "a")
    contains(p.stdout, 'resource "local.File" "a"')
    contains(p.stdout, "(sensitive value)")
    check("secret\"" not in p.stdout, "sensitive content hidden")
    d.run("state", "mv", "b", "group.b")
    check(d.addresses() == ["a", "group.b"], "moved")
    d.run("state", "rm", "a")
    check(d.addresses() == ["group.b"], "removed")
    check(d.exists("out/a"), "state rm leaves the object")
    log = d.run("state", "log").stdout
    contains(log, "state rm a")
    contains(log, "state mv b group.b")
    p = d.run("state", "show", "nope", expect=1)
    contains(p.stderr, "`nope` is not in stack `default`")
    d.run("state", "show", "a..b", expect=1)


@scenario
def graph_output(d):
    d.spec({"a": null(), "b": null(depends_on=["a"])})
    p = d.run("graph", "spec.json")
    contains(p.stdout, 'digraph cairn {')
    contains(p.stdout, '"b" -> "a"')
    doc = json.loads(d.run("graph", "spec.json", "--format", "json").stdout)
    check(doc["order"] == ["a", "b"], "graph order")


@scenario
def state_env_and_paths(d):
    d.spec({"a": null()})
    env_state = d.file("elsewhere/state")
    p = subprocess.run([CAIRN, "apply", "spec.json", "--auto-approve"], cwd=d.path,
                       env=dict(d.env(), CAIRN_STATE=env_state), capture_output=True, text=True)
    check(p.returncode == 0, p.stderr)
    check(os.path.isdir(env_state) and not d.exists(".cairn"), "CAIRN_STATE picks the repository")
    d.run("plan", "spec.json", "--stack", "bad/name", expect=1)


PLANS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "plans")


@scenario
def golden_change_plans(d):
    """Plans of changes against applied state, compared with tests/deploy/plans/NAME.out
    (NAME.before.EXT applied, then NAME.after.EXT planned, EXT being json or conf; text, then
    the JSON changes).
    Set CAIRN_UPDATE_GOLDEN=1 to rewrite the .out files."""
    update = os.environ.get("CAIRN_UPDATE_GOLDEN") == "1"
    cases = sorted(n.rsplit(".before.", 1) for n in os.listdir(PLANS) if ".before." in n)
    check(cases, "no golden plans found")
    for name, ext in cases:
        spec = "spec." + ext
        sub = Dir()
        try:
            shutil.copy(os.path.join(PLANS, f"{name}.before.{ext}"), sub.file(spec))
            sub.run("apply", spec, "--auto-approve")
            hook = os.path.join(PLANS, name + ".edit.py")
            if os.path.exists(hook):
                subprocess.run([sys.executable, hook], cwd=sub.path, check=True)
            shutil.copy(os.path.join(PLANS, f"{name}.after.{ext}"), sub.file(spec))
            text = sub.run("plan", spec, expect=None)
            doc = sub.run("plan", spec, "--json", expect=None)
            actual = text.stdout + text.stderr + f"--- exit {text.returncode}\n--- json\n"
            if doc.returncode == 0:
                changes = json.loads(doc.stdout)["resource_changes"]
                actual += json.dumps([{"address": c["address"], "change": c["change"]} for c in changes],
                                     indent=1, sort_keys=True) + "\n"
            out = os.path.join(PLANS, name + ".out")
            if update:
                with open(out, "w") as f:
                    f.write(actual)
                continue
            with open(out) as f:
                want = f.read()
            if want != actual:
                import difflib
                diff = "".join(difflib.unified_diff(want.splitlines(True), actual.splitlines(True),
                                                    "expected", "actual"))
                raise Failure(f"golden plan {name} differs:\n{diff}")
        finally:
            sub.cleanup()


def main():
    global CAIRN
    ap = argparse.ArgumentParser()
    ap.add_argument("--cairn", required=True)
    ap.add_argument("names", nargs="*")
    a = ap.parse_args()
    CAIRN = os.path.abspath(a.cairn)
    failures = 0
    ran = 0
    for fn in SCENARIOS:
        if a.names and fn.__name__ not in a.names:
            continue
        ran += 1
        d = Dir()
        start = time.time()
        try:
            fn(d)
            print(f"ok   {fn.__name__} ({time.time() - start:.1f}s)")
        except Exception as e:  # noqa: BLE001 -- report every failure and go on
            failures += 1
            print(f"FAIL {fn.__name__}: {e}")
            if not isinstance(e, Failure):
                traceback.print_exc()
            print(f"     (kept {d.path})")
            continue
        d.cleanup()
    print(f"{ran - failures}/{ran} scenarios passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
