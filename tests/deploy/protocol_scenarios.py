#!/usr/bin/env python3
"""External providers through the `cairn` binary: the reference Python provider
(examples/providers/cairn-provider-kv) through every step of a deployment, and a provider
that breaks the protocol on purpose (tests/deploy/providers/cairn-provider-broken): a crash,
a hang, garbage and a wrong id each fail their own action, and the rest of the apply
carries on. Helpers and runner from scenarios.py.

  protocol_scenarios.py --cairn build/dev/cli/cairn [NAME...]
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import scenarios as s  # noqa: E402

s.SCENARIOS.clear()
scenario, check, contains = s.scenario, s.check, s.contains
ROOT = os.path.dirname(os.path.dirname(HERE))
KV = os.path.join(ROOT, "examples", "providers")
BROKEN = os.path.join(HERE, "providers")
os.environ["CAIRN_PROVIDER_PATH"] = KV + ":" + BROKEN


def kv_spec(entries, settings='providers.kv.file = "store.json",'):
    body = "\n".join(f"    {name} | kv.Entry = {{ {fields} }}," for name, fields in entries.items())
    return f'let kv = import "cairn/kv.conf" in\n{{\n  {settings}\n  resources = {{\n{body}\n  }},\n}}\n'


def store(d):
    return json.loads(d.read("store.json"))


@scenario
def kv_lifecycle(d):
    d.write("spec.conf", kv_spec({"a": 'key = "a", value = "one"',
                                  "b": 'key = "b", value = "len %{std.to_string resources.a.outputs.length}"'}))
    p = d.run("plan", "spec.conf", "--detailed-exitcode", expect=2)
    contains(p.stdout, "Plan: 2 to add, 0 to change, 0 to destroy.")
    contains(p.stdout, '+ version = 1')
    p = d.run("apply", "spec.conf", "--auto-approve")
    contains(p.stdout, "Apply complete! Resources: 2 added, 0 changed, 0 destroyed.")
    contains(p.stderr, "provider kv [a]: created a")
    check(store(d) == {"a": {"value": "one", "version": 1}, "b": {"value": "len 3", "version": 1}}, f"store: {store(d)}")
    d.run("plan", "spec.conf", "--detailed-exitcode", expect=0)
    # Update in place: the plan knows the next version.
    d.write("spec.conf", kv_spec({"a": 'key = "a", value = "three"', "b": 'key = "b", value = "fixed"'}))
    p = d.run("plan", "spec.conf")
    contains(p.stdout, "# a will be updated in-place")
    contains(p.stdout, "~ version = 1 -> 2")
    d.run("apply", "spec.conf", "--auto-approve")
    check(store(d)["a"] == {"value": "three", "version": 2}, f"updated: {store(d)}")
    # Replace: the key forces a new entry.
    d.write("spec.conf", kv_spec({"a": 'key = "a2", value = "three"', "b": 'key = "b", value = "fixed"'}))
    p = d.run("plan", "spec.conf")
    contains(p.stdout, "# a must be replaced")
    d.run("apply", "spec.conf", "--auto-approve")
    check("a" not in store(d) and store(d)["a2"]["version"] == 1, f"replaced: {store(d)}")
    # Drift made outside cairn shows in the plan and is put back.
    st = store(d)
    st["b"]["value"] = "edited by hand"
    d.write("store.json", json.dumps(st))
    p = d.run("plan", "spec.conf", "--detailed-exitcode", expect=2)
    contains(p.stdout, '"edited by hand" -> "fixed"')
    d.run("apply", "spec.conf", "--auto-approve")
    check(store(d)["b"]["value"] == "fixed", "drift put back")
    # Deleted outside cairn: created again.
    st = store(d)
    del st["b"]
    d.write("store.json", json.dumps(st))
    p = d.run("plan", "spec.conf")
    contains(p.stdout, "# b will be created")
    d.run("apply", "spec.conf", "--auto-approve")
    # Removing a resource from the spec deletes it; destroy deletes the rest.
    d.write("spec.conf", kv_spec({"b": 'key = "b", value = "fixed"'}))
    d.run("apply", "spec.conf", "--auto-approve")
    check(sorted(store(d)) == ["b"], f"a2 deleted: {store(d)}")
    p = d.run("destroy", "spec.conf", "--auto-approve")
    check(store(d) == {}, f"destroyed: {store(d)}")


@scenario
def kv_bad_inputs_are_located(d):
    # A contract error from the provider's schema points into the spec.
    d.write("spec.conf", kv_spec({"a": 'key = "a", value = 3'}))
    p = d.run("plan", "spec.conf", expect=1)
    contains(p.stderr, "error[E05")
    contains(p.stderr, "--> spec.conf:5:")
    # The provider's own validation, at the attribute.
    d.write("spec.conf", kv_spec({"a": 'key = "not a key!", value = "x"'}))
    p = d.run("plan", "spec.conf", expect=1)
    contains(p.stderr, "error[E0604]: `key` must be 1 to 200 letters")
    contains(p.stderr, "--> spec.conf:5:")
    # A setting the provider does not have.
    d.write("spec.conf", kv_spec({"a": 'key = "a"'}, settings='providers.kv.flie = "x",'))
    p = d.run("plan", "spec.conf", expect=1)
    contains(p.stderr, "provider `kv` has no setting `flie` (its settings: file)")
    check(not d.exists("store.json"), "nothing ran")


@scenario
def kv_by_source_in_a_json_spec(d):
    os.environ["CAIRN_PROVIDER_PATH"] = ""
    try:
        d.spec({"x": {"type": "kv.Entry", "key": "x", "value": "1"}},
               providers={"kv": {"source": os.path.join(KV, "cairn-provider-kv"), "file": "store.json"}})
        d.run("apply", "spec.json", "--auto-approve")
        check(store(d) == {"x": {"value": "1", "version": 1}}, f"store: {store(d)}")
        p = d.run("plan", "spec.json", "--detailed-exitcode", expect=0)
        d.spec({"x": {"type": "kv.Entry", "key": "x", "valeu": "1"}},
               providers={"kv": {"source": os.path.join(KV, "cairn-provider-kv"), "file": "store.json"}})
        p = d.run("plan", "spec.json", expect=1)
        contains(p.stderr, "did you mean `value`?")
        d.spec({"x": {"type": "kv.Entry", "key": "x"}}, providers={"kv": {"source": "./nowhere"}})
        p = d.run("plan", "spec.json", expect=1)
        contains(p.stderr, "`./nowhere` is not an executable file")
    finally:
        os.environ["CAIRN_PROVIDER_PATH"] = KV + ":" + BROKEN


@scenario
def providers_commands(d):
    p = d.run("providers", "list")
    contains(p.stdout, "local      built in")
    contains(p.stdout, "kv         " + os.path.join(KV, "cairn-provider-kv") + " 0.1.0  kv.Entry")
    contains(p.stdout, "broken")
    p = d.run("providers", "schema", "kv")
    contains(p.stdout, "key : String (required, forces replacement)")
    contains(p.stdout, "file : String (default \"kv-store.json\")")
    p = d.run("providers", "schema", "local")
    contains(p.stdout, "mode : String (default \"0644\")")
    p = d.run("providers", "schema", "kv", "--contract")
    contains(p.stdout, 'schema.Resource "kv.Entry"')
    p = d.run("providers", "schema", "nope", expect=1)
    contains(p.stderr, "there is no provider `nope`")


@scenario
def broken_providers_fail_their_action_only(d):
    modes = ["ok", "error", "crash", "hang", "garbage", "wrong_id", "log"]
    body = "\n".join(f'    {m} | broken.Thing = {{ mode = "{m}" }},' for m in modes)
    d.write("spec.conf", 'let broken = import "cairn/broken.conf" in\n'
            f'{{\n  providers.broken.timeout = 2,\n  resources = {{\n{body}\n'
            '    local_file = { type = "local.File", path = "out/f", content = "x" },\n  },\n}\n')
    p = d.run("apply", "spec.conf", "--auto-approve", expect=1)
    out = p.stdout + p.stderr
    contains(out, "the thing is taken")
    contains(out, "provider `broken` failed `create`: the provider stopped (exited with status 3)")
    contains(out, "provider `broken` failed `create`: the provider did not answer in time")
    contains(out, "provider `broken` failed `create`: it wrote not JSON")
    contains(out, "it answered request")
    contains(p.stderr, "provider broken [log]: making the thing")
    addresses = d.addresses()
    check(sorted(addresses) == ["local_file", "log", "ok"], f"only the good ones are in state: {addresses}")
    check(d.read("out/f") == "x", "the rest of the apply carried on")
    # Fixing the modes converges.
    body = "\n".join(f'    {m} | broken.Thing = {{ mode = "ok" }},' for m in modes)
    d.write("spec.conf", 'let broken = import "cairn/broken.conf" in\n'
            f'{{\n  resources = {{\n{body}\n  }},\n}}\n')
    d.run("apply", "spec.conf", "--auto-approve")
    d.run("plan", "spec.conf", "--detailed-exitcode", expect=0)


if __name__ == "__main__":
    sys.exit(s.main())
