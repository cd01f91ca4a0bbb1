#!/bin/sh
# tests/check.sh - the rule catalogue's command line: vnetc cidr, silences,
# -W no-RULE, --werror, SARIF (against the SARIF 2.1.0 schema), automatic
# addressing in the outputs. The SARIF schema is $SARIF_SCHEMA's, skipped
# without it (tests/refs.sh). Prints "N passed, N failed, N skipped" last;
# exit 1 on failure.
VNETC=${VNETC:-build/vnetc}
PY=/usr/bin/python3
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

. tests/lib.sh
. tests/refs.sh
# The exact stdout of the last t.
out_is() { # name expected-text
	printf '%s\n' "$2" >"$tmp/want"
	if cmp -s "$tmp/want" "$tmp/out"; then pass=$((pass + 1)); else
		fail=$((fail + 1))
		echo "FAIL: $1"
		diff -u "$tmp/want" "$tmp/out" | head -n 30
	fi
}

# --- vnetc cidr ----------------------------------------------------------
t "cidr --help" 0 "$VNETC" cidr --help
check "cidr --help teaches --split" grep -q -- '--split PREFIX LEN' "$tmp/out"
check "cidr --help explains Azure's 5" grep -q 'Azure keeps' "$tmp/out"
check "vnetc --help lists cidr" sh -c "'$VNETC' --help | grep -q 'cidr PREFIX'"
t "cidr without prefixes" 2 "$VNETC" cidr
t "cidr unknown option" 2 "$VNETC" cidr --frob 10.0.0.0/8
t "cidr bad prefix" 2 "$VNETC" cidr 10.0.0.0/8 10.0.0.256/24
check "cidr names the bad prefix" grep -q "'10.0.0.256/24' is not a prefix: octet out of range" "$tmp/err"
check "cidr prints nothing on a bad prefix" test ! -s "$tmp/out"
t "cidr bad --format" 2 "$VNETC" cidr --format xml 10.0.0.0/8

t "cidr text" 0 "$VNETC" cidr 10.0.0.0/23 10.0.1.0/24 10.0.4.0/30
out_is "cidr text output" "10.0.0.0/23
  network       10.0.0.0
  broadcast     10.0.1.255
  size          512
  azure usable  10.0.0.4 - 10.0.1.254 (507)
10.0.1.0/24
  network       10.0.1.0
  broadcast     10.0.1.255
  size          256
  azure usable  10.0.1.4 - 10.0.1.254 (251)
10.0.4.0/30
  network       10.0.4.0
  broadcast     10.0.4.3
  size          4
  azure usable  none (Azure's smallest subnet is /29)

overlaps:
  10.0.0.0/23 and 10.0.1.0/24 share 10.0.1.0 - 10.0.1.255"

t "cidr no overlaps" 0 "$VNETC" cidr 10.0.0.0/24 10.0.1.0/24
check "cidr says there are none" grep -q '^no overlaps$' "$tmp/out"

t "cidr host bits" 0 "$VNETC" cidr 10.0.0.5/24
check "cidr host bits: a note" grep -q 'note: 10.0.0.5/24 has host bits set; using its network 10.0.0.0/24' "$tmp/err"
check "cidr host bits: the network" grep -q '^10.0.0.0/24$' "$tmp/out"

t "cidr json" 0 "$VNETC" cidr --format json 10.0.0.0/16 10.0.1.0/24 10.0.1.0/24 "2001:db8::/64"
out_is "cidr json output" '{
  "prefixes": [
    {"prefix": "10.0.0.0/16", "network": "10.0.0.0", "last": "10.0.255.255", "size": 65536, "azure_first": "10.0.0.4", "azure_last": "10.0.255.254", "azure_usable": 65531},
    {"prefix": "10.0.1.0/24", "network": "10.0.1.0", "last": "10.0.1.255", "size": 256, "azure_first": "10.0.1.4", "azure_last": "10.0.1.254", "azure_usable": 251},
    {"prefix": "10.0.1.0/24", "network": "10.0.1.0", "last": "10.0.1.255", "size": 256, "azure_first": "10.0.1.4", "azure_last": "10.0.1.254", "azure_usable": 251},
    {"prefix": "2001:db8::/64", "network": "2001:db8::", "last": "2001:db8::ffff:ffff:ffff:ffff", "size": 18446744073709551616, "azure_first": "2001:db8::4", "azure_last": "2001:db8::ffff:ffff:ffff:fffe", "azure_usable": 18446744073709551611}
  ],
  "overlaps": [[0, 1], [0, 2], [1, 2]]
}'
check "cidr json parses" sh -c "'$VNETC' cidr --format json ::/0 0.0.0.0/0 255.255.255.255/32 | $PY -c 'import json,sys; d=json.load(sys.stdin); assert d[\"prefixes\"][0][\"size\"]==2**128 and d[\"prefixes\"][2][\"azure_first\"] is None and d[\"overlaps\"]==[[1, 2]]'"

t "cidr --split" 0 "$VNETC" cidr --split 10.0.0.0/24 /26
out_is "cidr --split output" "10.0.0.0/26        10.0.0.4 - 10.0.0.62 (59 usable)
10.0.0.64/26       10.0.0.68 - 10.0.0.126 (59 usable)
10.0.0.128/26      10.0.0.132 - 10.0.0.190 (59 usable)
10.0.0.192/26      10.0.0.196 - 10.0.0.254 (59 usable)"
t "cidr --split json" 0 "$VNETC" cidr --format json --split 2001:db8::/63 64
check "cidr --split json: two /64" sh -c "$PY -c 'import json,sys; d=json.load(open(\"$tmp/out\")); assert [p[\"prefix\"] for p in d[\"prefixes\"]]==[\"2001:db8::/64\",\"2001:db8:0:1::/64\"] and d[\"overlaps\"]==[]'"
t "cidr --split LEN shorter than the prefix" 2 "$VNETC" cidr --split 10.0.0.0/24 23
t "cidr --split too many blocks" 2 "$VNETC" cidr --split 10.0.0.0/8 32
check "cidr --split says the limit" grep -q 'at most 65536' "$tmp/err"
t "cidr --split with other prefixes" 2 "$VNETC" cidr --split 10.0.0.0/24 26 10.1.0.0/16

# --- -W no-RULE, --werror, silences --------------------------------------
cat >"$tmp/warn.yaml" <<'EOF'
resource_group: rg
location: westeurope
vnets:
  pub:
    address_space: 20.10.0.0/16
    subnets:
      a: { prefix: 20.10.0.0/24 }
EOF
t "a warning alone exits 0" 0 "$VNETC" check "$tmp/warn.yaml"
check "the warning is shown" grep -q 'warning: .*\[VN205\]' "$tmp/err"
t "-W no-VN205" 0 "$VNETC" check -q "$tmp/warn.yaml" -W no-VN205
check "-W no-VN205 hides it" test ! -s "$tmp/err"
t "--werror" 1 "$VNETC" check "$tmp/warn.yaml" --werror
check "--werror reports an error" grep -q 'error: .*\[VN205\]' "$tmp/err"
t "--werror build writes nothing" 1 "$VNETC" build "$tmp/warn.yaml" --werror -o "$tmp/w"
check "--werror: nothing written" test ! -e "$tmp/w"
t "-W of an error rule" 2 "$VNETC" check "$tmp/warn.yaml" -W no-VN201
t "-W of no rule" 2 "$VNETC" check "$tmp/warn.yaml" -W no-VN999
t "-W without no-" 2 "$VNETC" check "$tmp/warn.yaml" -W VN205

sed 's/^resource_group: rg$/resource_group: rg\nsilence: { VN205: "20.10.0.0\/16 is ours" }/' \
	"$tmp/warn.yaml" >"$tmp/silenced.yaml"
t "silence at the top" 0 "$VNETC" check -q "$tmp/silenced.yaml" --werror
check "silenced: nothing shown" test ! -s "$tmp/err"
cat >"$tmp/node.yaml" <<'EOF'
resource_group: rg
location: westeurope
vnets:
  ours:
    address_space: 20.10.0.0/16
    silence: { VN205: "20.10.0.0/16 is ours" }
  theirs:
    address_space: 20.11.0.0/16
EOF
t "silence in one vnet" 0 "$VNETC" check "$tmp/node.yaml"
check "only the other vnet warns" sh -c "grep -c VN205 '$tmp/err' | grep -q '^1$' && grep -q \"vnet 'theirs'\" '$tmp/err'"
cat >"$tmp/badsilence.yaml" <<'EOF'
resource_group: rg
location: westeurope
silence:
  VN207: "overlaps are fine"
  VN999: "no such rule"
  VN205: ""
vnets:
  v:
    address_space: 10.0.0.0/16
EOF
t "silences that cannot be" 1 "$VNETC" check "$tmp/badsilence.yaml"
check "silencing an error is refused" grep -q "silence: VN207 is an error; only warnings can be silenced \[VN104\]" "$tmp/err"
check "an unknown rule is refused" grep -q "silence: 'VN999' is not a rule id" "$tmp/err"
check "a silence needs a reason" grep -q "silence: VN205 needs a reason" "$tmp/err"

# --- app setting names: the allowed characters, at the limit --------------
# (the refused ones: tests/bad/VN104-app-setting-names.yaml)
cat >"$tmp/settings.yaml" <<'EOF'
resource_group: rg
location: westeurope
vnets:
  vnet:
    address_space: 10.0.0.0/16
    subnets:
      apps: { prefix: 10.0.0.0/24, delegation: Microsoft.Web/serverFarms }
plans:
  plan: { sku: P1v3 }
apps:
  app:
    plan: plan
    vnet_integration: apps
    app_settings: { My.Setting_2: a, _x: b, 9.: c, Z: d }
EOF
t "app setting names of letters, digits, '.' and '_' build" 0 \
	"$VNETC" build -q "$tmp/settings.yaml" -o "$tmp/settings" --no-graph \
	-W no-VN308
check "no diagnostics for them" test ! -s "$tmp/err"
check "the script sets them" sh -c "grep -A4 -- '--settings' \
	'$tmp/settings/settings.sh' | tr -d ' \\\\\n' | grep -q -- \
	'--settingsMy.Setting_2=a_x=b9.=cZ=d'"
check "the template sets them" grep -q \
	"createObject('My.Setting_2', 'a', '_x', 'b', '9.', 'c', 'Z', 'd')" \
	"$tmp/settings/settings.json"

# --- locations: the display form is accepted and written as the name ------
# (refused ones: tests/bad/VN104-location*.yaml, VN108-unknown-region.yaml)
sed 's/^location: westeurope$/location: West Europe/' "$tmp/settings.yaml" \
	>"$tmp/display.yaml"
t "location: West Europe builds" 0 "$VNETC" build -q "$tmp/display.yaml" \
	-o "$tmp/display" --no-graph -W no-VN308
check "no diagnostics for it" test ! -s "$tmp/err"
check "the script's location is westeurope" sh -c "grep -q westeurope \
	'$tmp/display/display.sh' && ! grep -q 'West Europe' \
	'$tmp/display/display.sh'"
check "the parameters file's too" grep -q '"value": "westeurope"' \
	"$tmp/display/display.parameters.json"

# --- SARIF ----------------------------------------------------------------
t "sarif of a clean spec" 0 "$VNETC" check -q specs/isolated-backend.yaml --format sarif
cp "$tmp/out" "$tmp/clean.sarif"
check "sarif goes to stdout, not stderr" test ! -s "$tmp/err"
t "sarif of an unreadable spec" 2 "$VNETC" check "$tmp/nope.yaml" --format sarif
check "no SARIF log for an unreadable spec" test ! -s "$tmp/out"
t "sarif write error" 2 sh -c "'$VNETC' check specs/isolated-backend.yaml --format sarif >/dev/full"
t "sarif of warnings" 0 "$VNETC" check "$tmp/node.yaml" --format sarif
cp "$tmp/out" "$tmp/warn.sarif"
check "sarif keeps the silenced result, suppressed with its reason" \
	grep -q '"justification": "20.10.0.0/16 is ours"' "$tmp/warn.sarif"
t "sarif --werror" 1 "$VNETC" check "$tmp/warn.yaml" --format sarif --werror
cp "$tmp/out" "$tmp/werror.sarif"
check "sarif --werror level" grep -q '"level": "error"' "$tmp/werror.sarif"
n=0
for f in tests/bad/*.yaml; do
	n=$((n + 1))
	"$VNETC" check "$f" --format sarif >"$tmp/bad$n.sarif" 2>/dev/null
done
check "sarif of a bad spec carries its notes" sh -c \
	"'$VNETC' check tests/bad/VN207-subnet-overlap.yaml --format sarif | grep -q relatedLocations"
if have_sarif_schema "SARIF logs against the SARIF 2.1.0 schema"; then
	if $PY tests/tools/sarif_check.py "$SARIF_SCHEMA" "$tmp"/*.sarif \
		>"$tmp/sarif.out" 2>&1; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: SARIF logs against $SARIF_SCHEMA"
		head -n 20 "$tmp/sarif.out"
	fi
	# and the checker fails on a log that is not SARIF
	sed 's/"2.1.0"/"2.0.0"/' "$tmp/clean.sarif" >"$tmp/broken.json"
	check "the SARIF check can fail" sh -c \
		"! $PY tests/tools/sarif_check.py '$SARIF_SCHEMA' '$tmp/broken.json' >/dev/null"
fi

# --- automatic addressing reaches the outputs -----------------------------
cat >"$tmp/auto.yaml" <<'EOF'
resource_group: rg
location: westeurope
vnets:
  vnet:
    address_space: 10.0.0.0/23
    subnets:
      fixed: { prefix: 10.0.0.64/26 }
      small: { size: /28 }
      endpoints: { size: /25 }
      apps: { size: 26, delegation: Microsoft.Web/serverFarms }
EOF
t "build with sizes" 0 "$VNETC" build -q "$tmp/auto.yaml" -o "$tmp/a"
check "no diagnostics for sizes that fit" test ! -s "$tmp/err"
check "largest first, aligned: endpoints gets .128/25" \
	grep -q -- '--address-prefixes 10.0.0.128/25' "$tmp/a/auto.sh"
check "then apps .0/26" grep -q -- '--address-prefixes 10.0.0.0/26 --delegations' "$tmp/a/auto.sh"
check "then the /28 in the next free block" \
	grep -q -- '--address-prefixes 10.0.1.0/28' "$tmp/a/auto.sh"
check "the script says the prefix was chosen" \
	grep -q '^# 10.0.0.0/26: chosen by vnetc' "$tmp/a/auto.sh"
check "the template has the chosen prefix" \
	grep -q '"addressPrefix": "10.0.0.128/25"' "$tmp/a/auto.json"
t "-d spec shows the choice" 0 "$VNETC" check -d spec "$tmp/auto.yaml"
check "-d spec: chosen by vnetc" grep -q 'subnet apps name=apps 10.0.0.0/26 size=/26 (chosen by vnetc)' "$tmp/out"
t "the same on a second run" 0 "$VNETC" build "$tmp/auto.yaml" -o "$tmp/a2"
check "byte-identical outputs" cmp -s "$tmp/a/auto.sh" "$tmp/a2/auto.sh"
sed 's#small: { size: /28 }#small: { size: /28, prefix: 10.0.0.0/28 }#' \
	"$tmp/auto.yaml" >"$tmp/both.yaml"
t "prefix and size both is an error" 1 "$VNETC" check "$tmp/both.yaml"
check "prefix and size: the message" grep -q "give 'prefix' or 'size', not both" "$tmp/err"

# --- the fix VN326 suggests works -----------------------------------------
sed 's/^      - subnet: endpoints$/      - subnet: endpoints\n        dns_links: [spoke]/' \
	tests/bad/VN326-lockdown-unreachable.yaml >"$tmp/linked.yaml"
t "dns_links to the app's VNet clears VN326" 0 "$VNETC" build -q "$tmp/linked.yaml" -o "$tmp/l" -W no-VN308
check "no diagnostics once linked" test ! -s "$tmp/err"
check "the script links the zone to the spoke" \
	grep -q -- '--name=vaultcore-spoke-zonelink --virtual-network=spoke' "$tmp/l/linked.sh"
check "the template links it too" grep -q 'vaultcore-spoke-zonelink' "$tmp/l/linked.json"
sed 's/^    vnet_integration: apps$/    vnet_integration: apps\n    uses: []/' \
	tests/bad/VN326-lockdown-unreachable.yaml >"$tmp/nouse.yaml"
t "uses: [] means the app calls no back end" 0 "$VNETC" check "$tmp/nouse.yaml" -W no-VN308

# --- an App Service slot's endpoint: group id sites-<slot name> (VN306) --
sed '/group_id: sites-x$/d; /name: front-x-pe$/,/subnet: endpoints$/d' \
	tests/bad/VN306-slot-name.yaml >"$tmp/slot.yaml"
t "a slot's endpoint builds" 0 "$VNETC" build -q "$tmp/slot.yaml" -o "$tmp/slot" --no-graph
check "a slot's endpoint: no diagnostics" test ! -s "$tmp/err"
check "the script connects to the slot's group id" \
	grep -q -- '--group-id=sites-staging ' "$tmp/slot/slot.sh"
check "the template too" grep -q '"sites-staging"' "$tmp/slot/slot.json"
t "-d spec: the slot's endpoint has the app's zone" 0 "$VNETC" check -d spec "$tmp/slot.yaml"
check "-d spec: group=sites-staging, zone privatelink.azurewebsites.net" grep -q \
	'pe name=front-staging-pe .* group=sites-staging .* zones=privatelink.azurewebsites.net$' \
	"$tmp/out"
check "-d spec: the app's own endpoint keeps group sites" grep -q \
	'pe name=front-pe .* group=sites .* zones=privatelink.azurewebsites.net$' "$tmp/out"
sed 's/^location: westeurope$/location: chinanorth3\ncloud: china/' "$tmp/slot.yaml" >"$tmp/slot-cn.yaml"
t "a slot's endpoint in China" 0 "$VNETC" check -d spec "$tmp/slot-cn.yaml"
check "China: the slot's zone is the app's" grep -q \
	'group=sites-staging .* zones=privatelink.chinacloudsites.cn$' "$tmp/out"

# --- names are unique in their resource group ---------------------------
# Two spokes named alike are two VNets in two subscriptions (even in
# groups of one name), one name twice in one group (VN301); a naming hook's
# names likewise (VN406), but for names unique in all of Azure (an app's).
cat >"$tmp/scopes.yaml" <<'EOF'
resource_group: rg-a
location: westeurope
vnets:
  one: { name: vnet-spoke, address_space: 10.1.0.0/24 }
  two:
    name: vnet-spoke
    subscription: 22222222-2222-4222-8222-222222222222
    resource_group: rg-b
    address_space: 10.2.0.0/24
EOF
t "two VNets of one name in two scopes" 0 "$VNETC" check "$tmp/scopes.yaml"
sed 's/rg-b$/rg-a/' "$tmp/scopes.yaml" >"$tmp/scopes0.yaml"
t "two VNets of one name in groups of one name in two subscriptions" 0 \
	"$VNETC" check "$tmp/scopes0.yaml"
grep -v '^    subscription: ' "$tmp/scopes.yaml" | sed 's/rg-b$/rg-a/' \
	>"$tmp/scopes1.yaml"
t "two VNets of one name in one group (named so)" 1 "$VNETC" check \
	"$tmp/scopes1.yaml"
check "... VN301" grep -q "vnet name 'vnet-spoke' is used twice \[VN301\]" \
	"$tmp/err"
cat >"$tmp/same.lua" <<'EOF'
function name(r)
	if r.kind == "vnet" then return "vnet-same" end
	if r.kind == "app" then return "app-same" end
end
EOF
{
	cat "$tmp/scopes.yaml"
	printf 'naming: same.lua\nplans:\n  p: {}\napps:\n'
	printf '  a1: { plan: p }\n  a2: { plan: p, resource_group: rg-b }\n'
} >"$tmp/scopes2.yaml"
t "a hook's names: per group, but an app's across Azure" 1 "$VNETC" check \
	"$tmp/scopes2.yaml"
check "... no VN406 for the VNets in two groups" sh -c \
	"! grep -q \"vnet .* is named 'vnet-same' by the naming hook\" '$tmp/err'"
check "... VN406 for the apps in two groups" grep -q \
	"app 'a2' is named 'app-same' by the naming hook, like app 'a1'" "$tmp/err"

# --- zone groups: the dns: block's default, an endpoint's own -------------
# dns: zone_groups: policy is every endpoint's default; an endpoint's
# zone_group: create takes it back, and zone_group: policy alone (no
# dns: default) leaves that endpoint's group to the policy.
lzp=tests/golden/landing-zone-policy.yaml
t "dns: zone_groups: policy" 0 "$VNETC" check -d spec "$lzp"
check "... the endpoint's zone group is the policy's" grep -q \
	'^  pe name=vault-pe .* zone_group_by=policy$' "$tmp/out"
sed 's/^      - subnet: endpoints$/      - { subnet: endpoints, zone_group: create }/' \
	"$lzp" >"$tmp/zg-create.yaml"
t "zone_group: create under dns: zone_groups: policy" 0 "$VNETC" check \
	-d spec "$tmp/zg-create.yaml"
check "... vnetc makes that endpoint's zone group" sh -c \
	"grep -q '^  pe name=vault-pe ' '$tmp/out' && ! grep -q 'zone_group_by=policy' '$tmp/out'"
sed -e '/^  zone_groups: policy$/d' \
	-e 's/^      - subnet: endpoints$/      - { subnet: endpoints, zone_group: policy }/' \
	"$lzp" >"$tmp/zg-policy.yaml"
t "zone_group: policy without the dns: default" 0 "$VNETC" check \
	-d spec "$tmp/zg-policy.yaml"
check "... the endpoint's zone group is the policy's" grep -q \
	'^  pe name=vault-pe .* zone_group_by=policy$' "$tmp/out"

# A spoke's default route to the firewall of an existing hub (the landing
# zones' forced tunnelling): the hub's subnets are not in the spec, so its
# address space is all VN337 can check; a hub vnetc creates is checked
# subnet by subnet.
cat >"$tmp/fw-hub.yaml" <<'EOF'
vnetc: 1
resource_group: rg-spoke
location: westeurope
vnets:
  hub:
    existing: /subscriptions/00000000-0000-4000-8000-000000000000/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub
    address_space: 10.20.0.0/16
  spoke:
    address_space: 10.30.0.0/24
    peerings: [hub]
    subnets:
      app: { prefix: 10.30.0.0/26, route_table: udr }
route_tables:
  udr:
    routes:
      - { name: to-fw, prefix: 0.0.0.0/0, next_hop: VirtualAppliance, next_hop_ip: 10.20.1.4 }
EOF
t "a route to an existing hub's firewall" 0 "$VNETC" check -q "$tmp/fw-hub.yaml"
check "... is no VN337" sh -c "! grep -q VN337 '$tmp/err'"
sed -e '/^    existing: /d' \
	-e 's|^    address_space: 10.20.0.0/16$|&\n    subnets: { fw: 10.20.0.0/26 }|' \
	"$tmp/fw-hub.yaml" >"$tmp/fw-hub-own.yaml"
t "the same hub, made by vnetc, no subnet holding the address" 1 \
	"$VNETC" check -q "$tmp/fw-hub-own.yaml"
check "... is VN337" grep -q \
	"next_hop_ip 10.20.1.4 is in vnet 'hub' but in none of its subnets" \
	"$tmp/err"

# --- gateway transit: one key on the spoke, both sides written ------------
# use_remote_gateways on the spoke's entry: useRemoteGateways on its side,
# allowGatewayTransit on the hub's, and the spoke's side written after the
# hub's (Azure checks the remote peering's flag).
cat >"$tmp/gw.yaml" <<'EOF'
resource_group: rg-net
location: swedencentral
vnets:
  hub:
    address_space: 10.0.0.0/24
    subnets:
      GatewaySubnet: { prefix: 10.0.0.0/27 }
  spoke:
    address_space: 10.2.0.0/24
    peerings: [{ vnet: hub, use_remote_gateways: true }]
EOF
t "gateway transit" 0 "$VNETC" check -d spec "$tmp/gw.yaml"
check "... the spoke's side uses the remote gateways" grep -qx \
	'peering vnet=spoke remote=hub name=spoke-to-hub use_remote_gateways' "$tmp/out"
check "... the hub's side allows gateway transit" grep -qx \
	'peering vnet=hub remote=spoke name=hub-to-spoke allow_gateway_transit' "$tmp/out"
t "gateway transit: the plan" 0 "$VNETC" check -d plan "$tmp/gw.yaml"
check "... the spoke's side after the hub's" grep -qx \
	"5 peering of vnet 'spoke' to vnet 'hub' after 3,2,4" "$tmp/out"
t "gateway transit: build" 0 "$VNETC" build "$tmp/gw.yaml" -o "$tmp/gw" --no-graph
check "... the template sets both flags, each on its side" $PY -c '
import json, sys
t = json.load(open(sys.argv[1]))
p = {r["name"]: r["properties"] for r in t["resources"]
     if r["type"].endswith("/virtualNetworkPeerings")}
flags = lambda n: (p[n]["allowGatewayTransit"], p[n]["useRemoteGateways"])
sys.exit(not (flags("spoke/spoke-to-hub") == (False, True) and
              flags("hub/hub-to-spoke") == (True, False)))
' "$tmp/gw/gw.json"
check "... the script creates and updates them" sh -c "
	grep -q -- '--allow-gateway-transit false --use-remote-gateways true' '$tmp/gw/gw.sh' &&
	grep -q -- '--allow-gateway-transit true --use-remote-gateways false' '$tmp/gw/gw.sh' &&
	grep -q -- '--set allowForwardedTraffic=false allowGatewayTransit=false useRemoteGateways=true' '$tmp/gw/gw.sh'"

echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" = 0 ]
