#!/usr/bin/python3
"""Validate an ARM deployment template (and optionally its parameters file).

usage: validate_arm.py TEMPLATE.json [PARAMS.json]

Checks, against the official schema files in $ARM_SCHEMAS (draft-04: the schemas/ directory of
github.com/Azure/azure-resource-manager-schemas, or its files laid out the same way; no default):
  * the template skeleton (top-level keys, contentVersion, parameter/output definitions),
  * every resource against the provider schema chosen by its type and apiVersion, with
    CLOSED objects: the generated schemas never say additionalProperties:false, so without
    closing them a misspelled property would pass silently,
  * template rules no schema can express: expressions parse, parameters()/variables() name
    declared entries, dependsOn targets are declared, no duplicate (type, name), name
    segments match type segments,
  * PARAMS.json against deploymentParameters.json and against the template's parameters,
  * Microsoft.Resources/deployments (nested or linked): against the official
    Microsoft.Resources.json of their apiVersion, closed, but for their target scope
    (subscriptionId, resourceGroup: template language, in no schema; checked here to be a
    subscription id and a group name, or expressions); their shape (mode, exactly one of
    template/templateLink, parameters as {value}), and the template they deploy, checked like
    the top one: an inline `template`, or a `templateLink.relativePath` file beside
    TEMPLATE.json; parameters passed must be declared by it and its parameters without a
    default must be passed.
Prints one line per problem and exits 1, or prints "ok: N resources validated" and exits 0;
exits 2 when ARM_SCHEMAS is not set or holds no 2019-04-01/deploymentTemplate.json.
Runs on Debian 12 with /usr/bin/python3 and python3-jsonschema (4.10); never uses the network.
"""
import copy
import json
import os
import re
import sys

import jsonschema
from jsonschema import _validators, validators

sys.dont_write_bytecode = True     # no __pycache__ inside the work tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from arm_expr import Names, is_expression, parse_expression, segments, walk_calls  # noqa: E402

HOST = 'https://schema.management.azure.com/schemas/'
DT_URL = HOST + '2019-04-01/deploymentTemplate.json'
DP_URL = HOST + '2019-04-01/deploymentParameters.json'
EXPR_PATTERN = r'^\[([^\[].*)?\]$'   # common/definitions.json#/definitions/expression
SCHEMA_MAPS = ('properties', 'patternProperties', 'definitions')
SCHEMA_LISTS = ('allOf', 'anyOf', 'oneOf')
SCHEMA_ONE = ('additionalProperties', 'not', 'items', 'additionalItems')


class Store:
    """Maps https://schema.management.azure.com/schemas/... URLs to local files (never the network)."""

    def __init__(self, root):
        self.root, self.raw, self.closed = root, {}, {}

    def raw_doc(self, url):
        url = url.split('#')[0]
        if url not in self.raw:
            if not url.startswith(HOST):
                raise LookupError('schema outside %s: %s' % (HOST, url))
            path = os.path.join(self.root, url[len(HOST):])
            if not os.path.isfile(path):
                raise LookupError('schema not available locally: %s (looked for %s)' % (url, path))
            with open(path, encoding='utf-8') as f:
                self.raw[url] = json.load(f)
        return self.raw[url]

    def closed_doc(self, url):
        url = url.split('#')[0]
        if url not in self.closed:
            self.closed[url] = close_document(self, url)
        return self.closed[url]

    def deref(self, schema, base):
        """Follow $ref chains in the raw documents; returns (document url, schema)."""
        while isinstance(schema, dict) and '$ref' in schema:
            doc, _, pointer = schema['$ref'].partition('#')
            base = doc or base
            schema = self.raw_doc(base)
            for part in [p for p in pointer.split('/') if p]:
                schema = schema[part.replace('~1', '/').replace('~0', '~')]
        return base, schema

    def resolver(self, url):
        handler = lambda uri: self.closed_doc(uri)   # only local files: raises LookupError otherwise
        return jsonschema.RefResolver(url, self.closed_doc(url), cache_remote=True,
                                      handlers={'https': handler, 'http': handler})


def template_keys(store):
    """Resource keys the deploymentTemplate schema's resourceBase adds to every provider schema
    (condition, dependsOn, copy, scope, comments, location, tags), with refs made absolute so
    they resolve from inside a provider document."""
    dt = store.raw_doc(DT_URL)['definitions']
    keys = dict(dt['ARMResourceBase']['properties'])
    for branch in dt['resourceBase']['allOf']:
        keys.update(branch.get('properties', {}))

    def absolute(node):
        if isinstance(node, dict):
            return {k: (DT_URL + v if k == '$ref' and v.startswith('#') else absolute(v)) for k, v in node.items()}
        return [absolute(v) for v in node] if isinstance(node, list) else node
    keys = {k: absolute(v) for k, v in keys.items() if k not in ('name', 'type', 'apiVersion')}
    # ARM ignores a `metadata` object on a resource (template-expressions "comments and metadata");
    # the schema lacks it, but it is legal, so accept it rather than fail correct templates.
    keys['metadata'] = {'type': 'object'}
    return keys


def close_document(store, url):
    """Deep copy of a schema document in which every object schema with `properties` and no
    additionalProperties/patternProperties gets additionalProperties:false.  Composition would
    break if each piece were closed alone, so first:
      allOf       -> parent and every branch accept the union of all their property names;
      oneOf/anyOf -> each branch also accepts the parent's own property names (as `{}`), and the
                     parent accepts every branch's names (e.g. Microsoft.Web/sites/config keeps
                     apiVersion/type outside and kind/name/properties inside each branch)."""
    if url == DT_URL:
        return skeleton_schema(store)
    doc = copy.deepcopy(store.raw_doc(url))
    if url.startswith(HOST + '2019-04-01/'):
        return doc                        # deploymentParameters.json is closed where it matters
    extra = template_keys(store)

    def names(schema, seen=()):
        base, target = store.deref(schema, url)
        if not isinstance(target, dict) or id(target) in seen:
            return set()
        found = set(target.get('properties', {}))
        for branch in target.get('allOf', []):
            found |= names(branch, seen + (id(target),))
        return found

    def own_copy(branch):
        # a $ref'd definition is shared: copy it before widening; only same-document refs can be
        # copied without rebasing their inner '#/...' refs (cross-document ones are left alone)
        if '$ref' in branch:
            base, target = store.deref(branch, url)
            return copy.deepcopy(target) if base == url and isinstance(target, dict) else None
        return branch

    def widen(branch, wanted):
        mine = own_copy(branch)
        if mine is None:
            return branch
        props = mine.setdefault('properties', {})
        for n in wanted - set(props):
            props[n] = {}
        return mine

    def walk(node):
        if isinstance(node, list):
            for item in node:
                walk(item)
            return
        if not isinstance(node, dict):
            return
        if 'allOf' in node:
            union = set(node.get('properties', {}))
            for branch in node['allOf']:
                union |= names(branch)
            node['allOf'] = [widen(b, union) for b in node['allOf']]
            props = node.setdefault('properties', {})
            for n in union - set(props):
                props[n] = {}
        for key in ('oneOf', 'anyOf'):
            if key in node and 'properties' in node and any(names(b) for b in node[key]):
                parent = set(node['properties'])
                node[key] = [widen(b, parent) if names(b) else b for b in node[key]]
                for b in node[key]:
                    for n in names(b) - set(node['properties']):
                        node['properties'][n] = {}
        for key, value in node.items():
            if key in SCHEMA_MAPS or key.endswith('resourceDefinitions'):
                if isinstance(value, dict):
                    for sub in value.values():
                        walk(sub)
            elif key in SCHEMA_LISTS or key in SCHEMA_ONE:
                walk(value)
        if 'properties' in node and 'additionalProperties' not in node and 'patternProperties' not in node:
            node['additionalProperties'] = False

    # resource definitions (top-level and nested child form) also accept the template-level keys
    for key, defs in list(doc.items()):
        if key.endswith('resourceDefinitions') or key == 'definitions':
            for name, schema in defs.items():
                if key != 'definitions' or name.endswith('_childResource'):
                    props = schema.setdefault('properties', {})
                    for k, v in extra.items():
                        props.setdefault(k, v)
    walk(doc)
    return doc


def literal_only(check):
    """A string keyword (length, pattern) that ARM applies to a value after evaluating it: an
    expression's text is not that value (a storage share's name, '[format(...)]', is longer than
    the 63 characters the share's name may have), so it is checked where it is a literal only."""
    def run(validator, value, instance, schema):
        if isinstance(instance, str) and is_expression(instance):
            return
        yield from check(validator, value, instance, schema)
    return run


# oneOf is checked as anyOf: name-keyed unions (sites/config: appsettings, metadata, ...) all
# accept a name written as an expression, and strict oneOf would then fail a correct resource.
Validator = validators.extend(jsonschema.Draft4Validator, dict(
    {'oneOf': _validators.anyOf},
    **{k: literal_only(jsonschema.Draft4Validator.VALIDATORS[k])
       for k in ('maxLength', 'minLength', 'pattern')}))


def pointer(path):
    return '/' + '/'.join(str(p) for p in path)


def explain(err):
    """Turn one jsonschema error into [(json pointer, message)], descending into oneOf/anyOf to
    the branch the value was evidently meant for (not the expression branch of a literal, not a
    branch of another type or another discriminator value)."""
    path = pointer(err.absolute_path)
    if err.validator in ('oneOf', 'anyOf') and err.context:
        branches = {}
        for sub in err.context:
            branches.setdefault(sub.relative_schema_path[0], []).append(sub)
        good, typed, other = [], [], []
        for errs in branches.values():
            root = [e for e in errs if not e.relative_path]
            if any(e.validator == 'pattern' and e.validator_value == EXPR_PATTERN for e in root):
                continue                      # the "ARM expression" alternative of a literal
            if any(e.validator == 'type' for e in root):
                typed += root
                continue
            keys = [e.relative_path[0] for e in errs if len(e.relative_path) == 1 and (
                e.relative_path[0] == 'name' or (e.validator == 'enum' and len(e.validator_value) == 1))]
            if keys:
                other += keys                 # discriminator (type/apiVersion/name) says: other variant
                continue
            good.append([x for e in errs for x in explain(e)])
        if good:
            return min(good, key=len)
        if typed:
            return [(path, ' or '.join(sorted({e.message for e in typed})))]
        if other and isinstance(err.instance, dict):
            key = max(set(other), key=other.count)
            return [(pointer(list(err.absolute_path) + [key]),
                     '%r matches no variant of this schema' % (err.instance.get(key),))]
        return [(path, 'matches none of the allowed schemas')]
    if err.validator == 'additionalProperties' and err.validator_value is False:
        known = set(err.schema.get('properties', {}))
        extras = sorted(k for k in err.instance if k not in known)
        return [(pointer(list(err.absolute_path) + [k]), 'additional property not allowed') for k in extras]
    if err.validator == 'required':
        missing = re.match(r"^'(.*)' is a required property$", err.message)
        return [(path, 'missing required property %r' % (missing.group(1) if missing else err.message))]
    return [(path, err.message)]


def schema_errors(validator, instance):
    out = []
    for err in sorted(validator.iter_errors(instance), key=lambda e: list(map(str, e.absolute_path))):
        out += explain(err)
    return out


# ---- the checks ----------------------------------------------------------------------------
def load_json(path, problems):
    try:
        with open(path, encoding='utf-8') as f:
            return json.load(f)
    except (OSError, ValueError) as exc:
        problems.append('%s: cannot read JSON: %s' % (path, exc))
        return None


def skeleton_schema(store):
    """deploymentTemplate.json with `resource` trimmed to the resourceBase keys (provider schemas
    are checked one by one later) and parameter/output definitions closed against typos."""
    dt = copy.deepcopy(store.raw_doc(DT_URL))   # its `resource` refers to hundreds of absent files
    dt['definitions']['resource'] = {'$ref': '#/definitions/ARMResourceBase'}
    for name in ('parameter', 'output'):
        dt['definitions'][name]['additionalProperties'] = False
    return dt


def provider_url(rtype, api):
    namespace = rtype.split('/')[0]
    if namespace.lower() == 'microsoft.network':
        private_dns = rtype.lower().startswith('microsoft.network/privatednszones')
        namespace = 'Microsoft.Network.' + ('privateDns' if private_dns else 'NRP')
    return '%s%s/%s.json' % (HOST, api, namespace)


def find_definition(doc, rtype, api):
    for group, defs in doc.items():
        if not group.endswith('resourceDefinitions'):
            continue
        for name, schema in defs.items():
            props = schema.get('properties', {})
            types = props.get('type', {}).get('enum') or [props.get('type', {}).get('const')]
            apis = props.get('apiVersion', {}).get('enum') or [props.get('apiVersion', {}).get('const')]
            for t in types:
                if isinstance(t, str) and t.lower() == rtype.lower() and api in apis:
                    return group, name, t
    return None


DEPLOYMENTS = 'microsoft.resources/deployments'
# A deployment's target scope: template language, in no schema ("To deploy resources to a
# resource group in a different subscription, add a nested deployment and include the
# subscriptionId and resourceGroup properties",
# https://learn.microsoft.com/azure/azure-resource-manager/templates/deploy-to-resource-group).
SCOPE_KEYS = ('subscriptionId', 'resourceGroup')
GUID = re.compile(r'^[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$')
RG_NAME = re.compile(r'^[-\w\._\(\)]{1,90}$')   # REST: resourceGroupName, 1-90 characters


def check_scope_keys(head, res, problems):
    """subscriptionId: a subscription id or an expression; resourceGroup: a group name or an
    expression."""
    for key, ok in (('subscriptionId', GUID), ('resourceGroup', RG_NAME)):
        if key not in res:
            continue
        v = res[key]
        if not isinstance(v, str) or not (is_expression(v) or (ok.match(v) and
                                                                not v.endswith('.'))):
            problems.append('%s: /%s: %r is not a %s or an expression' %
                            (head, key, v, 'subscription id' if key == 'subscriptionId'
                             else 'resource group name'))


def check_deployment(path, head, res, store, problems, depth):
    """A Microsoft.Resources/deployments resource, then the template it deploys.  The
    deployment itself is checked against the official schema of its apiVersion
    (Microsoft.Resources.json#/resourceDefinitions/deployments, closed), its target scope
    and its template (checked like the top one) aside.  Returns the number of resources
    validated inside."""
    check_scope_keys(head, res, problems)
    props = res.get('properties')
    if not isinstance(props, dict):
        problems.append('%s: /properties: missing or not an object' % head)
        return 0
    instance = {k: v for k, v in res.items() if k not in SCOPE_KEYS}
    instance['properties'] = {k: ({} if k == 'template' else v) for k, v in props.items()}
    url = provider_url(res.get('type', ''), res.get('apiVersion'))
    try:
        doc = store.closed_doc(url)
        found = find_definition(doc, res.get('type', ''), res.get('apiVersion'))
    except LookupError as exc:
        problems.append('%s: no schema for this apiVersion: %s' % (head, exc))
        found = None
    if found:
        group, name, canonical = found
        validator = Validator({'$ref': '%s#/%s/%s' % (url, group, name)}, resolver=store.resolver(url))
        for where, msg in schema_errors(validator, dict(instance, type=canonical)):
            problems.append('%s: %s: %s' % (head, where, msg))
    if props.get('mode') not in ('Incremental', 'Complete'):
        problems.append('%s: /properties/mode: %r is not Incremental or Complete' % (head, props.get('mode')))
    if ('template' in props) == ('templateLink' in props):
        problems.append('%s: /properties: needs exactly one of template and templateLink' % head)
        return 0
    if depth > 8:
        problems.append('%s: deployments nested deeper than 8 levels' % head)
        return 0
    if 'templateLink' in props:
        link = props['templateLink']
        rel = link.get('relativePath') if isinstance(link, dict) else None
        if not isinstance(rel, str) or not rel or os.path.isabs(rel) or is_expression(rel):
            problems.append('%s: /properties/templateLink: needs a literal relativePath '
                            '(a uri cannot be checked here)' % head)
            return 0
        sub = os.path.join(os.path.dirname(path), rel)
        inner = load_json(sub, problems)
        if inner is None:
            return 0
        where = sub
    else:
        inner, where = props['template'], '%s (nested template of %s)' % (path, res.get('name'))
        scope = (props.get('expressionEvaluationOptions') or {}).get('scope', 'outer')
        if str(scope).lower() != 'inner' and 'parameters' in props:
            problems.append('%s: /properties/parameters: only an inner-scope nested template '
                            'takes parameters' % head)
    count = check_template(where, inner, store, problems, depth + 1)
    passed = props.get('parameters') or {}
    if not isinstance(passed, dict) or not isinstance(inner, dict):
        problems.append('%s: /properties/parameters: not an object' % head)
        return count
    declared = {k.lower(): v for k, v in (inner.get('parameters') or {}).items()}
    for k, v in passed.items():
        if k.lower() not in declared:
            problems.append('%s: /properties/parameters/%s: not declared by the deployed template'
                            % (head, k))
        if not isinstance(v, dict) or not ({'value'} == set(v) or {'reference'} == set(v)):
            problems.append('%s: /properties/parameters/%s: must be {"value": ...} or '
                            '{"reference": ...}' % (head, k))
    given = {k.lower() for k in passed}
    for k, v in declared.items():
        if k not in given and not (isinstance(v, dict) and 'defaultValue' in v):
            problems.append('%s: /properties/parameters: %s has no default and is not passed'
                            % (head, k))
    return count


def inner_scope(props):
    """Whether props, a deployment's properties, deploy a nested template whose expressions
    are its own (expressionEvaluationOptions.scope inner): they name its parameters."""
    opts = props.get('expressionEvaluationOptions')
    return isinstance(opts, dict) and str(opts.get('scope', '')).lower() == 'inner'


def check_template(path, template, store, problems, depth=0):
    skeleton = Validator({'$ref': DT_URL + '#'}, resolver=store.resolver(DT_URL))
    for where, msg in schema_errors(skeleton, template):
        problems.append('%s: %s: %s' % (path, where, msg))
    if not isinstance(template, dict):
        return 0
    resources = template.get('resources', [])
    if not isinstance(resources, list):
        problems.append('%s: /resources: symbolic-name resources (languageVersion 2.0) are not supported' % path)
        return 0
    params = {k.lower() for k in (template.get('parameters') or {})}
    variables = {k.lower() for k in (template.get('variables') or {})}
    names = Names(template)

    # every expression string parses and names declared parameters/variables
    def strings(node, ptr):
        if isinstance(node, dict):
            for k, v in node.items():
                if k != 'metadata':          # ARM does not evaluate metadata
                    if k == 'template' and inner_scope(node):
                        continue             # its own template: check_deployment
                    yield from strings(v, ptr + [k])
        elif isinstance(node, list):
            for i, v in enumerate(node):
                yield from strings(v, ptr + [i])
        elif is_expression(node):
            yield ptr, node
    for ptr, text in strings({k: v for k, v in template.items() if k != '$schema'}, []):
        try:
            tree = parse_expression(text[1:-1])
        except ValueError as exc:
            problems.append('%s: %s: invalid ARM expression %s: %s (a literal must be escaped as "[[...")'
                            % (path, pointer(ptr), text, exc))
            continue
        for call in walk_calls(tree):
            if call[1] in ('parameters', 'variables') and len(call[2]) == 1 and call[2][0][0] == 'str':
                declared = params if call[1] == 'parameters' else variables
                if call[2][0][1].lower() not in declared:
                    problems.append('%s: %s: %s(%r) is not declared in the template'
                                    % (path, pointer(ptr), call[1], call[2][0][1]))

    # flatten nested child resources: (label, resource, full type, rendered full name)
    flat = []

    def collect(items, label, parent_type, parent_name):
        for i, res in enumerate(items if isinstance(items, list) else []):
            if not isinstance(res, dict):
                continue
            lab = '%s[%d]' % (label, i)
            rtype, rname = str(res.get('type', '')), names.value(res.get('name', ''))
            full_type = parent_type + '/' + rtype if parent_type else rtype
            full_name = parent_name + '/' + rname if parent_type else rname
            flat.append((lab, res, full_type, full_name, parent_type is None))
            collect(res.get('resources'), lab + '.resources', full_type, full_name)
    collect(resources, 'resources', None, None)

    declared, by_name, loops = {}, set(), set()
    for lab, res, rtype, rname, _top in flat:
        key = (rtype.lower(), rname.lower())
        if key in declared and not {'copy', 'condition'} & (set(res) | set(declared[key][1])):
            problems.append('%s: %s (%s): duplicate of %s (same type and name)' % (path, lab, rtype, declared[key][0]))
        declared.setdefault(key, (lab, res))
        by_name.add(rname.lower())
        if isinstance(res.get('copy'), dict) and isinstance(res['copy'].get('name'), str):
            loops.add(res['copy']['name'].lower())
        # an inline subnet and a subnets child resource of the same name fight each other
        if rtype.lower() == 'microsoft.network/virtualnetworks':
            subnets = (res.get('properties') or {}).get('subnets') if isinstance(res.get('properties'), dict) else None
            for sn in subnets if isinstance(subnets, list) else []:
                if isinstance(sn, dict) and 'name' in sn:
                    inline = ('microsoft.network/virtualnetworks/subnets', (rname + '/' + names.value(sn['name'])).lower())
                    declared.setdefault(inline, (lab + ' (inline subnet)', {'inline': True}))

    count = 0
    waits = {}                                # label -> labels it depends on, for the cycle check
    labels_of = {}                            # (type, name) and name -> labels
    for lab, _res, rtype, rname, _top in flat:
        labels_of.setdefault(('key', (rtype.lower(), rname.lower())), []).append(lab)
        labels_of.setdefault(('name', rname.lower()), []).append(lab)
    for lab, res, rtype, rname, top in flat:
        api = res.get('apiVersion')
        head = '%s: %s (%s %s)' % (path, lab, rtype, api)
        for i, entry in enumerate(res.get('dependsOn') or []):
            if not isinstance(entry, str):
                continue
            tgt = names.target(entry)
            if tgt is None:
                continue
            found = (tgt[1] in declared and not declared[tgt[1]][1].get('inline')) if tgt[0] == 'key' \
                else (tgt[1] in by_name or tgt[1] in loops)
            if not found:
                problems.append('%s: /dependsOn/%d: %s is not a resource declared in this template' % (head, i, entry))
            waits.setdefault(lab, []).extend(labels_of.get(tgt, ()))
        if top and '/' in rtype:
            want = rtype.count('/')
            have = segments(rname)
            if have > want or (have < want and '\x01' not in rname):
                problems.append('%s: /name: type has %d name segment(s) but the name has %d' % (head, want, have))
        if not top:
            continue                          # nested children are validated inside their parent
        if not isinstance(api, str) or '/' not in rtype:
            continue                          # already reported by the skeleton check
        if rtype.lower() == DEPLOYMENTS:
            count += 1 + check_deployment(path, head, res, store, problems, depth)
            continue
        url = provider_url(rtype, api)
        try:
            doc = store.closed_doc(url)
        except LookupError as exc:
            problems.append('%s: no schema for this type/apiVersion: %s' % (head, exc))
            continue
        found = find_definition(doc, rtype, api)
        if not found:
            problems.append('%s: %s has no resource definition for this type and apiVersion' % (head, url))
            continue
        group, name, canonical = found
        instance = dict(res, type=canonical)  # ARM types are case-insensitive; the enum is not
        validator = Validator({'$ref': '%s#/%s/%s' % (url, group, name)}, resolver=store.resolver(url))
        for where, msg in schema_errors(validator, instance):
            problems.append('%s: %s: %s' % (head, where, msg))
        count += 1
    # ARM refuses a template whose resources wait for each other in a circle ("Circular dependency
    # detected", https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/error-invalid-template)
    done, on_path = set(), []
    def visit(node):
        if node in on_path:
            problems.append('%s: %s: its dependsOn come back to it: %s' % (
                path, node, ' -> '.join(on_path[on_path.index(node):] + [node])))
            return True
        if node in done:
            return False
        on_path.append(node)
        looped = any(visit(n) for n in waits.get(node, ()))
        on_path.pop()
        done.add(node)
        return looped
    for start in list(waits):
        if visit(start):
            break
    return count


def check_params(path, params, template, store, problems):
    resolver = store.resolver(DP_URL)
    for where, msg in schema_errors(Validator({'$ref': DP_URL + '#'}, resolver=resolver), params):
        problems.append('%s: %s: %s' % (path, where, msg))
    if not isinstance(params, dict) or not isinstance(template, dict):
        return
    declared = {k.lower(): v for k, v in (template.get('parameters') or {}).items()}
    given = {k.lower() for k in (params.get('parameters') or {})}
    for k in params.get('parameters') or {}:
        if k.lower() not in declared:
            problems.append('%s: /parameters/%s: not declared in the template' % (path, k))
    for k, v in (template.get('parameters') or {}).items():
        if k.lower() not in given and not (isinstance(v, dict) and 'defaultValue' in v):
            problems.append('%s: /parameters/%s: template parameter has no defaultValue and is not given' % (path, k))


def main(argv):
    if len(argv) not in (2, 3):
        sys.stderr.write(__doc__)
        return 2
    root = os.environ.get('ARM_SCHEMAS')
    if not root:
        sys.stderr.write('validate_arm: ARM_SCHEMAS is not set (the directory of the official '
                         'ARM JSON schemas)\n')
        return 2
    if not os.path.isfile(os.path.join(root, DT_URL[len(HOST):])):
        sys.stderr.write('validate_arm: not a schema directory: %s (no %s; set ARM_SCHEMAS)\n'
                         % (root, DT_URL[len(HOST):]))
        return 2
    store = Store(root)
    problems = []
    template = load_json(argv[1], problems)
    count = 0
    if template is not None:
        count = check_template(argv[1], template, store, problems)
    if len(argv) == 3:
        params = load_json(argv[2], problems)
        if params is not None:
            check_params(argv[2], params, template, store, problems)
    for line in problems:
        print(line)
    if problems:
        return 1
    print('ok: %d resources validated' % count)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
