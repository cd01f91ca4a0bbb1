#!/bin/sh
# tests/existing.sh - what "existing:" says of plans and apps reaches the
# template as it is: kinds, OS (reserved), user-assigned identities; the
# Functions plans (Elastic Premium, Flex Consumption); an endpoint to a
# resource the template also restates comes after it; and shapes no
# golden spec has: an app's settings behind an app the template leaves to
# the script, the linked templates' deployments. Specs are written here;
# docs/spec.md documents the keys. Last line: "N passed, N failed,
# N skipped".
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
	t "build $1" "$2" "$VNETC" build "$tmp/$1.yaml" -o "$tmp/$1" --no-graph
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
# The kinds Azure gave them stay: the plan's from its SKU's family, the
# app's as written (in Azure's spelling); reserved says Linux on both.
{ spec_head; cat <<'EOF'; } >"$tmp/ep.yaml"
plans:
  plan: { sku: EP1, existing: { os: linux } }
apps:
  fn:
    plan: plan
    vnet_integration: integ
    existing: { kind: "FunctionApp,Linux", identity: SystemAssigned }
EOF
build ep 0
check "ep: no diagnostics" test ! -s "$tmp/err"
tpl ep "one(PLAN)['kind'] == 'elastic' and one(PLAN)['sku'] == \
{'name': 'EP1', 'tier': 'ElasticPremium'}" "the plan keeps kind elastic"
tpl ep "one(PLAN)['properties'] == {'reserved': True}" "a Linux plan is reserved"
tpl ep "one(SITE)['kind'] == 'functionapp,linux'" "the app keeps its kind"
tpl ep "one(SITE)['properties']['reserved'] is True" "a Linux app is reserved"
arm ep
check "ep: the script integrates a function app as az functionapp" grep -q \
	'^  az functionapp vnet-integration add ' "$tmp/ep/ep.sh"
check "ep: its az commands parse" $PY tests/tools/azcheck.py "$tmp/ep/ep.sh"

# A Windows Elastic Premium plan named by its kind, and a Windows function
# app: kind and OS as stated, reserved false.
{ spec_head; cat <<'EOF'; } >"$tmp/epwin.yaml"
plans:
  plan: { sku: EP2, existing: { kind: elastic, os: windows } }
apps:
  fn:
    plan: plan
    vnet_integration: integ
    existing: { kind: functionapp }
EOF
build epwin 0
tpl epwin "one(PLAN)['kind'] == 'elastic' and \
one(PLAN)['properties']['reserved'] is False" "a Windows elastic plan"
tpl epwin "one(SITE)['kind'] == 'functionapp' and \
one(SITE)['properties']['reserved'] is False" "a Windows function app"

# A web app on a Linux plan that says only its kind: the OS comes from
# the kind, the app's kind from the OS.
{ spec_head; cat <<'EOF'; } >"$tmp/web.yaml"
plans:
  plan: { sku: P0v3, existing: { kind: linux } }
apps:
  web:
    plan: plan
    vnet_integration: integ
    existing: { identity: None }
EOF
build web 0
tpl web "one(PLAN)['kind'] == 'linux' and one(PLAN)['properties']['reserved'] \
and one(PLAN)['sku']['tier'] == 'Premium0V3'" "kind linux is a Linux plan"
tpl web "one(SITE)['kind'] == 'app,linux' and one(SITE)['identity'] == \
{'type': 'None'}" "a web app on a Linux plan"

# --- Flex Consumption ------------------------------------------------------
# FC1 has VNet integration, through a subnet delegated to
# Microsoft.App/environments; its app is left to the script (ARM wants the
# functionAppConfig vnetc does not restate); the plan stays Linux,
# functionapp.
{ spec_head Microsoft.App/environments; cat <<'EOF'; } >"$tmp/flex.yaml"
plans:
  plan: { sku: FC1, existing: { kind: functionapp } }
apps:
  fn:
    plan: plan
    vnet_integration: integ
    existing: { kind: "functionapp,linux" }
EOF
build flex 0
check "flex: only the app left to the script" sh -c "test \"\$(grep -c . '$tmp/err')\" = 1 && grep -q 'VN308' '$tmp/err' && grep -q functionAppConfig '$tmp/err'"
tpl flex "one(PLAN)['sku'] == {'name': 'FC1', 'tier': 'FlexConsumption'} and \
one(PLAN)['kind'] == 'functionapp' and one(PLAN)['properties']['reserved']" \
	"the Flex plan is restated as it is"
tpl flex "of(SITE) == []" "no PUT of a Flex app"
arm flex

# --- user-assigned identities ----------------------------------------------
# The map ARM requires, its key a parameter's value (an expression key).
{ spec_head; cat <<'EOF'; } >"$tmp/uai.yaml"
parameters:
  uid: /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/ids/providers/Microsoft.ManagedIdentity/userAssignedIdentities/web-id
plans:
  plan: { sku: S1, existing: { os: windows } }
apps:
  web:
    plan: plan
    vnet_integration: integ
    existing:
      identity:
        type: SystemAssigned, UserAssigned
        user_assigned:
          - ${uid}
          - /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/ids/providers/Microsoft.ManagedIdentity/userAssignedIdentities/other
EOF
build uai 0
tpl uai "one(SITE)['identity'] == {'type': 'SystemAssigned, UserAssigned', \
'userAssignedIdentities': {\"[parameters('uid')]\": {}, \
'/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/ids/providers/Microsoft.ManagedIdentity/userAssignedIdentities/other': {}}}" \
	"both identities, the map keyed by id"
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
tpl self "\"[resourceId('Microsoft.Web/sites', parameters('appName'))]\" in \
ids(one('Microsoft.Network/privateEndpoints'))" "the endpoint waits for the site"
tpl self "not any('privateEndpoints' in d for d in ids(one(SITE)))" \
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
# An app with settings and no existing: block, which the template leaves
# to the script, calling a locked vault: the settings resource waits for
# what the app waited for (the VNet) and for the vault's lock-down
# deployment (which waits for the endpoint, its zone group and its zone's
# link), not for nothing.
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
tpl settings "sorted(ids(one('Microsoft.Web/sites/config'))) == sorted([
\"[resourceId('Microsoft.Network/virtualNetworks', 'vnet')]\",
\"[resourceId('Microsoft.Resources/deployments', 'vnetc-lock-1-vault')]\"])" \
	"the settings wait for what the app waited for and for the lock"
tpl settings "sorted(ids(one('Microsoft.Resources/deployments'))) == sorted([
\"[resourceId('Microsoft.Network/virtualNetworks', 'vnet')]\",
\"[resourceId('Microsoft.Network/privateEndpoints', 'vault-pe')]\",
\"[resourceId('Microsoft.Network/privateEndpoints/privateDnsZoneGroups', 'vault-pe', 'vault-zg')]\",
\"[resourceId('Microsoft.Network/privateDnsZones/virtualNetworkLinks', 'privatelink.vaultcore.azure.net', 'vaultcore-zonelink')]\"])" \
	"the lock waits for the endpoint, its zone group and its zone's link"
tpl settings "of(SITE) == [] and of('Microsoft.KeyVault/vaults') == []" \
	"(the app is the script's; the vault is restated in its lock's deployment only)"

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

# The checker itself can fail.
tpl ep "False" "(expected failure)" >"$tmp/neg"
if grep -q "(expected failure)" "$tmp/neg"; then
	fail=$((fail - 1))
	pass=$((pass + 1))
else
	ko "tpl cannot fail"
fi

echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" = 0 ]
