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
trap 'rm -rf "$tmp"' EXIT INT TERM
. tests/lib.sh
# line number of the first log line matching $2 in $1 (0 if none)
at() { grep -n -- "$2" "$1" | head -n 1 | cut -d: -f1 | grep . || echo 0; }

run() { # script state log
	mkdir -p "$2"
	(cd "$tmp" && PATH="$root/tests/fakeaz:$PATH" FAKEAZ_STATE="$2" \
		FAKEAZ_LOG="$3" bash "$1" >"$3.out" 2>&1)
}

"$VNETC" build specs/isolated-backend.yaml -o "$tmp/o" || exit 1
S=$tmp/o/isolated-backend.sh
run "$S" "$tmp/state" "$tmp/run1.log"
check "first run succeeds" test $? = 0
L=$tmp/run1.log
for c in "group create" "network vnet create" "network vnet subnet create" \
	"network private-dns zone create" "network private-dns link vnet create" \
	"network private-endpoint create" \
	"network private-endpoint dns-zone-group create" \
	"appservice plan update" "webapp update" "webapp vnet-integration add" \
	"rest --method patch" "keyvault update" "webapp config appsettings set"; do
	check "first run: az $c" grep -q "^az $c" "$L"
done
check "two subnets" test "$(grep -c '^az network vnet subnet create' "$L")" = 2
check "two private endpoints" test "$(grep -c '^az network private-endpoint create' "$L")" = 2
check "the tutorial's values: group id account" grep -q -- '--group-id account' "$L"
check "the tutorial's values: zone link" grep -q -- 'vaultcore-zonelink' "$L"
check "the plan is updated by its own name" grep -q '^az appservice plan update .*--name my-language-app' "$L"
check "current flag, not --disable-private-endpoint-network-policies" \
	sh -c "! grep -q -- '--disable-private-endpoint' '$L'"
integ=$(at "$L" "^az webapp vnet-integration add")
zg=$(at "$L" "^az network private-endpoint dns-zone-group create")
lock_cs=$(at "$L" "^az rest --method patch")
lock_kv=$(at "$L" "^az keyvault update")
settings=$(at "$L" "^az webapp config appsettings set")
check "back ends locked after VNet integration" test "$lock_cs" -gt "$integ" -a "$lock_kv" -gt "$integ"
check "back ends locked after their zone groups" test "$lock_cs" -gt "$zg"
check "settings re-set after the lock-down" test "$settings" -gt "$lock_kv" -a "$settings" -gt "$lock_cs"

run "$S" "$tmp/state" "$tmp/run2.log"
check "second run succeeds" test $? = 0
check "second run creates nothing" sh -c "! grep -E '^az .* (create|add) ' '$tmp/run2.log'"
check "second run does not re-integrate" sh -c "! grep -q 'vnet-integration add' '$tmp/run2.log'"

# A value that begins with - (Azure allows a resource group named -rg;
# the environment may set any parameter): az would read it as an option
# unless it is passed as --option=value. The fake az parses as az does.
groupName=-rg vaultName=-kv run "$S" "$tmp/dash" "$tmp/dash.log"
check "values beginning with - reach az as values" test $? = 0
check "the group -rg is created" grep -q -- '^az group create --name -rg' "$tmp/dash.log"
check "the vault -kv is locked" grep -q -- '^az keyvault update .*--name -kv' "$tmp/dash.log"

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
	test "$(at "$L" '^az keyvault update')" -gt "$peer_last"
check "hub and spoke: spokes linked to the shared zones" \
	test "$(grep -c '^az network private-dns link vnet create' "$L")" = 12
run "$tmp/hs/hub-and-spoke.sh" "$tmp/hsstate" "$tmp/hs2.log"
check "hub and spoke: second run succeeds" test $? = 0
check "hub and spoke: second run creates nothing" \
	sh -c "! grep -E '^az .* (create|add) ' '$tmp/hs2.log'"
# A peering out of sync (a VNet's address space changed) is synced, and
# only that one.
echo LocalNotInSync >"$tmp/hsstate/network_vnet_peering|vnet-hub-prod|hub-to-orders"
run "$tmp/hs/hub-and-spoke.sh" "$tmp/hsstate" "$tmp/hs4.log"
check "hub and spoke: a run with a peering out of sync succeeds" test $? = 0
check "hub and spoke: the peering out of sync is synced" test \
	"$(grep -E '^az network vnet peering (sync|create)' "$tmp/hs4.log" | tr '\n' ' ')" = \
	"az network vnet peering sync --resource-group rg-landingzone-prod --vnet-name vnet-hub-prod --name hub-to-orders --output none "
# A zone the group lacks (one the spec gained since, say) is added on the
# next run, and only that one: the fake zone group forgets one of its three.
for zg in "$tmp/hsstate/network_private-endpoint_dns-zone-group|pe-oai-platform|"*; do
	zg=${zg##*/}
done
grep -v privatelink.openai.azure.com "$tmp/hsstate/$zg" >"$tmp/zg.tmp" &&
	cat "$tmp/zg.tmp" >"$tmp/hsstate/$zg"
run "$tmp/hs/hub-and-spoke.sh" "$tmp/hsstate" "$tmp/hs3.log"
check "hub and spoke: a run after a zone went missing succeeds" test $? = 0
check "hub and spoke: the missing zone is added, nothing else" test \
	"$(grep -E '^az .* (create|add) ' "$tmp/hs3.log" | tr '\n' ' ')" = \
	"az network private-endpoint dns-zone-group add --resource-group rg-landingzone-prod --endpoint-name pe-oai-platform --name $(echo "$zg" | cut -d'|' -f3) --private-dns-zone privatelink.openai.azure.com --zone-name privatelink.openai.azure.com --output none "

# A script for one cloud refuses to run against another: its private DNS
# zone names would be wrong there.
"$VNETC" build specs/usgov-isolated-backend.yaml -o "$tmp/gov" --no-graph || exit 1
run "$tmp/gov/usgov-isolated-backend.sh" "$tmp/govstate" "$tmp/gov.log"
check "usgov script against AzureCloud refused" test $? != 0
check "wrong cloud: the message says how to switch" \
	grep -q "az cloud set --name AzureUSGovernment" "$tmp/gov.log.out"
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
check "old az CLI: nothing changed" sh -c "! grep -qE 'create|update' '$tmp/old.log'"

# Hostile values.
"$VNETC" build tests/script/hostile.yaml -o "$tmp/h" || exit 1
check "hostile script passes shellcheck" shellcheck "$tmp/h/hostile.sh"
run "$tmp/h/hostile.sh" "$tmp/hstate" "$tmp/h.log"
check "hostile run succeeds" test $? = 0
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

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
