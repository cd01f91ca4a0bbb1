#!/bin/sh
# tests/data.sh - Cosmos DB accounts, Service Bus namespaces and App
# Configuration stores that vnetc creates (create:, issue 16), through the
# executor against the mock ARM server, the script against the fake az,
# the template and the diagram: created locked (public network access
# disabled, keys off where the API takes Microsoft Entra ID, TLS 1.2),
# tagged, with the private-endpoint group id of a Cosmos DB account's API
# and its zone; a second run writes nothing; destroy says what App
# Configuration keeps. Last line: "N passed, N failed".
. tests/mockarm/lib.sh
TID=72f988bf-0000-4000-8000-00000000c0de

G=/subscriptions/$SUB/resourceGroups/rg-data
C=$G/providers/Microsoft.DocumentDB/databaseAccounts/cosmos-data-1
M=$G/providers/Microsoft.DocumentDB/databaseAccounts/cosmos-mongo-1
B=$G/providers/Microsoft.ServiceBus/namespaces/sbns-data-1
A=$G/providers/Microsoft.AppConfiguration/configurationStores/appcs-data-1
PE=$G/providers/Microsoft.Network/privateEndpoints
cat >"$tmp/data.yaml" <<'EOF'
resource_group: rg-data
location: westeurope
vnets:
  vnet:
    address_space: 10.0.0.0/16
    subnets:
      pe: { prefix: 10.0.1.0/24 }
backends:
  cosmos:
    type: Microsoft.DocumentDB/databaseAccounts
    name: cosmos-data-1
    create: {}
    private_endpoints:
      - subnet: pe
  mongo:
    type: Microsoft.DocumentDB/databaseAccounts
    name: cosmos-mongo-1
    create: { api: MongoDB, consistency: Strong }
    private_endpoints:
      - subnet: pe
  bus:
    type: Microsoft.ServiceBus/namespaces
    name: sbns-data-1
    create: { capacity: 2 }
    private_endpoints:
      - subnet: pe
  config:
    type: Microsoft.AppConfiguration/configurationStores
    name: appcs-data-1
    create: { soft_delete_days: 3 }
    private_endpoints:
      - subnet: pe
EOF

JWT=$(jwt "$TID")
MOCK_TOKEN=$JWT
VA_SPEC=$tmp/data.yaml

# --- the plan: each endpoint after its back end, in its API's zone -------------
t plan 0 "$VNETC" check -d plan "$tmp/data.yaml"
check "a created Cosmos DB account's endpoint: its API's zone" sh -c "grep -q \
	\"^4 private DNS zone 'privatelink.mongo.cosmos.azure.com' after 1$\" '$tmp/out' \
	&& grep -q \"^3 private DNS zone 'privatelink.documents.azure.com' after 1$\" '$tmp/out'"
check "the namespace's and the store's zones" sh -c "grep -q \
	\"private DNS zone 'privatelink.servicebus.windows.net'\" '$tmp/out' && grep -q \
	\"private DNS zone 'privatelink.azconfig.io'\" '$tmp/out'"

# --- from nothing: created locked, tagged --------------------------------------
mock "{\"/subscriptions/$SUB\": {}}"
va 0 apply
check "the four are created" test "$(grep -c "^created *back end '" "$tmp/out")" = 4
check "Cosmos DB (Sql): its kind, region, consistency, keys off, TLS 1.2, locked" test \
	"$(field "$C" kind) $(field "$C" properties.locations) $(field "$C" properties.consistencyPolicy.defaultConsistencyLevel) $(field "$C" properties.disableLocalAuth) $(field "$C" properties.minimalTlsVersion) $(field "$C" properties.publicNetworkAccess) $(field "$C" properties.networkAclBypass)" \
	= '"GlobalDocumentDB" [{"failoverPriority": 0, "isZoneRedundant": false, "locationName": "westeurope"}] "Session" true "Tls12" "Disabled" "None"'
check "Cosmos DB (MongoDB): its kind and capability, keys kept (its only sign-in)" test \
	"$(field "$M" kind) $(field "$M" properties.capabilities) $(field "$M" properties.apiProperties) $(field "$M" properties.consistencyPolicy.defaultConsistencyLevel) $(field "$M" properties.disableLocalAuth)" \
	= '"MongoDB" [{"name": "EnableMongo"}] {"serverVersion": "4.2"} "Strong" false'
check "the endpoints' group ids: the accounts' APIs" test \
	"$(field "$PE/cosmos-pe" properties.privateLinkServiceConnections | grep -o '"groupIds": \[[^]]*\]') $(field "$PE/mongo-pe" properties.privateLinkServiceConnections | grep -o '"groupIds": \[[^]]*\]')" \
	= '"groupIds": ["Sql"] "groupIds": ["MongoDB"]'
check "Service Bus: Premium with its units, SAS off, TLS 1.2, locked, tagged" test \
	"$(field "$B" sku) $(field "$B" properties.disableLocalAuth) $(field "$B" properties.minimumTlsVersion) $(field "$B" properties.publicNetworkAccess) $(field "$B" tags)" \
	= '{"capacity": 2, "name": "Premium", "tier": "Premium"} true "1.2" "Disabled" {"managed-by": "vnetc", "vnetc-spec": "data"}'
check "App Configuration: standard, keys off, locked, soft delete, purge protection" test \
	"$(field "$A" sku.name) $(field "$A" properties.disableLocalAuth) $(field "$A" properties.publicNetworkAccess) $(field "$A" properties.enablePurgeProtection) $(field "$A" properties.softDeleteRetentionInDays)" \
	= '"standard" true "Disabled" true 3'
check "each back end before its endpoint" test "$(seq_of PUT /configurationStores/appcs-data-1)" \
	-lt "$(seq_of PUT /privateEndpoints/config-pe)"
from=$(q lastseq "$LOG")
va 0 apply
check "a second apply writes nothing" test "$(q writes "$LOG" "$from")" = 0

# --- import: vnetc's own, written as create: with what differs -------------------
t import 0 env -u AZURE_CLIENT_SECRET -u AZURE_CLIENT_ID -u IDENTITY_ENDPOINT \
	AZURE_ACCESS_TOKEN="$JWT" "$VNETC" import --resource-group rg-data \
	--subscription "$SUB" --arm-endpoint "$EP" -o "$tmp/imported.yaml"
check "import: each as create:, what differs from the defaults" sh -c "\
	grep -qx '    create: { }' '$tmp/imported.yaml' && \
	grep -qx '    create: { api: MongoDB, consistency: Strong }' '$tmp/imported.yaml' && \
	grep -qx '    create: { capacity: 2 }' '$tmp/imported.yaml' && \
	grep -qx '    create: { soft_delete_days: 3 }' '$tmp/imported.yaml'"
t import-plan 0 env -u AZURE_CLIENT_SECRET -u AZURE_CLIENT_ID -u IDENTITY_ENDPOINT \
	AZURE_ACCESS_TOKEN="$JWT" "$VNETC" plan "$tmp/imported.yaml" \
	--subscription "$SUB" --arm-endpoint "$EP" -o "$tmp/j.imp" --detailed-exitcode

# --- destroy: what App Configuration keeps --------------------------------------
va 0 destroy
check "destroy deletes the four" test "$(grep -c "^deleted *back end '" "$tmp/out")" = 4
check "and says that the store stays soft-deleted, purge-protected" grep -q \
	"a deleted App Configuration store stays soft-deleted for 3 days with its key-values.*'az appconfig recover --name appcs-data-1'.*purge protection keeps it" \
	"$tmp/out"

# --- the store's name taken: Azure does not say by whom; vnetc says what to do ---
refused_create /configurationStores/appcs-data-1 NameUnavailable \
	"The specified name is already in use."
check "a store's name in use: a soft-deleted store's (recover, purge) or another's" \
	grep -q "PUT: HTTP 409 NameUnavailable: The specified name is already in use.; 'az appconfig recover --name appcs-data-1' brings the deleted one back with its key-values.*'az appconfig purge --name appcs-data-1' deletes it for good.*give back end 'config' another name; the answer does not say whose the name is: 'az appconfig list-deleted' shows a soft-deleted store, else another's store has it (names are global)$" \
	"$tmp/out"

# --- opened by hand: apply locks it again ----------------------------------------
cat >"$tmp/one.yaml" <<'EOF'
resource_group: rg-data
location: westeurope
vnets: {}
backends:
  bus:
    type: Microsoft.ServiceBus/namespaces
    name: sbns-data-1
    create: {}
EOF
mock "{\"/subscriptions/$SUB\": {}, \"$G\": {\"location\": \"westeurope\"},
 \"$B\": {\"location\": \"westeurope\", \"tags\": {\"managed-by\": \"vnetc\", \"vnetc-spec\": \"one\"},
  \"sku\": {\"name\": \"Premium\", \"tier\": \"Premium\", \"capacity\": 1},
  \"properties\": {\"disableLocalAuth\": false, \"minimumTlsVersion\": \"1.2\", \"publicNetworkAccess\": \"Enabled\"}}}"
SPEC=$tmp/one.yaml OUT=o3 va 0 apply
check "an opened namespace with SAS keys on is locked again" test \
	"$(field "$B" properties.publicNetworkAccess) $(field "$B" properties.disableLocalAuth)" = '"Disabled" true'
mock "{\"/subscriptions/$SUB\": {}, \"$G\": {\"location\": \"westeurope\"},
 \"$B\": {\"location\": \"westeurope\", \"tags\": {\"owner\": \"payments\"}, \"sku\": {\"name\": \"Premium\"}, \"properties\": {\"publicNetworkAccess\": \"Enabled\"}}}"
SPEC=$tmp/one.yaml OUT=o2 va 3 apply
check "apply refuses to write over another's namespace" grep -q \
	"exists and is not vnetc's.*write 'existing: true' for back end 'bus'" "$tmp/out"
check "nothing is written to it" test "$(q count "$LOG" PUT /namespaces/sbns-data-1)" = 0

# --- Azure's spelling of a region: no change -----------------------------------------
# Cosmos DB answers a location's locationName as the region's display name
# ("West Europe"), where vnetc sends its name (westeurope).
cat >"$tmp/cosmos.yaml" <<'EOF'
resource_group: rg-data
location: westeurope
vnets: {}
backends:
  cosmos:
    type: Microsoft.DocumentDB/databaseAccounts
    name: cosmos-data-1
    create: {}
EOF
mock "{\"/subscriptions/$SUB\": {}, \"$G\": {\"location\": \"westeurope\"},
 \"$C\": {\"location\": \"West Europe\", \"kind\": \"GlobalDocumentDB\", \"tags\": {\"managed-by\": \"vnetc\", \"vnetc-spec\": \"cosmos\"},
  \"properties\": {\"databaseAccountOfferType\": \"Standard\", \"capabilities\": [], \"locations\": [{\"locationName\": \"West Europe\", \"failoverPriority\": 0, \"isZoneRedundant\": false}],
   \"consistencyPolicy\": {\"defaultConsistencyLevel\": \"Session\"}, \"disableLocalAuth\": true, \"minimalTlsVersion\": \"Tls12\",
   \"publicNetworkAccess\": \"Disabled\", \"networkAclBypass\": \"None\"}}}"
from=$(q lastseq "$LOG")
SPEC=$tmp/cosmos.yaml OUT=o4 va 0 apply
check "a Cosmos DB account whose region Azure spells 'West Europe': nothing to write" \
	test "$(q writes "$LOG" "$from")" = 0

# --- the template, the script, the diagram ----------------------------------------
t build 0 "$VNETC" build -q "$tmp/data.yaml" -o "$tmp/b" --no-graph
check "the template: the four, locked, the region a parameter" $PY -c 'import json, sys
rs = json.load(open(sys.argv[1]))["resources"]
by = {r["name"]: r for r in rs}
c = by["cosmos-data-1"]["properties"]
assert c["locations"] == [{"locationName": "[parameters(\x27location\x27)]", "failoverPriority": 0, "isZoneRedundant": False}], c
assert (c["publicNetworkAccess"], c["disableLocalAuth"], c["minimalTlsVersion"]) == ("Disabled", True, "Tls12"), c
assert by["cosmos-mongo-1"]["kind"] == "MongoDB"
s = by["sbns-data-1"]
assert s["sku"] == {"name": "Premium", "tier": "Premium", "capacity": 2}, s
assert s["properties"]["publicNetworkAccess"] == "Disabled" and s["properties"]["disableLocalAuth"] is True
a = by["appcs-data-1"]
assert a["sku"] == {"name": "standard"} and a["properties"]["publicNetworkAccess"] == "Disabled", a' "$tmp/b/data.json"
if have_arm_schemas "the template: ARM schemas"; then
	if $PY tests/tools/validate_arm.py "$tmp/b/data.json" \
		"$tmp/b/data.parameters.json" >"$tmp/arm" 2>&1; then ok; else
		ko "the template: ARM schemas"
		sed 's/^/  | /' "$tmp/arm" | head -n 20
	fi
fi
check "the script's account: its region the script's variable, JSON-quoted, in locations too" grep -q \
	"\"locations\":\[{\"failoverPriority\":0,\"isZoneRedundant\":false,\"locationName\":'\"\$(vnetc_json \"\${location}\")\"'}\]" \
	"$tmp/b/data.sh"
check "the script's az commands parse" $PY tests/tools/azcheck.py "$tmp/b/data.sh"
sc() {
	mkdir -p "$1"
	PATH="$(pwd)/tests/fakeaz:$PATH" FAKEAZ_STATE=$1 FAKEAZ_LOG=$2 \
		bash "$tmp/b/data.sh" >/dev/null 2>>"$2"
}
sc "$tmp/st" "$tmp/s1.log"
check "the script creates the four" test $? = 0
$PY - "$tmp/st/resources.json" <<'PYEOF' >"$tmp/st.txt"
import json, sys
d = {k.lower(): v for k, v in json.load(open(sys.argv[1])).items()}
g = "/subscriptions/0000/resourcegroups/rg-data/providers/"
c = d[g + "microsoft.documentdb/databaseaccounts/cosmos-data-1"]
p = c["properties"]
print(c["kind"], p["locations"][0]["locationName"], p["disableLocalAuth"],
      p["publicNetworkAccess"], c["tags"]["managed-by"])
s = d[g + "microsoft.servicebus/namespaces/sbns-data-1"]
print(s["sku"]["name"], s["sku"]["capacity"], s["properties"]["disableLocalAuth"],
      s["properties"]["publicNetworkAccess"])
a = d[g + "microsoft.appconfiguration/configurationstores/appcs-data-1"]
print(a["sku"]["name"], a["properties"]["softDeleteRetentionInDays"],
      a["properties"]["publicNetworkAccess"])
PYEOF
check "the account: its whole body, the region a variable in locations" grep -qx \
	'GlobalDocumentDB westeurope True Disabled vnetc' "$tmp/st.txt"
check "the namespace and the store" sh -c "grep -qx 'Premium 2 True Disabled' \
	'$tmp/st.txt' && grep -qx 'standard 3 Disabled' '$tmp/st.txt'"
# the environment's region reaches the body as JSON, whatever it holds
mkdir -p "$tmp/stq"
location="west\"europe\\" PATH="$(pwd)/tests/fakeaz:$PATH" FAKEAZ_STATE=$tmp/stq \
	FAKEAZ_LOG=/dev/null bash "$tmp/b/data.sh" >/dev/null 2>"$tmp/sq.err"
check "a region with a quote and a backslash: the account's body stays JSON" $PY -c '
import json, sys
d = {k.lower(): v for k, v in json.load(open(sys.argv[1])).items()}
c = d["/subscriptions/0000/resourcegroups/rg-data/providers/microsoft.documentdb/databaseaccounts/cosmos-data-1"]
sys.exit(c["properties"]["locations"][0]["locationName"] != "west\"europe\\")' "$tmp/stq/resources.json"
sc "$tmp/st" "$tmp/s2.log"
check "a second run writes nothing" sh -c \
	"! grep '^az ' '$tmp/s2.log' | grep -qv ' \(show\|list\|exists\|version\) '"
PATH="$(pwd)/tests/fakeaz:$PATH" FAKEAZ_STATE=$tmp/st FAKEAZ_LOG=/dev/null az \
	resource update --resource-group rg-data --name appcs-data-1 \
	--resource-type Microsoft.AppConfiguration/configurationStores \
	--set properties.publicNetworkAccess=Enabled --output none
sc "$tmp/st" "$tmp/s3.log"
check "a store opened by hand is locked again" grep -q \
	'^az resource update .*appcs-data-1.*--set properties.publicNetworkAccess=Disabled' "$tmp/s3.log"

# a Developer store: no soft delete, so neither its days nor purge
# protection (Azure refuses them below Standard), and nothing said on destroy
sed -e 's/create: { soft_delete_days: 3 }/create: { sku: developer }/' \
	-e '/^  config:/,$ { /private_endpoints:/d; /- subnet: pe/d; }' \
	"$tmp/data.yaml" >"$tmp/dev.yaml"
t build-dev 0 "$VNETC" build -q "$tmp/dev.yaml" -o "$tmp/bd" --no-graph
check "a Developer store: no soft-delete settings" $PY -c 'import json, sys
rs = json.load(open(sys.argv[1]))["resources"]
a = [r for r in rs if r["name"] == "appcs-data-1"][0]
assert a["sku"] == {"name": "developer"}, a
assert "softDeleteRetentionInDays" not in a["properties"] and "enablePurgeProtection" not in a["properties"], a' "$tmp/bd/dev.json"

t graph 0 "$VNETC" graph --format mermaid "$tmp/data.yaml"
check "the diagram: created, who can sign in" sh -c "grep -q \
	'sbns-data-1.*created by vnetc (Microsoft Entra ID only)' '$tmp/out' && grep -q \
	'cosmos-mongo-1.*created by vnetc (keys allowed)' '$tmp/out'"

echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" = 0 ]
