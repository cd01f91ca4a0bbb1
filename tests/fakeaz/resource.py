#!/usr/bin/python3
"""The fake az's generic resources (tests/fakeaz/az): 'az resource show --ids'
and 'az resource update --ids ... --set', over a JSON store
$FAKEAZ_STATE/resources.json ({lower-cased id: resource}) that a test may seed.
A resource the store lacks reads as {"properties": {}}.

usage: resource.py show ID QUERY OUTPUT | resource.py update ID PATH=VALUE...

show evaluates QUERY with the jmespath library az itself uses and prints it
as az's --output does (tsv: a list one item a line, null as an empty line).
update applies each --set as az's generic update does: a path into the
resource, the value parsed as JSON when it is JSON and a string otherwise;
a path through a missing object fails, as az's does ("Couldn't find"), and
the whole resource is written back (az resource update is a GET and a PUT).
"""
import json
import os
import sys

import jmespath

sys.dont_write_bytecode = True


def load(path):
    try:
        with open(path, encoding='utf-8') as f:
            return json.load(f)
    except FileNotFoundError:
        return {}


def tsv(value):
    if value is None:
        return ''
    if isinstance(value, bool):
        return 'True' if value else 'False'
    if isinstance(value, (dict, list)):
        return '\t'.join(tsv(v) for v in (value.values() if isinstance(value, dict) else value))
    return str(value)


def main():
    store_path = os.path.join(os.environ['FAKEAZ_STATE'], 'resources.json')
    # ids are case-insensitive: a seed may spell them as ARM does
    store = {k.lower().rstrip('/'): v for k, v in load(store_path).items()}
    verb, rid = sys.argv[1], sys.argv[2].lower().rstrip('/')
    res = store.get(rid) or {'properties': {}}
    if verb == 'show':
        query, output = sys.argv[3], sys.argv[4]
        value = jmespath.search(query, res) if query else res
        if output == 'tsv':
            for item in value if isinstance(value, list) else [value]:
                print(tsv(item))
        else:
            print(json.dumps(value, indent=2))
        return 0
    for arg in sys.argv[3:]:
        path, _, text = arg.partition('=')
        try:
            value = json.loads(text)
        except ValueError:
            value = text
        keys = path.split('.')
        node = res
        for k in keys[:-1]:
            if not isinstance(node.get(k), dict):
                print("Couldn't find '%s' in '%s'" % (k, path), file=sys.stderr)
                return 1
            node = node[k]
        node[keys[-1]] = value
    store[rid] = res
    with open(store_path, 'w', encoding='utf-8') as f:
        json.dump(store, f, indent=1, sort_keys=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
