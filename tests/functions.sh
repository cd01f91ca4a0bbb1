#!/bin/sh
# tests/functions.sh - Functions plans vnetc creates (create:, issue 16): an
# Elastic Premium plan, kind elastic, with its maximum elastic workers, by
# the executor against the mock ARM server, by the script against the fake
# az (az functionapp plan create), in the template (and the official ARM
# schemas).
# Last line: "N passed, N failed".
. tests/mockarm/lib.sh

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

# --- a function app on it, its host storage locked behind four endpoints ------
F=$G/providers/Microsoft.Web/sites/func-vnetc
KEY=TU9DSy1TVE9SQUdFLUtFWS1ET05PVExFQUs=
cat >>"$tmp/fn.yaml" <<EOF
      pe: { prefix: 10.0.2.0/27 }
backends:
  st:
    type: Microsoft.Storage/storageAccounts
    name: stfnvnetc
    create: { shared_key: true }
    silence: { VN363: "the Functions host connects with the account key" }
    private_endpoints:
      - { name: st-blob-pe, subnet: pe, group_id: blob }
      - { name: st-file-pe, subnet: pe, group_id: file }
      - { name: st-queue-pe, subnet: pe, group_id: queue }
      - { name: st-table-pe, subnet: pe, group_id: table }
apps:
  func:
    name: func-vnetc
    plan: plan
    create: { kind: functionapp, runtime: "python|3.11" }
    storage: st
    vnet_integration: apps
    app_settings: { MODE: prod }
EOF
# the subnets' block is the spec's first: its new subnet goes there
$PY - "$tmp/fn.yaml" <<'EOF'
import sys
p = sys.argv[1]
t = open(p).read()
i = t.index('      pe: {')
j = t.index('plans:')
line = t[i:t.index('\n', i) + 1]
t = t[:i] + t[i + len(line):]
j = t.index('plans:')
k = t.index('\n', t.index('      apps: {')) + 1
t = t[:k] + line + t[k:]
open(p, 'w').write(t)
EOF
t "function app: plan" 0 "$VNETC" check -d plan "$tmp/fn.yaml"
check "the app after its storage, endpoints, zone groups, zone links and share" \
	grep -q "^[0-9]* app 'func' after .*,11,12,13,14,15,16,17,18,19,7,8,9,10,[0-9]*$" "$tmp/out"
check "the content share after its storage" grep -q "^[0-9]* content share of 'func' after 11$" "$tmp/out"
mock "{\"/subscriptions/$SUB\": {}}"
OUT=fa va 0 apply
check "the function app is created" grep -q "^created *app 'func'" "$tmp/out"
check "a Linux function app on its plan, integrated, content over the VNet" test \
	"$(field "$F" kind) $(field "$F" properties.serverFarmId) $(field "$F" properties.vnetContentShareEnabled) $(field "$F" properties.vnetRouteAllEnabled)" = \
	"\"functionapp,linux\" \"$P\" true true"
check "its stack" test "$(field "$F" properties.siteConfig.linuxFxVersion)" = '"python|3.11"'
check "its host settings: runtime, language, storage with the account's key, content share" \
	$PY -c 'import json, sys
p = json.loads(sys.argv[1])
p.pop("provisioningState", None)
cs = "DefaultEndpointsProtocol=https;AccountName=stfnvnetc;EndpointSuffix=core.windows.net;AccountKey=" + sys.argv[2]
assert p == {"FUNCTIONS_EXTENSION_VERSION": "~4", "FUNCTIONS_WORKER_RUNTIME": "python",
             "AzureWebJobsStorage": cs, "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING": cs,
             "WEBSITE_CONTENTSHARE": "func-content", "MODE": "prod"}, p' \
	"$(field "$F/config/appsettings" properties)" "$KEY"
check "the content share, made before the app" test \
	"$(seq_of PUT /fileServices/default/shares/func-content)" -lt "$(seq_of PUT /sites/func-vnetc)"
check "the key read after the storage, before the app" sh -c \
	"[ $(seq_of PUT /storageAccounts/stfnvnetc) -lt $(seq_of POST /stfnvnetc/listKeys) ] && [ $(seq_of POST /stfnvnetc/listKeys) -lt $(seq_of PUT /sites/func-vnetc) ]"
check "the key is in no output nor the journal" sh -c \
	"! grep -rq '$KEY' '$tmp/out' '$tmp/err' '$tmp/j.fa'"
from=$(q lastseq "$LOG")
OUT=fa va 0 apply
check "a second apply writes nothing" test "$(q writes "$LOG" "$from")" = 0
OUT=fa va 0 apply --dry-run
check "a dry run shows the key's place, not the key" sh -c \
	"grep -q 'AccountKey={{vnetc:account-key}}' '$tmp/out' && ! grep -q '$KEY' '$tmp/out'"
check "and the listKeys request that fetches it, before the app's PUT" sh -c \
	"grep -A1 '^POST .*/storageAccounts/[a-z0-9]*/listKeys?api-version=' '$tmp/out' | grep -q '^PUT .*/sites/'"
OUT=fa va 0 destroy
check "destroy deletes the app" grep -q "^deleted *app 'func'" "$tmp/out"
check "and leaves the content share to its storage" grep -q "content share.*stays with its storage account" "$tmp/out"

# --- the script, against the fake az ------------------------------------------
t build 0 "$VNETC" build -q "$tmp/fn.yaml" -o "$tmp/b" --no-graph
sc() {
	mkdir -p "$1"
	PATH="$(pwd)/tests/fakeaz:$PATH" FAKEAZ_STATE=$1 FAKEAZ_LOG=$2 \
		FAKEAZ_NEW=serverfarms,sites,shares bash "$tmp/b/fn.sh" >/dev/null 2>>"$2"
}
check "its az commands parse" $PY tests/tools/azcheck.py "$tmp/b/fn.sh"
sc "$tmp/st" "$tmp/s1.log"
check "the script creates the plan" test $? = 0
check "by az functionapp plan create: Linux, its SKU, its workers, tagged" grep -q \
	'^az functionapp plan create --resource-group rg-fn --name plan-fn --location westeurope --is-linux true --sku EP2 --max-burst 12 --tags managed-by=vnetc vnetc-spec=fn --output none$' \
	"$tmp/s1.log"
FKEY=RkFLRS1BWi1LRVktRE9OT1RMRUFL
check "the content share, by az storage share-rm create, before the app" sh -c \
	"grep -n '^az storage share-rm create --resource-group rg-fn --storage-account stfnvnetc --name func-content --output none$' '$tmp/s1.log' | cut -d: -f1 | { read -r a; [ \"\$a\" -lt \"\$(grep -n '^az rest --method put' '$tmp/s1.log' | cut -d: -f1)\" ]; }"
check "the function app: one PUT of its body, read from a file" grep -q \
	"^az rest --method put --uri /subscriptions/0000/resourceGroups/rg-fn/providers/Microsoft.Web/sites/func-vnetc\\\\?api-version=2024-04-01 --body @/[^ ]* --output none$" \
	"$tmp/s1.log"
check "its host settings hold the key the script read" $PY -c 'import json, sys
res = json.load(open(sys.argv[1]))
s = [v for k, v in res.items() if k.endswith("/sites/func-vnetc/config/appsettings")][0]["properties"]
cs = "DefaultEndpointsProtocol=https;EndpointSuffix=core.windows.net;AccountName=stfnvnetc;AccountKey=" + sys.argv[2]
assert s["AzureWebJobsStorage"] == cs and s["WEBSITE_CONTENTAZUREFILECONNECTIONSTRING"] == cs, s
assert s["FUNCTIONS_WORKER_RUNTIME"] == "python" and s["WEBSITE_CONTENTSHARE"] == "func-content", s
assert s["MODE"] == "prod", s' "$tmp/st/resources.json" "$FKEY"
check "the key is in no command line, nor the script" sh -c \
	"! grep -q '$FKEY' '$tmp/s1.log' '$tmp/b/fn.sh'"
check "the file that held it is gone" sh -c \
	"f=\$(sed -n 's|^az rest --method put .* --body @\\([^ ]*\\) .*|\\1|p' '$tmp/s1.log'); [ -n \"\$f\" ] && [ ! -e \"\$f\" ]"
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
