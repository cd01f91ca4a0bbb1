# bench/mock.sh - the mock ARM server of bench/apply.sh and
# bench/throttle.sh, sourced after PY is set: a scratch directory $tmp
# and a made-up $TOKEN, both gone at exit; start [server options...]
# starts tests/mockarm/server.py on a free port of 127.0.0.1 and sets EP;
# stop stops it.
# shellcheck shell=sh
TOKEN="bench-token-$$"
tmp=$(mktemp -d)
pid=
trap 'stop; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
start() {
	: >"$tmp/port"
	MOCKARM_TOKEN=$TOKEN $PY tests/mockarm/server.py 0 "$@" >"$tmp/port" \
		2>/dev/null &
	pid=$!
	while [ ! -s "$tmp/port" ]; do sleep 0.05; done
	EP=http://127.0.0.1:$(head -n 1 "$tmp/port")
}
stop() {
	[ -n "$pid" ] || return 0
	$PY -c 'import sys, urllib.request
try: urllib.request.urlopen(sys.argv[1] + "/__shutdown", timeout=5)
except Exception: pass' "$EP"
	wait "$pid" 2>/dev/null || true
	pid=
}
