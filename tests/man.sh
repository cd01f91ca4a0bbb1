#!/bin/sh
# tests/man.sh - the man pages agree with the program: every command that
# vnetc --help lists, every option and option value its --help prints, is
# in vnetc(1); every key the spec reader accepts (compiler/spec.c's key
# tables) is in vnetc-spec(5); both pages render without groff warnings.
# Prints "N passed, N failed" last; exit 1 on failure.
VNETC=${VNETC:-build/vnetc}
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

. tests/lib.sh

# Render to plain text (no bold, underline or colour), as man(1) would.
render() { groff -mdoc -Tascii -P-cbu "$1" 2>/dev/null; }
# A word of the page: "-o" must not match inside "--no-graph".
has_word() { grep -qE -- "(^|[^-[:alnum:]])$2([^-[:alnum:]]|\$)" "$1"; }

for page in man/vnetc.1 man/vnetc-spec.5; do
	if ! command -v groff >/dev/null; then
		ko "$page: groff is not installed (make deps)"
		continue
	fi
	groff -mdoc -ww -z "$page" >"$tmp/lint" 2>&1
	if [ -s "$tmp/lint" ]; then
		ko "$page: groff warnings"
		sed 's/^/  | /' "$tmp/lint" | head -n 10
	else
		ok
	fi
done
render man/vnetc.1 >"$tmp/vnetc.txt"
render man/vnetc-spec.5 >"$tmp/spec.txt"
if [ -s "$tmp/vnetc.txt" ] && [ -s "$tmp/spec.txt" ]; then ok; else
	ko "the pages render to text"
fi

# --- vnetc(1) against --help -------------------------------------------
"$VNETC" --help >"$tmp/help" 2>&1
cmds=$(sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p' "$tmp/help")
check "vnetc --help lists no commands" test -n "$cmds"
for opt in --help --version; do
	check "vnetc.1 lacks vnetc $opt" has_word "$tmp/vnetc.txt" "$opt"
done
for c in $cmds; do
	check "vnetc.1: no 'vnetc $c' in the SYNOPSIS" \
		grep -q "^ *vnetc $c " "$tmp/vnetc.txt"
	"$VNETC" "$c" --help >"$tmp/chelp" 2>&1 ||
		ko "vnetc $c --help fails"
	# "  -o DIR  ...", "  -h, --help  ...": the options: block's first words
	opts=$(sed -n '/^options:/,/^$/p' "$tmp/chelp" |
		grep -o -e '^  -[-a-zA-Z]*' -e ', --[-a-zA-Z]*' | tr -d ' ,')
	check "vnetc $c --help lists no options" test -n "$opts"
	for o in $opts; do
		check "vnetc.1 lacks option $o of vnetc $c (add it to man/vnetc.1)" \
			has_word "$tmp/vnetc.txt" "$o"
	done
	# the values an option lists as a|b|c: each is named in the page
	vals=$(sed -n 's/^  \(-[a-zA-Z], \)\{0,1\}-[-a-zA-Z]* \([a-z|]*|[a-z|]*\) .*/\2/p' \
		"$tmp/chelp" | tr '|' ' ')
	for v in $vals; do
		check "vnetc.1 lacks value '$v' of an option of vnetc $c" \
			has_word "$tmp/vnetc.txt" "$v"
	done
done

# --- vnetc-spec(5) against the spec reader ------------------------------
# Key tables look like:  static const char *const vnet_keys[] = {"name",
#     "*address_space", ..., NULL};   ("*" marks a required key)
# A table may be one line: it ends on the line that has NULL}; (sed's
# range would look for the end from the next line on, into the code).
keys=$(awk '/^static const char \*const [a-z_]*_keys\[\] = \{/ { on = 1 }
	on { print } on && /NULL\};/ { on = 0 }' compiler/spec.c |
	grep -o '"[^"]*"' | tr -d '"*' | LC_ALL=C sort -u)
check "no key tables found in compiler/spec.c" test -n "$keys"
# each of them a key the spec reader takes: a property of vnetc schema's
"$VNETC" schema -o "$tmp/schema.json"
# shellcheck disable=SC2086 # one argument per key
check "keys read from compiler/spec.c that are no spec keys" /usr/bin/python3 -c '
import json, sys
def props(n, out):
    if isinstance(n, dict):
        out |= set(n.get("properties", {}))
        for v in n.values():
            props(v, out)
    elif isinstance(n, list):
        for v in n:
            props(v, out)
    return out
bad = set(sys.argv[2:]) - props(json.load(open(sys.argv[1])), set())
print(" ".join(sorted(bad))) if bad else None
sys.exit(bool(bad))' "$tmp/schema.json" $keys
for k in $keys; do
	check "vnetc-spec.5 lacks key '$k' (document it in man/vnetc-spec.5)" \
		has_word "$tmp/spec.txt" "$k"
done

# --- vnetc-rules(7), made from docs/rules.md (man/rules2man.py) -------
if /usr/bin/python3 man/rules2man.py docs/rules.md 0 >"$tmp/rules.7"; then ok; else
	ko "man/rules2man.py failed"
fi
groff -mdoc -Tutf8 -ww -z "$tmp/rules.7" >"$tmp/lint" 2>&1
if [ -s "$tmp/lint" ]; then
	ko "vnetc-rules.7: groff warnings"
	sed 's/^/  | /' "$tmp/lint" | head -n 10
else
	ok
fi
groff -mdoc -Tutf8 -P-cbu "$tmp/rules.7" 2>/dev/null >"$tmp/rules.txt"
sed -n 's/^RULE(\(VN[0-9]*\),.*/\1/p' compiler/rules.h >"$tmp/ids"
while read -r id; do
	check "vnetc-rules(7) has a section for $id" grep -q "^   $id " "$tmp/rules.txt"
done <"$tmp/ids"
check "vnetc-rules(7) keeps the examples" grep -q 'adress_space: 10.0.0.0/16' \
	"$tmp/rules.txt"

# A failing case, so the checks above can be seen to bite.
printf 'commands:\n' >"$tmp/none"
if has_word "$tmp/none" --no-such-option; then
	ko "has_word matches a word check is not there"
else
	ok
fi
if has_word "$tmp/vnetc.txt" -o && ! has_word "$tmp/vnetc.txt" -graph; then
	ok
else
	ko "has_word: '-o' must match and '-graph' (inside --no-graph) must not"
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
