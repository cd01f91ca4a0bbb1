#!/bin/sh
# tests/create.sh - back ends vnetc creates (create:, issue 16), through the
# executor against the mock ARM server: created locked and tagged as
# vnetc's, before their endpoints; the tenant from the token; never written
# over a resource of that name that is not vnetc's; destroyed only when the
# journal and the tags both say vnetc created them. The script's side is in
# tests/script.sh, the template's in the golden and schema tests.
# Last line: "N passed, N failed".
. tests/mockarm/lib.sh
TID=72f988bf-0000-4000-8000-00000000c0de

G=/subscriptions/$SUB/resourceGroups/rg-kv
V=$G/providers/Microsoft.KeyVault/vaults/kv-created-1
A=$G/providers/Microsoft.Storage/storageAccounts/stcreated1
cat >"$tmp/kv.yaml" <<EOF
resource_group: rg-kv
location: westeurope
vnets:
  vnet:
    address_space: 10.0.0.0/16
    subnets:
      pe: { prefix: 10.0.1.0/24 }
backends:
  vault:
    type: Microsoft.KeyVault/vaults
    name: kv-created-1
    create: { soft_delete_days: 30 }
    private_endpoints:
      - subnet: pe
  st:
    type: Microsoft.Storage/storageAccounts
    name: stcreated1
    create: { sku: Standard_ZRS }
    public_access: deny
    private_endpoints:
      - { subnet: pe, group_id: blob }
EOF

JWT=$(jwt "$TID")
MOCK_TOKEN=$JWT
VA_SPEC=$tmp/kv.yaml
vault() { field "$V" "$1"; }

# --- the plan: the vault before its endpoint, no lock step after -------------
t plan 0 "$VNETC" check -d plan "$tmp/kv.yaml"
check "the endpoint waits for the vault's creation" grep -q \
	"^8 private endpoint of 'vault' after 7,2$" "$tmp/out"
check "the vault: after the resource group only" grep -q \
	"^7 back end 'vault' after 1$" "$tmp/out"
check "the account's endpoint waits for its creation" grep -q \
	"^11 private endpoint of 'st' after 10,2$" "$tmp/out"
check "no lock-down step" sh -c "! grep -q 'public access of' '$tmp/out'"

# --- from nothing: created locked, tagged, before its endpoint ---------------
mock "{\"/subscriptions/$SUB\": {}}"
va 0 apply
check "the vault is created" grep -q "^created *back end 'vault'" "$tmp/out"
check "tenantId: the token's tid" test "$(vault properties.tenantId)" = "\"$TID\""
check "created locked: public network access disabled" \
	test "$(vault properties.publicNetworkAccess)" = '"Disabled"'
check "created locked: the firewall denies" \
	test "$(vault properties.networkAcls.defaultAction)" = '"Deny"'
check "RBAC authorization, purge protection, 30 days" test \
	"$(vault properties.enableRbacAuthorization) $(vault properties.enablePurgeProtection) $(vault properties.softDeleteRetentionInDays)" = "true true 30"
check "the ownership tags" test "$(vault tags)" = \
	'{"managed-by": "vnetc", "vnetc-spec": "kv"}'
check "the account: StorageV2, its SKU, tagged" test \
	"$(field "$A" kind) $(field "$A" sku.name) $(field "$A" tags)" = \
	'"StorageV2" "Standard_ZRS" {"managed-by": "vnetc", "vnetc-spec": "kv"}'
check "the account: TLS 1.2, HTTPS only, no public blobs, no shared key" test \
	"$(field "$A" properties.minimumTlsVersion) $(field "$A" properties.supportsHttpsTrafficOnly) $(field "$A" properties.allowBlobPublicAccess) $(field "$A" properties.allowSharedKeyAccess)" \
	= '"TLS1_2" true false false'
check "the account: public_access deny: public endpoint on, firewall denies" test \
	"$(field "$A" properties.publicNetworkAccess) $(field "$A" properties.networkAcls.defaultAction)" \
	= '"Enabled" "Deny"'
check "the account, before its endpoint" test "$(seq_of PUT /storageAccounts/stcreated1)" \
	-lt "$(seq_of PUT /privateEndpoints/st-pe)"
check "the vault is written once" test "$(q count "$LOG" PUT /vaults/kv-created-1)" = 1
check "before its endpoint" test "$(seq_of PUT /vaults/kv-created-1)" \
	-lt "$(seq_of PUT /privateEndpoints/vault-pe)"
check "nothing writes the vault's public access after its creation" \
	test "$(q count "$LOG" PATCH /vaults/kv-created-1)" = 0
from=$(q lastseq "$LOG")
va 0 apply
check "a second apply writes nothing" test "$(q writes "$LOG" "$from")" = 0

# --- the spec renamed: what it created is another project's until project: --
cp "$tmp/kv.yaml" "$tmp/renamed.yaml"
from=$(q lastseq "$LOG")
SPEC=$tmp/renamed.yaml va 3 apply
check "renamed: apply names the project that created the vault, and project:" \
	grep -q "key vault of this name was created by vnetc for project 'kv' (tag vnetc-spec: kv), not for this spec's 'renamed' (project:, else the spec file's name without .yaml); vnetc writes nothing over it: if this spec is that one renamed, write 'project: kv' at its top to own it again; otherwise write 'existing: true' for back end 'vault'" \
	"$tmp/out"
check "renamed: nothing written" test "$(q writes "$LOG" "$from")" = 0
{ echo 'project: kv'; cat "$tmp/kv.yaml"; } >"$tmp/renamed.yaml"
rm -f "$tmp/j.1/renamed.journal" "$tmp/j.1/renamed.journal.lock"
SPEC=$tmp/renamed.yaml va 0 apply
check "renamed, project: kv: it owns what it created (the tags, the journal)" \
	test "$(q writes "$LOG" "$from")" = 0
check "its journal is the project's" test -s "$tmp/j.1/kv.journal" -a \
	! -e "$tmp/j.1/renamed.journal.lock"

# --- destroy: the endpoint first, then the vault ------------------------------
# on a terminal (script(1) gives one) destroy shows its plan and asks: the
# plan says what deleting the vault leaves behind
if command -v script >/dev/null; then
	printf 'no\n' | script -qec "env -u AZURE_TENANT_ID AZURE_ACCESS_TOKEN='$JWT' \
		'$VNETC' destroy '$tmp/kv.yaml' --subscription $SUB \
		--arm-endpoint $EP -o '$tmp/j.1'" /dev/null >"$tmp/tty.out" 2>&1
	check "destroy's plan: the vault stays soft-deleted, its name taken" \
		grep -q "^ *a deleted key vault stays soft-deleted for 30 days with its secrets, and its name stays taken" \
		"$tmp/tty.out"
	check "under the vault's delete" sh -c "grep -B1 'a deleted key vault stays' \
		'$tmp/tty.out' | grep -q \"^  - delete *back end 'vault' \[kv-created-1\]:\""
fi
# --dry-run reads the journal as destroy does (it read none: every
# created back end was 'left alone: the journal ((null)) does not say ...')
va 0 destroy --dry-run
check "destroy --dry-run: it would delete the vault vnetc created" sh -c \
	"grep -A3 \"^# [0-9]*/[0-9]* back end 'vault'\" '$tmp/out' | grep -q \
	'^DELETE .*/vaults/kv-created-1?'"
check "destroy --dry-run: and says what a deleted vault leaves" grep -q \
	"^# note: a deleted key vault stays soft-deleted for 30 days" "$tmp/out"
check "destroy --dry-run: no journal said to be missing" sh -c \
	"! grep -q 'journal (' '$tmp/out' '$tmp/err'"
va 0 destroy
check "destroy deletes the vault vnetc created" \
	grep -q "^deleted *back end 'vault'" "$tmp/out"
check "destroy says that the vault it deleted stays soft-deleted" \
	grep -q "^deleted *back end 'vault' \[kv-created-1\] [0-9.]*s:$" "$tmp/out"
check "for its retention, its name taken; how to recover it; never purged" \
	grep -q "^ *a deleted key vault stays soft-deleted for 30 days with its secrets, and its name stays taken: creating it again fails until then; 'az keyvault recover --name kv-created-1' brings it back, and purge protection keeps it from being purged sooner; vnetc never purges$" "$tmp/out"
check "no such note for the storage account" \
	grep -q "^deleted *back end 'st' \[stcreated1\] [0-9.]*s$" "$tmp/out"
check "after its endpoint" test "$(seq_of DELETE /privateEndpoints/vault-pe)" \
	-lt "$(seq_of DELETE /vaults/kv-created-1)"
check "destroy: the resource group vnetc created is not said to hold others'" \
	grep -q "resource group \[rg-kv\]: vnetc created it, and never deletes a resource group" "$tmp/out"
check "destroy deletes the account, after its endpoint" test \
	"$(seq_of DELETE /privateEndpoints/st-pe)" -lt "$(seq_of DELETE /storageAccounts/stcreated1)"

# --- the name of a vault still soft-deleted: what to do ----------------------
refused_create /vaults/kv-created-1 ConflictError \
	"A vault with the same name already exists in deleted state. You need to either recover or purge existing key vault. Follow this link https://go.microsoft.com/fwlink/?linkid=2149745 for more information on soft delete."
check "a soft-deleted vault of the name: Azure's answer, then how to recover or purge it" \
	grep -q "PUT: HTTP 409 ConflictError: A vault with the same name already exists in deleted state.*; 'az keyvault recover --name kv-created-1' brings the deleted one back with its secrets and vnetc's tags (then apply again); 'az keyvault purge --name kv-created-1' deletes it for good and frees the name, where purge protection is off; or give back end 'vault' another name$" \
	"$tmp/out"

# --- a vault of that name that is not vnetc's ---------------------------------
theirs="{\"/subscriptions/$SUB\": {}, \"$G\": {\"location\": \"westeurope\"},
 \"$V\": {\"location\": \"westeurope\", \"tags\": {\"owner\": \"payments\"}, \"properties\": {\"tenantId\": \"$TID\", \"sku\": {\"family\": \"A\", \"name\": \"standard\"}, \"enableRbacAuthorization\": false, \"publicNetworkAccess\": \"Enabled\"}}}"
mock "$theirs"
OUT=o2 va 3 apply
check "apply refuses to write over it, and says what to do" grep -q \
	"key vault of this name exists and is not vnetc's.*write 'existing: true' for back end 'vault'" \
	"$tmp/out"
check "nothing is written to it" test "$(q count "$LOG" PUT /vaults/kv-created-1)" = 0
check "it is as it was" test "$(vault tags)" = '{"owner": "payments"}'
# the journal of the first run says vnetc created one of the name: the tags
# say this one is not it
va 0 destroy
check "destroy leaves a vault without vnetc's tags" test \
	"$(q count "$LOG" DELETE /vaults/kv-created-1)" = 0
# no journal: destroy leaves it, tags or not
mock "{\"/subscriptions/$SUB\": {}, \"$G\": {\"location\": \"westeurope\"},
 \"$V\": {\"location\": \"westeurope\", \"tags\": {\"managed-by\": \"vnetc\", \"vnetc-spec\": \"kv\"}, \"properties\": {}}}"
OUT=o3 va 0 destroy
check "destroy leaves a vault its journal does not say it created" test \
	"$(q count "$LOG" DELETE /vaults/kv-created-1)" = 0
check "and says why" grep -q "back end 'vault'.*journal (.*/kv.journal) does not say vnetc created it.*write its old name as project:" "$tmp/out"

# --- the tenant: a token without tid needs AZURE_TENANT_ID to write --------
TOKEN=opaque-token
mock "{\"/subscriptions/$SUB\": {}}"
va 0 plan
check "plan reads without the tenant: the vault is to be created" grep -q \
	"^  + create *back end 'vault'" "$tmp/out"
check "and asks for nothing" sh -c "! grep -q AZURE_TENANT_ID '$tmp/err'"
# a missing setting: a usage error (2), as a missing subscription, not 3
va 2 apply
check "apply, which writes the vault: AZURE_TENANT_ID is asked for" grep -q \
	"creates a Key Vault.*set AZURE_TENANT_ID" "$tmp/err"
check "before any write" test "$(q writes "$LOG" 0)" = 0
TOKEN=

# --- a resource another operation is working on: waited for, with a limit --------
VN=$G/providers/Microsoft.Network/virtualNetworks/vnet
mock "{\"/subscriptions/$SUB\": {}, \"$G\": {\"location\": \"westeurope\"},
 \"$VN\": {\"location\": \"westeurope\", \"properties\": {\"provisioningState\": \"Updating\",
  \"addressSpace\": {\"addressPrefixes\": [\"10.0.0.0/16\"]}}}}"
VNETC_WAIT_TIMEOUT=3 OUT=busy va 2 plan --detailed-exitcode
check "plan does not wait: it says what is under way, and what apply does" grep -q \
	"^                provisioningState Updating: another operation is under way on it; apply waits for it to end" \
	"$tmp/out"
VNETC_WAIT_TIMEOUT=3 OUT=busy va 3 apply
check "apply says what it waits for, and how long" grep -q \
	"vnet 'vnet' \[vnet\]: provisioningState Updating: another operation is under way on it; waiting up to 3 s" \
	"$tmp/err"
check "and gives up after that, saying what to do" grep -q \
	"still Updating after [34] s: another operation holds it.*VNETC_WAIT_TIMEOUT" "$tmp/out"
check "without writing to it" test "$(q count "$LOG" PUT /virtualNetworks/vnet)" = 0

# --- the script, against the fake az (tests/fakeaz) ---------------------------
t build 0 "$VNETC" build -q "$tmp/kv.yaml" -o "$tmp/b" --no-graph
# sc STATE LOG: the script on the fake az's STATE
sc() {
	mkdir -p "$1"
	PATH="$(pwd)/tests/fakeaz:$PATH" FAKEAZ_STATE=$1 FAKEAZ_LOG=$2 \
		bash "$tmp/b/kv.sh" >/dev/null 2>>"$2"
}
sc "$tmp/st" "$tmp/s1.log"
check "the script creates the vault" test $? = 0
check "locked, RBAC, purge protection, 30 days, tagged, before its endpoint" \
	sh -c "grep -n '^az ' '$tmp/s1.log' | grep -v ' show ' | grep -A1 \
	'az keyvault create --resource-group rg-kv --name kv-created-1 --location westeurope --sku standard --retention-days 30 --enable-rbac-authorization true --enable-purge-protection true --public-network-access Disabled --default-action Deny --bypass AzureServices --tags managed-by=vnetc vnetc-spec=kv --output none' \
	| grep -q 'private-endpoint create'"
check "the account: StorageV2, TLS 1.2, no public blobs, no shared key, denying" \
	grep -q '^az storage account create --resource-group rg-kv --name stcreated1 --location westeurope --sku Standard_ZRS --kind StorageV2 --min-tls-version TLS1_2 --https-only true --allow-blob-public-access false --allow-shared-key-access false --allow-cross-tenant-replication false --public-network-access Enabled --default-action Deny --bypass AzureServices --tags managed-by=vnetc vnetc-spec=kv --output none$' \
	"$tmp/s1.log"
sc "$tmp/st" "$tmp/s2.log"
check "a second run writes nothing" sh -c \
	"! grep '^az ' '$tmp/s2.log' | grep -qv ' \(show\|list\|exists\|version\) '"
# by hand: someone opens it
PATH="$(pwd)/tests/fakeaz:$PATH" FAKEAZ_STATE=$tmp/st FAKEAZ_LOG=/dev/null az \
	keyvault update --resource-group rg-kv --name kv-created-1 \
	--public-network-access Enabled --default-action Allow --output none
sc "$tmp/st" "$tmp/s3.log"
check "an opened vault is locked again" grep -q \
	'^az keyvault update .*--public-network-access Disabled --default-action Deny' "$tmp/s3.log"
check "the account is left as it is" sh -c "! grep -q '^az storage account update' '$tmp/s3.log'"
PATH="$(pwd)/tests/fakeaz:$PATH" FAKEAZ_STATE=$tmp/st FAKEAZ_LOG=/dev/null az \
	storage account update --resource-group rg-kv --name stcreated1 \
	--allow-shared-key-access true --output none
sc "$tmp/st" "$tmp/s5.log"
check "shared key turned on by hand is turned off again" grep -q \
	'^az storage account update .*--allow-shared-key-access false' "$tmp/s5.log"
# a vault of the name that is not vnetc's: the script stops before it
mkdir -p "$tmp/st2"
printf '{"/subscriptions/0000/resourceGroups/rg-kv": {"location": "westeurope"},
 "/subscriptions/0000/resourceGroups/rg-kv/providers/Microsoft.KeyVault/vaults/kv-created-1": {"location": "westeurope", "tags": {"owner": "payments"}, "properties": {}}}' \
	>"$tmp/st2/resources.json"
sc "$tmp/st2" "$tmp/s4.log"
check "the script stops at another's vault" test $? = 1
check "and says what to do" grep -q \
	"key vault of back end 'vault' exists and is not vnetc's.*write 'existing: true'" "$tmp/s4.log"
check "writing nothing to it" sh -c "! grep -q '^az keyvault \(create\|update\)' '$tmp/s4.log'"
# one vnetc created for a spec of another name: the script names it
$PY -c 'import json, sys
p = sys.argv[1] + "/resources.json"
d = json.load(open(p))
for k, r in d.items():
    if k.endswith("/kv-created-1"):
        r["tags"] = {"managed-by": "vnetc", "vnetc-spec": "orders"}
json.dump(d, open(p, "w"))' "$tmp/st2"
sc "$tmp/st2" "$tmp/s6.log"
check "the script stops at another project's vault" test $? = 1
check "naming its project and project:" grep -q \
	"key vault of back end 'vault' was created by vnetc for project 'orders' (tag vnetc-spec), not for this spec's 'kv': if this spec is that one renamed, write that name as 'project:' at its top" \
	"$tmp/s6.log"

# --- the template and the diagram --------------------------------------------
check "the template's vault: the deployment's tenant, tagged, locked" \
	$PY -c 'import json, sys
r = [r for r in json.load(open(sys.argv[1]))["resources"]
     if r["type"] == "Microsoft.KeyVault/vaults"][0]
p = r["properties"]
assert p["tenantId"] == "[subscription().tenantId]", p
assert r["tags"] == {"managed-by": "vnetc", "vnetc-spec": "kv"}, r
assert (p["publicNetworkAccess"], p["networkAcls"]["defaultAction"]) == ("Disabled", "Deny")
assert p["enableRbacAuthorization"] and p["enablePurgeProtection"]
assert p["softDeleteRetentionInDays"] == 30' "$tmp/b/kv.json"
# the official schemas of the types at their apiVersions (tests/refs.sh:
# skipped without ARM_SCHEMAS)
if have_arm_schemas "the template: ARM schemas"; then
	if $PY tests/tools/validate_arm.py "$tmp/b/kv.json" \
		"$tmp/b/kv.parameters.json" >"$tmp/arm" 2>&1; then ok; else
		ko "the template: ARM schemas"
		sed 's/^/  | /' "$tmp/arm" | head -n 20
	fi
fi
t graph 0 "$VNETC" graph --format mermaid "$tmp/kv.yaml"
check "the diagram says vnetc creates it" grep -q \
	'kv-created-1.*public access disabled<br/>created by vnetc (Azure RBAC)' "$tmp/out"
check "the storage account: created by vnetc, no vault's RBAC" grep -q \
	'stcreated1.*<br/>created by vnetc"' "$tmp/out"

echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" = 0 ]
