# --- Helpers (templates/prologue.sh) -----------------------------------

vnetc_die() {
  printf 'vnetc: %s\n' "$*" >&2
  exit 1
}

vnetc_step() {
  printf '==> [%s/%s] %s\n' "$1" "$2" "$3" >&2
}

# True if version $1 >= version $2 (dotted numbers).
vnetc_version_ge() {
  [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n 1)" = "$2" ]
}

# True if the zone ids (or names), one per line in $1, include zone $2:
# compared by the last path segment, case-insensitively (DNS names).
vnetc_has_zone() {
  local z want="${2,,}"
  while IFS= read -r z; do
    z="${z##*/}"
    [ "${z,,}" = "$want" ] && return 0
  done <<<"$1"
  return 1
}

# True if the resource ids, one per line in $1, include id $2: compared
# without case, as ARM compares ids.
vnetc_has_id() {
  local l want="${2,,}"
  while IFS= read -r l; do
    [ "${l,,}" = "$want" ] && return 0
  done <<<"$1"
  return 1
}

# The name of the zone link, among the lines "name<TAB>VNet id" of $1
# (az network private-dns link vnet list), that links VNet $2 (compared
# without case, as ARM compares ids): printed, true; none: false. Azure
# allows one link per zone and VNet, whatever its name.
vnetc_link_to() {
  local name id want="${2,,}"
  while IFS=$'\t' read -r name id; do
    [ -n "$name" ] && [ "${id,,}" = "$want" ] && { printf '%s\n' "$name"; return 0; }
  done <<<"$1"
  return 1
}

# True if the lines of $1 (an az --output tsv read) and the words after it
# are the same set: order and case aside. Every value compared so is
# case-insensitive in Azure (SKU names, delegations' service names, enum
# values, true/false) or has no letters but IPv6's hex digits (prefixes).
vnetc_same_set() {
  local have="${1,,}"
  shift
  [ "$(printf '%s\n' "$have" | sort -u)" = "$(printf '%s\n' "${@,,}" | sort -u)" ]
}

# True if $1, the output of "az ... --output tsv; echo ." reading one
# string, is exactly the string $2 (an app setting's value: data, compared
# byte for byte). tsv ends the value with a newline; the . keeps the
# value's own trailing newlines, which $(...) would strip, and tells an
# empty value from a missing one (no line at all).
vnetc_tsv_is() {
  [ "$1" = "$2"$'\n.' ]
}

# True if $2 is one of the lines of $1, byte for byte: a rule or a route
# as its step's list query prints it (vnetc writes the values in the
# spelling Azure answers with).
vnetc_has_line() {
  local l
  while IFS= read -r l; do
    [ "$l" = "$2" ] && return 0
  done <<<"$1"
  return 1
}

# True if a line of $1 begins with $2 (a rule's or route's name) and none
# begins with $3 (its name and key): it is there, and moves.
vnetc_moved() {
  local l seen=
  while IFS= read -r l; do
    case "$l" in
    "$3"*) return 1 ;;
    "$2"*) seen=1 ;;
    esac
  done <<<"$1"
  [ -n "$seen" ]
}

# True if the resource id $1 is $2 or ends with it, without case (ARM
# compares ids so): an NSG, route table or NAT gateway of a subnet.
vnetc_id_is() {
  local have="${1,,}" want="${2,,}"
  [ -n "$have" ] && [[ "$have" == *"$want" ]]
}

# True if the ids in $1 (one a line) name the same set as the names or
# ids after it: each compared by its last segment, without case.
vnetc_same_names() {
  local have="$1" w l
  shift
  local -a want=()
  for w in "$@"; do
    want+=("${w##*/}")
  done
  have="$(while IFS= read -r l; do [ -n "$l" ] && printf '%s\n' "${l##*/}"; done <<<"$have")"
  vnetc_same_set "$have" "${want[@]}"
}

# Says why a step wrote nothing.
vnetc_skip() {
  printf '    skipped: %s\n' "$*" >&2
}

# Every write of this run sets vnetc_changed=1 (the app settings' own
# writes aside): the app settings step writes them again when it is set,
# so that the apps fetch their Key Vault references through what changed.
vnetc_changed=

# Waits until a resource's provisioningState is Succeeded, as the tutorial
# says to ("repeat until the output is Succeeded"), but bounded:
# VNETC_WAIT_TIMEOUT seconds (default 900), polling every 10 s.
vnetc_wait_succeeded() {
  local id="$1" state="" waited=0
  local limit="${VNETC_WAIT_TIMEOUT:-900}"
  while :; do
    state="$(az resource show --ids "$id" --query properties.provisioningState --output tsv)"
    case "$state" in
      Succeeded | "") return 0 ;;
      Failed | Canceled) vnetc_die "$id: provisioning ended in state $state" ;;
    esac
    if [ "$waited" -ge "$limit" ]; then
      vnetc_die "timed out after ${waited}s waiting for $id (state: $state); raise VNETC_WAIT_TIMEOUT or check the Azure portal"
    fi
    sleep 10
    waited=$((waited + 10))
  done
}

# --- Preflight: az present, recent enough, logged in ------------------
command -v az >/dev/null 2>&1 ||
  vnetc_die "the Azure CLI (az) is not installed: see https://learn.microsoft.com/cli/azure/install-azure-cli"
vnetc_az_version="$(az version --query '"azure-cli"' --output tsv 2>/dev/null)" ||
  vnetc_die "'az version' failed: is the Azure CLI working?"
# 'az upgrade' updates only the packages Microsoft builds: the azure-cli
# of the Debian and Ubuntu archives lags behind, and its users need the
# Microsoft apt repository (https://learn.microsoft.com/cli/azure/install-azure-cli-linux?pivots=apt).
vnetc_version_ge "$vnetc_az_version" @MIN_AZ@ ||
  vnetc_die "Azure CLI $vnetc_az_version is too old: this script needs @MIN_AZ@ or later. Run 'az upgrade'; on Debian or Ubuntu, whose own azure-cli package 'az upgrade' cannot update, install Microsoft's package from its apt repository: https://learn.microsoft.com/cli/azure/install-azure-cli-linux?pivots=apt"
# Each subscription this script changes is said (name and id) before its
# first write: az's default one here, the ones it names with --subscription
# in the preflight.
vnetc_account="$(az account show --query '[name, id]' --output tsv 2>/dev/null)" ||
  vnetc_die "not logged in to Azure: run 'az login' (and 'az account set --subscription ...')"
# $vnetc_account is az account show's; tsv prints a list one item a line:
# the name, then the id.
vnetc_say_account() {
  printf 'vnetc: subscription %s (%s)\n' "${vnetc_account%%$'\n'*}" \
    "${vnetc_account#*$'\n'}" >&2
}
@SAY_ACCOUNT@
# The spec's cloud decides the private DNS zone names: a script for one
# cloud run against another would create zones nothing resolves.
vnetc_cloud="$(az cloud show --query name --output tsv 2>/dev/null)" ||
  vnetc_die "'az cloud show' failed: is the Azure CLI working?"
[ "$vnetc_cloud" = @AZ_CLOUD@ ] ||
  vnetc_die "az is set to the cloud '$vnetc_cloud', but this script is for @AZ_CLOUD@ (its private DNS zone names differ): run 'az cloud set --name @AZ_CLOUD@' and 'az login'"
