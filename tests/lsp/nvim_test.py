#!/usr/bin/env python3
"""A real editor against `cairn lsp`: Neovim 0.7 (Debian's `neovim`), headless, scripted in
Lua with vim.lsp.start_client / buf_attach_client / buf_request_sync (nvim_test.lua).

The test writes a spec with an unbound name and a library it imports into a temporary
folder, runs `nvim --headless -u NONE` on the script, and checks every answer the editor
got: the diagnostic (E0201 with its suggestion), the hover, the completion of a
local.File resource's fields with their docs, the definition in the imported file, the
quick fix from its suggestion, the diagnostics clearing after the fix, the deployment code lenses and the plan, the rename and the formatting applied to the buffer.

  nvim_test.py --cairn BUILD/cli/cairn
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

SPEC = """# The editor test's spec.
let local = import "cairn/local.conf" in
let port : Number = 8080 in
let lib = import "lib.conf" in
{
  resources.motd | local.File = {
    path = "out/motd.txt", content = "port %{std.to_string port}",

  },
  locals.greeting =  lib.greeting,
  locals.total = prot + 1,
}
"""

LIB = """{
  greeting = "hello",
}
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cairn", required=True)
    a = ap.parse_args()
    nvim = shutil.which("nvim")
    if not nvim:
        print("nvim not found (dev.sh installs Debian's neovim)")
        return 1
    failures = []
    checks = []

    def check(cond, what):
        checks.append(what)
        if not cond:
            failures.append(what)

    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "main.conf"), "w") as f:
            f.write(SPEC)
        with open(os.path.join(d, "lib.conf"), "w") as f:
            f.write(LIB)
        env = dict(os.environ, CAIRN=os.path.abspath(a.cairn), WORKDIR=d, HOME=d, XDG_STATE_HOME=d,
                   XDG_DATA_HOME=d, XDG_CONFIG_HOME=d, XDG_CACHE_HOME=d)
        script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "nvim_test.lua")
        p = subprocess.run([nvim, "--headless", "-u", "NONE", "-i", "NONE", "-n", "-c", "luafile " + script],
                           env=env, capture_output=True, timeout=180, stdin=subprocess.DEVNULL, cwd=d)
        path = os.path.join(d, "result.json")
        if not os.path.exists(path):
            print("no result from nvim:", p.stdout.decode(), p.stderr.decode())
            return 1
        r = json.load(open(path))
    print(json.dumps(r, indent=1)[:6000])
    check(r.get("ok") is True, f"the Lua script failed: {r.get('err')}")
    diags = r.get("diagnostics") or []
    check(any(x.get("code") == "E0201" and "did you mean `port`" in x.get("message", "") and x.get("lnum") == 10
              for x in diags), "the unbound `prot` is reported on line 11 with a suggestion")
    hover = r.get("hover") or {}
    check("port : Number" in json.dumps(hover), "hover on `port` shows its type")
    labels = {i.get("label"): i for i in ((r.get("completion") or {}).get("items") or [])}
    check("mode" in labels and "path" not in labels and "content" not in labels,
          "completion in the resource offers the contract's remaining fields")
    check("octal" in json.dumps(labels.get("mode", {})), "the `mode` item carries its documentation")
    defs = r.get("definition") or []
    check(any(x.get("uri", "").endswith("/lib.conf") and x["range"]["start"]["line"] == 1 for x in defs),
          "the definition of `lib.greeting` is in lib.conf, line 2")
    actions = r.get("actions") or []
    check(any(x.get("title") == "Replace `prot` with `port`" and x.get("kind") == "quickfix" for x in actions),
          "a quick fix replaces `prot` with the suggested `port`")
    check(r.get("fixed") == [], "the diagnostics clear after the fix")
    lenses = r.get("lenses") or []
    check({"line": 5, "title": "+ create"} in lenses and any(str(l.get("title", "")).startswith("Plan: 1 to add")
                                                             for l in lenses),
          "the code lenses say the resource on line 6 is to be created, and sum the plan up")
    check('# motd will be created' in str(r.get("plan")), "cairn.showPlan returns the plan's text")
    text = r.get("text", "")
    check("let listen_port : Number = 8080 in" in text and "std.to_string listen_port" in text
          and "total = listen_port + 1" in text, "the rename changed the binding and its uses")
    check('path = "out/motd.txt",\n    content =' in text and "greeting = lib.greeting," in text,
          "the formatting was applied")
    for f in failures:
        print("FAIL", f)
    print(f"{len(checks) - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
