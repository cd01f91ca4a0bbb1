#!/bin/sh
# tests/limits.sh - both sides of every numeric limit a rule checks: for
# each bound, a spec exactly on it that the rule accepts and the first one
# past it that the rule refuses (a rule with a lower and an upper bound
# has four cases). Each case builds a small spec from a template below,
# runs `vnetc check` and checks the exit status and that the rule's id is
# there (+VNxxx) or not (-VNxxx); other rules may speak. The limits and
# their sources: docs/rules.md, rule by rule. Name lengths per resource
# type are tests/unit/naming_test.c's. Prints "N passed, N failed" last;
# exit 1 on failure.
VNETC=${VNETC:-build/vnetc}
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

. tests/lib.sh

# --- templates: each writes a spec's body (after the header) ------------

header() {
	printf 'resource_group: rg-limits\nlocation: westeurope\n'
}

# A VNet with address space $1 (a prefix or a flow list [a,b]) and, if
# given, subnet 'snet' with prefix $2.
t_subnet() { # SPACE [PREFIX]
	printf 'vnets:\n  vnet:\n    address_space: %s\n' "$1"
	[ -n "${2:-}" ] && printf '    subnets:\n      snet: { prefix: %s }\n' "$2"
}
t_space() { t_subnet "$1"; }

# Two subnets of one VNet (VN207).
t_two() { # SPACE PREFIX1 PREFIX2
	t_subnet "$1" "$2"
	printf '      snet2: { prefix: %s }\n' "$3"
}

# Two peered VNets (VN214).
t_peered() { # SPACE1 SPACE2
	printf 'vnets:\n  hub:\n    address_space: %s\n' "$1"
	printf '  spoke:\n    address_space: %s\n    peerings: [hub]\n' "$2"
}

# A special subnet (VN210, VN211): Azure's name for it, prefix $2.
t_special() { # NAME PREFIX
	printf 'vnets:\n  vnet:\n    address_space: 10.0.0.0/16\n'
	printf '    subnets:\n      special: { name: %s, prefix: %s }\n' \
		"$1" "$2"
}

# A delegated subnet without users (VN313, VN314).
t_deleg() { # SERVICE PREFIX
	printf 'vnets:\n  vnet:\n    address_space: 10.0.0.0/8\n'
	printf '    subnets:\n      snet: { prefix: %s, delegation: %s }\n' \
		"$2" "$1"
}

# A subnet delegated to N services (VN312).
t_delegs() { # N
	printf 'vnets:\n  vnet:\n    address_space: 10.0.0.0/16\n'
	printf '    subnets:\n      snet:\n        prefix: 10.0.0.0/24\n'
	printf '        delegation: [Microsoft.Web/serverFarms'
	[ "$1" -ge 2 ] && printf ', Microsoft.App/environments'
	[ "$1" -ge 3 ] && printf ', Microsoft.Sql/managedInstances'
	printf ']\n'
}

# Integration subnet 'apps' (prefix $1, in 10.0.0.0/8) shared by one
# plan per further argument, each with that many instances ("-": none
# given), each with one app integrated (VN317, VN318).
t_plans() { # PREFIX INSTANCES...
	printf 'vnets:\n  vnet:\n    address_space: 10.0.0.0/8\n'
	printf '    subnets:\n      apps: { prefix: %s, delegation: ' "$1"
	printf 'Microsoft.Web/serverFarms }\nplans:\n'
	shift
	i=0
	for n in "$@"; do
		i=$((i + 1))
		if [ "$n" = - ]; then
			printf '  plan%d: { sku: S1 }\n' "$i"
		else
			printf '  plan%d: { sku: S1, instances: %s }\n' "$i" "$n"
		fi
	done
	printf 'apps:\n'
	for k in $(seq "$i"); do
		printf '  app%d: { plan: plan%d, vnet_integration: apps }\n' \
			"$k" "$k"
	done
}

# One plan (2 instances) whose N apps all integrate with subnet 'apps'
# (prefix $1): one plan however many apps (VN318).
t_planapps() { # PREFIX N
	printf 'vnets:\n  vnet:\n    address_space: 10.0.0.0/8\n'
	printf '    subnets:\n      apps: { prefix: %s, delegation: ' "$1"
	printf 'Microsoft.Web/serverFarms }\nplans:\n'
	printf '  plan1: { sku: S1, instances: 2 }\napps:\n'
	for k in $(seq "$2"); do
		printf '  app%d: { plan: plan1, vnet_integration: apps }\n' "$k"
	done
}

# One plan whose N apps integrate with N different subnets (VN321).
t_plansubnets() { # N
	printf 'vnets:\n  vnet:\n    address_space: 10.0.0.0/16\n    subnets:\n'
	for k in $(seq "$1"); do
		printf '      apps%d: { prefix: 10.0.%d.0/26, delegation: ' \
			"$k" "$k"
		printf 'Microsoft.Web/serverFarms }\n'
	done
	printf 'plans:\n  plan1: { sku: S1, instances: 2 }\napps:\n'
	for k in $(seq "$1"); do
		printf '  app%d: { plan: plan1, vnet_integration: apps%d }\n' \
			"$k" "$k"
	done
}

# One app that lists N integration subnets (VN321).
t_appsubnets() { # N
	printf 'vnets:\n  vnet:\n    address_space: 10.0.0.0/16\n    subnets:\n'
	list=
	for k in $(seq "$1"); do
		printf '      apps%d: { prefix: 10.0.%d.0/26, delegation: ' \
			"$k" "$k"
		printf 'Microsoft.Web/serverFarms }\n'
		list="$list${list:+, }apps$k"
	done
	printf 'plans:\n  plan1: { sku: S1, instances: 2 }\napps:\n'
	printf '  app1: { plan: plan1, vnet_integration: [%s] }\n' "$list"
}

# Azure Monitor's endpoint, whose row has 5 zones, listing N zones: the
# first N of the row's, then names of no row (VN324).
t_zones() { # N
	printf 'vnets:\n  vnet:\n    address_space: 10.0.0.0/16\n'
	printf '    subnets:\n      snet: { prefix: 10.0.0.0/24 }\n'
	printf 'backends:\n  monitor:\n'
	printf '    type: Microsoft.Insights/privateLinkScopes\n'
	printf '    private_endpoints:\n      - subnet: snet\n'
	printf '        dns_zones:\n'
	k=0
	for z in monitor.azure.com oms.opinsights.azure.com \
		ods.opinsights.azure.com agentsvc.azure-automation.net \
		blob.core.windows.net extra1.example extra2.example; do
		k=$((k + 1))
		[ "$k" -le "$1" ] && printf '          - privatelink.%s\n' "$z"
	done
}

# A Cognitive Services account whose custom subdomain is N letters, with
# a private endpoint (VN325).
t_subdomain() { # N
	printf 'vnets:\n  vnet:\n    address_space: 10.0.0.0/16\n'
	printf '    subnets:\n      snet: { prefix: 10.0.0.0/24 }\n'
	printf 'backends:\n  language:\n'
	printf '    type: Microsoft.CognitiveServices/accounts\n'
	printf '    existing: { kind: TextAnalytics, sku: S, custom_subdomain: '
	printf '%s }\n' "$(rep a "$1")"
	printf '    private_endpoints:\n      - subnet: snet\n'
}

# A plan with N instances, alone (VN104: 1-1000).
t_instances() { # N
	t_space 10.0.0.0/16
	printf 'plans:\n  plan1: { sku: S1, instances: %s }\n' "$1"
}

# A parameter whose name is N letters (VN104: at most 64).
t_param() { # N
	printf 'parameters:\n  %s: x\n' "$(rep p "$1")"
	t_space 10.0.0.0/16
}

# A VNet in resource group $1 (VN109: 1-90 characters; '' is empty).
t_rg() { # NAME
	printf 'vnets:\n  vnet:\n    address_space: 10.0.0.0/16\n'
	printf '    resource_group: "%s"\n' "$1"
}

# A VNet in the subscription whose id has groups of $1 ... $5 hex digits
# (VN109: 8-4-4-4-12).
t_sub() { # N1 N2 N3 N4 N5
	printf 'vnets:\n  vnet:\n    address_space: 10.0.0.0/16\n'
	printf '    resource_group: rg-other\n    subscription: %s-%s-%s-%s-%s\n' \
		"$(rep a "$1")" "$(rep b "$2")" "$(rep c "$3")" "$(rep d "$4")" \
		"$(rep e "$5")"
}

# An endpoint of type $1 (its only group id's zones: 1 for ML registries,
# 2 for ML workspaces) whose zone group a policy makes (VN351: one zone).
t_policy() { # TYPE
	printf 'dns:\n  zones: { resource_group: rg-dns }\n  zone_groups: policy\n'
	t_subnet 10.0.0.0/16 10.0.0.0/24
	printf 'backends:\n  be:\n    type: %s\n' "$1"
	printf '    private_endpoints:\n      - subnet: snet\n'
}

# Subnets given by size in address space $1 (VN213; VN104 for the size).
t_sized() { # SPACE SIZE...
	printf 'vnets:\n  vnet:\n    address_space: %s\n    subnets:\n' "$1"
	shift
	k=0
	for n in "$@"; do
		k=$((k + 1))
		printf '      s%d: { size: /%s }\n' "$k" "$n"
	done
}

# An app with route_all off reaching a locked vault whose endpoint is in
# subnet 'pe' (prefix $1, also the VNet's second address prefix): only
# RFC 1918 traffic enters the VNet (VN326).
t_reach() { # PREFIX
	printf 'vnets:\n  vnet:\n    address_space: [10.0.0.0/24, %s]\n' "$1"
	printf '    subnets:\n      apps: { prefix: 10.0.0.0/26, '
	printf 'delegation: Microsoft.Web/serverFarms }\n'
	printf '      pe: { prefix: %s }\n' "$1"
	printf 'backends:\n  vault:\n    type: Microsoft.KeyVault/vaults\n'
	printf '    name: kv-limits\n    public_access: deny\n'
	printf '    private_endpoints: [ { subnet: pe } ]\n'
	printf 'plans:\n  plan1: { sku: S1, instances: 2 }\napps:\n'
	printf '  app1: { plan: plan1, vnet_integration: apps, route_all: false }\n'
}

# A spec whose naming hook (hook.lua beside it, written by the case) gives
# names and tags: a VNet, a vault and its endpoint, zone and zone link.
t_hooked() {
	printf 'naming: hook.lua\n'
	printf 'vnets:\n  vnet:\n    address_space: 10.0.0.0/16\n'
	printf '    subnets:\n      snet: { prefix: 10.0.0.0/24 }\n'
	printf 'backends:\n  vault:\n    type: Microsoft.KeyVault/vaults\n'
	printf '    name: kv-limits\n    private_endpoints: [ { subnet: snet } ]\n'
}

# tags() gives resources of kind $1 N tags.
t_tagcount() { # KIND N
	printf 'function tags(r)\n\tif r.kind ~= "%s" then return nil end\n' \
		"$1" >"$tmp/hook.lua"
	printf '\tlocal t = {}\n\tfor i = 1, %s do t["t" .. i] = "v" end\n' \
		"$2" >>"$tmp/hook.lua"
	printf '\treturn t\nend\n' >>"$tmp/hook.lua"
	t_hooked
}

# tags() gives the resource group one tag whose name ($1 = name) or value
# ($1 = value) is N copies of the Lua string literal $3's text.
t_tag() { # name|value N LUA-CHAR
	if [ "$1" = name ]; then
		kv='[string.rep("'"$3"'", '"$2"')] = "v"'
	else
		kv='t1 = string.rep("'"$3"'", '"$2"')'
	fi
	printf 'function tags(r)\n\tif r.kind == "rg" then return { %s } end\nend\n' \
		"$kv" >"$tmp/hook.lua"
	t_hooked
}

# name() gives the resource group a name of N bytes (VN404: 1 to 1024).
t_hookname() { # N
	printf 'function name(r)\n\tif r.kind == "rg" then return ' \
		>"$tmp/hook.lua"
	printf 'string.rep("r", %s) end\nend\n' "$1" >>"$tmp/hook.lua"
	t_hooked
}

# N nested flow sequences under an unknown key (VN106: the root is at
# depth 0, a node deeper than 64 is refused).
t_depth() { # N
	printf 'vnets: {}\nx: %s%s\n' "$(rep '[' "$1")" "$(rep ']' "$1")"
}

# N aliases of a scalar: the document then expands by N nodes (VN106: by
# at most 200,000).
t_aliases() { # N
	printf 'vnets: {}\nx: &a v\ny: ['
	rep '*a,' "$(($1 - 1))"
	printf '*a]\n'
}

# A document of N YAML nodes, written out (VN106: at most 2,000,000):
# the root mapping, 3 keys and values, key 'x' and its list are 9; the
# rest are the list's items.
t_nodes() { # N
	printf 'vnets: {}\nx:\n'
	yes '  - 0' | head -n "$(($1 - 9))"
}

# Subnet security (VN328-VN349). An NSG on subnet 'snet' with one rule;
# $1 is the rule's mapping without its braces, after the name.
t_rule() { # FIELDS
	printf 'vnets:\n  vnet:\n    address_space: 10.0.0.0/16\n'
	printf '    subnets:\n      snet: { prefix: 10.0.0.0/24, nsg: nsg }\n'
	printf 'nsgs:\n  nsg:\n    rules:\n      - { name: r, %s }\n' "$1"
}
# A rule of priority N (VN328: 100 to 4096).
t_prio() { # N
	t_rule "priority: $1, direction: inbound, access: deny, source: '*', destination: '*'"
}
# A rule for port N (VN331: 0 to 65535).
t_port() { # N
	t_rule "priority: 100, direction: inbound, access: allow, protocol: tcp, source: '*', destination: '*', ports: '$1'"
}
# A rule whose description is N characters (VN104: at most 140).
t_desc() { # N
	t_rule "priority: 100, direction: inbound, access: allow, source: '*', destination: '*', description: $(rep d "$1")"
}
# A NAT gateway on subnet 'snet' with the fields $1.
t_nat() { # FIELDS
	printf 'vnets:\n  vnet:\n    address_space: 10.0.0.0/16\n'
	printf '    subnets:\n      snet: { prefix: 10.0.0.0/24, nat_gateway: ng }\n'
	printf 'nat_gateways:\n  ng: { %s }\n' "$1"
}
# N public IPs vnetc creates (VN342: 1 to 16; 0 is public_ips: null).
t_natips() { # N
	i=0 ips=
	while [ "$i" -lt "$1" ]; do
		i=$((i + 1))
		ips="$ips${ips:+, }pip$i"
	done
	if [ -n "$ips" ]; then t_nat "public_ips: [$ips]"; else
		t_nat "public_ips: null"
	fi
}
# An idle timeout of N minutes (VN342: 4 to 120).
t_idle() { t_nat "idle_timeout: $1"; }
# Zone N (VN104: 1 to 3).
t_zone() { t_nat "zone: $1"; }
# A route table with N routes to service tags (VN338: at most 25).
t_tagroutes() { # N
	printf 'vnets:\n  vnet:\n    address_space: 10.0.0.0/16\n'
	printf '    subnets:\n      snet: { prefix: 10.0.0.0/24, route_table: rt }\n'
	printf 'route_tables:\n  rt:\n    routes:\n'
	i=0
	for t in ActionGroup ApiManagement AppConfiguration \
	    ApplicationInsightsAvailability AppService AppServiceManagement \
	    AutonomousDevelopmentPlatform AzureActiveDirectory \
	    AzureActiveDirectoryDomainServices AzureAdvancedThreatProtection \
	    AzureArcInfrastructure AzureAttestation AzureBackup \
	    AzureBotService AzureCognitiveSearch AzureConnectors \
	    AzureContainerRegistry AzureCosmosDB AzureDatabricks \
	    AzureDataExplorerManagement AzureDataLake AzureDeviceUpdate \
	    AzureDevOps AzureDevSpaces AzureDigitalTwins AzureEventGrid; do
		[ "$i" -lt "$1" ] || break
		i=$((i + 1))
		printf '      - { name: r%s, prefix: %s, next_hop: Internet }\n' \
		    "$i" "$t"
	done
}
# A route to the appliance at 10.0.1.N, in subnet 'nva' 10.0.1.0/26
# (VN337: Azure keeps .0-.3 and .63).
t_nexthop() { # N
	printf 'vnets:\n  vnet:\n    address_space: 10.0.0.0/16\n'
	printf '    subnets:\n      snet: { prefix: 10.0.0.0/24, route_table: rt }\n'
	printf '      nva: { prefix: 10.0.1.0/26 }\n'
	printf 'route_tables:\n  rt:\n    routes:\n'
	printf '      - { name: d, prefix: 0.0.0.0/0, next_hop: VirtualAppliance, next_hop_ip: 10.0.1.%s }\n' "$1"
}

# AzureBastionSubnet with an NSG holding the first N of the 8 rules
# Azure requires there (VN335: all 8; learn.microsoft.com/azure/bastion/
# bastion-nsg), in Microsoft's order, as T4 of the issue 18 study writes
# them (Tcp, or any protocol).
t_bastion() { # N
	printf 'vnets:\n  vnet:\n    address_space: 10.0.0.0/16\n'
	printf '    subnets:\n      bastion: { name: AzureBastionSubnet, prefix: 10.0.0.0/26, nsg: nsg }\n'
	printf 'nsgs:\n  nsg:\n    rules:\n'
	i=0
	while IFS=' ' read -r dir proto src dst ports; do
		[ "$i" -lt "$1" ] || break
		i=$((i + 1))
		printf '      - { name: r%s, priority: %s, direction: %s, access: allow, protocol: "%s", source: "%s", destination: "%s", ports: %s }\n' \
		    "$i" "$((100 + i))" "$dir" "$proto" "$src" "$dst" "$ports"
	done <<-'RULES'
	inbound tcp Internet * 443
	inbound tcp GatewayManager * [443,4443]
	inbound * VirtualNetwork VirtualNetwork [8080,5701]
	inbound tcp AzureLoadBalancer * 443
	outbound tcp * VirtualNetwork [22,3389]
	outbound tcp * AzureCloud 443
	outbound * VirtualNetwork VirtualNetwork [8080,5701]
	outbound * * Internet [80,443]
	RULES
	printf '      - { name: deny-in, priority: 4000, direction: inbound, access: deny, protocol: "*", source: "*", destination: "*" }\n'
	printf '      - { name: deny-out, priority: 4000, direction: outbound, access: deny, protocol: "*", source: "*", destination: "*" }\n'
}
# AzureFirewallSubnet whose 0.0.0.0/0 goes to an appliance, in a VNet with
# N AzureFirewallManagementSubnets (VN335: forced tunneling needs one).
t_fwtunnel() { # N
	printf 'vnets:\n  vnet:\n    address_space: 10.0.0.0/16\n'
	printf '    subnets:\n      fw: { name: AzureFirewallSubnet, prefix: 10.0.0.0/26, route_table: rt }\n'
	printf '      nva: { prefix: 10.0.1.0/24 }\n'
	[ "$1" -ge 1 ] && printf '      mgmt: { name: AzureFirewallManagementSubnet, prefix: 10.0.0.64/26 }\n'
	printf 'route_tables:\n  rt:\n    routes:\n'
	printf '      - { name: d, prefix: 0.0.0.0/0, next_hop: VirtualAppliance, next_hop_ip: 10.0.1.4 }\n'
}

# An NSG of N rules, each from its own address (VN104: at most 1000).
t_nsgrules() { # N
	t_rule "priority: 100, direction: inbound, access: allow, protocol: tcp, source: 172.16.0.0/32, destination: '*', ports: 443"
	i=1
	while [ "$i" -lt "$1" ]; do
		printf '      - { name: r%s, priority: %s, direction: inbound, access: allow, protocol: tcp, source: 172.16.%s.%s/32, destination: "*", ports: 443 }\n' \
		    "$i" "$((100 + i))" "$((i / 256))" "$((i % 256))"
		i=$((i + 1))
	done
}
# A route table of N routes (VN338: at most 400).
t_routes() { # N
	printf 'vnets:\n  vnet:\n    address_space: 10.0.0.0/16\n'
	printf '    subnets:\n      snet: { prefix: 10.0.0.0/24, route_table: rt }\n'
	printf 'route_tables:\n  rt:\n    routes:\n'
	i=0
	while [ "$i" -lt "$1" ]; do
		printf '      - { name: r%s, prefix: 172.%s.%s.0/24, next_hop: None }\n' \
		    "$i" "$((16 + i / 256))" "$((i % 256))"
		i=$((i + 1))
	done
}

# N copies of string $1.
rep() { # STRING N
	awk -v s="$1" -v n="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", s }'
}

# --- the cases -------------------------------------------------------------

# lim STATUS RULES TEMPLATE ARGS...: the spec from TEMPLATE exits with
# STATUS under `vnetc check`; each +VNxxx of RULES is reported, each
# -VNxxx is not.
lim() {
	st=$1 rules=$2 tmpl=$3
	shift 3
	name="$rules: $tmpl $*"
	{ header; "t_$tmpl" "$@"; } >"$tmp/spec.yaml"
	"$VNETC" check "$tmp/spec.yaml" >"$tmp/out" 2>"$tmp/err"
	got=$?
	good=1
	[ "$got" = "$st" ] || { good=0; echo "  exit $got, want $st"; }
	for r in $rules; do
		id=${r#?}
		case $r in
		+*) grep -q "\[$id\]$" "$tmp/err" ||
			{ good=0; echo "  no $id"; } ;;
		-*) ! grep -q "\[$id\]$" "$tmp/err" ||
			{ good=0; echo "  $id reported"; } ;;
		esac
	done
	if [ "$good" = 1 ]; then ok; else
		ko "$name"
		sed 's/^/  | /' "$tmp/err" | head -n 8
	fi
}

# Each line: exit status, rules (+ reported, - not), template, its
# arguments. Exit 1 where an error is expected, 0 where at most warnings.
while read -r st rules tmpl args; do
	case $st in '#'* | '') continue ;; esac
	# shellcheck disable=SC2086
	lim "$st" "$(echo "$rules" | tr , ' ')" "$tmpl" $args
done <<'EOF'
# VN203: a VNet's address prefixes may touch, not overlap.
0 -VN203	space	[10.0.0.0/24,10.0.1.0/24]
1 +VN203	space	[10.0.0.0/23,10.0.1.0/24]
# VN204: the edges of each range Azure refuses in an address space.
0 -VN204	space	223.255.255.0/24
1 +VN204	space	224.0.0.0/24
1 +VN204	space	239.255.255.0/24
0 -VN204	space	240.0.0.0/24
0 -VN204	space	126.255.255.0/24
1 +VN204	space	127.0.0.0/24
1 +VN204	space	127.255.255.0/24
0 -VN204	space	128.0.0.0/24
0 -VN204	space	169.253.255.0/24
1 +VN204	space	169.254.0.0/24
1 +VN204	space	169.254.255.0/24
0 -VN204	space	169.255.0.0/24
0 -VN204	space	168.63.129.0/28
1 +VN204	space	168.63.129.16/28
0 -VN204	space	168.63.129.17/32
0 -VN204	space	255.255.255.254/32
1 +VN204	space	255.255.255.255/32
# VN205: the edges of the private ranges (RFC 1918, RFC 6598, fc00::/7).
0 +VN205	space	9.255.255.0/24
0 -VN205	space	10.0.0.0/24
0 -VN205	space	10.255.255.0/24
0 +VN205	space	11.0.0.0/24
0 +VN205	space	172.15.255.0/24
0 -VN205	space	172.16.0.0/24
0 -VN205	space	172.31.255.0/24
0 +VN205	space	172.32.0.0/24
0 +VN205	space	192.167.255.0/24
0 -VN205	space	192.168.0.0/24
0 -VN205	space	192.168.255.0/24
0 +VN205	space	192.169.0.0/24
0 +VN205	space	100.63.255.0/24
0 -VN205	space	100.64.0.0/24
0 -VN205	space	100.127.255.0/24
0 +VN205	space	100.128.0.0/24
0 +VN205	space	[10.0.0.0/16,fbff:ffff::/32]
0 -VN205	space	[10.0.0.0/16,fc00::/48]
0 -VN205	space	[10.0.0.0/16,fdff:ffff::/32]
0 +VN205	space	[10.0.0.0/16,fe00::/48]
# VN206: a subnet as large as the address space fits; one address more
# does not.
0 -VN206	subnet	10.0.0.0/16	10.0.0.0/16
1 +VN206	subnet	10.0.0.0/16	10.0.0.0/15
1 +VN206	subnet	10.0.0.0/16	10.1.0.0/24
# VN207: subnets may touch, not overlap.
0 -VN207	two	10.0.0.0/16	10.0.0.0/25	10.0.0.128/25
1 +VN207	two	10.0.0.0/16	10.0.0.0/25	10.0.0.127/32
# VN208: IPv4 subnets /2 to /29, IPv6 subnets /64 exactly.
0 -VN208	subnet	0.0.0.0/2	0.0.0.0/2
1 +VN208	subnet	10.0.0.0/8	0.0.0.0/1
0 -VN208	subnet	10.0.0.0/16	10.0.0.0/29
1 +VN208	subnet	10.0.0.0/16	10.0.0.0/30
1 +VN208	subnet	[10.0.0.0/16,fd00::/48]	[10.0.0.0/24,fd00::/63]
0 -VN208	subnet	[10.0.0.0/16,fd00::/48]	[10.0.0.0/24,fd00::/64]
1 +VN208	subnet	[10.0.0.0/16,fd00::/48]	[10.0.0.0/24,fd00::/65]
# VN210 (the size Azure accepts) and VN211 (the size Microsoft advises)
# for each special subnet. GatewaySubnet's /29 is VN211 only; past it,
# /30, VN208 speaks first.
0 -VN210,-VN211	special	GatewaySubnet	10.0.0.0/27
0 -VN210,+VN211	special	GatewaySubnet	10.0.0.0/28
0 -VN210,+VN211	special	GatewaySubnet	10.0.0.0/29
1 +VN208,-VN210	special	GatewaySubnet	10.0.0.0/30
0 -VN210,-VN211	special	AzureFirewallSubnet	10.0.0.0/26
1 +VN210	special	AzureFirewallSubnet	10.0.0.0/27
0 -VN210,-VN211	special	AzureFirewallManagementSubnet	10.0.0.0/26
1 +VN210	special	AzureFirewallManagementSubnet	10.0.0.0/27
0 -VN210,-VN211	special	AzureBastionSubnet	10.0.0.0/26
1 +VN210	special	AzureBastionSubnet	10.0.0.0/27
0 -VN210,-VN211	special	RouteServerSubnet	10.0.0.0/26
0 -VN210,+VN211	special	RouteServerSubnet	10.0.0.0/27
1 +VN210	special	RouteServerSubnet	10.0.0.0/28
# VN213: sized subnets that fill the space exactly fit; one more address
# does not.
0 -VN213	sized	10.0.0.0/24	25 26 27 28 29 29
1 +VN213	sized	10.0.0.0/24	25 26 27 28 29 29 29
# VN104: a size is a prefix length, /0 to /32.
1 -VN104,+VN208	sized	10.0.0.0/16	32
1 +VN104	sized	10.0.0.0/16	33
# VN214: peered VNets may touch, not overlap.
0 -VN214	peered	10.0.0.0/16	10.1.0.0/16
1 +VN214	peered	10.0.0.0/16	10.0.255.0/24
# VN312: one delegation per subnet.
0 -VN312	delegs	1
1 +VN312	delegs	2
# VN313 (the size each service needs) and VN314 (the size advised).
0 -VN313	deleg	Microsoft.Web/serverFarms	10.0.0.0/28
1 +VN313	deleg	Microsoft.Web/serverFarms	10.0.0.0/29
0 -VN313,-VN314	deleg	Microsoft.Sql/managedInstances	10.0.0.0/27
0 -VN313,+VN314	deleg	Microsoft.Sql/managedInstances	10.0.0.0/28
1 +VN313	deleg	Microsoft.Sql/managedInstances	10.0.0.0/29
0 -VN313	deleg	Microsoft.DBforPostgreSQL/flexibleServers	10.0.0.0/28
1 +VN313	deleg	Microsoft.DBforPostgreSQL/flexibleServers	10.0.0.0/29
0 -VN313,-VN314	deleg	Microsoft.App/environments	10.0.0.0/23
0 -VN313,+VN314	deleg	Microsoft.App/environments	10.0.0.0/24
0 -VN313,+VN314	deleg	Microsoft.App/environments	10.0.0.0/27
1 +VN313	deleg	Microsoft.App/environments	10.0.0.0/28
# VN317: instances x 2 <= the usable addresses (size - 5), per plan and
# summed over the plans of a subnet; below /28 it is VN313's.
0 -VN317	plans	10.0.0.0/28	5
0 +VN317	plans	10.0.0.0/28	6
0 -VN317	plans	10.0.0.0/27	13
0 +VN317	plans	10.0.0.0/27	14
0 -VN317	plans	10.0.0.0/26	15 14
0 +VN317	plans	10.0.0.0/26	15 15
1 +VN313,-VN317	plans	10.0.0.0/29	2
# VN317 without instances: /26 (29 instances) is Microsoft's advice.
0 -VN317	plans	10.0.0.0/26	-
0 +VN317	plans	10.0.0.0/27	-
# VN318: several plans in one subnet need /26; one plan with several apps
# is one plan.
0 -VN317,-VN318	plans	10.0.0.0/26	2 2
1 +VN318	plans	10.0.0.0/27	2 2
0 -VN318	planapps	10.0.0.0/27	2
# VN321: two integration subnets per plan, one per app.
0 -VN321	plansubnets	2
1 +VN321	plansubnets	3
0 -VN321	appsubnets	1
1 +VN321	appsubnets	2
# VN324: a zone group holds 5 zones.
0 -VN322,-VN323,-VN324	zones	5
1 +VN324	zones	6
# VN325: a custom subdomain is 2-64 characters.
1 +VN325	subdomain	1
0 -VN325	subdomain	2
0 -VN325	subdomain	64
1 +VN325	subdomain	65
# VN326: with route_all off, only RFC 1918 addresses enter the VNet: the
# edges of each range, for the endpoint's subnet.
1 +VN326	reach	9.255.255.0/24
0 -VN326	reach	10.255.255.0/24
1 +VN326	reach	11.0.0.0/24
1 +VN326	reach	172.15.255.0/24
0 -VN326	reach	172.16.0.0/24
0 -VN326	reach	172.31.255.0/24
1 +VN326	reach	172.32.0.0/24
1 +VN326	reach	192.167.255.0/24
0 -VN326	reach	192.168.0.0/24
0 -VN326	reach	192.168.255.0/24
1 +VN326	reach	192.169.0.0/24
# VN104: a plan has 1 to 1000 instances; a parameter name is at most 64
# characters.
1 +VN104	instances	0
0 -VN104	instances	1
0 -VN104	instances	1000
1 +VN104	instances	1001
0 -VN104	param	64
1 +VN104	param	65
# VN109: a resource group name has 1 to 90 characters
1 +VN109	rg
0 -VN109	rg	r
0 -VN109	rg	rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr
1 +VN109	rg	rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr
# VN109: a subscription id's groups have 8, 4, 4, 4 and 12 hex digits
0 -VN109	sub	8 4 4 4 12
1 +VN109	sub	7 4 4 4 12
1 +VN109	sub	9 4 4 4 12
1 +VN109	sub	8 4 4 4 11
1 +VN109	sub	8 4 4 4 13
# VN351: a policy's zone group holds one zone
0 -VN351	policy	Microsoft.MachineLearningServices/registries
0 +VN351	policy	Microsoft.MachineLearningServices/workspaces
# VN404: a hook's name is 1 to 1024 bytes (Azure's own limits, VN405,
# come after).
1 +VN404	hookname	0
0 -VN404	hookname	1
1 -VN404,+VN405	hookname	1024
1 +VN404	hookname	1025
# VN408: 50 tags on a resource, 15 on a private DNS zone and on its
# virtual network links.
0 -VN408	tagcount	rg	50
1 +VN408	tagcount	rg	51
0 -VN408	tagcount	pep	50
1 +VN408	tagcount	pep	51
0 -VN408	tagcount	pdnsz	15
1 +VN408	tagcount	pdnsz	16
0 -VN408	tagcount	link	15
1 +VN408	tagcount	link	16
# VN408: tag names of 1-512 characters, values of at most 256, counted
# in characters: e-acute is one character of two bytes, an emoji one of
# four.
1 +VN408	tag	name	0	a
0 -VN408	tag	name	1	a
0 -VN408	tag	name	512	a
1 +VN408	tag	name	513	a
0 -VN408	tag	name	512	\u{E9}
1 +VN408	tag	name	513	\u{E9}
0 -VN408	tag	value	0	a
0 -VN408	tag	value	256	a
1 +VN408	tag	value	257	a
0 -VN408	tag	value	256	\u{E9}
1 +VN408	tag	value	257	\u{E9}
0 -VN408	tag	value	256	\u{1F600}
1 +VN408	tag	value	257	\u{1F600}
# VN328: a security rule's priority is 100 to 4096.
1 +VN328	prio	99
0 -VN328	prio	100
0 -VN328	prio	4096
1 +VN328	prio	4097
# VN331: ports are 0 to 65535.
1 +VN331	port	-1
0 -VN331	port	0
0 -VN331	port	65535
1 +VN331	port	65536
0 -VN331	port	0-65535
1 +VN331	port	0-65536
# VN104: a rule's description is at most 140 characters.
0 -VN104	desc	140
1 +VN104	desc	141
# VN342: a NAT gateway has 1 to 16 public IPs, an idle timeout of 4 to
# 120 minutes; VN104: its zone is 1, 2 or 3.
1 +VN342	natips	0
0 -VN342	natips	1
0 -VN342	natips	16
1 +VN342	natips	17
1 +VN342	idle	3
0 -VN342	idle	4
0 -VN342	idle	120
1 +VN342	idle	121
1 +VN104	zone	0
0 -VN104	zone	1
0 -VN104	zone	3
1 +VN104	zone	4
# VN338: at most 25 routes to service tags in a table.
0 -VN338	tagroutes	25
1 +VN338	tagroutes	26
# VN337: an appliance's address is not one Azure keeps in its subnet
# (10.0.1.0/26: .0-.3 and .63).
1 +VN337	nexthop	3
0 -VN337	nexthop	4
0 -VN337	nexthop	62
1 +VN337	nexthop	63
# VN335: an NSG on AzureBastionSubnet has the 8 rules Azure requires.
1 +VN335	bastion	7
0 -VN335	bastion	8
# VN335: AzureFirewallSubnet's default route leaves the internet only
# with an AzureFirewallManagementSubnet (forced tunneling).
1 +VN335	fwtunnel	0
0 -VN335	fwtunnel	1
# VN104: at most 1000 rules per NSG; VN338: at most 400 routes per
# table (learn.microsoft.com/azure/azure-resource-manager/management/
# azure-subscription-service-limits, networking limits).
0 -VN104	nsgrules	1000
1 +VN104	nsgrules	1001
0 -VN338	routes	400
1 +VN338	routes	401
# VN106: nesting, aliases, nodes.
1 -VN106,+VN101	depth	64
1 +VN106	depth	65
1 -VN106,+VN101	aliases	200000
1 +VN106	aliases	200001
1 -VN106,+VN101	nodes	2000000
1 +VN106	nodes	2000001
EOF

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
