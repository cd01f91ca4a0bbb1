#!/bin/sh
# tests/functions.sh - Functions plans vnetc creates (create:, issue 16): an
# Elastic Premium plan, kind elastic, with its maximum elastic workers, by
# the executor against the mock ARM server, by the script against the fake
# az (az functionapp plan create), in the template (and the official ARM
# schemas); a function app on it; a Flex Consumption (FC1) and a
# Consumption (Y1) plan and app, the same three ways; a Flex app whose host
# connects to its storage with its identity (storage_identity:).
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
		"${SPEC:-$tmp/fn.yaml}" --subscription "$SUB" --arm-endpoint "$EP" \
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
check "its stack" test "$(field "$F/config/web" properties.linuxFxVersion)" = '"python|3.11"'
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

# --- Flex Consumption (FC1): plan, app, package container ----------------------
G=/subscriptions/$SUB/resourceGroups/rg-fx
P=$G/providers/Microsoft.Web/serverfarms/plan-flex
F=$G/providers/Microsoft.Web/sites/func-flex
C=$G/providers/Microsoft.Storage/storageAccounts/stfxvnetc/blobServices/default/containers/app-package-func
SPEC=$tmp/fx.yaml
cat >"$SPEC" <<EOF
resource_group: rg-fx
location: westeurope
vnets:
  vnet:
    address_space: 10.0.0.0/16
    subnets:
      apps: { prefix: 10.0.1.0/24, delegation: Microsoft.App/environments }
      pe: { prefix: 10.0.2.0/27 }
plans:
  flex:
    name: plan-flex
    sku: FC1
    create: {}
backends:
  st:
    type: Microsoft.Storage/storageAccounts
    name: stfxvnetc
    create: { shared_key: true }
    silence: { VN363: "the Functions host connects with the account key" }
    private_endpoints:
      - { name: st-blob-pe, subnet: pe, group_id: blob }
      - { name: st-queue-pe, subnet: pe, group_id: queue }
      - { name: st-table-pe, subnet: pe, group_id: table }
apps:
  func:
    name: func-flex
    plan: flex
    create: { kind: functionapp, runtime: "python|3.11", max_instances: 40, instance_memory: 4096 }
    storage: st
    vnet_integration: apps
    private_endpoints: [{ subnet: pe }]
    app_settings: { MODE: prod }
EOF
t "flex: check (no file endpoint needed, no /23 advice for its /24)" 0 \
	"$VNETC" check -d plan "$SPEC"
check "flex: no warning" sh -c "! grep -q 'warning' '$tmp/err'"
check "flex: the container after its storage, the app after it" sh -c \
	"grep -q \"^19 deployment container of 'func' after 11\$\" '$tmp/out' && grep -q \"^20 app 'func' after .*,19\$\" '$tmp/out'"
# without the app, the /24 is a subnet of another service's: VN314's /23 is
# a Container Apps environment's advice, and says so
sed '/^plans:/,$d' "$SPEC" >"$tmp/fx-subnet.yaml"
t "flex: the subnet alone" 0 "$VNETC" check "$tmp/fx-subnet.yaml"
check "flex: VN314 says its advice is a Container Apps environment's" grep -q \
	"10.0.1.0/24 is delegated to Microsoft.App/environments: /23 or larger is advised (for a consumption-only Container Apps environment; .* such as a Flex Consumption app outside this spec, may be smaller: silence VN314 with that reason) \[VN314\]" \
	"$tmp/err"
mock "{\"/subscriptions/$SUB\": {}}"
OUT=fx va 0 apply
check "flex: the plan: kind functionapp, Linux, FC1 FlexConsumption" test \
	"$(field "$P" kind) $(field "$P" properties.reserved) $(field "$P" sku)" = \
	'"functionapp" true {"name": "FC1", "tier": "FlexConsumption"}'
check "flex: the app: Linux function app, integrated" test \
	"$(field "$F" kind) $(field "$F" properties.serverFarmId) $(field "$F" properties.virtualNetworkSubnetId)" = \
	"\"functionapp,linux\" \"$P\" \"$G/providers/Microsoft.Network/virtualNetworks/vnet/subnets/apps\""
check "flex: functionAppConfig: its container by URL, its key's setting, runtime, scale" \
	$PY -c 'import json, sys
c = json.loads(sys.argv[1])
assert c == {"deployment": {"storage": {"type": "blobContainer",
    "value": "https://stfxvnetc.blob.core.windows.net/app-package-func",
    "authentication": {"type": "StorageAccountConnectionString",
                       "storageAccountConnectionStringName": "AzureWebJobsStorage"}}},
    "runtime": {"name": "python", "version": "3.11"},
    "scaleAndConcurrency": {"maximumInstanceCount": 40, "instanceMemoryMB": 4096}}, c' \
	"$(field "$F" properties.functionAppConfig)"
check "flex: no linuxFxVersion, no Always On, no content share over the VNet" test \
	"$(field "$F/config/web" properties.linuxFxVersion) $(field "$F/config/web" properties.alwaysOn) $(field "$F" properties.vnetContentShareEnabled)" = \
	"null null null"
check "flex: its settings: the storage's connection string only, and the spec's" \
	$PY -c 'import json, sys
p = json.loads(sys.argv[1])
p.pop("provisioningState", None)
cs = "DefaultEndpointsProtocol=https;AccountName=stfxvnetc;EndpointSuffix=core.windows.net;AccountKey=" + sys.argv[2]
assert p == {"AzureWebJobsStorage": cs, "MODE": "prod"}, p' \
	"$(field "$F/config/appsettings" properties)" "$KEY"
check "flex: the package container, private" test "$(field "$C" properties.publicAccess)" = '"None"'
check "flex: the container made before the app" test \
	"$(seq_of PUT /blobServices/default/containers/app-package-func)" -lt "$(seq_of PUT /sites/func-flex)"
check "flex: the key is in no output nor the journal" sh -c \
	"! grep -rq '$KEY' '$tmp/out' '$tmp/err' '$tmp/j.fx'"
from=$(q lastseq "$LOG")
OUT=fx va 0 apply
check "flex: a second apply writes nothing" test "$(q writes "$LOG" "$from")" = 0
# its scale changed in place: the site PUT must not take the settings with
# it (a site PUT's appSettings replace all of them, hand-made ones too)
put_arm "$F/config/appsettings" '{"properties": {"AzureWebJobsStorage": "x", "MODE": "prod", "BY_HAND": "kept"}}' >/dev/null
{ echo 'project: fx'; sed 's/max_instances: 40/max_instances: 41/' "$SPEC"; } >"$tmp/fx41.yaml"
SPEC=$tmp/fx41.yaml OUT=fx va 0 apply
check "flex: a scale change: the site PUT, the settings another's are kept" test \
	"$(field "$F" properties.functionAppConfig.scaleAndConcurrency.maximumInstanceCount) $(field "$F/config/appsettings" properties.BY_HAND)" = '41 "kept"'
OUT=fx va 0 destroy
check "flex: destroy deletes the app and the plan" sh -c \
	"grep -q \"^deleted *app 'func'\" '$tmp/out' && grep -q \"^deleted *plan 'flex'\" '$tmp/out'"
check "flex: and leaves the package container to its storage" grep -q \
	"deployment container.*stays with its storage account" "$tmp/out"

t "flex: the diagram" 0 "$VNETC" graph "$SPEC" --format dot
check "flex: it shows the app's language, host storage and scale" grep -qF \
	'function app (python|3.11), host storage st; up to 40 instances of 4096 MB' "$tmp/out"
t "flex: the Mermaid diagram" 0 "$VNETC" graph "$SPEC" --format mermaid
check "flex: so does the Mermaid one" grep -qF 'function app (python|3.11), host storage st; up to 40 instances' "$tmp/out"
t "flex: build" 0 "$VNETC" build -q "$SPEC" -o "$tmp/bx" --no-graph
check "flex: its az commands parse" $PY tests/tools/azcheck.py "$tmp/bx/fx.sh"
fx_sh() {
	mkdir -p "$tmp/sx"
	PATH="$(pwd)/tests/fakeaz:$PATH" FAKEAZ_STATE=$tmp/sx FAKEAZ_LOG=$1 \
		FAKEAZ_NEW=serverfarms,sites,containers bash "$tmp/bx/fx.sh" >/dev/null 2>>"$1"
}
fx_sh "$tmp/x1.log"
check "flex: the script runs" test $? = 0
# the plan's PUT as the fake az logged it (its words shell-quoted)
plan_put() {
	$PY -c 'import json, shlex, sys
for l in open(sys.argv[1]):
    w = shlex.split(l)
    if w[:4] == ["az", "rest", "--method", "put"] and "/serverfarms/" in w[5]:
        print(w[5], json.dumps(json.loads(w[w.index("--body") + 1]), sort_keys=True))' "$1"
}
check "flex: the plan by az rest, its whole body" test "$(plan_put "$tmp/x1.log")" = \
	'/subscriptions/0000/resourceGroups/rg-fx/providers/Microsoft.Web/serverfarms/plan-flex?api-version=2024-04-01 {"kind": "functionapp", "location": "westeurope", "properties": {"reserved": true}, "sku": {"name": "FC1", "tier": "FlexConsumption"}, "tags": {"managed-by": "vnetc", "vnetc-spec": "fx"}}'
check "flex: the container by az storage container-rm create, before the app" sh -c \
	"grep -n '^az storage container-rm create --resource-group rg-fx --storage-account stfxvnetc --name app-package-func --output none$' '$tmp/x1.log' | cut -d: -f1 | { read -r a; [ \"\$a\" -lt \"\$(grep -n '^az rest --method put .*/sites/' '$tmp/x1.log' | cut -d: -f1)\" ]; }"
check "flex: the app's body: its container on the blob endpoint az read, the key read" $PY -c 'import json, sys
res = json.load(open(sys.argv[1]))
site = [v for k, v in res.items() if k.endswith("/sites/func-flex")][0]
d = site["properties"]["functionAppConfig"]["deployment"]["storage"]
assert d["value"] == "https://stfxvnetc.blob.core.windows.net/app-package-func", d
s = [v for k, v in res.items() if k.endswith("/sites/func-flex/config/appsettings")][0]["properties"]
cs = "DefaultEndpointsProtocol=https;EndpointSuffix=core.windows.net;AccountName=stfxvnetc;AccountKey=" + sys.argv[2]
assert s == {"AzureWebJobsStorage": cs, "MODE": "prod"}, s' "$tmp/sx/resources.json" "$FKEY"
check "flex: the key is in no command line, nor the script" sh -c \
	"! grep -q '$FKEY' '$tmp/x1.log' '$tmp/bx/fx.sh'"
fx_sh "$tmp/x2.log"
check "flex: a second run writes nothing" sh -c \
	"! grep -q '^az [a-z -]* \(create\|update\|set\|add\|put\) ' '$tmp/x2.log'"
check "flex: the template: plan FC1, app with functionAppConfig, container before it" \
	$PY -c 'import json, sys
rs = json.load(open(sys.argv[1]))["resources"]
plan = [r for r in rs if r["type"] == "Microsoft.Web/serverfarms"][0]
assert plan["kind"] == "functionapp" and plan["sku"] == {"name": "FC1", "tier": "FlexConsumption"}, plan
assert plan["properties"] == {"reserved": True}, plan
site = [r for r in rs if r["type"] == "Microsoft.Web/sites"][0]
c = site["properties"]["functionAppConfig"]
assert c["deployment"]["storage"]["value"] == "[format(\x27https://{0}.blob.{1}/{2}\x27, \x27stfxvnetc\x27, environment().suffixes.storage, \x27app-package-func\x27)]", c
assert c["scaleAndConcurrency"] == {"maximumInstanceCount": 40, "instanceMemoryMB": 4096}, c
names = [a["name"] for a in site["properties"]["siteConfig"]["appSettings"]]
assert names == ["AzureWebJobsStorage"], names
ct = [r for r in rs if r["type"] == "Microsoft.Storage/storageAccounts/blobServices/containers"][0]
assert ct["name"] == "stfxvnetc/default/app-package-func", ct
assert "[resourceId(\x27Microsoft.Storage/storageAccounts/blobServices/containers\x27, \x27stfxvnetc\x27, \x27default\x27, \x27app-package-func\x27)]" in site["dependsOn"], site' \
	"$tmp/bx/fx.json"
if have_arm_schemas "flex: the template: ARM schemas"; then
	if $PY tests/tools/validate_arm.py "$tmp/bx/fx.json" \
		"$tmp/bx/fx.parameters.json" >"$tmp/arm" 2>&1; then ok; else
		ko "flex: the template: ARM schemas"
		sed 's/^/  | /' "$tmp/arm" | head -n 20
	fi
fi

# --- identity-based host storage (storage_identity:), Flex Consumption ---------
# As Microsoft's Flex quickstarts: the account keeps shared-key access off,
# the host connects with a user-assigned identity (AzureWebJobsStorage__
# accountName, __credential, __clientId), which also reads the package, and
# has the data roles on the account: no key anywhere.
G=/subscriptions/$SUB/resourceGroups/rg-fi
F=$G/providers/Microsoft.Web/sites/func-fi
S=$G/providers/Microsoft.Storage/storageAccounts/stfivnetc
I=$G/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-fi
SPEC=$tmp/fi.yaml
cat >"$SPEC" <<EOF
resource_group: rg-fi
location: westeurope
vnets:
  vnet:
    address_space: 10.0.0.0/16
    subnets:
      apps: { prefix: 10.0.1.0/24, delegation: Microsoft.App/environments }
      pe: { prefix: 10.0.2.0/27 }
identities:
  fnid: { name: id-fi, create: {} }
plans:
  flex: { name: plan-fi, sku: FC1, create: {} }
backends:
  st:
    type: Microsoft.Storage/storageAccounts
    name: stfivnetc
    create: {}
    private_endpoints:
      - { name: st-blob-pe, subnet: pe, group_id: blob }
      - { name: st-queue-pe, subnet: pe, group_id: queue }
apps:
  func:
    name: func-fi
    plan: flex
    create: { kind: functionapp, runtime: "python|3.11" }
    identity: [fnid]
    storage: st
    storage_identity: fnid
    vnet_integration: apps
    app_settings: { MODE: prod }
    silence: { VN369: "no Durable Functions: no table" }
EOF
guid() { $PY -c 'import sys, uuid
print(uuid.uuid5(uuid.UUID("11fb06fb-712d-4ddd-98c7-e71bbd588830"), "-".join(sys.argv[1:])))' "$@"; }
BLOB_OWNER=b7e6dc6d-f1e8-4753-8033-0f276bb0955b
QUEUE_CONTRIB=974c5e8b-45b9-4653-ba55-5f855dd0fb88
NB=$(guid "$S" "$I" $BLOB_OWNER)
NQ=$(guid "$S" "$I" $QUEUE_CONTRIB)
t "identity storage: check (shared_key: false is no VN370)" 0 "$VNETC" check -d plan "$SPEC"
check "identity storage: no warning" sh -c "! grep -q 'warning' '$tmp/err'"
check "identity storage: Blob Data Owner and Queue Data Contributor derived, no Table" sh -c \
	"grep -q \"role 'Storage Blob Data Owner' of 'func' (fnid) on 'st' (derived: its host storage)\" '$tmp/out' && grep -q \"role 'Storage Queue Data Contributor' of 'func' (fnid) on 'st' (derived: its host storage)\" '$tmp/out' && ! grep -q 'Table Data' '$tmp/out'"
mock "{\"/subscriptions/$SUB\": {}}"
OUT=fid va 0 apply
CID=$(field "$I" properties.clientId | tr -d '"')
check "identity storage: the host's settings: account name, credential, the identity's client id" \
	$PY -c 'import json, sys
p = json.loads(sys.argv[1])
p.pop("provisioningState", None)
assert p == {"AzureWebJobsStorage__accountName": "stfivnetc",
             "AzureWebJobsStorage__credential": "managedidentity",
             "AzureWebJobsStorage__clientId": sys.argv[2], "MODE": "prod"}, p' \
	"$(field "$F/config/appsettings" properties)" "$CID"
check "identity storage: the package read with the same identity" test \
	"$(field "$F" properties.functionAppConfig.deployment.storage.authentication)" = \
	"{\"type\": \"UserAssignedIdentity\", \"userAssignedIdentityResourceId\": \"$I\"}"
check "identity storage: no listKeys, the identity read before the app" sh -c \
	"[ $(q count "$LOG" POST /listKeys) = 0 ] && [ $(seq_of GET /userAssignedIdentities/id-fi) -lt $(seq_of PUT /sites/func-fi) ]"
check "identity storage: the roles on the account, named as the template names them" test \
	"$(field "$S/providers/Microsoft.Authorization/roleAssignments/$NB" properties.principalId) $(field "$S/providers/Microsoft.Authorization/roleAssignments/$NQ" properties.principalId)" = \
	"$(field "$I" properties.principalId) $(field "$I" properties.principalId)"
check "identity storage: the account keeps shared-key access off" test \
	"$(field "$S" properties.allowSharedKeyAccess)" = false
from=$(q lastseq "$LOG")
OUT=fid va 0 apply
check "identity storage: a second apply writes nothing" test "$(q writes "$LOG" "$from")" = 0
OUT=fid va 0 destroy
check "identity storage: destroy deletes the roles" sh -c \
	"[ $(q count "$LOG" DELETE "/roleAssignments/$NB") = 1 ] && [ $(q count "$LOG" DELETE "/roleAssignments/$NQ") = 1 ]"
t "identity storage: build" 0 "$VNETC" build -q "$SPEC" -o "$tmp/bi" --no-graph
check "identity storage: its az commands parse" $PY tests/tools/azcheck.py "$tmp/bi/fi.sh"
mkdir -p "$tmp/si"
PATH="$(pwd)/tests/fakeaz:$PATH" FAKEAZ_STATE=$tmp/si FAKEAZ_LOG=$tmp/i1.log \
	FAKEAZ_NEW=serverfarms,sites,containers,userassignedidentities,storageaccounts bash "$tmp/bi/fi.sh" >/dev/null 2>>"$tmp/i1.log"
check "identity storage: the script runs" test $? = 0
check "identity storage: the script reads no key" sh -c \
	"! grep -q 'show-connection-string\|listKeys\|keys list' '$tmp/i1.log' '$tmp/bi/fi.sh'"
check "identity storage: the script's app body: the client id az read, the identity's id az read" $PY -c 'import json, sys
res = json.load(open(sys.argv[1]))
cid = [v for k, v in res.items() if k.endswith("/userassignedidentities/id-fi")][0]["properties"]["clientId"]
site = [v for k, v in res.items() if k.endswith("/sites/func-fi")][0]
a = site["properties"]["functionAppConfig"]["deployment"]["storage"]["authentication"]
uid = "/subscriptions/0000/resourceGroups/rg-fi/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-fi"
assert a == {"type": "UserAssignedIdentity", "userAssignedIdentityResourceId": uid}, a
assert list(site["identity"]["userAssignedIdentities"]) == [uid], site["identity"]
s = [v for k, v in res.items() if k.endswith("/sites/func-fi/config/appsettings")][0]["properties"]
assert s == {"AzureWebJobsStorage__accountName": "stfivnetc", "AzureWebJobsStorage__credential": "managedidentity",
             "AzureWebJobsStorage__clientId": cid, "MODE": "prod"}, s' "$tmp/si/resources.json"
check "identity storage: the template: settings, package authentication, roles" \
	$PY -c 'import json, sys
rs = json.load(open(sys.argv[1]))["resources"]
site = [r for r in rs if r["type"] == "Microsoft.Web/sites"][0]
sets = {a["name"]: a["value"] for a in site["properties"]["siteConfig"]["appSettings"]}
iid = "resourceId(\x27Microsoft.ManagedIdentity/userAssignedIdentities\x27, \x27id-fi\x27)"
assert sets == {"AzureWebJobsStorage__accountName": "stfivnetc",
    "AzureWebJobsStorage__credential": "managedidentity",
    "AzureWebJobsStorage__clientId": "[reference(" + iid + ", \x272023-01-31\x27).clientId]"}, sets
a = site["properties"]["functionAppConfig"]["deployment"]["storage"]["authentication"]
assert a == {"type": "UserAssignedIdentity", "userAssignedIdentityResourceId": "[" + iid + "]"}, a
roles = sorted(r["properties"]["roleDefinitionId"][-39:-3] for r in rs
    if r["type"] == "Microsoft.Authorization/roleAssignments")
assert roles == sorted([sys.argv[2], sys.argv[3]]), roles' \
	"$tmp/bi/fi.json" $BLOB_OWNER $QUEUE_CONTRIB
if have_arm_schemas "identity storage: the template: ARM schemas"; then
	if $PY tests/tools/validate_arm.py "$tmp/bi/fi.json" \
		"$tmp/bi/fi.parameters.json" >"$tmp/arm" 2>&1; then ok; else
		ko "identity storage: the template: ARM schemas"
		sed 's/^/  | /' "$tmp/arm" | head -n 20
	fi
fi
# the system-assigned identity: the package by SystemAssignedIdentity, no
# credential nor client id; a role roles: writes already is not derived twice
sed -e 's/identity: \[fnid\]/identity: [system]/' -e 's/storage_identity: fnid/storage_identity: system\n    roles: [{ on: st, role: Storage Blob Data Owner, as: system }]/' \
	-e 's/^    create: {}$/    create: {}/' "$SPEC" >"$tmp/fs.yaml"
t "identity storage, system: build" 0 "$VNETC" build -q "$tmp/fs.yaml" -o "$tmp/bs" --no-graph
check "identity storage, system: settings and package authentication; Blob Data Owner once" \
	$PY -c 'import json, sys
rs = json.load(open(sys.argv[1]))["resources"]
site = [r for r in rs if r["type"] == "Microsoft.Web/sites"][0]
sets = [a["name"] for a in site["properties"]["siteConfig"]["appSettings"]]
assert sets == ["AzureWebJobsStorage__accountName"], sets
a = site["properties"]["functionAppConfig"]["deployment"]["storage"]["authentication"]
assert a == {"type": "SystemAssignedIdentity"}, a
roles = sorted(r["properties"]["roleDefinitionId"][-39:-3] for r in rs
    if r["type"] == "Microsoft.Authorization/roleAssignments")
assert roles == sorted([sys.argv[2], sys.argv[3]]), roles' \
	"$tmp/bs/fs.json" $BLOB_OWNER $QUEUE_CONTRIB
# another cloud: the service URIs on its storage suffix, not the account's
# name (the host builds core.windows.net URIs from a name)
{ echo 'cloud: usgov'; sed 's/westeurope/usgovvirginia/' "$tmp/fs.yaml"; } >"$tmp/fg.yaml"
t "identity storage, Azure Government: build" 0 "$VNETC" build -q "$tmp/fg.yaml" -o "$tmp/bg" --no-graph
check "identity storage, Azure Government: the blob, queue and table service URIs" \
	$PY -c 'import json, sys
rs = json.load(open(sys.argv[1]))["resources"]
site = [r for r in rs if r["type"] == "Microsoft.Web/sites"][0]
sets = {a["name"]: a["value"] for a in site["properties"]["siteConfig"]["appSettings"]}
f = "[format(\x27https://{0}.%s.{1}\x27, \x27stfivnetc\x27, environment().suffixes.storage)]"
assert sets == {"AzureWebJobsStorage__%sServiceUri" % s: f % s for s in ("blob", "queue", "table")}, sets' \
	"$tmp/bg/fg.json"
# shellcheck disable=SC2016 # the script's text, $(...) and all
check "identity storage, Azure Government: the script's URIs on usgovcloudapi.net" grep -qF \
	'"AzureWebJobsStorage__queueServiceUri","value":'"'"'"$(vnetc_json https://stfivnetc.queue.core.usgovcloudapi.net)"' "$tmp/bg/fg.sh"

# --- storage_identity: on Elastic Premium, with a slot --------------------------
# The host connects with the user-assigned identity, the content share
# (Azure Files) still with the key: both in the app's and its slot's create
# requests, the key read (listKeys) and the client id (GET) before each.
G=/subscriptions/$SUB/resourceGroups/rg-ei
F=$G/providers/Microsoft.Web/sites/func-ei
I=$G/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-ei
SPEC=$tmp/ei.yaml
cat >"$SPEC" <<EOF
resource_group: rg-ei
location: westeurope
vnets:
  vnet: { address_space: 10.0.0.0/16 }
identities:
  fnid: { name: id-ei, create: {} }
plans:
  plan: { name: plan-ei, sku: EP1, create: { os: linux } }
backends:
  st:
    type: Microsoft.Storage/storageAccounts
    name: steivnetc
    public_access: enabled
    create: { shared_key: true }
    silence: { VN363: "the content share takes the account key only" }
apps:
  func:
    name: func-ei
    plan: plan
    create: { kind: functionapp, runtime: "python|3.11" }
    identity: [fnid]
    storage: st
    storage_identity: fnid
    slots: { staging: {} }
EOF
mock "{\"/subscriptions/$SUB\": {}}"
OUT=ei va 0 apply
CID=$(field "$I" properties.clientId | tr -d '"')
# (the mock keeps a site's or slot's settings in its config/appsettings)
for s in /config/appsettings:properties /slots/staging/config/appsettings:properties; do
	check "identity storage, EP ${s%%:*}: the identity's settings, the content share's key" \
		$PY -c 'import json, sys
p = json.loads(sys.argv[1])
if isinstance(p, list):
    p = {s["name"]: s["value"] for s in p}
p.pop("provisioningState", None)
cs = "DefaultEndpointsProtocol=https;AccountName=steivnetc;EndpointSuffix=core.windows.net;AccountKey=" + sys.argv[3]
assert p["AzureWebJobsStorage__accountName"] == "steivnetc" and p["AzureWebJobsStorage__credential"] == "managedidentity", p
assert p["AzureWebJobsStorage__clientId"] == sys.argv[2], p
assert p["WEBSITE_CONTENTAZUREFILECONNECTIONSTRING"] == cs and "AzureWebJobsStorage" not in p, p' \
		"$(field "$F${s%%:*}" "${s#*:}")" "$CID" "$KEY"
done
check "identity storage, EP: the key and the client id read before the slot's PUT" sh -c \
	"[ $(q count "$LOG" POST /steivnetc/listKeys) = 2 ] && [ $(q count "$LOG" GET /userAssignedIdentities/id-ei) -ge 2 ]"
check "identity storage, EP: the key is in no output nor the journal" sh -c \
	"! grep -rq '$KEY' '$tmp/out' '$tmp/err' '$tmp/j.ei'"
from=$(q lastseq "$LOG")
OUT=ei va 0 apply
check "identity storage, EP: a second apply writes nothing" test "$(q writes "$LOG" "$from")" = 0
OUT=ei va 0 apply --dry-run
check "identity storage, EP: a dry run shows where the client id comes from" grep -q \
	"^GET .*/userAssignedIdentities/id-ei?api-version=" "$tmp/out"
t "identity storage, EP: build" 0 "$VNETC" build -q "$SPEC" -o "$tmp/be" --no-graph
check "identity storage, EP: its az commands parse" $PY tests/tools/azcheck.py "$tmp/be/ei.sh"
mkdir -p "$tmp/se"
PATH="$(pwd)/tests/fakeaz:$PATH" FAKEAZ_STATE=$tmp/se FAKEAZ_LOG=$tmp/e1.log \
	FAKEAZ_NEW=serverfarms,sites,slots,shares,userassignedidentities,storageaccounts bash "$tmp/be/ei.sh" >/dev/null 2>>"$tmp/e1.log"
check "identity storage, EP: the script runs" test $? = 0
check "identity storage, EP: the script's app and slot: the client id and key az read" $PY -c 'import json, sys
res = json.load(open(sys.argv[1]))
cid = [v for k, v in res.items() if k.endswith("/userassignedidentities/id-ei")][0]["properties"]["clientId"]
for site in ("/sites/func-ei", "/sites/func-ei/slots/staging"):
    s = [v for k, v in res.items() if k.endswith(site + "/config/appsettings")][0]["properties"]
    assert s["AzureWebJobsStorage__clientId"] == cid and s["AzureWebJobsStorage__accountName"] == "steivnetc", (site, s)
    assert s["WEBSITE_CONTENTAZUREFILECONNECTIONSTRING"].endswith("AccountKey=" + sys.argv[2]), (site, s)' \
	"$tmp/se/resources.json" "$FKEY"
check "identity storage, EP: the key is in no command line, nor the script" sh -c \
	"! grep -q '$FKEY' '$tmp/e1.log' '$tmp/be/ei.sh'"

# --- Consumption (Y1), Windows: plan and app with its content share ------------
G=/subscriptions/$SUB/resourceGroups/rg-y1
P=$G/providers/Microsoft.Web/serverfarms/plan-y1
F=$G/providers/Microsoft.Web/sites/func-y1
SPEC=$tmp/y1.yaml
cat >"$SPEC" <<EOF
resource_group: rg-y1
location: westeurope
vnets:
  vnet: { address_space: 10.0.0.0/16 }
plans:
  cons:
    name: plan-y1
    sku: Y1
    create: {}
backends:
  st:
    type: Microsoft.Storage/storageAccounts
    name: sty1vnetc
    public_access: enabled
    create: { shared_key: true }
    silence: { VN363: "the Functions host connects with the account key" }
apps:
  func:
    name: func-y1
    plan: cons
    create: { kind: functionapp, runtime: "dotnet-isolated|8.0" }
    storage: st
EOF
mock "{\"/subscriptions/$SUB\": {}}"
OUT=y1 va 0 apply
check "y1: the Windows app's .NET version, netFrameworkVersion, no linuxFxVersion" test \
	"$(field "$F/config/web" properties.netFrameworkVersion) $(field "$F/config/web" properties.linuxFxVersion)" = \
	'"v8.0" null'
check "y1: the plan: kind functionapp, Windows, Y1 Dynamic" test \
	"$(field "$P" kind) $(field "$P" properties.reserved) $(field "$P" sku)" = \
	'"functionapp" false {"name": "Y1", "tier": "Dynamic"}'
check "y1: the app: a Windows function app, no Always On, no VNet content" test \
	"$(field "$F" kind) $(field "$F/config/web" properties.alwaysOn) $(field "$F" properties.vnetContentShareEnabled) $(field "$F/config/web" properties.functionsRuntimeScaleMonitoringEnabled) $(field "$F" properties.functionAppConfig)" = \
	'"functionapp" false null null null'
check "y1: its settings: runtime, language, storage, content share" \
	$PY -c 'import json, sys
p = json.loads(sys.argv[1])
p.pop("provisioningState", None)
cs = "DefaultEndpointsProtocol=https;AccountName=sty1vnetc;EndpointSuffix=core.windows.net;AccountKey=" + sys.argv[2]
assert p == {"FUNCTIONS_EXTENSION_VERSION": "~4", "FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated",
             "AzureWebJobsStorage": cs, "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING": cs,
             "WEBSITE_CONTENTSHARE": "func-content"}, p' \
	"$(field "$F/config/appsettings" properties)" "$KEY"
check "y1: the content share, made before the app" test \
	"$(seq_of PUT /fileServices/default/shares/func-content)" -lt "$(seq_of PUT /sites/func-y1)"
from=$(q lastseq "$LOG")
OUT=y1 va 0 apply
check "y1: a second apply writes nothing" test "$(q writes "$LOG" "$from")" = 0
# by hand in the portal: its host settings (no app_settings: a settings read
# of their own): the language changed, the storage's connection string
# replaced by another (with another key), the content share's removed
put_arm "$F/config/appsettings" '{"properties": {"FUNCTIONS_EXTENSION_VERSION": "~4", "FUNCTIONS_WORKER_RUNTIME": "node", "AzureWebJobsStorage": "DefaultEndpointsProtocol=https;AccountName=other;AccountKey=SECRETBYHAND", "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING": "'"$(field "$F/config/appsettings" properties.WEBSITE_CONTENTAZUREFILECONNECTIONSTRING | tr -d '"')"'", "BY_HAND": "kept"}}' >/dev/null
OUT=y1 va 0 plan
check "y1: host settings changed by hand: plan says it restores them" sh -c "grep -q \
	\"^  ~ update *host settings of 'func' \\[appsettings\\]\$\" '$tmp/out' && grep -qxF \
	'                  properties.FUNCTIONS_WORKER_RUNTIME: (hidden) -> \"dotnet-isolated\"' '$tmp/out' && grep -qxF \
	'                  properties.AzureWebJobsStorage: (hidden) -> (hidden)' '$tmp/out' && grep -qxF \
	'                  properties.WEBSITE_CONTENTSHARE: (absent) -> \"func-content\"' '$tmp/out'"
check "y1: the connection string matches by all but its key: unchanged" sh -c \
	"! grep -q 'WEBSITE_CONTENTAZUREFILECONNECTIONSTRING' '$tmp/out'"
check "y1: no key nor value set by hand is shown" sh -c \
	"! grep -rq 'SECRETBYHAND\\|$KEY\\|node' '$tmp/out' '$tmp/err'"
OUT=y1 va 0 apply
check "y1: apply restores them, the key read again, and keeps what a hand added" \
	$PY -c 'import json, sys
p = json.loads(sys.argv[1])
p.pop("provisioningState", None)
cs = "DefaultEndpointsProtocol=https;AccountName=sty1vnetc;EndpointSuffix=core.windows.net;AccountKey=" + sys.argv[2]
assert p == {"FUNCTIONS_EXTENSION_VERSION": "~4", "FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated",
             "AzureWebJobsStorage": cs, "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING": cs,
             "WEBSITE_CONTENTSHARE": "func-content", "BY_HAND": "kept"}, p' \
	"$(field "$F/config/appsettings" properties)" "$KEY"
check "y1: the key is in no output nor the journal" sh -c \
	"! grep -rq 'SECRETBYHAND\\|$KEY' '$tmp/out' '$tmp/err' '$tmp/j.y1'"
OUT=y1 va 0 plan
check "y1: then the plan is clean" grep -q "^Plan: 0 to create, 0 to update," "$tmp/out"
from=$(q lastseq "$LOG")
OUT=y1 va 0 apply
check "y1: and apply writes nothing" test "$(q writes "$LOG" "$from")" = 0
OUT=y1 va 0 destroy
check "y1: destroy deletes the app and the plan" sh -c \
	"grep -q \"^deleted *app 'func'\" '$tmp/out' && grep -q \"^deleted *plan 'cons'\" '$tmp/out'"
t "y1: build" 0 "$VNETC" build -q "$SPEC" -o "$tmp/by" --no-graph
check "y1: its az commands parse" $PY tests/tools/azcheck.py "$tmp/by/y1.sh"
y1_sh() {
	mkdir -p "$tmp/sy"
	PATH="$(pwd)/tests/fakeaz:$PATH" FAKEAZ_STATE=$tmp/sy FAKEAZ_LOG=$1 \
		FAKEAZ_NEW=serverfarms,sites,shares bash "$tmp/by/y1.sh" >/dev/null 2>>"$1"
}
y1_sh "$tmp/y1.log"
check "y1: the script runs" test $? = 0
check "y1: the plan by az rest, its whole body" test "$(plan_put "$tmp/y1.log")" = \
	'/subscriptions/0000/resourceGroups/rg-y1/providers/Microsoft.Web/serverfarms/plan-y1?api-version=2024-04-01 {"kind": "functionapp", "location": "westeurope", "properties": {"reserved": false}, "sku": {"name": "Y1", "tier": "Dynamic"}, "tags": {"managed-by": "vnetc", "vnetc-spec": "y1"}}'
check "y1: the content share by az storage share-rm create" grep -q \
	'^az storage share-rm create --resource-group rg-y1 --storage-account sty1vnetc --name func-content --output none$' "$tmp/y1.log"
check "y1: the script's app body: the .NET version, no linuxFxVersion" $PY -c 'import json, sys
res = json.load(open(sys.argv[1]))
sc = [v for k, v in res.items() if k.endswith("/sites/func-y1")][0]["properties"]["siteConfig"]
assert sc["netFrameworkVersion"] == "v8.0" and "linuxFxVersion" not in sc, sc' "$tmp/sy/resources.json"
check "y1: the template's app: the .NET version" $PY -c 'import json, sys
t = json.load(open(sys.argv[1]))
sc = [r for r in t["resources"] if r["type"] == "Microsoft.Web/sites"][0]["properties"]["siteConfig"]
assert sc["netFrameworkVersion"] == "v8.0" and "linuxFxVersion" not in sc, sc' "$tmp/by/y1.json"
y1_sh "$tmp/y2.log"
check "y1: a second run writes nothing" sh -c \
	"! grep -q '^az [a-z -]* \(create\|update\|set\|add\|put\) ' '$tmp/y2.log'"
# by hand: the language changed in the portal; the script puts it back
PATH="$(pwd)/tests/fakeaz:$PATH" FAKEAZ_STATE=$tmp/sy FAKEAZ_LOG=/dev/null az \
	webapp config appsettings set --resource-group rg-y1 --name func-y1 \
	--settings FUNCTIONS_WORKER_RUNTIME=node --output none
y1_sh "$tmp/y3.log"
check "y1: a host setting changed by hand is set again by the script" grep -q \
	"^az webapp config appsettings set --resource-group rg-y1 --name func-y1 .*FUNCTIONS_WORKER_RUNTIME=dotnet-isolated" "$tmp/y3.log"
check "y1: and the storage's key is in no command of it" sh -c "! grep -q 'AccountKey' '$tmp/y3.log'"
y1_sh "$tmp/y4.log"
check "y1: then the script writes nothing" sh -c \
	"! grep -q '^az [a-z -]* \(create\|update\|set\|add\|put\) ' '$tmp/y4.log'"
if have_arm_schemas "y1: the template: ARM schemas"; then
	if $PY tests/tools/validate_arm.py "$tmp/by/y1.json" \
		"$tmp/by/y1.parameters.json" >"$tmp/arm" 2>&1; then ok; else
		ko "y1: the template: ARM schemas"
		sed 's/^/  | /' "$tmp/arm" | head -n 20
	fi
fi

# --- a Windows Elastic Premium plan's burst beyond azure-cli's old 20 ---------
# Microsoft's Premium plan table gives Windows plans 100 instances in most
# regions (docs/azure-notes.md 24): the three outputs write it
sed -e 's/create: { os: linux, max_elastic_workers: 12 }/create: { max_elastic_workers: 100 }/' \
	-e '/^apps:/,$d' -e '/^backends:/,$d' "$tmp/fn.yaml" >"$tmp/ep100.yaml"
t "ep100: build, no diagnostics" 0 "$VNETC" build -q "$tmp/ep100.yaml" \
	-o "$tmp/b100" --no-graph
check "ep100: no diagnostics" test ! -s "$tmp/err"
check "ep100: the template's plan: 100 workers, Windows" $PY -c 'import json, sys
rs = json.load(open(sys.argv[1]))["resources"]
plan = [r for r in rs if r["type"] == "Microsoft.Web/serverfarms"][0]
assert plan["properties"]["maximumElasticWorkerCount"] == 100, plan
assert not plan["properties"].get("reserved"), plan' "$tmp/b100/ep100.json"
check "ep100: the script: --max-burst 100" grep -q \
	'^ *--sku EP2 --max-burst 100 ' "$tmp/b100/ep100.sh"
mock "{\"/subscriptions/$SUB\": {}}"
SPEC=$tmp/ep100.yaml OUT=ep100 va 0 apply
check "ep100: the executor's plan: 100 workers" test "$(field \
	"/subscriptions/$SUB/resourceGroups/rg-fn/providers/Microsoft.Web/serverfarms/plan-fn" \
	properties.maximumElasticWorkerCount)" = 100

# --- the Flex example's script with its storage named by the environment ---
# (the script put the host's AzureWebJobsStorage__accountName back to the
# name the parameter's default makes, steventsprod, on every run)
t "flex example: build" 0 "$VNETC" build -q specs/functions-flex-private-storage.yaml \
	-o "$tmp/fx" --no-graph
mkdir -p "$tmp/sfx"
for run in 1 2; do
	storageName=stother PATH="$(pwd)/tests/fakeaz:$PATH" FAKEAZ_STATE=$tmp/sfx \
		FAKEAZ_LOG=$tmp/fx$run.log FAKEAZ_NEW=serverfarms,sites,shares,storageAccounts,vaults,containers \
		bash "$tmp/fx/functions-flex-private-storage.sh" >/dev/null 2>>"$tmp/fx$run.log"
	check "flex example: run $run of the script" test $? = 0
done
check "flex example: the host's account is the one the environment names, after two runs" $PY -c 'import json, sys
res = json.load(open(sys.argv[1]))
s = [v for k, v in res.items() if k.endswith("/sites/func-events-prod/config/appsettings")][0]["properties"]
assert s.get("AzureWebJobsStorage__accountName") == "stother", s' "$tmp/sfx/resources.json"
check "flex example: the second run sets nothing" sh -c \
	"! grep -q 'appsettings set' '$tmp/fx2.log'"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
