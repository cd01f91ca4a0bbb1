#!/bin/sh
# tests/settings.sh - app settings that come from other resources (issue 16):
# {secret: VAULT/NAME} is a Key Vault reference written as
# @Microsoft.KeyVault(VaultName=...;SecretName=...) by the script, the
# template and the executor; the identity that resolves it (the app's
# system-assigned one, or key_vault_identity:, the site's
# keyVaultReferenceIdentity) gets Key Vault Secrets User on the vault, a
# derived role assignment named as roles: are, once, and not twice when
# roles: gives it already. {from: KEY, property: P} is another resource's
# property: reference() in the template, az resource show in the script, a
# GET in the executor, read after the step that makes the resource; plan
# says where it comes from, "known after apply" before it exists. Last
# line: "N passed, N failed".
. tests/mockarm/lib.sh

G=/subscriptions/$SUB/resourceGroups/rg-web
I=$G/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-web
A=$G/providers/Microsoft.Web/sites/web-vnetc-settings
V=$G/providers/Microsoft.KeyVault/vaults/kv-vnetc-settings
KVSU=4633458b-17de-408a-b874-0445c86b69e6
REF='@Microsoft.KeyVault(VaultName=kv-vnetc-settings;SecretName=db-password)'
cat >"$tmp/settings.yaml" <<EOF
resource_group: rg-web
location: westeurope
vnets:
  vnet:
    address_space: 10.0.0.0/16
    subnets:
      apps: { prefix: 10.0.1.0/24, delegation: Microsoft.Web/serverFarms }
      pe: { prefix: 10.0.2.0/27 }
identities:
  web-id:
    name: id-web
    create: {}
backends:
  vault:
    type: Microsoft.KeyVault/vaults
    name: kv-vnetc-settings
    create: {}
    private_endpoints: [{ subnet: pe }]
  files:
    type: Microsoft.Storage/storageAccounts
    name: stvnetcsettings
    create: {}
    private_endpoints: [{ subnet: pe, group_id: blob }]
plans:
  plan:
    name: plan-web
    sku: P1v3
    create: { os: linux }
apps:
  web:
    name: web-vnetc-settings
    plan: plan
    identity: [system, web-id]
    key_vault_identity: web-id
    create: { runtime: "PYTHON|3.12" }
    vnet_integration: apps
    app_settings:
      MODE: prod
      DB_PASSWORD: { secret: vault/db-password }
      DB_USER: { secret: vault/db-user }
EOF
guid() { $PY -c 'import sys, uuid
print(uuid.uuid5(uuid.UUID("11fb06fb-712d-4ddd-98c7-e71bbd588830"), "-".join(sys.argv[1:])))' "$@"; }
N1=$(guid "$V" "$I" $KVSU)
R1=$V/providers/Microsoft.Authorization/roleAssignments/$N1

MOCK_TOKEN=tok
SPEC=$tmp/settings.yaml
TENANT=00000000-0000-0000-0000-00000000aaaa

# --- the plan: one derived role, for the identity that resolves them ---------
t plan 0 "$VNETC" check -d plan "$tmp/settings.yaml"
check "Key Vault Secrets User for key_vault_identity, derived, once" test \
	"$(grep -c "role 'Key Vault Secrets User' of 'web' (web-id) on 'vault' (derived: its Key Vault references)" "$tmp/out") $(grep -c " role " "$tmp/out")" = "1 1"
check "the settings after it" grep -q "app settings of 'web' after .*,1[0-9]," "$tmp/out"
sed 's/^    key_vault_identity: web-id$//' "$tmp/settings.yaml" >"$tmp/sys.yaml"
t "system" 0 "$VNETC" check -d plan "$tmp/sys.yaml"
check "without key_vault_identity: the system-assigned identity's" grep -q \
	"role 'Key Vault Secrets User' of 'web' (system) on 'vault' (derived" "$tmp/out"
sed 's/^    app_settings:$/    roles: [{ on: vault, role: key vault secrets user, as: web-id }]\n&/' \
	"$tmp/settings.yaml" >"$tmp/named.yaml"
t "named" 0 "$VNETC" check -d plan "$tmp/named.yaml"
check "roles: names it: not derived again" test \
	"$(grep -c " role " "$tmp/out") $(grep -c derived "$tmp/out")" = "1 0"
sed '/name: kv-vnetc-settings/{n;s/create: {}/create: { rbac_authorization: false }/}' \
	"$tmp/settings.yaml" >"$tmp/ap.yaml"
t "access policies" 0 "$VNETC" check -d plan "$tmp/ap.yaml"
check "a vault with access policies: no role derived" test "$(grep -c " role " "$tmp/out")" = 0
# an existing app: its reference is written as its other settings, no role
# (vnetc does not know its identities)
cat >"$tmp/ex.yaml" <<EOF
resource_group: rg-web
location: westeurope
vnets:
  vnet:
    address_space: 10.0.0.0/16
    subnets:
      apps: { prefix: 10.0.1.0/24, delegation: Microsoft.Web/serverFarms }
      pe: { prefix: 10.0.2.0/27 }
backends:
  vault:
    type: Microsoft.KeyVault/vaults
    name: kv-old
    existing: { sku: standard, rbac_authorization: true }
    public_access: disabled
    private_endpoints: [{ subnet: pe }]
plans:
  plan: {}
apps:
  web:
    plan: plan
    vnet_integration: apps
    app_settings: { DB_PASSWORD: { secret: vault/db-password } }
EOF
t "existing" 0 "$VNETC" build -q "$tmp/ex.yaml" -o "$tmp/ex" --no-graph
check "an existing app: the reference written, no role" $PY -c 'import json, sys
s = open(sys.argv[1]).read()
assert "Microsoft.Authorization/roleAssignments" not in s, s
assert "@Microsoft.KeyVault(VaultName=kv-old;SecretName=db-password)" in s, s' "$tmp/ex/ex.json"
check "and in the script" grep -qF \
	"'DB_PASSWORD=@Microsoft.KeyVault(VaultName=kv-old;SecretName=db-password)'" "$tmp/ex/ex.sh"
bad() { # bad NAME SED RULE TEXT
	sed "$2" "$tmp/settings.yaml" >"$tmp/bad.yaml"
	t "$1" 1 "$VNETC" check "$tmp/bad.yaml"
	check "$1: $3" grep -q "$4.*\[$3\]" "$tmp/err"
}
bad "a back end that is not a vault" 's|vault/db-user|files/db-user|' VN384 \
	"bad.yaml:[0-9]*:.*back end 'files' is Microsoft.Storage/storageAccounts, not a key vault"
bad "no secret name" 's|vault/db-user|vault|' VN384 "'secret: vault' is not VAULT/NAME"
bad "a secret name Key Vault refuses" 's|vault/db-user|vault/db_user|' VN384 "'secret: vault/db_user' is not VAULT/NAME"
bad "a vault not declared" 's|vault/db-user|vaul/db-user|' VN302 "key vault 'vaul' is not declared under 'backends:'; did you mean 'vault'?"
bad "a vault far from any name: the spec's only vault" 's|vault/db-user|kv/db-user|' VN302 "key vault 'kv' is not declared under 'backends:'; did you mean 'vault'?"
bad "key_vault_identity not carried" 's/identity: \[system, web-id\]/identity: [system]/' VN386 \
	"'key_vault_identity: web-id' is not a user-assigned identity the app carries"
bad "no identity" 's/identity: \[system, web-id\]/identity: []/; s/^    key_vault_identity: web-id$//' VN385 \
	"setting DB_PASSWORD is a Key Vault reference.*the app has none"
# uses: without the vault: the reference is a call to it, whose path VN326 checks
sed 's/^    vnet_integration: apps$/    uses: [files]/' "$tmp/settings.yaml" >"$tmp/bad.yaml"
t "unreachable" 1 "$VNETC" check "$tmp/bad.yaml"
check "a locked vault the app cannot reach: VN326" grep -q "'vault'.*\[VN326\]" "$tmp/err"

# --- the executor: the reference written, the role assigned, no secret read ---
mock "{\"/subscriptions/$SUB\": {}}"
va 0 apply
check "the setting is the Key Vault reference" test \
	"$(field "$A/config/appsettings" properties.DB_PASSWORD)" = "\"$REF\""
check "the site resolves references with key_vault_identity" test \
	"$(field "$A" properties.keyVaultReferenceIdentity)" = "\"$I\""
check "the derived role, under roles:'s name, to the identity's principal" test \
	"$(field "$R1" properties.principalId)" = "$(field "$I" properties.principalId)"
check "the settings after the role" test "$(seq_of PUT "/roleAssignments/$N1")" \
	-lt "$(seq_of PUT /config/appsettings)"
check "no secret is read" test "$(grep -c '/secrets' "$LOG")" = 0
from=$(q lastseq "$LOG")
va 0 apply
check "a second apply writes nothing" test "$(q writes "$LOG" "$from")" = 0
va 0 plan
check "plan after apply: nothing to write" grep -q "^Plan: 0 to create, 0 to update," "$tmp/out"

# --- the script and the template ---------------------------------------------
t build 0 "$VNETC" build -q "$tmp/settings.yaml" -o "$tmp/b" --no-graph
check "its az commands parse" $PY tests/tools/azcheck.py "$tmp/b/settings.sh"
sed "s/$SUB/0000/g" "$tmp/b/settings.sh" >"$tmp/b/r0.sh" && mv "$tmp/b/r0.sh" "$tmp/b/settings.sh"
sc() {
	mkdir -p "$1"
	PATH="$(pwd)/tests/fakeaz:$PATH" FAKEAZ_STATE=$1 FAKEAZ_LOG=$2 \
		FAKEAZ_NEW=serverfarms,sites,userassignedidentities,vaults,storageaccounts \
		bash "$tmp/b/settings.sh" >/dev/null 2>>"$2"
}
sc "$tmp/st" "$tmp/s1.log"
check "the script runs" test $? = 0
check "it writes the reference" grep -qF \
	'DB_PASSWORD=@Microsoft.KeyVault\(VaultName=kv-vnetc-settings\;SecretName=db-password\)' "$tmp/s1.log"
check "it sets keyVaultReferenceIdentity" grep -q \
	"^az resource update --ids .*/sites/web-vnetc-settings --set properties.keyVaultReferenceIdentity=/subscriptions/0000/resourceGroups/rg-web/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-web" "$tmp/s1.log"
check "it assigns the derived role" grep -q "^az role assignment create .* --role $KVSU " "$tmp/s1.log"
sc "$tmp/st" "$tmp/s2.log"
check "a second run writes nothing" sh -c \
	"! grep '^az ' '$tmp/s2.log' | grep -qv ' \(show\|list\|exists\|version\) '"
check "the template: the reference, the identity, one role" $PY -c 'import json, sys
rs = json.load(open(sys.argv[1]))["resources"]
ra = [r for r in rs if r["type"] == "Microsoft.Authorization/roleAssignments"]
assert len(ra) == 1, ra
site = [r for r in rs if r["type"] == "Microsoft.Web/sites"][0]
assert site["properties"]["keyVaultReferenceIdentity"] == "[resourceId('"'"'Microsoft.ManagedIdentity/userAssignedIdentities'"'"', '"'"'id-web'"'"')]", site
st = [r for r in rs if r["type"] == "Microsoft.Web/sites/config"][0]
assert "'"'"'DB_PASSWORD'"'"', '"'"'@Microsoft.KeyVault(VaultName=kv-vnetc-settings;SecretName=db-password)'"'"'" in st["properties"], st' "$tmp/b/settings.json"
if have_arm_schemas "the template: ARM schemas"; then
	if $PY tests/tools/validate_arm.py "$tmp/b/settings.json" \
		"$tmp/b/settings.parameters.json" >"$tmp/arm" 2>&1; then ok; else
		ko "the template: ARM schemas"
		sed 's/^/  | /' "$tmp/arm" | head -n 20
	fi
fi

# --- {from: KEY, property: P}: another resource's property ------------------
F=$tmp/from.yaml
sed '/^      DB_USER:/d; /^    key_vault_identity:/d; s/^      DB_PASSWORD: .*$/      VAULT_URI: { from: vault, property: vaultUri }\
      STORAGE_BLOB: { from: files, property: primaryEndpoints.blob }\
      AzureWebJobsStorage__accountName: { from: files, property: name }\
      CLIENT_ID: { from: web-id, property: clientId }\
      VAULT_ID: { from: vault, property: id }\
      SELF_HOST: { from: web, property: defaultHostName }/' "$tmp/settings.yaml" >"$F"
t "from: plan" 0 "$VNETC" check -d plan "$F"
vs=$(grep " back end 'vault'" "$tmp/out" | cut -d' ' -f1)
check "the settings wait for the vault they read" grep -q \
	"app settings of 'web' after \(.*,\)\?$vs\(,\|$\)" "$tmp/out"
t "from: dry run" 0 "$VNETC" apply --dry-run "$F"
check "the dry run shows each read" grep -q -A1 \
	"^# VAULT_URI: properties.vaultUri of vault, read first" "$tmp/out"
check "by the vault's GET" test "$(grep -A1 "^# VAULT_URI: " "$tmp/out" | tail -n 1 | cut -d'?' -f1)" = \
	"GET https://management.azure.com/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-web/providers/Microsoft.KeyVault/vaults/kv-vnetc-settings"
SPEC=$F
mock "{\"/subscriptions/$SUB\": {}}"
va 0 plan
check "plan: a property read is known after apply" grep -q \
	"properties.VAULT_URI: (from vault.vaultUri, known after apply)" "$tmp/out"
check "plan: the resource's name is known now" grep -q \
	"properties.AzureWebJobsStorage__accountName: (from files.name)$" "$tmp/out"
va 0 apply
ST=$G/providers/Microsoft.Storage/storageAccounts/stvnetcsettings
check "the vault's URI, as its GET answers it" test \
	"$(field "$A/config/appsettings" properties.VAULT_URI)" = "$(field "$V" properties.vaultUri)"
check "a nested property: the account's blob endpoint" test \
	"$(field "$A/config/appsettings" properties.STORAGE_BLOB)" = "$(field "$ST" properties.primaryEndpoints.blob)"
check "the app's own host name (a site's read-only property)" test \
	"$(field "$A/config/appsettings" properties.SELF_HOST)" = "$(field "$A" properties.defaultHostName)"
check "... which the mock answers" test "$(field "$A" properties.defaultHostName)" = '"web-vnetc-settings.azurewebsites.net"'
check "an identity's client id" test \
	"$(field "$A/config/appsettings" properties.CLIENT_ID)" = "$(field "$I" properties.clientId)"
check "the name and id without a read" test \
	"$(field "$A/config/appsettings" properties.AzureWebJobsStorage__accountName) $(field "$A/config/appsettings" properties.VAULT_ID)" = "\"stvnetcsettings\" \"$V\""
check "read after the vault is made" test "$(seq_of PUT /vaults/kv-vnetc-settings)" \
	-lt "$(seq_of PUT /config/appsettings)"
check "no key is listed" test "$(grep -ci 'listkeys' "$LOG")" = 0
from=$(q lastseq "$LOG")
va 0 apply
check "from: a second apply writes nothing" test "$(q writes "$LOG" "$from")" = 0
va 0 plan
check "from: plan after apply: nothing to write" grep -q "^Plan: 0 to create, 0 to update," "$tmp/out"
q store "$EP" >"$tmp/live.json"

# an existing app reading an existing vault: the value its GET answers
cat >"$tmp/exf.yaml" <<EOF
resource_group: rg-web
location: westeurope
vnets:
  vnet: { address_space: 10.0.0.0/16, subnets: { pe: { prefix: 10.0.2.0/27 } } }
backends:
  vault:
    type: Microsoft.KeyVault/vaults
    name: kv-old
    existing: true
plans:
  plan: {}
apps:
  web:
    plan: plan
    app_settings: { VAULT_URI: { from: vault, property: vaultUri }, MODE: prod }
EOF
SPEC=$tmp/exf.yaml
estate() { # estate VAULT-PROPERTIES: the existing app, plan and vault
	mock "{\"/subscriptions/$SUB\": {}, \"$G\": {\"location\": \"westeurope\"},
 \"$G/providers/Microsoft.KeyVault/vaults/kv-old\": {\"location\": \"westeurope\", \"properties\": $1},
 \"$G/providers/Microsoft.Web/serverFarms/plan\": {\"location\": \"westeurope\", \"sku\": {\"name\": \"P1v3\"}},
 \"$G/providers/Microsoft.Web/sites/web\": {\"location\": \"westeurope\", \"properties\": {\"serverFarmId\": \"$G/providers/Microsoft.Web/serverFarms/plan\"}},
 \"$G/providers/Microsoft.Web/sites/web/config/appsettings\": {\"properties\": {\"VAULT_URI\": \"https://old/\"}}}"
}
estate '{"vaultUri": "https://kv-old.vault.azure.net/"}'
va 0 plan
check "plan: an existing app's setting from another resource" grep -q \
	"properties.VAULT_URI: (hidden) -> (from vault.vaultUri)$" "$tmp/out"
check "plan: a setting the spec writes as it is: its new value shown" grep -q \
	'properties.MODE: (absent) -> "prod"$' "$tmp/out"
va 0 plan --output json
check "plan --output json: new_from, the values hidden" $PY -c 'import json, sys
j = json.load(open(sys.argv[1]))
c = [c for s in j["steps"] for c in s["changes"] if c["path"] == "properties.VAULT_URI"]
assert c == [{"path": "properties.VAULT_URI", "old_hidden": True, "new_hidden": True,
              "new_from": "vault.vaultUri"}], c' "$tmp/out"
va 0 apply
check "apply writes what the vault's GET answers" test \
	"$(field "$G/providers/Microsoft.Web/sites/web/config/appsettings" properties.VAULT_URI)" = '"https://kv-old.vault.azure.net/"'
estate '{"vaultUri": {"not": "a value"}}'
va 3 apply
check "a property that is no value: the plan fails, nothing written" sh -c \
	"grep -q 'setting VAULT_URI: vault has no property vaultUri' '$tmp/out' &&
	test \"\$($PY tests/mockarm/query.py writes '$LOG')\" = 0"

# the template: reference() of each, evaluated on the estate apply made,
# gives what the executor wrote, after what it reads; no list*() but the
# settings' own
t "from: build" 0 "$VNETC" build -q "$F" -o "$tmp/fb" --no-graph
check "from: the template's values are the executor's" $PY -c 'import json, sys
sys.path.insert(0, "tests/tools")
import arm_eval
from arm_expr import parse_expression
t = json.load(open(sys.argv[1]))
live = json.load(open(sys.argv[2]))
st = [r for r in t["resources"] if r["type"] == "Microsoft.Web/sites/config"][0]
e = st["properties"]
assert "listkeys" not in json.dumps(t).lower(), e
node = parse_expression(e[1:-1])
assert node[0] == "call" and node[1] == "union", node
got = arm_eval.ev(node[2][1], arm_eval.Scope({}, live, sys.argv[3], "rg-web"))
want = live[sys.argv[4].lower()]["properties"]
for k in ("VAULT_URI", "STORAGE_BLOB", "AzureWebJobsStorage__accountName", "CLIENT_ID", "VAULT_ID"):
    assert got[k] == want[k], (k, got[k], want[k])
dep = st["dependsOn"]
assert "[resourceId('"'"'Microsoft.KeyVault/vaults'"'"', '"'"'kv-vnetc-settings'"'"')]" in dep, dep' \
	"$tmp/fb/from.json" "$tmp/live.json" "$SUB" "$A/config/appsettings"
if have_arm_schemas "from: the template: ARM schemas"; then
	if $PY tests/tools/validate_arm.py "$tmp/fb/from.json" \
		"$tmp/fb/from.parameters.json" >"$tmp/arm" 2>&1; then ok; else
		ko "from: the template: ARM schemas"
		sed 's/^/  | /' "$tmp/arm" | head -n 20
	fi
fi

# the script: each value read by az resource show when it runs
check "from: its az commands parse" $PY tests/tools/azcheck.py "$tmp/fb/from.sh"
sed "s/$SUB/0000/g" "$tmp/fb/from.sh" >"$tmp/b/settings.sh"
sc "$tmp/fst" "$tmp/f1.log"
check "from: the script runs" test $? = 0
check "it reads the vault's URI" grep -q \
	"^az resource show --ids /subscriptions/0000/resourceGroups/rg-web/providers/Microsoft.KeyVault/vaults/kv-vnetc-settings --api-version [0-9-]* --query properties.vaultUri --output tsv" "$tmp/f1.log"
check "and writes what it read" grep -q \
	"VAULT_URI=https://kv-vnetc-settings.vault.azure.net/ STORAGE_BLOB=https://stvnetcsettings.blob.core.windows.net/ AzureWebJobsStorage__accountName=stvnetcsettings CLIENT_ID=c-" "$tmp/f1.log"
sc "$tmp/fst" "$tmp/f2.log"
check "from: a second run writes nothing" sh -c \
	"! grep '^az ' '$tmp/f2.log' | grep -qv ' \(show\|list\|exists\|version\) '"
# a property the resource answers empty: the script stops before it writes
cp -r "$tmp/fst" "$tmp/fst3"
$PY -c 'import json, sys
p = sys.argv[1] + "/resources.json"
r = json.load(open(p))
r[[k for k in r if k.endswith("/vaults/kv-vnetc-settings")][0]]["properties"]["vaultUri"] = ""
r[[k for k in r if k.endswith("/config/appsettings")][0]]["properties"]["MODE"] = "dev"
json.dump(r, open(p, "w"))' "$tmp/fst3"
sc "$tmp/fst3" "$tmp/f3.log"
check "an empty value stops the script" sh -c \
	"grep -q \"vnetc: app setting VAULT_URI: vault's properties.vaultUri is empty\" '$tmp/f3.log' &&
	! grep -q '^az webapp config appsettings set' '$tmp/f3.log'"

# the checks (VN387)
fbad() { # fbad NAME SED TEXT
	sed "$2" "$F" >"$tmp/bad.yaml"
	t "$1" 1 "$VNETC" check "$tmp/bad.yaml"
	check "$1: VN387" grep -q "$3.*\[VN387\]" "$tmp/err"
}
fbad "from: an unknown key" 's/from: vault,/from: vaul,/' \
	"bad.yaml:[0-9]*:[0-9]*: .*'from: vaul' is no back end, identity or app of the spec; did you mean 'vault'?"
fbad "from: not a dotted path" 's/primaryEndpoints.blob/primaryEndpoints..blob/' \
	"'property: primaryEndpoints..blob' is not a dotted path of identifiers"
fbad "from: a path with brackets" "s/primaryEndpoints.blob/\"primaryEndpoints['blob']\"/" \
	"is not a dotted path of identifiers"
fbad "from: a secret" 's/property: vaultUri/property: primaryKey/' \
	"'primaryKey' is a secret, which vnetc never reads"
fbad "from: a connection string, any case" 's/property: primaryEndpoints.blob/property: PrimaryEndpoints.connectionstring/' \
	"is a secret"
fbad "from: mixed with secret:" 's/{ from: vault, property: vaultUri }/{ from: vault, property: vaultUri, secret: vault\/x }/' \
	"not both"
fbad "from: no property" 's/{ from: vault, property: vaultUri }/{ from: vault }/' \
	"{from: vault} needs property:"
fbad "from: no from" 's/{ from: vault, property: vaultUri }/{ property: vaultUri }/' \
	"property: needs from:"
fbad "from: a type vnetc cannot read" 's|^  files:$|  thing:\n    type: Microsoft.Contoso/widgets\n    existing: true\n&|; s/from: files, property: primaryEndpoints.blob/from: thing, property: endpoint/' \
	"knows no apiVersion for back end 'thing' (Microsoft.Contoso/widgets)"
sed 's|^  files:$|  thing:\n    type: Microsoft.Contoso/widgets\n    existing: true\n&|; s/from: files, property: primaryEndpoints.blob/from: thing, property: name/' "$F" >"$tmp/thing.yaml"
t "from: the name of a type vnetc cannot read" 0 "$VNETC" check "$tmp/thing.yaml"
check "and no warning" grep -q "ok: no problems" "$tmp/err"
# a path vnetc does not know: a warning (VN377), the known spelling named
sed 's/property: vaultUri/property: vaulturi/; s/property: clientId/property: appId/' "$F" >"$tmp/warn.yaml"
t "from: unknown paths" 0 "$VNETC" check "$tmp/warn.yaml"
check "from: a case apart: VN377 names the GET's spelling" grep -q \
	"setting VAULT_URI: vnetc knows no property 'vaulturi' of Microsoft.KeyVault/vaults; did you mean 'vaultUri'?.*\[VN377\]" "$tmp/err"
check "from: another path: VN377 says what it knows" grep -q \
	"setting CLIENT_ID: vnetc knows no property 'appId' of Microsoft.ManagedIdentity/userAssignedIdentities (it knows clientId, principalId, tenantId, name and id).*\[VN377\]" "$tmp/err"
check "from: the spec's known paths: no warning" sh -c "'$VNETC' check '$F' 2>&1 | grep -q 'no problems'"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
