#!/usr/bin/env bash
# Self-test of the CI gate tools: each good sample must pass, each bad sample must fail with
# the expected message.  Prints "N passed, N failed, N skipped"; exits 1 on any failure.
# The validate_arm.py checks are skipped without ARM_SCHEMAS (tests/refs.sh).
set -u
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
samples="${here}/samples"
py=/usr/bin/python3            # Debian's python with python3-jsonschema, not a pyenv one
passed=0
failed=0
ko() { failed=$((failed + 1)); printf 'FAIL %s\n' "$*"; }
# shellcheck source=tests/refs.sh
. "${here}/../refs.sh"

# expect_ok LABEL COMMAND... : exit 0 and an "ok:" line
expect_ok() {
  local label="$1" out rc
  shift
  out="$("$@" 2>&1)"
  rc=$?
  if [ "${rc}" -eq 0 ] && printf '%s\n' "${out}" | grep -q '^ok: '; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    printf 'FAIL %s (exit %s):\n%s\n' "${label}" "${rc}" "${out}"
  fi
}

# expect_fail LABEL EXPECTED-TEXT COMMAND... : exit 1 and a line containing EXPECTED-TEXT
expect_fail() {
  local label="$1" want="$2" out rc
  shift 2
  out="$("$@" 2>&1)"
  rc=$?
  if [ "${rc}" -eq 1 ] && printf '%s\n' "${out}" | grep -qF -- "${want}"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    printf 'FAIL %s (exit %s, wanted %s):\n%s\n' "${label}" "${rc}" "${want}" "${out}"
  fi
}

arm="${here}/validate_arm.py"
az="${here}/azcheck.py"

# no schemas, no default path: exit 2 with the reason, whatever lies beside the repository
for dir in '' /nonexistent; do
  out="$(ARM_SCHEMAS="${dir}" "${py}" "${arm}" "${samples}/arm_good.json" 2>&1)"
  rc=$?
  if [ "${rc}" -eq 2 ] && printf '%s\n' "${out}" | grep -q 'ARM_SCHEMAS'; then
    passed=$((passed + 1))
  else
    ko "arm without ARM_SCHEMAS='${dir}' (exit ${rc}, wanted 2):" "${out}"
  fi
done

# validate_arm.py needs the official ARM schemas (tests/refs.sh: ARM_SCHEMAS)
if have_arm_schemas 'validate_arm.py on samples/ (19 checks)'; then
  expect_ok 'arm good template + parameters' "${py}" "${arm}" "${samples}/arm_good.json" "${samples}/arm_good.parameters.json"
  expect_fail 'arm misspelled property' \
    'resources[0] (Microsoft.Web/sites 2024-04-01): /properties/httpsOnlyy: additional property not allowed' \
    "${py}" "${arm}" "${samples}/arm_bad_typo.json"
  expect_fail 'arm wrong enum value' \
    "/properties/subnets/0/properties/privateEndpointNetworkPolicies: 'Disable' is not one of" \
    "${py}" "${arm}" "${samples}/arm_bad_enum.json"
  expect_fail 'arm missing required properties' "/: missing required property 'properties'" \
    "${py}" "${arm}" "${samples}/arm_bad_required.json"
  expect_fail 'arm dangling dependsOn' \
    "/dependsOn/1: [resourceId('Microsoft.Network/virtualNetworks', 'vnet1')] is not a resource declared in this template" \
    "${py}" "${arm}" "${samples}/arm_bad_depends.json"
  expect_fail 'arm undeclared parameter' "parameters('vaultNme') is not declared in the template" \
    "${py}" "${arm}" "${samples}/arm_bad_param.json"
  expect_fail 'arm unparsable expression' "invalid ARM expression [managed by vnetc]" \
    "${py}" "${arm}" "${samples}/arm_bad_expr.json"
  expect_fail 'arm parameters file: undeclared parameter' '/parameters/appNmae: not declared in the template' \
    "${py}" "${arm}" "${samples}/arm_good.json" "${samples}/arm_bad.parameters.json"
  expect_fail 'arm parameters file: missing parameter' \
    '/parameters/appName: template parameter has no defaultValue and is not given' \
    "${py}" "${arm}" "${samples}/arm_good.json" "${samples}/arm_bad.parameters.json"
  expect_ok 'arm main template + linked and nested deployments' "${py}" "${arm}" "${samples}/arm_split.json"
  expect_fail 'arm deployment passes an undeclared parameter' \
    '/properties/parameters/vnetNmae: not declared by the deployed template' \
    "${py}" "${arm}" "${samples}/arm_bad_split.json"
  expect_fail 'arm deployment misses a parameter without default' \
    '/properties/parameters: vnetname has no default and is not passed' \
    "${py}" "${arm}" "${samples}/arm_bad_split.json"
  expect_fail 'arm linked template missing' 'arm_split.2.json: cannot read JSON' \
    "${py}" "${arm}" "${samples}/arm_bad_split.json"
  expect_fail 'arm nested template checked too' '/propertiess: additional property not allowed' \
    "${py}" "${arm}" "${samples}/arm_bad_split.json"
  # a deployment against the official Microsoft.Resources schema: its enum's spelling, a
  # misspelled key; its target scope by its own rules
  expect_fail 'arm deployment: the schema spells Inner' \
    "/properties/expressionEvaluationOptions/scope: 'inner' is not one of" \
    "${py}" "${arm}" "${samples}/arm_bad_scope.json"
  expect_fail 'arm deployment: a key the schema lacks' \
    '/resourceGroups: additional property not allowed' \
    "${py}" "${arm}" "${samples}/arm_bad_scope.json"
  expect_fail 'arm deployment: subscriptionId not a subscription id' \
    "/subscriptionId: 'not-a-subscription' is not a subscription id or an expression" \
    "${py}" "${arm}" "${samples}/arm_bad_scope.json"
  expect_fail 'arm resources that wait for each other' \
    'resources[0]: its dependsOn come back to it: resources[0] -> resources[1] -> resources[0]' \
    "${py}" "${arm}" "${samples}/arm_bad_cycle.json"
  expect_fail 'arm deployment: resourceGroup not a group name' \
    "/resourceGroup: 'rg/with/slashes' is not a resource group name or an expression" \
    "${py}" "${arm}" "${samples}/arm_bad_scope.json"
fi

expect_ok 'az good script' "${py}" "${az}" "${samples}/good.sh"
expect_fail 'az typo in a flag' \
  'bad.sh:5: az network vnet subnet create: unknown option --disable-private-endpoint-network-policiess' \
  "${py}" "${az}" "${samples}/bad.sh"
expect_fail 'az unknown command' 'bad.sh:7: az network vnett show: unknown command' "${py}" "${az}" "${samples}/bad.sh"
expect_fail 'az bad enum value' \
  "bad.sh:8: az network vnet subnet update: invalid value 'Disable' for --private-endpoint-network-policies" \
  "${py}" "${az}" "${samples}/bad.sh"
expect_fail 'az missing required option' \
  'bad.sh:10: az network private-endpoint create: missing required option --connection-name' \
  "${py}" "${az}" "${samples}/bad.sh"
expect_fail 'az bad global enum value' "bad.sh:12: az keyvault update: invalid value 'jsn' for --output" \
  "${py}" "${az}" "${samples}/bad.sh"

# peering sync is a custom command without --no-wait (azure-cli network/commands.py)
expect_fail 'az option the command does not take' \
  'bad.sh:13: az network vnet peering sync: unknown option --no-wait' \
  "${py}" "${az}" "${samples}/bad.sh"

# the cloud commands ignore the global --subscription (azure-cli cloud/__init__.py)
expect_fail 'az global option a command refuses' \
  'bad.sh:14: az cloud show: unknown option --subscription' \
  "${py}" "${az}" "${samples}/bad.sh"

echo "${passed} passed, ${failed} failed, ${skipped} skipped"
[ "${failed}" -eq 0 ]
