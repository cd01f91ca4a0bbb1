# tests/lib.sh - the assertions the shell tests share. Source it from the
# repository root after setting $tmp (a scratch directory); it counts into
# $pass and $fail, and the test ends with: echo "$pass passed, $fail failed"
# shellcheck shell=sh disable=SC2154,SC2034
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

# mockarm TOKEN PORTFILE ERRFILE SERVER-ARGS...: start the mock ARM server
# (tests/mockarm/server.py) on a free port; sets up_pid, and up_ep once it
# listens. A loaded machine can take seconds to start Python: wait up to
# 30 s. If it does not listen by then, say so with its stderr and count a
# failure, so that what follows (which fails too) is not the only trace.
mockarm() {
	_tok=$1 _port=$2 _err=$3
	shift 3
	: >"$_port"
	_mark=$( (wc -l <"$_err") 2>/dev/null || echo 0)
	MOCKARM_TOKEN=$_tok /usr/bin/python3 tests/mockarm/server.py 0 "$@" \
		>"$_port" 2>>"$_err" &
	up_pid=$!
	_i=0
	while ! grep -q '^[0-9]' "$_port" && [ $_i -lt 600 ]; do
		kill -0 "$up_pid" 2>/dev/null || break
		sleep 0.05
		_i=$((_i + 1))
	done
	if grep -q '^[0-9]' "$_port"; then
		up_ep=http://127.0.0.1:$(head -n 1 "$_port")
	else
		up_ep=http://127.0.0.1:1
		ko "the mock ARM server did not start ($*)"
		tail -n "+$((_mark + 1))" "$_err" | sed 's/^/  | /' | tail -n 20
	fi
}
