#!/bin/sh
# tests/functions.sh - Functions plans vnetc creates (create:, issue 16): an
# Elastic Premium plan, kind elastic, with its maximum elastic workers, by
# the executor against the mock ARM server, by the script against the fake
# az (az functionapp plan create), in the template (and the official ARM
# schemas).
# Last line: "N passed, N failed".
VNETC=${VNETC:-build/vnetc}
PY=/usr/bin/python3
SUB=11111111-2222-3333-4444-555555555555
pass=0
fail=0
tmp=$(mktemp -d)
mock=
trap '[ -z "$mock" ] || kill "$mock" 2>/dev/null; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM
. tests/lib.sh
. tests/refs.sh

G=/subscriptions/$SUB/resourceGroups/rg-fn
P=$G/providers/Microsoft.Web/serverfarms/plan-fn
cat >"$tmp/fn.yaml" <<EOF
resource_group: rg-fn
location: westeurope
vnets:
  vnet:
    address_space: 10.0.0.0/16
    subnets:
      apps: { prefix: 10.0.1.0/24, delegation: Microsoft.Web/serverFarms }
plans:
  plan:
    name: plan-fn
    sku: EP2
    create: { os: linux, max_elastic_workers: 12 }
EOF

MOCK_TOKEN=tok
. tests/mockarm/lib.sh
va() {
	want=$1 cmd=$2
	shift 2
	[ "$cmd" = plan ] || set -- --yes "$@"
	t "$cmd $*" "$want" env -u AZURE_CLIENT_ID -u AZURE_CLIENT_SECRET \
		-u IDENTITY_ENDPOINT AZURE_ACCESS_TOKEN=$MOCK_TOKEN "$VNETC" "$cmd" \
		"$tmp/fn.yaml" --subscription "$SUB" --arm-endpoint "$EP" \
		-o "$tmp/j.${OUT:-1}" "$@"
}

# --- the executor: an Elastic Premium plan from nothing -----------------------
mock "{\"/subscriptions/$SUB\": {}}"
va 0 apply
check "the plan is created" grep -q "^created *plan 'plan'" "$tmp/out"
check "Elastic Premium: kind elastic, Linux, its SKU and tier, its workers" test \
	"$(field "$P" kind) $(field "$P" properties.reserved) $(field "$P" sku) $(field "$P" properties.maximumElasticWorkerCount)" = \
	'"elastic" true {"name": "EP2", "tier": "ElasticPremium"} 12'
from=$(q lastseq "$LOG")
va 0 apply
check "a second apply writes nothing" test "$(q writes "$LOG" "$from")" = 0
va 0 destroy
check "destroy deletes it" grep -q "^deleted *plan 'plan'" "$tmp/out"

# --- the script, against the fake az ------------------------------------------
t build 0 "$VNETC" build -q "$tmp/fn.yaml" -o "$tmp/b" --no-graph
sc() {
	mkdir -p "$1"
	PATH="$(pwd)/tests/fakeaz:$PATH" FAKEAZ_STATE=$1 FAKEAZ_LOG=$2 \
		FAKEAZ_NEW=serverfarms,sites bash "$tmp/b/fn.sh" >/dev/null 2>>"$2"
}
check "its az commands parse" $PY tests/tools/azcheck.py "$tmp/b/fn.sh"
sc "$tmp/st" "$tmp/s1.log"
check "the script creates the plan" test $? = 0
check "by az functionapp plan create: Linux, its SKU, its workers, tagged" grep -q \
	'^az functionapp plan create --resource-group rg-fn --name plan-fn --location westeurope --is-linux true --sku EP2 --max-burst 12 --tags managed-by=vnetc vnetc-spec=fn --output none$' \
	"$tmp/s1.log"
sc "$tmp/st" "$tmp/s2.log"
check "a second run writes nothing" sh -c \
	"! grep -q '^az [a-z ]* \(create\|update\|set\|add\) ' '$tmp/s2.log'"
# workers changed by hand are set again
$PY - "$tmp/st/resources.json" <<'EOF'
import json, sys
p = sys.argv[1]
res = json.load(open(p))
for k, v in res.items():
    if k.endswith('/serverfarms/plan-fn'):
        v['properties']['maximumElasticWorkerCount'] = 3
json.dump(res, open(p, 'w'))
EOF
sc "$tmp/st" "$tmp/s3.log"
check "workers changed by hand are set again" grep -q \
	'^az appservice plan update --resource-group rg-fn --name plan-fn --sku EP2 --max-elastic-worker-count 12 --output none$' \
	"$tmp/s3.log"

# --- the template -------------------------------------------------------------
check "the template's plan: elastic, Linux, its workers, tagged" \
	$PY -c 'import json, sys
rs = json.load(open(sys.argv[1]))["resources"]
plan = [r for r in rs if r["type"] == "Microsoft.Web/serverfarms"][0]
assert plan["kind"] == "elastic", plan
assert plan["sku"] == {"name": "EP2", "tier": "ElasticPremium"}, plan
assert plan["properties"] == {"reserved": True,
                              "maximumElasticWorkerCount": 12}, plan
assert plan["tags"] == {"managed-by": "vnetc", "vnetc-spec": "fn"}, plan' \
	"$tmp/b/fn.json"
if have_arm_schemas "the template: ARM schemas"; then
	if $PY tests/tools/validate_arm.py "$tmp/b/fn.json" \
		"$tmp/b/fn.parameters.json" >"$tmp/arm" 2>&1; then ok; else
		ko "the template: ARM schemas"
		sed 's/^/  | /' "$tmp/arm" | head -n 20
	fi
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
