#!/usr/bin/env python3
"""`cairn output` through the `cairn` binary (helpers and runner from scenarios.py): the
spec's outputs as the last apply recorded them, listed with sensitive ones masked, one by
name, as JSON (sensitive values included, with a `sensitive` flag), bare with `--raw`;
a name not in state gets a suggestion; states written before outputs carried the flag
(a bare `{"name": value}` outputs.json) still read; apply prints the outputs even when
nothing changed.

  output_scenarios.py --cairn build/release/cli/cairn [NAME...]
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scenarios as s  # noqa: E402

s.SCENARIOS.clear()
scenario, check, contains = s.scenario, s.check, s.contains

SECRET = "hunter2-output-secret"
SPEC = '''let local = import "cairn/local.conf" in
let schema = import "cairn/schema.conf" in
{
  resources = {
    secret | local.File = { path = "out/secret", content = "%s", sensitive = true },
    plain | local.File = { path = "out/plain", content = "nothing secret" },
  },
  outputs = {
    token | schema.Sensitive = "Bearer %%{resources.secret.content}",
    plain_path = resources.plain.outputs.id,
    replicas = 3,
    enabled = true,
    settings = { port = 8080, hosts = ["a", "b"] },
  },
}
''' % SECRET


@scenario
def output_lists_and_masks(d):
    d.write("spec.conf", SPEC)
    p = d.run("output", expect=1)
    contains(p.stderr, "error[E0608]: there is no state repository at `.cairn/state`")
    d.run("apply", "spec.conf", "--auto-approve")
    p = d.run("output")
    check(p.stdout == 'enabled = true\nplain_path = "out/plain"\nreplicas = 3\n'
          'settings = { hosts = [ "a", "b" ], port = 8080 }\ntoken = <sensitive>\n',
          f"sorted, sensitive masked:\n{p.stdout}")
    check(SECRET not in p.stdout + p.stderr, "the list never shows a secret")
    check(d.run("output", "plain_path").stdout == '"out/plain"\n', "one output by name")
    check(d.run("output", "token").stdout == f'"Bearer {SECRET}"\n', "asked for by name, a secret is shown")
    check(d.run("output", "--raw", "plain_path").stdout == "out/plain", "--raw: bare, no newline")
    check(d.run("output", "--raw", "replicas").stdout == "3", "--raw number")
    check(d.run("output", "--raw", "enabled").stdout == "true", "--raw bool")
    p = d.run("output", "--raw", "settings", expect=1)
    contains(p.stderr, "`--raw` prints strings, numbers and booleans; the output `settings` is a record")
    contains(p.stderr, "cairn output --json settings")
    p = d.run("output", "--raw", expect=1)
    contains(p.stderr, "`--raw` prints one output: give its name")
    p = d.run("output", "--raw", "--json", "token", expect=1)
    contains(p.stderr, "cannot be used together")
    p = d.run("output", "setings", expect=1)
    contains(p.stderr, "error[E0616]: the output `setings` is not in stack `default`")
    contains(p.stderr, "did you mean `settings`?")


@scenario
def output_json_like_terraform(d):
    d.write("spec.conf", SPEC)
    d.run("apply", "spec.conf", "--auto-approve")
    doc = json.loads(d.run("output", "--json").stdout)
    check(list(doc) == sorted(doc), f"sorted: {list(doc)}")
    check(doc["token"] == {"sensitive": True, "type": "string", "value": "Bearer " + SECRET}, f"token: {doc['token']}")
    check(doc["replicas"] == {"sensitive": False, "type": "number", "value": 3}, f"replicas: {doc['replicas']}")
    check(doc["settings"]["type"] == ["object", {"port": "number", "hosts": ["tuple", ["string", "string"]]}],
          f"settings type: {doc['settings']['type']}")
    check(doc["settings"]["value"] == {"port": 8080, "hosts": ["a", "b"]}, "settings value")
    check(json.loads(d.run("output", "--json", "settings").stdout) == {"port": 8080, "hosts": ["a", "b"]},
          "one output as JSON: its value")
    check(json.loads(d.run("output", "--json", "token").stdout) == "Bearer " + SECRET, "sensitive by name")
    stored = json.loads(d.git("show", "main:stacks/default/outputs.json"))
    check(stored["format"] == 2 and stored["outputs"]["token"].get("sensitive") is True, f"flag in state: {stored}")
    check("sensitive" not in stored["outputs"]["replicas"], "only sensitive outputs carry the flag")


@scenario
def output_stacks_and_state_paths(d):
    d.write("spec.conf", SPEC)
    d.run("apply", "spec.conf", "--auto-approve", "--stack", "prod", "--state", "st")
    check(d.run("output", "--state", "st", "--stack", "prod", "--raw", "plain_path").stdout == "out/plain",
          "--state and --stack")
    p = d.run("output", "--state", "st")
    check(p.stdout == "", "another stack has no outputs")
    contains(p.stderr, "stack `default` has no outputs in state")
    check(d.run("output", "--state", "st", "--json").stdout == "{}\n", "no outputs as JSON")
    p = d.run("output", "--state", "st", "nothing", expect=1)
    contains(p.stderr, "the stack has no outputs in state")
    d.run("destroy", "spec.conf", "--auto-approve", "--stack", "prod", "--state", "st")
    check(d.run("output", "--state", "st", "--stack", "prod", "--json").stdout == "{}\n", "destroyed: none")


@scenario
def output_reads_states_without_the_flag(d):
    # A state written before outputs.json carried `format` 2: the bare map of values.
    work = d.file("old")
    os.makedirs(os.path.join(work, "stacks/default"))
    with open(os.path.join(work, "stacks/default/outputs.json"), "w") as f:
        json.dump({"site": "example", "port": 80, "format": 1}, f)
    for args in (["init", "-q", "-b", "main"], ["add", "."],
                 ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "old state"]):
        subprocess.run(["git"] + args, cwd=work, check=True)
    subprocess.run(["git", "clone", "-q", "--bare", work, d.file(".cairn/state")], check=True)
    p = d.run("output")
    check(p.stdout == 'format = 1\nport = 80\nsite = "example"\n', f"old outputs read: {p.stdout}")
    doc = json.loads(d.run("output", "--json").stdout)
    check(doc["site"] == {"sensitive": False, "type": "string", "value": "example"}, f"old state as JSON: {doc}")


@scenario
def apply_prints_outputs_without_changes(d):
    d.write("spec.conf", SPEC)
    d.run("apply", "spec.conf", "--auto-approve")
    before = d.head()
    p = d.run("apply", "spec.conf", "--auto-approve")
    check(d.head() == before, "nothing changed, no commit")
    contains(p.stdout, "No changes.")
    contains(p.stdout, "Outputs:\n\nenabled = true\nplain_path = \"out/plain\"\nreplicas = 3\n")
    contains(p.stdout, "token = (sensitive value)")
    check(SECRET not in p.stdout + p.stderr, "apply never shows a secret")
    # state rm keeps the outputs and their flags.
    d.run("state", "rm", "plain")
    stored = json.loads(d.git("show", "main:stacks/default/outputs.json"))
    check(stored["outputs"]["token"].get("sensitive") is True, f"the flag survives state rm: {stored}")


if __name__ == "__main__":
    sys.exit(s.main())
