#!/bin/sh
# tests/slots.sh - deployment slots of an app vnetc creates (apps.<key>.slots,
# issue 16): the slot after its app, its own integration, its endpoint
# (group id sites-<slot>) after the slot, its basic-auth policies; in the
# plan, the template (and the official ARM schemas), the executor against
# the mock ARM server (apply creates them, a second apply and plan change
# nothing, destroy deletes the slot once, before its app; another's slot of
# the name is refused; the mock refuses what App Service refuses), and the
# script against the fake az (the same, and a second run writes nothing).
# Last line: "N passed, N failed".
. tests/mockarm/lib.sh

G=/subscriptions/$SUB/resourceGroups/rg-slots
A=$G/providers/Microsoft.Web/sites/web-slots-1
S=$A/slots/staging
I=$G/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-web
SN=$G/providers/Microsoft.Network/virtualNetworks/vnet/subnets/apps
E=$G/providers/Microsoft.Network/privateEndpoints/web-staging-pe
cat >"$tmp/slots.yaml" <<'EOF'
resource_group: rg-slots
location: westeurope
vnets:
  vnet:
    address_space: 10.0.0.0/16
    subnets:
      apps: { prefix: 10.0.1.0/24, delegation: Microsoft.Web/serverFarms }
      pe: { prefix: 10.0.2.0/27 }
identities:
  web-id: { name: id-web, create: {} }
plans:
  plan: { name: plan-slots, sku: S1, create: { os: linux } }
apps:
  web:
    name: web-slots-1
    plan: plan
    identity: [system, web-id]
    create: { runtime: "PYTHON|3.12" }
    vnet_integration: apps
    private_endpoints: [{ subnet: pe }]
    slot_settings: [STAGE]
    slots:
      staging:
        vnet_integration: apps
        route_all: false
        private_endpoints: [{ subnet: pe }]
        public_access: disabled
        app_settings: { STAGE: staging }
EOF

# --- the plan -----------------------------------------------------------------
t plan 0 "$VNETC" check -d plan "$tmp/slots.yaml"
check "the slot after its app and its integration's VNet" grep -q \
	"^12 slot 'staging' of 'web' after 7,2$" "$tmp/out"
check "its endpoint after the slot" grep -q \
	"^13 private endpoint of slot 'staging' of 'web' after 2,12,7$" "$tmp/out"
check "its own basic-auth policies after it" grep -q \
	"^15 FTP basic-auth publishing of 'web/staging' after 12$" "$tmp/out"
check "the app's slot settings after the app" grep -q \
	"^[0-9]* slot settings of 'web' after 7$" "$tmp/out"
sed 's/^    slot_settings: \[STAGE\]$/    slot_settings: [STAGE, STAGE]/' "$tmp/slots.yaml" >"$tmp/dupst.yaml"
t "a slot setting named twice" 1 "$VNETC" check "$tmp/dupst.yaml"
check "is VN301" grep -q "dupst.yaml:21:28: error: app 'web': slot_settings: names 'STAGE' twice \[VN301\]" "$tmp/err"
sed '/^    slots:$/,$d' "$tmp/slots.yaml" >"$tmp/noslots.yaml"
t "slot settings without slots" 1 "$VNETC" check "$tmp/noslots.yaml"
check "is VN104" grep -q "noslots.yaml:21:20: error: app 'web': slot_settings: names the settings.*\[VN104\]" "$tmp/err"

# --- the checks ---------------------------------------------------------------
sed 's/sku: S1/sku: B1/' "$tmp/slots.yaml" >"$tmp/basic.yaml"
t "a slot on a Basic plan" 1 "$VNETC" check "$tmp/basic.yaml"
check "is refused: Basic has none" grep -q \
	"basic.yaml:23:7: error: app 'web' has 1 deployment slot; plan 'plan' (B1, tier Basic) allows 0 per app.*\[VN381\]" \
	"$tmp/err"
sed 's/      staging:/      stag_ing:/' "$tmp/slots.yaml" >"$tmp/name.yaml"
t "a slot name with _" 1 "$VNETC" check "$tmp/name.yaml"
check "is refused by its name rule" grep -q \
	"name.yaml:23:7: error: slot name 'stag_ing' of app 'web'.*\[VN409\]" "$tmp/err"
sed 's/^        vnet_integration: apps$/        vnet_integration: pe/' \
	"$tmp/slots.yaml" >"$tmp/undelegated.yaml"
t "a slot integrated with an undelegated subnet" 1 "$VNETC" check \
	"$tmp/undelegated.yaml"
check "is refused as an app's would be (the same rule)" grep -q \
	"undelegated.yaml:24:27: error: app 'web/staging' integrates with subnet 'pe', which is not delegated.*\[VN316\]" \
	"$tmp/err"
sed 's/^        private_endpoints: \[{ subnet: pe }\]$/        private_endpoints: [{ subnet: nope }]/' \
	"$tmp/slots.yaml" >"$tmp/pesub.yaml"
t "a slot's endpoint in no subnet" 1 "$VNETC" check "$tmp/pesub.yaml"
check "is refused as an app's endpoint would be" grep -q \
	"pesub.yaml:26:39: error: subnet 'nope' names no subnet; did you mean 'pe'? \[VN302\]" "$tmp/err"

# --- the template -------------------------------------------------------------
t build 0 "$VNETC" build -q "$tmp/slots.yaml" -o "$tmp/b" --no-graph
check "the template: the slot, its integration, its endpoint and policies" \
	$PY -c 'import json, sys
rs = json.load(open(sys.argv[1]))["resources"]
by = lambda t: [r for r in rs if r["type"] == t]
sl = by("Microsoft.Web/sites/slots")
assert [r["name"] for r in sl] == ["web-slots-1/staging"], sl
p = sl[0]["properties"]
assert p["serverFarmId"] == "[resourceId('"'"'Microsoft.Web/serverfarms'"'"', '"'"'plan-slots'"'"')]", p
assert p["httpsOnly"] is True and p["vnetRouteAllEnabled"] is False, p
assert p["virtualNetworkSubnetId"] == "[resourceId('"'"'Microsoft.Network/virtualNetworks/subnets'"'"', '"'"'vnet'"'"', '"'"'apps'"'"')]", p
assert p["siteConfig"]["ftpsState"] == "Disabled" and p["siteConfig"]["minTlsVersion"] == "1.2", p
assert sl[0]["tags"] == {"managed-by": "vnetc", "vnetc-spec": "slots"}, sl
assert sl[0]["identity"]["type"] == "SystemAssigned, UserAssigned", sl
assert "[resourceId('"'"'Microsoft.Web/sites'"'"', '"'"'web-slots-1'"'"')]" in sl[0]["dependsOn"], sl
pe = [r for r in by("Microsoft.Network/privateEndpoints") if r["name"] == "web-staging-pe"][0]
c = pe["properties"]["privateLinkServiceConnections"][0]["properties"]
assert c["groupIds"] == ["sites-staging"], c
assert c["privateLinkServiceId"] == "[resourceId('"'"'Microsoft.Web/sites'"'"', '"'"'web-slots-1'"'"')]", c
assert "[resourceId('"'"'Microsoft.Web/sites/slots'"'"', '"'"'web-slots-1'"'"', '"'"'staging'"'"')]" in pe["dependsOn"], pe
pc = by("Microsoft.Web/sites/slots/basicPublishingCredentialsPolicies")
assert sorted(r["name"] for r in pc) == ["web-slots-1/staging/ftp", "web-slots-1/staging/scm"], pc
assert all(r["properties"] == {"allow": False} for r in pc), pc
sc = [r for r in by("Microsoft.Web/sites/config") if r["name"] == "web-slots-1/slotConfigNames"]
assert len(sc) == 1 and sc[0]["properties"] == {"appSettingNames": ["STAGE"]}, sc' \
	"$tmp/b/slots.json"
if have_arm_schemas "the template: ARM schemas"; then
	if $PY tests/tools/validate_arm.py "$tmp/b/slots.json" \
		"$tmp/b/slots.parameters.json" >"$tmp/arm" 2>&1; then ok; else
		ko "the template: ARM schemas"
		sed 's/^/  | /' "$tmp/arm" | head -n 20
	fi
fi

t graph 0 "$VNETC" graph --format mermaid "$tmp/slots.yaml"
check "the diagram lists the slot with its integration, endpoint and lock-down" grep -q \
	"<br/>slot staging: integration apps, 1 private endpoint, public access disabled\"\]$" "$tmp/out"
check "the slot's endpoint's edge says the slot" grep -q \
	"^  pe_[0-9]*_1 -->|\"sites-staging: slot staging\"| app_0$" "$tmp/out"

# --- the executor, against the mock -------------------------------------------
MOCK_TOKEN=tok
VA_SPEC=$tmp/slots.yaml
mock "{\"/subscriptions/$SUB\": {}}"
va 0 apply
check "apply creates the slot" grep -q "^created *slot 'staging' of 'web'" "$tmp/out"
check "with its own integration, Route All off, tagged as vnetc's" test \
	"$(field "$S" properties.virtualNetworkSubnetId) $(field "$S" properties.vnetRouteAllEnabled) $(field "$S" tags)" = \
	"\"$SN\" false {\"managed-by\": \"vnetc\", \"vnetc-spec\": \"slots\"}"
check "and its app's identities" test "$(field "$S" identity.userAssignedIdentities | $PY -c 'import json,sys; print(list(json.load(sys.stdin)))')" \
	= "['$I']"
check "its endpoint: the app, group id sites-staging" test \
	"$(field "$E" properties.privateLinkServiceConnections | $PY -c 'import json,sys; c = json.load(sys.stdin)[0]["properties"]; print(c["privateLinkServiceId"], c["groupIds"])')" \
	= "$A ['sites-staging']"
check "its basic auth off" test "$(field "$S/basicPublishingCredentialsPolicies/scm" properties.allow)" = false
check "the app's slot settings" test "$(field "$A/config/slotConfigNames" properties.appSettingNames)" = '["STAGE"]'
check "its own public access and settings (its config/appsettings)" test \
	"$(field "$S" properties.publicNetworkAccess) $(field "$S/config/appsettings" properties.STAGE)" = \
	"\"Disabled\" \"staging\""
$VNETC apply "$tmp/slots.yaml" --dry-run --subscription "$SUB" >"$tmp/dry" 2>&1
$VNETC check -d plan "$tmp/slots.yaml" >"$tmp/plan" 2>&1
check "every write after what it waits for" q order "$LOG" "$tmp/dry" "$tmp/plan"
from=$(q lastseq "$LOG")
va 0 apply
check "a second apply writes nothing" test "$(q writes "$LOG" "$from")" = 0
va 0 plan --detailed-exitcode
check "plan after apply: no changes" grep -q "^Plan: 0 to create, 0 to update" "$tmp/out"
# by hand: the slot's FTP turned on and its setting changed (its configuration
# and settings are its own, apart from the app's): apply restores both
put_arm "$S/config/web" '{"properties": {"ftpsState": "AllAllowed", "minTlsVersion": "1.2", "http20Enabled": true}}' >/dev/null
put_arm "$S/config/appsettings" '{"properties": {"STAGE": "by-hand", "BY_HAND": "kept"}}' >/dev/null
va 2 plan --detailed-exitcode
check "slot drift: plan names the slot's configuration and settings" sh -c "grep -q \
	\"^  ~ update *configuration of slot 'staging' of 'web' \\[staging/web\\]\$\" '$tmp/out' && grep -qxF \
	'                  properties.ftpsState: \"AllAllowed\" -> \"Disabled\"' '$tmp/out' && grep -qxF \
	'                  properties.STAGE: (hidden) -> \"staging\"' '$tmp/out'"
va 0 apply
check "slot drift: apply restores them, keeping what a hand added" test \
	"$(field "$S/config/web" properties.ftpsState) $(field "$S/config/appsettings" properties.STAGE) $(field "$S/config/appsettings" properties.BY_HAND)" = \
	'"Disabled" "staging" "kept"'
va 0 plan --detailed-exitcode
check "slot drift: then no changes" grep -q "^Plan: 0 to create, 0 to update" "$tmp/out"
# import keeps the slot's endpoint on the slot: written on the app's
# site, without its group id, the imported spec would re-point it to the
# app (sites)
env AZURE_ACCESS_TOKEN="$MOCK_TOKEN" "$VNETC" import --subscription "$SUB" \
	--arm-endpoint "$EP" --resource-group rg-slots >"$tmp/imp" 2>"$tmp/imp.err"
check "import: written (its audit may have findings)" test $? -le 1
check "import: the slot's endpoint on its slot" sh -c \
	"grep -A4 '^      staging:' '$tmp/imp' | grep -q 'private_endpoints: \\[{ name: web-staging-pe,'"
check "import: the slot's own public access" sh -c \
	"grep -A4 '^      staging:' '$tmp/imp' | grep -qx '        public_access: disabled'"

va 0 destroy
check "destroy deletes the slot" grep -q "^deleted *slot 'staging' of 'web'" "$tmp/out"
check "once, after its endpoint, before its app" test \
	"$(q count "$LOG" DELETE /slots/staging) $(test "$(seq_of DELETE /privateEndpoints/web-staging-pe)" -lt "$(seq_of DELETE /slots/staging)" && echo y) $(test "$(seq_of DELETE /slots/staging)" -lt "$(seq_of DELETE /sites/web-slots-1)" && echo y)" \
	= "1 y y"
check "nothing of the app is left" sh -c "q() { $PY tests/mockarm/query.py \"\$@\"; }; \
	! q store '$EP' | grep -qi '/sites/web-slots-1'"

# --- destroy after the spec dropped the slot: what vnetc created goes too ------
# (the journal holds the slot, its endpoint and its zone group; the spec no
# longer names them: destroy deletes them, the endpoint before the VNet)
mock "{\"/subscriptions/$SUB\": {}}"
OUT=o6 va 0 apply
{ echo 'project: slots'; sed '/^    slot_settings:/d; /^    slots:/,$d' "$tmp/slots.yaml"; } >"$tmp/dropped.yaml"
# apply leaves them, and says so: not a silent "no change"
OUT=o6 SPEC=$tmp/dropped.yaml va 0 plan
check "plan: the dropped slot and its endpoint are left alone, and why" sh -c "grep -q \
	'^  \\. left alone  deployment slot no longer in the spec \\[staging\\]: vnetc created it (journal .*), and the spec no longer names it' '$tmp/out' &&
	grep -q '^  \\. left alone  private endpoint no longer in the spec \\[web-staging-pe\\]' '$tmp/out'"
check "plan: nothing else is" test "$(grep -c 'no longer names it' "$tmp/out")" = 3
OUT=o6 SPEC=$tmp/dropped.yaml va 0 destroy --dry-run
check "destroy --dry-run lists the slot's endpoint the spec no longer names" grep -q \
	"^DELETE .*/privateEndpoints/web-staging-pe?" "$tmp/out"
check "in the order destroy deletes: its zone group, it, the slot, then the app, the VNet" test \
	"$(grep '^DELETE ' "$tmp/out" | grep -n 'web-staging-zg?\|web-staging-pe?\|/slots/staging?\|/sites/web-slots-1?\|/virtualNetworks/vnet?' | cut -d: -f1 | tr '\n' ' ')" \
	= "1 2 3 $(grep '^DELETE ' "$tmp/out" | grep -n '/sites/web-slots-1?' | cut -d: -f1) $(grep '^DELETE ' "$tmp/out" | grep -n '/virtualNetworks/vnet?' | cut -d: -f1) "
OUT=o6 SPEC=$tmp/dropped.yaml va 0 destroy
check "destroy deletes the dropped slot's endpoint and its zone group" test \
	"$(q count "$LOG" DELETE /privateEndpoints/web-staging-pe) $(q count "$LOG" DELETE /privateEndpoints/web-staging-pe/privateDnsZoneGroups/web-staging-zg)" = "1 1"
check "said as no longer in the spec, and the slot too" sh -c "grep -q \
	'^deleted *private endpoint no longer in the spec \\[web-staging-pe\\]' '$tmp/out' &&
	grep -q '^deleted *deployment slot no longer in the spec \\[staging\\]' '$tmp/out'"
check "the zone group, the endpoint, the slot, its app, the VNet" test \
	"$(test "$(seq_of DELETE /privateDnsZoneGroups/web-staging-zg)" -lt "$(seq_of DELETE /privateEndpoints/web-staging-pe)" && echo y) $(test "$(seq_of DELETE /privateEndpoints/web-staging-pe)" -lt "$(seq_of DELETE /slots/staging)" && echo y) $(test "$(seq_of DELETE /slots/staging)" -lt "$(seq_of DELETE /sites/web-slots-1)" && echo y) $(test "$(seq_of DELETE /slots/staging)" -lt "$(seq_of DELETE /virtualNetworks/vnet)" && echo y)" \
	= "y y y y"
check "nothing of it is left" sh -c "q() { $PY tests/mockarm/query.py \"\$@\"; }; \
	! q store '$EP' | grep -qi 'web-staging-pe\|/slots/staging'"

# --- another's slot of that name ----------------------------------------------
mock "{\"/subscriptions/$SUB\": {}}"
{ echo 'project: slots'; sed '/^    slot_settings:/d; /^    slots:/,$d' "$tmp/slots.yaml"; } >"$tmp/noslot.yaml"
OUT=o3 SPEC=$tmp/noslot.yaml va 0 apply
check "the mock: an endpoint to a slot the app lacks is refused" test \
	"$(put_arm "$G/providers/Microsoft.Network/privateEndpoints/x" \
	"{\"location\": \"westeurope\", \"properties\": {\"privateLinkServiceConnections\": [{\"name\": \"c\", \"properties\": {\"privateLinkServiceId\": \"$A\", \"groupIds\": [\"sites-staging\"]}}]}}" | cut -c1-3)" = 409
put_arm "$S" '{"location": "westeurope", "tags": {"owner": "shop"}, "properties": {}}' >/dev/null
OUT=o3 va 3 apply
cp "$tmp/out" "$tmp/o3.out"
check "apply refuses to write over another's slot" grep -q \
	"deployment slot of this name exists and is not vnetc's.*slot 'staging' of app 'web'" "$tmp/out"
check "and says what a slot takes: another name, not existing: true" sh -c \
	"grep -q \"not vnetc's.*give slot 'staging' of app 'web' another name (a slot takes no 'existing:'\" '$tmp/out' &&
	! grep -q \"slot.*existing: true\" '$tmp/out'"
check "the script's refusal too" sh -c \
	"grep 'vnetc_die .deployment slot' '$tmp/b/slots.sh' | grep -c '(a slot takes no' | grep -q '^2$' &&
	! grep 'vnetc_die .deployment slot' '$tmp/b/slots.sh' | grep -q 'existing: true'"
check "and writes nothing to it" test "$(q count "$LOG" PUT /slots/staging)" = 1

# the mock refuses a slot on a Basic plan, as App Service does
sed 's/sku: S1/sku: B1/' "$tmp/noslot.yaml" >"$tmp/basic-noslot.yaml"
mock "{\"/subscriptions/$SUB\": {}}"
OUT=o4 SPEC=$tmp/basic-noslot.yaml va 0 apply
check "the mock: a slot on a Basic plan is refused" test \
	"$(put_arm "$S" '{"location": "westeurope", "properties": {}}' | cut -c1-3)" = 409

# --- the script, against the fake az ------------------------------------------
check "its az commands parse" $PY tests/tools/azcheck.py "$tmp/b/slots.sh"
sed -i "s/$SUB/0000/g" "$tmp/b/slots.sh"
sc() {
	mkdir -p "$1"
	PATH="$(pwd)/tests/fakeaz:$PATH" FAKEAZ_STATE=$1 FAKEAZ_LOG=$2 \
		FAKEAZ_NEW=serverfarms,sites,userassignedidentities,slots \
		bash "$tmp/b/slots.sh" >/dev/null 2>>"$2"
}
sc "$tmp/st" "$tmp/s1.log"
check "the script runs" test $? = 0
F=/subscriptions/0000/resourceGroups/rg-slots/providers
check "it creates the slot by its whole body, with the ids it read" $PY -c '
import json, sys
r = json.load(open(sys.argv[1]))
s = r[sys.argv[2].lower() + "/microsoft.web/sites/web-slots-1/slots/staging"]
assert s["properties"]["virtualNetworkSubnetId"] == sys.argv[2] + "/Microsoft.Network/virtualNetworks/vnet/subnets/apps", s
assert s["properties"]["serverFarmId"].endswith("/serverfarms/plan-slots"), s
assert list(s["identity"]["userAssignedIdentities"]) == [sys.argv[2] + "/Microsoft.ManagedIdentity/userAssignedIdentities/id-web"], s
assert s["tags"] == {"managed-by": "vnetc", "vnetc-spec": "slots"}, s
assert s["properties"]["vnetRouteAllEnabled"] is False, s
p = r[sys.argv[2].lower() + "/microsoft.web/sites/web-slots-1/slots/staging/basicpublishingcredentialspolicies/ftp"]
assert p["properties"]["allow"] is False, p
n = r[sys.argv[2].lower() + "/microsoft.web/sites/web-slots-1/config/slotconfignames"]
assert n["properties"]["appSettingNames"] == ["STAGE"], n
' "$tmp/st/resources.json" "$F"
sc "$tmp/st" "$tmp/s2.log"
check "a second run writes nothing" sh -c \
	"! grep '^az ' '$tmp/s2.log' | grep -qv ' \(show\|list\|exists\|version\) '"
$PY - "$tmp/st/resources.json" "$F" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
s = r[sys.argv[2].lower() + "/microsoft.web/sites/web-slots-1/slots/staging"]
s["properties"]["httpsOnly"] = False
s["properties"]["vnetRouteAllEnabled"] = True
json.dump(r, open(sys.argv[1], "w"))
EOF
sc "$tmp/st" "$tmp/s3.log"
check "a slot opened by hand is repaired on the slot, not the app" sh -c \
	"grep -q '^az webapp update --resource-group rg-slots --name web-slots-1 --slot staging --https-only true' '$tmp/s3.log' &&
	grep -q '^az resource update --ids $F/Microsoft.Web/sites/web-slots-1/slots/staging .*vnetRouteAllEnabled=false' '$tmp/s3.log'"

# --- a function app's slots, a slot's settings and public access -------------
# the function example with a staging slot: its own content share and host
# settings, its own setting, and public access closed as its app's
{ cat specs/functions-private-storage.yaml; cat <<'EOF'
    public_access: disabled
    slots:
      staging:
        vnet_integration: func
        app_settings: { STAGE: staging }
EOF
} >"$tmp/fslots.yaml"
t "a function app's slot" 0 "$VNETC" check -d plan "$tmp/fslots.yaml"
check "has a content share of its own, made before it" sh -c \
	"n=\$(sed -n \"s/^\([0-9]*\) content share of 'func\/staging' after .*/\1/p\" '$tmp/out') &&
	grep -q \"^[0-9]* slot 'staging' of 'func' after .*\<\$n\>\" '$tmp/out'"
check "and VN375 stays quiet: the slot takes its app's public access" sh -c \
	"! grep -q VN375 '$tmp/err'"
t "its template" 0 "$VNETC" build -q "$tmp/fslots.yaml" -o "$tmp/fb" --no-graph
check "the slot's host settings, share, own setting and public access" \
	$PY -c 'import json, sys
rs = json.load(open(sys.argv[1]))["resources"]
sl = [r for r in rs if r["type"] == "Microsoft.Web/sites/slots"][0]
p = sl["properties"]
st = {x["name"]: x["value"] for x in p["siteConfig"]["appSettings"]}
assert st["WEBSITE_CONTENTSHARE"] == "func-content-staging", st
assert st["AzureWebJobsStorage"].startswith("[format("), st
assert "listKeys(" in st["WEBSITE_CONTENTAZUREFILECONNECTIONSTRING"], st
assert "STAGE" not in st and st["FUNCTIONS_WORKER_RUNTIME"] == "dotnet-isolated", st
own = [r for r in rs if r["type"] == "Microsoft.Web/sites/slots/config"]
assert len(own) == 1 and "staging" in own[0]["name"] and own[0]["name"].endswith("appsettings'"'"')]"), own
assert "'"'"'STAGE'"'"', '"'"'staging'"'"'" in own[0]["properties"], own
assert p["publicNetworkAccess"] == "Disabled" and p["vnetContentShareEnabled"] is True, p
sh = [r["name"] for r in rs if r["type"] == "Microsoft.Storage/storageAccounts/fileServices/shares"]
assert len(sh) == 2 and any("func-content-staging" in n for n in sh), sh' \
	"$tmp/fb/fslots.json"
check "the script keeps the slot's account key out of its text" sh -c \
	"! grep -q 'AccountKey' '$tmp/fb/fslots.sh' && grep -q -- '--body \"@\$vnetc_secret_file\"' '$tmp/fb/fslots.sh' && grep -c 'vnetc_secret_file=' '$tmp/fb/fslots.sh' | grep -q '^2$'"
# the executor: the slot's connection strings get the storage's key, read
# before the slot's PUT as before its app's (they got the key's mark)
mock "{\"/subscriptions/$SUB\": {}}"
FG=/subscriptions/$SUB/resourceGroups/rg-intake-prod/providers/Microsoft.Web/sites/func-intake-prod
SPEC=$tmp/fslots.yaml TENANT=00000000-0000-0000-0000-00000000aaaa OUT=fs va 0 apply
check "a function app's slot: its host settings hold the key" sh -c \
	"echo '$(field "$FG/slots/staging/config/appsettings" properties.AzureWebJobsStorage)' | grep -q 'AccountKey=TU9DSy1TVE9SQUdFLUtFWS1ET05PVExFQUs=\"\$'"
check "a function app's slot: the key is in no output nor the journal" sh -c \
	"! grep -rq 'TU9DSy1TVE9SQUdFLUtFWS1ET05PVExFQUs=' '$tmp/out' '$tmp/err' '$tmp/j.fs'"
from=$(q lastseq "$LOG")
SPEC=$tmp/fslots.yaml TENANT=00000000-0000-0000-0000-00000000aaaa OUT=fs va 0 apply
check "a function app's slot: a second apply writes nothing" test "$(q writes "$LOG" "$from")" = 0
sed 's/^        app_settings: { STAGE: staging }$/        public_access: enabled/' \
	"$tmp/fslots.yaml" >"$tmp/fopen.yaml"
t "a slot that opens under a closed app" 0 "$VNETC" check "$tmp/fopen.yaml"
check "is VN375, at the slot's public_access" grep -q \
	"fopen.yaml:[0-9]*:24: warning: app 'func': public_access: disabled closes the app's public endpoint, but slot 'staging'.*\[VN375\]" \
	"$tmp/err"
{ cat "$tmp/fslots.yaml"; printf '      qa: {}\n      dev: {}\n'; } >"$tmp/three.yaml"
t "three slots on Elastic Premium" 1 "$VNETC" check "$tmp/three.yaml"
check "is VN381: Premium has three counting production" grep -q \
	"three.yaml:[0-9]*:7: error: app 'func' has 3 deployment slots; plan 'plan' (EP1, tier ElasticPremium) allows 2 per app.*\[VN381\]" \
	"$tmp/err"
sed 's/^        app_settings: { STAGE: staging }$/        content_share: func-content/' \
	"$tmp/fslots.yaml" >"$tmp/share.yaml"
t "a slot on its app's content share" 1 "$VNETC" check "$tmp/share.yaml"
check "is refused (VN301): a deployment to it would overwrite production" grep -q \
	"share.yaml:[0-9]*:24: error: slot 'staging' of app 'func': content share 'func-content' is its app's.*\[VN301\]" \
	"$tmp/err"
sed 's/^        app_settings: { STAGE: staging }$/        app_settings: { S: { secret: vault\/x } }/' \
	"$tmp/fslots.yaml" >"$tmp/kvref.yaml"
t "a slot's Key Vault reference" 0 "$VNETC" check -d plan "$tmp/kvref.yaml"
check "gives the slot's own system-assigned identity Key Vault Secrets User, before its settings" sh -c \
	"n=\$(sed -n \"s/^\([0-9]*\) role 'Key Vault Secrets User' of 'func\/staging' (system) on 'vault' (derived: its Key Vault references) after .*/\1/p\" '$tmp/out') &&
	grep -q \"^[0-9]* app settings of 'func\/staging' after .*\<\$n\>\" '$tmp/out'"

# the script, against the fake az: the slot's public access is repaired
{ echo 'project: slots'; sed -e '/^    private_endpoints: \[{ subnet: pe }\]$/a\    public_access: disabled' \
	"$tmp/slots.yaml"; } >"$tmp/pub.yaml"
t "the slot example, its app closed" 0 "$VNETC" build -q "$tmp/pub.yaml" -o "$tmp/pb" --no-graph
sed -i "s/$SUB/0000/g" "$tmp/pb/pub.sh"
scp() {
	mkdir -p "$1"
	PATH="$(pwd)/tests/fakeaz:$PATH" FAKEAZ_STATE=$1 FAKEAZ_LOG=$2 \
		FAKEAZ_NEW=serverfarms,sites,userassignedidentities,slots \
		bash "$tmp/pb/pub.sh" >/dev/null 2>>"$2"
}
scp "$tmp/ps" "$tmp/p1.log"
check "the script runs" test $? = 0
pna() { $PY -c 'import json, sys
print(json.load(open(sys.argv[1]))[sys.argv[2].lower() + "/microsoft.web/sites/web-slots-1/slots/staging"]["properties"].get("publicNetworkAccess"))' \
	"$tmp/ps/resources.json" "$F"; }
check "it makes the slot closed, as its app" test "$(pna)" = Disabled
$PY - "$tmp/ps/resources.json" "$F" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
r[sys.argv[2].lower() + "/microsoft.web/sites/web-slots-1/slots/staging"]["properties"]["publicNetworkAccess"] = "Enabled"
json.dump(r, open(sys.argv[1], "w"))
EOF
scp "$tmp/ps" "$tmp/p2.log"
check "a slot opened by hand is closed again, on the slot" grep -q \
	'^az webapp update --resource-group rg-slots --name web-slots-1 --slot staging --set publicNetworkAccess=Disabled' "$tmp/p2.log"
check "and stays so" test "$(pna)" = Disabled

# --- a slot of an app vnetc does not create -----------------------------------
# existing: the slot is vnetc's (created, tagged, in the journal), the app
# is not: destroy deletes the slot and leaves the app
G2=/subscriptions/$SUB/resourceGroups/rg-ex
A2=$G2/providers/Microsoft.Web/sites/web-ex-1
P2=$G2/providers/Microsoft.Web/serverfarms/plan-ex
cat >"$tmp/ex.yaml" <<'EOF'
resource_group: rg-ex
location: westeurope
vnets:
  vnet:
    address_space: 10.0.0.0/16
    subnets:
      apps: { prefix: 10.0.1.0/24, delegation: Microsoft.Web/serverFarms }
      pe: { prefix: 10.0.2.0/27 }
plans:
  plan: { name: plan-ex, existing: true }
apps:
  web:
    name: web-ex-1
    plan: plan
    existing: { kind: "app,linux" }
    slots:
      staging:
        vnet_integration: apps
        private_endpoints: [{ subnet: pe }]
        public_access: disabled
EOF
t "a slot of an existing app" 0 "$VNETC" check -d plan "$tmp/ex.yaml"
check "is planned after the app, its endpoint after it" grep -q \
	"^[0-9]* private endpoint of slot 'staging' of 'web' after .*" "$tmp/out"
t "its template" 0 "$VNETC" build -q "$tmp/ex.yaml" -o "$tmp/eb" --no-graph
check "the template: the slot, secure, of the app's kind, after the app's restatement" \
	$PY -c 'import json, sys
rs = json.load(open(sys.argv[1]))["resources"]
sl = [r for r in rs if r["type"] == "Microsoft.Web/sites/slots"][0]
assert sl["name"] == "web-ex-1/staging" and sl["kind"] == "app,linux", sl
p = sl["properties"]
assert p["siteConfig"]["minTlsVersion"] == "1.2" and p["siteConfig"]["ftpsState"] == "Disabled", p
assert p["publicNetworkAccess"] == "Disabled" and "identity" not in sl, sl
assert p["serverFarmId"].endswith("'"'"'plan-ex'"'"')]"), p
assert not [r for r in rs if r["type"] == "Microsoft.Web/sites"], "the app is not created"' \
	"$tmp/eb/ex.json"
sed 's/existing: { kind: "app,linux" }/existing: { kind: "functionapp,linux" }/' \
	"$tmp/ex.yaml" >"$tmp/exfn.yaml"
t "a slot of an existing function app" 1 "$VNETC" check "$tmp/exfn.yaml"
check "is VN381: its host settings are not known" grep -q \
	"exfn.yaml:17:7: error: slot 'staging' of app 'web': vnetc makes slots of a function app it creates only.*\[VN381\]" \
	"$tmp/err"
sed 's/existing: { kind: "app,linux" }/existing: true/' "$tmp/ex.yaml" >"$tmp/exos.yaml"
t "a slot of an existing app of no known OS" 1 "$VNETC" check "$tmp/exos.yaml"
check "is VN103: the slot runs on its app's OS" grep -q \
	"exos.yaml:17:7: error: slot 'staging' of app 'web': vnetc makes the slot on its app's OS.*\[VN103\]" \
	"$tmp/err"
sed -e 's/existing: { kind: "app,linux" }/existing: true/' \
	-e 's/plan: { name: plan-ex, existing: true }/plan: { name: plan-ex, existing: { os: linux } }/' \
	"$tmp/ex.yaml" >"$tmp/explan.yaml"
t "its plan's OS" 0 "$VNETC" build -q "$tmp/explan.yaml" -o "$tmp/eb3" --no-graph
check "makes a Linux slot" $PY -c 'import json, sys
rs = json.load(open(sys.argv[1]))["resources"]
sl = [r for r in rs if r["type"] == "Microsoft.Web/sites/slots"][0]
assert sl["kind"] == "app,linux" and sl["properties"]["reserved"] is True, sl' "$tmp/eb3/explan.json"
mock "{\"/subscriptions/$SUB\": {}, \"$G2\": {\"location\": \"westeurope\"},
 \"$P2\": {\"location\": \"westeurope\", \"kind\": \"linux\", \"sku\": {\"name\": \"S1\", \"tier\": \"Standard\"}, \"properties\": {\"reserved\": true}},
 \"$A2\": {\"location\": \"westeurope\", \"kind\": \"app,linux\", \"tags\": {\"owner\": \"shop\"}, \"properties\": {\"serverFarmId\": \"$P2\"}}}"
OUT=o5 VA_SPEC=$tmp/ex.yaml va 0 apply
check "apply creates the slot of the existing app" grep -q \
	"^created *slot 'staging' of 'web'" "$tmp/out"
check "closed, vnetc's" test \
	"$(field "$A2/slots/staging" properties.publicNetworkAccess) $(field "$A2/slots/staging" tags)" = \
	"\"Disabled\" {\"managed-by\": \"vnetc\", \"vnetc-spec\": \"ex\"}"
from=$(q lastseq "$LOG")
OUT=o5 VA_SPEC=$tmp/ex.yaml va 0 apply
check "a second apply writes nothing" test "$(q writes "$LOG" "$from")" = 0
OUT=o5 VA_SPEC=$tmp/ex.yaml va 0 destroy
check "destroy deletes the slot it made, once" test \
	"$(q count "$LOG" DELETE /slots/staging)" = 1
check "and never the app" test "$(q count "$LOG" DELETE /sites/web-ex-1)" = 0
t "the script" 0 "$VNETC" build -q "$tmp/ex.yaml" -o "$tmp/eb2" --no-graph
sed -i "s/$SUB/0000/g" "$tmp/eb2/ex.sh"
mkdir -p "$tmp/es"
F2=/subscriptions/0000/resourceGroups/rg-ex/providers
printf '{"%s": {"location": "westeurope", "kind": "app,linux", "properties": {"serverFarmId": "%s"}}}\n' \
	"$F2/Microsoft.Web/sites/web-ex-1" "$F2/Microsoft.Web/serverfarms/plan-ex" >"$tmp/es/resources.json"
PATH="$(pwd)/tests/fakeaz:$PATH" FAKEAZ_STATE=$tmp/es FAKEAZ_LOG=$tmp/e1.log \
	FAKEAZ_NEW=slots bash "$tmp/eb2/ex.sh" >/dev/null 2>>"$tmp/e1.log"
check "runs against the fake az" test $? = 0
check "and creates the slot, closed" $PY -c 'import json, sys
r = json.load(open(sys.argv[1]))
s = r[sys.argv[2].lower() + "/microsoft.web/sites/web-ex-1/slots/staging"]
assert s["properties"]["publicNetworkAccess"] == "Disabled", s
assert s["tags"] == {"managed-by": "vnetc", "vnetc-spec": "ex"}, s' \
	"$tmp/es/resources.json" "$F2"

# --- a slot's own identity, Key Vault reference, {from:} and roles ----------
# A slot's system-assigned identity is a principal of its own: its Key Vault
# reference needs that principal to hold Key Vault Secrets User (a derived
# role, named guid(vault, slot id, role)); its roles: name its identities;
# its settings are its own step (config/appsettings), after its roles, with
# what its {from:} settings read.
G3=/subscriptions/$SUB/resourceGroups/rg-ref
A3=$G3/providers/Microsoft.Web/sites/web-slotref-1
S3=$A3/slots/staging
V3=$G3/providers/Microsoft.KeyVault/vaults/kv-vnetc-slotref
I3=$G3/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-slot
KVSU=4633458b-17de-408a-b874-0445c86b69e6
KVCU=db79e9a7-68ee-4b58-9aeb-b90e7c24fcba
guid() { $PY -c 'import sys, uuid
print(uuid.uuid5(uuid.UUID("11fb06fb-712d-4ddd-98c7-e71bbd588830"), "-".join(sys.argv[1:])))' "$@"; }
RS=$V3/providers/Microsoft.Authorization/roleAssignments/$(guid "$V3" "$S3" $KVSU)
RA=$V3/providers/Microsoft.Authorization/roleAssignments/$(guid "$V3" "$A3" $KVSU)
RI=$V3/providers/Microsoft.Authorization/roleAssignments/$(guid "$V3" "$I3" $KVCU)
cat >"$tmp/ref.yaml" <<'EOF'
resource_group: rg-ref
location: westeurope
vnets:
  vnet:
    address_space: 10.0.0.0/16
    subnets:
      apps: { prefix: 10.0.1.0/24, delegation: Microsoft.Web/serverFarms }
      pe: { prefix: 10.0.2.0/27 }
identities:
  slot-id: { name: id-slot, create: {} }
backends:
  vault:
    type: Microsoft.KeyVault/vaults
    name: kv-vnetc-slotref
    create: {}
    private_endpoints: [{ subnet: pe }]
plans:
  plan: { name: plan-ref, sku: S1, create: { os: linux } }
apps:
  web:
    name: web-slotref-1
    plan: plan
    identity: [system]
    create: { runtime: "PYTHON|3.12" }
    vnet_integration: apps
    app_settings: { DB: { secret: vault/db } }
    slots:
      staging:
        identity: [system, slot-id]
        vnet_integration: apps
        app_settings:
          DB: { secret: vault/db-staging }
          VAULT: { from: vault, property: vaultUri }
        roles:
          - { on: vault, role: Key Vault Certificate User, as: slot-id }
EOF
t "a slot's references and roles: the plan" 0 "$VNETC" check -d plan "$tmp/ref.yaml"
check "the slot's derived role after the slot (its principal) and the vault" grep -q \
	"^18 role 'Key Vault Secrets User' of 'web/staging' (system) on 'vault' (derived: its Key Vault references) after 1,13,5$" "$tmp/out"
check "its roles: role after its identity" grep -q \
	"^17 role 'Key Vault Certificate User' of 'web/staging' (slot-id) on 'vault' after 1,8,5$" "$tmp/out"
check "its settings after the slot, its roles and the vault it reads" grep -q \
	"^20 app settings of 'web/staging' after 13,17,18,5," "$tmp/out"
t "its template" 0 "$VNETC" build -q "$tmp/ref.yaml" -o "$tmp/rb" --no-graph
check "the template: the slot's own identities, its roles, its settings" \
	$PY -c 'import json, sys
rs = json.load(open(sys.argv[1]))["resources"]
q = chr(39)
sl = [r for r in rs if r["type"] == "Microsoft.Web/sites/slots"][0]
assert sl["identity"]["type"] == "SystemAssigned, UserAssigned", sl
assert list(sl["identity"]["userAssignedIdentities"]) == ["[resourceId(%sMicrosoft.ManagedIdentity/userAssignedIdentities%s, %sid-slot%s)]" % (q, q, q, q)], sl
assert "appSettings" not in sl["properties"]["siteConfig"], sl
slot = "resourceId(%sMicrosoft.Web/sites/slots%s, %sweb-slotref-1%s, %sstaging%s)" % (q, q, q, q, q, q)
ra = [r for r in rs if r["type"] == "Microsoft.Authorization/roleAssignments" and slot in r["name"]]
assert len(ra) == 1 and ra[0]["properties"]["principalId"] == "[reference(%s, %s2024-04-01%s, %sFull%s).identity.principalId]" % (slot, q, q, q, q), ra
assert "4633458b-17de-408a-b874-0445c86b69e6" in ra[0]["name"], ra
cf = [r for r in rs if r["type"] == "Microsoft.Web/sites/slots/config"]
assert [r["name"] for r in cf] == ["web-slotref-1/staging/appsettings"], cf
p = cf[0]["properties"]
assert "%sDB%s, %s@Microsoft.KeyVault(VaultName=kv-vnetc-slotref;SecretName=db-staging)%s" % (q, q, q, q) in p, p
assert "%sVAULT%s, reference(resourceId(%sMicrosoft.KeyVault/vaults%s, %skv-vnetc-slotref%s), %s2023-07-01%s).vaultUri" % (q, q, q, q, q, q, q, q) in p, p
assert any(slot in d and "roleAssignments" in d for d in cf[0]["dependsOn"]), cf' \
	"$tmp/rb/ref.json"
if have_arm_schemas "the template: ARM schemas (a slot's settings and roles)"; then
	if $PY tests/tools/validate_arm.py "$tmp/rb/ref.json" \
		"$tmp/rb/ref.parameters.json" >"$tmp/arm" 2>&1; then ok; else
		ko "the template: ARM schemas (a slot's settings and roles)"
		sed 's/^/  | /' "$tmp/arm" | head -n 20
	fi
fi

# a slot without identity: of its own carries its app's identities and its
# key_vault_identity: its references resolve with that user-assigned
# identity, whose role is one assignment, made once for the app and the slot
# (and for two apps that carry it)
sed -e 's/^    identity: \[system\]$/    identity: [system, slot-id]\n    key_vault_identity: slot-id/' \
	-e '/^        identity: \[system, slot-id\]$/d' -e '/^        roles:$/,$d' \
	"$tmp/ref.yaml" >"$tmp/kvi.yaml"
t "a slot on its app's key_vault_identity" 0 "$VNETC" check -d plan "$tmp/kvi.yaml"
check "one role assignment for the identity, which the app's and the slot's settings wait for" sh -c \
	"test \"\$(grep -c \"role 'Key Vault Secrets User' of '[^']*' (slot-id) on 'vault'\" '$tmp/out')\" = 1 &&
	n=\$(sed -n \"s/^\\([0-9]*\\) role 'Key Vault Secrets User' of 'web' (slot-id).*/\\1/p\" '$tmp/out') &&
	grep -q \"^[0-9]* app settings of 'web/staging' after .*\\<\$n\\>\" '$tmp/out'"
t "its template" 0 "$VNETC" build -q "$tmp/kvi.yaml" -o "$tmp/kb" --no-graph
check "the slot resolves its references with the app's key_vault_identity; one assignment" \
	$PY -c 'import json, sys
rs = json.load(open(sys.argv[1]))["resources"]
sl = [r for r in rs if r["type"] == "Microsoft.Web/sites/slots"][0]
assert sl["properties"]["keyVaultReferenceIdentity"].endswith("'"'"'id-slot'"'"')]"), sl
ra = [r["name"] for r in rs if r["type"] == "Microsoft.Authorization/roleAssignments"]
assert len(ra) == len(set(ra)) == 1, ra' "$tmp/kb/kvi.json"
check "the script sets it on the slot" grep -q \
	"^vnetc_app=\"\$(az webapp show --resource-group=\"\${groupName}\" --name=web-slotref-1 --slot=staging --query id --output tsv)\"$" \
	"$tmp/kb/kvi.sh"
sed -e 's/^  web:$/  other:\n    name: web-slotref-2\n    plan: plan\n    identity: [slot-id]\n    key_vault_identity: slot-id\n    create: { runtime: "PYTHON|3.12" }\n    vnet_integration: apps\n    app_settings: { DB: { secret: vault\/db } }\n  web:/' \
	"$tmp/kvi.yaml" >"$tmp/kvi2.yaml"
t "two apps on one identity" 0 "$VNETC" check -d plan "$tmp/kvi2.yaml"
check "have one assignment of its role too" test \
	"$(grep -c "role 'Key Vault Secrets User' of '[^']*' (slot-id) on 'vault'" "$tmp/out")" = 1

# a slot vnetc makes for an app it does not create carries no identity
# unless it writes one (without it, its reference is VN385: tests/bad)
sed 's/^        vnet_integration: apps$/        vnet_integration: apps\n        identity: [system]/' \
	tests/bad/VN385-slot-secret.yaml >"$tmp/exid.yaml"
t "a slot of an existing app with identity: of its own" 0 "$VNETC" check -d plan "$tmp/exid.yaml"
check "its own principal gets the role its reference needs, before its settings" sh -c \
	"grep -q \"^13 role 'Key Vault Secrets User' of 'web/staging' (system) on 'vault' (derived: its Key Vault references) after 1,10,5$\" '$tmp/out' &&
	grep -q \"^14 app settings of 'web/staging' after 10,13,\" '$tmp/out'"

mock "{\"/subscriptions/$SUB\": {}}"
TENANT=00000000-0000-0000-0000-00000000aaaa OUT=r1 VA_SPEC=$tmp/ref.yaml va 0 apply
check "apply gives the slot's own principal Key Vault Secrets User, by its deterministic name" test \
	"$(field "$RS" properties.principalId)" = "$(field "$S3" identity.principalId)"
check "a principal that is not its app's" sh -c "test '$(field "$S3" identity.principalId)' != '$(field "$A3" identity.principalId)' &&
	test '$(field "$RA" properties.principalId)' = '$(field "$A3" identity.principalId)'"
check "its roles: role to its user-assigned identity" test \
	"$(field "$RI" properties.principalId)" = "$(field "$I3" properties.principalId)"
check "its settings: the reference and the vault's URI as ARM answers it" test \
	"$(field "$S3/config/appsettings" properties.DB) $(field "$S3/config/appsettings" properties.VAULT)" = \
	"\"@Microsoft.KeyVault(VaultName=kv-vnetc-slotref;SecretName=db-staging)\" $(field "$V3" properties.vaultUri)"
check "written after its roles" test \
	"$(seq_of PUT /slots/staging/config/appsettings)" -gt "$(seq_of PUT "$(guid "$V3" "$S3" $KVSU)")"
from=$(q lastseq "$LOG")
TENANT=00000000-0000-0000-0000-00000000aaaa OUT=r1 VA_SPEC=$tmp/ref.yaml va 0 apply
check "a second apply writes nothing" test "$(q writes "$LOG" "$from")" = 0
TENANT=00000000-0000-0000-0000-00000000aaaa OUT=r1 VA_SPEC=$tmp/ref.yaml va 0 plan --detailed-exitcode
check "plan after apply: no changes" grep -q "^Plan: 0 to create, 0 to update" "$tmp/out"
env AZURE_ACCESS_TOKEN="$MOCK_TOKEN" "$VNETC" import --subscription "$SUB" \
	--arm-endpoint "$EP" --resource-group rg-ref >"$tmp/rimp" 2>"$tmp/rimp.err"
check "import: written" test $? -le 1
check "import reads the slot's identities, roles: and settings back, not its derived role" sh -c \
	"sed -n '/^      staging:/,\$p' '$tmp/rimp' >'$tmp/rimp.slot' &&
	grep -q '^        identity: \[system, slot\]$' '$tmp/rimp.slot' &&
	grep -q '^          - { on: vault, role: \"Key Vault Certificate User\", as: slot }$' '$tmp/rimp.slot' &&
	grep -q '^          DB: { secret: vault/db-staging }$' '$tmp/rimp.slot' &&
	grep -q '^          VAULT: { from: vault, property: vaultUri }$' '$tmp/rimp.slot' &&
	! grep -q 'Key Vault Secrets User' '$tmp/rimp.slot'"
check "the imported spec builds the same slot roles and settings" sh -c \
	"'$VNETC' check -d plan '$tmp/rimp' 2>/dev/null | grep -c \"of 'web-slotref-1/staging'\|web-slotref-1/staging\" >/dev/null &&
	'$VNETC' check -d plan '$tmp/rimp' 2>/dev/null | grep -q \"role 'Key Vault Secrets User' of '[^']*/staging' (system) on 'vault' (derived\" &&
	'$VNETC' check -d plan '$tmp/rimp' 2>/dev/null | grep -q \"app settings of '[^']*/staging'\""
TENANT=00000000-0000-0000-0000-00000000aaaa OUT=r1 VA_SPEC=$tmp/ref.yaml va 0 destroy
check "destroy deletes the slot's role assignments once, before the slot" test \
	"$(q count "$LOG" DELETE "$(guid "$V3" "$S3" $KVSU)") $(q count "$LOG" DELETE "$(guid "$V3" "$I3" $KVCU)") $(test "$(seq_of DELETE "$(guid "$V3" "$S3" $KVSU)")" -lt "$(seq_of DELETE /slots/staging)" && echo y)" \
	= "1 1 y"

# the script, against the fake az
check "its az commands parse" $PY tests/tools/azcheck.py "$tmp/rb/ref.sh"
sed -i "s/$SUB/0000/g" "$tmp/rb/ref.sh"
F3=/subscriptions/0000/resourceGroups/rg-ref/providers
scr() {
	mkdir -p "$1"
	PATH="$(pwd)/tests/fakeaz:$PATH" FAKEAZ_STATE=$1 FAKEAZ_LOG=$2 \
		FAKEAZ_NEW=serverfarms,sites,userassignedidentities,slots,vaults \
		bash "$tmp/rb/ref.sh" >/dev/null 2>>"$2"
}
scr "$tmp/rs" "$tmp/r1.log"
check "the script runs" test $? = 0
SP=$(guid "$F3/Microsoft.KeyVault/vaults/kv-vnetc-slotref" "$F3/Microsoft.Web/sites/web-slotref-1/slots/staging" $KVSU)
check "it gives the slot's own principal the role, by the template's name" sh -c \
	"grep '^az role assignment create --name $SP ' '$tmp/r1.log' | grep -q -- '--role $KVSU --assignee-object-id p-/staging '"
check "and writes the slot's settings on the slot, the vault's URI read" sh -c \
	"grep -q '^az webapp config appsettings set --resource-group rg-ref --name web-slotref-1 --slot staging ' '$tmp/r1.log'"
check "the slot's settings: the reference and the vault's URI" $PY -c 'import json, sys
r = json.load(open(sys.argv[1]))
s = r[sys.argv[2].lower() + "/microsoft.web/sites/web-slotref-1/slots/staging/config/appsettings"]["properties"]
v = r[sys.argv[2].lower() + "/microsoft.keyvault/vaults/kv-vnetc-slotref"]["properties"]["vaultUri"]
assert s["DB"] == "@Microsoft.KeyVault(VaultName=kv-vnetc-slotref;SecretName=db-staging)" and s["VAULT"] == v, s' \
	"$tmp/rs/resources.json" "$F3"
scr "$tmp/rs" "$tmp/r2.log"
check "a second run writes nothing" sh -c \
	"! grep '^az ' '$tmp/r2.log' | grep -qv ' \(show\|list\|exists\|version\) '"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
