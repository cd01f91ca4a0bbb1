#!/bin/sh
# tests/apply.sh - vnetc plan / apply / destroy against the mock ARM server
# (tests/mockarm/server.py), which this script starts on 127.0.0.1 and
# stops; each server also stops itself after --max-seconds. The token is
# made up here and must appear in no output, log or journal.
# Prints "N passed, N failed" last; exit 1 on failure. KEEP=1 keeps the
# scratch directory (outputs, logs, journals) for a look afterwards.
VNETC=${VNETC:-build/vnetc}
SPEC=specs/isolated-backend.yaml
PY=/usr/bin/python3
SUB=11111111-2222-3333-4444-555555555555
TOKEN="vnetc-test-token-$$-q7Zr9"
pass=0
fail=0
tmp=$(mktemp -d)
mock_pid=
bg_mock=''
bg_vnetc=''
trap 'stop_mock; [ -z "$bg_mock" ] || kill "$bg_mock" "$bg_vnetc" 2>/dev/null
[ -n "$KEEP" ] || rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM

. tests/lib.sh
# vn NAME WANT-STATUS ARGS...: run vnetc with the made-up token and nothing
# else from the environment's Azure settings; output in $tmp/NAME.out/.err
vn() {
	name=$1 want=$2
	shift 2
	env -u AZURE_SUBSCRIPTION_ID -u AZURE_CLIENT_SECRET -u AZURE_CLIENT_ID \
		-u AZURE_TENANT_ID -u IDENTITY_ENDPOINT -u IDENTITY_HEADER \
		-u AZURE_AUTHORITY_HOST -u VNETC_HTTP_DEBUG \
		AZURE_ACCESS_TOKEN="$TOKEN" "$VNETC" "$@" \
		</dev/null >"$tmp/$name.out" 2>"$tmp/$name.err"
	got=$?
	if [ "$got" = "$want" ]; then ok; else
		ko "$name: exit $got, want $want"
		sed 's/^/  | /' "$tmp/$name.err" | head -n 12
		sed 's/^/  > /' "$tmp/$name.out" | tail -n 12
	fi
}

# The resources the tutorial's prerequisite made (docs/azure-notes.md 2.7), in
# their resource group; the spec marks them existing. CS_ACCOUNT_KEY
# differs and OTHER must stay.
P=/subscriptions/$SUB/resourceGroups/myKVResourceGroup/providers
cat >"$tmp/seed.json" <<EOF
{"${P%/providers}": {"location": "westeurope"},
 "$P/Microsoft.CognitiveServices/accounts/my-language-cs": {"location": "westeurope", "kind": "TextAnalytics", "sku": {"name": "F0"}, "properties": {"customSubDomainName": "my-language-cs", "publicNetworkAccess": "Enabled"}},
 "$P/Microsoft.KeyVault/vaults/my-language-kv": {"location": "westeurope", "properties": {"tenantId": "00000000-0000-0000-0000-00000000000a", "sku": {"family": "A", "name": "standard"}, "enableRbacAuthorization": true, "networkAcls": {"defaultAction": "Allow", "bypass": "AzureServices", "ipRules": [{"value": "203.0.113.7"}], "virtualNetworkRules": []}}},
 "$P/Microsoft.Web/serverfarms/my-language-app": {"location": "westeurope", "kind": "app", "sku": {"name": "F1", "tier": "Free"}, "properties": {"reserved": false}},
 "$P/Microsoft.Web/sites/my-language-app": {"location": "westeurope", "kind": "app", "identity": {"type": "SystemAssigned"}, "properties": {"serverFarmId": "$P/Microsoft.Web/serverfarms/my-language-app", "httpsOnly": false}},
 "$P/Microsoft.Web/sites/my-language-app/config/appsettings": {"properties": {"CS_ACCOUNT_NAME": "@Microsoft.KeyVault(SecretUri=https://my-language-kv.vault.azure.net/secrets/csresource)", "CS_ACCOUNT_KEY": "old-raw-key-0123", "OTHER": "keep-me"}}}
EOF

# start_mock NAME [server options...]: a fresh mock (store = the seed);
# sets EP and LOG. --strict: a PUT needs its resource group.
start_mock() {
	stop_mock
	LOG=$tmp/$1.log
	shift
	mock_up "$LOG" "$tmp/port" --max-seconds 90 "$@"
	mock_pid=$up_pid EP=$up_ep
	: >>"$LOG"
}
# mock_up LOG PORTFILE [server options...]: a mock seeded with the seed,
# --strict; up_pid and up_ep once it listens
mock_up() {
	up_log=$1 up_port=$2
	shift 2
	mockarm "$TOKEN" "$up_port" "$tmp/mock.err" --log "$up_log" \
		--seed "$tmp/seed.json" --strict "$@"
}
stop_mock() {
	[ -n "$mock_pid" ] || return 0
	# (the TLS test's certificate is its own: not verified here)
	$PY -c 'import ssl, sys, urllib.request
try: urllib.request.urlopen(sys.argv[1] + "/__shutdown", timeout=5,
    context=ssl._create_unverified_context())
except Exception: pass' "$EP" 2>/dev/null
	wait "$mock_pid" 2>/dev/null
	mock_pid=
}
# the questions asked of the mock's log and store (tests/mockarm/query.py)
q() { $PY tests/mockarm/query.py "$@"; }
# va NAME WANT ARGS...: vn against the running mock
va() {
	n=$1 w=$2
	shift 2
	vn "$n" "$w" "$@" --subscription "$SUB" --arm-endpoint "$EP"
}

# --- slow retries, in the background ---------------------------------------
# A dropped connection and an operation that ends Failed with a retryable
# code are tried again after a backoff (nothing like Retry-After shortens
# it): up to 1 + 2 + 4 + 8 + 16 + 32 s for 7 tries. They run against a mock
# of their own while the rest of this file runs; checked at its end.
# Each way fails every time for one resource and 6 times for another: a
# dropped connection (FIN) every time, a reset one (RST) 6 times. The
# mock keeps no connection alive: libcurl sends a request once more, by
# itself, when the kept-alive connection it used turns out closed.
ZV=/privateDnsZones/privatelink.vaultcore.azure.net
ZC=/privateDnsZones/privatelink.cognitiveservices.azure.com
# zone_tries WHAT LOG OUT: the PUT of zone ZV failed WHAT every time (7
# tries, then the step failed), that of ZC 6 times (the 7th created it)
zone_tries() {
	check "$1 every time: 7 tries" test "$(q count "$2" PUT "$ZV")" = 7
	check "$1 every time: the step fails" grep -q \
		"^failed *private DNS zone 'privatelink.vaultcore" "$3"
	check "$1 6 times: the 7th try succeeds" sh -c "test \
		$(q count "$2" PUT "$ZC") = 7 && grep -q \
		'^created *private DNS zone .privatelink.cognitive' '$3'"
}
cat >"$tmp/bg.json" <<EOF
{"faults": [
 {"method": "PUT", "path": "$ZV\$", "times": -1, "action": "drop"},
 {"method": "PUT", "path": "$ZC\$", "times": 6, "action": "reset"},
 {"method": "PUT", "path": "/virtualNetworks/myVNet\$", "times": 6,
  "action": "fail_operation", "code": "RetryableError"},
 {"method": "PUT", "path": "/serverfarms/my-language-app\$", "times": -1,
  "action": "fail_operation", "code": "AnotherOperationInProgress"}]}
EOF
mock_up "$tmp/bg.log" "$tmp/bg.port" --max-seconds 240 --no-keepalive \
	--scenario "$tmp/bg.json"
bg_mock=$up_pid BG_EP=$up_ep
env -u AZURE_SUBSCRIPTION_ID -u AZURE_CLIENT_SECRET -u IDENTITY_ENDPOINT \
	AZURE_ACCESS_TOKEN="$TOKEN" "$VNETC" apply "$SPEC" --yes \
	--subscription "$SUB" --arm-endpoint "$BG_EP" -o "$tmp/jbg" \
	>"$tmp/bg.out" 2>"$tmp/bg.err" </dev/null &
bg_vnetc=$!

# --- options and refusals, no server needed --------------------------------
for c in plan apply destroy; do
	vn "$c-help" 0 "$c" --help
	check "$c --help teaches --subscription" grep -q -- '--subscription ID' \
		"$tmp/$c-help.out"
	check "$c --help names the credentials" grep -q AZURE_ACCESS_TOKEN \
		"$tmp/$c-help.out"
done
check "plan --help teaches --detailed-exitcode" grep -q -- \
	--detailed-exitcode "$tmp/plan-help.out"
check "apply --help teaches --dry-run" grep -q -- --dry-run \
	"$tmp/apply-help.out"
vn no-sub 2 plan "$SPEC"
check "no subscription is named" grep -q 'which subscription' "$tmp/no-sub.err"
vn bad-par 2 apply "$SPEC" --parallelism 0 --yes
vn bad-out 2 plan "$SPEC" --output xml
vn bad-cloud 2 plan "$SPEC" --subscription "$SUB" --cloud mars
vn other-cloud 2 plan "$SPEC" --subscription "$SUB" --cloud china
vn det-apply 2 apply "$SPEC" --detailed-exitcode --yes
vn yes-plan 2 plan "$SPEC" --yes
vn bad-sub 2 plan "$SPEC" --subscription "x/../y"
# plain http only to loopback: refused before any request
vn http-remote 2 plan "$SPEC" --subscription "$SUB" \
	--arm-endpoint http://management.example.com
check "http:// to a remote host is refused" grep -q 'plain http' \
	"$tmp/http-remote.err"
vn http-login 2 plan "$SPEC" --subscription "$SUB" \
	--login-endpoint http://login.example.com
vn endpoint-query 2 plan "$SPEC" --subscription "$SUB" \
	--arm-endpoint http://localhost:1/x?y
# without a terminal and without --yes, apply and destroy refuse at once
start_mock refuse
va no-tty 2 apply "$SPEC"
check "no terminal: refusal says --yes" grep -q -- '--yes' "$tmp/no-tty.err"
va no-tty-destroy 2 destroy "$SPEC"
check "no terminal: each refusal names its command" \
	grep -q '^vnetc: destroy changes Azure and asks first' \
	"$tmp/no-tty-destroy.err"
check "no terminal: no request sent" test ! -s "$LOG"

# one apply at a time per journal: a second one is refused before it
# sends anything (the lock is an fcntl lock on the lock file, as vnetc's;
# this holder wrote nothing in it, so fcntl names its pid)
mkdir -p "$tmp/jl"
$PY -c 'import fcntl, sys, time
f = open(sys.argv[1], "a")
fcntl.lockf(f, fcntl.LOCK_EX)
print("locked", flush=True)
time.sleep(30)' "$tmp/jl/isolated-backend.journal.lock" >"$tmp/lock.out" &
lpid=$!
i=0
while ! grep -q locked "$tmp/lock.out" && [ $i -lt 100 ]; do
	sleep 0.05
	i=$((i + 1))
done
va locked 3 apply "$SPEC" --yes -o "$tmp/jl"
check "a journal in use is named, with its holder's pid" grep -q \
	"isolated-backend.journal is in use by another vnetc, pid $lpid;" \
	"$tmp/locked.err"
va locked-wait 3 apply "$SPEC" --yes -o "$tmp/jl" --lock-timeout 1
check "--lock-timeout 1: refused after waiting a second" sh -c "grep -q \
	'in use by another vnetc, pid $lpid; waiting up to 1 s' \
	'$tmp/locked-wait.err' && grep -q 'still in use by another vnetc, \
pid $lpid after 1 s (--lock-timeout); wait for it to end, or give a longer' \
	'$tmp/locked-wait.err'"
kill "$lpid" 2>/dev/null
check "a refused second apply sends nothing" test ! -s "$LOG"

# --- --dry-run needs no server and no token -------------------------------
env -u AZURE_ACCESS_TOKEN -u AZURE_SUBSCRIPTION_ID "$VNETC" apply --dry-run \
	"$SPEC" --subscription "$SUB" --arm-endpoint "$EP" \
	>"$tmp/dry.out" 2>"$tmp/dry.err" </dev/null
check "dry-run exits 0" test $? = 0
check "dry-run sends nothing" test ! -s "$LOG"
check "dry-run with a subscription: no placeholder" sh -c \
	"! grep -q placeholder '$tmp/dry.out'"
env -u AZURE_SUBSCRIPTION_ID "$VNETC" apply --dry-run "$SPEC" \
	>"$tmp/dry0.out" 2>&1 </dev/null
check "dry-run without a subscription: says its placeholder is one" grep -qx \
	"# subscription 00000000-0000-0000-0000-000000000000 is a placeholder: give --subscription ID (or set AZURE_SUBSCRIPTION_ID) for the real URLs" \
	"$tmp/dry0.out"
# That id given, on the command line or in the spec, is the user's: the
# line is said only where vnetc put the placeholder in the URLs.
Z=00000000-0000-0000-0000-000000000000
env -u AZURE_SUBSCRIPTION_ID "$VNETC" apply --dry-run "$SPEC" \
	--subscription "$Z" >"$tmp/dryz.out" 2>&1 </dev/null
check "dry-run --subscription 0000...: no placeholder line" sh -c \
	"grep -q '^GET .*/subscriptions/$Z/' '$tmp/dryz.out' && ! grep -q placeholder '$tmp/dryz.out'"
sed "s/^location: .*/&\nsubscription: $Z/" "$SPEC" >"$tmp/subz.yaml"
env -u AZURE_SUBSCRIPTION_ID "$VNETC" apply --dry-run "$tmp/subz.yaml" \
	>"$tmp/dryz.out" 2>&1 </dev/null
check "dry-run of a spec whose subscription is 0000...: no placeholder line" sh -c \
	"grep -q '^GET .*/subscriptions/$Z/' '$tmp/dryz.out' && ! grep -q placeholder '$tmp/dryz.out'"
check "dry-run PATCHes the existing vault" grep -q \
	"^PATCH $EP$P/Microsoft.KeyVault/vaults/my-language-kv?api-version=" \
	"$tmp/dry.out"
check "dry-run never PUTs an existing resource, but for a plan as read" sh -c \
	"! grep -E '^PUT .*(vaults|accounts|sites)/[^/]*[?]' '$tmp/dry.out' && \
	grep -B1 -E '^PUT .*/serverfarms/my-language-app[?]' '$tmp/dry.out' | \
	grep -q '^# if it differs: the resource as read, with this merged into it'"
"$VNETC" apply --dry-run specs/usgov-isolated-backend.yaml >"$tmp/gov.out" \
	2>&1
check "a usgov spec goes to the usgov ARM endpoint" grep -q \
	'^GET https://management.usgovcloudapi.net/subscriptions/' "$tmp/gov.out"
# --- one run at a time per journal (issue 19) ---------------------------------
# Two applies of one spec started together: the second is refused at once
# (exit 3), told who holds the journal; a plan --lock too; with
# --lock-timeout a third waits, then finds nothing to do. Operations take
# 2 s (--op-delay), so the first apply holds the lock for seconds.
start_mock lock --op-delay 2
env -u AZURE_SUBSCRIPTION_ID AZURE_ACCESS_TOKEN="$TOKEN" "$VNETC" apply \
	"$SPEC" --yes --subscription "$SUB" --arm-endpoint "$EP" -o "$tmp/jlk" \
	>"$tmp/lock-a.out" 2>"$tmp/lock-a.err" </dev/null &
apid=$!
i=0
while ! grep -q '"pid"' "$tmp/jlk/isolated-backend.journal.lock" \
	2>/dev/null && [ $i -lt 200 ]; do
	sleep 0.05
	i=$((i + 1))
done
va lock-b 3 apply "$SPEC" --yes -o "$tmp/jlk"
check "two applies at once: the second is told who holds the journal" \
	grep -q "journal is in use by vnetc apply, pid $apid on host .*, since 20" \
	"$tmp/lock-b.err"
check "two applies at once: the second writes nothing, says nothing" \
	test ! -s "$tmp/lock-b.out"
va lock-plan 1 plan "$SPEC" --lock --detailed-exitcode -o "$tmp/jlk"
check "plan --lock is refused too" grep -q 'is in use by vnetc apply' \
	"$tmp/lock-plan.err"
va lock-wait 0 apply "$SPEC" --yes -o "$tmp/jlk" --lock-timeout 60
wait "$apid"
check "two applies at once: the first one proceeds" test $? = 0
check "--lock-timeout: the third one waits for it" grep -q \
	'is in use by vnetc apply.*waiting up to 60 s' "$tmp/lock-wait.err"
check "--lock-timeout: then finds nothing to do" sh -c "grep -q \
	'^apply: [0-9]* unchanged.* 0 failed' '$tmp/lock-wait.out' &&
	! grep -Eq '^(created|updated) ' '$tmp/lock-wait.out'"
check "two applies at once: the estate as one apply makes it" \
	q creates "$LOG"

"$VNETC" check -d plan "$SPEC" >"$tmp/plan.txt"

# --- apply creates everything, in dependency order --------------------------
start_mock apply
va plan-before 2 plan "$SPEC" --detailed-exitcode
check "plan shows creates" grep -q "+ create .*vnet 'vnet'" \
	"$tmp/plan-before.out"
check "plan shows old -> new" grep -q 'sku.name: "F1" -> "S1"' \
	"$tmp/plan-before.out"
check "plan hides an app setting's old value" sh -c \
	"! grep -q old-raw-key '$tmp/plan-before.out'"
check "and its new one (a -p parameter may hold a secret)" sh -c \
	"grep -q 'properties.CS_ACCOUNT_KEY: (hidden) -> (hidden)' '$tmp/plan-before.out' &&
	! grep -q 'CS_ACCOUNT_KEY: .*SecretUri' '$tmp/plan-before.out'"
check "plan writes nothing" test "$(q writes "$LOG")" = 0
s0=$(q lastseq "$LOG")
va apply1 0 apply "$SPEC" --yes -o "$tmp/j1"
check "apply: final state" q final "$EP" "$SUB"
check "apply: order" q order "$LOG" "$tmp/dry.out" "$tmp/plan.txt" "$s0"
check "apply: each resource created once" q creates "$LOG"
check "apply: summary" grep -q '1 unchanged, 9 created, 5 updated; 0 failed, 0 not' \
	"$tmp/apply1.out"
q body "$LOG" PATCH /vaults/my-language-kv >"$tmp/kvpatch.json"
check "apply: the vault's PATCH keeps its ipRules" grep -q 203.0.113.7 \
	"$tmp/kvpatch.json"
check "apply: journal written" grep -q '"result":"created"' \
	"$tmp/j1/isolated-backend.journal"
q store "$EP" >"$tmp/store.clean"
# a second apply of the unchanged spec sends no writes
s1=$(q lastseq "$LOG")
va apply2 0 apply "$SPEC" --yes -o "$tmp/j1"
check "second apply sends no writes" test "$(q writes "$LOG" "$s1")" = 0
check "second apply: 15 unchanged" grep -q '^apply: 15 unchanged; 0 failed' \
	"$tmp/apply2.out"
# The journal keeps its last 10 runs once it holds more than 20: 25 old
# runs before the two above make 27; 10 stay, and this apply adds one.
J=$tmp/j1/isolated-backend.journal
$PY - "$J" <<'PYEOF'
import json, sys
old = open(sys.argv[1]).read()
with open(sys.argv[1], "w") as f:
    for i in range(25):
        f.write(json.dumps({"event": "run", "command": "apply", "old": i}) + "\n")
        f.write(json.dumps({"event": "op", "id": "/old/%d" % i}) + "\n")
        if i == 0:
            f.write(json.dumps({"event": "done", "id": "/old/made",
                                "result": "updated", "created": True}) + "\n")
    f.write(old)
PYEOF
va apply-compact 0 apply "$SPEC" --yes -o "$tmp/j1"
check "journal: compacted to its last 10 runs, then this one" \
	test "$(grep -c '"event": *"run"' "$J")" = 11
check "journal: the oldest runs are gone, the newer kept" sh -c \
	"! grep -q '\"old\": 16\\b' '$J' && grep -q '\"old\": 17\\b' '$J'"
check "journal: the real runs' records kept" test \
	"$(grep -c '"result":"created"' "$J")" = 9
check "journal: what vnetc created stays known, however old its record" \
	grep -q '"id":"/old/made","result":"updated","created":true' "$J"
va plan-after 0 plan "$SPEC" --detailed-exitcode
check "plan after apply: no change" grep -q '0 to create, 0 to update' \
	"$tmp/plan-after.out"
va plan-json 0 plan "$SPEC" --output json
check "plan --output json parses" $PY -c 'import json, sys
d = json.load(open(sys.argv[1]))
assert d["summary"]["unchanged"] == 15, d["summary"]' "$tmp/plan-json.out"
[ "$s0" -gt 0 ] || ko "plan before apply sent no request"
# A subnet the script delegated has the delegation az names "0": the same
# delegation as vnetc's Microsoft.Web.serverFarms, no change to make.
$PY - "$EP" "$SUB" "$TOKEN" <<'PYEOF' || ko "could not rename the delegation"
import json, sys, urllib.request
ep, sub, token = sys.argv[1:]
url = (ep + "/subscriptions/%s/resourceGroups/myKVResourceGroup/providers/"
       "Microsoft.Network/virtualNetworks/myVNet?api-version=2024-05-01" % sub)
auth = {"Authorization": "Bearer " + token}
vnet = json.load(urllib.request.urlopen(urllib.request.Request(url, headers=auth)))
n = 0
for s in vnet["properties"]["subnets"]:
    for d in s["properties"].get("delegations", []):
        d["name"] = "0"
        n += 1
assert n == 1, n
req = urllib.request.Request(url, data=json.dumps(vnet).encode(), method="PUT",
                             headers=dict(auth, **{"Content-Type": "application/json"}))
op = urllib.request.urlopen(req).headers["Azure-AsyncOperation"]
for _ in range(50):  # the PUT is done when its operation is
    st = json.load(urllib.request.urlopen(urllib.request.Request(op, headers=auth)))
    if st.get("status") != "InProgress":
        break
PYEOF
va plan-az-delegation 0 plan "$SPEC" --detailed-exitcode
check "a delegation named 0 by az is no change" grep -q \
	'0 to create, 0 to update' "$tmp/plan-az-delegation.out"

# a reader that goes away early (| head) does not stop the apply
start_mock pipe
env -u AZURE_SUBSCRIPTION_ID AZURE_ACCESS_TOKEN="$TOKEN" "$VNETC" apply \
	"$SPEC" --yes --output json --subscription "$SUB" --arm-endpoint "$EP" \
	-o "$tmp/j9/a/b" 2>"$tmp/pipe.err" </dev/null | head -n 1 >"$tmp/pipe.out"
check "stdout closed early: apply still finishes" q final "$EP" "$SUB"
check "apply -o a/b/c makes the directories above, as build does" \
	test -s "$tmp/j9/a/b/isolated-backend.journal"
start_mock apply2
va apply3 0 apply "$SPEC" --yes -o "$tmp/j1"

# --- destroy of another project: a copy of the spec, its journal empty -----
# (a new-user trial: it deleted the VNet, the endpoints, their zone groups,
# the zones and their links, and took the other project's app out of its
# subnet) deletes nothing of what the journal does not say vnetc created,
# and --dry-run says the same
cp "$SPEC" "$tmp/copy.yaml"
s1=$(q lastseq "$LOG")
va copy-dry 0 destroy "$tmp/copy.yaml" --dry-run -o "$tmp/jcopy"
check "another project's destroy --dry-run: it would delete nothing" sh -c \
	"! grep -Eq '^(DELETE|PATCH|PUT|POST) ' '$tmp/copy-dry.out'"
va copy-destroy 0 destroy "$tmp/copy.yaml" --yes -o "$tmp/jcopy"
check "another project's destroy: no write at all" \
	test "$(q writes "$LOG" "$s1")" = 0
check "... everything stays, the app in its subnet" q final "$EP" "$SUB"
check "... and it says why, for the VNet" grep -q \
	"vnet 'vnet' \[myVNet\]: the journal (.*/copy.journal) does not say vnetc created it.*--delete-unrecorded" \
	"$tmp/copy-destroy.out"
check "... and for the app" grep -q \
	"app 'app' \[my-language-app\]: existing: it stays in its subnet, whose VNet destroy leaves" \
	"$tmp/copy-destroy.out"
va copy-unrec 0 destroy "$tmp/copy.yaml" --dry-run --delete-unrecorded \
	-o "$tmp/jcopy"
check "--delete-unrecorded: the dry run would delete the VNet" grep -q \
	"^DELETE .*/virtualNetworks/myVNet?" "$tmp/copy-unrec.out"
va unrec-apply 2 apply "$tmp/copy.yaml" --dry-run --delete-unrecorded
check "--delete-unrecorded is destroy's only" grep -q \
	"delete-unrecorded" "$tmp/unrec-apply.err"

# --- destroy: only what vnetc created; the app leaves its subnet first -----
s2=$(q lastseq "$LOG")
va destroy1 0 destroy "$SPEC" --yes -o "$tmp/j1"
for run in plan-after:planning apply3:applying destroy1:destroying; do
	check "${run%:*}: says it is ${run#*:}, and with which credentials" \
		grep -q "^vnetc: ${run#*:} $SPEC at .* credentials from" \
		"$tmp/${run%:*}.err"
done
check "destroy leaves only what existed" q destroyed "$EP" "$SUB"
check "destroy says the lock-down stays" grep -q \
	"public access of 'vault'.*stays as it is" "$tmp/destroy1.out"
check "destroy: integration removed before the VNet" $PY -c 'import json, sys
first = {}
for l in open(sys.argv[1]):
    e = json.loads(l)
    if e["seq"] > int(sys.argv[2]) and e["method"] == "DELETE":
        first.setdefault(e["path"].split("/")[-1].lower(), e)
# the DELETE of the VNet came after that of the integration was answered
assert first["virtualnetwork"]["t_out"] <= first["myvnet"]["t_in"], first' \
	"$LOG" "$s2"
s3=$(q lastseq "$LOG")
va destroy2 0 destroy "$SPEC" --yes -o "$tmp/j1"
check "second destroy deletes nothing" test "$(q writes "$LOG" "$s3")" = 0
check "second destroy: vnetc deleted them, says the journal" grep -q \
	"vnet 'vnet' \[myVNet\]: vnetc deleted it (journal .*/isolated-backend.journal); one of the name made since would not be vnetc's" \
	"$tmp/destroy2.out"
# an orphaned service association link: purge, then delete the VNet
cat >"$tmp/sal.json" <<'EOF'
{"faults": [{"method": "DELETE", "path": "/virtualNetworks/myVNet$",
  "status": 400, "code": "InUseSubnetCannotBeDeleted",
  "message": "Subnet vnet-integration-subnet is in use by serviceAssociationLinks"}]}
EOF
start_mock sal --scenario "$tmp/sal.json"
va sal-apply 0 apply "$SPEC" --yes -o "$tmp/j2"
va sal-destroy 0 destroy "$SPEC" --yes -o "$tmp/j2"
check "destroy purges an orphaned integration" grep -q \
	'"method": "POST", "path": "[^"]*/purgeUnusedVirtualNetworkIntegration"' \
	"$LOG"
check "destroy after purge: done" q destroyed "$EP" "$SUB"

# --- faults: throttling, 5xx, dropped connections, conflicts -------------
cat >"$tmp/faults.json" <<'EOF'
{"faults": [
 {"method": "PUT", "path": "/virtualNetworks/myVNet$", "times": 2,
  "status": 429, "retry_after": 1},
 {"method": "PUT", "path": "/privateDnsZones/privatelink.vaultcore.azure.net$",
  "times": 2, "status": 503},
 {"method": "PUT", "path": "/virtualNetworkLinks/vaultcore-zonelink$",
  "times": 3, "action": "drop"},
 {"method": "PUT", "path": "/privateEndpoints/securecstext-pe$", "times": 1,
  "status": 409, "code": "AnotherOperationInProgress", "nested": true},
 {"method": "PUT", "path": "/privateDnsZoneGroups/securecstext-zg$",
  "action": "fail_operation", "code": "RetryableError",
  "message": "A retryable error occurred."},
 {"method": "GET", "path": "/accounts/my-language-cs$", "times": 1,
  "status": 500},
 {"method": "PUT", "path": "/serverfarms/my-language-app$", "times": 1,
  "action": "reset"},
 {"method": "GET", "path": "/sites/my-language-app$", "times": 1,
  "status": 401, "code": "ExpiredAuthenticationToken"}]}
EOF
start_mock faults --scenario "$tmp/faults.json"
va faults 0 apply "$SPEC" --yes -o "$tmp/j3"
check "faults: same final state" q final "$EP" "$SUB"
q store "$EP" >"$tmp/store.faults"
check "faults: store equals a clean run's" cmp -s "$tmp/store.clean" \
	"$tmp/store.faults"
check "faults: every fault fired" test "$(q faults "$LOG")" = \
	"0:2 1:2 2:3 3:1 4:1 5:1 6:1 7:1"
check "faults: retries are reported" grep -q 'retries)' "$tmp/faults.out"
check "faults: each resource created once" q creates "$LOG"

# --- the executor's timing and counts, as vnetc(1) states them -----------
# Retry-After is waited for, and not much longer: a retried request's answer
# comes N s after the one that said Retry-After: N (from the mock's clock).
# [0] throttled write, [1] a read answered 503 (in the plan that apply reads
# first), [2] a poll of an Azure-AsyncOperation, [3] a poll of a Location,
# [4] a write whose answer asks for a wait before its first poll.
cat >"$tmp/wait.json" <<'EOF'
{"faults": [
 {"method": "PUT", "path": "/privateDnsZones/privatelink.vaultcore.azure.net$",
  "status": 429, "retry_after": 2},
 {"method": "GET", "path": "/virtualNetworks/myVNet$", "status": 503,
  "retry_after": 2},
 {"method": "GET", "path": "^/__ops/", "status": 200,
  "body": {"status": "InProgress"}, "retry_after": 2},
 {"method": "GET", "path": "^/__loc/", "status": 202, "body": {},
  "retry_after": 2},
 {"method": "PUT", "path": "/privateEndpoints/securecstext-pe$",
  "action": "headers", "retry_after": 2}]}
EOF
start_mock wait --scenario "$tmp/wait.json"
va wait 0 apply "$SPEC" --yes -o "$tmp/jw"
check "Retry-After: every fault fired once" test "$(q faults "$LOG")" = \
	"0:1 1:1 2:1 3:1 4:1"
for f in 0:"429" 1:"503 to a read" 2:"Azure-AsyncOperation poll" \
	3:"Location poll" 4:"before the first poll"; do
	g=$(q gap "$LOG" "${f%%:*}")
	check "Retry-After: 2 s, waited: ${f#*:} (${g}s)" awk -v g="$g" \
		'BEGIN { exit !(g >= 2 && g < 3.5) }'
done
# Tries, counted: each way a request can fail, every time (7 tries, the
# step fails) for one resource and 6 times (the 7th succeeds) for another.
# Retry-After: 0 keeps them quick.
tries() { # NAME STATUS CODE: a scenario failing PUTs of the two zones
	cat >"$tmp/$1.json" <<EOF
{"faults": [
 {"method": "PUT", "path": "$ZV\$", "times": -1, "status": $2, "code": "$3",
  "retry_after": 0},
 {"method": "PUT", "path": "$ZC\$", "times": 6, "status": $2, "code": "$3",
  "retry_after": 0}]}
EOF
}
for t in 429:TooManyRequests 409:AnotherOperationInProgress \
	500:InternalServerError 409:RetryableErrorDueToAnotherOperation; do
	tries tries "${t%%:*}" "${t#*:}"
	start_mock "tries-${t#*:}" --scenario "$tmp/tries.json"
	va tries 3 apply "$SPEC" --yes -o "$tmp/jt"
	zone_tries "${t%%:*} ${t#*:}" "$LOG" "$tmp/tries.out"
done
# a read: 503 every time, in the plan (the group's list of zones refused,
# 403 as a role scoped to the zones answers, so that each is read alone)
cat >"$tmp/tries-get.json" <<EOF
{"faults": [
 {"method": "GET", "path": "/privateDnsZones\$", "times": -1, "status": 403,
  "code": "AuthorizationFailed"},
 {"method": "GET", "path": "$ZV\$", "times": -1, "status": 503, "retry_after": 0},
 {"method": "GET", "path": "$ZC\$", "times": 6, "status": 503, "retry_after": 0}]}
EOF
start_mock tries-get --scenario "$tmp/tries-get.json"
va tries-get 3 plan "$SPEC"
check "503 to a read: 7 tries, then the plan's error" sh -c "test \
	$(q count "$LOG" GET "$ZV") = 7 && grep -q '^  ! error .*vaultcore' \
	'$tmp/tries-get.out'"
check "503 to a read, 6 times: the 7th is read" sh -c "test \
	$(q count "$LOG" GET "$ZC") = 7 && grep -q '^  + create .*cognitive' \
	'$tmp/tries-get.out'"
check "a list refused (403): said, and each resource read alone" sh -c "\
	grep -q '^vnetc: listing .*/privateDnsZones: HTTP 403 AuthorizationFailed.*; \
reading its 2 resources one by one$' '$tmp/tries-get.err' && test \
	$(q count "$LOG" GET /privateDnsZones) = 1"
# Polls, one at a time (--parallelism 1: the VNet's operation is the
# mock's first): a poll failing every time is tried 7 times.
cat >"$tmp/tries-poll.json" <<'EOF'
{"faults": [{"method": "GET", "path": "^/__ops/1$", "times": -1, "status": 500,
  "retry_after": 0}]}
EOF
start_mock tries-poll --scenario "$tmp/tries-poll.json"
va tries-poll 3 apply "$SPEC" --yes -o "$tmp/jp" --parallelism 1
check "a poll failing always: 7 tries" test "$(q count "$LOG" GET /__ops/1)" = 7
check "a poll failing always: the step fails" grep -q "^failed *vnet 'vnet'" \
	"$tmp/tries-poll.out"
# 6 failures, then the operation's answers (InProgress, Succeeded); and
# for the first zone's, 4 failures, InProgress, 4 failures, Succeeded:
# tries count failures in a row, an answer starts them anew.
cat >"$tmp/tries-poll2.json" <<'EOF'
{"faults": [
 {"method": "GET", "path": "^/__ops/1$", "times": 6, "status": 500, "retry_after": 0},
 {"method": "GET", "path": "^/__ops/2$", "times": 4, "status": 500, "retry_after": 0},
 {"method": "GET", "path": "^/__ops/2$", "after": 1, "times": 4, "status": 500,
  "retry_after": 0}]}
EOF
start_mock tries-poll2 --scenario "$tmp/tries-poll2.json"
va tries-poll2 0 apply "$SPEC" --yes -o "$tmp/jp2" --parallelism 1
check "a poll failing 6 times: the 7th is answered" test \
	"$(q count "$LOG" GET /__ops/1)" = 8
check "polls failing 4 times, twice: tries start anew after an answer" test \
	"$(q count "$LOG" GET /__ops/2)" = 10
# an expired token: renewed once per step, then the error stands
cat >"$tmp/tries-401.json" <<'EOF'
{"faults": [{"method": "GET", "path": "/sites/my-language-app$", "times": -1,
  "status": 401, "code": "ExpiredAuthenticationToken"}]}
EOF
start_mock tries-401 --scenario "$tmp/tries-401.json"
va tries-401 3 plan "$SPEC"
check "expired token: the read is sent twice" test \
	"$(q count "$LOG" GET /sites/my-language-app)" = 2
# a Retry-After beyond the step's 5 minutes of waits fails it at once
cat >"$tmp/budget.json" <<'EOF'
{"faults": [{"method": "PUT", "path": "/privateDnsZones/privatelink.vaultcore.azure.net$",
  "status": 429, "retry_after": 301}]}
EOF
start_mock budget --scenario "$tmp/budget.json"
va budget 3 apply "$SPEC" --yes -o "$tmp/jb"
check "Retry-After beyond the budget: one try, then the step fails" sh -c \
	"test $(q count "$LOG" PUT "$ZV") = 1 && grep -q \
	'^failed *private DNS zone .privatelink.vaultcore.* 0\.[0-9]s' \
	'$tmp/budget.out'"

# --- a terminal failure stops its dependants; the rest finishes ----------
cat >"$tmp/fail.json" <<'EOF'
{"faults": [{"method": "PUT", "path": "/privateEndpoints/securekeyvault-pe$",
  "action": "fail_operation", "code": "PrivateEndpointCreationFailed",
  "message": "the subnet says no"}]}
EOF
start_mock fail --scenario "$tmp/fail.json"
va failop 3 apply "$SPEC" --yes -o "$tmp/j4" --output json
check "failure: results per step" $PY -c 'import json, sys
r = {}
for l in open(sys.argv[1]):
    e = json.loads(l)
    if e["event"] == "op":
        r[e["step"]] = e["result"]
    else:
        s = e
want = {"private endpoint of '"'"'vault'"'"'": "failed",
        "DNS zone group of '"'"'vault'"'"'": "not attempted",
        "public access of '"'"'vault'"'"'": "not attempted",
        "app settings of '"'"'app'"'"'": "not attempted",
        "public access of '"'"'language'"'"'": "updated",
        "DNS zone group of '"'"'language'"'"'": "created",
        "app '"'"'app'"'"'": "updated"}
for k, v in want.items():
    assert r.get(k) == v, (k, r.get(k))
assert s["failed"] == 1 and s["not attempted"] == 3, s' "$tmp/failop.out"
check "failure: ARM's code in the error" grep -q PrivateEndpointCreationFailed \
	"$tmp/failop.out"
va plan-fail 2 plan "$SPEC" --detailed-exitcode
check "plan: a Failed resource is written again" grep -q \
	'provisioningState: "Failed" -> "Succeeded"' "$tmp/plan-fail.out"
start_mock fail2 --scenario "$tmp/fail.json"
va failop-text 3 apply "$SPEC" --yes -o "$tmp/j4"
check "failure: text summary names what was not attempted" grep -q \
	"not attempted: DNS zone group of 'vault'.*waits for private endpoint" \
	"$tmp/failop-text.out"
# --- operations that fail for a passing reason are written again; ------------
# others fail at once (issue 19). A mix of 429, 503, a dropped connection,
# and operations that end Failed with InternalServerError, a code with
# Retryable and a message asking for a retry: one run converges.
cat >"$tmp/transient.json" <<EOF
{"faults": [
 {"method": "PUT", "path": "/virtualNetworks/myVNet\$", "times": 2,
  "action": "fail_operation", "code": "InternalServerError",
  "message": "An internal error occurred."},
 {"method": "PUT", "path": "$ZV\$", "action": "fail_operation",
  "code": "PrivateDnsZoneProvisioningFailed",
  "message": "The operation could not be completed. Please retry the request."},
 {"method": "PUT", "path": "$ZC\$", "action": "fail_operation",
  "code": "RetryableError"},
 {"method": "PUT", "path": "/privateEndpoints/securecstext-pe\$",
  "status": 429, "retry_after": "0"},
 {"method": "PUT", "path": "/virtualNetworkLinks/", "status": 503},
 {"method": "GET", "path": "/privateEndpoints/securekeyvault-pe\$",
  "after": 1, "action": "reset"}]}
EOF
start_mock transient --scenario "$tmp/transient.json"
va transient 0 apply "$SPEC" --yes -o "$tmp/jtr"
check "transient failures: one run converges" q final "$EP" "$SUB"
check "transient failures: InternalServerError, written 3 times" test \
	"$(q count "$LOG" PUT /virtualNetworks/myVNet)" = 3
check "transient failures: a message asking to retry, written again" test \
	"$(q count "$LOG" PUT "$ZV")" = 2
cat >"$tmp/permanent.json" <<'EOF'
{"faults": [{"method": "PUT", "path": "/virtualNetworks/myVNet$",
  "times": -1, "action": "fail_operation", "code": "QuotaExceeded",
  "message": "Operation results in exceeding quota limits of Core."}]}
EOF
start_mock permanent --scenario "$tmp/permanent.json"
va permanent 3 apply "$SPEC" --yes -o "$tmp/jpm"
check "a permanent failure: written once, failed at once" test \
	"$(q count "$LOG" PUT /virtualNetworks/myVNet)" = 1
check "a permanent failure: its code said" grep -q QuotaExceeded \
	"$tmp/permanent.out"

# --- a resource left Failed is written again, and the plan says why ----------
# (issue 19): the plan's write failed, leaving its SKU as the spec says
# and its provisioning state Failed; the next run PUTs it again.
cat >"$tmp/failed-farm.json" <<'EOF'
{"faults": [{"method": "PUT", "path": "/serverfarms/my-language-app$",
  "action": "fail_operation", "code": "Conflict",
  "message": "the plan's workers could not be moved"}]}
EOF
start_mock failed-farm --scenario "$tmp/failed-farm.json"
va ff-apply 3 apply "$SPEC" --yes -o "$tmp/jff"
va ff-plan 2 plan "$SPEC" --detailed-exitcode
check "a Failed plan: the plan says it writes it, and why" sh -c "sed -n \
	\"/^  ~ update *plan 'plan'/,/^  [^ ] [a-z]/p\" '$tmp/ff-plan.out' |
	grep -q 'provisioningState: \"Failed\" -> \"Succeeded\"'"
va ff-again 0 apply "$SPEC" --yes -o "$tmp/jff"
check "a Failed plan: the next apply PUTs it again" test \
	"$(q count "$LOG" PUT /serverfarms/my-language-app)" = 2
check "a Failed plan: Succeeded, the estate as the spec says" \
	q final "$EP" "$SUB"
# an existing resource that is not there: plan --detailed-exitcode says 1
cp "$tmp/seed.json" "$tmp/seed.full"
$PY -c 'import json, sys
d = json.load(open(sys.argv[1]))
d = {k: v for k, v in d.items() if "vaults" not in k}
json.dump(d, open(sys.argv[1], "w"))' "$tmp/seed.json"
start_mock missing
va plan-missing 1 plan "$SPEC" --detailed-exitcode
check "a missing existing resource is named" grep -q \
	"^  ! error *public access of 'vault'" "$tmp/plan-missing.out"
check "and why it is an error" grep -q "the spec says it exists, but GET" \
	"$tmp/plan-missing.out"

# --- a plan with errors writes nothing, --yes or not (issue 14) -----------
# apply --yes reads every resource before its first write: here it made
# 13 writes, then failed on the missing vault, leaving half an estate.
STOPPED="vnetc: apply stopped before its first write: the plan above has"
va gate-yes 3 apply "$SPEC" --yes -o "$tmp/jg"
check "plan error: apply --yes writes nothing" test "$(q writes "$LOG")" = 0
check "plan error: apply --yes shows the plan's error" grep -q \
	"^  ! error *public access of 'vault'" "$tmp/gate-yes.out"
check "plan error: apply --yes says it stopped, and why" grep -qx \
	"$STOPPED 1 error; nothing was changed" "$tmp/gate-yes.err"
check "plan error: the journal says nothing was written" grep -q \
	'"event":"end","plan_errors":1,"failed":0,"written":0}$' \
	"$tmp/jg/isolated-backend.journal"
if command -v script >/dev/null; then
	# without --yes, on a terminal: the same plan, the same message
	printf 'yes\n' | script -qec "env -u AZURE_SUBSCRIPTION_ID \
		AZURE_ACCESS_TOKEN='$TOKEN' '$VNETC' apply '$SPEC' \
		--subscription $SUB --arm-endpoint $EP -o '$tmp/jg'" /dev/null \
		>"$tmp/gate-tty.out" 2>&1
	check "plan error, on a terminal: exit 3" test $? = 3
	check "plan error, on a terminal: the same message" grep -q \
		"^$STOPPED 1 error; nothing was changed" "$tmp/gate-tty.out"
	check "plan error, on a terminal: no question asked" sh -c \
		"! grep -q 'goes on' '$tmp/gate-tty.out'"
	check "plan error, on a terminal: nothing written" \
		test "$(q writes "$LOG")" = 0
fi
cp "$tmp/seed.full" "$tmp/seed.json"
# A read refused (403) is an error of the plan too.
cat >"$tmp/403.json" <<'EOF'
{"faults": [{"method": "GET", "path": "/virtualNetworks/myVNet$", "times": -1,
  "status": 403, "code": "AuthorizationFailed",
  "message": "The client does not have authorization to perform action"}]}
EOF
start_mock gate403 --scenario "$tmp/403.json"
va gate-403 3 apply "$SPEC" --yes -o "$tmp/jg"
check "a read refused (403): apply --yes writes nothing" \
	test "$(q writes "$LOG")" = 0
check "a read refused (403): the plan names it" grep -q \
	"^  ! error *vnet 'vnet'" "$tmp/gate-403.out"
check "a read refused (403): said so" grep -qx \
	"$STOPPED 1 error; nothing was changed" "$tmp/gate-403.err"
# destroy too: reads refused after the three of apply (its plan's list of
# the group's zones, its own, its look after the write), the zone's and
# the list's, which destroy then reads the zone without
cat >"$tmp/403d.json" <<'EOF'
{"faults": [{"method": "GET", "path": "/privateDnsZones(/privatelink.vaultcore.azure.net)?$",
  "after": 3, "times": -1, "status": 403, "code": "AuthorizationFailed"}]}
EOF
start_mock gate403d --scenario "$tmp/403d.json"
va gate-403d-apply 0 apply "$SPEC" --yes -o "$tmp/jgd"
s1=$(q lastseq "$LOG")
va gate-403d 3 destroy "$SPEC" --yes -o "$tmp/jgd"
check "a read refused (403): destroy --yes deletes nothing" \
	test "$(q writes "$LOG" "$s1")" = 0
check "a read refused (403): destroy says so" grep -qx "vnetc: destroy \
stopped before its first write: the plan above has 1 error; nothing was \
changed" "$tmp/gate-403d.err"

# Existing resources that apply does not change are read all the same: a
# back end reached only through its endpoint (the endpoint needs it), a
# plan whose SKU stays, an app, and the resource group they are in.
KS=tests/mockarm/keep.yaml
KP=/subscriptions/$SUB/resourceGroups/rg-keep
cat >"$tmp/keep-full.json" <<EOF
{"$KP": {"location": "westeurope"},
 "$KP/providers/Microsoft.KeyVault/vaults/kv-keep-001": {"location": "westeurope", "properties": {"tenantId": "00000000-0000-0000-0000-00000000000a", "sku": {"family": "A", "name": "standard"}}},
 "$KP/providers/Microsoft.Web/serverfarms/asp-keep": {"location": "westeurope", "sku": {"name": "S1"}},
 "$KP/providers/Microsoft.Web/sites/app-keep": {"location": "westeurope", "properties": {"serverFarmId": "$KP/providers/Microsoft.Web/serverfarms/asp-keep"}}}
EOF
for m in "vaults/kv-keep-001:back end 'vault'" "serverfarms/asp-keep:plan 'plan'" \
	"sites/app-keep:app 'app'" "rg-keep:resource group"; do
	$PY -c 'import json, sys
d = json.load(open(sys.argv[1]))
json.dump({k: v for k, v in d.items() if not k.endswith(sys.argv[2])},
          sys.stdout)' "$tmp/keep-full.json" "/${m%%:*}" >"$tmp/keep.json"
	start_mock "keep-${m%%/*}" --seed "$tmp/keep.json"
	va keep-miss 3 apply "$KS" --yes -o "$tmp/jk"
	check "missing ${m#*:}: apply --yes writes nothing" \
		test "$(q writes "$LOG")" = 0
	check "missing ${m#*:}: the plan's one error" sh -c "grep -q \
		\"^  ! error *${m#*:} \" '$tmp/keep-miss.out' && grep -qx \
		'$STOPPED 1 error; nothing was changed' '$tmp/keep-miss.err'"
done
check "a missing resource group: why" grep -q "existing resources (back end \
'vault' among them) are in it, but GET answered HTTP 404" "$tmp/keep-miss.out"
start_mock keep --seed "$tmp/keep-full.json"
va keep-plan 2 plan "$KS" --detailed-exitcode
check "keep: the back end is left alone" grep -qF \
	"  . left alone  back end 'vault' [kv-keep-001]: existing; its public" \
	"$tmp/keep-plan.out"
check "keep: the plan is left alone" grep -qF \
	"  . left alone  plan 'plan' [asp-keep]: the spec keeps its SKU" \
	"$tmp/keep-plan.out"
va keep-apply 0 apply "$KS" --yes -o "$tmp/jk"
s1=$(q lastseq "$LOG")
va keep-apply2 0 apply "$KS" --yes -o "$tmp/jk"
check "keep: a second apply sends no writes" test "$(q writes "$LOG" "$s1")" = 0
# The endpoint waits for its back end's read in apply too (the back end
# may go between the plan and the write): that read (the second; the
# plan's is the first) takes a second here, the endpoint's PUT comes after.
cat >"$tmp/slow-kv.json" <<'EOF'
{"faults": [{"method": "GET", "path": "/vaults/kv-keep-001$", "after": 1,
  "times": 1, "action": "slow", "seconds": 1}]}
EOF
start_mock keep-slow --seed "$tmp/keep-full.json" --scenario "$tmp/slow-kv.json"
va keep-slow 0 apply "$KS" --yes -o "$tmp/jk2"
check "keep: the endpoint is written after its back end was read" $PY -c '
import json, sys
log = [json.loads(l) for l in open(sys.argv[1])]
# the PUT of the endpoint came after the slow read was answered
slow = [e["t_out"] for e in log if e["fault"] == 0]
pe = [e["t_in"] for e in log if e["method"] == "PUT" and
      e["path"].endswith("/privateEndpoints/vault-pe")]
assert len(slow) == 1 and pe and slow[0] <= pe[0], (slow, pe)
' "$LOG"

# --- tags: values compare exactly, names without case (as ARM's do) ------
TS=tests/mockarm/tagged.yaml
TV=/subscriptions/$SUB/resourceGroups/rg-tags-prod-westeurope-001/providers/Microsoft.Network/virtualNetworks/vnet-tags-prod-westeurope-001
# retag JSON: the VNet's tags in the mock's store become JSON
retag() { q settags "$EP" "$TOKEN" "$TV" "$1" || ko "could not retag"; }
start_mock tags
va tags-apply 0 apply "$TS" --yes -o "$tmp/jtag"
retag '{"environment": "Prod", "workload": "tags"}'
va tags-plan 2 plan "$TS" --detailed-exitcode
check "tags: a value differing in case is a change" grep -qF \
	'tags.environment: "Prod" -> "prod"' "$tmp/tags-plan.out"
s1=$(q lastseq "$LOG")
va tags-fix 0 apply "$TS" --yes -o "$tmp/jtag"
check "tags: apply corrects it, one write" test "$(q writes "$LOG" "$s1")" = 1
q store "$EP" >"$tmp/tags-store.json"
check "tags: the VNet's are the spec's" $PY -c 'import json, sys
st = json.load(open(sys.argv[1]))
t = st[sys.argv[2].lower()]["tags"]
assert t == {"environment": "prod", "workload": "tags"}, t' \
	"$tmp/tags-store.json" "$TV"
s1=$(q lastseq "$LOG")
va tags-again 0 apply "$TS" --yes -o "$tmp/jtag"
check "tags: then a second apply sends no writes" \
	test "$(q writes "$LOG" "$s1")" = 0
# a name in another case is the same tag to ARM, which may keep its case:
# no change, or apply would write it again on every run
retag '{"Environment": "prod", "WORKLOAD": "tags"}'
va tags-name 0 plan "$TS" --detailed-exitcode
check "tags: a name differing in case alone is no change" grep -q \
	'^Plan: 0 to create, 0 to update' "$tmp/tags-name.out"
retag '{"Environment": "Prod", "workload": "tags"}'
va tags-both 2 plan "$TS" --detailed-exitcode
check "tags: another case in name and value: the value is a change" \
	grep -qF 'tags.environment: "Prod" -> "prod"' "$tmp/tags-both.out"
s1=$(q lastseq "$LOG")
va tags-both-fix 0 apply "$TS" --yes -o "$tmp/jtag"
check "tags: corrected with one write" test "$(q writes "$LOG" "$s1")" = 1
s1=$(q lastseq "$LOG")
va tags-both-again 0 apply "$TS" --yes -o "$tmp/jtag"
check "tags: then none" test "$(q writes "$LOG" "$s1")" = 0

# --- parallelism: counted by the mock, no timing involved ----------------
# The VNet and the two zones wait only for the resource group; their PUTs
# take 1 s to answer, so with room for two, two are in flight at once.
cat >"$tmp/slow.json" <<'EOF'
{"faults": [{"method": "PUT", "times": -1, "action": "slow", "seconds": 1,
  "path": "/(virtualNetworks|privateDnsZones)/[^/]*$"}]}
EOF
start_mock par1 --scenario "$tmp/slow.json"
va par1 0 apply "$SPEC" --yes -o "$tmp/j5" --parallelism 1
check "--parallelism 1: one request at a time" test \
	"$(q maxinflight "$LOG")" = 1
check "--parallelism 1: order" q order "$LOG" "$tmp/dry.out" "$tmp/plan.txt"
start_mock par2 --scenario "$tmp/slow.json"
va par2 0 apply "$SPEC" --yes -o "$tmp/j6" --parallelism 2
check "--parallelism 2: two at a time" test "$(q maxinflight "$LOG")" = 2
check "--parallelism 2: order" q order "$LOG" "$tmp/dry.out" "$tmp/plan.txt"

# --- on a terminal (script(1) gives one), apply shows the plan and asks --
if command -v script >/dev/null; then
	start_mock tty
	cmd="env -u AZURE_SUBSCRIPTION_ID AZURE_ACCESS_TOKEN='$TOKEN' '$VNETC' \
		apply '$SPEC' --subscription $SUB --arm-endpoint $EP -o '$tmp/j8'"
	printf 'no\n' | script -qec "$cmd" /dev/null >"$tmp/tty-no.out" 2>&1
	# answered no: nothing is changed, and the exit status says so (4),
	# as terraform's does: a script can tell a refusal from success
	check "terminal, answer no: exit 4" test $? = 4
	check "terminal, answer no: says nothing was changed" grep -q \
		"vnetc: apply cancelled; nothing was changed" "$tmp/tty-no.out"
	check "terminal, answer no: the plan was shown" grep -q 'Plan: 9 to create' \
		"$tmp/tty-no.out"
	check "terminal, answer no: nothing written" test "$(q writes "$LOG")" = 0
	printf 'yes\n' | script -qec "$cmd" /dev/null >"$tmp/tty-yes.out" 2>&1
	check "terminal, answer yes: exit 0" test $? = 0
	check "terminal, answer yes: applied" q final "$EP" "$SUB"
	check "terminal: a live progress line" grep -q '\[[0-9]*/15\]' \
		"$tmp/tty-yes.out"
	printf '' | script -qec "$cmd" /dev/null >"$tmp/tty-same.out" 2>&1
	check "terminal, nothing to change: no question" grep -q 'nothing to do' \
		"$tmp/tty-same.out"
	w0=$(q writes "$LOG")
	printf 'n\n' | script -qec "$(echo "$cmd" | sed 's/\([[:space:]]\)apply /\1destroy /')" \
		/dev/null >"$tmp/tty-destroy-n.out" 2>&1
	check "terminal, destroy answered n: exit 4" test $? = 4
	check "terminal, destroy answered n: it asked" grep -q \
		"Only 'yes' goes on" "$tmp/tty-destroy-n.out"
	check "terminal, destroy answered n: nothing deleted" \
		test "$(q writes "$LOG")" = "$w0"
fi

# --- kill -9 half way, then apply again: same end, nothing twice ----------
# Operations take 1 s and end on their own (--op-delay), as ARM's do; a
# write to a resource whose operation still runs is a 409.
start_mock kill --op-delay 1
env -u AZURE_SUBSCRIPTION_ID -u AZURE_CLIENT_SECRET -u IDENTITY_ENDPOINT \
	AZURE_ACCESS_TOKEN="$TOKEN" "$VNETC" apply "$SPEC" --yes \
	--subscription "$SUB" --arm-endpoint "$EP" -o "$tmp/j7" \
	>"$tmp/kill1.out" 2>"$tmp/kill1.err" </dev/null &
vpid=$!
i=0
while [ "$(q writes "$LOG")" -lt 4 ] && [ $i -lt 200 ]; do
	sleep 0.05
	i=$((i + 1))
done
{ kill -9 "$vpid" && wait "$vpid"; } 2>/dev/null
check "kill: it was killed half way" sh -c \
	"! grep -q '^apply:' '$tmp/kill1.out'"
check "kill: the journal holds an accepted write" grep -q '"accepted"' \
	"$tmp/j7/isolated-backend.journal"
va kill2 0 apply "$SPEC" --yes -o "$tmp/j7"
check "kill: same final state" q final "$EP" "$SUB"
check "kill: nothing created twice" q creates "$LOG"
check "kill: no conflicting write (409)" test "$(q status "$LOG" 409)" = 0
va kill-plan 0 plan "$SPEC" --detailed-exitcode

# --- client credentials and managed identity, against the mock's token
# --- endpoints (the secrets are made up too) ---------------------------
SECRET="vnetc-test-secret-$$-k3"
stop_mock
start_mock cred
# cred NAME ENV...: vnetc plan with these credentials instead of the token
cred() {
	n=$1
	shift
	env -u AZURE_ACCESS_TOKEN -u AZURE_SUBSCRIPTION_ID -u AZURE_CLIENT_SECRET \
		-u AZURE_CLIENT_ID -u AZURE_TENANT_ID -u IDENTITY_ENDPOINT \
		-u IDENTITY_HEADER -u AZURE_AUTHORITY_HOST "$@" "$VNETC" plan \
		"$SPEC" --subscription "$SUB" --arm-endpoint "$EP" \
		--login-endpoint "$EP" >"$tmp/$n.out" 2>"$tmp/$n.err" </dev/null
}
cred cred AZURE_TENANT_ID=contoso.example AZURE_CLIENT_ID=mock-client-id \
	AZURE_CLIENT_SECRET=mock-client-secret
check "client credentials: plan runs" test $? = 0
check "client credentials: source named" grep -q 'client credentials' \
	"$tmp/cred.err"
cred mi IDENTITY_ENDPOINT="$EP/msi/token" IDENTITY_HEADER=mock-identity-header
check "managed identity: plan runs" test $? = 0
check "managed identity: source named" grep -q 'managed identity' \
	"$tmp/mi.err"
cred cred-bad AZURE_TENANT_ID=contoso.example AZURE_CLIENT_ID=mock-client-id \
	AZURE_CLIENT_SECRET="$SECRET"
check "wrong client secret: exit 3" test $? = 3
# http debug output too (VNETC_HTTP_DEBUG=2 prints headers, redacted)
cred debug VNETC_HTTP_DEBUG=2 AZURE_ACCESS_TOKEN="$TOKEN"
check "debug run: shows requests" grep -q 'Authorization: \*\*\*' \
	"$tmp/debug.err"
stop_mock

# --- hub and spoke: peerings (both sides, after both VNets: the mock
# refuses a peering to a VNet it does not have), converge, destroy --------
HS=specs/hub-and-spoke.yaml
P=/subscriptions/$SUB/resourceGroups/rg-landingzone-prod/providers
cat >"$tmp/hs-seed.json" <<EOF
{"${P%/providers}": {"location": "swedencentral"},
 "$P/Microsoft.KeyVault/vaults/kv-platform-prod": {"location": "swedencentral", "properties": {"tenantId": "00000000-0000-0000-0000-00000000000a", "sku": {"family": "A", "name": "standard"}, "enableRbacAuthorization": true, "publicNetworkAccess": "Enabled"}},
 "$P/Microsoft.CognitiveServices/accounts/oai-platform-prod": {"location": "swedencentral", "kind": "OpenAI", "sku": {"name": "S0"}, "properties": {"customSubDomainName": "oai-platform-prod", "publicNetworkAccess": "Enabled"}},
 "$P/Microsoft.Web/serverfarms/asp-orders-prod": {"location": "swedencentral", "kind": "linux", "sku": {"name": "P1v3", "tier": "PremiumV3"}, "properties": {"reserved": true}},
 "$P/Microsoft.Web/serverfarms/asp-billing-prod": {"location": "swedencentral", "kind": "linux", "sku": {"name": "P1v3", "tier": "PremiumV3"}, "properties": {"reserved": true}},
 "$P/Microsoft.Web/sites/app-orders-prod": {"location": "swedencentral", "kind": "app,linux", "identity": {"type": "SystemAssigned"}, "properties": {"serverFarmId": "$P/Microsoft.Web/serverfarms/asp-orders-prod"}},
 "$P/Microsoft.Web/sites/app-billing-prod": {"location": "swedencentral", "kind": "app,linux", "identity": {"type": "SystemAssigned"}, "properties": {"serverFarmId": "$P/Microsoft.Web/serverfarms/asp-billing-prod"}},
 "$P/Microsoft.Web/sites/app-orders-prod/config/appsettings": {"properties": {}},
 "$P/Microsoft.Web/sites/app-billing-prod/config/appsettings": {"properties": {}}}
EOF
start_mock hs --seed "$tmp/hs-seed.json"
# A zone not made yet has no links: its list's 404 says so for all three
# (each VNet's link), which a plan takes as it would a GET's 404, without
# a word and without reading them one by one
va hs-plan0 2 plan "$HS" --detailed-exitcode
check "hub and spoke: a zone's links not listed (404) are to be created, quietly" \
	sh -c "! grep -q 'listing' '$tmp/hs-plan0.err' && \
	test $(q count "$LOG" GET /virtualNetworkLinks/) = 0 && \
	grep -q '^  + create .*-zonelink' '$tmp/hs-plan0.out'"
s0=$(q lastseq "$LOG")
va hs-dry 0 apply "$HS" --dry-run
"$VNETC" check -d plan "$HS" >"$tmp/hs-plan.txt"
va hs-apply1 0 apply "$HS" --yes -o "$tmp/hs"
check "hub and spoke: apply in dependency order" q order "$LOG" \
	"$tmp/hs-dry.out" "$tmp/hs-plan.txt" "$s0"
q store "$EP" >"$tmp/hs-store.json"
check "hub and spoke: both sides of both peerings, to the right VNets" $PY -c '
import json, sys
st = json.load(open(sys.argv[1]))
want = {"orders-to-hub": ("orders", "hub"), "hub-to-orders": ("hub", "orders"),
        "billing-to-hub": ("billing", "hub"), "hub-to-billing": ("hub", "billing")}
got = {}
for k, v in st.items():
    if "/virtualnetworkpeerings/" in k:
        vnet, name = k.split("/virtualnetworks/")[1].split("/virtualnetworkpeerings/")
        p = v.get("properties", {})
        rid = p.get("remoteVirtualNetwork", {}).get("id", "")
        got[name] = (vnet, rid.rsplit("/", 1)[-1], p.get("allowVirtualNetworkAccess"))
ok = got == {n: ("vnet-%s-prod" % a, "vnet-%s-prod" % b, True) for n, (a, b) in want.items()}
print(got) if not ok else None
sys.exit(not ok)
' "$tmp/hs-store.json"
s1=$(q lastseq "$LOG")
va hs-apply2 0 apply "$HS" --yes -o "$tmp/hs"
check "hub and spoke: second apply sends no writes" \
	test "$(q writes "$LOG" "$s1")" = 0
# A peering out of sync (a VNet's address space changed) is PUT again
# with syncRemoteAddressSpace, as az network vnet peering sync does.
$PY - "$EP" "$SUB" "$TOKEN" <<'PYEOF' || ko "could not unsync the peering"
import json, sys, urllib.request
ep, sub, token = sys.argv[1:]
url = (ep + "/subscriptions/%s/resourceGroups/rg-landingzone-prod/providers/"
       "Microsoft.Network/virtualNetworks/vnet-hub-prod/virtualNetworkPeerings/"
       "hub-to-orders?api-version=2024-05-01" % sub)
auth = {"Authorization": "Bearer " + token}
p = json.load(urllib.request.urlopen(urllib.request.Request(url, headers=auth)))
p["properties"]["peeringSyncLevel"] = "LocalNotInSync"
req = urllib.request.Request(url, data=json.dumps(p).encode(), method="PUT",
                             headers=dict(auth, **{"Content-Type": "application/json"}))
op = urllib.request.urlopen(req).headers["Azure-AsyncOperation"]
for _ in range(50):
    if json.load(urllib.request.urlopen(urllib.request.Request(
            op, headers=auth))).get("status") != "InProgress":
        break
PYEOF
va hs-plan-sync 2 plan "$HS" --detailed-exitcode
check "hub and spoke: plan shows the peering out of sync" grep -q \
	'peeringSyncLevel: "LocalNotInSync" -> "FullyInSync"' "$tmp/hs-plan-sync.out"
s2=$(q lastseq "$LOG")
va hs-apply-sync 0 apply "$HS" --yes -o "$tmp/hs"
check "hub and spoke: one write, the peering's PUT with syncRemoteAddressSpace" \
	test "$(q writes "$LOG" "$s2")" = 1
check "hub and spoke: the sync query is sent" grep -q \
	'"method": "PUT".*hub-to-orders.*"syncRemoteAddressSpace": "true"' "$LOG"
va hs-destroy 0 destroy "$HS" --yes -o "$tmp/hs"
q store "$EP" >"$tmp/hs-after.json"
check "hub and spoke: destroy removes the peerings and VNets" sh -c \
	"! grep -qi -e virtualnetworkpeerings -e 'virtualnetworks/vnet' '$tmp/hs-after.json'"
check "hub and spoke: destroy removes the NSGs and the route table" sh -c \
	"! grep -qi -e networksecuritygroups -e routetables '$tmp/hs-after.json'"
stop_mock

# --- subnet security (tests/golden/netsec.yaml): NSGs, route tables, NAT
# gateways and a public IP made, attached, converged and destroyed; what is
# kept (an NSG by id in another group, a route table by name, a public IP
# by id) is read, attached and never written. The mock refuses a subnet
# that names a missing resource and the deletion of one still in use, so
# the order of both apply and destroy shows.
NS=tests/golden/netsec.yaml
R=/subscriptions/$SUB/resourceGroups
N=providers/Microsoft.Network
cat >"$tmp/ns-seed.json" <<EOF
{"$R/rg-netsec": {"location": "westeurope"},
 "$R/rg-security": {"location": "westeurope"},
 "$R/rg-security/$N/networkSecurityGroups/nsg-shared": {"location": "westeurope", "properties": {"securityRules": []}},
 "$R/rg-netsec/$N/routeTables/rt-kept": {"location": "westeurope", "properties": {"routes": []}},
 "$R/rg-netsec/$N/publicIPAddresses/pip-egress": {"location": "westeurope", "sku": {"name": "Standard"}, "properties": {"publicIPAllocationMethod": "Static", "publicIPAddressVersion": "IPv4"}}}
EOF
start_mock ns --seed "$tmp/ns-seed.json"
va ns-apply1 0 apply "$NS" --yes -o "$tmp/ns"
q store "$EP" >"$tmp/ns-store.json"
# subnet: (group, name) of its NSG, route table and NAT gateway
check "netsec: each subnet names its NSG, route table and NAT gateway" $PY -c '
import json, sys
st = json.load(open(sys.argv[1]))
ref = lambda p, x: tuple((p.get(x) or {}).get("id", "-/-/-/-/-").split("/")[4::4])
got = {sn["name"]: tuple(ref(sn["properties"], x) for x in
                         ("networkSecurityGroup", "routeTable", "natGateway"))
       for k, v in st.items() if k.endswith(("/virtualnetworks/hub", "/virtualnetworks/spoke"))
       for sn in v["properties"]["subnets"]}
no = ("-",)
want = {"AzureFirewallSubnet": (no, no, no),
        "shared": (("rg-security", "nsg-shared"), ("rg-netsec", "rt-kept"), no),
        "web": (("rg-netsec", "nsg-web"), ("rg-netsec", "rt-spoke"), ("rg-netsec", "ng-egress")),
        "data": (("rg-netsec", "data-nsg"), ("rg-netsec", "rt-spoke"), ("rg-netsec", "data-ng"))}
print(got) if got != want else None
sys.exit(got != want)
' "$tmp/ns-store.json"
check "netsec: the NAT gateways' public IPs, the one made in its zone" $PY -c '
import json, sys
st = json.load(open(sys.argv[1]))
get = lambda t, n: st[[k for k in st if k.endswith("/%s/%s" % (t, n))][0]]
ips = lambda n: [i["id"].rsplit("/", 1)[-1]
                 for i in get("natgateways", n)["properties"]["publicIpAddresses"]]
ng, pip = get("natgateways", "data-ng"), get("publicipaddresses", "data-ng-pip")
ok = (ips("ng-egress") == ["pip-egress"] and ips("data-ng") == ["data-ng-pip"]
      and ng.get("zones") == ["1"] and pip.get("zones") == ["1"]
      and ng["properties"]["idleTimeoutInMinutes"] == 10)
sys.exit(not ok)
' "$tmp/ns-store.json"
check "netsec: the kept NSG, route table and public IP are never written" $PY -c '
import json, sys
kept = ("/nsg-shared", "/rt-kept", "/pip-egress")
bad = [e["method"] + " " + e["path"] for e in map(json.loads, open(sys.argv[1]))
       if e["method"] != "GET" and e["path"].split("?")[0].lower().endswith(kept)]
print(bad) if bad else None
sys.exit(bool(bad))
' "$LOG"
s1=$(q lastseq "$LOG")
va ns-apply2 0 apply "$NS" --yes -o "$tmp/ns"
check "netsec: second apply sends no writes" test "$(q writes "$LOG" "$s1")" = 0
va ns-destroy 0 destroy "$NS" --yes -o "$tmp/ns"
q store "$EP" >"$tmp/ns-after.json"
check "netsec: destroy removes what it made; the kept ones stay" $PY -c '
import json, sys
st = json.load(open(sys.argv[1]))
net = sorted(k.rsplit("/", 1)[-1] for k in st if "/microsoft.network/" in k)
print(net) if net != ["nsg-shared", "pip-egress", "rt-kept"] else None
sys.exit(net != ["nsg-shared", "pip-egress", "rt-kept"])
' "$tmp/ns-after.json"
stop_mock

# --- a landing zone: three subscriptions, seven resource groups ----------
# specs/landing-zone.yaml names its own subscription; the hub VNet and the
# central zones exist (the platform's), as do the groups other than the
# spec's own, the back ends, plans and apps (the seed, from its dry run).
LZ=specs/landing-zone.yaml
LO=11111111-1111-4111-8111-111111111111
LB=22222222-2222-4222-8222-222222222222
LC=00000000-0000-4000-8000-000000000000
vn lz-dry 0 apply --dry-run "$LZ"
q seed "$tmp/lz-dry.out" swedencentral >"$tmp/lz.seed"
"$VNETC" check -d plan "$LZ" >"$tmp/lz-plan.txt"
vn lz-conflict 2 plan "$LZ" --subscription "$SUB"
check "landing zone: --subscription against the spec's: both named" grep -qF \
	"vnetc: --subscription $SUB, but $LZ says subscription: $LO (\${ordersSub})" \
	"$tmp/lz-conflict.err"
# Central zones vnetc creates (dns: zones: existing: false): made in their
# group, and deleted by destroy like anything the spec makes.
sed 's/^    resource_group: rg-private-dns-zones-swedencentral$/&\
    existing: false/' "$LZ" >"$tmp/lz-owned.yaml"
vn lz-owned-dry 0 apply --dry-run "$tmp/lz-owned.yaml"
check "zones vnetc owns in a central group: created there" grep -q \
	"^PUT https://management.azure.com/subscriptions/$LC/resourceGroups/rg-private-dns-zones-swedencentral/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net?" \
	"$tmp/lz-owned-dry.out"
vn lz-owned-destroy 0 destroy --dry-run --delete-unrecorded "$tmp/lz-owned.yaml"
check "zones vnetc owns in a central group: destroy deletes them" grep -q \
	"^DELETE https://management.azure.com/subscriptions/$LC/resourceGroups/rg-private-dns-zones-swedencentral/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net?" \
	"$tmp/lz-owned-destroy.out"
vn lz-central-destroy 0 destroy --dry-run --delete-unrecorded "$LZ"
check "central zones that exist: destroy leaves them" sh -c "! grep -q \
	'^DELETE .*/privateDnsZones/privatelink.vaultcore.azure.net?' \
	'$tmp/lz-central-destroy.out'"
check "... but deletes the link it made in them" grep -q \
	'^DELETE .*/privateDnsZones/privatelink.vaultcore.azure.net/virtualNetworkLinks/vnet-billing-prod-' \
	"$tmp/lz-central-destroy.out"
start_mock lz --seed "$tmp/lz.seed"
s0=$(q lastseq "$LOG")
vn lz-plan 2 plan "$LZ" --detailed-exitcode --arm-endpoint "$EP"
check "landing zone: the plan reads each subscription and group first" sh -c \
	"grep -q \". left alone  subscription '$LB'\" '$tmp/lz-plan.out' &&
	grep -q \". left alone  resource group 'rg-billing-data'\" '$tmp/lz-plan.out'"
check "landing zone: the plan names a resource's group and subscription" grep -q \
	"^ *in resource group rg-vnet-hub-prod-swedencentral of subscription $LC" \
	"$tmp/lz-plan.out"
vn lz-same 0 plan "$LZ" --subscription "$LO" --arm-endpoint "$EP"
vn lz-apply 0 apply "$LZ" --yes -o "$tmp/jlz" --arm-endpoint "$EP"
check "landing zone: apply, everything done" grep -q \
	'15 created, 7 updated, 13 left alone; 0 failed, 0 not' "$tmp/lz-apply.out"
check "landing zone: apply in dependency order" q order "$LOG" \
	"$tmp/lz-dry.out" "$tmp/lz-plan.txt" "$s0"
check "landing zone: each resource created once" q creates "$LOG"
for sub in "$LO" "$LB" "$LC"; do
	check "landing zone: writes in subscription $sub" grep -Eq \
		"\"method\": \"PUT\".*\"path\": \"/subscriptions/$sub/" "$LOG"
done
q store "$EP" >"$tmp/lz-store.json"
cat >"$tmp/lz-refs.py" <<'PYEOF'
import json, sys
st, o, b, c = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3], sys.argv[4]
def get(path):
    return st[path.lower()]["properties"]
hub = ("/subscriptions/%s/resourceGroups/rg-vnet-hub-prod-swedencentral/providers/"
       "Microsoft.Network/virtualNetworks/vnet-hub-prod" % c)
billing = ("/subscriptions/%s/resourceGroups/rg-billing-network/providers/"
           "Microsoft.Network/virtualNetworks/vnet-billing-prod" % b)
zones = ("/subscriptions/%s/resourceGroups/rg-private-dns-zones-swedencentral/providers/"
         "Microsoft.Network/privateDnsZones/" % c)
# the hub's side, named after the spoke VNet (<name>-<8 hex>), to it by id
hp = [k for k in st if k.startswith((hub + "/virtualNetworkPeerings/vnet-billing-prod-").lower())]
assert len(hp) == 1 and st[hp[0]]["properties"]["remoteVirtualNetwork"]["id"] == billing, hp
assert get(billing + "/virtualNetworkPeerings/billing-to-hub")["remoteVirtualNetwork"]["id"] == hub
links = [k for k in st if k.startswith(
    (zones + "privatelink.vaultcore.azure.net/virtualNetworkLinks/").lower())]
assert len(links) == 1 and st[links[0]]["properties"]["virtualNetwork"]["id"] == billing, links
zg = get("/subscriptions/%s/resourceGroups/rg-billing-network/providers/Microsoft.Network/"
         "privateEndpoints/pe-kv-billing/privateDnsZoneGroups/pe-kv-billing-zg" % b)
assert zg["privateDnsZoneConfigs"][0]["properties"]["privateDnsZoneId"] == \
    zones + "privatelink.vaultcore.azure.net"
site = get("/subscriptions/%s/resourceGroups/rg-orders-app/providers/Microsoft.Web/sites/"
           "app-orders-prod" % o)
assert site["virtualNetworkSubnetId"].startswith(
    "/subscriptions/%s/resourceGroups/rg-orders-network/" % o)
made = [k for k in st if "/privatednszones/" in k and "/virtualnetworklinks/" not in k]
assert len(made) == 2, made  # the two central zones, none made
# a subnet's NSG in its VNet's group and subscription
nsg = ("/subscriptions/%s/resourceGroups/rg-billing-network/providers/"
       "Microsoft.Network/networkSecurityGroups/nsg-app-billing-prod" % b)
assert nsg.lower() in st, nsg
sn = [x for x in get(billing)["subnets"] if x["name"] == "snet-app"][0]
assert sn["properties"]["networkSecurityGroup"]["id"].lower() == nsg.lower(), sn
PYEOF
check "landing zone: cross-scope references by full id, no zone made, NSGs in their VNet's scope" $PY \
	"$tmp/lz-refs.py" "$tmp/lz-store.json" "$LO" "$LB" "$LC"
s1=$(q lastseq "$LOG")
vn lz-again 0 apply "$LZ" --yes -o "$tmp/jlz" --arm-endpoint "$EP"
check "landing zone: a second apply sends no writes" test "$(q writes "$LOG" "$s1")" = 0
vn lz-destroy 0 destroy "$LZ" --yes -o "$tmp/jlz" --arm-endpoint "$EP"
q store "$EP" >"$tmp/lz-after.json"
check "landing zone: destroy deletes what the spec made, in every scope" sh -c \
	"! grep -qi -e 'virtualnetworkpeerings/' -e 'virtualnetworklinks/' \
	-e 'privateendpoints/' -e 'vnet-billing-prod' -e 'vnet-orders-prod' \
	-e 'networksecuritygroups/' \
	'$tmp/lz-after.json'"
check "landing zone: destroy leaves what exists: hub, central zones, groups, back ends" \
	$PY -c 'import json, sys
st = json.load(open(sys.argv[1]))
gone = [k for k in json.load(open(sys.argv[2])) if k.lower() not in st]
assert not gone, gone' "$tmp/lz-after.json" "$tmp/lz.seed"
check "landing zone: destroy says why it leaves the hub" grep -q \
	"left alone    vnet 'hub' .*existing (existing:): vnetc peers with it" \
	"$tmp/lz-destroy.out"
stop_mock
# a group, a subscription, the hub missing: the plan says which, and
# nothing is written
for miss in rg-billing-data "/subscriptions/$LB" vnet-hub-prod; do
	$PY -c 'import json, sys
s = json.load(open(sys.argv[1]))
json.dump({k: v for k, v in s.items() if not (k == sys.argv[2] or
           k.endswith("/" + sys.argv[2]))}, open(sys.argv[3], "w"))' \
		"$tmp/lz.seed" "$miss" "$tmp/lz-miss.seed"
	start_mock lz-miss --seed "$tmp/lz-miss.seed"
	vn lz-miss 3 apply "$LZ" --yes -o "$tmp/jlzm" --arm-endpoint "$EP"
	check "landing zone without $miss: nothing written" test "$(q writes "$LOG")" = 0
	check "landing zone without $miss: apply stops before its first write" \
		grep -q 'apply stopped before its first write' "$tmp/lz-miss.err"
	check "landing zone without $miss: the plan names it" grep -q \
		"^  ! error .*\[${miss##*/}\]" "$tmp/lz-miss.out"
	case $miss in
	rg-*) check "a missing group: the plan says vnetc creates only its own" \
		grep -q "vnetc creates only the spec's own resource group" \
		"$tmp/lz-miss.out" ;;
	esac
	stop_mock
done

# zone_group: policy (tests/golden/landing-zone-policy.yaml): a
# DeployIfNotExists policy (the mock's) gives the endpoint its zone group
# two seconds after the endpoint; apply waits for it, whatever its name,
# then locks the vault down; without it, apply gives up after
# VNETC_WAIT_TIMEOUT, and the lock is not attempted.
LP=tests/golden/landing-zone-policy.yaml
vn lzp-dry 0 apply --dry-run "$LP" --subscription "$SUB"
q seed "$tmp/lzp-dry.out" swedencentral >"$tmp/lzp.seed"
printf '{"policies": [{"endpoint": "/privateEndpoints/vault-pe$", "after": 2, "zones": ["/subscriptions/%s/resourceGroups/rg-dns-legacy/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net"]}]}\n' \
	"$LC" >"$tmp/lzp.json"
start_mock lzp --seed "$tmp/lzp.seed" --scenario "$tmp/lzp.json"
va lzp-plan 2 plan "$LP" --detailed-exitcode
check "zone_group: policy: the plan says apply waits for it" grep -q \
	"left to policy DNS zone group of 'vault' \[vault-pe/\*\]: made by a policy .*(not there yet: apply waits for it)" \
	"$tmp/lzp-plan.out"
va lzp-apply 0 apply "$LP" --yes -o "$tmp/jlzp"
check "zone_group: policy: apply waits, then locks the vault" grep -q \
	'0 failed, 0 not attempted' "$tmp/lzp-apply.out"
check "zone_group: policy: no zone group written" sh -c \
	"! grep -Eq '\"method\": \"PUT\".*\"path\": \"[^\"]*/privateDnsZoneGroups/' '$LOG'"
check "zone_group: policy: the endpoint's zone groups read more than once" test \
	"$(q count "$LOG" GET /vault-pe/privateDnsZoneGroups)" -gt 2
s2=$(q lastseq "$LOG")
va lzp-again 0 apply "$LP" --yes -o "$tmp/jlzp"
check "zone_group: policy: a second apply sends no writes" test "$(q writes "$LOG" "$s2")" = 0
stop_mock
start_mock lzp-none --seed "$tmp/lzp.seed"
env -u AZURE_SUBSCRIPTION_ID AZURE_ACCESS_TOKEN="$TOKEN" VNETC_WAIT_TIMEOUT=1 \
	"$VNETC" apply "$LP" --yes --subscription "$SUB" --arm-endpoint "$EP" \
	-o "$tmp/jlzn" >"$tmp/lzp-none.out" 2>"$tmp/lzp-none.err" </dev/null
check "no policy's zone group: apply fails (exit 3)" test $? = 3
check "no policy's zone group: it says what it waited for" grep -q \
	"no zone group of the endpoint holds privatelink.vaultcore.azure.net after" \
	"$tmp/lzp-none.out"
check "no policy's zone group: the vault is not locked" sh -c \
	"grep -q \"not attempted: public access of 'vault'\" '$tmp/lzp-none.out' &&
	! grep -Eq '\"method\": \"(PATCH|PUT)\".*\"path\": \"[^\"]*/vaults/' '$LOG'"
stop_mock
# a policy assigned with another group's zone of the same name: not the
# central zone the spec names; apply waits for it, then gives up
sed "s#/rg-dns-legacy/#/rg-private-dns-zones/#" "$tmp/lzp.json" >"$tmp/lzp-else.json"
start_mock lzp-else --seed "$tmp/lzp.seed" --scenario "$tmp/lzp-else.json"
env -u AZURE_SUBSCRIPTION_ID AZURE_ACCESS_TOKEN="$TOKEN" VNETC_WAIT_TIMEOUT=4 \
	"$VNETC" apply "$LP" --yes --subscription "$SUB" --arm-endpoint "$EP" \
	-o "$tmp/jlze" >"$tmp/lzp-else.out" 2>"$tmp/lzp-else.err" </dev/null
check "a policy's zone group with a zone of the name in another group: not it" \
	test $? = 3
check "... the vault is not locked" sh -c \
	"! grep -Eq '\"method\": \"(PATCH|PUT)\".*\"path\": \"[^\"]*/vaults/' '$LOG'"
stop_mock

# --- two teams' spokes, keyed alike, peered with one platform hub ---------
# The hub side of each peering is named after its spoke VNet, so the two
# specs write two peerings; destroy deletes its own and leaves the other
# team's. A hub peering of a spec's name that peers with another VNet is
# another workload's: apply fails that step and destroy leaves it.
. tests/script/team-spoke.sh
for team in a b; do
	n=$([ $team = a ] && echo 1 || echo 2)
	team_spoke $team "$n" "$LC" >"$tmp/team-$team.yaml"
	vn team-$team-dry 0 apply --dry-run "$tmp/team-$team.yaml" --subscription "$SUB"
done
q seed "$tmp/team-a-dry.out" swedencentral >"$tmp/teams.seed"
hubpeer() { # TEAM: the id of team TEAM's hub-side peering, from its dry run
	sed -n 's#^PUT https://management.azure.com\([^?]*/vnet-hub/virtualNetworkPeerings/[^?]*\)?.*#\1#p' \
		"$tmp/team-$1-dry.out"
}
spoke() { echo "/subscriptions/$SUB/resourceGroups/rg-team-$1/providers/Microsoft.Network/virtualNetworks/vnet-spoke-$1"; }
check "two teams: their hub-side peerings have two names" test \
	"$(hubpeer a)" != "$(hubpeer b)"
start_mock teams --seed "$tmp/teams.seed"
va teams-a 0 apply "$tmp/team-a.yaml" --yes -o "$tmp/jta"
va teams-b 0 apply "$tmp/team-b.yaml" --yes -o "$tmp/jtb"
q store "$EP" >"$tmp/teams-store.json"
cat >"$tmp/teams.py" <<'PYEOF'
import json, sys
st = json.load(open(sys.argv[1]))
want = dict(zip(sys.argv[2::2], sys.argv[3::2]))  # peering id -> its remote
got = {p: st[p.lower()]["properties"]["remoteVirtualNetwork"]["id"]
       for p in want if p.lower() in st}
print(got) if got != want else None
sys.exit(got != want)
PYEOF
check "two teams, one hub: both hub-side peerings exist, each to its spoke" $PY \
	"$tmp/teams.py" "$tmp/teams-store.json" "$(hubpeer a)" "$(spoke a)" \
	"$(hubpeer b)" "$(spoke b)"
va teams-a-destroy 0 destroy "$tmp/team-a.yaml" --yes -o "$tmp/jta"
q store "$EP" >"$tmp/teams-after.json"
check "two teams: destroy of team a leaves team b's hub peering" $PY \
	"$tmp/teams.py" "$tmp/teams-after.json" "$(hubpeer b)" "$(spoke b)"
check "... and deletes its own" sh -c "! grep -qi '$(hubpeer a)\"' '$tmp/teams-after.json'"
stop_mock
# team b's hub-side name, taken by a peering to team a's spoke
$PY -c 'import json, sys
s = json.load(open(sys.argv[1]))
s[sys.argv[2].lower()] = {"properties": {"remoteVirtualNetwork": {"id": sys.argv[3]},
    "peeringState": "Connected", "provisioningState": "Succeeded"}}
json.dump(s, open(sys.argv[4], "w"))' "$tmp/teams.seed" "$(hubpeer b)" "$(spoke a)" \
	"$tmp/teams-x.seed"
start_mock teams-x --seed "$tmp/teams-x.seed"
va teams-x-apply 3 apply "$tmp/team-b.yaml" --yes -o "$tmp/jtx"
check "a hub peering of the spec's name to another VNet: apply fails it" grep -q \
	"it peers with $(spoke a), not with the VNet the spec peers it with: another workload's" \
	"$tmp/teams-x-apply.out"
check "... and never writes it" sh -c \
	"! grep -Eq '\"method\": \"(PUT|PATCH|DELETE)\".*\"path\": \"$(hubpeer b)' '$LOG'"
va teams-x-destroy 0 destroy "$tmp/team-b.yaml" --yes -o "$tmp/jtx" \
	--delete-unrecorded
check "... destroy leaves it, and says why" grep -q \
	"another workload's; destroy leaves it" "$tmp/teams-x-destroy.out"
check "... never deleted" sh -c \
	"! grep -Eq '\"method\": \"DELETE\".*\"path\": \"$(hubpeer b)' '$LOG'"
stop_mock
vn teams-destroy-dry 0 destroy --dry-run "$tmp/team-b.yaml" --subscription "$SUB" \
	--delete-unrecorded
check "destroy --dry-run: a hub peering is deleted only if it peers with the spoke" \
	grep -q "^# if it peers with $(spoke b)\$" "$tmp/teams-destroy-dry.out"

# --- TLS is verified: an unknown CA is refused, --ca-bundle trusts one ----
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=vnetc-test-ca \
	-addext subjectAltName=IP:127.0.0.1 -keyout "$tmp/tls.key" \
	-out "$tmp/tls.pem" >"$tmp/openssl.out" 2>&1 ||
	ko "openssl could not make a test certificate (make deps)"
start_mock tls --tls "$tmp/tls.pem" "$tmp/tls.key"
EP=https${EP#http}
va tls-untrusted 3 plan "$SPEC"
check "TLS: a certificate from an unknown CA is refused, and said so" \
	grep -qi 'certificate' "$tmp/tls-untrusted.err"
check "TLS: nothing was sent in clear" test "$(q lastseq "$LOG")" = 0
va tls-trusted 2 plan "$SPEC" --detailed-exitcode --ca-bundle "$tmp/tls.pem"
check "TLS: with --ca-bundle, the plan is read" grep -q \
	"+ create .*vnet 'vnet'" "$tmp/tls-trusted.out"
# apply follows ARM's operations, whose URLs are https too
va tls-apply 0 apply "$SPEC" --yes -o "$tmp/jt" --ca-bundle "$tmp/tls.pem"
check "TLS: apply ends with everything done" grep -q \
	'1 unchanged, 9 created, 5 updated; 0 failed, 0 not' "$tmp/tls-apply.out"
check "TLS: said once, with the way out" test "$(grep -c \
	'could not reach ARM at https://127.0.0.1:[0-9]*: SSL certificate problem.*--ca-bundle FILE' \
	"$tmp/tls-untrusted.err")" = 1
check "TLS: the steps not started are not attempted" grep -q \
	'? not read .*waits for ARM, which could not be reached' \
	"$tmp/tls-untrusted.out"
va tls-nobundle 2 plan "$SPEC" --ca-bundle "$tmp/nonexistent.pem"
check "TLS: a missing CA bundle is named, before any request" grep -q \
	"^vnetc: --ca-bundle $tmp/nonexistent.pem: No such file" \
	"$tmp/tls-nobundle.err"
va tls-dirbundle 2 plan "$SPEC" --ca-bundle "$tmp"
check "TLS: a directory as the CA bundle is refused" grep -q \
	"not a file" "$tmp/tls-dirbundle.err"
stop_mock

# --- the slow retries begun at the start ---------------------------------
wait "$bg_vnetc"
check "slow retries: apply ends, failed (exit 3)" test $? = 3
bg_vnetc=
B=$tmp/bg.log
zone_tries "connection dropped (or reset)" "$B" "$tmp/bg.out"
check "operation failed 6 times, retryable: the 7th write succeeds" sh -c \
	"test $(q count "$B" PUT /virtualNetworks/myVNet) = 7 && grep -q \
	\"^created *vnet 'vnet'\" '$tmp/bg.out'"
check "operation failed always, retryable: 7 writes, then the step fails" \
	sh -c "test $(q count "$B" PUT /serverfarms/my-language-app) = 7 && \
	grep -q \"^failed *plan 'plan'\" '$tmp/bg.out'"
$PY -c 'import sys, urllib.request
urllib.request.urlopen(sys.argv[1] + "/__shutdown", timeout=5)' "$BG_EP" \
	>/dev/null 2>&1
wait "$bg_mock"
bg_mock=

# --- every spec in specs/ applies; a second apply sends no writes -------
# The seed holds what each spec marks existing (the resources its dry run
# changes rather than creates), bare: a back end of any type, whatever its
# lock-down, is read and written with its row's apiVersion (compiler/
# backtypes.c; dual-stack's Service Bus namespace failed after 9 creates,
# for want of one).
# A spec that creates a vault or a SQL server needs the tenant: a token
# that says it (a JWT with tid, as the identity platform's)
b64() { printf '%s' "$1" | base64 -w0 | tr '+/' '-_' | tr -d '='; }
for spec in specs/*.yaml; do
	sn=$(basename "$spec" .yaml) # not name: vn and check set it
	otoken=$TOKEN
	! grep -q '^ *create:' "$spec" ||
		TOKEN="$(b64 '{"alg":"none"}').$(b64 '{"tid":"72f988bf-0000-4000-8000-00000000c0de"}').$(b64 "$TOKEN")"
	# a spec that names its subscription (specs/landing-zone.yaml) is
	# applied to it: --subscription may not say otherwise
	sa="--subscription $SUB"
	grep -q '^subscription:' "$spec" && sa=
	# shellcheck disable=SC2086
	vn "spec-$sn-dry" 0 apply --dry-run "$spec" $sa
	loc=$(sed -n 's/^location: *//p' "$spec" | head -n 1)
	q seed "$tmp/spec-$sn-dry.out" "$loc" >"$tmp/spec-$sn.seed"
	start_mock "spec-$sn" --seed "$tmp/spec-$sn.seed"
	# shellcheck disable=SC2086
	vn "spec-$sn-apply" 0 apply "$spec" --yes -o "$tmp/js-$sn" $sa \
		--arm-endpoint "$EP"
	check "$sn: everything done" grep -q ' 0 failed, 0 not' \
		"$tmp/spec-$sn-apply.out"
	from=$(q lastseq "$LOG")
	# shellcheck disable=SC2086
	vn "spec-$sn-again" 0 apply "$spec" --yes -o "$tmp/js-$sn" $sa \
		--arm-endpoint "$EP"
	check "$sn: a second apply sends no writes" \
		test "$(q writes "$LOG" "$from")" = 0
	check "$sn: each back end read and written with its row's apiVersion" \
		q apis "$LOG" tests/unit/backtypes.golden
	stop_mock
	TOKEN=$otoken
done
check "dual-stack: the Service Bus namespace is locked down, by one PUT" test \
	"$(q count "$tmp/spec-dual-stack.log" PUT /Microsoft.ServiceBus/namespaces/sb-telemetry-prod)" = 1

# --- the executor, the script and the template reach the same end state --
# A back end of every type for every public_access value it takes, each
# starting from the opposite state with network rules (ipRules,
# virtualNetworkRules, resourceAccessRules, bypass), tags, envelope keys
# and other settings it must keep (tests/tools/lockdown.py): vnetc apply
# against the mock, the script against the fake az, and the template's
# lock-down deployments evaluated on the same resources
# (tests/tools/arm_eval.py) must leave each back end the same.
root=$(pwd -P)
$PY tests/tools/lockdown.py spec >"$tmp/lock.yaml"
$PY tests/tools/lockdown.py live "$SUB" >"$tmp/lock.live"
mkdir -p "$tmp/lockfake"
$PY tests/tools/lockdown.py live 0000 >"$tmp/lockfake/resources.json"
vn lock-build 0 build "$tmp/lock.yaml" -o "$tmp/lock" --no-graph
start_mock lock --seed "$tmp/lock.live"
va lock-apply 0 apply "$tmp/lock.yaml" --yes -o "$tmp/lj" --parallelism 16
q store "$EP" >"$tmp/lock.mock"
from=$(q lastseq "$LOG")
va lock-again 0 apply "$tmp/lock.yaml" --yes -o "$tmp/lj" --parallelism 16
check "lock-down of every type: a second apply sends no writes" \
	test "$(q writes "$LOG" "$from")" = 0
stop_mock
for run in 1 2; do
	(cd "$tmp" && PATH="$root/tests/fakeaz:$PATH" FAKEAZ_STATE="$tmp/lockfake" \
		FAKEAZ_LOG="$tmp/lockfake.$run.log" bash "$tmp/lock/lock.sh" \
		>"$tmp/lockfake.$run.out" 2>&1)
	check "lock-down of every type: the script runs ($run)" test $? = 0
	[ "$run" = 1 ] && cp "$tmp/lockfake/resources.json" "$tmp/lock.fake"
done
check "lock-down of every type: the script's second run writes nothing" \
	sh -c "! grep -q '^az resource update' '$tmp/lockfake.2.log'"
$PY tests/tools/arm_eval.py "$tmp/lock/lock.json" \
	"$tmp/lock/lock.parameters.json" "$tmp/lock.live" "$SUB" rg-lockdown \
	>"$tmp/lock.puts"
check "lock-down of every type: the three end states agree" \
	$PY tests/tools/lockdown.py compare "$SUB" "$tmp/lock.mock" \
	"$tmp/lock.fake" "$tmp/lock.puts"

# --- pacing under ARM's throttling (issue 19) ----------------------------
# The mock throttles as ARM does (--bucket: a token bucket per class of
# request), scaled down: writes and deletes 4 tokens refilled at 2 a
# second, reads 8 at 4. Paced, the executor keeps under the buckets, one
# budget for its 8 operations at once: it converges, and few of its
# requests meet a 429 (unpaced: 56 of 143). Counted, not timed.
start_mock throttle --bucket writes=4/2 --bucket deletes=4/2 \
	--bucket reads=8/4
va throttle 0 apply "$SPEC" --yes -o "$tmp/jthr" --parallelism 8
check "throttled: final state" q final "$EP" "$SUB"
thr_n=$(grep -c . "$LOG") thr_429=$(q status "$LOG" 429)
check "throttled: $thr_429 429s in $thr_n requests (at most 1 in 20)" \
	test $((thr_429 * 20)) -le "$thr_n"
# A 429 holds back its whole class, every worker, for its Retry-After:
# after the 429 to the zone's PUT (Retry-After: 2), no write reaches the
# mock for 2 s, though the operations of the writes sent with it end
# within 1 s (--op-delay 1) and their dependents' writes are ready then.
# By the mock's clock; writes within 0.25 s of the 429 were sent with it.
# A slow machine only makes the wait longer. Reads go on.
cat >"$tmp/thr429.json" <<'EOF'
{"faults": [
 {"method": "PUT", "path": "/privateDnsZones/privatelink.vaultcore.azure.net$",
  "status": 429, "retry_after": 2}]}
EOF
start_mock thr429 --scenario "$tmp/thr429.json" --op-delay 1
va thr429 0 apply "$SPEC" --yes -o "$tmp/jthr429" --parallelism 8
q_quiet=$(q quiet "$LOG" 0 0.25)
check "a 429 holds back every write for its Retry-After (${q_quiet}s)" \
	awk -v g="$q_quiet" 'BEGIN { exit !(g >= 2) }'

# --- batched reads (issue 19): a group's resources of a type, one list ----
# The spec's two private DNS zones are read with one list of the group's
# zones (GET .../providers/Microsoft.Network/privateDnsZones), in plan and
# in apply, not a GET each; the mock pages lists as ARM does (--page-size
# 1: each page but the last carries a nextLink).
# zone_reads NAME LISTS GETS: a plan that reads the zones with LISTS pages
# of the group's list and GETS GETs of each zone, and has them to create
zone_reads() {
	va "$1" 2 plan "$SPEC" --detailed-exitcode
	check "lists: $1: $2 pages of the list, $3 GET of each zone" sh -c \
		"test $(q count "$LOG" GET /privateDnsZones) = $2 -a \
		$(q count "$LOG" GET "$ZV") = $3 -a $(q count "$LOG" GET "$ZC") = $3"
	check "lists: $1: a zone not there is to be created" grep -q \
		'^  + create .*privatelink.vaultcore' "$tmp/$1.out"
}
start_mock lists --page-size 1
zone_reads lists-plan 1 0
s0=$(q lastseq "$LOG")
va lists-apply 0 apply "$SPEC" --yes -o "$tmp/jlists"
check "lists: apply, zones not in the list created, once" q creates "$LOG"
check "lists: apply reads a zone once only, after its write" sh -c "test \
	$(q count "$LOG" GET "$ZV" "$s0") = 1 -a \
	$(q count "$LOG" GET /privateDnsZones "$s0") = 2"
check "lists: final state as the spec says" q final "$EP" "$SUB"
s0=$(q lastseq "$LOG")
va lists-again 0 plan "$SPEC" --detailed-exitcode
check "lists: every page followed (2 of 1 zone), no GET each" sh -c "test \
	$(q count "$LOG" GET /privateDnsZones "$s0") = 2 -a \
	$(q count "$LOG" GET "$ZV" "$s0") = 0 -a \
	$(q count "$LOG" GET "$ZC" "$s0") = 0"
# A group crowded with others' zones: the list stops when its pages cost
# as much as the reads it saves (2 pages for 2 zones); the zones it has
# not shown are read with a GET each, not taken for absent.
cp "$tmp/seed.json" "$tmp/seed.lists"
$PY -c 'import json, sys
d = json.load(open(sys.argv[1]))
for n in ("a1.example", "a2.example", "a3.example"):
    d[sys.argv[2] + "/Microsoft.Network/privateDnsZones/" + n] = {
        "location": "global", "properties": {}}
json.dump(d, open(sys.argv[1], "w"))' "$tmp/seed.json" \
	"/subscriptions/$SUB/resourceGroups/myKVResourceGroup/providers"
start_mock lists-crowded --page-size 1
zone_reads lists-crowded 2 1
cp "$tmp/seed.lists" "$tmp/seed.json"

# --- fewer polls (issue 19): a write answered without Retry-After (or "0")
# is first polled after as long as the fastest operation of its kind took
# in this run, not at once to hear InProgress. One at a time (the zones
# one after the other), with 1 s operations: the first zone's operation
# is polled twice (at once, then after its Retry-After), the second once.
start_mock polls --op-delay 1
va polls 0 apply "$SPEC" --yes -o "$tmp/jpolls" --parallelism 1
check "polls: the second zone's operation polled once, the first twice" \
	$PY -c 'import json, sys
log = [json.loads(l) for l in open(sys.argv[1])]
ops = [e["op"] for e in log if e["method"] == "PUT" and e.get("op") and
       "/privateDnsZones/privatelink." in e["path"] and
       "/virtualNetworkLinks/" not in e["path"]]
n = [sum(1 for e in log if e["method"] == "GET" and e["path"] == o)
     for o in ops]
sys.exit(0 if n == [2, 1] else "polls per zone operation: %s" % n)' "$LOG"

# --- on a terminal: a progress line, a line only for what went wrong -----
# (issue 19: at thousands of operations a line each is too much); every
# line with --verbose, or when stdout is no terminal (every test above).
tty() { # NAME ARGS...: apply on a pseudo-terminal (tests/tools/onatty.py)
	name=$1
	shift
	env -u AZURE_SUBSCRIPTION_ID -u VNETC_HTTP_DEBUG \
		AZURE_ACCESS_TOKEN="$TOKEN" $PY tests/tools/onatty.py "$VNETC" apply \
		"$SPEC" --yes --subscription "$SUB" --arm-endpoint "$EP" "$@" \
		>"$tmp/$name.out" 2>&1
	check "$name: exit 0" test $? = 0
}
start_mock tty
tty tty -o "$tmp/jtty"
check "terminal: the progress line counts, in flight" \
	grep -Eq '\[[0-9]+/15\] [0-9]+ in flight' "$tmp/tty.out"
check "terminal: no line per operation" sh -c \
	"! grep -q 'created  *vnet ' '$tmp/tty.out'"
check "terminal: the summary" grep -q '9 created, 5 updated' "$tmp/tty.out"
# Throttled on a terminal: the line counts each request vnetc's pacing
# held back once (it counted every time the executor asked again, "102
# throttled waits" against 1 429 in 223 requests, which a user read as ARM
# refusing them by the hundred) and ARM's own 429s apart.
start_mock tty-paced --bucket writes=2/2 --bucket deletes=2/2 \
	--bucket reads=4/4
tty tty-paced -o "$tmp/jttyp"
held=$(tr '\r' '\n' <"$tmp/tty-paced.out" |
	sed -n "s/.* \([0-9][0-9]*\) held for ARM's limits.*/\1/p" | sort -n |
	tail -1)
reqs=$(grep -c . "$LOG")
check "terminal, paced: requests held (${held:-none}) counted once each, \
at most the $reqs sent" test "${held:-0}" -ge 1 -a "${held:-0}" -le "$reqs"
check "terminal, paced: no 'throttled waits' wording" sh -c \
	"! grep -q 'throttled waits' '$tmp/tty-paced.out'"
# The ETA only once it means something: a tenth of the steps done (and 2 s
# gone), never "0s" with work left (a trial saw "ETA 0s" early in a run:
# the first steps to end are reads, done in a blink).
eta=$(tr '\r' '\n' <"$tmp/tty-paced.out" | sed -n \
	's/^.*\[\([0-9]*\)\/\([0-9]*\)\].*, ETA \([0-9]*\)s.*$/\1 \2 \3/p')
check "terminal, paced: an ETA shown ($(echo "$eta" | grep -c .) lines)" \
	test -n "$eta"
check "terminal, paced: no ETA before a tenth of the steps, never 0s" sh -c \
	"echo '$eta' | awk '\$1 * 10 < \$2 || \$3 == 0 { bad = 1 } END { exit bad }'"
start_mock tty-verbose
tty tty-verbose -o "$tmp/jttyv" --verbose
check "terminal, --verbose: a line per operation" \
	grep -q 'created  *vnet ' "$tmp/tty-verbose.out"

# --- the token and the secret appear nowhere -----------------------------
check "token in no output, log or journal" sh -c \
	"! grep -rlF '$TOKEN' '$tmp'"
check "client secret in no output or log" sh -c \
	"! grep -rlF '$SECRET' '$tmp'"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
