#!/bin/sh
# tests/naming.sh - naming hooks end to end (lua/README.md): the fields of
# r, the sandbox's time limits, print() on stderr, lua/caf.lua's names and
# tags through shellcheck, the az syntax check and the ARM schemas, names
# that become parameters' defaults, hook lookup, determinism. The hostile
# hooks with their exact diagnostics are tests/bad/VN40*-hook-*.yaml.
# Prints "N passed, N failed, N skipped" last (the ARM schemas are
# $ARM_SCHEMAS's, skipped without it: tests/refs.sh); exit 1 on failure.
# shellcheck disable=SC2016
# (the ${param} in single quotes are the literal text vnetc writes)
VNETC=${VNETC:-build/vnetc}
PY=/usr/bin/python3
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

. tests/lib.sh
. tests/refs.sh
# run NAME WANT-STATUS ARGS...: vnetc's exit status, stdout in $tmp/out,
# stderr in $tmp/err, CPU milliseconds in $ms.
# ms is the CPU time vnetc used (user + system), not the wall time: the
# limits under test are CPU budgets, and a loaded machine (CI, make check
# beside other jobs) stretches wall time, not CPU time.
cpu() { # cmd...: runs it; its CPU milliseconds in $tmp/ms; its exit status
	/usr/bin/python3 -c 'import resource, subprocess, sys
rc = subprocess.call(sys.argv[2:])
r = resource.getrusage(resource.RUSAGE_CHILDREN)
open(sys.argv[1], "w").write("%d\n" % ((r.ru_utime + r.ru_stime) * 1000))
sys.exit(rc)' "$tmp/ms" "$@"
}
run() {
	name=$1 want=$2
	shift 2
	cpu "$VNETC" "$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	ms=$(cat "$tmp/ms")
	if [ "$got" = "$want" ]; then ok; else
		ko "$name: exit $got, want $want"
		sed 's/^/  | /' "$tmp/err" | head -n 10
	fi
}
hooks=$(pwd)/tests/hooks
# A spec named by one hook of tests/hooks (by absolute path).
spec_with() { # hook out
	sed "s|^naming: .*|naming: $hooks/$1.lua|" \
		tests/bad/VN401-hook-os-execute.yaml >"$2"
}

# --- the fields of r, for every kind ---------------------------------
run "fields.lua: every field of r as documented" 0 check -q \
	tests/hooks/fields.yaml
check "fields.lua: no diagnostics" test ! -s "$tmp/err"

# --- tags() may give nothing: {} is no tags (found by fuzz/lua_fuzz.c) --
spec_with tags-empty "$tmp/tags-empty.yaml"
run "tags() returning {}" 0 check -q "$tmp/tags-empty.yaml"
check "tags() returning {}: no diagnostics" test ! -s "$tmp/err"

# --- limits end the hook, quickly ------------------------------------
run "endless loop: VN402" 1 build tests/bad/VN402-hook-loop.yaml -o "$tmp/o1"
check "endless loop ends well under a second ($ms ms)" test "$ms" -lt 500
check "endless loop: nothing written" test ! -e "$tmp/o1"
run "loop in pcall: VN402" 1 check tests/bad/VN402-hook-pcall-loop.yaml
check "loop in pcall ends well under a second ($ms ms)" test "$ms" -lt 500
run "pattern bomb: VN402" 1 check tests/bad/VN402-hook-pattern-bomb.yaml
check "pattern bomb ends in about 0.5 s of CPU ($ms ms)" test "$ms" -lt 2000
check "pattern bomb: the watchdog's message" grep -q 'VN402' "$tmp/err"
# Instructions that each copy 64 KiB: minutes within the instruction
# budget, so a call has a CPU budget too (found by fuzz/lua_fuzz.c). The
# timeout only keeps a regression from hanging the suite.
spec_with rep-loop "$tmp/rep-loop.yaml"
cpu timeout 60 "$VNETC" check "$tmp/rep-loop.yaml" >"$tmp/out" 2>"$tmp/err"
got=$?
ms=$(cat "$tmp/ms")
check "costly loop: VN402, exit 1 (got $got)" test "$got" = 1
check "costly loop ends in about 1 s of CPU ($ms ms)" test "$ms" -lt 4000
check "costly loop: the CPU budget's message" grep -q \
	"ran over its budget of [0-9]* ms of CPU naming the resource group" \
	"$tmp/err"
run "2 GiB allocation: VN403" 1 check tests/bad/VN403-hook-alloc-string.yaml
check "memory cap answers at once ($ms ms)" test "$ms" -lt 1000

# --- print() goes to stderr --------------------------------------------
spec_with print "$tmp/print.yaml"
run "print hook" 0 check -d named "$tmp/print.yaml"
check "print: not on stdout" sh -c "! grep -q 'naming	rg' '$tmp/out'"
check "print: on stderr, with the hook's name" grep -q \
	"^tests/hooks/print.lua: naming	rg	resource_group$" "$tmp/err"
check "print: the model is on stdout" grep -q '^vnet hub' "$tmp/out"

# --- caf.lua on the default spec: outputs pass every check -----------
caf=tests/golden/isolated-backend-caf.yaml
run "caf.lua builds" 0 build -q "$caf" -o "$tmp/caf" --no-graph
check "caf.lua: no diagnostics" test ! -s "$tmp/err"
check "caf.lua: shellcheck" shellcheck -x "$tmp/caf/isolated-backend-caf.sh"
check "caf.lua: az commands parse" $PY tests/tools/azcheck.py \
	"$tmp/caf/isolated-backend-caf.sh"
have_arm_schemas "caf.lua: ARM schemas" &&
	check "caf.lua: ARM schemas" $PY tests/tools/validate_arm.py \
		"$tmp/caf/isolated-backend-caf.json" \
		"$tmp/caf/isolated-backend-caf.parameters.json"
# tags on what takes them, nowhere else
check "caf.lua: tags on VNets, zones, links, endpoints only" $PY - \
	"$tmp/caf/isolated-backend-caf.json" <<'EOF'
import json, sys
t = json.load(open(sys.argv[1]))
tagged = {r['type'] for r in t['resources'] if 'tags' in r}
want = {'Microsoft.Network/virtualNetworks',
        'Microsoft.Network/privateDnsZones',
        'Microsoft.Network/privateDnsZones/virtualNetworkLinks',
        'Microsoft.Network/privateEndpoints'}
for r in t['resources']:
    p = r.get('properties')
    for s in p.get('subnets', []) if isinstance(p, dict) else []:
        assert 'tags' not in s, s
sys.exit(tagged != want)
EOF
# caf.lua on hub and spoke: peerings are peer-<vnet>-to-<remote>, untagged
sed 's/^vnetc: 1$/vnetc: 1\nnaming: caf.lua\nnaming_vars: {workload: lz, env: prod}/' \
	specs/hub-and-spoke.yaml >"$tmp/hs-caf.yaml"
run "caf.lua on hub and spoke builds" 0 build "$tmp/hs-caf.yaml" \
	-o "$tmp/hscaf" --no-graph
check "caf.lua: peerings named peer-<vnet>-to-<remote>" test "$(grep -o \
	-- '--name=peer-[a-z]*-to-[a-z]* --remote-vnet' "$tmp/hscaf/hs-caf.sh" |
	sed 's/--name=//; s/ --remote-vnet//' | sort | tr '\n' ' ')" = \
	"peer-billing-to-hub peer-hub-to-billing peer-hub-to-orders peer-orders-to-hub "
have_arm_schemas "caf.lua on hub and spoke: ARM schemas" &&
	check "caf.lua on hub and spoke: ARM schemas" $PY \
		tests/tools/validate_arm.py "$tmp/hscaf/hs-caf.json" \
		"$tmp/hscaf/hs-caf.parameters.json"
run "caf.lua again" 0 build "$caf" -o "$tmp/caf2" --no-graph
check "caf.lua: the same bytes twice" diff -r "$tmp/caf" "$tmp/caf2"

# --- names that were a parameter become its default -----------------
sed 's/^  tag_owner: network-team$/  existing: rename\
  region: weu/' "$caf" >"$tmp/rename.yaml"
run "caf.lua existing: rename" 0 check -d named "$tmp/rename.yaml"
check "rename: five VN407 warnings (group, vault, account, plan, app)" test \
	"$(grep -c 'VN407' "$tmp/err")" = 5
check "rename: the group's VN407 says where vnetc looks" grep -q \
	"renames the resource group from 'myKVResourceGroup' to 'rg-lang-prod-weu-001', but the spec's existing resources (back ends, plans, apps) are in it: vnetc looks for them in 'rg-lang-prod-weu-001' \[VN407\]" \
	"$tmp/err"
check "rename: \${groupName} is the hook's name" grep -qx \
	'param groupName builtin default=rg-lang-prod-weu-001' "$tmp/out"
check "rename: key vault names are global (note)" grep -q \
	'key vault names are global' "$tmp/err"
check "rename: \${vaultName} is the hook's name" grep -qx \
	'param vaultName default=kv-lang-prod-weu-001' "$tmp/out"
check "rename: the vault keeps \${vaultName}" grep -q \
	'^backend vault .* name=${vaultName} ' "$tmp/out"
check "rename: the Key Vault reference follows" grep -q \
	'default=https://${vaultName}.vault.azure.net/secrets/cskey' "$tmp/out"
check "rename: Cognitive kind TextAnalytics is 'lang'" grep -qx \
	'param csResourceName default=lang-lang-prod-weu-001' "$tmp/out"
run "rename builds" 0 build "$tmp/rename.yaml" -o "$tmp/ren" --no-graph
check "rename: the script's default is the hook's name" grep -q \
	'^\[ -n "${vaultName:-}" \] || vaultName=kv-lang-prod-weu-001$' \
	"$tmp/ren/rename.sh"

# --- the resource group that holds the existing resources ------------
run "caf.lua: the group keeps its name" 0 check -d named "$caf"
check "caf.lua: \${groupName} stays resource_group's" grep -qx \
	'param groupName builtin default=myKVResourceGroup' "$tmp/out"
# A group that holds nothing that exists is CAF's to name, silently.
cat >"$tmp/new-only.yaml" <<EOF
resource_group: net-team
location: westeurope
naming: $(pwd)/lua/caf.lua
naming_vars: { workload: hub, env: prod }
vnets:
  hub:
    address_space: 10.0.0.0/16
    subnets:
      endpoints: { prefix: 10.0.1.0/24 }
EOF
run "caf.lua: a group of new resources only" 0 check -d named "$tmp/new-only.yaml"
check "caf.lua: that group gets its CAF name" grep -qx \
	'param groupName builtin default=rg-hub-prod-westeurope-001' "$tmp/out"
check "caf.lua: no VN407 for it" test ! -s "$tmp/err"
# -p wins over the hook: for the group, existing: rename or not, and for a
# resource whose name is a parameter.
run "rename with -p groupName" 0 check -d named "$tmp/rename.yaml" \
	-p groupName=rg-chosen
check "-p groupName: the group keeps the -p value" grep -qx \
	'param groupName builtin default=myKVResourceGroup value=rg-chosen' \
	"$tmp/out"
check "-p groupName: no VN407 for the group (four left)" test \
	"$(grep -c 'VN407' "$tmp/err")" = 4
run "rename with -p vaultName" 0 check -d named "$tmp/rename.yaml" \
	-p vaultName=kv-chosen
check "-p vaultName: the vault keeps the -p value" grep -qx \
	'param vaultName default=my-language-kv value=kv-chosen' "$tmp/out"
check "-p vaultName: no VN407 for the vault (four left)" test \
	"$(grep -c 'VN407' "$tmp/err")" = 4
run "caf.lua with -p vnetName" 0 build "$caf" -o "$tmp/pv" --no-graph \
	-p vnetName=vnet-chosen -p groupName=rg-chosen
check "-p vnetName: the script creates vnet-chosen in rg-chosen" grep -q \
	'^\[ -n "${vnetName:-}" \] || vnetName=vnet-chosen$' "$tmp/pv/isolated-backend-caf.sh"
check "-p groupName: the script's group is rg-chosen" grep -q \
	'^\[ -n "${groupName:-}" \] || groupName=rg-chosen$' "$tmp/pv/isolated-backend-caf.sh"

# a parameter that a kept name also uses stays; the new name is a literal
cat >"$tmp/app-only.lua" <<'EOF'
function name(r)
	if r.kind == "app" then return "app-only-1" end
end
EOF
sed "s|^naming: caf.lua|naming: $tmp/app-only.lua|" "$caf" >"$tmp/app-only.yaml"
run "rename the app only" 0 check -d named "$tmp/app-only.yaml"
check "the app's name is a literal" grep -q '^app app name=app-only-1 ' \
	"$tmp/out"
check "\${appName} keeps its default: the plan's name uses it" grep -qx \
	'param appName default=my-language-app' "$tmp/out"

# --- caf.lua keeps names within the type's limits, and says so --------
cat >"$tmp/long.yaml" <<EOF
resource_group: rg
location: westeurope
naming: $(pwd)/lua/caf.lua
naming_vars: { workload: a-very-long-workload-name, env: production, existing: rename }
vnets:
  hub:
    address_space: 10.0.0.0/16
    subnets:
      endpoints: { prefix: 10.0.1.0/24 }
      GatewaySubnet: { prefix: 10.0.255.0/27 }
backends:
  vault:
    type: Microsoft.KeyVault/vaults
    private_endpoints: [{ subnet: endpoints }]
  vault2:
    type: Microsoft.KeyVault/vaults
    private_endpoints: [{ subnet: endpoints }]
  files:
    type: Microsoft.Storage/storageAccounts
    private_endpoints: [{ subnet: endpoints, group_id: file }]
silence: { VN407: "the test names existing back ends on purpose" }
EOF
run "caf.lua: long names" 0 check -d named "$tmp/long.yaml"
kv1=$(sed -n 's/^backend vault .* name=\([^ ]*\) .*/\1/p' "$tmp/out")
kv2=$(sed -n 's/^backend vault2 .* name=\([^ ]*\) .*/\1/p' "$tmp/out")
st=$(sed -n 's/^backend files .* name=\([^ ]*\) .*/\1/p' "$tmp/out")
check "caf.lua: key vault names cut to 24 ($kv1)" test "${#kv1}" -le 24
check "caf.lua: two cut names stay apart ($kv1, $kv2)" test "$kv1" != "$kv2"
check "caf.lua: storage: lowercase letters and digits ($st)" sh -c \
	"printf '%s' '$st' | grep -qx '[a-z0-9]\{3,24\}'"
check "caf.lua: says it cut a name" grep -q "^lua/caf.lua: kv 'vault'" \
	"$tmp/err"
check "caf.lua: GatewaySubnet keeps its name" grep -q \
	'subnet GatewaySubnet name=GatewaySubnet ' "$tmp/out"

# --- tags(r) sees the final name; template values stay literal --------
cat >"$tmp/tagname.lua" <<'EOF2'
function name(r)
	if r.kind == "vnet" then return "vnet-final" end
end
function tags(r)
	return {seen = r.name, expr = "[concat('a', 'b')]"}
end
EOF2
sed "s|^naming: .*|naming: $tmp/tagname.lua|" \
	tests/bad/VN401-hook-os-execute.yaml >"$tmp/tagname.yaml"
run "tags(r)" 0 build "$tmp/tagname.yaml" -o "$tmp/tn" --no-graph
check "tags(r): r.name is the final name" $PY -c '
import json, sys
t = json.load(open(sys.argv[1]))
v = [r for r in t["resources"]
     if r["type"] == "Microsoft.Network/virtualNetworks"][0]
sys.exit(not (v["name"] == "vnet-final" and v["tags"]["seen"] ==
    "vnet-final" and v["tags"]["expr"] == "[[concat(\x27a\x27, \x27b\x27)]"))' \
	"$tmp/tn/tagname.json"
check "tags(r): the script quotes the value" grep -q \
	"'expr=\[concat('\\\\''a'\\\\'', '\\\\''b'\\\\'')\]' seen=vnet-final" \
	"$tmp/tn/tagname.sh"

# --- tags are counted in characters, and are UTF-8 ------------------------
# (the limits themselves, on both sides: tests/limits.sh)
cat >"$tmp/tagchars.lua" <<'EOF2'
function tags(r)
	if r.kind == "vnet" then return {t1 = string.rep("\u{E9}", 257)} end
end
EOF2
sed "s|^naming: .*|naming: $tmp/tagchars.lua|" \
	tests/bad/VN401-hook-os-execute.yaml >"$tmp/tagchars.yaml"
run "257 x e-acute: VN408" 1 check "$tmp/tagchars.yaml"
check "257 x e-acute: counted in characters, not bytes" grep -q \
	"tag 't1' a value of 257 characters; Azure takes at most 256" "$tmp/err"
printf 'function tags(r)\n\tif r.kind == "vnet" then return {t1 = "a\\xffb"} end\nend\n' \
	>"$tmp/tagchars.lua"
run "a tag value that is not UTF-8: VN408" 1 check "$tmp/tagchars.yaml"
check "a tag value that is not UTF-8: where" grep -q \
	"tag 't1' a value that is not UTF-8 (at byte 1); tags are text \[VN408\]" \
	"$tmp/err"
printf 'function tags(r)\n\tif r.kind == "vnet" then return {["k\\xc3"] = "v"} end\nend\n' \
	>"$tmp/tagchars.lua"
run "a tag name that is not UTF-8: VN408" 1 check "$tmp/tagchars.yaml"
check "a tag name that is not UTF-8: where" grep -q \
	"a tag name that is not UTF-8 (at byte 1); tags are text \[VN408\]" \
	"$tmp/err"

# --- without naming: -d named is -d spec ------------------------------
"$VNETC" check -d spec specs/isolated-backend.yaml >"$tmp/d1" 2>&1
"$VNETC" check -d named specs/isolated-backend.yaml >"$tmp/d2" 2>&1
check "no hook: -d named prints what -d spec prints" cmp -s "$tmp/d1" "$tmp/d2"

# --- finding the hook ----------------------------------------------------
mkdir -p "$tmp/data/lua" "$tmp/sub/hooks"
printf 'function name(r) if r.kind == "vnet" then return "vnet-from-datadir" end end\n' \
	>"$tmp/data/lua/mine.lua"
printf 'function name(r) if r.kind == "vnet" then return "vnet-beside" end end\n' \
	>"$tmp/sub/hooks/mine.lua"
sed 's|^naming: .*|naming: mine.lua|' tests/bad/VN401-hook-os-execute.yaml \
	>"$tmp/bare.yaml"
VNETC_DATADIR=$tmp/data run "a bare name from \$VNETC_DATADIR/lua" 0 \
	check -d named "$tmp/bare.yaml"
check "a bare name from \$VNETC_DATADIR/lua: used" grep -q \
	'name=vnet-from-datadir' "$tmp/out"
sed 's|^naming: .*|naming: hooks/mine.lua|' \
	tests/bad/VN401-hook-os-execute.yaml >"$tmp/sub/rel.yaml"
run "a path relative to the spec" 0 check -d named "$tmp/sub/rel.yaml"
check "a path relative to the spec: used" grep -q 'name=vnet-beside' \
	"$tmp/out"

# --- a megabyte name is refused with a short message --------------------
$PY - tests/bad/VN405-name-param.yaml "$tmp/huge.yaml" <<'EOF'
import sys
t = open(sys.argv[1]).read().replace('my_language_kv', 'k' * (1 << 20))
open(sys.argv[2], 'w').write(t)
EOF
run "1 MB key vault name: VN405" 1 check "$tmp/huge.yaml"
check "1 MB name: the message is short ($(wc -c <"$tmp/err") bytes)" test \
	"$(wc -c <"$tmp/err")" -lt 1000

# --- --format json keeps the hook's file:line ---------------------------
run "json: hook error" 1 check --format json tests/bad/VN401-hook-os-execute.yaml
check "json: the note is the hook's line" $PY -c '
import json, sys
d = [json.loads(l) for l in open(sys.argv[1])]
sys.exit(not (d[0]["rule"] == "VN401" and d[1]["file"] ==
    "tests/hooks/os-execute.lua" and d[1]["line"] == 3))' "$tmp/out"

# --- compiler/unicode_tab.c is what compiler/unicode_tab.py makes of the
# Unicode data of this Python (make unicode-table), for the version it holds
table=$(sed -n 's/^const char uni_version\[\] = "\(.*\)";$/\1/p' \
	compiler/unicode_tab.c)
have=$($PY -c 'import unicodedata; print(unicodedata.unidata_version)')
if [ "$have" != "$table" ]; then
	skip "unicode_tab.py regenerates compiler/unicode_tab.c" \
		"the table is Unicode $table; $PY has Unicode $have"
else
	$PY compiler/unicode_tab.py >"$tmp/unicode_tab.c"
	check "unicode_tab.py regenerates compiler/unicode_tab.c" \
		cmp "$tmp/unicode_tab.c" compiler/unicode_tab.c
fi

echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" = 0 ]
