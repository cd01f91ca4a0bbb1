#!/usr/bin/python3
"""ARM template expression helpers for validate_arm.py: a small parser for "[...]" strings
(enough to prove an expression parses and to find parameters()/variables() calls) and a
symbolic renderer that turns names and resourceId() arguments into comparable strings."""
import json
import re

TOKEN = re.compile(r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<num>-?\d+(?:\.\d+)?)|"
                   r"(?P<id>[A-Za-z_$][A-Za-z0-9_$]*)|(?P<op>[(),.\[\]])|(?P<bad>\S))")


def is_expression(s):
    return isinstance(s, str) and s.startswith('[') and s.endswith(']') and not s.startswith('[[')


def parse_expression(text):
    """Parse the inside of "[...]" into a small AST; raises ValueError with a reason."""
    toks = []
    for m in TOKEN.finditer(text):
        if m.group('bad'):
            raise ValueError('unexpected %r (unbalanced quote?)' % m.group('bad'))
        kind = m.lastgroup
        toks.append((kind, m.group(kind)))
    pos = [0]

    def peek(k=0):
        return toks[pos[0] + k] if pos[0] + k < len(toks) else (None, None)

    def take(value=None):
        tok = peek()
        if tok[0] is None or (value is not None and tok[1] != value):
            raise ValueError('expected %r, found %r' % (value or 'a value', tok[1] or 'end'))
        pos[0] += 1
        return tok

    def expr():
        kind, val = take()
        if kind == 'str':
            node = ('str', val[1:-1].replace("''", "'"))
        elif kind == 'num':
            node = ('num', val)
        elif kind == 'id':
            name = val
            if peek()[1] == '.' and peek(1)[0] == 'id' and peek(2)[1] == '(':   # namespace.function(
                take('.')
                name += '.' + take()[1]
            if peek()[1] == '(':
                take('(')
                args = []
                while peek()[1] != ')':
                    if peek()[0] is None:
                        raise ValueError("unclosed '(' after %s" % name)
                    args.append(expr())
                    if peek()[1] != ')' and peek()[0] is not None:
                        take(',')
                take(')')
                node = ('call', name.lower(), args)
            elif val.lower() in ('true', 'false', 'null'):
                node = ('num', val.lower())
            else:
                raise ValueError('bare identifier %r (missing quotes or parentheses?)' % val)
        else:
            raise ValueError('unexpected %r' % val)
        while peek()[1] in ('.', '['):
            if take()[1] == '.':
                node = ('prop', node, take()[1])
            else:
                node = ('index', node, expr())
                take(']')
        return node

    tree = expr()
    if pos[0] != len(toks):
        raise ValueError('unexpected %r after the expression' % toks[pos[0]][1])
    return tree


def walk_calls(node):
    if node[0] == 'call':
        yield node
        for arg in node[2]:
            yield from walk_calls(arg)
    elif node[0] in ('prop', 'index'):
        yield from walk_calls(node[1])
        if node[0] == 'index':
            yield from walk_calls(node[2])


class Names:
    """Renders names and dependsOn entries symbolically: parameters('x') becomes an opaque
    token, literals/concat/format are evaluated, so equal expressions compare equal."""

    def __init__(self, template):
        self.variables = template.get('variables') or {}
        self.busy = set()

    @staticmethod
    def sym(text):
        return '\x01' + text.replace('\x01', '').replace('\x02', '').lower() + '\x02'

    def value(self, s):
        if isinstance(s, str) and s.startswith('[['):
            return s[1:]
        if is_expression(s):
            try:
                return self.render(parse_expression(s[1:-1]))
            except ValueError:
                return self.sym(s)
        return s if isinstance(s, str) else self.sym(json.dumps(s))

    def render(self, node):
        kind = node[0]
        if kind in ('str', 'num'):
            return node[1]
        if kind == 'prop':
            return self.sym(self.render(node[1]) + '.' + node[2])
        if kind == 'index':
            return self.sym(self.render(node[1]) + '[' + self.render(node[2]) + ']')
        name, args = node[1], [self.render(a) for a in node[2]]
        if name == 'parameters' and len(args) == 1:
            return self.sym('p:' + args[0])
        if name == 'variables' and len(args) == 1:
            var = next((k for k in self.variables if k.lower() == args[0].lower()), None)
            if var is not None and isinstance(self.variables[var], str) and var not in self.busy:
                self.busy.add(var)
                try:
                    return self.value(self.variables[var])
                finally:
                    self.busy.discard(var)
            return self.sym('v:' + args[0])
        if name == 'concat':
            return ''.join(args)
        if name == 'format' and args:
            return re.sub(r'\{(\d+)(:[^}]*)?\}',
                          lambda m: args[int(m.group(1)) + 1] if int(m.group(1)) + 1 < len(args) else m.group(0),
                          args[0])
        if name in ('tolower', 'toupper', 'string') and len(args) == 1:
            return args[0]
        return self.sym(name + '(' + ','.join(args) + ')')

    def target(self, entry):
        """dependsOn entry -> ('key', (type, name)) or ('name', name)."""
        if is_expression(entry):
            try:
                tree = parse_expression(entry[1:-1])
            except ValueError:
                return None
            # an extension resource (a role assignment): its type and
            # name; its scope is in the resource's "scope"
            if tree[0] == 'call' and tree[1] == 'extensionresourceid' and len(tree[2]) == 3:
                args = [self.render(a) for a in tree[2]]
                return ('key', (args[1].lower(), args[2].lower()))
            if tree[0] == 'call' and tree[1] == 'resourceid':
                args = [self.render(a) for a in tree[2]]
                for i, arg in enumerate(args):
                    if '\x01' not in arg and re.match(r'^[A-Za-z0-9]+(\.[A-Za-z0-9]+)+/[^/]', arg):
                        return ('key', (arg.lower(), '/'.join(args[i + 1:]).lower()))
            entry = self.render(tree)
        text = entry.split('/providers/')[-1] if entry.startswith('/subscriptions/') else entry
        parts = text.split('/')
        if '\x01' not in parts[0] and re.match(r'^[A-Za-z0-9]+(\.[A-Za-z0-9]+)+$', parts[0]) and len(parts) >= 3:
            types, names = parts[1::2], parts[2::2]
            return ('key', ('/'.join([parts[0]] + types).lower(), '/'.join(names).lower()))
        return ('name', text.lower())


def segments(name):
    return re.sub('\x01[^\x02]*\x02', 'X', name).count('/') + 1


def evaluate_string(s, params):
    """The value ARM gives the template string s: a literal, "[[...]" (a literal that starts with
    '['), or an expression; expressions may use only string literals, concat() and parameters(),
    which is all vnetc writes for a spec's strings (tmpl.c)."""
    if not (s.startswith('[') and s.endswith(']')):
        return s
    if s.startswith('[['):
        return s[1:]

    def ev(node):
        if node[0] == 'str':
            return node[1]
        if node[0] == 'call' and node[1] == 'concat':
            return ''.join(ev(a) for a in node[2])
        if node[0] == 'call' and node[1] == 'parameters' and len(node[2]) == 1:
            return params[ev(node[2][0])]
        raise ValueError('cannot evaluate %r' % (node,))
    return ev(parse_expression(s[1:-1]))


def main(argv):
    """arm_expr.py --eval FILE: lines 'WANT STRING NAME=VALUE...' (hex; '-' for empty); checks
    that evaluate_string(STRING) == WANT; prints the mismatches and 'ok: N strings'."""
    if len(argv) != 3 or argv[1] != '--eval':
        print('usage: arm_expr.py --eval FILE')
        return 2
    unhex = lambda h: '' if h == '-' else bytes.fromhex(h).decode('latin-1')
    bad = n = 0
    with open(argv[2]) as f:
        for line in f:
            want, string, *rest = line.split()
            params = {k: unhex(v) for k, v in (r.split('=', 1) for r in rest)}
            n += 1
            try:
                got = evaluate_string(unhex(string), params)
            except (ValueError, KeyError) as exc:
                got = 'error: %s' % exc
            if got != unhex(want):
                bad += 1
                print('mismatch: want %r, template string %r gives %r' % (unhex(want), unhex(string), got))
    print('%s: %d strings' % ('ok' if not bad else 'FAILED', n))
    return 1 if bad else 0


if __name__ == '__main__':
    import sys
    sys.exit(main(sys.argv))
