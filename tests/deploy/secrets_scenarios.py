#!/usr/bin/env python3
"""Sensitive values in state are age ciphertext (docs/deploy.md, "Secrets in state"),
through the `cairn` binary and the `age` tool (helpers and runner from scenarios.py):

- what cairn sealed, `age -d -i KEYFILE` opens, with cairn's default key and with a key
  made by `age-keygen` given as CAIRN_AGE_IDENTITY (a path, or the key itself);
- the state's `recipients` file is written by the first apply; a recipient added to it
  can open what later applies seal;
- without an identity: plan works (a warning, sealed values compared as unchanged, never
  ciphertext shown as a value), `output` lists but refuses the value, an apply that needs
  the secrets is refused naming CAIRN_AGE_IDENTITY, one that does not still runs;
- a provider's sensitive outputs (secret.Password) are sealed and flow on apply;
- a state written before sealing (plaintext) reads, and is sealed by the next write.

  secrets_scenarios.py --cairn build/release/cli/cairn [NAME...]
"""
import base64
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scenarios as s  # noqa: E402

s.SCENARIOS.clear()
scenario, check, contains = s.scenario, s.check, s.contains

SECRET = "correct-horse-battery-staple"
SPEC = '''let local = import "cairn/local.conf" in
let secret = import "cairn/secret.conf" in
let schema = import "cairn/schema.conf" in
{
  resources = {
    key | local.File = { path = "out/key", content = "%s", sensitive = true },
    pw | secret.Password = { length = 20 },
    env | local.File = { path = "out/env", content = "PASSWORD=%%{resources.pw.outputs.result}\\n" },
    plain | local.File = { path = "out/plain", content = "%s" },
  },
  outputs = {
    password | schema.Sensitive = resources.pw.outputs.result,
    plain_path = resources.plain.outputs.id,
  },
}
'''


def spec(d, plain="one"):
    d.write("spec.conf", SPEC % (SECRET, plain))


def age_open(box_b64, keyfile):
    p = subprocess.run(["age", "-d", "-i", keyfile], input=base64.b64decode(box_b64), capture_output=True)
    check(p.returncode == 0, f"age -d failed: {p.stderr.decode()}")
    return p.stdout.decode()


def run_env(d, env, *args, expect=0):
    p = subprocess.run([s.CAIRN] + list(args), cwd=d.path, env=dict(d.env(), **env), capture_output=True, text=True,
                       timeout=120)
    check(p.returncode == expect, f"cairn {' '.join(args)} exited {p.returncode}, wanted {expect}:\n{p.stderr}")
    return p


def history(d, state=".cairn/state"):
    return subprocess.run(["git", "-C", d.file(state), "log", "-p", "--all"], capture_output=True, text=True,
                          check=True).stdout


@scenario
def secrets_interoperate_with_age(d):
    spec(d)
    d.run("apply", "spec.conf", "--auto-approve")
    key = d.file(".cairn/age-identity.txt")
    check(oct(os.stat(key).st_mode & 0o777) == "0o600", "key file mode 0600")
    public = [line.split(": ")[1] for line in d.read(".cairn/age-identity.txt").splitlines() if "public key" in line][0]
    check(d.git("show", "main:recipients").splitlines()[-1] == public, "the recipients file holds the key's recipient")
    record = d.record("key")
    check(json.loads(age_open(record["sealed"]["age"], key)) == {"inputs": {"content": SECRET}, "outputs": {}},
          "age -d opens a sealed record")
    pw = d.record("pw")
    check("result" not in pw["outputs"] and pw["sealed"]["outputs"] == ["result"], f"password sealed: {pw}")
    password = json.loads(age_open(pw["sealed"]["age"], key))["outputs"]["result"]
    check(len(password) == 20 and d.read("out/env") == f"PASSWORD={password}\n", "the password flowed into env")
    box = json.loads(d.git("show", "main:stacks/default/outputs.json"))["outputs"]["password"]["age"]
    check(json.loads(age_open(box, key)) == password, "age -d opens a sealed output")
    text = history(d)
    for plain in (SECRET, password):
        check(plain not in text, "no plaintext in any commit")
    check(d.run("output", "--raw", "password").stdout == password, "cairn opens it with its key")


@scenario
def secrets_with_an_age_keygen_identity(d):
    subprocess.run(["age-keygen", "-o", d.file("mine.txt")], check=True, capture_output=True)
    spec(d)
    run_env(d, {"CAIRN_AGE_IDENTITY": d.file("mine.txt")}, "apply", "spec.conf", "--auto-approve")
    check(not d.exists(".cairn/age-identity.txt"), "no default key when CAIRN_AGE_IDENTITY is set")
    record = d.record("key")
    check(json.loads(age_open(record["sealed"]["age"], d.file("mine.txt")))["inputs"]["content"] == SECRET,
          "sealed for the age-keygen identity")
    key_line = [line for line in d.read("mine.txt").splitlines() if line.startswith("AGE-SECRET-KEY-1")][0]
    p = run_env(d, {"CAIRN_AGE_IDENTITY": key_line}, "plan", "spec.conf", "--detailed-exitcode")
    check("encrypted in state" not in p.stderr, "the key itself opens the state")
    # A second recipient added to the state's recipients file can open what is sealed next.
    subprocess.run(["age-keygen", "-o", d.file("teammate.txt")], check=True, capture_output=True)
    other = [line.split(": ")[1] for line in d.read("teammate.txt").splitlines() if "public key" in line][0]
    work = d.file("edit")
    subprocess.run(["git", "clone", "-q", d.file(".cairn/state"), work], check=True)
    with open(os.path.join(work, "recipients"), "a") as f:
        f.write(other + "\n")
    subprocess.run(["git", "-C", work, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "add teammate"],
                   check=True)
    subprocess.run(["git", "-C", work, "push", "-q", "origin", "main"], check=True)
    d.write("spec.conf", (SPEC % (SECRET, "two")).replace(SECRET, SECRET + "-2"))
    run_env(d, {"CAIRN_AGE_IDENTITY": d.file("mine.txt")}, "apply", "spec.conf", "--auto-approve")
    check(json.loads(age_open(d.record("key")["sealed"]["age"], d.file("teammate.txt")))["inputs"]["content"]
          == SECRET + "-2", "the teammate opens it")
    p = run_env(d, {"CAIRN_AGE_IDENTITY": "not-a-key"}, "plan", "spec.conf", expect=1)
    contains(p.stderr, "CAIRN_AGE_IDENTITY names the key file `not-a-key`, which cannot be read")


@scenario
def secrets_without_the_identity(d):
    spec(d)
    d.run("apply", "spec.conf", "--auto-approve")
    os.rename(d.file(".cairn/age-identity.txt"), d.file("key.txt"))
    box = d.record("key")["sealed"]["age"]
    pw_box = d.record("pw")["sealed"]["age"]
    p = d.run("plan", "spec.conf", "--detailed-exitcode", expect=0)
    contains(p.stderr, "warning[E0608]: the sensitive values of `env`, `key`, `pw` and the sensitive outputs are "
                       "encrypted in state and no age identity opens them")
    contains(p.stderr, "CAIRN_AGE_IDENTITY")
    contains(p.stdout, "No changes.")
    j = d.run("plan", "spec.conf", "--json")
    d.run("plan", "spec.conf", "-o", "p.plan")
    for text in (p.stdout, p.stderr, j.stdout, d.read("p.plan"), d.run("state", "show", "pw").stdout):
        check("YWdlLWVuY3J5cHRpb24ub3JnL3Yx" not in text and SECRET not in text, "no ciphertext, no plaintext")
    p = d.run("output")
    contains(p.stdout, "password = <sensitive>")
    p = d.run("output", "password", expect=1)
    contains(p.stderr, "error[E0608]: the sensitive output `password` is encrypted in state, and no age identity opens it")
    contains(p.stderr, "CAIRN_AGE_IDENTITY")
    d.run("output", "--json", expect=1)
    # A change that needs no secret runs, and the sealed values are kept as they were.
    spec(d, plain="two")
    p = d.run("apply", "spec.conf", "--auto-approve")
    contains(p.stdout, "1 changed")
    # (refresh read the file back, so `key` is sealed again with what it read; `pw` kept its box)
    check(json.loads(age_open(d.record("key")["sealed"]["age"], d.file("key.txt")))["inputs"]["content"] == SECRET,
          "the record is still sealed for the state's recipient")
    check(d.record("pw")["sealed"]["age"] == pw_box, "a sealed record nothing could read is kept as it was")
    check(not d.exists(".cairn/age-identity.txt"), "no new key for a state that has recipients")
    check(d.git("show", "main:recipients") == d.git("show", "main~1:recipients"), "recipients unchanged")
    # What is computed from sealed values compares as unchanged: the plan cannot see this.
    d.write("spec.conf", (SPEC % (SECRET, "two")).replace("PASSWORD=", "PASS="))
    contains(d.run("plan", "spec.conf").stdout, "No changes.")
    # A change that needs a secret is refused before anything runs (`env` reads the password).
    d.write("spec.conf", (SPEC % (SECRET, "two")).replace("PASSWORD=", "PASS=").replace("length = 20", "length = 24"))
    p = d.run("apply", "spec.conf", "--auto-approve", expect=1)
    contains(p.stderr, "error[E0608]: cannot apply `pw`: it needs sensitive values that state holds encrypted "
                       "with age, and no identity opens them")
    contains(p.stderr, "CAIRN_AGE_IDENTITY")
    check(d.read("out/env").startswith("PASSWORD="), "nothing ran")
    # With the identity back, everything shows and applies.
    p = run_env(d, {"CAIRN_AGE_IDENTITY": d.file("key.txt")}, "apply", "spec.conf", "--auto-approve")
    check(d.read("out/env").startswith("PASS=") and len(d.read("out/env")) == len("PASS=") + 24 + 1,
          "applied with the identity")


@scenario
def secrets_seal_a_plaintext_state(d):
    # A record as cairn wrote it before sealing: the sensitive value in clear.
    d.write("spec.conf", SPEC % (SECRET, "one"))
    d.run("apply", "spec.conf", "--auto-approve")
    work = d.file("edit")
    subprocess.run(["git", "clone", "-q", d.file(".cairn/state"), work], check=True)
    path = os.path.join(work, "stacks/default/resources/key.json")
    with open(path) as f:
        rec = json.load(f)
    del rec["sealed"]
    rec["inputs"]["content"] = SECRET
    with open(path, "w") as f:
        json.dump(rec, f, indent=2)
    subprocess.run(["git", "-C", work, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "old"], check=True)
    subprocess.run(["git", "-C", work, "push", "-q", "origin", "main"], check=True)
    os.remove(d.file(".cairn/age-identity.txt"))
    p = d.run("plan", "spec.conf", "--detailed-exitcode", expect=0)
    check("`key`" not in p.stderr, f"a plaintext record is not sealed: {p.stderr}")
    d.write("spec.conf", (SPEC % (SECRET + "-new", "one")))
    # Changing it needs no other secret: it applies, and the record is sealed from then on.
    d.run("apply", "spec.conf", "--auto-approve")
    check(d.read("out/key") == SECRET + "-new", "applied")
    record = d.record("key")
    check("content" not in record["inputs"] and record["sealed"]["inputs"] == ["content"], f"sealed now: {record}")
    check(SECRET + "-new" not in d.git("log", "-p", "--all"), "the new value is in no commit")


if __name__ == "__main__":
    sys.exit(s.main())
