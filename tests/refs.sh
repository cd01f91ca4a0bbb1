# tests/refs.sh - the reference files some tests need and the repository
# does not hold, found only through the environment (no default path):
#   ARM_SCHEMAS   the official ARM JSON schemas: the schemas/ directory of
#                 github.com/Azure/azure-resource-manager-schemas, or a
#                 copy of its files laid out the same way
#   SARIF_SCHEMA  the SARIF 2.1.0 schema, sarif-schema-2.1.0.json (OASIS)
# Without them a test is skipped, not passed. A skip is one line on stdout,
# "skipped: TEST: WHY (set VAR=...)"; tests/run relays and counts those
# lines, and a test that sources this file ends with "N passed, N failed,
# N skipped". VNETC_NO_SKIP=1 (.ci/run sets it) makes a skip a failure,
# through the caller's ko.
# shellcheck shell=sh
skipped=${skipped:-0}

# have_ref TEST VAR FILE WHAT: true if FILE (under $VAR) exists; else TEST
# is skipped, or fails with VNETC_NO_SKIP=1, and VAR=WHAT would run it.
have_ref() {
	if [ -z "$(printenv "$2")" ]; then
		why="$2 is not set"
	elif [ ! -f "$3" ]; then
		why="$3 not found"
	else
		return 0
	fi
	skip "$1" "$why" "set $2=$4"
	return 1
}

# skip TEST WHY [HINT]: TEST cannot run here ("skipped: TEST: WHY (HINT)");
# a failure with VNETC_NO_SKIP=1.
skip() {
	if [ "${VNETC_NO_SKIP:-}" = 1 ]; then
		ko "$1: $2 (${3:+$3; }VNETC_NO_SKIP=1 allows no skip)"
	else
		skipped=$((skipped + 1))
		echo "skipped: $1: $2${3:+ ($3)}"
	fi
}

have_arm_schemas() { # TEST
	have_ref "$1" ARM_SCHEMAS "${ARM_SCHEMAS:-}/2019-04-01/deploymentTemplate.json" \
		"DIR, the schemas/ of github.com/Azure/azure-resource-manager-schemas"
}

have_sarif_schema() { # TEST
	have_ref "$1" SARIF_SCHEMA "${SARIF_SCHEMA:-}" \
		"FILE, OASIS's sarif-schema-2.1.0.json"
}
