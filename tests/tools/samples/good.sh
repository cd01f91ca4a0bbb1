#!/usr/bin/env bash
# Sample in the emitter's style: the tutorial's commands in modern form
# (https://learn.microsoft.com/azure/app-service/tutorial-networking-isolate-vnet).
set -euo pipefail

groupName='myKVResourceGroup'
region='westeurope'
vnetName='myVNet'
appName='myapp'
vaultName='mykv123'
csResourceName='mycs123'

az_quiet() { az "$@" --only-show-errors; }
retry() {
  local n=0
  until "$@"; do
    n=$((n + 1))
    if [ "$n" -ge 3 ]; then return 1; fi
    sleep 5
  done
}

az version --output none
az account show --query id -o tsv >/dev/null
if [ "$(az group exists --name "${groupName}")" != 'true' ]; then
  az group create --name "${groupName}" --location "${region}" --output none
fi

if ! az network vnet show -g "${groupName}" -n "${vnetName}" --output none 2>/dev/null; then
  az network vnet create -g "${groupName}" -l "${region}" -n "${vnetName}" \
    --address-prefixes '10.0.0.0/16' --output none
fi

retry az network vnet subnet create -g "${groupName}" --vnet-name "${vnetName}" \
  --name 'vnet-integration-subnet' --address-prefixes '10.0.0.0/24' \
  --delegations 'Microsoft.Web/serverFarms' --private-endpoint-network-policies 'Enabled'
az_quiet network vnet subnet create -g "${groupName}" --vnet-name "${vnetName}" \
  --name 'private-endpoint-subnet' --address-prefixes '10.0.1.0/24' \
  --private-endpoint-network-policies Disabled

for zone in privatelink.cognitiveservices.azure.com privatelink.vaultcore.azure.net; do
  az network private-dns zone show -g "${groupName}" -n "${zone}" -o none 2>/dev/null \
    || az network private-dns zone create -g "${groupName}" -n "${zone}" -o none
done
az network private-dns link vnet create -g "${groupName}" -n 'cognitiveservices-zonelink' \
  -z 'privatelink.cognitiveservices.azure.com' -v "${vnetName}" --registration-enabled False
az network private-dns link vnet create --resource-group "${groupName}" --name 'vaultcore-zonelink' \
  --zone-name 'privatelink.vaultcore.azure.net' --virtual-network "${vnetName}" --registration-enabled=false

csResourceId="$(az cognitiveservices account show -g "${groupName}" -n "${csResourceName}" --query id --output tsv)"
az network private-endpoint create -g "${groupName}" -n 'securecstext-pe' -l "${region}" \
  --connection-name 'securecstext-pc' --private-connection-resource-id "${csResourceId}" \
  --group-id account --vnet-name "${vnetName}" --subnet 'private-endpoint-subnet'
az network private-endpoint dns-zone-group create -g "${groupName}" --endpoint-name 'securecstext-pe' \
  -n 'securecstext-zg' --private-dns-zone 'privatelink.cognitiveservices.azure.com' \
  --zone-name 'privatelink.cognitiveservices.azure.com'
az network private-endpoint dns-zone-group add -g "${groupName}" --endpoint-name 'securecstext-pe' \
  -n 'securecstext-zg' --private-dns-zone 'privatelink.openai.azure.com' --zone-name 'privatelink.openai.azure.com'

az rest --uri "${csResourceId}?api-version=2024-10-01" --method PATCH \
  --body '{"properties":{"publicNetworkAccess":"Disabled"}}' --headers 'Content-Type=application/json'
az resource update --ids "${csResourceId}" --set properties.publicNetworkAccess=Disabled --output none
az resource wait --ids "${csResourceId}" --custom "properties.provisioningState=='Succeeded'" --interval 10

vaultResourceId=$(az keyvault show --name "${vaultName}" --query id -o tsv)
az network private-endpoint create -g "${groupName}" -n 'securekeyvault-pe' -l "${region}" \
  --connection-name 'securekeyvault-pc' --private-connection-resource-id "${vaultResourceId}" \
  --group-id vault --vnet-name "${vnetName}" --subnet 'private-endpoint-subnet'
az keyvault update --name "${vaultName}" --default-action Deny --public-network-access Disabled

az webapp config appsettings set -g "${groupName}" -n "${appName}" \
  --settings CS_ACCOUNT_NAME="@Microsoft.KeyVault(SecretUri=${csResourceKVUri:-x})" \
  CS_ACCOUNT_KEY="@Microsoft.KeyVault(SecretUri=${csKeyKVUri:-x})" >/dev/null
az appservice plan update --name "${appName}" --resource-group "${groupName}" --sku S1
az webapp update -g "${groupName}" -n "${appName}" --https-only
az webapp vnet-integration add -g "${groupName}" -n "${appName}" --vnet "${vnetName}" --subnet 'vnet-integration-subnet'
az webapp config set -g "${groupName}" -n "${appName}" --vnet-route-all-enabled true
echo "done: $(az webapp show -g "${groupName}" -n "${appName}" --query state -o tsv)"
