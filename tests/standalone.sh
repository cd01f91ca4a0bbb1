#!/bin/sh
# shellcheck disable=SC2016
# (the sh -c scripts are single-quoted on purpose)
# tests/standalone.sh - the repository stands alone: a test that needs
# reference files from outside it (the ARM and SARIF schemas, tests/refs.sh)
# is skipped without them, not passed, and fails with VNETC_NO_SKIP=1;
# .ci/run stops when the shared directory beside the clone lacks them and
# otherwise runs make test, check and valgrind with no skip allowed; no
# file of the repository cites a file outside it. Prints "N passed,
# N failed, N skipped" last; exit 1 on failure.
O=${O:-build}
VNETC=${VNETC:-$O/vnetc}
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

. tests/lib.sh
. tests/refs.sh
# has NAME REGEX: a line of $tmp/out is REGEX; lacks NAME REGEX: none is.
has() { check "$1" grep -qx -- "$2" "$tmp/out"; }
lacks() { check "$1" sh -c '! grep -qx -- "$1" "$2"' - "$2" "$tmp/out"; }
last() { check "$1: last line '$(tail -n 1 "$tmp/out")'" sh -c \
	'tail -n 1 "$2" | grep -qx -- "$1"' - "$2" "$tmp/out"; }
# CI runs this with VNETC_NO_SKIP=1: each case sets it or unsets it.
run() { # NAME STATUS VAR=VALUE... tests/run FILTER
	name=$1 st=$2
	shift 2
	t "$name" "$st" env -u VNETC_NO_SKIP -u ARM_SCHEMAS -u SARIF_SCHEMA \
		O="$O" VNETC="$VNETC" "$@"
}

# --- tests/run: a schema check without schemas is skipped, not passed ---
for arm in '' /nonexistent; do
	c="tests/run, ARM_SCHEMAS='$arm'"
	run "$c" 0 ARM_SCHEMAS="$arm" tests/run specs/isolated-backend
	has "$c: skipped, with the variable to set" "skipped: specs/isolated-backend ARM schemas: .* (set ARM_SCHEMAS=DIR, .*)"
	lacks "$c: not passed" '\[PASS\] specs/isolated-backend ARM schemas.*'
	last "$c: counted" '[1-9][0-9]* passed, 0 failed, 1 skipped'
	c="tests/run, ARM_SCHEMAS='$arm' VNETC_NO_SKIP=1"
	run "$c" 1 ARM_SCHEMAS="$arm" VNETC_NO_SKIP=1 tests/run \
		specs/isolated-backend
	has "$c: the check fails" '\[FAIL\] specs/isolated-backend ARM schemas: .*VNETC_NO_SKIP=1 allows no skip)'
	last "$c: counted" '[1-9][0-9]* passed, 1 failed, 0 skipped'
done
if have_arm_schemas "tests/run with the ARM schemas"; then
	run "tests/run with ARM_SCHEMAS" 0 ARM_SCHEMAS="$ARM_SCHEMAS" \
		VNETC_NO_SKIP=1 tests/run specs/isolated-backend
	has "with ARM_SCHEMAS: checked" '\[PASS\] specs/isolated-backend ARM schemas (ok: .*)'
	last "with ARM_SCHEMAS: nothing skipped" '[1-9][0-9]* passed, 0 failed, 0 skipped'
fi

# --- a shell test's skips reach tests/run's count ----------------------
run "selftest.sh skips" 0 tests/run tests/tools/selftest.sh
has "selftest.sh: its skip relayed, named" "skipped: tests/tools/selftest.sh: validate_arm.py on samples/ .*: ARM_SCHEMAS is not set (set ARM_SCHEMAS=.*)"
has "selftest.sh: passes what it ran" '\[PASS\] tests/tools/selftest.sh ([0-9]* passed, 0 failed, 1 skipped)'
last "selftest.sh: counted" '1 passed, 0 failed, 1 skipped'
run "selftest.sh VNETC_NO_SKIP=1" 1 VNETC_NO_SKIP=1 tests/run \
	tests/tools/selftest.sh
has "selftest.sh VNETC_NO_SKIP=1: fails" '\[FAIL\] tests/tools/selftest.sh'
last "selftest.sh VNETC_NO_SKIP=1: counted" '0 passed, 1 failed, 0 skipped'

# --- tests/refs.sh on its own: the SARIF schema ------------------------
refs='. tests/refs.sh; ko() { echo "ko: $*"; }
have_sarif_schema "a SARIF test" && echo have; echo "skipped=$skipped"'
run "no SARIF_SCHEMA" 0 sh -c "$refs"
has "no SARIF_SCHEMA: skipped" "skipped: a SARIF test: SARIF_SCHEMA is not set (set SARIF_SCHEMA=FILE, .*)"
has "no SARIF_SCHEMA: counted" 'skipped=1'
run "SARIF_SCHEMA a missing file" 0 SARIF_SCHEMA=/nonexistent sh -c "$refs"
has "SARIF_SCHEMA a missing file: skipped" "skipped: a SARIF test: /nonexistent not found (set SARIF_SCHEMA=.*)"
run "SARIF_SCHEMA a file" 0 SARIF_SCHEMA=tests/refs.sh sh -c "$refs"
has "SARIF_SCHEMA a file: used" have
has "SARIF_SCHEMA a file: nothing skipped" 'skipped=0'
run "no SARIF_SCHEMA, VNETC_NO_SKIP=1" 0 VNETC_NO_SKIP=1 sh -c "$refs"
has "VNETC_NO_SKIP=1: a failure" "ko: a SARIF test: SARIF_SCHEMA is not set (set SARIF_SCHEMA=.*; VNETC_NO_SKIP=1 allows no skip)"
has "VNETC_NO_SKIP=1: not skipped" 'skipped=0'

# --- .ci/run: the shared directory beside the clone, or nothing; then the
# --- README's test command ----------------------------------------------
mkdir -p "$tmp/ci/repo/.ci"
cp .ci/run "$tmp/ci/repo/.ci/run"
printf 'test check valgrind:\n\t@echo "make $@ $$ARM_SCHEMAS $$SARIF_SCHEMA $$VNETC_NO_SKIP"\n' \
	>"$tmp/ci/repo/Makefile"
ci() { t "$1" "$2" env -u MAKEFLAGS -u MAKELEVEL -u ARM_SCHEMAS \
	-u SARIF_SCHEMA -u VNETC_NO_SKIP bash "$tmp/ci/repo/.ci/run"; }
ci ".ci/run without the shared directory" 1
check ".ci/run without the shared directory: says what is missing" grep -q \
	"^.ci/run: no ARM schemas in $tmp/ci/shared/arm-schemas" "$tmp/err"
check ".ci/run without the shared directory: no make" test ! -s "$tmp/out"
mkdir -p "$tmp/ci/shared/arm-schemas/2019-04-01" "$tmp/ci/shared/schemas"
: >"$tmp/ci/shared/arm-schemas/2019-04-01/deploymentTemplate.json"
ci ".ci/run without the SARIF schema" 1
check ".ci/run without the SARIF schema: says so" grep -q \
	"^.ci/run: no SARIF schema at $tmp/ci/shared/schemas/sarif-schema-2.1.0.json" \
	"$tmp/err"
: >"$tmp/ci/shared/schemas/sarif-schema-2.1.0.json"
ci ".ci/run with the shared directory" 0
for m in test check valgrind; do
	echo "make $m $tmp/ci/shared/arm-schemas" \
		"$tmp/ci/shared/schemas/sarif-schema-2.1.0.json 1"
done >"$tmp/want"
check ".ci/run: make test, check, valgrind; absolute paths; no skip" \
	cmp -s "$tmp/want" "$tmp/out"

# --- no file cites a file outside the repository ---------------------
# (.ci/run alone may name the shared directory; the patterns are spelled so
# that this file does not match them)
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	git grep -n -I -e 'azure-fact[s]' -e 'arm-fact[s]' -e 'STYL[E]\.md' \
		-e '\.\./shar[e]d' -- . ':!.ci/run' >"$tmp/cites"
else
	grep -rn -I --exclude-dir=build --exclude-dir=out -e 'azure-fact[s]' \
		-e 'arm-fact[s]' -e 'STYL[E]\.md' -e '\.\./shar[e]d' . |
		grep -v '^\./\.ci/run:' >"$tmp/cites"
fi
if [ -s "$tmp/cites" ]; then
	head -n 20 "$tmp/cites"
	ko "files cite files outside the repository ($(wc -l <"$tmp/cites") lines; cite docs/azure-notes.md or the public source)"
else ok; fi

echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" = 0 ]
