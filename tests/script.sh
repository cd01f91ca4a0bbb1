#!/usr/bin/env bash
# tests/script.sh - run generated scripts against tests/fakeaz/az, a fake
# Azure CLI that records every call and keeps state: the default spec's
# script performs the tutorial's steps in a safe order, a second run creates
# nothing, and hostile values reach az as data, never as code.
VNETC=${VNETC:-build/vnetc}
root=$(pwd)
pass=0
fail=0
tmp=$(mktemp -d)
# KEEP=1 keeps the fake az's states and logs for a look.
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT INT TERM
. tests/lib.sh
# line number of the first log line matching $2 in $1 (0 if none)
at() { grep -n -- "$2" "$1" | head -n 1 | cut -d: -f1 | grep . || echo 0; }

# The script's messages (each step's "==> [N/M] LABEL" line among them)
# go into the log too, between the az calls they come before and after.
# shellcheck disable=SC2094 # the script and the fake az both append
run() { # script state log
	mkdir -p "$2"
	(cd "$tmp" && PATH="$root/tests/fakeaz:$PATH" FAKEAZ_STATE="$2" \
		FAKEAZ_LOG="$3" bash "$1" >"$3.out" 2>>"$3")
}

# The writes in log $1: every az call but the reads (the commands whose
# last word is show, list, exists or version).
writes() {
	awk '/^az / {
			p = $0; sub(/ --.*/, "", p)
			if (p !~ / (show|list|exists|version)$/) print
		}' "$1"
}
# The writes of log $1 on one line, each ending with ';', without their
# --resource-group and --output and with the app settings' values cut.
written() {
	writes "$1" | sed -e 's/ --resource-group [^ ]*//' -e 's/ --output none//' \
		-e 's/ --settings .*/ --settings .../' | tr '\n' ';'
}
# The fake az on state $1, not logged: az "${@:2}".
fake() {
	(cd "$tmp" && PATH="$root/tests/fakeaz:$PATH" FAKEAZ_STATE="$1" \
		FAKEAZ_LOG=/dev/null az "${@:2}")
}
# A change made by hand between two runs, in state $1: az's generic
# update of resource $2 with options $3...
byhand() {
	local st=$1 id=$2
	shift 2
	fake "$st" resource update --ids "$id" "$@" --output none || ko "by hand: $id $*"
}
# What state $1 holds: query $3 of resource $2, as az's tsv output.
stored() {
	fake "$1" resource show --ids "$2" --query "$3" --output tsv
}
# The id of resource group $1's resource $2 (TYPE/NAME...).
id() { echo "/subscriptions/0000/resourceGroups/$1/providers/$2"; }

"$VNETC" build specs/isolated-backend.yaml -o "$tmp/o" || exit 1
S=$tmp/o/isolated-backend.sh
run "$S" "$tmp/state" "$tmp/run1.log"
check "first run succeeds" test $? = 0
L=$tmp/run1.log
# The subscription it changes, said before the first write (stderr and the
# fake az's log are one file, in the order they happened).
sub_line=$(grep -n '^vnetc: subscription fake subscription (0000)$' "$L" | cut -d: -f1)
first_write=$(grep -n '^az group create' "$L" | head -n 1 | cut -d: -f1)
check "the script names its subscription, before the first write" \
	test -n "$sub_line" -a -n "$first_write" -a "${sub_line:-0}" -lt "${first_write:-0}"
for c in "group create" "network vnet create" "network vnet subnet create" \
	"network private-dns zone create" "network private-dns link vnet create" \
	"network private-endpoint create" \
	"network private-endpoint dns-zone-group create" \
	"appservice plan update" "webapp update" "webapp vnet-integration add" \
	"resource update --ids $(id myKVResourceGroup Microsoft.CognitiveServices/accounts/my-language-cs)" \
	"resource update --ids $(id myKVResourceGroup Microsoft.KeyVault/vaults/my-language-kv)" \
	"webapp config appsettings set" \
	"resource update --ids .* --set properties.vnetRouteAllEnabled=true"; do
	check "first run: az $c" grep -q "^az $c" "$L"
done
# 19: every resource it creates, the plan, the app, the two lock-downs and
# the settings.
check "first run: 19 writes" test "$(writes "$L" | wc -l)" = 19
check "two subnets" test "$(grep -c '^az network vnet subnet create' "$L")" = 2
check "two private endpoints" test "$(grep -c '^az network private-endpoint create' "$L")" = 2
check "the tutorial's values: group id account" grep -q -- '--group-id account' "$L"
check "the tutorial's values: zone link" grep -q -- 'vaultcore-zonelink' "$L"
check "the plan is updated by its own name" grep -q '^az appservice plan update .*--name my-language-app' "$L"
check "current flag, not --disable-private-endpoint-network-policies" \
	sh -c "! grep -q -- '--disable-private-endpoint' '$L'"
integ=$(at "$L" "^az webapp vnet-integration add")
zg=$(at "$L" "^az network private-endpoint dns-zone-group create")
lock_cs=$(at "$L" "^az resource update .*CognitiveServices")
lock_kv=$(at "$L" "^az resource update .*KeyVault")
settings=$(at "$L" "^az webapp config appsettings set")
check "back ends locked after VNet integration" test "$lock_cs" -gt "$integ" -a "$lock_kv" -gt "$integ"
check "back ends locked after their zone groups" test "$lock_cs" -gt "$zg"
check "settings re-set after the lock-down" test "$settings" -gt "$lock_kv" -a "$settings" -gt "$lock_cs"
check "the tutorial's lock-down: Cognitive Services public access off" \
	grep -q 'resource update .*CognitiveServices.* --set properties.publicNetworkAccess=Disabled' "$L"

run "$S" "$tmp/state" "$tmp/run2.log"
check "second run succeeds" test $? = 0
check "second run creates nothing" sh -c "! grep -E '^az .* (create|add) ' '$tmp/run2.log'"
check "second run does not re-integrate" sh -c "! grep -q 'vnet-integration add' '$tmp/run2.log'"
check "second run writes nothing, the lock-downs' steps included" \
	test -z "$(writes "$tmp/run2.log")"
check "second run: the settings step says why it skips" \
	grep -q "^    skipped: every value is the spec value" "$tmp/run2.log"

# A change made by hand between runs is put back by the one write of what
# changed, and the settings are written again after a write (the app
# fetches its Key Vault references through what changed). What Azure
# compares without case or order is no change.
st=$tmp/state
vnet=$(id myKVResourceGroup Microsoft.Network/virtualNetworks/myVNet)
pe_sub=$vnet/subnets/private-endpoint-subnet
app_sub=$vnet/subnets/vnet-integration-subnet
plan=$(id myKVResourceGroup Microsoft.Web/serverfarms/my-language-app)
site=$(id myKVResourceGroup Microsoft.Web/sites/my-language-app)
cfg=$site/config/appsettings
sw="az webapp config appsettings set --name my-language-app --settings ...;"
again() { # what changed, the writes expected
	rm -f "$tmp/again.log"
	run "$S" "$st" "$tmp/again.log"
	check "$1: the run succeeds" test $? = 0
	check "$1: writes ${2:-nothing}" test "$(written "$tmp/again.log")" = "$2"
}
byhand "$st" "$pe_sub" --set properties.privateEndpointNetworkPolicies=Enabled
again "a subnet's policies changed" "az network vnet subnet update --vnet-name myVNet --name private-endpoint-subnet --private-endpoint-network-policies Disabled;$sw"
byhand "$st" "$plan" --set sku.name=F1
again "the plan's SKU changed" "az appservice plan update --name my-language-app --sku S1;$sw"
byhand "$st" "$cfg" --set properties.CS_ACCOUNT_KEY=x
again "a setting's value changed" "$sw"
v=$(stored "$st" "$cfg" properties.CS_ACCOUNT_NAME)
byhand "$st" "$cfg" --set "properties.CS_ACCOUNT_NAME=${v^^}"
again "a setting's value changed case (data: compared exactly)" "$sw"
byhand "$st" "$cfg" --set "properties.CS_ACCOUNT_NAME=$v"$'\n'
again "a setting's value gained a newline" "$sw"
byhand "$st" "$cfg" --remove properties.CS_ACCOUNT_KEY
again "a setting went missing" "$sw"
byhand "$st" "$cfg" --set properties.CS_ACCOUNT_KEY=
again "a setting's value became empty" "$sw"
byhand "$st" "$site" --set properties.httpsOnly=false properties.vnetRouteAllEnabled=false
again "HTTPS only and Route All turned off" "az webapp update --name my-language-app --https-only true;az resource update --ids $site --api-version 2024-04-01 --set properties.vnetRouteAllEnabled=true;$sw"
byhand "$st" "$vnet" --set 'properties.addressSpace.addressPrefixes=["10.0.0.0/16","10.1.0.0/16"]'
byhand "$st" "$app_sub" --set properties.addressPrefix=10.0.0.0/25 'properties.delegations=[]'
again "the VNet's and a subnet's prefixes and a delegation changed" "az network vnet update --name myVNet --address-prefixes 10.0.0.0/16;az network vnet subnet update --vnet-name myVNet --name vnet-integration-subnet --address-prefixes 10.0.0.0/24;az network vnet subnet update --vnet-name myVNet --name vnet-integration-subnet --delegations Microsoft.Web/serverFarms;$sw"
# The lock-down: a back end opened by hand is locked again by its one
# write, which the settings follow as they follow every other write.
byhand "$st" "$(id myKVResourceGroup Microsoft.KeyVault/vaults/my-language-kv)" \
	--set properties.networkAcls.defaultAction=Allow
again "the vault's default action turned to Allow" "az resource update --ids $(id myKVResourceGroup Microsoft.KeyVault/vaults/my-language-kv) --api-version 2023-07-01 --set properties.networkAcls.defaultAction=Deny;$sw"
byhand "$st" "$plan" --set sku.name=s1
byhand "$st" "$app_sub" \
	--set 'properties.delegations=[{"name":"0","properties":{"serviceName":"microsoft.web/serverfarms"}}]'
byhand "$st" "$pe_sub" --set properties.privateEndpointNetworkPolicies=disabled
byhand "$st" "$(id myKVResourceGroup Microsoft.CognitiveServices/accounts/my-language-cs)" \
	--set properties.publicNetworkAccess=disabled
byhand "$st" "$(id myKVResourceGroup Microsoft.KeyVault/vaults/my-language-kv)" \
	--set properties.networkAcls.defaultAction=deny
again "SKU, delegation, policies and public access differ in case only" ""
# Order: a dual-stack VNet and subnet, their prefixes the other way round
# and IPv6's hex digits in capitals.
"$VNETC" build specs/dual-stack.yaml -o "$tmp/ds" --no-graph || exit 1
run "$tmp/ds/dual-stack.sh" "$tmp/dsstate" "$tmp/ds1.log"
check "dual stack: first run succeeds" test $? = 0
ds=$(id rg-telemetry-prod Microsoft.Network/virtualNetworks/vnet-telemetry-prod)
byhand "$tmp/dsstate" "$ds" \
	--set 'properties.addressSpace.addressPrefixes=["FD5A:7C41:9E20::/48","10.40.0.0/22"]'
byhand "$tmp/dsstate" "$ds/subnets/snet-pe" \
	--set 'properties.addressPrefixes=["FD5A:7C41:9E20:1::/64","10.40.1.0/27"]'
run "$tmp/ds/dual-stack.sh" "$tmp/dsstate" "$tmp/ds2.log"
check "dual stack: prefixes in another order and case: the run succeeds" test $? = 0
check "dual stack: prefixes in another order and case: nothing written" \
	test -z "$(writes "$tmp/ds2.log")"

# A value that begins with - (Azure allows a resource group named -rg;
# the environment may set any parameter): az would read it as an option
# unless it is passed as --option=value. The fake az parses as az does.
groupName=-rg vaultName=-kv run "$S" "$tmp/dash" "$tmp/dash.log"
check "values beginning with - reach az as values" test $? = 0
check "the group -rg is created" grep -q -- '^az group create --name -rg' "$tmp/dash.log"
check "the vault -kv is locked" grep -q -- \
	"^az resource update --ids $(id -rg Microsoft.KeyVault/vaults/-kv) " "$tmp/dash.log"

# The lock-down keeps what the spec does not name: a vault and an account
# with network rules, bypass and other settings (seeded in the fake az's
# resources.json) keep them all; only the default action and public
# access change. A PATCH of networkAcls with the default action alone
# (the old script's) would have dropped the rules.
mkdir -p "$tmp/kstate"
/usr/bin/python3 tests/script/acl_seed.py "$tmp/kstate/resources.json"
run "$S" "$tmp/kstate" "$tmp/k1.log"
check "lock-down over existing rules: the run succeeds" test $? = 0
check "the tutorial's lock-down: the vault's default action Deny, alone" \
	grep -q 'resource update .*KeyVault.* --set properties.networkAcls.defaultAction=Deny --output none' "$tmp/k1.log"
check "lock-down keeps ipRules, virtualNetworkRules, resourceAccessRules, bypass" \
	/usr/bin/python3 tests/script/acl_seed.py --check "$tmp/kstate/resources.json"
run "$S" "$tmp/kstate" "$tmp/k2.log"
check "lock-down over existing rules: a second run writes nothing" \
	test -z "$(writes "$tmp/k2.log")"
# A vault without any ACL gets one, with the default action alone.
mkdir -p "$tmp/bstate"
/usr/bin/python3 tests/script/acl_seed.py --bare "$tmp/bstate/resources.json"
run "$S" "$tmp/bstate" "$tmp/b1.log"
check "a vault without ACLs: the run succeeds" test $? = 0
check "a vault without ACLs gets one" grep -qF \
	"properties.networkAcls=\{\\\"defaultAction\\\":\\\"Deny\\\"\}" "$tmp/b1.log"

# The fake az keeps to its model: a command, an option or a field it has
# no model of fails, and what a script creates must exist to be read.
t "fake az: a field it has no model of" 9 fake "$st" webapp show \
	--resource-group myKVResourceGroup --name my-language-app --query outboundVnetRouting
t "fake az: an option it has no model of" 9 fake "$st" webapp update \
	--resource-group myKVResourceGroup --name my-language-app --client-affinity-enabled false
t "fake az: a command it has no model of" 9 fake "$st" webapp delete \
	--resource-group myKVResourceGroup --name my-language-app
t "fake az: a VNet it does not have" 3 fake "$st" network vnet show \
	--resource-group myKVResourceGroup --name otherVNet --query id
t "fake az: a subnet in a VNet it does not have" 3 fake "$st" network vnet subnet create \
	--resource-group myKVResourceGroup --vnet-name otherVNet --name s --address-prefixes 10.9.0.0/24

# Hub and spoke: both sides of each peering, each after both VNets (the
# fake az refuses a peering to a VNet it does not have), and the back
# ends locked only once the spokes' apps reach them through the peerings.
"$VNETC" build specs/hub-and-spoke.yaml -o "$tmp/hs" || exit 1
run "$tmp/hs/hub-and-spoke.sh" "$tmp/hsstate" "$tmp/hs1.log"
check "hub and spoke: first run succeeds" test $? = 0
L=$tmp/hs1.log
check "hub and spoke: four peerings" \
	test "$(grep -c '^az network vnet peering create' "$L")" = 4
for p in 'vnet-orders-prod --name orders-to-hub' \
	'vnet-hub-prod --name hub-to-orders' \
	'vnet-billing-prod --name billing-to-hub' \
	'vnet-hub-prod --name hub-to-billing'; do
	check "hub and spoke: peering $p" grep -q -- "peering create .*--vnet-name $p" "$L"
done
check "hub and spoke: peerings allow VNet access" \
	test "$(grep -c 'peering create .*--allow-vnet-access true' "$L")" = 4
peer_last=$(grep -n '^az network vnet peering create' "$L" | tail -n 1 | cut -d: -f1)
check "hub and spoke: back ends locked after the peerings" \
	test "$(at "$L" '^az resource update .*KeyVault')" -gt "$peer_last"
check "hub and spoke: spokes linked to the shared zones" \
	test "$(grep -c '^az network private-dns link vnet create' "$L")" = 12
run "$tmp/hs/hub-and-spoke.sh" "$tmp/hsstate" "$tmp/hs2.log"
check "hub and spoke: second run succeeds" test $? = 0
check "hub and spoke: second run creates nothing" \
	sh -c "! grep -E '^az .* (create|add) ' '$tmp/hs2.log'"
check "hub and spoke: second run writes nothing" test -z "$(writes "$tmp/hs2.log")"
# One app's setting changed: that app's settings are written, no others.
byhand "$tmp/hsstate" "$(id rg-landingzone-prod Microsoft.Web/sites/app-orders-prod/config/appsettings)" \
	--set properties.OPENAI_ENDPOINT=https://elsewhere/
run "$tmp/hs/hub-and-spoke.sh" "$tmp/hsstate" "$tmp/hs5.log"
check "hub and spoke: a run after a setting changed succeeds" test $? = 0
check "hub and spoke: a setting changed: only its app's settings are written" \
	test "$(written "$tmp/hs5.log")" = "az webapp config appsettings set --name app-orders-prod --settings ...;"
# A peering out of sync (a VNet's address space changed) is synced, and
# only that one.
hub=$(id rg-landingzone-prod Microsoft.Network/virtualNetworks/vnet-hub-prod)
byhand "$tmp/hsstate" "$hub/virtualNetworkPeerings/hub-to-orders" \
	--set properties.peeringSyncLevel=LocalNotInSync
run "$tmp/hs/hub-and-spoke.sh" "$tmp/hsstate" "$tmp/hs4.log"
check "hub and spoke: a run with a peering out of sync succeeds" test $? = 0
check "hub and spoke: the peering out of sync is synced" test \
	"$(grep -E '^az network vnet peering (sync|create)' "$tmp/hs4.log" | tr '\n' ' ')" = \
	"az network vnet peering sync --resource-group rg-landingzone-prod --vnet-name vnet-hub-prod --name hub-to-orders --output none "
# A zone the group lacks (one the spec gained since, say) is added on the
# next run, and only that one: the zone group loses one of its three.
zg=$(id rg-landingzone-prod Microsoft.Network/privateEndpoints/pe-oai-platform/privateDnsZoneGroups/pe-oai-platform-zg)
i=$(stored "$tmp/hsstate" "$zg" 'properties.privateDnsZoneConfigs[].name' |
	grep -nx privatelink.openai.azure.com | cut -d: -f1)
byhand "$tmp/hsstate" "$zg" --remove properties.privateDnsZoneConfigs "$((i - 1))"
run "$tmp/hs/hub-and-spoke.sh" "$tmp/hsstate" "$tmp/hs3.log"
check "hub and spoke: a run after a zone went missing succeeds" test $? = 0
check "hub and spoke: the missing zone is added, nothing else" test \
	"$(grep -E '^az .* (create|add) ' "$tmp/hs3.log" | tr '\n' ' ')" = \
	"az network private-endpoint dns-zone-group add --resource-group rg-landingzone-prod --endpoint-name pe-oai-platform --name pe-oai-platform-zg --private-dns-zone privatelink.openai.azure.com --zone-name privatelink.openai.azure.com --output none "

# Hub and spoke's subnet security: the NSGs with their rules and the route
# table with its route come before the VNets whose subnets use them; the
# spokes' sides of the peerings let forwarded traffic in, the hub's do not.
L=$tmp/hs1.log
last_sec=$(grep -nE '^az network (nsg rule|route-table route) create' "$L" |
	tail -n 1 | cut -d: -f1)
check "hub and spoke: NSGs and route table before the VNets" \
	test "$last_sec" -lt "$(at "$L" '^az network vnet create')"
check "hub and spoke: two NSGs, four rules, one route table, one route" test \
	"$(grep -cE '^az network (nsg|nsg rule|route-table|route-table route) create' "$L")" = 8
check "hub and spoke: propagation off, on create" grep -q \
	'^az network route-table create .*--name rt-spoke-egress .*--disable-bgp-route-propagation true' "$L"
for v in orders billing; do
	check "hub and spoke: $v's app subnet gets the NSG and the route table" grep -q \
		"^az network vnet subnet create .*--vnet-name vnet-$v-prod --name snet-app .*--nsg nsg-spoke-apps --route-table rt-spoke-egress" "$L"
done
check "hub and spoke: the endpoints' subnet enforces its NSG" grep -q \
	'^az network vnet subnet create .*--name snet-pe .*--private-endpoint-network-policies NetworkSecurityGroupEnabled --nsg nsg-hub-pe' "$L"
check "hub and spoke: forwarded traffic into the spokes only" test \
	"$(grep '^az network vnet peering create' "$L" | grep -- '--allow-forwarded-traffic true' |
		sed 's/.*--name \([^ ]*\).*/\1/' | tr '\n' ' ')" = "orders-to-hub billing-to-hub "
# Changes made by hand (in the portal, say) are put back by the next run,
# with the fewest writes; the settings follow any write (see above).
hsw="az webapp config appsettings set --name app-orders-prod --settings ...;az webapp config appsettings set --name app-billing-prod --settings ...;"
hs_again() { # what changed, the writes expected before the settings
	rm -f "$tmp/hsa.log"
	run "$tmp/hs/hub-and-spoke.sh" "$tmp/hsstate" "$tmp/hsa.log"
	check "hub and spoke: $1: the run succeeds" test $? = 0
	check "hub and spoke: $1: writes $2" test "$(written "$tmp/hsa.log")" = "$2$hsw"
}
rg="rg-landingzone-prod"
rule() { # NAME PRIORITY PORTS: a rule of nsg-spoke-apps written by hand
	fake "$tmp/hsstate" network nsg rule create --resource-group $rg \
		--nsg-name nsg-spoke-apps --name "$1" --priority "$2" --direction Outbound \
		--access Allow --protocol Tcp --source-address-prefixes 10.101.0.0/26 \
		10.102.0.0/26 --source-port-ranges '*' --destination-address-prefixes \
		AzureMonitor --destination-port-ranges "$3" --output none ||
		ko "by hand: rule $1"
}
rule portal-allow-rdp 300 3389
hs_again "a rule added by hand" \
	"az network nsg rule delete --nsg-name nsg-spoke-apps --name portal-allow-rdp;"
mon="az network nsg rule create --nsg-name nsg-spoke-apps --name allow-azure-monitor --priority 110 --direction Outbound --access Allow --protocol Tcp --source-address-prefixes 10.101.0.0/26 10.102.0.0/26 --source-port-ranges \\* --destination-address-prefixes AzureMonitor --destination-port-ranges 443;"
rule allow-azure-monitor 110 80
hs_again "a rule's ports changed by hand" "$mon"
rule allow-azure-monitor 120 443
hs_again "a rule moved to another priority by hand" \
	"az network nsg rule delete --nsg-name nsg-spoke-apps --name allow-azure-monitor;$mon"
fake "$tmp/hsstate" network route-table route create --resource-group $rg \
	--route-table-name rt-spoke-egress --name default-to-firewall --address-prefix \
	0.0.0.0/0 --next-hop-type VirtualAppliance --next-hop-ip-address 10.100.0.5 \
	--output none || ko "by hand: route"
hs_again "the route's next hop changed by hand" \
	"az network route-table route create --route-table-name rt-spoke-egress --name default-to-firewall --address-prefix 0.0.0.0/0 --next-hop-type VirtualAppliance --next-hop-ip-address 10.100.0.4;"
orders=$(id $rg Microsoft.Network/virtualNetworks/vnet-orders-prod)
byhand "$tmp/hsstate" "$orders/subnets/snet-app" --remove properties.networkSecurityGroup
hs_again "a subnet's NSG detached by hand" \
	"az network vnet subnet update --vnet-name vnet-orders-prod --name snet-app --nsg nsg-spoke-apps;"
byhand "$tmp/hsstate" "$orders/virtualNetworkPeerings/orders-to-hub" \
	--set properties.allowForwardedTraffic=false
hs_again "forwarded traffic turned off by hand" \
	"az network vnet peering update --vnet-name vnet-orders-prod --name orders-to-hub --set allowForwardedTraffic=true allowGatewayTransit=false useRemoteGateways=false;"
byhand "$tmp/hsstate" "$orders/virtualNetworkPeerings/orders-to-hub" \
	--set properties.useRemoteGateways=true
hs_again "remote gateways turned on by hand" \
	"az network vnet peering update --vnet-name vnet-orders-prod --name orders-to-hub --set allowForwardedTraffic=true allowGatewayTransit=false useRemoteGateways=false;"
byhand "$tmp/hsstate" "$(id $rg Microsoft.Network/routeTables/rt-spoke-egress)" \
	--set properties.disableBgpRoutePropagation=false
hs_again "route propagation turned on by hand" \
	"az network route-table update --name rt-spoke-egress --disable-bgp-route-propagation true;"
# Two rules of the spec swap priorities: both are deleted before either
# is written again (a priority is unique per direction: the fake az
# refuses a second rule at one, as ARM does), then nothing moves.
awk '/name: allow-hub-endpoints-https/ { r = "110" } /name: allow-azure-monitor/ { r = "100" }
	r && /priority:/ { sub(/[0-9]+/, r); r = "" } { print }' specs/hub-and-spoke.yaml >"$tmp/swap.yaml"
"$VNETC" build "$tmp/swap.yaml" -o "$tmp/swap" --no-graph || exit 1
run "$tmp/swap/swap.sh" "$tmp/hsstate" "$tmp/swap1.log"
check "priority swap: the run succeeds" test $? = 0
check "priority swap: both deleted, then both created" test \
	"$(writes "$tmp/swap1.log" | grep 'nsg rule' | awk '{ print $5 }' | tr '\n' ' ')" = \
	"delete delete create create "
run "$tmp/swap/swap.sh" "$tmp/hsstate" "$tmp/swap2.log"
check "priority swap: a second run writes nothing" test -z "$(writes "$tmp/swap2.log")"

# What specs/ leave out (tests/golden/netsec.yaml, its ids in the fake
# az's subscription): an NSG kept by another team, named by id in its own
# resource group, and a route table kept by name are read, attached and
# never written; a run fails while one is missing. A NAT gateway takes an
# existing public IP by id, another gets the one vnetc creates in its
# zone; service endpoints with locations go through --endpoints.
sed 's|/subscriptions/11111111-2222-3333-4444-555555555555/|/subscriptions/0000/|' \
	tests/golden/netsec.yaml >"$tmp/ns.yaml"
"$VNETC" build "$tmp/ns.yaml" -o "$tmp/ns" --no-graph || exit 1
NS=$tmp/ns/ns.sh
mkdir -p "$tmp/nsstate"
fake "$tmp/nsstate" group create --name rg-netsec --location westeurope --output none
fake "$tmp/nsstate" network public-ip create --resource-group rg-netsec --name pip-egress \
	--location westeurope --sku Standard --allocation-method Static --version IPv4 --output none
fake "$tmp/nsstate" network route-table create --resource-group rg-netsec --name rt-kept \
	--location westeurope --output none
run "$NS" "$tmp/nsstate" "$tmp/ns1.log"
check "existing NSG missing: the run fails" test $? != 0
check "existing NSG missing: it stops at the NSG's read" grep -q \
	'^az network nsg show --ids /subscriptions/0000/resourceGroups/rg-security/.*/nsg-shared' "$tmp/ns1.log"
check "existing NSG missing: no VNet written" sh -c "! grep -q '^az network vnet create' '$tmp/ns1.log'"
fake "$tmp/nsstate" group create --name rg-security --location westeurope --output none
fake "$tmp/nsstate" network nsg create --resource-group rg-security --name nsg-shared \
	--location westeurope --output none
run "$NS" "$tmp/nsstate" "$tmp/ns2.log"
check "netsec: the run succeeds" test $? = 0
# what both runs wrote (the first got as far as the NSG step)
L=$tmp/ns12.log
cat "$tmp/ns1.log" "$tmp/ns2.log" >"$L"
check "netsec: the kept NSG and route table are never written" sh -c \
	"! grep -E '^az network (nsg|nsg rule|route-table|route-table route) (create|update|delete) .*(nsg-shared|rt-kept)' '$L'"
check "netsec: the kept NSG is attached by id, the route table by name" grep -q \
	'^az network vnet subnet create .*--name shared .*--nsg /subscriptions/0000/resourceGroups/rg-security/providers/Microsoft.Network/networkSecurityGroups/nsg-shared --route-table rt-kept' "$L"
check "netsec: the NAT gateway takes the existing public IP by id" grep -q \
	'^az network nat gateway create .*--name ng-egress .*--public-ip-addresses /subscriptions/0000/resourceGroups/rg-netsec/providers/Microsoft.Network/publicIPAddresses/pip-egress' "$L"
check "netsec: a zonal NAT gateway's public IP is Standard, static, in its zone" grep -q \
	'^az network public-ip create .*--name data-ng-pip .*--sku Standard --allocation-method Static --version IPv4 --zone 1' "$L"
check "netsec: the NAT gateway's idle timeout and zone" grep -q \
	'^az network nat gateway create .*--name data-ng .*--public-ip-addresses data-ng-pip --idle-timeout 10 --zone 1' "$L"
# (the fake az logs each word as printf %q writes it)
check "netsec: service endpoints with locations" grep -q -- \
	'--name data .*--endpoints .*Microsoft.Sql.*Microsoft.Storage.*locations.*westeurope.*northeurope' "$L"
check "netsec: a private subnet, private link service policies off" grep -q -- \
	'^az network vnet subnet create .*--name data .*--private-link-service-network-policies Disabled --default-outbound-access false' "$L"
run "$NS" "$tmp/nsstate" "$tmp/ns3.log"
check "netsec: a second run writes nothing" test -z "$(writes "$tmp/ns3.log")"
data=$(id rg-netsec Microsoft.Network/virtualNetworks/spoke)/subnets/data
byhand "$tmp/nsstate" "$data" --set properties.defaultOutboundAccess=true \
	properties.privateLinkServiceNetworkPolicies=Enabled
run "$NS" "$tmp/nsstate" "$tmp/ns3b.log"
check "netsec: default outbound access and policies changed by hand are put back" test \
	"$(written "$tmp/ns3b.log")" = "az network vnet subnet update --vnet-name spoke --name data --private-link-service-network-policies Disabled;az network vnet subnet update --vnet-name spoke --name data --default-outbound-access false;"
# Azure fills in the locations of an endpoint the spec gives none: no change.
se='{"service":"Microsoft.Storage","locations":["westeurope","northeurope"]}'
byhand "$tmp/nsstate" "$data" --set 'properties.serviceEndpoints=[{"service":"Microsoft.Sql","locations":["westeurope"]},'"$se]"
run "$NS" "$tmp/nsstate" "$tmp/ns4.log"
check "netsec: locations Azure filled in are no change" test -z "$(writes "$tmp/ns4.log")"
byhand "$tmp/nsstate" "$data" --set 'properties.serviceEndpoints=[{"service":"Microsoft.Sql"},{"service":"Microsoft.Storage","locations":["westeurope"]}]'
run "$NS" "$tmp/nsstate" "$tmp/ns5.log"
check "netsec: a location removed by hand is put back" grep -qF \
	'az network vnet subnet update --resource-group rg-netsec --vnet-name spoke --name data --endpoints' "$tmp/ns5.log"
ng=$(id rg-netsec Microsoft.Network/natGateways/data-ng)
byhand "$tmp/nsstate" "$ng" --set properties.idleTimeoutInMinutes=4
run "$NS" "$tmp/nsstate" "$tmp/ns6.log"
check "netsec: an idle timeout changed by hand is put back" test \
	"$(written "$tmp/ns6.log")" = "az network nat gateway update --name data-ng --idle-timeout 10;"
# What the spec no longer attaches is taken off the subnet, as the template
# and apply (the whole subnet written) do.
awk '/^      web:$/ { web = 1 } /^      data:$/ { web = 0; data = 1 }
	web && /^        (nsg|route_table|nat_gateway):/ { next }
	data && /^        service_endpoints:$/ { skip = 1; next }
	skip && /^          - / { next }
	{ skip = 0; print }' "$tmp/ns.yaml" >"$tmp/ns-off.yaml"
"$VNETC" build "$tmp/ns-off.yaml" -o "$tmp/nsoff" --no-graph 2>/dev/null || exit 1
run "$tmp/nsoff/ns-off.sh" "$tmp/nsstate" "$tmp/ns7.log"
check "netsec: what the spec no longer attaches is detached" test \
	"$(written "$tmp/ns7.log")" = "az network vnet subnet update --vnet-name spoke --name web --nsg null;az network vnet subnet update --vnet-name spoke --name web --route-table null;az network vnet subnet update --vnet-name spoke --name web --nat-gateway null;az network vnet subnet update --vnet-name spoke --name data --service-endpoints null;"
check "netsec: the detached subnet has no NSG, route table, NAT gateway" test \
	-z "$(stored "$tmp/nsstate" "$(id rg-netsec Microsoft.Network/virtualNetworks/spoke)/subnets/web" \
	"[properties.networkSecurityGroup, properties.routeTable, properties.natGateway][]")"
run "$tmp/nsoff/ns-off.sh" "$tmp/nsstate" "$tmp/ns8.log"
check "netsec: after a detach a second run writes nothing" test -z "$(writes "$tmp/ns8.log")"

# A landing zone (specs/landing-zone.yaml): three subscriptions, seven
# resource groups. The fake az acts in the subscription --subscription
# names, which must be in its store, as the groups other than the spec's
# own, the platform's hub VNet and the central zones must be: the seed.
O=11111111-1111-4111-8111-111111111111
B=22222222-2222-4222-8222-222222222222
C=00000000-0000-4000-8000-000000000000
# lzseed DIR [SKIP]: the landing zone's existing resources, less those
# whose id contains SKIP
lzseed() {
	mkdir -p "$1"
	/usr/bin/python3 - "$1/resources.json" "${2:-@none@}" "$O" "$B" "$C" <<'PYEOF'
import json, sys
out, skip, o, b, c = sys.argv[1:]
ids = ["/subscriptions/" + x for x in (o, b, c)]
ids += ["/subscriptions/%s/resourceGroups/%s" % g for g in (
    (o, "rg-orders-data"), (o, "rg-orders-app"), (b, "rg-billing-network"),
    (b, "rg-billing-data"), (b, "rg-billing-app"),
    (c, "rg-vnet-hub-prod-swedencentral"),
    (c, "rg-private-dns-zones-swedencentral"))]
ids.append("/subscriptions/%s/resourceGroups/rg-vnet-hub-prod-swedencentral/providers/"
           "Microsoft.Network/virtualNetworks/vnet-hub-prod" % c)
ids += ["/subscriptions/%s/resourceGroups/rg-private-dns-zones-swedencentral/providers/"
        "Microsoft.Network/privateDnsZones/%s" % (c, z)
        for z in ("privatelink.database.windows.net", "privatelink.vaultcore.azure.net")]
json.dump({i.lower(): {"location": "swedencentral", "properties": {}}
           for i in ids if skip not in i}, open(out, "w"), indent=1)
PYEOF
}
"$VNETC" build specs/landing-zone.yaml -o "$tmp/lz" --no-graph || exit 1
LZ=$tmp/lz/landing-zone.sh
lzseed "$tmp/lzstate"
run "$LZ" "$tmp/lzstate" "$tmp/lz1.log"
check "landing zone: first run succeeds" test $? = 0
L=$tmp/lz1.log
# Each subscription it changes named (name and id) before its first write;
# not az's default, which it does not change.
first_write=$(grep -n '^az group create' "$L" | head -n 1 | cut -d: -f1)
for sub in "$O" "$C" "$B"; do
	sub_line=$(grep -n "^vnetc: subscription fake subscription ($sub)\$" "$L" |
		cut -d: -f1)
	check "landing zone: subscription $sub named once, before the first write" \
		test -n "$sub_line" -a "$(echo "$sub_line" | wc -l)" = 1 -a \
		"${sub_line:-0}" -lt "${first_write:-0}"
done
check "landing zone: az's default subscription, unchanged, is not named" sh -c \
	"! grep -q '^vnetc: subscription fake subscription (0000)' '$L'"
check "landing zone: every write names its subscription" test -z "$(writes "$L" |
	grep -v -e ' --subscription [0-9a-f]' -e ' --ids /subscriptions/[0-9a-f]' \
		-e ' --uri /subscriptions/[0-9a-f]')"
check "landing zone: az's default subscription is never changed" sh -c \
	"! grep -q '^az account set' '$L'"
check "landing zone: no private DNS zone created (they are central)" sh -c \
	"! grep -q '^az network private-dns zone create' '$L'"
check "landing zone: the hub side of a peering, in the hub's group, to the spoke by id" \
	grep -q "^az network vnet peering create --subscription $C --resource-group rg-vnet-hub-prod-swedencentral --vnet-name vnet-hub-prod --name vnet-billing-prod-[0-9a-f]* --remote-vnet /subscriptions/$B/resourceGroups/rg-billing-network/providers/Microsoft.Network/virtualNetworks/vnet-billing-prod " "$L"
check "landing zone: the spoke's link, in the central zone's group, to the spoke by id" \
	grep -q "^az network private-dns link vnet create --subscription $C --resource-group rg-private-dns-zones-swedencentral --zone-name privatelink.vaultcore.azure.net --name vnet-billing-prod-[0-9a-f]* --virtual-network /subscriptions/$B/resourceGroups/rg-billing-network/" "$L"
check "landing zone: the zone group refers to the central zone by id" \
	grep -q "^az network private-endpoint dns-zone-group create --subscription $B --resource-group rg-billing-network .* --private-dns-zone /subscriptions/$C/resourceGroups/rg-private-dns-zones-swedencentral/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net " "$L"
check "landing zone: a spoke's NSG, with its rule, in the spoke's group" sh -c \
	"grep -q '^az network nsg create --subscription $B --resource-group rg-billing-network --name nsg-app-billing-prod ' '$L' &&
	grep -q '^az network nsg rule create --subscription $B --resource-group rg-billing-network --nsg-name nsg-app-billing-prod --name allow-https-to-vnet ' '$L'"
check "landing zone: the app integrates with its spoke's subnet by id" \
	grep -q "^az webapp vnet-integration add --subscription $O --resource-group rg-orders-app --name app-orders-prod --vnet /subscriptions/$O/resourceGroups/rg-orders-network/providers/Microsoft.Network/virtualNetworks/vnet-orders-prod --subnet /subscriptions/$O/resourceGroups/rg-orders-network/providers/Microsoft.Network/virtualNetworks/vnet-orders-prod/subnets/snet-app" "$L"
check "landing zone: the vault, in its data group, locked last" sh -c \
	"echo '$(writes "$L" | tail -n 2 | head -n 1)' | grep -q \
	'^az resource update --ids /subscriptions/$B/resourceGroups/rg-billing-data/providers/Microsoft.KeyVault/vaults/kv-billing-prod '"
run "$LZ" "$tmp/lzstate" "$tmp/lz2.log"
check "landing zone: second run succeeds" test $? = 0
check "landing zone: second run writes nothing" test -z "$(writes "$tmp/lz2.log")"
# Before its first write, the script checks every group but its own and
# every subscription: each missing one stops it, named.
for miss in rg-billing-data "$B" "rg-vnet-hub-prod-swedencentral/providers"; do
	rm -rf "$tmp/lzmiss"
	lzseed "$tmp/lzmiss" "$miss"
	run "$LZ" "$tmp/lzmiss" "$tmp/lzmiss.log"
	check "landing zone without $miss: the run fails" test $? != 0
	check "landing zone without $miss: nothing written" test -z "$(writes "$tmp/lzmiss.log")"
done
check "a missing group is named" grep -q \
	"resource group rg-billing-data of subscription $B does not exist" "$tmp/lzmiss.log"
lzseed "$tmp/lzmiss" rg-billing-data
run "$LZ" "$tmp/lzmiss" "$tmp/lzmiss.log"
check "a missing group: said" grep -q "vnetc: resource group rg-billing-data of subscription $B does not exist: vnetc creates only the spec's own group" "$tmp/lzmiss.log"
lzseed "$tmp/lzmiss" "$B"
run "$LZ" "$tmp/lzmiss" "$tmp/lzmiss.log"
check "an unreachable subscription: said" grep -q "vnetc: subscription $B is not reachable" "$tmp/lzmiss.log"
lzseed "$tmp/lzmiss" "rg-vnet-hub-prod-swedencentral/providers"
run "$LZ" "$tmp/lzmiss" "$tmp/lzmiss.log"
check "a missing existing VNet: said before anything refers to it" grep -q \
	"vnetc: vnet vnet-hub-prod in resource group rg-vnet-hub-prod-swedencentral of subscription $C is not there" "$tmp/lzmiss.log"

# Two teams' specs peer their spokes, both keyed "spoke", with one
# platform hub (existing:): the hub side of each peering is named after
# its spoke VNet (<vnet name>-<8 hex of its id>), so the second script
# makes its own peering and leaves the first team's alone. A peering of
# that name in the hub that peers with another VNet stops the script.
. tests/script/team-spoke.sh
for team in a b; do
	n=$([ $team = a ] && echo 1 || echo 2)
	team_spoke $team "$n" "$C" >"$tmp/team-$team.yaml"
	"$VNETC" build "$tmp/team-$team.yaml" -o "$tmp/team" --no-graph || exit 1
done
hubpeers() { # STATE: the peerings of the hub, "NAME<tab>REMOTE" a line
	/usr/bin/python3 -c 'import json, sys
for k, v in json.load(open(sys.argv[1])).items():
    if "/vnet-hub/virtualnetworkpeerings/" in k:
        print(k.split("/")[-1] + "\t" + v["properties"]["remoteVirtualNetwork"]["id"])' \
		"$1/resources.json" | sort -k2
}
mkdir -p "$tmp/teams"
/usr/bin/python3 - "$tmp/teams/resources.json" "$C" <<'PYEOF'
import json, sys
c = "/subscriptions/" + sys.argv[2]
ids = [c, c + "/resourceGroups/rg-hub",
       c + "/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub"]
json.dump({i.lower(): {"location": "swedencentral", "properties": {}} for i in ids},
          open(sys.argv[1], "w"), indent=1)
PYEOF
cp "$tmp/teams/resources.json" "$tmp/hub-seed.json"
run "$tmp/team/team-a.sh" "$tmp/teams" "$tmp/team-a.log"
check "two teams, one hub: team a's script succeeds" test $? = 0
run "$tmp/team/team-b.sh" "$tmp/teams" "$tmp/team-b.log"
check "two teams, one hub: team b's script succeeds" test $? = 0
check "two teams, one hub: both hub-side peerings exist, each to its spoke" test \
	"$(hubpeers "$tmp/teams" | cut -f2 | tr '\n' ' ')" = "$(printf '%s %s ' \
	/subscriptions/0000/resourceGroups/rg-team-a/providers/Microsoft.Network/virtualNetworks/vnet-spoke-a \
	/subscriptions/0000/resourceGroups/rg-team-b/providers/Microsoft.Network/virtualNetworks/vnet-spoke-b)"
check "two teams, one hub: team b writes no peering of team a's" test -z \
	"$(writes "$tmp/team-b.log" | grep vnet-spoke-a)"
# team b's hub-side peering, made to peer with team a's spoke: another
# workload's, which the script refuses to write
bname=$(hubpeers "$tmp/teams" | grep /vnet-spoke-b | cut -f1)
byhand "$tmp/teams" "/subscriptions/$C/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub/virtualNetworkPeerings/$bname" \
	--set "properties.remoteVirtualNetwork.id=/subscriptions/0000/resourceGroups/rg-team-a/providers/Microsoft.Network/virtualNetworks/vnet-spoke-a"
run "$tmp/team/team-b.sh" "$tmp/teams" "$tmp/team-b2.log"
check "a hub peering of our name to another VNet: the script stops" test $? != 0
check "... says it is another workload's" grep -q \
	"peers with another VNet: another workload's; vnetc leaves it" "$tmp/team-b2.log"
check "... and writes nothing to it" test -z "$(writes "$tmp/team-b2.log" | grep "$bname")"

# Two teams in two subscriptions whose spokes share a VNet name and a
# group name, neither spec naming its subscription (one spec, run in each
# team's account): the hub side of each peering is named after the real
# id of its spoke, so the two teams write two peerings; the executor
# and the template name them as the script does (spec.c
# shared_child_name). With the id taken at compile time, both were one.
team_spoke a 1 "$C" >"$tmp/twin.yaml"
"$VNETC" build "$tmp/twin.yaml" -o "$tmp/twin" --no-graph || exit 1
mkdir -p "$tmp/twins"
cp "$tmp/hub-seed.json" "$tmp/twins/resources.json"
T1=11111111-1111-4111-8111-111111111111
T2=22222222-2222-4222-8222-222222222222
for t in $T1 $T2; do
	# shellcheck disable=SC2094 # the script and the fake az both append
	(cd "$tmp" && PATH="$root/tests/fakeaz:$PATH" FAKEAZ_STATE="$tmp/twins" \
		FAKEAZ_SUB=$t FAKEAZ_LOG="$tmp/twin-$t.log" bash "$tmp/twin/twin.sh" \
		>"$tmp/twin-$t.out" 2>>"$tmp/twin-$t.log")
	check "two subscriptions, one spoke name: the script in $t succeeds" test $? = 0
done
check "... both hub-side peerings exist, each to its spoke" test \
	"$(hubpeers "$tmp/twins" | cut -f2 | tr '\n' ' ')" = \
	"/subscriptions/$T1/resourceGroups/rg-team-a/providers/Microsoft.Network/virtualNetworks/vnet-spoke-a /subscriptions/$T2/resourceGroups/rg-team-a/providers/Microsoft.Network/virtualNetworks/vnet-spoke-a "
for t in $T1 $T2; do
	sname=$(hubpeers "$tmp/twins" | grep "/subscriptions/$t/" | cut -f1)
	xname=$("$VNETC" apply --dry-run "$tmp/twin.yaml" --subscription "$t" 2>&1 |
		sed -n 's#^PUT .*/vnet-hub/virtualNetworkPeerings/\([^?]*\)?.*#\1#p')
	aname=$(/usr/bin/python3 tests/tools/arm_eval.py --names "$tmp/twin/twin.json" \
		"$tmp/twin/twin.parameters.json" "$t" rg-team-a | sed -n 's#.*Peerings vnet-hub/##p')
	check "... in $t the executor and the template name it as the script: $sname" \
		test -n "$sname" -a "$xname" = "$sname" -a "$aname" = "$sname"
done

# zone_group: policy (tests/golden/landing-zone-policy.yaml): the script
# makes no zone group, and waits for the policy's (any name) before the
# lock-down; VNETC_WAIT_TIMEOUT bounds the wait.
"$VNETC" build tests/golden/landing-zone-policy.yaml -o "$tmp/lzp" --no-graph \
	2>/dev/null || exit 1
mkdir -p "$tmp/lzpstate"
/usr/bin/python3 - "$tmp/lzpstate/resources.json" "$C" <<'PYEOF'
import json, sys
out, c = sys.argv[1:]
rg = "/subscriptions/0000/resourceGroups/rg-orders-network/providers/Microsoft.Network/"
seed = {"/subscriptions/" + c: {}}
for g in ("rg-hub", "rg-dns-legacy"):
    seed["/subscriptions/%s/resourceGroups/%s" % (c, g)] = {"properties": {}}
seed["/subscriptions/0000/resourceGroups/rg-orders-data"] = {"properties": {}}
seed["/subscriptions/%s/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/"
     "vnet-hub" % c] = {"properties": {}}
zone = ("/subscriptions/%s/resourceGroups/rg-dns-legacy/providers/Microsoft.Network/"
        "privateDnsZones/privatelink.vaultcore.azure.net" % c)
seed[zone] = {"properties": {}}
json.dump({k.lower(): v for k, v in seed.items()}, open(out + ".nopolicy", "w"))
# what the policy deploys some minutes after the endpoint, named its way
def policy(z):
    seed[rg + "privateEndpoints/vault-pe/privateDnsZoneGroups/deployedByPolicy"] = {
        "properties": {"privateDnsZoneConfigs": [{"name": "c", "properties": {
            "privateDnsZoneId": z}}]}}
# a policy assigned with another group's zone of the same name
policy(zone.replace("/rg-dns-legacy/", "/rg-private-dns-zones/"))
json.dump({k.lower(): v for k, v in seed.items()}, open(out + ".elsewhere", "w"))
policy(zone)
json.dump({k.lower(): v for k, v in seed.items()}, open(out, "w"))
PYEOF
cp "$tmp/lzpstate/resources.json.nopolicy" "$tmp/lzp-none.json"
run "$tmp/lzp/landing-zone-policy.sh" "$tmp/lzpstate" "$tmp/lzp1.log"
check "zone_group: policy: the run succeeds" test $? = 0
check "zone_group: policy: no zone group is made" sh -c \
	"! grep -q '^az network private-endpoint dns-zone-group \(create\|add\)' '$tmp/lzp1.log'"
check "zone_group: policy: the policy's group is read before the lock-down" test \
	"$(at "$tmp/lzp1.log" '^az network private-endpoint dns-zone-group list')" -lt \
	"$(at "$tmp/lzp1.log" '^az resource update .*KeyVault')"
check "zone_group: policy: no link made (the platform links the zones)" sh -c \
	"! grep -q '^az network private-dns link vnet create' '$tmp/lzp1.log'"
check "the spoke's DNS servers are the hub's resolver" grep -q \
	'^az network vnet create .* --dns-servers 10.100.0.4 ' "$tmp/lzp1.log"
mkdir -p "$tmp/lzpnone"
cp "$tmp/lzp-none.json" "$tmp/lzpnone/resources.json"
# shellcheck disable=SC2094 # the script and the fake az both append
(cd "$tmp" && PATH="$root/tests/fakeaz:$PATH" FAKEAZ_STATE="$tmp/lzpnone" \
	FAKEAZ_LOG="$tmp/lzp2.log" VNETC_WAIT_TIMEOUT=0 \
	bash "$tmp/lzp/landing-zone-policy.sh" >/dev/null 2>>"$tmp/lzp2.log")
check "no policy's zone group: the run stops" test $? != 0
check "no policy's zone group: it says what it waited for" grep -q \
	"timed out after 0s waiting for the zone group a policy makes for private endpoint vault-pe" \
	"$tmp/lzp2.log"
check "no policy's zone group: the vault is not locked" sh -c \
	"! grep -q '^az resource update .*KeyVault' '$tmp/lzp2.log'"
mkdir -p "$tmp/lzpelse"
cp "$tmp/lzpstate/resources.json.elsewhere" "$tmp/lzpelse/resources.json"
# shellcheck disable=SC2094 # the script and the fake az both append
(cd "$tmp" && PATH="$root/tests/fakeaz:$PATH" FAKEAZ_STATE="$tmp/lzpelse" \
	FAKEAZ_LOG="$tmp/lzp3.log" VNETC_WAIT_TIMEOUT=0 \
	bash "$tmp/lzp/landing-zone-policy.sh" >/dev/null 2>>"$tmp/lzp3.log")
check "a policy's zone group with a zone of the name in another group: not it" \
	test $? != 0
check "... the vault is not locked" sh -c \
	"! grep -q '^az resource update .*KeyVault' '$tmp/lzp3.log'"

# A script for one cloud refuses to run against another: its private DNS
# zone names would be wrong there.
"$VNETC" build specs/usgov-isolated-backend.yaml -o "$tmp/gov" --no-graph || exit 1
run "$tmp/gov/usgov-isolated-backend.sh" "$tmp/govstate" "$tmp/gov.log"
check "usgov script against AzureCloud refused" test $? != 0
check "wrong cloud: the message says how to switch" \
	grep -q "az cloud set --name AzureUSGovernment" "$tmp/gov.log"
check "wrong cloud: nothing created" \
	sh -c "! grep -E '^az .* (create|add|update) ' '$tmp/gov.log'"
(cd "$tmp" && PATH="$root/tests/fakeaz:$PATH" FAKEAZ_STATE="$tmp/govstate" \
	FAKEAZ_LOG="$tmp/gov2.log" FAKEAZ_CLOUD=AzureUSGovernment \
	bash "$tmp/gov/usgov-isolated-backend.sh" >/dev/null 2>&1)
check "usgov script against AzureUSGovernment runs" test $? = 0

# A too-old CLI is refused before anything happens.
mkdir -p "$tmp/old"
# shellcheck disable=SC2016
printf '#!/bin/sh\necho "az $*" >>"$FAKEAZ_LOG"\n[ "$1" = version ] && echo 2.40.0\nexit 0\n' >"$tmp/old/az"
chmod +x "$tmp/old/az"
(cd "$tmp" && PATH="$tmp/old:$PATH" FAKEAZ_LOG="$tmp/old.log" bash "$S" >"$tmp/old.out" 2>&1)
check "old az CLI refused" test $? != 0
check "old az CLI: clear message" grep -q 'too old' "$tmp/old.out"
check "old az CLI: how to get a current one on Debian/Ubuntu" grep -qF \
	"on Debian or Ubuntu, whose own azure-cli package 'az upgrade' cannot update, install Microsoft's package from its apt repository: https://learn.microsoft.com/cli/azure/install-azure-cli-linux?pivots=apt" \
	"$tmp/old.out"
check "old az CLI: nothing changed" sh -c "! grep -qE 'create|update' '$tmp/old.log'"

# Hostile values.
"$VNETC" build tests/script/hostile.yaml -o "$tmp/h" || exit 1
check "hostile script passes shellcheck" shellcheck "$tmp/h/hostile.sh"
run "$tmp/h/hostile.sh" "$tmp/hstate" "$tmp/h.log"
check "hostile run succeeds" test $? = 0
run "$tmp/h/hostile.sh" "$tmp/hstate" "$tmp/h2.log"
check "hostile: second run succeeds" test $? = 0
check "hostile: second run writes nothing (every value read back equal)" \
	test -z "$(writes "$tmp/h2.log")"
for k in EMPTY TRAILING; do
	byhand "$tmp/hstate" "$(id rg-hostile Microsoft.Web/sites/app/config/appsettings)" \
		--remove "properties.$k"
	run "$tmp/h/hostile.sh" "$tmp/hstate" "$tmp/h-$k.log"
	check "hostile: the setting $k went missing: the settings are written" \
		test "$(written "$tmp/h-$k.log")" = "az webapp config appsettings set --name app --settings ...;"
done
check "nothing executed" sh -c "! ls '$tmp' | grep -q PWNED"
check "hostile: every comment line is one line of text" sh -c \
	"! grep -n \$'\\r' '$tmp/h/hostile.sh'"
# shellcheck disable=SC2016
uri='https://kv.vault.azure.net/secrets/x?a=$(touch PWNED_PARAM)&b=`touch PWNED_TICK2`'
# shellcheck disable=SC2016
for v in 'GLOB=*' "QUOTES=it's \"x\" $uri" "NEWLINE=line1
line2" 'DOLLAR=$HOME ${secretUri} ;rm -rf / #' \
	"QUOTE=it's \${x:-'} \" \$( \` }"; do
	q=$(printf '%q' "$v")
	check "app setting reaches az intact: $(echo "$v" | head -n 1)" \
		grep -qF -- " $q" "$tmp/h.log"
done

# App setting names that need quoting in the shell and in JMESPath: each
# reaches az intact, and each is read back by a query that picks it out
# (the fake az runs the queries with the jmespath library az uses).
"$VNETC" build tests/script/setting-names.yaml -o "$tmp/n" --no-graph || exit 1
run "$tmp/n/setting-names.sh" "$tmp/nstate" "$tmp/n1.log"
check "setting names: first run succeeds" test $? = 0
# the names of tests/script/setting-names.yaml, as text
names=(My.Setting_2 _x 9. a.b.c a)
ncfg=$(id rg-names Microsoft.Web/sites/app/config/appsettings)
for k in "${names[@]}"; do
	check "setting names: the name $(printf '%q' "$k") reaches az intact" \
		grep -qxF -- "$k" <(stored "$tmp/nstate" "$ncfg" 'keys(properties)')
done
run "$tmp/n/setting-names.sh" "$tmp/nstate" "$tmp/n2.log"
check "setting names: second run succeeds" test $? = 0
check "setting names: second run writes nothing (each read back by name)" \
	test -z "$(writes "$tmp/n2.log")"
byhand "$tmp/nstate" "$ncfg" --set "properties.${names[1]}=changed"
run "$tmp/n/setting-names.sh" "$tmp/nstate" "$tmp/n3.log"
check "setting names: one value changed: the settings are written" \
	test "$(written "$tmp/n3.log")" = "az webapp config appsettings set --name app --settings ...;"

# Shellcheck passes on every script, not only those of specs/: one with no
# app (vnetc_changed is then set but not read by a settings step) and a
# default that ends in a backslash (a literal on purpose: SC1003).
cat >"$tmp/vnetonly.yaml" <<'EOF'
resource_group: rg1
location: westeurope
parameters:
  x: { default: "a\\", description: ends in a backslash }
vnets:
  vn:
    address_space: 10.0.0.0/16
EOF
"$VNETC" build "$tmp/vnetonly.yaml" -o "$tmp/vo" --no-graph || exit 1
check "a script with no app passes shellcheck" shellcheck "$tmp/vo/vnetonly.sh"
run "$tmp/vo/vnetonly.sh" "$tmp/vostate" "$tmp/vo1.log"
check "it runs, and says it changed the topology" grep -q \
	'all 2 steps done; this run changed the topology' "$tmp/vo1.log"
run "$tmp/vo/vnetonly.sh" "$tmp/vostate" "$tmp/vo2.log"
check "its second run says it changed nothing" grep -q \
	'all 2 steps done\.$' "$tmp/vo2.log"

# A large spec's script counts its steps by kind at the top instead of
# listing every one (216 steps here; 42,006 for bench/gen.py 2000).
/usr/bin/python3 bench/gen.py 10 >"$tmp/b10.yaml"
"$VNETC" build "$tmp/b10.yaml" -o "$tmp/b10" --no-graph 2>"$tmp/b10.err"
check "large spec builds" test -s "$tmp/b10/b10.sh"
sed -n '/^# Steps/,/^#$/p' "$tmp/b10/b10.sh" >"$tmp/toc"
check "large spec: the contents are 10 kinds, not 216 steps" \
	test "$(grep -c '^#   ' "$tmp/toc")" = 10
check "large spec: VNets are steps 2-11" grep -q \
	'^#   VNet  *10   steps 2-11$' "$tmp/toc"
check "large spec: interleaved kinds are said to be" grep -q \
	'^#   zone group  *50   steps 68-166, among others$' "$tmp/toc"
check "large spec: the step the contents point to is there" grep -q \
	"^# --- Step 167/216: plan 'plan00000'" "$tmp/b10/b10.sh"
check "large spec: shellcheck" shellcheck -x "$tmp/b10/b10.sh"

# A zone link of another name (made in the portal) to the VNet: Azure
# allows one per zone and VNet, so the script makes none and says which
# satisfies it
cp -r "$tmp/state" "$tmp/portal"
python3 - "$tmp/portal/resources.json" <<'PYEOF'
import json, sys
res = json.load(open(sys.argv[1]))
for k in list(res):
    if k.endswith("/privatelink.vaultcore.azure.net/virtualnetworklinks/vaultcore-zonelink"):
        res[k.rsplit("/", 1)[0] + "/link-from-portal"] = res.pop(k)
json.dump(res, open(sys.argv[1], "w"))
PYEOF
run "$S" "$tmp/portal" "$tmp/portal.log"
check "a portal-named zone link: the script succeeds" test $? = 0
check "... makes no link" sh -c "! grep -q '^az network private-dns link vnet create' '$tmp/portal.log'"
check "... says which link satisfies it" grep -qx \
	"vnetc: the zone's link link-from-portal links the VNet already: satisfied; not vnetc's" \
	"$tmp/portal.log"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
