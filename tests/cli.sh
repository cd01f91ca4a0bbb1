#!/bin/sh
# tests/cli.sh - options, exit codes, atomic writes, -p, determinism.
# Prints "N passed, N failed" last; exit 1 on failure.
VNETC=${VNETC:-build/vnetc}
SPEC=specs/isolated-backend.yaml
pass=0
fail=0
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM

. tests/lib.sh

t "no arguments is a usage error" 2 "$VNETC"
t "--help" 0 "$VNETC" --help
check "--help lists the commands" grep -q 'build SPEC' "$tmp/out"
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
check "check prints nothing for a clean spec" test ! -s "$tmp/err"
check "check writes nothing" test ! -e "$tmp/o"

t "build" 0 "$VNETC" build "$SPEC" -o "$tmp/o"
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

# --format json
t "json diagnostics" 1 "$VNETC" check "$tmp/isolated-backend.yaml" --format json
check "json diagnostic line" grep -q '"rule":"VN201"' "$tmp/err"

# -d spec|plan
t "-d plan" 0 "$VNETC" check -d plan "$SPEC"
check "-d plan prints the steps" grep -q "public access of 'vault'" "$tmp/out"
t "-d spec" 0 "$VNETC" check -d spec "$SPEC"
check "-d spec prints the model" grep -q "^vnet vnet" "$tmp/out"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
