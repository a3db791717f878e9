#!/usr/bin/env python3
"""imports.py - the import graph of the sources has no circle.

A module is a file name without its extension (src/fix.c and src/fix.h are
module fix; rules/NAME.c is rules/NAME). Module A imports B when a file of A
includes B's header. Prints each circle found and exits 1, else exits 0.

  imports.py [ROOT]   the tree holding src/ and rules/ (default: this tree)
"""
import glob
import os
import re
import sys

INCLUDE = re.compile(r'^#include "([A-Za-z0-9_/]+)\.h"', re.M)


def modules(root):
    graph = {}
    for path in sorted(glob.glob(os.path.join(root, "src", "*.[ch]")) +
                       glob.glob(os.path.join(root, "rules", "*.[ch]"))):
        name = os.path.splitext(os.path.basename(path))[0]
        if os.path.basename(os.path.dirname(path)) == "rules" and name != "registry":
            name = "rules/" + name
        with open(path, encoding="utf-8") as f:
            deps = set(INCLUDE.findall(f.read()))
        deps.discard(name)
        graph.setdefault(name, set()).update(deps)
    return graph


def circles(graph):
    state, found = {}, []

    def visit(u, stack):
        state[u] = 1
        stack.append(u)
        for v in sorted(graph.get(u, ())):
            if state.get(v) == 1:
                found.append(stack[stack.index(v):] + [v])
            elif not state.get(v):
                visit(v, stack)
        stack.pop()
        state[u] = 2

    for m in sorted(graph):
        if not state.get(m):
            visit(m, [])
    return found


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    found = circles(modules(root))
    for c in found:
        print("circle: " + " -> ".join(c))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
