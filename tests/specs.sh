#!/bin/sh
# tests/specs.sh - what the real specs in specs/ are for comes out of the
# compiler: each spec's template holds the private DNS zones, endpoints
# and prefixes the spec's comments promise. (tests/run already builds
# every spec with zero diagnostics and runs shellcheck and the schemas.)
# Prints "N passed, N failed" last; exit 1 on failure.
VNETC=${VNETC:-build/vnetc}
PY=/usr/bin/python3
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# expect NAME 'python expression over t (the template)' 'what it checks'
expect() {
	f=$tmp/$1/$1.json
	if [ ! -s "$f" ]; then
		"$VNETC" build "specs/$1.yaml" -o "$tmp/$1" --no-graph \
			>/dev/null 2>"$tmp/err" || { cat "$tmp/err"; }
	fi
	if $PY - "$f" "$2" <<'EOF' >"$tmp/out" 2>&1; then
import json, sys
t = json.load(open(sys.argv[1]))
res = t['resources']
def of(kind):
    return [r for r in res if r['type'] == kind]
zones = sorted(r['name'] for r in of('Microsoft.Network/privateDnsZones'))
pes = of('Microsoft.Network/privateEndpoints')
groups = sorted(g for r in pes for c in r['properties']['privateLinkServiceConnections']
                for g in c['properties']['groupIds'])
vnets = of('Microsoft.Network/virtualNetworks')
def subnet(name):
    return next(s['properties'] for v in vnets for s in v['properties']['subnets']
                if s['name'] == name)
ok = eval(sys.argv[2])
if not ok:
    print('zones', zones, 'groups', groups)
sys.exit(0 if ok else 1)
EOF
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $1: $3"
		sed 's/^/  | /' "$tmp/out"
	fi
}

# Azure Government: its own zone names, none of the commercial ones
# (docs/azure-notes.md 3.3: not the commercial names with another suffix).
expect usgov-isolated-backend "zones == ['privatelink.blob.core.usgovcloudapi.net', \
'privatelink.cognitiveservices.azure.us', 'privatelink.vaultcore.usgovcloudapi.net']" \
	"US Government zone names"
expect usgov-isolated-backend "not any(z.endswith(('.windows.net', '.azure.com', \
'.azure.net')) for z in zones)" "no commercial zone in the Gov spec"

# Storage (blob and file), Azure SQL and Key Vault: one endpoint per
# sub-resource, one zone each.
expect app-data-services "groups == ['blob', 'file', 'sqlServer', 'vault']" \
	"one endpoint per sub-resource: blob, file, sqlServer, vault"
expect app-data-services "zones == ['privatelink.blob.core.windows.net', \
'privatelink.database.windows.net', 'privatelink.file.core.windows.net', \
'privatelink.vaultcore.azure.net']" "blob, file, SQL and vault zones"

# Dual-stack: the VNet and two subnets carry IPv6 /64s; App Service
# integration stays IPv4 only.
expect dual-stack "'fd5a:7c41:9e20::/48' in vnets[0]['properties']['addressSpace']['addressPrefixes']" \
	"the VNet has its IPv6 /48"
expect dual-stack "subnet('snet-pe')['addressPrefixes'] == ['10.40.1.0/27', 'fd5a:7c41:9e20:1::/64']" \
	"the endpoint subnet is dual-stack"
expect dual-stack "subnet('snet-ingest')['addressPrefixes'][1].endswith('::/64')" \
	"the workload subnet has an IPv6 /64"
expect dual-stack "subnet('snet-app').get('addressPrefix') == '10.40.0.0/26' and \
'addressPrefixes' not in subnet('snet-app')" \
	"the integration subnet is IPv4 only"

# The App Service baseline's gateway control plane rule, as Microsoft's
# network.bicep writes it (Azure-Samples/app-service-baseline-implementation,
# infra-as-code/bicep/network.bicep): GatewayManager, Tcp, 65200-65535.
expect app-service-baseline "[(r['properties']['sourceAddressPrefix'], \
r['properties']['protocol'], r['properties']['destinationPortRange']) \
for g in of('Microsoft.Network/networkSecurityGroups') \
for r in g['properties']['securityRules'] \
if r['name'] == 'AppGw.In.Allow.ControlPlane'] == [('GatewayManager', 'Tcp', '65200-65535')]" \
	"the gateway's control plane rule: GatewayManager, Tcp, 65200-65535"

# Flex Consumption: blob, queue and table for the host (no file: its code
# is a package in a blob container, made before the app), the vault's and
# the app's own; the integration subnet delegated to Microsoft.App.
expect functions-flex-private-storage "groups == ['blob', 'queue', 'sites', 'table', 'vault']" \
	"the storage's blob, queue and table endpoints, the vault's, the app's own"
expect functions-flex-private-storage "subnet('snet-func')['delegations'][0]['properties']['serviceName'] \
== 'Microsoft.App/environments'" "the integration subnet is delegated to Microsoft.App/environments"
expect functions-flex-private-storage "[(r['sku'], r['kind']) for r in of('Microsoft.Web/serverfarms')] \
== [({'name': 'FC1', 'tier': 'FlexConsumption'}, 'functionapp')]" "an FC1 plan"
expect functions-flex-private-storage "[r['properties']['functionAppConfig']['scaleAndConcurrency'] \
for r in of('Microsoft.Web/sites')] == [{'maximumInstanceCount': 40, 'instanceMemoryMB': 2048}] \
and len(of('Microsoft.Storage/storageAccounts/blobServices/containers')) == 1" \
	"its scale, and its package container"
# ... its host storage through the app's identity, as Microsoft's Flex
# quickstarts: no key, the package read with the identity, the data roles
expect functions-flex-private-storage "[r['properties']['functionAppConfig']['deployment']['storage']['authentication'] \
for r in of('Microsoft.Web/sites')] == [{'type': 'SystemAssignedIdentity'}] \
and [a['name'] for r in of('Microsoft.Web/sites') for a in r['properties']['siteConfig']['appSettings']] \
== ['AzureWebJobsStorage__accountName'] \
and [r['properties']['allowSharedKeyAccess'] for r in of('Microsoft.Storage/storageAccounts')] == [False] \
and sorted(r['properties']['roleDefinitionId'].split(\"'\")[3] for r in of('Microsoft.Authorization/roleAssignments')) \
== ['0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3', '4633458b-17de-408a-b874-0445c86b69e6', \
'974c5e8b-45b9-4653-ba55-5f855dd0fb88', 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b']" \
	"its host storage through its identity: no key, the package too, Blob Owner, Queue and Table Contributor"

# The checker itself can fail.
expect app-data-services "zones == []" "(expected failure)" >"$tmp/neg"
if grep -q "FAIL: app-data-services: (expected failure)" "$tmp/neg"; then
	fail=$((fail - 1))
	pass=$((pass + 1))
else
	fail=$((fail + 1))
	echo "FAIL: a false expectation passed"
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
