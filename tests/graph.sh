#!/bin/sh
# tests/graph.sh - vnetc graph and the NAME.svg of vnetc build: formats,
# exit codes, Graphviz missing, well-formed SVG, determinism, atomic -o.
# (The DOT and Mermaid text itself is golden: tests/golden/NAME.dot/.mmd.)
# Prints "N passed, N failed" last; exit 1 on failure.
VNETC=${VNETC:-build/vnetc}
SPEC=specs/isolated-backend.yaml
PY=/usr/bin/python3
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
case $VNETC in /*) ;; *) VNETC=$PWD/$VNETC ;; esac

. tests/lib.sh
xml_ok() { $PY -c 'import sys, xml.etree.ElementTree as E
r = E.parse(sys.argv[1]).getroot()
sys.exit(r.tag != "{http://www.w3.org/2000/svg}svg")' "$1"; }
svg_says() { $PY -c 'import sys, xml.etree.ElementTree as E
t = [e.text for e in E.parse(sys.argv[1]).iter() if e.text]
sys.exit(sys.argv[2] not in t)' "$1" "$2"; }

t "graph --help" 0 "$VNETC" graph --help
check "graph --help names the formats" grep -q 'svg|dot|mermaid' "$tmp/out"
t "graph without a spec" 2 "$VNETC" graph
t "graph --format png is a usage error" 2 "$VNETC" graph "$SPEC" --format png
check "bad --format names the choices" grep -q 'svg, dot or mermaid' "$tmp/err"
t "check --format dot stays a usage error" 2 "$VNETC" check "$SPEC" --format dot

t "graph --format dot" 0 "$VNETC" graph "$SPEC" --format dot
check "DOT is a digraph" grep -q '^digraph vnetc {' "$tmp/out"
check "graph prints no diagnostics for a clean spec" test ! -s "$tmp/err"
cp "$tmp/out" "$tmp/a.dot"
"$VNETC" graph "$SPEC" --format dot >"$tmp/b.dot" 2>/dev/null
check "DOT is deterministic" cmp -s "$tmp/a.dot" "$tmp/b.dot"
t "graph --format mermaid" 0 "$VNETC" graph "$SPEC" --format mermaid
check "Mermaid is a flowchart" grep -q '^flowchart LR' "$tmp/out"

# An app's own endpoint points at the app's box, the one box of it (it
# was drawn again as a back end of type Microsoft.Web/sites, "public
# access left as it is"); an App Configuration store says what it is.
cat >"$tmp/own.yaml" <<'EOF'
resource_group: rg
location: westeurope
vnets:
  vnet:
    address_space: 10.0.0.0/16
    subnets:
      apps: { prefix: 10.0.1.0/24, delegation: Microsoft.Web/serverFarms }
      pe: { prefix: 10.0.2.0/27 }
backends:
  cfg:
    type: Microsoft.AppConfiguration/configurationStores
    name: appcs-own-1
    create: {}
    private_endpoints: [{ subnet: pe }]
plans:
  plan: { sku: P1v3, create: { os: linux } }
apps:
  web:
    name: web-own-1
    plan: plan
    create: { runtime: "PYTHON|3.12" }
    vnet_integration: apps
    private_endpoints: [{ subnet: pe }]
EOF
t "graph of an app with its own endpoint" 0 "$VNETC" graph "$tmp/own.yaml" --format mermaid
check "its endpoint points at the app" grep -q '^  pe_1_0 -->|"sites"| app_0$' "$tmp/out"
check "the app is drawn once" test "$(grep -c '<b>web-own-1</b>' "$tmp/out")" = 1
check "the store says it is an App Configuration store" grep -q \
	'backend_0\["App Configuration store<br/><b>appcs-own-1</b>' "$tmp/out"
t "the same in DOT" 0 "$VNETC" graph "$tmp/own.yaml" --format dot
check "DOT: its endpoint points at the app, which is drawn once" sh -c "grep -q \
	'subnet_0_1:pe_1_0:e -> app_0 ' '$tmp/out' && test \$(grep -c '<B>web-own-1</B>' '$tmp/out') = 1"

# -p reaches the names drawn, as it reaches the script.
t "graph -p" 0 "$VNETC" graph "$SPEC" --format dot -p vaultName=contoso-kv
check "-p renames the vault in the diagram" grep -q 'contoso-kv' "$tmp/out"

# SVG through Graphviz: to stdout and to -o FILE.
t "graph (svg, the default)" 0 "$VNETC" graph "$SPEC"
check "SVG on stdout is well-formed" xml_ok "$tmp/out"
t "graph -o FILE" 0 "$VNETC" graph "$SPEC" -o "$tmp/topo.svg"
check "-o wrote well-formed SVG" xml_ok "$tmp/topo.svg"
check "-o printed nothing" test ! -s "$tmp/out"
check "the SVG names the vault's endpoint" svg_says "$tmp/topo.svg" \
	securekeyvault-pe
check "the SVG shows the subnet's address use" svg_says "$tmp/topo.svg" \
	"2 / 251 IPs: 2 private endpoints"
check "no temporary file left beside -o" sh -c \
	"! ls '$tmp' | grep -q 'topo.svg.tmp'"
t "graph -o into a missing directory makes it, as build -o does" 0 \
	"$VNETC" graph "$SPEC" -o "$tmp/nodir/x.svg"
check "graph -o nodir/x.svg wrote it" test -s "$tmp/nodir/x.svg"
# -o naming a device or a pipe writes into it, never renames over its
# name (as root, -o /dev/stdout replaced the device's link with a file)
ln -s /dev/null "$tmp/null"
t "graph -o a link to /dev/null" 0 "$VNETC" graph "$SPEC" --format dot \
	-o "$tmp/null"
check "the link to /dev/null is still one" test -L "$tmp/null"
mkfifo "$tmp/fifo"
(timeout 20 cat "$tmp/fifo" >"$tmp/fifo.out") &
t "graph -o a FIFO" 0 timeout 20 "$VNETC" graph "$SPEC" --format dot \
	-o "$tmp/fifo"
wait
check "the FIFO is still one" test -p "$tmp/fifo"
check "what went through the FIFO is the diagram" grep -q '^digraph vnetc {' \
	"$tmp/fifo.out"

# Text from the spec is escaped: HTML-like DOT labels and Mermaid labels.
sed 's#^description: .*#description: "Tom \& Jerry <b>\\"quoted\\"</b> \#1"#' \
	"$SPEC" >"$tmp/esc.yaml"
t "graph of a spec with markup in its text" 0 "$VNETC" graph "$tmp/esc.yaml" \
	-o "$tmp/esc.svg"
check "markup is drawn as text" svg_says "$tmp/esc.svg" \
	'Tom & Jerry <b>"quoted"</b> #1'
t "mermaid of it" 0 "$VNETC" graph "$tmp/esc.yaml" --format mermaid
check "Mermaid's title is a YAML string with its quotes escaped" grep -qF \
	'Tom & Jerry <b>\"quoted\"</b> #1"' "$tmp/out"

# A delegation vnetc does not know (VN311, a warning) is the spec's text
# in a subnet's label: drawn as text in the SVG, entity-coded in Mermaid.
sed 's#^        private_endpoint_network_policies: Disabled#&\
      odd:\
        prefix: 10.0.2.0/24\
        delegation: "Contoso.X/a\&b<i>\#\\"q\\""#' "$SPEC" >"$tmp/esc2.yaml"
t "graph of a subnet with markup in its delegation" 0 "$VNETC" graph \
	"$tmp/esc2.yaml" -o "$tmp/esc2.svg"
check "the delegation is drawn as text" svg_says "$tmp/esc2.svg" \
	'delegated to Contoso.X/a&b<i>#"q"'
t "mermaid of it" 0 "$VNETC" graph "$tmp/esc2.yaml" --format mermaid
check "Mermaid label: the delegation entity-coded" grep -qF \
	'Contoso.X/a#amp;b#lt;i#gt;#35;#quot;q#quot;' "$tmp/out"

# An NSG or route table that a subnet's private endpoints ignore (VN340)
# is drawn with a warning on its badge; with the policy that applies it,
# the badge is plain.
NSGPE=tests/bad/VN340-pe-policy-ignores.yaml
t "graph of an NSG its private endpoints ignore (a warning)" 0 "$VNETC" \
	graph "$NSGPE" --format mermaid
check "the NSG badge says it is not applied to the private endpoints" \
	grep -qF 'NSG pe · 1 in, 0 out ⚠ not applied to its private endpoints' \
	"$tmp/out"
sed 's#nsg: pe }#nsg: pe, private_endpoint_network_policies: NetworkSecurityGroupEnabled }#' \
	"$NSGPE" >"$tmp/nsgpe.yaml"
t "graph of it with NetworkSecurityGroupEnabled" 0 "$VNETC" graph \
	"$tmp/nsgpe.yaml" --format mermaid
check "with the policy on, the NSG badge has no warning" sh -c \
	"grep -qF 'NSG pe · 1 in, 0 out<br/>' '$tmp/out' && ! grep -q 'not applied' '$tmp/out'"

# A spec with errors draws nothing.
sed 's#10.0.1.0/24#10.0.1.0/33#' "$SPEC" >"$tmp/bad.yaml"
t "graph of a bad spec" 1 "$VNETC" graph "$tmp/bad.yaml" -o "$tmp/bad.svg"
check "nothing drawn for a bad spec" test ! -e "$tmp/bad.svg"

# build writes NAME.svg beside the script, unless --no-graph.
t "build writes the diagram" 0 "$VNETC" build "$SPEC" -o "$tmp/o"
check "build wrote isolated-backend.svg" xml_ok "$tmp/o/isolated-backend.svg"
check "build's SVG is vnetc graph's" cmp -s "$tmp/o/isolated-backend.svg" \
	"$tmp/topo.svg"
t "build --no-graph" 0 "$VNETC" build "$SPEC" -o "$tmp/n" --no-graph
check "--no-graph writes no SVG" test ! -e "$tmp/n/isolated-backend.svg"
check "--no-graph still writes the script" test -s "$tmp/n/isolated-backend.sh"
# an earlier build's diagram does not outlive the outputs it drew
t "build --no-graph over a build with a diagram" 0 "$VNETC" build "$SPEC" \
	-o "$tmp/o" --no-graph
check "the earlier diagram is gone" test ! -e "$tmp/o/isolated-backend.svg"
t "check --no-graph is unknown" 2 "$VNETC" check "$SPEC" --no-graph

# Without Graphviz: graph --format svg fails clearly, build notes it and
# writes the rest. PATH holds only what vnetc itself needs (nothing).
mkdir -p "$tmp/empty"
t "graph svg without dot" 2 env PATH="$tmp/empty" "$VNETC" graph "$SPEC"
check "missing dot is explained" grep -q "needs Graphviz's dot" "$tmp/err"
check "missing dot: nothing on stdout" test ! -s "$tmp/out"
t "graph dot without dot" 0 env PATH="$tmp/empty" "$VNETC" graph "$SPEC" \
	--format dot
t "build without dot" 0 env PATH="$tmp/empty" "$VNETC" build "$SPEC" \
	-o "$tmp/nd"
check "build without dot says so in a note" grep -q \
	"note: isolated-backend.svg not written: Graphviz's dot" "$tmp/err"
check "build without dot writes no SVG" test ! -e "$tmp/nd/isolated-backend.svg"
check "build without dot writes the template" \
	test -s "$tmp/nd/isolated-backend.json"
t "build --no-graph without dot is silent" 0 env PATH="$tmp/empty" \
	"$VNETC" build -q "$SPEC" -o "$tmp/nd2" --no-graph
check "--no-graph: no note" test ! -s "$tmp/err"

# A dot that fails: build stops before writing anything (exit 2).
cat >"$tmp/empty/dot" <<'EOF'
#!/bin/sh
/bin/cat >/dev/null
echo "Error: syntax error in line 1" >&2
exit 1
EOF
chmod +x "$tmp/empty/dot"
t "build with a failing dot" 2 env PATH="$tmp/empty" "$VNETC" build "$SPEC" \
	-o "$tmp/fd"
check "dot's message is shown" grep -q "syntax error in line 1" "$tmp/err"
check "failing dot: nothing written" test ! -e "$tmp/fd"

# A big spec: 450 subnets, more DOT than a pipe holds (64 KiB).
{
	printf 'resource_group: rg\nlocation: westeurope\nvnets:\n'
	printf '  big:\n    address_space: 10.0.0.0/8\n    subnets:\n'
	i=0
	while [ $i -lt 450 ]; do
		printf '      s%d: { prefix: 10.%d.%d.0/24 }\n' $i \
			$((i / 256)) $((i % 256))
		i=$((i + 1))
	done
} >"$tmp/big.yaml"
# A dot that exits without reading its input must not kill vnetc with
# SIGPIPE: the status is reported.
printf '#!/bin/sh\nexit 3\n' >"$tmp/empty/dot"
t "graph with a dot that reads nothing" 2 env PATH="$tmp/empty" "$VNETC" \
	graph "$tmp/big.yaml"
check "its status is reported" grep -q "dot exited with status 3" "$tmp/err"
# build draws no diagram of 450 boxes: a note says so, the rest is written.
t "build of a big spec" 0 "$VNETC" build "$tmp/big.yaml" -o "$tmp/big"
check "big spec: a note, no SVG" grep -q "too many to read" "$tmp/err"
check "big spec: no SVG written" test ! -e "$tmp/big/big.svg"
check "big spec: the script is written" test -s "$tmp/big/big.sh"
t "vnetc graph draws the big spec on request" 0 "$VNETC" graph \
	"$tmp/big.yaml" --format dot

# The spec's file name goes into the DOT and Mermaid header comments: a
# newline in it ended the comment and dot read the rest as graph text.
nl=$(printf 'a\ntouch X\n.')
nl=${nl%.}
cp specs/isolated-backend.yaml "$tmp/$nl.yaml"
t "a spec whose file name holds newlines builds, diagram too" 0 \
	"$VNETC" build "$tmp/$nl.yaml" -o "$tmp/nl"
t "its DOT" 0 "$VNETC" graph --format dot "$tmp/$nl.yaml"
check "its DOT header is one comment line" grep -qxF \
	'// vnetc graph of a\ntouch X\n.yaml; generated, do not edit' "$tmp/out"
t "its Mermaid" 0 "$VNETC" graph --format mermaid "$tmp/$nl.yaml"
check "its Mermaid header is one comment line" grep -qxF \
	'%% vnetc graph of a\ntouch X\n.yaml; generated, do not edit' "$tmp/out"

# SVG is not printed on a terminal (script(1) gives one): a hint instead;
# redirected, or as DOT or Mermaid, it is printed.
if command -v script >/dev/null; then
	script -qec "'$VNETC' graph '$SPEC'" /dev/null >"$tmp/tty.out" 2>&1
	check "graph on a terminal: exit 2" test $? = 2
	check "graph on a terminal: no SVG" sh -c "! grep -q '<svg' '$tmp/tty.out'"
	check "graph on a terminal: says how to write a file" grep -q \
		"SVG is not for a terminal; write it to a file (-o isolated-backend.svg, or > isolated-backend.svg)" \
		"$tmp/tty.out"
	script -qec "'$VNETC' graph --format mermaid '$SPEC'" /dev/null \
		>"$tmp/tty.out" 2>&1
	check "graph --format mermaid on a terminal: printed" grep -q '^flowchart' \
		"$tmp/tty.out"
fi
# The zone links of a hub and its spokes reach the box of the zones, right
# of the networks, one per VNet: they cross no VNet's box and no other
# link (an edge per link, to each zone, crossed each other a dozen times
# around the hub).
if command -v dot >/dev/null; then
	"$VNETC" graph specs/hub-and-spoke.yaml --format dot -o "$tmp/hs.dot" &&
		dot -Tjson "$tmp/hs.dot" >"$tmp/hs.json"
	t "hub-and-spoke: zone links cross no VNet and no other zone link" 0 \
		$PY tests/tools/graph_cross.py <"$tmp/hs.json"
	check "hub-and-spoke: one zone link per VNet" grep -q '^3 zone links, 0 faults$' \
		"$tmp/out"
else
	ko "Graphviz's dot is not installed (make deps)"
fi
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
