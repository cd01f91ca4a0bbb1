#!/bin/sh
# tests/valgrind.sh - the CLI under valgrind memcheck on every spec, bad
# spec and hostile input the suite has: no invalid access, no definite or
# indirect leak (exit 99 from valgrind fails the case; the compiler's own
# exit status is whatever the case wants). Run by `make valgrind` and CI.
# Last line: "N passed, N failed".
O=${O:-build}
VNETC=${VNETC:-$O/vnetc}
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
vg() { # name, vnetc args...
	name=$1
	shift
	valgrind -q --error-exitcode=99 --leak-check=full \
		--errors-for-leak-kinds=definite,indirect \
		--show-leak-kinds=definite,indirect \
		"$VNETC" "$@" >"$tmp/out" 2>"$tmp/err"
	if [ $? = 99 ]; then
		fail=$((fail + 1))
		echo "[FAIL] valgrind $name"
		grep -v '^vnetc: \|^[^=]*:[0-9]*:[0-9]*: ' "$tmp/err" | head -n 40
	else
		pass=$((pass + 1))
		echo "[PASS] valgrind $name"
	fi
}
if ! command -v valgrind >/dev/null; then
	echo "valgrind is not installed (make valgrind installs it)"
	echo "0 passed, 1 failed"
	exit 1
fi
for spec in specs/*.yaml tests/golden/*.yaml tests/bad/*.yaml; do
	[ -e "$spec" ] || continue
	args=
	a=${spec%.yaml}.args
	[ -e "$a" ] && args=$(cat "$a")
	rm -rf "$tmp/o"
	# shellcheck disable=SC2086
	vg "build $spec" build "$spec" -o "$tmp/o" $args
done
for spec in specs/*.yaml; do
	vg "check -d plan --format json $spec" check -d plan --format json "$spec"
	vg "check -d spec $spec" check -d spec "$spec"
done
# a few hostile shapes (tests/hostile.sh has the full set)
printf 'a: [' >"$tmp/trunc.yaml"
vg "truncated YAML" check "$tmp/trunc.yaml"
vg "a directory as the spec" check tests
vg "no such file" check "$tmp/nonexistent.yaml"
vg "usage error" build
python3 bench/gen.py 60 >"$tmp/split.yaml"
vg "a spec split into linked templates" build "$tmp/split.yaml" -o "$tmp/o"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
