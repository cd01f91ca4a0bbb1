#!/bin/sh
# tests/apps.sh - plans and web apps vnetc creates (create:, issue 16): the
# executor against the mock ARM server (created, tagged as vnetc's, with
# their secure site settings and basic-auth publishing off; a second apply
# writes nothing; never written over a plan or app that is not vnetc's;
# destroyed app first, then its plan, only when the journal and the tags
# say vnetc created them), the script against the fake az, the template
# (and the official ARM schemas), the diagram.
# Last line: "N passed, N failed".
. tests/mockarm/lib.sh

G=/subscriptions/$SUB/resourceGroups/rg-web
P=$G/providers/Microsoft.Web/serverfarms/plan-web
A=$G/providers/Microsoft.Web/sites/web-vnetc-apps
cat >"$tmp/web.yaml" <<EOF
resource_group: rg-web
location: westeurope
vnets:
  vnet:
    address_space: 10.0.0.0/16
    subnets:
      apps: { prefix: 10.0.1.0/24, delegation: Microsoft.Web/serverFarms }
plans:
  plan:
    name: plan-web
    sku: p1V3    # any case: the outputs write Azure's P1v3
    create: { os: linux }
apps:
  web:
    name: web-vnetc-apps
    plan: plan
    identity: [system]
    create: { runtime: "PYTHON|3.12" }
    vnet_integration: apps
    app_settings: { MODE: prod }
EOF

MOCK_TOKEN=tok
SPEC=$tmp/web.yaml

# --- the plan: group -> plan -> app -> its publishing credentials ------------
t plan 0 "$VNETC" check -d plan "$tmp/web.yaml"
check "the plan after the group" grep -q "^3 plan 'plan' after 1$" "$tmp/out"
check "the app after its plan and VNet" grep -q "^4 app 'web' after 1,3,2$" "$tmp/out"
check "basic-auth publishing, FTP and SCM, after the app" sh -c "grep -q \
	\"^5 FTP basic-auth publishing of 'web' after 4$\" '$tmp/out' && grep -q \
	\"^6 SCM basic-auth publishing of 'web' after 4$\" '$tmp/out'"

# a created vault behind an endpoint (no lock step: it is created locked):
# the settings, whose Key Vault references resolve as they are written,
# wait for its endpoint, zone group and zone link, as they wait for an
# existing back end's lock (they waited for the app only)
{ sed '/^plans:/,$d' "$tmp/web.yaml"; cat <<EOF
      pe: { prefix: 10.0.2.0/27 }
backends:
  vault:
    type: Microsoft.KeyVault/vaults
    name: kv-vnetc-apps
    create: {}
    private_endpoints: [{ subnet: pe }]
EOF
sed -n '/^plans:/,$p' "$tmp/web.yaml"; } >"$tmp/kvweb.yaml"
t "plan, created vault" 0 "$VNETC" check -d plan "$tmp/kvweb.yaml"
check "the settings after the vault's endpoint, zone group and zone link" \
	grep -q "^12 app settings of 'web' after 9,6,7,4$" "$tmp/out"

# --- from nothing ------------------------------------------------------------
mock "{\"/subscriptions/$SUB\": {}}"
va 0 apply
check "the plan is created" grep -q "^created *plan 'plan'" "$tmp/out"
check "the app is created" grep -q "^created *app 'web'" "$tmp/out"
check "the plan: Linux (kind, reserved), its SKU and tier, tagged" test \
	"$(field "$P" kind) $(field "$P" properties.reserved) $(field "$P" sku) $(field "$P" tags)" = \
	'"linux" true {"name": "P1v3", "tier": "PremiumV3"} {"managed-by": "vnetc", "vnetc-spec": "web"}'
check "the app: a Linux web app on the plan, tagged" test \
	"$(field "$A" kind) $(field "$A" properties.serverFarmId) $(field "$A" tags)" = \
	"\"app,linux\" \"$P\" {\"managed-by\": \"vnetc\", \"vnetc-spec\": \"web\"}"
check "its system-assigned identity" test "$(field "$A" identity.type)" = \
	'"SystemAssigned"'
check "HTTPS only, integrated, Route All" test \
	"$(field "$A" properties.httpsOnly) $(field "$A" properties.virtualNetworkSubnetId) $(field "$A" properties.vnetRouteAllEnabled)" = \
	"true \"$G/providers/Microsoft.Network/virtualNetworks/vnet/subnets/apps\" true"
# (its configuration, config/web: App Service keeps it apart from the site)
check "its stack, TLS 1.2, FTPS off, Always On, HTTP/2" test \
	"$(field "$A/config/web" properties.alwaysOn) $(field "$A/config/web" properties.ftpsState) $(field "$A/config/web" properties.http20Enabled) $(field "$A/config/web" properties.linuxFxVersion) $(field "$A/config/web" properties.minTlsVersion)" = \
	'true "Disabled" true "PYTHON|3.12" "1.2"'
check "basic-auth publishing off, FTP and SCM" test \
	"$(field "$A/basicPublishingCredentialsPolicies/ftp" properties.allow) $(field "$A/basicPublishingCredentialsPolicies/scm" properties.allow)" = \
	"false false"
check "the plan before the app" test "$(seq_of PUT /serverfarms/plan-web)" \
	-lt "$(seq_of PUT /sites/web-vnetc-apps)"
check "the app's settings" test "$(field "$A/config/appsettings" properties.MODE)" = '"prod"'
from=$(q lastseq "$LOG")
va 0 apply
check "a second apply writes nothing" test "$(q writes "$LOG" "$from")" = 0

# --- drift in its configuration (config/web), which a GET of the site does not
# show: the runtime changed in the spec (the same file name, the same project)
mkdir -p "$tmp/v313"
sed 's/PYTHON|3.12/PYTHON|3.13/' "$tmp/web.yaml" >"$tmp/v313/web.yaml"
SPEC=$tmp/v313/web.yaml va 0 plan
check "a runtime changed in the spec: plan updates the app's configuration" grep -q \
	"^  ~ update *configuration of 'web' \[web-vnetc-apps/web\]$" "$tmp/out"
check "and names the change" grep -qxF \
	'                  properties.linuxFxVersion: "PYTHON|3.12" -> "PYTHON|3.13"' "$tmp/out"
from=$(q lastseq "$LOG")
SPEC=$tmp/v313/web.yaml va 0 apply
check "apply writes it to config/web, nothing else" test \
	"$(field "$A/config/web" properties.linuxFxVersion) $(q writes "$LOG" "$from")" = '"PYTHON|3.13" 1'
SPEC=$tmp/v313/web.yaml va 0 plan
check "then plan has nothing to change" grep -q "^Plan: 0 to create, 0 to update," "$tmp/out"
# by hand: FTP on, TLS 1.0, HTTP/2 off (a PUT of config/web, as the portal's)
put_arm "$A/config/web" '{"properties": {"linuxFxVersion": "PYTHON|3.13", "alwaysOn": true, "ftpsState": "AllAllowed", "minTlsVersion": "1.0", "http20Enabled": false}}' >/dev/null
SPEC=$tmp/v313/web.yaml va 0 plan
check "configuration changed by hand: plan names each change" sh -c "grep -qxF \
	'                  properties.ftpsState: \"AllAllowed\" -> \"Disabled\"' '$tmp/out' && grep -qxF \
	'                  properties.minTlsVersion: \"1.0\" -> \"1.2\"' '$tmp/out' && grep -qxF \
	'                  properties.http20Enabled: false -> true' '$tmp/out'"
SPEC=$tmp/v313/web.yaml va 0 apply
check "apply restores it" test \
	"$(field "$A/config/web" properties.ftpsState) $(field "$A/config/web" properties.minTlsVersion) $(field "$A/config/web" properties.http20Enabled)" = \
	'"Disabled" "1.2" true'
from=$(q lastseq "$LOG")
SPEC=$tmp/v313/web.yaml va 0 apply
check "then apply writes nothing" test "$(q writes "$LOG" "$from")" = 0

# --- destroy: the app, then its plan ------------------------------------------
va 0 destroy
check "destroy deletes the app vnetc created" grep -q "^deleted *app 'web'" "$tmp/out"
check "and the plan, after the app" test "$(seq_of DELETE /sites/web-vnetc-apps)" \
	-lt "$(seq_of DELETE /serverfarms/plan-web)"
check "the publishing policies and settings go with the app" test \
	"$(q count "$LOG" DELETE /basicPublishingCredentialsPolicies/ftp) $(q count "$LOG" DELETE /config/appsettings)" = "0 0"

# --- a plan and an app of those names that are not vnetc's --------------------
mock "{\"/subscriptions/$SUB\": {}, \"$G\": {\"location\": \"westeurope\"},
 \"$P\": {\"location\": \"westeurope\", \"kind\": \"linux\", \"sku\": {\"name\": \"S1\"}, \"tags\": {\"owner\": \"shop\"}, \"properties\": {\"reserved\": true}},
 \"$A\": {\"location\": \"westeurope\", \"kind\": \"app,linux\", \"properties\": {\"serverFarmId\": \"$P\"}}}"
OUT=o2 va 3 apply
check "apply refuses to write over another's plan, and says what to do" grep -q \
	"App Service plan of this name exists and is not vnetc's.*write 'existing: true' for plan 'plan'" \
	"$tmp/out"
check "and over another's app" grep -q \
	"web app of this name exists and is not vnetc's.*for app 'web'" "$tmp/out"
check "nothing is written to them" test \
	"$(q count "$LOG" PUT /serverfarms/plan-web) $(q count "$LOG" PUT /sites/web-vnetc-apps)" = "0 0"
# the journal of the first run says vnetc created them: the tags say these
# are not they
va 0 destroy
check "destroy leaves a plan and an app without vnetc's tags" test \
	"$(q count "$LOG" DELETE /serverfarms/plan-web) $(q count "$LOG" DELETE /sites/web-vnetc-apps)" = "0 0"
# tagged, but no journal: destroy leaves them
mock "{\"/subscriptions/$SUB\": {}, \"$G\": {\"location\": \"westeurope\"},
 \"$A\": {\"location\": \"westeurope\", \"tags\": {\"managed-by\": \"vnetc\", \"vnetc-spec\": \"web\"}, \"properties\": {}}}"
OUT=o3 va 0 destroy
check "destroy leaves an app its journal does not say it created" test \
	"$(q count "$LOG" DELETE /sites/web-vnetc-apps)" = 0

# --- the script, against the fake az (tests/fakeaz) ---------------------------
t build 0 "$VNETC" build -q "$tmp/web.yaml" -o "$tmp/b" --no-graph
# sc STATE LOG: the script on the fake az's STATE, where a plan or an app
# must exist to be read (FAKEAZ_NEW)
sc() {
	mkdir -p "$1"
	PATH="$(pwd)/tests/fakeaz:$PATH" FAKEAZ_STATE=$1 FAKEAZ_LOG=$2 \
		FAKEAZ_NEW=serverfarms,sites bash "$tmp/b/web.sh" >/dev/null 2>>"$2"
}
check "its az commands parse" $PY tests/tools/azcheck.py "$tmp/b/web.sh"
sc "$tmp/st" "$tmp/s1.log"
check "the script creates the plan and the app" test $? = 0
check "the plan: Linux, its SKU, tagged" grep -q \
	'^az appservice plan create --resource-group rg-web --name plan-web --location westeurope --is-linux --sku P1v3 --tags managed-by=vnetc vnetc-spec=web --output none$' \
	"$tmp/s1.log"
check "the app on it, with its stack as az names it" grep -q \
	'^az webapp create --resource-group rg-web --name web-vnetc-apps --plan plan-web --runtime PYTHON:3.12 --assign-identity \\\[system\\\] --tags managed-by=vnetc vnetc-spec=web --output none$' \
	"$tmp/s1.log"
check "then its site settings" grep -q \
	'^az webapp config set --resource-group rg-web --name web-vnetc-apps --min-tls-version 1.2 --ftps-state Disabled --always-on true --http20-enabled true --linux-fx-version PYTHON\\|3.12 --output none$' \
	"$tmp/s1.log"
check "basic-auth publishing off" sh -c "grep -c '^az resource update .*/basicPublishingCredentialsPolicies/\(ftp\|scm\) .*--set properties.allow=false' '$tmp/s1.log' | grep -qx 2"
sc "$tmp/st" "$tmp/s2.log"
check "a second run writes nothing" sh -c \
	"! grep '^az ' '$tmp/s2.log' | grep -qv ' \(show\|list\|exists\|version\) '"
# by hand: someone turns plain FTP on
PATH="$(pwd)/tests/fakeaz:$PATH" FAKEAZ_STATE=$tmp/st FAKEAZ_LOG=/dev/null az \
	webapp config set --resource-group rg-web --name web-vnetc-apps \
	--ftps-state AllAllowed --output none
sc "$tmp/st" "$tmp/s3.log"
check "FTP turned on by hand is turned off again" grep -q \
	'^az webapp config set .*--ftps-state Disabled' "$tmp/s3.log"
# by hand: its identity removed (the fake az has no identity remove)
$PY - "$tmp/st/resources.json" <<'PYEOF'
import json, sys
f = sys.argv[1]
d = json.load(open(f))
for k, v in d.items():
    if k.endswith('/sites/web-vnetc-apps'):
        v.pop('identity')
json.dump(d, open(f, 'w'))
PYEOF
sc "$tmp/st" "$tmp/s5.log"
check "a system-assigned identity removed by hand is assigned again" grep -q \
	'^az webapp identity assign --resource-group rg-web --name web-vnetc-apps --identities \\\[system\\\]' "$tmp/s5.log"
# a plan of the name that is not vnetc's: the script stops before it
mkdir -p "$tmp/st2"
printf '{"/subscriptions/0000/resourceGroups/rg-web": {"location": "westeurope"},
 "/subscriptions/0000/resourceGroups/rg-web/providers/Microsoft.Web/serverfarms/plan-web": {"location": "westeurope", "sku": {"name": "S1"}, "tags": {"owner": "shop"}, "properties": {}}}' \
	>"$tmp/st2/resources.json"
sc "$tmp/st2" "$tmp/s4.log"
check "the script stops at another's plan" test $? = 1
check "and says what to do" grep -q \
	"App Service plan of plan 'plan' exists and is not vnetc's.*write 'existing: true'" "$tmp/s4.log"
check "writing nothing to it" sh -c "! grep -q '^az appservice plan \(create\|update\)' '$tmp/s4.log'"

# --- the template and the diagram --------------------------------------------
check "the template's plan and app: created, tagged, secure" \
	$PY -c 'import json, sys
rs = json.load(open(sys.argv[1]))["resources"]
plan = [r for r in rs if r["type"] == "Microsoft.Web/serverfarms"][0]
app = [r for r in rs if r["type"] == "Microsoft.Web/sites"][0]
own = {"managed-by": "vnetc", "vnetc-spec": "web"}
assert plan["tags"] == own and app["tags"] == own, (plan, app)
assert plan["kind"] == "linux" and plan["properties"] == {"reserved": True}, plan
assert plan["sku"] == {"name": "P1v3", "tier": "PremiumV3"}, plan
p = app["properties"]
assert app["kind"] == "app,linux" and p["httpsOnly"] is True, app
assert app["identity"] == {"type": "SystemAssigned"}, app
assert p["siteConfig"]["ftpsState"] == "Disabled", p
assert p["siteConfig"]["minTlsVersion"] == "1.2", p
assert p["siteConfig"]["linuxFxVersion"] == "PYTHON|3.12", p
assert any("Microsoft.Web/serverfarms" in d and "plan-web" in d
           for d in app["dependsOn"]), app
pol = [r for r in rs if r["type"].endswith("/basicPublishingCredentialsPolicies")]
assert sorted(r["name"] for r in pol) == ["web-vnetc-apps/ftp", "web-vnetc-apps/scm"], pol
assert all(r["properties"] == {"allow": False} for r in pol), pol' "$tmp/b/web.json"
if have_arm_schemas "the template: ARM schemas"; then
	if $PY tests/tools/validate_arm.py "$tmp/b/web.json" \
		"$tmp/b/web.parameters.json" >"$tmp/arm" 2>&1; then ok; else
		ko "the template: ARM schemas"
		sed 's/^/  | /' "$tmp/arm" | head -n 20
	fi
fi
t graph 0 "$VNETC" graph --format mermaid "$tmp/web.yaml"
check "the diagram says vnetc creates them" grep -q \
	'web-vnetc-apps.*created by vnetc, with its plan' "$tmp/out"

# --- Windows web apps and their stacks ----------------------------------------
# .NET, Node and Java SE where Windows keeps them, with the stack's
# CURRENT_STACK (docs/azure-notes.md, "Windows stacks vnetc sets")
GW=/subscriptions/$SUB/resourceGroups/rg-win
cat >"$tmp/win.yaml" <<EOF
resource_group: rg-win
location: westeurope
vnets:
  vnet: { address_space: 10.0.0.0/16 }
plans:
  plan:
    name: plan-win
    sku: S1
    create: {}
apps:
  net:
    name: net-win-vnetc
    plan: plan
    create: { runtime: "DOTNET|8.0" }
  node:
    name: node-win-vnetc
    plan: plan
    create: { runtime: "NODE|20-lts" }
    app_settings: { MODE: prod }
  jv:
    name: jv-win-vnetc
    plan: plan
    create: { runtime: "java|17" }
  tc:
    name: tc-win-vnetc
    plan: plan
    create: { runtime: "TOMCAT|10.1-java17" }
  asp:
    name: asp-win-vnetc
    plan: plan
    create: { runtime: "ASPNET|V4.8" }
  asp35:
    name: asp35-win-vnetc
    plan: plan
    create: { runtime: "aspnet|3.5" }
EOF
SPEC=$tmp/win.yaml
mock "{\"/subscriptions/$SUB\": {}}"
OUT=win va 0 apply
S=$GW/providers/Microsoft.Web/sites
check "win: .NET: netFrameworkVersion v8.0, CURRENT_STACK dotnet, no linuxFxVersion" test \
	"$(field "$S/net-win-vnetc" kind) $(field "$S/net-win-vnetc/config/web" properties.netFrameworkVersion) $(field "$S/net-win-vnetc/config/web" properties.metadata) $(field "$S/net-win-vnetc/config/web" properties.linuxFxVersion)" = \
	'"app" "v8.0" [{"name": "CURRENT_STACK", "value": "dotnet"}] null'
check "win: Node: its major version in WEBSITE_NODE_DEFAULT_VERSION, beside the spec's settings" test \
	"$(field "$S/node-win-vnetc/config/appsettings" properties.WEBSITE_NODE_DEFAULT_VERSION) $(field "$S/node-win-vnetc/config/appsettings" properties.MODE) $(field "$S/node-win-vnetc/config/web" properties.metadata)" = \
	'"~20" "prod" [{"name": "CURRENT_STACK", "value": "node"}]'
check "win: Java SE: javaVersion, the JAVA SE container" test \
	"$(field "$S/jv-win-vnetc/config/web" properties.javaVersion) $(field "$S/jv-win-vnetc/config/web" properties.javaContainer) $(field "$S/jv-win-vnetc/config/web" properties.javaContainerVersion) $(field "$S/jv-win-vnetc/config/web" properties.metadata)" = \
	'"17" "JAVA" "SE" [{"name": "CURRENT_STACK", "value": "java"}]'
check "win: Tomcat: javaVersion, the TOMCAT container and its version" test \
	"$(field "$S/tc-win-vnetc/config/web" properties.javaVersion) $(field "$S/tc-win-vnetc/config/web" properties.javaContainer) $(field "$S/tc-win-vnetc/config/web" properties.javaContainerVersion) $(field "$S/tc-win-vnetc/config/web" properties.metadata)" = \
	'"17" "TOMCAT" "10.1" [{"name": "CURRENT_STACK", "value": "java"}]'
check "win: ASP.NET: the CLR version Azure keeps for V4.8 and V3.5, CURRENT_STACK dotnet" test \
	"$(field "$S/asp-win-vnetc/config/web" properties.netFrameworkVersion) $(field "$S/asp35-win-vnetc/config/web" properties.netFrameworkVersion) $(field "$S/asp-win-vnetc/config/web" properties.metadata)" = \
	'"v4.0" "v2.0" [{"name": "CURRENT_STACK", "value": "dotnet"}]'
from=$(q lastseq "$LOG")
OUT=win va 0 apply
check "win: a second apply writes nothing" test "$(q writes "$LOG" "$from")" = 0
OUT=win va 0 plan
check "win: the plan is clean" grep -q "^Plan: 0 to create, 0 to update," "$tmp/out"
# the .NET app moves to .NET 9 in the spec: its netFrameworkVersion, which
# only config/web shows
mkdir -p "$tmp/w9"
sed 's/DOTNET|8.0/DOTNET|9.0/' "$tmp/win.yaml" >"$tmp/w9/win.yaml"
SPEC=$tmp/w9/win.yaml OUT=win va 0 plan
check "win: a .NET version changed in the spec: plan names it" sh -c "grep -q \
	\"^  ~ update *configuration of 'net' \\[net-win-vnetc/web\\]\$\" '$tmp/out' && grep -qxF \
	'                  properties.netFrameworkVersion: \"v8.0\" -> \"v9.0\"' '$tmp/out'"
SPEC=$tmp/w9/win.yaml OUT=win va 0 apply
check "win: apply sets it" test "$(field "$S/net-win-vnetc/config/web" properties.netFrameworkVersion)" = '"v9.0"'
# by hand: the Node app's version setting, which its create body writes
put_arm "$S/node-win-vnetc/config/appsettings" '{"properties": {"WEBSITE_NODE_DEFAULT_VERSION": "~18", "MODE": "prod", "BY_HAND": "kept"}}' >/dev/null
SPEC=$tmp/w9/win.yaml OUT=win va 0 plan
check "win: a stack setting changed by hand: plan says it puts it back" grep -qxF \
	'                  properties.WEBSITE_NODE_DEFAULT_VERSION: (hidden) -> "~20"' "$tmp/out"
SPEC=$tmp/w9/win.yaml OUT=win va 0 apply
check "win: apply puts it back, and keeps what a hand added" test \
	"$(field "$S/node-win-vnetc/config/appsettings" properties.WEBSITE_NODE_DEFAULT_VERSION) $(field "$S/node-win-vnetc/config/appsettings" properties.BY_HAND)" = \
	'"~20" "kept"'
SPEC=$tmp/w9/win.yaml OUT=win va 0 plan
check "win: then the plan is clean" grep -q "^Plan: 0 to create, 0 to update," "$tmp/out"
t "win: build" 0 "$VNETC" build -q "$tmp/win.yaml" -o "$tmp/bw" --no-graph
check "win: its az commands parse" $PY tests/tools/azcheck.py "$tmp/bw/win.sh"
scw() {
	mkdir -p "$tmp/sw"
	PATH="$(pwd)/tests/fakeaz:$PATH" FAKEAZ_STATE=$tmp/sw FAKEAZ_LOG=$1 \
		FAKEAZ_NEW=serverfarms,sites bash "$tmp/bw/win.sh" >/dev/null 2>>"$1"
}
scw "$tmp/w1.log"
check "win: the script runs" test $? = 0
check "win: the apps by az rest, their whole body, not az webapp create" sh -c \
	"[ \"\$(grep -c '^az rest --method put .*/sites/[a-z0-9]*-win-vnetc.*api-version=' '$tmp/w1.log')\" = 6 ] && ! grep -q '^az webapp create' '$tmp/w1.log'"
check "win: the script's bodies: each stack where Windows keeps it" $PY -c 'import json, sys
res = json.load(open(sys.argv[1]))
sc = {k.rsplit("/", 1)[1]: v["properties"]["siteConfig"] for k, v in res.items()
      if "/sites/" in k and k.count("/") == 8}
cur = lambda n: sc[n]["metadata"] == [{"name": "CURRENT_STACK", "value": n.split("-")[0].replace("net", "dotnet").replace("jv", "java")}]
assert sc["net-win-vnetc"]["netFrameworkVersion"] == "v8.0" and cur("net-win-vnetc"), sc
st = [v for k, v in res.items() if k.endswith("/sites/node-win-vnetc/config/appsettings")][0]
assert st["properties"]["WEBSITE_NODE_DEFAULT_VERSION"] == "~20" and cur("node-win-vnetc"), (st, sc)
j = sc["jv-win-vnetc"]
assert (j["javaVersion"], j["javaContainer"], j["javaContainerVersion"]) == ("17", "JAVA", "SE") and cur("jv-win-vnetc"), sc
j = sc["tc-win-vnetc"]
assert (j["javaVersion"], j["javaContainer"], j["javaContainerVersion"]) == ("17", "TOMCAT", "10.1"), sc
assert j["metadata"] == [{"name": "CURRENT_STACK", "value": "java"}], sc
assert sc["asp-win-vnetc"]["netFrameworkVersion"] == "v4.0" and sc["asp35-win-vnetc"]["netFrameworkVersion"] == "v2.0", sc
assert sc["asp-win-vnetc"]["metadata"] == [{"name": "CURRENT_STACK", "value": "dotnet"}], sc
assert not any("linuxFxVersion" in v for v in sc.values()), sc' "$tmp/sw/resources.json"
scw "$tmp/w2.log"
check "win: a second run writes nothing" sh -c \
	"! grep '^az ' '$tmp/w2.log' | grep -qv ' \(show\|list\|exists\|version\) '"
# by hand: someone moves the .NET app to another version
PATH="$(pwd)/tests/fakeaz:$PATH" FAKEAZ_STATE=$tmp/sw FAKEAZ_LOG=/dev/null az \
	webapp config set --resource-group rg-win --name net-win-vnetc \
	--net-framework-version v6.0 --output none
scw "$tmp/w3.log"
check "win: a .NET version changed by hand is set again" grep -q \
	'^az webapp config set --resource-group rg-win --name net-win-vnetc .*--net-framework-version v8.0' "$tmp/w3.log"
# by hand: someone moves the Tomcat app to another server version
PATH="$(pwd)/tests/fakeaz:$PATH" FAKEAZ_STATE=$tmp/sw FAKEAZ_LOG=/dev/null az \
	webapp config set --resource-group rg-win --name tc-win-vnetc \
	--java-container-version 9.0 --output none
scw "$tmp/w4.log"
check "win: a Tomcat version changed by hand is set again" grep -q \
	'^az webapp config set --resource-group rg-win --name tc-win-vnetc .*--java-container-version 10.1' "$tmp/w4.log"
check "win: the template's apps: each stack, no linuxFxVersion" $PY -c 'import json, sys
rs = json.load(open(sys.argv[1]))["resources"]
sc = {r["name"]: r["properties"]["siteConfig"] for r in rs if r["type"] == "Microsoft.Web/sites"}
assert sc["net-win-vnetc"]["netFrameworkVersion"] == "v8.0", sc
assert sc["node-win-vnetc"]["appSettings"] == [{"name": "WEBSITE_NODE_DEFAULT_VERSION", "value": "~20"}], sc
assert sc["jv-win-vnetc"]["javaContainer"] == "JAVA", sc
t = sc["tc-win-vnetc"]
assert (t["javaVersion"], t["javaContainer"], t["javaContainerVersion"]) == ("17", "TOMCAT", "10.1"), sc
assert sc["asp-win-vnetc"]["netFrameworkVersion"] == "v4.0" and sc["asp35-win-vnetc"]["netFrameworkVersion"] == "v2.0", sc
assert sc["asp-win-vnetc"]["metadata"] == [{"name": "CURRENT_STACK", "value": "dotnet"}], sc
assert sc["net-win-vnetc"]["metadata"] == [{"name": "CURRENT_STACK", "value": "dotnet"}], sc
assert not any("linuxFxVersion" in v for v in sc.values()), sc' "$tmp/bw/win.json"
if have_arm_schemas "win: the template: ARM schemas"; then
	if $PY tests/tools/validate_arm.py "$tmp/bw/win.json" \
		"$tmp/bw/win.parameters.json" >"$tmp/arm" 2>&1; then ok; else
		ko "win: the template: ARM schemas"
		sed 's/^/  | /' "$tmp/arm" | head -n 20
	fi
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
