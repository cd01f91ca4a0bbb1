#!/bin/sh
# tests/identities.sh - user-assigned managed identities (identities:,
# issue 16): one vnetc creates (tagged, owned, destroyed as a created back
# end is) and one that exists (by its id), carried by a created app beside
# its system-assigned identity; the executor against the mock ARM server,
# the script against the fake az, the template, the diagram.
# Last line: "N passed, N failed".
. tests/mockarm/lib.sh

G=/subscriptions/$SUB/resourceGroups/rg-web
I=$G/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-web
X=/subscriptions/$SUB/resourceGroups/rg-platform/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-shared
A=$G/providers/Microsoft.Web/sites/web-vnetc-ids
cat >"$tmp/ids.yaml" <<EOF
resource_group: rg-web
location: westeurope
vnets:
  vnet:
    address_space: 10.0.0.0/16
    subnets:
      apps: { prefix: 10.0.1.0/24, delegation: Microsoft.Web/serverFarms }
identities:
  web-id:
    name: id-web
    create: {}
  shared:
    existing: $X
plans:
  plan:
    name: plan-web
    sku: P1v3
    create: { os: linux }
apps:
  web:
    name: web-vnetc-ids
    plan: plan
    identity: [system, web-id, shared]
    create: { runtime: "PYTHON|3.12" }
    vnet_integration: apps
EOF

MOCK_TOKEN=tok
SPEC=$tmp/ids.yaml

# --- checks and the plan -----------------------------------------------------
t plan 0 "$VNETC" check -d plan "$tmp/ids.yaml"
check "the created identity after the group" grep -q "^3 identity 'web-id' after 1$" "$tmp/out"
check "the app after it" grep -q "^5 app 'web' after 1,4,2,3$" "$tmp/out"
sed 's/identity: \[system, web-id, shared\]/identity: [system, web-idd]/' \
	"$tmp/ids.yaml" >"$tmp/typo.yaml"
t "an unknown identity key" 1 "$VNETC" check "$tmp/typo.yaml"
check "is named, with the key it may mean" grep -q \
	"typo.yaml:23:.*identity 'web-idd' is not declared under 'identities:'; did you mean 'web-id'? \[VN302\]" \
	"$tmp/err"
sed 's/identity: \[system, web-id, shared\]/identity: [web-id, web-id]/' \
	"$tmp/ids.yaml" >"$tmp/twice.yaml"
t "an identity listed twice" 1 "$VNETC" check "$tmp/twice.yaml"
check "is refused" grep -q "identity 'web-id' is listed twice \[VN301\]" "$tmp/err"
sed 's|existing: /sub.*|existing: /subscriptions/x/resourceGroups/r/providers/Microsoft.KeyVault/vaults/v|' \
	"$tmp/ids.yaml" >"$tmp/badid.yaml"
t "an existing identity's id of another type" 1 "$VNETC" check "$tmp/badid.yaml"
check "is refused" grep -q "existing identity id" "$tmp/err"

# --- the executor: from nothing -----------------------------------------------
mock "{\"/subscriptions/$SUB\": {},
 \"/subscriptions/$SUB/resourceGroups/rg-platform\": {\"location\": \"westeurope\"},
 \"$X\": {\"location\": \"westeurope\", \"properties\": {}}}"
va 0 apply
check "the identity is created" grep -q "^created *identity 'web-id'" "$tmp/out"
check "in the spec's region, tagged as vnetc's" test \
	"$(field "$I" location) $(field "$I" tags)" = \
	'"westeurope" {"managed-by": "vnetc", "vnetc-spec": "ids"}'
check "before the app" test "$(seq_of PUT /userAssignedIdentities/id-web)" \
	-lt "$(seq_of PUT /sites/web-vnetc-ids)"
check "the app carries both identities and its own" test \
	"$(field "$A" identity.type) $(field "$A" identity.userAssignedIdentities | $PY -c 'import json,sys; print(" ".join(sorted(json.load(sys.stdin))))')" = \
	"\"SystemAssigned, UserAssigned\" $X $I"
from=$(q lastseq "$LOG")
va 0 apply
check "a second apply writes nothing" test "$(q writes "$LOG" "$from")" = 0
check "the existing identity is never written" test \
	"$(q count "$LOG" PUT /userAssignedIdentities/id-shared)" = 0

# --- destroy: the app, then the identity it created; never the other ---------
va 0 destroy
check "destroy deletes the identity vnetc created" grep -q "^deleted *identity 'web-id'" "$tmp/out"
check "after the app" test "$(seq_of DELETE /sites/web-vnetc-ids)" \
	-lt "$(seq_of DELETE /userAssignedIdentities/id-web)"
check "and leaves the existing one" test \
	"$(q count "$LOG" DELETE /userAssignedIdentities/id-shared)" = 0

# --- an identity of that name that is not vnetc's -----------------------------
mock "{\"/subscriptions/$SUB\": {}, \"$G\": {\"location\": \"westeurope\"},
 \"/subscriptions/$SUB/resourceGroups/rg-platform\": {\"location\": \"westeurope\"},
 \"$X\": {\"location\": \"westeurope\", \"properties\": {}},
 \"$I\": {\"location\": \"westeurope\", \"tags\": {\"owner\": \"shop\"}, \"properties\": {}}}"
OUT=o2 va 3 apply
check "apply refuses to write over another's identity, and says what to do" grep -q \
	"user-assigned identity of this name exists and is not vnetc's.*for identity 'web-id'" \
	"$tmp/out"
check "nothing is written to it" test "$(q count "$LOG" PUT /userAssignedIdentities/id-web)" = 0

# --- the script, against the fake az ------------------------------------------
t build 0 "$VNETC" build -q "$tmp/ids.yaml" -o "$tmp/b" --no-graph
check "its az commands parse" $PY tests/tools/azcheck.py "$tmp/b/ids.sh"
sc() {
	mkdir -p "$1"
	PATH="$(pwd)/tests/fakeaz:$PATH" FAKEAZ_STATE=$1 FAKEAZ_LOG=$2 \
		FAKEAZ_NEW=serverfarms,sites,userassignedidentities \
		bash "$tmp/b/ids.sh" >/dev/null 2>>"$2"
}
mkdir -p "$tmp/st"
printf '{"%s": {"location": "westeurope", "properties": {}}}' "$(echo "$X" | sed s/$SUB/0000/)" \
	>"$tmp/st/resources.json"
sed -i "s/$SUB/0000/g" "$tmp/b/ids.sh"
sc "$tmp/st" "$tmp/s1.log"
check "the script creates the identity, then the app" test $? = 0
check "the identity: in the spec's region, tagged" grep -q \
	'^az identity create --resource-group rg-web --name id-web --location westeurope --tags managed-by=vnetc vnetc-spec=ids --output none$' \
	"$tmp/s1.log"
check "the app with its identities, by id" grep -q \
	"^az webapp create .*--assign-identity \\\\\[system\\\\\] /subscriptions/0000/resourceGroups/rg-web/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-web /subscriptions/0000/resourceGroups/rg-platform/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-shared " \
	"$tmp/s1.log"
sc "$tmp/st" "$tmp/s2.log"
check "a second run writes nothing" sh -c \
	"! grep '^az ' '$tmp/s2.log' | grep -qv ' \(show\|list\|exists\|version\) '"

# a created identity alone (none by id in another group): the script still
# knows the run's subscription, which the app's --assign-identity id names
sed '/^  shared:/,/^    existing:/d; s/\[system, web-id, shared\]/[web-id]/' \
	"$tmp/ids.yaml" >"$tmp/one.yaml"
t "build, one identity" 0 "$VNETC" build -q "$tmp/one.yaml" -o "$tmp/b1" --no-graph
mkdir -p "$tmp/st1"
PATH="$(pwd)/tests/fakeaz:$PATH" FAKEAZ_STATE=$tmp/st1 FAKEAZ_LOG=$tmp/s3.log \
	FAKEAZ_NEW=serverfarms,sites,userassignedidentities \
	bash "$tmp/b1/one.sh" >/dev/null 2>>"$tmp/s3.log"
check "the script with one created identity runs" test $? = 0
check "and gives the app the identity by its id" grep -q \
	"^az webapp create .*--assign-identity /subscriptions/0000/resourceGroups/rg-web/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-web " \
	"$tmp/s3.log"

# --- the template and the diagram --------------------------------------------
check "the template: the identity, created and tagged; the app carries both" \
	$PY -c 'import json, sys
rs = json.load(open(sys.argv[1]))["resources"]
ids = [r for r in rs if r["type"] == "Microsoft.ManagedIdentity/userAssignedIdentities"]
assert [r["name"] for r in ids] == ["id-web"], ids
assert ids[0]["tags"] == {"managed-by": "vnetc", "vnetc-spec": "ids"}, ids
app = [r for r in rs if r["type"] == "Microsoft.Web/sites"][0]
assert app["identity"]["type"] == "SystemAssigned, UserAssigned", app
assert sorted(app["identity"]["userAssignedIdentities"]) == [
    "[resourceId('"'"'11111111-2222-3333-4444-555555555555'"'"', '"'"'rg-platform'"'"', '"'"'Microsoft.ManagedIdentity/userAssignedIdentities'"'"', '"'"'id-shared'"'"')]",
    "[resourceId('"'"'Microsoft.ManagedIdentity/userAssignedIdentities'"'"', '"'"'id-web'"'"')]"], app
assert "[resourceId('"'"'Microsoft.ManagedIdentity/userAssignedIdentities'"'"', '"'"'id-web'"'"')]" in app["dependsOn"], app' \
	"$tmp/b/ids.json"
if have_arm_schemas "the template: ARM schemas"; then
	if $PY tests/tools/validate_arm.py "$tmp/b/ids.json" \
		"$tmp/b/ids.parameters.json" >"$tmp/arm" 2>&1; then ok; else
		ko "the template: ARM schemas"
		sed 's/^/  | /' "$tmp/arm" | head -n 20
	fi
fi
t graph 0 "$VNETC" graph --format mermaid "$tmp/ids.yaml"
check "the diagram draws the identities the app carries" sh -c \
	"grep -q 'id-web.*created by vnetc' '$tmp/out' && grep -q 'id-shared' '$tmp/out'"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
