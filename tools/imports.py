#!/usr/bin/env python3
"""The import graph of src/: which module uses which (`crate::` paths, `use super::` in a
folder module), per top-level module and per file, and whether either graph has a circle.

    tools/imports.py            the module graph, the layer check and the circle check
    tools/imports.py --files    the file graph as well

Comments are skipped; `#[cfg(test)]` code counts like any other (a test that reached up
would still tie the layers together). Exit status 1 when there is a circle or when a module
below `ffi` uses `ffi`.
"""
import re
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"


def file_module(path):
    """src/a/b.rs -> ('a', 'a/b'); src/a/mod.rs -> ('a', 'a'); src/x.rs -> ('x', 'x')."""
    rel = path.relative_to(SRC).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "mod":
        parts.pop()
    if parts == ["lib"]:
        return "lib", "lib"
    return parts[0], "/".join(parts)


def code(text):
    """The text without // comments (doc comments included) and without string literals."""
    text = re.sub(r'"(?:\\.|[^"\\])*"', '""', text)
    return "\n".join(line.split("//", 1)[0] for line in text.splitlines())


def use_paths(text, prefix):
    """Every path that follows `prefix::` in `text`, with one level of `{a, b::c}` expanded:
    `crate::attr::{build, table}` gives `attr::build` and `attr::table`."""
    found = []
    for m in re.finditer(r"(?<![\w$])\$?" + prefix + r"::((?:\w+::)*)(\{[^{}]*\}|\w+)", text):
        head, tail = m.group(1), m.group(2)
        if tail.startswith("{"):
            for item in tail[1:-1].split(","):
                item = item.strip().split(" as ")[0].strip()
                if item and item != "self":
                    found.append((m.start(), (head + item).split("::")))
                elif item == "self" and head:
                    found.append((m.start(), head.rstrip(":").split("::")))
        else:
            found.append((m.start(), (head + tail).split("::")))
    return found


def resolve(files, parts):
    """The longest file path that a crate path `a::b::c` names."""
    for n in range(len(parts), 0, -1):
        key = "/".join(parts[:n])
        if key in files:
            return key
    return None


def main():
    paths = sorted(SRC.rglob("*.rs"))
    files = {file_module(p)[1]: p for p in paths}
    mod_edges, file_edges = {}, {}
    for key, p in files.items():
        top = key.split("/")[0]
        text = code(p.read_text())
        targets = set()
        for _, parts in use_paths(text, "crate"):
            t = resolve(files, parts)
            if t:
                targets.add(t)
        # `super::x` in a file of a folder module means the folder's mod.rs or a sibling file
        # (trace/tests.rs -> trace/decode.rs, socket/netns.rs -> socket/open.rs); inside an
        # inline `mod tests` (after its line) `super` is the file itself and is skipped.
        inline_tests = re.search(r"^mod tests \{", text, re.M)
        for at, parts in use_paths(text, "super"):
            if inline_tests and at > inline_tests.start():
                continue
            if p.name == "mod.rs":
                continue
            base = key.split("/")[:-1]
            t = resolve(files, base + parts) if base else None
            if t and t != key:
                targets.add(t)
        # A folder's mod.rs that uses its own children (`pub use open::{...}`, `decode::Opts`).
        if p.name == "mod.rs":
            children = re.findall(r"^\s*(?:pub(?:\([\w:]+\))? )?mod (\w+);", text, re.M)
            for child in children:
                if re.search(r"(?<![\w:])" + child + r"::", text):
                    t = resolve(files, key.split("/") + [child])
                    if t and t != key:
                        targets.add(t)
        targets.discard(key)
        file_edges[key] = sorted(targets)
        for t in targets:
            tt = t.split("/")[0]
            if tt != top and tt != "lib":
                mod_edges.setdefault(top, set()).add(tt)
        mod_edges.setdefault(top, set())

    bad = False
    print("module -> modules it uses")
    for m in sorted(mod_edges):
        print(f"  {m:10} -> {', '.join(sorted(mod_edges[m])) or '-'}")
    up = [m for m, ts in mod_edges.items() if m not in ("ffi", "lib") and "ffi" in ts]
    if up:
        bad = True
        print(f"UPWARD: {', '.join(sorted(up))} use ffi")
    for name, g in (("module", {k: sorted(v) for k, v in mod_edges.items()}), ("file", file_edges)):
        cycle = find_cycle(g)
        if cycle:
            bad = True
            print(f"CIRCLE in the {name} graph: {' -> '.join(cycle)}")
        else:
            print(f"the {name} graph has no circle")
    if bad is False:
        order = layers({k: sorted(v) for k, v in mod_edges.items()})
        print("layers, top first (each uses only layers below it):")
        for i, layer in enumerate(order):
            print(f"  {i}: {', '.join(layer)}")
    if "--files" in sys.argv:
        print("file -> files it uses")
        for f in sorted(file_edges):
            print(f"  {f:22} -> {', '.join(file_edges[f]) or '-'}")
    return 1 if bad else 0


def find_cycle(g):
    state = {}
    stack = []

    def visit(n):
        state[n] = 1
        stack.append(n)
        for t in g.get(n, []):
            if state.get(t) == 1:
                return stack[stack.index(t):] + [t]
            if state.get(t) is None:
                c = visit(t)
                if c:
                    return c
        stack.pop()
        state[n] = 2
        return None

    for n in sorted(g):
        if state.get(n) is None:
            c = visit(n)
            if c:
                return c
    return None


def layers(g):
    """Longest-path layering of an acyclic graph: a module sits one above the highest it uses."""
    depth = {}

    def d(n):
        if n not in depth:
            depth[n] = 1 + max((d(t) for t in g.get(n, [])), default=-1)
        return depth[n]

    for n in g:
        d(n)
    top = max(depth.values())
    return [sorted(n for n in depth if depth[n] == top - i) for i in range(top + 1)]


if __name__ == "__main__":
    sys.exit(main())
