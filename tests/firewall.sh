#!/bin/sh
# tests/firewall.sh - a back end's firewall (firewall: beside public_access:
# deny, issue 16): bypass, IP rules and VNet rules of an existing Key Vault
# (the lock) and of a storage account vnetc creates, in the plan (the step
# that writes them waits for the rules' VNets), the template (and the
# official ARM schemas), the executor against the mock ARM server (the
# spec's lists replace Azure's; a /32 answered bare is the same rule; a
# second apply writes nothing) and the script against the fake az (the
# same, and a rule added by hand is removed). Then the same for Cosmos DB
# accounts, whose firewall is members of their properties with a gate
# (isVirtualNetworkFilterEnabled) in place of a default action.
# Last line: "N passed, N failed".
. tests/mockarm/lib.sh

G=/subscriptions/$SUB/resourceGroups/rg-fw
V=$G/providers/Microsoft.KeyVault/vaults/kv-fw-1
A=$G/providers/Microsoft.Storage/storageAccounts/stfw1
SN=$G/providers/Microsoft.Network/virtualNetworks/vnet/subnets/agents
cat >"$tmp/fw.yaml" <<'EOF'
resource_group: rg-fw
location: westeurope
vnets:
  vnet:
    address_space: 10.0.0.0/16
    subnets:
      agents: { prefix: 10.0.1.0/24, service_endpoints: [Microsoft.KeyVault, Microsoft.Storage] }
      pe: { prefix: 10.0.2.0/27 }
backends:
  vault:
    type: Microsoft.KeyVault/vaults
    name: kv-fw-1
    public_access: deny
    firewall:
      bypass: None
      ip_rules: [203.0.113.7, 198.51.100.0/24]
      vnet_rules: [agents]
    private_endpoints: [{ subnet: pe }]
  st:
    type: Microsoft.Storage/storageAccounts
    name: stfw1
    create: {}
    firewall:
      bypass: Logging, Metrics
      ip_rules: [203.0.113.7/32]
      vnet_rules: [vnet/agents]
    private_endpoints: [{ subnet: pe, group_id: blob }]
EOF

# --- the plan: the rules' writers wait for the VNet of their subnets ---------
t plan 0 "$VNETC" check -d plan "$tmp/fw.yaml"
check "the created account after the VNet of its VNet rule" grep -q \
	"^9 back end 'st' after 1,2$" "$tmp/out"
check "the vault's lock after it too" grep -q \
	"^12 public access of 'vault' after 1,2,8,7,5$" "$tmp/out"

# --- the template ----------------------------------------------------------------
t build 0 "$VNETC" build -q "$tmp/fw.yaml" -o "$tmp/b" --no-graph
check "the template: the vault's lock sets its firewall, the account is created with its own" $PY -c '
import json, sys
t = json.load(open(sys.argv[1]))
sub = "[resourceId('"'"'Microsoft.Network/virtualNetworks/subnets'"'"', '"'"'vnet'"'"', '"'"'agents'"'"')]"
lock = [r for r in t["resources"] if r["name"] == "vnetc-lock-1-vault"][0]
acl = lock["properties"]["parameters"]["change"]["value"]["properties"]["networkAcls"]
assert acl == {"defaultAction": "Deny", "bypass": "None",
    "ipRules": [{"value": "203.0.113.7/32"}, {"value": "198.51.100.0/24"}],
    "virtualNetworkRules": [{"id": sub}]}, acl
st = [r for r in t["resources"] if r["type"] == "Microsoft.Storage/storageAccounts"][0]
acl = st["properties"]["networkAcls"]
assert acl == {"defaultAction": "Deny", "bypass": "[string('"'"'Logging, Metrics'"'"')]",
    "ipRules": [{"value": "203.0.113.7", "action": "Allow"}],
    "virtualNetworkRules": [{"id": sub, "action": "Allow"}]}, acl
assert st["properties"]["publicNetworkAccess"] == "Enabled"
assert "[resourceId('"'"'Microsoft.Network/virtualNetworks'"'"', '"'"'vnet'"'"')]" in st["dependsOn"], st["dependsOn"]
' "$tmp/b/fw.json"
if have_arm_schemas "the template against the ARM schemas"; then
	check "the template against the ARM schemas" $PY tests/tools/validate_arm.py \
		"$tmp/b/fw.json" "$tmp/b/fw.parameters.json"
fi

# --- apply, against the mock --------------------------------------------------
# mk SEED-VAULT-ACL: a mock whose vault has that networkAcls
mk() {
	mock "{\"/subscriptions/$SUB\": {}, \"$G\": {\"location\": \"westeurope\"},
 \"$V\": {\"location\": \"westeurope\", \"properties\": {\"tenantId\": \"t\",
  \"sku\": {\"family\": \"A\", \"name\": \"standard\"}, \"networkAcls\": $1}}}"
}
MOCK_TOKEN=tok
VA_SPEC=$tmp/fw.yaml
acl() {
	$PY tests/mockarm/query.py store "$EP" | $PY -c 'import json, sys
s = {k.lower(): v for k, v in json.load(sys.stdin).items()}
print(json.dumps(s[sys.argv[1].lower()]["properties"]["networkAcls"], sort_keys=True))' "$1"
}
mk '{"defaultAction": "Allow", "bypass": "AzureServices", "ipRules": [{"value": "192.0.2.1/32"}], "virtualNetworkRules": []}'
va 0 apply
check "the vault's firewall: the spec's rules replace a rule added by hand" test \
	"$(acl "$V")" = "{\"bypass\": \"None\", \"defaultAction\": \"Deny\", \"ipRules\": [{\"value\": \"203.0.113.7/32\"}, {\"value\": \"198.51.100.0/24\"}], \"virtualNetworkRules\": [{\"id\": \"$SN\"}]}"
check "the account is created with its firewall" test \
	"$(acl "$A")" = "{\"bypass\": \"Logging, Metrics\", \"defaultAction\": \"Deny\", \"ipRules\": [{\"action\": \"Allow\", \"value\": \"203.0.113.7\"}], \"virtualNetworkRules\": [{\"action\": \"Allow\", \"id\": \"$SN\"}]}"
from=$($PY tests/mockarm/query.py lastseq "$LOG")
va 0 apply
check "a second apply writes nothing" test \
	"$($PY tests/mockarm/query.py writes "$LOG" "$from")" = 0
# a vault that answers the address without /32, its subnet id in another
# case: the same rules, nothing to write
LSN=$(printf '%s' "$SN" | tr '[:upper:]' '[:lower:]')
mk "{\"defaultAction\": \"Deny\", \"bypass\": \"None\", \"ipRules\": [{\"value\": \"198.51.100.0/24\"}, {\"value\": \"203.0.113.7\"}], \"virtualNetworkRules\": [{\"id\": \"$LSN\"}]}"
va 0 apply
check "a rule answered without /32, an id in lower case: the vault is unchanged" \
	grep -q "^unchanged *public access of 'vault'" "$tmp/out"

# --- the script, against the fake az -----------------------------------------
sc() {
	PATH="$(pwd)/tests/fakeaz:$PATH" FAKEAZ_STATE=$tmp/st FAKEAZ_LOG=$1 \
		FAKEAZ_NEW=storageAccounts bash "$tmp/b/fw.sh" >/dev/null 2>>"$1.err"
}
check "its az commands parse" $PY tests/tools/azcheck.py "$tmp/b/fw.sh"
mkdir -p "$tmp/st"
printf '{"/subscriptions/0000/resourceGroups/rg-fw": {"location": "westeurope"},
 "/subscriptions/0000/resourceGroups/rg-fw/providers/Microsoft.KeyVault/vaults/kv-fw-1": {"location": "westeurope", "properties": {"networkAcls": {"defaultAction": "Allow", "bypass": "AzureServices", "ipRules": [{"value": "192.0.2.1/32"}], "virtualNetworkRules": []}}}}' \
	>"$tmp/st/resources.json"
sc "$tmp/s1.log"
check "the script runs" test $? = 0
# an empty list is the read's last, empty line: once an unbound variable
check "without an error" sh -c "! grep -q . '$tmp/s1.log.err' || ! grep -v '^==>\|^vnetc: ' '$tmp/s1.log.err' | grep -q ."
FS=/subscriptions/0000/resourceGroups/rg-fw/providers/Microsoft.Network/virtualNetworks/vnet/subnets/agents
check "it sets the vault's rules, the subnet's id read as it runs" grep -qF \
	"properties.networkAcls.ipRules=\\[\\{\\\"value\\\":\\\"203.0.113.7/32\\\"\\}\\,\\{\\\"value\\\":\\\"198.51.100.0/24\\\"\\}\\] properties.networkAcls.virtualNetworkRules=\\[\\{\\\"id\\\":\\\"$FS\\\"\\}\\]" \
	"$tmp/s1.log"
check "and the created account's" grep -qF \
	"stfw1 --api-version 2023-05-01 --set properties.networkAcls.bypass=Logging\\,\\ Metrics properties.networkAcls.ipRules=" \
	"$tmp/s1.log"
sc "$tmp/s2.log"
check "a second run writes nothing" sh -c \
	"! grep '^az ' '$tmp/s2.log' | grep -qv ' \(show\|list\|exists\|version\) '"
# by hand: one more address on the account
$PY - "$tmp/st/resources.json" <<'PYEOF'
import json, sys
f = sys.argv[1]
d = json.load(open(f))
for k, v in d.items():
    if k.lower().endswith('/storageaccounts/stfw1'):
        v['properties']['networkAcls']['ipRules'].append({'value': '192.0.2.9', 'action': 'Allow'})
json.dump(d, open(f, 'w'))
PYEOF
sc "$tmp/s3.log"
check "an address added by hand is removed" grep -qF -e \
	"stfw1 --api-version 2023-05-01 --set properties.networkAcls.ipRules=\\[\\{\\\"value\\\":\\\"203.0.113.7\\\"\\,\\\"action\\\":\\\"Allow\\\"\\}\\] --output none" \
	"$tmp/s3.log"

# --- Cosmos DB: an existing account locked by its firewall, one created so --
C=$G/providers/Microsoft.DocumentDB/databaseAccounts/cosmos-fw-1
D=$G/providers/Microsoft.DocumentDB/databaseAccounts/cosmos-fw-2
cat >"$tmp/fwc.yaml" <<'EOF'
resource_group: rg-fw
location: westeurope
vnets:
  vnet:
    address_space: 10.0.0.0/16
    subnets:
      agents: { prefix: 10.0.1.0/24, service_endpoints: [Microsoft.AzureCosmosDB] }
      pe: { prefix: 10.0.2.0/27 }
backends:
  cosmos:
    type: Microsoft.DocumentDB/databaseAccounts
    name: cosmos-fw-1
    public_access: deny
    firewall:
      bypass: AzureServices
      ip_rules: [203.0.113.7/32, 198.51.100.0/24]
      vnet_rules: [agents]
    private_endpoints: [{ subnet: pe, group_id: Sql }]
  made:
    type: Microsoft.DocumentDB/databaseAccounts
    name: cosmos-fw-2
    create: {}
    firewall:
      ip_rules: [203.0.113.8]
      vnet_rules: [vnet/agents]
    private_endpoints: [{ subnet: pe }]
EOF
t "cosmos build" 0 "$VNETC" build -q "$tmp/fwc.yaml" -o "$tmp/c" --no-graph
check "the template: the account's lock sets its gate and rules, the created one has its own" $PY -c '
import json, sys
q = chr(39)
t = json.load(open(sys.argv[1]))
sub = "[resourceId(%sMicrosoft.Network/virtualNetworks/subnets%s, %svnet%s, %sagents%s)]" % ((q,) * 6)
lock = [r for r in t["resources"] if r["name"] == "vnetc-lock-1-cosmos"][0]
ch = lock["properties"]["parameters"]["change"]["value"]["properties"]
assert ch == {"isVirtualNetworkFilterEnabled": True, "networkAclBypass": "AzureServices",
    "ipRules": [{"ipAddressOrRange": "203.0.113.7"}, {"ipAddressOrRange": "198.51.100.0/24"}],
    "virtualNetworkRules": [{"id": sub}]}, ch
# merged into the properties as read (union), not an object of them
assert lock["properties"]["template"]["resources"][0]["properties"] == \
    "[union(parameters(%scurrent%s).properties, parameters(%schange%s).properties)]" % ((q,) * 4)
made = [r for r in t["resources"] if r["type"] == "Microsoft.DocumentDB/databaseAccounts"][0]
p = made["properties"]
assert (p["publicNetworkAccess"], p["isVirtualNetworkFilterEnabled"], p["networkAclBypass"]) == \
    ("Enabled", True, "None"), p
assert p["ipRules"] == [{"ipAddressOrRange": "203.0.113.8"}], p
assert p["virtualNetworkRules"] == [{"id": sub}], p
assert "networkAcls" not in p and "defaultAction" not in p
assert "[resourceId(%sMicrosoft.Network/virtualNetworks%s, %svnet%s)]" % ((q,) * 4) in made["dependsOn"]
' "$tmp/c/fwc.json"
if have_arm_schemas "the Cosmos DB template against the ARM schemas"; then
	check "the Cosmos DB template against the ARM schemas" $PY \
		tests/tools/validate_arm.py "$tmp/c/fwc.json" "$tmp/c/fwc.parameters.json"
fi

# mkc SEED-PROPS: a mock whose account has those properties besides its own
mkc() {
	mock "{\"/subscriptions/$SUB\": {}, \"$G\": {\"location\": \"westeurope\"},
 \"$C\": {\"location\": \"westeurope\", \"kind\": \"GlobalDocumentDB\",
  \"properties\": {\"databaseAccountOfferType\": \"Standard\",
  \"publicNetworkAccess\": \"Enabled\", $1}}}"
}
fwprops() {
	$PY tests/mockarm/query.py store "$EP" | $PY -c 'import json, sys
s = {k.lower(): v for k, v in json.load(sys.stdin).items()}
p = s[sys.argv[1].lower()]["properties"]
print(p["publicNetworkAccess"], p["isVirtualNetworkFilterEnabled"], p["networkAclBypass"],
      " ".join(r["ipAddressOrRange"] for r in p["ipRules"]),
      " ".join(r["id"] for r in p["virtualNetworkRules"]), p.get("databaseAccountOfferType"))' "$1"
}
mkc '"isVirtualNetworkFilterEnabled": false, "networkAclBypass": "None", "ipRules": [{"ipAddressOrRange": "192.0.2.1"}], "virtualNetworkRules": []'
VA_SPEC=$tmp/fwc.yaml
va 0 apply
check "the account's firewall: gate on, the spec's rules in place of one added by hand, the rest kept" \
	test "$(fwprops "$C")" = "Enabled True AzureServices 203.0.113.7 198.51.100.0/24 $SN Standard"
check "the created account with its firewall, public access on for its rules" \
	test "$(fwprops "$D")" = "Enabled True None 203.0.113.8 $SN Standard"
from=$($PY tests/mockarm/query.py lastseq "$LOG")
va 0 apply
check "a second apply writes nothing" test \
	"$($PY tests/mockarm/query.py writes "$LOG" "$from")" = 0
# the rules in another order, the subnet's id in lower case: no change
mkc "\"isVirtualNetworkFilterEnabled\": true, \"networkAclBypass\": \"AzureServices\", \"ipRules\": [{\"ipAddressOrRange\": \"198.51.100.0/24\"}, {\"ipAddressOrRange\": \"203.0.113.7\"}], \"virtualNetworkRules\": [{\"id\": \"$LSN\", \"ignoreMissingVNetServiceEndpoint\": false}]"
va 0 plan
check "the same rules as Azure answers them: the account is unchanged" \
	grep -q "no change *public access of 'cosmos'" "$tmp/out"

# the script, against the fake az
scc() {
	PATH="$(pwd)/tests/fakeaz:$PATH" FAKEAZ_STATE=$tmp/stc FAKEAZ_LOG=$1 \
		FAKEAZ_NEW=databaseaccounts bash "$tmp/c/fwc.sh" >/dev/null 2>>"$1.err"
}
check "its az commands parse" $PY tests/tools/azcheck.py "$tmp/c/fwc.sh"
mkdir -p "$tmp/stc"
printf '{"/subscriptions/0000/resourceGroups/rg-fw": {"location": "westeurope"},
 "/subscriptions/0000/resourceGroups/rg-fw/providers/Microsoft.DocumentDB/databaseAccounts/cosmos-fw-1": {"location": "westeurope", "kind": "GlobalDocumentDB", "properties": {"publicNetworkAccess": "Enabled", "isVirtualNetworkFilterEnabled": false, "networkAclBypass": "None", "ipRules": [{"ipAddressOrRange": "192.0.2.1"}], "virtualNetworkRules": []}}}' \
	>"$tmp/stc/resources.json"
scc "$tmp/c1.log"
check "the script runs" test $? = 0
check "without an error" sh -c "! grep -q . '$tmp/c1.log.err' || ! grep -v '^==>\|^vnetc: ' '$tmp/c1.log.err' | grep -q ."
check "it sets the account's gate, bypass and rules, the subnet's id read as it runs" grep -qF \
	"cosmos-fw-1 --api-version 2024-11-15 --set properties.isVirtualNetworkFilterEnabled=true properties.networkAclBypass=AzureServices properties.ipRules=\\[\\{\\\"ipAddressOrRange\\\":\\\"203.0.113.7\\\"\\}\\,\\{\\\"ipAddressOrRange\\\":\\\"198.51.100.0/24\\\"\\}\\] properties.virtualNetworkRules=\\[\\{\\\"id\\\":\\\"$FS\\\"\\}\\]" \
	"$tmp/c1.log"
cstate() {
	$PY - "$tmp/stc/resources.json" "$1" <<'PYEOF'
import json, sys
d = {k.lower(): v for k, v in json.load(open(sys.argv[1])).items()}
p = d["/subscriptions/0000/resourcegroups/rg-fw/providers/microsoft.documentdb/databaseaccounts/" + sys.argv[2]]["properties"]
print(p["publicNetworkAccess"], p["isVirtualNetworkFilterEnabled"], p["networkAclBypass"],
      " ".join(r["ipAddressOrRange"] for r in p["ipRules"]),
      " ".join(r["id"] for r in p["virtualNetworkRules"]))
PYEOF
}
check "the existing account: its gate, bypass and rules" test \
	"$(cstate cosmos-fw-1)" = "Enabled True AzureServices 203.0.113.7 198.51.100.0/24 $FS"
check "the created account: its gate, bypass and rules" test \
	"$(cstate cosmos-fw-2)" = "Enabled True None 203.0.113.8 $FS"
scc "$tmp/c2.log"
check "a second run writes nothing" sh -c \
	"! grep '^az ' '$tmp/c2.log' | grep -qv ' \(show\|list\|exists\|version\) '"
# by hand: one more address on the created account, its gate off
$PY - "$tmp/stc/resources.json" <<'PYEOF'
import json, sys
f = sys.argv[1]
d = json.load(open(f))
for k, v in d.items():
    if k.lower().endswith('/databaseaccounts/cosmos-fw-2'):
        v['properties']['ipRules'].append({'ipAddressOrRange': '192.0.2.9'})
        v['properties']['isVirtualNetworkFilterEnabled'] = False
json.dump(d, open(f, 'w'))
PYEOF
scc "$tmp/c3.log"
check "the gate turned off by hand is turned on again" grep -q \
	"^az resource update .*cosmos-fw-2.*--set properties.isVirtualNetworkFilterEnabled=true" "$tmp/c3.log"
check "an address added by hand is removed" grep -qF -e \
	"--set properties.ipRules=\\[\\{\\\"ipAddressOrRange\\\":\\\"203.0.113.8\\\"\\}\\] --output none" \
	"$tmp/c3.log"
check "and the account is as the spec says again" test \
	"$(cstate cosmos-fw-2)" = "Enabled True None 203.0.113.8 $FS"

# --- Service Bus: a namespace's firewall is its child networkRuleSets/default --
# (an existing namespace locked by it, one created so), a step of its own
# after the lock or the create; its publicNetworkAccess is the namespace's
# own, which the child's writes never restate (docs/azure-notes.md 20).
B=$G/providers/Microsoft.ServiceBus/namespaces/sb-fw-1
M=$G/providers/Microsoft.ServiceBus/namespaces/sb-fw-2
cat >"$tmp/fws.yaml" <<'EOF'
resource_group: rg-fw
location: westeurope
vnets:
  vnet:
    address_space: 10.0.0.0/16
    subnets:
      agents: { prefix: 10.0.1.0/24, service_endpoints: [Microsoft.ServiceBus] }
      pe: { prefix: 10.0.2.0/27 }
      build: { prefix: 10.0.3.0/24, service_endpoints: [Microsoft.ServiceBus] }
backends:
  bus:
    type: Microsoft.ServiceBus/namespaces
    name: sb-fw-1
    public_access: deny
    firewall:
      bypass: AzureServices
      ip_rules: [203.0.113.7/32, 198.51.100.0/24]
      vnet_rules: [agents, build]
    private_endpoints: [{ subnet: pe, group_id: namespace }]
  made:
    type: Microsoft.ServiceBus/namespaces
    name: sb-fw-2
    create: {}
    firewall:
      ip_rules: [203.0.113.8]
      vnet_rules: [vnet/agents]
    private_endpoints: [{ subnet: pe }]
EOF
t "service bus plan" 0 "$VNETC" check -d plan "$tmp/fws.yaml"
check "the created namespace's firewall after it and the VNet of its rule" grep -q \
	"^8 firewall of 'made' after 7,2$" "$tmp/out"
check "the existing one's after its lock" grep -q \
	"^12 firewall of 'bus' after 11,2$" "$tmp/out"
t "service bus build" 0 "$VNETC" build -q "$tmp/fws.yaml" -o "$tmp/s" --no-graph
check "the template: each firewall restated as a child, without publicNetworkAccess" $PY -c '
import json, sys
q = chr(39)
t = json.load(open(sys.argv[1]))
sub = "[resourceId(%sMicrosoft.Network/virtualNetworks/subnets%s, %svnet%s, %sagents%s)]" % ((q,) * 6)
sub2 = sub.replace("agents", "build")
by = {r["name"]: r for r in t["resources"]}
fw = by["vnetc-firewall-1-bus"]["properties"]
assert fw["parameters"]["name"]["value"] == "sb-fw-1/default", fw["parameters"]["name"]
assert fw["parameters"]["change"]["value"]["properties"] == {"defaultAction": "Deny",
    "trustedServiceAccessEnabled": True,
    "ipRules": [{"ipMask": "203.0.113.7", "action": "Allow"}, {"ipMask": "198.51.100.0/24", "action": "Allow"}],
    "virtualNetworkRules": [{"subnet": {"id": sub}}, {"subnet": {"id": sub2}}]}, fw["parameters"]["change"]
r = fw["template"]["resources"][0]
assert r["type"] == "Microsoft.ServiceBus/namespaces/networkRuleSets" and "location" not in r, r
assert "createArray(%spublicNetworkAccess%s)" % (q, q) in r["properties"], r["properties"]
made = by["vnetc-firewall-2-made"]
assert "[resourceId(%sMicrosoft.ServiceBus/namespaces%s, %ssb-fw-2%s)]" % ((q,) * 4) in made["dependsOn"]
assert made["properties"]["parameters"]["change"]["value"]["properties"] == {"defaultAction": "Deny",
    "trustedServiceAccessEnabled": False, "ipRules": [{"ipMask": "203.0.113.8", "action": "Allow"}],
    "virtualNetworkRules": [{"subnet": {"id": sub}}]}
ns = by["sb-fw-2"]["properties"]
assert ns["publicNetworkAccess"] == "Enabled" and "defaultAction" not in ns and "ipRules" not in ns, ns
' "$tmp/s/fws.json"
if have_arm_schemas "the Service Bus template against the ARM schemas"; then
	check "the Service Bus template against the ARM schemas" $PY \
		tests/tools/validate_arm.py "$tmp/s/fws.json" "$tmp/s/fws.parameters.json"
fi

SN2=$G/providers/Microsoft.Network/virtualNetworks/vnet/subnets/build
LSN2=$(printf '%s' "$SN2" | tr '[:upper:]' '[:lower:]')
# mks NS-PNA RULESET-PROPS: a mock whose namespace has that public access
# and whose rule set those properties
mks() {
	mock "{\"/subscriptions/$SUB\": {}, \"$G\": {\"location\": \"westeurope\"},
 \"$B\": {\"location\": \"westeurope\", \"sku\": {\"name\": \"Premium\", \"tier\": \"Premium\"},
  \"properties\": {\"publicNetworkAccess\": \"$1\", \"minimumTlsVersion\": \"1.2\"}},
 \"$B/networkRuleSets/default\": {\"properties\": $2}}"
}
nrs() {
	$PY tests/mockarm/query.py store "$EP" | $PY -c 'import json, sys
s = {k.lower(): v for k, v in json.load(sys.stdin).items()}
ns = s[sys.argv[1].lower()]["properties"]
p = s[sys.argv[1].lower() + "/networkrulesets/default"]["properties"]
print(ns.get("publicNetworkAccess"), p["defaultAction"], p["trustedServiceAccessEnabled"],
      " ".join(r["ipMask"] for r in p["ipRules"]),
      " ".join(r["subnet"]["id"] for r in p["virtualNetworkRules"]), ns.get("minimumTlsVersion"))' "$1"
}
mks Enabled '{"defaultAction": "Allow", "trustedServiceAccessEnabled": false, "ipRules": [{"ipMask": "192.0.2.1", "action": "Allow"}], "virtualNetworkRules": []}'
VA_SPEC=$tmp/fws.yaml
va 0 apply
check "the namespace's firewall: Deny, its rules in place of one added by hand, the namespace kept" \
	test "$(nrs "$B")" = "Enabled Deny True 203.0.113.7 198.51.100.0/24 $SN $SN2 1.2"
check "the created namespace with its firewall" \
	test "$(nrs "$M")" = "Enabled Deny False 203.0.113.8 $SN 1.2"
from=$($PY tests/mockarm/query.py lastseq "$LOG")
va 0 apply
check "a second apply writes nothing" test \
	"$($PY tests/mockarm/query.py writes "$LOG" "$from")" = 0
mks Enabled "{\"defaultAction\": \"Deny\", \"trustedServiceAccessEnabled\": true, \"ipRules\": [{\"ipMask\": \"198.51.100.0/24\", \"action\": \"Allow\"}, {\"ipMask\": \"203.0.113.7\", \"action\": \"Allow\"}], \"virtualNetworkRules\": [{\"subnet\": {\"id\": \"$LSN2\"}}, {\"subnet\": {\"id\": \"$LSN\"}, \"ignoreMissingVnetServiceEndpoint\": false}]}"
va 0 plan
check "the same rules as Azure answers them: the firewall is unchanged" \
	grep -q "no change *firewall of 'bus'" "$tmp/out"
# disabled with rules kept for later (VN392): the lock disables the
# namespace, and the rule set written after it leaves it disabled
sed 's/public_access: deny/public_access: disabled/' "$tmp/fws.yaml" >"$tmp/fwsd.yaml"
mks Enabled '{"defaultAction": "Allow", "trustedServiceAccessEnabled": false, "ipRules": [], "virtualNetworkRules": []}'
VA_SPEC=$tmp/fwsd.yaml
va 0 apply
check "disabled: the namespace stays disabled after its rule set is written" \
	test "$(nrs "$B")" = "Disabled Allow True 203.0.113.7 198.51.100.0/24 $SN $SN2 1.2"

# the script, against the fake az
scs() {
	PATH="$(pwd)/tests/fakeaz:$PATH" FAKEAZ_STATE=$tmp/sts FAKEAZ_LOG=$1 \
		FAKEAZ_NEW=namespaces bash "$tmp/s/fws.sh" >/dev/null 2>>"$1.err"
}
check "its az commands parse" $PY tests/tools/azcheck.py "$tmp/s/fws.sh"
mkdir -p "$tmp/sts"
printf '{"/subscriptions/0000/resourceGroups/rg-fw": {"location": "westeurope"},
 "/subscriptions/0000/resourceGroups/rg-fw/providers/Microsoft.ServiceBus/namespaces/sb-fw-1": {"location": "westeurope", "properties": {"publicNetworkAccess": "Enabled"}},
 "/subscriptions/0000/resourceGroups/rg-fw/providers/Microsoft.ServiceBus/namespaces/sb-fw-1/networkRuleSets/default": {"properties": {"defaultAction": "Allow", "trustedServiceAccessEnabled": false, "ipRules": [{"ipMask": "192.0.2.1", "action": "Allow"}], "virtualNetworkRules": []}}}' \
	>"$tmp/sts/resources.json"
scs "$tmp/b1.log"
check "the script runs" test $? = 0
check "without an error" sh -c "! grep -q . '$tmp/b1.log.err' || ! grep -v '^==>\|^vnetc: ' '$tmp/b1.log.err' | grep -q ."
check "it sets the rule set's default action, bypass and rules, the subnet's id read as it runs" grep -qF \
	"sb-fw-1/networkRuleSets/default --api-version 2024-01-01 --set properties.defaultAction=Deny properties.trustedServiceAccessEnabled=true properties.ipRules=\\[\\{\\\"ipMask\\\":\\\"203.0.113.7\\\"\\,\\\"action\\\":\\\"Allow\\\"\\}\\,\\{\\\"ipMask\\\":\\\"198.51.100.0/24\\\"\\,\\\"action\\\":\\\"Allow\\\"\\}\\] properties.virtualNetworkRules=\\[\\{\\\"subnet\\\":\\{\\\"id\\\":\\\"$FS\\\"\\}\\}\\,\\{\\\"subnet\\\":\\{\\\"id\\\":\\\"${FS%agents}build\\\"\\}\\}\\]" \
	"$tmp/b1.log"
sstate() {
	$PY - "$tmp/sts/resources.json" "$1" <<'PYEOF'
import json, sys
d = {k.lower(): v for k, v in json.load(open(sys.argv[1])).items()}
n = "/subscriptions/0000/resourcegroups/rg-fw/providers/microsoft.servicebus/namespaces/" + sys.argv[2]
p = d[n + "/networkrulesets/default"]["properties"]
print(d[n]["properties"].get("publicNetworkAccess"), p["defaultAction"], p["trustedServiceAccessEnabled"],
      " ".join(r["ipMask"] for r in p["ipRules"]),
      " ".join(r["subnet"]["id"] for r in p["virtualNetworkRules"]))
PYEOF
}
check "the existing namespace's firewall" test \
	"$(sstate sb-fw-1)" = "Enabled Deny True 203.0.113.7 198.51.100.0/24 $FS ${FS%agents}build"
check "the created namespace's firewall" test \
	"$(sstate sb-fw-2)" = "Enabled Deny False 203.0.113.8 $FS"
scs "$tmp/b2.log"
check "a second run writes nothing" sh -c \
	"! grep '^az ' '$tmp/b2.log' | grep -qv ' \(show\|list\|exists\|version\) '"
# by hand: one more address on the created namespace, its default Allow
$PY - "$tmp/sts/resources.json" <<'PYEOF'
import json, sys
f = sys.argv[1]
d = json.load(open(f))
for k, v in d.items():
    if k.lower().endswith('/sb-fw-2/networkrulesets/default'):
        v['properties']['ipRules'].append({'ipMask': '192.0.2.9', 'action': 'Allow'})
        v['properties']['defaultAction'] = 'Allow'
json.dump(d, open(f, 'w'))
PYEOF
scs "$tmp/b3.log"
check "the default action set to Allow by hand is Deny again, the address removed" test \
	"$(sstate sb-fw-2)" = "Enabled Deny False 203.0.113.8 $FS"

# --- an app reaches a back end by its integration subnet's service endpoint ---
# (VN326 refused it, asking for a private endpoint: a VNet rule for the
# integration subnet lets the app in, as Microsoft's App Service docs say)
cat >"$tmp/se.yaml" <<'EOF'
resource_group: rg-se
location: westeurope
vnets:
  vnet:
    address_space: 10.0.0.0/16
    subnets:
      apps: { prefix: 10.0.1.0/24, delegation: Microsoft.Web/serverFarms, service_endpoints: [Microsoft.KeyVault, Microsoft.Storage] }
      other: { prefix: 10.0.2.0/24, service_endpoints: [Microsoft.Storage] }
backends:
  vault:
    type: Microsoft.KeyVault/vaults
    name: kv-se-1
    create: {}
    public_access: deny
    firewall: { vnet_rules: [apps] }
  st:
    type: Microsoft.Storage/storageAccounts
    name: stse1
    create: {}
    public_access: deny
    firewall: { vnet_rules: [other] }
plans:
  plan: { sku: P1v3, create: { os: linux } }
apps:
  web:
    plan: plan
    create: { runtime: "PYTHON|3.12" }
    vnet_integration: apps
EOF
t "service endpoint reach: check" 1 "$VNETC" check "$tmp/se.yaml"
check "the vault, whose VNet rule is the integration subnet's, is reached" sh -c \
	"! grep -q \"back end 'vault' refuses\" '$tmp/err'"
check "the account, whose rule is another subnet's, is not (VN326)" grep -q \
	"back end 'st' refuses public traffic (public_access: deny), but has no private endpoint.*\[VN326\]" "$tmp/err"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
