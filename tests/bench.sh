#!/bin/sh
# tests/bench.sh - make bench's tools: bench/measure runs several commands
# in turn (so that a noisy machine slows each alike) and prints a line per
# command; a failing command fails it; bench/run.sh prints its table for
# small sizes. Timings are not tested: they belong to make bench.
set -u
O=${O:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. tests/lib.sh
M=$O/measure

t "measure three commands" 0 "$M" 3 sh -c "echo a >>'$tmp/turns'" \
	-- sh -c "echo b >>'$tmp/turns'" -- sh -c "echo c >>'$tmp/turns'"
check "they take turns" [ "$(tr -d '\n' <"$tmp/turns")" = abcabcabc ]
check "a line per command: MS KIB" [ "$(grep -Ec '^[0-9]+\.[0-9] [0-9]+$' \
	"$tmp/out")" = 3 ]
t "one command as before" 0 "$M" 1 true
check "one line" [ "$(wc -l <"$tmp/out")" = 1 ]
t "a failing command fails the measure" 1 "$M" 2 true -- false
check "and is named" grep -q 'false exited 1' "$tmp/err"
t "an empty command" 2 "$M" 1 true --
t "RUNS out of range" 2 "$M" 0 true

# The floor: parse, then write files as large as a build's outputs, the
# way vnetc writes them.
P=$O/parse_only
mkdir "$tmp/like"
printf 'abc' >"$tmp/like/a.sh"
head -c 3000000 /dev/zero >"$tmp/like/b.json"
: >"$tmp/like/c.json"
t "parse_only --write-like" 0 "$P" specs/isolated-backend.yaml \
	--write-like "$tmp/like" "$tmp/floor"
check "the same files, of the same sizes" [ "$(cd "$tmp/floor" &&
	find . -type f -printf '%p %s\n' | sort | tr '\n' ' ')" = \
	"./a.sh 3 ./b.json 3000000 ./c.json 0 " ]
t "parse_only: usage" 2 "$P" specs/isolated-backend.yaml --write-like \
	"$tmp/like"
t "parse_only: no such DIR" 2 "$P" specs/isolated-backend.yaml \
	--write-like "$tmp/nothere" "$tmp/floor2"
check "and says which" grep -q "nothere" "$tmp/err"

# The table for two small sizes, with the naming column.
t "bench/run.sh" 0 env O="$O" SIZES="2 20" RUNS=1 BENCH_TARGET=0 sh bench/run.sh
check "a row per size" [ "$(grep -Ec '^ +(2|20) +[0-9]+ +[0-9]+( +[0-9.]+){10}$' \
	"$tmp/out")" = 2 ]
check "the floor is said when the target is missed" \
	grep -Eq 'the floor alone, [0-9]+ bytes written: [0-9.]+ ms' "$tmp/out"
# The throttled apply's row for a tiny spec (its target is the bench's
# business: exit 0 or 1).
env O="$O" SIZES="2:1" PAR=8 sh bench/throttle.sh >"$tmp/out" 2>"$tmp/err"
check "bench/throttle.sh: a row" [ "$(grep -Ec \
	'^ +2 +1( +[0-9]+){5}( +[0-9.]+){5}$' "$tmp/out")" = 1 ]
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
