#!/bin/sh
# tests/existing.sh - the template changes an existing plan or app by
# restating it as it exists (body.c, docs/outputs.md): its kind, OS
# (reserved), identities, SKU capacity and everything else the spec does
# not change stay, whatever "existing:" says, for the Functions plans
# (Elastic Premium, Flex Consumption) too, and a site's siteConfig is never
# sent back; an endpoint to a resource the template also restates comes
# after it; and shapes no golden spec has: an app's settings, a lock, the
# linked templates' deployments. Specs are written here; docs/spec.md
# documents the keys. Last line: "N passed, N failed, N skipped".
VNETC=${VNETC:-build/vnetc}
PY=/usr/bin/python3
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

. tests/lib.sh
. tests/refs.sh

# The head of every spec: one VNet with an integration subnet (its
# delegation is $1, default Microsoft.Web/serverFarms) and an endpoint one.
spec_head() {
	cat <<EOF
resource_group: rg1
location: westeurope
vnets:
  vnet:
    address_space: 10.0.0.0/16
    subnets:
      integ: { prefix: 10.0.0.0/26, delegation: ${1:-Microsoft.Web/serverFarms} }
      pe: { prefix: 10.0.1.0/24 }
EOF
}

# build NAME STATUS: vnetc build $tmp/NAME.yaml into $tmp/NAME/; stderr in
# $tmp/err.
build() {
	t "build $1" "$2" "$VNETC" build -q "$tmp/$1.yaml" -o "$tmp/$1" --no-graph
}

# tpl NAME 'python expression' 'what it checks': the expression holds over
# $tmp/NAME/NAME.json; it sees t (the template), of(type) (its resources
# of that type), one(type) (the only one), ids(r) (r's dependsOn), and
# SITE and PLAN, the App Service types.
tpl() {
	if $PY - "$tmp/$1/$1.json" "$2" <<'EOF' >"$tmp/py" 2>&1; then
import json, sys
t = json.load(open(sys.argv[1]))
SITE, PLAN = 'Microsoft.Web/sites', 'Microsoft.Web/serverfarms'
def of(kind):
    return [r for r in t['resources'] if r['type'] == kind]
def one(kind):
    (r,) = of(kind)
    return r
def ids(r):
    return r.get('dependsOn', [])
ok = eval(sys.argv[2])
if not ok:
    print(json.dumps(t['resources'], indent=1)[:3000])
sys.exit(0 if ok else 1)
EOF
		ok
	else
		ko "$1: $3"
		sed 's/^/  | /' "$tmp/py" | head -n 40
	fi
}

# put NAME 'python expression' 'what it checks': the expression holds over
# what the template's deployments PUT (tests/tools/arm_eval.py) when the
# resources are those of $tmp/NAME.live ({id: resource as a GET returns
# it}); it sees plan and site, the PUT bodies of the plan and the app
# named plan and app (or fn), and live, the resources before.
put() {
	if $PY tests/tools/arm_eval.py "$tmp/$1/$1.json" \
		"$tmp/$1/$1.parameters.json" "$tmp/$1.live" "$SUB" rg1 \
		>"$tmp/$1.puts" 2>"$tmp/py" && $PY - "$tmp/$1.puts" "$tmp/$1.live" \
		"$2" <<'EOF' >>"$tmp/py" 2>&1; then
import json, sys
puts = {k.lower(): v for k, v in json.load(open(sys.argv[1])).items()}
live = {k.lower(): v for k, v in json.load(open(sys.argv[2])).items()}
def body(kind, names):
    for n in names:
        k = '/subscriptions/%s/resourcegroups/rg1/providers/%s/%s' % (
            '00000000-0000-0000-0000-000000000000', kind.lower(), n)
        if k in puts:
            return puts[k]
plan, site = body('Microsoft.Web/serverfarms', ['plan']), body('Microsoft.Web/sites', ['app', 'fn'])
ok = eval(sys.argv[3])
if not ok:
    print(json.dumps(puts, indent=1)[:3000])
sys.exit(0 if ok else 1)
EOF
		ok
	else
		ko "$1: $3"
		sed 's/^/  | /' "$tmp/py" | head -n 40
	fi
}
SUB=00000000-0000-0000-0000-000000000000
W=/subscriptions/$SUB/resourceGroups/rg1/providers/Microsoft.Web

# arm NAME: the template passes the official schemas (tests/tools), when
# ARM_SCHEMAS names them (tests/refs.sh: skipped otherwise).
arm() {
	have_arm_schemas "$1: ARM schemas" || return
	if $PY tests/tools/validate_arm.py "$tmp/$1/$1.json" \
		"$tmp/$1/$1.parameters.json" >"$tmp/arm" 2>&1; then ok; else
		ko "$1: ARM schemas"
		sed 's/^/  | /' "$tmp/arm" | head -n 20
	fi
}

# --- an Elastic Premium Linux plan and its function app ------------------
# What exists stays: the plan's kind (elastic), OS (reserved), its
# workers and maximumElasticWorkerCount, tags; the app's kind, identity,
# OS; only the SKU, HTTPS, the integration and Route All change. The kind
# "existing:" states is not written over what the plan has.
{ spec_head; cat <<'EOF'; } >"$tmp/ep.yaml"
plans:
  plan: { sku: EP2, existing: { os: linux } }
apps:
  fn:
    plan: plan
    vnet_integration: integ
    existing: { kind: "FunctionApp,Linux", identity: SystemAssigned }
EOF
cat >"$tmp/ep.live" <<EOF
{"$W/serverfarms/plan": {"location": "westeurope", "kind": "elastic", "tags": {"team": "fn"},
  "sku": {"name": "EP1", "tier": "ElasticPremium", "size": "EP1", "family": "EP", "capacity": 2},
  "properties": {"reserved": true, "maximumElasticWorkerCount": 20, "status": "Ready"}},
 "$W/sites/fn": {"location": "westeurope", "kind": "functionapp,linux",
  "identity": {"type": "SystemAssigned", "principalId": "p", "tenantId": "t"},
  "properties": {"reserved": true, "serverFarmId": "$W/serverfarms/plan", "httpsOnly": true,
   "siteConfig": {"linuxFxVersion": "", "alwaysOn": false}, "clientCertEnabled": true}}}
EOF
build ep 0
check "ep: no diagnostics" test ! -s "$tmp/err"
put ep "plan['kind'] == 'elastic' and plan['sku'] == {'name': 'EP2', 'tier': \
'ElasticPremium', 'size': 'EP1', 'family': 'EP', 'capacity': 2}" \
	"the plan keeps its kind and capacity, its SKU changes"
put ep "plan['properties']['reserved'] is True and \
plan['properties']['maximumElasticWorkerCount'] == 20 and \
plan['tags'] == {'team': 'fn'}" "the plan keeps its OS, scaling and tags"
put ep "site['kind'] == 'functionapp,linux' and site['identity']['type'] == \
'SystemAssigned' and site['properties']['reserved'] is True and \
site['properties']['clientCertEnabled'] is True" "the app keeps what it has"
put ep "site['properties']['virtualNetworkSubnetId'].endswith('/subnets/integ') \
and site['properties']['vnetRouteAllEnabled'] is True" "the app is integrated"
put ep "'siteConfig' not in site['properties']" \
	"a site's siteConfig is never sent back (a GET does not return it)"
arm ep
check "ep: the script integrates a function app as az functionapp" grep -q \
	'^  az functionapp vnet-integration add ' "$tmp/ep/ep.sh"
check "ep: its az commands parse" $PY tests/tools/azcheck.py "$tmp/ep/ep.sh"

# --- Flex Consumption ------------------------------------------------------
# FC1 has VNet integration, through a subnet delegated to
# Microsoft.App/environments. ARM wants a Flex app's functionAppConfig in
# every PUT of it ("The FunctionAppConfig section was not specified in
# the request, which is required for Flex Consumption sites"): a GET
# returns it, so the restated app carries it.
{ spec_head Microsoft.App/environments; cat <<'EOF'; } >"$tmp/flex.yaml"
plans:
  plan: { sku: FC1, existing: { kind: functionapp } }
apps:
  fn:
    plan: plan
    vnet_integration: integ
    existing: { kind: "functionapp,linux" }
EOF
cat >"$tmp/flex.live" <<EOF
{"$W/serverfarms/plan": {"location": "westeurope", "kind": "functionapp",
  "sku": {"name": "FC1", "tier": "FlexConsumption"}, "properties": {"reserved": true}},
 "$W/sites/fn": {"location": "westeurope", "kind": "functionapp,linux",
  "properties": {"serverFarmId": "$W/serverfarms/plan", "functionAppConfig": {
   "deployment": {"storage": {"type": "blobContainer", "value": "https://s.blob.core.windows.net/c",
    "authentication": {"type": "SystemAssignedIdentity"}}},
   "runtime": {"name": "python", "version": "3.11"},
   "scaleAndConcurrency": {"maximumInstanceCount": 40, "instanceMemoryMB": 2048}}}}}
EOF
build flex 0
check "flex: no diagnostics, nothing left to the script" test ! -s "$tmp/err"
put flex "site['properties']['functionAppConfig'] == \
live[('$W/sites/fn').lower()]['properties']['functionAppConfig']" \
	"the Flex app keeps its functionAppConfig"
put flex "plan['sku'] == {'name': 'FC1', 'tier': 'FlexConsumption'} and \
plan['kind'] == 'functionapp' and plan['properties']['reserved']" \
	"the Flex plan is restated as it is"
arm flex

# --- user-assigned identities ----------------------------------------------
# The identity a site has, its map of user-assigned identities included,
# stays as it is (a PUT with type UserAssigned needs the map).
UAIS=/subscriptions/$SUB/resourceGroups/ids/providers/Microsoft.ManagedIdentity/userAssignedIdentities
{ spec_head; cat <<'EOF'; } >"$tmp/uai.yaml"
parameters:
  uid: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/ids/providers/Microsoft.ManagedIdentity/userAssignedIdentities/web-id
plans:
  plan: { sku: S1, existing: { os: windows } }
apps:
  web:
    name: app
    plan: plan
    vnet_integration: integ
    existing:
      identity:
        type: SystemAssigned, UserAssigned
        user_assigned:
          - ${uid}
EOF
cat >"$tmp/uai.live" <<EOF
{"$W/serverfarms/plan": {"location": "westeurope", "sku": {"name": "B1", "tier": "Basic"},
  "properties": {"reserved": false}},
 "$W/sites/app": {"location": "westeurope", "kind": "app",
  "identity": {"type": "SystemAssigned, UserAssigned", "principalId": "p", "tenantId": "t",
   "userAssignedIdentities": {"$UAIS/web-id": {"principalId": "p1", "clientId": "c1"},
    "$UAIS/other": {"principalId": "p2", "clientId": "c2"}}},
  "properties": {"serverFarmId": "$W/serverfarms/plan"}}}
EOF
build uai 0
put uai "site['identity'] == live[('$W/sites/app').lower()]['identity']" \
	"both identities, the map keyed by id, as the site has them"
arm uai

# --- an endpoint to a resource the template restates ------------------------
# The app is its own back end (group id sites): its endpoint waits for its
# restatement, and so the plan's SKU change, in the template and the plan.
{ spec_head; cat <<'EOF'; } >"$tmp/self.yaml"
parameters:
  appName: web-1
backends:
  self:
    type: Microsoft.Web/sites
    name: WEB-1
    private_endpoints:
      - subnet: pe
        group_id: sites
plans:
  plan: { sku: P1v3, existing: { os: linux } }
apps:
  app:
    name: ${appName}
    plan: plan
    vnet_integration: integ
    existing: { identity: SystemAssigned }
EOF
build self 0
APPDEP="[resourceId('Microsoft.Resources/deployments', 'vnetc-app-1-app')]"
tpl self "\"$APPDEP\" in ids(one('Microsoft.Network/privateEndpoints'))" \
	"the endpoint waits for the site's restatement"
tpl self "not any('privateEndpoints' in d for r in \
of('Microsoft.Resources/deployments') for d in ids(r))" \
	"the site does not wait for its endpoint"
t "self: plan" 0 "$VNETC" check -d plan "$tmp/self.yaml"
check "self: the plan orders them too" grep -q \
	"^7 private endpoint of 'self' after 2,6$" "$tmp/out"
check "self: step 6 is the app" grep -q "^6 app 'app' " "$tmp/out"

# A vault's lock-down, the deployment that restates it (body.c's
# lock_json; its existing: keys are no longer used), comes after its
# endpoint (never at once, and the other way round would be a cycle).
{ spec_head; cat <<'EOF'; } >"$tmp/vault.yaml"
backends:
  vault:
    type: Microsoft.KeyVault/vaults
    existing: { sku: standard, rbac_authorization: true }
    public_access: disabled
    private_endpoints:
      - subnet: pe
EOF
build vault 0
tpl vault "\"[resourceId('Microsoft.Network/privateEndpoints', 'vault-pe')]\" \
in ids(one('Microsoft.Resources/deployments'))" "the vault's lock waits for its endpoint"
tpl vault "ids(one('Microsoft.Network/privateEndpoints')) == \
[\"[resourceId('Microsoft.Network/virtualNetworks', 'vnet')]\"]" \
	"the endpoint waits for its VNet only"

# --- shapes no golden spec has ----------------------------------------------
# An app with settings on a plan the spec does not change (no resource in
# the template), calling a locked vault: the app's restatement waits for
# what the plan waited for (nothing) and the VNet, the settings for the
# app and the vault's lock-down deployment (which waits for the endpoint,
# its zone group, its zone's link and the app), not for nothing.
{ spec_head; cat <<'EOF'; } >"$tmp/settings.yaml"
backends:
  vault:
    type: Microsoft.KeyVault/vaults
    public_access: deny
    private_endpoints:
      - subnet: pe
plans:
  plan: {}
apps:
  app:
    plan: plan
    vnet_integration: integ
    app_settings: { SECRET: "@Microsoft.KeyVault(VaultName=vault;SecretName=s)" }
EOF
build settings 0
check "settings: no diagnostics" test ! -s "$tmp/err"
DEP="[resourceId('Microsoft.Resources/deployments', "
tpl settings "sorted(ids(one('Microsoft.Web/sites/config'))) == sorted([
\"${DEP}'vnetc-app-1-app')]\", \"${DEP}'vnetc-lock-1-vault')]\"])" \
	"the settings wait for the app and for the lock"
tpl settings "[ids(r) for r in of('Microsoft.Resources/deployments') if \
r['name'] == 'vnetc-app-1-app'] == [[\"[resourceId('Microsoft.Network/virtualNetworks', 'vnet')]\"]]" \
	"the app waits for the VNet, and for no plan the template leaves alone"
tpl settings "[sorted(ids(r)) for r in of('Microsoft.Resources/deployments') if \
r['name'] == 'vnetc-lock-1-vault'] == [sorted([
\"${DEP}'vnetc-app-1-app')]\",
\"[resourceId('Microsoft.Network/privateEndpoints', 'vault-pe')]\",
\"[resourceId('Microsoft.Network/privateEndpoints/privateDnsZoneGroups', 'vault-pe', 'vault-zg')]\",
\"[resourceId('Microsoft.Network/privateDnsZones/virtualNetworkLinks', 'privatelink.vaultcore.azure.net', 'vaultcore-zonelink')]\"])]" \
	"the lock waits for the endpoint, its zone group, its zone's link and the app"
tpl settings "of(SITE) == [] and of(PLAN) == [] and \
of('Microsoft.KeyVault/vaults') == []" \
	"(what exists is restated in deployments only)"

# The linked templates of a split: the main template links them by
# relativePath, which Microsoft.Resources/deployments has from 2020-06-01
# on ("The apiVersion of Microsoft.Resources/deployments must be
# 2020-06-01 or later", learn.microsoft.com/azure/azure-resource-manager/
# templates/template-specs-create-linked; the official schemas have
# templateLink.relativePath from 2020-06-01).
$PY bench/gen.py 40 >"$tmp/split.yaml"
build split 0
check "split: two linked templates" test -s "$tmp/split/split.2.json"
tpl split "len(of('Microsoft.Resources/deployments')) == len(t['resources']) == 2 \
and all(r['apiVersion'] >= '2020-06-01' and r['apiVersion'][:2] == '20' \
and r['properties']['templateLink']['relativePath'].startswith('split.') \
for r in t['resources'])" "deployments at apiVersion 2020-06-01 or later"

# Two teams' specs of one file name, whose spokes peer with one hub: the
# template deploys into the hub's group a nested deployment for each, whose
# names must differ (one would overwrite the other in the group's
# deployment history) and fit ARM's 64 characters, with a long file name
# too. They hold a hash of the home group's id (emit_arm.c nest_open).
. tests/script/team-spoke.sh
long=spoke-of-a-team-with-a-very-long-spec-file-name-indeed-abcdefghij
for team in a b; do
	mkdir -p "$tmp/$team"
	team_spoke $team 1 00000000-0000-4000-8000-000000000000 >"$tmp/$team/$long.yaml"
	"$VNETC" build -q "$tmp/$team/$long.yaml" -o "$tmp/$team/out" --no-graph 2>/dev/null
	$PY tests/tools/arm_eval.py --names "$tmp/$team/out/$long.json" \
		"$tmp/$team/out/$long.parameters.json" 11111111-1111-4111-8111-111111111111 \
		rg-team-$team | sed -n 's#^Microsoft.Resources/deployments ##p' >"$tmp/$team.deps"
done
check "two teams, one file name: one deployment each into the hub's group" \
	test "$(cat "$tmp/a.deps" "$tmp/b.deps" | wc -l)" = 2
# the same subscription and group name for both: only the template's own
# group differs, rg-team-a and rg-team-b (team_spoke)
check "... their names differ" test "$(cat "$tmp/a.deps")" != "$(cat "$tmp/b.deps")"
check "... and are deployment names: $(cat "$tmp/a.deps")" $PY -c '
import re, sys
sys.exit(not all(re.fullmatch(r"[-\w._()]{1,64}", n) for n in sys.argv[1:]))' \
	"$(cat "$tmp/a.deps")" "$(cat "$tmp/b.deps")"

# The checkers themselves can fail.
for f in tpl put; do
	$f ep "False" "(expected failure)" >"$tmp/neg"
	if grep -q "(expected failure)" "$tmp/neg"; then
		fail=$((fail - 1))
		pass=$((pass + 1))
	else
		ko "$f cannot fail"
	fi
done

echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" = 0 ]
