#!/bin/sh
# tests/examples.sh - the CI examples in examples/ are valid YAML and run
# only vnetc commands and options that exist (tests/tools/check_examples.py),
# and the checker catches each kind of mistake it is meant to.
# Prints "N passed, N failed" last; exit 1 on failure.
VNETC=${VNETC:-build/vnetc}
PY=/usr/bin/python3
CHECK=tests/tools/check_examples.py
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

. tests/lib.sh

if ! $PY -c 'import yaml' 2>/dev/null; then
	ko "python3-yaml is not installed (make deps)"
	echo "$pass passed, $fail failed"
	exit 1
fi

for f in examples/*.yml; do
	if $PY "$CHECK" "$VNETC" "$f" >"$tmp/out" 2>&1; then
		ok
		echo "$f: $(tail -n 1 "$tmp/out")"
	else
		ko "$f"
		sed 's/^/  | /' "$tmp/out"
	fi
done

# The pipelines install what their jobs need (make build-deps), not the
# packages of vnetc's own test suite (make deps).
for f in examples/*.yml; do
	check "$f installs with make build-deps" grep -q 'sudo make build-deps' "$f"
	check "$f does not run make deps" sh -c "! grep -q 'make deps' '$f'"
done
make -s -n build-deps >"$tmp/bd" 2>&1
for p in shellcheck python3-jsonschema python3-yaml python3-jmespath groff-base; do
	check "make build-deps leaves out $p" sh -c "! grep -qw -- '$p' '$tmp/bd'"
done
for p in gcc libyaml-dev libjansson-dev liblua5.4-dev libcurl4-openssl-dev python3 graphviz; do
	check "make build-deps installs $p" grep -qw -- "$p" "$tmp/bd"
done

# Each mistake below must be caught: (name, sed expression on the GitHub
# workflow, text expected in the report).
bad() {
	sed "$2" examples/github-actions.yml >"$tmp/bad.yml"
	if cmp -s examples/github-actions.yml "$tmp/bad.yml"; then
		ko "mutation '$1' changed nothing"
		return
	fi
	if $PY "$CHECK" "$VNETC" "$tmp/bad.yml" >"$tmp/out" 2>&1; then
		ko "checker accepts $1"
	elif grep -q -- "$3" "$tmp/out"; then
		ok
	else
		ko "checker rejects $1, but not with '$3'"
		sed 's/^/  | /' "$tmp/out"
	fi
}
# shellcheck disable=SC2016 # "$SPEC" is the workflow's text, not ours
bad "an unknown option" 's/vnetc build "$SPEC" -o out/vnetc build "$SPEC" --out out/' \
	"option --out is not in vnetc build --help"
# shellcheck disable=SC2016
bad "an unknown command" 's/vnetc build "$SPEC"/vnetc make "$SPEC"/' \
	"vnetc make: no such command"
bad "a value --help does not list" 's/--format sarif/--format sarif2/' \
	"allows"
bad "no SARIF upload" 's#github/codeql-action/upload-sarif@v3#actions/upload-artifact@v4#' \
	"does not upload the SARIF log"
bad "no what-if" 's/az deployment group what-if/az deployment group validate/' \
	"does not run az deployment group what-if"
bad "a template name that is not the build's" 's/^  NAME: isolated-backend/  NAME: isolated/' \
	"not the spec's file name"
bad "invalid YAML" 's/^jobs:/jobs: [/' "not valid YAML"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
