#!/bin/sh
# tests/roles.sh - roles: of an app vnetc creates (issue 16): a role
# assignment of its system-assigned or user-assigned identity on a back end,
# named guid(scope id, principal resource id, role GUID) by the template,
# and the same GUID computed by the executor (compiler/uuid.c) and the
# script (vnetc_guid), so that all three write ONE assignment; a second run
# writes nothing; one that exists under another name (RoleAssignmentExists)
# is satisfied and left to its owner; destroy deletes only vnetc's.
# Last line: "N passed, N failed".
. tests/mockarm/lib.sh

G=/subscriptions/$SUB/resourceGroups/rg-web
I=$G/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-web
A=$G/providers/Microsoft.Web/sites/web-vnetc-roles
V=$G/providers/Microsoft.KeyVault/vaults/kv-vnetc-roles
KVSU=4633458b-17de-408a-b874-0445c86b69e6
KVCU=db79e9a7-68ee-4b58-9aeb-b90e7c24fcba
cat >"$tmp/roles.yaml" <<EOF
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
    name: kv-vnetc-roles
    create: {}
    private_endpoints: [{ subnet: pe }]
plans:
  plan:
    name: plan-web
    sku: P1v3
    create: { os: linux }
apps:
  web:
    name: web-vnetc-roles
    plan: plan
    identity: [system, web-id]
    create: { runtime: "PYTHON|3.12" }
    vnet_integration: apps
    roles:
      - { on: vault, role: Key Vault Secrets User, as: web-id }
      - { on: vault, role: key vault certificate user, as: system }
    app_settings: { MODE: prod }
EOF
# the names, as ARM's guid() makes them (Python's uuid5: RFC 4122)
guid() { $PY -c 'import sys, uuid
print(uuid.uuid5(uuid.UUID("11fb06fb-712d-4ddd-98c7-e71bbd588830"), "-".join(sys.argv[1:])))' "$@"; }
N1=$(guid "$V" "$I" $KVSU)
N2=$(guid "$V" "$A" $KVCU)
R1=$V/providers/Microsoft.Authorization/roleAssignments/$N1
R2=$V/providers/Microsoft.Authorization/roleAssignments/$N2

MOCK_TOKEN=tok
SPEC=$tmp/roles.yaml
TENANT=00000000-0000-0000-0000-00000000aaaa

# --- checks and the plan -----------------------------------------------------
t plan 0 "$VNETC" check -d plan "$tmp/roles.yaml"
check "a user-assigned identity's role after the identity and the vault" \
	grep -q "^13 role 'Key Vault Secrets User' of 'web' (web-id) on 'vault' after 1,8,5$" "$tmp/out"
check "a system-assigned identity's after the app and the vault" \
	grep -q "^14 role 'Key Vault Certificate User' of 'web' (system) on 'vault' after 1,10,5$" "$tmp/out"
check "the settings after the roles" grep -q "^15 app settings of 'web' after 10,13,14,6,7,4$" "$tmp/out"
bad() { # bad NAME SED RULE TEXT
	sed "$2" "$tmp/roles.yaml" >"$tmp/bad.yaml"
	t "$1" "${5:-1}" "$VNETC" check "$tmp/bad.yaml"
	check "$1: $3" grep -q "$4.*\[$3\]" "$tmp/err"
}
bad "a misspelt role" 's/Key Vault Secrets User/Key Vault Secret User/' VN372 \
	"bad.yaml:32:.*role 'Key Vault Secret User' is not a built-in role vnetc knows.*did you mean 'Key Vault Secrets User'?"
bad "a broad role" 's/Key Vault Secrets User/Owner/' VN373 \
	"role 'Owner' governs the back end itself" 0
bad "an identity the app does not carry" 's/as: web-id/as: other/' VN374 \
	"'as: other' is not an identity the app carries"
bad "system without the system identity" 's/identity: \[system, web-id\]/identity: [web-id]/' VN374 \
	"'as: system' names the app's system-assigned identity, which it does not have"
bad "a back end not declared" 's/on: vault, role: Key Vault Secrets/on: vaul, role: Key Vault Secrets/' VN302 \
	"back end 'vaul' is not declared under 'backends:'; did you mean 'vault'?"

# --- the executor: one assignment per role, named as the template names it ---
mock "{\"/subscriptions/$SUB\": {}}"
va 0 apply
check "the role of the user-assigned identity, under the template's name" test \
	"$(field "$R1" properties.principalId)" = \
	"$(field "$I" properties.principalId)"
check "for the role, a service principal" test \
	"$(field "$R1" properties.roleDefinitionId) $(field "$R1" properties.principalType)" = \
	"\"/subscriptions/$SUB/providers/Microsoft.Authorization/roleDefinitions/$KVSU\" \"ServicePrincipal\""
check "the role of the system-assigned identity, under the template's name" test \
	"$(field "$R2" properties.principalId)" = "$(field "$A" identity.principalId)"
check "after the vault and the identity" test "$(seq_of PUT /userAssignedIdentities/id-web)" \
	-lt "$(seq_of PUT "/roleAssignments/$N1")"
check "the settings after the roles" test "$(seq_of PUT "/roleAssignments/$N2")" \
	-lt "$(seq_of PUT /config/appsettings)"
from=$(q lastseq "$LOG")
va 0 apply
check "a second apply writes nothing" test "$(q writes "$LOG" "$from")" = 0

# --- a role taken out of roles: is revoked, not left lying about --------------
# the same file name, so the same project and journal
mkdir -p "$tmp/less"
sed '/role: key vault certificate user/d' "$tmp/roles.yaml" >"$tmp/less/roles.yaml"
SPEC=$tmp/less/roles.yaml va 2 plan --detailed-exitcode
check "plan shows the revoke of the role taken out" grep -q \
	"^  - delete .*role assignment no longer in the spec \[$N2\]" "$tmp/out"
check "and counts it" grep -q "^Plan: 0 to create, 0 to update, 1 to delete," "$tmp/out"
SPEC=$tmp/less/roles.yaml va 0 apply
check "apply revokes it, and only it" test \
	"$(q count "$LOG" DELETE "/roleAssignments/$N2") $(q count "$LOG" DELETE "/roleAssignments/$N1")" = "1 0"
SPEC=$tmp/less/roles.yaml va 0 plan --detailed-exitcode
check "then nothing is left to revoke" grep -q "^Plan: 0 to create, 0 to update, [0-9]* unchanged" "$tmp/out"
va 0 apply
check "given again, it is made again" test "$(q count "$LOG" PUT "/roleAssignments/$N2")" = 2
va 0 destroy
check "destroy deletes the assignments vnetc made (the one made again too)" test \
	"$(q count "$LOG" DELETE "/roleAssignments/$N1") $(q count "$LOG" DELETE "/roleAssignments/$N2")" = "1 2"

# --- destroy: a role the spec no longer gives goes too --------------------------
mock "{\"/subscriptions/$SUB\": {}}"
OUT=o4 va 0 apply
SPEC=$tmp/less/roles.yaml OUT=o4 va 0 destroy
check "destroy deletes a role taken out of the spec since apply" test \
	"$(q count "$LOG" DELETE "/roleAssignments/$N2") $(q count "$LOG" DELETE "/roleAssignments/$N1")" = "1 1"

# --- the same role under another name: satisfied, not vnetc's -----------------
mock "{\"/subscriptions/$SUB\": {}}"
OUT=o2 va 0 apply
# the user's own assignment of the same role (made by hand, by az without
# --name): vnetc's deleted, the other in its place
q store "$EP" >"$tmp/store.json"
$PY - "$tmp/store.json" "$R1" >"$tmp/seed2.json" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
seed = {}
for k, v in d.items():
    seed[v.get("id", k)] = {x: v[x] for x in ("location", "kind", "tags", "identity", "sku", "properties") if x in v}
r1 = sys.argv[2].lower()
own = [k for k in seed if k.lower() == r1][0]
seed[own.rsplit("/", 1)[0] + "/00000000-0000-0000-0000-0000000000aa"] = seed.pop(own)
print(json.dumps(seed))
PYEOF
mock "$(cat "$tmp/seed2.json")"
OUT=o3 va 0 apply
check "another's assignment of the same role: satisfied, and said so" grep -q \
	"has this role on it already, under another name (RoleAssignmentExists)" "$tmp/out"
OUT=o3 va 0 destroy
check "destroy leaves it" test \
	"$(q count "$LOG" DELETE /roleAssignments/00000000-0000-0000-0000-0000000000aa)" = 0

# --- the script: vnetc_guid computes the template's name ----------------------
t build 0 "$VNETC" build -q "$tmp/roles.yaml" -o "$tmp/b" --no-graph
check "its az commands parse" $PY tests/tools/azcheck.py "$tmp/b/roles.sh"
sed -n '/^vnetc_guid() {/,/^}/p' "$tmp/b/roles.sh" >"$tmp/guid.sh"
check "vnetc_guid is ARM's guid(): the executor's name" test \
	"$(bash -c '. "$1"; vnetc_guid "$2" "$3" "$4"' sh "$tmp/guid.sh" "$V" "$I" $KVSU)" = "$N1"
check "on another name" test \
	"$(bash -c '. "$1"; vnetc_guid "$2" "$3" "$4"' sh "$tmp/guid.sh" "$V" "$A" $KVCU)" = "$N2"
sc() {
	mkdir -p "$1"
	PATH="$(pwd)/tests/fakeaz:$PATH" FAKEAZ_STATE=$1 FAKEAZ_LOG=$2 \
		FAKEAZ_NEW=serverfarms,sites,userassignedidentities,vaults \
		bash "$tmp/b/roles.sh" >/dev/null 2>>"$2"
}
sed "s/$SUB/0000/g" "$tmp/b/roles.sh" >"$tmp/b/r0.sh" && mv "$tmp/b/r0.sh" "$tmp/b/roles.sh"
sc "$tmp/st" "$tmp/s1.log"
check "the script assigns the roles" test $? = 0
N0=$(guid "$(echo "$V" | sed s/$SUB/0000/)" "$(echo "$I" | sed s/$SUB/0000/)" $KVSU)
check "under the template's name, to the identity's principal" grep -q \
	"^az role assignment create --name $N0 --scope /subscriptions/0000/resourceGroups/rg-web/providers/Microsoft.KeyVault/vaults/kv-vnetc-roles --role $KVSU --assignee-object-id p-s/id-web --assignee-principal-type ServicePrincipal --output none$" \
	"$tmp/s1.log"
sc "$tmp/st" "$tmp/s2.log"
check "a second run writes nothing" sh -c \
	"! grep '^az ' '$tmp/s2.log' | grep -qv ' \(show\|list\|exists\|version\) '"

# --- the template ---------------------------------------------------------------
check "the template: guid(scope, principal resource id, role) at the vault" \
	$PY -c 'import json, sys
rs = json.load(open(sys.argv[1]))["resources"]
ra = [r for r in rs if r["type"] == "Microsoft.Authorization/roleAssignments"]
assert len(ra) == 2, ra
v = "resourceId('"'"'Microsoft.KeyVault/vaults'"'"', '"'"'kv-vnetc-roles'"'"')"
i = "resourceId('"'"'Microsoft.ManagedIdentity/userAssignedIdentities'"'"', '"'"'id-web'"'"')"
assert ra[0]["name"] == "[guid(%s, %s, '"'"'%s'"'"')]" % (v, i, sys.argv[2]), ra[0]
assert ra[0]["scope"] == "[%s]" % v, ra[0]
assert ra[0]["properties"]["principalId"] == "[reference(%s, '"'"'2023-01-31'"'"').principalId]" % i, ra[0]
assert ra[1]["properties"]["principalId"].endswith("'"'"'Full'"'"').identity.principalId]"), ra[1]
st = [r for r in rs if r["type"] == "Microsoft.Web/sites/config"][0]
assert any("roleAssignments" in d for d in st["dependsOn"]), st' "$tmp/b/roles.json" $KVSU
if have_arm_schemas "the template: ARM schemas"; then
	if $PY tests/tools/validate_arm.py "$tmp/b/roles.json" \
		"$tmp/b/roles.parameters.json" >"$tmp/arm" 2>&1; then ok; else
		ko "the template: ARM schemas"
		sed 's/^/  | /' "$tmp/arm" | head -n 20
	fi
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
