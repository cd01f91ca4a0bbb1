#!/bin/sh
# bench/apply.sh - the executor's wall time (issue 5 "Performance"): vnetc
# apply of specs/isolated-backend.yaml against the mock ARM server
# (tests/mockarm/server.py, on 127.0.0.1), from the tutorial's starting
# point, for each --parallelism in PARS, in two settings:
#   ops:  every asynchronous operation takes DELAY s (--op-delay), the
#         issue's measure; compared with the plan's critical path (its
#         longest chain of steps that wait on an operation, x DELAY) and
#         the sequential sum (every such step, x DELAY)
#   slow: every write (PUT, PATCH) takes SLOW s to answer (a slow fault)
# Target: ops wall <= 1.25 x critical path at the highest parallelism;
# exit 1 if missed. Environment: O (build dir), PARS (default "1 8"),
# DELAY (default 1), SLOW (default 0.3).
set -eu
O=${O:-build}
PARS=${PARS:-1 8}
DELAY=${DELAY:-1}
SLOW=${SLOW:-0.3}
PY=/usr/bin/python3
SPEC=specs/isolated-backend.yaml
SUB=11111111-2222-3333-4444-555555555555
. bench/mock.sh

P=/subscriptions/$SUB/resourceGroups/myKVResourceGroup/providers
cat >"$tmp/seed.json" <<EOF
{"${P%/providers}": {"location": "westeurope"},
 "$P/Microsoft.CognitiveServices/accounts/my-language-cs": {"location": "westeurope", "kind": "TextAnalytics", "sku": {"name": "F0"}, "properties": {"customSubDomainName": "my-language-cs", "publicNetworkAccess": "Enabled"}},
 "$P/Microsoft.KeyVault/vaults/my-language-kv": {"location": "westeurope", "properties": {"tenantId": "00000000-0000-0000-0000-00000000000a", "sku": {"family": "A", "name": "standard"}, "enableRbacAuthorization": true, "networkAcls": {"defaultAction": "Allow", "bypass": "AzureServices"}}},
 "$P/Microsoft.Web/serverfarms/my-language-app": {"location": "westeurope", "kind": "app", "sku": {"name": "F1", "tier": "Free"}, "properties": {"reserved": false}},
 "$P/Microsoft.Web/sites/my-language-app": {"location": "westeurope", "kind": "app", "identity": {"type": "SystemAssigned"}, "properties": {"serverFarmId": "$P/Microsoft.Web/serverfarms/my-language-app", "httpsOnly": false}},
 "$P/Microsoft.Web/sites/my-language-app/config/appsettings": {"properties": {"OTHER": "keep-me"}}}
EOF
cat >"$tmp/slow.json" <<EOF
{"faults": [{"method": "PUT", "times": -1, "action": "slow", "seconds": $SLOW},
 {"method": "PATCH", "times": -1, "action": "slow", "seconds": $SLOW}]}
EOF

now() { $PY -c 'import time; print(time.monotonic())'; }
# wall time of one apply, in seconds
apply() { # parallelism
	rm -rf "$tmp/j"
	t0=$(now)
	env -u AZURE_SUBSCRIPTION_ID AZURE_ACCESS_TOKEN="$TOKEN" "$O/vnetc" apply \
		"$SPEC" --subscription "$SUB" --arm-endpoint "$EP" --yes \
		--parallelism "$1" -o "$tmp/j" >"$tmp/out" 2>&1 </dev/null || {
		cat "$tmp/out"
		exit 1
	}
	t1=$(now)
	$PY -c "print('%.2f' % ($t1 - $t0))"
}

# The plan's chains: every step but the resource group (it exists: the
# existing resources are in it) waits on an asynchronous operation.
"$O/vnetc" check -d plan "$SPEC" >"$tmp/plan"
# shellcheck disable=SC2046
set -- $($PY bench/chain.py "$tmp/plan")
chain=$1 nasync=$2
crit=$($PY -c "print('%.2f' % ($chain * $DELAY))")
seq=$($PY -c "print('%.2f' % ($nasync * $DELAY))")
echo "apply $SPEC: $nasync asynchronous operations, longest chain $chain"
echo "ops: $DELAY s per operation: critical path ${crit} s, sequential sum ${seq} s"
echo "slow: every write answers after $SLOW s"
printf '%12s %10s %10s\n' parallelism "ops s" "slow s"
fail=0
last=
for par in $PARS; do
	start --seed "$tmp/seed.json" --max-seconds 300 --op-delay "$DELAY"
	w1=$(apply "$par")
	stop
	start --seed "$tmp/seed.json" --max-seconds 300 \
		--scenario "$tmp/slow.json"
	w2=$(apply "$par")
	stop
	printf '%12s %10s %10s\n' "$par" "$w1" "$w2"
	last=$w1
done
if $PY -c "import sys; sys.exit(0 if $last <= 1.25 * $crit else 1)"; then
	echo "target met: ${last} s <= 1.25 x ${crit} s"
else
	echo "target missed: ${last} s > 1.25 x ${crit} s"
	fail=1
fi
exit $fail
