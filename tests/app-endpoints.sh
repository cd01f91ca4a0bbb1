#!/bin/sh
# tests/app-endpoints.sh - an app's own inbound private endpoints (the app's
# private_endpoints:, issue 16): the same as a back end of type
# Microsoft.Web/sites named as the app (group id sites, zone
# privatelink.azurewebsites.net), the endpoint after the app it connects,
# in the plan, the executor (against the mock ARM server), the template and
# with a naming hook; uses: reaches it by the app's key; a back end of the
# same key is refused.
# Last line: "N passed, N failed".
. tests/mockarm/lib.sh

G=/subscriptions/$SUB/resourceGroups/rg-web
A=$G/providers/Microsoft.Web/sites/web-own-pe
E=$G/providers/Microsoft.Network/privateEndpoints/web-pe
cat >"$tmp/web.yaml" <<'EOF'
resource_group: rg-web
location: westeurope
vnets:
  vnet:
    address_space: 10.0.0.0/16
    subnets:
      apps: { prefix: 10.0.1.0/24, delegation: Microsoft.Web/serverFarms }
      pe: { prefix: 10.0.2.0/27 }
plans:
  plan: { name: plan-web, sku: P1v3, create: { os: linux } }
apps:
  web:
    name: web-own-pe
    plan: plan
    create: { runtime: "PYTHON|3.12" }
    vnet_integration: apps
    private_endpoints:
      - subnet: pe
EOF

# --- the plan: the endpoint after the app, its zone group after the zone ----
t plan 0 "$VNETC" check -d plan "$tmp/web.yaml"
check "the app's zone: privatelink.azurewebsites.net" grep -q \
	"^3 private DNS zone 'privatelink.azurewebsites.net' after 1$" "$tmp/out"
check "the endpoint after the app it connects" grep -q \
	"^7 private endpoint of 'web' after 2,6$" "$tmp/out"
check "its zone group after the endpoint and the zone" grep -q \
	"^8 DNS zone group of 'web' after 7,3$" "$tmp/out"

# --- the template: group id sites, the site's id -----------------------------
t build 0 "$VNETC" build -q "$tmp/web.yaml" -o "$tmp/b" --no-graph
check "the template's endpoint connects the site, group id sites" $PY -c '
import json, sys
t = json.load(open(sys.argv[1]))
pe = [r for r in t["resources"] if r["type"] == "Microsoft.Network/privateEndpoints"][0]
c = pe["properties"]["privateLinkServiceConnections"][0]["properties"]
assert c["groupIds"] == ["sites"], c
assert c["privateLinkServiceId"] == "[resourceId('"'"'Microsoft.Web/sites'"'"', '"'"'web-own-pe'"'"')]", c
assert "[resourceId('"'"'Microsoft.Web/sites'"'"', '"'"'web-own-pe'"'"')]" in pe["dependsOn"], pe["dependsOn"]
' "$tmp/b/web.json"

# --- apply, against the mock --------------------------------------------------
MOCK_TOKEN=tok
mock "{\"/subscriptions/$SUB\": {}}"
SPEC=$tmp/web.yaml va 0 apply
check "the endpoint connects the site vnetc created" sh -c "$PY \
	tests/mockarm/query.py store '$EP' | $PY -c 'import json, sys
s = {k.lower(): v for k, v in json.load(sys.stdin).items()}
assert \"$A\".lower() in s
c = s[\"$E\".lower()][\"properties\"][\"privateLinkServiceConnections\"][0][\"properties\"]
assert c[\"privateLinkServiceId\"].lower() == \"$A\".lower() and c[\"groupIds\"] == [\"sites\"], c'"

# --- a naming hook that names the app: the endpoint follows ------------------
cat >"$tmp/hook.lua" <<'EOF'
function name(r)
  if r.kind == "app" then return "app-" .. r.key .. "-" .. r.index end
end
EOF
{ printf 'naming: hook.lua\n'; sed '/^    name: web-own-pe$/d' "$tmp/web.yaml"; } >"$tmp/named.yaml"
t "build, named by a hook" 0 "$VNETC" build -q "$tmp/named.yaml" -o "$tmp/n" --no-graph
check "the endpoint connects the app by the hook's name" grep -q \
	"\"privateLinkServiceId\": \"\[resourceId('Microsoft.Web/sites', 'app-web-1')\]\"" \
	"$tmp/n/named.json"

# --- uses: by the app's key; a back end of that key --------------------------
{ cat "$tmp/web.yaml"; cat <<'EOF'
  front:
    name: front-calls-web
    plan: plan
    create: { runtime: "PYTHON|3.12" }
    vnet_integration: apps
    uses: [web]
EOF
} >"$tmp/uses.yaml"
t "uses: the app's key" 0 "$VNETC" check "$tmp/uses.yaml"
{ sed '/^plans:/,$d' "$tmp/web.yaml"; cat <<'EOF'
backends:
  web: { type: Microsoft.KeyVault/vaults, existing: true }
EOF
sed -n '/^plans:/,$p' "$tmp/web.yaml"; } >"$tmp/twice.yaml"
t "a back end of the app's key" 1 "$VNETC" check "$tmp/twice.yaml"
check "is refused, with the place and the fix" grep -q \
	"twice.yaml:[0-9]*:[0-9]*: error: app 'web' has private endpoints of its own, and a back end is named 'web' too.*rename the back end \[VN301\]" \
	"$tmp/err"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
