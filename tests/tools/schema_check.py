#!/usr/bin/python3
"""Validates YAML specs against vnetc's JSON Schema (vnetc schema), as an
editor's YAML language server would, with a real validator: the
python3-jsonschema package (Draft 7), the YAML read by python3-yaml.

  schema_check.py SCHEMA SPEC...        each SPEC must pass
  schema_check.py --bad SCHEMA SPEC...  each SPEC must fail
  schema_check.py --agree SCHEMA DIR    each DIR/NAME.yaml of tests/bad
      must fail when its NAME.err holds a VN101 (unknown key) or VN102
      (wrong kind of value), and pass when it holds no VN10x at all (its
      shape is right; what is wrong is for vnetc's later checks), unless
      it holds one of STRICTER

Prints one line per spec that does not do what it must, and exits 1 if
there is one; exit 3 when jsonschema or yaml cannot be imported.
"""
import glob
import json
import os
import re
import sys

try:
    import jsonschema
    import yaml
except ImportError as e:
    print("schema_check.py: %s" % e, file=sys.stderr)
    sys.exit(3)


# Shapes the schema refuses and the parser reads, to refuse them under
# another rule: existing: false (VN309), several delegations (VN312),
# several integration subnets (VN321), ports that are not a port, a range,
# a list or * (VN331: "80,443" as one string, which the parser reads to
# say "write [80, 443]"), a prefix with a space around it (VN201: the
# schema's pattern refuses it, vnetc says where the space is), create:
# with existing: or id: (VN361), create: on a type vnetc does not create
# (VN362).
STRICTER = {"VN201", "VN309", "VN312", "VN321", "VN331", "VN361", "VN362"}
# A YAML 1.1 merge key: python3-yaml merges it before the schema sees the
# document, vnetc (YAML 1.2) refuses it (VN101); nothing to compare.
MERGE_KEY = re.compile(r"^\s*<<\s*:", re.MULTILINE)


class Yaml12Loader(yaml.SafeLoader):
    """YAML 1.2's booleans (true, false), as vnetc and YAML 1.2 editors
    read them: python3-yaml's YAML 1.1 reads the key on: (roles:) as
    True."""


Yaml12Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:bool"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"))


def errors(validator, path):
    """The schema's complaints about path, or None if YAML cannot read it
    (a YAML syntax error is vnetc's VN100, not the schema's)."""
    try:
        with open(path, encoding="utf-8") as f:
            doc = yaml.load(f, Loader=Yaml12Loader)
    except (yaml.YAMLError, UnicodeDecodeError):
        return None
    return ["%s: %s" % ("/".join(str(p) for p in e.absolute_path) or "(top)",
                        e.message)
            for e in validator.iter_errors(doc)]


def main(argv):
    mode = "good"
    if argv and argv[0] in ("--bad", "--agree"):
        mode = argv.pop(0)[2:]
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[0], encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft7Validator.check_schema(schema)
    v = jsonschema.Draft7Validator(schema)
    bad = 0
    checked = 0
    if mode == "agree":
        todo = []
        for spec in sorted(glob.glob(os.path.join(argv[1], "*.yaml"))):
            with open(spec[:-5] + ".err", encoding="utf-8") as f:
                rules = set(re.findall(r"\[(VN\d+)\]", f.read()))
            with open(spec, encoding="utf-8", errors="replace") as f:
                if MERGE_KEY.search(f.read()):
                    continue
            if rules & {"VN101", "VN102"}:
                todo.append((spec, "bad"))
            elif not any(r.startswith("VN10") for r in rules) and \
                    not rules & STRICTER:
                todo.append((spec, "good"))
    else:
        todo = [(p, mode) for p in argv[1:]]
    for spec, want in todo:
        errs = errors(v, spec)
        if errs is None:
            continue
        checked += 1
        if want == "good" and errs:
            bad += 1
            print("%s: the schema refuses a spec vnetc takes: %s"
                  % (spec, "; ".join(errs[:3])))
        elif want == "bad" and not errs:
            bad += 1
            print("%s: the schema takes a spec whose shape vnetc refuses"
                  % spec)
    print("%d checked, %d wrong" % (checked, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
