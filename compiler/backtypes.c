/* backtypes.c - one row per ARM type a back end may have (every type of
 * privatelink.c's tables, and no other): the apiVersion vnetc reads and
 * writes it with, what public_access sets on it, and how (PATCH, or GET,
 * merge and PUT). body.c, emit_az.c, apply.c and spec.c (VN309) read it.
 * Pure data: no I/O, no diagnostics, no JSON.
 *
 * Source of every row: the type's REST spec in Azure/azure-rest-api-specs,
 * the stable folder named in .src, read through Azure/bicep-types-az
 * (generated from those folders, commit 1f896de2, 2026-08-20), whose flags
 * say which properties are read-only and which write-only; the values of
 * .prop are the spelling of that version's enum, or of its description
 * where the model has no enum (Key Vault: 'disabled', 'enabled').
 * docs/azure-notes.md 14 explains the columns and the choices; the dump of
 * every row, reviewed against those sources, is
 * tests/unit/backtypes.golden (tests/unit/backtypes_test.c). */
#include <string.h>

#include "model.h"

#define SPECS "specification/"

/* The firewalls vnetc sets (docs/azure-notes.md, "Back-end firewalls"),
 * each the NetworkRuleSet of the row's apiVersion: bypass's enum; IP
 * rules IPv4 only ("An IPv4 address range in CIDR notation, such as
 * '124.56.78.91' (simple IP address)"; Storage: "Only IPV4 address is
 * allowed", and learn.microsoft.com/azure/storage/common/
 * storage-network-security: "/31 or /32 prefix sizes aren't supported");
 * a Key Vault answers a single address as a /32 (hashicorp/
 * terraform-provider-azurerm issue 2164), so vnetc writes it so; Storage
 * rules carry action Allow. The service endpoints: learn.microsoft.com/
 * azure/virtual-network/virtual-network-service-endpoints-overview.
 * A created account's bypass is None: body.c cog_props. */
static const struct fwtype fw_cognitive = {"AzureServices None",
	.single_bare = true, .endpoint = "Microsoft.CognitiveServices",
	.created = "None"};
/* Cosmos DB (2024-11-15 DatabaseAccountCreateUpdateProperties): its
 * rules are members of properties, networkAclBypass "None" or
 * "AzureServices", ipRules[].ipAddressOrRange "A single IPv4 address or
 * a single IPv4 address range in CIDR format ... cannot be contained in
 * one of the following ranges: 10.0.0.0/8, 100.64.0.0/10,
 * 172.16.0.0/12, 192.168.0.0/16" (its example: "23.40.210.245", bare),
 * virtualNetworkRules[].id, isVirtualNetworkFilterEnabled "to
 * enable/disable Virtual Network ACL rules"; no default action: "By
 * default, an Azure Cosmos DB account is accessible from any source"
 * until a rule is added (learn.microsoft.com/azure/cosmos-db/
 * how-to-configure-vnet-service-endpoint). A created account lets no
 * trusted service through (body.c cosmos_props). */
static const struct fwtype fw_cosmos = {"AzureServices None",
	.single_bare = true, .endpoint = "Microsoft.AzureCosmosDB",
	.bypass_key = "networkAclBypass", .ip_key = "ipAddressOrRange",
	.gate = "isVirtualNetworkFilterEnabled", .created = "None",
	.cgnat = true};

/* A Service Bus or Event Hubs namespace's firewall is its child
 * resource networkRuleSets/default (NetworkRuleSetProperties of
 * 2024-01-01 and 2026-01-01, the official ARM schemas' namespaces_
 * networkRuleSets, named default): defaultAction Allow/Deny,
 * trustedServiceAccessEnabled (the bypass, a boolean), ipRules[]
 * {ipMask, action: Allow}, virtualNetworkRules[] {subnet: {id}}. Its
 * publicNetworkAccess is the namespace's own setting, which the lock
 * writes on the namespace: restating it would undo the lock (.child_omit;
 * docs/azure-notes.md 20). Deny without a rule lets everyone in
 * (learn.microsoft.com/azure/service-bus-messaging/service-bus-ip-
 * filtering). VNet rules: Premium only for Service Bus
 * (service-bus-service-endpoints), any tier but Basic for Event Hubs
 * (event-hubs-service-endpoints), whose namespaces vnetc does not create:
 * the spec knows the SKU of none. */
#define FW_NAMESPACE .single_bare = true, .action = true, \
	.bypass_key = "trustedServiceAccessEnabled", .ip_key = "ipMask", \
	.needs_rule = true, .bypass_bool = true, .subnet_obj = true, \
	.created = "None", .child_name = "default", \
	.child_omit = "publicNetworkAccess"
static const struct fwtype fw_servicebus = {"AzureServices None",
	FW_NAMESPACE, .endpoint = "Microsoft.ServiceBus",
	.vnet_skus = "Premium",
	.child_type = "Microsoft.ServiceBus/namespaces/networkRuleSets",
	.child_api = "2024-01-01"};
static const struct fwtype fw_eventhub = {"AzureServices None",
	FW_NAMESPACE, .endpoint = "Microsoft.EventHub",
	.child_type = "Microsoft.EventHub/namespaces/networkRuleSets",
	.child_api = "2026-01-01"};
static const struct fwtype fw_vault = {"AzureServices None",
	.endpoint = "Microsoft.KeyVault"};
static const struct fwtype fw_storage = {"AzureServices Logging Metrics "
	"None", .bypass_list = true, .single_bare = true, .action = true,
	.endpoint = "Microsoft.Storage"};

/*
 * .prop/.off/.on   what 'disabled' and 'enabled' set under properties
 *                  (a dotted path is an object and its member); NULL:
 *                  the type has none vnetc sets
 * .acl             the object under properties whose defaultAction
 *                  'deny' sets (and 'enabled' opens: Allow); NULL: none
 * .patch           the type's PATCH takes .prop and .acl (the tutorial
 *                  PATCHes Cognitive Services; Key Vault, Storage and
 *                  SQL document theirs); otherwise vnetc reads the
 *                  resource, merges the change into its properties and
 *                  PUTs it back, as the template does (docs/outputs.md)
 * .env             the envelope keys such a PUT restates besides
 *                  location: those of the model that are neither
 *                  read-only nor concurrency tokens (etag)
 * .omit            the members of properties a PUT restated from a GET
 *                  leaves out: create-only ones (x-ms-mutability read,
 *                  create) that the resource provider refuses on an
 *                  update. az resource update cannot leave them out, so
 *                  the script PATCHes such a type (it needs .patch and
 *                  no .acl: a PATCH replaces an object whole)
 * .why             why public_access is refused on the type (VN309)
 *
 * Sorted by type, case-insensitively (backtype_find, the unit test). */
static const struct backtype backtypes[] = {
	{"Microsoft.ApiManagement/service", "2024-05-01",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .env = "tags sku identity",
	    .why = "a PUT of a service carries its zones, which vnetc does not "
	        "restate",
	    .src = SPECS "apimanagement/resource-manager/"
	    "Microsoft.ApiManagement/ApiManagement/stable/2024-05-01"},
	{"Microsoft.App/ManagedEnvironments", "2026-01-01",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .env = "tags kind identity",
	    .why = "properties.appLogsConfiguration."
	        "logAnalyticsConfiguration.sharedKey is write-only: a GET "
	        "does not return it, so a PUT restated from a GET would "
	        "drop it",
	    .src = SPECS "app/resource-manager/"
	    "Microsoft.App/ContainerApps/stable/2026-01-01"},
	{"Microsoft.AppConfiguration/configurationStores", "2024-05-01",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .env = "tags sku identity",
	    .fw_why = "an App Configuration store has no IP or VNet rules "
	        "(its ConfigurationStoreProperties have publicNetworkAccess "
	        "alone): write public_access: disabled and reach it through "
	        "its private endpoints",
	    .src = SPECS "appconfiguration/resource-manager/"
	    "Microsoft.AppConfiguration/AppConfiguration/stable/2024-05-01"},
	{"Microsoft.Attestation/attestationProviders", "2021-06-01",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .env = "tags",
	    .why = "properties.policySigningCertificates is write-only: a GET "
	        "does not return it, so a PUT restated from a GET would "
	        "drop it",
	    .src = SPECS "attestation/resource-manager/"
	    "Microsoft.Attestation/Attestation/stable/2021-06-01"},
	{"Microsoft.Authorization/resourceManagementPrivateLinks", "2020-05-01",
	    .why = "it has no public network access property",
	    .src = SPECS "resources/resource-manager/"
	    "Microsoft.Authorization/privatelinks/stable/2020-05-01"},
	{"Microsoft.Automation/automationAccounts", "2024-10-23",
	    .prop = "publicNetworkAccess", .off = "false", .on = "true",
	    .boolean = true,
	    .env = "tags identity",
	    .src = SPECS "automation/resource-manager/"
	    "Microsoft.Automation/stable/2024-10-23"},
	{"Microsoft.Batch/batchAccounts", "2025-06-01",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .env = "tags identity",
	    .why = "its PUT only creates accounts (BatchAccount_Create: "
	        "\"Existing accounts cannot be updated with this API\")",
	    .src = SPECS "batch/resource-manager/"
	    "Microsoft.Batch/Batch/stable/2025-06-01"},
	{"Microsoft.BotService/botServices", "2022-09-15",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .env = "tags sku kind",
	    .src = SPECS "botservice/resource-manager/"
	    "Microsoft.BotService/BotService/stable/2022-09-15"},
	{"Microsoft.Cache/Redis", "2024-11-01",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .env = "tags identity",
	    .why = "its PUT may recreate the cache (Redis_Create: "
	        "\"overwrite/recreate, with potential downtime\")",
	    .src = SPECS "redis/resource-manager/"
	    "Microsoft.Cache/Redis/stable/2024-11-01"},
	{"Microsoft.Cache/RedisEnterprise", "2025-07-01",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .env = "tags sku identity",
	    .why = "its PUT may recreate the cluster (RedisEnterprise_Create: "
	        "\"overwrite/recreate, with potential downtime\")",
	    .src = SPECS "redisenterprise/resource-manager/"
	    "Microsoft.Cache/RedisEnterprise/stable/2025-07-01"},
	{"Microsoft.CognitiveServices/accounts", "2024-10-01",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .acl = "networkAcls", .fw = &fw_cognitive,
	    .patch = true,
	    .env = "tags sku kind identity",
	    .src = SPECS "cognitiveservices/resource-manager/"
	    "Microsoft.CognitiveServices/stable/2024-10-01"},
	{"Microsoft.Compute/diskAccesses", "2026-03-02",
	    .env = "tags extendedLocation",
	    .why = "it has no public network access property (disks set "
	        "theirs: networkAccessPolicy)",
	    .src = SPECS "compute/resource-manager/"
	    "Microsoft.Compute/Compute/stable/2026-03-02"},
	{"Microsoft.ContainerRegistry/registries", "2025-11-01",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .acl = "networkRuleSet",
	    .env = "tags sku identity",
	    .src = SPECS "containerregistry/resource-manager/"
	    "Microsoft.ContainerRegistry/Registry/stable/2025-11-01"},
	{"Microsoft.ContainerService/managedClusters", "2026-05-01",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .env = "tags sku kind identity extendedLocation",
	    .src = SPECS "containerservice/resource-manager/"
	    "Microsoft.ContainerService/aks/stable/2026-05-01"},
	{"Microsoft.Dashboard/grafana", "2025-08-01",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .env = "tags sku identity",
	    .src = SPECS "dashboard/resource-manager/"
	    "Microsoft.Dashboard/Dashboard/stable/2025-08-01"},
	{"Microsoft.Databricks/workspaces", "2026-01-01",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .env = "tags sku",
	    .src = SPECS "databricks/resource-manager/"
	    "Microsoft.Databricks/Databricks/stable/2026-01-01"},
	{"Microsoft.DataFactory/factories", "2018-06-01",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .env = "tags identity",
	    .src = SPECS "datafactory/resource-manager/"
	    "Microsoft.DataFactory/DataFactory/stable/2018-06-01"},
	{"Microsoft.DBforMariaDB/servers", "2018-06-01",
	    .env = "tags sku",
	    .why = "its model has no publicNetworkAccess property",
	    .src = SPECS "mariadb/resource-manager/"
	    "Microsoft.DBforMariaDB/stable/2018-06-01"},
	{"Microsoft.DBforMySQL/flexibleServers", "2024-12-30",
	    .prop = "network.publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .env = "tags sku identity",
	    .why = "properties.administratorLoginPassword and "
	        "properties.createMode are write-only: a PUT restated from "
	        "a GET is a create request without them",
	    .src = SPECS "mysql/resource-manager/"
	    "Microsoft.DBforMySQL/FlexibleServers/stable/2024-12-30"},
	{"Microsoft.DBforMySQL/servers", "2017-12-01",
	    .env = "tags sku identity",
	    .why = "publicNetworkAccess is only in the create variants of its "
	        "model (ServerPropertiesForCreate)",
	    .src = SPECS "mysql/resource-manager/"
	    "Microsoft.DBforMySQL/legacy/stable/2017-12-01"},
	{"Microsoft.DBforPostgreSQL/flexibleServers", "2025-08-01",
	    .prop = "network.publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .env = "tags sku identity",
	    .why = "properties.administratorLoginPassword and "
	        "properties.createMode are write-only: a PUT restated from "
	        "a GET is a create request without them",
	    .src = SPECS "postgresql/resource-manager/"
	    "Microsoft.DBforPostgreSQL/stable/2025-08-01"},
	{"Microsoft.DBforPostgreSQL/serverGroupsv2", "2022-11-08",
	    .env = "tags",
	    .why = "public access is two booleans "
	        "(coordinatorEnablePublicIpAccess, "
	        "nodeEnablePublicIpAccess), and "
	        "properties.administratorLoginPassword is write-only",
	    .src = SPECS "postgresqlhsc/resource-manager/"
	    "Microsoft.DBforPostgreSQL/PostgresqlHsc/stable/2022-11-08"},
	{"Microsoft.DBforPostgreSQL/servers", "2017-12-01",
	    .env = "tags sku identity",
	    .why = "publicNetworkAccess is only in the create variants of its "
	        "model (ServerPropertiesForCreate)",
	    .src = SPECS "postgresql/resource-manager/"
	    "Microsoft.DBforPostgreSQL/stable/2017-12-01"},
	{"Microsoft.DesktopVirtualization/hostpools", "2025-10-10",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .env = "tags sku kind identity plan managedBy",
	    .src = SPECS "desktopvirtualization/resource-manager/"
	    "Microsoft.DesktopVirtualization/DesktopVirtualization/stable/2025-10-10"},
	{"Microsoft.DesktopVirtualization/workspaces", "2025-10-10",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .env = "tags sku kind identity plan managedBy",
	    .src = SPECS "desktopvirtualization/resource-manager/"
	    "Microsoft.DesktopVirtualization/DesktopVirtualization/stable/2025-10-10"},
	{"Microsoft.Devices/IotHubs", "2023-06-30",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .env = "tags sku identity",
	    .why = "its PUT needs the hub's security metadata, which a GET "
	        "does not return (IotHubResource_CreateOrUpdate: \"retrieve "
	        "the IoT hub metadata and security metadata, and then "
	        "combine them\")",
	    .src = SPECS "iothub/resource-manager/"
	    "Microsoft.Devices/IoTHub/stable/2023-06-30"},
	{"Microsoft.Devices/ProvisioningServices", "2022-12-12",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .env = "tags sku",
	    .src = SPECS "deviceprovisioningservices/resource-manager/"
	    "Microsoft.Devices/DeviceProvisioningServices/stable/2022-12-12"},
	{"Microsoft.DeviceUpdate/accounts", "2023-07-01",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .env = "tags identity",
	    .src = SPECS "deviceupdate/resource-manager/"
	    "Microsoft.DeviceUpdate/stable/2023-07-01"},
	{"Microsoft.DigitalTwins/digitalTwinsInstances", "2023-01-31",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .env = "tags identity",
	    .src = SPECS "digitaltwins/resource-manager/"
	    "Microsoft.DigitalTwins/DigitalTwins/stable/2023-01-31"},
	{"Microsoft.DocumentDB/databaseAccounts", "2024-11-15",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .acl = "", .fw = &fw_cosmos,
	    .env = "tags kind identity",
	    .src = SPECS "cosmos-db/resource-manager/"
	    "Microsoft.DocumentDB/DocumentDB/stable/2024-11-15"},
	{"Microsoft.DocumentDB/mongoClusters", "2026-06-01",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .env = "tags identity",
	    .why = "properties.administrator.password is write-only: a GET "
	        "does not return it, so a PUT restated from a GET would "
	        "drop it",
	    .src = SPECS "mongocluster/resource-manager/"
	    "Microsoft.DocumentDB/MongoCluster/stable/2026-06-01"},
	{"Microsoft.ElasticSan/elasticSans", "2025-09-01",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .env = "tags",
	    .src = SPECS "elasticsan/resource-manager/"
	    "Microsoft.ElasticSan/ElasticSan/stable/2025-09-01"},
	{"Microsoft.EventGrid/domains", "2025-02-15",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .env = "tags identity",
	    .src = SPECS "eventgrid/resource-manager/"
	    "Microsoft.EventGrid/EventGrid/stable/2025-02-15"},
	{"Microsoft.EventGrid/namespaces", "2025-02-15",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .env = "tags sku identity",
	    .src = SPECS "eventgrid/resource-manager/"
	    "Microsoft.EventGrid/EventGrid/stable/2025-02-15"},
	{"Microsoft.EventGrid/partnerNamespaces", "2025-02-15",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .env = "tags",
	    .src = SPECS "eventgrid/resource-manager/"
	    "Microsoft.EventGrid/EventGrid/stable/2025-02-15"},
	{"Microsoft.EventGrid/topics", "2025-02-15",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .env = "tags identity",
	    .src = SPECS "eventgrid/resource-manager/"
	    "Microsoft.EventGrid/EventGrid/stable/2025-02-15"},
	{"Microsoft.EventHub/namespaces", "2026-01-01",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .env = "tags sku identity",
	    .fw = &fw_eventhub,
	    .src = SPECS "eventhub/resource-manager/"
	    "Microsoft.EventHub/Eventhub/stable/2026-01-01"},
	{"Microsoft.Fabric/privateLinkServicesForFabric", NULL,
	    .why = "azure-rest-api-specs has no stable apiVersion for it"},
	{"Microsoft.FileShares/fileShares", "2026-06-01",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .env = "tags",
	    .src = SPECS "fileshares/resource-manager/"
	    "Microsoft.FileShares/FileShares/stable/2026-06-01"},
	{"Microsoft.HDInsight/clusters", "2021-06-01",
	    .env = "tags identity",
	    .why = "its public access (networkProperties) is set when the "
	        "cluster is created",
	    .src = SPECS "hdinsight/resource-manager/"
	    "Microsoft.HDInsight/HDInsight/stable/2021-06-01"},
	{"Microsoft.HealthcareApis/workspaces", "2024-03-31",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .env = "tags",
	    .src = SPECS "healthcareapis/resource-manager/"
	    "Microsoft.HealthcareApis/HealthcareApis/stable/2024-03-31"},
	{"Microsoft.HybridCompute/privateLinkScopes", "2025-06-01",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .env = "tags",
	    .src = SPECS "hybridcompute/resource-manager/"
	    "Microsoft.HybridCompute/HybridCompute/stable/2025-06-01"},
	{"Microsoft.Insights/privateLinkScopes", "2021-09-01",
	    .env = "tags",
	    .why = "a scope has access modes (accessModeSettings), not public "
	        "network access",
	    .src = SPECS "monitor/resource-manager/"
	    "Microsoft.Insights/Insights/stable/2021-09-01"},
	{"Microsoft.IoTCentral/IoTApps", "2021-06-01",
	    .env = "tags sku identity",
	    .why = "its stable model has no public network access property",
	    .src = SPECS "iotcentral/resource-manager/"
	    "Microsoft.IoTCentral/IoTCentral/stable/2021-06-01"},
	{"Microsoft.KeyVault/managedHSMs", "2026-02-01",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .acl = "networkAcls",
	    .env = "tags sku identity",
	    .src = SPECS "keyvault/resource-manager/"
	    "Microsoft.KeyVault/KeyVault/stable/2026-02-01"},
	{"Microsoft.KeyVault/vaults", "2023-07-01",
	    .prop = "publicNetworkAccess", .off = "disabled", .on = "enabled",
	    .acl = "networkAcls", .fw = &fw_vault,
	    .patch = true,
	    .env = "tags",
	    .src = SPECS "keyvault/resource-manager/"
	    "Microsoft.KeyVault/KeyVault/stable/2023-07-01"},
	{"Microsoft.Kusto/Clusters", "2025-02-14",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .env = "tags sku identity",
	    .why = "a PUT of a cluster carries its zones, which vnetc does not "
	        "restate",
	    .src = SPECS "azure-kusto/resource-manager/"
	    "Microsoft.Kusto/Kusto/stable/2025-02-14"},
	{"Microsoft.MachineLearningServices/registries", "2026-05-01",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .env = "tags sku kind identity",
	    .src = SPECS "machinelearningservices/resource-manager/"
	    "Microsoft.MachineLearningServices/stable/2026-05-01"},
	{"Microsoft.MachineLearningServices/workspaces", "2026-05-01",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .env = "tags sku kind identity",
	    .src = SPECS "machinelearningservices/resource-manager/"
	    "Microsoft.MachineLearningServices/stable/2026-05-01"},
	{"Microsoft.Maps/accounts", "2023-06-01",
	    .env = "tags sku kind identity",
	    .why = "its stable model has no public network access property",
	    .src = SPECS "maps/resource-manager/"
	    "Microsoft.Maps/Maps/stable/2023-06-01"},
	{"Microsoft.Media/mediaservices", NULL,
	    .why = "azure-rest-api-specs has no stable apiVersion for it"},
	{"Microsoft.Migrate/assessmentProjects", "2024-01-15",
	    .prop = "publicNetworkAccess", .off = "disabled", .on = "enabled",
	    .env = "tags",
	    .src = SPECS "migrate/resource-manager/"
	    "Microsoft.Migrate/AssessmentProjects/stable/2024-01-15"},
	{"Microsoft.Migrate/migrateProjects", "2023-01-01",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .src = SPECS "migrate/resource-manager/"
	    "Microsoft.Migrate/MigrateProjects/stable/2023-01-01"},
	{"Microsoft.Monitor/accounts", "2025-10-03",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .env = "tags identity",
	    .src = SPECS "monitoringservice/resource-manager/"
	    "Microsoft.Monitor/Accounts/stable/2025-10-03"},
	{"Microsoft.PowerBI/privateLinkServicesForPowerBI", "2020-06-01",
	    .why = "it has no public network access property (Power BI sets it "
	        "per tenant)",
	    .src = SPECS "powerbiprivatelinks/resource-manager/"
	    "Microsoft.PowerBI/PowerBIPrivateLinks/stable/2020-06-01"},
	{"Microsoft.Purview/accounts", "2021-12-01",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .env = "tags identity",
	    .src = SPECS "purview/resource-manager/"
	    "Microsoft.Purview/Purview/stable/2021-12-01"},
	{"Microsoft.RecoveryServices/vaults", "2026-05-01",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .env = "tags sku identity",
	    .src = SPECS "recoveryservices/resource-manager/"
	    "Microsoft.RecoveryServices/RecoveryServices/stable/2026-05-01"},
	{"Microsoft.Relay/namespaces", "2024-01-01",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .env = "tags sku",
	    .src = SPECS "relay/resource-manager/"
	    "Microsoft.Relay/Relay/stable/2024-01-01"},
	{"Microsoft.Search/searchServices", "2025-05-01",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .env = "tags sku identity",
	    .src = SPECS "search/resource-manager/"
	    "Microsoft.Search/Search/stable/2025-05-01"},
	{"Microsoft.ServiceBus/namespaces", "2024-01-01",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .env = "tags sku identity",
	    .fw = &fw_servicebus,
	    .src = SPECS "servicebus/resource-manager/"
	    "Microsoft.ServiceBus/ServiceBus/stable/2024-01-01"},
	{"Microsoft.SignalRService/SignalR", "2024-03-01",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .env = "tags sku kind identity",
	    .src = SPECS "signalr/resource-manager/"
	    "Microsoft.SignalRService/SignalRService/stable/2024-03-01"},
	{"Microsoft.SignalRService/WebPubSub", "2024-03-01",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .env = "tags sku kind identity",
	    .src = SPECS "webpubsub/resource-manager/"
	    "Microsoft.SignalRService/SignalRService/stable/2024-03-01"},
	{"Microsoft.Sql/managedInstances", "2025-01-01",
	    .env = "tags sku identity",
	    .why = "its public endpoint is publicDataEndpointEnabled, and "
	        "properties.administratorLoginPassword is write-only: a PUT "
	        "restated from a GET would drop it",
	    .src = SPECS "sql/resource-manager/"
	    "Microsoft.Sql/SQL/stable/2025-01-01"},
	/* Servers_Update (PATCH, model ServerUpdate) takes
	 * publicNetworkAccess. A PUT must not restate administrators ("This
	 * can only be used at server create time. If used for server
	 * update, it will be ignored or it will result in an error"; a
	 * server with Microsoft Entra-only authentication answers
	 * AadOnlyAuthenticationIsEnabled, Azure/bicep#6858) nor
	 * administratorLogin ("Once created it cannot be changed"): both
	 * are read, create only. */
	{"Microsoft.Sql/servers", "2023-08-01",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .patch = true,
	    .env = "tags identity",
	    .omit = "administrators administratorLogin",
	    .src = SPECS "sql/resource-manager/"
	    "Microsoft.Sql/SQL/stable/2023-08-01"},
	{"Microsoft.Storage/storageAccounts", "2023-05-01",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .acl = "networkAcls", .fw = &fw_storage,
	    .patch = true,
	    .env = "tags sku kind identity extendedLocation",
	    .src = SPECS "storage/resource-manager/"
	    "Microsoft.Storage/stable/2023-05-01"},
	{"Microsoft.StorageSync/storageSyncServices", "2022-09-01",
	    .prop = "incomingTrafficPolicy",
	    .off = "AllowVirtualNetworksOnly", .on = "AllowAllTraffic",
	    .env = "tags identity",
	    .src = SPECS "storagesync/resource-manager/"
	    "Microsoft.StorageSync/StorageSync/stable/2022-09-01"},
	{"Microsoft.Synapse/privateLinkHubs", "2021-06-01",
	    .env = "tags",
	    .why = "it has no public network access property",
	    .src = SPECS "synapse/resource-manager/"
	    "Microsoft.Synapse/stable/2021-06-01"},
	{"Microsoft.Synapse/workspaces", "2021-06-01",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .env = "tags identity",
	    .why = "properties.azureADOnlyAuthentication is write-only: a GET "
	        "does not return it, so a PUT restated from a GET would "
	        "drop it",
	    .src = SPECS "synapse/resource-manager/"
	    "Microsoft.Synapse/stable/2021-06-01"},
	{"Microsoft.VideoIndexer/accounts", "2025-04-01",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .env = "tags identity",
	    .src = SPECS "vi/resource-manager/"
	    "Microsoft.VideoIndexer/stable/2025-04-01"},
	/* A GET of a site returns its siteConfig only in part
	 * (properties.siteConfig.metadata is write-only): a restatement
	 * leaves it out, and the executor and the script PATCH the site
	 * (Sites_Update, SitePatchResource), as they do an app's HTTPS
	 * and integration. An app's public_access: (spec.c) is this row's. */
	{"Microsoft.Web/sites", NULL,
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .patch = true,
	    .env = "tags kind identity extendedLocation",
	    .omit = "siteConfig",
	    .src = SPECS "web/resource-manager/"
	    "Microsoft.Web/AppService/stable/2024-04-01"},
	{"Microsoft.Web/staticSites", "2024-04-01",
	    .prop = "publicNetworkAccess", .off = "Disabled", .on = "Enabled",
	    .env = "tags sku kind identity",
	    .src = SPECS "web/resource-manager/"
	    "Microsoft.Web/AppService/stable/2024-04-01"},
};

const char *
fw_bypass_key(const struct fwtype *ft)
{
	return ft && ft->bypass_key ? ft->bypass_key : "bypass";
}

const char *
fw_ip_key(const struct fwtype *ft)
{
	return ft && ft->ip_key ? ft->ip_key : "value";
}

const struct backtype *
backtype_find(const char *type)
{
	if (!type)
		return NULL;
	for (size_t i = 0; i < NELEM(backtypes); i++)
		if (streqi(backtypes[i].type, type))
			return &backtypes[i];
	return NULL;
}

const char *
backtype_nearest(const char *type)
{
	const char *best = NULL;
	int bd = 255;

	if (!type || backtype_find(type))
		return NULL;
	for (enum cloud c = CLOUD_PUBLIC; c <= CLOUD_CHINA; c++)
		if (privatelink_type_known(c, type))
			return NULL;
	for (size_t i = 0; i < NELEM(backtypes); i++) {
		int d = edit_distance(type, backtypes[i].type);
		if (d < bd)
			bd = d, best = backtypes[i].type;
	}
	for (enum cloud c = CLOUD_PUBLIC; c <= CLOUD_CHINA; c++)
		for (size_t i = 0; i < privatelink_nrows(c); i++) {
			const char *t = privatelink_row(c, i)->type;
			int d = edit_distance(type, t);
			if (d < bd)
				bd = d, best = t;
		}
	return near_miss(type, bd) ? best : NULL;
}

size_t
backtype_count(void)
{
	return NELEM(backtypes);
}

const struct backtype *
backtype_at(size_t i)
{
	return i < NELEM(backtypes) ? &backtypes[i] : NULL;
}

const char *
backtype_api(const struct backtype *bt)
{
	const struct restype *rt;

	if (!bt)
		return NULL;
	if (bt->api)
		return bt->api;
	/* One source: a type that is also an app has restypes.c's row. */
	rt = restype_by_type(bt->type);
	return rt ? rt->api : NULL;
}

bool
backtype_supports(const struct backtype *bt, enum access a)
{
	if (a == ACCESS_KEEP)
		return true;
	if (!bt || bt->why || !backtype_api(bt))
		return false;
	/* deny: a default action, in the back end's ACL or its firewall's
	 * child resource */
	return a == ACCESS_DENY ? bt->acl != NULL || (bt->fw &&
	    bt->fw->child_type) : bt->prop != NULL;
}
