#!/usr/bin/env bash
# Planted mistakes for the selftest; one per command.
set -euo pipefail
rg='rg1'
az network vnet subnet create -g "${rg}" --vnet-name 'vnet1' --name 'pe' \
  --address-prefixes '10.0.1.0/24' --disable-private-endpoint-network-policiess true
az network vnett show -g "${rg}" -n 'vnet1'
az network vnet subnet update -g "${rg}" --vnet-name 'vnet1' -n 'pe' \
  --private-endpoint-network-policies 'Disable'
x="$(az network private-endpoint create -g "${rg}" -n 'pe1' --vnet-name 'vnet1' --subnet 'pe' \
  --private-connection-resource-id "${id:-x}" --group-id vault)"
az keyvault update --name 'kv1' --default-action Deny --output jsn
az network vnet peering sync -g "${rg}" --vnet-name 'vnet1' -n 'p1' --no-wait
az cloud show --name AzureCloud --subscription 'sub1'
