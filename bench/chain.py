#!/usr/bin/python3
"""bench/chain.py - the critical path of a plan (vnetc check -d plan), in
operations: prints the longest chain of steps that wait on an asynchronous
operation, and how many such steps there are (the sequential sum). Every
step but a resource group waits on one (resource groups are created
synchronously).

usage: chain.py PLAN
"""
import re
import sys


def main(argv):
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    deps, order = {}, []
    with open(argv[1], encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^(\d+) (.*?)(?: after ([\d,]+))?$",
                         line.rstrip("\n"))
            n = int(m.group(1))
            order.append(n)
            async_ = 0 if m.group(2) == "resource group" else 1
            deps[n] = ([int(d) for d in (m.group(3) or "").split(",") if d],
                       async_)
    depth = {}
    for n in order:
        ds, a = deps[n]
        depth[n] = a + max([depth[d] for d in ds] or [0])
    print(max(depth.values()), sum(a for _, a in deps.values()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
