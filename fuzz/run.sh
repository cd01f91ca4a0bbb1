#!/bin/sh
# fuzz/run.sh - run the libFuzzer targets (built by `make fuzz`) one after
# the other for FUZZ_SECONDS each (default 30), on corpora in $O/fuzz/
# seeded from specs/ and tests/. Crashes are written as $O/fuzz/crash-*;
# exit 1 if any target found one. FUZZ_TARGETS overrides the list.
set -u
O=${O:-build}
secs=${FUZZ_SECONDS:-30}
targets=${FUZZ_TARGETS:-spec_fuzz cidr_fuzz lua_fuzz}
dir=$O/fuzz
# emit_az reads templates/ (util.c data_path)
VNETC_DATADIR=$(pwd)
export VNETC_DATADIR
rc=0
seed() { # corpus dir, files...
	c=$1
	shift
	mkdir -p "$c"
	for f in "$@"; do
		[ -f "$f" ] && cp "$f" "$c/seed-$(echo "$f" | tr / _)"
	done
}
seed "$dir/corpus-spec_fuzz" specs/*.yaml tests/bad/*.yaml tests/golden/*.yaml \
	tests/script/*.yaml
# the naming hooks there are: caf.lua and the hostile ones of the suite
seed "$dir/corpus-lua_fuzz" lua/*.lua tests/hooks/*.lua
mkdir -p "$dir/corpus-cidr_fuzz"
# every prefix written in the seeds, one file each
grep -rhoE '[0-9a-fA-F:.]+/[0-9]+' specs tests/bad tests/golden 2>/dev/null |
	sort -u | head -n 200 | while read -r p; do
	printf '%s' "$p" >"$dir/corpus-cidr_fuzz/seed-$(printf '%s' "$p" | tr /: _-)"
done
for t in $targets; do
	dict=
	[ -f "fuzz/${t%_fuzz}.dict" ] && dict=-dict=fuzz/${t%_fuzz}.dict
	echo "== $t, ${secs}s"
	# shellcheck disable=SC2086
	if ! "$dir/$t" -max_total_time="$secs" -max_len=65536 -timeout=10 \
		-rss_limit_mb=2048 -print_final_stats=1 $dict \
		-artifact_prefix="$dir/crash-$t-" "$dir/corpus-$t" \
		>"$dir/$t.log" 2>&1; then
		rc=1
		echo "$t: crash, see $dir/$t.log and $dir/crash-$t-*"
	fi
	# -a: the log holds what the hooks print(), any bytes
	grep -a -E '^#[0-9]+.*DONE|^stat::(number_of_executed_units|peak_rss)|SUMMARY' \
		"$dir/$t.log" | tail -n 4
done
exit $rc
