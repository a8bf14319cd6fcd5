#!/usr/bin/env python3
"""State that survives races and damage, and the commands that read it, through the `cairn`
binary (helpers and runner from scenarios.py):

- many `cairn apply --stack stN` at once, on a new state folder and on an existing one:
  every apply succeeds and every stack's records end on `main` (no dangling root commit);
- what an interrupted apply left in the journal reaches `main` on the next apply, even
  when nothing is left to do;
- kill -9 while a file is written leaves a `*.cairn-tmp-*` file: the next run removes it
  when it deletes the directory;
- a state whose objects are missing is an error naming the damage, never an empty stack;
- `state stacks`, `state list` on a missing state, a non-bare `--state`, `cairn output`;
- followers: apply commits carry the spec's commit, whether its work tree was clean and
  cairn's version; `cairn deployments` lists every apply; `state list/show --at COMMIT` read
  an old commit; a follower with a read-only copy of the state reads a deployment by hash.

  state_scenarios.py --cairn build/release/cli/cairn [NAME...]
"""
import hashlib
import json
import os
import signal
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scenarios as s  # noqa: E402

s.SCENARIOS.clear()
scenario, check, contains = s.scenario, s.check, s.contains


def git(gitdir, *args, expect=0):
    p = subprocess.run(["git", "--git-dir", gitdir] + list(args), capture_output=True, text=True)
    if expect is not None and p.returncode != expect:
        raise s.Failure(f"git {' '.join(args)} exited {p.returncode}: {p.stderr}")
    return p.stdout


def concurrent_applies(d, state, count, per_stack=3):
    """Starts `count` applies of different stacks at once; checks each stack's records."""
    for i in range(count):
        d.spec({f"r{k}": s.null(triggers={"stack": f"st{i}"}) for k in range(per_stack)}, name=f"st{i}.json")
    procs = [d.spawn("apply", f"st{i}.json", "--auto-approve", "--state", state, "--stack", f"st{i}")
             for i in range(count)]
    outs = [p.communicate(timeout=300) for p in procs]
    for i, (p, (out, err)) in enumerate(zip(procs, outs)):
        check(p.returncode == 0, f"apply of st{i} exited {p.returncode}:\n{out}\n{err}")
    gitdir = d.file(state)
    for i in range(count):
        names = git(gitdir, "ls-tree", "--name-only", f"main:stacks/st{i}/resources").split()
        check(names == [f"r{k}.json" for k in range(per_stack)], f"stack st{i} on main: {names}")
    return gitdir


@scenario
def concurrent_first_applies_on_a_new_state(d):
    # The folder and its parent do not exist: every process races to create the repository
    # and the first commit of `main`.
    for rnd in range(3):
        state = f"new{rnd}/nested/state"
        gitdir = concurrent_applies(d, state, 12)
        commits = git(gitdir, "rev-list", "main").split()
        check(len(commits) == 12, f"round {rnd}: one commit per apply on main, got {len(commits)}")
        roots = git(gitdir, "rev-list", "--max-parents=0", "main").split()
        check(len(roots) == 1, f"round {rnd}: one root commit, got {roots}")
        dangling = git(gitdir, "fsck", "--no-reflogs", "--unreachable")
        check("commit" not in dangling, f"round {rnd}: unreachable commits:\n{dangling}")
        # Beside the repository: the state's default age key, written by exactly one of them.
        leftovers = [n for n in os.listdir(d.file(f"new{rnd}/nested")) if n not in ("state", "age-identity.txt")]
        check(leftovers == [], f"temporary repositories left behind: {leftovers}")


@scenario
def concurrent_applies_on_an_existing_state(d):
    d.spec({"seed": s.null()}, name="seed.json")
    d.run("apply", "seed.json", "--auto-approve", "--state", "st")
    gitdir = concurrent_applies(d, "st", 30)
    commits = git(gitdir, "rev-list", "main").split()
    check(len(commits) == 31, f"one commit per apply, got {len(commits)}")
    # Again on the same stacks: nothing changes, nobody commits.
    procs = [d.spawn("apply", f"st{i}.json", "--auto-approve", "--state", "st", "--stack", f"st{i}")
             for i in range(30)]
    for p in procs:
        out, err = p.communicate(timeout=300)
        check(p.returncode == 0, err)
        contains(out, "No changes.")
    check(len(git(gitdir, "rev-list", "main").split()) == 31, "no-op applies made no commit")


@scenario
def journal_reaches_the_branch(d):
    d.spec({"a": s.null(), "b": s.null()})
    d.run("apply", "spec.json", "--auto-approve")
    gitdir = d.file(".cairn/state")
    # An apply that finished `c` but died before its commit: `c` is only in the journal.
    record = json.loads(git(gitdir, "show", "main:stacks/default/resources/b.json"))
    record["address"] = "c"
    with open(os.path.join(gitdir, "cairn-journal", "default.jsonl"), "w") as f:
        f.write(json.dumps({"put": record}) + "\n")
    d.spec({"a": s.null(), "b": s.null(), "c": s.null()})
    contains(d.run("plan", "spec.json").stdout, "No changes.")
    p = d.run("apply", "spec.json", "--auto-approve")
    contains(p.stdout, "Recorded the actions of an interrupted apply in state")
    names = git(gitdir, "ls-tree", "--name-only", "main:stacks/default/resources").split()
    check(names == ["a.json", "b.json", "c.json"], f"the journal's record is on main: {names}")
    check(not os.path.exists(os.path.join(gitdir, "cairn-journal", "default.jsonl")), "journal removed")
    contains(git(gitdir, "log", "-1", "--format=%B", "main"), "record an interrupted apply")


@scenario
def kill_during_a_write_then_clean_up(d):
    # A big file takes long enough to write that kill -9 can land while its temporary file
    # exists; the directory holding it must still be deletable afterwards.
    big = "x" * (48 << 20)
    d.spec({"dir": {"type": "local.Directory", "path": "out/d"},
            "big": s.file_resource("out/d/big", big, depends_on=["dir"], sensitive=True)})
    caught = False
    for _ in range(8):
        # Output to a file: the plan shows the content, and a full pipe would stall cairn.
        with open(d.file("apply.log"), "w") as log:
            p = subprocess.Popen([s.CAIRN, "apply", "spec.json", "--auto-approve"], cwd=d.path, env=d.env(),
                                 stdout=log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while p.poll() is None and time.time() < deadline:
            if os.path.isdir(d.file("out/d")) and any(".cairn-tmp-" in n for n in os.listdir(d.file("out/d"))):
                p.send_signal(signal.SIGKILL)
                caught = True
                break
        p.communicate()
        if caught:
            break
        d.run("destroy", "spec.json", "--auto-approve")
    check(caught, "never saw the temporary file while the apply ran")
    left = [n for n in os.listdir(d.file("out/d")) if ".cairn-tmp-" in n]
    check(left, "kill -9 left a temporary file")
    d.spec({"other": s.null()})
    d.run("apply", "spec.json", "--auto-approve")
    check(not os.path.exists(d.file("out/d")), "the directory and the stale temporary file are gone")


@scenario
def damaged_state_is_an_error(d):
    d.spec({"a": s.null(), "b": s.null()})
    d.run("apply", "spec.json", "--auto-approve")
    gitdir = d.file(".cairn/state")
    tree = git(gitdir, "rev-parse", "main:stacks/default/resources").strip()
    os.remove(os.path.join(gitdir, "objects", tree[:2], tree[2:]))
    for args in (("plan", "spec.json"), ("state", "list"), ("apply", "spec.json", "--auto-approve")):
        p = d.run(*args, expect=1)
        contains(p.stderr, "error[E0608]")
        contains(p.stderr, "is damaged: the tree of `stacks/default/resources`")
        contains(p.stderr, tree)
    # A missing record blob is named too.
    d2 = s.Dir()
    try:
        d2.spec({"a": s.null()})
        d2.run("apply", "spec.json", "--auto-approve")
        g2 = d2.file(".cairn/state")
        blob = git(g2, "rev-parse", "main:stacks/default/resources/a.json").strip()
        os.remove(os.path.join(g2, "objects", blob[:2], blob[2:]))
        p = d2.run("state", "show", "a", expect=1)
        contains(p.stderr, "is damaged: `stacks/default/resources/a.json`")
    finally:
        d2.cleanup()


@scenario
def state_verbs(d):
    p = d.run("state", "list", "--state", "/nonexistent/state", expect=1)
    contains(p.stderr, "error[E0608]: there is no state repository at `/nonexistent/state`")
    p = d.run("state", "stacks", expect=1)
    contains(p.stderr, "there is no state repository at `.cairn/state`")
    d.run("state", "rm", "a", "--state", "nowhere", expect=1)
    check(not d.exists("nowhere"), "state rm does not create a state repository")
    d.spec({"a": s.null()})
    d.run("apply", "spec.json", "--auto-approve", "--stack", "blue")
    d.run("apply", "spec.json", "--auto-approve", "--stack", "green")
    check(d.run("state", "stacks").stdout == "blue\ngreen\n", "state stacks")
    check(d.run("state", "list", "--stack", "default").stdout == "", "an empty stack lists nothing")
    # A checkout with a work tree is not a state repository.
    subprocess.run(["git", "init", "-q", d.file("checkout")], check=True)
    for args in (("apply", "spec.json", "--auto-approve", "--state", "checkout"), ("state", "list", "--state", "checkout"),
                 ("plan", "spec.json", "--state", "checkout")):
        p = d.run(*args, expect=1)
        contains(p.stderr, "is a git checkout with a work tree, not a state repository")
    check(git(d.file("checkout/.git"), "rev-list", "--all") == "", "nothing committed into the checkout")



def spec_checkout(d):
    """Makes `d` a git checkout (state ignored) holding spec.json, committed."""
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")

    def sh(*args):
        return subprocess.run(["git", "-C", d.path] + list(args), check=True, capture_output=True, text=True,
                              env=env).stdout.strip()
    sh("init", "-q")
    d.write(".gitignore", ".cairn/\n")
    return sh


def trailers(gitdir, rev="main"):
    out = {}
    for line in git(gitdir, "log", "-1", "--format=%(trailers:only,unfold)", rev).splitlines():
        if ": " in line:
            k, v = line.split(": ", 1)
            out[k] = v
    return out


@scenario
def deployments_list_every_apply(d):
    sh = spec_checkout(d)
    d.spec({"a": s.null(triggers={"v": "1"})})
    sh("add", "-A")
    sh("commit", "-qm", "v1")
    first_spec = sh("rev-parse", "HEAD")
    d.run("apply", "spec.json", "--auto-approve")
    gitdir = d.file(".cairn/state")
    t = trailers(gitdir)
    version = d.run("--version").stdout.strip()
    check(t.get("Cairn-Spec-Commit") == first_spec, f"spec commit trailer: {t}")
    check(t.get("Cairn-Spec-Clean") == "yes", f"a committed spec is clean: {t}")
    check(t.get("Cairn-Version") == version, f"version trailer {t.get('Cairn-Version')!r} != {version!r}")
    # Changed but not committed: the same commit, not clean.
    d.spec({"a": s.null(triggers={"v": "2"}), "b": s.null()})
    d.run("apply", "spec.json", "--auto-approve")
    t = trailers(gitdir)
    check(t.get("Cairn-Spec-Commit") == first_spec and t.get("Cairn-Spec-Clean") == "no", f"dirty: {t}")
    # An untracked spec file is not in the commit either, even with nothing else changed.
    sh("add", "-A")
    sh("commit", "-qm", "v2")
    d.spec({"a": s.null(triggers={"v": "2"}), "b": s.null(), "c": s.null()}, name="other.json")
    d.run("apply", "other.json", "--auto-approve", "--stack", "other")
    check(trailers(gitdir).get("Cairn-Spec-Clean") == "no", "an untracked spec is not clean")
    d.run("state", "rm", "b")  # not a deployment
    d.run("destroy", "spec.json", "--auto-approve")
    lines = d.run("deployments").stdout.splitlines()
    check(len(lines) == 3, f"three deployments of stack default:\n" + "\n".join(lines))
    commits = [c for c in git(gitdir, "log", "--format=%H", "main").split()
               if "Cairn-Plan" in git(gitdir, "log", "-1", "--format=%B", c)
               and "Cairn-Stack: default" in git(gitdir, "log", "-1", "--format=%B", c)]
    check([ln.split()[0] for ln in lines] == [c[:12] for c in commits], f"newest first: {lines} vs {commits}")
    contains(lines[0], "destroy: 0 added, 0 changed, 1 destroyed")
    contains(lines[1], f"spec {first_spec[:12]} dirty")
    contains(lines[1], "apply: 2 added, 0 changed, 1 destroyed")
    contains(lines[2], f"spec {first_spec[:12]}  ")
    contains(lines[2], "apply: 1 added, 0 changed, 0 destroyed")
    check(lines[2].split()[1].endswith("Z") and "T" in lines[2].split()[1], f"UTC ISO 8601 time: {lines[2]}")
    plan = trailers(gitdir, commits[2])["Cairn-Plan"].split(":")[1]
    contains(lines[2], f"plan {plan[:12]}")
    js = json.loads(d.run("deployments", "--json").stdout)
    check([j["commit"] for j in js] == commits, "json commits")
    check(js[1]["spec_clean"] is False and js[2]["spec_clean"] is True, f"json spec_clean: {js}")
    check((js[1]["added"], js[1]["changed"], js[1]["destroyed"]) == (2, 0, 1), f"json counts: {js[1]}")
    check(js[2]["plan"] == plan and js[2]["cairn_version"] == version, f"json plan and version: {js[2]}")
    check(len(d.run("deployments", "-n", "1").stdout.splitlines()) == 1, "-n 1")
    check(len(d.run("deployments", "--stack", "other").stdout.splitlines()) == 1, "--stack other")
    check(d.run("deployments", "--stack", "nothing").stdout == "", "a stack never applied has none")
    p = d.run("deployments", "--state", "nowhere", expect=1)
    contains(p.stderr, "there is no state repository at `nowhere`")


@scenario
def state_at_an_old_commit(d):
    d.spec({"a": s.null(triggers={"v": "1"})})
    d.run("apply", "spec.json", "--auto-approve")
    old = d.head()
    d.spec({"a": s.null(triggers={"v": "2"}), "b": s.null()}, outputs={"v": "two"})
    d.run("apply", "spec.json", "--auto-approve")
    check(d.run("state", "list").stdout.split() == ["a", "b"], "now")
    check(d.run("output", "v").stdout == '"two"\n', "output now")
    check(d.run("output", "--at", old[:8]).stdout == "", "no outputs at the old commit")
    for rev in (old, old[:7], "main~1"):
        check(d.run("state", "list", "--at", rev).stdout.split() == ["a"], f"list --at {rev}")
        contains(d.run("state", "show", "a", "--at", rev).stdout, 'triggers = { v = "1" }')
    contains(d.run("state", "show", "a").stdout, 'triggers = { v = "2" }')
    p = d.run("state", "show", "b", "--at", old[:9], expect=1)
    contains(p.stderr, f"`b` is not in stack `default` at {old[:12]}")
    p = d.run("state", "list", "--at", "0123456789abcdef", expect=1)
    contains(p.stderr, "error[E0608]: `0123456789abcdef` is not a commit of the state repository")
    tree = git(d.file(".cairn/state"), "rev-parse", "main^{tree}").strip()
    p = d.run("state", "show", "a", "--at", tree, expect=1)
    contains(p.stderr, f"`{tree}` does not name a commit")


def read_only_copy(d, gitdir, name="follower"):
    """A follower: a mirror of the state made read-only (and, as root, owned by and read as
    `nobody`, since root ignores permissions). Returns (path, run) where run(*args, expect)
    runs cairn in the follower's folder."""
    folder = d.file(name)
    os.makedirs(folder)
    os.chmod(d.path, 0o755)
    os.chmod(folder, 0o755)
    subprocess.run(["git", "clone", "-q", "--mirror", gitdir, os.path.join(folder, "state")], check=True)
    as_nobody = os.geteuid() == 0 and shutil.which("setpriv")
    if as_nobody:
        subprocess.run(["chown", "-R", "nobody", os.path.join(folder, "state")], check=True)
    subprocess.run(["chmod", "-R", "a-w", os.path.join(folder, "state")], check=True)
    prefix = ["setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups"] if as_nobody else []

    def run(*args, expect=0):
        env = dict(d.env(), HOME=folder)
        p = subprocess.run(prefix + [s.CAIRN] + list(args), cwd=folder, env=env, capture_output=True, text=True,
                           timeout=120)
        if p.returncode != expect:
            raise s.Failure(f"follower: cairn {' '.join(args)} exited {p.returncode}, wanted {expect}\n"
                            f"--- stdout\n{p.stdout}--- stderr\n{p.stderr}")
        return p
    return folder, run


def tree_digest(path):
    h = hashlib.sha256()
    for root, dirs, files in sorted(os.walk(path)):
        dirs.sort()
        for n in sorted(files):
            f = os.path.join(root, n)
            st = os.stat(f)
            h.update(f"{f} {st.st_mtime_ns} {st.st_mode}\n".encode())
            with open(f, "rb") as fh:
                h.update(fh.read())
        h.update(f"{root} {sorted(dirs)}\n".encode())
    return h.hexdigest()


@scenario
def follower_reads_a_deployment_by_hash(d):
    d.spec({"a": s.null(triggers={"v": "1"})}, outputs={"v": "one"})
    d.run("apply", "spec.json", "--auto-approve")
    first = d.head()
    d.spec({"a": s.null(triggers={"v": "2"}), "b": s.null()})
    d.run("apply", "spec.json", "--auto-approve")
    folder, run = read_only_copy(d, d.file(".cairn/state"))
    state = os.path.join(folder, "state")
    before = tree_digest(state)
    try:
        lines = run("deployments", "--state", "state").stdout.splitlines()
        check([ln.split()[0] for ln in lines] == [d.head()[:12], first[:12]], f"follower's deployments: {lines}")
        contains(run("state", "show", "a", "--state", "state", "--at", first[:10]).stdout, 'triggers = { v = "1" }')
        check(run("state", "list", "--state", "state", "--at", first).stdout.split() == ["a"], "list --at")
        check(run("output", "v", "--state", "state", "--at", first).stdout == '"one"\n', "output --at")
        check(run("state", "list", "--state", "state").stdout.split() == ["a", "b"], "list now")
        contains(run("state", "log", "--state", "state").stdout, "apply: 2 added, 0 changed, 1 destroyed")
        contains(run("deployments", "--state", "state", "--json").stdout, first)
        # Writing needs write access: refused, nothing changed.
        run("state", "rm", "a", "--state", "state", expect=1)
        check(tree_digest(state) == before, "the follower's commands wrote nothing")
    finally:
        subprocess.run(["chmod", "-R", "u+w", state], check=True)


if __name__ == "__main__":
    sys.exit(s.main())
