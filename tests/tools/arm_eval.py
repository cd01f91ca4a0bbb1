#!/usr/bin/python3
"""Evaluate the back-end lock-down deployments of a vnetc ARM template on
live resources: what each deployment would PUT. For tests/apply.sh,
which compares that with what the executor and the script leave.

usage: arm_eval.py TEMPLATE PARAMS LIVE SUB RG
  LIVE  a JSON object {resource id: the resource as a GET returns it}
prints {resource id: the body its lock-down deployment PUTs}.
usage: arm_eval.py --names TEMPLATE PARAMS SUB RG
prints the name of each resource of the template and of its nested
deployments, deployed in SUB and RG, one a line: TYPE NAME.

Only the functions vnetc's restating deployments use are known (a
template that needs another one fails loudly): parameters, reference (from
LIVE, 'Full': the resource; else its properties), resourceId, if,
contains, createObject, createArray, null, not, union, concat, format,
items, filter, toObject, lambda, lambdaVariables; and for names (the hash
of tmpl.c's hash_expr): subscription, resourceGroup, map, reduce, range,
length, indexOf (case-insensitive), substring, toLower, add, sub, mul,
div, mod (ARM's ints are 64 bits: template-functions-numeric; these
never leave that range here); uniqueString as a stand-in of ARM's hash
(13 characters, the same for the same arguments). union merges objects
all the way down and replaces arrays, as ARM's does
(template-functions-object, "union": "merges not only the top-level
elements but also recursively ... nested objects"); items() gives
{key, value} objects (template-functions-object, "items"); a lambda's
body is evaluated once per item (template-functions-lambda); a resource
key whose value is null is left out of the request.
"""
import base64
import copy
import hashlib
import json
import os
import re
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from arm_expr import is_expression, parse_expression  # noqa: E402


class Scope:
    def __init__(self, params, live, sub, rg):
        self.params = {k.lower(): v for k, v in params.items()}
        self.live = {k.lower(): v for k, v in live.items()}
        self.sub, self.rg = sub, rg
        self.lambdas = {}              # lambda variable -> its value now


class Lambda:
    """lambda('a', ..., body): its variables and its unevaluated body."""
    def __init__(self, names, body, scope):
        self.names, self.body, self.scope = names, body, scope

    def __call__(self, *values):
        saved = dict(self.scope.lambdas)
        self.scope.lambdas.update(zip(self.names, values))
        try:
            return ev(self.body, self.scope)
        finally:
            self.scope.lambdas = saved


def get_key(obj, key):
    """ARM reads object members case-insensitively."""
    if not isinstance(obj, dict):
        raise ValueError('.%s of a %s' % (key, type(obj).__name__))
    for k, v in obj.items():
        if k.lower() == key.lower():
            return v
    raise ValueError("the language expression property '%s' doesn't exist" % key)


def union(*args):
    if all(isinstance(a, list) for a in args):
        out = []
        for a in args:
            out += [x for x in a if x not in out]
        return out
    out = {}
    for a in args:
        for k, v in a.items():
            if isinstance(v, dict) and isinstance(out.get(k), dict):
                out[k] = union(out[k], v)
            else:
                out[k] = copy.deepcopy(v)
    return out


def call(name, node_args, scope):
    if name == 'if':                       # only the branch taken is evaluated
        cond = ev(node_args[0], scope)
        return ev(node_args[1] if cond else node_args[2], scope)
    if name == 'lambda':                   # its body is evaluated per call
        names = [ev(a, scope) for a in node_args[:-1]]
        return Lambda(names, node_args[-1], scope)
    args = [ev(a, scope) for a in node_args]
    if name == 'lambdavariables':
        if args[0] not in scope.lambdas:
            raise ValueError('lambdaVariables(%r) outside its lambda' % args[0])
        return copy.deepcopy(scope.lambdas[args[0]])
    if name in ('filter', 'toobject', 'map', 'reduce') and not all(
            isinstance(a, Lambda) for a in args[2 if name == 'reduce' else 1:]):
        raise ValueError('%s() takes a lambda' % name)
    if name == 'filter':
        return [x for x in args[0] if args[1](x)]
    if name == 'map':
        return [args[1](x) for x in args[0]]
    if name == 'reduce':
        acc = args[1]
        for x in args[0]:
            acc = args[2](acc, x)
        return acc
    if name == 'range':
        return list(range(args[0], args[0] + args[1]))
    if name == 'length':
        return len(args[0])
    if name == 'indexof':
        return args[0].lower().find(args[1].lower())
    if name == 'substring':
        if args[1] < 0 or args[1] + args[2] > len(args[0]):
            raise ValueError('substring: out of range')
        return args[0][args[1]:args[1] + args[2]]
    if name == 'tolower':
        return args[0].lower()
    if name in ('add', 'sub', 'mul', 'div', 'mod'):
        a, b = args
        if not all(isinstance(x, int) and abs(x) < 2 ** 63 for x in (a, b)):
            raise ValueError('%s(%r, %r): not two 64-bit ints' % (name, a, b))
        r = {'add': lambda: a + b, 'sub': lambda: a - b, 'mul': lambda: a * b,
             'div': lambda: a // b, 'mod': lambda: a % b}[name]()
        if abs(r) >= 2 ** 63:
            raise ValueError('%s(%r, %r) overflows 64 bits' % (name, a, b))
        return r
    if name == 'subscription':
        return {'subscriptionId': scope.sub, 'id': '/subscriptions/' + scope.sub}
    if name == 'resourcegroup':
        return {'name': scope.rg,
                'id': '/subscriptions/%s/resourceGroups/%s' % (scope.sub, scope.rg)}
    if name == 'uniquestring':           # a stand-in, not ARM's hash: a
        h = hashlib.sha256('-'.join(args).encode()).digest()  # 13 of a-z, 2-7
        return base64.b32encode(h).decode().lower()[:13]
    if name == 'toobject':
        return {args[1](x): (args[2](x) if len(args) > 2 else x) for x in args[0]}
    if name == 'items':
        return [{'key': k, 'value': copy.deepcopy(v)} for k, v in sorted(args[0].items())]
    if name == 'not':
        return not args[0]
    if name == 'createarray':
        return list(args)
    if name == 'parameters':
        return copy.deepcopy(scope.params[args[0].lower()])
    if name == 'null':
        return None
    if name == 'contains':
        c, x = args
        if isinstance(c, dict):
            return any(k.lower() == str(x).lower() for k in c)
        return x in c
    if name == 'createobject':
        return {args[i]: args[i + 1] for i in range(0, len(args), 2)}
    if name == 'union':
        return union(*args)
    if name == 'concat':
        return ''.join(args) if all(isinstance(a, str) for a in args) else sum(args, [])
    if name == 'format':
        return re.sub(r'\{(\d+)\}', lambda m: str(args[int(m.group(1)) + 1]), args[0])
    if name == 'resourceid':
        rtype, names = args[0], args[1:]
        ns, types = rtype.split('/')[0], rtype.split('/')[1:]
        tail = ''.join('/%s/%s' % tn for tn in zip(types, names))
        return '/subscriptions/%s/resourceGroups/%s/providers/%s%s' % (scope.sub, scope.rg, ns, tail)
    if name == 'reference':
        res = scope.live.get(args[0].lower())
        if res is None:
            raise ValueError('reference: no live resource %s' % args[0])
        full = len(args) > 2 and str(args[2]).lower() == 'full'
        return copy.deepcopy(res if full else res.get('properties', {}))
    raise ValueError('arm_eval.py does not know %s()' % name)


def ev(node, scope):
    kind = node[0]
    if kind == 'str':
        return node[1]
    if kind == 'num':
        return {'true': True, 'false': False, 'null': None}.get(node[1], None) \
            if node[1] in ('true', 'false', 'null') else json.loads(node[1])
    if kind == 'prop':
        return get_key(ev(node[1], scope), node[2])
    if kind == 'index':
        base, i = ev(node[1], scope), ev(node[2], scope)
        return get_key(base, i) if isinstance(base, dict) else base[i]
    return call(node[1], node[2], scope)


def value(v, scope):
    """A template value: expressions evaluated, "[[" unescaped, the rest
    as it is, all the way down."""
    if isinstance(v, str):
        if v.startswith('[['):
            return v[1:]
        return ev(parse_expression(v[1:-1]), scope) if is_expression(v) else v
    if isinstance(v, dict):
        return {k: value(x, scope) for k, x in v.items()}
    if isinstance(v, list):
        return [value(x, scope) for x in v]
    return v


def lock_puts(template, params, live, sub, rg):
    """{resource id: PUT body} of each inner-scope deployment's resources."""
    outer = Scope({k: v.get('value') for k, v in params.get('parameters', {}).items()}, live, sub, rg)
    for k, d in template.get('parameters', {}).items():
        if k.lower() not in outer.params and 'defaultValue' in d:
            outer.params[k.lower()] = value(d['defaultValue'], outer)
    puts = {}
    for res in template.get('resources', []):
        if res.get('type', '').lower() != 'microsoft.resources/deployments':
            continue
        props = res['properties']
        passed = {k: value(v['value'], outer) for k, v in props.get('parameters', {}).items()}
        inner = Scope(passed, live, sub, rg)
        for r in props['template']['resources']:
            body = {k: value(v, inner) for k, v in r.items()
                    if k not in ('type', 'apiVersion', 'name', 'dependsOn')}
            body = {k: v for k, v in body.items() if v is not None}
            name = value(r['name'], inner)
            rid = call('resourceid', [('str', r['type']), ('str', name)], inner)
            puts[rid] = body
    return puts


def names(template, params, sub, rg, out, scope=None):
    """Each resource's name, 'TYPE NAME', nested deployments' too: an
    inner-scope one sees the parameters it is passed and its own
    subscriptionId and resourceGroup."""
    if scope is None:
        scope = Scope({k: v.get('value') for k, v in params.get('parameters', {}).items()}, {}, sub, rg)
    for k, d in template.get('parameters', {}).items():
        if k.lower() not in scope.params and 'defaultValue' in d:
            scope.params[k.lower()] = value(d['defaultValue'], scope)
    for res in template.get('resources', []):
        out.append('%s %s' % (res['type'], value(res['name'], scope)))
        if res['type'].lower() != 'microsoft.resources/deployments':
            continue
        props = res['properties']
        passed = {k: value(v['value'], scope) for k, v in props.get('parameters', {}).items()}
        inner = Scope(passed, {}, value(res.get('subscriptionId', scope.sub), scope),
                      value(res.get('resourceGroup', scope.rg), scope))
        names(props['template'], {}, None, None, out, inner)
    return out


def main():
    if len(sys.argv) == 6 and sys.argv[1] == '--names':
        with open(sys.argv[2], encoding='utf-8') as f:
            template = json.load(f)
        with open(sys.argv[3], encoding='utf-8') as f:
            params = json.load(f)
        print('\n'.join(names(template, params, sys.argv[4], sys.argv[5], [])))
        return
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    with open(sys.argv[1], encoding='utf-8') as f:
        template = json.load(f)
    with open(sys.argv[2], encoding='utf-8') as f:
        params = json.load(f)
    with open(sys.argv[3], encoding='utf-8') as f:
        live = json.load(f)
    print(json.dumps(lock_puts(template, params, live, sys.argv[4], sys.argv[5]),
                     indent=1, sort_keys=True))


if __name__ == '__main__':
    main()
