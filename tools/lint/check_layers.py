#!/usr/bin/env python3
"""Checks the layering of core/: every file includes only folders on its own floor or below, and
the include graph between our files has no cycle. Also: core/ includes nothing from server/ or
client/, nor gRPC, protobuf or Prometheus headers.

Usage: check_layers.py [REPO_ROOT]     exit 0 when clean; otherwise prints each violation, exit 1.
"""
import os
import re
import sys

# Floors, bottom first. A file in FLOORS[i] may include files in FLOORS[0..i].
FLOORS = ["base", "onednn", "runtime", "kernels", "io", "tokenizer", "layers", "models", "tasks"]
FORBIDDEN = re.compile(r'^(server|client|grpc|grpcpp|google/protobuf|prometheus)/|\.pb\.h$')
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
SYSTEM_INCLUDE = re.compile(r'^\s*#\s*include\s+<([^>]+)>', re.M)


def floor_of(path):
    """The floor of a file under core/ ('core/layers/linear.h' -> 'layers')."""
    parts = path.split("/")
    if len(parts) < 3 or parts[0] != "core":
        return None
    return parts[1]


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")
    root = os.path.abspath(root)
    files = {}
    for dirpath, _, names in os.walk(os.path.join(root, "core")):
        for name in names:
            if name.endswith((".h", ".cc")):
                rel = os.path.relpath(os.path.join(dirpath, name), root)
                with open(os.path.join(root, rel), encoding="utf-8") as f:
                    text = f.read()
                files[rel] = INCLUDE.findall(text) + SYSTEM_INCLUDE.findall(text)
    errors = []
    graph = {}
    for rel, includes in sorted(files.items()):
        floor = floor_of(rel)
        if floor not in FLOORS:
            errors.append(f"{rel}: folder '{floor}' is not a floor of core/ (known: {', '.join(FLOORS)})")
            continue
        graph[rel] = []
        for inc in includes:
            if FORBIDDEN.search(inc):
                errors.append(f"{rel}: includes '{inc}' (core/ knows nothing of transport or metrics)")
                continue
            if not inc.startswith("core/"):
                continue
            if inc not in files:
                errors.append(f"{rel}: includes '{inc}', which does not exist")
                continue
            target = floor_of(inc)
            if FLOORS.index(target) > FLOORS.index(floor):
                errors.append(f"{rel}: includes '{inc}' from floor '{target}', above its own floor '{floor}'")
            graph[rel].append(inc)
    # Cycles between files (a depth-first search with colours).
    colour = {}
    stack = []

    def visit(node):
        colour[node] = 1
        stack.append(node)
        for nxt in graph.get(node, []):
            if colour.get(nxt) == 1:
                cycle = stack[stack.index(nxt):] + [nxt]
                errors.append("include cycle: " + " -> ".join(cycle))
            elif colour.get(nxt) is None:
                visit(nxt)
        stack.pop()
        colour[node] = 2

    for node in sorted(graph):
        if colour.get(node) is None:
            visit(node)
    for e in errors:
        print(e)
    counts = {}
    for rel in files:
        folder = os.path.dirname(rel)
        counts[folder] = counts.get(folder, 0) + 1
    if not errors:
        print(f"core/ layering clean: {len(files)} files, floors " + " < ".join(FLOORS))
        for folder in sorted(counts):
            print(f"  {folder:32s} {counts[folder]:3d} files")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
