#!/bin/sh
# tests/libcurl.sh - libcurl is opened at run time (http.c) by plan, apply
# and destroy only: the compile commands never load it, and without a
# usable libcurl.so.4 a network command says so, exits 3 and writes
# nothing. ld.so searches LD_LIBRARY_PATH first, so a directory holding a
# broken libcurl.so.4 stands in for a machine without libcurl4.
# Prints "N passed, N failed" last; exit 1 on failure.
VNETC=${VNETC:-build/vnetc}
SPEC=specs/isolated-backend.yaml
SUB=11111111-2222-3333-4444-555555555555
TOKEN="vnetc-test-token-$$-k3Wd8"
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

. tests/lib.sh

# ld NAME STATUS ARGS...: vnetc ARGS exits with STATUS, ld.so listing
# what it loads (LD_DEBUG=libs) into $tmp/NAME.ld; the list must name
# libyaml, which only vnetc needs, or the checks on it would prove nothing.
ld() {
	n=$1 w=$2
	shift 2
	rm -f "$tmp/$n".ld.*
	t "$n" "$w" env LD_DEBUG=libs LD_DEBUG_OUTPUT="$tmp/$n.ld" \
		"$VNETC" "$@"
	cat "$tmp/$n".ld.* >"$tmp/$n.ld" 2>/dev/null
	check "$n: ld.so lists what vnetc loads" grep -q \
		'find library=libyaml' "$tmp/$n.ld"
}

# --- the binary does not link libcurl --------------------------------------
check "vnetc is not linked with libcurl" sh -c "! ldd '$VNETC' | grep -q libcurl"

# --- the compile commands never load it -----------------------------------
ld version 0 --version
ld check 0 check "$SPEC"
ld build 0 build "$SPEC" -o "$tmp/o" --no-graph
ld graph 0 graph --format dot "$SPEC"
ld cidr 0 cidr 10.0.0.0/16
ld dump 0 check -d plan "$SPEC"
for n in version check build graph cidr dump; do
	check "$n does not load libcurl" sh -c "! grep -q libcurl '$tmp/$n.ld'"
done
# the same watch sees it when a network command loads it
ld dry-run 0 apply --dry-run "$SPEC"
check "apply --dry-run loads libcurl" grep -q 'calling init: .*libcurl\.so' \
	"$tmp/dry-run.ld"

# --- a machine without a usable libcurl -------------------------------------
# vn NAME WANT LIBDIR ARGS...: vnetc with LIBDIR searched first and a token
# that must appear nowhere
vn() {
	n=$1 w=$2 dir=$3
	shift 3
	t "$n" "$w" env -u AZURE_SUBSCRIPTION_ID -u AZURE_CLIENT_SECRET \
		-u IDENTITY_ENDPOINT -u VNETC_HTTP_DEBUG \
		AZURE_ACCESS_TOKEN="$TOKEN" LD_LIBRARY_PATH="$dir" "$VNETC" "$@"
	cp "$tmp/out" "$tmp/$n.out"
	cp "$tmp/err" "$tmp/$n.err"
}
# an empty file: dlopen() fails ("file too short")
mkdir -p "$tmp/empty"
: >"$tmp/empty/libcurl.so.4"
# a shared library with none of libcurl's functions: dlsym() fails
mkdir -p "$tmp/stub"
printf 'int vnetc_not_libcurl;\n' >"$tmp/stub.c"
if ${CC:-cc} -shared -fPIC -o "$tmp/stub/libcurl.so.4" "$tmp/stub.c" \
	>"$tmp/cc.out" 2>&1; then ok; else
	ko "a stub libcurl.so.4 could not be compiled"
	sed 's/^/  | /' "$tmp/cc.out" | head -n 5
fi

for c in plan apply destroy; do
	set -- --yes -o "$tmp/j-$c"
	[ "$c" = plan ] && set --
	vn "$c-empty" 3 "$tmp/empty" "$c" "$SPEC" --subscription "$SUB" \
		--arm-endpoint http://127.0.0.1:9 "$@"
	check "$c: libcurl, its file and the package are named" grep -q \
		"^vnetc: $c needs libcurl ($tmp/empty/libcurl\.so\.4: .*): install the Debian package libcurl4\$" \
		"$tmp/$c-empty.err"
	check "$c: in one line" test "$(wc -l <"$tmp/$c-empty.err")" = 1
	check "$c: nothing on stdout" test ! -s "$tmp/$c-empty.out"
	check "$c: no journal written" test ! -e "$tmp/j-$c"
done
vn apply-stub 3 "$tmp/stub" apply "$SPEC" --subscription "$SUB" \
	--arm-endpoint http://127.0.0.1:9 --yes -o "$tmp/j-stub"
check "a libcurl without its functions is named" grep -q \
	"^vnetc: apply needs libcurl ($tmp/stub/libcurl\.so\.4: undefined symbol: curl_[a-z_]*): install the Debian package libcurl4\$" \
	"$tmp/apply-stub.err"
check "no journal written" test ! -e "$tmp/j-stub"
vn dry-run-empty 3 "$tmp/empty" apply --dry-run "$SPEC"
check "apply --dry-run prints no request without libcurl" \
	test ! -s "$tmp/dry-run-empty.out"
vn plan-detailed 3 "$tmp/stub" plan "$SPEC" --subscription "$SUB" \
	--detailed-exitcode
# the compile commands do not care
vn build-stub 0 "$tmp/stub" build "$SPEC" -o "$tmp/o2" --no-graph
check "build writes its outputs without libcurl" \
	test -s "$tmp/o2/isolated-backend.json"
vn check-empty 0 "$tmp/empty" check "$SPEC"
check "token in no output" sh -c "! grep -rlF '$TOKEN' '$tmp'"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
