#!/bin/sh
# tests/sqlai.sh - Azure SQL servers (with their databases) and Azure AI
# services accounts that vnetc creates (create:, issue 16), through the
# executor against the mock ARM server, the script against the fake az,
# and the template: created locked and tagged; a SQL server Microsoft
# Entra-only with its admin at creation and never on an update (the mock
# refuses administrators on a PUT of an existing server, as a server
# with Entra-only authentication does); its databases after it, deleted
# before it; an AI account with its custom subdomain and local
# authentication off. Last line: "N passed, N failed".
. tests/mockarm/lib.sh
TID=72f988bf-0000-4000-8000-00000000c0de

G=/subscriptions/$SUB/resourceGroups/rg-sql
S=$G/providers/Microsoft.Sql/servers/sql-created-1
D=$S/databases/sqldb-orders
A=$G/providers/Microsoft.CognitiveServices/accounts/oai-created-1
ADMIN=5c7a1f0e-8d2b-4c3e-9f41-2a6b8e0d7c13
cat >"$tmp/sql.yaml" <<EOF
resource_group: rg-sql
location: westeurope
parameters:
  adminGroup: { default: $ADMIN }
vnets:
  vnet:
    address_space: 10.0.0.0/16
    subnets:
      pe: { prefix: 10.0.1.0/24 }
backends:
  sql:
    type: Microsoft.Sql/servers
    name: sql-created-1
    create:
      entra_admin: { login: sql-admins, object_id: "\${adminGroup}", type: Group }
      databases:
        orders: { name: sqldb-orders, sku: GP_S_Gen5_1 }
        audit: {}
    private_endpoints:
      - subnet: pe
  ai:
    type: Microsoft.CognitiveServices/accounts
    name: oai-created-1
    create: { kind: OpenAI }
    private_endpoints:
      - subnet: pe
EOF

JWT=$(jwt "$TID")
MOCK_TOKEN=$JWT
VA_SPEC=$tmp/sql.yaml

# --- the plan: the server, its databases after it, then its endpoint ---------
t plan 0 "$VNETC" check -d plan "$tmp/sql.yaml"
check "the databases wait for their server" sh -c "grep -q \
	\"^12 database 'orders' of 'sql' after 11$\" '$tmp/out' && grep -q \
	\"^13 database 'audit' of 'sql' after 11$\" '$tmp/out'"
check "the endpoint waits for the server's creation" grep -q \
	"^14 private endpoint of 'sql' after 11,2$" "$tmp/out"

# --- from nothing: created locked, tagged, Entra-only --------------------------
mock "{\"/subscriptions/$SUB\": {}}"
va 0 apply
check "the server is created" grep -q "^created *back end 'sql'" "$tmp/out"
check "Entra-only, its admin: the group, the token's tenant" test \
	"$(field "$S" properties.administrators)" = \
	"{\"administratorType\": \"ActiveDirectory\", \"azureADOnlyAuthentication\": true, \"login\": \"sql-admins\", \"principalType\": \"Group\", \"sid\": \"$ADMIN\", \"tenantId\": \"$TID\"}"
q store "$EP" >"$tmp/store.json"
check "no SQL login, no password" sh -c "! grep -qi 'administratorLogin' '$tmp/store.json'"
check "TLS 1.2, public network access disabled" test \
	"$(field "$S" properties.minimalTlsVersion) $(field "$S" properties.publicNetworkAccess)" \
	= '"1.2" "Disabled"'
check "the server's ownership tags" test "$(field "$S" tags)" = \
	'{"managed-by": "vnetc", "vnetc-spec": "sql"}'
check "the database: its SKU, tagged" test \
	"$(field "$D" sku.name) $(field "$D" tags)" = \
	'"GP_S_Gen5_1" {"managed-by": "vnetc", "vnetc-spec": "sql"}'
check "a database without sku: Basic, named by its key" test \
	"$(field "$S/databases/audit" sku.name)" = '"Basic"'
check "the databases after the server" test "$(seq_of PUT /servers/sql-created-1)" \
	-lt "$(seq_of PUT /databases/sqldb-orders)"
check "the server before its endpoint" test "$(seq_of PUT /servers/sql-created-1)" \
	-lt "$(seq_of PUT /privateEndpoints/sql-pe)"
check "the AI account: its kind, S0, tagged" test \
	"$(field "$A" kind) $(field "$A" sku.name) $(field "$A" tags)" = \
	'"OpenAI" "S0" {"managed-by": "vnetc", "vnetc-spec": "sql"}'
check "the AI account: its custom subdomain, local auth off, locked" test \
	"$(field "$A" properties.customSubDomainName) $(field "$A" properties.disableLocalAuth) $(field "$A" properties.publicNetworkAccess) $(field "$A" properties.networkAcls.defaultAction) $(field "$A" properties.networkAcls.bypass)" \
	= '"oai-created-1" true "Disabled" "Deny" "None"'
from=$(q lastseq "$LOG")
va 0 apply
check "a second apply writes nothing" test "$(q writes "$LOG" "$from")" = 0

# --- destroy: the databases, then the server; the account ---------------------
va 0 destroy
check "destroy deletes the databases and the server" sh -c "grep -q \
	\"^deleted *database 'orders' of 'sql'\" '$tmp/out' && grep -q \
	\"^deleted *back end 'sql'\" '$tmp/out'"
check "the databases before the server" test "$(seq_of DELETE /databases/sqldb-orders)" \
	-lt "$(seq_of DELETE /servers/sql-created-1)"
check "and the AI account, saying that it stays soft-deleted" grep -q \
	"a deleted Azure AI services account stays soft-deleted for 48 hours" "$tmp/out"
check "and how to recover it, with its group and location" grep -q \
	"recover --name [a-z0-9-]* --resource-group rg-sql --location westeurope' brings it back" "$tmp/out"

# --- the account's name held by a soft-deleted one: how to recover or purge it --
refused_create /accounts/oai-created-1 FlagMustBeSetForRestore \
	"An existing resource with ID '/x' has been soft-deleted. To restore the resource, you must specify 'restore' to be 'true' in the property. If you don't want to restore existing resource, please purge it first."
check "a soft-deleted AI account of the name: Azure's answer, then how to recover or purge it" \
	grep -q "PUT: HTTP 409 FlagMustBeSetForRestore: .*; 'az cognitiveservices account recover --name oai-created-1 --resource-group rg-sql --location westeurope' brings the deleted one back.*'az cognitiveservices account purge --name oai-created-1 --resource-group rg-sql --location westeurope' deletes it for good.*give back end '[a-z]*' another name$" \
	"$tmp/out"

# --- opened by hand: apply locks it again, without administrators -------------
# (a spec of the server alone: a mock's life is a minute)
cat >"$tmp/one.yaml" <<EOF
resource_group: rg-sql
location: westeurope
vnets: {}
backends:
  sql:
    type: Microsoft.Sql/servers
    name: sql-created-1
    create:
      entra_admin: { login: sql-admins, object_id: $ADMIN, type: Group }
EOF
mock "{\"/subscriptions/$SUB\": {}, \"$G\": {\"location\": \"westeurope\"},
 \"$S\": {\"location\": \"westeurope\", \"tags\": {\"managed-by\": \"vnetc\", \"vnetc-spec\": \"one\"},
  \"properties\": {\"version\": \"12.0\", \"minimalTlsVersion\": \"1.2\", \"publicNetworkAccess\": \"Enabled\",
  \"administrators\": {\"administratorType\": \"ActiveDirectory\", \"azureADOnlyAuthentication\": true, \"login\": \"sql-admins\", \"sid\": \"$ADMIN\", \"principalType\": \"Group\", \"tenantId\": \"$TID\"}}}}"
SPEC=$tmp/one.yaml OUT=o3 va 0 apply
check "an opened server is locked again" test \
	"$(field "$S" properties.publicNetworkAccess)" = '"Disabled"'
q body "$LOG" PUT /servers/sql-created-1 >"$tmp/put.json"
check "by a PUT without administrators (Azure refuses them on an update)" \
	sh -c "grep -q Disabled '$tmp/put.json' && ! grep -q administrators '$tmp/put.json'"
check "its admin is still there" test \
	"$(field "$S" properties.administrators.sid)" = "\"$ADMIN\""

# --- a server of that name that is not vnetc's --------------------------------
mock "{\"/subscriptions/$SUB\": {}, \"$G\": {\"location\": \"westeurope\"},
 \"$S\": {\"location\": \"westeurope\", \"tags\": {\"owner\": \"payments\"}, \"properties\": {\"publicNetworkAccess\": \"Enabled\"}}}"
OUT=o2 va 3 apply
check "apply refuses to write over another's server" grep -q \
	"SQL server of this name exists and is not vnetc's.*write 'existing: true' for back end 'sql'" \
	"$tmp/out"
check "nothing is written to it" test "$(q count "$LOG" PUT /servers/sql-created-1)" = 0

# --- the template, the script's commands, the diagram --------------------------
t build 0 "$VNETC" build -q "$tmp/sql.yaml" -o "$tmp/b" --no-graph
check "the template's server: Entra-only, the deployment's tenant, locked" \
	$PY -c 'import json, sys
rs = json.load(open(sys.argv[1]))["resources"]
r = [r for r in rs if r["type"] == "Microsoft.Sql/servers"][0]
p = r["properties"]
a = p["administrators"]
assert a["azureADOnlyAuthentication"] is True and a["principalType"] == "Group", a
assert a["sid"] == "[parameters(\x27adminGroup\x27)]", a
assert a["tenantId"] == "[subscription().tenantId]", a
assert "administratorLogin" not in p and "administratorLoginPassword" not in p
assert (p["minimalTlsVersion"], p["publicNetworkAccess"]) == ("1.2", "Disabled"), p
d = [r for r in rs if r["type"] == "Microsoft.Sql/servers/databases"]
assert [x["sku"]["name"] for x in d] == ["GP_S_Gen5_1", "Basic"], d
assert all(x["dependsOn"] == ["[resourceId(\x27Microsoft.Sql/servers\x27, \x27sql-created-1\x27)]"] for x in d), d
c = [r for r in rs if r["type"] == "Microsoft.CognitiveServices/accounts"][0]
assert (c["kind"], c["sku"]["name"]) == ("OpenAI", "S0"), c
cp = c["properties"]
assert cp["disableLocalAuth"] is True and cp["customSubDomainName"] == "oai-created-1"
assert (cp["publicNetworkAccess"], cp["networkAcls"]["defaultAction"], cp["networkAcls"]["bypass"]) == ("Disabled", "Deny", "None")' "$tmp/b/sql.json"
if have_arm_schemas "the template: ARM schemas"; then
	if $PY tests/tools/validate_arm.py "$tmp/b/sql.json" \
		"$tmp/b/sql.parameters.json" >"$tmp/arm" 2>&1; then ok; else
		ko "the template: ARM schemas"
		sed 's/^/  | /' "$tmp/arm" | head -n 20
	fi
fi
check "the script's az commands parse" $PY tests/tools/azcheck.py "$tmp/b/sql.sh"
check "the script creates the server Entra-only, locked, its admin a parameter" \
	grep -q -- '--enable-ad-only-auth --external-admin-principal-type=Group' "$tmp/b/sql.sh"
check "then tags it (az sql server create takes no --tags)" grep -q \
	"^    --set 'tags={\"managed-by\":\"vnetc\",\"vnetc-spec\":\"sql\"}' --output none$" \
	"$tmp/b/sql.sh"
check "the script's AI account: its whole body, no key, locked" grep -q \
	"^    --properties '{\"kind\":\"OpenAI\",\"location\":'\"\$(vnetc_json \"\${location}\")\"',\"properties\":{\"customSubDomainName\":'\"\$(vnetc_json oai-created-1)\"',\"disableLocalAuth\":true,\"networkAcls\":{\"bypass\":\"None\",\"defaultAction\":\"Deny\"" \
	"$tmp/b/sql.sh"
# the script against the fake az (tests/fakeaz)
sc() {
	mkdir -p "$1"
	PATH="$(pwd)/tests/fakeaz:$PATH" FAKEAZ_STATE=$1 FAKEAZ_LOG=$2 \
		bash "$tmp/b/sql.sh" >/dev/null 2>>"$2"
}
sc "$tmp/st" "$tmp/s1.log"
check "the script creates the server, its databases, the account" test $? = 0
$PY - "$tmp/st/resources.json" "$ADMIN" <<'PYEOF' >"$tmp/st.txt"
import json, sys
d = {k.lower(): v for k, v in json.load(open(sys.argv[1])).items()}
g = "/subscriptions/0000/resourcegroups/rg-sql/providers/"
s = d[g + "microsoft.sql/servers/sql-created-1"]
p = s["properties"]
print(p["administrators"]["sid"] == sys.argv[2], p["administrators"]["principalType"],
      p["minimalTlsVersion"], p["publicNetworkAccess"], s["tags"]["managed-by"])
db = d[g + "microsoft.sql/servers/sql-created-1/databases/sqldb-orders"]
print(db["sku"]["name"], db["tags"]["vnetc-spec"])
a = d[g + "microsoft.cognitiveservices/accounts/oai-created-1"]
ap = a["properties"]
print(a["kind"], a["location"], ap["customSubDomainName"], ap["disableLocalAuth"],
      ap["publicNetworkAccess"], ap["networkAcls"]["bypass"], a["tags"]["managed-by"])
PYEOF
check "the server: its Entra admin, TLS 1.2, disabled, tagged" grep -qx \
	'True Group 1.2 Disabled vnetc' "$tmp/st.txt"
check "its database: its SKU, tagged" grep -qx 'GP_S_Gen5_1 sql' "$tmp/st.txt"
check "the account: its whole body, the location a variable" grep -qx \
	'OpenAI westeurope oai-created-1 True Disabled None vnetc' "$tmp/st.txt"
sc "$tmp/st" "$tmp/s2.log"
check "a second run writes nothing" sh -c \
	"! grep '^az ' '$tmp/s2.log' | grep -qv ' \(show\|list\|exists\|version\) '"
PATH="$(pwd)/tests/fakeaz:$PATH" FAKEAZ_STATE=$tmp/st FAKEAZ_LOG=/dev/null az \
	sql server update --resource-group rg-sql --name sql-created-1 \
	--enable-public-network true --output none
sc "$tmp/st" "$tmp/s3.log"
check "an opened server is locked again, by its update (no admin restated)" \
	grep -q '^az sql server update .*--enable-public-network false' "$tmp/s3.log"
PATH="$(pwd)/tests/fakeaz:$PATH" FAKEAZ_STATE=$tmp/st FAKEAZ_LOG=/dev/null az \
	resource update --resource-group rg-sql --name oai-created-1 \
	--resource-type Microsoft.CognitiveServices/accounts \
	--set properties.disableLocalAuth=false --output none
sc "$tmp/st" "$tmp/s4.log"
check "keys turned on by hand are turned off again" grep -q \
	'^az resource update .*--set properties.disableLocalAuth=true' "$tmp/s4.log"
mkdir -p "$tmp/st2"
printf '{"/subscriptions/0000/resourceGroups/rg-sql": {"location": "westeurope"},
 "/subscriptions/0000/resourceGroups/rg-sql/providers/Microsoft.Sql/servers/sql-created-1": {"location": "westeurope", "tags": {"owner": "payments"}, "properties": {}}}' \
	>"$tmp/st2/resources.json"
sc "$tmp/st2" "$tmp/s5.log"
check "the script stops at another's server" test $? = 1
check "and says what to do" grep -q \
	"SQL server of back end 'sql' exists and is not vnetc's.*write 'existing: true'" "$tmp/s5.log"

t graph 0 "$VNETC" graph --format mermaid "$tmp/sql.yaml"
check "the diagram: the server and its databases, Entra only" grep -q \
	'sql-created-1.*public access disabled<br/>created by vnetc, with its databases (Microsoft Entra only)' "$tmp/out"
check "the diagram: the AI account" grep -q \
	'oai-created-1.*created by vnetc (Microsoft Entra ID only)' "$tmp/out"

echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" = 0 ]
