#!/bin/sh
# tests/access.sh - an app's own lock-down (issue 16): basic_auth: of an
# app that exists (its publishing credentials off), public_access:
# (its site's publicNetworkAccess, after its own endpoints, on a created
# app and on one that exists) and access: (its access restrictions: IP,
# service-tag and subnet rules, the default actions, the SCM site's own
# or the main site's), in the plan, the template (and the official ARM
# schemas), the executor against the mock ARM server (the spec's rules
# replace Azure's; App Service's own last rule, an address answered with
# /32 and a name in another case are no difference; a second apply writes
# nothing) and the script against the fake az (the same, and a rule added
# by hand is removed).
# Last line: "N passed, N failed".
. tests/mockarm/lib.sh
MOCK_TOKEN=tok

G=/subscriptions/$SUB/resourceGroups/rg-acc
S=$G/providers/Microsoft.Web/sites
SN=$G/providers/Microsoft.Network/virtualNetworks/vnet/subnets/agw
FARM=$G/providers/Microsoft.Web/serverfarms/plan-old
cat >"$tmp/acc.yaml" <<'EOF'
resource_group: rg-acc
location: westeurope
vnets:
  vnet:
    address_space: 10.0.0.0/16
    subnets:
      apps: { prefix: 10.0.1.0/24, delegation: Microsoft.Web/serverFarms }
      agw: { prefix: 10.0.3.0/24, service_endpoints: [Microsoft.Web] }
      pe: { prefix: 10.0.2.0/27 }
plans:
  plan: { name: plan-acc, sku: P1v3, create: { os: linux } }
  old-plan: { name: plan-old }
apps:
  web:
    name: web-acc
    plan: plan
    create: { runtime: "PYTHON|3.12" }
    access:
      rules:
        - { name: office, ip: 203.0.113.7 }
        - { name: gateway, subnet: agw, priority: 150 }
        - { name: Front Door, service_tag: azurefrontdoor.backend, priority: 300 }
  api:
    name: api-acc
    plan: plan
    create: { runtime: "PYTHON|3.12" }
    vnet_integration: apps
    public_access: disabled
    private_endpoints: [{ subnet: pe }]
  old:
    name: old-acc
    plan: old-plan
    public_access: disabled
    private_endpoints: [{ subnet: pe }]
  legacy:
    name: legacy-acc
    plan: old-plan
    basic_auth: false
    access:
      default: allow
      rules:
        - { name: bad actors, ip: 198.51.100.0/24, action: deny }
      scm:
        rules:
          - { name: build, ip: 192.0.2.10 }
  front:
    name: front-acc
    plan: plan
    create: { runtime: "PYTHON|3.12" }
    vnet_integration: apps
    uses: [api, old]
EOF
VA_SPEC=$tmp/acc.yaml

# --- the plan ------------------------------------------------------------------
t plan 0 "$VNETC" check -d plan "$tmp/acc.yaml"
step() { grep "^[0-9]* $1 after" "$tmp/out" | head -n 1; }
num() { step "$1" | cut -d' ' -f1; }
after() { step "$1" | sed 's/.* after //' | tr ',' '\n' | grep -qx "$(num "$2")"; }
check "the access restrictions after their app" after "access restrictions of 'web'" "app 'web'"
check "and after the VNet of their subnet rule" after "access restrictions of 'web'" "vnet 'vnet'"
check "a created app's public access after the app" after "public access of 'api'" "app 'api'"
check "and after its own endpoint's zone group" after "public access of 'api'" "DNS zone group of 'api'"
check "an existing app's after its endpoint, and after its caller" sh -c \
	"grep -q \"^[0-9]* public access of 'old' after\" '$tmp/out'"
check "and after its caller's integration" after "public access of 'old'" "app 'front'"

# --- the template --------------------------------------------------------------
t build 0 "$VNETC" build -q "$tmp/acc.yaml" -o "$tmp/b" --no-graph
check "the template: config/web with the spec's rules, the SCM site's own or the main's" $PY -c '
import json, sys
t = json.load(open(sys.argv[1]))
cfg = {r["name"]: r for r in t["resources"] if r["type"] == "Microsoft.Web/sites/config"}
w = cfg["web-acc/web"]["properties"]
sub = "[resourceId('"'"'Microsoft.Network/virtualNetworks/subnets'"'"', '"'"'vnet'"'"', '"'"'agw'"'"')]"
assert w == {"ipSecurityRestrictions": [
    {"name": "office", "priority": 100, "action": "Allow", "ipAddress": "203.0.113.7/32"},
    {"name": "gateway", "priority": 150, "action": "Allow", "vnetSubnetResourceId": sub},
    {"name": "Front Door", "priority": 300, "action": "Allow",
     "ipAddress": "AzureFrontDoor.Backend", "tag": "ServiceTag"}],
    "ipSecurityRestrictionsDefaultAction": "Deny",
    "scmIpSecurityRestrictionsUseMain": True}, w
assert "[resourceId('"'"'Microsoft.Web/sites'"'"', '"'"'web-acc'"'"')]" in cfg["web-acc/web"]["dependsOn"]
l = cfg["legacy-acc/web"]["properties"]
assert l["ipSecurityRestrictionsDefaultAction"] == "Allow" and l["ipSecurityRestrictions"][0]["action"] == "Deny"
assert l["scmIpSecurityRestrictionsUseMain"] is False
assert l["scmIpSecurityRestrictionsDefaultAction"] == "Deny"
assert l["scmIpSecurityRestrictions"] == [{"name": "build", "priority": 100, "action": "Allow", "ipAddress": "192.0.2.10/32"}]
lock = [r for r in t["resources"] if r["name"].startswith("vnetc-lock-") and r["name"].endswith("-api")][0]
assert lock["properties"]["parameters"]["change"]["value"] == {"properties": {"publicNetworkAccess": "Disabled"}}
inner = lock["properties"]["template"]["resources"][0]
assert "siteConfig" in inner["properties"], "a restated site leaves its siteConfig out"
' "$tmp/b/acc.json"
if have_arm_schemas "the template against the ARM schemas"; then
	check "the template against the ARM schemas" $PY tests/tools/validate_arm.py \
		"$tmp/b/acc.json" "$tmp/b/acc.parameters.json"
fi

# --- apply, against the mock --------------------------------------------------
# seed LEGACY-CONFIG: the estate: the existing plan, apps, legacy's config/web
seed() {
	mock "{\"/subscriptions/$SUB\": {}, \"$G\": {\"location\": \"westeurope\"},
 \"$G/providers/Microsoft.Web/serverfarms/plan-old\": {\"location\": \"westeurope\", \"kind\": \"app\", \"sku\": {\"name\": \"S1\"}, \"properties\": {}},
 \"$S/old-acc\": {\"location\": \"westeurope\", \"kind\": \"app\", \"properties\": {\"serverFarmId\": \"$FARM\", \"publicNetworkAccess\": \"Enabled\"}},
 \"$S/legacy-acc\": {\"location\": \"westeurope\", \"kind\": \"app\", \"properties\": {\"serverFarmId\": \"$FARM\"}},
 \"$S/legacy-acc/config/web\": {\"properties\": $1}}"
}
# rules SITE LIST: the names of the stored config/web's list, in order
rules() {
	field "$S/$1/config/web" "properties.$2" | $PY -c 'import json, sys
print(" ".join("%s=%s" % (r["name"], r.get("ipAddress") or r.get("vnetSubnetResourceId")) for r in json.load(sys.stdin)))'
}
ALLOW='{"ipAddress": "Any", "action": "Allow", "priority": 2147483647, "name": "Allow all"}'
seed "{\"ipSecurityRestrictions\": [{\"name\": \"by hand\", \"priority\": 100, \"action\": \"Allow\", \"ipAddress\": \"192.0.2.99/32\"}, $ALLOW], \"scmIpSecurityRestrictionsUseMain\": true}"
va 0 apply
check "the created app's rules, then App Service's own last one" test \
	"$(rules web-acc ipSecurityRestrictions)" = \
	"office=203.0.113.7/32 gateway=$SN Front Door=AzureFrontDoor.Backend Deny all=Any"
check "the existing app's: the spec's replace a rule added by hand" test \
	"$(rules legacy-acc ipSecurityRestrictions)" = "bad actors=198.51.100.0/24 Allow all=Any"
check "its SCM site's own" test "$(rules legacy-acc scmIpSecurityRestrictions)" = \
	"build=192.0.2.10/32 Deny all=Any"
check "and not the main site's" test \
	"$(field "$S/legacy-acc/config/web" properties.scmIpSecurityRestrictionsUseMain)" = false
check "the created app's public access is off" test \
	"$(field "$S/api-acc" properties.publicNetworkAccess)" = '"Disabled"'
check "the existing app's too" test \
	"$(field "$S/old-acc" properties.publicNetworkAccess)" = '"Disabled"'
check "the existing app's basic-auth publishing is off, FTP's and SCM's" test \
	"$(field "$S/legacy-acc/basicPublishingCredentialsPolicies/ftp" properties.allow) $(field "$S/legacy-acc/basicPublishingCredentialsPolicies/scm" properties.allow)" = "false false"
check "after its endpoint" test "$(seq_of PATCH /sites/old-acc)" -gt \
	"$(seq_of PUT /privateEndpoints/old-pe)"
from=$(q lastseq "$LOG")
va 0 apply
check "a second apply writes nothing" test "$(q writes "$LOG" "$from")" = 0
va 0 plan
check "and the plan after it is clean" grep -q \
	"^Plan: 0 to create, 0 to update" "$tmp/out"
# the app's public access is a later step of the same resource: what vnetc
# created stays vnetc's in the journal, so destroy deletes it
va 0 destroy --dry-run
check "destroy deletes the app vnetc created, public access set after" grep -q \
	"^DELETE .*/sites/api-acc?" "$tmp/out"
check "and says its public access goes with it, not that it is existing" sh -c \
	"grep -A1 \"^# [0-9]*/[0-9]* public access of 'api'\" '$tmp/out' | grep -q \
	'^# left alone: part of the app vnetc created: deleted with it\$'"
# the spec's rules as App Service may answer them: an address without its
# /32, a name and an action in another case, its own last rules
DENY='{"ipAddress": "Any", "action": "Deny", "priority": 2147483647, "name": "Deny all"}'
seed "{\"ipSecurityRestrictions\": [{\"name\": \"bad actors\", \"priority\": 100, \"action\": \"Deny\", \"ipAddress\": \"198.51.100.0/24\", \"tag\": \"Default\"}, $ALLOW], \"ipSecurityRestrictionsDefaultAction\": \"Allow\", \"scmIpSecurityRestrictionsUseMain\": false, \"scmIpSecurityRestrictions\": [{\"name\": \"BUILD\", \"priority\": 100, \"action\": \"allow\", \"ipAddress\": \"192.0.2.10\"}, $DENY], \"scmIpSecurityRestrictionsDefaultAction\": \"Deny\"}"
va 0 plan
check "as App Service answers them: no difference" grep -q \
	"no change *access restrictions of 'legacy'" "$tmp/out"

# --- the script, against the fake az -----------------------------------------
sc() {
	PATH="$(pwd)/tests/fakeaz:$PATH" FAKEAZ_STATE=$tmp/st FAKEAZ_LOG=$1 \
		FAKEAZ_NEW=serverfarms,sites bash "$tmp/b/acc.sh" >/dev/null 2>>"$1.err"
}
check "its az commands parse" $PY tests/tools/azcheck.py "$tmp/b/acc.sh"
mkdir -p "$tmp/st"
FG=/subscriptions/0000/resourceGroups/rg-acc
printf '{"%s": {"location": "westeurope"}, "%s/providers/Microsoft.Web/serverfarms/plan-old": {"location": "westeurope", "sku": {"name": "S1"}, "properties": {}}, "%s/providers/Microsoft.Web/sites/old-acc": {"location": "westeurope", "kind": "app", "properties": {"publicNetworkAccess": "Enabled"}}, "%s/providers/Microsoft.Web/sites/legacy-acc": {"location": "westeurope", "kind": "app", "properties": {}}}' \
	"$FG" "$FG" "$FG" "$FG" >"$tmp/st/resources.json"
sc "$tmp/s1.log"
check "the script runs" test $? = 0
cfg() {
	$PY -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(" ".join(r["name"] for r in d[sys.argv[2].lower()]["properties"][sys.argv[3]]))' \
		"$tmp/st/resources.json" "$FG/providers/Microsoft.Web/sites/$1/config/web" "$2"
}
check "it writes the created app's rules, the subnet's id read as it runs" grep -qF \
	"\\\"vnetSubnetResourceId\\\":\\\"$FG/providers/Microsoft.Network/virtualNetworks/vnet/subnets/agw\\\"" \
	"$tmp/s1.log"
check "the existing app's" test "$(cfg legacy-acc ipSecurityRestrictions)" = "bad actors Allow all"
check "and turns the existing app's public access off" test "$($PY -c 'import json, sys
print(json.load(open(sys.argv[1]))[sys.argv[2].lower()]["properties"]["publicNetworkAccess"])' \
	"$tmp/st/resources.json" "$FG/providers/Microsoft.Web/sites/old-acc")" = Disabled
check "and the existing app's basic-auth publishing off" test "$($PY -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(d[sys.argv[2].lower() + "/ftp"]["properties"]["allow"], d[sys.argv[2].lower() + "/scm"]["properties"]["allow"])' \
	"$tmp/st/resources.json" "$FG/providers/Microsoft.Web/sites/legacy-acc/basicPublishingCredentialsPolicies")" = "False False"
sc "$tmp/s2.log"
check "a second run writes nothing" sh -c \
	"! grep '^az ' '$tmp/s2.log' | grep -qv ' \(show\|list\|exists\|version\) '"
# by hand: one more rule on the legacy app
$PY - "$tmp/st/resources.json" <<'PYEOF'
import json, sys
f = sys.argv[1]
d = json.load(open(f))
for k, v in d.items():
    if k.endswith('/sites/legacy-acc/config/web'):
        v['properties']['ipSecurityRestrictions'].insert(0, {
            'name': 'by hand', 'priority': 50, 'action': 'Allow', 'ipAddress': '192.0.2.99/32'})
json.dump(d, open(f, 'w'))
PYEOF
sc "$tmp/s3.log"
check "a rule added by hand is removed" test \
	"$(cfg legacy-acc ipSecurityRestrictions)" = "bad actors Allow all"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
