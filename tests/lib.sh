# tests/lib.sh - the assertions the shell tests share. Source it from the
# repository root after setting $tmp (a scratch directory); it counts into
# $pass and $fail, and the test ends with: echo "$pass passed, $fail failed"
# shellcheck shell=sh disable=SC2154
pass=${pass:-0}
fail=${fail:-0}

# ok: one more passed; ko NAME: one more failed, named.
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }

# t NAME STATUS COMMAND...: COMMAND exits with STATUS; its output is kept
# in $tmp/out and $tmp/err for the checks that follow.
t() {
	name=$1 want=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" = "$want" ]; then ok; else
		ko "$name: exit $got, want $want"
		sed 's/^/  | /' "$tmp/err" | head -n 10
	fi
}

# check NAME CONDITION...: CONDITION succeeds.
check() {
	name=$1
	shift
	if "$@"; then ok; else ko "$name"; fi
}
