# shellcheck shell=sh
# team_spoke TEAM N HUBSUB: a team's spec (rg-team-TEAM, VNet
# vnet-spoke-TEAM, 10.10N.0.0/24) whose spoke, keyed "spoke" like every
# team's, peers with the platform's hub (existing, in subscription
# HUBSUB); tests/script.sh and tests/apply.sh give two teams one hub.
team_spoke() {
	cat <<EOF
vnetc: 1
resource_group: rg-team-$1
location: swedencentral
vnets:
  hub:
    existing: /subscriptions/$3/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub
    address_space: 10.100.0.0/22
  spoke:
    name: vnet-spoke-$1
    address_space: 10.10$2.0.0/24
    peerings: [hub]
    subnets: { app: { prefix: 10.10$2.0.0/26 } }
EOF
}
