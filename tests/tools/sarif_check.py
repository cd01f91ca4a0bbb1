#!/usr/bin/python3
"""sarif_check.py - vnetc's SARIF logs against the SARIF 2.1.0 schema.

    sarif_check.py SCHEMA LOG.sarif...

Each log must validate against the OASIS schema (python3-jsonschema), and
make sense for GitHub code scanning: one run whose driver lists every rule
with an id, a short description, help text and a default level; every
result's ruleId/ruleIndex pointing at that list, and a location. Prints failures and "N logs valid";
exit 1 on any failure.
"""
import json
import sys

import jsonschema


def check(path, schema, errors):
    try:
        with open(path) as f:
            log = json.load(f)
    except (OSError, ValueError) as e:
        errors.append("%s: not JSON: %s" % (path, e))
        return
    v = jsonschema.Draft4Validator(schema)
    for e in sorted(v.iter_errors(log), key=str)[:5]:
        errors.append("%s: schema: %s at %s" % (path, e.message,
                                                "/".join(map(str, e.path))))
    runs = log.get("runs") or []
    if len(runs) != 1:
        errors.append("%s: want 1 run, got %d" % (path, len(runs)))
        return
    rules = runs[0]["tool"]["driver"].get("rules", [])
    ids = [r.get("id") for r in rules]
    for r in rules:
        for key in ("shortDescription", "help", "defaultConfiguration"):
            if key not in r:
                errors.append("%s: rule %s has no %s" % (path, r.get("id"),
                                                         key))
    for res in runs[0].get("results", []):
        i = res.get("ruleIndex")
        if i is None or i >= len(ids) or ids[i] != res.get("ruleId"):
            errors.append("%s: result %s has ruleIndex %s" %
                          (path, res.get("ruleId"), i))
        if not res.get("locations"):
            errors.append("%s: result %s has no location" %
                          (path, res.get("ruleId")))


def main():
    with open(sys.argv[1]) as f:
        schema = json.load(f)
    errors = []
    for p in sys.argv[2:]:
        check(p, schema, errors)
    for e in errors[:40]:
        print("FAIL:", e)
    print("%d logs valid" % (len(sys.argv) - 2 - len({e.split(":")[0]
                                                        for e in errors})))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
