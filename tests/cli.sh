#!/bin/sh
# tests/cli.sh - options, exit codes, atomic writes, -p, determinism.
# Prints "N passed, N failed" last; exit 1 on failure.
VNETC=${VNETC:-build/vnetc}
SPEC=specs/isolated-backend.yaml
PY=/usr/bin/python3
pass=0
fail=0
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM

. tests/lib.sh

t "no arguments is a usage error" 2 "$VNETC"
t "--help" 0 "$VNETC" --help
check "--help lists the commands" grep -q 'build SPEC' "$tmp/out"
# "vnetc help CMD" is CMD's help; an unknown CMD a usage error
t "help apply" 0 "$VNETC" help apply
check "help apply: apply's usage" grep -q '^usage: vnetc apply SPEC' "$tmp/out"
t "help import" 0 "$VNETC" help import
check "help import: import's usage" grep -q '^usage: vnetc import' "$tmp/out"
t "help improt" 2 "$VNETC" help improt
check "help improt: the command it may mean" grep -q "did you mean 'import'" "$tmp/err"
t "build --help" 0 "$VNETC" build --help
check "build --help teaches -p" grep -q -- '-p NAME=VALUE' "$tmp/out"
t "check --help" 0 "$VNETC" check --help
t "--version" 0 "$VNETC" --version
check "--version prints the version" grep -q '^vnetc [0-9]' "$tmp/out"
t "unknown command" 2 "$VNETC" frobnicate "$SPEC"
check "unknown command is named" grep -q "unknown command 'frobnicate'" "$tmp/err"
t "unknown option" 2 "$VNETC" build --frob "$SPEC"
t "missing spec argument" 2 "$VNETC" build
t "-o without a value" 2 "$VNETC" build "$SPEC" -o
t "-p without =" 2 "$VNETC" build "$SPEC" -p appName
t "bad --format" 2 "$VNETC" check "$SPEC" --format xml
t "unreadable spec" 2 "$VNETC" check "$tmp/nope.yaml"
check "unreadable spec is named" grep -q "cannot read $tmp/nope.yaml" "$tmp/err"
t "-p of an unknown parameter" 2 "$VNETC" check "$SPEC" -p apName=x
check "-p typo is named" grep -q "no parameter 'apName'" "$tmp/err"

t "check the default spec" 0 "$VNETC" check "$SPEC"
check "check says ok for a clean spec" grep -qx "vnetc: $SPEC: ok: no problems" "$tmp/err"
check "check: nothing else" test "$(wc -l <"$tmp/err")" = 1
t "check -q" 0 "$VNETC" check -q "$SPEC"
check "check -q prints nothing for a clean spec" test ! -s "$tmp/err"
t "check --quiet" 0 "$VNETC" check --quiet "$SPEC"
check "check --quiet prints nothing" test ! -s "$tmp/err"
t "check of a spec with a warning" 0 "$VNETC" check tests/bad/VN205-public-range.yaml
check "the ok line comes after the warning, and counts it" sh -c "tail -n 1 '$tmp/err' |
	grep -qx 'vnetc: tests/bad/VN205-public-range.yaml: ok: no errors (1 warning)'"
t "check of a spec with errors" 1 "$VNETC" check tests/bad/VN202-host-bits.yaml
check "no ok line for a spec with errors" sh -c "! grep -q ': ok' '$tmp/err'"
check "check writes nothing" test ! -e "$tmp/o"

t "build" 0 "$VNETC" build "$SPEC" -o "$tmp/o"
check "build says what it wrote" grep -qx \
	"vnetc: wrote $tmp/o/isolated-backend.{sh,json,parameters.json,svg}" "$tmp/err"
t "build -q" 0 "$VNETC" build -q "$SPEC" -o "$tmp/q"
check "build -q prints nothing" test ! -s "$tmp/err"
for f in isolated-backend.sh isolated-backend.json \
	isolated-backend.parameters.json; do
	check "build wrote $f" test -s "$tmp/o/$f"
done
check "the script is executable" test -x "$tmp/o/isolated-backend.sh"
check "no temporary files left" sh -c "! ls '$tmp/o' | grep -q tmp"

# Determinism: a second build is byte-identical.
mkdir -p "$tmp/o2"
t "second build" 0 "$VNETC" build "$SPEC" -o "$tmp/o2"
for f in isolated-backend.sh isolated-backend.json \
	isolated-backend.parameters.json; do
	check "$f is byte-identical on rebuild" cmp -s "$tmp/o/$f" "$tmp/o2/$f"
done

# -p sets the script default and the parameters file value.
t "build -p" 0 "$VNETC" build "$SPEC" -o "$tmp/p" -p appName=contoso-web
# shellcheck disable=SC2016
check "-p reaches the script" grep -Fqx '[ -n "${appName:-}" ] || appName=contoso-web' \
	"$tmp/p/isolated-backend.sh"
check "-p reaches the parameters file" grep -q '"value": "contoso-web"' \
	"$tmp/p/isolated-backend.parameters.json"
check "-p reaches defaults that use it (planName)" sh -c \
	"grep -A1 '\"planName\"' '$tmp/p/isolated-backend.parameters.json' | grep -q contoso-web"

# A failed build leaves earlier outputs untouched and writes nothing new.
cp -r "$tmp/o" "$tmp/before"
sed 's#10.0.1.0/24#10.0.1.0/33#' "$SPEC" >"$tmp/isolated-backend.yaml"
t "build of a bad spec fails" 1 "$VNETC" build "$tmp/isolated-backend.yaml" -o "$tmp/o"
check "diagnostic names file:line:col" grep -q "isolated-backend.yaml:[0-9]*:[0-9]*: error" "$tmp/err"
check "earlier outputs untouched" diff -r "$tmp/before" "$tmp/o"

# An output directory that cannot be written: exit 2, nothing half-written.
mkdir -p "$tmp/ro"
chmod a-w "$tmp/ro"
if [ "$(id -u)" != 0 ]; then
	t "unwritable output dir" 2 "$VNETC" build "$SPEC" -o "$tmp/ro"
	check "nothing written to it" test -z "$(ls -A "$tmp/ro")"
fi
# As root permissions do not stop us: use a path under a regular file.
: >"$tmp/file"
t "output dir under a file" 2 "$VNETC" build "$SPEC" -o "$tmp/file/out"
t "output dir that is a file" 2 "$VNETC" build "$SPEC" -o "$tmp/file"
check "-o naming a file says so" grep -qx \
	"vnetc: -o $tmp/file: exists and is not a directory" "$tmp/err"
check "-o naming a file leaves it as it was" test -f "$tmp/file" -a ! -s "$tmp/file"

# -o creates the directories above it (mkdir -p), with mode 0777 less the
# umask, and a failed build removes only those it made.
t "build -o a/b/c" 0 sh -c "umask 027 && '$VNETC' build '$SPEC' -o '$tmp/a/b/c' --no-graph"
check "build -o a/b/c wrote the outputs" test -s "$tmp/a/b/c/isolated-backend.sh"
check "build -o a/b/c: mode 0777 less the umask" test \
	"$(stat -c %a "$tmp/a" "$tmp/a/b" "$tmp/a/b/c" | tr '\n' ' ')" = "750 750 750 "
# A write that fails (no file may grow: ulimit -f 0, SIGXFSZ ignored).
mkdir "$tmp/keep"
t "build -o keep/x/y that cannot write" 2 sh -c "trap '' XFSZ; ulimit -f 0 &&
	'$VNETC' build '$SPEC' -o '$tmp/keep/x/y' --no-graph"
check "failed build removes the directories it made, not the others" \
	test -d "$tmp/keep" -a ! -e "$tmp/keep/x"
# A directory it cannot make (a name over NAME_MAX) after one it made: the
# one it made goes.
long=$(printf '%0300d' 0)
t "build -o n1/<300 characters>/c" 2 "$VNETC" build "$SPEC" -o "$tmp/n1/$long/c"
check "-o n1/<300 characters>/c: says why" grep -q 'File name too long' "$tmp/err"
check "-o n1/<300 characters>/c: removes n1 again" test ! -e "$tmp/n1"
t "build -o with a trailing slash and //" 0 "$VNETC" build "$SPEC" \
	-o "$tmp/d//e/" --no-graph
check "build -o d//e/ wrote the outputs" test -s "$tmp/d/e/isolated-backend.sh"

# -o "" is no directory: it must not write into /.
t "build -o ''" 2 "$VNETC" build "$SPEC" -o "" --no-graph
check "build -o '': says why" grep -q "not ''" "$tmp/err"
check "build -o '': nothing in /" test ! -e /isolated-backend.sh
for c in apply destroy graph; do
	t "$c -o ''" 2 "$VNETC" $c "$SPEC" -o ""
done
# graph -o makes the directories above, as build -o does (apply -o:
# tests/apply.sh).
t "graph -o g/h/i.dot" 0 "$VNETC" graph "$SPEC" --format dot -o "$tmp/g/h/i.dot"
check "graph -o g/h/i.dot wrote it" test -s "$tmp/g/h/i.dot"
# A -p value that is not UTF-8 would reach the script but not the
# template's JSON: refused.
t "-p with a value that is not UTF-8" 2 "$VNETC" build "$SPEC" -o "$tmp/u" \
	-p "$(printf 'appName=\377q')"
check "-p not UTF-8: says so" grep -q 'not UTF-8' "$tmp/err"
check "-p not UTF-8: nothing written" test ! -e "$tmp/u"
# Arguments quoted in messages are one line: a newline or an ESC in a
# file name or an option is shown escaped.
t "a spec name with a newline" 2 "$VNETC" check "$(printf 'nl\nx.yaml')"
check "its message is one line" test "$(wc -l <"$tmp/err")" = 1
check "with the newline escaped" grep -qF 'nl\nx.yaml' "$tmp/err"
t "a command with an ESC" 2 "$VNETC" "$(printf 'bu\033ild')" "$SPEC"
check "its ESC is escaped" grep -qF "'bu\x1bild'" "$tmp/err"
check "no raw ESC" sh -c "! grep -q \"\$(printf '\\033')\" '$tmp/err'"

# The = form of every option, and -xVALUE for the short ones that take a
# value, as getopt_long has them.
t "--format=json" 1 "$VNETC" check "$tmp/isolated-backend.yaml" --format=json
check "--format=json prints JSON" grep -q '"rule":"VN201"' "$tmp/out"
t "-Wno-VN205 -pNAME=V -o=DIR" 0 "$VNETC" build "$SPEC" -Wno-VN205 \
	-pappName=glued "-o$tmp/glued" --no-graph
check "-pNAME=V reaches the parameters file" grep -q '"value": "glued"' \
	"$tmp/glued/isolated-backend.parameters.json"
t "graph --format=dot -o=FILE" 0 "$VNETC" graph "$SPEC" --format=dot "-o$tmp/g.dot"
check "graph -oFILE wrote FILE" grep -q '^digraph' "$tmp/g.dot"
t "apply --dry-run --subscription=ID --parallelism=2 --output=json" 0 env \
	-u AZURE_ACCESS_TOKEN "$VNETC" apply "$SPEC" --dry-run \
	--subscription=11111111-2222-3333-4444-555555555555 --parallelism=2 \
	--output=json -o "$tmp/j"
check "--subscription=ID is the subscription" grep -q \
	'subscriptions/11111111-2222-3333-4444-555555555555/' "$tmp/out"
t "cidr --format=json --split=P LEN" 0 "$VNETC" cidr --format=json \
	--split=10.0.0.0/24 26
check "cidr --format=json is JSON" grep -q '"prefix"' "$tmp/out"
t "a flag with a value" 2 "$VNETC" check "$SPEC" --werror=yes
check "says the flag takes none" grep -q -- "--werror takes no value" "$tmp/err"
# -W no-RULE of an error says it is an error, not to name a warning
t "-W no- an error" 2 "$VNETC" check "$SPEC" -W no-VN385
check "-W no-VN385: VN385 is an error" grep -qF "VN385 is an error, which \
cannot be turned off; -W no-RULE takes warnings" "$tmp/err"
t "-W no- an unknown rule" 2 "$VNETC" check "$SPEC" -W no-VN999
check "-W no-VN999: no rule, a warning wanted" grep -qF \
	"write -W no-RULE with RULE a warning" "$tmp/err"

# A usage error is its cause and where the help is, not the whole help;
# a misspelled command or option gets "did you mean".
t "misspelled command" 2 "$VNETC" biuld "$SPEC"
check "misspelled command: did you mean" grep -qx \
	"vnetc: unknown command 'biuld'; did you mean 'build'?" "$tmp/err"
check "misspelled command: see vnetc --help" grep -qx "see 'vnetc --help'" "$tmp/err"
check "misspelled command: two lines" test "$(wc -l <"$tmp/err")" = 2
t "misspelled option" 2 "$VNETC" check "$SPEC" --fromat json
check "misspelled option: did you mean" grep -qx \
	"vnetc: unknown option '--fromat'; did you mean '--format'?" "$tmp/err"
check "misspelled option: see vnetc check --help" grep -qx \
	"see 'vnetc check --help'" "$tmp/err"
t "misspelled apply option" 2 "$VNETC" apply "$SPEC" --dryrun
check "misspelled apply option: did you mean --dry-run" grep -q \
	"did you mean '--dry-run'?" "$tmp/err"
t "unknown option far from any" 2 "$VNETC" build "$SPEC" --frob
check "no guess when nothing is near" grep -qx "vnetc: unknown option '--frob'" "$tmp/err"
t "bad --parallelism" 2 "$VNETC" plan "$SPEC" --parallelism 0
check "bad --parallelism: says what is wanted" grep -q \
	"a number from 1 to 64" "$tmp/err"
for c in build check graph plan apply destroy; do
	t "$c: no spec" 2 "$VNETC" $c
	check "$c: no spec: two lines, no help" test "$(wc -l <"$tmp/err")" = 2
done
t "cidr: misspelled option" 2 "$VNETC" cidr --splt 10.0.0.0/24 26
check "cidr: did you mean" grep -qx \
	"vnetc cidr: unknown option '--splt'; did you mean '--split'?" "$tmp/err"

# check takes several specs, and - for stdin.
t "check of several specs" 1 "$VNETC" check "$SPEC" "$tmp/isolated-backend.yaml" \
	specs/dual-stack.yaml
check "several specs: the bad one's diagnostic" grep -q \
	"^$tmp/isolated-backend.yaml:[0-9]*:[0-9]*: error: .*\[VN201\]" "$tmp/err"
t "check of several specs, one unreadable" 2 "$VNETC" check "$SPEC" \
	"$tmp/isolated-backend.yaml" "$tmp/nope.yaml"
check "several specs: the worst status, and every diagnostic" grep -q VN201 "$tmp/err"
check "several specs: the unreadable one named" grep -q "cannot read $tmp/nope.yaml" "$tmp/err"
t "check of good specs" 0 "$VNETC" check specs/dual-stack.yaml "$SPEC"
t "check - (stdin)" 1 sh -c "'$VNETC' check - <'$tmp/isolated-backend.yaml'"
check "stdin is named <stdin>" grep -q '^<stdin>:[0-9]*:[0-9]*: error: .*\[VN201\]' "$tmp/err"
t "check - of a good spec" 0 sh -c "'$VNETC' check - <'$SPEC'"
t "check --format sarif of several specs" 1 "$VNETC" check --format sarif \
	"$SPEC" "$tmp/isolated-backend.yaml"
check "one SARIF log for all" $PY -c '
import json, sys
r = json.load(open(sys.argv[1]))["runs"][0]["results"]
sys.exit(not (len(r) == 1 and r[0]["ruleId"] == "VN201"))' "$tmp/out"
t "build of two specs" 2 "$VNETC" build "$SPEC" specs/dual-stack.yaml
check "build of two: check takes several" grep -q "vnetc check takes several" "$tmp/err"
t "build -" 2 "$VNETC" build -
check "build -: says why" grep -q "is for vnetc check" "$tmp/err"

# Diagnostics are sorted by position (file, line, column, rule) in every
# format; the checks find them in another order (VN101 at 16:9 before
# VN302 at 15:17).
for f in text json sarif; do
	t "sorted diagnostics: $f" 1 "$VNETC" check --format $f \
		tests/bad/multi-five-mistakes.yaml tests/bad/multi-shape-and-rules.yaml
	check "sorted diagnostics: $f" $PY -c '
import json, re, sys
fmt, out, err = sys.argv[1:]
if fmt == "text":
    keys = [(m[1], int(m[2]), int(m[3]), m[4]) for m in (re.match(
        r"(.*?):(\d+):(\d+): (?:error|warning): .*\[(VN\d+)\]$", l)
        for l in open(err)) if m]
elif fmt == "json":
    keys = [(d["file"], d["line"], d["col"], d["rule"]) for d in
        map(json.loads, open(out)) if d["severity"] != "note"]
else:
    keys = [(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        r["locations"][0]["physicalLocation"]["region"]["startLine"],
        r["locations"][0]["physicalLocation"]["region"]["startColumn"],
        r["ruleId"]) for r in json.load(open(out))["runs"][0]["results"]]
sys.exit(not (len(keys) == 9 and keys == sorted(keys)))' $f "$tmp/out" "$tmp/err"
done

# The SARIF help of a rule sends to something an installed vnetc has.
t "sarif rule help" 0 "$VNETC" check -q --format sarif "$SPEC"
check "sarif rule help names vnetc-rules(7)" $PY -c '
import json, sys
rules = json.load(open(sys.argv[1]))["runs"][0]["tool"]["driver"]["rules"]
sys.exit(not all(r["help"]["text"].endswith("See %s in vnetc-rules(7) (man "
    "vnetc-rules) or docs/rules.md." % r["id"]) for r in rules))' "$tmp/out"

# --format json
t "json diagnostics" 1 "$VNETC" check "$tmp/isolated-backend.yaml" --format json
check "json diagnostic line, on stdout" grep -q '"rule":"VN201"' "$tmp/out"
check "json: nothing on stderr" test ! -s "$tmp/err"
t "check --help" 0 "$VNETC" check --help
check "check --help: json on stdout" grep -q 'on stdout JSON lines' "$tmp/out"

# -d spec|plan
t "-d plan" 0 "$VNETC" check -d plan "$SPEC"
check "-d plan prints the steps" grep -q "public access of 'vault'" "$tmp/out"
t "-d spec" 0 "$VNETC" check -d spec "$SPEC"
check "-d spec prints the model" grep -q "^vnet vnet" "$tmp/out"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
