# tests/mockarm/lib.sh - what the tests against the mock ARM server share.
# Source it first, from the repository root: it sets VNETC, PY, SUB, pass,
# fail and tmp (a scratch directory, removed at exit with the mock server
# unless $KEEP is set), sources tests/lib.sh and tests/refs.sh, and defines
# the mock's helpers below. They read $MOCK_TOKEN (the bearer token the
# server takes; $TOKEN instead when set) and $SCENARIO (the mock's faults)
# when called.
# shellcheck shell=sh disable=SC2154,SC2034
VNETC=${VNETC:-build/vnetc}
PY=/usr/bin/python3
SUB=11111111-2222-3333-4444-555555555555
pass=0
fail=0
tmp=$(mktemp -d)
mock=
trap '[ -z "$mock" ] || kill "$mock" 2>/dev/null; [ -n "$KEEP" ] || rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
. tests/lib.sh
. tests/refs.sh

# mock SEED: a fresh mock server (its store: the JSON object SEED); EP, LOG
mock() {
	[ -z "$mock" ] || kill "$mock" 2>/dev/null
	printf '%s\n' "$1" >"$tmp/seed.json"
	LOG=$tmp/mock.$$.$pass.log
	mockarm "${TOKEN:-$MOCK_TOKEN}" "$tmp/port" "$tmp/mock.err" \
		--log "$LOG" --seed "$tmp/seed.json" --strict --max-seconds 60 \
		${SCENARIO:+--scenario "$SCENARIO"}
	mock=$up_pid EP=$up_ep
}
q() { $PY tests/mockarm/query.py "$@"; }
# the seq of the first METHOD request to a path ending in SUFFIX
seq_of() {
	$PY -c 'import json, sys
for l in open(sys.argv[1]):
    e = json.loads(l)
    if e["method"] == sys.argv[2] and e["path"].lower().endswith(sys.argv[3].lower()):
        print(e["seq"]); break' "$LOG" "$1" "$2"
}
# the stored resource ID's field PATH (a.b.c), as JSON
field() {
	q store "$EP" | $PY -c 'import json, sys
r = json.load(sys.stdin).get(sys.argv[1].lower())
for k in sys.argv[2].split("."): r = r.get(k) if isinstance(r, dict) else None
print(json.dumps(r))' "$1" "$2"
}
# jwt TID: a token as the identity platform makes one, a JWT whose payload
# has the tenant id tid
b64() { printf '%s' "$1" | base64 -w0 | tr '+/' '-_' | tr -d '='; }
jwt() {
	printf '%s.%s.c2ln' "$(b64 '{"alg":"none"}')" \
		"$(b64 "{\"aud\":\"https://management.azure.com/\",\"tid\":\"$1\"}")"
}
# va STATUS CMD [ARGS]: vnetc CMD on $SPEC (default $VA_SPEC) against the
# mock, as $SUB, with the token $TOKEN (default $MOCK_TOKEN), the journal in
# $tmp/j.OUT (default j.1); output in $tmp/out, $tmp/err. $TENANT: the
# AZURE_TENANT_ID a token without tid needs to create a vault.
va() {
	want=$1 cmd=$2
	shift 2
	[ "$cmd" = plan ] || set -- --yes "$@"
	t "$cmd $*" "$want" env -u AZURE_TENANT_ID -u AZURE_CLIENT_ID \
		-u AZURE_CLIENT_SECRET -u IDENTITY_ENDPOINT \
		${TENANT:+AZURE_TENANT_ID=$TENANT} \
		AZURE_ACCESS_TOKEN="${TOKEN:-$MOCK_TOKEN}" "$VNETC" "$cmd" \
		"${SPEC:-$VA_SPEC}" --subscription "$SUB" --arm-endpoint "$EP" \
		-o "$tmp/j.${OUT:-1}" "$@"
}
# refused_create PATH CODE MESSAGE: a mock of nothing but the subscription
# whose PUT to a path ending in PATH is answered 409 CODE MESSAGE (no JSON
# specials in MESSAGE), then `vnetc apply`, which must exit 3 (OUT=o409).
refused_create() {
	printf '{"faults": [{"method": "PUT", "path": "%s$", "status": 409, "code": "%s", "message": "%s"}]}\n' \
		"$1" "$2" "$3" >"$tmp/refused.json"
	SCENARIO=$tmp/refused.json
	mock "{\"/subscriptions/$SUB\": {}}"
	SCENARIO=
	OUT=o409 va 3 apply
}
# put_arm ID BODY: a PUT to the mock as another tool makes it (its
# operation followed to the end); prints 200 or the status and message
put_arm() {
	$PY - "$EP" "$1" "$2" "${TOKEN:-$MOCK_TOKEN}" <<'EOF'
import json, sys, urllib.request
req = urllib.request.Request(sys.argv[1] + sys.argv[2] + "?api-version=2024-04-01",
                             data=sys.argv[3].encode(), method="PUT",
                             headers={"Authorization": "Bearer " + sys.argv[4],
                                      "Content-Type": "application/json"})
try:
    r = urllib.request.urlopen(req)
    op = r.headers.get("Azure-AsyncOperation")
    for _ in range(2 if op else 0):  # the mock's operation ends at its second poll
        urllib.request.urlopen(urllib.request.Request(
            op if op.startswith("http") else sys.argv[1] + op,
            headers={"Authorization": "Bearer " + sys.argv[4]}))
    print(200)
except urllib.error.HTTPError as e:
    print(e.code, json.load(e)["error"]["message"])
EOF
}
