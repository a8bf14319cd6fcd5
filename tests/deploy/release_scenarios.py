#!/usr/bin/env python3
"""Releases and channels recorded in a git repository by the `release` provider
(docs/providers/release.md), through the `cairn` binary and real git repositories
(helpers and runner from scenarios.py):

- releases and a channel are files committed to the releases repository (bare, created by
  the first apply); a release's digest is the git blob id of its file;
- promoting a channel is an update the plan shows as `~ channel.stable: release app 1.4.2
  (...) -> 1.5.0 (...)`, and `git log` of the channel's file is its history;
- a recorded release never changes: a spec editing one is refused (E0629) naming it, unless
  `--replace` asks; a name that is not a file name is refused;
- hand edits of the files pushed to the repository are drift, put back by the next apply;
- a second stack follows the channel with `release.Follow`: promoting updates its service;
- import by name and by NAME/VERSION; destroy removes the files, history keeps them.

  release_scenarios.py --cairn build/release/cli/cairn [NAME...]
"""
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scenarios as s  # noqa: E402

s.SCENARIOS.clear()
scenario, check, contains = s.scenario, s.check, s.contains

RELEASES = '''let release = import "cairn/release.conf" in
{
  resources = {
    app_1_4_2 | release.Release = {
      name = "app",
      version = "1.4.2",
      sources.app = { url = "https://git.example/app.git", commit = "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678" },
      artifacts.image = { url = "oci://registry.example/app:1.4.2", digest = "sha256:%s" },
      spec_commit = "0123456789abcdef0123456789abcdef01234567",
    },
    app_1_5_0 | release.Release = {
      name = "app",
      version = "1.5.0",
      sources.app = { url = "https://git.example/app.git", commit = "d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3" },
      artifacts.image = { url = "oci://registry.example/app:1.5.0", digest = "sha256:beef" },
    },
    channel.stable | release.Channel = release.points_to resources.%s & { name = "stable" },
  },
}
'''

SERVICE = '''let release = import "cairn/release.conf" in
let local = import "cairn/local.conf" in
{
  resources = {
    stable | release.Follow = { channel = "stable" },
    web | local.File = {
      path = "out/web.env",
      content = "IMAGE=%{release.artifact_url resources.stable "image"}\\nSOURCE=%{release.source_commit resources.stable "app"}\\n",
    },
  },
}
'''


def releases(d, channel="app_1_4_2", digest="cafe"):
    d.write("releases.conf", RELEASES % (digest, channel))


def rgit(d, *args):
    p = subprocess.run(["git", "--git-dir", d.file(".cairn/releases")] + list(args), capture_output=True, text=True)
    check(p.returncode == 0, f"git {' '.join(args)}: {p.stderr}")
    return p.stdout


def hand_edit(d, path, edit):
    """Clones the releases repository, edits one file with `edit(text) -> text`, pushes."""
    work = d.file("edit")
    if not os.path.exists(work):
        subprocess.run(["git", "clone", "-q", d.file(".cairn/releases"), work], check=True)
    subprocess.run(["git", "-C", work, "pull", "-q"], check=True)
    with open(os.path.join(work, path)) as f:
        text = f.read()
    with open(os.path.join(work, path), "w") as f:
        f.write(edit(text))
    subprocess.run(["git", "-C", work, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam",
                    f"hand edit of {path}"], check=True)
    subprocess.run(["git", "-C", work, "push", "-q", "origin", "main"], check=True)


@scenario
def release_recorded_and_channel_promoted(d):
    releases(d)
    p = d.run("plan", "releases.conf")
    contains(p.stdout, "+ app_1_4_2: record app 1.4.2 (")
    contains(p.stdout, "+ channel.stable: release app 1.4.2 (")
    d.run("apply", "releases.conf", "--auto-approve")
    check(rgit(d, "rev-parse", "--is-bare-repository").strip() == "true", "the releases repository is bare")
    rel = json.loads(rgit(d, "show", "main:releases/app/1.4.2.json"))
    check(rel["sources"]["app"]["commit"].startswith("a1b2c3d4") and rel["spec_commit"].startswith("01234567"),
          f"the release file: {rel}")
    blob = rgit(d, "rev-parse", "main:releases/app/1.4.2.json").strip()
    check(d.record("app_1_4_2")["outputs"]["digest"] == blob, "the digest is the file's blob id")
    ch = json.loads(rgit(d, "show", "main:channels/stable.json"))
    check(ch == {"digest": blob, "name": "stable", "release": "app", "version": "1.4.2"}, f"the channel file: {ch}")
    check(d.record("channel.stable")["outputs"]["artifacts"]["image"]["url"] == "oci://registry.example/app:1.4.2",
          "the channel's outputs are its release")
    new_blob = rgit(d, "rev-parse", "main:releases/app/1.5.0.json").strip()
    # Promote: the channel's pointer moves, shown as one line with both releases' digests.
    releases(d, channel="app_1_5_0")
    p = d.run("plan", "releases.conf", "--detailed-exitcode", expect=2)
    contains(p.stdout, f"~ channel.stable: release app 1.4.2 ({blob[:7]}) -> 1.5.0 ({new_blob[:7]})")
    contains(p.stdout, "Plan: 0 to add, 1 to change, 0 to destroy.")
    # A saved plan keeps the line: `cairn show` prints it, and applying the file does it.
    d.run("plan", "releases.conf", "-o", "promote.plan")
    contains(d.run("show", "promote.plan").stdout, f"~ channel.stable: release app 1.4.2 ({blob[:7]}) -> 1.5.0")
    d.run("apply", "promote.plan")
    log = rgit(d, "log", "--format=%s", "main", "--", "channels/stable.json").splitlines()
    check(log == [f"channel stable: app 1.4.2 -> app 1.5.0 ({new_blob[:7]})", f"channel stable: app 1.4.2 ({blob[:7]})"],
          f"git log of the channel's file is its history: {log}")
    body = rgit(d, "log", "-1", "--format=%B", "main", "--", "releases/app/1.5.0.json")
    contains(body, "Source: app https://git.example/app.git d4e5f6a7")
    trailer = rgit(d, "log", "-1", "--format=%(trailers:key=Spec-Commit,valueonly)", "main", "--",
                   "releases/app/1.4.2.json").strip()
    check(trailer == "0123456789abcdef0123456789abcdef01234567", f"the spec commit is a trailer: {trailer!r}")
    d.run("plan", "releases.conf", "--detailed-exitcode", expect=0)
    # Rolling back is promoting the old release again.
    releases(d, channel="app_1_4_2")
    p = d.run("plan", "releases.conf")
    contains(p.stdout, f"~ channel.stable: release app 1.5.0 ({new_blob[:7]}) -> 1.4.2 ({blob[:7]})")


@scenario
def recorded_release_is_immutable(d):
    releases(d)
    d.run("apply", "releases.conf", "--auto-approve")
    before = rgit(d, "rev-parse", "main").strip()
    releases(d, digest="f00d")
    p = d.run("plan", "releases.conf", expect=1)
    contains(p.stderr, "error[E0629]: `app_1_4_2` (release.Release `app/1.4.2`) is immutable once recorded, but the "
                       "spec changes `artifacts`")
    contains(p.stderr, "`--replace app_1_4_2` rewrites it")
    contains(p.stderr, "releases.conf:")
    d.run("apply", "releases.conf", "--auto-approve", expect=1)
    check(rgit(d, "rev-parse", "main").strip() == before, "nothing written")
    # Asked for: a replacement, the old file removed and the new one recorded.
    p = d.run("plan", "releases.conf", "--replace", "app_1_4_2")
    contains(p.stdout, "app_1_4_2 will be replaced, as requested")
    d.run("apply", "releases.conf", "--auto-approve", "--replace", "app_1_4_2")
    check("sha256:f00d" in rgit(d, "show", "main:releases/app/1.4.2.json"), "rewritten")
    log = rgit(d, "log", "--format=%s", "main", "--", "releases/app/1.4.2.json").splitlines()
    check(log == ["release app 1.4.2: record", "release app 1.4.2: remove", "release app 1.4.2: record"], f"log: {log}")
    # Names are file names.
    d.write("bad.conf", 'let release = import "cairn/release.conf" in\n'
                        '{ resources.r | release.Release = { name = "../app", version = "1" } }\n')
    p = d.run("plan", "bad.conf", expect=1)
    contains(p.stderr, "a release, version or channel name is letters, digits")


@scenario
def hand_edits_are_drift(d):
    releases(d)
    d.run("apply", "releases.conf", "--auto-approve")
    # Someone points the channel elsewhere by hand: drift, put back by the next apply.
    hand_edit(d, "channels/stable.json", lambda t: t.replace('"1.4.2"', '"1.5.0"'))
    p = d.run("plan", "releases.conf", "--detailed-exitcode", expect=2)
    contains(p.stdout, "# (changed outside cairn: version)")
    contains(p.stdout, "~ channel.stable: release app 1.5.0 (")
    d.run("apply", "releases.conf", "--auto-approve")
    check(json.loads(rgit(d, "show", "main:channels/stable.json"))["version"] == "1.4.2", "put back")
    log = rgit(d, "log", "--format=%s", "main", "--", "channels/stable.json").splitlines()
    check(len(log) == 3 and log[1] == "hand edit of channels/stable.json"
          and log[0].startswith("channel stable: app 1.5.0 -> app 1.4.2 ("),
          f"the hand edit stays in history: {log}")
    # A hand edit of a recorded release is drift too: written back, not refused.
    hand_edit(d, "releases/app/1.4.2.json", lambda t: t.replace("sha256:cafe", "sha256:evil"))
    p = d.run("plan", "releases.conf", "--detailed-exitcode", expect=2)
    contains(p.stdout, "# (changed outside cairn: artifacts)")
    edited = rgit(d, "rev-parse", "main:releases/app/1.4.2.json").strip()
    contains(p.stdout, f"~ app_1_4_2: app 1.4.2 ({edited[:7]}) -> ({d.record('app_1_4_2')['outputs']['digest'][:7]})")
    d.run("apply", "releases.conf", "--auto-approve")
    check("sha256:cafe" in rgit(d, "show", "main:releases/app/1.4.2.json"), "the release is restored")
    d.run("plan", "releases.conf", "--detailed-exitcode", expect=0)
    # A channel pointing at a release nobody recorded fails at apply, naming it.
    d.write("lost.conf", 'let release = import "cairn/release.conf" in\n'
                         '{ resources.channel.beta | release.Channel = { name = "beta", release = "app", '
                         'version = "9.9.9" } }\n')
    p = d.run("apply", "lost.conf", "--auto-approve", "--stack", "lost", expect=1)
    contains(p.stderr, "channel beta cannot point at release app 9.9.9")


@scenario
def service_follows_its_channel(d):
    releases(d)
    d.run("apply", "releases.conf", "--auto-approve")
    d.write("service.conf", SERVICE)
    d.run("apply", "service.conf", "--auto-approve", "--stack", "service")
    check(d.read("out/web.env") == "IMAGE=oci://registry.example/app:1.4.2\n"
          "SOURCE=a1b2c3d4e5f60718293a4b5c6d7e8f9012345678\n", d.read("out/web.env"))
    d.run("plan", "service.conf", "--stack", "service", "--detailed-exitcode", expect=0)
    # Promotion in the releases stack drives the service's update.
    releases(d, channel="app_1_5_0")
    d.run("apply", "releases.conf", "--auto-approve")
    p = d.run("plan", "service.conf", "--stack", "service", "--detailed-exitcode", expect=2)
    contains(p.stdout, "web will be updated in-place")
    contains(p.stdout, "  # stable: channel stable moved: release app 1.4.2 (")
    contains(p.stdout, "+ IMAGE=oci://registry.example/app:1.5.0")
    d.run("apply", "service.conf", "--auto-approve", "--stack", "service")
    contains(d.read("out/web.env"), "IMAGE=oci://registry.example/app:1.5.0\n")
    d.run("plan", "service.conf", "--stack", "service", "--detailed-exitcode", expect=0)
    # A Follow of a channel that does not exist fails, naming it.
    d.write("nochannel.conf", SERVICE.replace('channel = "stable"', 'channel = "nightly"'))
    p = d.run("apply", "nochannel.conf", "--stack", "other", "--auto-approve", expect=1)
    contains(p.stderr, "records no channel `nightly`")


@scenario
def import_and_destroy(d):
    releases(d)
    d.run("apply", "releases.conf", "--auto-approve")
    for address in ("app_1_4_2", "channel.stable"):
        d.run("state", "rm", address)
    d.run("import", "app_1_4_2", "app/1.4.2", "releases.conf")
    d.run("import", "channel.stable", "stable", "releases.conf")
    d.run("plan", "releases.conf", "--detailed-exitcode", expect=0)
    p = d.run("import", "app_1_5_0", "app/7.7.7", "releases.conf", expect=1)
    contains(p.stderr, "error[E0640]")
    # A separate repository, by provider setting.
    d.write("other.conf", RELEASES.replace("{\n  resources", '{\n  providers.release.repository = "rel.git",\n  resources',
                                           1) % ("cafe", "app_1_4_2"))
    d.run("apply", "other.conf", "--auto-approve", "--stack", "other")
    p = subprocess.run(["git", "--git-dir", d.file("rel.git"), "ls-tree", "-r", "--name-only", "main"],
                       capture_output=True, text=True, check=True)
    check(p.stdout.split() == ["channels/stable.json", "releases/app/1.4.2.json", "releases/app/1.5.0.json"], p.stdout)
    # Destroy removes the files; their history stays.
    d.run("destroy", "releases.conf", "--auto-approve")
    check(rgit(d, "ls-tree", "-r", "--name-only", "main").strip() == "", "no files left")
    log = rgit(d, "log", "--format=%s", "main", "--", "channels/stable.json").splitlines()
    check(re.match(r"channel stable: remove \(was app 1.4.2\)", log[0]) is not None and len(log) == 2, f"log: {log}")


def numbered_releases(stack, n):
    body = "\n".join(f'    r{i} | release.Release = {{ name = "{stack}", version = "{i}.0" }},' for i in range(n))
    return 'let release = import "cairn/release.conf" in\n{\n  resources = {\n' + body + "\n  },\n}\n"


@scenario
def concurrent_applies_lose_no_commit(d):
    # Two processes (two stacks) record 12 releases each into one repository at once.
    for stack in ("a", "b"):
        d.write(f"{stack}.conf", numbered_releases(stack, 12))
    procs = [d.spawn("apply", f"{stack}.conf", "--auto-approve", "--stack", stack) for stack in ("a", "b")]
    for p in procs:
        out, err = p.communicate(timeout=120)
        check(p.returncode == 0, f"apply failed: {err}")
    files = rgit(d, "ls-tree", "-r", "--name-only", "main").split()
    check(len(files) == 24, f"every release recorded: {files}")
    check(len(rgit(d, "log", "--format=%H", "main").split()) == 24, "one commit each")
    check(rgit(d, "fsck", "--strict") == "", "the repository is sound")


@scenario
def release_in_use_is_not_removed(d):
    d.write("extra.conf", numbered_releases("tool", 1))
    d.run("apply", "extra.conf", "--auto-approve", "--stack", "extra")
    d.write("beta.conf", 'let release = import "cairn/release.conf" in\n'
                         '{ resources.beta | release.Channel = { name = "beta", release = "tool", version = "0.0" } }\n')
    d.run("apply", "beta.conf", "--auto-approve", "--stack", "beta")
    p = d.run("destroy", "extra.conf", "--auto-approve", "--stack", "extra", expect=1)
    contains(p.stderr, "release tool 0.0 cannot be removed: channel beta points at it")
    check(rgit(d, "ls-tree", "-r", "--name-only", "main").split() == ["channels/beta.json", "releases/tool/0.0.json"],
          "nothing removed")
    d.run("destroy", "beta.conf", "--auto-approve", "--stack", "beta")
    d.run("destroy", "extra.conf", "--auto-approve", "--stack", "extra")
    check(rgit(d, "ls-tree", "-r", "--name-only", "main").strip() == "", "both removed")


if __name__ == "__main__":
    sys.exit(s.main())
