#!/usr/bin/python3
"""Check that every `az` invocation in a generated bash script parses with the current Azure CLI.

usage: azcheck.py SCRIPT.sh [SCRIPT.sh ...]

The real CLI (2.7x/2.8x) cannot be installed here (Debian ships 2.45), so the accepted options
come from tests/azcli/commands.txt (built from the azure-cli sources; its header documents the
format and the source of every command).  Checks: the command path exists, every option is
accepted (abbreviations are reported too: they break when the CLI adds an option), values are
given where needed, required options are present (an id-part option is satisfied by --ids),
literal values of enum options are allowed.  Values containing `$` are not checked.
Prints `FILE:LINE: az <command>: <problem>` per problem and exits 1, else
`ok: N az commands checked`.  Debian's /usr/bin/python3, standard library only.
"""
import bisect
import os
import re
import shlex
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TABLE = os.environ.get('AZ_COMMANDS') or os.path.join(HERE, '..', 'azcli', 'commands.txt')
SUBST = '$__SUBST__'            # stands for a command substitution: dynamic, never checked
KEYWORDS = {'if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{', '}', 'time', 'command', 'exec'}
ASSIGN = re.compile(r'^[A-Za-z_][A-Za-z0-9_]*(\[[^]]*\])?\+?=')
REDIR = re.compile(r'^(\d*|&)(>>?|<<<|<<-?|<|>&|<&)(.*)$')


class Option:
    def __init__(self, field):
        toks = field.split()
        self.names = [t for t in toks if t.startswith('-')]
        flags = ''.join(t for t in toks if not t.startswith('-') and not t.startswith('='))
        enum = [t[1:] for t in toks if t.startswith('=')]
        self.required, self.idpart = '*' in flags, '~' in flags
        self.dropped = '^' in flags                # a global option this command refuses
        self.kind = 'flag' if '!' in flags else 'opt' if '?' in flags else 'multi' if '+' in flags else 'one'
        self.enum = enum[0].split(',') if enum else None


def load_table(path):
    commands, globals_ = {}, {}
    with open(path, encoding='utf-8') as f:
        for raw in f:
            line = raw.strip()
            if not line or line.startswith('#'):
                continue
            fields = [x.strip() for x in line.split('|')]
            opts = [Option(x) for x in fields[1:] if x]
            table = {n: o for o in opts for n in o.names}
            if fields[0] == '@global':
                globals_ = table
            else:
                commands[tuple(fields[0].split())] = table
    return commands, globals_


# ---- bash scanning -------------------------------------------------------------------------
def find_close(text, i):
    """Index just past the `)` (or backtick) closing the substitution that starts at text[i];
    -1 if it is not closed in `text`.  Quote-aware, handles nesting."""
    n = len(text)
    if text[i] == '`':
        j = i + 1
        while j < n and text[j] != '`':
            j += 2 if text[j] == '\\' else 1
        return j + 1 if j < n else -1
    j, depth, q = i + 2, 1, None
    while j < n:
        ch = text[j]
        if q == "'":
            q = None if ch == "'" else q
        elif ch == '\\':
            j += 1
        elif ch == '$' and text.startswith('$(', j) or (ch == '`' and q is None):
            j = find_close(text, j)
            if j < 0:
                return -1
            continue
        elif q == '"':
            q = None if ch == '"' else q
        elif ch in '\'"':
            q = ch
        elif ch == '(':
            depth += 1
        elif ch == ')':
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    return -1


def incomplete(text):
    """True while a quote or a $( ... ) is still open: the logical line continues."""
    i, q, n = 0, None, len(text)
    while i < n:
        ch = text[i]
        if q == "'":
            q = None if ch == "'" else q
        elif ch == '\\':
            i += 1
        elif ch == '$' and text.startswith('$(', i) or (ch == '`' and q is None):
            j = find_close(text, i)
            if j < 0:
                return True
            i = j
            continue
        elif q == '"':
            q = None if ch == '"' else q
        elif ch in '\'"':
            q = ch
        i += 1
    return q is not None


def simple_commands(text, base=0):
    """Split shell text into simple commands [(offset, text)], recursing into $(...) and `...`;
    each substitution is replaced by a placeholder word in its parent command."""
    out, cur, start = [], [], [None]
    i, q, n = 0, None, len(text)

    def add(s, pos):
        if start[0] is None and s.strip():
            start[0] = base + pos
        cur.append(s)

    def flush():
        if ''.join(cur).strip():
            out.append((start[0], ''.join(cur)))
        cur.clear()
        start[0] = None

    while i < n:
        ch = text[i]
        if q == "'":
            add(ch, i)
            q = None if ch == "'" else q
            i += 1
        elif ch == '\\':
            add(text[i:i + 2], i)
            i += 2
        elif ch == '$' and text.startswith('$(', i) or (ch == '`' and q is None):
            end = find_close(text, i)
            end = n if end < 0 else end
            if not text.startswith('$((', i):          # $(( )) is arithmetic, not a command
                skip = 1 if ch == '`' else 2
                out.extend(simple_commands(text[i + skip:end - 1], base + i + skip))
            add(SUBST, i)
            i = end
        elif q == '"':
            add(ch, i)
            q = None if ch == '"' else q
            i += 1
        elif ch in '\'"':
            q = ch
            add(ch, i)
            i += 1
        elif ch == '#' and (not cur or cur[-1][-1:].isspace()):
            while i < n and text[i] != '\n':       # comment to end of line
                i += 1
        elif ch in ';\n()':
            flush()
            i += 1
        elif ch == '|':
            flush()
            i += 2 if text.startswith('||', i) else 1
        elif ch == '&' and not text.startswith('&>', i) and not (cur and cur[-1][-1:] in '<>'):
            flush()                                # && and & separate; >&, &> are redirections
            i += 2 if text.startswith('&&', i) else 1
        else:
            add(ch, i)
            i += 1
    flush()
    return out


def logical_lines(lines):
    """Join `\\`-continued lines and lines inside open quotes; yields (first line no, text,
    offsets of newlines) with `\\<newline>` blanked so offsets still map to physical lines."""
    i, heredoc = 0, None
    while i < len(lines):
        if heredoc:
            if lines[i].strip() == heredoc:
                heredoc = None
            i += 1
            continue
        first, text = i + 1, lines[i]
        # a comment ends with its line: its apostrophes are no quotes
        while i + 1 < len(lines) and not text.lstrip().startswith('#') and (
                re.search(r'(^|[^\\])(\\\\)*\\$', text) or incomplete(text)):
            i += 1
            text += '\n' + lines[i]
        i += 1
        m = re.search(r"<<-?\s*['\"]?([A-Za-z_][A-Za-z0-9_]*)['\"]?", text)
        if m and not re.search(r'<<<', text):
            heredoc = m.group(1)                   # its body is data, not commands
        newlines = [k for k, c in enumerate(text) if c == '\n']
        yield first, re.sub(r'\\\n', '  ', text), newlines


def wrappers(source):
    """Names of functions defined in the script; the ones whose body runs `az "$@"` also wrap
    az implicitly (`az_quiet network vnet show ...`)."""
    names, passthrough = set(), set()
    for m in re.finditer(r'^\s*(?:function\s+)?([A-Za-z_][\w-]*)\s*(?:\(\s*\))\s*\{?|^\s*function\s+([A-Za-z_][\w-]*)',
                         source, re.M):
        name = m.group(1) or m.group(2)
        names.add(name)
        body = source[m.end():].split('\n}', 1)[0]
        if re.search(r'(^|[\s;{(])(command\s+)?az\s+"?\$(@|\{@\})"?', body):
            passthrough.add(name)
    return names, passthrough


def az_args(words, names, passthrough):
    """The words after `az` if this simple command runs az, else None."""
    words = [w for w in words]
    while words and (words[0] in KEYWORDS or ASSIGN.match(words[0])):
        words.pop(0)
    while words and words[0] in names and words[0] != 'az':
        if len(words) > 1 and (words[1] == 'az' or words[1] in names):
            words.pop(0)
        elif words[0] in passthrough and len(words) > 1:
            return words[1:]
        else:
            return None
    if words and words[0] == 'az':
        return words[1:]
    return None


def strip_redirections(words):
    out, skip = [], False
    for w in words:
        if skip:
            skip = False
            continue
        m = REDIR.match(w)
        if m and not w.startswith('-'):
            skip = m.group(3) == ''
            continue
        out.append(w)
    return out


# ---- checking one invocation ---------------------------------------------------------------
def check(args, commands, globals_):
    """Returns (command label, [problems])."""
    if not args or args[0] in ('$@', '${@}', '$*'):
        return None, []                            # bare `az`, or the body of a wrapper function
    lead = []
    for w in args:
        if w.startswith('-'):
            break
        lead.append(w)
    path = next((tuple(lead[:k]) for k in range(len(lead), -1, -1) if tuple(lead[:k]) in commands), None)
    if path is None:
        return 'az ' + ' '.join(lead), ['unknown command']
    label, problems = 'az ' + ' '.join(path), []
    opts = dict(globals_)
    opts.update(commands[path])
    opts = {n: o for n, o in opts.items() if not o.dropped}
    seen = set()
    rest = args[len(path):]
    i = 0
    while i < len(rest):
        word = rest[i]
        i += 1
        if not word.startswith('-') or re.match(r'^-\d', word) or word == '-':
            problems.append('unexpected argument %r' % word)
            continue
        name, eq, inline = word.partition('=') if word.startswith('--') else (word, '', '')
        opt = opts.get(name)
        if opt is None:
            near = sorted({o.names[0] for n, o in opts.items() if n.startswith(name) and name.startswith('--')})
            if len(near) == 1:
                opt = opts[near[0]]
                problems.append('abbreviated option %s (write %s)' % (name, near[0]))
            else:
                problems.append('unknown option %s' % name)
                while i < len(rest) and not rest[i].startswith('-'):
                    i += 1                         # skip its values, do not cascade
                continue
        seen.add(opt.names[0])
        values = [inline] if eq else []
        if opt.kind == 'flag':
            if eq:
                problems.append('option %s takes no value' % name)
        elif opt.kind == 'opt':
            if not eq and i < len(rest) and not rest[i].startswith('-'):
                values.append(rest[i])
                i += 1
        elif opt.kind == 'one':
            if not eq:
                if i < len(rest) and (not rest[i].startswith('-') or re.match(r'^-\d', rest[i])):
                    values.append(rest[i])
                    i += 1
                else:
                    problems.append('option %s expects a value' % name)
        else:
            while i < len(rest) and not rest[i].startswith('-'):
                values.append(rest[i])
                i += 1
            if not values:
                problems.append('option %s expects one or more values' % name)
        if opt.enum:
            allowed = {v.lower() for v in opt.enum}
            for v in values:
                if '$' not in v and v.lower() not in allowed:
                    problems.append('invalid value %r for %s (allowed: %s)' % (v, name, ', '.join(opt.enum)))
    ids = '--ids' in seen
    for opt in {id(o): o for o in commands[path].values()}.values():
        if opt.required and opt.names[0] not in seen and not (ids and opt.idpart):
            problems.append('missing required option %s' % opt.names[0])
    return label, problems


def check_script(path, commands, globals_):
    with open(path, encoding='utf-8') as f:
        source = f.read()
    names, passthrough = wrappers(source)
    problems, count = [], 0
    for first, text, newlines in logical_lines(source.split('\n')):
        if not re.search(r'\baz\b', text) and not any(n in text for n in passthrough):
            continue
        for offset, cmd in simple_commands(text):
            try:
                words = shlex.split(cmd, posix=True)
            except ValueError as exc:
                if re.search(r'\baz\b', cmd):
                    problems.append('%s:%d: cannot split shell words: %s' % (path, first, exc))
                continue
            args = az_args(strip_redirections(words), names, passthrough)
            if args is None:
                continue
            label, found = check(args, commands, globals_)
            if label is None:
                continue
            count += 1
            line = first + bisect.bisect_left(newlines, offset)
            problems += ['%s:%d: %s: %s' % (path, line, label, p) for p in found]
    return problems, count


def main(argv):
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    commands, globals_ = load_table(TABLE)
    problems, count = [], 0
    for path in argv[1:]:
        found, n = check_script(path, commands, globals_)
        problems += found
        count += n
    for p in problems:
        print(p)
    if problems:
        return 1
    print('ok: %d az commands checked' % count)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
