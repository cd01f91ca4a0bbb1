#!/usr/bin/python3
"""Reads Graphviz's layout of a vnetc diagram (dot -Tjson) on stdin and
prints each private DNS zone link (a dashed edge in the zones' colour)
that runs through a VNet's box or crosses another zone link; exit 1 if
one does, or if there is no link. The edges are cubic Bezier splines
(Graphviz's "pos": 3n+1 control points), sampled into short segments."""
import json
import sys

ZONE = "#7b4fa3"  # graph.c's C_ZONE_LINE


def points(pos):
    pts = [tuple(map(float, p.split(","))) for p in pos.split()
           if not p.startswith(("s,", "e,"))]
    for i in range(0, len(pts) - 3, 3):
        p0, p1, p2, p3 = pts[i:i + 4]
        for k in range(21):
            t = k / 20
            yield tuple((1 - t) ** 3 * a + 3 * (1 - t) ** 2 * t * b +
                        3 * (1 - t) * t ** 2 * c + t ** 3 * d
                        for a, b, c, d in zip(p0, p1, p2, p3))


def segments(e):
    p = list(points(e["pos"]))
    return list(zip(p, p[1:]))


def cross(s, t):
    """Do segments s and t cross (not merely touch)?"""
    def side(p, q, r):
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
    (a, b), (c, d) = s, t
    return side(a, b, c) * side(a, b, d) < 0 and \
        side(c, d, a) * side(c, d, b) < 0


def main():
    g = json.load(sys.stdin)
    boxes = {o["name"]: list(map(float, o["bb"].split(",")))
             for o in g.get("objects", [])
             if o["name"].startswith("cluster_vnet_")}
    names = {o["_gvid"]: o["name"] for o in g.get("objects", [])}
    bad = 0
    links = [e for e in g.get("edges", [])
             if e.get("color") == ZONE and e.get("style") == "dashed"]
    for i, e in enumerate(links):
        for name, (x0, y0, x1, y1) in boxes.items():
            # 2 points in from the border: an edge may end on it
            if any(x0 + 2 < x < x1 - 2 and y0 + 2 < y < y1 - 2
                   for x, y in points(e["pos"])):
                bad += 1
                print("zone link %s -> %s runs through %s" % (
                    names.get(e["tail"]), names.get(e["head"]), name))
        for f in links[i + 1:]:
            if any(cross(s, t) for s in segments(e) for t in segments(f)):
                bad += 1
                print("zone links %s -> %s and %s -> %s cross" % (
                    names.get(e["tail"]), names.get(e["head"]),
                    names.get(f["tail"]), names.get(f["head"])))
    print("%d zone links, %d faults" % (len(links), bad))
    return 1 if bad or not links else 0


if __name__ == "__main__":
    sys.exit(main())
