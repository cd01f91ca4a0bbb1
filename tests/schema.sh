#!/bin/sh
# tests/schema.sh - vnetc schema, the spec format as a JSON Schema for
# editors: it is built from the parser's own tables (every key table and
# value table of compiler/spec.c is handed to it), docs/vnetc.schema.json
# is its output, every spec the repository holds carries the line that
# points editors at it, and a real validator (python3-jsonschema, the YAML
# read by python3-yaml) agrees with vnetc: every spec vnetc takes passes,
# a spec with an unknown key or a wrong value fails, and so does every bad
# spec whose shape vnetc refuses (VN101, VN102).
# Prints "N passed, N failed, N skipped" last; exit 1 on failure.
VNETC=${VNETC:-build/vnetc}
PY=/usr/bin/python3
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

. tests/lib.sh
. tests/refs.sh

# --- the command -----------------------------------------------------------
t "vnetc schema" 0 "$VNETC" schema
cp "$tmp/out" "$tmp/schema.json"
check "vnetc schema prints nothing on stderr" test ! -s "$tmp/err"
check "docs/vnetc.schema.json is not vnetc schema's output (run make schema)" \
	cmp -s docs/vnetc.schema.json "$tmp/schema.json"
t "vnetc schema -o FILE" 0 "$VNETC" schema -o "$tmp/new/s.json"
check "schema -o writes what schema prints" cmp -s "$tmp/new/s.json" "$tmp/schema.json"
check "schema -o prints nothing" test ! -s "$tmp/out"
t "vnetc schema --output=FILE" 2 "$VNETC" schema --output="$tmp/x.json"
check "an unknown option: its cause and where help is" \
	grep -q "^vnetc schema: unknown option '--output'" "$tmp/err"
t "vnetc schema -oFILE" 0 "$VNETC" schema -o"$tmp/glued.json"
check "schema -oFILE writes FILE" cmp -s "$tmp/glued.json" "$tmp/schema.json"
t "vnetc schema SPEC" 2 "$VNETC" schema specs/isolated-backend.yaml
t "vnetc schema -o" 2 "$VNETC" schema -o
t "vnetc schema --help" 0 "$VNETC" schema --help
check "schema --help says what it prints" grep -q "JSON Schema" "$tmp/out"
t "vnetc --help" 0 "$VNETC" --help
check "vnetc --help lists schema" grep -q "^  schema " "$tmp/out"
mkdir "$tmp/ro" && chmod 555 "$tmp/ro"
if [ "$(id -u)" != 0 ]; then
	t "vnetc schema -o in a read-only directory" 2 "$VNETC" schema -o "$tmp/ro/s.json"
	check "nothing written in a read-only directory" test ! -e "$tmp/ro/s.json"
fi

# --- built from the parser's tables ---------------------------------------
# Each key table (static const char *const NAME_keys[]) and value table
# (NAME_vals[]) of the parser is in spec_key_tables / spec_value_tables,
# so that the schema has every object and every fixed set.
sed -n 's/^static const char \*const \([a-z_]*_\(keys\|vals\)\)\[\] = .*/\1/p' \
	compiler/spec.c | LC_ALL=C sort -u >"$tmp/tables"
check "no key tables found in compiler/spec.c" test -s "$tmp/tables"
sed -n '/^const struct spec_table spec_key_tables/,/^};/p;/^const struct spec_table spec_value_tables/,/^};/p' \
	compiler/spec.c | grep -o '[a-z_]*_\(keys\|vals\)}' | tr -d '}' |
	LC_ALL=C sort -u >"$tmp/exported"
if cmp -s "$tmp/tables" "$tmp/exported"; then ok; else
	ko "compiler/spec.c: a key or value table is not in spec_key_tables or spec_value_tables (vnetc schema would lack it)"
	diff "$tmp/tables" "$tmp/exported" | sed 's/^/  | /'
fi
# Every key of every table is a property of the schema, and no other key
# is (the schema is derived; this is the check that it stays so). The
# required keys ("*name") are the schema's required ones.
sed -n '/^static const char \*const [a-z_]*_keys\[\] = {/{:a;/NULL};/!{N;ba};p}' \
	compiler/spec.c | grep -o '"[^"]*"' | tr -d '"*' | LC_ALL=C sort -u \
	>"$tmp/keys"
sed -n '/^static const char \*const [a-z_]*_keys\[\] = {/{:a;/NULL};/!{N;ba};p}' \
	compiler/spec.c | grep -o '"\*[^"]*"' | tr -d '"*' | LC_ALL=C sort -u \
	>"$tmp/required"
$PY - "$tmp/schema.json" >"$tmp/props" 2>"$tmp/py.err" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
objs = [s] + [d for d in s["definitions"].values() if "properties" in d]
for o in objs:
    for k in o["properties"]:
        print("key", k)
    for k in o.get("required", []):
        print("required", k)
    if o.get("additionalProperties") is not False:
        print("open object")
EOF
sed -n 's/^key //p' "$tmp/props" | LC_ALL=C sort -u >"$tmp/skeys"
sed -n 's/^required //p' "$tmp/props" | LC_ALL=C sort -u >"$tmp/sreq"
if [ -s "$tmp/keys" ] && cmp -s "$tmp/keys" "$tmp/skeys"; then ok; else
	ko "the schema's keys are not the parser's (< parser, > schema)"
	diff "$tmp/keys" "$tmp/skeys" | sed 's/^/  | /'
	cat "$tmp/py.err"
fi
if cmp -s "$tmp/required" "$tmp/sreq"; then ok; else
	ko "the schema's required keys are not the parser's"
	diff "$tmp/required" "$tmp/sreq" | sed 's/^/  | /'
fi
check "an object of the schema takes keys the parser refuses" \
	test -z "$(grep '^open object' "$tmp/props")"

# --- the specs point editors at it ----------------------------------------
# shellcheck disable=SC2016 # a literal $schema
line='# yaml-language-server: $schema=../docs/vnetc.schema.json'
for f in specs/*.yaml; do
	check "$f: its first line is not '$line'" \
		test "$(head -n 1 "$f")" = "$line"
done

# --- a real validator agrees with vnetc ------------------------------------
if ! $PY -c 'import jsonschema, yaml' 2>/dev/null; then
	skip "schema validation" "no python3-jsonschema or python3-yaml" \
		"install python3-jsonschema python3-yaml: make deps"
else
	# every spec vnetc takes: specs/, the goldens', the other tests'
	good=
	for f in specs/*.yaml $(find tests -name '*.yaml' ! -path 'tests/bad/*' |
		LC_ALL=C sort); do
		if "$VNETC" check -q "$f" >/dev/null 2>&1; then
			good="$good $f"
		else
			ko "$f: vnetc check refuses it"
		fi
	done
	# shellcheck disable=SC2086
	t "every spec vnetc takes passes the schema" 0 \
		$PY tests/tools/schema_check.py "$tmp/schema.json" $good
	grep -v '^[0-9]* checked' "$tmp/out" | sed 's/^/  | /'
	check "no spec was validated" grep -q '^[1-9][0-9]* checked, 0 wrong' "$tmp/out"

	# bad ones: an unknown key, a misspelled one, a wrong value of a fixed
	# set, a string where a mapping goes, a missing required key, a
	# missing one of two (address_space or existing, prefix or size, type
	# or id), both of two (subnet and vnet)
	# refused WHAT BASE: each sed edit on stdin makes BASE a spec that
	# vnetc and the schema both refuse
	refused() {
		i=0
		while read -r edit; do
			i=$((i + 1))
			sed "$edit" "$2" >"$tmp/$1$i.yaml"
			if cmp -s "$2" "$tmp/$1$i.yaml"; then
				ko "$1 spec $i: '$edit' changes nothing in $2"
				continue
			fi
			t "vnetc refuses $1 spec $i ($edit)" 1 "$VNETC" check -q "$tmp/$1$i.yaml"
			t "the schema refuses $1 spec $i ($edit)" 1 \
				$PY tests/tools/schema_check.py "$tmp/schema.json" "$tmp/$1$i.yaml"
		done
	}
	refused bad specs/hub-and-spoke.yaml <<'EOF'
s/^location: .*/&\ncolour: blue/
s/^    address_space: 10.100/    adress_space: 10.100/
s/NetworkSecurityGroupEnabled$/NsgEnabled/
s/public_access: disabled/public_access: closed/
s/^description: .*/description: [one, two]/
s/^resource_group:/resource_grou:/
/^    address_space: 10.101/d
/^        prefix: 10.101.0.0\/26/d
/^    type: Microsoft.KeyVault\/vaults/d
s/destination: {subnet: hub\/endpoints}/destination: {subnet: hub\/endpoints, vnet: hub}/
EOF
	# create: tied to the back end's type, not with existing: or id:
	cat >"$tmp/create.yaml" <<'EOF'
resource_group: rg
location: westeurope
vnets:
  vnet:
    address_space: 10.0.0.0/16
    subnets:
      pe: { prefix: 10.0.1.0/24 }
backends:
  vault:
    type: Microsoft.KeyVault/vaults
    create: { soft_delete_days: 30 }
    private_endpoints:
      - subnet: pe
  stdata:
    type: microsoft.storage/storageaccounts
    create: true
EOF
	t "vnetc takes the create: spec" 0 "$VNETC" check -q "$tmp/create.yaml"
	t "the schema takes it (create: true, a type in another case)" 0 \
		$PY tests/tools/schema_check.py "$tmp/schema.json" "$tmp/create.yaml"
	refused create "$tmp/create.yaml" <<'EOF'
s/soft_delete_days: 30/soft_delete_days: 3/
s/soft_delete_days: 30/soft_delete_days: 91/
s/soft_delete_days: 30/shared_key: true/
s/    create: true/    create: { soft_delete_days: 30 }/
s/    create: true/&\n    existing: true/
s|    create: true|&\n    id: /subscriptions/x|
s|type: microsoft.storage/storageaccounts|type: Microsoft.EventHub/namespaces|
EOF
	# tests/bad: what the schema says of a spec's shape agrees with
	# vnetc's VN101 and VN102, and it takes the spec when vnetc's
	# complaints are about other things
	t "the schema agrees with tests/bad" 0 \
		$PY tests/tools/schema_check.py --agree "$tmp/schema.json" tests/bad
	grep -v '^[0-9]* checked' "$tmp/out" | sed 's/^/  | /'
	check "no bad spec was compared" grep -q '^[1-9][0-9]* checked, 0 wrong' "$tmp/out"
fi

echo "$pass passed, $fail failed, $skipped skipped"
[ "$fail" = 0 ]
