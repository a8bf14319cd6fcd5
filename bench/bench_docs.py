"""Writing benchmark results into docs/benchmarks.md, shared by the bench/*.py scripts.

Two shapes of section: a block between `<!-- NAME: begin -->` and `<!-- NAME: end -->`
markers inside a heading's prose (the prose around it is kept), or a whole `## Heading`
section replaced up to the next heading.
"""
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOC = os.path.join(ROOT, "docs", "benchmarks.md")


def _update(change):
    with open(DOC) as f:
        text = f.read()
    with open(DOC, "w") as f:
        f.write(change(text))
    return os.path.relpath(DOC, ROOT)


def write_marked(block, begin, end, heading):
    """Replaces the text from `begin` to `end` (both included; `block` holds them) or, the
    first time, puts `block` first under `heading` (appended with it when missing)."""
    def change(text):
        if begin in text and end in text:
            return text[: text.index(begin)] + block + text[text.index(end) + len(end):]
        marker = heading + "\n"
        if marker not in text:
            return text.rstrip("\n") + "\n\n" + heading + "\n\n" + block + "\n"
        i = text.index(marker) + len(marker)
        return text[:i] + "\n" + block + "\n" + text[i:]
    return _update(change)


def write_section(heading, body):
    """Replaces the section `heading` (a `## ` line) with `body` below it, up to the next
    `## ` heading; appends the section when missing."""
    def change(text):
        start = text.find(heading + "\n")
        if start < 0:
            return text.rstrip("\n") + "\n\n" + heading + "\n\n" + body.rstrip("\n") + "\n"
        body_start = text.index("\n", start) + 1
        nxt = text.find("\n## ", body_start)
        rest = text[nxt + 1:] if nxt >= 0 else ""
        return text[:body_start] + "\n" + body.rstrip("\n") + "\n\n" + rest
    return _update(change)
