#!/usr/bin/env python3
"""Deployment scenarios with specs written in the language (`.conf`), through the `cairn`
binary, each in its own temporary folder. The helpers (Dir, check, contains) and the
runner come from scenarios.py; this file only holds the scenarios where the language
matters: outputs flowing between resources, unknown values, re-evaluation at apply time,
provider contracts and which resources exist.

  conf_scenarios.py --cairn build/dev/cli/cairn [NAME...]
"""
import hashlib
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scenarios as s  # noqa: E402

s.SCENARIOS.clear()
scenario, check, contains = s.scenario, s.check, s.contains

HEADER = 'let local = import "cairn/local.conf" in\nlet Null = import "cairn/null.conf" in\n'


def sha(text):
    return hashlib.sha256(text.encode()).hexdigest()


def zone_and_page(zone_content):
    """A zone file and a page that shows the zone's checksum, and a marker that reads the
    page's checksum (so an update propagates two levels)."""
    return HEADER + f'''{{
  resources = {{
    zone | local.File = {{ path = "out/zone.txt", content = {json.dumps(zone_content)} }},
    page | local.File = {{
      path = "out/index.html",
      content = "zone %{{resources.zone.outputs.sha256}}\\n",
    }},
    marker | Null.Resource = {{ triggers.page = resources.page.outputs.sha256 }},
  }},
  outputs.page_sha = resources.page.outputs.sha256,
}}
'''


@scenario
def conf_create_reads_outputs(d):
    d.write("spec.conf", zone_and_page("zone one\n"))
    p = d.run("plan", "spec.conf", "--detailed-exitcode", expect=2)
    contains(p.stdout, "+ content   = (known after apply)")
    contains(p.stdout, "Plan: 3 to add, 0 to change, 0 to destroy.")
    contains(p.stdout, "+ page_sha = (known after apply)")
    g = d.run("graph", "spec.conf", "--format", "json")
    reads = {r["address"]: r["reads"] for r in json.loads(g.stdout)["resources"]}
    check(reads == {"zone": [], "page": ["zone"], "marker": ["page"]}, f"reading outputs makes edges: {reads}")
    p = d.run("apply", "spec.conf", "--auto-approve")
    contains(p.stdout, "Apply complete! Resources: 3 added, 0 changed, 0 destroyed.")
    page = "zone " + sha("zone one\n") + "\n"
    check(d.read("out/index.html") == page, "the page was evaluated again with the zone's checksum")
    check(d.record("marker")["inputs"]["triggers"]["page"] == sha(page), "marker read the page's sha")
    outputs = json.loads(d.git("show", "main:stacks/default/outputs.json"))
    check(outputs == {"format": 2, "outputs": {"page_sha": {"value": sha(page)}}},
          f"spec outputs known after apply: {outputs}")
    p = d.run("plan", "spec.conf", "--detailed-exitcode", expect=0)
    contains(p.stdout, "No changes.")


@scenario
def conf_update_propagates_through_outputs(d):
    d.write("spec.conf", zone_and_page("zone one\n"))
    d.run("apply", "spec.conf", "--auto-approve")
    d.write("spec.conf", zone_and_page("zone two\n"))
    p = d.run("plan", "spec.conf")
    contains(p.stdout, "# zone will be updated in-place")
    contains(p.stdout, "# page will be updated in-place")
    contains(p.stdout, "# marker must be replaced")
    contains(p.stdout, "(known after apply)")
    contains(p.stdout, "Plan: 1 to add, 2 to change, 1 to destroy.")
    p = d.run("plan", "spec.conf", "--json")
    changes = {c["address"]: c["change"] for c in json.loads(p.stdout)["resource_changes"]}
    check(changes["page"]["actions"] == ["update"], f"page: {changes['page']}")
    check(changes["page"]["after_unknown"].get("content") is True, f"page content unknown: {changes['page']}")
    d.run("plan", "spec.conf", "-o", "change.plan")
    d.run("apply", "change.plan")
    page = "zone " + sha("zone two\n") + "\n"
    check(d.read("out/index.html") == page, "the page shows the new checksum")
    check(d.record("marker")["inputs"]["triggers"]["page"] == sha(page), "the marker follows")
    d.run("plan", "spec.conf", "--detailed-exitcode", expect=0)


@scenario
def conf_contract_errors_change_nothing(d):
    d.write("spec.conf", HEADER + '{ resources.a | local.File = { path = "out/a.txt", content = "1" } }\n')
    d.run("apply", "spec.conf", "--auto-approve")
    head = d.head()
    d.write("spec.conf", HEADER + '{ resources.a | local.File = { path = "out/a.txt", content = 2 } }\n')
    p = d.run("apply", "spec.conf", "--auto-approve", expect=1)
    contains(p.stderr, "error[E05")
    contains(p.stderr, "--> spec.conf:3:")
    check(d.head() == head, "a contract error changes nothing in state")
    check(d.read("out/a.txt") == "1", "a contract error changes nothing on disk")
    d.write("spec.conf", HEADER + '{ resources.a | local.File = { path = "out/a.txt", contnet = "2" } }\n')
    p = d.run("plan", "spec.conf", expect=1)
    contains(p.stderr, "contnet")
    check(d.head() == head, "still nothing")


@scenario
def conf_resource_set_may_not_depend_on_unknowns(d):
    spec = HEADER + '''{
  resources = {
    base | local.File = { path = "out/base", content = "x" },
    extras = if resources.base.outputs.sha256 == "" then {} else { more | Null.Resource = {} },
  },
}
'''
    d.write("spec.conf", spec)
    p = d.run("plan", "spec.conf", expect=1)
    contains(p.stderr, "error[E0607]")
    contains(p.stderr, "`resources.extras`")
    contains(p.stderr, "outputs of `base`")
    check(not d.exists(".cairn"), "nothing created")


@scenario
def conf_destroy_and_state(d):
    d.write("spec.conf", zone_and_page("z\n"))
    d.run("apply", "spec.conf", "--auto-approve")
    check(d.addresses() == ["marker", "page", "zone"], "three resources in state")
    p = d.run("destroy", "spec.conf", "--auto-approve")
    contains(p.stdout, "3 destroyed")
    check(not d.exists("out/zone.txt") and not d.exists("out/index.html"), "files removed")
    check(d.addresses() == [], "state empty")


READS_THROUGH_STD = HEADER + """{
  resources = {
    a | local.File = { path = "out/a", content = "A" },
    b | local.File = { path = "out/b", content = "B" },
    join | local.File = {
      path = "out/join",
      content = std.string.join "\\n" [resources.a.outputs.sha256, resources.b.outputs.sha256],
    },
    map | local.File = {
      path = "out/map",
      content = std.string.join "," (std.array.map (fun r => r.outputs.sha256) [resources.a, resources.b]),
    },
    json | local.File = {
      path = "out/json",
      content = std.serialize 'Json { x = resources.a.outputs.sha256, y = resources.b.outputs.sha256 },
    },
    branch | local.File = {
      path = "out/branch",
      content = if resources.a.outputs.sha256 == "" then resources.b.outputs.sha256 else "a is set",
    },
    arms | local.File = {
      path = "out/arms",
      content = resources.a.outputs.sha256 |> match { "x" => resources.b.outputs.id, _ => "other" },
    },
  },
}
"""


@scenario
def conf_reads_through_std_calls_are_edges(d):
    d.write("spec.conf", READS_THROUGH_STD)
    both = ["a", "b"]
    want = {"a": [], "b": [], "join": both, "map": both, "json": both, "branch": both, "arms": both}

    def graphs():
        g = json.loads(d.run("graph", "spec.conf", "--format", "json").stdout)
        return {r["address"]: r["reads"] for r in g["resources"]}, d.run("graph", "spec.conf").stdout

    reads, dot = graphs()
    check(reads == want, f"every read is an edge, whichever branch a later apply takes: {reads}")
    for reader in ["join", "map", "json", "branch", "arms"]:
        contains(dot, f'"{reader}" -> "b";')
    p = d.run("apply", "spec.conf", "--auto-approve", "--parallelism", "1")
    contains(p.stdout, "Apply complete! Resources: 7 added")
    check(d.read("out/json") == json.dumps({"x": sha("A"), "y": sha("B")}, indent=2),
          f"serialized with both checksums: {d.read('out/json')!r}")
    for reader in ["join", "map", "json", "branch", "arms"]:
        check(d.record(reader)["dependencies"] == both, f"{reader}: state records both dependencies")
    after, dot_after = graphs()
    check(after == reads and dot_after == dot, "the graph is the same on an empty state and after apply")


@scenario
def conf_example_applies_at_any_parallelism(d):
    example = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "fediverse", "main.conf")
    for trial in range(int(os.environ.get("CAIRN_EXAMPLE_TRIALS", "8"))):
        for parallelism in ["1", "2", "10"]:
            sub = f"t{trial}-p{parallelism}"
            os.makedirs(d.file(sub))
            p = subprocess.run([s.CAIRN, "plan", example, "-o", "p.plan"], cwd=d.file(sub), capture_output=True,
                               text=True, timeout=120)
            check(p.returncode == 0, f"plan: {p.stderr}")
            p = subprocess.run([s.CAIRN, "apply", "p.plan", "--parallelism", parallelism], cwd=d.file(sub),
                               capture_output=True, text=True, timeout=120)
            check(p.returncode == 0, f"apply --parallelism {parallelism} (trial {trial}) failed:\n{p.stdout}{p.stderr}")


@scenario
def conf_plan_records_files_and_overrides(d):
    d.write("main.conf", HEADER + """{
  params = { name | default = "motd", text | default = "hello" },
  resources.f | local.File = { path = "out/%{params.name}", content = params.text },
  outputs.path = resources.f.outputs.id,
}
""")
    d.write("prod.conf", '{ params.text = "from prod" }\n')
    p = d.run("plan", "main.conf", "prod.conf", "-o", "p.plan", "--", 'params.name="banner"')
    contains(p.stdout, '+ path      = "out/banner"')
    plan = json.loads(d.read("p.plan"))["cairn"]["spec"]
    check(plan["files"] == ["main.conf", "prod.conf"] and plan["overrides"] == ['params.name="banner"'],
          f"the plan records its inputs: {plan}")
    p = d.run("apply", "p.plan", "--", 'params.name="other"', expect=1)
    contains(p.stderr, "it applies alone, with the files and overrides it recorded")
    d.run("apply", "p.plan")
    check(d.read("out/banner") == "from prod", "applied exactly what was planned")
    p = d.run("plan", "main.conf", "prod.conf", "--detailed-exitcode", "--", 'params.name="banner"', expect=0)
    contains(p.stdout, "No changes.")
    p = d.run("plan", "main.conf", "--detailed-exitcode", "--", 'params.name="banner"', expect=2)
    contains(p.stdout, '~ content = "from prod" -> "hello"')
    p = d.run("eval", "main.conf", "--", "params.name=1", expect=1)
    contains(p.stderr, "only plan, apply, destroy, import, graph and validate take field overrides")


@scenario
def conf_apply_plan_refuses_changed_inputs(d):
    d.write("main.conf", HEADER + """{
  params.text | default = "a",
  resources = {
    a | local.File = { path = "out/a", content = params.text },
    b | local.File = { path = "out/b", content = resources.a.outputs.sha256 },
  },
}
""")
    d.write("prod.conf", '{ params.text = "prod" }\n')
    d.run("plan", "main.conf", "prod.conf", "-o", "p.plan")
    d.write("prod.conf", '{ params.text = "changed" }\n')
    p = d.run("apply", "p.plan", expect=1)
    contains(p.stderr, "error[E0614]")
    contains(p.stderr, "`main.conf`, `prod.conf`")
    check(not d.exists("out/a"), "nothing applied")


SECRET = "hunter2-plaintext"
SENSITIVE_SPEC = HEADER + """let schema = import "cairn/schema.conf" in
{
  resources = {
    secret | local.File = { path = "out/secret", content = "%s", sensitive = true },
    derived | local.File = {
      path = "out/derived",
      content = "token=" ++ std.string.uppercase resources.secret.content,
    },
    plain | local.File = { path = "out/plain", content = "nothing secret here" },
  },
  outputs = {
    token | schema.Sensitive = "Bearer %%{resources.derived.content}",
    plain_sha = resources.plain.outputs.sha256,
  },
}
""" % SECRET


@scenario
def conf_sensitive_values_stay_hidden(d):
    d.write("spec.conf", SENSITIVE_SPEC)
    printed = []
    for args in [("plan", "spec.conf"), ("plan", "spec.conf", "--json"), ("plan", "spec.conf", "-o", "p.plan"),
                 ("graph", "spec.conf"), ("validate", "spec.conf"), ("apply", "p.plan"),
                 ("apply", "spec.conf", "--auto-approve"), ("state", "show", "derived"), ("state", "show", "secret"),
                 ("plan", "spec.conf", "--json"), ("plan", "spec.conf", "-o", "again.plan"), ("output",),
                 ("show", "again.plan"), ("show", "again.plan", "--json"), ("state", "list"), ("state", "log")]:
        p = d.run(*args)
        printed.append(p.stdout + p.stderr)
    # Every commit of the state repository (sealed values are age ciphertext), every plan
    # file, the journal folder, and everything printed.
    history = subprocess.run(["git", "-C", d.file(".cairn/state"), "log", "-p", "--all"], capture_output=True,
                             text=True, check=True).stdout
    check("stacks/default/resources/secret.json" in history, "the log shows the records")
    stored = [history, d.read("p.plan"), d.read("again.plan")]
    for root, _, files in os.walk(d.file(".cairn/state")):
        for f in files:
            with open(os.path.join(root, f), "rb") as fh:
                stored.append(fh.read().decode("latin-1"))
    everything = "".join(printed) + "".join(stored)
    for secret in [SECRET, SECRET.upper()]:
        check(secret not in everything, f"{secret} appears in what cairn printed or wrote")
    record = d.record("secret")
    check("content" not in record["inputs"] and record["sealed"]["inputs"] == ["content"], f"sealed: {record}")
    outputs = json.loads(d.git("show", "main:stacks/default/outputs.json"))["outputs"]
    check("value" not in outputs["token"] and outputs["token"]["age"], f"the token output is sealed: {outputs}")
    check(oct(os.stat(d.file(".cairn/age-identity.txt")).st_mode & 0o777) == "0o600", "the key file is 0600")
    check(d.read("out/derived") == "token=" + SECRET.upper(), "the files themselves hold the real values")
    contains(printed[0], "(sensitive value)")
    plan = json.loads(printed[1])
    derived = [c for c in plan["resource_changes"] if c["address"] == "derived"][0]["change"]
    check(derived["after_sensitive"].get("content") is True, f"derived content sensitive: {derived}")
    check(plan["output_changes"]["token"]["after_sensitive"] is True, "the token output is sensitive")
    contains(printed[5], "token = (sensitive value)")
    contains(printed[5], "plain_sha = ")


@scenario
def conf_sensitive_output_must_be_marked(d):
    d.write("spec.conf", SENSITIVE_SPEC.replace("token | schema.Sensitive =", "token ="))
    p = d.run("plan", "spec.conf", expect=1)
    contains(p.stderr, "error[E0628]: the output `token` would show a sensitive value")
    contains(p.stderr, "schema.Sensitive")
    check(SECRET.upper() not in p.stdout + p.stderr, "the refusal does not show the secret")


def check_terraform_plan(doc):
    """Checks a JSON plan against Terraform's documented plan format 1.2 (internals/json-format),
    field by field: every field a Terraform tool reads is there with the documented type."""
    def need(obj, key, kinds, where):
        check(isinstance(obj, dict) and key in obj, f"{where}: `{key}` missing in {str(obj)[:200]}")
        check(isinstance(obj[key], kinds), f"{where}.{key}: {type(obj[key]).__name__}, not {kinds}")
        return obj[key]

    def values_resource(r, where):
        for k in ["address", "type", "name", "provider_name"]:
            need(r, k, str, where)
        check(need(r, "mode", str, where) == "managed", f"{where}: mode")
        need(r, "schema_version", int, where)
        need(r, "values", dict, where)
        need(r, "sensitive_values", (dict, bool), where)

    def values(v, where):
        for name, o in need(v, "outputs", dict, where).items():
            need(o, "sensitive", bool, f"{where}.outputs.{name}")
        module = need(v, "root_module", dict, where)
        for i, r in enumerate(need(module, "resources", list, where + ".root_module")):
            values_resource(r, f"{where}.root_module.resources[{i}]")

    allowed = [["no-op"], ["create"], ["read"], ["update"], ["delete", "create"], ["create", "delete"], ["delete"]]

    def change(c, where):
        check(need(c, "actions", list, where) in allowed, f"{where}.actions: {c['actions']}")
        for k in ["before", "after"]:
            check(k in c, f"{where}: `{k}` missing")
        for k in ["after_unknown", "before_sensitive", "after_sensitive"]:
            need(c, k, (dict, bool), where)

    def resource_change(r, where):
        for k in ["address", "type", "name", "provider_name"]:
            need(r, k, str, where)
        check(need(r, "mode", str, where) == "managed", f"{where}: mode")
        change(need(r, "change", dict, where), where + ".change")

    def expression(e, where):
        check(isinstance(e, dict) and ("constant_value" in e or isinstance(e.get("references"), list)),
              f"{where}: not an expression: {e}")

    check(need(doc, "format_version", str, "plan") == "1.2", "format_version 1.2")
    need(doc, "terraform_version", str, "plan")
    values(need(doc, "planned_values", dict, "plan"), "planned_values")
    if "prior_state" in doc:
        ps = need(doc, "prior_state", dict, "plan")
        need(ps, "format_version", str, "prior_state")
        values(need(ps, "values", dict, "prior_state"), "prior_state.values")
    for i, r in enumerate(need(doc, "resource_changes", list, "plan")):
        resource_change(r, f"resource_changes[{i}]")
    for i, r in enumerate(need(doc, "resource_drift", list, "plan")):
        resource_change(r, f"resource_drift[{i}]")
    for name, c in need(doc, "output_changes", dict, "plan").items():
        change(c, f"output_changes.{name}")
    conf = need(doc, "configuration", dict, "plan")
    for name, pc in need(conf, "provider_config", dict, "configuration").items():
        need(pc, "name", str, f"provider_config.{name}")
    root = need(conf, "root_module", dict, "configuration")
    for name, o in need(root, "outputs", dict, "configuration.root_module").items():
        if "expression" in o:
            expression(o["expression"], f"configuration outputs.{name}")
    for i, r in enumerate(need(root, "resources", list, "configuration.root_module")):
        where = f"configuration.resources[{i}]"
        for k in ["address", "type", "name", "provider_config_key"]:
            need(r, k, str, where)
        check(need(r, "mode", str, where) == "managed", where)
        for k, e in need(r, "expressions", dict, where).items():
            expression(e, f"{where}.expressions.{k}")


@scenario
def conf_plan_json_follows_terraform_format(d):
    d.write("spec.conf", zone_and_page("zone one\n"))
    check_terraform_plan(json.loads(d.run("plan", "spec.conf", "--json").stdout))
    d.run("apply", "spec.conf", "--auto-approve")
    # An update, a replace, a drift and a delete in one plan.
    d.write("out/zone.txt", "edited by hand\n")
    d.write("spec.conf", zone_and_page("zone two\n").replace('marker | Null.Resource', 'marker2 | Null.Resource'))
    doc = json.loads(d.run("plan", "spec.conf", "--json").stdout)
    check_terraform_plan(doc)
    actions = {c["address"]: c["change"]["actions"] for c in doc["resource_changes"]}
    check(actions.get("marker") == ["delete"] and actions.get("marker2") == ["create"], f"actions: {actions}")
    check([r["address"] for r in doc["resource_drift"]] == ["zone"], f"drift: {doc['resource_drift']}")
    check(doc["resource_drift"][0]["change"]["before"]["content"] == "zone one\n", "drift before = recorded")
    planned = {r["address"]: r for r in doc["planned_values"]["root_module"]["resources"]}
    check(planned["zone"]["values"]["content"] == "zone two\n", f"planned values: {planned['zone']}")
    check("sha256" not in planned["page"]["values"], "unknown values are left out of planned_values")
    prior = {r["address"] for r in doc["prior_state"]["values"]["root_module"]["resources"]}
    check(prior == {"zone", "page", "marker"}, f"prior state: {prior}")
    conf = {r["address"]: r for r in doc["configuration"]["root_module"]["resources"]}
    check(conf["page"]["expressions"]["content"] == {"references": ["resources.zone.outputs"]},
          f"page content reads the zone: {conf['page']['expressions']}")
    check(conf["zone"]["expressions"]["path"] == {"constant_value": "out/zone.txt"}, "constants")
    # Every change checked also with sensitive values and outputs.
    d.write("spec.conf", SENSITIVE_SPEC)
    check_terraform_plan(json.loads(d.run("plan", "spec.conf", "--json").stdout))


@scenario
def conf_plan_file_holds_one_copy_and_show_renders_it(d):
    # A plan file holds the cairn section only (each value once); `cairn show` renders it as
    # `cairn plan` showed it, and `show --json` gives back Terraform's shape from it.
    d.write("spec.conf", zone_and_page("zone one\n" * 200))
    p = d.run("plan", "spec.conf", "-o", "p.plan")
    doc = json.loads(d.read("p.plan"))
    check(set(doc) == {"format_version", "cairn_version", "cairn"}, f"plan file members: {sorted(doc)}")
    check(d.read("p.plan").count("zone one") == 200, "the zone's content is in the plan file once")
    shown = d.run("show", "p.plan").stdout
    check(shown in p.stdout and "Plan: 3 to add" in shown, f"show: {shown}")
    full = json.loads(d.run("show", "p.plan", "--json").stdout)
    check_terraform_plan(full)
    direct = json.loads(d.run("plan", "spec.conf", "--json").stdout)
    check(full["resource_changes"] == direct["resource_changes"], "show --json = plan --json")
    check(full["configuration"] == direct["configuration"], "configuration from the plan file")
    d.run("apply", "p.plan")
    check(d.read("out/zone.txt") == "zone one\n" * 200, "the plan file applies")
    # Not a plan, or a damaged one: refused as apply refuses it.
    p = d.run("show", "spec.conf", expect=1)
    contains(p.stderr, "`spec.conf` is not a plan file")
    d.write("bad.plan", d.read("p.plan").replace("out/zone.txt", "out/zone.tx"))
    p = d.run("show", "bad.plan", expect=1)
    contains(p.stderr, "E0652")


IMPORT_SPEC = HEADER + """{
  resources = {
    site | local.File = { path = "out/site.conf", content = "listen 80\\n" },
    page | local.File = { path = "out/page", content = "site %{resources.site.outputs.sha256}" },
  },
}
"""


@scenario
def conf_create_refuses_existing_objects(d):
    d.write("spec.conf", IMPORT_SPEC)
    d.write("out/site.conf", "made by hand\n")
    p = d.run("apply", "spec.conf", "--auto-approve", expect=1)
    contains(p.stderr, "`out/site.conf` already exists and is not in state; cairn does not overwrite it")
    contains(p.stderr, "`cairn import site out/site.conf SPEC`")
    contains(p.stderr, "--> spec.conf:5:25")
    check(d.read("out/site.conf") == "made by hand\n", "the existing file is left alone")
    contains(p.stdout, "skipped: page (depends on site)")
    check(not d.exists("out/page"), "nothing that depends on it ran")


@scenario
def conf_import_adopts_existing_objects(d):
    d.write("spec.conf", IMPORT_SPEC)
    d.write("out/site.conf", "made by hand\n")
    # The plan shows the import and the update that follows it, and changes nothing.
    p = d.run("plan", "spec.conf", "--import", "site=out/site.conf", "--detailed-exitcode", expect=2)
    contains(p.stdout, "# site will be updated in-place\n  # (imported from \"out/site.conf\")")
    contains(p.stdout, "- made by hand")
    contains(p.stdout, "Plan: 1 to import, 1 to add, 1 to change, 0 to destroy.")
    doc = json.loads(d.run("plan", "spec.conf", "--import", "site=out/site.conf", "--json").stdout)
    check_terraform_plan(doc)
    site = [c for c in doc["resource_changes"] if c["address"] == "site"][0]
    check(site["change"]["importing"] == {"id": "out/site.conf"}, f"importing: {site['change']}")
    check(not d.exists(".cairn/state") or not d.git("log", "--all", "--oneline").strip(), "plan records nothing")
    # Errors: no such resource, no such object, an id for something already in state.
    p = d.run("import", "resources.site", "out/site.conf", "spec.conf", expect=1)
    contains(p.stderr, "error[E0640]: cannot import into `resources.site`: the spec has no such resource")
    contains(p.stderr, "addresses leave out `resources.`: did you mean `site`?")
    p = d.run("import", "sit", "out/site.conf", "spec.conf", expect=1)
    contains(p.stderr, "did you mean `site`?")
    p = d.run("import", "site", "out/nothing", "spec.conf", expect=1)
    contains(p.stderr, "cannot import `site`: local finds no object with id `out/nothing`")
    # `cairn import` adopts without changing the object.
    p = d.run("import", "site", "out/site.conf", "spec.conf")
    contains(p.stdout, "site: Import complete after 0s [id=out/site.conf]")
    contains(p.stdout, "Import successful: `site` is in state now and managed by cairn.")
    contains(p.stdout, "`cairn plan` shows the update that brings it in line.")
    check(d.read("out/site.conf") == "made by hand\n", "import changes nothing real")
    rec = d.record("site")
    check(rec["id"] == "out/site.conf" and rec["inputs"]["content"] == "made by hand\n", f"record: {rec}")
    check(rec["inputs"]["sensitive"] is False, "inputs the provider cannot read take their defaults")
    check("imported site (id out/site.conf)" in d.git("log", "-1", "--format=%B", "main"), "commit says import")
    p = d.run("import", "site", "out/site.conf", "spec.conf", expect=1)
    contains(p.stderr, "cannot import into `site`: it is already in state (id `out/site.conf`)")
    p = d.run("plan", "spec.conf")
    contains(p.stdout, "# site will be updated in-place")
    contains(p.stdout, "Plan: 1 to add, 1 to change, 0 to destroy.")
    d.run("apply", "spec.conf", "--auto-approve")
    check(d.read("out/site.conf") == "listen 80\n", "the next apply brings it in line")
    d.run("plan", "spec.conf", "--detailed-exitcode", expect=0)
    # A saved plan with an import applies exactly that.
    d.write("out/other", "other\n")
    d.write("spec.conf", IMPORT_SPEC.replace("  },\n}", '    other | local.File = { path = "out/other", content = "other\\n" },\n  },\n}'))
    d.run("plan", "spec.conf", "--import", "other=out/other", "-o", "import.plan")
    p = d.run("apply", "import.plan")
    contains(p.stdout, "other: Import complete")
    contains(p.stdout, "Apply complete! Resources: 1 imported, 0 added, 0 changed, 0 destroyed.")
    d.run("plan", "spec.conf", "--detailed-exitcode", expect=0)


if __name__ == "__main__":
    sys.exit(s.main())
