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

# The table for two small sizes, with the naming column.
t "bench/run.sh" 0 env O="$O" SIZES="2 20" RUNS=1 sh bench/run.sh
check "a row per size" [ "$(grep -Ec '^ +(2|20) +[0-9]+ +[0-9]+ +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+ +[0-9.]+' \
	"$tmp/out")" = 2 ]
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
