#!/usr/bin/python3
"""Check the CI examples in examples/: valid YAML, and every vnetc command they run exists.

usage: check_examples.py VNETC FILE.yml [FILE.yml ...]

For each file: it parses as YAML (python3-yaml) into a GitHub Actions workflow (`on` and `jobs`)
or an Azure DevOps pipeline (`stages`); every `vnetc COMMAND ARGS` found in any string of it
(run:, script:, inlineScript: ...) names a command that `VNETC --help` lists, and each option is one
that `VNETC COMMAND --help` prints, with a value from the set it shows (`--format text|json|sarif`);
the file runs `vnetc check --format sarif`, uploads the SARIF, runs `vnetc build`, then
`az deployment group what-if` and `az deployment group create` on the files the build writes
(NAME.json and NAME.parameters.json, NAME being the spec's file name without .yaml).
Prints `FILE: problem` per problem and exits 1, else `ok: N vnetc commands checked`.
Debian's /usr/bin/python3 with python3-yaml.
"""
import os
import re
import shlex
import subprocess
import sys

import yaml

# `vnetc COMMAND ...` at a command position, up to the end of the command.
VNETC_CALL = re.compile(r'(?:^|[\s;&|({])vnetc[ \t]+([^\n;&|]*)')


def help_text(vnetc, *args):
    r = subprocess.run([vnetc, *args, '--help'], capture_output=True, text=True)
    return r.stdout if r.returncode == 0 else None


def block(text, title):
    """Lines of the `title:` block of a --help text, up to the blank line after it."""
    out, inside = [], False
    for line in text.splitlines():
        if line == title + ':':
            inside = True
        elif inside and not line.strip():
            break
        elif inside:
            out.append(line)
    return out


def commands(vnetc):
    return {m.group(1) for line in block(help_text(vnetc) or '', 'commands')
            if (m := re.match(r'^  ([a-z][a-z-]*) ', line))}


def options(text):
    """{option: set of values or None} from the options: block ("  -o DIR", "  -h, --help")."""
    opts = {}
    for line in block(text, 'options'):
        m = re.match(r'^  (-[-a-zA-Z]+)(?:, (--[-a-zA-Z]+))?(?: (\S+))?', line)
        if not m:
            continue
        vals = set(m.group(3).split('|')) if m.group(3) and '|' in m.group(3) else None
        for name in (m.group(1), m.group(2)):
            if name:
                opts[name] = vals
    return opts


def strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from strings(k)
            yield from strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from strings(v)


def words(args):
    """The words of one call, up to a redirection; None if the shell cannot split it."""
    try:
        toks = shlex.split(args.replace('\\\n', ' '), comments=True)
    except ValueError:
        return None
    out = []
    for t in toks:
        if re.match(r'^\d*[<>]', t):
            break
        out.append(t)
    return out


def check_file(vnetc, path, cmds, helps):
    problems, ncalls = [], 0
    try:
        with open(path) as f:
            doc = yaml.safe_load(f)
    except (OSError, yaml.YAMLError) as e:
        return [f'{path}: not valid YAML: {e}'], 0
    if not isinstance(doc, dict):
        return [f'{path}: not a YAML mapping'], 0
    # PyYAML reads the bare key `on` as the boolean True (YAML 1.1).
    if 'jobs' in doc and ('on' in doc or True in doc):
        kind = 'github'
    elif 'stages' in doc or 'jobs' in doc or 'steps' in doc:
        kind = 'azure'
    else:
        return [f'{path}: neither a GitHub Actions workflow nor an Azure DevOps pipeline'], 0
    text = '\n'.join(strings(doc))
    seen = set()
    calls = []
    for line in text.replace('\\\n', ' ').splitlines():
        if not line.lstrip().startswith('#'):
            calls += VNETC_CALL.finditer(line)
    for m in calls:
        w = words(m.group(1))
        if not w:
            problems.append(f'{path}: cannot split: vnetc {m.group(1)}')
            continue
        ncalls += 1
        cmd, rest = w[0], w[1:]
        if cmd not in cmds:
            problems.append(f'{path}: vnetc {cmd}: no such command (vnetc --help lists {sorted(cmds)})')
            continue
        if cmd not in helps:
            helps[cmd] = options(help_text(vnetc, cmd) or '')
        opts = helps[cmd]
        i = 0
        while i < len(rest):
            t = rest[i]
            if t.startswith('-') and len(t) > 1:
                if t not in opts:
                    problems.append(f'{path}: vnetc {cmd}: option {t} is not in vnetc {cmd} --help')
                elif opts[t] is not None and i + 1 < len(rest):
                    v = rest[i + 1]
                    if '$' not in v and v not in opts[t]:
                        problems.append(f'{path}: vnetc {cmd} {t} {v}: vnetc {cmd} --help allows '
                                        f'{"|".join(sorted(opts[t]))}')
                    i += 1
            i += 1
        seen.add(cmd)
        if cmd == 'check' and '--format' in rest and 'sarif' in rest:
            seen.add('check-sarif')
    for need, what in (('check-sarif', 'vnetc check --format sarif'), ('build', 'vnetc build')):
        if need not in seen:
            problems.append(f'{path}: does not run {what}')
    upload = 'github/codeql-action/upload-sarif' if kind == 'github' else 'AdvancedSecurity-Publish'
    if upload not in text:
        problems.append(f'{path}: does not upload the SARIF log ({upload})')
    for sub in ('what-if', 'create'):
        if not re.search(r'az deployment group ' + sub + r'\b', text):
            problems.append(f'{path}: does not run az deployment group {sub}')
    # The deployed files are the ones vnetc build writes for the spec.
    var = doc.get('env' if kind == 'github' else 'variables') or {}
    spec, name = var.get('SPEC', var.get('spec')), var.get('NAME', var.get('name'))
    if not spec or not name:
        problems.append(f'{path}: no spec / name variables')
    else:
        if not os.path.exists(spec):
            problems.append(f'{path}: spec {spec} does not exist')
        if name != os.path.basename(spec).removesuffix('.yaml'):
            problems.append(f'{path}: name {name} is not the spec\'s file name without .yaml')
        ref = '$NAME' if kind == 'github' else '$(name)'
        for f in (ref + '.json', '@', ref + '.parameters.json'):
            if f != '@' and f not in text:
                problems.append(f'{path}: the deployment does not use {f}')
    return problems, ncalls


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__.split('\n\n')[1])
    vnetc, files = sys.argv[1], sys.argv[2:]
    cmds = commands(vnetc)
    if not cmds:
        sys.exit(f'{vnetc} --help lists no commands')
    problems, n, helps = [], 0, {}
    for path in files:
        p, c = check_file(vnetc, path, cmds, helps)
        problems += p
        n += c
    for p in problems:
        print(p)
    if problems:
        sys.exit(1)
    print(f'ok: {n} vnetc commands checked')


main()
