#!/usr/bin/env python3
"""The TextMate grammar (editors/cairn.tmLanguage.json) is valid JSON, every rule it
includes exists, every regular expression compiles (Python's re, close enough to
Oniguruma for these), and a sample line gets the scopes it should.

  check_grammar.py editors/cairn.tmLanguage.json
"""
import json
import re
import sys


def main():
    path = sys.argv[1]
    with open(path) as f:
        g = json.load(f)  # raises on invalid JSON
    problems = []
    for key in ("name", "scopeName", "patterns", "repository"):
        if key not in g:
            problems.append(f"missing `{key}`")
    repo = g.get("repository", {})
    rules = []

    def walk(rule, where):
        rules.append((rule, where))
        for p in rule.get("patterns", []):
            walk(p, where + "/patterns")

    for p in g.get("patterns", []):
        walk(p, "patterns")
    for name, rule in repo.items():
        walk(rule, "repository/" + name)
    for rule, where in rules:
        inc = rule.get("include")
        if inc and inc.startswith("#") and inc[1:] not in repo:
            problems.append(f"{where}: includes unknown `{inc}`")
        for key in ("match", "begin", "end"):
            if key in rule:
                text = rule[key]
                if key == "end":
                    text = re.sub(r"\\[0-9]", "", text)  # back-references to `begin`
                try:
                    re.compile(text)
                except re.error as e:
                    problems.append(f"{where}/{key}: {e}")
    # A sample: the keyword, field and string rules match where they should.
    sample = 'let port = 8080 in { motd | local.File = { content = "p %{port}" } }  # c'
    if not re.search(repo["keyword"]["patterns"][0]["match"], sample):
        problems.append("`let` is not a keyword")
    m = re.search(repo["field"]["match"], "  content = 1")
    if not m or m.group(1) != "content":
        problems.append("`content =` is not a field")
    if re.search(repo["field"]["match"], "a == b"):
        problems.append("`a ==` taken for a field")
    if not re.search(repo["comment"]["match"], sample):
        problems.append("the comment is not found")
    for p in problems:
        print("FAIL", p)
    print(f"{len(rules)} rules, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
